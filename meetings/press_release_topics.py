"""Sectors and focus areas as releases word them.

The register names its sectors and focus areas in the cooperation's own
words ("Manajemen limbah", "Pelatihan personel bidang sistem penyediaan
air"); a release says "pengelolaan sampah", "air bersih" or "waste". A
sector or focus area is found when a sentence holds every content word of
its name (compared by stem, so "pengelolaan" meets "kelola"), or one of the
everyday phrases of a topic whose register words its name contains.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# (words a register name contains, phrases a release uses for it). The
# register side is matched as a word sequence of the name; the phrases by
# stem in a sentence.
TOPICS: list[tuple[tuple[str, ...], tuple[str, ...]]] = [
    (
        ("limbah", "sampah", "waste"),
        (
            "sampah",
            "persampahan",
            "limbah",
            "waste",
            "garbage",
            "trash",
            "daur ulang",
            "recycling",
            "kang pisman",
        ),
    ),
    (
        ("lingkungan air", "air limbah", "sungai", "wastewater"),
        ("air limbah", "limbah cair", "sungai", "kualitas air", "wastewater", "sewage", "river", "citarum"),
    ),
    (
        ("kualitas udara", "udara", "air quality"),
        (
            "kualitas udara",
            "udara",
            "polusi",
            "pencemaran udara",
            "emisi",
            "air quality",
            "air pollution",
            "emission",
        ),
    ),
    (
        ("penyediaan air", "air bersih", "air minum", "water supply"),
        (
            "air bersih",
            "air minum",
            "penyediaan air",
            "pengelolaan air",
            "water supply",
            "clean water",
            "drinking water",
            "water management",
            "kebocoran air",
        ),
    ),
    (
        ("ketenagakerjaan", "tenaga kerja", "tenaga terampil", "employment"),
        (
            "ketenagakerjaan",
            "tenaga kerja",
            "tenaga terampil",
            "pekerja terampil",
            "skilled worker",
            "employment",
            "labour",
            "labor",
        ),
    ),
    (
        ("sumber daya manusia", "human resource"),
        ("sumber daya manusia", "sdm", "human resource"),
    ),
    (
        ("pendidikan", "education"),
        ("pendidikan", "education", "beasiswa", "scholarship", "pertukaran pelajar"),
    ),
    (
        ("transportasi", "transport"),
        (
            "transportasi",
            "transport",
            "angkutan umum",
            "public transport",
            "bus rapid transit",
        ),
    ),
    (
        ("teknologi informasi", "information technology"),
        ("teknologi informasi", "information technology", "smart city", "kota pintar", "e-government"),
    ),
    (
        ("industri", "ekonomi", "economy"),
        (
            "industri",
            "ekonomi",
            "perdagangan",
            "investasi",
            "economy",
            "economic",
            "trade",
            "investment",
            "umkm",
        ),
    ),
    (("kesehatan", "health"), ("kesehatan", "tenaga kesehatan", "medis", "rumah sakit", "health", "medical")),
    (("lingkungan hidup", "environment"), ("lingkungan hidup", "environment", "environmental")),
    (("pariwisata", "tourism"), ("pariwisata", "tourism", "wisata")),
    (("kebudayaan", "budaya", "culture"), ("kebudayaan", "budaya", "culture", "cultural")),
]
STOPWORDS = frozenset(
    {
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
        "and",
        "of",
        "for",
    }
)
# Words of a register name that say how, not what: "Manajemen limbah" is
# about waste, "Pelatihan personel bidang sistem penyediaan air" about water supply.
GENERIC = frozenset(
    {
        "manajemen", "pengelolaan", "pelatihan", "personel", "personil", "sistem", "kerja", "sama",
        "pengembangan", "pemberdayaan", "peningkatan", "berkelanjutan", "management", "training",
        "development", "sustainable",
    }
)  # fmt: skip
# Indonesian affixes, longest first; a stem keeps at least four letters.
PREFIXES = (
    "meny",
    "meng",
    "mem",
    "men",
    "me",
    "peng",
    "peny",
    "pem",
    "pen",
    "per",
    "pe",
    "ber",
    "ter",
    "di",
    "ke",
)
SUFFIXES = ("kannya", "annya", "nya", "kan", "an", "ing", "es", "s")
MIN_STEM = 5


def stem(word: str) -> str:
    """A crude stem: enough that "pengelolaan", "kelola" and "dikelola" meet,
    and "wastes" meets "waste"."""
    word = word.lower()
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            word = word[: -len(suffix)]
            break
    for prefix in PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= MIN_STEM:
            word = word[len(prefix) :]
            break
    return word


def stems(text: str) -> list[str]:
    return [stem(word) for word in re.findall(r"\w+", text.lower())]


def _contains(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    if not needle:
        return False
    size = len(needle)
    return any(list(haystack[i : i + size]) == list(needle) for i in range(len(haystack) - size + 1))


@dataclass(frozen=True)
class Topic:
    register: tuple[tuple[str, ...], ...]  # stemmed register word sequences
    phrases: tuple[tuple[str, ...], ...]  # stemmed release phrases


def _topics() -> list[Topic]:
    return [
        Topic(tuple(tuple(stems(words)) for words in register), tuple(tuple(stems(p)) for p in phrases))
        for register, phrases in TOPICS
    ]


def _topics_of(name: str, topics: Iterable[Topic]) -> list[Topic]:
    """The topics a register name is about: those whose register words make
    up what its name says, once the words saying how are set aside."""
    words = [word for word in re.findall(r"\w+", name.lower()) if word not in STOPWORDS | GENERIC]
    what = {stem(word) for word in words}
    return [topic for topic in topics if what and any(what == set(register) for register in topic.register)]


def named_in(name: str, sentences: Sequence[str]) -> bool:
    """Whether a sector or focus area called ``name`` is spoken of in one of
    the sentences: its own words, or a topic's everyday phrase."""
    content = [stem(word) for word in re.findall(r"\w+", name.lower()) if word not in STOPWORDS]
    sentence_stems = [set(stems(sentence)) for sentence in sentences]
    sentence_lists = [stems(sentence) for sentence in sentences]
    if content and any(set(content) <= words for words in sentence_stems):
        return True
    topics = _topics_of(name, _topics())
    return any(
        _contains(sentence, phrase)
        for topic in topics
        for phrase in topic.phrases
        for sentence in sentence_lists
    )
