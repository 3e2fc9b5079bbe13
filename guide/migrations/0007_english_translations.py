"""The English text of every translated field, copied into its ``_en`` column (as modeltranslation's
``update_translation_fields`` does), in the entries and in their history."""

from django.db import migrations
from django.db.models import F

FIELDS = {
    "principle": ["name", "summary", "description"],
    "modality": ["name", "summary", "description"],
    "submodality": ["name", "summary", "description"],
    "actortype": ["name", "summary", "description"],
    "processstep": ["name", "summary", "description"],
    "financemechanism": ["name", "summary", "description"],
    "ilorole": ["name", "summary", "description"],
    "framework": ["name", "summary", "description", "key_provision_summary"],
    "resource": ["summary", "description"],
    "guidance": ["text"],
    "glossaryterm": ["expansion", "definition"],
    "language": ["name"],
}


def copy_english(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        names = [model_name] if model_name == "language" else [model_name, f"historical{model_name}"]
        for name in names:
            apps.get_model("guide", name).objects.update(**{f"{field}_en": F(field) for field in fields})


class Migration(migrations.Migration):
    dependencies = [("guide", "0006_translations")]

    operations = [migrations.RunPython(copy_english, migrations.RunPython.noop)]
