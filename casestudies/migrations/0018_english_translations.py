"""The English text of every translated field, copied into its ``_en`` column (as modeltranslation's
``update_translation_fields`` does), in the entries and in their history."""

from django.db import migrations
from django.db.models import F

FIELDS = {
    "region": ["name"],
    "country": ["name"],
    "theme": ["name", "description"],
    "grouping": ["name", "description"],
}


def copy_english(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        names = [model_name] if model_name == "region" else [model_name, f"historical{model_name}"]
        for name in names:
            apps.get_model("casestudies", name).objects.update(**{f"{field}_en": F(field) for field in fields})


class Migration(migrations.Migration):
    dependencies = [("casestudies", "0017_translations")]

    operations = [migrations.RunPython(copy_english, migrations.RunPython.noop)]
