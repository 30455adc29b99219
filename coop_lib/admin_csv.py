"""CSV in the admin: the export of the whole filtered list (a link) or of the
selected rows (an action), and the import with its preview. Views of a
model admin that declares ``csv_spec`` and ``csv_import_plan``
(``coop_lib.admin_scoping.RoleScopedAdmin``). An export of more rows than
a request should stream runs as a background job (``coop_lib.export_jobs``)."""

from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ERROR_FLAG
from django.contrib.messages import MessageFailure
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coop_lib.csv_export import csv_response, delimiter_for
from coop_lib.csv_import import (
    CREATE,
    UNCHANGED,
    UPDATE,
    ImportFileError,
    ImportPlan,
    RowError,
    decode,
    read_rows,
)
from coop_lib.export_jobs import EXPORT_RESULT_TEMPLATE, start_export, too_large_for_request, write_export
from coop_lib.jobs import JobFailed, RunningJob, job_task

IMPORT_SESSION_KEY = "coop_lib.csv_import"


def changelist_rows(model_admin, request) -> models.QuerySet | None:
    """The changelist's own rows (filters, search, date drill-down, row
    rules), or None when the address holds a filter the list refuses."""
    try:
        return model_admin.get_changelist_instance(request).get_queryset(request)
    except IncorrectLookupParameters:
        return None


def _changelist_url(model_admin) -> str:
    opts = model_admin.model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")


def _export_title(model_admin) -> str:
    return gettext("CSV export: %(list)s") % {"list": model_admin.model._meta.verbose_name_plural}


def export_view(model_admin, request):
    """The changelist's rows as CSV: streamed, or a job when there are many."""
    if not model_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    delimiter = delimiter_for(request)
    # The changelist refuses parameters it does not know.
    request.GET = request.GET.copy()
    request.GET.pop("sep", None)
    rows = changelist_rows(model_admin, request)
    if rows is None:
        # Answered as the list answers the same address: the whole list, with the reason.
        return redirect(_changelist_url(model_admin) + f"?{ERROR_FLAG}=1")
    if too_large_for_request(rows):
        query = request.GET.urlencode()
        return start_export(
            export_changelist,
            request=request,
            title=_export_title(model_admin),
            params={"model": model_admin.model._meta.label_lower, "query": query, "delimiter": delimiter},
            return_url=_changelist_url(model_admin) + (f"?{query}" if query else ""),
        )
    return csv_response(queryset=rows, spec=model_admin.csv_spec(), request=request, delimiter=delimiter)


@admin.action(description=_("Export selected rows as CSV"))
def export_selected_as_csv(model_admin, request, queryset):
    if too_large_for_request(queryset):
        # "Select all N" takes the whole filtered list; otherwise the rows ticked.
        every_row = request.POST.get("select_across") == "1"
        ids = None if every_row else list(queryset.values_list("pk", flat=True))
        query = request.GET.urlencode()
        return start_export(
            export_changelist,
            request=request,
            title=_export_title(model_admin),
            params={
                "model": model_admin.model._meta.label_lower,
                "query": query,
                "delimiter": delimiter_for(request),
                "ids": ids,
            },
            return_url=_changelist_url(model_admin) + (f"?{query}" if query else ""),
        )
    return csv_response(queryset=queryset, spec=model_admin.csv_spec(), request=request)


@job_task(result_template=EXPORT_RESULT_TEMPLATE)
def export_changelist(
    job: RunningJob, *, model: str, query: str, delimiter: str, ids: list[int] | None = None
) -> None:
    """The export of an admin list too long for a request: the changelist
    rebuilt from the same address for the same user, written as a file."""
    try:
        model_admin = admin.site.get_model_admin(apps.get_model(model))
    except (LookupError, NotRegistered) as gone:
        raise JobFailed(gettext("This list no longer exists in the admin.")) from gone
    csv_spec = getattr(model_admin, "csv_spec", None)
    if csv_spec is None:
        raise JobFailed(gettext("This list no longer exists in the admin."))
    opts = model_admin.model._meta
    request = job.request(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_export"), query, csv_delimiter=delimiter
    )
    if not model_admin.has_view_or_change_permission(request):
        raise JobFailed(gettext("You may no longer read this list, so it was not exported."))
    try:
        rows = changelist_rows(model_admin, request)
    except MessageFailure:  # the list's refusal, told as a message to a request that has none
        rows = None
    if rows is None:
        raise JobFailed(gettext("The list no longer accepts these filters; open the list and export again."))
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    write_export(
        job,
        csv_response(queryset=rows, spec=csv_spec(), request=request, delimiter=delimiter),
        rows,
    )


def import_session_key(model_admin) -> str:
    # One pending file per kind of record: a preview of partners open in
    # another tab must not be confirmed as meetings.
    return f"{IMPORT_SESSION_KEY}.{model_admin.model._meta.label_lower}"


def import_view(model_admin, request):
    """Upload, preview with per-row errors, confirm: nothing is written
    unless every row is valid, and then in one transaction."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Import CSV"),
    }
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm(model_admin, request, context)
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ImportFileError(_("Choose a CSV file to import."))
            text = decode(upload.read())
            _header, rows = read_rows(text)
        except ImportFileError as error:
            context["file_error"] = str(error)
            return TemplateResponse(request, "admin/csv_import.html", context)
        plan = model_admin.csv_import_plan(rows, request.user)
        # The versions the preview showed: confirming must not overwrite
        # what someone else saved in between.
        seen = {str(row.row): row.expected_version for row in plan.planned if row.action != CREATE}
        warned = [row.row for row in plan.planned if row.warnings]
        request.session[import_session_key(model_admin)] = {"text": text, "versions": seen, "warned": warned}
        context |= {"plan": plan, "file_name": upload.name}
    return TemplateResponse(request, "admin/csv_import.html", context)


def _confirm(model_admin, request, context):
    key = import_session_key(model_admin)
    pending = request.session.pop(key, None)
    if not isinstance(pending, dict):
        context["file_error"] = _("The uploaded file has expired; upload it again.")
        return TemplateResponse(request, "admin/csv_import.html", context)
    _header, rows = read_rows(pending["text"])
    plan = model_admin.csv_import_plan(rows, request.user)
    if not plan.is_valid:
        context["plan"] = plan
        return TemplateResponse(request, "admin/csv_import.html", context)
    newly_warned = [row for row in plan.planned if row.warnings and row.row not in pending.get("warned", [])]
    if newly_warned:
        # A look-alike was recorded since the preview: shown before anything is written.
        context |= {
            "plan": plan,
            "file_error": _("Rows now look like records saved since the preview: check them."),
        }
        request.session[key] = pending | {"warned": [row.row for row in plan.planned if row.warnings]}
        return TemplateResponse(request, "admin/csv_import.html", context)
    try:
        with transaction.atomic():
            for row in plan.planned:
                if row.action != CREATE:
                    # Refused by the write door if the record changed since the
                    # preview, or if it did not exist then (-1 is no version).
                    row.expected_version = pending["versions"].get(str(row.row), -1)
                _write(row, request.user)
    except RowWriteError as failure:
        # Another user changed the register between preview and confirm.
        context["plan"] = ImportPlan(errors=[failure.error])
        return TemplateResponse(request, "admin/csv_import.html", context)
    model_admin.message_user(
        request,
        _("%(created)d rows created, %(updated)d updated and %(unchanged)d unchanged.")
        % {"created": plan.count(CREATE), "updated": plan.count(UPDATE), "unchanged": plan.count(UNCHANGED)},
        messages.SUCCESS,
    )
    opts = model_admin.model._meta
    return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")


def _write(row, user) -> None:
    try:
        row.write(user)
    except (ValidationError, IntegrityError) as error:
        reason = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        message = _("Nothing was written: this row could not be saved (%(reason)s).") % {"reason": reason}
        raise RowWriteError(RowError(row.row, "", message)) from error


class RowWriteError(Exception):
    def __init__(self, error: RowError):
        super().__init__(error.reason)
        self.error = error
