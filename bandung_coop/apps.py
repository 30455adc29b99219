"""The project's app and the admin site it installs."""

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoopAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "bandung_coop.admin_site.CoopAdminSite"


class BandungCoopConfig(AppConfig):
    default = True
    name = "bandung_coop"
    verbose_name = "International cooperation"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from bandung_coop import checks  # noqa: F401  (registers the system check)
        from bandung_coop.search.backends import set_word_similarity

        connection_created.connect(set_word_similarity, dispatch_uid="search_word_similarity")
