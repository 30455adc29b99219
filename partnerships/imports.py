"""Importing partners and cooperations from a sheet (``coop_lib.importing``):
the columns of their exports, or the headings people give them.

A row with the export's ID (and version) updates that record, its name or
title included. A partner without one is recognised by its name or one of
its other names, ignoring case, and keeps its registered name; a
cooperation by its title (ignoring case) and lead department. Importing the
same sheet twice changes nothing the second time.

Partners and cooperations are kept by the cooperation division: the import
needs the permission to add them, and changing one the permission to change
them, as in the admin. A cooperation's stage moves as on its page, through
``move_to_stage``: only with the documents the stage needs, which a sheet
cannot carry; a superuser may move it anyway by giving the reason in a
column of its own.
"""

import re
from collections.abc import Iterator

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from accounts.roles import department_id_of, is_cooperation_admin
from coop_lib.import_fields import (
    RegisterField,
    RegisterListField,
    SheetChoiceField,
    SheetDateField,
    SheetField,
    SheetNumberField,
    SheetTextField,
    cell_text,
)
from coop_lib.importing import UNCHANGED, UPDATE, ImportKind, Planned, RowForm
from partnerships.lifecycle import missing_for_kinds
from partnerships.models import Cooperation, CooperationKind, Document, Partner, PartnerKind, Stage
from partnerships.registers import department_names, partner_names, sector_names
from partnerships.services import move_to_stages, stage_refusal

LARGEST_VERSION = 2_000_000_000
# The export joins other names with "; "; a cell typed by hand may hold one per line.
ALIAS_SEPARATOR = re.compile(r"[;\n]")


class CountryField(SheetField):
    """A country by its code or its name in English or Indonesian."""

    def read(self, value):
        text = cell_text(value)
        code = countries.alpha2(text) or countries.by_name(text) or countries.by_name(text, language="id")
        if not code:
            raise ValidationError(_("Unknown: “%(written)s”.") % {"written": text}, code="unknown")
        return code


class PartnerRow(RowForm):
    id = SheetNumberField(label=gettext_lazy("ID"), required=False)
    version = SheetNumberField(label=gettext_lazy("version"), required=False, largest=LARGEST_VERSION)
    name = SheetTextField(label=gettext_lazy("name"), max_length=200)
    kind = SheetChoiceField(label=gettext_lazy("kind"), choices=PartnerKind)
    country = CountryField(label=gettext_lazy("country"))
    region = SheetTextField(label=gettext_lazy("region"), required=False, max_length=100)
    aliases = SheetTextField(label=gettext_lazy("alternative names"), required=False)
    website = SheetTextField(label=gettext_lazy("website"), required=False, max_length=200)


class PartnerImport(ImportKind):
    model = Partner
    key = "name"
    form_class = PartnerRow
    required = ("name", "kind", "country")
    synonyms = {
        "name": ("nama mitra", "instansi mitra", "mitra", "nama instansi", "partner"),
        "kind": ("jenis mitra", "jenis instansi", "type"),
        "country": ("negara", "negara mitra", "nation"),
        "region": ("provinsi", "prefektur", "wilayah", "state", "province"),
        "aliases": ("nama lain", "ejaan lain", "other names", "aliases"),
        "website": ("situs", "situs web", "laman", "url"),
    }

    def matchers(self):
        return {"name": partner_names()}

    def plan(self, forms_: list[RowForm]) -> Iterator[Planned]:
        names = self.matcher("name")
        by_id = Partner.objects.in_bulk(
            [form.cleaned_data["id"] for form in forms_ if form.cleaned_data["id"]]
        )
        for form in forms_:
            data = form.cleaned_data
            named_by_id = data["id"] is not None
            aliases = [alias.strip() for alias in ALIAS_SEPARATOR.split(data["aliases"]) if alias.strip()]
            if named_by_id:
                partner = by_id.get(data["id"])
                if partner is None:
                    form.add_error("id", _("No record has the id %(id)s.") % {"id": data["id"]})
                    continue
            else:
                match = names.match(data["name"])
                partner = match.value if match.kind in ("exact", "shorter_form") else None
            if self.repeated(form, partner.pk if partner else data["name"].lower(), "name"):
                continue
            if partner is None:
                # A later row naming one of this new partner's other names means the same partner.
                for alias in aliases:
                    self.seen.setdefault(alias.lower(), form.row)
            version = self.expected_version(form, partner, named_by_id)
            if form.errors:
                continue
            partner = partner or Partner(name=data["name"])
            values = {
                "kind": data["kind"],
                "country": data["country"],
                "region": data["region"],
                # The stored text is kept when it lists the same names.
                "aliases": partner.aliases if partner.alias_list() == aliases else "\n".join(aliases),
                "website": data["website"],
            }
            if named_by_id:
                # Named by its id, the partner takes the sheet's name: a renaming.
                values["name"] = data["name"]
            values = self.given(partner, values)
            summary = partner.name if partner.name == data["name"] else f"{partner.name} (“{data['name']}”)"
            plan = self.plan_row(form, partner, values, summary=summary, expected_version=version)
            if plan is not None:
                yield plan


RELATED = ("partners", "supporting_departments", "sectors")


class CooperationRow(RowForm):
    id = SheetNumberField(label=gettext_lazy("ID"), required=False)
    version = SheetNumberField(label=gettext_lazy("version"), required=False, largest=LARGEST_VERSION)
    title = SheetTextField(label=gettext_lazy("title"), max_length=250)
    kind = SheetChoiceField(label=gettext_lazy("kind"), choices=CooperationKind, required=False)
    partners = RegisterListField(label=gettext_lazy("partners"), required=False)
    lead_department = RegisterField(label=gettext_lazy("lead department"))
    supporting_departments = RegisterListField(label=gettext_lazy("supporting departments"), required=False)
    sectors = RegisterListField(label=gettext_lazy("sectors"), required=False)
    stage = SheetChoiceField(label=gettext_lazy("stage"), choices=Stage, required=False)
    started_on = SheetDateField(label=gettext_lazy("started on"), required=False)
    description = SheetTextField(label=gettext_lazy("description"), required=False)
    override_reason = SheetTextField(label=gettext_lazy("reason for moving without evidence"), required=False)

    def clean_partners(self):
        partners = self.cleaned_data["partners"]
        if not partners:
            raise forms.ValidationError(_("A cooperation needs at least one partner."))
        return partners


class CooperationImport(ImportKind):
    model = Cooperation
    key = "title"
    form_class = CooperationRow
    required = ("title", "partners", "lead_department")
    synonyms = {
        "title": ("judul kerja sama", "nama kerja sama", "kerja sama", "perihal", "subject"),
        "partners": ("mitra", "instansi mitra", "mitra kerja sama", "partner"),
        "lead_department": ("perangkat daerah", "opd", "opd pengampu", "pengampu", "leading department"),
        "supporting_departments": ("opd pendukung", "perangkat daerah pendukung"),
        "sectors": ("bidang", "sektor", "bidang kerja sama", "sector"),
        "stage": ("tahap", "tahapan", "status kerja sama"),
        "started_on": ("tanggal mulai", "mulai", "sejak", "start date"),
        "description": ("keterangan", "uraian", "ruang lingkup", "scope"),
    }

    def matchers(self):
        departments = department_names()
        return {
            "partners": partner_names(),
            "lead_department": departments,
            "supporting_departments": departments,
            "sectors": sector_names(),
        }

    def plan(self, forms_: list[RowForm]) -> Iterator[Planned]:
        compared = Cooperation.objects.prefetch_related(
            *RELATED, Prefetch("documents", Document.objects.only("cooperation", "kind"))
        )
        by_id = compared.in_bulk(self.ids(forms_))
        titles = {form.cleaned_data["title"] for form in forms_}
        # The exact title is matched too, because SQLite lowers only ASCII letters.
        by_key: dict[tuple, list[Cooperation]] = {}
        for cooperation in compared.alias(lower_title=Lower("title")).filter(
            Q(title__in=titles) | Q(lower_title__in={title.lower() for title in titles})
        ):
            key = (cooperation.title.strip().lower(), cooperation.lead_department_id)
            by_key.setdefault(key, []).append(cooperation)
        own = department_id_of(self.user)
        for form in forms_:
            data = form.cleaned_data
            lead = data["lead_department"]
            if not is_cooperation_admin(self.user) and lead.pk != own:
                form.add_error(
                    "lead_department", _("You may only import cooperations led by your own department.")
                )
                continue
            named_by_id = data["id"] is not None
            key = (data["title"].strip().lower(), lead.pk)
            if named_by_id:
                matches = [by_id[data["id"]]] if data["id"] in by_id else []
                if not matches:
                    form.add_error("id", _("No record has the id %(id)s.") % {"id": data["id"]})
                    continue
            else:
                matches = by_key.get(key, [])
            if len(matches) > 1:
                form.add_error("title", _("The lead department has several cooperations with this title."))
                continue
            if self.repeated(form, matches[0].pk if matches else key, "title"):
                continue
            version = self.expected_version(form, matches[0] if matches else None, named_by_id)
            if form.errors:
                continue
            cooperation = matches[0] if matches else Cooperation(title=data["title"], lead_department=lead)
            adding = cooperation._state.adding
            stage = data["stage"] or (Stage.INITIATIVE if adding else cooperation.stage)
            values = {
                "kind": data["kind"] or (CooperationKind.SISTER_CITY if adding else None),
                "started_on": data["started_on"],
                "description": data["description"],
            }
            if named_by_id:
                values |= {"title": data["title"], "lead_department": lead}
            values = self.given(cooperation, values)
            related = {name: data[name] for name in RELATED if adding or name in self.mapped}
            plan = self.plan_row(
                form,
                cooperation,
                values,
                related,
                summary=f"{data['title']} — {lead.acronym}",
                expected_version=version,
            )
            if plan is None:
                continue
            if stage != cooperation.stage:
                held = [document.kind for document in cooperation.documents.all()] if not adding else []
                missing = missing_for_kinds(held, stage)
                reason = data["override_reason"].strip()
                if missing and not (self.user.is_superuser and reason):
                    refusal = stage_refusal(stage=stage, missing=missing, may_override=self.user.is_superuser)
                    form.add_error("stage", refusal.message % refusal.params)
                    continue
                if plan.action == UNCHANGED:
                    plan.action = UPDATE
                plan.extra = {"stage": stage, "override_reason": reason}
            yield plan

    def write(self, planned: list[Planned]) -> None:
        super().write(planned)
        # Saved at the stage it had (a new one at the first); the move then
        # records who moved it and why, as on the cooperation's page.
        moves = [
            (plan.instance, plan.extra["stage"], plan.extra["override_reason"])
            for plan in planned
            if "stage" in plan.extra and plan.instance is not None
        ]
        if moves:
            move_to_stages(moves=moves, user=self.user)
