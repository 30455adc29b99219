"""The stretch of days the calendar page shows: a month, a week, or a
month's agenda, read from the address (``?view=month&date=2027-02-01``).

An address that says nothing usable (no date, ``date=2027-13-45``, a year
outside ``FIRST_YEAR``..``LAST_YEAR``, an unknown view) shows the month of
today on the city's clock rather than an error: a calendar link pasted
wrong should still open a calendar.
"""

import calendar as weekdays
import datetime
from dataclasses import dataclass
from enum import StrEnum

from coop_lib.validators import FIRST_YEAR, LAST_YEAR

FIRST_DAY = datetime.date(FIRST_YEAR, 1, 1)
LAST_DAY = datetime.date(LAST_YEAR, 12, 31)


class View(StrEnum):
    MONTH = "month"
    WEEK = "week"
    AGENDA = "agenda"


@dataclass(frozen=True)
class Period:
    view: View
    anchor: datetime.date  # the day asked for; its month or week is shown
    start: datetime.date
    end: datetime.date
    previous: datetime.date | None  # the anchor of the period before, None before FIRST_DAY
    next: datetime.date | None

    @property
    def days(self) -> list[datetime.date]:
        count = (self.end - self.start).days + 1
        return [self.start + datetime.timedelta(days=offset) for offset in range(count)]

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


def week_start(day: datetime.date) -> datetime.date:
    """The Monday of ``day``'s week. Weeks start on Monday, as the city's
    (and Django's Indonesian format) count them, in English too: a week's
    link shows the same seven days whatever the reader's language."""
    return day - datetime.timedelta(days=day.weekday())


def _within_range(day: datetime.date) -> datetime.date | None:
    return day if FIRST_DAY <= day <= LAST_DAY else None


def _month_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    last = weekdays.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def _month_after(first: datetime.date) -> datetime.date:
    return (first + datetime.timedelta(days=32)).replace(day=1)


def _month_before(first: datetime.date) -> datetime.date:
    return (first - datetime.timedelta(days=1)).replace(day=1)


def parse_view(value: str | None) -> View:
    try:
        return View(value or View.MONTH)
    except ValueError:
        return View.MONTH


def parse_day(value: str | None, today: datetime.date) -> datetime.date:
    try:
        day = datetime.date.fromisoformat(value or "")
    except ValueError:
        return today
    # Only YYYY-MM-DD: fromisoformat also reads "20270201" and week dates.
    if len(value or "") != 10 or _within_range(day) is None:
        return today
    return day


def period_for(view: View, anchor: datetime.date) -> Period:
    """The period of ``view`` holding ``anchor``, with the anchors of its
    neighbours (None past the range the register's dates keep to)."""
    if view is View.WEEK:
        start = week_start(anchor)
        end = start + datetime.timedelta(days=6)
        return Period(
            view=view,
            anchor=start,
            start=start,
            end=end,
            previous=_within_range(start - datetime.timedelta(days=7)),
            next=_within_range(start + datetime.timedelta(days=7)),
        )
    first, last = _month_of(anchor)
    if view is View.MONTH:
        # The grid's whole weeks: the days of the neighbouring months that
        # share a week row with this month are shown (greyed) too.
        start, end = week_start(first), week_start(last) + datetime.timedelta(days=6)
    else:
        start, end = first, last
    return Period(
        view=view,
        anchor=first,
        start=start,
        end=end,
        previous=_within_range(_month_before(first)) if first > FIRST_DAY else None,
        next=_within_range(_month_after(first)) if last < LAST_DAY else None,
    )


def period_from_query(view: str | None, day: str | None, today: datetime.date) -> Period:
    return period_for(parse_view(view), parse_day(day, today))
