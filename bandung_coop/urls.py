"""The project's URLs."""

from django.contrib import admin
from django.urls import include, path

from bandung_coop.media import protected_media

urlpatterns = [
    path("admin/", admin.site.urls),
    path("media/<path:path>", protected_media, name="protected_media"),
    # The user's profile and language; calendar feeds and single-event calendar files.
    path("", include("accounts.urls")),
    path("", include("bandung_coop.agenda.urls")),
    # Background jobs: progress, result and download, for the user who started them.
    path("", include("coop_lib.job_urls")),
    path("", include("bandung_coop.pages.urls")),
]
