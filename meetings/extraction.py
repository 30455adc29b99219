"""A draft meeting (and, for a trip abroad, a draft delegation visit) from the
text of a news release, in Indonesian or English.

Rules and the register's own names, no network and no language model: city
releases are written in a steady house style ("Plt. Wali Kota Bandung Yana
Mulyana ... di Balaikota, Kamis (3/2/2022)"), and partner cities and the
national press follow their own ("at the Bandung City Hall on Thursday,
March 9, 2023"). Dates are read by ``coop_lib.text_dates`` (dateparser),
names by ``coop_lib.matching`` (the matcher the imports share), sectors and
focus areas by ``meetings.press_release_topics``. Names that match nothing are
reported, never created; a name close to a registered one is suggested. The
result is a plain dataclass, so the admin and any other caller (an import, a
test) use the same function.
"""

import datetime
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from coop_lib.matching import NameMatcher, claim, normalise
from coop_lib.text_dates import DateKind, DateNote, FoundDate, find_dates, is_date_word, publication_date
from meetings.choices import FundingSource
from meetings.models import DEFAULT_PLACE, MeetingKind, MeetingMode, ParticipantRole
from meetings.press_release_topics import named_in
from partnerships.models import Cooperation, Department, FocusArea, Partner, PartnerKind, Person, Sector

DEFAULT_TIME = datetime.time(9, 0)
TITLE_LENGTH = 120
SUMMARY_SENTENCES = 3
SUMMARY_LENGTH = 800
CONTEXT_LENGTH = 60
HOME_COUNTRY = "ID"

WEEKDAY_NAMES = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
TIME_RE = re.compile(
    r"\b(?:pukul|jam|at)\s+(?P<hour>\d{1,2})[.:](?P<minute>\d{2})(?!\d)\s*(?P<ampm>a\.?m\.?|p\.?m\.?)?",
    re.IGNORECASE,
)

VENUE_WORDS = (
    r"Balai\s?[Kk]ota|Pendopo|Pendapa|Gedung|Hotel|Aula|Ruang(?:an)?|Kantor|Kampus|Museum|Taman"
    r"|Auditorium|Graha|Wisma|Rumah\s+Dinas|Stadion|GOR|Bale|Convention|Command\s+Center"
    r"|Balai|Mal|Mall|Hall|Kedutaan|Konsulat|KBRI|KJRI|City\s+Hall|Town\s+Hall|Meeting\s+Room|Room"
    r"|Building|Palace|Embassy|Office|Centre|Center"
)
VENUE_RE = re.compile(rf"(?:{VENUE_WORDS})\b")
# After "di", "dari", "at", "in": a run of capitalised words holding a venue word.
PLACE_CUE_RE = re.compile(r"\b(?:[Dd]i|dari|bertempat\s+di|at|in)\s+(?:the\s+)?(?=[A-Z])")
PLACE_WORD = r"(?:[A-Z0-9][\w.'’&-]*|de|la|van|of)"
PLACE_RUN_RE = re.compile(rf"{PLACE_WORD}(?:[ \t]+{PLACE_WORD})*")
# Where a venue's name ends: its street, a weekday or a date.
PLACE_END_RE = re.compile(
    r"\s+(?:Jalan|Jl|Jln|Street|St|No|Diponegoro|Senin|Selasa|Rabu|Kamis|Jum['’]?at|Sabtu|Minggu"
    r"|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|on|of)\b.*$"
)

TITLE_START = (
    r"(?:(?:Plt|Pj|Pjs|Plh|Penjabat)\.?\s+)?(?:Wakil\s+|Deputy\s+|Vice\s+)?"
    r"(?:(?:Wali|WALI)\s?[Kk]ota|Sekretaris\s+Daerah|Sekretaris|Sekda|Duta\s+Besar|Dubes|Konsul\s+Jenderal|Konjen"
    r"|Kepala\s+Bagian|Kepala|Kadis|Kabag|Direktur\s+Utama|Direktur|Dirut|Ketua|Gubernur|Bupati|Menteri"
    r"|Camat|Asisten|Rektor|Presiden|Mayor|Ambassador|Consul\s+General|Atase|Staf\s+Ahli|Anggota\s+Dewan"
    r"|Kuasa\s+Usaha|Deputi|General\s+Manager|Manajer|Koordinator|Chief|CEO|Governor|Secretary|Head|Chairman"
    r"|Director|Minister)\b"
)
TITLE_START_RE = re.compile(TITLE_START)
HONORIFIC = r"(?:Mr|Mrs|Ms|Dr|Prof|Bapak|Ibu|Pak|Bu|H|Hj|Ir|Drs|Dato['’]?|Datuk|Haji|HE|H\.E|Sir)\.?"
POSITION_TAIL_RE = re.compile(
    r"(?:[ \t]+(?:[A-Z(][\w.()'’-]*|untuk|dan|bidang|urusan|of|for|the|and|at))*"
    rf"\s*,?\s*(?P<honorific>(?:{HONORIFIC}\s+)*)$"
)
HONORIFIC_RE = re.compile(rf"^(?:{HONORIFIC}\s+)+")
TRAILING_HONORIFIC_RE = re.compile(rf"(?:\s+{HONORIFIC})+\s*$")
# The capitalised words after a title: the rest of the position, then the name.
RUN_RE = re.compile(
    r"(?:,(?=[ \t]+[A-Z])|[ \t]+(?:[A-Z(][\w.()'’-]*|untuk|of|for|the"
    r"|dan(?=[ \t]+[A-Z])|bin(?=[ \t]+[A-Z])))*"
)
# Words that belong to a position or an organisation, never to a person's name.
PLACE_WORDS = {
    "Kota",
    "Bandung",
    "Jepang",
    "Indonesia",
    "Jawa",
    "Barat",
    "Provinsi",
    "Kabupaten",
    "RI",
    "City",
    "Japan",
    "Republik",
}
# Headline verbs and nouns that end a name: "Wali Kota Terima Kunjungan Delegasi Suwon" holds no name.
NAME_STOP_WORDS = {
    "terima",
    "menerima",
    "sambut",
    "menyambut",
    "jajaki",
    "menjajaki",
    "kunjungi",
    "mengunjungi",
    "kunjungan",
    "teken",
    "tandatangani",
    "menandatangani",
    "perpanjang",
    "memperpanjang",
    "bahas",
    "membahas",
    "gelar",
    "menggelar",
    "hadiri",
    "menghadiri",
    "dorong",
    "ajak",
    "harap",
    "berharap",
    "tegaskan",
    "pastikan",
    "apresiasi",
    "dukung",
    "perkuat",
    "pererat",
    "bertemu",
    "temui",
    "resmikan",
    "delegasi",
    "rombongan",
    "audiensi",
    "bersama",
    "beserta",
    "didampingi",
    "welcomes",
    "receives",
    "meets",
    "visits",
    "signs",
    "holds",
    "says",
    "said",
    "hopes",
    "delegation",
    "the",
    "tentang",
    "terkait",
    "saat",
    "ketika",
    "usai",
    "menyampaikan",
    "mengatakan",
}

LIST_RE = re.compile(
    r"\b(?:mulai\s+dari|antara\s+lain|di\s+antaranya|diantaranya|yaitu|yakni|meliputi|seperti)\s+(?P<items>[^.;]+)",
    re.IGNORECASE,
)
# Departments' names contain "dan" ("Dinas Kebudayaan dan Pariwisata"); a
# city's does not, so "Kota Bandung dan Jepang" stops before "dan".
ORGANISATION_RE = re.compile(
    r"\b(?:(?:Dinas|Badan|Bagian|Kecamatan|Perumda|Perusahaan\s+Daerah|Kedutaan\s+Besar|Konsulat\s+Jenderal"
    r"|Kamar\s+Dagang|Lembaga|Universitas)(?:[ \t]+(?:[A-Z][\w'’-]*|dan(?=[ \t]+[A-Z])))+"
    r"|(?:Kota|City)(?:[ \t]+[A-Z][\w'’-]*)+)"
)
# "Tanya Dimitrova (Duta Besar Bulgaria untuk Indonesia)": a name, then its position.
NAME_THEN_POSITION_RE = re.compile(
    rf"(?P<name>[A-Z][\w'’.-]+(?:[ \t]+[A-Z][\w'’.-]+){{1,4}})[ \t]*\((?P<position>{TITLE_START}[^()\n]*)\)"
)
HOME_NAMES = {"kota bandung", "pemerintah kota bandung", "pemkot bandung", "city of bandung", "bandung city"}
HOME_PLACE_RE = re.compile(r"\b(?:Bandung|Balai\s?[Kk]ota|Pendopo)\b")

KIND_CUES = [
    (
        MeetingKind.SIGNING,
        r"penandatanganan|menandatangani|ditandatangani|teken|\bsign(?:ed|ing|s)?\b|\bink(?:s|ed)?\b",
    ),
    # Receiving a delegation is a courtesy call, whatever event brought it.
    (MeetingKind.AUDIENCE, r"menerima|menyambut|audiensi|kunjungan\s+kehormatan|courtesy\s+call|welcomed?\b"),
    (
        MeetingKind.FORUM,
        r"forum|konferensi|seminar|webinar|lokakarya|pameran|simposium|festival|conference|summit|expo",
    ),
    (MeetingKind.TECHNICAL, r"rapat\s+teknis|pembahasan\s+teknis|bimbingan\s+teknis|technical\s+meeting"),
    (MeetingKind.COORDINATION, r"rapat\s+koordinasi|rakor|koordinasi|coordination\s+meeting"),
]
MODE_CUES = [
    (MeetingMode.HYBRID, r"hybrid|hibrida|luring\s+dan\s+daring|daring\s+dan\s+luring"),
    (
        MeetingMode.ONLINE,
        r"daring|virtual|zoom|video\s*conference|konferensi\s+video|berkonferensi\s+video|online",
    ),
]
# A partner named in a sentence with one of these sat at the table; one only
# named as an existing cooperation ("kerja sama dengan Kawasaki") did not.
PRESENCE_RE = re.compile(
    r"\b(?:hadir|dihadiri|menghadiri|menerima|diterima|menjumpai|bertemu|pertemuan\s+dengan|berkunjung"
    r"|kunjungan|kedatangan|delegasi|rombongan|audiensi|menandatangani|penandatanganan|ditandatangani|bersama|menyambut"
    r"|received?|receiving|visit(?:ed|ing)?|met|meeting\s+with|delegation|attended|signed|signing|welcomed"
    r"|hosted|entourage)\b",
    re.IGNORECASE,
)
# A trip of the city's delegation: "kunjungan kerja ke", "bertolak ke", "working visit to".
TRIP_RE = re.compile(
    r"\b(?:kunjungan\s+kerja|kunker|lawatan|perjalanan\s+dinas|bertolak|berangkat|berkunjung\s+ke"
    r"|mengunjungi|kunjungan\s+ke|working\s+visit|visit(?:ed|ing)?\s+to|trip\s+to|travel(?:l?ed)?\s+to)\b",
    re.IGNORECASE,
)
# The trip comes to Bandung: an inbound visit, not the city's delegation abroad.
TO_BANDUNG_RE = re.compile(
    r"\s*(?:ke|to|di|in)\s+(?:the\s+)?(?:Kota\s+Bandung|Bandung|Balai\s?[Kk]ota|Pendopo)\b", re.IGNORECASE
)
# "Delegasi berjumlah 6 orang", "a delegation of 8 officials".
MEMBER_COUNT_RE = re.compile(
    r"\b(?:delegasi|rombongan|tim|delegation|team)\b[^.\n]{0,60}?\b(?P<count>\d{1,3})\s+(?:orang|anggota"
    r"|delegasi|peserta|members?|delegates|people|officials|persons)\b",
    re.IGNORECASE,
)
FUNDING_CUES = [
    (FundingSource.SHARED, r"berbagi\s+biaya|biaya\s+bersama|cost[- ]shar|shared\s+cost"),
    (
        FundingSource.PARTNER,
        r"(?:dibiayai|ditanggung|difasilitasi|funded|paid|sponsored|hosted\s+at\s+the\s+expense)\s+"
        r"(?:sepenuhnya\s+)?(?:oleh|by)\s+(?:pihak\s+|the\s+)?(?:Pemerintah\s+|Pemkot\s+|City\s+of\s+)?"
        r"(?!Pemkot\s+Bandung|Pemerintah\s+Kota\s+Bandung|APBD)[A-Z]",
    ),
    (FundingSource.APBN, r"\bAPBN\b|anggaran\s+pendapatan\s+dan\s+belanja\s+negara"),
    (FundingSource.APBD, r"\bAPBD\b|anggaran\s+pendapatan\s+dan\s+belanja\s+daerah"),
]
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
    "jln",
    "bag",
    "kab",
    "prov",
    "sdr",
    "dll",
    "dsb",
    "s.d",
    "he",
    "h.e",
}
SENTENCE_END_RE = re.compile(r"[.!?]+[\"”’]?(?=\s+[\"“‘(]?[A-Z0-9])")
DATELINE_RE = re.compile(r"(?m)^[ \t]*[A-Z][A-Z .]{2,}\b[^\n—–]{0,60}?\s*(?:[—–]+|\s-\s)\s*")
# "PETALING JAYA - ", "Namur, Belgium (ANTARA News) - ": where the report was filed.
DATELINE_CITY_RE = re.compile(
    r"(?m)^[ \t]*(?P<city>[A-Z][\w'’]*(?:[ \t]+[A-Z][\w'’]*){0,2})(?:,[ \t]*[A-Z][\w .]*?)?"
    r"[ \t]*(?:\([^)\n]*\))?[ \t]*(?:[—–]+|-)[ \t]"
)
# What happened just before "di <city>" for the city to be the meeting's place.
EVENT_BEFORE_RE = re.compile(
    r"\b(?:berlangsung|digelar|diadakan|dilaksanakan|diselenggarakan|bertemu|pertemuan|penandatanganan"
    r"|ditandatangani|menandatangani|rapat|held|signed|met|meeting|took\s+place|signing|inaugurated)\b[^.,;]*$",
    re.IGNORECASE,
)
URL_RE = re.compile(r"https?://[^\s<>\"']+")
CITY_AFFIXES_RE = re.compile(
    r"^(?:Kota|Pemerintah\s+Kota|Pemkot|City\s+of|Kabupaten|Provinsi|Prefektur)\s+|\s+(?:City|Metropolitan\s+City)$",
    re.IGNORECASE,
)


@dataclass
class PersonMention:
    """A person of the register found in the text, with the position written there."""

    person: Person
    position: str
    role: str


@dataclass
class Suggestion:
    """A name not in the register that is close to one that is: "Maksud Anda: …?"."""

    written: str
    suggestion: Department | Partner | Person
    name: str


@dataclass
class VisitProposal:
    """A delegation visit the release describes: the city's delegation abroad."""

    partner: Partner
    direction: str = "outbound"
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    leader: Person | None = None
    member_count: int | None = None
    funding_source: str = ""
    places: str = ""
    purpose: str = ""


@dataclass
class DateOption:
    """A date found in the release, with the words around it, for the user to pick."""

    found: FoundDate
    context: str

    @property
    def date(self) -> datetime.date | None:
        return self.found.date


@dataclass
class MeetingDraft:
    title: str = ""
    summary: str = ""
    date: datetime.date | None = None
    time: datetime.time | None = None
    weekday_written: str = ""
    weekday: int | None = None
    published: datetime.date | None = None
    dates: list[DateOption] = field(default_factory=list)
    date_choice: int | None = None
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
    suggestions: list[Suggestion] = field(default_factory=list)
    visit: VisitProposal | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def weekday_mismatch(self) -> bool:
        return self.date is not None and self.weekday is not None and self.weekday != self.date.weekday()

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


@dataclass
class _Register:
    """The register's names, loaded once per release."""

    names: NameMatcher
    misspellable: NameMatcher
    cities: dict[str, tuple[str, Partner]]  # normalised city name -> (city as written, partner)

    @classmethod
    def load(cls) -> "_Register":
        names: NameMatcher = NameMatcher()
        misspellable: NameMatcher = NameMatcher()
        for department in Department.objects.active():
            written = [department.name, department.acronym, *department.alias_list()]
            # Releases append the city to a department's name.
            written += [f"{name} Kota Bandung" for name in written if "bandung" not in name.lower()]
            for name in written:
                names.add(name, department)
        cities: dict[str, tuple[str, Partner]] = {}
        for partner in Partner.objects.all():
            for name in [partner.name, *partner.alias_list()]:
                names.add(name, partner)
                misspellable.add(name, partner)
                if partner.kind == PartnerKind.LOCAL_GOVERNMENT and (city := _city_name(name)):
                    cities.setdefault(normalise(city), (city, partner))
        for person in Person.objects.select_related("partner", "department"):
            for name in [person.full_name, *person.alias_list()]:
                names.add(name, person)
                misspellable.add(name, person)
        return cls(names, misspellable, cities)

    def find(self, text: str) -> list[_Match]:
        """Exact names and shorter forms first, longest first, so "Dinas
        Lingkungan Hidup dan Kebersihan Kota Bandung" wins over "DLH"; then
        misspelt partner and person names."""
        candidates = self.names.candidates_in_text(text, similar=False)
        candidates += self.misspellable.candidates_in_text(text, exact=False)
        return [_Match(f.start, f.end, f.match.value) for f in claim(candidates, len(text))]

    def suggest(self, written: str) -> Suggestion | None:
        match = self.names.match(written)
        if match.likely and match.suggestion is not None:
            return Suggestion(written, match.suggestion, match.suggested_name)
        return None

    def city(self, written: str) -> tuple[str, Partner] | None:
        return self.cities.get(normalise(written))


def _city_name(name: str) -> str:
    city = CITY_AFFIXES_RE.sub("", name.strip()).strip()
    return city if re.fullmatch(r"[A-Za-z][A-Za-z .'’-]{2,}", city) else ""


def extract_meeting_draft(
    text: str, *, published: datetime.date | None = None, today: datetime.date | None = None
) -> MeetingDraft:
    """Read a release. ``published`` is its publication date when the caller
    knows it (a date without a year takes its year from it); ``today``
    stands in for it when nothing in or around the text gives one."""
    text = _normalise(text)
    draft = MeetingDraft()
    if not text:
        return draft
    body = DATELINE_RE.sub("", text, count=1)
    sentences = _sentences(body)
    draft.title = _title(text, sentences)
    draft.summary = _summary(sentences)
    found_dates = find_dates(text, published=published, today=today)
    draft.published = published or publication_date(found_dates)
    draft.dates = [DateOption(item, _context(text, item.start, item.end)) for item in found_dates]
    if time_match := TIME_RE.search(body):
        hour, minute = int(time_match["hour"]), int(time_match["minute"])
        if (time_match["ampm"] or "").lower().startswith("p") and hour < 12:
            hour += 12
        if hour < 24 and minute < 60:
            draft.time = datetime.time(hour, minute)
    lead = " ".join(sentences[:2])
    draft.kind = next((kind for kind, cue in KIND_CUES if re.search(cue, lead, re.IGNORECASE)), draft.kind)
    draft.mode = next((mode for mode, cue in MODE_CUES if re.search(cue, body, re.IGNORECASE)), draft.mode)
    if url := URL_RE.search(body):
        draft.source_url = url.group().rstrip(".,)")

    register = _Register.load()
    matches = register.find(body)
    draft.departments = _unique(m.obj for m in matches if isinstance(m.obj, Department))
    partner_matches = [m for m in matches if isinstance(m.obj, Partner)]
    person_matches = [m for m in matches if isinstance(m.obj, Person)]
    draft.mentioned_partners = _unique(m.obj for m in partner_matches)
    abroad = _dateline_partner(text, register)
    draft.visit = _visit(body, found_dates, matches, register, abroad, draft)
    draft.people = _people(body, person_matches, outbound=draft.visit is not None)
    hosts = [draft.visit.partner] if draft.visit else []
    draft.partners = _partners_at_table(body, partner_matches, draft.people, hosts)
    _choose_date(draft, found_dates)
    draft.place = _place(body, register, draft.visit, matches)
    without_names = _sentences(_without_names(body, matches))
    draft.sectors, draft.focus_areas = _sectors(without_names)
    draft.cooperations = _cooperations(draft.mentioned_partners, draft.sectors)
    draft.unmatched = _unmatched(body, matches)
    draft.suggestions = [
        suggestion for name in draft.unmatched if (suggestion := register.suggest(_name_part(name)))
    ]
    return draft


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\t", " ")
    return "\n".join(re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")).strip()


def _context(text: str, start: int, end: int) -> str:
    before = text[max(0, start - CONTEXT_LENGTH) : start].split("\n")[-1]
    after = text[end : end + CONTEXT_LENGTH].split("\n")[0]
    return f"…{before}[{text[start:end]}]{after}…".replace("\n", " ")


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


# The date.


def _choose_date(draft: MeetingDraft, found: list[FoundDate]) -> None:
    """The meeting's date: the one written with its weekday ("Kamis
    (3/2/2022)") wins over the others, a publication line never counts; a
    bare weekday or "kemarin" only when nothing else is written."""
    for item in found:
        if DateNote.INVALID in item.notes:
            draft.problems.append(_("“%(text)s” is not a valid date.") % {"text": _written(item)})
    usable = [
        (index, item)
        for index, item in enumerate(found)
        if item.date and not item.is_publication and DateNote.INVALID not in item.notes
    ]
    written = [(i, item) for i, item in usable if item.kind in (DateKind.DATE, DateKind.RANGE)]
    chosen = next(((i, item) for i, item in written if item.weekday is not None), None)
    chosen = chosen or next(iter(written), None) or next(iter(usable), None)
    visit = draft.visit
    if (
        visit
        and visit.starts_on
        and (chosen is None or chosen[1].kind == DateKind.RANGE or not _within(chosen[1].date, visit))
    ):
        # The release tells of the trip, not of the day of its meeting abroad.
        draft.date = visit.starts_on
        draft.date_choice = next((i for i, item in usable if item.date == visit.starts_on), None)
        draft.problems.append(
            _("The meeting is proposed on the first day of the trip, %(date)s: check the day.")
            % {"date": visit.starts_on.strftime("%d/%m/%Y")}
        )
        return
    if chosen is None:
        return
    draft.date_choice, item = chosen
    draft.date = item.date
    draft.weekday, draft.weekday_written = item.weekday, item.weekday_written
    draft.problems += date_problems(item, published=draft.published)


def _within(day: datetime.date | None, visit: VisitProposal) -> bool:
    return bool(day and visit.starts_on and visit.starts_on <= day <= (visit.ends_on or visit.starts_on))


def _written(item: FoundDate) -> str:
    return item.written.strip(" (,")


def date_problems(item: FoundDate, *, published: datetime.date | None) -> list[str]:
    """What to tell the user about the date chosen for the meeting."""
    problems = []
    day = item.date.strftime("%d/%m/%Y") if item.date else ""
    if DateNote.YEAR_FROM_PUBLICATION in item.notes:
        problems.append(
            _(
                "“%(text)s” has no year: %(date)s, the nearest such day up to the publication date, "
                "is proposed."
            )
            % {"text": _written(item), "date": day}
        )
    if DateNote.YEAR_ASSUMED in item.notes:
        problems.append(
            _(
                "“%(text)s” has no year and the publication date is not known: %(date)s is assumed. "
                "Check the year."
            )
            % {"text": _written(item), "date": day}
        )
    if DateNote.FROM_WEEKDAY in item.notes:
        problems.append(
            _(
                "Only the weekday is written (“%(text)s”): %(date)s, the last such day up to the "
                "publication, is proposed."
            )
            % {"text": _written(item), "date": day}
        )
    if DateNote.RELATIVE in item.notes:
        problems.append(
            _("“%(text)s” is counted from the publication date: %(date)s is proposed.")
            % {"text": _written(item), "date": day}
        )
    if item.weekday is not None and item.date and item.weekday != item.date.weekday():
        problems.append(
            _("The text says %(written)s, but %(date)s is a %(actual)s: check the date.")
            % {"written": item.weekday_written, "date": day, "actual": WEEKDAY_NAMES[item.date.weekday()]}
        )
    return problems


# The place.


def _place(body: str, register: _Register, visit: VisitProposal | None, matches: list[_Match]) -> str:
    partners = [m for m in matches if isinstance(m.obj, Partner)]
    venue = _venue(body, partners)
    if visit is not None and (not venue or HOME_PLACE_RE.search(venue)):
        return visit.places
    if venue:
        return venue
    return _partner_city_place(body, register)


def _venue(text: str, partners: list[_Match]) -> str:
    for cue in PLACE_CUE_RE.finditer(text):
        run = PLACE_RUN_RE.match(text, cue.end())
        if run is None:
            continue
        place = PLACE_END_RE.sub("", run.group()).rstrip(" .,")
        # "wakil dari Suwon Center for …": a partner's name is no venue.
        if any(m.start <= run.start() and run.start() + len(place) <= m.end for m in partners):
            continue
        # "di Balai Kota Bandung", "at the Bandung City Hall": a venue word in the name.
        if not VENUE_RE.search(place):
            continue
        # "di Balaikota" in a city release means Bandung's own city hall.
        if re.fullmatch(r"Balai\s?[Kk]ota", place):
            return DEFAULT_PLACE
        return place
    return ""


def _partner_city_place(text: str, register: _Register, *, events_only: bool = True) -> str:
    """ "berlangsung di Hamamatsu", "signed in Petaling Jaya": a partner's city,
    with its country, where something happened ("wakil dari universitas di
    Suwon" says where the guests come from, not where they met)."""
    for cue in re.finditer(r"\b(?:[Dd]i|[Kk]e|in|to|at)\s+(?:the\s+city\s+of\s+|[Kk]ota\s+)?(?=[A-Z])", text):
        if events_only and not EVENT_BEFORE_RE.search(text[max(0, cue.start() - 80) : cue.start()]):
            continue
        run = re.match(r"[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){0,2}", text[cue.end() :])
        if run is None:
            continue
        words = run.group().split()
        for size in range(len(words), 0, -1):
            if found := register.city(" ".join(words[:size])):
                return _city_with_country(*found)
    return ""


def _city_with_country(city: str, partner: Partner) -> str:
    return f"{city}, {partner.country.name}" if partner.country else city


def _dateline_partner(text: str, register: _Register) -> Partner | None:
    """A report filed from a partner city ("PETALING JAYA - ") tells of the
    city's delegation there."""
    for line in text.split("\n")[:6]:
        if match := DATELINE_CITY_RE.match(line):
            found = register.city(match["city"].title() if match["city"].isupper() else match["city"])
            if found:
                return found[1]
    return None


# Names.


def _unique(items: Iterable) -> list:
    seen: list = []
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
        title = TITLE_START_RE.match(before, title_start)
        assert title is not None
        tail = POSITION_TAIL_RE.match(before, title_start + len(title[0]))
        if tail:
            position = before[title_start : tail.start("honorific")]
            return position.strip(" ,")
    return ""


def _people(text: str, person_matches: list[_Match], *, outbound: bool) -> list[PersonMention]:
    positions: dict[Person, str] = {}
    for match in person_matches:
        assert isinstance(match.obj, Person)
        if not positions.get(match.obj):
            positions[match.obj] = _position_before(text, match)
    mentions = []
    host_found = False
    for person, position in positions.items():
        # Abroad the partner hosts; in Bandung the city does.
        hosting_side = bool(person.partner_id) == outbound
        if not hosting_side:
            role = ParticipantRole.GUEST
        elif not host_found:
            role, host_found = ParticipantRole.HOST, True
        else:
            role = ParticipantRole.ATTENDEE
        mentions.append(PersonMention(person=person, position=position, role=role))
    return mentions


def _partners_at_table(
    text: str, partner_matches: list[_Match], people: list[PersonMention], hosts: list[Partner]
) -> list[Partner]:
    present = hosts + [mention.person.partner for mention in people if mention.person.partner_id]
    for match in partner_matches:
        start, end = _sentence_around(text, match.start)
        if PRESENCE_RE.search(text[start:end]):
            present.append(match.obj)
    if not present:
        # Nobody is said to be at the table: the partners named are the best guess.
        present = [match.obj for match in partner_matches]
    return _unique(present)


# A trip abroad.


def _visit(
    body: str,
    dates: list[FoundDate],
    matches: list[_Match],
    register: _Register,
    abroad: Partner | None,
    draft: MeetingDraft,
) -> VisitProposal | None:
    """The city's delegation abroad: a trip of several days to a partner
    ("kunjungan kerja ke Kota Hamamatsu, 2 s/d 6 November 2018"), or a
    report filed from a partner's city."""
    spans = _sentence_spans(body)
    for index, (start, end) in enumerate(spans):
        sentence = body[start:end]
        if not TRIP_RE.search(sentence) or _comes_to_bandung(sentence):
            continue
        trip = _range_in(sentence, dates) or _range_in(_neighbours(body, spans, index), dates)
        if trip is None:
            continue
        partner = _destination(body, spans, index, matches, register)
        if partner is None:
            continue
        return _proposal(partner, trip.date, trip.last_day, body, spans, index, matches, register, draft)
    if abroad is not None:
        day = next((d.date for d in dates if d.date and not d.is_publication), None)
        return _proposal(abroad, day, day, body, spans, 0, matches, register, draft)
    return None


def _comes_to_bandung(sentence: str) -> bool:
    trip = TRIP_RE.search(sentence)
    return bool(
        trip and TO_BANDUNG_RE.match(sentence, trip.end() - 2 if trip.group().endswith("ke") else trip.end())
    )


def _neighbours(body: str, spans: tuple[tuple[int, int], ...], index: int) -> str:
    first, last = max(0, index - 1), min(len(spans) - 1, index + 1)
    return body[spans[first][0] : spans[last][1]]


def _range_in(passage: str, dates: list[FoundDate]) -> FoundDate | None:
    """A range of several days written in the passage (matched by its words)."""
    return next(
        (d for d in dates if d.kind == DateKind.RANGE and d.date and d.days > 1 and d.written in passage),
        None,
    )


def _destination(
    body: str, spans: tuple[tuple[int, int], ...], index: int, matches: list[_Match], register: _Register
) -> Partner | None:
    """The partner the trip goes to: named in the trip's sentence, then next
    to it, then anywhere (a foreign city first)."""
    order = [spans[index], *(spans[i] for i in (index - 1, index + 1) if 0 <= i < len(spans)), (0, len(body))]
    for start, end in order:
        partners = [m.obj for m in matches if isinstance(m.obj, Partner) and start <= m.start < end]
        abroad = [p for p in partners if p.country and p.country.code != HOME_COUNTRY]
        abroad.sort(key=lambda p: p.kind != PartnerKind.LOCAL_GOVERNMENT)
        if abroad:
            return abroad[0]
        if city := _partner_city_place(body[start:end], register, events_only=False):
            found = register.city(city.split(",")[0])
            if found:
                return found[1]
    return None


def _proposal(
    partner: Partner,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
    body: str,
    spans: tuple[tuple[int, int], ...],
    index: int,
    matches: list[_Match],
    register: _Register,
    draft: MeetingDraft,
) -> VisitProposal:
    first, last = max(0, index - 2), min(len(spans) - 1, index + 2)
    around = (spans[first][0], spans[last][1]) if spans else (0, len(body))
    city_people = [
        m.obj
        for m in matches
        if isinstance(m.obj, Person) and not m.obj.partner_id and around[0] <= m.start < around[1]
    ]
    city_people = city_people or [
        m.obj for m in matches if isinstance(m.obj, Person) and not m.obj.partner_id
    ]
    # The delegation's leader holds a post of the city: "Walikota Bandung, Ridwan Kamil".
    of_bandung = [
        m.obj for m in matches if m.obj in city_people and "bandung" in _position_before(body, m).lower()
    ]
    city_people = _unique(of_bandung + city_people)
    count = MEMBER_COUNT_RE.search(body)
    funding = next((source for source, cue in FUNDING_CUES if re.search(cue, body, re.IGNORECASE)), "")
    city = min((written for written, p in register.cities.values() if p == partner), key=len, default="")
    return VisitProposal(
        partner=partner,
        starts_on=starts_on,
        ends_on=ends_on or starts_on,
        leader=city_people[0] if city_people else None,
        member_count=int(count["count"]) if count and int(count["count"]) > 0 else None,
        funding_source=str(funding),
        places=_city_with_country(city, partner) if city else str(partner),
        purpose=draft.title,
    )


def _without_names(text: str, matches: list[_Match]) -> str:
    """The text with names blanked out, so "Dinas Pendidikan" is no sign of
    the focus area "Pendidikan"."""
    spans = [(m.start, m.end) for m in matches] + [m.span() for m in ORGANISATION_RE.finditer(text)]
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _sectors(sentences: list[str]) -> tuple[list[Sector], list[FocusArea]]:
    """Sectors and focus areas named (the matcher: as registered, shortened
    or misspelt) or spoken of in everyday words (``press_release_topics``)."""
    all_sectors, all_areas = list(Sector.objects.all()), list(FocusArea.objects.all())
    matcher: NameMatcher = NameMatcher([(sector.name, sector) for sector in all_sectors])
    for area in all_areas:
        matcher.add(area.name, area)
    named = {found.match.value for found in matcher.find_in_text(" ".join(sentences))}
    sectors = [sector for sector in all_sectors if sector in named or named_in(sector.name, sentences)]
    focus_areas = [area for area in all_areas if area in named or named_in(area.name, sentences)]
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


# Names the register does not know.


def _covered(matches: list[_Match], start: int, end: int) -> bool:
    return any(match.start < end and start < match.end for match in matches)


def _name_part(unmatched: str) -> str:
    """ "Dudy Prayudi (Kepala DLHK Kota Bandung)" -> "Dudy Prayudi"."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", unmatched)


def _unmatched(text: str, matches: list[_Match]) -> list[str]:
    found = []
    people = _unmatched_people(text, matches)
    for listing in LIST_RE.finditer(text):
        offset = listing.start("items")
        for item in re.finditer(r"[^,]+", listing["items"]):
            for part in re.split(r"\s+(?:dan|serta|and)\s+", item.group()):
                name = _clean_name(part)
                if not name or not name[0].isupper() or len(name.split()) > 6:
                    continue
                start = text.find(name, offset + item.start())
                if start >= 0 and not _covered(matches, start, start + len(name)):
                    found.append(name)
    for organisation in ORGANISATION_RE.finditer(text):
        start, end = organisation.span()
        # A person's name after the organisation is no part of it:
        # "Kepala Dinas Pendidikan Kota Bandung Iwan Setiawan".
        end = min([end, *(p_start for p_start, _name in people if start < p_start < end)])
        name = _organisation_name(text[start:end])
        if not name or any(name.lower().startswith(home) for home in HOME_NAMES):
            continue
        if not _covered(matches, start, start + len(name)):
            found.append(name)
    found += [name for _start, name in people]
    known = {name.lower() for name in HOME_NAMES}
    return [name for name in _unique(found) if name.lower() not in known]


def _organisation_name(written: str) -> str:
    """ "Kota Terima Kunjungan Delegasi Suwon" (a headline after "Wali") is no
    name; "Dinas Pendidikan Kota Bandung" ends with the city."""
    words = written.split()
    for index, word in enumerate(words):
        if word.lower() in NAME_STOP_WORDS:
            words = words[:index]
            break
    if "Bandung" in words[1:]:
        words = words[: words.index("Bandung", 1) + 1]
    return " ".join(words) if len(words) >= 2 else ""


def _clean_name(written: str) -> str:
    """A name without the headline verbs and titles glued to it, cut at the
    first clause boundary."""
    name = re.split(r"[.;:!?\"“”()]|\s+(?:yang|saat|ketika|untuk|di|ke|pada|who|at|on)\s+", written.strip())[
        0
    ]
    words = name.split()
    while words and (words[0].lower().strip(",") in NAME_STOP_WORDS or HONORIFIC_RE.match(words[0] + " ")):
        words = words[1:]
    for position, word in enumerate(words):
        if word.lower().strip(",") in NAME_STOP_WORDS:
            words = words[:position]
            break
    return " ".join(words).strip(" ,")


def _unmatched_people(text: str, matches: list[_Match]) -> list[tuple[int, str]]:
    """People introduced by a position ("Kepala Disnaker Kota Bandung Andri
    Darusman", "Mayor of Melbourne, Sally Capp") or followed by one ("Tanya
    Dimitrova (Duta Besar Bulgaria untuk Indonesia)") whose name is not in
    the register: where each name starts, and the name with its position."""
    found = []
    for title in TITLE_START_RE.finditer(text):
        run = RUN_RE.match(text, title.end())
        assert run is not None
        if any(isinstance(m.obj, Person) and title.start() <= m.start <= run.end() for m in matches):
            continue
        tokens = _until_sentence_end(list(re.finditer(r"[^\s,]+|,", text[run.start() : run.end()])))
        # A headline verb ends the position: "Wali Kota Terima Kunjungan …" names nobody.
        stop = next((i for i, t in enumerate(tokens) if t.group().lower() in NAME_STOP_WORDS), None)
        if stop is not None:
            tokens = tokens[:stop]
        name_from = _name_start(tokens, run.start(), matches)
        if name_from is None:
            continue
        end = run.start() + tokens[-1].end()
        raw = text[run.start() + name_from : end]
        name = HONORIFIC_RE.sub("", raw.strip()).strip(" ,.")
        name = re.sub(r"\s*\([^)]*\)?$", "", name).strip(" ,.")
        words = name.split()
        if not 1 <= len(words) <= 5 or not all(word[0].isupper() for word in words):
            continue
        if any(word in PLACE_WORDS for word in words) or any(is_date_word(word) for word in words):
            continue
        position = TRAILING_HONORIFIC_RE.sub("", text[title.start() : run.start() + name_from]).strip(" ,")
        found.append((run.start() + name_from + len(raw) - len(raw.lstrip()), f"{name} ({position})"))
    for written in NAME_THEN_POSITION_RE.finditer(text):
        if _covered(matches, written.start("name"), written.end("name")):
            continue
        name = _clean_name(written["name"])
        if len(name.split()) >= 2:
            found.append((written.start("name"), f"{name} ({written['position'].strip()})"))
    return found


def _until_sentence_end(tokens: list[re.Match]) -> list[re.Match]:
    """The tokens up to the one that ends a sentence ("Setiawan." before
    "Pembahasan"), an initial or an abbreviation ("M.", "Plt.") aside."""
    for index, token in enumerate(tokens):
        word = token.group()
        if word.endswith(".") and len(word.rstrip(".")) > 1 and word.rstrip(".").lower() not in ABBREVIATIONS:
            return tokens[: index + 1]
    return tokens


def _name_start(tokens: list[re.Match], offset: int, matches: list[_Match]) -> int | None:
    """Where the name begins in the capitalised words after a title: after a
    comma, else after the last word of a place or organisation."""
    if not tokens:
        return None
    commas = [token for token in tokens if token.group() == ","]
    if commas:
        return commas[-1].end() if commas[-1] is not tokens[-1] else None
    known = [
        token
        for token in tokens
        if token.group() in PLACE_WORDS
        or (token.group().isupper() and len(token.group()) > 1)
        or _covered(matches, offset + token.start(), offset + token.end())
    ]
    if known:
        return known[-1].end() if known[-1] is not tokens[-1] else None
    if len(tokens) >= 3:
        return tokens[-2].start()
    return None
