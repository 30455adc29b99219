"""Jobs for the tests of the job layer: they count, write a file and a row,
and fail on request. Module-level, as a task must be."""

import contextlib
from collections.abc import Callable, Iterator

from django.http import HttpResponse

from coop_lib.jobs import JobFailed, RunningJob, job_task
from coop_lib.writes import create_record
from partnerships.models import Department, DepartmentKind

# Called with the running job halfway through ``count_to``: a test looks at
# the job from outside while it runs.
HALFWAY: list = []


@contextlib.contextmanager
def looking_halfway(look: Callable[[RunningJob], None]) -> Iterator[None]:
    HALFWAY.append(look)
    try:
        yield
    finally:
        HALFWAY.remove(look)


@job_task()
def count_to(job: RunningJob, *, to: int) -> None:
    job.progress(0, total=to, message="Menghitung")
    for number in range(1, to + 1):
        job.progress(number)
        if number == to // 2:
            for look in HALFWAY:
                look(job)
    job.save_file("hitungan.txt", b"".join(b"%d\n" % n for n in range(1, to + 1)), content_type="text/plain")
    job.result["counted"] = to


@job_task(atomic=True)
def add_department_then_fail(
    job: RunningJob, *, acronym: str, reason: str = "", progress_to: int = 0
) -> None:
    """Writes a department and a file, reports progress, then fails: with
    ``reason`` as the user's reason, else with an unexpected error."""
    department = Department(name=f"Dinas {acronym}", acronym=acronym, kind=DepartmentKind.DINAS)
    create_record(instance=department, user=job.user)
    job.save_file("setengah.txt", b"setengah jadi", content_type="text/plain")
    if progress_to:
        job.progress(progress_to // 2, total=progress_to, message="Setengah")
        for look in HALFWAY:
            look(job)
        return
    if reason:
        raise JobFailed(reason)
    raise RuntimeError("connection to 10.1.2.3 refused: internal detail")


@job_task()
def copy_upload(job: RunningJob) -> None:
    """Reads the uploaded file and stores it again, as a download would."""
    with job.input_file.open("rb") as upload:
        content = upload.read()
    disposition = {"Content-Disposition": 'attachment; filename="salinan.csv"'}
    job.save_response(HttpResponse(content, content_type="text/csv", headers=disposition), total=2)
    job.result["bytes"] = len(content)
