"""The abstract base of every record people edit (an edit version and a
permission to restore it once deleted), and the background jobs users start."""

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class VersionedRecord(models.Model):
    """A record with optimistic locking: each save through ``coop_lib.writes``
    advances ``version``, and a save based on an older one is refused.

    Besides Django's four model permissions, ``restore_<model>`` lets a user
    bring a deleted record back from its history."""

    # db_default: rows written in bulk by SQL (the data generator) start at 1 too.
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1, editable=False)

    class Meta:
        abstract = True
        default_permissions = ("add", "change", "delete", "view", "restore")


def job_storage():
    """The storage of job files, apart from uploads (``STORAGES["jobs"]``)."""
    return storages["jobs"]


def job_file_path(job: "Job", filename: str) -> str:
    # One folder per job: two jobs' files never collide, and the job's id
    # (not guessable) is part of every stored name.
    return f"{job.pk}/{filename}"


class Job(models.Model):
    """Work a user started that runs on a worker rather than in the request:
    what it is, how far it got and what came of it (``coop_lib.jobs``).

    A bookkeeping row like a session, not a record of the register: it is
    written by ``coop_lib.jobs`` alone and has no audit trail."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    # Random, so a job's address tells nothing about other jobs.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    task = models.CharField(_("task"), max_length=200, help_text=_("The function that does the work."))
    title = models.CharField(_("title"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="jobs",
        verbose_name=_("user"),
        help_text=_("Who started it; empty for a job the system started (the reminder digests)."),
    )
    language = models.CharField(_("language"), max_length=10)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    return_url = models.CharField(_("started from"), max_length=2000, blank=True)
    input_file = models.FileField(
        _("input file"), storage=job_storage, upload_to=job_file_path, max_length=300, blank=True
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveBigIntegerField(_("done"), default=0)
    total = models.PositiveBigIntegerField(_("total"), null=True, blank=True)
    message = models.CharField(_("message"), max_length=200, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    file = models.FileField(
        _("file"), storage=job_storage, upload_to=job_file_path, max_length=300, blank=True
    )
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    error = models.TextField(_("reason for the failure"), blank=True)
    task_result_id = models.CharField(_("queue entry"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    started_at = models.DateTimeField(_("running since"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]
        default_permissions = ("view",)
        indexes = [models.Index(fields=["user", "-created_at"], name="coop_lib_job_user_recent")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "running", "done", "failed"]),
                name="coop_lib_job_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(total__isnull=True) | models.Q(done__lte=models.F("total")),
                name="coop_lib_job_done_within_total",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int | None:
        if not self.total:
            return 100 if self.status == self.Status.DONE else None
        return min(100, self.done * 100 // self.total)


class ImportMapping(models.Model):
    """Which field each column of a sheet filled, as a user chose it, so the
    next sheet with the same headings is mapped the same way. Bookkeeping of
    the import page, like a preference: no audit trail."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="import_mappings", verbose_name=_("user")
    )
    kind = models.CharField(_("kind of record"), max_length=100)
    # A digest of the headings (``coop_lib.importing.headings_signature``).
    signature = models.CharField(_("headings"), max_length=64)
    mapping = models.JSONField(_("fields of the columns"), default=list)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("column choice of an import")
        verbose_name_plural = _("column choices of imports")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "signature"], name="import_mapping_once_per_headings"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.signature[:8]}"
