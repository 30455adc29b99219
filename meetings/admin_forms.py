"""The meeting form of the admin, with optimistic locking.

Two people may open the same meeting; the one who saves second would
silently overwrite the first. The form carries the version it was opened at;
saving checks it against the row, locked for the rest of the save, and names
what the other person changed instead of overwriting it.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting

# Changed on every save; naming them would tell the user nothing.
UNINTERESTING_FIELDS = {"version", "updated_at", "created_at"}


def changed_field_names(meeting: Meeting, since_version: int) -> list[str]:
    """Verbose names of the fields changed after ``since_version``, from the audit trail."""
    seen = meeting.history.filter(version=since_version).order_by("-history_date").first()
    latest = meeting.history.order_by("-history_date").first()
    if seen is None or latest is None:
        return []
    delta = latest.diff_against(seen)
    names = [change.field for change in delta.changes if change.field not in UNINTERESTING_FIELDS]
    return [str(Meeting._meta.get_field(name).verbose_name) for name in names]


class MeetingAdminForm(forms.ModelForm):
    """Fields come from the admin's fieldsets; this adds the opened version."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk:
            self._check_not_changed_meanwhile(cleaned_data.get("version"))
        return cleaned_data

    def _check_not_changed_meanwhile(self, opened_version: int | None) -> None:
        # The admin saves inside a transaction: the row lock taken here holds
        # until this save commits, so a concurrent save waits, then sees the
        # new version and is refused.
        current = Meeting.objects.select_for_update().get(pk=self.instance.pk)
        if opened_version is None or opened_version == current.version:
            return
        latest = current.history.order_by("-history_date").select_related("history_user").first()
        who = getattr(latest.history_user, "username", None) or _("another user")
        when = formats.localize(timezone.localtime(latest.history_date)) if latest else ""
        fields = ", ".join(changed_field_names(current, opened_version)) or _("related rows")
        raise ValidationError(
            _(
                "%(who)s saved this meeting at %(when)s, after you opened it, and changed: %(fields)s. "
                "Your changes were not saved. Open the meeting again to see the current version, "
                "then make your changes again."
            ),
            code="stale",
            params={"who": who, "when": when, "fields": fields},
        )
