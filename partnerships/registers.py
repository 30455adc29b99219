"""The register's names for the shared name matcher (``coop_lib.matching``):
departments by name, acronym and other names; partners by name and other
names; cooperations by title; sectors by name. Loaded once per import."""

from coop_lib.matching import NameMatcher
from partnerships.models import Cooperation, Department, Partner, Sector


def department_names() -> NameMatcher[Department]:
    matcher: NameMatcher[Department] = NameMatcher()
    for department in Department.objects.all():
        for name in (department.acronym, department.name, *department.alias_list()):
            matcher.add(name, department)
    return matcher


def partner_names() -> NameMatcher[Partner]:
    matcher: NameMatcher[Partner] = NameMatcher()
    for partner in Partner.objects.all():
        for name in (partner.name, *partner.alias_list()):
            matcher.add(name, partner)
    return matcher


def cooperation_titles() -> NameMatcher[Cooperation]:
    return NameMatcher((cooperation.title, cooperation) for cooperation in Cooperation.objects.all())


def sector_names() -> NameMatcher[Sector]:
    return NameMatcher((sector.name, sector) for sector in Sector.objects.all())
