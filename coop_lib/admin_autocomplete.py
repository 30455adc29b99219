"""The admin's autocomplete answers, with what a model admin adds to each
result (``autocomplete_result(obj)``: a fuller text, data for the page's
scripts)."""

from django.contrib.admin.views.autocomplete import AutocompleteJsonView


class DescribedAutocompleteJsonView(AutocompleteJsonView):
    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        describe = getattr(self.model_admin, "autocomplete_result", None)
        return result | describe(obj) if describe is not None else result
