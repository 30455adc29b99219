"""“Create from press release”: paste a city news release, get the add-meeting
form pre-filled with what ``meetings.extraction`` read from it, and, for a
trip of the city's delegation abroad, the add-visit form too.

Nothing is saved here. The draft waits in the session, keyed by a token in
the add form's address, and fills the form and the participants' rows only
when that form is first shown; staff check every suggested value and save
(through the admin, and so the write door). Every date the release holds is
listed on the form, each a link that opens the draft again with that date.
"""

import datetime
import secrets

from django import forms
from django.contrib import messages
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import StaffProfile
from accounts.roles import department_id_of, is_cooperation_admin
from meetings.extraction import DEFAULT_TIME, MeetingDraft, VisitProposal, extract_meeting_draft
from meetings.models import Meeting, Participant
from meetings.services import likely_duplicate_meetings
from partnerships.models import Department

SESSION_KEY = "meetings.press_release_draft"
DRAFT_PARAMETER = "press_release"
DATE_PARAMETER = "press_release_date"
MAX_TEXT_LENGTH = 20_000
SUGGESTED_CLASS = "press-release-suggested"
OWN_DEPARTMENT_ONLY = _(
    "You may only create meetings for your own department. If it is missing, ask the "
    "cooperation division to set your department in your staff profile."
)
SUGGESTED_HELP = _("Suggested from the press release: check it before saving.")


class PressReleaseForm(forms.Form):
    text = forms.CharField(
        label=_("Press release text"),
        widget=forms.Textarea(attrs={"rows": 18, "class": "vLargeTextField"}),
        max_length=MAX_TEXT_LENGTH,
        help_text=_("Paste the whole release, from the first line to the last."),
        error_messages={"required": _("Paste the text of the press release.")},
    )
    owner_department = forms.ModelChoiceField(
        label=_("Owner department"),
        queryset=Department.objects.none(),
        help_text=_("The department that keeps this record."),
    )
    published = forms.DateField(
        label=_("Publication date"),
        required=False,
        widget=AdminDateWidget,
        help_text=_(
            "When the release was published, if the text does not say: a date written without a year "
            "(“Kamis (14/3)”) takes its year from it."
        ),
    )
    source_url = forms.URLField(
        label=_("Source link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("The address of the release on the city's website, if any."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["owner_department"]
        if is_cooperation_admin(user):
            field.queryset = Department.objects.active()
            field.initial = (
                StaffProfile.objects.filter(user=user).values_list("department", flat=True).first()
            )
        else:
            # OPD staff keep only their own department's records.
            field.queryset = Department.objects.filter(pk=department_id_of(user))
            field.initial = department_id_of(user)
            field.empty_label = None
            field.error_messages["invalid_choice"] = OWN_DEPARTMENT_ONLY
            field.error_messages["required"] = OWN_DEPARTMENT_ONLY


def _ids(rows) -> list[int]:
    return [row.pk for row in rows]


def draft_session_data(draft: MeetingDraft, *, owner_department: Department, source_url: str) -> dict:
    """What the add forms need, in a form the session can store (JSON)."""
    initial = {
        "title": draft.title[:250],
        "place": draft.place,
        "kind": draft.kind,
        "mode": draft.mode,
        "owner_department": owner_department.pk,
        "attending_departments": _ids(draft.departments),
        "partners": _ids(draft.partners),
        "cooperations": _ids(draft.cooperations),
        "summary": draft.summary,
        "source_url": source_url or draft.source_url,
    }
    if draft.starts_at:
        initial["starts_at"] = draft.starts_at.isoformat()
    dates = [
        {
            "date": option.date.isoformat(),
            "end": option.found.end_date.isoformat() if option.found.end_date else None,
            "context": option.context,
            "publication": option.found.is_publication,
        }
        for option in draft.dates
        if option.date
    ]
    chosen = draft.dates[draft.date_choice].date if draft.date_choice is not None else draft.date
    return {
        "token": secrets.token_urlsafe(12),
        "initial": {name: value for name, value in initial.items() if value not in ("", [], None)},
        "time": (draft.time or DEFAULT_TIME).strftime("%H:%M"),
        "dates": dates,
        "chosen_date": chosen.isoformat() if chosen else None,
        "participants": [
            {"person": mention.person.pk, "position_held": mention.position[:200], "role": mention.role}
            for mention in draft.people
        ],
        "visit": _visit_initial(draft.visit, owner_department) if draft.visit else None,
    }


def _visit_initial(visit: VisitProposal, owner_department: Department) -> dict:
    initial = {
        "direction": visit.direction,
        "partner": visit.partner.pk,
        "leader": visit.leader.pk if visit.leader else None,
        "member_count": visit.member_count,
        "starts_on": visit.starts_on.isoformat() if visit.starts_on else None,
        "ends_on": visit.ends_on.isoformat() if visit.ends_on else None,
        "places": visit.places[:300],
        "purpose": visit.purpose,
        "host_department": owner_department.pk,
        "funding_source": visit.funding_source,
    }
    return {name: value for name, value in initial.items() if value not in ("", None)}


def _starts_at(data: dict, day: str) -> datetime.datetime:
    hour, minute = (int(part) for part in data.get("time", "09:00").split(":"))
    return datetime.datetime.combine(
        datetime.date.fromisoformat(day), datetime.time(hour, minute), tzinfo=timezone.get_default_timezone()
    )


def session_draft(request: HttpRequest) -> dict | None:
    """The pending draft, when the add form is first shown for it."""
    if request.method != "GET" or not request.GET.get(DRAFT_PARAMETER):
        return None
    data = request.session.get(SESSION_KEY)
    if not data or data.get("token") != request.GET[DRAFT_PARAMETER]:
        return None
    return data


def _names(rows) -> str:
    return ", ".join(str(row) for row in rows)


def _report(request: HttpRequest, draft: MeetingDraft) -> None:
    """Tell staff what was suggested and what needs their eye."""
    messages.info(
        request,
        gettext(
            "A draft meeting was read from the press release. Nothing is saved yet: check each value "
            "marked “Suggested from the press release”, correct the title, then save."
        ),
    )
    suggested = [
        (gettext("date"), date_format(draft.date, "DATE_FORMAT") if draft.date else ""),
        (gettext("place"), draft.place),
        (gettext("attending departments"), _names(draft.departments)),
        (gettext("partners"), _names(draft.partners)),
        (gettext("related cooperations"), _names(draft.cooperations)),
        (
            gettext("participants"),
            ", ".join(
                f"{mention.person} ({mention.position})" if mention.position else str(mention.person)
                for mention in draft.people
            ),
        ),
        (gettext("sectors"), _names(draft.sectors)),
        (gettext("focus areas"), ", ".join(area.name for area in draft.focus_areas)),
    ]
    found = [f"{label}: {value}" for label, value in suggested if value]
    if found:
        messages.info(
            request, gettext("Suggested from the press release — %(values)s.") % {"values": "; ".join(found)}
        )
    if draft.date is None:
        messages.warning(request, gettext("No date was found in the release: enter the date of the meeting."))
    elif draft.time is None:
        messages.warning(
            request,
            gettext("The release gives no time, so the start is set to %(time)s WIB: check it.")
            % {"time": DEFAULT_TIME.strftime("%H:%M")},
        )
    for problem in draft.problems:
        messages.warning(request, problem)
    if not draft.place:
        messages.warning(request, gettext("No place was found in the release: the usual place is filled in."))
    if draft.suggestions:
        messages.warning(
            request,
            gettext("Names close to ones in the register: %(names)s.")
            % {
                "names": "; ".join(
                    gettext("“%(written)s” — did you mean: %(name)s?")
                    % {"written": suggestion.written, "name": suggestion.suggestion}
                    for suggestion in draft.suggestions
                )
            },
        )
    if draft.visit:
        visit = draft.visit
        messages.info(
            request,
            gettext(
                "The release tells of a trip of the city's delegation to %(partner)s (%(dates)s): a "
                "delegation visit is proposed too. Open it with “Propose the delegation visit” on the form."
            )
            % {"partner": visit.partner, "dates": _period(visit)},
        )
    if draft.unmatched:
        messages.warning(
            request,
            gettext(
                "These names are not in the register, so they were not filled in (add them first if "
                "they belong to this meeting): %(names)s."
            )
            % {"names": "; ".join(draft.unmatched)},
        )
    if draft.is_empty:
        messages.warning(
            request,
            gettext(
                "Nothing in the release matched a date, department, partner or person: "
                "fill in the form by hand."
            ),
        )


def _period(visit: VisitProposal) -> str:
    if not visit.starts_on:
        return gettext("dates not written")
    start = date_format(visit.starts_on, "DATE_FORMAT")
    if visit.ends_on and visit.ends_on != visit.starts_on:
        return f"{start} – {date_format(visit.ends_on, 'DATE_FORMAT')}"
    return start


def press_release_view(request: HttpRequest, *, model_admin) -> HttpResponse:
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = PressReleaseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        draft = extract_meeting_draft(form.cleaned_data["text"], published=form.cleaned_data["published"])
        data = draft_session_data(
            draft,
            owner_department=form.cleaned_data["owner_department"],
            source_url=form.cleaned_data["source_url"],
        )
        request.session[SESSION_KEY] = data
        _report(request, draft)
        opts = model_admin.opts
        add_url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_add", current_app=model_admin.admin_site.name
        )
        draft_url = f"{add_url}?{DRAFT_PARAMETER}={data['token']}"
        recorded = _recorded_already(draft)
        if not recorded:
            return redirect(draft_url)
        # The release may describe a meeting someone recorded already: shown
        # first, so it is opened rather than recorded twice.
        context = {
            **model_admin.admin_site.each_context(request),
            "title": _("This meeting may be recorded already"),
            "opts": opts,
            "recorded": recorded,
            "draft_url": draft_url,
        }
        return TemplateResponse(request, "admin/meetings/meeting/press_release_recorded.html", context)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Create from press release"),
        "opts": model_admin.opts,
        "form": form,
        "media": model_admin.media + form.media,
    }
    return TemplateResponse(request, "admin/meetings/meeting/press_release.html", context)


def _recorded_already(draft: MeetingDraft) -> list[Meeting]:
    if draft.starts_at is None:
        return []
    return likely_duplicate_meetings(
        title=draft.title, starts_at=draft.starts_at, partner_ids=_ids(draft.partners)
    )


def _picked_date(request: HttpRequest, draft: dict) -> str | None:
    """The date the user picked among those found (``?press_release_date=2``)."""
    try:
        index = int(request.GET.get(DATE_PARAMETER, ""))
    except ValueError:
        return None
    dates = draft.get("dates", [])
    return dates[index]["date"] if 0 <= index < len(dates) else None


def _form_context(request: HttpRequest, draft: dict, model_admin) -> dict:
    """The dates found, each a link to the draft with that date, and the
    link to the proposed visit, for the add form's template."""
    picked = _picked_date(request, draft) or draft.get("chosen_date")
    base = f"{request.path}?{DRAFT_PARAMETER}={draft['token']}"
    dates = [
        {
            "date": datetime.date.fromisoformat(option["date"]),
            "end": datetime.date.fromisoformat(option["end"]) if option["end"] else None,
            "context": option["context"],
            "publication": option["publication"],
            "chosen": option["date"] == picked,
            "url": f"{base}&{DATE_PARAMETER}={index}",
        }
        for index, option in enumerate(draft.get("dates", []))
    ]
    visit_url = ""
    if draft.get("visit") and request.user.has_perm("meetings.add_visit"):
        add_visit = reverse("admin:meetings_visit_add", current_app=model_admin.admin_site.name)
        visit_url = f"{add_visit}?{DRAFT_PARAMETER}={draft['token']}"
    return {"dates": dates, "visit_url": visit_url}


class PressReleaseDraftAdminMixin:
    """For the meeting admin: the page's address, and the add form filled
    from the draft with each suggested field marked."""

    @property
    def media(self):
        return super().media + forms.Media(css={"all": ["css/press-release.css"]})

    def get_urls(self):
        view = self.admin_site.admin_view(self._press_release_view)
        name = f"{self.opts.app_label}_{self.opts.model_name}_press_release"
        return [path("from-press-release/", view, name=name), *super().get_urls()]

    def _press_release_view(self, request):
        return press_release_view(request, model_admin=self)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if draft := session_draft(request):
            initial.pop(DRAFT_PARAMETER, None)
            initial.pop(DATE_PARAMETER, None)
            initial |= draft["initial"]
            if picked := _picked_date(request, draft):
                initial["starts_at"] = _starts_at(draft, picked)
            elif "starts_at" in initial:
                initial["starts_at"] = datetime.datetime.fromisoformat(initial["starts_at"])
        return initial

    def add_view(self, request, form_url="", extra_context=None):
        if draft := session_draft(request):
            extra_context = (extra_context or {}) | {"press_release": _form_context(request, draft, self)}
        return super().add_view(request, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        draft = None if change else session_draft(request)
        if draft:
            for name in draft["initial"]:
                if field := form.base_fields.get(name):
                    field.help_text = " ".join(filter(None, [str(SUGGESTED_HELP), str(field.help_text)]))
                    # A date and time is two inputs, each with its picker's class.
                    for widget in getattr(field.widget, "widgets", [field.widget]):
                        css = widget.attrs.get("class", "")
                        widget.attrs["class"] = f"{css} {SUGGESTED_CLASS}".strip()
        return form

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if (
            inline.model is Participant
            and (obj is None or obj.pk is None)
            and (draft := session_draft(request))
        ):
            kwargs["initial"] = draft["participants"]
        return kwargs

    def response_add(self, request, obj, post_url_continue=None):
        request.session.pop(SESSION_KEY, None)
        return super().response_add(request, obj, post_url_continue)


class PressReleaseParticipantsMixin:
    """For the participants inline: one row per person found in the release."""

    def get_extra(self, request, obj=None, **kwargs):
        if obj is None and (draft := session_draft(request)):
            return len(draft["participants"])
        return super().get_extra(request, obj, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is None and (draft := session_draft(request)):
            # Only the model's fields, made anew for each request: a field the
            # form class declares is shared by every request.
            suggested = {name for participant in draft["participants"] for name in participant}
            for name in suggested & set(formset.form.base_fields):
                formset.form.base_fields[name].help_text = SUGGESTED_HELP
        return formset


class PressReleaseVisitAdminMixin:
    """For the visit admin: the add form filled with the visit a release
    proposes (``?press_release=<token>``, from the meeting's draft); once
    saved, the meeting's draft refers to it and opens again."""

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if (draft := session_draft(request)) and draft.get("visit"):
            initial.pop(DRAFT_PARAMETER, None)
            initial |= draft["visit"]
            for name in ("starts_on", "ends_on"):
                if name in initial:
                    initial[name] = datetime.date.fromisoformat(initial[name])
        return initial

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        draft = None if change else session_draft(request)
        if draft and draft.get("visit"):
            for name in draft["visit"]:
                if field := form.base_fields.get(name):
                    field.help_text = " ".join(filter(None, [str(SUGGESTED_HELP), str(field.help_text)]))
                    for widget in getattr(field.widget, "widgets", [field.widget]):
                        css = widget.attrs.get("class", "")
                        widget.attrs["class"] = f"{css} {SUGGESTED_CLASS}".strip()
        return form

    @property
    def media(self):
        return super().media + forms.Media(css={"all": ["css/press-release.css"]})

    def response_add(self, request, obj, post_url_continue=None):
        data = request.session.get(SESSION_KEY)
        token = request.GET.get(DRAFT_PARAMETER)
        if not data or not token or data.get("token") != token or "_addanother" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        data["initial"]["visit"] = obj.pk
        request.session[SESSION_KEY] = data
        messages.success(
            request,
            gettext(
                "The visit “%(visit)s” is saved. The meeting's draft now refers to it: check it and save."
            )
            % {"visit": obj},
        )
        add_meeting = reverse("admin:meetings_meeting_add", current_app=self.admin_site.name)
        return redirect(f"{add_meeting}?{DRAFT_PARAMETER}={token}")
