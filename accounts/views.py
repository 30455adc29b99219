"""The signed-in user's own page: e-mail reminders, CSV separator, the
secret calendar subscription link and the personal API tokens."""

import secrets

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.models import ApiToken, StaffProfile
from accounts.roles import has_any_role
from accounts.tokens import create_api_token, revoke_api_token
from coop_lib.ids import parse_id

TOKEN_BYTES = 32  # 43 URL-safe characters, within the field's 64
# A new API token's secret waits here for the page after the form, which
# shows it once and forgets it.
NEW_API_TOKEN = "new_api_token"


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = StaffProfile
        fields = ("language", "email_reminders", "csv_delimiter")


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text=_("What the token is for, e.g. “data portal”."),
    )


def profile_of(user) -> StaffProfile:
    """The user's profile, unsaved when they have none yet."""
    return StaffProfile.objects.filter(user=user).select_related("department").first() or StaffProfile(
        user=user
    )


@transaction.atomic
def renew_calendar_token(*, profile: StaffProfile) -> str:
    """A new secret feed token; the old one, if any, stops working at once."""
    profile.calendar_token = secrets.token_urlsafe(TOKEN_BYTES)
    profile.save()
    return profile.calendar_token


@transaction.atomic
def revoke_calendar_token(*, profile: StaffProfile) -> None:
    profile.calendar_token = ""
    profile.save()


def feed_url(token: str) -> str:
    return settings.SITE_URL + reverse("calendar_feed", args=[token])


@login_required
@never_cache  # it shows a new token's secret once: no copy stays in the browser's cache
def profile(request):
    staff_profile = profile_of(request.user)
    form = PreferencesForm(request.POST or None, instance=staff_profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your preferences are saved."))
        return redirect("profile")
    url = feed_url(staff_profile.calendar_token) if staff_profile.calendar_token else ""
    context = {
        "form": form,
        "staff_profile": staff_profile,
        "may_subscribe": has_any_role(request.user),
        "feed_url": url,
        "webcal_url": url.replace("https://", "webcal://", 1).replace("http://", "webcal://", 1),
        "api_tokens": ApiToken.objects.filter(user=request.user),
        "token_form": ApiTokenForm(),
        "new_api_token": request.session.pop(NEW_API_TOKEN, None),
    }
    return render(request, "account/profile.html", context)


@login_required
@require_POST
def calendar_token(request):
    if not has_any_role(request.user):
        messages.error(request, _("Your account has no role yet, so it has no calendar to subscribe to."))
        return redirect("profile")
    staff_profile = profile_of(request.user)
    if request.POST.get("action") == "revoke":
        if staff_profile.pk:
            revoke_calendar_token(profile=staff_profile)
        messages.success(request, _("The calendar link is revoked: calendar apps using it get nothing more."))
    else:
        renew_calendar_token(profile=staff_profile)
        messages.success(request, _("A new calendar link is ready. Any previous link no longer works."))
    return redirect("profile")


@login_required
@require_POST
def api_tokens(request):
    """Makes a personal API token (its secret shown once, on the next page)
    or revokes one of the user's own."""
    if not has_any_role(request.user):
        messages.error(request, _("Your account has no role yet, so it cannot use the API."))
        return redirect("profile")
    if request.POST.get("action") == "revoke":
        token = get_object_or_404(ApiToken, pk=parse_id(request.POST.get("token")), user=request.user)
        revoke_api_token(token=token, user=request.user)
        messages.success(
            request, _("The token “%(name)s” is revoked: it no longer works.") % {"name": token.name}
        )
        return redirect("profile")
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the token a name, of at most 100 characters."))
        return redirect("profile")
    try:
        token, secret = create_api_token(user=request.user, name=form.cleaned_data["name"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("profile")
    request.session[NEW_API_TOKEN] = {"id": token.pk, "name": token.name, "secret": secret}
    return redirect("profile")
