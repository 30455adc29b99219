"""Exports too large to stream within a request run as background jobs.

Below ``EXPORT_IN_REQUEST_MAX_ROWS`` rows a download streams from the
request as before; above it the request queues a job and answers with the
job's progress page. The job rebuilds the same rows from the same address
(filters, search, date drill-down) as the same user, and stores exactly the
response the request would have streamed, to be downloaded from the page.
"""

import functools
import tempfile

from django.conf import settings
from django.db import models
from django.http import HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.translation import gettext
from django_tasks.base import Task

from coop_lib.csv_spec import CsvSpec
from coop_lib.jobs import RunningJob, enqueue
from coop_lib.xlsx_export import XLSX, workbook_name, write_workbook

# What the job's page shows once the file is written.
EXPORT_RESULT_TEMPLATE = "jobs/export_result.html"


def too_large_for_request(rows: models.QuerySet) -> bool:
    """More rows than a request should stream (counted no further than that)."""
    limit = settings.EXPORT_IN_REQUEST_MAX_ROWS
    return rows.order_by().values("pk")[: limit + 1].count() > limit


def start_export(
    export_task: Task, *, request, title: str, params: dict, return_url: str
) -> HttpResponseRedirect:
    """Queues the export for the request's user and sends them to its page."""
    job = enqueue(export_task, user=request.user, title=title, params=params, return_url=return_url)
    return redirect(job)


def write_workbook_export(job: RunningJob, rows: models.QuerySet, *, spec: CsvSpec, **workbook) -> None:
    """Writes the workbook of ``rows`` (``xlsx_export.write_workbook``'s
    arguments) as the job's file."""
    total = rows.count()
    job.progress(0, total=total, message=gettext("Writing the workbook."))
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as file:
        queryset = spec.prepare(rows, job.user) if spec.prepare else rows
        written = write_workbook(file.name, queryset=queryset, spec=spec, **workbook)
        job.save_file(
            workbook_name(spec), iter(functools.partial(file.read, 1 << 20), b""), content_type=XLSX
        )
    job.progress(written, total=written)
    job.result["rows"] = written


def write_export(job: RunningJob, response: HttpResponseBase, rows: models.QuerySet) -> None:
    """Stores the download ``response`` of ``rows`` as the job's file."""
    total = rows.count()
    job.progress(0, total=total, message=gettext("Writing the CSV file."))
    job.save_response(response, total=total)
    job.result["rows"] = total
