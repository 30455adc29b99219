"""Nobody writes where their role does not let them: every admin URL that can
write, posted by the Staf OPD of DLHK against the records DLHK does not keep
and by Pimpinan against every record, leaves the whole database as it was.

The walk is built from the admin registry and the URLconf, so a model or a
page added later is walked without editing this file, and
``test_the_walk_reaches_every_url`` checks that it posts to every URL but
those named in NOT_WALKED. (A page outside the admin gets an empty post: a
new one with a form of its own needs a step here.) The posts are what a
browser sends: the superuser's own change form with one text field changed,
the add form filled from another department's record, the delete
confirmation, every bulk action, the history revert and restore, the CSV
import of an edited export and the press-release page. The database, every
table of every app, is compared with its state before the walk once per
model, and where it changed once per URL to name the ones that wrote; every
comparison is rolled back.

A walk whose posts were malformed would pass without proving anything, so the
same walk as the superuser must write wherever the admin offers the superuser
that write, and nowhere else
(``test_the_superuser_walk_writes_where_the_admin_offers_a_write``).
"""

import csv
import dataclasses
import functools
import io
import itertools
import operator
import shutil
import tempfile
from collections.abc import Callable, Iterator
from http.cookies import SimpleCookie
from pathlib import Path
from typing import ClassVar

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory, TestCase, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.converters import IntConverter, UUIDConverter
from django.utils import timezone, translation

from bandung_coop.demo import load_demo_data
from bandung_coop.models import ReminderKind, ReminderSent
from coop_lib.admin import DUPLICATES_CONFIRMED
from coop_lib.admin_csv import EXPORT_ACTIONS
from coop_lib.history import history_of
from coop_lib.models import Job
from coop_lib.uploads import KEPT_DIRECTORY
from coop_lib.writes import VERSION_FIELD, WriteRefused, delete_record, update_record
from meetings.models import Attachment, FollowUp, Meeting, Participant, Visit
from partnerships.models import ActionPlanItem, Department, Person
from tests.admin.helpers import submitted_form
from tests.csv_import.helpers import preview

User = get_user_model()

# Tables that change when someone merely logs in or opens a page. The axes
# tables are compared like any other: every login of the walk happens before
# the first snapshot, and their rows are records the admin can delete.
NOT_RECORDS = {
    "django_session": "any request may save its session (messages, an import's pending file, "
    "the press-release draft)",
    "coop_lib_job": "a user's own background jobs: an export, an import's preview",
    "coop_lib_importmapping": "the columns a user chose for a sheet's headings, offered again next time",
    "bandung_coop_notification": "a user's own notifications, marked read (another's answers 404, "
    "tests/notifications), and those made of a write the walk was allowed",
}

# What a Staf OPD may write, stated here rather than read from the code under
# test: the department field that makes a row its department's own. Every
# other registered model is reference data, which staff only read.
STAFF_KEEPS = {  # adds, changes and deletes
    Meeting: "owner_department",
    Visit: "host_department",
    ActionPlanItem: "owner_department",
    FollowUp: "meeting__owner_department",
    Participant: "meeting__owner_department",
    Attachment: "meeting__owner_department",
}
# Changes only some fields: the progress of a follow-up assigned to it on
# another department's meeting.
STAFF_UPDATES = {FollowUp: "owner_department"}
STAFF_UPDATES_FIELDS = {FollowUp: {"status", "done_on", "note"}}
# Every OPD records the people it meets, and positions change: staff add and
# update anyone's entry, but do not delete or restore one.
STAFF_SHARED = (Person,)

# URLs of the URLconf the walk leaves out, and why.
NOT_WALKED = {
    "admin:login": "logging in writes the session and axes' access log, nothing a role governs",
    "admin:logout": "ends the walk's own session",
    "admin:password_change": "changes the user's own password only",
    "set_language": "changes only the user's own profile (the interface language)",
    "profile": "changes only the user's own profile",
    "calendar_token": "changes only the user's own profile (the calendar feed token)",
    "api_tokens": "changes only the user's own API tokens",
}
# Kinds of step that write nothing even for the superuser: pages that only
# read, and the press-release page, which keeps its draft in the session
# until the add form it leads to (walked as "add") is saved.
READS_ONLY = {"read", "press release"}

# The model admin's views the walk posts to by name; any other is a page
# whose form is posted as the superuser sees it (a user's password).
DJANGO_AND_OUR_VIEWS = {
    "changelist", "add", "change", "delete", "history", "simple_history", "export", "import", "press_release",
}  # fmt: skip

FILES = "files under MEDIA_ROOT"
SUFFIX = "-diubah"
PASSWORD = "Walk-pw-2026-tidak-boleh"
PRESS_RELEASE = (
    "BANDUNG - Wali Kota Bandung menerima delegasi Kota Hamamatsu di Balai Kota Bandung, "
    "Senin (3/2/2025), membahas kerja sama lingkungan hidup."
)


def database_state() -> dict[str, list[dict]]:
    """Every row of every table (less NOT_RECORDS) sorted by key, and the
    uploaded files."""
    state = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or model._meta.db_table in NOT_RECORDS:
            continue
        state[model._meta.db_table] = list(model._base_manager.order_by("pk").values())
    state[FILES] = sorted(str(path.relative_to(settings.MEDIA_ROOT)) for path in media_files())
    return state


def media_files() -> list[Path]:
    # A refused form keeps its upload aside for the next submission
    # (coop_lib.uploads): not a record, and it expires.
    kept = Path(settings.MEDIA_ROOT) / KEPT_DIRECTORY
    return [
        path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file() and kept not in path.parents
    ]


def first_difference(before: dict, after: dict) -> str | None:
    """The tables that differ, the first first; None when none does."""
    return ", ".join(table for table in before if before[table] != after[table]) or None


def admin_url(model: type[models.Model], view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def url_names(model_admin: admin.ModelAdmin) -> set[str]:
    prefix = f"{model_admin.opts.app_label}_{model_admin.opts.model_name}_"
    return {pattern.name.removeprefix(prefix) for pattern in model_admin.urls if pattern.name}


def free_text_fields(model: type[models.Model]) -> list[models.Field]:
    """Fields of free text, long texts first: the ones the walk edits."""
    fields = [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and field.editable
        and not field.choices
        and not isinstance(field, models.EmailField | models.URLField | models.SlugField)
        and field.name != "password"
    ]
    return sorted(fields, key=lambda field: not isinstance(field, models.TextField))


def edited(value: str, field: models.Field, suffix: str = SUFFIX) -> str:
    if not value:
        return suffix.lstrip("-")
    return value[: (field.max_length or len(value) + len(suffix)) - len(suffix)] + suffix


def unique_sets(model: type[models.Model]) -> list[tuple[str, ...]]:
    """The sets of fields no two rows may share."""
    sets = [tuple(fields) for fields in model._meta.unique_together]
    sets += [
        tuple(constraint.fields)
        for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields and not constraint.condition
    ]
    return sets + [(field.name,) for field in model._meta.concrete_fields if field.unique]


def superuser_request(superuser) -> HttpRequest:
    request = RequestFactory().get("/admin/")
    request.user = superuser
    return request


def uploaded_file() -> SimpleUploadedFile:
    return SimpleUploadedFile("walk.pdf", b"%PDF-1.4 walk", "application/pdf")


@dataclasses.dataclass
class Rights:
    """What the walked user may write, by the rules of the README's roles."""

    username: str
    department: Department | None = None  # a Staf OPD's own

    def _keeps(self, record: models.Model, rules: dict) -> bool:
        lookup = rules.get(type(record))
        if self.department is None or lookup is None:
            return False
        return type(record)._base_manager.filter(pk=record.pk, **{lookup: self.department}).exists()

    def may_change(self, record: models.Model, field: str | None = None) -> bool:
        """Whether the user may change the record (at all, or ``field`` of it)."""
        shared = self.department is not None and isinstance(record, STAFF_SHARED)
        if shared or self._keeps(record, STAFF_KEEPS):
            return True
        partly = self._keeps(record, STAFF_UPDATES)
        return partly and (field is None or field in STAFF_UPDATES_FIELDS[type(record)])

    def may_delete(self, record: models.Model) -> bool:
        return self._keeps(record, STAFF_KEEPS)

    def may_add(self, model: type[models.Model]) -> bool:
        """Whether the add form, posted with another department as owner,
        may write: a person is anyone's to add, and where the admin makes a
        staff member's new record their department's (``owner_field``) the
        record is theirs
        (``test_a_record_staff_add_is_their_departments_whatever_owner_is_posted``)."""
        if self.department is None:
            return False
        owner_field = owner_field_of(model)
        return issubclass(model, STAFF_SHARED) or (model in STAFF_KEEPS and owner_field == STAFF_KEEPS[model])


def owner_field_of(model: type[models.Model]) -> str | None:
    """The department field a staff member's new record is set to (the
    role-scoped queryset's ``owner_field``)."""
    return getattr(model._default_manager.all(), "owner_field", None)


def post_form(client: Client, url: str, data: dict) -> HttpResponse:
    return client.post(url, data)


def post_with_files(model: type[models.Model], client: Client, url: str, data: dict) -> HttpResponse:
    return client.post(url, with_files(model, data))


def upload_and_confirm(client: Client, url: str, content: bytes) -> HttpResponse:
    """Upload, the proposed columns, the preview, the confirm (jobs run at once in tests)."""
    previewed = preview(client, url, content, "walk.csv")
    if previewed.job is None:
        return previewed.response
    return client.post(url, {"action": "confirm", "preview": str(previewed.job.pk)})


def read_export(content: bytes) -> tuple[list[str], list[dict[str, str]]]:
    """An export's headings (lower case) and rows by heading."""
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))
    header = [name.strip().lower() for name in rows[0]]
    return header, [dict(zip(header, row, strict=False)) for row in rows[1:]]


@dataclasses.dataclass
class Step:
    kind: str
    model: type[models.Model] | None
    url: str
    # What is posted, read from the superuser's pages by ``prepare``.
    form: Callable[[], object] = dict
    send: Callable[[Client, str, object], HttpResponse] = post_form
    read_only: bool = False  # an action that only exports
    ids: list = dataclasses.field(default_factory=list)  # an action's selected rows
    prepared: object = None

    def __str__(self) -> str:
        return f"{self.kind}: POST {self.url}"

    def prepare(self) -> None:
        """Reads what the step posts while the database is as before the walk."""
        self.prepared = self.form()

    def post(self, client: Client) -> HttpResponse:
        return self.send(client, self.url, self.form() if self.prepared is None else self.prepared)


class SuperuserPages:
    """The pages as the superuser's browser shows them, read once per class."""

    def __init__(self, client: Client, cache: dict):
        self.client, self.cache = client, cache

    def form(self, url: str) -> dict[str, list[str]] | None:
        """What the page's form sends back unchanged; None where the superuser
        is refused the page."""
        if url not in self.cache:
            response = self.client.get(url)
            self.cache[url] = submitted_form(response) if response.status_code == 200 else None
        form = self.cache[url]
        return None if form is None else {name: list(values) for name, values in form.items()}

    def export(self, model: type[models.Model]) -> tuple[list[str], list[dict[str, str]]]:
        key = ("export", model)
        if key not in self.cache:
            response = self.client.get(admin_url(model, "export"))
            self.cache[key] = read_export(b"".join(response.streaming_content))
        return self.cache[key]

    def change_form(self, record: models.Model) -> dict[str, list[str]]:
        """The record's change form with its first free-text field edited."""
        model = type(record)
        data = self.form(admin_url(model, "change", record.pk)) or {}
        field = next((f for f in free_text_fields(model) if len(data.get(f.name, [])) == 1), None)
        if field is not None:
            data[field.name] = [edited(data[field.name][0], field)]
        return data

    def add_form(
        self, model: type[models.Model], template: models.Model, marker: str
    ) -> dict[str, list[str]]:
        """The add form filled with ``template``'s values, each text marked so
        the copy is not taken for the record it copies (names, acronyms and
        titles are unique)."""
        copied = self.form(admin_url(model, "change", template.pk)) or {}
        copied.pop(VERSION_FIELD, None)
        blank = self.form(admin_url(model, "add"))
        if blank is None:
            data = copied
        else:
            inlines = [name.removesuffix("-TOTAL_FORMS") for name in blank if name.endswith("-TOTAL_FORMS")]
            data = {
                name: values
                if name not in copied or any(name.startswith(f"{prefix}-") for prefix in inlines)
                else copied[name]
                for name, values in blank.items()
            }
        for field in free_text_fields(model):
            if data.get(field.name, [""]) != [""] and len(data[field.name]) == 1:
                data[field.name] = [edited(data[field.name][0], field, marker)]
        for fields in unique_sets(model):
            _other_related_row(model, fields, data)
        for name, values in data.items():
            if "password" in name and values == [""]:
                data[name] = [PASSWORD]
        if DUPLICATES_CONFIRMED in getattr(admin.site._registry[model].form, "declared_fields", {}):
            data[DUPLICATES_CONFIRMED] = ["on"]
        return data

    def history_form(self, model: type[models.Model], pk, history_id) -> dict[str, list[str]]:
        """The revert page's form: the version the record has now, for the edit lock."""
        return self.form(admin_url(model, "simple_history", pk, history_id)) or {}


def _other_related_row(model: type[models.Model], names: tuple[str, ...], data: dict) -> None:
    """Where a set of foreign keys is unique (one attendance per person per
    meeting), the copy takes another row for the last one."""
    fields = [model._meta.get_field(name) for name in names]
    if not all(field.many_to_one and len(data.get(field.name, [])) == 1 for field in fields):
        return
    *others, last = fields
    same = {field.attname: data[field.name][0] or None for field in others}
    taken = model._base_manager.filter(**same).values(last.attname)
    free = last.related_model._base_manager.exclude(pk__in=taken).order_by("pk").first()
    if free is not None:
        data[last.name] = [str(free.pk)]


def with_files(model: type[models.Model], data: dict) -> dict:
    """The form as posted: with a file for each file field a new record needs."""
    files = {
        field.name: uploaded_file()
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField) and not field.blank
    }
    return {**data, **files}


class Walk:
    """The steps that post to every writing URL, for the user of ``rights``;
    the add form copies a record that the DLHK of ``staff_rights`` does not keep."""

    def __init__(self, pages: SuperuserPages, rights: Rights, staff_rights: Rights, superuser, deleted: dict):
        self.pages, self.rights, self.staff_rights = pages, rights, staff_rights
        self.superuser, self.deleted = superuser, deleted

    def steps(self) -> Iterator[Step]:
        for model, model_admin in admin.site._registry.items():
            yield from self.model_steps(model, model_admin)
        yield from self.site_steps()

    def model_steps(self, model, model_admin) -> Iterator[Step]:
        records = list(model._base_manager.order_by("pk"))
        changing = [record for record in records if not self.rights.may_change(record)]
        # A past version and an edited export differ in the first free-text
        # field: refused also where the user may change only other fields.
        text = next((field.name for field in free_text_fields(model)), None)
        rewriting = [record for record in records if not self.rights.may_change(record, text)]
        deleting = [record for record in records if not self.rights.may_delete(record)]
        # "Another department's" record to copy: one DLHK does not keep.
        template = next((record for record in records if not self.staff_rights.may_delete(record)), None)
        names = url_names(model_admin)
        for record in changing:
            yield self.change(record)
        if template is not None and not self.rights.may_add(model):
            yield self.add(model, template)
        for record in deleting:
            yield Step("delete", model, admin_url(model, "delete", record.pk), lambda: {"post": "yes"})
        for name, (function, _name, _label) in model_admin.get_actions(
            superuser_request(self.superuser)
        ).items():
            rows = deleting if name == "delete_selected" else changing
            if rows:
                yield self.action(model, name, [record.pk for record in rows], function)
        if "simple_history" in names:
            for record in rewriting:
                if step := self.revert(record):
                    yield step
            if model in self.deleted:
                yield self.restore(model, *self.deleted[model])
        if "import" in names:
            for record in rewriting:
                yield self.import_file(record)
                if self.rights.department is not None:
                    yield self.import_file(record, claimed_by=self.rights.department)
        if "press_release" in names:
            yield self.press_release(model)
        # The pages that only show: posting to them must write nothing either.
        if records:
            for view in ("history", "export"):
                if view in names:
                    url = (
                        admin_url(model, view) if view == "export" else admin_url(model, view, records[0].pk)
                    )
                    yield Step("read", model, url)
            yield Step("read", model, f"{admin_url(model, 'changelist')}{records[0].pk}/")
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        for pattern in model_admin.urls:
            if pattern.name and pattern.name.removeprefix(prefix) not in DJANGO_AND_OUR_VIEWS:
                yield from self.other_page(model, pattern, changing)

    def change(self, record) -> Step:
        url = admin_url(type(record), "change", record.pk)
        return Step("change", type(record), url, lambda: self.pages.change_form(record))

    def add(self, model, template) -> Step:
        url = admin_url(model, "add")
        send = functools.partial(post_with_files, model)
        return Step("add", model, url, lambda: self.pages.add_form(model, template, "-baru"), send)

    def action(self, model, name: str, ids: list, function) -> Step:
        url = admin_url(model, "changelist")
        read_only = function in EXPORT_ACTIONS
        return Step(
            f"action {name}", model, url, lambda: action_form(name, ids), read_only=read_only, ids=ids
        )

    def revert(self, record) -> Step | None:
        model = type(record)
        versions = history_of(model).filter(**{model._meta.pk.attname: record.pk})
        past = versions.order_by("-history_date", "-history_id")[1:2].first()
        return past and self.history_step("revert", model, record.pk, past.history_id)

    def restore(self, model, pk, history_id) -> Step:
        return self.history_step("restore", model, pk, history_id)

    def history_step(self, kind: str, model, pk, history_id) -> Step:
        url = admin_url(model, "simple_history", pk, history_id)
        return Step(kind, model, url, lambda: self.pages.history_form(model, pk, history_id))

    def import_file(self, record, claimed_by: Department | None = None) -> Step:
        """The superuser's export of the record with a cell edited, and with
        ``claimed_by`` put in each cell that names another department."""
        model = type(record)

        def content() -> bytes:
            header, rows = self.pages.export(model)
            row = dict(next(row for row in rows if row["id"] == str(record.pk)))
            column = _column_of(header, free_text_fields(model)) or header[1]
            row[column] = edited(row[column], models.TextField())
            if claimed_by is not None:
                others = set(Department.objects.exclude(pk=claimed_by.pk).values_list("acronym", flat=True))
                row = {name: claimed_by.acronym if value in others else value for name, value in row.items()}
            text = io.StringIO()
            csv.writer(text, delimiter=";").writerows([header, [row[name] for name in header]])
            return text.getvalue().encode()

        return Step("import", model, admin_url(model, "import"), content, upload_and_confirm)

    def press_release(self, model) -> Step:
        department = Department.objects.exclude(pk=getattr(self.staff_rights.department, "pk", None)).first()
        data = {"text": PRESS_RELEASE, "owner_department": department.pk, "source_url": ""}
        return Step("press release", model, admin_url(model, "press_release"), lambda: data)

    def other_page(self, model, pattern: URLPattern, changing: list) -> Iterator[Step]:
        """An admin page of the model beyond Django's own (a user's password):
        its form as the superuser sees it, posted for each record."""
        arguments = list(pattern.pattern.converters) if hasattr(pattern.pattern, "converters") else []
        for record in changing if arguments else [None]:
            url = reverse(f"admin:{pattern.name}", args=[record.pk] if record else [])
            # The list of deleted records only shows them (a restore is a revert).
            kind = "read" if pattern.name.endswith("_deleted") else "page"
            yield Step(kind, model, url, functools.partial(self.page_form, url))

    def page_form(self, url: str) -> dict:
        data = self.pages.form(url) or {}
        for name, values in data.items():
            if "password" in name and values == [""]:
                data[name] = [PASSWORD]
        return data

    def site_steps(self) -> Iterator[Step]:
        registered = {
            f"admin/{model._meta.app_label}/{model._meta.model_name}/" for model in admin.site._registry
        }
        for route, pattern, name in url_patterns():
            if name not in NOT_WALKED and not any(route.startswith(prefix) for prefix in registered):
                yield Step("read", None, sample_url(pattern, name))


def action_form(name: str, ids: list) -> dict:
    data = {"action": name, "_selected_action": ids, "index": "0", "select_across": "0"}
    if name == "delete_selected":
        data["post"] = "yes"  # the confirmation page's answer
    return data


def _column_of(header: list[str], fields: list[models.Field]) -> str | None:
    """The export's column of the first of ``fields`` it has, by its header
    in Indonesian or English."""
    for field in fields:
        for language in ("id", "en"):
            with translation.override(language):
                name = str(field.verbose_name).lower()
            if name in header:
                return name
    return None


def url_patterns(resolver: URLResolver | None = None, prefix: str = "", namespace: str = ""):
    """(route as ResolverMatch.route spells it, pattern, namespaced name) of every URL."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern).removeprefix("^") if prefix else str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_patterns(pattern, route, inner)
        else:
            yield route, pattern, f"{namespace}{pattern.name}" if pattern.name else None


def sample_url(pattern: URLPattern, name: str | None) -> str:
    """An address the pattern answers; its record need not exist."""
    if name is None:  # the admin's catch-all
        return "/admin/tidak-ada/"
    if name == "admin:app_list":
        return reverse(name, kwargs={"app_label": "meetings"})
    converters = getattr(pattern.pattern, "converters", {})
    return reverse(name, kwargs={key: _sample_value(converter) for key, converter in converters.items()})


def _sample_value(converter) -> object:
    if isinstance(converter, IntConverter):
        return 1
    if isinstance(converter, UUIDConverter):
        return "00000000-0000-4000-8000-000000000000"  # a job nobody has
    return "x"


class NoWriteWithoutRightTests(TestCase):
    _pages: ClassVar[dict] = {}

    @classmethod
    def setUpClass(cls):
        media = tempfile.mkdtemp()
        cls.addClassCleanup(shutil.rmtree, media)
        media_settings = override_settings(MEDIA_ROOT=media)
        media_settings.enable()
        cls.addClassCleanup(media_settings.disable)
        cls._pages = {}
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        load_demo_data()
        cls.superuser = User.objects.get(username="admin")
        cls.dlhk = Department.objects.get(acronym="DLHK")
        _records_the_demo_lacks(cls.dlhk)
        _past_versions(cls.superuser)
        client = Client()
        client.force_login(cls.superuser)
        cls.deleted = _spare_records(SuperuserPages(client, {}), cls.superuser, cls.staff_rights_of(cls.dlhk))

    @staticmethod
    def staff_rights_of(department) -> Rights:
        return Rights("staf.dlhk", department)

    def superuser_pages(self) -> SuperuserPages:
        client = Client()
        client.force_login(self.superuser)
        return SuperuserPages(client, self._pages)

    def walk(self, rights: Rights) -> list[Step]:
        pages = self.superuser_pages()
        return list(
            Walk(pages, rights, self.staff_rights_of(self.dlhk), self.superuser, self.deleted).steps()
        )

    def sent(self, steps: list[Step], client: Client) -> tuple[dict, list[Step]]:
        """Sends ``steps`` in one savepoint, rolled back afterwards: the
        database as they left it, and the steps answered with the login page
        (which would prove nothing)."""
        logged_out, files = [], set(media_files())
        with transaction.atomic():
            for step in steps:
                # The cookies go back to the session rows as they were (a
                # password change, say, moves the session to a new key).
                cookies = SimpleCookie({name: morsel.value for name, morsel in client.cookies.items()})
                try:
                    response = step.post(client)
                finally:
                    client.cookies = cookies
                if response.status_code == 302 and response["Location"].startswith(reverse("admin:login")):
                    logged_out.append(step)
            after = database_state()
            transaction.set_rollback(True)
        # Files stay when the transaction is rolled back: removed too.
        for path in set(media_files()) - files:
            path.unlink()
        return after, logged_out

    def tables_written(self, step: Step, client: Client, before: dict) -> str | None:
        """The tables ``step`` changed, or None; undone either way."""
        after, logged_out = self.sent([step], client)
        self.assertEqual(logged_out, [], "sent logged out, which proves nothing")
        return first_difference(before, after)

    def start_walk(self, username: str) -> tuple[Client, list[Step], dict]:
        """The user's client, the walk's steps and the database before them."""
        client = Client()
        client.force_login(User.objects.get(username=username))
        rights = self.staff_rights_of(self.dlhk) if username == "staf.dlhk" else Rights(username)
        steps = self.walk(rights)
        for step in steps:
            step.prepare()
        _age_failed_logins()
        return client, steps, database_state()

    def assert_walk_writes_nothing(self, username: str):
        client, steps, before = self.start_walk(username)
        wrote = []
        # One comparison per model; only where its steps wrote, one per step
        # to name the URLs.
        for model, group in itertools.groupby(steps, key=operator.attrgetter("model")):
            group = list(group)
            after, logged_out = self.sent(group, client)
            if after == before and not logged_out:
                continue
            found = [
                f"{step} wrote to {table}"
                for step in group
                if (table := self.tables_written(step, client, before))
            ]
            wrote += found or [f"the steps for {model} together wrote to {first_difference(before, after)}"]
        self.assertEqual(
            wrote, [], f"{username} wrote where the role does not allow it:\n" + "\n".join(wrote)
        )
        self.assertEqual(database_state(), before)

    def test_staff_write_nothing_outside_their_department(self):
        self.assert_walk_writes_nothing("staf.dlhk")

    def test_leadership_writes_nothing(self):
        self.assert_walk_writes_nothing("pimpinan")

    def test_the_superuser_walk_writes_where_the_admin_offers_a_write(self):
        """The walk's posts are well formed: as the superuser, each kind of
        URL writes, for every model whose admin offers that write to the
        superuser; and where it offers none, nothing is written either."""
        client, steps, before = self.start_walk("admin")  # every record, as for Pimpinan
        groups: dict[tuple, list[Step]] = {}
        for step in steps:
            groups.setdefault((step.kind, step.model), []).append(step)
        request = superuser_request(self.superuser)
        silent, unoffered = [], []
        for (kind, model), group in groups.items():
            if kind in READS_ONLY or group[0].read_only or not offered(kind, model, request):
                after, _logged_out = self.sent(group, client)
                if table := first_difference(before, after):
                    unoffered.append(f"{kind} of {model and model._meta.label} wrote to {table}")
            # One writing URL per kind and model is proof enough; a bulk
            # action that refuses all rows for one (a protected department)
            # is tried on each row alone.
            elif not any(self.tables_written(step, client, before) for step in self.narrowed(group)):
                silent.append(str(group[0]))
        self.assertEqual(silent, [], "posted as the superuser, these wrote nothing:\n" + "\n".join(silent))
        self.assertEqual(
            unoffered, [], "these wrote where the admin offers no write:\n" + "\n".join(unoffered)
        )

    def narrowed(self, group: list[Step]) -> Iterator[Step]:
        for step in group:
            yield step
            if step.kind.startswith("action ") and len(step.ids) > 1:
                name = step.kind.removeprefix("action ")
                for pk in step.ids:
                    yield Step(step.kind, step.model, step.url, functools.partial(action_form, name, [pk]))

    def test_the_walk_reaches_every_url(self):
        steps = self.walk(Rights("pimpinan"))
        reached = {resolve(step.url).route for step in steps}
        missing = [
            route
            for route, _pattern, name in url_patterns()
            if name not in NOT_WALKED and route not in reached
        ]
        self.assertEqual(missing, [], "URLs the walk does not post to: walk them or name them in NOT_WALKED")
        walked = {(step.kind, step.model) for step in steps}
        for model, model_admin in admin.site._registry.items():
            kinds = ["change", "delete"]
            if "simple_history" in url_names(model_admin):
                kinds += ["revert", "restore"]
            for kind in kinds:
                with self.subTest(model=model._meta.label, kind=kind):
                    self.assertIn((kind, model), walked, "give the walk a record of this model")

    def test_a_record_staff_add_is_their_departments_whatever_owner_is_posted(self):
        client = Client()
        client.force_login(User.objects.get(username="staf.dlhk"))
        pages = self.superuser_pages()
        staff = User.objects.get(username="staf.dlhk")
        for model in admin.site._registry:
            owner = owner_field_of(model)
            if owner is None or not staff.has_perm(f"{model._meta.app_label}.add_{model._meta.model_name}"):
                continue
            template = model._base_manager.exclude(**{owner: self.dlhk}).order_by("pk").first()
            with self.subTest(model=model._meta.label), transaction.atomic():
                stored = list(model._base_manager.values_list("pk", flat=True))
                client.post(
                    admin_url(model, "add"), with_files(model, pages.add_form(model, template, "-baru"))
                )
                added = model._base_manager.exclude(pk__in=stored)
                self.assertEqual([getattr(row, f"{owner}_id") for row in added], [self.dlhk.pk])
                transaction.set_rollback(True)


def offered(kind: str, model: type[models.Model], request) -> bool:
    """Whether the model's admin lets the superuser make this kind of write."""
    model_admin = admin.site._registry[model]
    if kind in ("change", "revert", "restore"):
        return model_admin.has_change_permission(request)
    if kind == "add":
        return model_admin.has_add_permission(request)
    if kind in ("delete", "action delete_selected"):
        return model_admin.has_delete_permission(request)
    return True


def _records_the_demo_lacks(dlhk: Department) -> None:
    """A row for each registered model the demo leaves empty, and a
    follow-up assigned to DLHK on another department's meeting (DLHK updates
    its progress, but neither deletes it nor changes the rest)."""
    meeting = Meeting.objects.exclude(owner_department=dlhk).order_by("pk").first()
    attachment = Attachment(meeting=meeting, title="Notulen rapat")
    attachment.file.save("notulen.pdf", ContentFile(b"%PDF-1.4 notulen"), save=True)
    FollowUp.objects.create(meeting=meeting, description="Kajian kualitas udara", owner_department=dlhk)
    for threshold_days in (30, 7):
        ReminderSent.objects.create(
            department=dlhk,
            kind=ReminderKind.MEETING,
            object_id=meeting.pk,
            threshold_days=threshold_days,
            due_on=timezone.localdate(),
            sent_on=timezone.localdate(),
            recipients="dlhk@opd.example.org",
        )
    # A finished background job of DLHK's staff member (its pages are the owner's alone).
    Job.objects.create(
        task="coop_lib.admin_csv.export_changelist",
        title="Ekspor CSV: Pertemuan",
        user=get_user_model().objects.get(username="staf.dlhk"),
        language="id",
        status=Job.Status.DONE,
    )
    # A failed login: django-axes' attempt, and its failure log (which the
    # settings leave off, but whose admin is registered).
    Client().post(reverse("admin:login"), {"username": "staf.dlhk", "password": "salah"})
    attempt = apps.get_model("axes", "AccessAttempt").objects.get()
    apps.get_model("axes", "AccessFailureLog").objects.create(
        username=attempt.username,
        ip_address=attempt.ip_address,
        user_agent=attempt.user_agent,
        http_accept=attempt.http_accept,
        path_info=attempt.path_info,
    )


def _age_failed_logins() -> None:
    """Every login clears attempts past the cool-off, so this is done after the
    walk's logins: the clean-up action then has an expired attempt to remove."""
    AccessAttempt = apps.get_model("axes", "AccessAttempt")
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME * 2)


def _past_versions(superuser) -> None:
    """A past version different from the current one, for each record with
    an audit trail: a change by the superuser through the write door."""
    for model, model_admin in admin.site._registry.items():
        if "simple_history" not in url_names(model_admin):
            continue
        field = free_text_fields(model)[0]
        for record in model._base_manager.order_by("pk"):
            setattr(record, field.attname, edited(getattr(record, field.attname), field))
            update_record(instance=record, user=superuser, expected_version=getattr(record, "version", None))


def _spare_records(pages: SuperuserPages, superuser, staff_rights: Rights) -> dict:
    """Two copies of another department's record added by the superuser, for
    each model it may add: one deleted, to be restored; one that nothing
    refers to, so that deleting it can be shown to write. Returns model ->
    (id, last audit-trail row) of the deleted record, which for a model the
    superuser may not add is one of its own records."""
    deleted = {}
    for model, model_admin in admin.site._registry.items():
        records = list(model._base_manager.order_by("pk"))
        template = next((record for record in records if not staff_rights.may_delete(record)), None)
        copies = []
        for marker in ("-dihapus", "-lama"):
            if template is not None and model_admin.has_add_permission(superuser_request(superuser)):
                data = with_files(model, pages.add_form(model, template, marker))
                pages.client.post(admin_url(model, "add"), data)
                copies += model._base_manager.exclude(pk__in=[row.pk for row in [*records, *copies]])
        if "simple_history" not in url_names(model_admin):
            continue
        for record in copies[:1] or reversed(records):
            try:
                with transaction.atomic():
                    delete_record(instance=record, user=superuser)
            except WriteRefused:
                continue
            last = history_of(model).filter(**{model._meta.pk.attname: record.pk}).order_by("-history_id")
            deleted[model] = (record.pk, last.first().history_id)
            break
    pages.cache.clear()
    return deleted
