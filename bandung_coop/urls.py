from django.contrib import admin
from django.urls import include, path

from bandung_coop import calendar_views
from bandung_coop.media import protected_media

urlpatterns = [
    path("admin/", admin.site.urls),
    path("media/<path:path>", protected_media, name="protected_media"),
    # The user's profile and language; calendar feeds and single-event calendar files.
    path("", include("accounts.urls")),
    path("kalender/<str:token>.ics", calendar_views.calendar_feed, name="calendar_feed"),
    path("pertemuan/<int:pk>.ics", calendar_views.meeting_ics, name="meeting_ics"),
    path("kunjungan/<int:pk>.ics", calendar_views.visit_ics, name="visit_ics"),
    path("", include("bandung_coop.lifecycle_urls")),
    path("", include("bandung_coop.pages.urls")),
]
