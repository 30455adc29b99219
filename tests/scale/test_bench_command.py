"""The benchmark command times every page of the register and marks each
target, against the stock admin where there is one."""

import json
from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from zeal import zeal_ignore

from bandung_coop.demo import load_demo_data


class BenchCommandTests(TestCase):
    def setUp(self):
        load_demo_data()

    def run_bench(self, **options) -> str:
        output = StringIO()
        # The stock admin loads partners row by row, as typical projects do.
        with zeal_ignore():
            call_command("bench", here=True, repetitions=1, stdout=output, stderr=StringIO(), **options)
        return output.getvalue()

    def test_it_times_every_list_page_and_record_against_the_stock_admin(self):
        table = self.run_bench(skip_export=True)
        for label in (
            "admin pertemuan ",
            "admin pertemuan, deep page",
            "admin meetings, filtered by OPD",
            "admin mitra, deep page",
            "dashboard",
            "partner page, quietest partner",
            "partner page, busiest partner",
            "briefing",
            "report of a year",
            "meeting list, a year",
            "follow up list, overdue",
        ):
            self.assertIn(label, table)
        # Timings are the command's business, not the tests': the shape is
        # checked: queries, two sizes, growth, the stock admin, the speed-up.
        self.assertRegex(table, r"admin pertemuan\s+\d+\s+[\d.]+\s+[\d.]+\s+[\d.]+x\s+[\d.]+\s+[\d.]+x")
        self.assertRegex(table, r"\n(All targets met\.|\d+ targets MISSED\.)")

    def test_every_page_answers_and_the_json_says_so(self):
        figures = json.loads(self.run_bench(as_json=True, skip_stock=True, skip_export=True))
        self.assertGreater(len(figures["pages"]), 50)
        failing = {label: page["status"] for label, page in figures["pages"].items() if page["status"] != 200}
        self.assertEqual(failing, {})
