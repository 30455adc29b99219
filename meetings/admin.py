"""The admin of meetings, visits, follow-ups, participants and attachments."""

import dataclasses

from django import forms
from django.contrib import admin
from django.db.models import Count, F, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.template_utils import HistoricalRecordContextHelper

from accounts.roles import department_id_of
from coop_lib.admin import DUPLICATES_CONFIRMED, VIEWING_PAST_VERSION, DuplicateCheckedForm
from coop_lib.admin_scoping import ParentScopedInline, RoleScopedAdmin, editable_choices, may_edit
from coop_lib.expressions import JoinedValues
from meetings.activity import dormant_cooperations
from meetings.csv_columns import follow_up_spec, meeting_spec, visit_spec
from meetings.imports import FollowUpImport, MeetingImport
from meetings.meeting_form import (
    NEW_PERSON_FIELDS,
    ParticipantForm,
    add_new_people,
    form_script_data,
    read_only_reason,
)
from meetings.models import Attachment, FollowUp, Meeting, Participant, Visit
from meetings.press_release_admin import (
    PressReleaseDraftAdminMixin,
    PressReleaseParticipantsMixin,
    PressReleaseVisitAdminMixin,
)
from meetings.services import meeting_create, visit_create
from partnerships import admin as partnerships_admin
from partnerships.models import Cooperation, Partner


def pending_follow_up_count():
    """Correlated subquery, so the changelist needs no GROUP BY over its rows."""
    pending = (
        FollowUp.objects.pending()
        .filter(meeting=OuterRef("pk"))
        .order_by()
        .values("meeting")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(pending, output_field=IntegerField()), 0)


def partner_list():
    """The meeting's partners by name, in the changelist's own query."""
    return JoinedValues(
        Meeting.partners.through.objects.filter(meeting=OuterRef("pk"))
        .annotate(value=F("partner__name"))
        .order_by("value")
        .values("value")
    )


class MeetingChoiceMixin:
    """A record that hangs on a meeting may only be added to a meeting the
    user may change."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "meeting" and field is not None:
            field.queryset = editable_choices(request, field.queryset)
        return field


class ParticipantInline(PressReleaseParticipantsMixin, ParentScopedInline, admin.StackedInline):
    """Stacked, so a row fits a laptop's and a phone's width: the person from
    the register (or one typed here, added with the meeting), role and
    position on one line."""

    model = Participant
    form = ParticipantForm
    extra = 0
    autocomplete_fields = ("person",)
    fieldsets = (
        (None, {"fields": (("person", "role", "position_held"),)}),
        (
            _("Or a person not yet in the register"),
            {
                "fields": (NEW_PERSON_FIELDS,),
                "description": _(
                    "Type their name instead of choosing a person, and their department or partner: they "
                    "are added to the register with this meeting, the position above as their current one."
                ),
            },
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            # Read-only rows: nobody is typed in.
            return fieldsets[:1]
        return fieldsets

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # Django makes the form class for each request: these stay with this one.
        formset.form.user = request.user
        formset.form.admin_site = self.admin_site
        return formset


class FollowUpInline(ParentScopedInline, admin.StackedInline):
    model = FollowUp
    extra = 0
    fields = ("description", ("owner_department", "due_on"), ("status", "done_on"), "note")
    autocomplete_fields = ("owner_department",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("owner_department")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in ("description", "note"):
            # A follow-up is a sentence or two, not a page.
            field.widget.attrs["rows"] = 2
        return field

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # A new follow-up is most often the meeting's owner's own.
        owner = obj.owner_department_id if obj is not None else department_id_of(request.user)
        formset.form.base_fields["owner_department"].initial = owner
        return formset


class AttachmentInline(ParentScopedInline, admin.StackedInline):
    model = Attachment
    extra = 0
    fields = (("title", "file"),)


class PartnerCountryFilter(admin.SimpleListFilter):
    """Meetings involving a partner of the country, as the dashboard counts
    them; only countries that registered partners have are offered."""

    title = _("partner country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        return Partner.objects.countries()

    def queryset(self, request, queryset):
        return queryset.involving_country(self.value()) if self.value() else queryset


@admin.register(Meeting)
class MeetingAdmin(PressReleaseDraftAdminMixin, RoleScopedAdmin):
    csv_spec = staticmethod(meeting_spec)
    import_kind = MeetingImport
    form = DuplicateCheckedForm
    list_display = ("title", "starts_at", "place", "owner_department", "partner_names", "pending_follow_ups")
    list_filter = ("kind", "mode", "owner_department", PartnerCountryFilter)
    list_select_related = ("owner_department",)
    search_fields = ("title", "place", "summary")
    date_hierarchy = "starts_at"
    autocomplete_fields = ("owner_department", "attending_departments", "partners", "cooperations", "visit")
    inlines = (ParticipantInline, FollowUpInline, AttachmentInline)
    fieldsets = (
        (
            None,
            {"fields": ("title", ("starts_at", "ends_at"), "place", ("kind", "mode"), "owner_department")},
        ),
        (_("Who and what"), {"fields": ("attending_departments", "partners", "cooperations", "visit")}),
        (_("Record"), {"fields": ("summary", "minutes", "minutes_confidential", "source_url")}),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(pending_follow_up_count=pending_follow_up_count(), partner_list=partner_list())
        )

    def history_rows(self, request):
        # Past versions show the minutes: only for those who may read them.
        return super().history_rows(request).minutes_readable_by(request.user)

    def get_historical_record_context_helper(self, request, historical_record):
        return MinutesWithheldHelper(self.model, historical_record, user=request.user)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or obj.minutes_readable_by(request.user):
            return fieldsets
        hidden = {"minutes"}
        return [
            (name, {**options, "fields": _without(options["fields"], hidden)}) for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if obj is not None and not obj.minutes_readable_by(request.user):
            return (*readonly, "confidential_notice")
        return readonly

    def get_inlines(self, request, obj):
        if obj is not None and not obj.minutes_readable_by(request.user):
            # Attachments are often the minutes themselves.
            return tuple(inline for inline in self.inlines if inline is not AttachmentInline)
        return self.inlines

    def get_search_results(self, request, queryset, search_term):
        if search_term:
            # Every word, in title, place or summary. Matched as a set of ids,
            # so PostgreSQL reads the trigram indexes first rather than walk
            # the date index hoping to meet a match (5 s against 20 ms at a
            # million meetings).
            matching = Meeting.objects.all()
            for word in search_term.split():
                matching = matching.matching_text(word)
            queryset = queryset.filter(pk__in=matching.values("pk"))
        # The autocomplete of a follow-up's, participant's or attachment's
        # meeting offers only meetings the user may add them to.
        if request.path.endswith("/autocomplete/") and request.GET.get("field_name") == "meeting":
            queryset = editable_choices(request, queryset)
        return queryset, False

    @property
    def media(self):
        return super().media + forms.Media(js=["admin/js/jquery.init.js", "js/meeting-form.js"])

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["meeting_form_data"] = form_script_data(context.get("inline_admin_formsets", []))
        past = getattr(request, VIEWING_PAST_VERSION, False)
        if obj is not None and not past and not self.has_change_permission(request, obj):
            context["readonly_reason"] = read_only_reason(request.user, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is Participant:
            add_new_people(formset, user=request.user)
        super().save_formset(request, form, formset, change)

    def create(self, request, obj, form):
        return meeting_create(
            meeting=obj,
            user=request.user,
            related=form.related_rows(),
            duplicates_confirmed=form.cleaned_data.get(DUPLICATES_CONFIRMED, False),
        )

    @admin.display(description=_("partners"))
    def partner_names(self, meeting: Meeting) -> str:
        return meeting.partner_list or ""

    @admin.display(description=_("open follow-ups"), ordering="pending_follow_up_count")
    def pending_follow_ups(self, meeting: Meeting) -> int:
        return meeting.pending_follow_up_count

    @admin.display(description=_("minutes"))
    def confidential_notice(self, meeting: Meeting) -> str:
        return _("Confidential: readable by the owner department, Bagian Kerja Sama and leadership only.")


class MinutesWithheldHelper(HistoricalRecordContextHelper):
    """The history list's changes, with the minutes of a version that was
    confidential withheld from those who could not read them then: the
    meeting may be open now, its past minutes were not."""

    def __init__(self, model, historical_record, *, user):
        super().__init__(model, historical_record)
        self.user = user

    def context_for_delta_changes(self, delta):
        versions = (delta.old_record, delta.new_record)
        if all(version.instance.minutes_readable_by(self.user) for version in versions):
            return super().context_for_delta_changes(delta)
        withheld = _("(confidential)")
        changes = [
            dataclasses.replace(change, old=withheld, new=withheld) if change.field == "minutes" else change
            for change in delta.changes
        ]
        return super().context_for_delta_changes(dataclasses.replace(delta, changes=changes))


def _without(fields, hidden: set[str]) -> tuple:
    """The fieldset's fields less ``hidden``, keeping rows of several fields."""
    kept = []
    for field in fields:
        if isinstance(field, tuple):
            row = tuple(name for name in field if name not in hidden)
            if row:
                kept.append(row)
        elif field in hidden:
            kept.append("confidential_notice")
        else:
            kept.append(field)
    return tuple(kept)


class MeetingDuringVisitInline(admin.TabularInline):
    """Meetings held during a visit, listed with links; each is recorded on
    its own page, where its owner department applies."""

    model = Meeting
    fields = ("title", "starts_at", "place", "owner_department")
    readonly_fields = fields
    show_change_link = True
    extra = 0

    def has_add_permission(self, request, obj):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Visit)
class VisitAdmin(PressReleaseVisitAdminMixin, RoleScopedAdmin):
    csv_spec = staticmethod(visit_spec)
    form = DuplicateCheckedForm
    list_display = ("partner", "direction", "starts_on", "ends_on", "host_department", "member_count")
    list_filter = ("direction", "funding_source", "host_department")
    list_select_related = ("partner", "host_department")
    search_fields = ("partner__name", "purpose", "places")
    date_hierarchy = "starts_on"
    autocomplete_fields = ("partner", "leader", "host_department")
    inlines = (MeetingDuringVisitInline,)

    def create(self, request, obj, form):
        return visit_create(
            visit=obj,
            user=request.user,
            duplicates_confirmed=form.cleaned_data.get(DUPLICATES_CONFIRMED, False),
        )


@admin.register(FollowUp)
class FollowUpAdmin(MeetingChoiceMixin, RoleScopedAdmin):
    csv_spec = staticmethod(follow_up_spec)
    import_kind = FollowUpImport
    list_display = ("description", "meeting", "owner_department", "due_on", "status", "overdue")
    list_filter = ("status", "owner_department")
    list_select_related = ("meeting", "owner_department")
    search_fields = ("description", "note", "meeting__title")
    date_hierarchy = "due_on"
    autocomplete_fields = ("meeting", "owner_department")

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if obj is None or not may_edit(request, obj):
            return readonly
        # The responsible department of another department's meeting updates
        # the progress only.
        editable = obj.fields_editable_by(request.user)
        if editable is None:
            return readonly
        fixed = [
            f.name
            for f in FollowUp._meta.fields
            if f.editable and not f.primary_key and f.name not in editable
        ]
        return (*readonly, *fixed)

    @admin.display(description=_("overdue"), boolean=True)
    def overdue(self, follow_up: FollowUp) -> bool:
        return follow_up.is_overdue()


@admin.register(Participant)
class ParticipantAdmin(MeetingChoiceMixin, RoleScopedAdmin):
    list_display = ("person", "position_held", "role", "meeting")
    list_filter = ("role",)
    list_select_related = ("person", "meeting")
    search_fields = ("person__full_name", "position_held", "meeting__title")
    autocomplete_fields = ("meeting", "person")


@admin.register(Attachment)
class AttachmentAdmin(MeetingChoiceMixin, RoleScopedAdmin):
    list_display = ("title", "meeting")
    list_select_related = ("meeting",)
    search_fields = ("title", "meeting__title")
    autocomplete_fields = ("meeting",)


class DormancyFilter(admin.SimpleListFilter):
    title = _("dormancy")
    parameter_name = "dormant"

    def lookups(self, request, model_admin):
        return [("yes", _("Dormant: nothing for 12 months"))]

    def queryset(self, request, queryset):
        return dormant_cooperations(queryset) if self.value() == "yes" else queryset


admin.site.unregister(Cooperation)


@admin.register(Cooperation)
class CooperationAdmin(partnerships_admin.CooperationAdmin):
    """The cooperation admin of ``partnerships``, with the filter that needs
    meetings and visits to tell a dormant cooperation."""

    list_filter = ("stage", DormancyFilter, "kind", "sectors", "lead_department")
