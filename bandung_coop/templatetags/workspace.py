"""The workspace's figures in the navigation bar."""

from django import template
from django.db.models import Count, Q
from django.utils import timezone

from meetings.models import FollowUp

register = template.Library()


@register.simple_tag
def task_counts(user) -> dict[str, int]:
    """The user's follow-ups still to do, and how many of them are overdue:
    one query, the same rows as Tugas saya."""
    if not user.is_authenticated:
        return {"pending": 0, "overdue": 0}
    return (
        FollowUp.objects.editable_by(user)
        .pending()
        .aggregate(pending=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=timezone.localdate())))
    )
