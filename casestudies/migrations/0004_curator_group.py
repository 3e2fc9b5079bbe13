"""The two roles of the curation team, as groups.

- "Curator": adds, changes and views every entry of the catalogue and the guide, reads their
  history, publishes and withdraws case studies. Deletes no entry and manages no account; may
  remove the rows that are parts of an entry on its form (a partner, a source, a key figure, an
  identifier of a case study; a do or don't of a process step), since editing needs it.
- "Editor-in-chief": all of that, and deletes entries, published case studies included.

Permissions are made by a signal after ``migrate``, too late for this migration on a fresh
database: it makes them first (``create_permissions``), for the apps whose models it names.
The groups take the permissions of the models that exist now; a model added later needs its
permissions added to them by the migration that adds it.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

APPS = ["casestudies", "guide"]
# Rows edited as parts of another entry's form (inlines), which editing that entry may remove.
PARTS = {"participation", "keyfigure", "source", "externalidentifier", "guidance"}
CURATOR = "Curator"
EDITOR_IN_CHIEF = "Editor-in-chief"


def create_groups(apps, schema_editor):
    for label in ["contenttypes", "auth", *APPS]:
        app_config = apps.get_app_config(label)
        # The migration's app registry has no models module; create_permissions skips such apps.
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ours = Permission.objects.filter(content_type__app_label__in=APPS).select_related("content_type")
    curating = [
        permission
        for permission in ours
        if permission.codename == "publish_casestudy"
        or (permission.codename.startswith("view_"))
        or (
            permission.codename.split("_", 1)[0] in {"add", "change"}
            and not permission.content_type.model.startswith("historical")
        )
        or permission.codename in {f"delete_{part}" for part in PARTS}
    ]
    deleting = [
        permission
        for permission in ours
        if permission.codename == "delete_published_casestudy"
        or (permission.codename.startswith("delete_") and not permission.content_type.model.startswith("historical"))
    ]
    curator, _ = Group.objects.get_or_create(name=CURATOR)
    curator.permissions.add(*curating)
    editor, _ = Group.objects.get_or_create(name=EDITOR_IN_CHIEF)
    editor.permissions.add(*curating, *deleting)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[CURATOR, EDITOR_IN_CHIEF]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("casestudies", "0003_history"),
        ("guide", "0002_history"),
    ]

    operations = [
        migrations.RunPython(create_groups, remove_groups),
    ]
