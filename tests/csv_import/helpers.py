"""Importing through the admin as a person would: upload, check the columns,
preview, confirm. The tests run jobs at once, so each step's page shows the
job's outcome."""

import codecs
import csv
import io
from contextlib import contextmanager
from dataclasses import dataclass
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse

from coop_lib.models import Job

WORKBOOK = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Preview:
    """The preview job of an upload, or the page that refused the file."""

    response: object
    job: Job | None = None

    @property
    def result(self) -> dict:
        return self.job.result if self.job else {}

    @property
    def errors(self) -> set[tuple[int, str]]:
        return {(error["row"], error["column"]) for error in self.result.get("errors", [])}

    @property
    def reasons(self) -> list[str]:
        return [error["reason"] for error in self.result.get("errors", [])]

    @property
    def actions(self) -> list[str]:
        return [row["action"] for row in self.result.get("planned", [])]


def upload(client: Client, url: str, content: str | bytes, name: str = "data.csv"):
    """The first step: the page of column choices (or the upload page with the refusal)."""
    if isinstance(content, str):
        content = content.encode()
    kind = WORKBOOK if name.endswith(".xlsx") else "text/csv"
    return client.post(url, {"file": SimpleUploadedFile(name, content, kind)})


def choose_columns(client: Client, url: str, columns_page, changes: dict[int, str] | None = None) -> Preview:
    """Send the column choices as the page proposes them (with ``changes``:
    column index -> field): the preview job runs."""
    if columns_page.status_code != 200 or "upload" not in columns_page.context:
        return Preview(columns_page)
    data = {"action": "preview", "upload": columns_page.context["upload"]}
    for column in columns_page.context["mapping"]:
        data[f"column-{column['index']}"] = column["chosen"]
    for index, name in (changes or {}).items():
        data[f"column-{index}"] = name
    response = client.post(url, data)
    if response.status_code != 302:
        return Preview(response)
    return Preview(response, Job.objects.get(pk=response.url.strip("/").split("/")[-1]))


def preview(client: Client, url: str, content: str | bytes, name: str = "data.csv") -> Preview:
    return choose_columns(client, url, upload(client, url, content, name))


def accept_suggestions(client: Client, url: str, earlier: Preview, *numbers: int) -> Preview:
    response = client.post(
        url, {"action": "repreview", "preview": str(earlier.job.pk), "accept": [str(n) for n in numbers]}
    )
    return Preview(response, Job.objects.get(pk=response.url.strip("/").split("/")[-1]))


def confirm(client: Client, url: str, earlier: Preview) -> Job | None:
    if earlier.job is None:
        return None
    response = client.post(url, {"action": "confirm", "preview": str(earlier.job.pk)})
    if response.status_code != 302:
        return None
    return Job.objects.get(pk=response.url.strip("/").split("/")[-1])


def import_file(client: Client, url: str, content: str | bytes, name: str = "data.csv") -> Job | None:
    """Upload, take the proposed columns, preview and confirm."""
    return confirm(client, url, preview(client, url, content, name))


class ImportSteps:
    """For a TestCase with ``self.url`` set to an import page.

    ``upload`` takes a file through to its preview and returns the page the
    user then sees (the preview job's, or the page refusing the file), with
    the preview at ``.preview``; ``confirm`` confirms the last preview and
    returns the confirm job's page, with the job at ``.job``."""

    last: Preview | None = None

    def preview(self, content: str | bytes, name: str = "data.csv") -> Preview:
        self.last = preview(self.client, self.url, content, name)
        return self.last

    def upload(self, content: str | bytes, name: str = "data.csv"):
        previewed = self.preview(content, name)
        page = self.client.get(previewed.job.get_absolute_url()) if previewed.job else previewed.response
        page.preview = previewed
        return page

    def confirm(self, earlier: Preview | None = None):
        earlier = earlier or self.last
        job = confirm(self.client, self.url, earlier) if earlier else None
        if job is None:
            return None
        job.refresh_from_db()
        page = self.client.get(job.get_absolute_url())
        page.job = job
        return page

    def import_file(self, content: str | bytes, name: str = "data.csv"):
        self.upload(content, name)
        return self.confirm()

    def errors(self, page) -> set[tuple[int, str]]:
        return page.preview.errors

    def reasons(self, page) -> list[str]:
        return page.preview.reasons

    def actions(self, page) -> list[str]:
        return page.preview.actions

    def export(self, url_name: str) -> bytes:
        return b"".join(self.client.get(reverse(url_name)).streaming_content)


@contextmanager
def writing_fails():
    """The database refuses the import's writes once the rows are in (as
    when another user's save clashes): the job must leave nothing behind."""

    def refuse(*args, **kwargs):
        raise IntegrityError("clash")

    with mock.patch("coop_lib.writes.record_history", refuse):
        yield


def excel_file(text: str) -> bytes:
    """What an editor leaves of an export re-saved as "ANSI": Windows-1252
    text, the UTF-8 byte-order mark still in front."""
    return codecs.BOM_UTF8 + text.encode("cp1252")


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
