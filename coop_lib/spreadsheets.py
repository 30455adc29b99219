"""Reading the sheets people really keep: CSV as Excel saves it (UTF-8 with
or without a byte-order mark, or Windows-1252; ``;`` or ``,``) and workbooks
(``.xlsx``), one row at a time, so a file of a hundred thousand rows is read
in the memory of one.

A sheet is its headings and its rows; a CSV row's cells are text, a
workbook's are what the cell holds (text, a number, a date, a time), and
the import's fields read either (``coop_lib.import_fields``).
"""

import codecs
import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook

# How much of a CSV file is read to tell its separator.
SAMPLE_BYTES = 64 * 1024
WORKBOOK_SIGNATURE = b"PK\x03\x04"
Cell = str | int | float | datetime.date | datetime.time | None


class SheetError(ValueError):
    """The file as a whole cannot be read; the message says why, in the user's language."""


@dataclass
class Sheet:
    headings: list[str]
    # Each row's number as a spreadsheet shows it (the headings are row 1)
    # and its cells, in the order of the headings.
    rows: Iterator[tuple[int, list[Cell]]]
    kind: str  # "csv" or "xlsx"
    # About how many rows there are (lines of a CSV file), for a progress bar.
    total: int | None = None


def max_bytes() -> int:
    return settings.IMPORT_MAX_MEGABYTES * 1024 * 1024


def read_sheet(file: IO[bytes]) -> Sheet:
    """The headings and rows of an uploaded CSV file or workbook."""
    size = file.seek(0, io.SEEK_END)
    file.seek(0)
    if size > max_bytes():
        raise SheetError(
            _("The file is larger than %(megabytes)d MB; split it into smaller files.")
            % {"megabytes": settings.IMPORT_MAX_MEGABYTES}
        )
    if size == 0:
        raise SheetError(_("The file is empty."))
    start = file.read(len(WORKBOOK_SIGNATURE))
    file.seek(0)
    if start == WORKBOOK_SIGNATURE:
        return _workbook(file)
    return _csv(file)


def _workbook(file: IO[bytes]) -> Sheet:
    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise SheetError(_("The file cannot be read as an Excel workbook (.xlsx); save it again.")) from error
    # The sheet the workbook opens at, as it was saved (an export opens at
    # its data, after a first sheet describing it).
    sheet = book.active or book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    try:
        first = next(rows)
    except StopIteration as empty:
        raise SheetError(_("The sheet the workbook opens at is empty.")) from empty
    headings = [_heading(value) for value in first]
    while headings and not headings[-1]:
        headings.pop()

    def numbered() -> Iterator[tuple[int, list[Cell]]]:
        for number, values in enumerate(rows, start=2):
            cells = [_workbook_cell(value) for value in values[: len(headings)]]
            if any(cell not in (None, "") for cell in cells):
                yield number, cells + [None] * (len(headings) - len(cells))
        book.close()

    total = sheet.max_row - 1 if sheet.max_row else None
    return Sheet(headings, numbered(), "xlsx", total)


def _workbook_cell(value: Any) -> Cell:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "1" if value else "0"
    return value


def _heading(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


def _csv(file: IO[bytes]) -> Sheet:
    encoding, lines = _encoding(file)
    text = io.TextIOWrapper(file, encoding=encoding, newline="")
    sample = text.read(SAMPLE_BYTES)
    if "\0" in sample:
        # A NUL means a binary file (a workbook in another format, say).
        raise SheetError(_("The file is not text in UTF-8 or Windows-1252; save it as CSV or as .xlsx."))
    text.seek(0)
    first_line = sample.splitlines()[0] if sample else ""
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(text, delimiter=delimiter)
    try:
        headings = [_heading(name) for name in next(reader)]
        if headings:
            # An editor that re-saved a UTF-8 export as Windows-1252 may have kept its byte-order mark.
            headings[0] = headings[0].removeprefix("\ufeff").removeprefix("ï»¿")
    except StopIteration as empty:
        raise SheetError(_("The file is empty.")) from empty
    except csv.Error as error:
        raise SheetError(_cannot_read(1)) from error

    def numbered() -> Iterator[tuple[int, list[Cell]]]:
        number = 1
        try:
            for row in reader:
                number += 1
                if "\0" in "".join(row):
                    raise SheetError(
                        _(
                            "Line %(line)d holds a character a text file cannot have; "
                            "save the file as CSV again."
                        )
                        % {"line": reader.line_num}
                    )
                if any(cell.strip() for cell in row):
                    cells: list[Cell] = [cell.strip() for cell in row[: len(headings)]]
                    yield number, cells + [""] * (len(headings) - len(cells))
        except csv.Error as error:
            # csv's own reason is in English and technical: the line is what helps.
            raise SheetError(_cannot_read(reader.line_num)) from error

    return Sheet(headings, numbered(), "csv", max(lines - 1, 0))


def _cannot_read(line: int) -> str:
    return _("Line %(line)d cannot be read as CSV: check its quotation marks, or split a very long cell.") % {
        "line": line
    }


def _encoding(file: IO[bytes]) -> tuple[str, int]:
    """UTF-8 (a byte-order mark skipped) if the whole file decodes as it,
    else Windows-1252 as Excel on Windows saves "CSV"; read in pieces. With
    the number of its lines."""
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        file.seek(0)
        lines = 0
        try:
            while chunk := file.read(1024 * 1024):
                decoder.decode(chunk)
                lines += chunk.count(b"\n")
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        file.seek(0)
        return encoding, lines
    raise SheetError(_("The file is not text in UTF-8 or Windows-1252; save it as CSV or as .xlsx."))
