"""The digest says it was written by a program, on the city's clock, and
its HTML part is laid out for mail clients: tables, styles on the elements."""

import datetime
import re
from email.utils import parsedate_to_datetime
from io import StringIO
from unittest import mock

from django.core import mail
from django.core.management import call_command
from django.test import TestCase, override_settings

from tests import factories

TODAY = datetime.date(2026, 3, 2)
SENT_AT = datetime.datetime(2026, 3, 1, 23, 15, tzinfo=datetime.UTC)  # 06:15 WIB on 2 March


@override_settings(SITE_URL="https://kerjasama.example.org")
class DigestHeaderTests(TestCase):
    def setUp(self):
        department = factories.make_department(acronym="DLHK", email="dlhk@example.org")
        factories.make_follow_up(
            meeting=factories.make_meeting(owner_department=department, title="Rapat sampah"),
            description="Kirim laporan",
            due_on=datetime.date(2026, 2, 27),
        )
        with mock.patch("django.utils.timezone.now", return_value=SENT_AT):
            call_command("send_reminders", "--today", TODAY.isoformat(), stdout=StringIO(), stderr=StringIO())
        self.message = mail.outbox[0].message()

    def test_it_is_marked_auto_generated_so_autoresponders_stay_silent(self):
        self.assertEqual(self.message["Auto-Submitted"], "auto-generated")
        self.assertEqual(self.message["X-Auto-Response-Suppress"], "All")

    def test_its_date_is_on_the_city_s_clock(self):
        self.assertEqual(self.message["Date"], "Mon, 02 Mar 2026 06:15:00 +0700")
        self.assertEqual(parsedate_to_datetime(self.message["Date"]), SENT_AT)
        self.assertEqual(len(self.message.get_all("Date")), 1)

    def test_the_html_part_is_a_table_layout_with_headings_links_and_no_style_block(self):
        html = next(content for content, mimetype in mail.outbox[0].alternatives if mimetype == "text/html")
        self.assertIn('<table role="presentation"', html)
        self.assertNotIn("<style", html)
        self.assertRegex(html, r'<h1 style="[^"]+">Pengingat kerja sama untuk DLHK, 2 Maret 2026</h1>')
        self.assertRegex(html, r'<h2 style="[^"]+">Tindak lanjut yang terlambat</h2>')
        self.assertRegex(
            html,
            r'<a href="https://kerjasama.example.org/admin/meetings/followup/\d+/change/" '
            r'style="[^"]+">Kirim laporan</a>',
        )
        self.assertIn('<a href="https://kerjasama.example.org/notifikasi/">notifikasi</a>', html)
        self.assertEqual(re.findall(r"<script", html), [])
