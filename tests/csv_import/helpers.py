"""Uploading, confirming and exporting through the admin, as a person would."""

import codecs
import csv
import io
from contextlib import contextmanager
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse


class ImportSteps:
    """For a TestCase with ``self.url`` set to an import page."""

    def upload(self, content: str | bytes, name="data.csv"):
        if isinstance(content, str):
            content = content.encode()
        return self.client.post(self.url, {"file": SimpleUploadedFile(name, content, "text/csv")})

    def confirm(self):
        return self.client.post(self.url, {"confirm": "1"})

    def import_file(self, content: str | bytes):
        self.upload(content)
        return self.confirm()

    def errors(self, response) -> set[tuple[int, str]]:
        return {(error.row, error.column) for error in response.context["plan"].errors}

    def reasons(self, response) -> list[str]:
        return [error.reason for error in response.context["plan"].errors]

    def actions(self, response) -> list[str]:
        return [row.action for row in response.context["plan"].planned]

    def export(self, url_name: str) -> bytes:
        return b"".join(self.client.get(reverse(url_name)).streaming_content)


def excel_file(text: str) -> bytes:
    """What an editor leaves of an export re-saved as "ANSI": Windows-1252
    text, the UTF-8 byte-order mark still in front."""
    return codecs.BOM_UTF8 + text.encode("cp1252")


@contextmanager
def second_save_fails(model):
    """The second row written is refused by the database, as when another
    user saved a clashing record between preview and confirm."""
    original = model.save
    calls = []

    def save(instance, *args, **kwargs):
        calls.append(instance)
        if len(calls) == 2:
            raise IntegrityError("clash")
        return original(instance, *args, **kwargs)

    with mock.patch.object(model, "save", save):
        yield


def without_record_ids(exported: bytes) -> bytes:
    """The export with its "ID" and "versi" columns deleted, as for records
    moving to another register, where those ids mean nothing."""
    rows = list(csv.reader(io.StringIO(exported.decode("utf-8-sig"), newline=""), delimiter=";"))
    dropped = {index for index, header in enumerate(rows[0]) if header in ("ID", "versi")}
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";")
    for row in rows:
        writer.writerow([cell for index, cell in enumerate(row) if index not in dropped])
    return out.getvalue().encode("utf-8-sig")
