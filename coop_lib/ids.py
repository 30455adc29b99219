"""Numbers from addresses and files that name records: what the databases can hold."""

from django.http import Http404

# What an integer column holds: PostgreSQL's bigint, SQLite's INTEGER. A
# larger number never names a row, and SQLite's driver cannot even bind it.
SMALLEST_INTEGER, LARGEST_INTEGER = -(2**63), 2**63 - 1
LARGEST_ID = LARGEST_INTEGER


def fits_integer_column(number: int) -> bool:
    return SMALLEST_INTEGER <= number <= LARGEST_INTEGER


def parse_id(value) -> int:
    """An id from a URL or a form; anything else is a page that does not exist."""
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < number <= LARGEST_ID:
        raise Http404
    return number
