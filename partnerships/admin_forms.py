"""The cooperation form of the admin: the reason a superuser gives to move
the stage without its evidence. The stage itself moves through
``partnerships.services.move_to_stage`` once the page's documents are saved."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coop_lib.admin import RecordForm


class CooperationAdminForm(RecordForm):
    override_reason = forms.CharField(
        label=_("reason for moving without evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Superusers only: why the cooperation moves to this stage while documents are missing."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stage_before = self.instance.stage
