"""The project's URLs."""

from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from bandung_coop.media import protected_media
from coop_lib.health import healthz


class FaviconRedirect(RedirectView):
    # Read when asked: the static files' manifest exists only after
    # collectstatic. Not permanent: the file's hashed name changes with it.
    permanent = False

    def get_redirect_url(self, *args, **kwargs) -> str:
        return static("favicon.svg")


urlpatterns = [
    path("admin/", admin.site.urls),
    # Open without a login, for load balancers and monitors: it shows no data.
    path("healthz", healthz, name="healthz"),
    # Browsers and feed readers ask for it whatever the pages link to.
    path("favicon.ico", FaviconRedirect.as_view(), name="favicon"),
    path("media/<path:path>", protected_media, name="protected_media"),
    # The read API for other systems, with its schema and documentation page.
    path("api/v1/", include("bandung_coop.api.urls")),
    # The user's profile and language; calendar feeds and single-event calendar files.
    path("", include("accounts.urls")),
    path("", include("bandung_coop.agenda.urls")),
    # Background jobs: progress, result and download, for the user who started them.
    path("", include("coop_lib.job_urls")),
    # What concerns the user: the bell's list, each notification's record.
    path("", include("bandung_coop.notifications.urls")),
    path("", include("bandung_coop.pages.urls")),
]
