"""A draft meeting from the text of an Indonesian city news release.

Rules and the database's own names, no network and no language model: the
city's releases are written in a steady house style ("Plt. Wali Kota Bandung
Yana Mulyana ... di Balaikota, Kamis (3/2/2022)"), so patterns for dates,
venues and positions plus the names and aliases of departments, partners and
people already in the register find almost everything. Names that match
nothing are reported, never created. The result is a plain dataclass, so the
admin and any other caller (an import, a test) use the same function.
"""

import datetime
import difflib
import functools
import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coop_lib.dates import MONTHS
from meetings.models import DEFAULT_PLACE, MeetingKind, MeetingMode, ParticipantRole
from partnerships.models import Cooperation, Department, FocusArea, Partner, Person, Sector

DEFAULT_TIME = datetime.time(9, 0)
TITLE_LENGTH = 120
SUMMARY_SENTENCES = 3
SUMMARY_LENGTH = 800
# "Hanamatsu" against "Hamamatsu" scores 0.89; unrelated city names stay below 0.7.
FUZZY_CUTOFF = 0.85
FUZZY_MIN_LENGTH = 5

WEEKDAYS = {
    "senin": 0,
    "selasa": 1,
    "rabu": 2,
    "kamis": 3,
    "jumat": 4,
    "jum'at": 4,
    "jum’at": 4,
    "sabtu": 5,
    "minggu": 6,
    "ahad": 6,
}
WEEKDAY_NAMES = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
_WEEKDAY = r"(?P<weekday>Senin|Selasa|Rabu|Kamis|Jum['’]?at|Sabtu|Minggu|Ahad)"
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE_RE = re.compile(
    rf"(?:{_WEEKDAY}\s*[,(]?\s*(?:tanggal\s+|tgl\.?\s+)?)?"
    r"(?:(?<![\d/.-])(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-](?P<year>\d{4}|\d{2})(?![\d/])"
    rf"|(?<!\d)(?P<tday>\d{{1,2}})(?:\s*[-–]\s*\d{{1,2}})?\s+(?P<tmonth>{_MONTH})\.?\s+(?P<tyear>\d{{4}})(?!\d))",
    re.IGNORECASE,
)
TIME_RE = re.compile(r"\bpukul\s+(?P<hour>\d{1,2})[.:](?P<minute>\d{2})", re.IGNORECASE)

VENUE = (
    r"(?:Balai\s?[Kk]ota|Pendopo|Pendapa|Gedung|Hotel|Aula|Ruang(?:an)?|Kantor|Kampus|Museum|Taman"
    r"|Auditorium|Graha|Wisma|Rumah\s+Dinas|Stadion|GOR|Bale|Convention|Command\s+Center"
    r"|Bandung\s+Command\s+Center|Balai|Mal|Mall|Hall|Kedutaan|Konsulat|City\s+Hall)"
)
PLACE_RE = re.compile(
    rf"\b(?:[Dd]i|dari)\s+(?P<place>{VENUE}(?:[ \t]+(?:[A-Z0-9][\w.'’&-]*|de|la|van))*)",
)
PLACE_TRAILING_RE = re.compile(rf"(?:\s+{_WEEKDAY}.*|\s+(?:Jalan|Jl\.).*)$", re.IGNORECASE)

TITLE_START = (
    r"(?:(?:Plt|Pj|Pjs|Plh)\.?\s+)?(?:Wakil\s+)?"
    r"(?:Wali\s?[Kk]ota|Sekretaris\s+Daerah|Sekretaris|Sekda|Duta\s+Besar|Dubes|Konsul\s+Jenderal|Konjen"
    r"|Kepala\s+Bagian|Kepala|Kadis|Kabag|Direktur\s+Utama|Direktur|Dirut|Ketua|Gubernur|Bupati|Menteri"
    r"|Camat|Asisten|Rektor|Presiden|Vice\s+Mayor|Mayor|Ambassador|Consul\s+General|Atase|Staf\s+Ahli"
    r"|General\s+Manager|Manajer|Koordinator|Chief|CEO)\b"
)
TITLE_START_RE = re.compile(TITLE_START)
POSITION_TAIL_RE = re.compile(
    r"(?:[ \t]+(?:[A-Z(][\w.()'’-]*|untuk|dan|bidang|urusan|of|for|the|and))*"
    r"\s*,?\s*(?P<honorific>(?:(?:Mr|Mrs|Ms|Dr|Prof|Bapak|Ibu|Pak|Bu|H|Hj|Ir|Drs)\.?\s+)*)$"
)
HONORIFIC = r"(?:Mr|Mrs|Ms|Dr|Prof|Bapak|Ibu|Pak|Bu|H|Hj|Ir|Drs)\.?"
HONORIFIC_RE = re.compile(rf"^(?:{HONORIFIC}\s+)+")
TRAILING_HONORIFIC_RE = re.compile(rf"(?:\s+{HONORIFIC})+\s*$")
# The capitalised words after a title: the rest of the position, then the name.
RUN_RE = re.compile(r"(?:,(?=[ \t]+[A-Z])|[ \t]+(?:[A-Z(][\w.()'’-]*|untuk|dan(?=[ \t]+[A-Z])))*")
# Words that belong to a position or an organisation, never to a person's name.
PLACE_WORDS = {"Kota", "Bandung", "Jepang", "Indonesia", "Jawa", "Barat", "Provinsi", "Kabupaten", "RI"}

LIST_RE = re.compile(
    r"\b(?:mulai\s+dari|antara\s+lain|di\s+antaranya|diantaranya|yaitu|yakni|meliputi|seperti)\s+(?P<items>[^.;]+)",
    re.IGNORECASE,
)
# Departments' names contain "dan" ("Dinas Kebudayaan dan Pariwisata"); a
# city's does not, so "Kota Bandung dan Jepang" stops before "dan".
ORGANISATION_RE = re.compile(
    r"\b(?:(?:Dinas|Badan|Bagian|Kecamatan|Perumda|Perusahaan\s+Daerah|Kedutaan\s+Besar|Konsulat\s+Jenderal"
    r"|Kamar\s+Dagang)(?:[ \t]+(?:[A-Z][\w'’-]*|dan(?=[ \t]+[A-Z])))+"
    r"|(?:Universitas|Kota|City)(?:[ \t]+[A-Z][\w'’-]*)+)"
)
HOME_NAMES = {"kota bandung", "pemerintah kota bandung", "pemkot bandung"}

KIND_CUES = [
    (MeetingKind.SIGNING, r"penandatanganan|menandatangani|teken"),
    (MeetingKind.FORUM, r"forum|konferensi|seminar|webinar|lokakarya|pameran|simposium"),
    (MeetingKind.TECHNICAL, r"rapat\s+teknis|pembahasan\s+teknis|bimbingan\s+teknis"),
    (MeetingKind.COORDINATION, r"rapat\s+koordinasi|rakor|koordinasi"),
]
MODE_CUES = [
    (MeetingMode.HYBRID, r"hybrid|hibrida|luring\s+dan\s+daring|daring\s+dan\s+luring"),
    (MeetingMode.ONLINE, r"daring|virtual|zoom|video\s*conference|konferensi\s+video|online"),
]
# A partner named in a sentence with one of these sat at the table; one only
# named as an existing cooperation ("kerja sama dengan Kawasaki") did not.
PRESENCE_RE = re.compile(
    r"\b(?:hadir|dihadiri|menghadiri|menerima|diterima|menjumpai|bertemu|pertemuan\s+dengan|berkunjung"
    r"|kunjungan|delegasi|rombongan|audiensi|menandatangani|penandatanganan|bersama)\b",
    re.IGNORECASE,
)
SECTOR_STOPWORDS = {
    "dan",
    "di",
    "dalam",
    "untuk",
    "bidang",
    "yang",
    "serta",
    "pada",
    "dengan",
    "antara",
    "the",
}
ABBREVIATIONS = {
    "plt",
    "pj",
    "pjs",
    "plh",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "h",
    "hj",
    "ir",
    "drs",
    "st",
    "no",
    "jl",
    "bag",
    "kab",
    "prov",
    "sdr",
    "dll",
    "dsb",
}
SENTENCE_END_RE = re.compile(r"[.!?]+[\"”’]?(?=\s+[\"“‘(]?[A-Z0-9])")
DATELINE_RE = re.compile(r"(?m)^[ \t]*[A-Z][A-Z .]{2,}\b[^\n—–]{0,60}?\s*(?:[—–]+|\s-\s)\s*")
URL_RE = re.compile(r"https?://[^\s<>\"']+")


@dataclass
class PersonMention:
    """A person of the register found in the text, with the position written there."""

    person: Person
    position: str
    role: str


@dataclass
class MeetingDraft:
    title: str = ""
    summary: str = ""
    date: datetime.date | None = None
    time: datetime.time | None = None
    weekday_written: str = ""
    place: str = ""
    kind: str = MeetingKind.AUDIENCE
    mode: str = MeetingMode.IN_PERSON
    departments: list[Department] = field(default_factory=list)
    partners: list[Partner] = field(default_factory=list)
    mentioned_partners: list[Partner] = field(default_factory=list)
    people: list[PersonMention] = field(default_factory=list)
    cooperations: list[Cooperation] = field(default_factory=list)
    sectors: list[Sector] = field(default_factory=list)
    focus_areas: list[FocusArea] = field(default_factory=list)
    source_url: str = ""
    unmatched: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def weekday_mismatch(self) -> bool:
        return bool(self.date and self.weekday_written) and (
            WEEKDAYS[self.weekday_written.lower()] != self.date.weekday()
        )

    @property
    def starts_at(self) -> datetime.datetime | None:
        if self.date is None:
            return None
        city_time = timezone.get_default_timezone()
        return datetime.datetime.combine(self.date, self.time or DEFAULT_TIME, tzinfo=city_time)

    @property
    def is_empty(self) -> bool:
        return not (self.date or self.departments or self.mentioned_partners or self.people)


@dataclass
class _Match:
    start: int
    end: int
    obj: object


def extract_meeting_draft(text: str) -> MeetingDraft:
    text = _normalise(text)
    draft = MeetingDraft()
    if not text:
        return draft
    body = DATELINE_RE.sub("", text, count=1)
    sentences = _sentences(body)
    draft.title = _title(text, sentences)
    draft.summary = _summary(sentences)
    _extract_date(body, draft)
    if time_match := TIME_RE.search(body):
        hour, minute = int(time_match["hour"]), int(time_match["minute"])
        if hour < 24 and minute < 60:
            draft.time = datetime.time(hour, minute)
    draft.place = _place(body)
    lead = " ".join(sentences[:2])
    draft.kind = next((kind for kind, cue in KIND_CUES if re.search(cue, lead, re.IGNORECASE)), draft.kind)
    draft.mode = next((mode for mode, cue in MODE_CUES if re.search(cue, body, re.IGNORECASE)), draft.mode)
    if url := URL_RE.search(body):
        draft.source_url = url.group().rstrip(".,)")

    matches = _match_names(body)
    departments = _unique(m.obj for m in matches if isinstance(m.obj, Department))
    partner_matches = [m for m in matches if isinstance(m.obj, Partner)]
    person_matches = [m for m in matches if isinstance(m.obj, Person)]
    draft.departments = departments
    draft.mentioned_partners = _unique(m.obj for m in partner_matches)
    draft.people = _people(body, person_matches)
    draft.partners = _partners_at_table(body, partner_matches, draft.people)
    draft.sectors, draft.focus_areas = _sectors(_sentences(_without_names(body, matches)))
    draft.cooperations = _cooperations(draft.mentioned_partners, draft.sectors)
    draft.unmatched = _unmatched(body, matches)
    return draft


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    return "\n".join(re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")).strip()


@functools.lru_cache(maxsize=8)
def _sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Start and end of each sentence; "Plt." or "Mr." does not end one."""
    spans = []
    for paragraph in re.finditer(r"[^\n]+", text):
        start = paragraph.start()
        for end in SENTENCE_END_RE.finditer(text, paragraph.start(), paragraph.end()):
            previous = re.search(r"([\w.]+)$", text[start : end.start()])
            word = previous.group(1).lower() if previous else ""
            if end.group().startswith(".") and (word in ABBREVIATIONS or len(word) == 1):
                continue
            spans.append((start, end.end()))
            start = end.end()
        if text[start : paragraph.end()].strip():
            spans.append((start, paragraph.end()))
    return tuple(spans)


def _sentences(text: str) -> list[str]:
    return [text[start:end].strip() for start, end in _sentence_spans(text)]


def _shorten(text: str, length: int) -> str:
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _title(text: str, sentences: list[str]) -> str:
    first_line = text.split("\n", 1)[0].strip()
    # A short first line without a full stop is the release's own headline.
    if "\n" in text and len(first_line) <= 150 and not first_line.endswith((".", "”", '"')):
        return first_line
    return _shorten((sentences[0] if sentences else "").rstrip("."), TITLE_LENGTH)


def _summary(sentences: list[str]) -> str:
    first = sentences[:SUMMARY_SENTENCES]
    if first and len(first[0]) <= 150 and not first[0].endswith((".", "”", '"')):
        first = sentences[1 : SUMMARY_SENTENCES + 1]  # skip the headline
    return _shorten(" ".join(first), SUMMARY_LENGTH)


def _extract_date(text: str, draft: MeetingDraft) -> None:
    found = []
    for match in DATE_RE.finditer(text):
        if match["day"]:
            day, month, year = int(match["day"]), int(match["month"]), int(match["year"])
        else:
            day, month, year = int(match["tday"]), MONTHS[match["tmonth"].lower()], int(match["tyear"])
        if year < 100:
            year += 2000
        try:
            found.append((datetime.date(year, month, day), match["weekday"] or ""))
        except ValueError:
            draft.problems.append(str(_("“%(text)s” is not a valid date.") % {"text": match.group().strip()}))
    if not found:
        return
    # The dateline may carry the day of publication; the meeting's own date is
    # the one written with its weekday, as in "Kamis (3/2/2022)".
    draft.date, weekday = next(((day, wd) for day, wd in found if wd), found[0])
    draft.weekday_written = weekday.replace("’", "'")
    if draft.weekday_mismatch:
        draft.problems.append(
            str(
                _("The text says %(written)s, but %(date)s is a %(actual)s: check the date.")
                % {
                    "written": weekday,
                    "date": draft.date.strftime("%d/%m/%Y"),
                    "actual": WEEKDAY_NAMES[draft.date.weekday()],
                }
            )
        )


def _place(text: str) -> str:
    match = PLACE_RE.search(text)
    if not match:
        return ""
    place = PLACE_TRAILING_RE.sub("", match["place"]).rstrip(" .,")
    # "di Balaikota" in a city release means Bandung's own city hall.
    if re.fullmatch(r"Balai\s?[Kk]ota", place):
        return DEFAULT_PLACE
    return place


def _name_pattern(name: str) -> re.Pattern:
    words = [re.escape(word) for word in name.split()]
    flags = re.IGNORECASE if len(words) > 1 and len(name) >= 8 else 0
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", flags)


def _terms() -> list[tuple[str, object]]:
    """Every name the register knows, with the row it names."""
    terms = []
    for department in Department.objects.active():
        names = [department.name, department.acronym, *department.alias_list()]
        # Releases append the city to a department's name.
        names += [f"{name} Kota Bandung" for name in names if "bandung" not in name.lower()]
        terms += [(name, department) for name in names]
    for partner in Partner.objects.all():
        terms += [(name, partner) for name in [partner.name, *partner.alias_list()]]
    for person in Person.objects.select_related("partner", "department"):
        terms += [(name, person) for name in [person.full_name, *person.alias_list()]]
    return terms


def _match_names(text: str) -> list[_Match]:
    """Exact names first, longest first, so "Dinas Lingkungan Hidup dan
    Kebersihan Kota Bandung" wins over "DLH"; then misspelt partner and
    person names."""
    terms = sorted(_terms(), key=lambda term: (-len(term[0]), term[0]))
    # Only names whose every word occurs in the text are worth a regular expression.
    words = set(re.findall(r"\w+", text.lower()))
    exact = [(name, obj) for name, obj in terms if set(re.findall(r"\w+", name.lower())) <= words]
    taken = [False] * len(text)
    matches = []
    for name, obj in exact:
        if not name.strip():
            continue
        for found in _name_pattern(name).finditer(text):
            if any(taken[found.start() : found.end()]):
                continue
            taken[found.start() : found.end()] = [True] * (found.end() - found.start())
            matches.append(_Match(found.start(), found.end(), obj))
    matches += _fuzzy_matches(text, terms, taken)
    return sorted(matches, key=lambda match: match.start)


def _fuzzy_matches(text: str, terms, taken: list[bool]) -> list[_Match]:
    words = [
        word for word in re.finditer(r"[A-Z][\w'’-]+", text) if not any(taken[word.start() : word.end()])
    ]
    # Candidates by word count and first letter: a misspelling keeps the first letter.
    candidates: dict[tuple[int, str], list[tuple[str, object]]] = {}
    for name, obj in terms:
        if isinstance(obj, Partner | Person) and len(name) >= FUZZY_MIN_LENGTH:
            lowered = " ".join(name.lower().split())
            candidates.setdefault((len(lowered.split()), lowered[0]), []).append((lowered, obj))
    sizes = sorted({size for size, _letter in candidates})
    matches = []
    for index in range(len(words)):
        best, best_score = None, FUZZY_CUTOFF
        for size in sizes:
            window = words[index : index + size]
            if len(window) < size or any(
                text[a.end() : b.start()].strip() for a, b in zip(window, window[1:], strict=False)
            ):
                break
            written = " ".join(w.group() for w in window).lower()
            for name, obj in candidates.get((size, written[0]), []):
                # The ratio can reach the cutoff only for names of about the same length.
                if 2 * min(len(name), len(written)) < best_score * (len(name) + len(written)):
                    continue
                matcher = difflib.SequenceMatcher(None, written, name)
                if matcher.real_quick_ratio() < best_score or matcher.quick_ratio() < best_score:
                    continue
                score = matcher.ratio()
                if score > best_score or (best is None and score == best_score):
                    best, best_score = (window[0].start(), window[-1].end(), obj), score
        if best and not any(taken[best[0] : best[1]]):
            taken[best[0] : best[1]] = [True] * (best[1] - best[0])
            matches.append(_Match(*best))
    return matches


def _unique(items) -> list:
    seen = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def _sentence_around(text: str, position: int) -> tuple[int, int]:
    return next(
        ((start, end) for start, end in _sentence_spans(text) if start <= position < end), (0, len(text))
    )


def _position_before(text: str, match: _Match) -> str:
    start, _end = _sentence_around(text, match.start)
    before = text[start : match.start]
    starts = [found.start() for found in TITLE_START_RE.finditer(before)]
    for title_start in reversed(starts):
        tail = POSITION_TAIL_RE.match(before, title_start + len(TITLE_START_RE.match(before, title_start)[0]))
        if tail:
            position = before[title_start : tail.start("honorific")]
            return position.strip(" ,")
    return ""


def _people(text: str, person_matches: list[_Match]) -> list[PersonMention]:
    positions: dict[Person, str] = {}
    for match in person_matches:
        if not positions.get(match.obj):
            positions[match.obj] = _position_before(text, match)
    mentions = []
    host_found = False
    for person, position in positions.items():
        if person.partner_id:
            role = ParticipantRole.GUEST
        elif not host_found:
            role, host_found = ParticipantRole.HOST, True
        else:
            role = ParticipantRole.ATTENDEE
        mentions.append(PersonMention(person=person, position=position, role=role))
    return mentions


def _partners_at_table(
    text: str, partner_matches: list[_Match], people: list[PersonMention]
) -> list[Partner]:
    present = [mention.person.partner for mention in people if mention.person.partner_id]
    for match in partner_matches:
        start, end = _sentence_around(text, match.start)
        if PRESENCE_RE.search(text[start:end]):
            present.append(match.obj)
    if not present:
        # Nobody is said to be at the table: the partners named are the best guess.
        present = [match.obj for match in partner_matches]
    return _unique(present)


def _without_names(text: str, matches: list[_Match]) -> str:
    """The text with names blanked out, so "Dinas Pendidikan" is no sign of
    the focus area "Pendidikan"."""
    spans = [(m.start, m.end) for m in matches] + [m.span() for m in ORGANISATION_RE.finditer(text)]
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _content_words(name: str) -> list[str]:
    return [word for word in re.findall(r"\w+", name.lower()) if word not in SECTOR_STOPWORDS]


def _contains_words(sentence_words: list[str], wanted: list[str]) -> bool:
    return all(
        word in sentence_words or difflib.get_close_matches(word, sentence_words, n=1, cutoff=FUZZY_CUTOFF)
        for word in wanted
    )


def _sectors(sentences: list[str]) -> tuple[list[Sector], list[FocusArea]]:
    lowered = [sentence.lower() for sentence in sentences]
    words = [re.findall(r"\w+", sentence) for sentence in lowered]
    sectors = [
        sector
        for sector in Sector.objects.all()
        if any(_name_pattern(sector.name.lower()).search(sentence) for sentence in lowered)
    ]
    focus_areas = []
    for area in FocusArea.objects.select_related("sector"):
        wanted = _content_words(area.name)
        if len(wanted) < 2:
            found = any(_name_pattern(area.name.lower()).search(sentence) for sentence in lowered)
        else:
            found = any(_contains_words(sentence_words, wanted) for sentence_words in words)
        if found:
            focus_areas.append(area)
    if not sectors:
        sectors = _unique(area.sector for area in focus_areas)
    return sectors, focus_areas


def _cooperations(partners: list[Partner], sectors: list[Sector]) -> list[Cooperation]:
    if not partners:
        return []
    cooperations = []
    by_partner = (
        Cooperation.objects.ongoing().filter(partners__in=partners).prefetch_related("partners", "sectors")
    )
    for partner in partners:
        own = [cooperation for cooperation in by_partner if partner in cooperation.partners.all()]
        in_sectors = [c for c in own if set(c.sectors.all()) & set(sectors)]
        # A partner with several cooperations: keep those of the sectors named.
        cooperations += in_sectors if len(own) > 1 and in_sectors else own
    return _unique(cooperations)


def _covered(matches: list[_Match], start: int, end: int) -> bool:
    return any(match.start < end and start < match.end for match in matches)


def _unmatched(text: str, matches: list[_Match]) -> list[str]:
    found = []
    for listing in LIST_RE.finditer(text):
        offset = listing.start("items")
        for item in re.finditer(r"[^,]+", listing["items"]):
            for part in re.split(r"\s+(?:dan|serta)\s+", item.group()):
                name = part.strip()
                if not name or not name[0].isupper():
                    continue
                start = text.find(name, offset + item.start())
                if not _covered(matches, start, start + len(name)):
                    found.append(name)
    for organisation in ORGANISATION_RE.finditer(text):
        name = organisation.group().strip()
        if any(name.lower().startswith(home) for home in HOME_NAMES):
            continue
        if not _covered(matches, organisation.start(), organisation.end()):
            found.append(name)
    found += _unmatched_people(text, matches)
    known = {name.lower() for name in HOME_NAMES}
    return [name for name in _unique(found) if name.lower() not in known]


def _unmatched_people(text: str, matches: list[_Match]) -> list[str]:
    """People introduced by a position ("Kepala Disnaker Kota Bandung Andri
    Darusman") whose name is not in the register."""
    found = []
    for title in TITLE_START_RE.finditer(text):
        run = RUN_RE.match(text, title.end())
        if any(isinstance(m.obj, Person) and title.start() <= m.start <= run.end() for m in matches):
            continue
        tokens = list(re.finditer(r"[^\s,]+|,", text[run.start() : run.end()]))
        name_from = _name_start(tokens, run.start(), matches)
        if name_from is None:
            continue
        name = HONORIFIC_RE.sub("", text[run.start() + name_from : run.end()].strip()).strip(" ,.")
        words = name.split()
        if not 1 <= len(words) <= 4 or not all(word[0].isupper() for word in words):
            continue
        if any(word.lower() in WEEKDAYS or word.lower() in MONTHS for word in words):
            continue
        position = TRAILING_HONORIFIC_RE.sub("", text[title.start() : run.start() + name_from]).strip(" ,")
        found.append(f"{name} ({position})")
    return found


def _name_start(tokens: list[re.Match], offset: int, matches: list[_Match]) -> int | None:
    """Where the name begins in the capitalised words after a title: after a
    comma, else after the last word of a place or organisation."""
    if not tokens:
        return None
    commas = [token for token in tokens if token.group() == ","]
    if commas:
        return commas[-1].end()
    known = [
        token
        for token in tokens
        if token.group() in PLACE_WORDS
        or (token.group().isupper() and len(token.group()) > 1)
        or _covered(matches, offset + token.start(), offset + token.end())
    ]
    if known:
        return known[-1].end()
    if len(tokens) >= 3:
        return tokens[-2].start()
    return None
