"""The API's endpoints: each list with its filters, each record, the
dashboard's figures and the open data. Every row comes through the models'
row rules for the caller (``visible_to``, the minutes' rule)."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from bandung_coop.api import serializers
from bandung_coop.api.access import LogTokenUse, OpenDataThrottle
from bandung_coop.api.filters import DepartmentFilter, PartnerFilter
from bandung_coop.pages.dashboard import TOP_PARTNERS, agreement_counts, cooperations_per_sector
from bandung_coop.pages.filters import CooperationFilter, FollowUpFilter, MeetingFilter, VisitFilter
from figures import counts
from meetings.models import Attachment, FollowUp, Meeting, Participant, Visit
from partnerships.models import ActionPlanTarget, Cooperation, Department, Document, Partner


def record_ids(*names: str):
    """The filters that take a record's id but read it in a method of their
    FilterSet, where the schema cannot see the type."""
    parameters = [OpenApiParameter(name, int, description=f"The id of a {name}.") for name in names]
    return extend_schema_view(list=extend_schema(parameters=parameters))


class ReadOnlyViewSet(LogTokenUse, viewsets.ReadOnlyModelViewSet):
    """A list, paginated by ``cursor_ordering``, and its records by id."""

    cursor_ordering: tuple[str, str]

    def get_queryset(self):
        # Any order the rows come in is replaced by the cursor's; a record
        # read by id needs none.
        return self.rows(self.request.user)

    def rows(self, user):
        raise NotImplementedError


class DepartmentViewSet(ReadOnlyViewSet):
    """The city's departments (OPD) and enterprises."""

    serializer_class = serializers.DepartmentSerializer
    filterset_class = DepartmentFilter
    cursor_ordering = ("acronym", "pk")

    def rows(self, user):
        return Department.objects.all()


class PartnerViewSet(ReadOnlyViewSet):
    """The foreign partners."""

    serializer_class = serializers.PartnerSerializer
    filterset_class = PartnerFilter
    cursor_ordering = ("name", "pk")

    def rows(self, user):
        return Partner.objects.all()


class CooperationViewSet(ReadOnlyViewSet):
    """Cooperations with their documents and stage changes; filtered as the
    cooperation list (/kerja-sama/)."""

    serializer_class = serializers.CooperationSerializer
    filterset_class = CooperationFilter
    cursor_ordering = ("title", "pk")

    def rows(self, user):
        return (
            Cooperation.objects.visible_to(user)
            .select_related("lead_department")
            .prefetch_related(
                "supporting_departments",
                "partners",
                "sectors",
                "focus_areas",
                Prefetch(
                    "documents",
                    queryset=Document.objects.order_by("-signed_on", "pk").prefetch_related("sectors"),
                ),
                "stage_changes",
            )
        )


@record_ids("partner", "sector")
class MeetingViewSet(ReadOnlyViewSet):
    """Meetings with their partners, participants and follow-ups; minutes and
    attachments only where the caller may read the minutes. Filtered as the
    meeting list (/pertemuan/)."""

    serializer_class = serializers.MeetingSerializer
    filterset_class = MeetingFilter
    cursor_ordering = ("-starts_at", "-pk")

    def rows(self, user):
        return (
            Meeting.objects.visible_to(user)
            .with_visible_minutes(user)
            .select_related("owner_department")
            .prefetch_related(
                "attending_departments",
                "partners",
                "cooperations",
                Prefetch("participants", queryset=Participant.objects.select_related("person")),
                Prefetch(
                    "attachments",
                    queryset=Attachment.objects.visible_to(user),
                    to_attr="readable_attachments",
                ),
                Prefetch(
                    "follow_ups",
                    queryset=FollowUp.objects.visible_to(user).select_related("owner_department"),
                ),
            )
        )


class VisitViewSet(ReadOnlyViewSet):
    """Delegation visits; filtered as the visit list (/kunjungan/)."""

    serializer_class = serializers.VisitSerializer
    filterset_class = VisitFilter
    cursor_ordering = ("-starts_on", "-pk")

    def rows(self, user):
        return Visit.objects.visible_to(user).select_related("partner", "leader", "host_department")


@record_ids("partner")
class FollowUpViewSet(ReadOnlyViewSet):
    """Follow-ups, newest first; filtered as the follow-up list (/tindak-lanjut/)."""

    serializer_class = serializers.FollowUpSerializer
    filterset_class = FollowUpFilter
    cursor_ordering = ("-created_at", "-pk")

    def rows(self, user):
        return FollowUp.objects.visible_to(user).select_related("meeting", "owner_department")


def _year_counts(rows) -> list[dict]:
    return [{"year": row["year"], "count": row["count"]} for row in rows]


def _country_counts(meetings) -> list[dict]:
    return [
        {"country": code, "country_name": countries.name(code), "count": count}
        for code, count in counts.meetings_per_country(meetings)
    ]


def _target_totals(rows, *, department: bool = False) -> list[dict]:
    return [
        {
            "year": row["year"],
            **({"department": row["item__owner_department__acronym"]} if department else {}),
            "unit": row["item__unit"],
            "target": row["target_total"],
            "achieved": row["achieved_total"],
            "targets": row["rows"],
            "targets_met": row["rows_met"],
        }
        for row in rows
    ]


class DashboardView(LogTokenUse, APIView):
    """The dashboard's figures (/), from the same functions, for the rows the
    caller sees."""

    @extend_schema(responses=serializers.DashboardSerializer)
    def get(self, request):
        user, today = request.user, timezone.localdate()
        meetings = Meeting.objects.visible_to(user)
        visits = Visit.objects.visible_to(user)
        cooperations = Cooperation.objects.visible_to(user)
        follow_ups = FollowUp.objects.visible_to(user)
        targets = ActionPlanTarget.objects.visible_to(user)
        partners = counts.meetings_per_partner(meetings, Partner.objects.all())[:TOP_PARTNERS]
        figures = {
            "meetings": counts.meeting_total(meetings),
            "visits": visits.count(),
            "cooperations": cooperations.count(),
            "overdue_follow_ups": counts.overdue_follow_ups(follow_ups, today),
            "agreements": agreement_counts(cooperations),
            "meetings_per_year": _year_counts(counts.meetings_per_year(meetings)),
            "meetings_per_partner": [
                {"id": partner.pk, "name": partner.name, "count": partner.meeting_count}
                for partner in partners
            ],
            "meetings_per_country": _country_counts(meetings),
            "meetings_per_department": [
                {
                    "id": row["owner_department"],
                    "name": row["owner_department__acronym"],
                    "count": row["count"],
                }
                for row in counts.meetings_per_owner(meetings)
            ],
            "cooperations_per_sector": [
                {"id": sector.pk, "name": sector.name, "count": sector.count}
                for sector in cooperations_per_sector()
            ],
            "visits_per_year": _year_counts(visits.count_per_year()),
            "overdue_per_department": [
                {
                    "id": row["owner_department"],
                    "name": row["owner_department__acronym"],
                    "count": row["count"],
                }
                for row in counts.overdue_per_owner(follow_ups, today)
            ],
            "targets_per_year": _target_totals(targets.totals_by_year()),
            "targets_per_department": _target_totals(targets.totals_by_department(), department=True),
        }
        return Response(serializers.DashboardSerializer(figures).data)


class OpenDataView(APIView):
    """Aggregate open data for the city's data portal, without a token:
    meetings and visits per year, meetings per partner country, cooperations
    per sector. Counts only: no person, title or minutes."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [OpenDataThrottle]

    @extend_schema(responses=serializers.OpenDataSerializer, auth=[])
    def get(self, request):
        # The whole register: every role sees every meeting, visit and
        # cooperation, and only their counts leave here.
        meetings = Meeting.objects.all()
        figures = {
            "meetings_per_year": _year_counts(counts.meetings_per_year(meetings)),
            "visits_per_year": _year_counts(Visit.objects.all().count_per_year()),
            "meetings_per_country": _country_counts(meetings),
            "cooperations_per_sector": [
                {"sector": sector.name, "count": sector.count} for sector in cooperations_per_sector()
            ],
        }
        return Response(serializers.OpenDataSerializer(figures).data)


class SchemaView(LogTokenUse, SpectacularAPIView):
    pass


class DocsView(SpectacularSwaggerSplitView):
    # The package's page less its inline style, which the CSP forbids.
    template_name = "api/swagger_ui.html"


ROOT_ENTRIES = (
    "departments",
    "partners",
    "cooperations",
    "meetings",
    "visits",
    "follow-ups",
    "dashboard",
    "open-data",
    "schema",
    "docs",
)


class RootView(LogTokenUse, APIView):
    """The API's addresses, to start from."""

    @extend_schema(exclude=True)
    def get(self, request):
        return Response({name: request.build_absolute_uri(reverse(f"api:{name}")) for name in ROOT_ENTRIES})


class UnknownAddressView(LogTokenUse, APIView):
    """Any other address under /api/v1/: a 404 in JSON, as every other answer."""

    @extend_schema(exclude=True)
    def get(self, request, path):
        raise NotFound(_("The API has no such address; /api/v1/ lists them."))
