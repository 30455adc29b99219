"""The WSGI entry point for gunicorn."""

import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bandung_coop.settings")

application = get_wsgi_application()

# gunicorn does not run system checks: refuse to serve with unsafe settings.
from bandung_coop.checks import production_settings_errors  # noqa: E402

if errors := production_settings_errors():
    raise ImproperlyConfigured("; ".join(error.msg for error in errors))
