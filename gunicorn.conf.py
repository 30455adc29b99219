"""gunicorn's settings, read from the folder it starts in: its own lines
(start, stop, a worker's time-out) in the application's log format, and no
access log, whose request line would carry the query string; the
application logs every request itself, without it (coop_lib/logs.py)."""

from bandung_coop.settings import LOG_FORMAT

FORMATTERS = {"json": "coop_lib.logs.JsonFormatter", "text": "coop_lib.logs.TextFormatter"}

logconfig_dict = {
    "formatters": {"application": {"()": FORMATTERS[LOG_FORMAT]}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "application",
            "stream": "ext://sys.stderr",
        },
        "null": {"class": "logging.NullHandler"},
    },
    "root": {"level": "INFO", "handlers": ["console"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False},
        "gunicorn.access": {"handlers": ["null"], "propagate": False},
    },
}
