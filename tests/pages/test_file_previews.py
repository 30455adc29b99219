"""Attachments and agreement files open in the browser for those who may
see them: a PDF in the browser's viewer, an image in the page; anything
else, or a file whose content is not what its name says, is downloaded."""

import tempfile

from django.core.files.base import ContentFile
from django.test import TestCase, override_settings

from meetings.models import Attachment
from tests import factories
from tests.access.fixtures import AccessFixture

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
HTML = b"<html><script>alert(1)</script></html>"


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="bandung-coop-previews-"))
class FilePreviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.fx = AccessFixture()

    def attach(self, meeting, name: str, content: bytes) -> Attachment:
        attachment = factories.make_attachment(meeting=meeting, title=f"Lampiran {name}", file="x")
        attachment.file.save(name, ContentFile(content), save=True)
        return attachment

    def setUp(self):
        self.client.force_login(self.fx.staff)

    def test_a_pdf_opens_in_the_browser(self):
        attachment = self.attach(self.fx.own_meeting, "notulen.pdf", PDF)
        response = self.client.get(attachment.file.url + "?lihat=1")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response["Content-Disposition"].startswith("inline"))
        self.assertEqual(b"".join(response.streaming_content), PDF)

    def test_without_asking_to_see_it_the_file_is_downloaded(self):
        attachment = self.attach(self.fx.own_meeting, "notulen.pdf", PDF)
        response = self.client.get(attachment.file.url)
        self.assertTrue(response["Content-Disposition"].startswith("attachment"))
        self.assertIn("sandbox", response["Content-Security-Policy"])

    def test_a_page_named_as_a_pdf_is_downloaded_not_shown(self):
        attachment = self.attach(self.fx.own_meeting, "jebakan.pdf", HTML)
        response = self.client.get(attachment.file.url + "?lihat=1")
        self.assertTrue(response["Content-Disposition"].startswith("attachment"))
        self.assertIn("sandbox", response["Content-Security-Policy"])

    def test_a_word_document_is_only_downloaded(self):
        attachment = self.attach(self.fx.own_meeting, "surat.docx", b"PK\x03\x04rest")
        response = self.client.get(attachment.file.url + "?lihat=1")
        self.assertTrue(response["Content-Disposition"].startswith("attachment"))

    def test_the_meeting_page_previews_an_image_and_links_a_pdf(self):
        image = self.attach(self.fx.own_meeting, "foto.png", PNG)
        pdf = self.attach(self.fx.own_meeting, "notulen.pdf", PDF)
        response = self.client.get(self.fx.own_meeting.get_absolute_url())
        self.assertContains(
            response, f'<img class="img-thumbnail attachment-preview" src="{image.file.url}?lihat=1"'
        )
        self.assertContains(response, f'href="{pdf.file.url}?lihat=1"')
        self.assertContains(response, "Lihat")

    def test_attachments_of_confidential_minutes_are_neither_listed_nor_served(self):
        secret = self.attach(self.fx.confidential_meeting, "rahasia.pdf", PDF)
        response = self.client.get(self.fx.confidential_meeting.get_absolute_url())
        self.assertNotContains(response, secret.file.url)
        self.assertContains(response, "Rahasia, seperti notulennya.")
        self.assertEqual(self.client.get(secret.file.url + "?lihat=1").status_code, 404)

    def test_an_agreement_file_has_its_links_on_the_partner_page(self):
        partner = factories.make_partner()
        cooperation = factories.make_cooperation(partners=[partner])
        document = factories.make_document(cooperation=cooperation, file="x")
        document.file.save("mou.pdf", ContentFile(PDF), save=True)
        response = self.client.get(partner.get_absolute_url())
        self.assertContains(response, f'href="{document.file.url}?lihat=1"')
        self.assertTrue(
            self.client.get(document.file.url + "?lihat=1")["Content-Disposition"].startswith("inline")
        )
