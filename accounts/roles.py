"""Who a user is in the city's cooperation work.

Three roles, as Django groups (created by ``manage.py setup_roles``):
the Secretariat's cooperation division changes everything, OPD staff change
their own department's records, and leadership reads everything. Every page,
admin screen, export and feed asks these functions, never the groups directly.
"""

from enum import StrEnum

from django.contrib.auth.models import AbstractUser, AnonymousUser
from django.core.exceptions import ObjectDoesNotExist


class Role(StrEnum):
    COOPERATION_ADMIN = "Admin Kerja Sama"
    DEPARTMENT_STAFF = "Staf OPD"
    LEADERSHIP = "Pimpinan"


User = AbstractUser | AnonymousUser


def role_names(user: User) -> frozenset[str]:
    """The user's role groups, read once per user object (that is, per request)."""
    if not user.is_authenticated:
        return frozenset()
    # Kept on the user object (request.user, a lazy object, passes them on):
    # RoleAwareBackend reads the roles with the permissions, in one query; a
    # user from elsewhere reads its groups once.
    if not hasattr(user, "_role_names"):
        user.get_all_permissions()
    if not hasattr(user, "_role_names"):
        user._role_names = frozenset(user.groups.values_list("name", flat=True))  # type: ignore[union-attr, attr-defined]
    return user._role_names  # type: ignore[union-attr, attr-defined]


def is_cooperation_admin(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or Role.COOPERATION_ADMIN in role_names(user))


def is_leadership(user: User) -> bool:
    return Role.LEADERSHIP in role_names(user)


def reads_everything(user: User) -> bool:
    """Sees every record including confidential minutes."""
    return is_cooperation_admin(user) or is_leadership(user)


def has_any_role(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or bool(role_names(user) & set(Role)))


def department_id_of(user: User) -> int | None:
    """The department of an OPD staff member, or None for every other user."""
    if Role.DEPARTMENT_STAFF not in role_names(user):
        return None
    if not hasattr(user, "_department_id"):
        try:
            # Loaded with the user by RoleAwareBackend.get_user.
            department_id = user.staff_profile.department_id  # type: ignore[union-attr, attr-defined]
        except ObjectDoesNotExist:  # no profile yet
            department_id = None
        user._department_id = department_id  # type: ignore[union-attr, attr-defined]
    return user._department_id  # type: ignore[union-attr, attr-defined]
