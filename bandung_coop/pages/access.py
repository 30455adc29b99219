"""Who may open the pages officials read."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from accounts.roles import has_any_role


def role_required(view):
    """Logged in, and holding one of the roles: an account without a role
    sees nothing of the register."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not has_any_role(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
