"""Exports as Excel workbooks (.xlsx): the CSV export's rows and cells
(``csv_cells``, formula text neutralised the same way and written as text),
with dates, times and numbers as Excel values, the header row frozen,
columns as wide as their text, a link to each record, and a first sheet
saying what was exported, when, by whom and with which filters.

Written with XlsxWriter in its constant-memory mode, a chunk of rows at a
time, into a temporary file: memory does not grow with the rows.
"""

import datetime
import decimal
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import xlsxwriter
from django.db import models
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from coop_lib.csv_cells import cell_expressions, cell_kinds
from coop_lib.csv_export import chunks
from coop_lib.csv_spec import CsvSpec, cell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel keeps at most this many links on a sheet; later rows get the address as text.
MAX_LINKS = 65_530
# Characters a column is widened to at most.
MAX_WIDTH = 60
DATE_FORMAT = "dd/mm/yyyy"
TIME_FORMAT = "hh:mm"


@dataclass
class About:
    """What the first sheet says of the export."""

    title: str
    user: str
    # (what, how) pairs: a filter and its value, the search text.
    filters: list[tuple[str, str]] = field(default_factory=list)


def _value(text: str, kind: str):
    """A cell's text as the Excel value of its kind (text stays text)."""
    if text == "" or kind == "text":
        return text
    try:
        if kind == "date":
            return datetime.date.fromisoformat(text)
        if kind == "time":
            return datetime.time.fromisoformat(text)
        return int(text) if text.lstrip("-").isdigit() else float(text)
    except ValueError:
        return text


def write_workbook(
    path: str,
    *,
    queryset: models.QuerySet,
    spec: CsvSpec,
    about: About,
    link: Callable[[object], str] | None = None,
) -> int:
    """Writes the workbook of ``queryset`` to ``path``; returns the rows written.
    ``link(pk)`` gives the address of a record's page."""
    headers = [str(column.header) for column in spec.columns]
    cells = cell_expressions(queryset, spec)
    kinds = cell_kinds(queryset, spec)
    options = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    with xlsxwriter.Workbook(path, options) as book:
        bold = book.add_format({"bold": True})
        formats = _Formats(book)
        _write_about(book.add_worksheet(_("Info")), about, bold)
        sheet = book.add_worksheet(_("Data"))
        sheet.activate()  # opens here; an import reads this sheet
        widths = [len(header) for header in headers] + [len(_("Link"))]
        for column, header in enumerate([*headers, _("Link")] if link else headers):
            sheet.write_string(0, column, header, bold)
        sheet.freeze_panes(1, 0)
        written = 0
        for pk, texts in _rows(queryset, cells):
            written += 1
            for column, (text, kind) in enumerate(zip(texts, kinds, strict=True)):
                length = formats.write(sheet, written, column, _value(text or "", kind))
                widths[column] = max(widths[column], length)
            if link:
                address = link(pk)
                if written <= MAX_LINKS:
                    sheet.write_url(written, len(headers), address, string=address)
                else:
                    sheet.write_string(written, len(headers), address)
                widths[-1] = max(widths[-1], min(len(address), MAX_WIDTH))
        for column, width in enumerate(widths if link else widths[:-1]):
            sheet.set_column(column, column, width + 2)
        sheet.autofilter(0, 0, max(written, 1), len(widths if link else headers) - 1)
    return written


class _Formats:
    """A workbook's cell formats, and the writing of one value with its own."""

    def __init__(self, book):
        self.date = book.add_format({"num_format": DATE_FORMAT})
        self.time = book.add_format({"num_format": TIME_FORMAT})

    def write(self, sheet, row: int, column: int, value) -> int:
        """Writes ``value`` (a date, a time, a number or text, never a
        formula) and returns the width its text wants (0 for the others)."""
        if isinstance(value, datetime.date):
            sheet.write_datetime(row, column, value, self.date)
        elif isinstance(value, datetime.time):
            sheet.write_datetime(row, column, value, self.time)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            sheet.write_number(row, column, value)
        else:
            sheet.write_string(row, column, value)
            return min(len(value), MAX_WIDTH)
        return 0


def report_workbook_response(lines: Iterable[Sequence], *, title: str, filename: str) -> FileResponse:
    """A report's lines as a workbook of one sheet named ``title``: dates
    and numbers as Excel values, anything else as the CSV's text
    (``csv_spec.cell``, formulas neutralised), the first line in bold."""
    file = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115  # closed with the response
    options = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    with xlsxwriter.Workbook(file.name, options) as book:
        formats = _Formats(book)
        bold = book.add_format({"bold": True})
        sheet = book.add_worksheet(title[:31])  # Excel's longest sheet name
        widths: dict[int, int] = {}
        for row, line in enumerate(lines):
            for column, value in enumerate(line):
                if value is None:
                    continue
                value = _report_value(value)
                if row == 0 and isinstance(value, str):
                    sheet.write_string(row, column, value, bold)
                    length = min(len(value), MAX_WIDTH)
                else:
                    length = formats.write(sheet, row, column, value)
                widths[column] = max(widths.get(column, 0), length)
        for column, width in widths.items():
            sheet.set_column(column, column, max(width, 10) + 2)
    file.seek(0)
    return FileResponse(file, as_attachment=True, filename=filename, content_type=XLSX)


def _report_value(value):
    """A report's value as its workbook keeps it: dates, times and numbers
    as Excel values (a moment on the city's clock), the rest as the CSV's text."""
    if isinstance(value, bool):
        return cell(value)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value, timezone.get_default_timezone()).replace(tzinfo=None)
    if isinstance(value, datetime.date | datetime.time | int | float):
        return value
    if isinstance(value, decimal.Decimal):
        return float(value)
    return cell(value)


def _write_about(sheet, about: About, bold) -> None:
    lines = [
        (_("Export"), about.title),
        (_("Made at"), timezone.localtime().strftime("%d/%m/%Y %H:%M WIB")),
        (_("By"), about.user),
        *about.filters,
    ]
    if not about.filters:
        lines.append((_("Filters"), _("none: every row the user may see")))
    for row, (what, how) in enumerate(lines):
        sheet.write_string(row, 0, str(what), bold)
        sheet.write_string(row, 1, str(how))
    sheet.set_column(0, 0, max(len(str(what)) for what, _how in lines) + 2)
    sheet.set_column(1, 1, min(max(len(str(how)) for _what, how in lines) + 2, MAX_WIDTH))


def _rows(queryset: models.QuerySet, cells) -> Iterator[tuple[object, tuple]]:
    for rows in chunks(queryset):
        for pk, *texts in rows.annotate(**cells).values_list("pk", *cells).order_by("pk"):
            yield pk, tuple(texts)


def workbook_response(
    *,
    queryset: models.QuerySet,
    spec: CsvSpec,
    request,
    about: About,
    link: Callable[[object], str] | None = None,
) -> FileResponse:
    """The workbook of exactly ``queryset``'s rows, with the spec's row rules for this user."""
    if spec.prepare:
        queryset = spec.prepare(queryset, request.user)
    # Removed when the response, which outlives this function, closes it.
    file = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115
    write_workbook(file.name, queryset=queryset, spec=spec, about=about, link=link)
    file.seek(0)
    return FileResponse(file, as_attachment=True, filename=workbook_name(spec), content_type=XLSX)


def workbook_name(spec: CsvSpec) -> str:
    return f"{spec.stem}-{timezone.localdate():%Y-%m-%d}.xlsx"
