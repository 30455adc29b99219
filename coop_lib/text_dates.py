"""Dates found in running text, in Indonesian and English.

Patterns find where a date is written ("Kamis (3/2/2022)", "Senin (11/8)",
"3 Februari 2022", "Tuesday, 5 March 2024", "March 9, 2023", "10–14 Juni
2024", "10 s.d. 14 Juni 2024", "Minggu (3/2/2019) hingga Sabtu
(9/2/2019)"); dateparser, with its own Indonesian and English month and
weekday names, reads them. A date written without a year takes it from the
publication date (the nearest such day not after it, checked against the
weekday when one is written), never from another year in the text; every
guess is marked with a ``DateNote`` so the caller can tell the user.
"""

import datetime
import enum
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import dateparser
from dateparser.languages.loader import default_loader

from coop_lib.dates import MONTH_NAMES, MONTHS

LANGUAGES = ("id", "en")
WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTH_KEYS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# Spellings of "Jumat" that dateparser's locale data lacks.
EXTRA_WEEKDAYS = {"jum'at": 4, "jum’at": 4}
# A day-and-month range: "10–14", "10 s.d. 14", "10 sampai 14", "10 to 14".
RANGE_JOIN = r"\s*(?:[-–—]|s\.\s?d\.?|s/d|sd|sampai(?:\s+dengan)?|hingga|to|until|through|till)\s*"
# Words after a date without a year that say which side of the publication it is.
PAST_HINT = re.compile(r"^\W{0,3}(?:lalu|yang\s+lalu|kemarin|silam|ago|last|earlier)\b", re.IGNORECASE)
FUTURE_HINT = re.compile(
    r"^\W{0,3}(?:mendatang|nanti|depan|yang\s+akan\s+datang|next|ahead|coming)\b", re.IGNORECASE
)
# Publication lines: "Jum'at, 27 November 2015 - 21:15 WIB", "Dipublikasikan pada 5 September 2014".
PUBLISHED_CUE = re.compile(
    r"(?:dipublikasikan|diterbitkan|diposting|diunggah|terbit|published|posted|updated|diperbarui)\b[^\n]{0,20}$",
    re.IGNORECASE,
)
TIME_AFTER = re.compile(r"^\s*[-–|,]?\s*(?:pukul\s+)?\d{1,2}[.:]\d{2}(?:\s*(?:WIB|WITA|WIT))?", re.IGNORECASE)
RELATIVE_WORDS = {"kemarin": -1, "yesterday": -1, "hari ini": 0, "today": 0}
# The years a written date may have; "3/2/0001" is a typing error, not a date.
MIN_YEAR, MAX_YEAR = 1900, 2100
# A date without a year resolves to the next occurrence after the
# publication only this close to it (an event announced in advance).
AHEAD_DAYS = 92


class DateNote(enum.StrEnum):
    """What the reader should check about a date."""

    WEEKDAY_MISMATCH = "weekday_mismatch"  # the weekday written is not that date's
    YEAR_FROM_PUBLICATION = "year_from_publication"  # no year written: taken from the publication date
    YEAR_ASSUMED = "year_assumed"  # no year written and no publication date: this year assumed
    INVALID = "invalid"  # no such day ("31/2/2022")
    FROM_WEEKDAY = "from_weekday"  # only a weekday written: the last such day up to the publication
    RELATIVE = "relative"  # "kemarin", "today": counted from the publication date


class DateKind(enum.StrEnum):
    DATE = "date"
    RANGE = "range"
    WEEKDAY = "weekday"
    RELATIVE = "relative"


@dataclass(frozen=True)
class FoundDate:
    """A date written in the text: where, as written, and what it reads as."""

    start: int
    end: int
    written: str
    kind: DateKind
    date: datetime.date | None = None
    end_date: datetime.date | None = None
    weekday: int | None = None  # written weekday, 0 = Monday
    weekday_written: str = ""
    year_written: bool = True
    notes: tuple[DateNote, ...] = ()
    is_publication: bool = False
    # (day, month, year or None) of the first and, for a range, the last day as written.
    parts: tuple[tuple[int, int, int | None], tuple[int, int, int | None] | None] | None = field(
        default=None, repr=False, compare=False
    )

    @property
    def last_day(self) -> datetime.date | None:
        return self.end_date or self.date

    @property
    def days(self) -> int:
        if self.date is None:
            return 0
        return ((self.end_date or self.date) - self.date).days + 1


@dataclass(frozen=True)
class _Words:
    weekdays: dict[str, int]
    months: dict[str, str]  # lower-case word -> language code
    english_months: frozenset[str]


@functools.cache
def _words() -> _Words:
    weekdays: dict[str, int] = dict(EXTRA_WEEKDAYS)
    months: dict[str, str] = {}
    english: set[str] = set()
    for language in LANGUAGES:
        info = default_loader.get_locale(language).info
        for number, key in enumerate(WEEKDAY_KEYS):
            # Abbreviations ("Sel", "Min", "Sun") are ordinary words too often.
            weekdays |= {name.lower(): number for name in info[key] if len(name) >= 4}
        for key in MONTH_KEYS:
            for name in info[key]:
                months.setdefault(name.lower(), language)
                if language == "en":
                    english.add(name.lower())
    # Older Indonesian spellings the city's spreadsheets use too ("Pebruari", "Agust").
    for names in MONTH_NAMES:
        for name in names:
            months.setdefault(name, "id")
    return _Words(weekdays, months, frozenset(english))


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


@functools.cache
def _patterns() -> dict[str, re.Pattern]:
    words = _words()
    weekday = rf"(?P<wd>{_alternation(words.weekdays)})"
    month = _alternation(words.months)
    english_month = _alternation(words.english_months)
    before = (
        rf"(?:(?:(?:hari|pada|on|last|this)\s+)*{weekday}"
        r"(?:\s+(?:morning|afternoon|evening|night|pagi|siang|sore|malam))?\s*[,(]?\s*(?:tanggal\s+|tgl\.?\s+|the\s+)?)"
    )
    return {
        "numeric": re.compile(
            rf"{before}?(?<![\d/.-])(?P<d>\d{{1,2}})[/.-](?P<m>\d{{1,2}})[/.-](?P<y>\d{{4}}|\d{{2}})(?![\d/])",
            re.IGNORECASE,
        ),
        # Without a year only after a weekday: "Senin (11/8)"; a bare "3/4" may be anything.
        "numeric_yearless": re.compile(
            rf"{before}(?<![\d/.-])(?P<d>\d{{1,2}})[/.-](?P<m>\d{{1,2}})(?![\d/]|[.-]\d)", re.IGNORECASE
        ),
        "day_month": re.compile(
            rf"{before}?(?<![\w/.-])(?P<d>\d{{1,2}})"
            rf"(?:\s*(?P<m1>{month})\.?(?:\s+(?P<y1>\d{{4}}))?)?"
            rf"(?:{RANGE_JOIN}(?P<d2>\d{{1,2}}))?"
            rf"\s+(?P<m>{month})(?![^\W\d_])\.?(?:,?\s+(?P<y>\d{{4}})(?!\d))?",
            re.IGNORECASE,
        ),
        "month_day": re.compile(
            rf"{before}?(?<!\w)(?P<m>{english_month})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?"
            rf"(?:{RANGE_JOIN}(?:(?P<m2>{english_month})\.?\s+)?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)?"
            r"(?:,?\s+(?P<y>\d{4}))?(?![\d:])",
            re.IGNORECASE,
        ),
        "weekday": re.compile(rf"(?<![\w'’]){weekday}(?![\w'’])", re.IGNORECASE),
        "relative": re.compile(rf"(?<!\w)(?P<rel>{_alternation(RELATIVE_WORDS)})(?!\w)", re.IGNORECASE),
    }


def find_dates(
    text: str, *, published: datetime.date | None = None, today: datetime.date | None = None
) -> list[FoundDate]:
    """Every date written in ``text``, in order, ranges joined.

    ``published`` is the publication date, if the caller knows it; failing
    that a publication line in the text ("Dipublikasikan pada 5 September
    2014", a date with its time on a line of its own) serves. ``today``
    stands in for the year when neither exists (defaults to today).
    """
    spans = _written_dates(text)
    spans = _join_ranges(text, spans)
    found = [_read(text, span) for span in spans]
    found = _mark_publication(text, found)
    base = published or next((f.date for f in found if f.is_publication and f.date), None)
    found = [_resolve(text, item, base, today or datetime.date.today()) for item in found]
    return found


def is_date_word(word: str) -> bool:
    """Whether ``word`` names a month or a weekday ("Juni", "Kamis", "March")."""
    word = word.lower().strip(".,")
    return word in _words().months or word in _words().weekdays


def publication_date(found: list[FoundDate]) -> datetime.date | None:
    return next((item.date for item in found if item.is_publication and item.date), None)


# Where dates are written.


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    pattern: str
    match: re.Match | None
    second: "_Span | None" = None  # the end of a range written as two dates


def _written_dates(text: str) -> list[_Span]:
    patterns = _patterns()
    taken = [False] * len(text)
    spans: list[_Span] = []
    for name in ("numeric", "numeric_yearless", "day_month", "month_day", "relative", "weekday"):
        for match in patterns[name].finditer(text):
            start, end = match.span()
            if any(taken[start:end]) or not _plausible(name, match):
                continue
            taken[start:end] = [True] * (end - start)
            spans.append(_Span(start, end, name, match))
    return sorted(spans, key=lambda span: span.start)


def _plausible(name: str, match: re.Match) -> bool:
    groups = match.groupdict()
    for key in ("m", "m1", "m2"):
        word = groups.get(key)
        # "mar", "jun", "des": an abbreviation is a month only with its capital.
        if word and not word.isdigit() and len(word) <= 3 and not word[0].isupper():
            return False
    if name == "weekday":
        # "Minggu" and "Sabtu" start sentences as ordinary words only rarely;
        # a lower-case weekday is a weekday in running text too, but not "minggu" (week).
        return match["wd"][0].isupper()
    return True


def _join_ranges(text: str, spans: list[_Span]) -> list[_Span]:
    """ "Minggu (3/2/2019) hingga Sabtu (9/2/2019)" and "berangkat … (3/2/2019)
    dan kembali … (9/2/2019)" are one range."""
    joined: list[_Span] = []
    index = 0
    while index < len(spans):
        span = spans[index]
        following = spans[index + 1] if index + 1 < len(spans) else None
        if (
            following is not None
            and span.pattern in {"numeric", "day_month", "numeric_yearless"}
            and following.pattern == span.pattern
            and _is_range_gap(text, span, following)
        ):
            joined.append(replace(span, end=following.end, second=following))
            index += 2
            continue
        joined.append(span)
        index += 1
    return joined


def _is_range_gap(text: str, first: _Span, second: _Span) -> bool:
    gap = text[first.end : second.start]
    gap = re.sub(r"^\s*\)", "", gap)
    if re.fullmatch(rf"{RANGE_JOIN}(?:hari\s+)?", gap, re.IGNORECASE):
        return True
    sentence_start = max(text.rfind(".", 0, first.start), text.rfind("\n", 0, first.start))
    before = text[sentence_start + 1 : first.start]
    return (
        len(gap) <= 80
        and "." not in gap.replace("s.d.", "")
        and re.search(r"\b(?:berangkat|bertolak|depart(?:s|ing|ed)?|leav(?:es|ing))\b", before, re.IGNORECASE)
        is not None
        and re.search(r"\b(?:kembali|pulang|tiba|return(?:s|ing)?|back)\b", gap, re.IGNORECASE) is not None
    )


# What they read as.


def _read(text: str, span: _Span) -> FoundDate:
    match = span.match
    assert match is not None
    written = text[span.start : span.end]
    groups = match.groupdict()
    weekday_word = groups.get("wd") or ""
    weekday = _words().weekdays.get(weekday_word.lower()) if weekday_word else None
    base = FoundDate(span.start, span.end, written.strip(), DateKind.DATE, weekday=weekday,
                     weekday_written=weekday_word.replace("’", "'"))  # fmt: skip
    if span.pattern == "weekday":
        return replace(base, kind=DateKind.WEEKDAY, year_written=False)
    if span.pattern == "relative":
        return replace(base, kind=DateKind.RELATIVE, year_written=False, weekday=None, weekday_written="")
    first = _day_month_year(span)
    last = _day_month_year(span.second) if span.second else _range_end(span, first)
    kind = DateKind.RANGE if last is not None else DateKind.DATE
    day, month, year = first
    found = replace(base, kind=kind, year_written=year is not None, parts=(first, last))
    if year is None:
        # Resolved once the publication date is known (see _resolve).
        return replace(found, date=None, end_date=None)
    start = _make_date(year, month, day, groups.get("m") or "")
    if start is None:
        return replace(found, notes=(DateNote.INVALID,))
    end = None
    if last is not None:
        end_day, end_month, end_year = last
        end = _make_date(end_year or year, end_month, end_day, "")
        if end is not None and end < start and end_year is None:
            end = _make_date(year + 1, end_month, end_day, "")
        if end is None or end < start:
            return replace(found, date=start, kind=DateKind.DATE, notes=(DateNote.INVALID,))
    notes = (DateNote.WEEKDAY_MISMATCH,) if weekday is not None and weekday != start.weekday() else ()
    return replace(found, date=start, end_date=end, notes=notes)


def _day_month_year(span: _Span) -> tuple[int, int, int | None]:
    match = span.match
    assert match is not None
    groups = match.groupdict()
    month = _month_number(groups["m"])
    first_month = _month_number(groups["m1"]) if groups.get("m1") else month
    year_text = groups.get("y") or groups.get("y1")
    year = int(year_text) if year_text else None
    if year is not None and year_text is not None and len(year_text) == 2:
        year += 2000  # "(9/11/18)"
    if span.pattern == "month_day":
        return int(groups["d"]), month, year
    return int(groups["d"]), first_month, year


def _range_end(span: _Span, first: tuple[int, int, int | None]) -> tuple[int, int, int | None] | None:
    match = span.match
    assert match is not None
    groups = match.groupdict()
    if not groups.get("d2"):
        return None
    if span.pattern == "month_day":
        month = _month_number(groups["m2"]) if groups.get("m2") else first[1]
        return int(groups["d2"]), month, first[2]
    # "10–14 Juni 2024": the first day is the small number, the month the one written last.
    year = int(groups["y"]) if groups.get("y") else None
    return int(groups["d2"]), _month_number(groups["m"]), year


@functools.lru_cache(maxsize=256)
def _month_number(word: str) -> int:
    if word.isdigit():
        return int(word)
    word = word.lower().rstrip(".")
    language = _words().months.get(word, "id")
    # dateparser knows the month names; the year 2000 lets 29 February through.
    parsed = dateparser.parse(f"1 {word} 2000", languages=[language], settings={"DATE_ORDER": "DMY"})
    if parsed is None and word in MONTHS:
        canonical = MONTH_NAMES[MONTHS[word] - 1][0]
        parsed = dateparser.parse(f"1 {canonical} 2000", languages=["id"], settings={"DATE_ORDER": "DMY"})
    return parsed.month if parsed else 0


def _make_date(year: int, month: int, day: int, _word: str) -> datetime.date | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _mark_publication(text: str, found: list[FoundDate]) -> list[FoundDate]:
    marked = []
    for item in found:
        line_start = text.rfind("\n", 0, item.start) + 1
        line_end = text.find("\n", item.end)
        line_end = len(text) if line_end == -1 else line_end
        before, after = text[line_start : item.start], text[item.end : line_end]
        time_after = TIME_AFTER.match(after)
        rest = after[time_after.end() :] if time_after else after
        standalone = len(before.strip()) + len(rest.strip()) <= 40 and "pukul" not in after.lower()
        is_publication = item.kind == DateKind.DATE and (
            bool(PUBLISHED_CUE.search(before)) or (time_after is not None and standalone)
        )
        marked.append(replace(item, is_publication=is_publication))
    return marked


def _resolve(text: str, item: FoundDate, base: datetime.date | None, today: datetime.date) -> FoundDate:
    """Give a date written without a year, a bare weekday or "kemarin" its day."""
    if item.kind == DateKind.RELATIVE:
        if base is None:
            return item
        offset = RELATIVE_WORDS[item.written.lower()]
        return replace(item, date=_shift(base, offset), notes=(DateNote.RELATIVE,))
    if item.kind == DateKind.WEEKDAY:
        if base is None or item.weekday is None:
            return item
        back = (base.weekday() - item.weekday) % 7
        return replace(item, date=_shift(base, -back), notes=(DateNote.FROM_WEEKDAY,))
    if item.year_written or DateNote.INVALID in item.notes or item.parts is None:
        return item
    return _resolve_year(text, item, base, today)


def _shift(day: datetime.date, days: int) -> datetime.date | None:
    try:
        return day + datetime.timedelta(days=days)
    except OverflowError:  # before 1 January of the year 1
        return None


def _resolve_year(text: str, item: FoundDate, base: datetime.date | None, today: datetime.date) -> FoundDate:
    assert item.parts is not None
    (day, month, _year), last = item.parts
    note = DateNote.YEAR_FROM_PUBLICATION if base else DateNote.YEAR_ASSUMED
    base = base or today
    after = text[item.end : item.end + 30]
    candidates = [
        d for year in (base.year - 1, base.year, base.year + 1) if (d := _make_date(year, month, day, ""))
    ]
    if not candidates:
        return replace(item, notes=(DateNote.INVALID,))
    past = sorted((d for d in candidates if d <= base), reverse=True)
    ahead = sorted(d for d in candidates if d > base)
    soon = [d for d in ahead if (d - base).days <= AHEAD_DAYS]
    # The nearest such day not after the publication; one just after it only
    # when the weekday says so (an event announced ahead) or the text does.
    if PAST_HINT.search(after):
        order = past[:1] or ahead[:1]
    elif FUTURE_HINT.search(after):
        order = ahead[:1] or past[:1]
    else:
        order = past[:1] + soon[:1] or ahead[:1]
    chosen = order[0]
    notes = [note]
    if item.weekday is not None:
        fitting = [d for d in order if d.weekday() == item.weekday]
        if fitting:
            chosen = fitting[0]
        else:
            notes.append(DateNote.WEEKDAY_MISMATCH)
    end = None
    if last is not None:
        end_day, end_month, _ = last
        end = _make_date(chosen.year, end_month, end_day, "")
        if end is not None and end < chosen:
            end = _make_date(chosen.year + 1, end_month, end_day, "")
    kind = DateKind.RANGE if end is not None else DateKind.DATE
    return replace(item, kind=kind, date=chosen, end_date=end, notes=tuple(notes))
