"""The preview and the confirm of an import, as background jobs
(``coop_lib.jobs``); see ``coop_lib.importing`` for what they do.

The preview's job keeps the uploaded sheet as its input and its summary as
its result; the confirm's job reads that sheet again, with the same column
choices and accepted suggestions, and writes it in one transaction, or
nothing if a row is no longer what the preview showed.
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _

from coop_lib.importing import KINDS, UNUSED, UPDATE, ImportKind, Summary, row_errors
from coop_lib.jobs import JobFailed, RunningJob, job_task
from coop_lib.models import Job
from coop_lib.spreadsheets import SheetError, read_sheet
from coop_lib.writes import WriteRefused

# Rows named in a refusal before "and more".
NAMED_ROWS = 10


@contextmanager
def _garbage_freed_per_batch() -> Iterator[None]:
    """Around the reading of a sheet, whose loop lets go of each batch and
    calls ``gc.collect()``: a row's form and its bound fields refer to each
    other, so forms are freed by the cycle collector, not as they go out of
    use. Left to its own pace, the collector moves a batch's forms to its
    oldest generation while they are in use, and frees them only in full
    collections, each walking every object of the process: at 100,000 rows,
    a quarter of the import's time and memory that grows with the rows.
    What the process held before (Django, the register's names) is set
    aside from collections until the job ends, so a collection per batch
    walks little more than the batch just done."""
    # A process that froze its objects itself (a server before forking) keeps them so.
    frozen_here = gc.get_freeze_count() == 0
    if frozen_here:
        gc.freeze()
    try:
        yield
    finally:
        if frozen_here:
            gc.unfreeze()


def _importer(job: RunningJob, kind: str, accepted: dict) -> ImportKind:
    if kind not in KINDS:
        raise JobFailed(_("This kind of record cannot be imported."))
    return KINDS[kind](job.user, accepted=accepted)


def _sheet(job: RunningJob, source: Job, mapping: list[str]):
    try:
        source.input_file.open("rb")
        sheet = read_sheet(source.input_file.file)
    except (SheetError, FileNotFoundError, OSError) as error:
        reason = (
            str(error) if isinstance(error, SheetError) else _("The uploaded file is gone; upload it again.")
        )
        raise JobFailed(reason) from error
    if len(mapping) != len(sheet.headings):
        raise JobFailed(_("The file's columns are not those the choices were made for; upload it again."))
    return sheet


@job_task(result_template="jobs/import_preview.html")
def preview_import(job: RunningJob, *, kind: str, mapping: list[str], accepted: dict) -> None:
    """Read every row and plan it, writing nothing; leave the summary."""
    importer = _importer(job, kind, accepted)
    sheet = _sheet(job, job.job, mapping)
    summary = Summary()
    job.progress(0, total=sheet.total, message=_("Reading the rows"))
    with _garbage_freed_per_batch():
        for forms_, planned in _read(importer.batches(sheet, mapping)):
            summary.add(forms_, planned, importer)
            job.progress(summary.rows, total=max(sheet.total or 0, summary.rows))
            del forms_, planned
            gc.collect()
    if summary.rows == 0:
        raise JobFailed(_("The file has no rows under its headings."))
    job.progress(summary.rows, total=summary.rows)
    job.result.update(
        summary.as_result()
        | {
            "kind": kind,
            "mapping": mapping,
            "accepted": accepted,
            "headings": sheet.headings,
            "unused": [
                heading for heading, name in zip(sheet.headings, mapping, strict=True) if name == UNUSED
            ],
            "columns": {name: importer.label(name) for name in mapping if name != UNUSED},
        }
    )


@job_task(result_template="jobs/import_done.html", atomic=True)
def confirm_import(job: RunningJob, *, preview: str) -> None:
    """Write every row the preview planned, in one transaction."""
    source = Job.objects.filter(pk=preview, user=job.job.user, status=Job.Status.DONE).first()
    if source is None or source.result.get("error_count", 1):
        raise JobFailed(_("This import has no preview without errors; preview it again."))
    kind, mapping, accepted = (
        source.result["kind"],
        source.result["mapping"],
        source.result.get("accepted", {}),
    )
    importer = _importer(job, kind, accepted)
    sheet = _sheet(job, source, mapping)
    versions = source.result.get("versions", {})
    warned = set(source.result.get("warned_rows", []))
    total = source.result.get("rows", 0)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    done = 0
    job.progress(0, total=total, message=_("Writing the rows"))
    with _garbage_freed_per_batch():
        for forms_, planned in _read(importer.batches(sheet, mapping)):
            changed = _changed_since_preview(forms_, planned, importer, versions, warned)
            if changed:
                raise JobFailed(
                    _(
                        "Someone changed the register after the preview, so nothing was written: "
                        "%(rows)s. Preview again."
                    )
                    % {"rows": "; ".join(changed[:NAMED_ROWS]) + ("; …" if len(changed) > NAMED_ROWS else "")}
                )
            try:
                importer.write(planned)
            except (WriteRefused, ValidationError, IntegrityError) as error:
                # The database's own words name tables and columns: for the log, not the user.
                reason = (
                    " ".join(error.messages)
                    if isinstance(error, ValidationError)
                    else _("it clashes with a record saved meanwhile")
                )
                raise JobFailed(
                    _("Nothing was written: a row could not be saved (%(reason)s).") % {"reason": reason}
                ) from error
            for plan in planned:
                counts[{"create": "created", "update": "updated"}.get(plan.action, "unchanged")] += 1
            done += len(forms_)
            job.progress(done, total=max(total, done))
            del forms_, planned
            gc.collect()
    job.result.update(counts | {"kind": kind})


def _read(batches):
    """The batches, a row the file cannot give (broken quotes) ending the job with its line."""
    try:
        yield from batches
    except SheetError as error:
        raise JobFailed(str(error)) from error


def _changed_since_preview(forms_, planned, importer: ImportKind, versions: dict, warned: set) -> list[str]:
    """The rows that are no longer what the preview showed, each with why."""
    changed = []
    for form in forms_:
        for error in row_errors(form, importer):
            changed.append(_("row %(row)d: %(reason)s") % {"row": error.row, "reason": error.reason})
    for plan in planned:
        seen = versions.get(str(plan.row))
        if plan.action == UPDATE:
            if seen is None or plan.instance is None or seen[0] != plan.instance.pk:
                changed.append(
                    _("row %(row)d names a record that did not exist at the preview") % {"row": plan.row}
                )
            else:
                # The version the preview showed: a save since then is refused by the write door.
                plan.expected_version = seen[1]
        elif seen is not None:
            changed.append(_("row %(row)d: its record was deleted after the preview") % {"row": plan.row})
        if plan.warnings and plan.row not in warned:
            changed.append(
                _("row %(row)d now looks like a record saved after the preview") % {"row": plan.row}
            )
    return changed
