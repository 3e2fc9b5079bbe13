from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """Django's admin, whose default site (``admin.site``) is ours: it can ask staff for a second factor."""

    default_site = "sstc.admin.AdminSite"
