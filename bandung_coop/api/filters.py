"""Filters of the two registers that have no browsing list to share them
with; every other endpoint filters with its list's FilterSet
(``bandung_coop.pages.filters``)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bandung_coop.pages.filters import partner_countries
from partnerships.models import Department, DepartmentKind, Partner, PartnerKind


class DepartmentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Text"), method="filter_text")
    kind = django_filters.ChoiceFilter(choices=DepartmentKind.choices, label=_("Kind"))
    active = django_filters.BooleanFilter(field_name="is_active", label=_("Active"))

    class Meta:
        model = Department
        fields = []

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(acronym__icontains=value))


class PartnerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Text"), method="filter_text")
    country = django_filters.ChoiceFilter(choices=partner_countries, label=_("Country"))
    kind = django_filters.ChoiceFilter(choices=PartnerKind.choices, label=_("Kind"))

    class Meta:
        model = Partner
        fields = []

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(aliases__icontains=value))
