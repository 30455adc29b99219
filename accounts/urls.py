"""The user's own pages: profile, calendar link, API tokens, language."""

from django.urls import path

from accounts import preferences, views

urlpatterns = [
    path("i18n/setlang/", preferences.set_language, name="set_language"),
    path("profil/", views.profile, name="profile"),
    path("profil/kalender/", views.calendar_token, name="calendar_token"),
    path("profil/token-api/", views.api_tokens, name="api_tokens"),
]
