"""Any file and any cell: the import reads it or refuses it with a reason,
never fails with an error of its own, and a preview writes nothing."""

import csv
import io

from django.contrib.auth import get_user_model
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from coop_lib.importing import KINDS, Summary
from coop_lib.spreadsheets import SheetError, read_sheet
from meetings.models import Meeting
from tests import factories

HEADINGS = ["judul", "tanggal", "waktu", "tempat", "perangkat daerah pemilik", "mitra", "ringkasan"]
# Text as cells hold it: any character a file can carry but the NUL a binary
# file has (refused whole).
CELL = st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=40)
# What people put in a date, time or name column, besides anything at all.
LIKELY = st.sampled_from(
    ["", "2022-02-03", "3 Februari 2022", "31/02/2022", "25:61", "DLHK", "=SUM(A1)", "Kota"]
)
ROWS = st.lists(st.lists(st.one_of(LIKELY, CELL), min_size=0, max_size=9), min_size=1, max_size=6)


def read_all(content: bytes) -> list:
    sheet = read_sheet(io.BytesIO(content))
    return [sheet.headings, *sheet.rows]


@settings(max_examples=150, deadline=None)
# Random bytes, and random bytes after the signature of a workbook (a zip).
@given(st.one_of(st.binary(max_size=3000), st.binary(max_size=3000).map(lambda tail: b"PK\x03\x04" + tail)))
def test_any_bytes_are_read_or_refused_with_a_reason(content):
    try:
        read_all(content)
    except SheetError as refusal:
        assert str(refusal).strip()


@settings(max_examples=100, deadline=None)
@given(ROWS, st.sampled_from([";", ","]), st.sampled_from(["utf-8-sig", "utf-8", "cp1252"]))
def test_any_cells_in_any_encoding_and_separator_are_read_or_refused(rows, separator, encoding):
    text = io.StringIO(newline="")
    csv.writer(text, delimiter=separator).writerows([HEADINGS, *rows])
    try:
        content = text.getvalue().encode(encoding)
    except UnicodeEncodeError:
        content = text.getvalue().encode("utf-8")
    try:
        read_all(content)
    except SheetError as refusal:
        assert str(refusal).strip()


class AnyCellsPreviewTests(TestCase):
    """The preview's own steps (the job runs them) over any cells."""

    @classmethod
    def setUpTestData(cls):
        factories.make_department(acronym="DLHK")
        factories.make_partner(name="Kota Hamamatsu")
        cls.user = get_user_model().objects.create_superuser("hypothesis", password="x")

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(ROWS)
    def test_any_cells_give_a_plan_or_errors_by_row_and_write_nothing(self, rows):
        before = Meeting.objects.count()
        text = io.StringIO(newline="")
        csv.writer(text, delimiter=";").writerows([HEADINGS, *rows])
        sheet = read_sheet(io.BytesIO(text.getvalue().encode()))
        kind = KINDS["meetings.meeting"](self.user)
        summary = Summary()
        for forms_, planned in kind.batches(sheet, kind.guess_mapping(sheet.headings)):
            summary.add(forms_, planned, kind)
        result = summary.as_result()
        # A row of blank cells is no row, as in a spreadsheet.
        self.assertEqual(result["rows"], sum(1 for row in rows if any(cell.strip() for cell in row)))
        self.assertTrue(all(error["row"] >= 2 and error["reason"] for error in result["errors"]))
        self.assertEqual(Meeting.objects.count(), before)
