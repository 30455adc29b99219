"""Changes to the cooperation register beyond the generic write rules of
``coop_lib.writes``: a cooperation's stage moves only here, with its
evidence checked and the move recorded."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from coop_lib.writes import NotPermitted, check_version, may_change, record_user, set_version, version_of
from partnerships.lifecycle import missing_evidence
from partnerships.models import Cooperation, Stage, StageChange


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
