"""Authentication that reads a user's permissions and roles in one query.

Every admin page asks for the user's permissions, role groups and OPD.
Django's ModelBackend reads user and group permissions in two queries and
the roles would need a third; here one UNION reads all three kinds, and the
staff profile comes with the user row itself.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models import CharField, Value


class RoleAwareBackend(ModelBackend):
    def get_user(self, user_id):
        User = get_user_model()
        try:
            user = User._default_manager.select_related("staff_profile").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            self._load_permissions_and_roles(user_obj)
        return user_obj._perm_cache

    def _load_permissions_and_roles(self, user) -> None:
        group_rows = (
            Group.objects.filter(user=user)
            .order_by()
            .values_list("name", "permissions__content_type__app_label", "permissions__codename")
        )
        user_rows = (
            Permission.objects.filter(user=user)
            .order_by()
            .annotate(group_name=Value("", output_field=CharField()))
            .values_list("group_name", "content_type__app_label", "codename")
        )
        rows = list(group_rows.union(user_rows, all=True))
        user._perm_cache = {f"{app}.{codename}" for _name, app, codename in rows if codename}
        user._role_names = frozenset(name for name, _app, _codename in rows if name)
