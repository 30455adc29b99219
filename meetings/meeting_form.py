"""The meeting's form in the admin, for logging a meeting in one go: a
participant row that adds a person not yet in the register, the texts and
values its script needs, and why a meeting opens read-only.

A person typed on a participant row is checked with the row (name,
organisation, the user's right to add people), so a mistake shows on that
row with everything typed still there; the person is written with the
meeting, through the write door (``add_new_people``), in the same
transaction: a refused save keeps nothing.
"""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.roles import department_id_of
from coop_lib.admin import RecordForm
from coop_lib.writes import create_record, may
from meetings.choices import ParticipantRole
from meetings.models import Meeting, Participant
from partnerships.models import Department, Partner, Person

NEW_PERSON_FIELDS = ("new_person_name", "new_person_department", "new_person_partner")
NEW_PERSON_ORGANISATIONS = {"new_person_department": "department", "new_person_partner": "partner"}
# Where an error of the new person shows on its row.
NEW_PERSON_ERROR_FIELDS = {
    "full_name": "new_person_name",
    "department": "new_person_department",
    "partner": "new_person_partner",
    "current_position": "position_held",
}
CHOOSE_OR_TYPE = _("Choose a person, or type the name of a person not yet in the register below.")
NOT_BOTH = _("Choose a person from the register or type a new one, not both.")
NAME_MISSING = _("Type the new person's full name, or clear their organisation.")
MAY_NOT_ADD_PEOPLE = _(
    "You may not add people to the register: choose a person already in it, or ask the cooperation "
    "division to add them."
)


class ParticipantForm(RecordForm):
    """A participant row: a person from the register, or a new one typed here."""

    new_person_name = forms.CharField(label=_("New person: full name"), max_length=200, required=False)
    new_person_department = forms.ModelChoiceField(
        Department.objects.all(), label=_("of the department"), required=False
    )
    new_person_partner = forms.ModelChoiceField(
        Partner.objects.all(), label=_("or of the partner"), required=False
    )

    # Set per request by the inline (ParticipantInline.get_formset).
    user = None
    admin_site = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].required = False
        if self.admin_site is not None:
            # The new person's organisation is looked up as on the person's own form.
            for name, model_field in NEW_PERSON_ORGANISATIONS.items():
                field = self.fields[name]
                field.widget = AutocompleteSelect(Person._meta.get_field(model_field), self.admin_site)
                field.widget.choices = field.choices
        self.person_to_add: Person | None = None

    def clean(self):
        cleaned_data = super().clean()
        name = cleaned_data.get("new_person_name", "").strip()
        department = cleaned_data.get("new_person_department")
        partner = cleaned_data.get("new_person_partner")
        if not name:
            if department or partner:
                self.add_error("new_person_name", NAME_MISSING)
            elif cleaned_data.get("person") is None and "person" not in self.errors:
                self.add_error("person", CHOOSE_OR_TYPE)
            return cleaned_data
        if cleaned_data.get("person") is not None:
            self.add_error("new_person_name", NOT_BOTH)
            return cleaned_data
        if self.user is None or not may(self.user, "add", Person):
            self.add_error("new_person_name", MAY_NOT_ADD_PEOPLE)
            return cleaned_data
        person = Person(
            full_name=name,
            current_position=cleaned_data.get("position_held", ""),
            department=department,
            partner=partner,
        )
        try:
            person.full_clean()
        except ValidationError as errors:
            for field, messages in errors.message_dict.items():
                self.add_error(NEW_PERSON_ERROR_FIELDS.get(field), messages)
            return cleaned_data
        self.person_to_add = person
        return cleaned_data


def add_new_people(formset, *, user) -> None:
    """Write the people typed on the participant rows of ``formset`` into the
    register, each then the person of its row (before the rows are written)."""
    for row in formset.forms:
        person = getattr(row, "person_to_add", None)
        if person is None or row.cleaned_data.get("DELETE"):
            continue
        row.instance.person = create_record(instance=person, user=user)


def form_script_data(inline_formsets) -> dict:
    """What ``static/js/meeting-form.js`` needs: the first row's add link of
    each inline ("Tambahkan Peserta": there is no other one yet), and the
    roles it sets on the first participant."""
    return {
        "addFirst": {
            inline.formset.prefix: gettext("Add %(name)s") % {"name": capfirst(inline.opts.verbose_name)}
            for inline in inline_formsets
        },
        "hostRole": ParticipantRole.HOST,
        "defaultRole": Participant._meta.get_field("role").default,
    }


def read_only_reason(user, meeting: Meeting) -> str:
    """Why ``user`` may look at ``meeting`` but not change it."""
    if not user.has_perm("meetings.change_meeting"):
        return gettext("Your role reads meetings but does not change them.")
    if department_id_of(user) is None:
        return gettext(
            "Your account is not linked to a department yet, so it changes no meeting. Ask the cooperation "
            "division to set your department."
        )
    return gettext(
        "This meeting belongs to %(department)s; you can only view it. Follow-ups assigned to your "
        "department are updated from the follow-up list."
    ) % {"department": meeting.owner_department}
