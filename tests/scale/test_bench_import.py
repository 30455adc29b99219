"""The sheet the import benchmark times is one the import takes whole: every
row a new meeting, none refused."""

import datetime
import tempfile
from pathlib import Path

from django.test import TestCase
from django.urls import reverse

from bandung_coop.management.commands.bench_import import write_sheet
from tests import factories
from tests.access.fixtures import AccessFixture
from tests.csv_import.helpers import ImportSteps


class BenchSheetTests(ImportSteps, TestCase):
    def test_every_row_of_the_benchmark_sheet_is_a_new_meeting(self):
        fixture = AccessFixture()
        partners = [factories.make_partner(name=name).name for name in ("Kota Hamamatsu", "Kota Kawasaki")]
        self.url = reverse("admin:meetings_meeting_import")
        self.client.force_login(fixture.cooperation_admin)
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "rapat.csv"
            write_sheet(path, 30, ["DLHK", "Dishub"], partners, datetime.date(2019, 6, 30))
            previewed = self.preview(path.read_bytes())
        self.assertEqual(previewed.result["error_count"], 0, previewed.result.get("errors"))
        self.assertEqual(previewed.result["created"], 30)
