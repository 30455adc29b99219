"""`manage.py backup` and `manage.py restore`: an installation with the demo
data and uploaded files is backed up, its database dropped and its uploads
deleted, and the restore gives back every row of every table (the audit
trail's history tables included), the schema's objects and every file,
byte for byte. A restore refuses to run without --confirm, and refuses a
damaged archive before it changes anything."""

import io
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TransactionTestCase, override_settings

from partnerships.models import Department
from tests import factories
from tests.operations.conftest import manage, operator_environment

# Uploads made through the write door, so their history rows exist too; one
# is changed afterwards, so its record has two versions.
UPLOADS = """
import os
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from coop_lib.writes import create_record, update_record
from meetings.models import Attachment, Meeting
from partnerships.models import Cooperation, Document

admin = get_user_model().objects.get(username="admin")
meeting = Meeting.objects.order_by("pk").first()
for number, name in enumerate(["notulen rapat.pdf", "foto-kunjungan.jpg", "川崎市-ringkasan.docx"]):
    upload = SimpleUploadedFile(name, os.urandom(20_000 + number))
    create_record(instance=Attachment(meeting=meeting, title=f"Lampiran {number}", file=upload), user=admin)
cooperation = Cooperation.objects.order_by("pk").first()
upload = SimpleUploadedFile("mou-2025.pdf", os.urandom(50_000))
document = Document(cooperation=cooperation, kind="mou", number="MOU/UJI/2025", file=upload)
document = create_record(instance=document, user=admin)
document.title = "Nota kesepahaman, diperbarui"
update_record(instance=document, user=admin, expected_version=document.version)
"""


def table_rows(database) -> dict[str, object]:
    """Every row of every table, in a stable order, and the schema's named objects."""
    rows: dict[str, object] = {}
    with database.connect() as db:
        cursor = db.cursor()
        if database.vendor == "postgresql":
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
            for (table,) in cursor.fetchall():
                copy = io.BytesIO()
                cursor.copy_expert(f'COPY (SELECT * FROM "{table}" AS r ORDER BY r::text) TO STDOUT', copy)
                rows[table] = copy.getvalue()
            for kind, query in POSTGRES_OBJECTS.items():
                cursor.execute(query)
                rows[kind] = cursor.fetchall()
        else:
            cursor.execute("SELECT name, sql FROM sqlite_master ORDER BY name")
            schema = cursor.fetchall()
            rows["sqlite_master"] = schema
            for table in (name for name, sql in schema if sql and sql.startswith("CREATE TABLE")):
                cursor.execute(f'SELECT * FROM "{table}"')
                rows[table] = sorted(map(repr, cursor.fetchall()))
    return rows


POSTGRES_OBJECTS = {
    "sequences": "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1",
    "indexes": "SELECT tablename, indexname FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2",
    "triggers": "SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1, 2",
    "functions": "SELECT proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace ORDER BY 1",
    "constraints": "SELECT conrelid::regclass::text, conname FROM pg_constraint "
    "WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2",
    "extensions": "SELECT extname FROM pg_extension ORDER BY 1",
}


def file_bytes(folder: Path) -> dict[str, bytes]:
    files = sorted(path for path in folder.rglob("*") if path.is_file())
    return {str(path.relative_to(folder)): path.read_bytes() for path in files}


def test_a_backup_restores_every_row_history_row_and_file_after_the_database_and_uploads_are_gone(
    separate_database, tmp_path
):
    media, backups = tmp_path / "media", tmp_path / "backups"
    environment = operator_environment(
        DATABASE_URL=separate_database.url, MEDIA_ROOT=str(media), BACKUP_DIR=str(backups), DEBUG="1"
    )
    manage("migrate", "--no-input", environment=environment)
    manage("load_demo", environment=environment)
    manage("shell", "-c", UPLOADS, environment=environment)
    before_rows, before_files = table_rows(separate_database), file_bytes(media)
    assert len(before_files) == 4
    assert before_rows["meetings_historicalattachment"], "the uploads' history rows"
    assert before_rows["partnerships_historicaldocument"]
    assert before_rows["meetings_meeting"] and before_rows["auth_user"]

    written = manage("backup", environment=environment).stdout
    (archive,) = backups.glob("*.tar")
    assert str(archive) in written
    assert archive.stat().st_mode & 0o077 == 0, "only the owner reads a backup"

    separate_database.drop()
    shutil.rmtree(media)
    separate_database.create()  # empty, as on a new server

    refused = manage("restore", str(archive), environment=environment, check=False)
    assert refused.returncode != 0
    assert "--confirm" in refused.stderr
    assert not media.exists(), "nothing restored without --confirm"

    manage("restore", str(archive), "--confirm", environment=environment)
    after_rows, after_files = table_rows(separate_database), file_bytes(media)
    assert sorted(after_rows) == sorted(before_rows)
    for table in before_rows:
        assert after_rows[table] == before_rows[table], table
    assert after_files == before_files
    manage("migrate", "--check", environment=environment)


class RestoreTests(TransactionTestCase):
    # Outside a test transaction: a backup reads the database as a whole.

    def setUp(self):
        self.department = factories.make_department()
        folder = Path(self.enterContext(tempfile.TemporaryDirectory()))
        self.media, self.backups = folder / "media", folder / "backups"
        (self.media / "documents" / "2024").mkdir(parents=True)
        (self.media / "documents" / "2024" / "mou.pdf").write_bytes(b"%PDF-1.7 isi dokumen")
        self.enterContext(override_settings(MEDIA_ROOT=self.media))
        call_command("backup", directory=self.backups, stdout=io.StringIO())
        (self.archive,) = self.backups.glob("*.tar")

    def test_a_restore_without_confirm_changes_nothing_and_names_what_it_would_replace(self):
        (self.media / "documents" / "2024" / "mou.pdf").write_bytes(b"versi baru")
        with self.assertRaises(CommandError) as refused:
            call_command("restore", str(self.archive))
        message = str(refused.exception)
        self.assertIn(str(self.archive), message)
        self.assertIn(str(connection.settings_dict["NAME"]), message)
        self.assertIn(str(self.media), message)
        self.assertIn("--confirm", message)
        self.assertEqual((self.media / "documents" / "2024" / "mou.pdf").read_bytes(), b"versi baru")
        self.assertTrue(Department.objects.filter(pk=self.department.pk).exists())

    def test_a_confirmed_restore_gives_back_the_rows_and_files_of_the_backup(self):
        later = factories.make_department()
        (self.media / "documents" / "2024" / "mou.pdf").write_bytes(b"versi baru")
        (self.media / "baru.pdf").write_bytes(b"unggahan setelah cadangan")
        output = io.StringIO()
        call_command("restore", str(self.archive), "--confirm", stdout=output)
        self.assertIn(str(self.archive), output.getvalue())
        self.assertTrue(Department.objects.filter(pk=self.department.pk).exists())
        self.assertFalse(Department.objects.filter(pk=later.pk).exists())
        files = [path.relative_to(self.media).as_posix() for path in self.media.rglob("*") if path.is_file()]
        self.assertEqual(files, ["documents/2024/mou.pdf"])
        self.assertEqual(
            (self.media / "documents" / "2024" / "mou.pdf").read_bytes(), b"%PDF-1.7 isi dokumen"
        )

    def test_a_damaged_archive_is_refused_before_anything_changes(self):
        damaged = self.archive.with_name("damaged.tar")
        with tarfile.open(self.archive) as source, tarfile.open(damaged, "w") as copy:
            for member in source.getmembers():
                data = source.extractfile(member).read()
                if member.name == "media/documents/2024/mou.pdf":
                    data = data.replace(b"isi", b"ISI")
                copy.addfile(member, io.BytesIO(data))
        (self.media / "baru.pdf").write_bytes(b"unggahan setelah cadangan")
        with self.assertRaises(CommandError) as refused:
            call_command("restore", str(damaged), "--confirm")
        self.assertIn("media/documents/2024/mou.pdf", str(refused.exception))
        self.assertEqual((self.media / "baru.pdf").read_bytes(), b"unggahan setelah cadangan")
        self.assertTrue(Department.objects.filter(pk=self.department.pk).exists())

    def test_a_file_that_is_no_backup_is_refused(self):
        not_a_backup = self.backups / "catatan.tar"
        with tarfile.open(not_a_backup, "w") as archive:
            archive.addfile(tarfile.TarInfo("catatan.txt"))
        with self.assertRaises(CommandError) as refused:
            call_command("restore", str(not_a_backup), "--confirm")
        self.assertIn(str(not_a_backup), str(refused.exception))

    def test_the_backup_folder_may_not_be_inside_the_uploads(self):
        with self.assertRaises(CommandError) as refused:
            call_command("backup", directory=self.media / "cadangan", stdout=io.StringIO())
        self.assertIn("MEDIA_ROOT", str(refused.exception))
        self.assertFalse((self.media / "cadangan").exists())
