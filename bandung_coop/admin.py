"""User accounts with their department, so one page creates an OPD staff
account; the log of reminders sent; django-axes' login records with the
changelist checks of the register's own lists."""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from bandung_coop.models import ReminderSent
from partnerships.admin_input import CheckedHistoryIdsMixin, CheckedQueryStringMixin
from partnerships.models import StaffProfile
from partnerships.roles import Role


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    can_delete = False
    fields = ("department", "email_reminders", "csv_delimiter")
    autocomplete_fields = ("department",)


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class StaffUserAdmin(CheckedQueryStringMixin, UserAdmin):
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


@admin.register(ReminderSent)
class ReminderSentAdmin(CheckedQueryStringMixin, CheckedHistoryIdsMixin, SimpleHistoryAdmin):
    """Read-only: the answer to "was Disnaker told about this?"."""

    list_display = ("sent_on", "department", "kind", "object_id", "threshold_days", "due_on", "recipients")
    list_filter = ("kind", "department")
    list_select_related = ("department",)
    search_fields = ("recipients",)
    date_hierarchy = "sent_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # django-simple-history saves a posted past version for anyone who may
        # view the record, though it shows no Revert button to them.
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


admin.site.unregister((AccessAttempt, AccessLog, AccessFailureLog))


@admin.register(AccessAttempt)
class FailedLoginAdmin(CheckedQueryStringMixin, AccessAttemptAdmin):
    @admin.action(description=AccessAttemptAdmin.cleanup_expired_attempts.short_description)
    def cleanup_expired_attempts(self, request, queryset):
        # django-axes reads the request's attempt time, which it sets only on
        # login requests: without it the action fails (jazzband/django-axes#1424).
        AxesProxyHandler.update_request(request)
        return super().cleanup_expired_attempts(request, queryset)


@admin.register(AccessLog)
class CheckedAccessLogAdmin(CheckedQueryStringMixin, AccessLogAdmin):
    pass


@admin.register(AccessFailureLog)
class CheckedAccessFailureLogAdmin(CheckedQueryStringMixin, AccessFailureLogAdmin):
    pass
