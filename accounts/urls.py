"""The user's own pages: profile, calendar link, language."""

from django.urls import path

from accounts import preferences, views

urlpatterns = [
    path("i18n/setlang/", preferences.set_language, name="set_language"),
    path("profil/", views.profile, name="profile"),
    path("profil/kalender/", views.calendar_token, name="calendar_token"),
]
