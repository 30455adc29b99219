"""A user's own choices, applied to every request: the interface language
(Indonesian unless they chose English) and the CSV separator.

Django's LocaleMiddleware would follow the browser's Accept-Language, so an
official with an English browser would get an English intranet. Here the
language is the user's own choice, kept in their staff profile (and, before
login, in the language cookie), and Indonesian otherwise.
"""

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from accounts.models import CsvDelimiter, StaffProfile

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def chosen_language(request: HttpRequest) -> str:
    profile = profile_of(request)
    if profile is not None and profile.language in LANGUAGE_CODES:
        return profile.language
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return cookie if cookie in LANGUAGE_CODES else settings.LANGUAGE_CODE


def profile_of(request: HttpRequest):
    user = getattr(request, "user", None)
    return getattr(user, "staff_profile", None) if user and user.is_authenticated else None


class UserPreferencesMiddleware:
    """Goes after AuthenticationMiddleware, in place of LocaleMiddleware.
    Sets the language, and ``request.csv_delimiter`` for exports."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        profile = profile_of(request)
        request.csv_delimiter = profile.csv_delimiter if profile else CsvDelimiter.SEMICOLON
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


@require_POST
def set_language(request):
    """Django's language switch, also remembered in the user's profile."""
    language = request.POST.get("language")
    user = request.user
    if user.is_authenticated and language in LANGUAGE_CODES:
        StaffProfile.objects.update_or_create(user=user, defaults={"language": language})
    return django_set_language(request)
