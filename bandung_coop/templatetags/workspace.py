"""The workspace's figures in the navigation bar."""

from django import template
from django.db.models import Count, Q
from django.utils import timezone

from meetings.models import FollowUp

register = template.Library()

# The bar shows a count up to here, then "99+": on every page, so the count
# reads at most this many rows of each part however many the city has.
SHOWN_UP_TO = 99


@register.simple_tag
def task_counts(user) -> dict[str, str]:
    """How many of the user's follow-ups are still to do, and how many of
    those are overdue: the rows of Tugas saya, counted up to a bound."""
    if not user.is_authenticated:
        return {"pending": "", "overdue": ""}
    today = timezone.localdate()
    pending = overdue = 0
    for part in FollowUp.objects.tasks_in_parts(user):
        # The first rows by due date: the overdue ones come first, so this
        # many rows hold as many of them as there are, up to the bound.
        first = part.pending().order_by("due_on", "pk").values("pk")[: SHOWN_UP_TO + 1]
        counted = FollowUp.objects.filter(pk__in=first).aggregate(
            pending=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today))
        )
        pending += counted["pending"]
        overdue += counted["overdue"]
    return {"pending": _shown(pending), "overdue": _shown(overdue)}


def _shown(count: int) -> str:
    if count > SHOWN_UP_TO:
        return f"{SHOWN_UP_TO}+"
    return str(count) if count else ""
