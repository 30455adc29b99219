"""The signed-in user's own page: e-mail reminders, CSV separator and the
secret calendar subscription link."""

import secrets

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.models import StaffProfile
from accounts.roles import has_any_role

TOKEN_BYTES = 32  # 43 URL-safe characters, within the field's 64


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = StaffProfile
        fields = ("language", "email_reminders", "csv_delimiter")


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
