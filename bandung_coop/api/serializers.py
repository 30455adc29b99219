"""How each record reads as JSON: codes with their labels, related records
as short references, and minutes only for those who may read them."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from meetings.models import Attachment, FollowUp, Meeting, Participant, Visit
from partnerships.models import (
    Cooperation,
    Department,
    Document,
    FocusArea,
    Partner,
    Person,
    Sector,
    StageChange,
)


@extend_schema_field(OpenApiTypes.URI)
class PageLink(serializers.Field):
    """The absolute address of a record's page on the intranet."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return self.context["request"].build_absolute_uri(value.get_absolute_url())


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class FileLink(serializers.Field):
    """The absolute address of an uploaded file (served only to those who
    may see its record), or null when there is none."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return self.context["request"].build_absolute_uri(value.url) if value else None

    def get_attribute(self, instance):
        # An empty file field is falsy: to_representation must still see it.
        return getattr(instance, self.source)


class DepartmentRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ("id", "acronym", "name")


class PartnerRefSerializer(serializers.ModelSerializer):
    country = serializers.CharField(read_only=True)

    class Meta:
        model = Partner
        fields = ("id", "name", "country")


class SectorRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sector
        fields = ("id", "name")


class FocusAreaRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = FocusArea
        fields = ("id", "name", "sector")


class PersonRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ("id", "full_name")


class CooperationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Cooperation
        fields = ("id", "title")


class MeetingRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Meeting
        fields = ("id", "title", "starts_at")


class DepartmentSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    aliases = serializers.ListField(child=serializers.CharField(), source="alias_list", read_only=True)

    class Meta:
        model = Department
        fields = ("id", "name", "acronym", "kind", "kind_label", "is_active", "email", "aliases")


class PartnerSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    country = serializers.CharField(read_only=True)
    country_name = serializers.CharField(source="country.name", read_only=True)
    aliases = serializers.ListField(child=serializers.CharField(), source="alias_list", read_only=True)
    url = PageLink()

    class Meta:
        model = Partner
        fields = (
            "id",
            "name",
            "kind",
            "kind_label",
            "country",
            "country_name",
            "region",
            "aliases",
            "website",
            "description",
            "url",
            "version",
        )


class DocumentSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    sectors = SectorRefSerializer(many=True, read_only=True)
    file = FileLink()

    class Meta:
        model = Document
        fields = (
            "id",
            "kind",
            "kind_label",
            "number",
            "title",
            "signed_on",
            "valid_from",
            "valid_until",
            "previous",
            "relation",
            "sectors",
            "file",
        )


class StageChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = StageChange
        fields = ("from_stage", "to_stage", "changed_at", "override_reason")


class CooperationSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)
    lead_department = DepartmentRefSerializer(read_only=True)
    supporting_departments = DepartmentRefSerializer(many=True, read_only=True)
    partners = PartnerRefSerializer(many=True, read_only=True)
    sectors = SectorRefSerializer(many=True, read_only=True)
    focus_areas = FocusAreaRefSerializer(many=True, read_only=True)
    documents = DocumentSerializer(many=True, read_only=True)
    stage_changes = StageChangeSerializer(many=True, read_only=True)

    class Meta:
        model = Cooperation
        fields = (
            "id",
            "title",
            "kind",
            "kind_label",
            "stage",
            "stage_label",
            "lead_department",
            "supporting_departments",
            "partners",
            "sectors",
            "focus_areas",
            "started_on",
            "description",
            "documents",
            "stage_changes",
            "updated_at",
        )


class ParticipantSerializer(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = Participant
        fields = ("person", "role", "role_label", "position_held")


class AttachmentSerializer(serializers.ModelSerializer):
    file = FileLink()

    class Meta:
        model = Attachment
        fields = ("id", "title", "file")


class MeetingFollowUpSerializer(serializers.ModelSerializer):
    owner_department = DepartmentRefSerializer(read_only=True)

    class Meta:
        model = FollowUp
        fields = ("id", "description", "owner_department", "due_on", "status")


class MeetingSerializer(serializers.ModelSerializer):
    """A meeting; ``minutes`` is null, and ``attachments`` empty, where the
    minutes are confidential to the caller (``minutes_readable`` false)."""

    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    mode_label = serializers.CharField(source="get_mode_display", read_only=True)
    owner_department = DepartmentRefSerializer(read_only=True)
    attending_departments = DepartmentRefSerializer(many=True, read_only=True)
    partners = PartnerRefSerializer(many=True, read_only=True)
    cooperations = CooperationRefSerializer(many=True, read_only=True)
    minutes_readable = serializers.SerializerMethodField()
    minutes = serializers.SerializerMethodField()
    participants = ParticipantSerializer(many=True, read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True, source="readable_attachments")
    follow_ups = MeetingFollowUpSerializer(many=True, read_only=True)
    url = PageLink()

    class Meta:
        model = Meeting
        fields = (
            "id",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "kind",
            "kind_label",
            "mode",
            "mode_label",
            "owner_department",
            "attending_departments",
            "partners",
            "cooperations",
            "visit",
            "summary",
            "minutes_confidential",
            "minutes_readable",
            "minutes",
            "participants",
            "attachments",
            "follow_ups",
            "source_url",
            "url",
            "updated_at",
        )

    def get_minutes_readable(self, meeting: Meeting) -> bool:
        return meeting.minutes_readable_by(self.context["request"].user)

    def get_minutes(self, meeting: Meeting) -> str | None:
        # ``visible_minutes``: MeetingQuerySet.with_visible_minutes, "" where hidden.
        return meeting.visible_minutes if self.get_minutes_readable(meeting) else None


class VisitSerializer(serializers.ModelSerializer):
    direction_label = serializers.CharField(source="get_direction_display", read_only=True)
    funding_source_label = serializers.CharField(source="get_funding_source_display", read_only=True)
    partner = PartnerRefSerializer(read_only=True)
    leader = PersonRefSerializer(read_only=True, allow_null=True)
    host_department = DepartmentRefSerializer(read_only=True)

    class Meta:
        model = Visit
        fields = (
            "id",
            "direction",
            "direction_label",
            "partner",
            "leader",
            "member_count",
            "starts_on",
            "ends_on",
            "places",
            "purpose",
            "host_department",
            "funding_source",
            "funding_source_label",
            "outcome",
            "updated_at",
        )


class FollowUpSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    meeting = MeetingRefSerializer(read_only=True)
    owner_department = DepartmentRefSerializer(read_only=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)

    class Meta:
        model = FollowUp
        fields = (
            "id",
            "meeting",
            "description",
            "owner_department",
            "due_on",
            "status",
            "status_label",
            "done_on",
            "note",
            "overdue",
            "updated_at",
        )


# The figures: no model, only their shape, for the schema.


class YearCountSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    count = serializers.IntegerField()


class CountryCountSerializer(serializers.Serializer):
    country = serializers.CharField()
    country_name = serializers.CharField()
    count = serializers.IntegerField()


class NamedCountSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    count = serializers.IntegerField()


class AgreementCountsSerializer(serializers.Serializer):
    active = serializers.IntegerField()
    expiring = serializers.IntegerField()
    expired = serializers.IntegerField()
    dormant = serializers.IntegerField()


class TargetTotalsSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    department = serializers.CharField(required=False)
    unit = serializers.CharField()
    target = serializers.DecimalField(max_digits=14, decimal_places=2)
    achieved = serializers.DecimalField(max_digits=14, decimal_places=2)
    targets = serializers.IntegerField()
    targets_met = serializers.IntegerField()


class DashboardSerializer(serializers.Serializer):
    """The dashboard's figures, for the rows the caller sees."""

    meetings = serializers.IntegerField()
    visits = serializers.IntegerField()
    cooperations = serializers.IntegerField()
    overdue_follow_ups = serializers.IntegerField()
    agreements = AgreementCountsSerializer()
    meetings_per_year = YearCountSerializer(many=True)
    meetings_per_partner = NamedCountSerializer(many=True)
    meetings_per_country = CountryCountSerializer(many=True)
    meetings_per_department = NamedCountSerializer(many=True)
    cooperations_per_sector = NamedCountSerializer(many=True)
    visits_per_year = YearCountSerializer(many=True)
    overdue_per_department = NamedCountSerializer(many=True)
    targets_per_year = TargetTotalsSerializer(many=True)
    targets_per_department = TargetTotalsSerializer(many=True)


class SectorCountSerializer(serializers.Serializer):
    sector = serializers.CharField()
    count = serializers.IntegerField()


class OpenDataSerializer(serializers.Serializer):
    """Counts only: no names of people, no titles, nothing confidential."""

    meetings_per_year = YearCountSerializer(many=True)
    visits_per_year = YearCountSerializer(many=True)
    meetings_per_country = CountryCountSerializer(many=True)
    cooperations_per_sector = SectorCountSerializer(many=True)
