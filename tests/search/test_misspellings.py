"""Misspelt names still find the record on PostgreSQL, best match first."""

import pytest
from django.db import connection

from tests import factories
from tests.search.helpers import found, official

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="misspellings are matched by trigram similarity, which only PostgreSQL has",
    ),
]


@pytest.fixture
def register(client):
    official(client)
    hamamatsu = factories.make_partner(name="Kota Hamamatsu", aliases="Hamamatsu City")
    kawasaki = factories.make_partner(name="Kota Kawasaki")
    factories.make_partner(name="Kota Toyota")
    factories.make_meeting(title="Audiensi Wali Kota Kawasaki", partners=[kawasaki])
    factories.make_cooperation(title="Kerja sama lingkungan Bandung – Hamamatsu", partners=[hamamatsu])
    factories.make_person(full_name="Kenji Kanasugi", partner=hamamatsu)


@pytest.mark.parametrize(
    "typed, kind, title",
    [
        ("Hamamatsuu", "partners", "Kota Hamamatsu"),
        ("Hanamatsu", "partners", "Kota Hamamatsu"),
        ("Kawasky", "partners", "Kota Kawasaki"),
        ("Kota Kawasaky", "partners", "Kota Kawasaki"),
        ("Kawasky", "meetings", "Audiensi Wali Kota Kawasaki"),
        ("Hamamatsuu", "cooperations", "Kerja sama lingkungan Bandung – Hamamatsu"),
        ("Kanasugy", "people", "Kenji Kanasugi"),
    ],
)
def test_a_misspelt_name_finds_the_record(client, register, typed, kind, title):
    assert found(client, typed)[kind][0] == title


def test_the_closest_partner_comes_first(client, register):
    assert found(client, "Kota Toyotaa")["partners"][0] == "Kota Toyota"


def test_a_word_finds_its_other_forms(client, register):
    factories.make_meeting(title="Rapat", summary="Pelatihan tenaga kerja terampil")
    # "pelatihan" and "latih" share the stem the Indonesian configuration gives them.
    assert "Rapat" in found(client, "latih")["meetings"]


@pytest.mark.parametrize(
    "kind, indexes",
    [
        ("meetings", {"meeting_search_vector", "meetings_meeting_title_trgm"}),
        ("partners", {"partner_search_vector", "partner_name_trgm", "partner_aliases_trgm"}),
        ("cooperations", {"cooperation_search_vector", "cooperation_title_trgm"}),
        ("documents", {"document_search_vector", "document_title_trgm", "document_number_trgm"}),
        ("people", {"person_search_vector", "person_full_name_trgm"}),
    ],
)
def test_each_kind_is_read_through_its_indexes(kind, indexes):
    """The plans read the search indexes, as they must at a million meetings:
    the indexes' expressions are the queries' own."""
    from bandung_coop.search import backends, kinds
    from bandung_coop.search.terms import read_terms
    from meetings.models import Meeting
    from partnerships.models import Cooperation, Document, Partner, Person

    model, fields = {
        "meetings": (Meeting, kinds.MEETING_FIELDS),
        "partners": (Partner, kinds.PARTNER_FIELDS),
        "cooperations": (Cooperation, kinds.COOPERATION_FIELDS),
        "documents": (Document, kinds.DOCUMENT_FIELDS),
        "people": (Person, kinds.PERSON_FIELDS),
    }[kind]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = model.objects.filter(backends.matches(fields, read_terms("Hamamatsuu"))).order_by().explain()
    assert {index for index in indexes if index in plan} == indexes
