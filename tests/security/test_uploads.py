"""Uploaded files are limited in size and type and served only to users
who may see their record."""

import os
import shutil
import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse

from meetings.models import Attachment
from tests import factories
from tests.access.fixtures import AccessFixture


class UploadTests(TestCase):
    def setUp(self):
        self.media_root = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.media_root)
        self.settings_override = override_settings(MEDIA_ROOT=self.media_root, MAX_UPLOAD_MEGABYTES=1)
        self.settings_override.enable()
        self.addCleanup(self.settings_override.disable)
        self.fixture = AccessFixture()

    def attach(self, meeting, name: str, size: int = 100):
        attachment = Attachment(meeting=meeting, title="Notulen")
        attachment.file.save(name, SimpleUploadedFile(name, b"%PDF" + b"x" * size), save=True)
        return attachment

    def test_a_confidential_meetings_attachment_is_served_only_to_those_who_may_read_it(self):
        attachment = self.attach(self.fixture.confidential_meeting, "notulen.pdf")
        url = reverse("protected_media", args=[attachment.file.name])
        self.client.force_login(self.fixture.leader)
        self.assertEqual(self.client.get(url).status_code, 200)
        self.client.force_login(self.fixture.staff)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(url).status_code, 302)

    def test_an_ordinary_attachment_is_served_to_every_role(self):
        attachment = self.attach(self.fixture.own_meeting, "bahan.pdf")
        self.client.force_login(self.fixture.staff)
        response = self.client.get(reverse("protected_media", args=[attachment.file.name]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content)[:4], b"%PDF")

    def test_an_unknown_path_answers_404(self):
        self.client.force_login(self.fixture.cooperation_admin)
        self.assertEqual(
            self.client.get(reverse("protected_media", args=["../settings.py"])).status_code, 404
        )

    def test_the_admin_refuses_a_file_too_large_or_of_the_wrong_type(self):
        self.client.force_login(self.fixture.staff)
        url = reverse("admin:meetings_attachment_add")
        big = SimpleUploadedFile("besar.pdf", b"x" * (1024 * 1024 + 1))
        response = self.client.post(
            url, {"meeting": self.fixture.own_meeting.pk, "title": "Besar", "file": big}
        )
        self.assertIn("1 MB", " ".join(response.context["adminform"].form.errors["file"]))
        script = SimpleUploadedFile("skrip.exe", b"MZ")
        response = self.client.post(
            url, {"meeting": self.fixture.own_meeting.pk, "title": "Skrip", "file": script}
        )
        self.assertIn("file", response.context["adminform"].form.errors)
        self.assertFalse(Attachment.objects.filter(title__in=["Besar", "Skrip"]).exists())


class TraversalGuardTests(TestCase):
    """A stored file name that climbs out of MEDIA_ROOT (a crafted import or a
    database edit) is refused by the path check itself, not only because no
    record names it."""

    def setUp(self):
        outside = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, outside)
        self.media_root = os.path.join(outside, "media")
        os.mkdir(self.media_root)
        self.secret = os.path.join(outside, "rahasia.txt")
        with open(self.secret, "w") as file:
            file.write("ISI-DI-LUAR-MEDIA_ROOT")
        self.settings_override = override_settings(MEDIA_ROOT=self.media_root)
        self.settings_override.enable()
        self.addCleanup(self.settings_override.disable)
        self.fixture = AccessFixture()
        self.client.force_login(self.fixture.cooperation_admin)

    def test_it_refuses_a_stored_name_that_climbs_out_of_the_media_folder(self):
        for stored, address in [
            ("../rahasia.txt", "/media/../rahasia.txt"),
            ("../rahasia.txt", "/media/..%2Frahasia.txt"),
            (self.secret, "/media/" + self.secret),
        ]:
            with self.subTest(address=address):
                document = factories.make_document(file=stored)
                # The guard's refusal is logged as a security event: proof it was reached.
                with self.assertLogs("django.security.SuspiciousFileOperation", "ERROR"):
                    response = self.client.get(address)
                self.assertEqual(response.status_code, 400)
                self.assertNotIn(b"ISI-DI-LUAR-MEDIA_ROOT", response.content)
                document.delete()
