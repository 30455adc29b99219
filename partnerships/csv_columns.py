"""The columns of the cooperation and partner exports."""

from django.db.models import F, TextField, Value
from django.db.models.functions import Replace
from django.utils.translation import gettext_lazy as _

from coop_lib.csv_spec import Column, CsvSpec, ManyColumn, choice_labels
from partnerships.models import (
    Cooperation,
    CooperationKind,
    PartnerKind,
    Stage,
)


def cooperation_spec() -> CsvSpec:
    return CsvSpec(
        stem="kerja-sama",
        columns=[
            Column(_("ID"), "id"),
            Column(_("title"), "title"),
            Column(_("kind"), "kind", choice_labels(CooperationKind)),
            ManyColumn(_("partners"), Cooperation.partners.through, "cooperation_id", "partner__name"),
            Column(_("lead department"), "lead_department__acronym"),
            ManyColumn(
                _("supporting departments"),
                Cooperation.supporting_departments.through,
                "cooperation_id",
                "department__acronym",
            ),
            ManyColumn(_("sectors"), Cooperation.sectors.through, "cooperation_id", "sector__name"),
            Column(_("stage"), "stage", choice_labels(Stage)),
            Column(_("started on"), "started_on"),
            Column(_("description"), "description"),
            Column(_("version"), "version"),
        ],
    )


def partner_spec() -> CsvSpec:
    return CsvSpec(
        stem="mitra",
        columns=[
            Column(_("ID"), "id"),
            Column(_("name"), "name"),
            Column(_("kind"), "kind", choice_labels(PartnerKind)),
            Column(_("country"), "country"),
            Column(_("region"), "region"),
            Column(
                _("alternative names"),
                expression=Replace(F("aliases"), Value("\n"), Value("; "), output_field=TextField()),
            ),
            Column(_("website"), "website"),
            Column(_("version"), "version"),
        ],
    )
