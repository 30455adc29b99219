"""Which partnerships are alive: meetings, visits and plan-of-action
progress in a period, and the agreements in force with none for 12 months
(dormancy). It reads both apps, so it lives here, where both are visible."""

import datetime

from django.db import models
from django.utils import timezone

from meetings.models import Meeting, Visit
from partnerships.models import (
    ActionPlanTarget,
    Cooperation,
    CooperationQuerySet,
    Partner,
    twelve_months_before,
)


def active_cooperations(cooperations: models.QuerySet, since: datetime.date, until: datetime.date):
    """The ``cooperations`` with a meeting (about them or with one of their
    partners), a visit of a partner or plan-of-action progress between the
    two dates."""
    outer = models.OuterRef("pk")
    window = (since, until)
    about = Meeting.cooperations.through.objects.filter(
        cooperation=outer, meeting__starts_at__date__range=window
    )
    with_partner = Meeting.partners.through.objects.filter(
        partner__cooperations=outer, meeting__starts_at__date__range=window
    )
    visited = Visit.objects.filter(partner__cooperations=outer, starts_on__lte=until, ends_on__gte=since)
    progress = ActionPlanTarget.objects.filter(item__cooperation=outer, reported_on__range=window)
    return cooperations.filter(
        models.Exists(about) | models.Exists(with_partner) | models.Exists(visited) | models.Exists(progress)
    )


def dormant_cooperations(cooperations: CooperationQuerySet | None = None, on: datetime.date | None = None):
    """Ongoing, with an agreement in force, and nothing happened for 12
    months: no meeting, no visit, no plan-of-action progress."""
    on = on or timezone.localdate()
    if cooperations is None:
        cooperations = Cooperation.objects.all()
    lively = active_cooperations(
        Cooperation.objects.filter(pk=models.OuterRef("pk")), twelve_months_before(on), on
    )
    return cooperations.ongoing().with_active_agreement(on).exclude(models.Exists(lively))


def dormant_partners(partners: models.QuerySet | None = None, on: datetime.date | None = None):
    """Partners with an agreement in force and no meeting, visit or
    plan-of-action progress with them for 12 months."""
    on = on or timezone.localdate()
    since = twelve_months_before(on)
    partners = Partner.objects.all() if partners is None else partners
    outer = models.OuterRef("pk")
    in_force = Cooperation.objects.ongoing().with_active_agreement(on).filter(partners=outer)
    lively_cooperation = active_cooperations(Cooperation.objects.filter(partners=outer), since, on)
    met = Meeting.partners.through.objects.filter(partner=outer, meeting__starts_at__date__range=(since, on))
    visited = Visit.objects.filter(partner=outer, starts_on__lte=on, ends_on__gte=since)
    # Correlated EXISTS, checked only for partners with an agreement in
    # force: an OR across joins would scan every meeting of the register.
    return partners.filter(models.Exists(in_force)).exclude(
        models.Exists(lively_cooperation) | models.Exists(met) | models.Exists(visited)
    )
