"""The pages of a background job, for the user who started it only: its
progress page (which shows the result once done), the status the page's
script polls, the file to download, and the list of one's own jobs."""

import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from coop_lib.jobs import kind_of, rerun
from coop_lib.models import Job

# After this long in the queue the page says that no worker may be running.
WAITING_WARNING = datetime.timedelta(minutes=1)
LISTED = 50


def _own_job(request, job_id) -> Job:
    # Someone else's job is answered like one that does not exist.
    return get_object_or_404(Job, pk=job_id, user=request.user)


def progress_message(job: Job, now: datetime.datetime | None = None) -> str:
    """What the job is doing, in a sentence for its owner."""
    if job.status == Job.Status.QUEUED:
        if (now or timezone.now()) - job.created_at > WAITING_WARNING:
            return _(
                "Waiting for a worker since %(time)s. If it does not start soon, the job worker may not be "
                "running: tell the cooperation division (Admin Kerja Sama)."
            ) % {"time": date_format(timezone.localtime(job.created_at), "DATETIME_FORMAT")}
        return _("Waiting for a worker to start it.")
    if job.status == Job.Status.RUNNING:
        return job.message or _("Running.")
    if job.status == Job.Status.FAILED:
        return job.error
    return _("Done.")


def status_of(job: Job) -> dict:
    done = job.status == Job.Status.DONE
    return {
        "id": str(job.pk),
        "status": job.status,
        "status_label": job.get_status_display(),
        "finished": job.finished,
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "message": progress_message(job),
        "error": job.error,
        "result": job.result if done else {},
        "download_url": reverse("jobs:download", args=[job.pk]) if done and job.file else "",
    }


def _return_url(request, job: Job) -> str:
    safe = url_has_allowed_host_and_scheme(
        job.return_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return job.return_url if job.return_url and safe else ""


@login_required
def job_detail(request, job_id):
    job = _own_job(request, job_id)
    context = {
        "job": job,
        "title": job.title,
        "message": progress_message(job),
        "result": job.result,
        "result_template": kind_of(job).result_template if job.status == Job.Status.DONE else "",
        "return_url": _return_url(request, job),
    }
    return render(request, "jobs/job_detail.html", context)


@never_cache
@login_required
def job_status(request, job_id):
    return JsonResponse(status_of(_own_job(request, job_id)))


@login_required
def job_download(request, job_id):
    job = _own_job(request, job_id)
    if job.status != Job.Status.DONE or not job.file:
        raise Http404
    try:
        stored = job.file.open("rb")
    except OSError as missing:  # deleted since (clear_old_jobs)
        raise Http404 from missing
    response = FileResponse(
        stored, as_attachment=True, filename=job.file_name, content_type=job.content_type or None
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def job_rerun(request, job_id):
    job = _own_job(request, job_id)
    if not job.finished:
        return redirect(job)
    return redirect(rerun(job, user=request.user))


@login_required
def job_list(request):
    jobs = Job.objects.filter(user=request.user).order_by("-created_at")[:LISTED]
    context = {"jobs": jobs, "title": _("My background jobs"), "keep_days": settings.JOB_KEEP_DAYS}
    return render(request, "jobs/job_list.html", context)
