"""Row-level access rules for the admin, on top of Django's model permissions.

Model permissions (from the role groups) say which kinds of record a user
may view, add, change or delete. These classes add which rows: querysets
through the model's ``visible_to(user)``, changes and deletions through its
``editable_by(user)``. The same querysets serve lists, exports and feeds, so
the admin cannot drift from the rest of the site.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import models
from django.http import Http404
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from accounts.roles import department_id_of, is_cooperation_admin
from coop_lib.admin import RecordAdmin, RecordInlineMixin
from coop_lib.admin_input import CheckedQueryStringMixin
from coop_lib.ids import parse_id
from coop_lib.paginator import BoundedCountPaginator
from coop_lib.writes import editable_rows, managed_rows, may


def may_edit(request, obj: models.Model) -> bool:
    """Whether the user may change ``obj``, asked once per object and request."""
    return _row_rule(request, obj, editable_rows)


def may_manage(request, obj: models.Model) -> bool:
    """Whether the user may delete ``obj`` (or add one like it), asked once per object and request."""
    return _row_rule(request, obj, managed_rows)


def _row_rule(request, obj: models.Model, rows) -> bool:
    cache = request.__dict__.setdefault("_row_rules", {})
    key = (rows.__name__, type(obj), obj.pk)
    if key not in cache:
        cache[key] = rows(type(obj), request.user).filter(pk=obj.pk).exists()
    return cache[key]


def read_only_action(function):
    """Marks an admin action that changes nothing (an export), so it runs on
    every visible row rather than only on rows the user may change."""
    function.changes_nothing = True
    return function


class RoleScopedAdmin(CheckedQueryStringMixin, RecordAdmin):
    object_history_list_template = "admin/history_list.html"
    # Lists stay fast at millions of rows: counts are bounded (see
    # admin_paginator) and the "N total" second count is not run.
    paginator = BoundedCountPaginator
    show_full_result_count = False
    # The date drill-down without a DISTINCT over every row (templatetags/coop_admin.py).
    bounded_date_hierarchy = True
    # The field holding the owner department, set to the staff member's own
    # department on new records and shown read-only to them.
    owner_field: str | None = None

    @admin.display(description=mark_safe('<input type="checkbox" id="action-toggle">'))
    def action_checkbox(self, obj):
        # Django's markup, written directly: rendering a CheckboxInput through
        # the form renderer per row was a third of a changelist's time.
        label = format_html(gettext("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            label,
        )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if hasattr(queryset, "visible_to"):
            return queryset.visible_to(request.user)
        return queryset

    def has_add_permission(self, request):
        if (
            self.owner_field
            and not is_cooperation_admin(request.user)
            and department_id_of(request.user) is None
        ):
            return False
        return super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or may_edit(request, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or may_manage(request, obj))

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if self.owner_field and not is_cooperation_admin(request.user):
            return (*readonly, self.owner_field)
        return readonly

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if not self.owner_field or obj is not None or is_cooperation_admin(request.user):
            return form
        # Shows staff, on the add form, the department the record will belong to.
        owner_attribute, department_id = f"{self.owner_field}_id", department_id_of(request.user)

        class OwnedByStaffDepartmentForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                setattr(self.instance, owner_attribute, department_id)

        return OwnedByStaffDepartmentForm

    def save_model(self, request, obj, form, change):
        if self.owner_field and not change and not is_cooperation_admin(request.user):
            setattr(obj, f"{self.owner_field}_id", department_id_of(request.user))
        super().save_model(request, obj, form, change)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # A record the user may not see is answered like one that does not
        # exist, so its existence leaks nowhere.
        raise Http404

    def history_visible(self, request, object_id) -> bool:
        """History shows every past value; only users who may see the record
        now may see it (a deleted record's history is for those who may
        restore it)."""
        pk = parse_id(object_id)
        if self.history_rows(request).filter(pk=pk).exists():
            return True
        # A record not in the list: deleted (for those who may restore it) or hidden.
        deleted = not self.model._base_manager.filter(pk=pk).exists()
        return deleted and may(request.user, "restore", self.model)

    def history_rows(self, request) -> models.QuerySet:
        return self.get_queryset(request)

    def history_view(self, request, object_id, extra_context=None):
        if not self.history_visible(request, object_id):
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not self.history_visible(request, object_id):
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        return {
            name: (self._scoped_action(function), name, description)
            for name, (function, name, description) in actions.items()
        }

    def _scoped_action(self, function):
        if getattr(function, "changes_nothing", False):
            return function

        def scoped(modeladmin, request, queryset):
            foreign = queryset.exclude(pk__in=editable_rows(self.model, request.user).values("pk")).count()
            if foreign:
                message = ngettext(
                    "%(count)d selected record belongs to another department; nothing was changed.",
                    "%(count)d selected records belong to other departments; nothing was changed.",
                    foreign,
                ) % {"count": foreign}
                modeladmin.message_user(request, message, messages.ERROR)
                return None
            return modeladmin.run_action_refusably(function, request, queryset)

        scoped.__name__ = getattr(function, "__name__", "action")
        return scoped


class ParentScopedInline(RecordInlineMixin):
    """Inline rows follow their parent record: changeable only by those who
    may change the parent."""

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and (obj is None or may_edit(request, obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or may_edit(request, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or may_edit(request, obj))


def editable_choices(request, queryset: models.QuerySet) -> models.QuerySet:
    """Limit a form field's choices to the rows the user may change."""
    return queryset & editable_rows(queryset.model, request.user)
