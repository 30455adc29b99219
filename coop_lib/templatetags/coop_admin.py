"""The admin's date drill-down without a DISTINCT over every row.

Django lists the years and months that have data with SELECT DISTINCT over
the whole filtered table, a full scan at a million rows. Here the years come
from MIN and MAX (two index look-ups) and a year's months are simply its
twelve months; the day level, bounded by one month, stays Django's own.
"""

import datetime

from django import template
from django.contrib.admin.templatetags.admin_list import date_hierarchy
from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from coop_lib.validators import FIRST_YEAR, LAST_YEAR

register = template.Library()


def _year_range(cl) -> tuple[int, int] | None:
    bounds = cl.queryset.aggregate(first=models.Min(cl.date_hierarchy), last=models.Max(cl.date_hierarchy))
    if bounds["first"] is None:
        return None
    first, last = (
        timezone.localtime(value)
        if isinstance(value, datetime.datetime) and timezone.is_aware(value)
        else value
        for value in (bounds["first"], bounds["last"])
    )
    # Only the years the list accepts (coop_lib.admin_input), whatever a date holds.
    first_year, last_year = max(first.year, FIRST_YEAR), min(last.year, LAST_YEAR)
    return (first_year, last_year) if first_year <= last_year else None


def bounded_date_hierarchy(cl) -> dict | None:
    if not cl.date_hierarchy:
        return None
    field = cl.date_hierarchy
    year_field, month_field = f"{field}__year", f"{field}__month"
    year = cl.params.get(year_field)
    if cl.params.get(month_field) or cl.params.get(f"{field}__day"):
        return date_hierarchy(cl)

    def link(filters):
        return cl.get_query_string(filters, [f"{field}__"])

    if year:
        months = [datetime.date(int(year), month, 1) for month in range(1, 13)]
        return {
            "show": True,
            "back": {"link": link({}), "title": _("All dates")},
            "choices": [
                {
                    "link": link({year_field: year, month_field: month.month}),
                    "title": capfirst(formats.date_format(month, "YEAR_MONTH_FORMAT")),
                }
                for month in months
            ],
        }
    years = _year_range(cl)
    if years is None:
        return {"show": False}
    return {
        "show": True,
        "back": None,
        "choices": [
            {"link": link({year_field: str(each)}), "title": str(each)}
            for each in range(years[0], years[1] + 1)
        ],
    }


register.inclusion_tag("admin/date_hierarchy.html", name="bounded_date_hierarchy")(bounded_date_hierarchy)
