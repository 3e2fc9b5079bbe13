"""The admin's search by a few letters, served by indexes on PostgreSQL.

The admin finds a case study by a few letters of its title or summary, of a partner's name or
acronym, or of a country, or by its whole slug (``CaseStudyQuerySet.search(fragments=True)``):
Django writes each as ``UPPER(column) LIKE UPPER('%letters%')`` and the slug as
``UPPER(slug) = UPPER('word')``. Trigram indexes (``pg_trgm``) on those same expressions answer
the ``LIKE``, and a btree the slug; partners are then found through an index on
``(organisation, case study)``. At 100,000 case studies counting a search's case studies took
0.4 to 1.3 s, reading every row; with these, 1 to 20 ms for a rare word and 150 to 350 ms for
one found in a third of the catalogue. Building them at 100,000 takes about 16 s, during which
the tables are not written to.

The trigram indexes exist only on PostgreSQL (nothing on SQLite, where the search reads the
text); the index of partners by organisation is a plain index, on both.
"""

from django.db import migrations, models

CREATE = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX casestudy_title_trgm ON casestudies_casestudy USING gin (UPPER(title::text) gin_trgm_ops);
CREATE INDEX casestudy_summary_trgm ON casestudies_casestudy USING gin (UPPER(summary::text) gin_trgm_ops);
CREATE INDEX casestudy_slug_upper ON casestudies_casestudy (UPPER(slug::text));
CREATE INDEX organisation_name_trgm ON casestudies_organisation USING gin (UPPER(name::text) gin_trgm_ops);
CREATE INDEX organisation_acronym_trgm ON casestudies_organisation USING gin (UPPER(acronym::text) gin_trgm_ops);
"""

# The extension stays: dropping it would take along anything else built on it since.
DROP = """
DROP INDEX IF EXISTS casestudy_title_trgm;
DROP INDEX IF EXISTS casestudy_summary_trgm;
DROP INDEX IF EXISTS casestudy_slug_upper;
DROP INDEX IF EXISTS organisation_name_trgm;
DROP INDEX IF EXISTS organisation_acronym_trgm;
"""


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0015_rank_vector"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="participation",
            index=models.Index(fields=["organisation", "case_study"], name="participation_by_organisation"),
        ),
        migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP)),
    ]
