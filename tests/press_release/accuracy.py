"""Scores a draft against the fields a careful reader wrote down for a
release (``releases/public/<name>.json``), field by field."""

import datetime
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from coop_lib.matching import normalise
from meetings.extraction import MeetingDraft

PUBLIC = Path(__file__).parent / "releases" / "public"
# The table the terminal summary prints (see conftest.py).
REPORT: list[str] = []


@dataclass(frozen=True)
class Release:
    name: str
    source: str
    published: datetime.date | None
    language: str
    text: str
    expected: dict


def public_releases() -> list[Release]:
    releases = []
    for path in sorted(PUBLIC.glob("*.txt")):
        header, text = path.read_text(encoding="utf-8").split("\n---\n", 1)
        fields = dict(line.split(":", 1) for line in header.splitlines())
        published = fields["Published"].strip()
        releases.append(
            Release(
                name=path.stem,
                source=fields["Source"].strip(),
                published=datetime.date.fromisoformat(published) if published else None,
                language=fields["Language"].strip(),
                text=text,
                expected=json.loads(path.with_suffix(".json").read_text(encoding="utf-8")),
            )
        )
    return releases


def _place(value) -> str:
    return normalise(value or "")


def read_fields(draft: MeetingDraft) -> dict:
    """The draft's values in the form the expectations are written in."""
    visit = draft.visit
    return {
        "date": draft.date.isoformat() if draft.date else None,
        "place": draft.place,
        "departments": sorted(d.acronym for d in draft.departments),
        "partners": sorted(p.name for p in draft.partners),
        "people": sorted(m.person.full_name for m in draft.people),
        "kind": draft.kind,
        "mode": draft.mode,
        "focus_areas": sorted(str(area) for area in draft.focus_areas),
        "outbound_visit": None
        if visit is None
        else {
            "partner": visit.partner.name,
            "starts_on": visit.starts_on.isoformat() if visit.starts_on else None,
            "ends_on": visit.ends_on.isoformat() if visit.ends_on else None,
            "leader": visit.leader.full_name if visit.leader else None,
        },
    }


def score(expected: dict, draft: MeetingDraft) -> list[tuple[str, bool, object, object]]:
    """(field, right, expected, read) for each field written down."""
    read = read_fields(draft)
    results = []
    for name, want in expected.items():
        if name == "notes":
            continue
        if name == "outbound_visit":
            got = read[name]
            if want is None or got is None:
                results.append(("outbound_visit", want == got, want, got))
                continue
            for key, value in want.items():
                results.append((f"outbound_visit.{key}", got[key] == value, value, got[key]))
            continue
        got = read[name]
        if name == "place":
            accepted = want if isinstance(want, list) else [want]
            right = _place(got) in {_place(value) for value in accepted}
        elif isinstance(want, list):
            right = sorted(want) == got
        else:
            right = want == got
        results.append((name, right, want, got))
    return results


def report(results: dict[str, list[tuple[str, bool, object, object]]]) -> tuple[float, list[str]]:
    """Overall accuracy and the lines of a table: per field, then the misses."""
    right, total = Counter(), Counter()
    for fields in results.values():
        for name, ok, _want, _got in fields:
            field = name.split(".")[0] if name.startswith("outbound_visit") else name
            total[field] += 1
            right[field] += ok
    lines = [f"{'field':<16}{'right':>7}{'of':>5}{'%':>8}"]
    for field in sorted(total):
        lines.append(
            f"{field:<16}{right[field]:>7}{total[field]:>5}{100 * right[field] / total[field]:>8.1f}"
        )
    overall = 100 * sum(right.values()) / sum(total.values())
    lines.append(f"{'all fields':<16}{sum(right.values()):>7}{sum(total.values()):>5}{overall:>8.1f}")
    lines.append(f"releases: {len(results)}")
    for release, fields in results.items():
        for name, ok, want, got in fields:
            if not ok:
                lines.append(f"  miss {release}: {name}: expected {want!r}, read {got!r}")
    return overall, lines
