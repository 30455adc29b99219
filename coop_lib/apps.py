"""The library installed as an app, for its templates and its command."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoopLibConfig(AppConfig):
    """Installed for its templates (form widgets are rendered from apps'
    templates) and its management command."""

    name = "coop_lib"
    verbose_name = _("Library")
