"""Changes that touch several records of the cooperation register."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

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
def move_to_stage(*, cooperation: Cooperation, stage: str, user, override_reason: str = "") -> StageChange:
    """Move ``cooperation`` to ``stage`` and record who did it.

    Refused while the stage's evidence is missing, unless a superuser gives
    the reason, which is kept with the change.
    """
    cooperation = Cooperation.objects.select_for_update().get(pk=cooperation.pk)
    if stage == cooperation.stage:
        raise ValidationError(_("The cooperation is already at this stage."), code="same_stage")
    override_reason = override_reason.strip()
    missing = missing_evidence(cooperation, stage)
    if missing and not (user.is_superuser and override_reason):
        raise stage_refusal(stage=stage, missing=missing, may_override=user.is_superuser)
    change = StageChange.objects.create(
        cooperation=cooperation,
        from_stage=cooperation.stage,
        to_stage=stage,
        changed_by=user,
        override_reason=override_reason if missing else "",
    )
    cooperation.stage = stage
    cooperation.save(update_fields=["stage", "updated_at"])
    return change
