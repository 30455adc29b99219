"""Background jobs: work a user starts that runs on a worker, not in the request.

The queue is django-tasks with its database backend (``TASKS`` in the
settings; ``manage.py db_worker`` runs the jobs, on as many machines as
wanted). This module adds what a person needs around a task: a ``Job`` row
with who started it, its progress, and its result (a file to download and/or
a JSON summary) or the reason it failed, in the user's language; the page and
status address of ``coop_lib.job_views`` show it to its owner only.

Writing a job::

    from coop_lib.jobs import JobFailed, RunningJob, job_task

    @job_task(result_template="jobs/export_result.html")
    def export_meetings(job: RunningJob, *, query: str) -> None:
        request = job.request("/pertemuan/", query)  # a GET as the user made it
        rows = ...                                   # the user's rows, from that request
        job.progress(0, total=rows.count(), message=gettext("Writing the file"))
        job.save_file("rapat.csv", chunks_of_bytes, content_type="text/csv; charset=utf-8")
        job.result["rows"] = rows.count()            # the JSON summary
        if something_is_wrong:
            raise JobFailed(gettext("Why, in words for the user."))

Starting it, from a view::

    job = enqueue(export_meetings, user=request.user, title=gettext("CSV export: meetings"),
                  params={"query": request.GET.urlencode()}, return_url=request.get_full_path())
    return redirect(job)  # the progress page; it shows the result when done

How it runs (``job_task``):

- ``params`` are the function's keyword arguments (JSON), read back by the
  worker; an upload goes in ``input_file=`` and the job reads
  ``job.input_file`` (stored in ``STORAGES["jobs"]``, shared by the workers).
- The function runs in the language of the request that started it, as its
  user (``job.user``; ``job.request()`` builds a GET request for code that
  reads one, such as an admin changelist or a FilterSet).
- ``job.progress(done, total, message)`` may be called for every row: it
  writes at most once a second. Inside a transaction the job opened, the
  progress goes through a second connection (``DATABASES["job_progress"]``)
  so the page sees it before the commit; on SQLite, which has one writer,
  it shows when the transaction ends.
- A job is run once: a second delivery of the same job finds it taken.
  Re-running a failed job (``rerun``) starts a new job with the same
  parameters, so a job must be safe to run again after a failure.
- ``raise JobFailed(reason)`` ends it failed with that reason for the user;
  any other exception ends it failed with a general reason, and the
  traceback goes to the log only. Either way the file it saved is deleted
  and its summary dropped. ``job_task(atomic=True)`` runs the function in one
  transaction, so that a failure also leaves the database as it was; a job
  that sends mail (the reminders) commits each piece itself instead.

An import as two jobs, preview then confirm::

    @job_task(result_template="admin/csv_import_preview.html")
    def preview_import(job, *, model: str) -> None:
        text = decode(job.input_file.read())
        ...  # plan the rows, job.progress(...) per row
        job.result.update(plan_summary)                     # rows, actions, errors
        job.save_file("preview.json", json_bytes, content_type="application/json")

    @job_task(atomic=True)
    def confirm_import(job, *, preview: str) -> None:
        preview_job = Job.objects.get(pk=preview, user=job.user, status=Job.Status.DONE)
        ...  # read preview_job.input_file again, write every row, job.progress(...) per row

    preview = enqueue(preview_import, user=request.user, title=..., params={"model": "meetings.meeting"},
                      input_file=request.FILES["file"])
    # the preview's result template shows the plan and a form that posts
    # to a view which calls enqueue(confirm_import, ..., params={"preview": str(preview.pk)})

The code moves to Django 6's ``django.tasks`` by changing the import of
``task`` below; the database backend (django-tasks-db) serves both.
"""

import datetime
import functools
import logging
import os
import posixpath
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext, suppress
from dataclasses import dataclass
from email.message import Message
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files import File
from django.db import DatabaseError, connections, transaction
from django.http import HttpRequest, QueryDict
from django.http.response import HttpResponseBase
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy
from django_tasks import task, task_backends
from django_tasks.base import Task
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from coop_lib.models import Job, job_file_path, job_storage

logger = logging.getLogger(__name__)

# Progress is written at most this often (seconds), however often reported.
PROGRESS_INTERVAL = 1.0
# The connection that reports progress from inside a job's transaction.
PROGRESS_DATABASE = "job_progress"
GENERAL_FAILURE = gettext_lazy(
    "The job stopped because of an error in the application; what it had not finished was not kept. "
    "Try again; if it fails again, tell the cooperation division (Admin Kerja Sama)."
)
INTERRUPTED = gettext_lazy(
    "The job stopped because the process running it ended (for example, a server restart); what it "
    "had not finished was not kept. Run it again."
)
ACCOUNT_INACTIVE = gettext_lazy("Your account is no longer active, so the job was not run.")


class JobFailed(Exception):
    """Ends a job as failed; the message is shown to the user as the reason."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = str(reason)


@dataclass(frozen=True)
class JobKind:
    # Shown on the job's page once done, with ``job`` and ``result`` in its context.
    result_template: str = ""
    atomic: bool = False


_KINDS: dict[str, JobKind] = {}


def job_task(*, result_template: str = "", atomic: bool = False, **task_options: Any) -> Callable:
    """Makes ``function(job: RunningJob, **params)`` a django-tasks task run
    as a job (see the module's description). ``task_options`` go to
    django-tasks' ``task()`` (``priority``, ``queue_name``)."""

    def decorate(function: Callable[..., None]) -> Task:
        @functools.wraps(function)
        def run(job_id: str) -> None:
            _run(job_id, function, atomic=atomic)

        job = task(**task_options)(run)
        _KINDS[job.module_path] = JobKind(result_template=result_template, atomic=atomic)
        return job

    return decorate


def kind_of(job: Job) -> JobKind:
    """What the job's task declared; a plain kind when its code is gone."""
    if job.task not in _KINDS:
        with suppress(ImportError):
            import_string(job.task)  # importing the task's module registers it
    return _KINDS.get(job.task, JobKind())


class RunningJob:
    """What a job's function works with: its user, parameters and input,
    progress, the file it writes and the summary it leaves (``result``)."""

    def __init__(self, job: Job, *, in_transaction_at_start: bool):
        self.job = job
        self.result: dict[str, Any] = {}
        self._done = 0
        self._total: int | None = None
        self._message = ""
        self._written_at = float("-inf")
        self._file = ""
        self._file_name = ""
        self._content_type = ""
        # A job already inside a transaction (the test runner's, or a request's
        # with the immediate backend) writes its progress on that connection.
        self._in_transaction_at_start = in_transaction_at_start

    @property
    def user(self):
        return self.job.user if self.job.user is not None else AnonymousUser()

    @property
    def input_file(self):
        return self.job.input_file

    def request(self, path: str, query: str = "", **attributes: Any) -> HttpRequest:
        """A GET request of ``path?query`` by the job's user, for code that
        reads a request; ``attributes`` are set on it (``csv_delimiter=";"``)."""
        site = urlsplit(getattr(settings, "SITE_URL", "") or "http://localhost")
        request = HttpRequest()
        request.method = "GET"
        request.path = request.path_info = path
        request.GET = QueryDict(query)
        request.META = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": site.hostname or "localhost",
            "SERVER_PORT": str(site.port or (443 if site.scheme == "https" else 80)),
        }
        request.user = self.user
        request.LANGUAGE_CODE = self.job.language
        for name, value in attributes.items():
            setattr(request, name, value)
        return request

    # Progress

    def progress(self, done: int, total: int | None = None, message: str = "") -> None:
        """How far the job got: cheap to call per row, written at most once a second."""
        # A new total is written at once: the page can show a bar from then on.
        new_total = total is not None and max(0, total) != self._total
        if total is not None:
            self._total = max(0, total)
        # Counts that are estimates (lines of a file) must not pass the total.
        self._done = max(0, done) if self._total is None else min(max(0, done), self._total)
        if message:
            self._message = str(message)[:200]
        if new_total or time.monotonic() - self._written_at >= PROGRESS_INTERVAL:
            self._write_progress()

    def _write_progress(self) -> None:
        alias = self._progress_database()
        if alias is None:
            return  # kept, and written once the transaction has ended
        Job.objects.using(alias).filter(pk=self.job.pk).update(
            done=self._done, total=self._total, message=self._message, updated_at=timezone.now()
        )
        self._written_at = time.monotonic()

    def _progress_database(self) -> str | None:
        if self._in_transaction_at_start or transaction.get_autocommit():
            return "default"
        # The job's own transaction would hide the progress until it commits.
        if connections["default"].vendor == "postgresql" and PROGRESS_DATABASE in settings.DATABASES:
            return PROGRESS_DATABASE
        return None

    # Output

    def save_file(
        self,
        name: str,
        content: bytes | Iterable[bytes],
        *,
        content_type: str = "application/octet-stream",
    ) -> None:
        """Stores the job's file, offered to its owner as ``name`` once the job
        is done. ``content`` may be an iterator of chunks: it is streamed."""
        chunks = [content] if isinstance(content, bytes) else content
        with tempfile.TemporaryFile() as buffer:
            for chunk in chunks:
                buffer.write(chunk)
            buffer.seek(0)
            stored = job_storage().save(job_file_path(self.job, get_valid_filename(name)), File(buffer))
        if self._file and self._file != stored:
            job_storage().delete(self._file)
        self._file, self._file_name, self._content_type = stored, name, content_type

    def save_response(self, response: HttpResponseBase, *, total: int | None = None) -> None:
        """Stores the body of a download response (a CSV export, say) as the
        job's file, under the name and type the response gives it. Progress
        counts its lines against ``total`` rows (the first line is a header)."""
        self.progress(0, total=total)
        lines = 0

        def chunks() -> Iterator[bytes]:
            nonlocal lines
            body = response.streaming_content if response.streaming else [response.content]  # type: ignore[attr-defined]
            for chunk in body:
                lines += chunk.count(b"\n")
                self.progress(lines - 1)
                yield chunk

        # Not response.close(): that ends a request, and Django then closes the
        # database connection of a transaction in progress.
        self.save_file(
            attachment_name(response) or "download",
            chunks(),
            content_type=response.get("Content-Type", "application/octet-stream"),
        )

    # The end

    def _finish(self) -> None:
        done = self._total if self._total is not None else self._done
        Job.objects.filter(pk=self.job.pk).update(
            status=Job.Status.DONE,
            done=done,
            total=self._total,
            message=self._message,
            result=self.result,
            file=self._file,
            file_name=self._file_name,
            content_type=self._content_type,
            updated_at=timezone.now(),
            finished_at=timezone.now(),
        )

    def _fail(self, reason: str) -> None:
        delete_job_files(self.job)
        Job.objects.filter(pk=self.job.pk).update(
            status=Job.Status.FAILED,
            error=reason,
            result={},
            file="",
            file_name="",
            content_type="",
            updated_at=timezone.now(),
            finished_at=timezone.now(),
        )


def attachment_name(response: HttpResponseBase) -> str:
    """The file name a download response gives in its Content-Disposition."""
    header = Message()
    header["Content-Disposition"] = response.get("Content-Disposition", "")
    return header.get_filename() or ""


def _run(job_id: str, function: Callable[..., None], *, atomic: bool) -> None:
    now = timezone.now()
    # Taken by one worker only: a job delivered twice, or already run, is left alone.
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=now, updated_at=now
    )
    if not claimed:
        logger.warning("Job %s is not waiting (already run, or deleted): not run again.", job_id)
        return
    job = Job.objects.select_related("user").get(pk=job_id)
    running = RunningJob(job, in_transaction_at_start=not transaction.get_autocommit())
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            if job.user is not None and not job.user.is_active:
                raise JobFailed(str(ACCOUNT_INACTIVE))
            with transaction.atomic() if atomic else nullcontext():
                function(running, **job.params)
        except JobFailed as failure:
            logger.info("Job %s (%s) failed: %s", job.pk, job.task, failure.reason)
            running._fail(failure.reason)
            return
        except Exception:
            logger.exception("Job %s (%s) failed", job.pk, job.task)
            running._fail(str(GENERAL_FAILURE))
            raise  # the queue records the task as failed too, with its traceback
        except BaseException:
            # The worker was stopped in the middle (a second Ctrl-C, SIGKILL aside).
            running._fail(str(INTERRUPTED))
            raise
        running._finish()


def enqueue(
    job_task: Task,
    *,
    user,
    title: str,
    params: dict[str, Any] | None = None,
    return_url: str = "",
    input_file: File | None = None,
) -> Job:
    """Queues ``job_task`` (made with ``job_task``) for ``user`` (None for a
    job the system starts) and returns its ``Job``; its page is
    ``job.get_absolute_url()``. Runs in the current language."""
    if job_task.module_path not in _KINDS:
        raise ValueError(f"{job_task.module_path} is not a job: decorate it with coop_lib.jobs.job_task.")
    with transaction.atomic():
        job = Job.objects.create(
            task=job_task.module_path,
            title=str(title)[:200],
            user=user if user is not None and user.is_authenticated else None,
            language=translation.get_language() or settings.LANGUAGE_CODE,
            params=params or {},
            return_url=return_url,
        )
        if input_file is not None:
            name = get_valid_filename(posixpath.basename(input_file.name or "") or "upload")
            job.input_file.save(name, input_file, save=False)
            Job.objects.filter(pk=job.pk).update(input_file=job.input_file.name)
        # With the immediate backend (tests) the job has run when this returns.
        queued = job_task.enqueue(str(job.pk))
        Job.objects.filter(pk=job.pk).update(task_result_id=str(queued.id))
    job.refresh_from_db()
    return job


def rerun(job: Job, *, user) -> Job:
    """The same job again (same task, parameters and input), as a new job."""
    again = import_string(job.task)
    input_file = None
    if job.input_file:
        job.input_file.open("rb")
        input_file = File(job.input_file.file, name=posixpath.basename(job.input_file.name or ""))
    try:
        return enqueue(
            again,
            user=user,
            title=job.title,
            params=job.params,
            return_url=job.return_url,
            input_file=input_file,
        )
    finally:
        if input_file is not None:
            job.input_file.close()


# Housekeeping (manage.py clear_old_jobs) and health


def delete_job_files(job: Job) -> None:
    """Every file stored for the job (its folder), kept or half-written."""
    storage = job_storage()
    folder = str(job.pk)
    try:
        _folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        storage.delete(posixpath.join(folder, name))
    # A folder on disk stays behind empty; storages without folders have no path.
    with suppress(NotImplementedError, OSError):
        os.rmdir(storage.path(folder))


def fail_stalled_jobs(now: datetime.datetime, *, after: datetime.timedelta) -> int:
    """Jobs shown as running whose worker stopped reporting (killed, machine
    restarted): failed, so their page says so instead of waiting for ever."""
    stalled = Job.objects.filter(status=Job.Status.RUNNING, updated_at__lt=now - after)
    count = 0
    for job in stalled:
        with translation.override(job.language or settings.LANGUAGE_CODE):
            RunningJob(job, in_transaction_at_start=False)._fail(str(INTERRUPTED))
        count += 1
    return count


def clear_old_jobs(now: datetime.datetime, *, keep_days: int) -> int:
    """Deletes jobs started more than ``keep_days`` ago, with their files,
    and files left by jobs that no longer exist. Returns the jobs deleted."""
    old = Job.objects.filter(created_at__lt=now - datetime.timedelta(days=keep_days))
    deleted = 0
    for job in old.iterator():
        delete_job_files(job)
        deleted += Job.objects.filter(pk=job.pk).delete()[0]
    storage = job_storage()
    try:
        folders, _files = storage.listdir("")
    except FileNotFoundError:
        return deleted
    existing = {str(pk) for pk in Job.objects.filter(pk__in=_uuids(folders)).values_list("pk", flat=True)}
    for folder in folders:
        if folder not in existing:
            delete_job_files(Job(pk=folder))
    return deleted


def _uuids(names: list[str]) -> list[str]:
    valid = []
    for name in names:
        try:
            valid.append(str(uuid.UUID(name)))
        except ValueError:
            continue
    return valid


def queue_is_reachable() -> bool:
    """Whether jobs can be queued and followed: the job table, and the task
    table of the database queue, answer (for the health check)."""
    try:
        Job.objects.order_by().exists()
        if any(isinstance(backend, DatabaseBackend) for backend in task_backends.all()):
            DBTaskResult.objects.order_by().exists()
    except DatabaseError:
        logger.exception("The job queue cannot be read")
        return False
    return True


def oldest_waiting_job_age(now: datetime.datetime | None = None) -> datetime.timedelta | None:
    """How long the oldest job still waiting has waited: a long wait means
    that no worker is running."""
    first = Job.objects.filter(status=Job.Status.QUEUED).order_by("created_at").values_list("created_at")[:1]
    started = next(iter(first), None)
    return (now or timezone.now()) - started[0] if started else None
