"""The stages a foreign cooperation goes through and the documents that
prove each one (PP 28/2018 on regional cooperation; Permendagri 25/2020).

Evidence accumulates: a cooperation at "signed" must also hold the letter of
intent, the cooperation plan and both approvals, so the page of a
cooperation can say what is missing for where it stands, not only for the
next step. Ending a cooperation needs no document: it may end at any stage.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from partnerships.models import Cooperation, Document, DocumentKind, Stage

# The regulation's order; "ended" closes it from any stage.
STAGE_ORDER: tuple[Stage, ...] = tuple(Stage)


@dataclass(frozen=True)
class Evidence:
    label: Promise
    kinds: frozenset[str]

    def __str__(self) -> str:
        return str(self.label)


STAGE_EVIDENCE: dict[Stage, tuple[Evidence, ...]] = {
    Stage.LOI: (Evidence(_("signed letter of intent (LoI)"), frozenset({DocumentKind.LOI})),),
    Stage.PLAN: (Evidence(_("cooperation plan"), frozenset({DocumentKind.PLAN})),),
    Stage.DPRD_APPROVAL: (
        Evidence(_("approval letter of the DPRD"), frozenset({DocumentKind.DPRD_APPROVAL})),
    ),
    Stage.CENTRAL_APPROVAL: (
        Evidence(
            _("central government approval or full-power letter"),
            frozenset({DocumentKind.CENTRAL_APPROVAL}),
        ),
    ),
    Stage.SIGNED: (Evidence(_("signed MoU or PKS"), frozenset({DocumentKind.MOU, DocumentKind.AGREEMENT})),),
    Stage.EVALUATION: (Evidence(_("monitoring report"), frozenset({DocumentKind.MONITORING_REPORT})),),
}


def required_evidence(stage: str) -> tuple[Evidence, ...]:
    """Everything a cooperation at ``stage`` must hold, earlier stages included."""
    if stage == Stage.ENDED:
        return ()
    reached = STAGE_ORDER[: STAGE_ORDER.index(Stage(stage)) + 1]
    return tuple(evidence for step in reached for evidence in STAGE_EVIDENCE.get(step, ()))


def missing_evidence(cooperation: Cooperation, stage: str) -> list[Evidence]:
    """The documents ``cooperation`` lacks to be at ``stage``, in stage order."""
    held = set(cooperation.documents.values_list("kind", flat=True)) if cooperation.pk else set()
    return missing_for_kinds(held, stage)


def missing_for_kinds(held_kinds: Iterable[str], stage: str) -> list[Evidence]:
    """As ``missing_evidence``, from document kinds already at hand (no query)."""
    held = set(held_kinds)
    return [evidence for evidence in required_evidence(stage) if not evidence.kinds & held]


def next_stage(stage: str) -> Stage | None:
    """The following stage on the regulation's path (none after renewal or end)."""
    index = STAGE_ORDER.index(Stage(stage))
    following = STAGE_ORDER[index + 1] if index + 1 < len(STAGE_ORDER) else None
    return None if following in (None, Stage.ENDED) else following


# Lineage: LoI → MoU → renewed MoU, MoU → PKS.


@dataclass
class LineageStep:
    """A document in a chain, with how its scope differs from the one before."""

    document: Document
    sectors_added: list = field(default_factory=list)
    sectors_dropped: list = field(default_factory=list)
    focus_areas_added: list = field(default_factory=list)
    focus_areas_dropped: list = field(default_factory=list)

    @property
    def scope_changed(self) -> bool:
        return bool(
            self.sectors_added or self.sectors_dropped or self.focus_areas_added or self.focus_areas_dropped
        )


def _difference(current: Iterable, previous: Iterable) -> tuple[list, list]:
    current, previous = set(current), set(previous)
    by_name = lambda rows: sorted(rows, key=str)  # noqa: E731
    return by_name(current - previous), by_name(previous - current)


def lineage_documents(documents: models.QuerySet) -> models.QuerySet:
    """The documents with what the chains read, in one query per relation."""
    return documents.select_related("cooperation").prefetch_related("sectors", "focus_areas__sector")


def agreement_chains(documents: Iterable[Document]) -> list[list[LineageStep]]:
    """Each chain from its first document to its latest, oldest chain first.

    A document implemented by several others (one MoU, two PKS) starts a
    branch: each branch is its own chain, sharing the beginning. Pass
    documents from ``lineage_documents`` so the scopes cost no query.
    """
    documents = list(documents)
    by_pk = {document.pk: document for document in documents}
    has_successor = {document.previous_id for document in documents if document.previous_id in by_pk}
    chains = []
    for last in documents:
        if last.pk in has_successor:
            continue
        chain, current, seen = [], last, set()
        while current is not None and current.pk not in seen:
            seen.add(current.pk)
            chain.append(current)
            current = by_pk.get(current.previous_id)
        chain.reverse()
        chains.append(_steps(chain))
    return sorted(chains, key=lambda steps: _chain_key(steps[0].document))


def _chain_key(document: Document) -> tuple:
    return (document.signed_on is None, document.signed_on or 0, document.pk)


def _steps(chain: list[Document]) -> list[LineageStep]:
    steps = [LineageStep(chain[0])]
    for previous, document in zip(chain, chain[1:], strict=False):
        sectors_added, sectors_dropped = _difference(document.sectors.all(), previous.sectors.all())
        areas_added, areas_dropped = _difference(document.focus_areas.all(), previous.focus_areas.all())
        steps.append(LineageStep(document, sectors_added, sectors_dropped, areas_added, areas_dropped))
    return steps
