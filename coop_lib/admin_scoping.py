"""Row-level access rules for the admin, on top of Django's model permissions.

Model permissions (from the role groups) say which kinds of record a user
may view, add, change or delete. These classes add which rows: querysets
through the model's ``visible_to(user)``, changes and deletions through its
``editable_by(user)``. The same querysets serve lists, exports and feeds, so
the admin cannot drift from the rest of the site. Which department owns a
new record comes from the same querysets (``owner_field``, see
``accounts.querysets``), so this module knows no role.
"""

import functools
from typing import cast

from django.contrib import messages
from django.db import models
from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import ngettext

from coop_lib.admin import RecordAdmin, RecordForm, RecordInlineMixin
from coop_lib.admin_csv import EXPORT_ACTIONS, export_view, import_view
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


def owner_rule(model: type[models.Model]):
    """The model's rows as a role-scoped queryset that names an owner field
    (``accounts.querysets.RoleScopedQuerySet``), or None."""
    rows = model._default_manager.all()
    return rows if getattr(rows, "owner_field", None) else None


class RoleScopedAdmin(CheckedQueryStringMixin, RecordAdmin):
    """The admin of a record of the register: the rows each user may see and
    change, the owner department set for staff, lists that stay fast at a
    million rows, and CSV export and import where ``csv_spec`` and
    ``import_kind`` are declared."""

    object_history_list_template = "admin/history_list.html"
    # Fifty rows fit two screens and render in half the time of Django's
    # hundred, the larger part of a list's cost.
    list_per_page = 50
    # Lists stay fast at millions of rows: counts are bounded (see
    # coop_lib.paginator) and the "N total" second count is not run.
    paginator = BoundedCountPaginator
    show_full_result_count = False
    # The date drill-down without a DISTINCT over every row (templatetags/coop_admin.py).
    bounded_date_hierarchy = True
    # A function returning the export's CsvSpec, built per request for its language.
    csv_spec = None
    # The ``coop_lib.importing.ImportKind`` of the import page.
    import_kind = None

    def get_urls(self):
        pages: list = []
        if self.csv_spec is not None:
            view = self.admin_site.admin_view(functools.partial(export_view, self))
            pages.append(path("export/", view, name=self.url_name("export")))
        if self.import_kind is not None:
            view = self.admin_site.admin_view(functools.partial(import_view, self))
            pages.append(path("import/", view, name=self.url_name("import")))
        return [*pages, *super().get_urls()]

    def get_actions(self, request):
        actions = {name: action for name, action in super().get_actions(request).items() if action}
        if self.csv_spec is not None:
            for export in EXPORT_ACTIONS:
                actions[export.__name__] = (export, export.__name__, export.short_description)
        return {
            name: (self._scoped_action(function), name, description)
            for name, (function, _name, description) in actions.items()
        }

    def changelist_view(self, request, extra_context=None):
        links: dict[str, str] = {}
        if self.csv_spec is not None:
            links["csv_export_url"] = reverse(f"admin:{self.url_name('export')}")
        if self.import_kind is not None and self.has_add_permission(request):
            links["csv_import_url"] = reverse(f"admin:{self.url_name('import')}")
        return super().changelist_view(request, {**links, **(extra_context or {})})

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if hasattr(queryset, "visible_to"):
            return queryset.visible_to(request.user)
        return queryset

    def get_object(self, request, object_id, from_field=None):
        # A record the user may not see is answered like one that does not
        # exist, so its existence leaks nowhere (Django would redirect with a
        # message naming the id).
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def has_add_permission(self, request):
        rule = owner_rule(self.model)
        # Staff add records of their own department, so none without one.
        chosen = rule is None or rule.owner_chosen_by(request.user)
        if not chosen and rule.owner_of_new_records(request.user) is None:
            return False
        return super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or may_edit(request, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or may_manage(request, obj))

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        rule = owner_rule(self.model)
        if rule is not None and not rule.owner_chosen_by(request.user):
            return (*readonly, rule.owner_field)
        return readonly

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        rule = owner_rule(self.model)
        if obj is None and rule is not None and not rule.owner_chosen_by(request.user):
            # Shows staff, on the add form, the department the record will belong to.
            owner = rule.owner_of_new_records(request.user)
            cast(type[RecordForm], form).presets = {f"{rule.owner_field}_id": owner}
        return form

    def save_model(self, request, obj, form, change):
        rule = owner_rule(self.model)
        if not change and rule is not None and not rule.owner_chosen_by(request.user):
            setattr(obj, f"{rule.owner_field}_id", rule.owner_of_new_records(request.user))
        super().save_model(request, obj, form, change)

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

    def _scoped_action(self, function):
        if function in EXPORT_ACTIONS:  # changes nothing: every visible row may go
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


class ParentScopedInline(RecordInlineMixin):  # with an InlineModelAdmin
    """Inline rows follow their parent record: changeable only by those who
    may change the parent."""

    def has_add_permission(self, request, obj):  # type: ignore[override]  # an inline's, with the parent
        return super().has_add_permission(request, obj) and (obj is None or may_edit(request, obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or may_edit(request, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or may_edit(request, obj))


def editable_choices(request, queryset: models.QuerySet) -> models.QuerySet:
    """Limit a form field's choices to the rows the user may change."""
    return queryset & editable_rows(queryset.model, request.user)
