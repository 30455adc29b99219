"""Validators shared by both apps: upload size, year range."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def validate_upload_size(file) -> None:
    if getattr(file, "_committed", False):
        # Stored already, and measured when it was uploaded.
        return
    limit = settings.MAX_UPLOAD_MEGABYTES
    if file.size > limit * 1024 * 1024:
        raise ValidationError(
            _("The file is %(size).1f MB; files up to %(limit)d MB are accepted."),
            code="file_too_large",
            params={"size": file.size / 1024 / 1024, "limit": limit},
        )


# The years a filter, report or date drill-down accepts: wider than any
# record of the city's cooperation, and narrow enough that date arithmetic
# (a year on, a month on, a time zone away) stays within the dates Python and
# the databases hold. Year 0 or 10**20 would fail there, as a server error.
FIRST_YEAR, LAST_YEAR = 1900, 2100
YEAR_OUT_OF_RANGE = _("The year must be between %(first)d and %(last)d.")


def validate_year(value: int) -> None:
    if not FIRST_YEAR <= value <= LAST_YEAR:
        raise ValidationError(
            YEAR_OUT_OF_RANGE, code="year_out_of_range", params={"first": FIRST_YEAR, "last": LAST_YEAR}
        )
