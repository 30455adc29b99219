"""The dashboard: where the city's foreign cooperation stands, each figure a
link to the list that holds exactly the rows it counts."""

from urllib.parse import urlencode

from django.db.models import Count
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from bandung_coop.pages.access import role_required
from bandung_coop.pages.charts import bar_chart
from bandung_coop.pages.filters import cooperations_by_agreement
from figures import counts
from meetings.activity import dormant_partners
from meetings.models import FollowUp, Meeting, Visit
from partnerships.models import EXPIRY_WARNING_DAYS, ActionPlanTarget, Cooperation, Partner, Sector

TOP_PARTNERS = 10
UPCOMING = 5


def link(name: str, **filters) -> str:
    url = reverse(f"pages:{name}")
    return f"{url}?{urlencode(filters)}" if filters else url


AGREEMENT_STATES = ("active", "expiring", "expired", "dormant")


def agreement_counts(cooperations) -> dict[str, int]:
    """Cooperations of ``cooperations`` per state of their agreements
    (``AGREEMENT_STATES``), as the cooperation list filters them."""
    return {
        state: cooperations.filter(pk__in=cooperations_by_agreement(state).values("pk")).count()
        for state in AGREEMENT_STATES
    }


def cooperations_per_sector():
    """Every sector with ``count``, its cooperations, most first."""
    return Sector.objects.annotate(count=Count("cooperations", distinct=True)).order_by("-count", "name")


def _agreement_figures(cooperations) -> list[dict]:
    labels = {
        "active": _("Agreements in force"),
        "expiring": format_lazy(_("Expiring within {days} days"), days=EXPIRY_WARNING_DAYS),
        "expired": _("Expired"),
        "dormant": _("Dormant"),
    }
    counted = agreement_counts(cooperations)
    return [
        {"label": label, "count": counted[state], "url": link("cooperation_list", agreement=state)}
        for state, label in labels.items()
    ]


def _countries(meetings) -> list[tuple[str, int, str]]:
    return [
        (countries.name(code), count, link("meeting_list", country=code))
        for code, count in counts.meetings_per_country(meetings)
    ]


@role_required
def dashboard(request):
    user, today = request.user, timezone.localdate()
    meetings = Meeting.objects.visible_to(user)
    visits = Visit.objects.visible_to(user)
    cooperations = Cooperation.objects.visible_to(user)
    follow_ups = FollowUp.objects.visible_to(user)

    partners = counts.meetings_per_partner(meetings, Partner.objects.all())[:TOP_PARTNERS]
    sectors = cooperations_per_sector()
    charts = {
        "years": bar_chart(
            _("Meetings per year"),
            [
                (row["year"], row["count"], link("meeting_list", year=row["year"]))
                for row in counts.meetings_per_year(meetings)
            ],
        ),
        "partners": bar_chart(
            _("Meetings per partner"),
            [(p.name, p.meeting_count, link("meeting_list", partner=p.pk)) for p in partners],
        ),
        "countries": bar_chart(_("Meetings per partner country"), _countries(meetings)),
        "departments": bar_chart(
            _("Meetings per owner department"),
            [
                (
                    row["owner_department__acronym"],
                    row["count"],
                    link("meeting_list", opd=row["owner_department"]),
                )
                for row in counts.meetings_per_owner(meetings)
            ],
        ),
        "sectors": bar_chart(
            _("Cooperations per sector"),
            [(s.name, s.count, link("cooperation_list", sector=s.pk)) for s in sectors],
        ),
        "visits": bar_chart(
            _("Delegation visits per year"),
            [
                (row["year"], row["count"], link("visit_list", year=row["year"]))
                for row in visits.count_per_year()
            ],
        ),
    }
    context = {
        "figures": [
            {"label": _("Meetings"), "count": counts.meeting_total(meetings), "url": link("meeting_list")},
            {"label": _("Delegation visits"), "count": visits.count(), "url": link("visit_list")},
            {"label": _("Cooperations"), "count": cooperations.count(), "url": link("cooperation_list")},
            {
                "label": _("Overdue follow-ups"),
                "count": counts.overdue_follow_ups(follow_ups, today),
                "url": link("follow_up_list", overdue="true"),
            },
        ],
        "agreements": _agreement_figures(cooperations),
        "charts": charts,
        "upcoming_meetings": meetings.upcoming()
        .select_related("owner_department")
        .prefetch_related("partners")
        .order_by("starts_at")[:UPCOMING],
        "upcoming_visits": visits.upcoming(today).select_related("partner").order_by("starts_on")[:UPCOMING],
        "overdue_per_department": [
            {**row, "url": link("follow_up_list", opd=row["owner_department"], overdue="true")}
            for row in counts.overdue_per_owner(follow_ups, today)
        ],
        "dormant_partners": dormant_partners(on=today).order_by("name"),
        "achievement_by_year": ActionPlanTarget.objects.visible_to(user).totals_by_year(),
        "achievement_by_department": ActionPlanTarget.objects.visible_to(user).totals_by_department(),
    }
    return render(request, "pages/dashboard.html", context)
