from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.utils.translation import gettext_lazy as _


class AdminConfig(DjangoAdminConfig):
    """Django's admin, whose default site (``admin.site``) is ours: it can ask staff for a second factor."""

    default_site = "sstc.admin.AdminSite"


class SiteConfig(AppConfig):
    """The project itself, as an app for what spans every app: ``load_guide`` loads the whole site."""

    name = "sstc"
    verbose_name = _("SSTC knowledge base")
