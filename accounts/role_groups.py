"""The role groups and their model permissions.

Model permissions say what kind of record a role may touch at all; which
rows it may change is decided by accounts.roles and the querysets'
``editable_by``. Kept in code so ``setup_roles`` can restore them any time.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

from accounts.roles import Role

ALL_ACTIONS = ("add", "change", "delete", "view")
APPS = ("partnerships", "meetings")

STAFF_WRITES = {
    "meetings": ("meeting", "visit", "followup", "participant", "attachment"),
    # An OPD keeps the plan-of-action activities it is responsible for.
    "partnerships": ("person", "actionplanitem", "actionplantarget"),
}


def _permissions(**filters) -> list[Permission]:
    return list(Permission.objects.filter(**filters))


def _role_permissions() -> dict[Role, list[Permission]]:
    app_perms = Q(content_type__app_label__in=APPS)
    view_all = _permissions(content_type__app_label__in=APPS, codename__startswith="view_")
    staff_writes = Q()
    for app_label, models in STAFF_WRITES.items():
        for model in models:
            staff_writes |= Q(
                content_type__app_label=app_label,
                codename__in=[
                    f"{action}_{model}"
                    for action in ALL_ACTIONS
                    if not (model == "person" and action == "delete")
                ],
            )
    return {
        Role.COOPERATION_ADMIN: list(
            Permission.objects.filter(
                app_perms
                # Staff profiles, kept on each user's page.
                | Q(content_type__app_label="accounts")
                | Q(
                    content_type__app_label="auth",
                    codename__in=["add_user", "change_user", "view_user", "view_group"],
                )
            )
        ),
        Role.DEPARTMENT_STAFF: list({*view_all, *Permission.objects.filter(staff_writes)}),
        Role.LEADERSHIP: view_all,
    }


@transaction.atomic
def ensure_role_groups() -> None:
    """Create the three groups and set exactly their permissions; idempotent."""
    for role, permissions in _role_permissions().items():
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.set(permissions)
