"""Who may call the API and how often: personal tokens, the role check, the
request limits, and a log line for every use of a token."""

import logging

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions, throttling

from accounts.models import ApiToken
from accounts.roles import has_any_role
from accounts.tokens import note_use, token_for_secret
from coop_lib.logs import note_user

logger = logging.getLogger("bandung_coop.api")

KEYWORD = "Bearer"


class TokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer <secret>`` with a personal token from the
    profile page; the request then reads as the token's user."""

    def authenticate(self, request):
        words = authentication.get_authorization_header(request).split()
        if not words or words[0].lower() != KEYWORD.lower().encode():
            return None  # another scheme, or none: the session may still apply
        if len(words) != 2:
            raise exceptions.AuthenticationFailed(_("Give the token as: Authorization: Bearer <token>."))
        try:
            secret = words[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("This token is not valid.")) from None
        token = token_for_secret(secret)
        if token is None:
            logger.warning("API request with an unknown token")
            raise exceptions.AuthenticationFailed(_("This token is not valid."))
        if not token.is_active:
            logger.warning(
                "API request with revoked token %s (%s…)",
                token.pk,
                token.prefix,
                extra={"token_id": token.pk, "token_prefix": token.prefix},
            )
            raise exceptions.AuthenticationFailed(_("This token has been revoked."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("The account of this token is disabled."))
        note_use(token=token)
        note_user(token.user_id)
        return token.user, token

    def authenticate_header(self, request):
        # Makes an unauthenticated request a 401 that names the scheme.
        return f'{KEYWORD} realm="api"'


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = TokenAuthentication
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal token made on the profile page (/profil/).",
        }


class HasRole(permissions.BasePermission):
    """One of the three roles: an account without one reads nothing of the
    register, as on the pages."""

    message = _("Your account has no role yet, so it reads nothing of the register.")

    def has_permission(self, request, view):
        return has_any_role(request.user)


class UserThrottle(throttling.UserRateThrottle):
    """``API_THROTTLE_RATE`` requests per user, token and session alike."""

    def get_rate(self):
        return settings.API_THROTTLE_RATE


class OpenDataThrottle(throttling.SimpleRateThrottle):
    """``API_OPEN_DATA_THROTTLE_RATE`` requests per client address."""

    scope = "open_data"

    def get_rate(self):
        return settings.API_OPEN_DATA_THROTTLE_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class LogTokenUse:
    """A view mixin: one log line for every request a token authenticated,
    with the token, its user, the method, the path and the answer."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        token = request.auth
        if isinstance(token, ApiToken):
            logger.info(
                "API token %s (%s…) of user %s: %s %s %s",
                token.pk,
                token.prefix,
                token.user_id,
                request.method,
                request.path,
                response.status_code,
                extra={"status": response.status_code, "token_id": token.pk, "token_prefix": token.prefix},
            )
        return response
