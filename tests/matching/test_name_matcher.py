"""The shared name matcher: exact names, shorter forms, misspellings
accepted or only suggested, in a cell and in running text."""

import pytest

from coop_lib.matching import MatchKind, NameMatcher, normalise

REGISTER = [
    ("Kedutaan Besar Jepang untuk Indonesia", "embassy-jp"),
    ("Kedubes Jepang", "embassy-jp"),
    ("Kedutaan Besar Jerman untuk Indonesia", "embassy-de"),
    ("Kota Hamamatsu", "hamamatsu"),
    ("Hamamatsu", "hamamatsu"),
    ("Kota Kawasaki", "kawasaki"),
    ("Dinas Kebudayaan dan Pariwisata", "disbudpar"),
    ("Disbudpar", "disbudpar"),
    ("PDAM", "pdam"),
    ("Kota Toyota", "toyota"),
]


@pytest.fixture
def matcher() -> NameMatcher[str]:
    return NameMatcher(REGISTER)


def test_it_matches_a_name_whatever_its_case_spacing_punctuation_and_accents(matcher):
    for written in ("kota hamamatsu", "  KOTA   Hamamatsu ", "Kota-Hamamatsu.", "Kota Hamamatsú"):
        match = matcher.match(written)
        assert (match.value, match.kind, match.certain) == ("hamamatsu", MatchKind.EXACT, True), written


def test_it_matches_an_alias_and_an_acronym(matcher):
    assert matcher.match("Kedubes Jepang").value == "embassy-jp"
    assert matcher.match("pdam").value == "pdam"


def test_it_takes_a_shorter_form_that_only_one_registered_name_starts_with(matcher):
    match = matcher.match("Kedutaan Besar Jepang")
    assert (match.value, match.kind) == ("embassy-jp", MatchKind.SHORTER_FORM)
    assert match.name == "Kedutaan Besar Jepang untuk Indonesia"


def test_it_refuses_a_shorter_form_two_registered_names_share(matcher):
    match = matcher.match("Kedutaan Besar")
    assert match.value is None
    assert match.kind == MatchKind.NONE


def test_it_refuses_a_shorter_form_that_ends_on_a_linking_word_or_is_one_word(matcher):
    assert matcher.match("Kedutaan Besar Jepang untuk").value is None
    assert matcher.match("Kota").value is None


def test_it_accepts_a_misspelling_close_enough(matcher):
    match = matcher.match("Hanamatsu")
    assert (match.value, match.kind) == ("hamamatsu", MatchKind.SIMILAR)
    assert 85 <= match.score < 100
    assert matcher.match("Kota Kawasaky").value == "kawasaki"


def test_it_accepts_the_words_of_a_name_in_another_order(matcher):
    assert matcher.match("Dinas Pariwisata dan Kebudayaan").value == "disbudpar"


def test_it_only_suggests_a_name_that_is_likely_but_not_certain(matcher):
    match = matcher.match("Hamamatzo")
    assert match.value is None
    assert match.likely
    assert (match.suggestion, match.suggested_name) == ("hamamatsu", "Hamamatsu")


def test_it_neither_accepts_nor_suggests_another_city(matcher):
    for written in ("Toyama", "Kawaguchi", "Kota Yokohama"):
        match = matcher.match(written)
        assert (match.value, match.suggestion) == (None, None), written


def test_it_does_not_guess_at_short_words(matcher):
    assert matcher.match("PDAN").value is None
    assert matcher.match("PDAN").suggestion is None


def test_a_name_two_objects_share_names_neither():
    matcher = NameMatcher([("Kota Bandung", "city"), ("Kota Bandung", "regency")])
    assert matcher.match("Kota Bandung").value is None


def test_the_thresholds_can_be_set_and_must_be_in_order():
    strict = NameMatcher(REGISTER, certain=95, likely=80)
    assert strict.match("Hanamatsu").value is None
    assert strict.match("Hanamatsu").suggestion == "hamamatsu"
    with pytest.raises(ValueError):
        NameMatcher(REGISTER, certain=70, likely=80)


def test_empty_and_blank_names_match_nothing(matcher):
    assert matcher.match("").kind == MatchKind.NONE
    assert matcher.match(" ,. ").value is None
    matcher.add("  ", "nothing")
    assert len(matcher) == len(REGISTER)


def test_normalise_keeps_only_the_words():
    assert (
        normalise("  Dinas  Lingkungan-Hidup & Kebersihan (DLHK) ")
        == "dinas lingkungan hidup kebersihan dlhk"
    )
    assert normalise("Jum’at") == "jum at"


def found_in(matcher, text):
    return [(text[f.start : f.end], f.match.value, f.match.kind) for f in matcher.find_in_text(text)]


def test_in_running_text_it_finds_names_shorter_forms_and_misspellings(matcher):
    text = "Rombongan Kedutaan Besar Jepang di Balaikota bersama Kota Kawasaky dan Hanamatsu serta PDAM."
    assert found_in(matcher, text) == [
        ("Kedutaan Besar Jepang", "embassy-jp", MatchKind.SHORTER_FORM),
        ("Kota Kawasaky", "kawasaki", MatchKind.SIMILAR),
        ("Hanamatsu", "hamamatsu", MatchKind.SIMILAR),
        ("PDAM", "pdam", MatchKind.EXACT),
    ]


def test_in_running_text_the_longest_name_wins_and_acronyms_keep_their_capitals(matcher):
    text = "Hadir Kota Hamamatsu; air pdam mengalir."
    assert found_in(matcher, text) == [("Kota Hamamatsu", "hamamatsu", MatchKind.EXACT)]


def test_in_running_text_it_leaves_what_an_earlier_search_claimed(matcher):
    text = "Kota Hamamatsu"
    taken = [True] * len(text)
    assert matcher.find_in_text(text, taken=taken) == []


def test_in_running_text_it_can_skip_either_step(matcher):
    text = "Kota Hamamatsu dan Hanamatsu"
    assert [f.match.kind for f in matcher.find_in_text(text, similar=False)] == [MatchKind.EXACT]
    assert [f.match.kind for f in matcher.find_in_text(text, exact=False)] == [
        MatchKind.SIMILAR,
        MatchKind.SIMILAR,
    ]
