"""The filters of the browsing lists, rendered with crispy forms.

Filters call the models' QuerySet methods (``Document.objects.active()``,
``FollowUp.objects.overdue()``, ...) and ``figures.counts`` (the meetings
involving a partner or a country) that the dashboard counts with, so a
figure and the list it links to agree.
"""

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from coop_lib.validators import validate_year
from figures import counts
from meetings.activity import dormant_cooperations
from meetings.models import (
    FollowUp,
    FollowUpStatus,
    Meeting,
    MeetingKind,
    Visit,
    VisitDirection,
    city_midnight,
)
from partnerships.models import EXPIRY_WARNING_DAYS, Cooperation, Department, Document, Partner, Sector, Stage


class GetFormHelper(FormHelper):
    """A GET form, so the filter stays in the address and a link can be shared."""

    form_method = "get"
    form_class = "row row-cols-lg-auto g-2 align-items-end filter-form"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_input(Submit("", _("Filter"), css_class="btn-primary"))


class ListFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Text"), method="filter_text")

    @property
    def form(self):
        form = super().form
        form.helper = GetFormHelper()
        return form


def partner_countries() -> list[tuple[str, str]]:
    """Only the countries the register's partners are in, in the user's language."""
    return Partner.objects.countries()


def _date(label):
    return forms.DateInput(attrs={"type": "date", "aria-label": label})


class YearFilter(django_filters.NumberFilter):
    """A whole year the register's dates can hold; a wrong one is a form
    error on the list, which then shows its other filters' rows."""

    field_class = forms.IntegerField

    def __init__(self, *, field_name: str):
        super().__init__(field_name=field_name, lookup_expr="year", label=_("Year"))

    def get_max_validator(self):
        # In place of django-filter's 1e50, which would add its own message.
        return validate_year


class MeetingFilter(ListFilter):
    # Days in the city's time zone, read as a range of the start so that the
    # index on it serves.
    date_from = django_filters.DateFilter(label=_("From"), widget=_date(_("From")), method="filter_from")
    date_until = django_filters.DateFilter(label=_("Until"), widget=_date(_("Until")), method="filter_until")
    year = YearFilter(field_name="starts_at")
    partner = django_filters.ModelChoiceFilter(
        queryset=Partner.objects.all(), label=_("Partner"), method="filter_partner"
    )
    country = django_filters.ChoiceFilter(
        choices=partner_countries, label=_("Country"), method="filter_country"
    )
    sector = django_filters.ModelChoiceFilter(
        queryset=Sector.objects.all(), label=_("Sector"), method="filter_sector"
    )
    opd = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), field_name="owner_department", label=_("Department")
    )
    kind = django_filters.ChoiceFilter(choices=MeetingKind.choices, label=_("Kind"))

    class Meta:
        model = Meeting
        fields = []

    def filter_text(self, queryset, name, value):
        return queryset.matching_text(value)

    def filter_from(self, queryset, name, value):
        return queryset.filter(starts_at__gte=city_midnight(value))

    def filter_until(self, queryset, name, value):
        return queryset.filter(starts_at__lt=city_midnight(value, days_later=1))

    def filter_partner(self, queryset, name, value: Partner):
        return counts.meetings_involving(queryset, value)

    def filter_country(self, queryset, name, value: str):
        return counts.meetings_involving_country(queryset, value)

    def filter_sector(self, queryset, name, value: Sector):
        return queryset.in_sector(value)


class VisitFilter(ListFilter):
    date_from = django_filters.DateFilter(
        field_name="starts_on", lookup_expr="gte", label=_("From"), widget=_date(_("From"))
    )
    date_until = django_filters.DateFilter(
        field_name="starts_on", lookup_expr="lte", label=_("Until"), widget=_date(_("Until"))
    )
    year = YearFilter(field_name="starts_on")
    partner = django_filters.ModelChoiceFilter(queryset=Partner.objects.all(), label=_("Partner"))
    country = django_filters.ChoiceFilter(
        choices=partner_countries, field_name="partner__country", label=_("Country")
    )
    opd = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), field_name="host_department", label=_("Department")
    )
    direction = django_filters.ChoiceFilter(choices=VisitDirection.choices, label=_("Direction"))

    class Meta:
        model = Visit
        fields = []

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(purpose__icontains=value) | Q(places__icontains=value))


AGREEMENT_CHOICES = [
    ("active", _("With an agreement in force")),
    (
        "expiring",
        format_lazy(_("With an agreement expiring within {days} days"), days=EXPIRY_WARNING_DAYS),
    ),
    ("expired", _("With an expired agreement")),
    ("dormant", _("Dormant")),
]


class CooperationFilter(ListFilter):
    partner = django_filters.ModelChoiceFilter(
        queryset=Partner.objects.all(), field_name="partners", label=_("Partner")
    )
    country = django_filters.ChoiceFilter(
        choices=partner_countries, label=_("Country"), method="filter_country"
    )
    sector = django_filters.ModelChoiceFilter(
        queryset=Sector.objects.all(), field_name="sectors", label=_("Sector")
    )
    opd = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), field_name="lead_department", label=_("Department")
    )
    stage = django_filters.ChoiceFilter(choices=Stage.choices, label=_("Stage"))
    agreement = django_filters.ChoiceFilter(
        choices=AGREEMENT_CHOICES, label=_("Agreement"), method="filter_agreement"
    )

    class Meta:
        model = Cooperation
        fields = []

    def filter_queryset(self, queryset):
        # Many-to-many filters would repeat a cooperation once per match.
        return super().filter_queryset(queryset).distinct()

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))

    def filter_country(self, queryset, name, value: str):
        return queryset.filter(partners__country=value)

    def filter_agreement(self, queryset, name, value):
        return queryset.filter(pk__in=cooperations_by_agreement(value).values("pk"))


def cooperations_by_agreement(state: str):
    """Cooperations per state of their agreements, as the dashboard counts them."""
    if state == "dormant":
        return dormant_cooperations()
    documents = {
        "active": Document.objects.active(),
        "expiring": Document.objects.expiring_within(days=EXPIRY_WARNING_DAYS),
        "expired": Document.objects.expired(),
    }[state]
    return Cooperation.objects.filter(pk__in=documents.values("cooperation"))


class FollowUpFilter(ListFilter):
    opd = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), field_name="owner_department", label=_("Department")
    )
    status = django_filters.ChoiceFilter(choices=FollowUpStatus.choices, label=_("Status"))
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"), method="filter_overdue", widget=forms.CheckboxInput
    )
    partner = django_filters.ModelChoiceFilter(
        queryset=Partner.objects.all(), label=_("Partner"), method="filter_partner"
    )
    due_from = django_filters.DateFilter(
        field_name="due_on", lookup_expr="gte", label=_("Due from"), widget=_date(_("Due from"))
    )
    due_until = django_filters.DateFilter(
        field_name="due_on", lookup_expr="lte", label=_("Due until"), widget=_date(_("Due until"))
    )

    class Meta:
        model = FollowUp
        fields = []

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(description__icontains=value) | Q(note__icontains=value))

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset

    def filter_partner(self, queryset, name, value: Partner):
        return queryset.filter(meeting__in=counts.meeting_keys_involving(value))
