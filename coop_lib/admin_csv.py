"""CSV in the admin: the export of the whole filtered list (a link) or of the
selected rows (an action), and the import of a sheet with its preview. Views
of a model admin that declares ``csv_spec`` and ``import_kind``
(``coop_lib.admin_scoping.RoleScopedAdmin``). An export of more rows than
a request should stream runs as a background job (``coop_lib.export_jobs``)."""

import io
import posixpath
import uuid

import xlsxwriter
from django.apps import apps
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ERROR_FLAG
from django.contrib.messages import MessageFailure
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coop_lib.csv_export import csv_response, delimiter_for
from coop_lib.export_jobs import (
    EXPORT_RESULT_TEMPLATE,
    start_export,
    too_large_for_request,
    write_export,
    write_workbook_export,
)
from coop_lib.import_jobs import confirm_import, preview_import
from coop_lib.importing import UNUSED, headings_signature
from coop_lib.jobs import JobFailed, RunningJob, enqueue, job_task
from coop_lib.models import ImportMapping, Job
from coop_lib.spreadsheets import SheetError, read_sheet
from coop_lib.uploads import KeptFile, keep, kept_file
from coop_lib.xlsx_export import About, workbook_response


def changelist_of(model_admin, request):
    """The changelist of the address, or None when it holds a filter the list refuses."""
    try:
        return model_admin.get_changelist_instance(request)
    except IncorrectLookupParameters:
        return None


def changelist_rows(model_admin, request) -> models.QuerySet | None:
    """The changelist's own rows (filters, search, date drill-down, row
    rules), or None when the address holds a filter the list refuses."""
    changelist = changelist_of(model_admin, request)
    return None if changelist is None else changelist.get_queryset(request)


# Parameters of a changelist's address that choose no rows.
NOT_FILTERS = {"q", "o", "p", ERROR_FLAG, "_changelist_filters"}


def about_export(model_admin, request, changelist) -> About:
    """What a workbook's first sheet says: the list, the user, each filter
    with the value chosen (as the list's sidebar names them), the search."""
    filters, described = [], set()
    for spec in changelist.filter_specs:
        parameters = spec.expected_parameters()
        if any(parameter in request.GET for parameter in parameters):
            chosen = next(
                (choice["display"] for choice in spec.choices(changelist) if choice["selected"]), ""
            )
            filters.append((str(spec.title), str(chosen)))
            described.update(parameters)
    for parameter, value in request.GET.items():
        if parameter not in described and parameter not in NOT_FILTERS:
            filters.append((parameter, value))  # the date drill-down, as the address gives it
    if changelist.query:
        filters.append((gettext("Search"), changelist.query))
    title = str(model_admin.model._meta.verbose_name_plural)
    return About(title=title[:1].upper() + title[1:], user=request.user.get_username(), filters=filters)


def _record_link(model_admin):
    opts = model_admin.model._meta
    name = f"admin:{opts.app_label}_{opts.model_name}_change"
    return lambda pk: settings.SITE_URL + reverse(name, args=[pk])


def _workbook(model_admin, request, changelist, *, selected: list | None = None) -> dict:
    """What the workbook of a changelist (or of the rows ``selected`` in
    it) is made of, besides its rows."""
    about = about_export(model_admin, request, changelist)
    if selected is not None:
        about.filters.append((gettext("Selected rows"), str(len(selected))))
    return {"spec": model_admin.csv_spec(), "about": about, "link": _record_link(model_admin)}


def _changelist_url(model_admin) -> str:
    opts = model_admin.model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")


CSV_FORMAT, XLSX_FORMAT = "csv", "xlsx"


def _export_title(model_admin, kind: str = CSV_FORMAT) -> str:
    if kind == XLSX_FORMAT:
        return gettext("Excel export: %(list)s") % {"list": model_admin.model._meta.verbose_name_plural}
    return gettext("CSV export: %(list)s") % {"list": model_admin.model._meta.verbose_name_plural}


def export_view(model_admin, request):
    """The changelist's rows as CSV, or as a workbook with ``?format=xlsx``:
    streamed, or a job when there are many."""
    if not model_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    delimiter = delimiter_for(request)
    # The changelist refuses parameters it does not know.
    request.GET = request.GET.copy()
    request.GET.pop("sep", None)
    kind = XLSX_FORMAT if request.GET.pop("format", [""])[-1] == XLSX_FORMAT else CSV_FORMAT
    changelist = changelist_of(model_admin, request)
    if changelist is None:
        # Answered as the list answers the same address: the whole list, with the reason.
        return redirect(_changelist_url(model_admin) + f"?{ERROR_FLAG}=1")
    rows = changelist.get_queryset(request)
    if too_large_for_request(rows):
        query = request.GET.urlencode()
        return start_export(
            export_changelist,
            request=request,
            title=_export_title(model_admin, kind),
            params={
                "model": model_admin.model._meta.label_lower,
                "query": query,
                "delimiter": delimiter,
                "kind": kind,
            },
            return_url=_changelist_url(model_admin) + (f"?{query}" if query else ""),
        )
    if kind == XLSX_FORMAT:
        return workbook_response(
            queryset=rows, request=request, **_workbook(model_admin, request, changelist)
        )
    return csv_response(queryset=rows, spec=model_admin.csv_spec(), request=request, delimiter=delimiter)


@admin.action(description=_("Export selected rows as CSV"))
def export_selected_as_csv(model_admin, request, queryset):
    return _export_selected(model_admin, request, queryset, CSV_FORMAT)


@admin.action(description=_("Export selected rows as Excel"))
def export_selected_as_xlsx(model_admin, request, queryset):
    return _export_selected(model_admin, request, queryset, XLSX_FORMAT)


# The export actions change nothing: every row the user sees may go.
EXPORT_ACTIONS = (export_selected_as_csv, export_selected_as_xlsx)


def _export_selected(model_admin, request, queryset, kind: str):
    # "Select all N" takes the whole filtered list; otherwise the rows ticked.
    every_row = request.POST.get("select_across") == "1"
    if too_large_for_request(queryset):
        ids = None if every_row else list(queryset.values_list("pk", flat=True))
        query = request.GET.urlencode()
        return start_export(
            export_changelist,
            request=request,
            title=_export_title(model_admin, kind),
            params={
                "model": model_admin.model._meta.label_lower,
                "query": query,
                "delimiter": delimiter_for(request),
                "ids": ids,
                "kind": kind,
            },
            return_url=_changelist_url(model_admin) + (f"?{query}" if query else ""),
        )
    if kind == XLSX_FORMAT:
        # The list the rows were chosen in: its filters go on the first sheet.
        changelist = model_admin.get_changelist_instance(request)
        selected = None if every_row else list(queryset.values_list("pk", flat=True))
        workbook = _workbook(model_admin, request, changelist, selected=selected)
        return workbook_response(queryset=queryset, request=request, **workbook)
    return csv_response(queryset=queryset, spec=model_admin.csv_spec(), request=request)


@job_task(result_template=EXPORT_RESULT_TEMPLATE)
def export_changelist(
    job: RunningJob,
    *,
    model: str,
    query: str,
    delimiter: str,
    ids: list[int] | None = None,
    kind: str = CSV_FORMAT,
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
        changelist = changelist_of(model_admin, request)
    except MessageFailure:  # the list's refusal, told as a message to a request that has none
        changelist = None
    if changelist is None:
        raise JobFailed(gettext("The list no longer accepts these filters; open the list and export again."))
    rows = changelist.get_queryset(request)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    if kind == XLSX_FORMAT:
        write_workbook_export(job, rows, **_workbook(model_admin, request, changelist, selected=ids))
        return
    write_export(
        job,
        csv_response(queryset=rows, spec=csv_spec(), request=request, delimiter=delimiter),
        rows,
    )


def import_view(model_admin, request):
    """Upload a sheet, say which field each column fills, then preview and
    confirm as background jobs (``coop_lib.import_jobs``); nothing is written
    before the confirm, and then all rows or none."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    kind = model_admin.import_kind
    opts = model_admin.model._meta
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": opts,
        "title": _("Import from a spreadsheet"),
        "columns": [
            {"label": kind.label(name), "headings": headings[2:], "required": name in kind.required}
            for name, headings in kind.headings().items()
        ],
    }
    if request.GET.get("template"):
        return import_template(kind, request)
    if request.method != "POST":
        return TemplateResponse(request, "admin/csv_import.html", context)
    action = request.POST.get("action", "upload")
    if action in ("preview", "repreview", "confirm"):
        return _start_job(model_admin, request, kind, action, context)
    upload = request.FILES.get("file")
    if upload is None:
        context["file_error"] = _("Choose a spreadsheet (.xlsx or .csv) to import.")
        return TemplateResponse(request, "admin/csv_import.html", context)
    try:
        sheet = read_sheet(upload)
    except SheetError as error:
        context["file_error"] = str(error)
        return TemplateResponse(request, "admin/csv_import.html", context)
    importer = kind(request.user)
    remembered = ImportMapping.objects.filter(
        user=request.user, kind=opts.label_lower, signature=headings_signature(sheet.headings)
    ).first()
    mapping = remembered.mapping if remembered else importer.guess_mapping(sheet.headings)
    context |= {
        "file_name": upload.name,
        "upload": keep(upload, request.user.pk),
        "mapping": _mapping_rows(importer, sheet.headings, mapping),
        "remembered": remembered is not None,
    }
    return TemplateResponse(request, "admin/csv_import_columns.html", context)


def _mapping_rows(importer, headings: list[str], mapping: list[str]) -> list[dict]:
    choices = [(UNUSED, _("not used")), *((name, importer.label(name)) for name in importer.fields())]
    return [
        {"index": index, "heading": heading or _("(no heading)"), "chosen": chosen, "choices": choices}
        for index, (heading, chosen) in enumerate(zip(headings, mapping, strict=True))
    ]


def _start_job(model_admin, request, kind, action: str, context: dict):
    opts = model_admin.model._meta
    list_url = _changelist_url(model_admin)
    if action == "confirm":
        preview = _own_preview(request)
        if preview is None:
            raise Http404
        job = enqueue(
            confirm_import,
            user=request.user,
            title=gettext("Import: %(list)s") % {"list": opts.verbose_name_plural},
            params={"preview": str(preview.pk)},
            return_url=list_url,
        )
        return redirect(job)
    if action == "repreview":
        # The same sheet and columns again, with the suggestions the user accepted.
        preview = _own_preview(request)
        if preview is None or not preview.input_file:
            raise Http404
        preview.input_file.open("rb")
        upload: File | None = File(
            preview.input_file.file, name=posixpath.basename(preview.input_file.name or "")
        )
        mapping = preview.result.get("mapping", [])
        suggestions = preview.result.get("suggestions", [])
        accepted = _accepted(request.POST, suggestions, earlier=preview.result.get("accepted", {}))
        _remember_spellings(request, kind(request.user), suggestions)
    else:
        upload = kept_file(request.POST.get("upload", ""), request.user.pk)
        if upload is None:
            context["file_error"] = _("The uploaded file has expired; upload it again.")
            return TemplateResponse(request, "admin/csv_import.html", context)
        sheet = read_sheet(upload)
        importer = kind(request.user)
        fields = set(importer.fields())
        mapping = [
            choice if (choice := request.POST.get(f"column-{index}", UNUSED)) in fields else UNUSED
            for index in range(len(sheet.headings))
        ]
        problems = importer.check_mapping(mapping)
        if problems:
            context |= {
                "file_name": upload.name,
                "upload": request.POST.get("upload"),
                "mapping": _mapping_rows(importer, sheet.headings, mapping),
                "mapping_errors": problems,
            }
            return TemplateResponse(request, "admin/csv_import_columns.html", context)
        ImportMapping.objects.update_or_create(
            user=request.user,
            kind=opts.label_lower,
            signature=headings_signature(sheet.headings),
            defaults={"mapping": mapping},
        )
        accepted = {}
        upload.seek(0)
    try:
        job = enqueue(
            preview_import,
            user=request.user,
            title=gettext("Import preview: %(list)s") % {"list": opts.verbose_name_plural},
            params={"kind": opts.label_lower, "mapping": mapping, "accepted": accepted},
            return_url=reverse(f"admin:{opts.app_label}_{opts.model_name}_import"),
            input_file=upload,
        )
    finally:
        if isinstance(upload, KeptFile):
            default_storage.delete(upload.path)
    return redirect(job)


def _accepted(data, suggestions: list[dict], *, earlier: dict) -> dict[str, dict[str, object]]:
    """The suggestions the user accepted, in this preview (ticked) and in the
    ones before it: field -> written name -> the record's key."""
    ticked = set(data.getlist("accept"))
    accepted: dict[str, dict[str, object]] = {name: dict(chosen) for name, chosen in earlier.items()}
    for number, suggestion in enumerate(suggestions):
        if str(number) in ticked:
            accepted.setdefault(suggestion["field"], {})[suggestion["normalised"]] = suggestion["key"]
    return accepted


def _remember_spellings(request, importer, suggestions: list[dict]) -> None:
    """Keep each spelling the user accepted and ticked "remember" for as
    another name of its register entry, so the next sheet needs no choice."""
    ticked = set(request.POST.getlist("accept")) & set(request.POST.getlist("remember"))
    for number, suggestion in enumerate(suggestions):
        if str(number) not in ticked or not suggestion.get("may_remember"):
            continue
        try:
            importer.remember(suggestion["field"], suggestion["key"], suggestion["written"])
        except ValidationError as refusal:  # WriteRefused among them
            messages.warning(
                request,
                gettext("“%(written)s” was not kept as another name of %(suggested)s: %(reason)s")
                % {
                    "written": suggestion["written"],
                    "suggested": suggestion["suggested"],
                    "reason": " ".join(refusal.messages),
                },
            )
        else:
            messages.success(
                request,
                gettext("“%(written)s” is now another name of %(suggested)s.")
                % {"written": suggestion["written"], "suggested": suggestion["suggested"]},
            )


def _own_preview(request) -> Job | None:
    """The preview job the form names, if it is this user's."""
    try:
        key = uuid.UUID(str(request.POST.get("preview")))
    except ValueError:
        return None
    return Job.objects.filter(pk=key, user=request.user, task=preview_import.module_path).first()


def import_template(kind, request) -> HttpResponse:
    """A workbook of the columns the import reads, headed in the user's
    language, to fill in (required columns first)."""
    importer = kind(request.user)
    names = sorted(importer.fields(), key=lambda name: name not in kind.required)
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, {"in_memory": True}) as book:
        sheet = book.add_worksheet(str(kind.model._meta.verbose_name_plural)[:31])
        bold = book.add_format({"bold": True})
        for column, name in enumerate(names):
            sheet.write_string(0, column, importer.label(name), bold)
            sheet.set_column(column, column, max(14, len(importer.label(name)) + 2))
        sheet.freeze_panes(1, 0)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="template-{kind.model._meta.model_name}.xlsx"'
    return response
