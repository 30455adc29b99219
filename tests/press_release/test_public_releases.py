"""Measured on text no one here wrote: public releases and news articles, in
Indonesian and English, against the fields a careful reader wrote down."""

from django.test import TestCase

from bandung_coop.demo import load_demo_data
from meetings.extraction import extract_meeting_draft
from tests.press_release import accuracy
from tests.press_release.public_register import load_public_register

REQUIRED_ACCURACY = 95.0


class PublicReleaseTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_data()
        load_public_register()
        cls.releases = accuracy.public_releases()

    def test_the_set_holds_at_least_fifteen_releases_in_both_languages_with_their_sources(self):
        self.assertGreaterEqual(len(self.releases), 15)
        self.assertEqual({release.language for release in self.releases}, {"id", "en"})
        for release in self.releases:
            self.assertTrue(release.source.startswith(("http://", "https://")), release.name)
            self.assertTrue(release.expected, release.name)

    def test_at_least_95_percent_of_the_expected_fields_are_read_right(self):
        results = {}
        for release in self.releases:
            draft = extract_meeting_draft(release.text, published=release.published)
            results[release.name] = accuracy.score(release.expected, draft)
        overall, lines = accuracy.report(results)
        accuracy.REPORT[:] = lines
        print("\n".join(lines))
        self.assertGreaterEqual(overall, REQUIRED_ACCURACY, "\n".join(lines))
