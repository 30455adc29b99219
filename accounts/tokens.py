"""Personal API tokens: made, revoked and recognised here, the one door for
their writes (the profile page calls these; nothing saves a token around them)."""

import datetime
import hashlib
import secrets
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ApiToken

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# The start tells a leaked secret for what it is (in a log, a repository).
SECRET_START = "bdg_"
SECRET_BYTES = 32  # 43 URL-safe characters after the start
PREFIX_LENGTH = 12  # the start and 8 characters: shown, never enough to guess the rest
MAX_ACTIVE_TOKENS = 10


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_api_token(*, user: "User", name: str) -> tuple[ApiToken, str]:
    """A new token of ``user`` and its secret, which is nowhere else: the
    caller shows it once."""
    active = ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True)
    if len(active) >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            _("You have %(count)d active tokens already: revoke one you no longer use first.")
            % {"count": len(active)}
        )
    secret = SECRET_START + secrets.token_urlsafe(SECRET_BYTES)
    token = ApiToken(
        user=user, name=name.strip(), prefix=secret[:PREFIX_LENGTH], secret_hash=hash_secret(secret)
    )
    token.full_clean()
    token.save()
    return token, secret


@transaction.atomic
def revoke_api_token(*, token: ApiToken, user: "User") -> None:
    """The token stops working at once; only its own user revokes it."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.user_id != user.pk:
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save()


def token_for_secret(secret: str) -> ApiToken | None:
    """The token with this secret, revoked or not, with its user and their
    profile; None if no token has it."""
    return (
        ApiToken.objects.select_related("user", "user__staff_profile")
        .filter(secret_hash=hash_secret(secret))
        .first()
    )


# How stale the "last used" time of a token may be: a busy client does not
# write to its token's row on every request.
LAST_USE_PRECISION = datetime.timedelta(minutes=1)


def note_use(*, token: ApiToken) -> None:
    """Records when the token was last used, to the minute (an update of
    that one column, outside the audit trail: each use goes to the log)."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USE_PRECISION:
        return
    token.last_used_at = now
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
