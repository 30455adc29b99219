from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from bandung_coop.media import protected_media

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("media/<path:path>", protected_media, name="protected_media"),
    path("", include("bandung_coop.lifecycle_urls")),
]
