"""The catalogue's version: one row whose number every change to the public content raises."""

import django.utils.timezone
from django.db import migrations, models


def create_row(apps, schema_editor):
    apps.get_model("casestudies", "CatalogueVersion").objects.get_or_create(pk=1)


class Migration(migrations.Migration):

    dependencies = [
        ('casestudies', '0004_curator_group'),
    ]

    operations = [
        migrations.CreateModel(
            name='CatalogueVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveBigIntegerField(default=0)),
                ('changed', models.DateTimeField(default=django.utils.timezone.now)),
            ],
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
    ]
