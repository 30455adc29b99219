"""Each kind of record is found by each of its searched fields, on SQLite
and PostgreSQL alike, and each hit links to its record."""

import pytest

from tests import factories
from tests.search.helpers import found, official, search

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client):
    return official(client)


@pytest.mark.parametrize(
    "fields, text",
    [
        ({"name": "Kota Shizuokaya"}, "Shizuokaya"),
        ({"aliases": "Shizuoka Prefecture\n静岡県"}, "Prefecture"),
    ],
)
def test_a_partner_is_found_by_its_name_and_aliases(client, reader, fields, text):
    partner = factories.make_partner(**fields)
    assert found(client, text)["partners"] == [partner.name]


def test_a_partner_hit_links_to_its_page(client, reader):
    partner = factories.make_partner(name="Kota Sapporoan")
    hit = search(client, "Sapporoan").context["groups"][0].hits[0]
    assert hit.url == f"/mitra/{partner.pk}/"


@pytest.mark.parametrize(
    "fields, text",
    [
        ({"full_name": "Kenji Kanasugiyama"}, "Kanasugiyama"),
        ({"full_name": "Orang Satu", "aliases": "Pak Kanasugiyama"}, "Kanasugiyama"),
        ({"full_name": "Orang Dua", "current_position": "Duta Besar Luksemburg"}, "Luksemburg"),
    ],
)
def test_a_person_is_found_by_name_alias_and_position(client, reader, fields, text):
    person = factories.make_person(**fields)
    assert found(client, text)["people"] == [person.full_name]


def test_a_person_is_found_by_their_partner_or_department(client, reader):
    partner = factories.make_partner(name="Kota Nagoyama")
    department = factories.make_department(name="Dinas Perikanan Laut", acronym="DPL")
    guest = factories.make_person(full_name="Tamu Satu", partner=partner)
    host = factories.make_person(full_name="Tuan Rumah", department=department)
    assert found(client, "Nagoyama")["people"] == [guest.full_name]
    assert found(client, "Perikanan")["people"] == [host.full_name]


def test_a_person_opens_in_the_admin_for_those_who_may(client, reader):
    person = factories.make_person(full_name="Hiroshi Tanakawa")
    hit = next(group for group in search(client, "Tanakawa").context["groups"] if group.key == "people").hits[
        0
    ]
    assert hit.url == f"/admin/partnerships/person/{person.pk}/change/"


@pytest.mark.parametrize(
    "fields, text",
    [
        ({"title": "Audiensi Konsul Jenderal Osakaya"}, "Osakaya"),
        ({"summary": "Membahas pengelolaan sampah plastik Citarum"}, "Citarum"),
        ({"place": "Gedung Merdeka Asia Afrika"}, "Merdeka"),
        ({"minutes": "Disepakati pelatihan operator instalasi lumpur tinja"}, "lumpur"),
    ],
)
def test_a_meeting_is_found_by_title_summary_place_and_minutes(client, reader, fields, text):
    meeting = factories.make_meeting(**fields)
    titles = found(client, text)["meetings"]
    assert titles == [meeting.title]


def test_a_meeting_hit_links_to_its_page_and_shows_the_words_found(client, reader):
    meeting = factories.make_meeting(
        title="Rapat teknis", summary="Uji coba bus listrik Trans Metro Pasundan"
    )
    hit = next(
        group for group in search(client, "listrik").context["groups"] if group.key == "meetings"
    ).hits[0]
    assert hit.url == f"/pertemuan/{meeting.pk}/"
    assert hit.snippet.found == "listrik"
    assert "bus" in hit.snippet.before and "Trans Metro" in hit.snippet.after


@pytest.mark.parametrize(
    "fields, text",
    [
        ({"title": "Kerja sama pengelolaan Sungai Cikapundung"}, "Cikapundung"),
        ({"description": "Pertukaran guru bahasa Jepang dan Sunda"}, "Sunda"),
    ],
)
def test_a_cooperation_is_found_by_title_and_description(client, reader, fields, text):
    cooperation = factories.make_cooperation(**fields)
    assert found(client, text)["cooperations"] == [cooperation.title]


@pytest.mark.parametrize(
    "fields, text",
    [
        ({"number": "415.4/123-Bag.KS/2019"}, "415.4/123"),
        ({"title": "Nota Kesepahaman Pengelolaan Limbah Cair"}, "Limbah Cair"),
    ],
)
def test_a_document_is_found_by_number_and_title(client, reader, fields, text):
    document = factories.make_document(**fields)
    hits = found(client, text)["documents"]
    assert len(hits) == 1
    assert (document.number or document.title) in hits[0]


def test_see_all_links_to_the_meeting_and_cooperation_lists_with_the_text(client, reader):
    factories.make_meeting(title="Forum Cimahi")
    factories.make_cooperation(title="Kerja sama Cimahi")
    groups = {group.key: group for group in search(client, "Cimahi").context["groups"]}
    assert groups["meetings"].see_all_url == "/pertemuan/?q=Cimahi"
    assert groups["cooperations"].see_all_url == "/kerja-sama/?q=Cimahi"


def test_ten_hits_per_kind_and_a_mark_for_more(client, reader):
    for n in range(12):
        factories.make_meeting(title=f"Rapat Braga {n}")
    response = search(client, "Braga")
    meetings = next(group for group in response.context["groups"] if group.key == "meetings")
    assert len(meetings.hits) == 10
    assert meetings.more
    assert "10+" in response.text


def test_a_search_that_finds_nothing_says_so(client, reader):
    response = search(client, "Zzyzxqa")
    assert "Tidak ada data di register yang cocok dengan “Zzyzxqa”" in response.text
