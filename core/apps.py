from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What the guide and the catalogue share: history, Markdown, the catalogue's version and the
    HTTP caching built on it, natural keys, and the curators' roles."""

    name = "core"
    verbose_name = _("Shared foundations")

    def ready(self):
        from . import signals

        signals.count_changes_in_catalogue_version(self)
