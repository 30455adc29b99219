"""Refuse to run production with development settings."""

from django.conf import settings
from django.core.checks import Error, register


def production_settings_errors() -> list[Error]:
    if settings.DEBUG:
        return []
    errors = []
    if settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        errors.append(
            Error(
                "SECRET_KEY is the development key while DEBUG is off.",
                hint="Set the SECRET_KEY environment variable to a long random value.",
                id="bandung_coop.E001",
            )
        )
    if not settings.ALLOWED_HOSTS:
        errors.append(
            Error(
                "ALLOWED_HOSTS is empty while DEBUG is off.",
                hint="Set ALLOWED_HOSTS to the intranet's host name(s), comma-separated.",
                id="bandung_coop.E002",
            )
        )
    return errors


@register()
def check_production_settings(app_configs, **kwargs) -> list[Error]:
    return production_settings_errors()
