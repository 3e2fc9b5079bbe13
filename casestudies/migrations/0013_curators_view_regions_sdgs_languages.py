"""Regions, SDGs and languages are fixed lists, read by the filters and the guide: a curator views
them and no longer adds, changes or deletes them; the editor-in-chief keeps those rights, and
decides when one of them changes (0004 gave both groups "add" and "change" on every model)."""

from django.db import migrations

CURATOR = "Curator"
# (app label, model name) of the fixed lists.
FIXED_LISTS = [("casestudies", "region"), ("casestudies", "sdggoal"), ("guide", "language")]


def fixed_list_permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for _app, model in FIXED_LISTS for action in ("add", "change", "delete")]
    apps_labels = {app for app, _model in FIXED_LISTS}
    return Permission.objects.filter(content_type__app_label__in=apps_labels, codename__in=codenames)


def curators_view_only(apps, schema_editor):
    curator = apps.get_model("auth", "Group").objects.filter(name=CURATOR).first()
    if curator is not None:
        curator.permissions.remove(*fixed_list_permissions(apps))


def curators_edit_again(apps, schema_editor):
    curator = apps.get_model("auth", "Group").objects.filter(name=CURATOR).first()
    if curator is not None:
        curator.permissions.add(*fixed_list_permissions(apps).exclude(codename__startswith="delete_"))


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0012_one_name_per_concept"),
        ("guide", "0005_one_name_per_concept"),
    ]

    operations = [
        migrations.RunPython(curators_view_only, curators_edit_again),
    ]
