"""A document and the stage it proves, in one save of the cooperation page:
the document is written first, then the stage moves in the same
transaction; a refused save keeps nothing of it and tells why."""

import io
import os
import shutil
import tempfile
import time
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse

from partnerships.models import Document, DocumentKind, Stage, StageChange
from tests import factories
from tests.access.fixtures import AccessFixture
from tests.admin.helpers import submitted_form


class CooperationPage(TestCase):
    """A cooperation at exploration and its page in the admin, as the cooperation division."""

    def setUp(self):
        self.media_root = media_root = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, media_root)
        settings_override = override_settings(MEDIA_ROOT=media_root)
        settings_override.enable()
        self.addCleanup(settings_override.disable)
        self.fixture = AccessFixture()
        self.cooperation = factories.make_cooperation(stage=Stage.EXPLORATION)
        self.url = reverse("admin:partnerships_cooperation_change", args=[self.cooperation.pk])
        self.client.force_login(self.fixture.cooperation_admin)

    @staticmethod
    def letter() -> SimpleUploadedFile:
        return SimpleUploadedFile("loi-kawasaki.pdf", b"%PDF-1.4 surat", "application/pdf")

    def page_with_new_document(self, kind: str, stage: str) -> dict:
        data = submitted_form(self.client.get(self.url))
        data |= {
            "stage": [stage],
            "documents-TOTAL_FORMS": ["1"],
            "documents-0-kind": [kind],
            "documents-0-number": ["LOI/2026/7"],
            "documents-0-file": [
                SimpleUploadedFile("loi-kawasaki.pdf", b"%PDF-1.4 surat", "application/pdf")
            ],
        }
        return data


class DocumentWithStageTests(CooperationPage):
    def test_a_letter_of_intent_and_its_stage_are_saved_together(self):
        response = self.client.post(self.url, self.page_with_new_document(DocumentKind.LOI, Stage.LOI))
        self.assertEqual(response.status_code, 302, response.context and response.context["errors"])
        document = Document.objects.get(cooperation=self.cooperation)
        self.assertEqual((document.kind, document.number), (DocumentKind.LOI, "LOI/2026/7"))
        self.assertTrue(document.file.name.endswith(".pdf"))
        self.assertEqual(document.file.read(), b"%PDF-1.4 surat")
        self.cooperation.refresh_from_db()
        self.assertEqual(self.cooperation.stage, Stage.LOI)
        change = StageChange.objects.get(cooperation=self.cooperation)
        self.assertEqual((change.from_stage, change.to_stage), (Stage.EXPLORATION, Stage.LOI))

    def test_a_document_that_does_not_prove_the_stage_is_refused_with_the_page_kept(self):
        response = self.client.post(self.url, self.page_with_new_document(DocumentKind.PLAN, Stage.LOI))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "surat pernyataan kehendak (LoI) yang telah ditandatangani")
        self.assertFalse(Document.objects.filter(cooperation=self.cooperation).exists())
        self.cooperation.refresh_from_db()
        self.assertEqual(self.cooperation.stage, Stage.EXPLORATION)
        # The row the user added is still on the form, and so is the file,
        # kept aside; nothing of the refused save stays among the documents.
        self.assertContains(response, 'value="LOI/2026/7"')
        self.assertContains(response, "loi-kawasaki.pdf")
        stored = [path.relative_to(self.media_root).parts[0] for path in Path(self.media_root).rglob("*.pdf")]
        self.assertEqual(stored, ["kept"])

    def test_the_file_kept_on_a_refused_page_is_saved_when_the_page_is_sent_again(self):
        refused = self.client.post(self.url, self.page_with_new_document(DocumentKind.PLAN, Stage.LOI))
        corrected = submitted_form(refused) | {"documents-0-kind": [DocumentKind.LOI]}
        self.assertNotIn("documents-0-file", corrected)  # a browser cannot send the file again
        response = self.client.post(self.url, corrected)
        self.assertEqual(response.status_code, 302, response.context and response.context["errors"])
        document = Document.objects.get(cooperation=self.cooperation)
        self.assertEqual(document.file.read(), b"%PDF-1.4 surat")
        self.assertTrue(document.file.name.startswith("documents/"))
        self.cooperation.refresh_from_db()
        self.assertEqual(self.cooperation.stage, Stage.LOI)

    def test_a_forged_kept_file_reference_is_ignored(self):
        data = self.page_with_new_document(DocumentKind.LOI, Stage.LOI)
        del data["documents-0-file"]
        data["documents-0-file-kept"] = ["kept/abc/../../settings.py"]
        self.client.post(self.url, data)
        self.assertFalse(Document.objects.filter(cooperation=self.cooperation).exclude(file="").exists())


class KeptUploadTests(CooperationPage):
    """The file kept for a refused page: only one the form accepted, only
    for who sent it, gone once saved or too old."""

    def kept_files(self) -> list[Path]:
        return list((Path(self.media_root) / "kept").rglob("*.*"))

    def test_a_file_the_form_refuses_is_not_kept(self):
        data = self.page_with_new_document(DocumentKind.PLAN, Stage.LOI)
        data["documents-0-file"] = [SimpleUploadedFile("skrip.html", b"<script>", "text/html")]
        response = self.client.post(self.url, data)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "skrip.html")
        self.assertEqual(self.kept_files(), [])

    def test_the_kept_copy_goes_once_the_document_is_saved(self):
        refused = self.client.post(self.url, self.page_with_new_document(DocumentKind.PLAN, Stage.LOI))
        self.assertEqual(len(self.kept_files()), 1)
        corrected = submitted_form(refused) | {"documents-0-kind": [DocumentKind.LOI]}
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(self.client.post(self.url, corrected).status_code, 302)
        self.assertEqual(self.kept_files(), [])

    def test_another_user_cannot_use_the_kept_file(self):
        refused = self.client.post(self.url, self.page_with_new_document(DocumentKind.PLAN, Stage.LOI))
        corrected = submitted_form(refused) | {"documents-0-kind": [DocumentKind.LOI]}
        other_admin = factories.make_user(role="Admin Kerja Sama")
        self.client.force_login(other_admin)
        self.client.post(self.url, corrected)
        self.assertFalse(Document.objects.filter(cooperation=self.cooperation).exclude(file="").exists())

    def test_a_kept_file_can_be_left_out(self):
        refused = self.client.post(self.url, self.page_with_new_document(DocumentKind.PLAN, Stage.LOI))
        self.assertContains(refused, "Jangan simpan berkas ini")
        corrected = submitted_form(refused) | {
            "documents-0-kind": [DocumentKind.LOI],
            "documents-0-file-kept-drop": ["on"],
        }
        self.client.post(self.url, corrected)
        self.assertFalse(Document.objects.filter(cooperation=self.cooperation).exclude(file="").exists())

    def test_kept_files_older_than_a_day_are_cleared(self):
        self.client.post(self.url, self.page_with_new_document(DocumentKind.PLAN, Stage.LOI))
        (kept,) = self.kept_files()
        out = io.StringIO()
        call_command("clear_kept_uploads", stdout=out)
        self.assertEqual(self.kept_files(), [kept])
        a_day_and_more = time.time() - 25 * 60 * 60
        os.utime(kept, (a_day_and_more, a_day_and_more))
        call_command("clear_kept_uploads", stdout=out)
        self.assertEqual(self.kept_files(), [])
