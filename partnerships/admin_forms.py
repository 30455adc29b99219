"""The cooperation form of the admin: a stage change follows the same rule as
``partnerships.services.move_to_stage``, with the reason a superuser gives to
override it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerships.lifecycle import missing_evidence
from partnerships.services import stage_refusal


class CooperationAdminForm(forms.ModelForm):
    override_reason = forms.CharField(
        label=_("reason for moving without evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Superusers only: why the cooperation moves to this stage while documents are missing."),
    )
    # Fields come from the admin's fieldsets; the user is set by the admin
    # for each request.
    user = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stage_before = self.instance.stage

    def clean(self):
        cleaned_data = super().clean()
        stage = cleaned_data.get("stage")
        if not stage or stage == self.stage_before:
            return cleaned_data
        missing = missing_evidence(self.instance, stage)
        if missing and not (self.user.is_superuser and cleaned_data.get("override_reason", "").strip()):
            refusal = stage_refusal(stage=stage, missing=missing, may_override=self.user.is_superuser)
            self.add_error("stage", refusal)
        return cleaned_data
