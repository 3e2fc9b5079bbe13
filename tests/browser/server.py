"""A copy of the site in a process of its own, for the browser checks (these tests and Lighthouse).

It serves the pages as production does (gunicorn, DEBUG off, static files through WhiteNoise, the
real middleware and headers) on plain HTTP at 127.0.0.1, from a database of its own with the guide
loaded: an SQLite file in a temporary folder, or, when DATABASE_URL names a PostgreSQL database,
a database beside it whose name ends in ``_browser``. What the browser changes there (an edit in
the admin) never reaches the database of the other tests.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url

ROOT = Path(__file__).resolve().parents[2]

CURATOR = "curator@example.org"
CURATOR_PASSWORD = "browser tests sign in with this"
# Taken out of the public catalogue before the tests start; neither is in the lists the tests filter.
WITHDRAWN = "malaysia-mnce"
DRAFT = "zambia-tobacco-social-impact-bond"

SEED = f"""
from casestudies.models import CaseStudy
withdrawn = CaseStudy.objects.get(slug="{WITHDRAWN}")
withdrawn.status = CaseStudy.Status.WITHDRAWN
withdrawn.withdrawn_reason = "Its partners asked for the figures to be checked again."
withdrawn.save()
draft = CaseStudy.objects.get(slug="{DRAFT}")
draft.status = CaseStudy.Status.DRAFT
draft.save()
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Site:
    """The site, started with ``with Site() as site:``; ``site.url`` is its address.

    BROWSER_TEST_PORT chooses the port; by default the system picks a free one.
    """

    def __init__(self):
        self.port = int(os.environ.get("BROWSER_TEST_PORT") or free_port())
        self.url = f"http://127.0.0.1:{self.port}"
        self._process = None
        self._postgres = None

    def __enter__(self):
        self._folder = tempfile.TemporaryDirectory(prefix="sstc-browser-")
        self.log = Path(self._folder.name) / "server.log"
        try:
            self.env = {
                **os.environ,
                "DEBUG": "0",
                "SECRET_KEY": "browser-tests-only-secret-key-not-for-any-deployment",
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "SITE_URL": self.url,
                "SECURE_SSL_REDIRECT": "0",
                "ADMIN_REQUIRE_2FA": "0",
                "DATABASE_URL": self._new_database(),
            }
            self.manage("migrate", "--no-input", "--verbosity", "0")
            self.manage("load_guide", "--verbosity", "0")
            self.manage("collectstatic", "--no-input", "--verbosity", "0")
            self.manage("create_curator", CURATOR, "--password-from-env", "CURATOR_PASSWORD")
            self.manage("shell", "--no-imports", "--command", SEED)
            self._serve()
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc):
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        if self._postgres is not None:
            self._postgres_admin("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        self._folder.cleanup()

    def manage(self, *args):
        """Run a management command against this site's database."""
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**self.env, "CURATOR_PASSWORD": CURATOR_PASSWORD},
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def _new_database(self):
        """An empty database for this run, and its URL."""
        url = os.environ.get("DATABASE_URL")
        if url and dj_database_url.parse(url)["ENGINE"].endswith("postgresql"):
            parts = urlsplit(url)
            self._postgres = parts.path.lstrip("/") + "_browser"
            self._postgres_admin("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            self._postgres_admin("CREATE DATABASE {}")
            return parts._replace(path="/" + self._postgres).geturl()
        return f"sqlite:///{self._folder.name}/site.sqlite3"

    def _postgres_admin(self, statement):
        """Run a statement about this run's database ({} in it) on the server, outside a transaction."""
        import psycopg2
        from psycopg2 import sql

        settings = dj_database_url.parse(os.environ["DATABASE_URL"])
        connection = psycopg2.connect(
            dbname="postgres",
            user=settings["USER"],
            password=settings["PASSWORD"],
            host=settings["HOST"],
            port=settings["PORT"] or None,
        )
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql.SQL(statement).format(sql.Identifier(self._postgres)))
        finally:
            connection.close()

    def _serve(self):
        self._process = subprocess.Popen(
            [
                *[sys.executable, "-m", "gunicorn", "sstc.wsgi"],
                *["--bind", f"127.0.0.1:{self.port}", "--workers", "2"],
                *["--error-logfile", str(self.log), "--capture-output"],
            ],
            cwd=ROOT,
            env=self.env,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and self._process.poll() is None:
            try:
                urllib.request.urlopen(f"{self.url}/robots.txt", timeout=2).close()
                return
            except OSError:  # not listening yet, or still starting its workers
                time.sleep(0.2)
        log = self.log.read_text(errors="replace") if self.log.exists() else ""
        raise RuntimeError(f"the site did not start on {self.url}:\n{log}")
