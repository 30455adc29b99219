"""The calendar page (/kalender/): meetings, visits, follow-ups still to do
and agreement expiries on their days, in a month grid, a week and an agenda,
read as a user reads them: which entries each day cell shows, with what
label and where each one links."""

import datetime
from dataclasses import dataclass, field
from html.parser import HTMLParser
from unittest import mock

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from meetings.models import FollowUp, FollowUpStatus
from partnerships.models import DocumentKind
from tests import factories
from tests.factories import WIB

# "Today" in these tests, on the city's clock: Tuesday 16 February 2027.
TODAY = datetime.date(2027, 2, 16)
_real_localdate = timezone.localdate


def localdate_on_fixed_day(value=None, timezone=None):
    return TODAY if value is None else _real_localdate(value, timezone)


@dataclass
class ShownEntry:
    classes: str
    href: str
    text: str = ""


@dataclass
class ShownDay:
    current: bool  # aria-current="date"
    entries: list[ShownEntry] = field(default_factory=list)

    def texts(self) -> list[str]:
        return [entry.text for entry in self.entries]


class CalendarPage(HTMLParser):
    """The day cells of the grid (``<td>``) and the days of the list
    (``<section>``), by the date of their ``<time datetime>``."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.grid: dict[datetime.date, ShownDay] = {}
        self.listed: dict[datetime.date, ShownDay] = {}
        self.grid_headers: list[str] = []
        self._day: ShownDay | None = None
        self._days: dict | None = None
        self._entry: ShownEntry | None = None
        self._header: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = attrs.get("class") or ""
        if tag == "td":
            self._day, self._days = ShownDay(current=attrs.get("aria-current") == "date"), self.grid
        elif tag == "section" and "calendar-list-day" in classes:
            self._day, self._days = ShownDay(current=attrs.get("aria-current") == "date"), self.listed
        elif tag == "th" and attrs.get("scope") == "col":
            self._header = ""
        elif tag == "time" and self._day is not None and self._entry is None:
            self._days[datetime.date.fromisoformat(attrs["datetime"])] = self._day
        elif tag == "li" and "calendar-entry" in classes and self._day is not None:
            self._entry = ShownEntry(classes=classes, href="")
            self._day.entries.append(self._entry)
        elif tag == "a" and self._entry is not None:
            self._entry.href = attrs["href"]

    def handle_data(self, data):
        if self._entry is not None:
            self._entry.text += data
        if self._header is not None:
            self._header += data

    def handle_endtag(self, tag):
        if tag == "li" and self._entry is not None:
            self._entry.text = " ".join(self._entry.text.split())
            self._entry = None
        elif tag in ("td", "section"):
            self._day = None
        elif tag == "th" and self._header is not None:
            self.grid_headers.append(" ".join(self._header.split()))
            self._header = None


class CalendarTestCase(TestCase):
    def setUp(self):
        patcher = mock.patch("django.utils.timezone.localdate", localdate_on_fixed_day)
        patcher.start()
        self.addCleanup(patcher.stop)

    def open(self, **query) -> CalendarPage:
        response = self.client.get(reverse("calendar"), query)
        self.assertEqual(response.status_code, 200)
        return CalendarPage(response.text)


class EntriesOnTheirDaysTests(CalendarTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.dlhk = factories.make_department(acronym="DLHK")
        cls.hamamatsu = factories.make_partner(name="Kota Hamamatsu")
        # 00:30 in Bandung is still the day before in UTC.
        cls.meeting = factories.make_meeting(
            owner_department=cls.dlhk,
            title="Rapat teknis air bersih",
            starts_at=datetime.datetime(2027, 2, 3, 0, 30, tzinfo=WIB),
        )
        cls.visit = factories.make_visit(
            partner=cls.hamamatsu,
            host_department=cls.dlhk,
            starts_on=datetime.date(2027, 2, 10),
            ends_on=datetime.date(2027, 2, 12),
        )
        cls.overdue = factories.make_follow_up(
            meeting=cls.meeting, description="Kirim draf PKS", due_on=datetime.date(2027, 2, 5)
        )
        cls.due_later = factories.make_follow_up(
            meeting=cls.meeting, description="Jadwalkan pelatihan", due_on=datetime.date(2027, 2, 24)
        )
        cls.done = factories.make_follow_up(
            meeting=cls.meeting,
            description="Kirim notulen",
            due_on=datetime.date(2027, 2, 4),
            status=FollowUpStatus.DONE,
            done_on=datetime.date(2027, 2, 4),
        )
        cls.cooperation = factories.make_cooperation(
            title="Kerja sama air minum", partners=[cls.hamamatsu], lead_department=cls.dlhk
        )
        cls.mou = factories.make_document(
            cooperation=cls.cooperation,
            kind=DocumentKind.MOU,
            number="MOU/7/2022",
            valid_from=datetime.date(2022, 2, 20),
            valid_until=datetime.date(2027, 2, 19),
        )
        cls.leader = factories.make_user(role=Role.LEADERSHIP)

    def setUp(self):
        super().setUp()
        self.client.force_login(self.leader)

    def test_the_page_opens_on_this_month_with_monday_first_and_today_marked(self):
        page = self.open()
        self.assertEqual(page.grid_headers, ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"])
        # February 2027 begins on a Monday and ends on a Sunday: four rows.
        self.assertEqual(min(page.grid), datetime.date(2027, 2, 1))
        self.assertEqual(max(page.grid), datetime.date(2027, 2, 28))
        self.assertEqual([day for day, shown in page.grid.items() if shown.current], [TODAY])

    def test_a_meeting_shows_on_its_day_in_bandung_with_its_time_and_link(self):
        page = self.open(view="month", date="2027-02-01")
        self.assertEqual(page.grid[datetime.date(2027, 2, 2)].entries, [])
        [entry] = page.grid[datetime.date(2027, 2, 3)].entries
        self.assertEqual(entry.text, "Pertemuan 00.30 Rapat teknis air bersih DLHK")
        self.assertEqual(entry.href, f"/pertemuan/{self.meeting.pk}/")

    def test_a_visit_shows_on_every_day_it_lasts(self):
        page = self.open(view="month", date="2027-02-01")
        for day in (9, 13):
            self.assertEqual(page.grid[datetime.date(2027, 2, day)].entries, [])
        for day in (10, 11, 12):
            [entry] = page.grid[datetime.date(2027, 2, day)].entries
            self.assertEqual(
                entry.text, "Kunjungan delegasi Kota Hamamatsu Masuk (ke Bandung) · DLHK · 10 Feb–12 Feb 2027"
            )
            self.assertEqual(
                entry.href,
                f"/kunjungan/?partner={self.hamamatsu.pk}&date_from=2027-02-10&date_until=2027-02-10",
            )

    def test_the_visit_link_lists_that_visit(self):
        response = self.client.get(
            self.open(view="month", date="2027-02-01").grid[datetime.date(2027, 2, 11)].entries[0].href
        )
        self.assertEqual(list(response.context["page"]), [self.visit])

    def test_follow_ups_to_do_show_on_their_due_date_and_overdue_ones_say_so(self):
        page = self.open(view="month", date="2027-02-01")
        [overdue] = page.grid[datetime.date(2027, 2, 5)].entries
        self.assertEqual(overdue.text, "Tindak lanjut jatuh tempo terlambat Kirim draf PKS DLHK")
        self.assertIn("calendar-entry--overdue", overdue.classes)
        self.assertEqual(overdue.href, f"/pertemuan/{self.meeting.pk}/")
        [later] = page.grid[datetime.date(2027, 2, 24)].entries
        self.assertEqual(later.text, "Tindak lanjut jatuh tempo Jadwalkan pelatihan DLHK")
        self.assertNotIn("calendar-entry--overdue", later.classes)
        # A follow-up done is no longer on the calendar.
        self.assertEqual(page.grid[datetime.date(2027, 2, 4)].entries, [])

    def test_an_agreement_shows_on_its_last_valid_day_and_links_to_its_cooperation(self):
        page = self.open(view="month", date="2027-02-01")
        [entry] = page.grid[datetime.date(2027, 2, 19)].entries
        self.assertEqual(
            entry.text, "Perjanjian berakhir Kerja sama air minum Nota kesepahaman (MoU) MOU/7/2022"
        )
        self.assertEqual(entry.href, f"/kerja-sama/{self.cooperation.pk}/laporan/2027/")
        self.assertEqual(self.client.get(entry.href).status_code, 200)

    def test_each_kind_is_named_in_the_legend(self):
        response = self.client.get(reverse("calendar"))
        for label in ("Pertemuan", "Kunjungan delegasi", "Tindak lanjut jatuh tempo", "Perjanjian berakhir"):
            self.assertContains(response, f'<span class="calendar-kind">{label}</span>')

    def test_the_phone_list_of_the_month_holds_the_same_entries_as_the_grid(self):
        page = self.open(view="month", date="2027-02-01")
        with_entries = {day: shown.texts() for day, shown in page.grid.items() if shown.entries}
        self.assertEqual({day: shown.texts() for day, shown in page.listed.items()}, with_entries)

    def test_the_grid_greys_the_days_of_the_neighbouring_months(self):
        response = self.client.get(reverse("calendar"), {"view": "month", "date": "2027-03-01"})
        page = CalendarPage(response.text)
        # March 2027 begins on a Monday; its last week ends on Sunday 4 April.
        self.assertEqual(min(page.grid), datetime.date(2027, 3, 1))
        self.assertEqual(max(page.grid), datetime.date(2027, 4, 4))
        self.assertEqual(response.text.count("calendar-outside"), 4)

    def test_the_week_view_shows_the_seven_days_of_the_week(self):
        page = self.open(view="week", date="2027-02-11")
        self.assertEqual(sorted(page.grid), [datetime.date(2027, 2, day) for day in range(8, 15)])
        self.assertEqual(sorted(page.listed), [datetime.date(2027, 2, day) for day in range(8, 15)])
        self.assertEqual(page.grid[datetime.date(2027, 2, 8)].entries, [])
        self.assertEqual(page.grid[datetime.date(2027, 2, 10)].texts()[0][:18], "Kunjungan delegasi")

    def test_today_is_marked_in_the_week_and_its_list(self):
        page = self.open(view="week", date="2027-02-18")
        self.assertEqual([day for day, shown in page.grid.items() if shown.current], [TODAY])
        self.assertEqual([day for day, shown in page.listed.items() if shown.current], [TODAY])

    def test_the_agenda_lists_only_the_days_with_entries(self):
        page = self.open(view="agenda", date="2027-02-20")
        self.assertEqual(page.grid, {})
        self.assertEqual(
            sorted(page.listed),
            [datetime.date(2027, 2, day) for day in (3, 5, 10, 11, 12, 19, 24)],
        )
        self.assertEqual(
            page.listed[datetime.date(2027, 2, 3)].texts(), ["Pertemuan 00.30 Rapat teknis air bersih DLHK"]
        )

    def test_the_entries_of_one_day_come_meeting_first_then_by_time(self):
        factories.make_meeting(
            owner_department=self.dlhk,
            title="Audiensi",
            starts_at=datetime.datetime(2027, 2, 10, 14, tzinfo=WIB),
        )
        factories.make_meeting(
            owner_department=self.dlhk,
            title="Sarapan",
            starts_at=datetime.datetime(2027, 2, 10, 7, tzinfo=WIB),
        )
        texts = self.open(view="week", date="2027-02-10").grid[datetime.date(2027, 2, 10)].texts()
        self.assertEqual([text.split(" ")[1] for text in texts], ["07.00", "14.00", "delegasi"])

    def test_the_page_is_in_english_for_a_user_who_chose_it(self):
        self.client.post(reverse("set_language"), {"language": "en", "next": "/"})
        page = self.open(view="month", date="2027-02-01")
        self.assertEqual(page.grid_headers[0], "Monday")
        self.assertEqual(
            page.grid[datetime.date(2027, 2, 5)].texts(), ["Follow-up due overdue Kirim draf PKS DLHK"]
        )

    def test_user_text_is_escaped(self):
        attack = '<script>alert("x")</script>'
        factories.make_follow_up(meeting=self.meeting, description=attack, due_on=datetime.date(2027, 2, 6))
        response = self.client.get(reverse("calendar"), {"date": "2027-02-01"})
        self.assertNotIn(attack, response.text)
        self.assertContains(response, "&lt;script&gt;")


class NavigationTests(CalendarTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.dlhk = factories.make_department(acronym="DLHK")
        cls.partner = factories.make_partner(name="Kota Kawasaki")
        cls.leader = factories.make_user(role=Role.LEADERSHIP)

    def setUp(self):
        super().setUp()
        self.client.force_login(self.leader)

    def links(self, **query) -> dict[str, str]:
        response = self.client.get(reverse("calendar"), query)
        self.assertEqual(response.status_code, 200)
        return {link.text: link.href for link in _links(response.text) if link.href.startswith("/kalender/")}

    def test_previous_next_and_today_move_by_a_month_keeping_the_filters(self):
        links = self.links(view="month", date="2027-02-14", opd=self.dlhk.pk, partner=self.partner.pk)
        filters = f"&opd={self.dlhk.pk}&partner={self.partner.pk}"
        self.assertEqual(links["‹ Bulan sebelumnya"], f"/kalender/?view=month&date=2027-01-01{filters}")
        self.assertEqual(links["Bulan berikutnya ›"], f"/kalender/?view=month&date=2027-03-01{filters}")
        self.assertEqual(links["Hari ini"], f"/kalender/?view=month&date=2027-02-16{filters}")
        self.assertEqual(links["Mingguan"], f"/kalender/?view=week&date=2027-02-01{filters}")
        self.assertEqual(links["Agenda"], f"/kalender/?view=agenda&date=2027-02-01{filters}")

    def test_the_week_moves_by_seven_days_across_a_year(self):
        links = self.links(view="week", date="2027-01-01")
        self.assertEqual(links["‹ Minggu sebelumnya"], "/kalender/?view=week&date=2026-12-21")
        self.assertEqual(links["Minggu berikutnya ›"], "/kalender/?view=week&date=2027-01-04")

    def test_the_filter_form_keeps_the_period(self):
        response = self.client.get(reverse("calendar"), {"view": "week", "date": "2027-02-11"})
        self.assertContains(response, '<input type="hidden" name="view" value="week">', html=True)
        self.assertContains(response, '<input type="hidden" name="date" value="2027-02-08">', html=True)
        self.assertContains(response, '<option value="" selected>Semua</option>', count=2, html=True)

    def test_the_calendar_is_in_the_navigation_bar(self):
        response = self.client.get(reverse("pages:dashboard"))
        self.assertContains(response, '<a class="nav-link" href="/kalender/">Kalender</a>', html=True)

    def test_malformed_or_out_of_range_periods_show_this_month(self):
        for query in (
            {"date": "2027-13-45"},
            {"date": "kemarin"},
            {"date": "0001-01-01"},
            {"date": "9999-12-31"},
            {"date": "20270201"},
            {"date": "2027-02-01\x00"},
            {"view": "tahun", "date": "2027-05-05"},
            {"view": ["month", "week"], "date": ["x", "y"]},
        ):
            with self.subTest(query=query):
                response = self.client.get(reverse("calendar"), query)
                self.assertEqual(response.status_code, 200)
                page = CalendarPage(response.text)
                if query.get("view") == "tahun":
                    self.assertIn(datetime.date(2027, 5, 5), page.grid)
                else:
                    self.assertIn(TODAY, page.grid)

    def test_malformed_filters_are_named_and_ignored(self):
        for value in ("abc", "99999999999999999999", "-1", "1.5"):
            with self.subTest(value=value):
                response = self.client.get(reverse("calendar"), {"opd": value, "partner": value})
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "kalender menampilkan semua perangkat daerah")
                self.assertContains(response, "kalender menampilkan semua mitra")

    def test_the_first_and_last_months_of_the_range_have_no_link_beyond_it(self):
        first = self.links(view="month", date="1900-01-10")
        self.assertNotIn("‹ Bulan sebelumnya", first)
        self.assertEqual(first["Bulan berikutnya ›"], "/kalender/?view=month&date=1900-02-01")
        last = self.links(view="agenda", date="2100-12-31")
        self.assertNotIn("Bulan berikutnya ›", last)
        self.assertEqual(last["‹ Bulan sebelumnya"], "/kalender/?view=agenda&date=2100-11-01")
        week = self.links(view="week", date="2100-12-31")
        self.assertNotIn("Minggu berikutnya ›", week)


@dataclass
class Link:
    href: str
    text: str = ""


class _LinkParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[Link] = []
        self._link: Link | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._link = Link(href=dict(attrs).get("href") or "")
            self.links.append(self._link)

    def handle_data(self, data):
        if self._link is not None:
            self._link.text += data

    def handle_endtag(self, tag):
        if tag == "a" and self._link is not None:
            self._link.text = " ".join(self._link.text.split())
            self._link = None


def _links(html: str) -> list[Link]:
    parser = _LinkParser()
    parser.feed(html)
    return parser.links


class FilterTests(CalendarTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.dlhk = factories.make_department(acronym="DLHK")
        cls.dishub = factories.make_department(acronym="Dishub")
        cls.kawasaki = factories.make_partner(name="Kota Kawasaki")
        cls.toyota = factories.make_partner(name="Kota Toyota")
        on = datetime.datetime(2027, 2, 23, 10, tzinfo=WIB)
        cls.dlhk_meeting = factories.make_meeting(
            owner_department=cls.dlhk, title="Rapat sampah Kawasaki", starts_at=on, partners=[cls.kawasaki]
        )
        cls.dishub_meeting = factories.make_meeting(
            owner_department=cls.dishub,
            title="Rapat transportasi Toyota",
            starts_at=on,
            partners=[cls.toyota],
        )
        # About Kawasaki's cooperation, without Kawasaki at the table.
        kawasaki_cooperation = factories.make_cooperation(
            title="Kerja sama lingkungan Kawasaki", partners=[cls.kawasaki], lead_department=cls.dlhk
        )
        cls.about_kawasaki = factories.make_meeting(
            owner_department=cls.dishub, title="Rapat internal soal Kawasaki", starts_at=on
        )
        cls.about_kawasaki.cooperations.add(kawasaki_cooperation)
        factories.make_follow_up(
            meeting=cls.dishub_meeting,
            owner_department=cls.dlhk,
            description="DLHK menyiapkan data",
            due_on=datetime.date(2027, 2, 23),
        )
        factories.make_visit(
            partner=cls.toyota,
            host_department=cls.dishub,
            starts_on=datetime.date(2027, 2, 23),
            ends_on=datetime.date(2027, 2, 23),
        )
        factories.make_document(
            cooperation=kawasaki_cooperation, number="MOU/KWS", valid_until=datetime.date(2027, 2, 23)
        )
        cls.leader = factories.make_user(role=Role.LEADERSHIP)

    def setUp(self):
        super().setUp()
        self.client.force_login(self.leader)

    def titles_on_the_day(self, **filters) -> list[str]:
        page = self.open(view="week", date="2027-02-23", **filters)
        return page.grid[datetime.date(2027, 2, 23)].texts()

    def test_unfiltered_the_day_shows_five_entries_and_counts_the_sixth(self):
        self.assertEqual(len(self.titles_on_the_day()), 5)
        response = self.client.get(reverse("calendar"), {"view": "week", "date": "2027-02-23"})
        self.assertContains(response, "1 lainnya: pertemuan hari itu")

    def test_a_department_shows_what_it_keeps_hosts_owes_and_leads(self):
        self.assertEqual(
            self.titles_on_the_day(opd=self.dlhk.pk),
            [
                "Pertemuan 10.00 Rapat sampah Kawasaki DLHK",
                "Tindak lanjut jatuh tempo DLHK menyiapkan data DLHK",
                "Perjanjian berakhir Kerja sama lingkungan Kawasaki Nota kesepahaman (MoU) MOU/KWS",
            ],
        )

    def test_a_partner_shows_its_meetings_visits_follow_ups_and_agreements(self):
        kawasaki = self.titles_on_the_day(partner=self.kawasaki.pk)
        self.assertEqual(
            kawasaki,
            [
                "Pertemuan 10.00 Rapat internal soal Kawasaki Dishub",
                "Pertemuan 10.00 Rapat sampah Kawasaki DLHK",
                "Perjanjian berakhir Kerja sama lingkungan Kawasaki Nota kesepahaman (MoU) MOU/KWS",
            ],
        )
        toyota = self.titles_on_the_day(partner=self.toyota.pk)
        self.assertEqual(
            toyota,
            [
                "Pertemuan 10.00 Rapat transportasi Toyota Dishub",
                "Kunjungan delegasi Kota Toyota Masuk (ke Bandung) · Dishub",
                "Tindak lanjut jatuh tempo DLHK menyiapkan data DLHK",
            ],
        )

    def test_department_and_partner_together(self):
        self.assertEqual(
            self.titles_on_the_day(opd=self.dishub.pk, partner=self.toyota.pk),
            [
                "Pertemuan 10.00 Rapat transportasi Toyota Dishub",
                "Kunjungan delegasi Kota Toyota Masuk (ke Bandung) · Dishub",
            ],
        )

    def test_the_chosen_filters_stay_selected(self):
        response = self.client.get(reverse("calendar"), {"opd": self.dlhk.pk, "partner": self.kawasaki.pk})
        self.assertContains(response, f'<option value="{self.dlhk.pk}" selected>DLHK</option>', html=True)
        self.assertContains(
            response, f'<option value="{self.kawasaki.pk}" selected>Kota Kawasaki</option>', html=True
        )
        # On paper, where the form is not printed, the filters are named.
        self.assertContains(response, "Perangkat daerah: DLHK; Mitra: Kota Kawasaki")


class VisibilityTests(CalendarTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.dlhk = factories.make_department(acronym="DLHK")
        cls.dishub = factories.make_department(acronym="Dishub")
        meeting = factories.make_meeting(
            owner_department=cls.dishub,
            title="Rapat Dishub",
            starts_at=datetime.datetime(2027, 2, 9, 10, tzinfo=WIB),
            minutes="Notulen rahasia XYZZY",
            minutes_confidential=True,
        )
        cls.follow_up = factories.make_follow_up(
            meeting=meeting, description="Tugas Dishub", due_on=datetime.date(2027, 2, 17)
        )
        cls.dlhk_staff = factories.make_user(role=Role.DEPARTMENT_STAFF, department=cls.dlhk)

    def test_staff_of_another_department_read_its_calendar_but_never_confidential_minutes(self):
        # Every role reads every meeting and follow-up (README, "Roles and
        # accounts"); what stays with the owner is the confidential minutes.
        self.client.force_login(self.dlhk_staff)
        response = self.client.get(reverse("calendar"), {"view": "agenda", "date": "2027-02-01"})
        page = CalendarPage(response.text)
        self.assertEqual(
            page.listed[datetime.date(2027, 2, 9)].texts(), ["Pertemuan 10.00 Rapat Dishub Dishub"]
        )
        self.assertEqual(
            page.listed[datetime.date(2027, 2, 17)].texts(), ["Tindak lanjut jatuh tempo Tugas Dishub Dishub"]
        )
        self.assertNotContains(response, "XYZZY")

    def test_a_follow_up_the_row_rule_hides_never_shows(self):
        # Were follow-ups kept to their department, the calendar would keep
        # them there too: it reads them only through the row rule.
        def own_department_only(queryset, user):
            return queryset.filter(owner_department=self.dlhk)

        self.client.force_login(self.dlhk_staff)
        with mock.patch.object(FollowUp.objects._queryset_class, "visible_to", own_department_only):
            page = self.open(view="agenda", date="2027-02-01")
        self.assertNotIn(datetime.date(2027, 2, 17), page.listed)
        self.assertIn(datetime.date(2027, 2, 9), page.listed)

    def test_an_account_without_a_role_is_refused_and_a_visitor_sent_to_log_in(self):
        response = self.client.get(reverse("calendar"))
        self.assertRedirects(response, "/admin/login/?next=/kalender/", fetch_redirect_response=False)
        without_role = get_user_model().objects.create_user("tanpa-peran", password="pw-for-tests-1")
        self.client.force_login(without_role)
        self.assertEqual(self.client.get(reverse("calendar")).status_code, 403)


class QueryCountTests(CalendarTestCase):
    """The calendar costs the same queries however many entries it shows."""

    def count(self, query: dict) -> int:
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(reverse("calendar"), query).status_code, 200)
        return len(queries)

    def test_every_view_costs_the_same_queries_at_2_and_12_rows_of_each_kind(self):
        department = factories.make_department()
        partner = factories.make_partner()
        leader = factories.make_user(role=Role.LEADERSHIP)
        self.client.force_login(leader)

        def add_rows(count: int) -> None:
            for index in range(count):
                day = datetime.date(2027, 2, 1 + index % 20)
                # Every relation filled: a meeting during a visit with its
                # follow-ups, documents of a cooperation, and their partners.
                factories.make_linked_rows(department=department, partner=partner, on=day)
                meeting = factories.make_meeting(
                    owner_department=department,
                    partners=[partner],
                    starts_at=datetime.datetime.combine(day, datetime.time(9), WIB),
                )
                factories.make_follow_up(meeting=meeting, due_on=day)

        queries = [
            {},
            {"view": "month", "date": "2027-02-01"},
            {"view": "week", "date": "2027-02-03"},
            {"view": "agenda", "date": "2027-02-01"},
            {"view": "month", "date": "2027-02-01", "opd": department.pk, "partner": partner.pk},
        ]
        add_rows(2)
        few = {str(query): self.count(query) for query in queries}
        add_rows(10)
        page = self.open(view="agenda", date="2027-02-01")
        self.assertGreaterEqual(sum(len(day.entries) for day in page.listed.values()), 40)
        for query in queries:
            with self.subTest(query=query):
                self.assertEqual(self.count(query), few[str(query)])


class BusyPeriodTests(CalendarTestCase):
    """A day with more entries than a cell holds, and a period with more
    records than a page reads."""

    @classmethod
    def setUpTestData(cls):
        cls.dlhk = factories.make_department(acronym="DLHK")
        cls.leader = factories.make_user(role=Role.LEADERSHIP)
        for hour in range(8, 19):
            factories.make_meeting(
                owner_department=cls.dlhk,
                title=f"Rapat pukul {hour}",
                starts_at=datetime.datetime(2027, 2, 10, hour, tzinfo=WIB),
            )

    def setUp(self):
        super().setUp()
        self.client.force_login(self.leader)

    def test_a_busy_day_shows_five_and_links_the_rest_in_the_meeting_list(self):
        response = self.client.get(reverse("calendar"), {"view": "week", "date": "2027-02-10"})
        self.assertContains(response, "Rapat pukul 12")
        self.assertNotContains(response, "Rapat pukul 13")
        self.assertContains(response, "6 lainnya: pertemuan hari itu")
        self.assertContains(response, 'href="/pertemuan/?date_from=2027-02-10&amp;date_until=2027-02-10"')
        self.assertNotContains(response, "lebih banyak catatan")

    def test_a_busy_day_counts_its_follow_ups_among_the_rest(self):
        meeting = factories.make_meeting(owner_department=self.dlhk)
        factories.make_follow_up(meeting=meeting, due_on=datetime.date(2027, 2, 10), description="Kirim data")
        response = self.client.get(reverse("calendar"), {"view": "week", "date": "2027-02-10"})
        self.assertContains(response, "7 lainnya: pertemuan hari itu")

    def test_a_period_with_more_visits_than_a_page_reads_says_so(self):
        partner = factories.make_partner()
        for day in range(1, 5):
            factories.make_visit(
                partner=partner,
                host_department=self.dlhk,
                starts_on=datetime.date(2027, 2, day),
                ends_on=datetime.date(2027, 2, day),
            )
        with mock.patch("bandung_coop.agenda.entries.READ_PER_KIND", 3):
            response = self.client.get(reverse("calendar"), {"view": "month", "date": "2027-02-01"})
        self.assertContains(response, "Periode ini memuat lebih banyak catatan")
