from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CaseStudiesConfig(AppConfig):
    name = "casestudies"
    verbose_name = _("Case studies")

    def ready(self):
        from . import signals  # connects the receivers of the search vector and the index

        post_migrate.connect(signals.whole_index_after_migrate, sender=self, dispatch_uid="index-after-migrate")
