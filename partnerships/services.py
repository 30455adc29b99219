"""Changes to the cooperation register beyond the generic write rules of
``coop_lib.writes``: a cooperation's stage moves only here, with its
evidence checked and the move recorded."""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from coop_lib.writes import (
    NotPermitted,
    check_version,
    editable_rows,
    may,
    may_change,
    record_history,
    record_user,
    set_version,
    version_of,
)
from partnerships.lifecycle import missing_evidence, missing_for_kinds
from partnerships.models import Cooperation, Document, Stage, StageChange


def stage_refusal(*, stage: str, missing: list, may_override: bool) -> ValidationError:
    message = _("“%(stage)s” needs documents this cooperation does not have yet: %(missing)s.")
    params = {"stage": Stage(stage).label, "missing": ", ".join(str(evidence) for evidence in missing)}
    if may_override:
        message = format_lazy(
            "{} {}", message, _("As a superuser you may move it anyway by giving the reason.")
        )
    return ValidationError(message, code="missing_evidence", params=params)


@transaction.atomic
def move_to_stage(
    *, cooperation: Cooperation, stage: str, user, expected_version: int | None, override_reason: str = ""
) -> StageChange:
    """Move ``cooperation``, opened at ``expected_version``, to ``stage`` and
    record who did it.

    Refused while the stage's evidence is missing, unless a superuser gives
    the reason, which is kept with the change. The documents count as they
    are stored in this transaction, so a document saved in the same request
    is evidence already.
    """
    stored = Cooperation.objects.select_for_update().get(pk=cooperation.pk)
    if not may_change(user, stored):
        raise NotPermitted(_("You may not change “%(record)s”.") % {"record": stored})
    check_version(stored, expected_version)
    if stage == stored.stage:
        raise ValidationError(_("The cooperation is already at this stage."), code="same_stage")
    override_reason = override_reason.strip()
    missing = missing_evidence(stored, stage)
    if missing and not (user.is_superuser and override_reason):
        raise stage_refusal(stage=stage, missing=missing, may_override=user.is_superuser)
    change = StageChange.objects.create(
        cooperation=stored,
        from_stage=stored.stage,
        to_stage=stage,
        changed_by=user,
        override_reason=override_reason if missing else "",
    )
    stored.stage = stage
    set_version(stored, version_of(stored) + 1)
    record_user(stored, user)
    stored.save(update_fields=["stage", "version", "updated_at"])
    cooperation.stage = stored.stage
    set_version(cooperation, version_of(stored))
    return change


@transaction.atomic
def move_to_stages(*, moves: Sequence[tuple[Cooperation, str, str]], user) -> list[StageChange]:
    """``move_to_stage`` for many cooperations at once (an import): each
    ``(cooperation, stage, override_reason)`` under the same rules, the
    cooperation as opened (its version), in a few queries for all of them."""
    keys = [cooperation.pk for cooperation, _stage, _reason in moves]
    if not may(user, "change", Cooperation):
        raise NotPermitted(
            _("You may not change %(kind)s.") % {"kind": Cooperation._meta.verbose_name_plural}
        )
    held = Prefetch("documents", Document.objects.only("cooperation", "kind"))
    stored = Cooperation.objects.select_for_update(of=("self",)).prefetch_related(held).in_bulk(keys)
    editable = set(editable_rows(Cooperation, user).filter(pk__in=keys).values_list("pk", flat=True))
    changes, moved = [], []
    for cooperation, stage, reason in moves:
        row = stored.get(cooperation.pk)
        if row is None or row.pk not in editable:
            raise NotPermitted(_("You may not change “%(record)s”.") % {"record": cooperation})
        check_version(row, version_of(cooperation))
        if stage == row.stage:
            continue
        reason = reason.strip()
        missing = missing_for_kinds([document.kind for document in row.documents.all()], stage)
        if missing and not (user.is_superuser and reason):
            raise stage_refusal(stage=stage, missing=missing, may_override=user.is_superuser)
        changes.append(
            StageChange(
                cooperation=row,
                from_stage=row.stage,
                to_stage=stage,
                changed_by=user,
                override_reason=reason if missing else "",
            )
        )
        row.stage = stage
        set_version(row, version_of(row) + 1)
        row.updated_at = timezone.now()
        record_user(row, user)
        cooperation.stage = stage
        set_version(cooperation, version_of(row))
        moved.append(row)
    StageChange.objects.bulk_create(changes)
    Cooperation.objects.bulk_update(moved, ["stage", "version", "updated_at"])
    record_history(Cooperation, moved, user, "~")
    return changes
