"""Who hears of what: the staff of a department, and the cooperation
division for the whole city. The same roles as everywhere else
(``accounts.roles``): a staff member belongs to the department of their
profile only while they hold the Staf OPD role, as ``department_id_of`` says."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import models

from accounts.models import StaffProfile
from accounts.roles import Role


def staff_by_department(department_ids: Iterable[int]) -> dict[int, list[int]]:
    """The active OPD staff of each department, as user ids, in one query."""
    department_ids = set(department_ids)
    if not department_ids:
        return {}
    rows = (
        StaffProfile.objects.filter(
            department_id__in=department_ids,
            user__is_active=True,
            user__groups__name=Role.DEPARTMENT_STAFF,
        )
        .order_by("user_id")
        .values_list("department_id", "user_id")
        .distinct()
    )
    staff: dict[int, list[int]] = {}
    for department_id, user_id in rows:
        staff.setdefault(department_id, []).append(user_id)
    return staff


def city_wide_users() -> list[int]:
    """The active accounts of the cooperation division, and superusers."""
    return list(
        get_user_model()
        .objects.filter(models.Q(is_superuser=True) | models.Q(groups__name=Role.COOPERATION_ADMIN))
        .filter(is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )
