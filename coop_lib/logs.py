"""Logs as one JSON object a line, each carrying the request it belongs to.

``RequestLogMiddleware`` gives every request an id (a proxy's sane
``X-Request-ID``, else a new one, sent back in the response), keeps it with
the method, the path and the user's id in a context variable while the
request runs, and ends with one line saying how it went. The formatters
read that context, so any line logged during the request carries it.

What never reaches a line: the query string, form data, user names and
e-mail addresses. The path is kept, but a path argument that is a secret
(a calendar feed's token) or may name a person (an uploaded file's name)
is masked.
"""

import contextvars
import datetime
import json
import logging
import logging.config
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse

REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy's request id may look like (nginx's $request_id, a UUID, ...);
# anything else is replaced, so a client cannot write into the logs.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")
# Path arguments logged as MASK: a calendar feed's secret token, an
# uploaded file's name (which may be a person's).
MASKED_ARGUMENTS = frozenset({"token", "path"})
MASK = "…"

request_logger = logging.getLogger("coop_lib.request")


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    method: str
    path: str
    user_id: int | str | None = None


current_request: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "current_request", default=None
)


def request_id_for(request: HttpRequest) -> str:
    """The proxy's id for this request if it is a sane one, else a new one."""
    given = request.headers.get(REQUEST_ID_HEADER, "")
    return given if SANE_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex


def masked_path(path: str, arguments: dict[str, Any]) -> str:
    for name in MASKED_ARGUMENTS & arguments.keys():
        value = str(arguments[name])
        if value:
            path = path.replace(value, MASK)
    return path


def user_id_of(request: HttpRequest) -> int | str | None:
    """The logged-in user's id; None for a visitor, or when it cannot be read
    (the database being down must not turn a page's answer into an error)."""
    user = getattr(request, "user", None)
    try:
        return user.pk if user is not None and user.is_authenticated else None
    except DatabaseError:
        return None


class RequestLogMiddleware:
    """First in MIDDLEWARE, so it times and ids every answer, redirects included."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.monotonic()
        context = RequestContext(request_id_for(request), method=request.method or "", path=request.path)
        token = current_request.set(context)
        try:
            response = self.get_response(request)
            # Read again: the request may have logged someone in or out.
            context = replace(current_request.get() or context, user_id=user_id_of(request))
            current_request.set(context)
            response[REQUEST_ID_HEADER] = context.request_id
            duration_ms = round((time.monotonic() - started) * 1000, 1)
            request_logger.info(
                "%s %s %s",
                context.method,
                context.path,
                response.status_code,
                extra={"status": response.status_code, "duration_ms": duration_ms},
            )
            return response
        finally:
            current_request.reset(token)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        # The authentication middleware has run by now; reading the user here
        # costs nothing on the pages that need a login, which read it anyway.
        context = current_request.get()
        if context is not None:
            path = masked_path(context.path, view_kwargs)
            current_request.set(replace(context, path=path, user_id=user_id_of(request)))


def note_user(user_id: int | str | None) -> None:
    """Lines logged from now on in this request carry ``user_id``: for a user
    known only after the view has read a credential (an API token)."""
    context = current_request.get()
    if context is not None:
        current_request.set(replace(context, user_id=user_id))


def configure(config: dict[str, Any]) -> None:
    """Django's LOGGING_CONFIG: the LOGGING setting, and Python's warnings as
    log lines too (logger ``py.warnings``), so nothing else reaches standard error."""
    logging.config.dictConfig(config)
    logging.captureWarnings(True)


def _context_fields() -> dict[str, Any]:
    context = current_request.get()
    if context is None:
        return {"request_id": None, "user_id": None, "method": None, "path": None}
    return {
        "request_id": context.request_id,
        "user_id": context.user_id,
        "method": context.method,
        "path": context.path,
    }


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (ISO 8601, UTC), level, logger, message,
    the request's id, user id, method and path, the request line's status
    and duration, and the API token a request used (id and prefix)."""

    EXTRA_FIELDS = ("status", "duration_ms", "token_id", "token_prefix")

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **_context_fields(),
        }
        for name in self.EXTRA_FIELDS:
            if hasattr(record, name):
                line[name] = getattr(record, name)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """The same facts as a plain line, for reading in a terminal while developing."""

    def format(self, record: logging.LogRecord) -> str:
        fields = _context_fields()
        when = datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(timespec="seconds")
        line = f"{when} {record.levelname} {record.name}: {record.getMessage()}"
        if fields["request_id"]:
            line += f" [request {fields['request_id']}, user {fields['user_id'] or '-'}]"
        if hasattr(record, "duration_ms"):
            line += f" {record.duration_ms} ms"
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line
