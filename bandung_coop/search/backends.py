"""How the database finds and ranks a search: the one place that knows
PostgreSQL from SQLite.

On PostgreSQL a kind's words are matched by full-text search with the
``indonesian`` configuration (stems, stop words; each word also as the start
of a longer one), its names by trigram word similarity, so that
"Hamamatsuu" or "Kawasky" still find the city, and its codes (a document's
number) as a substring. Each match is served by a GIN index that
``bandung_coop/migrations/0002_search_indexes.py`` builds from the same
expressions (``vector_index``, ``fuzzy_index``); hits are ranked by the
full-text rank plus the closest name. SQLite, the development database,
matches each word anywhere in the fields, case aside, unranked: the same
page, with plain results.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorExact,
    TrigramWordSimilarity,
)
from django.db import connection, models
from django.db.models.expressions import RawSQL
from django.db.models.functions import Greatest, Upper

from bandung_coop.search.terms import WORD, Terms

CONFIG = "indonesian"
# How many matching rows are ranked, at most, per kind. A common word matches
# hundreds of thousands of meetings: ranking them all would take seconds,
# and the kind shows ten anyway ("see all" opens the whole list).
CANDIDATES = 200
# How close a misspelt name must be (pg_trgm's word similarity, 0 to 1).
# PostgreSQL's default, 0.6, misses "Hanamatsu" for Hamamatsu (0.58), a
# misspelling the city's own news has printed.
WORD_SIMILARITY = 0.5


@dataclass(frozen=True)
class Fields:
    """The fields of a kind, by how they are matched."""

    words: tuple[str, ...]  # full text: the words of titles, names, summaries
    fuzzy: tuple[str, ...] = ()  # names worth finding when misspelt
    codes: tuple[str, ...] = ()  # matched as typed, anywhere: numbers such as "MOU/12/2019"

    @property
    def all(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.words + self.fuzzy + self.codes))


def postgres() -> bool:
    return connection.vendor == "postgresql"


def set_word_similarity(sender, connection, **kwargs) -> None:
    """On each new PostgreSQL connection (``connection_created``): the
    trigram operators read their threshold from the session, and setting it
    once per connection costs no query per search."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET pg_trgm.word_similarity_threshold = %s", [WORD_SIMILARITY])


def vector(fields: Sequence[str]) -> SearchVector:
    return SearchVector(*fields, config=CONFIG)


def fuzzy_expression(field: str) -> Upper:
    # UPPER, as Django's icontains writes it: the same trigram index serves
    # the misspellings here and the admin's substring search.
    return Upper(field)


def _prefix_query(terms: Terms) -> SearchQuery:
    # Only letters and digits reach to_tsquery (terms.words), so no input is
    # a syntax error; ":*" finds "Hamamatsu" from "Hama".
    return SearchQuery(" & ".join(f"{word}:*" for word in terms.words), search_type="raw", config=CONFIG)


def matches(fields: Fields, terms: Terms) -> models.Q:
    """Rows whose fields match the terms."""
    if not postgres():
        # Every word somewhere in the fields, as typed ("MOU/12" whole; "%"
        # and "_" literal); an emoji or a lone quote is no word to look for.
        condition = models.Q()
        for word in (piece for piece in terms.text.split() if WORD.search(piece)):
            anywhere = models.Q()
            for field in fields.all:
                anywhere |= models.Q(**{f"{field}__icontains": word})
            condition &= anywhere
        return condition
    condition = models.Q(SearchVectorExact(vector(fields.words), _prefix_query(terms)))
    for field in fields.fuzzy:
        condition |= models.Q(TrigramWordSimilar(fuzzy_expression(field), terms.text))
    for field in fields.codes:
        condition |= models.Q(**{f"{field}__icontains": terms.text})
    return condition


def rank(fields: Fields, terms: Terms) -> models.Expression:
    """How well a matching row matches: the full-text rank plus the word
    similarity of its closest name (0 to 1 each); 0 on SQLite."""
    if not postgres():
        return models.Value(0.0, output_field=models.FloatField())
    score: models.Expression = SearchRank(vector(fields.words), _prefix_query(terms))
    similarities = [TrigramWordSimilarity(terms.text, fuzzy_expression(field)) for field in fields.fuzzy]
    if similarities:
        closest = similarities[0] if len(similarities) == 1 else Greatest(*similarities)
        score = models.ExpressionWrapper(score + closest, output_field=models.FloatField())
    return score


def best(
    rows: models.QuerySet,
    *,
    condition: models.Q,
    score: models.Expression,
    tie_break: Sequence[str],
    limit: int,
) -> models.QuerySet:
    """The ``limit`` best of ``rows`` matching ``condition``, in one query."""
    if not postgres():
        return rows.filter(condition).order_by(*tie_break)[:limit]
    # The first CANDIDATES matches as the indexes find them, then ranked:
    # bounded work however common the word. The matches are planned apart
    # from the limit (a MATERIALIZED common table expression): with a LIMIT
    # in view, the planner's guess of how many rows a word matches can make
    # it read the whole table for a word that matches two.
    matches, params = rows.filter(condition).order_by().values("pk").query.sql_with_params()
    candidates = RawSQL(
        f"WITH matches AS MATERIALIZED ({matches}) SELECT * FROM matches LIMIT %s",  # noqa: S608 (Django's own SQL)
        (*params, CANDIDATES),
    )
    return (
        rows.filter(pk__in=candidates).alias(search_rank=score).order_by("-search_rank", *tie_break)[:limit]
    )


def vector_index(fields: Sequence[str], *, name: str) -> GinIndex:
    """The GIN index that serves ``matches`` on ``fields`` (full text)."""
    return GinIndex(vector(fields), name=name)


def fuzzy_index(field: str, *, name: str) -> GinIndex:
    """The GIN trigram index that serves misspellings and substrings of ``field``."""
    return GinIndex(OpClass(fuzzy_expression(field), name="gin_trgm_ops"), name=name)
