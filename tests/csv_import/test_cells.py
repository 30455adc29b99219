"""Dates and times as spreadsheets write them."""

import datetime

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase

from coop_lib.import_fields import parse_date, parse_time


class TimeCellTests(SimpleTestCase):
    def test_it_reads_times_in_every_way_spreadsheets_write_them(self):
        for written, meant in [
            ("09:30", datetime.time(9, 30)),
            ("9.30", datetime.time(9, 30)),
            ("09:30:00", datetime.time(9, 30)),
            ("10:00:15", datetime.time(10, 0, 15)),
            ("02:00:00 PM", datetime.time(14, 0)),
            ("12:15 AM", datetime.time(0, 15)),
            ("12:15 PM", datetime.time(12, 15)),
        ]:
            with self.subTest(written=written):
                self.assertEqual(parse_time(written), meant)

    def test_it_refuses_what_is_not_a_time_rather_than_guess(self):
        for written in ("25:00", "13:00 PM", "0930", "09:30 pagi", "09:61"):
            with self.subTest(written=written), self.assertRaisesMessage(ValidationError, "bukan jam"):
                parse_time(written)


class DateCellTests(SimpleTestCase):
    def test_it_reads_iso_slashed_and_indonesian_dates(self):
        for written in ("2022-02-03", "03/02/2022", "3 Februari 2022", "3 Feb 2022", "03.02.2022"):
            with self.subTest(written=written):
                self.assertEqual(parse_date(written), datetime.date(2022, 2, 3))

    def test_an_impossible_date_is_refused_in_indonesian(self):
        with self.assertRaisesMessage(ValidationError, "bukan tanggal"):
            parse_date("31/02/2022")
