"""Whatever is typed, the page answers: a friendly word for too little or
too much, no query run, and never a server error."""

import pytest

from tests import factories
from tests.search.helpers import official, search

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client):
    return official(client)


def test_an_empty_search_invites_one_and_runs_no_query(client, reader, django_assert_max_num_queries):
    search(client, "")
    # The session, the user, the roles and the bell's count: no search.
    with django_assert_max_num_queries(4):
        response = search(client, "")
    assert response.status_code == 200
    assert "Ketik nama, judul atau kata untuk mencari di register." in response.text


@pytest.mark.parametrize("typed", ["a", "  b  ", "%", "_", "''", "🙂", "%_"])
def test_a_too_short_search_says_how_long_it_must_be(client, reader, typed):
    response = search(client, typed)
    assert response.status_code == 200
    assert "Ketik paling sedikit 2 huruf atau angka untuk mencari." in response.text
    assert response.context["groups"] == []


def test_a_too_long_search_is_refused_with_a_message(client, reader):
    response = search(client, "kerja sama " * 30)
    assert response.status_code == 200
    assert "Pencarian terlalu panjang: paling banyak 200 karakter, 329 diberikan." in response.text
    assert response.context["groups"] == []


@pytest.mark.parametrize(
    "typed",
    [
        "Hama\x00matsu",
        "\x00\x00ab",
        "100%",
        "a_b",
        "O'Brien",
        '"Kota Hamamatsu"',
        "Hamamatsu 🙂",
        "🙂🙂🙂 kota",
        "' OR 1=1 --",
        "kota & | ! : * ( )",
        "<script>alert(1)</script>",
        "浜松市",
        "\\",
        "dan yang di",  # only stop words
    ],
)
def test_odd_input_answers_without_error(client, reader, typed):
    factories.make_partner(name="Kota Hamamatsu", aliases="浜松市")
    response = search(client, typed)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text


def test_an_emoji_beside_a_word_is_left_aside(client, reader):
    factories.make_partner(name="Kota Hamamatsu")
    groups = search(client, "🙂🙂 Hamamatsu").context["groups"]
    assert [hit.title for hit in groups[0].hits] == ["Kota Hamamatsu"]


def test_a_nul_byte_is_read_as_a_space(client, reader):
    factories.make_partner(name="Kota Hamamatsu")
    groups = search(client, "Kota\x00Hamamatsu").context["groups"]
    assert [hit.title for hit in groups[0].hits] == ["Kota Hamamatsu"]


def test_percent_and_underscore_are_not_wildcards(client, reader):
    factories.make_meeting(title="Rapat anggaran")
    groups = search(client, "ra%at").context["groups"]
    assert not any(group.hits for group in groups)


def test_user_text_is_escaped(client, reader):
    factories.make_meeting(title='Rapat <b>tebal</b> "kutip"', summary="<script>alert('x')</script> tebal")
    response = search(client, "tebal")
    assert "<b>tebal</b>" not in response.text
    assert "<script>alert('x')</script>" not in response.text
    assert "&lt;b&gt;" in response.text
