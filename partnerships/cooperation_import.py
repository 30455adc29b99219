"""Import of cooperations from a spreadsheet: the columns of the cooperation
export, headers in Indonesian or English. A row with the export's id updates that
cooperation. Titles may repeat across departments, so a row without one is
recognised by its title (ignoring case) and its lead department; importing
the same file twice changes nothing the second time.

A stage moves as in the admin, through ``move_to_stage``: only with the
documents the stage needs, which the file cannot carry, so a new cooperation
starts at a stage that needs none (initiative, exploration, ended). A
superuser may move it anyway by giving the reason in a column of its own,
kept with the stage change, as on the cooperation's page.
"""

from django.db.models import Prefetch, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import department_id_of, is_cooperation_admin
from coop_lib.csv_import import (
    Columns,
    ImportPlan,
    NameIndex,
    RowErrors,
    assign,
    choice_value,
    in_file_only,
    not_a_choice,
    parse_date,
    planned_row,
    records_by_id,
)
from partnerships.csv_columns import departments_by_name, partners_by_name
from partnerships.lifecycle import missing_for_kinds
from partnerships.models import Cooperation, CooperationKind, Document, Sector, Stage
from partnerships.services import move_to_stage, stage_refusal

FIELDS = [
    "id", "version", "title", "kind", "partners", "lead_department", "supporting_departments", "sectors",
    "stage", "started_on", "description",
]  # fmt: skip
COLUMNS = Columns(
    Cooperation, FIELDS, extra={"override_reason": gettext_lazy("reason for moving without evidence")}
)
REQUIRED = ("title", "partners", "lead_department")
RELATED = ("partners", "supporting_departments", "sectors")


def plan_cooperations(rows: list[dict[str, str]], user) -> ImportPlan:
    plan = ImportPlan()
    department_index = departments_by_name()
    indexes = {
        "partners": partners_by_name(),
        "supporting_departments": department_index,
        "sectors": NameIndex(Sector.objects.all(), "name"),
    }
    existing = _existing_cooperations(rows)
    by_id = records_by_id(_with_what_a_row_compares(Cooperation.objects.all()), COLUMNS, rows)
    own_department = department_id_of(user)
    seen = {}
    for number, row, errors in COLUMNS.complete_rows(rows, plan, REQUIRED):
        named_by_id, cooperation = errors.record(row, by_id)
        lead = department_index.find(row["lead_department"])
        if lead is None:
            errors.add(
                "lead_department", _("Unknown department “%(name)s”.") % {"name": row["lead_department"]}
            )
            continue
        if not is_cooperation_admin(user) and lead.pk != own_department:
            errors.add("lead_department", _("You may only import cooperations led by your own department."))
            continue
        kind = choice_value(CooperationKind, row["kind"]) if row.get("kind") else CooperationKind.SISTER_CITY
        if kind is None:
            errors.add("kind", not_a_choice(CooperationKind, row["kind"]))
        stage = choice_value(Stage, row["stage"]) if row.get("stage") else Stage.INITIATIVE
        if stage is None:
            errors.add("stage", not_a_choice(Stage, row["stage"]))
        started_on = errors.parse(row, "started_on", parse_date)
        related = {column: errors.names(row, column, indexes[column]) for column in RELATED}
        if "partners" in row and not related["partners"] and not errors:
            errors.add("partners", _("A cooperation needs at least one partner."))
        key = (row["title"].strip().lower(), lead.pk)
        errors.repeated(seen, cooperation.pk if cooperation else key, "title")
        matches = [cooperation] if named_by_id else existing.get(key, [])
        if len(matches) > 1:
            errors.add("title", _("The lead department has several cooperations with this title."))
        version = errors.version(row, matches[0] if matches else None, named_by_id)
        if errors:
            continue
        cooperation = matches[0] if matches else Cooperation(title=row["title"], lead_department=lead)
        for column in ("kind", "stage"):  # empty: the default when new, no change when stored
            if not row.get(column):
                row.pop(column, None)
        if not cooperation._state.adding and "stage" not in row:
            stage = cooperation.stage
        values = {"kind": kind, "started_on": started_on, "description": row.get("description", "")}
        if named_by_id:
            values |= {"title": row["title"], "lead_department": lead}
        values, related = in_file_only(cooperation, row, values, related)
        changed = assign(cooperation, values, related)
        if stage != cooperation.stage:
            changed = True
            _check_stage(cooperation, stage, row.get("override_reason", ""), user, errors)
        errors.check_write(cooperation, changed, user, "title")
        if errors:
            continue
        summary = f"{cooperation.title} — {lead.acronym}"
        mover = _stage_mover(stage, row.get("override_reason", ""), user)
        plan.planned.append(
            planned_row(number, changed, cooperation, summary, related, file_version=version, after=mover)
        )
    return plan


def _existing_cooperations(rows: list[dict[str, str]]) -> dict[tuple, list[Cooperation]]:
    """The cooperations the file's titles name, by (lower-case title, lead
    department), with what a comparison and the stage rule read."""
    titles = {row["title"] for _number, row in COLUMNS.read(rows) if row.get("title")}
    # The exact title is matched too, because SQLite lowers only ASCII letters.
    found = _with_what_a_row_compares(
        Cooperation.objects.alias(lower_title=Lower("title")).filter(
            Q(title__in=titles) | Q(lower_title__in={title.lower() for title in titles})
        )
    )
    by_key = {}
    for cooperation in found:
        by_key.setdefault((cooperation.title.strip().lower(), cooperation.lead_department_id), []).append(
            cooperation
        )
    return by_key


def _with_what_a_row_compares(cooperations):
    return cooperations.prefetch_related(
        *RELATED, Prefetch("documents", Document.objects.only("cooperation", "kind"))
    )


def _check_stage(cooperation: Cooperation, stage: str, override_reason: str, user, errors: RowErrors) -> None:
    """The rule of ``move_to_stage``, checked in the preview."""
    held = [document.kind for document in cooperation.documents.all()] if cooperation.pk else []
    missing = missing_for_kinds(held, stage)
    if missing and not (user.is_superuser and override_reason.strip()):
        refusal = stage_refusal(stage=stage, missing=missing, may_override=user.is_superuser)
        errors.add("stage", refusal.message % refusal.params)


def _stage_mover(stage: str, override_reason: str, user):
    def move(cooperation: Cooperation) -> None:
        # Saved at the stage it had (a new one at the first); the move then
        # records who moved it, as the admin does.
        if stage != cooperation.stage:
            move_to_stage(
                cooperation=cooperation,
                stage=stage,
                user=user,
                expected_version=cooperation.version,
                override_reason=override_reason,
            )

    return move
