"""What a user typed into the search box, read once and checked before any
query runs."""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

MIN_LENGTH = 2
MAX_LENGTH = 200
# Letters and digits of any script: what a word of the register is made of.
# Punctuation, emoji and LIKE's wildcards are not words to look for.
WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Terms:
    text: str  # what was typed, without control characters and runs of spaces
    words: tuple[str, ...]  # its words, each matched from its start


class Refused(ValueError):
    """Nothing is looked up; the message says why, for the page."""


def read_terms(typed: str) -> Terms:
    """The terms of a search, or ``Refused`` for one too short or too long."""
    # NUL, which PostgreSQL cannot hold in text, and every other control
    # character become spaces.
    text = "".join(" " if unicodedata.category(char) == "Cc" else char for char in typed)
    text = " ".join(text.split())
    if len(text) > MAX_LENGTH:
        raise Refused(
            _("The search is too long: at most %(max)d characters, %(length)d were given.")
            % {"max": MAX_LENGTH, "length": len(text)}
        )
    words = tuple(WORD.findall(text))
    if sum(len(word) for word in words) < MIN_LENGTH:
        raise Refused(
            _("Type at least %(min)d letters or digits to search.") % {"min": MIN_LENGTH}
            if text
            else _("Type a name, a title or a word to search the register.")
        )
    return Terms(text=text, words=words)
