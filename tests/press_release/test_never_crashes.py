"""Whatever is pasted, the reader answers with a draft: property-based tests
(hypothesis) over arbitrary text and over text made of release-like pieces."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from bandung_coop.demo import load_demo_data
from coop_lib.matching import NameMatcher
from coop_lib.text_dates import find_dates
from meetings.extraction import MeetingDraft, extract_meeting_draft

PIECES = [
    "Kamis (3/2/2022)",
    "Senin (11/8)",
    "(31/2/2022)",
    "10–14 Juni 2024",
    "10 s.d. 14",
    "s/d",
    "hingga",
    "Tuesday, 5 March 2024",
    "March 5, 2024",
    "Monday",
    "kemarin",
    "lalu",
    "mendatang",
    "pukul 10.00",
    "at 2:30 p.m.",
    "Wali Kota Bandung",
    "Plt.",
    "Mr.",
    "Yana Mulyana",
    "Kota Hamamatsu",
    "Hanamatsu",
    "Kedutaan Besar Jepang",
    "di Balaikota",
    "di",
    "ke",
    "in",
    "at the",
    "Pendopo",
    "Hotel",
    "DLHK",
    "(DLHK)",
    "Dinas",
    "Kota",
    "dan",
    ",",
    ".",
    "—",
    "-",
    "\n",
    " ",
    "“",
    "”",
    "(",
    ")",
    "bertolak ke",
    "kunjungan kerja",
    "delegasi berjumlah 6 orang",
    "dibiayai oleh",
    "APBD",
    "sampah",
    "air bersih",
    "udara",
    "Dipublikasikan pada",
    "21:15 WIB",
    "mulai dari",
    "Maksud",
    "Jum'at",
    "Jum’at",
    "12/13/2024",
    "0/0/0",
    "99 Juni 99999",
    "29 Februari",
]
release_like = st.lists(st.sampled_from(PIECES), max_size=40).map(" ".join)
any_text = st.text(max_size=400)
anything = st.one_of(any_text, release_like)
# Any day the admin's date field takes, the first and last days of the calendar included.
dates = st.one_of(st.none(), st.dates())
FAST = settings(max_examples=100, deadline=None, database=None)


@FAST
@given(text=anything, published=dates)
def test_dates_are_read_from_any_text_without_error(text, published):
    for found in find_dates(text, published=published):
        assert 0 <= found.start <= found.end <= len(text)
        if found.date and found.end_date:
            assert found.end_date >= found.date


@FAST
@given(text=anything, written=anything)
def test_the_matcher_takes_any_text(text, written):
    matcher = NameMatcher(
        [("Kota Hamamatsu", 1), ("Hamamatsu", 1), ("DLHK", 2), ("Kedutaan Besar Jepang untuk Indonesia", 3)]
    )
    matcher.add(written, 4)
    matcher.match(written)
    for found in matcher.find_in_text(text):
        assert 0 <= found.start < found.end <= len(text)


class ReaderNeverCrashesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_data()

    @settings(max_examples=80, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(text=anything, published=dates)
    def test_any_text_gives_a_draft(self, text, published):
        draft = extract_meeting_draft(text, published=published)
        self.assertIsInstance(draft, MeetingDraft)
        self.assertLessEqual(len(draft.title), 160)
        if draft.visit and draft.visit.starts_on and draft.visit.ends_on:
            self.assertGreaterEqual(draft.visit.ends_on, draft.visit.starts_on)
