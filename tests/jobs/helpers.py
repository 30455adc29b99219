"""The database queue, its worker run in the test's own process, and a job's files."""

from unittest import mock

from django_tasks_db.management.commands.db_worker import Worker

from coop_lib.models import Job, job_storage

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def run_worker() -> None:
    """``manage.py db_worker --batch``: runs the queued jobs, then returns.
    It would close the test's connection between jobs, as it does a stale one."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="worker-uji",
        excluded_queue_names=[],
    )
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        worker.run()


def files_of(job: Job) -> list[str]:
    """The files stored for the job (its folder)."""
    try:
        return job_storage().listdir(str(job.pk))[1]
    except FileNotFoundError:
        return []
