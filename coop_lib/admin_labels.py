"""Accessible names for the admin's inputs that Django leaves unnamed.

A date-and-time field is two inputs under one ``<label>``, which names the
first only: each half is named here ("Mulai, tanggal", "Mulai, waktu").
The autocomplete widgets' own elements (select2's combobox and search box)
are named in the browser, from their field's label, by
``static/js/autocomplete-names.js``, which also lets them be opened and
searched from the keyboard.
"""

from typing import TYPE_CHECKING

from django import forms
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:  # the admin classes this mixin goes with
    from django.contrib.admin.options import BaseModelAdmin as AdminBase
else:
    AdminBase = object


def name_inputs(field: forms.Field) -> None:
    """Give each input of a field of several inputs its own name."""
    widget = field.widget
    if isinstance(widget, forms.SplitDateTimeWidget):
        label = capfirst(field.label)
        date, time = widget.widgets
        date.attrs["aria-label"] = format_lazy(_("{field}, date"), field=label)
        time.attrs["aria-label"] = format_lazy(_("{field}, time"), field=label)


class NamedInputsMixin(AdminBase):
    """For model admins and inlines: every input and autocomplete named."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None:
            name_inputs(field)
        return field

    @property
    def media(self):
        return super().media + forms.Media(js=["admin/js/jquery.init.js", "js/autocomplete-names.js"])
