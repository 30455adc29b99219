"""User accounts with their department, so one page creates an OPD staff
account; the cooperation division keeps them, but grants nothing beyond the
roles."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission
from django.db.models import Prefetch

from accounts.models import StaffProfile
from accounts.roles import Role
from coop_lib.admin_input import CheckedQueryStringMixin
from coop_lib.admin_labels import NamedInputsMixin


class StaffProfileInline(NamedInputsMixin, admin.StackedInline):
    model = StaffProfile
    can_delete = False
    fields = ("department", "email_reminders", "csv_delimiter")
    autocomplete_fields = ("department",)


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class StaffUserAdmin(NamedInputsMixin, CheckedQueryStringMixin, UserAdmin):
    inlines = (StaffProfileInline,)
    list_display = ("username", "first_name", "last_name", "email", "is_active", "department")
    list_select_related = ("staff_profile__department",)
    list_filter = ("groups", "is_active", "staff_profile__department")

    # Only a superuser grants what goes beyond the roles.
    PRIVILEGES = ("is_superuser", "user_permissions")

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return readonly if request.user.is_superuser else (*readonly, *self.PRIVILEGES)

    def has_change_permission(self, request, obj=None):
        # A superuser's account (its password included) is for superusers.
        superuser_account = obj is not None and obj.is_superuser and not request.user.is_superuser
        return not superuser_account and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        superuser_account = obj is not None and obj.is_superuser and not request.user.is_superuser
        return not superuser_account and super().has_delete_permission(request, obj)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.filter(name__in=list(Role))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=StaffProfile._meta.get_field("department").verbose_name)
    def department(self, user) -> str:
        profile = getattr(user, "staff_profile", None)
        return str(profile.department) if profile and profile.department else "—"


admin.site.unregister(Group)


@admin.register(Group)
class RoleGroupAdmin(GroupAdmin):
    def get_queryset(self, request):
        # A role's page lists its permissions by name and model: read together.
        permissions = Permission.objects.select_related("content_type")
        return super().get_queryset(request).prefetch_related(Prefetch("permissions", queryset=permissions))
