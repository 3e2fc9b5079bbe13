"""One PostgreSQL database per catalogue size, made once and reused.

Seeding 100,000 case studies takes minutes, so a database that already holds what a run asks for
is kept. What it holds is written on the database itself (``COMMENT ON DATABASE``): the number of
case studies, the seed, and a fingerprint of the generator's source. Any difference, or
``--fresh``, and the database is dropped and made again.
"""

import hashlib
import importlib.util
import json
from contextlib import closing
from pathlib import Path

import psycopg2
from django.core.management import call_command
from django.db import connection
from psycopg2 import sql

# The command and the module that draws the rows: a change to either makes different data.
GENERATOR = ["casestudies.management.commands.seed_synthetic", "casestudies.synthetic"]


def generator_fingerprint():
    """A hash of the generator's source. None when the project has no generator command (then only
    the guide's own case studies can be benchmarked)."""
    digest = hashlib.sha256()
    for name in GENERATOR:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            if name == GENERATOR[0]:
                return None
            continue
        digest.update(Path(spec.origin).read_bytes())
    return digest.hexdigest()[:16]


def server_connection(settings_db):
    """A connection to the server's maintenance database, where databases are made and dropped.
    (Not to be used as ``with conn:``, which opens a transaction that CREATE DATABASE refuses.)"""
    params = {key.lower(): value for key, value in settings_db.items() if key in {"HOST", "PORT", "USER", "PASSWORD"}}
    try:
        conn = psycopg2.connect(dbname="postgres", **{k: v for k, v in params.items() if v})
    except psycopg2.OperationalError as error:
        raise SystemExit(
            f"PostgreSQL does not answer at {params.get('host')}:{params.get('port')} ({error.args[0].strip()}). "
            "Start it, or name another server with --database-server."
        ) from None
    conn.autocommit = True
    return conn


def read_marker(cursor, name):
    cursor.execute(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
        [name],
    )
    row = cursor.fetchone()
    if row is None:
        return None, False
    try:
        return json.loads(row[0] or "null"), True
    except ValueError:
        return None, True


def prepare(settings_db, *, n, seed, fresh=False, log=print):
    """Make sure the database named in ``settings_db`` holds the guide and ``n`` synthetic case
    studies made with ``seed``, migrated and analysed. Returns True when it was (re)loaded."""
    name = settings_db["NAME"]
    wanted = {"case_studies": n, "seed": seed, "generator": generator_fingerprint() if n else None}
    if n and wanted["generator"] is None:
        raise SystemExit(
            "The project has no seed_synthetic command yet, so only N=0 (the guide's own case studies) can run."
        )
    with closing(server_connection(settings_db)) as server, server.cursor() as cursor:
        marker, exists = read_marker(cursor, name)
        reload = fresh or marker != wanted
        if exists and reload:
            log(f"Dropping {name}: it holds {marker}, this run needs {wanted}.")
            cursor.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        if not exists or reload:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    call_command("migrate", interactive=False, verbosity=0)
    if reload:
        log(f"Loading the guide and {n:,} synthetic case studies (seed {seed}) into {name}…")
        call_command("load_guide", verbosity=0)
        if n:
            call_command("seed_synthetic", case_studies=n, seed=seed, verbosity=1)
    # Planner statistics after a bulk load; cheap when nothing changed. At 1,000,000 it takes
    # longer than the site's statement timeout (15 s), which the seed lifts for itself, and so here.
    from casestudies.synthetic import without_time_limits

    with without_time_limits(), connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    if reload:
        with closing(server_connection(settings_db)) as server, server.cursor() as cursor:
            cursor.execute(
                sql.SQL("COMMENT ON DATABASE {} IS {}").format(sql.Identifier(name), sql.Literal(json.dumps(wanted)))
            )
    return reload
