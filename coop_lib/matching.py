"""Names as people write them, matched against a register of names.

The apps give a ``NameMatcher`` their entries (each name, alias and acronym
with the object it names); the matcher knows no model. One matcher serves a
spreadsheet cell (``match``) and running text (``find_in_text``), so the
import and the press-release reader agree on what a name means.

A written name is matched in this order, and the first step that answers wins:

1. **exact**: the same name once case, accents, punctuation and spacing are
   set aside ("DLHK", "Dinas Lingkungan Hidup dan Kebersihan", "dinas
   lingkungan hidup & kebersihan", "Bagian Kerjasama" for "Bagian Kerja
   Sama");
2. **shorter form**: a registered name that starts, on word boundaries,
   with the written one, when only one object has such a name ("Kedutaan
   Besar Jepang" for "Kedutaan Besar Jepang untuk Indonesia")
   and only a qualifier is left out (the rest begins with "untuk", "for",
   "di", ...);
3. **similar**: rapidfuzz's similarity (of the words as written, and in
   sorted order so that "Dinas Pariwisata dan Kebudayaan" is close to
   "Dinas Kebudayaan dan Pariwisata"; words most names share, such as
   "Dinas" or "Kota", left out) with two thresholds: at
   ``certain`` or above the match is accepted; at ``likely`` or above it is
   only suggested ("Maksud Anda: Kota Hamamatsu?") and the caller decides.

``Match.value`` is the accepted object or None; ``Match.suggestion`` the
likely one when nothing was accepted.
"""

import enum
import re
import unicodedata
from collections import Counter
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from rapidfuzz import fuzz, process

T = TypeVar("T", bound=Hashable)

# rapidfuzz scores run from 0 to 100. "Hanamatsu" against "Hamamatsu"
# scores 89 and "Kota Kawasaky" against "Kota Kawasaki" 92; different
# cities ("Toyama" and "Toyota", "Kawaguchi" and "Kawasaki") stay below 70.
CERTAIN = 85.0
LIKELY = 75.0
# Below this many letters one wrong letter is too large a part of a name.
FUZZY_MIN_LENGTH = 5
# Acronyms and other short names are matched only as written, capitals
# included, in running text: "PDAM" is a name, "pdam" in a sentence is not.
SHORT_NAME = 5
# Words a shorter form may not end on: "Kedutaan Besar Jepang untuk" is no name.
LINKING_WORDS = frozenset({"untuk", "dan", "di", "dari", "of", "for", "and", "the", "in", "to", "de", "van"})
# A word in at least this many names, and this share of them, tells names
# apart too little to count in their similarity.
COMMON_MIN = 3
COMMON_SHARE = 0.1
# How many answers a matcher keeps by the text written (a few hundred bytes each).
REMEMBERED_ANSWERS = 20_000
_WORD_RE = re.compile(r"\w+")


class MatchKind(enum.StrEnum):
    EXACT = "exact"
    SHORTER_FORM = "shorter_form"
    SIMILAR = "similar"
    NONE = "none"


@dataclass(frozen=True)
class Match(Generic[T]):
    """What a written name was matched to, and how sure the matcher is."""

    written: str
    kind: MatchKind = MatchKind.NONE
    value: T | None = None
    name: str = ""
    score: float = 0.0
    suggestion: T | None = None
    suggested_name: str = ""

    @property
    def certain(self) -> bool:
        return self.value is not None

    @property
    def likely(self) -> bool:
        """Not accepted, but close to a registered name worth suggesting."""
        return self.value is None and self.suggestion is not None


@dataclass(frozen=True)
class Found(Generic[T]):
    """A name found in running text: where, and what it matched."""

    start: int
    end: int
    match: Match[T]


def normalise(name: str) -> str:
    """Lower case, no accents, punctuation as spaces, single spaces."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(_WORD_RE.findall(plain.replace("_", " ")))


def similarity(a: str, b: str) -> float:
    """0–100: how alike two normalised names are, word order aside."""
    return max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))


@dataclass
class _Entry(Generic[T]):
    name: str
    key: str
    value: T
    short: bool


class NameMatcher(Generic[T]):
    """Names and the objects they name; see the module's docstring.

    ``certain`` and ``likely`` are the two similarity thresholds (0–100).
    """

    def __init__(
        self, entries: Iterable[tuple[str, T]] = (), *, certain: float = CERTAIN, likely: float = LIKELY
    ) -> None:
        if not 0 < likely <= certain <= 100:
            raise ValueError("Thresholds must satisfy 0 < likely <= certain <= 100.")
        self.certain, self.likely = certain, likely
        self._entries: list[_Entry[T]] = []
        self._by_key: dict[str, list[_Entry[T]]] = {}
        # The same keys without spaces: "kerjasama" is "kerja sama".
        self._by_compact: dict[str, list[_Entry[T]]] = {}
        self._common: frozenset[str] | None = None
        # Answers by the text written: a sheet names the same few partners
        # on thousands of rows. Emptied when a name is added.
        self._answers: dict[str, Match[T]] = {}
        for name, value in entries:
            self.add(name, value)

    def _distinct(self, key: str) -> str:
        """The key without the words many registered names share ("dinas",
        "kota", "bandung", "kedutaan besar"), which make unrelated names look
        alike: "Dinas Pendidikan" is not close to "Dinas Perhubungan"."""
        if self._common is None:
            counts = Counter(word for entry in self._entries for word in set(entry.key.split()))
            floor = max(COMMON_MIN, COMMON_SHARE * len(self._entries))
            self._common = frozenset(word for word, count in counts.items() if count >= floor)
        words = [word for word in key.split() if word not in self._common]
        return " ".join(words) or key

    def add(self, name: str, value: T) -> None:
        """Register one more name (a name, an alias or an acronym) for ``value``."""
        key = normalise(name)
        if not key:
            return
        entry = _Entry(name=name.strip(), key=key, value=value, short=len(key) <= SHORT_NAME)
        same = self._by_key.setdefault(key, [])
        if all(existing.value != value for existing in same):
            same.append(entry)
            self._entries.append(entry)
            self._by_compact.setdefault(key.replace(" ", ""), []).append(entry)
            self._common = None
            self._answers.clear()

    def __len__(self) -> int:
        return len(self._entries)

    def names(self) -> Iterator[tuple[str, T]]:
        return ((entry.name, entry.value) for entry in self._entries)

    # A cell, a form field: the whole string is the name.

    def match(self, written: str) -> Match[T]:
        answer = self._answers.get(written)
        if answer is None:
            answer = self._match(written)
            if len(self._answers) < REMEMBERED_ANSWERS:
                self._answers[written] = answer
        return answer

    def _match(self, written: str) -> Match[T]:
        key = normalise(written)
        if not key:
            return Match(written)
        if exact := self._exact(key):
            return Match(written, MatchKind.EXACT, exact.value, exact.name, 100.0)
        if shorter := self._shorter_form(key):
            return Match(written, MatchKind.SHORTER_FORM, shorter.value, shorter.name, 100.0)
        return self._similar(written, key)

    def _exact(self, key: str) -> _Entry[T] | None:
        found = self._by_key.get(key) or self._by_compact.get(key.replace(" ", ""), [])
        # Two objects under one name: the name does not tell which.
        return found[0] if len({id(entry.value) for entry in found}) == 1 else None

    def _shorter_form(self, key: str) -> _Entry[T] | None:
        words = key.split()
        if len(words) < 2 or words[-1] in LINKING_WORDS:
            return None
        prefix = key + " "
        # Only a qualifier may be left out: "Kedutaan Besar Jepang [untuk
        # Indonesia]", never a name's own word ("Pemerintah Kota [Suwon]").
        found = [
            entry
            for entry in self._entries
            if entry.key.startswith(prefix) and entry.key[len(prefix) :].split()[0] in LINKING_WORDS
        ]
        values = {id(entry.value) for entry in found}
        return found[0] if len(values) == 1 else None

    def _similar(self, written: str, key: str) -> Match[T]:
        if len(key) < FUZZY_MIN_LENGTH:
            return Match(written)
        candidates = [entry for entry in self._entries if len(entry.key) >= FUZZY_MIN_LENGTH]
        hits = process.extract(
            self._distinct(key),
            [self._distinct(entry.key) for entry in candidates],
            scorer=_scorer,
            score_cutoff=self.likely,
            limit=10,
        )
        if not hits:
            return Match(written)
        # Equal scores: the name closest as a whole ("Hamamatsu" before "Kota Hamamatsu").
        ranked = sorted(hits, key=lambda hit: (-hit[1], -similarity(key, candidates[hit[2]].key)))
        score = ranked[0][1]
        entry = candidates[ranked[0][2]]
        # Two different objects equally close: suggest, never accept.
        tied = any(hit[1] == score and candidates[hit[2]].value != entry.value for hit in ranked[1:])
        if score >= self.certain and not tied:
            return Match(written, MatchKind.SIMILAR, entry.value, entry.name, score)
        return Match(written, MatchKind.NONE, None, "", score, entry.value, entry.name)

    # Running text: names are found where they stand.

    def find_in_text(
        self, text: str, *, taken: list[bool] | None = None, exact: bool = True, similar: bool = True
    ) -> list[Found[T]]:
        """Every registered name in ``text``, where names overlap the longest
        winning (see ``claim``): exact names and shorter forms (``exact``),
        misspelt names accepted at ``certain`` among capitalised words
        (``similar``). ``taken`` marks characters already claimed; it is updated."""
        return claim(self.candidates_in_text(text, exact=exact, similar=similar), len(text), taken=taken)

    def candidates_in_text(self, text: str, *, exact: bool = True, similar: bool = True) -> list[Found[T]]:
        """Every place a registered name may stand in ``text``, overlapping;
        ``claim`` keeps the best. Two matchers' candidates may be claimed together."""
        found: list[Found[T]] = []
        if exact:
            found += self._exact_candidates(text) + self._shorter_form_candidates(text)
        if similar:
            found += self._similar_candidates(text)
        return found

    def _exact_candidates(self, text: str) -> list[Found[T]]:
        normalised = normalise(text)
        words = set(normalised.split())
        compact = normalised.replace(" ", "")
        # Only names whose every word (or whose words run together) occur are worth a pattern.
        entries = [
            entry
            for entry in self._entries
            if (set(entry.key.split()) <= words or entry.key.replace(" ", "") in compact)
            and self._exact(entry.key) is not None
        ]
        return [
            Found(hit.start(), hit.end(), Match(hit.group(), MatchKind.EXACT, entry.value, entry.name, 100.0))
            for entry in entries
            for hit in _pattern(entry).finditer(text)
        ]

    def _shorter_form_candidates(self, text: str) -> list[Found[T]]:
        found: list[Found[T]] = []
        for run in _capitalised_runs(text):
            for first in range(len(run) - 1):
                hit = self._longest_shorter_form(text, run[first:])
                if hit is not None:
                    size, entry = hit
                    start, end = run[first].start(), run[first + size - 1].end()
                    match = Match(text[start:end], MatchKind.SHORTER_FORM, entry.value, entry.name, 100.0)
                    found.append(Found(start, end, match))
        return found

    def _longest_shorter_form(self, text: str, words: list[re.Match]) -> tuple[int, _Entry[T]] | None:
        for size in range(len(words), 1, -1):
            entry = self._shorter_form(normalise(text[words[0].start() : words[size - 1].end()]))
            if entry is not None:
                return size, entry
        return None

    def _similar_candidates(self, text: str) -> list[Found[T]]:
        by_size: dict[int, list[_Entry[T]]] = {}
        for entry in self._entries:
            if len(entry.key) >= FUZZY_MIN_LENGTH and not entry.short:
                by_size.setdefault(len(entry.key.split()), []).append(entry)
        if not by_size:
            return []
        found: list[Found[T]] = []
        # Capitalised words, and the linking words a name holds ("Suwon Center for … Cooperation").
        words = [
            word
            for word in re.finditer(r"[\w'’-]+", text)
            if word.group()[0].isupper() or word.group().lower() in LINKING_WORDS
        ]
        for index, first in enumerate(words):
            if not first.group()[0].isupper():
                continue
            for size in sorted(by_size):
                window = words[index : index + size]
                if len(window) < size or not _one_name(text, window):
                    break
                if not window[-1].group()[0].isupper():
                    continue
                key = normalise(" ".join(word.group() for word in window))
                candidates = by_size[size]
                hit = process.extractOne(
                    self._distinct(key),
                    [self._distinct(entry.key) for entry in candidates],
                    scorer=_scorer,
                    score_cutoff=self.certain,
                )
                if hit:
                    entry = candidates[hit[2]]
                    start, end = window[0].start(), window[-1].end()
                    match = Match(text[start:end], MatchKind.SIMILAR, entry.value, entry.name, hit[1])
                    found.append(Found(start, end, match))
        return found


_RANK = {MatchKind.EXACT: 0, MatchKind.SHORTER_FORM: 1, MatchKind.SIMILAR: 2, MatchKind.NONE: 3}


def claim(candidates: Iterable[Found[T]], length: int, *, taken: list[bool] | None = None) -> list[Found[T]]:
    """The candidates that do not overlap, the longest name first ("Suwon
    Center for International Cooperation" over "Suwon"); at equal length an
    exact name before a shorter form before a misspelling, then the better
    score. ``taken`` (characters already claimed) is updated."""
    taken = taken if taken is not None else [False] * length
    kept: list[Found[T]] = []
    order = sorted(
        candidates, key=lambda f: (-(f.end - f.start), _RANK[f.match.kind], -f.match.score, f.start)
    )
    for found in order:
        if any(taken[found.start : found.end]):
            continue
        _claim(taken, found.start, found.end)
        kept.append(found)
    return sorted(kept, key=lambda found: found.start)


def _one_name(text: str, window: list[re.Match]) -> bool:
    """Words next to each other, nothing but spaces between them."""
    return not any(text[a.end() : b.start()].strip() for a, b in zip(window, window[1:], strict=False))


def _scorer(a: str, b: str, *, score_cutoff: float | None = None, **kwargs) -> float:
    score = similarity(a, b)
    return score if score_cutoff is None or score >= score_cutoff else 0.0


def _claim(taken: list[bool], start: int, end: int) -> None:
    taken[start:end] = [True] * (end - start)


def _pattern(entry: _Entry) -> re.Pattern:
    words = [re.escape(word) for word in _WORD_RE.findall(entry.name)]
    # Short names (acronyms) only as written; longer ones in any case, their
    # words apart or run together, with or without punctuation between.
    flags = 0 if entry.short else re.IGNORECASE
    return re.compile(r"(?<!\w)" + r"[\s,.&'’-]*".join(words) + r"(?!\w)", flags)


def _capitalised_runs(text: str) -> Iterator[list[re.Match]]:
    """Runs of words starting with a capital (with linking words inside),
    where a shorter form of a registered name may stand."""
    run: list[re.Match] = []
    for word in re.finditer(r"[\w'’-]+", text):
        gap = text[run[-1].end() : word.start()] if run else ""
        joins = not gap.strip()
        if joins and (word.group()[0].isupper() or (run and word.group().lower() in LINKING_WORDS)):
            run.append(word)
            continue
        if len(run) >= 2:
            yield _trim(run)
        run = [word] if word.group()[0].isupper() else []
    if len(run) >= 2:
        yield _trim(run)


def _trim(run: list[re.Match]) -> list[re.Match]:
    while run and run[-1].group().lower() in LINKING_WORDS:
        run = run[:-1]
    return run
