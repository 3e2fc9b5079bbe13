"""Case studies in French, Spanish and Portuguese (``CaseStudyTranslation``), searchable each in
its own language.

On PostgreSQL: text-search configurations that stem French, Spanish and Portuguese as the built-in
ones do but read every word without its accents (``unaccent``: "chomage" finds "chômage"), and a
trigger that keeps each translation's search vector in its language's configuration, its title
weighted above its summary and account, as the English vector is (0002).
"""

import django.contrib.postgres.search
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

CONFIGURATIONS = {"fr": "french", "es": "spanish", "pt": "portuguese"}

CREATE = "CREATE EXTENSION IF NOT EXISTS unaccent;\n"
for dictionary in CONFIGURATIONS.values():
    CREATE += f"""
CREATE TEXT SEARCH CONFIGURATION {dictionary}_unaccent (COPY = {dictionary});
ALTER TEXT SEARCH CONFIGURATION {dictionary}_unaccent
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {dictionary}_stem;
"""
CREATE += """
CREATE OR REPLACE FUNCTION casestudies_translation_search_vector() RETURNS trigger AS $$
DECLARE
    config regconfig := CASE NEW.language
        WHEN 'fr' THEN 'french_unaccent' WHEN 'es' THEN 'spanish_unaccent' WHEN 'pt' THEN 'portuguese_unaccent'
        ELSE 'simple' END;
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector(config, coalesce(NEW.title, '')), 'A')
        || setweight(to_tsvector(config, coalesce(NEW.summary, '')), 'B')
        || setweight(to_tsvector(config, coalesce(NEW.body, '')), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER casestudies_translation_search_vector
    BEFORE INSERT OR UPDATE ON casestudies_casestudytranslation
    FOR EACH ROW EXECUTE FUNCTION casestudies_translation_search_vector();
CREATE INDEX casestudytranslation_search ON casestudies_casestudytranslation USING gin (search_vector);
"""

DROP = (
    "DROP TRIGGER IF EXISTS casestudies_translation_search_vector ON casestudies_casestudytranslation;"
    "DROP FUNCTION IF EXISTS casestudies_translation_search_vector();"
    + "".join(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {d}_unaccent;" for d in CONFIGURATIONS.values())
)


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('casestudies', '0019_sdg_translations'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalCaseStudyTranslation',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('language', models.CharField(choices=[('fr', 'French'), ('es', 'Spanish'), ('pt', 'Portuguese')], max_length=5, verbose_name='language')),
                ('status', models.CharField(choices=[('machine', 'Machine draft, not yet reviewed'), ('translated', 'Translated, not yet reviewed by the ILO'), ('reviewed', 'Reviewed')], default='translated', max_length=10, verbose_name='status')),
                ('title', models.CharField(max_length=250, verbose_name='title')),
                ('summary', models.TextField(blank=True, verbose_name='summary')),
                ('body', models.TextField(blank=True, help_text='In Markdown, as the English account.', verbose_name='account')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('case_study', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='casestudies.casestudy')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical translation',
                'verbose_name_plural': 'historical translations',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='CaseStudyTranslation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('language', models.CharField(choices=[('fr', 'French'), ('es', 'Spanish'), ('pt', 'Portuguese')], max_length=5, verbose_name='language')),
                ('status', models.CharField(choices=[('machine', 'Machine draft, not yet reviewed'), ('translated', 'Translated, not yet reviewed by the ILO'), ('reviewed', 'Reviewed')], default='translated', max_length=10, verbose_name='status')),
                ('title', models.CharField(max_length=250, verbose_name='title')),
                ('summary', models.TextField(blank=True, verbose_name='summary')),
                ('body', models.TextField(blank=True, help_text='In Markdown, as the English account.', verbose_name='account')),
                ('search_vector', django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
                ('case_study', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='translations', to='casestudies.casestudy')),
            ],
            options={
                'verbose_name': 'translation',
                'ordering': ['case_study', 'language'],
                'constraints': [models.UniqueConstraint(fields=('case_study', 'language'), name='casestudies_translation_one_per_language')],
            },
        ),
        migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP)),
    ]
