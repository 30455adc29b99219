"""Lists paginated by cursor: each page ends with the address of the next,
which picks up after the last row shown, however many rows are added or
removed meanwhile, and costs the same at the millionth row as at the first."""

import datetime
from base64 import b64decode, b64encode
from urllib import parse

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import Cursor, CursorPagination, _reverse_ordering
from rest_framework.utils.urls import replace_query_param


class KeysetCursorPagination(CursorPagination):
    """A cursor on two columns, a view's ``cursor_ordering`` (``("-starts_at",
    "-pk")``): a value no column may leave empty, then the key, so that rows
    sharing a start are neither repeated nor skipped. (DRF's own cursor reads
    the first column only and counts an offset past rows that share it.)"""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    invalid_cursor_message = _("This cursor is not valid: follow the next or previous address of a page.")

    def get_ordering(self, request, queryset, view):
        return tuple(view.cursor_ordering)

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = self.get_page_size(request)
        self.base_url = request.build_absolute_uri()
        self.ordering = self.get_ordering(request, queryset, view)
        self.cursor = self.decode_cursor(request)
        reverse = bool(self.cursor and self.cursor.reverse)
        ordering = _reverse_ordering(self.ordering) if reverse else self.ordering
        queryset = queryset.order_by(*ordering)
        try:
            if self.cursor is not None:
                queryset = queryset.filter(self._after(ordering, self.cursor.position))
            rows = list(queryset[: self.page_size + 1])
        except (ValidationError, ValueError, TypeError, OverflowError):
            # A cursor edited by hand: a value its column cannot hold.
            raise NotFound(self.invalid_cursor_message) from None
        more = len(rows) > self.page_size
        self.page = rows[: self.page_size]
        if reverse:
            self.page.reverse()
            self.has_next, self.has_previous = True, more
        else:
            self.has_next, self.has_previous = more, self.cursor is not None
        # No page to the other side of an empty one: its rows are gone.
        if not self.page:
            self.has_next = self.has_previous = False
        return self.page

    @staticmethod
    def _after(ordering: tuple[str, ...], position: tuple[str, str]) -> Q:
        """The rows after ``position`` (value, key) in ``ordering``."""
        (column, key), (value, key_value) = (name.lstrip("-") for name in ordering), position
        operator = "lt" if ordering[0].startswith("-") else "gt"
        key_operator = "lt" if ordering[1].startswith("-") else "gt"
        return Q(**{f"{column}__{operator}": value}) | Q(
            **{column: value, f"{key}__{key_operator}": key_value}
        )

    def _position(self, row) -> tuple[str, str]:
        column, key = (name.lstrip("-") for name in self.ordering)
        value = getattr(row, column)
        if isinstance(value, datetime.datetime):
            value = value.astimezone(datetime.UTC)
        text = value.isoformat() if isinstance(value, datetime.date) else str(value)
        return text, str(getattr(row, key))

    def get_next_link(self):
        if not self.has_next:
            return None
        return self.encode_cursor(Cursor(offset=0, reverse=False, position=self._position(self.page[-1])))

    def get_previous_link(self):
        if not self.has_previous:
            return None
        return self.encode_cursor(Cursor(offset=0, reverse=True, position=self._position(self.page[0])))

    def decode_cursor(self, request):
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return None
        try:
            fields = parse.parse_qs(b64decode(encoded.encode("ascii"), validate=True).decode("utf-8"))
            position = (fields["p"][0], fields["k"][0])
            reverse = fields.get("r", ["0"])[0] == "1"
        except (TypeError, ValueError, KeyError, UnicodeError):
            raise NotFound(self.invalid_cursor_message) from None
        return Cursor(offset=0, reverse=reverse, position=position)

    def encode_cursor(self, cursor):
        value, key = cursor.position
        fields = {"p": value, "k": key, **({"r": "1"} if cursor.reverse else {})}
        encoded = b64encode(parse.urlencode(fields).encode("utf-8")).decode("ascii")
        return replace_query_param(self.base_url, self.cursor_query_param, encoded)
