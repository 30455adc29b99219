"""The search reads each kind in one query, however many rows match."""

import pytest

from tests import factories
from tests.search.helpers import official, search

pytestmark = pytest.mark.django_db

# The session, the user with roles and permissions, the bell's count, then
# one query per kind: partners, people, meetings, cooperations, documents.
QUERIES = 4 + 5


def add_rows(count: int) -> None:
    for _ in range(count):
        rows = factories.make_linked_rows()
        for person in rows.people:
            person.aliases = "Kota Mitra Uji"
            person.save()


@pytest.mark.parametrize("rows", [2, 12])
def test_the_query_count_does_not_grow_with_the_rows(client, django_assert_num_queries, rows):
    add_rows(rows)
    official(client)
    search(client, "Kota")
    with django_assert_num_queries(QUERIES):
        response = search(client, "Kota Mitra")
    groups = {group.key: group for group in response.context["groups"]}
    assert groups["partners"].hits and groups["people"].hits


@pytest.mark.parametrize("rows", [2, 12])
def test_every_kind_found_costs_one_query(client, django_assert_num_queries, rows):
    add_rows(rows)
    official(client)
    # Words every kind's rows hold: "Pertemuan", "Kerja sama", "MOU", "Orang", "Kota Mitra".
    search(client, "a")
    for text in ("Pertemuan", "Kerja sama", "MOU", "Orang"):
        with django_assert_num_queries(QUERIES):
            response = search(client, text)
        assert any(group.hits for group in response.context["groups"])
