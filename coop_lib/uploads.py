"""Uploads that survive a refused form: the file is kept aside, signed, and
the form shown again carries it, so nobody has to choose it a second time.
And the files a refused, rolled-back write had stored are removed again."""

import contextlib
import contextvars
import functools
import posixpath
import secrets
from collections.abc import Iterator

from django.contrib.admin.widgets import AdminFileWidget
from django.core import signing
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils.text import get_valid_filename

KEPT_DIRECTORY = "kept"
SALT = "coop_lib.uploads.kept"
# A form shown again is sent within the day, or its file chosen anew.
MAX_AGE_SECONDS = 24 * 60 * 60


class KeptFile(File):
    """A file kept from an earlier submission of the same form."""

    def __init__(self, file, name: str, token: str, path: str):
        super().__init__(file, name)
        self.token, self.path = token, path


def keep(upload: UploadedFile, uploader_id: int) -> str:
    """Store ``upload`` aside; the signed token names it, for its uploader only."""
    folder = posixpath.join(KEPT_DIRECTORY, secrets.token_hex(8))
    path = default_storage.save(posixpath.join(folder, get_valid_filename(upload.name or "file")), upload)
    return signing.dumps({"path": path, "user": uploader_id}, salt=SALT)


def kept_file(token: str, uploader_id: int | None) -> KeptFile | None:
    """The file ``token`` names, if it is this uploader's and still kept."""
    try:
        kept = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None
    path = posixpath.normpath(str(kept.get("path", "")))
    if kept.get("user") != uploader_id or not path.startswith(KEPT_DIRECTORY + "/"):
        return None
    if not default_storage.exists(path):
        return None
    return KeptFile(default_storage.open(path), posixpath.basename(path), token, path)


def clear_expired(now: float) -> int:
    """Delete the kept files too old to be sent again; how many were deleted."""
    deleted = 0
    folders, _files = (
        default_storage.listdir(KEPT_DIRECTORY) if default_storage.exists(KEPT_DIRECTORY) else ([], [])
    )
    for folder in folders:
        for name in default_storage.listdir(posixpath.join(KEPT_DIRECTORY, folder))[1]:
            path = posixpath.join(KEPT_DIRECTORY, folder, name)
            if now - default_storage.get_modified_time(path).timestamp() > MAX_AGE_SECONDS:
                default_storage.delete(path)
                deleted += 1
    return deleted


class KeptUploadInput(AdminFileWidget):
    """A file input that carries the file it was sent when its form is shown
    again. The admin names the uploader (``uploader_id``) and decides which
    files to keep (``keep_valid_uploads``): only those the form accepted."""

    template_name = "coop_lib/kept_upload_input.html"
    uploader_id: int | None = None
    submitted: "KeptFile | UploadedFile | None" = None
    kept_token: str | None = None

    @staticmethod
    def kept_name(name: str) -> str:
        return f"{name}-kept"

    @staticmethod
    def dropped_name(name: str) -> str:
        return f"{name}-kept-drop"

    def value_from_datadict(self, data, files, name):
        upload = super().value_from_datadict(data, files, name)
        token = data.get(self.kept_name(name))
        if upload is None and token and not data.get(self.dropped_name(name)):
            upload = kept_file(token, self.uploader_id) or upload
        # A file input never shows the file it was sent (FileField.bound_data);
        # this form's copy of the widget remembers it to carry it along.
        self.submitted = upload if isinstance(upload, KeptFile | UploadedFile) else None
        return upload

    def keep_submitted(self) -> None:
        if self.uploader_id is None:
            return
        if isinstance(self.submitted, KeptFile):
            self.kept_token = self.submitted.token
        elif isinstance(self.submitted, UploadedFile):
            self.kept_token = keep(self.submitted, self.uploader_id)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.kept_token and self.submitted is not None:
            context["widget"]["kept"] = {
                "name": self.kept_name(name),
                "dropped_name": self.dropped_name(name),
                "token": self.kept_token,
                "file_name": self.submitted.name,
            }
            # The file is here already: the empty file input must not block sending.
            context["widget"]["attrs"].pop("required", None)
        return context


def keep_valid_uploads(form) -> None:
    """Keep aside the files of a form about to be shown again, except those
    its fields refused (a wrong type, too large)."""
    for name, field in form.fields.items():
        if isinstance(field.widget, KeptUploadInput) and name not in form.errors:
            field.widget.keep_submitted()


def set_uploader(form_class, user) -> None:
    """Kept files are signed for, and only open to, the user who sent them."""
    for field in form_class.base_fields.values():
        if isinstance(field.widget, KeptUploadInput):
            field.widget.uploader_id = user.pk


# The files stored by the writes of one attempt (see ``files_written``).
_written: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("files_written", default=None)


def new_files(instance: models.Model) -> list[models.fields.files.FieldFile]:
    """The files of ``instance`` that its next save stores."""
    files = [
        getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if isinstance(field, models.FileField)
    ]
    # Django marks a file assigned but not yet stored as not committed.
    return [file for file in files if file and not getattr(file, "_committed", True)]


def note_stored(files: list) -> None:
    """After a save: the stored files are remembered for a refused attempt
    to remove, and the kept copies they came from go once the save commits."""
    if (written := _written.get()) is not None:
        written.extend(file.name for file in files)
    for file in files:
        if isinstance(file.file, KeptFile):
            transaction.on_commit(functools.partial(default_storage.delete, file.file.path))


@contextlib.contextmanager
def files_written() -> Iterator[list[str]]:
    """Collects the names of the files stored inside the block; a database
    rollback keeps them on disk, so a refused attempt removes them (``discard``)."""
    written: list[str] = []
    token = _written.set(written)
    try:
        yield written
    finally:
        _written.reset(token)


def discard(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)
