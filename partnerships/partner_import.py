"""Import of partners from a spreadsheet: the columns of the partner export,
headers in Indonesian or English. A row with the export's id updates that
partner, its name included. A row without one is recognised by the name or
one of the alternative names, ignoring case, so importing the same file
twice changes nothing the second time; a partner recognised so keeps its
name: the register's spelling is the one the rest of the site shows.

Partners are reference data the cooperation division keeps: the import page
needs the permission to add partners, and changing one the permission to
change them, as in the admin.
"""

import re

from django.utils.translation import gettext as _
from django_countries import countries

from coop_lib.csv_import import (
    Columns,
    ImportPlan,
    assign,
    choice_value,
    in_file_only,
    not_a_choice,
    planned_row,
    records_by_id,
)
from partnerships.csv_columns import partners_by_name
from partnerships.models import Partner, PartnerKind, split_aliases

COLUMNS = Columns(Partner, ["id", "version", "name", "kind", "country", "region", "aliases", "website"])
REQUIRED = ("name", "kind", "country")
# The export joins alternative names with "; "; a cell typed by hand may
# hold one per line, as the admin's field does.
ALIAS_SEPARATOR = re.compile(r"[;\n]")


def plan_partners(rows: list[dict[str, str]], user) -> ImportPlan:
    plan = ImportPlan()
    index = partners_by_name()
    by_id = records_by_id(Partner.objects.all(), COLUMNS, rows)
    seen = {}
    for number, row, errors in COLUMNS.complete_rows(rows, plan, REQUIRED):
        named_by_id, partner = errors.record(row, by_id)
        kind = choice_value(PartnerKind, row["kind"])
        if kind is None:
            errors.add("kind", not_a_choice(PartnerKind, row["kind"]))
        country = country_code(row["country"])
        if not country:
            errors.add("country", _("Unknown: %(names)s.") % {"names": row["country"]})
        aliases = [alias.strip() for alias in ALIAS_SEPARATOR.split(row.get("aliases", "")) if alias.strip()]
        if not named_by_id:
            partner = index.find(row["name"])
        errors.repeated(seen, partner.pk if partner else row["name"].lower(), "name")
        version = errors.version(row, partner, named_by_id)
        if partner is None:
            # A later row naming one of this new partner's alternative names
            # means the same partner.
            for alias in aliases:
                seen.setdefault(alias.lower(), number)
        if errors:
            continue
        partner = partner or Partner(name=row["name"])
        values = {
            "kind": kind,
            "country": country,
            "region": row.get("region", ""),
            # The stored text is kept when it lists the same names.
            "aliases": partner.aliases if split_aliases(partner.aliases) == aliases else "\n".join(aliases),
            "website": row.get("website", ""),
        }
        if named_by_id:
            # Named by its id, the partner takes the file's name: a renaming.
            values["name"] = row["name"]
        (values,) = in_file_only(partner, row, values)
        changed = assign(partner, values)
        errors.check_write(partner, changed, user, "name")
        if errors:
            continue
        summary = partner.name if partner.name == row["name"] else f"{partner.name} (“{row['name']}”)"
        plan.planned.append(planned_row(number, changed, partner, summary, file_version=version))
    return plan


def country_code(text: str) -> str:
    """The country's ISO code from its code or its name in English or Indonesian."""
    return (
        countries.alpha2(text.strip())
        or countries.by_name(text.strip())
        or countries.by_name(text.strip(), language="id")
    )
