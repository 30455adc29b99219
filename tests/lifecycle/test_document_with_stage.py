"""A document and the stage it proves, in one save of the cooperation page:
the document is written first, then the stage moves in the same
transaction; a refused save keeps nothing of it and tells why."""

import shutil
import tempfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse

from partnerships.models import Document, DocumentKind, Stage, StageChange
from tests import factories
from tests.access.fixtures import AccessFixture
from tests.admin.helpers import submitted_form


class DocumentWithStageTests(TestCase):
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
