from django.apps import AppConfig


class CoopLibConfig(AppConfig):
    """Installed for its templates (form widgets are rendered from apps' templates)."""

    name = "coop_lib"
    verbose_name = "Library"
