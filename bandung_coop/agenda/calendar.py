"""The calendar page: a month, a week or a month's agenda of what the user
may see, filtered by department and partner, printable.

The period and the filters live in the address (``/kalender/?view=week&
date=2027-02-01&opd=3``), so every link of the page (previous, next, today,
the other views) keeps the filters, and a calendar can be shared as a link.
The filter is a plain form rather than a FilterSet: it narrows four kinds of
record, each by its own field (``entries``).
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from crispy_forms.layout import Hidden, Layout
from django import forms
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from bandung_coop.agenda.entries import KIND_LABELS, Entry, Filters, Kind, PeriodEntries, entries_by_day
from bandung_coop.agenda.periods import Period, View, period_from_query
from bandung_coop.pages.access import role_required
from bandung_coop.pages.filters import GetFormHelper
from partnerships.models import Department, Partner

VIEW_LABELS: dict[View, Promise] = {
    View.MONTH: _("Monthly"),
    View.WEEK: _("Weekly"),
    View.AGENDA: _("Agenda"),
}
PREVIOUS_LABELS: dict[View, Promise] = {
    View.MONTH: _("Previous month"),
    View.WEEK: _("Previous week"),
    View.AGENDA: _("Previous month"),
}
NEXT_LABELS: dict[View, Promise] = {
    View.MONTH: _("Next month"),
    View.WEEK: _("Next week"),
    View.AGENDA: _("Next month"),
}
KIND_EXPLANATIONS: dict[Kind, Promise] = {
    Kind.MEETING: _("at its time, on the city's clock (WIB)"),
    Kind.VISIT: _("on each day of the visit"),
    Kind.FOLLOW_UP: _("still to do, on its due date; “overdue” once that has passed"),
    Kind.AGREEMENT: _("the last day a signed document is valid"),
}


def _filter_form_helper(period: Period) -> GetFormHelper:
    helper = GetFormHelper()
    # The period stays as it is when the filter changes.
    helper.layout = Layout(
        "opd", "partner", Hidden("view", period.view.value), Hidden("date", period.anchor.isoformat())
    )
    return helper


class CalendarFilterForm(forms.Form):
    opd = forms.ModelChoiceField(
        queryset=Department.objects.order_by("acronym"),
        required=False,
        empty_label=_("All"),
        label=_("Department"),
        error_messages={
            "invalid_choice": _("No department has this number; the calendar shows every department.")
        },
    )
    partner = forms.ModelChoiceField(
        queryset=Partner.objects.order_by("name"),
        required=False,
        empty_label=_("All"),
        label=_("Partner"),
        error_messages={"invalid_choice": _("No partner has this number; the calendar shows every partner.")},
    )

    def __init__(self, data, *, period: Period) -> None:
        super().__init__(data)
        self.helper = _filter_form_helper(period)

    def filters(self) -> Filters:
        """The filters that are valid; a wrong one is shown as the form's
        error and leaves the calendar unfiltered by it."""
        self.is_valid()
        return Filters(department=self.cleaned_data.get("opd"), partner=self.cleaned_data.get("partner"))


@dataclass(frozen=True)
class Day:
    date: datetime.date
    entries: list[Entry]  # the first ones of the day's (entries.SHOWN_PER_DAY)
    is_today: bool
    in_period: bool  # False for the neighbouring months' days of a month grid
    more: int = 0  # the day's entries not shown
    more_url: str = ""  # the meetings of the day, in the list that holds them all


def calendar_address(view: View, day: datetime.date, filters: Filters) -> str:
    query = {"view": view.value, "date": day.isoformat()}
    if filters.department:
        query["opd"] = str(filters.department.pk)
    if filters.partner:
        query["partner"] = str(filters.partner.pk)
    return f"{reverse('calendar')}?{urlencode(query)}"


def _days(
    days: list[datetime.date],
    found: PeriodEntries,
    today: datetime.date,
    month: int | None = None,
    filters: Filters | None = None,
) -> list[Day]:
    return [
        Day(
            date=day,
            entries=found.by_day.get(day, []),
            is_today=day == today,
            in_period=month is None or day.month == month,
            more=found.more.get(day, 0),
            more_url=_meetings_of_day(day, filters) if found.more.get(day) else "",
        )
        for day in days
    ]


def _meetings_of_day(day: datetime.date, filters: Filters | None) -> str:
    query = {"date_from": day.isoformat(), "date_until": day.isoformat()}
    if filters and filters.department:
        query["opd"] = str(filters.department.pk)
    if filters and filters.partner:
        query["partner"] = str(filters.partner.pk)
    return f"{reverse('pages:meeting_list')}?{urlencode(query)}"


def _navigation(period: Period, filters: Filters, today: datetime.date) -> dict:
    return {
        "previous_url": calendar_address(period.view, period.previous, filters) if period.previous else None,
        "previous_label": PREVIOUS_LABELS[period.view],
        "next_url": calendar_address(period.view, period.next, filters) if period.next else None,
        "next_label": NEXT_LABELS[period.view],
        "today_url": calendar_address(period.view, today, filters),
        "views": [
            (VIEW_LABELS[view], calendar_address(view, period.anchor, filters), view is period.view)
            for view in View
        ],
    }


@role_required
def calendar_page(request):
    today = timezone.localdate()
    period = period_from_query(request.GET.get("view"), request.GET.get("date"), today)
    form = CalendarFilterForm(request.GET, period=period)
    filters = form.filters()
    found = entries_by_day(request.user, period.start, period.end, filters, today=today)
    # The month grid's days of the neighbouring months are greyed; the list
    # of the month (on a phone, and the agenda) leaves them out.
    month = period.anchor.month if period.view is View.MONTH else None
    all_days = _days(period.days, found, today, month, filters)
    context = {
        "title": _("Calendar"),
        "period": period,
        # The lists' filter form (``pages/_filters.html``): behind a button on a phone.
        "filter": {"form": form},
        "active_filters": sum(1 for name in form.fields if request.GET.get(name)),
        "filters": filters,  # named on paper, where the form is not printed
        "weeks": [all_days[index : index + 7] for index in range(0, len(all_days), 7)],
        "weekdays": period.days[:7],
        # The list of days: every day of a week, the days with entries of a month.
        "listed_days": [
            day for day in all_days if day.in_period and (day.entries or period.view is View.WEEK)
        ],
        "legend": [(kind, KIND_LABELS[kind], KIND_EXPLANATIONS[kind]) for kind in Kind],
        "has_entries": any(day.entries for day in all_days if day.in_period),
        "cut": found.cut,
        **_navigation(period, filters, today),
    }
    return render(request, "agenda/calendar.html", context)
