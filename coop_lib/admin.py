"""The admin writing through ``coop_lib.writes``: change forms with their
inline rows, deletions, bulk actions and history revert and restore.

Django's admin saves inside one transaction per request. When the write
door refuses (another user saved first, a rule the form could not see,
a likely duplicate), the exception rolls that transaction back and the
form is shown again, bound to what the user sent, with the reason.
"""

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core import checks
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from coop_lib.admin_labels import NamedInputsMixin
from coop_lib.history import history_of, related_ids_at, tracked_many_to_many
from coop_lib.ids import parse_id
from coop_lib.uploads import KeptUploadInput, discard, files_written, keep_valid_uploads, set_uploader
from coop_lib.writes import (
    VERSION_FIELD,
    LikelyDuplicate,
    StaleVersion,
    WriteRefused,
    create_record,
    delete_record,
    is_versioned,
    may,
    revert_record,
    update_record,
)

# The form field a user ticks to save a record that looks like a duplicate.
DUPLICATES_CONFIRMED = "duplicates_confirmed"
# Request attribute holding the refusal while the form is shown again.
REFUSAL = "write_refusal"
# Request attribute set while a past version is shown for revert.
VIEWING_PAST_VERSION = "viewing_past_version"
DELETED_PER_PAGE = 50


def posted_version(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class RecordForm(forms.ModelForm):
    """A model form that carries the version its record was opened at."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # The reason the previous submission was refused (see RecordAdmin.get_form).
    refusal: ValidationError | None = None
    # Values a new record has whatever the form says (a staff member's
    # department as owner), shown on the add form; see RoleScopedAdmin.get_form.
    presets: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and is_versioned(type(self.instance)):
            self.fields[VERSION_FIELD].initial = self.instance.version
        elif self.instance.pk is None:
            for name, value in self.presets.items():
                setattr(self.instance, name, value)

    def clean(self):
        super().clean()  # ModelForm's, which turns on the uniqueness checks
        cleaned_data = self.cleaned_data
        for name, value in cleaned_data.items():
            # Browsers send a text area's line ends as CR LF: not a change.
            if isinstance(value, str) and "\r\n" in value:
                cleaned_data[name] = value.replace("\r\n", "\n")
        if isinstance(self.refusal, LikelyDuplicate):
            self.add_error(None, duplicate_message(self.refusal))
        elif isinstance(self.refusal, StaleVersion) and self.instance.pk is not None:
            self.add_error(None, stale_message(self.refusal, self.instance))
        elif self.refusal is not None:
            show_refusal(self, self.refusal)
        return cleaned_data

    def opened_at(self) -> int | None:
        return self.cleaned_data.get(VERSION_FIELD)

    def related_rows(self) -> dict:
        """The many-to-many values the form sets, for the write door."""
        return {
            field.name: self.cleaned_data[field.name]
            for field in self.instance._meta.many_to_many
            if field.name in self.fields and field.name in self.cleaned_data
        }


class DuplicateCheckedForm(RecordForm):
    """For records the register should hold once: a new one that looks like
    one already recorded is saved only once the user confirms it is another."""

    duplicates_confirmed = forms.BooleanField(
        label=gettext_lazy("Not a duplicate"),
        required=False,
        help_text=gettext_lazy("Tick to save it anyway, after checking the records listed above."),
    )


def duplicate_message(refusal: LikelyDuplicate):
    links = format_html_join(
        ", ",
        '<a href="{}" target="_blank" rel="noopener">{}</a>',
        ((admin_change_url(record), str(record)) for record in refusal.candidates),
    )
    return ValidationError(
        format_html(
            "{} {}: {}. {}",
            " ".join(refusal.messages),
            gettext("Open to compare"),
            links,
            gettext("If this is another one, tick “Not a duplicate” and save again."),
        ),
        code="likely_duplicate",
    )


def stale_message(refusal: StaleVersion, record):
    """The refusal, with the record as it is now a click away: what the user
    typed stays here to copy over."""
    return ValidationError(
        format_html(
            '{} <a href="{}" target="_blank" rel="noopener">{}</a>',
            " ".join(refusal.messages),
            admin_change_url(record),
            gettext("Open the current version in a new tab"),
        ),
        code="stale",
    )


def admin_change_url(record, *, absolute: bool = False) -> str:
    """The record's page in the admin; ``absolute`` for an e-mail or a calendar."""
    path = reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_change", args=[record.pk])
    return settings.SITE_URL + path if absolute else path


def show_refusal(form: forms.BaseForm, refusal: ValidationError) -> None:
    """Put each message of ``refusal`` on its field, or above the form."""
    if hasattr(refusal, "error_dict"):
        for field, errors in refusal.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, refusal)


if TYPE_CHECKING:  # the admin classes these mixins go with
    from django.contrib.admin.options import BaseModelAdmin as AdminBase
    from django.contrib.admin.options import InlineModelAdmin as InlineBase
else:
    AdminBase = InlineBase = object


class VersionFieldMixin(AdminBase):
    """Puts the hidden version field in the fieldsets of a form the user may
    change, and nowhere else (a read-only page would show it as a value)."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**options, "fields": _without_names(options["fields"], {VERSION_FIELD})})
            for name, options in super().get_fieldsets(request, obj)
        ]
        if getattr(request, VIEWING_PAST_VERSION, False):
            return fieldsets
        if obj is not None and not self.has_change_permission(request, obj):
            return fieldsets
        *others, (name, options) = fieldsets
        fields = cast(tuple, options["fields"])
        return [*others, (name, {**options, "fields": (*fields, VERSION_FIELD)})]


def _without_names(fields, names: set[str]) -> tuple:
    """A fieldset's fields less ``names``, keeping rows of several fields."""
    kept = []
    for field in fields:
        if isinstance(field, list | tuple):
            field = tuple(name for name in field if name not in names)
            if field:
                kept.append(field)
        elif field not in names:
            kept.append(field)
    return tuple(kept)


def past_links(version) -> list[tuple[str, list[str]]]:
    """(field label, names of the linked rows) of each many-to-many field at
    a past version; a row deleted since is named from its id."""
    links = []
    for field in tracked_many_to_many(version.instance_type):
        ids = related_ids_at(version, field)
        rows = field.related_model._default_manager.in_bulk(ids)
        names = [str(rows[pk]) if pk in rows else gettext("(deleted, id %(id)s)") % {"id": pk} for pk in ids]
        links.append((capfirst(str(field.verbose_name)), sorted(names)))
    return links


# A refused form keeps the files it was sent (coop_lib.uploads).
KEEP_UPLOADS: Mapping[type[models.Field], Mapping[str, Any]] = {models.FileField: {"widget": KeptUploadInput}}


class RecordInlineMixin(NamedInputsMixin, VersionFieldMixin, InlineBase):
    """For inlines: rows that carry their version. Their writes go through
    the parent admin's ``save_formset``."""

    form = RecordForm
    formfield_overrides = KEEP_UPLOADS

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        set_uploader(formset.form, request.user)
        return formset


class RecordAdmin(NamedInputsMixin, VersionFieldMixin, SimpleHistoryAdmin):
    form = RecordForm
    formfield_overrides = KEEP_UPLOADS
    object_history_form_template = "admin/record_history_form.html"

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        if not issubclass(self.form, RecordForm):
            # A refused write is shown again through the form's ``refusal``:
            # without it the second showing would save the refused write again.
            errors.append(
                checks.Error(
                    f"{type(self).__name__}.form does not derive from coop_lib.admin.RecordForm.",
                    obj=type(self),
                    id="coop_lib.E001",
                )
            )
        return errors

    def url_name(self, page: str) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_{page}"

    # Creating a record: a subclass may call a service of its app instead.
    def create(self, request, obj, form):
        return create_record(instance=obj, user=request.user, related=form.related_rows())

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if getattr(request, VIEWING_PAST_VERSION, False):
            # A past version's links are read from the trail (past_links):
            # the fields would show today's.
            links = {field.name for field in tracked_many_to_many(self.model)}
            return [
                (name, {**options, "fields": _without_names(options["fields"], links)})
                for name, options in fieldsets
            ]
        asked = isinstance(getattr(request, REFUSAL, None), LikelyDuplicate)
        checked = DUPLICATES_CONFIRMED in self.form.declared_fields
        if checked and obj is None and (asked or request.POST.get(DUPLICATES_CONFIRMED)):
            (name, options), *others = fieldsets
            return [(name, {**options, "fields": (DUPLICATES_CONFIRMED, *options["fields"])}), *others]
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        # Django makes a new form class for each request: the refusal stays with this one.
        form.refusal = getattr(request, REFUSAL, None)
        set_uploader(form, request.user)
        return form

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if request.method == "POST":
            # Shown again: the files it was sent go with it, unless refused themselves.
            forms = [context["adminform"].form]
            forms += [form for inline in context["inline_admin_formsets"] for form in inline.formset.forms]
            for form in forms:
                keep_valid_uploads(form)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with files_written() as stored:
            try:
                return super().changeform_view(request, object_id, form_url, extra_context)
            except ValidationError as refusal:
                if request.method != "POST" or hasattr(request, REFUSAL):
                    raise
                refused = refusal
            discard(stored)  # the rows are rolled back; their files go too
        # Show the form again with what was sent and why it was refused.
        setattr(request, REFUSAL, refused)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if change:
            update_record(
                instance=obj,
                user=request.user,
                expected_version=form.opened_at(),
                related=form.related_rows(),
            )
        else:
            self.create(request, obj, form)

    def save_related(self, request, form, formsets, change):
        # The form's many-to-many rows were written with the record.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        formset.save(commit=False)  # builds the rows from the forms, writes nothing
        form_of = {id(row_form.instance): row_form for row_form in formset.forms}
        for row in formset.deleted_objects:
            delete_record(instance=row, user=request.user, expected_version=form_of[id(row)].opened_at())
        for row, _changed in formset.changed_objects:
            row_form = form_of[id(row)]
            update_record(
                instance=row,
                user=request.user,
                expected_version=row_form.opened_at(),
                related=row_form.related_rows(),
            )
        for row in formset.new_objects:
            create_record(instance=row, user=request.user, related=form_of[id(row)].related_rows())

    def delete_model(self, request, obj):
        delete_record(instance=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            delete_record(instance=obj, user=request.user)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except WriteRefused as refusal:
            self.message_user(request, " ".join(refusal.messages), messages.ERROR)
            return HttpResponseRedirect(request.path)

    def run_action_refusably(self, action, request, queryset):
        """Runs a bulk action in one transaction; a refused row undoes it all."""
        try:
            with transaction.atomic():
                return action(self, request, queryset)
        except WriteRefused as refusal:
            self.message_user(request, " ".join(refusal.messages), messages.ERROR)
            return None

    # Deleted records, for those who may bring them back.

    def get_urls(self):
        deleted = path(
            "deleted/",
            self.admin_site.admin_view(self.deleted_view),
            name=self.url_name("deleted"),
        )
        return [deleted, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        context = {
            "has_restore_permission": may(request.user, "restore", self.model),
            **(extra_context or {}),
        }
        return super().changelist_view(request, context)

    def deleted_view(self, request):
        """The records deleted and not restored, newest first, each with the
        page that restores it."""
        if not may(request.user, "restore", self.model):
            raise PermissionDenied
        trail, pk = history_of(self.model), self.opts.pk.attname
        later_deletion = trail.filter(
            history_type="-", **{pk: OuterRef(pk)}, history_date__gt=OuterRef("history_date")
        )
        # Each row names itself through its foreign keys: read with it.
        named_by = [field.name for field in trail.model._meta.concrete_fields if field.many_to_one]
        deletions = (
            trail.filter(history_type="-")
            .exclude(**{f"{pk}__in": self.model._base_manager.values("pk")})
            .exclude(Exists(later_deletion))
            .select_related(*named_by)
            .order_by("-history_date", "-history_id")
        )
        page = Paginator(deletions, DELETED_PER_PAGE).get_page(request.GET.get("p"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": capfirst(gettext("Deleted %(kind)s") % {"kind": self.opts.verbose_name_plural}),
            "page": page,
        }
        return TemplateResponse(request, "admin/record_deleted_list.html", context)

    # History: a past version is shown read-only; reverting to it is a
    # change through the write door, restoring a deleted record needs the
    # restore permission.

    def past_version(self, request, object_id, version_id):
        """The audit-trail row ``version_id`` of record ``object_id``, or 404."""
        pk, history_id = parse_id(unquote(object_id)), parse_id(version_id)
        version = (
            history_of(self.model).filter(**{self.opts.pk.attname: pk, "history_id": history_id}).first()
        )
        if version is None:
            raise Http404
        return version

    def revert_disabled(self, request, obj=None):
        if obj is not None and not self.model._base_manager.filter(pk=obj.pk).exists():
            return not may(request.user, "restore", self.model)
        return super().revert_disabled(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if getattr(request, VIEWING_PAST_VERSION, False):
            every_field = [*self.opts.concrete_fields, *self.opts.many_to_many]
            return (*readonly, *(field.name for field in every_field if field.editable))
        return readonly

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        version = self.past_version(request, object_id, version_id)
        if request.method == "POST":
            return self.revert(request, version)
        setattr(request, VIEWING_PAST_VERSION, version)
        current = self.model._base_manager.filter(pk=version.instance.pk).values_list("version", flat=True)
        # The record's own options, so the page is titled as the record, not
        # as its history; its links (partners, sectors, ...) as they were then.
        context = {
            "current_version": current.first(),
            "opts": self.opts,
            "past_links": past_links(version),
            **(extra_context or {}),
        }
        return super().history_form_view(request, object_id, version_id, context)

    def revert(self, request, version):
        with transaction.atomic():
            try:
                record, not_restored = revert_record(
                    version=version,
                    user=request.user,
                    expected_version=posted_version(request.POST.get("current_version")),
                )
            except ValidationError as refusal:
                self.message_user(request, " ".join(refusal.messages), messages.ERROR)
                return HttpResponseRedirect(request.path)
            when = formats.localize(timezone.localtime(version.history_date))
            who = getattr(version.history_user, "username", None) or gettext("another user")
            message = gettext("Restored the version %(who)s saved at %(when)s.") % {"who": who, "when": when}
            self.log_change(request, record, message)
        self.message_user(request, f"{record}: {message}", messages.SUCCESS)
        if not_restored:
            warning = gettext(
                "Left as they are now: %(fields)s. A link to a record deleted since cannot come back; "
                "a cooperation's stage moves only on its page, with its documents."
            )
            self.message_user(request, warning % {"fields": ", ".join(not_restored)}, messages.WARNING)
        return redirect(admin_change_url(record))
