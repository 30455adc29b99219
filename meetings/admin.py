from django.contrib import admin
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from meetings.models import Attachment, FollowUp, Meeting, Participant, Visit
from meetings.press_release_admin import PressReleaseDraftAdminMixin, PressReleaseParticipantsMixin


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


class ParticipantInline(PressReleaseParticipantsMixin, admin.TabularInline):
    model = Participant
    extra = 0
    autocomplete_fields = ("person",)


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0
    fields = ("description", "owner_department", "due_on", "status", "done_on", "note")
    autocomplete_fields = ("owner_department",)


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(PressReleaseDraftAdminMixin, SimpleHistoryAdmin):
    list_display = ("title", "starts_at", "place", "owner_department", "partner_names", "pending_follow_ups")
    list_filter = ("kind", "mode", "owner_department", "partners__country")
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
            .annotate(pending_follow_up_count=pending_follow_up_count())
            .prefetch_related("partners")
        )

    @admin.display(description=_("partners"))
    def partner_names(self, meeting: Meeting) -> str:
        return ", ".join(partner.name for partner in meeting.partners.all())

    @admin.display(description=_("open follow-ups"), ordering="pending_follow_up_count")
    def pending_follow_ups(self, meeting: Meeting) -> int:
        return meeting.pending_follow_up_count


class MeetingDuringVisitInline(admin.TabularInline):
    model = Meeting
    fields = ("title", "starts_at", "place", "owner_department")
    autocomplete_fields = ("owner_department",)
    show_change_link = True
    extra = 0


@admin.register(Visit)
class VisitAdmin(SimpleHistoryAdmin):
    list_display = ("partner", "direction", "starts_on", "ends_on", "host_department", "member_count")
    list_filter = ("direction", "funding_source", "host_department")
    list_select_related = ("partner", "host_department")
    search_fields = ("partner__name", "purpose", "places")
    date_hierarchy = "starts_on"
    autocomplete_fields = ("partner", "leader", "host_department")
    inlines = (MeetingDuringVisitInline,)


@admin.register(FollowUp)
class FollowUpAdmin(SimpleHistoryAdmin):
    list_display = ("description", "meeting", "owner_department", "due_on", "status", "overdue")
    list_filter = ("status", "owner_department")
    list_select_related = ("meeting", "owner_department")
    search_fields = ("description", "note", "meeting__title")
    date_hierarchy = "due_on"
    autocomplete_fields = ("meeting", "owner_department")

    @admin.display(description=_("overdue"), boolean=True)
    def overdue(self, follow_up: FollowUp) -> bool:
        return follow_up.is_overdue()


@admin.register(Participant)
class ParticipantAdmin(SimpleHistoryAdmin):
    list_display = ("person", "position_held", "role", "meeting")
    list_filter = ("role",)
    list_select_related = ("person", "meeting")
    search_fields = ("person__full_name", "position_held", "meeting__title")
    autocomplete_fields = ("meeting", "person")


@admin.register(Attachment)
class AttachmentAdmin(SimpleHistoryAdmin):
    list_display = ("title", "meeting")
    list_select_related = ("meeting",)
    search_fields = ("title", "meeting__title")
    autocomplete_fields = ("meeting",)
