"""The benchmark command runs and reports every page with the baseline."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from zeal import zeal_ignore

from bandung_coop.demo import load_demo_data


class BenchCommandTests(TestCase):
    def test_it_prints_the_changelist_against_the_baseline(self):
        load_demo_data()
        output = StringIO()
        # The baseline admin loads partners row by row, as typical projects do.
        with zeal_ignore():
            call_command("bench", repetitions=1, stdout=output, stderr=StringIO())
        table = output.getvalue()
        for label in ("changelist", "filtered by OPD", "search"):
            self.assertIn(label, table)
        # Timings are the command's business, not the tests': only the shape is checked.
        self.assertRegex(table, r"changelist\s+[\d.]+\s+\d+\s+[\d.]+\s+\d+\s+[\d.]+x")
