"""Uploads that survive a refused form: the file is kept aside, signed, and
the form shown again carries it, so nobody has to choose it a second time.
And the files a refused, rolled-back write had stored are removed again."""

import contextlib
import contextvars
import posixpath
import secrets
from collections.abc import Iterator

from django.contrib.admin.widgets import AdminFileWidget
from django.core import signing
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils.text import get_valid_filename

KEPT_DIRECTORY = "kept"
SALT = "coop_lib.uploads.kept"
# A form shown again is sent within the day, or its file chosen anew.
MAX_AGE_SECONDS = 24 * 60 * 60


class KeptFile(File):
    """A file kept from an earlier submission of the same form."""

    def __init__(self, file, name: str, token: str):
        super().__init__(file, name)
        self.token = token


def keep(upload: UploadedFile) -> str:
    """Store ``upload`` aside; the signed token names it in the next submission."""
    folder = posixpath.join(KEPT_DIRECTORY, secrets.token_hex(8))
    path = default_storage.save(posixpath.join(folder, get_valid_filename(upload.name)), upload)
    return signing.dumps(path, salt=SALT)


def kept_file(token: str) -> KeptFile | None:
    try:
        path = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None
    if not path.startswith(KEPT_DIRECTORY + "/") or not default_storage.exists(path):
        return None
    return KeptFile(default_storage.open(path), posixpath.basename(path), token)


class KeptUploadInput(AdminFileWidget):
    template_name = "coop_lib/kept_upload_input.html"

    @staticmethod
    def kept_name(name: str) -> str:
        return f"{name}-kept"

    def value_from_datadict(self, data, files, name):
        upload = super().value_from_datadict(data, files, name)
        if upload is None and (token := data.get(self.kept_name(name))):
            upload = kept_file(token) or upload
        # A file input never shows the file it was sent (FileField.bound_data);
        # this form's copy of the widget remembers it to carry it along.
        self.submitted = upload if isinstance(upload, KeptFile | UploadedFile) else None
        return upload

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        submitted = getattr(self, "submitted", None)
        if submitted is not None:
            token = submitted.token if isinstance(submitted, KeptFile) else keep(submitted)
            context["widget"]["kept"] = {
                "name": self.kept_name(name),
                "token": token,
                "file_name": submitted.name,
            }
            # The file is here already: the empty file input must not block sending.
            context["widget"]["attrs"].pop("required", None)
        return context


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
    if (written := _written.get()) is not None:
        written.extend(file.name for file in files)


@contextlib.contextmanager
def files_written() -> Iterator[list[str]]:
    """Collects the names of the files stored inside the block; a database
    rollback keeps them on disk, so a refused attempt removes them (``discard``)."""
    token = _written.set([])
    try:
        yield _written.get()
    finally:
        _written.reset(token)


def discard(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)
