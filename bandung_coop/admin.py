"""The log of reminders sent, the background jobs, and django-axes' login
records with the changelist checks of the register's own lists."""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django_tasks_db.models import DBTaskResult
from simple_history.admin import SimpleHistoryAdmin

from bandung_coop.models import ReminderSent
from coop_lib.admin_input import CheckedHistoryIdsMixin, CheckedQueryStringMixin
from coop_lib.jobs import delete_job_files
from coop_lib.models import Job


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


@admin.register(Job)
class JobAdmin(CheckedQueryStringMixin, admin.ModelAdmin):
    """Every user's jobs, read-only, the failed ones with their reason (the
    technical detail is in the worker's log)."""

    list_display = ("created_at", "title", "user", "status", "done", "total", "finished_at", "error")
    list_filter = ("status",)
    list_select_related = ("user",)
    search_fields = ("title", "user__username", "error")
    date_hierarchy = "created_at"
    fields = (
        "title",
        "task",
        "user",
        "status",
        "done",
        "total",
        "message",
        "error",
        "result",
        "file_name",
        "params",
        "language",
        "return_url",
        "task_result_id",
        "created_at",
        "started_at",
        "updated_at",
        "finished_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    # Only superusers delete jobs by hand (there is no delete permission to
    # grant); old ones go by themselves: manage.py clear_old_jobs.
    def delete_model(self, request, obj):
        delete_job_files(obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for job in queryset:
            delete_job_files(job)
        super().delete_queryset(request, queryset)


admin.site.unregister((AccessAttempt, AccessLog, AccessFailureLog))
# The queue's own rows (untranslated, with tracebacks): the jobs above say
# the same for people, and the worker's log has the detail.
admin.site.unregister(DBTaskResult)


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
