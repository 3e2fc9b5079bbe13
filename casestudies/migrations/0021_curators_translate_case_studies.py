"""Curators add, change and view the case studies' translations on the case study's form; the
editor-in-chief may also remove one. A curator removes no translation: unlike a partner or a
source, which editing a case study may need to replace, a translation is only ever corrected, and
a removed one would take a translator's work with it. Permissions are made by a signal after
``migrate``, too late here on a fresh database: this makes them first (0004)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = {
    "Curator": ["add", "change", "view"],
    "Editor-in-chief": ["add", "change", "view", "delete"],
}
VIEWED = ["view_historicalcasestudytranslation"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("casestudies")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, actions in CODENAMES.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            codenames = [f"{action}_casestudytranslation" for action in actions] + VIEWED
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="casestudies", codename__in=codenames)
            )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=CODENAMES):
        group.permissions.remove(*Permission.objects.filter(codename__endswith="casestudytranslation"))


class Migration(migrations.Migration):
    dependencies = [("casestudies", "0020_case_study_translations"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(grant, revoke)]
