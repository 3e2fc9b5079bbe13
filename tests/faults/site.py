"""The site served as `make serve` serves it (gunicorn from sstc/gunicorn.conf.py, DEBUG off,
PostgreSQL, Redis), with the means to break what it depends on:

- PostgreSQL is reached through a relay (relay.py) that can stall, as a hung server would;
- Redis is a server of its own on a free port, which the suite stops and starts again.

The database is a new one beside DATABASE_URL's, named ``<name>_faults``, dropped at the end. The
time limits are shorter than the defaults, so that the suite stays within a few minutes; they are
given to the site as an operator would, through the environment (docs/deploy.md).
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url

from tests.browser.server import free_port
from tests.faults.relay import Relay

ROOT = Path(__file__).resolve().parents[2]

# What the served site is told (docs/deploy.md lists the variables).
DATABASE_CONNECT_TIMEOUT = 2
DATABASE_STATEMENT_TIMEOUT = 3
DATABASE_ANSWER_TIMEOUT = 4
CACHE_TIMEOUT = 1


@dataclass
class Answer:
    status: int
    headers: dict
    body: bytes
    seconds: float


def fetch(url, timeout=20, method="GET"):
    """One request with a client timeout: a hung server fails the test instead of hanging it."""
    started = time.monotonic()
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (our own server)
            return Answer(response.status, dict(response.headers), response.read(), time.monotonic() - started)
    except urllib.error.HTTPError as error:
        return Answer(error.code, dict(error.headers), error.read(), time.monotonic() - started)


class FaultySite:
    def __init__(self):
        url = os.environ.get("DATABASE_URL", "")
        if not url or not dj_database_url.parse(url)["ENGINE"].endswith("postgresql"):
            raise RuntimeError("The fault suite needs DATABASE_URL to name a PostgreSQL database (see README).")
        self.database_settings = dj_database_url.parse(url)
        parts = urlsplit(url)
        self.database = parts.path.lstrip("/") + "_faults"
        self.direct_url = parts._replace(path="/" + self.database).geturl()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.redis_port = free_port()
        self._redis = None
        self._server = None
        self.relay = None

    def __enter__(self):
        self._folder = tempfile.TemporaryDirectory(prefix="sstc-faults-")
        self.log = Path(self._folder.name) / "server.log"
        try:
            self._postgres_admin("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            self._postgres_admin("CREATE DATABASE {}")
            self.relay = Relay(
                self.database_settings["HOST"] or "127.0.0.1", int(self.database_settings["PORT"] or 5432)
            )
            self.relay.__enter__()
            self.start_redis()
            self.env = {
                **os.environ,
                "DEBUG": "0",
                "SECRET_KEY": "fault-suite-only-secret-key-not-for-any-deployment",
                "ALLOWED_HOSTS": "127.0.0.1",
                "SITE_URL": self.url,
                "SECURE_SSL_REDIRECT": "0",
                "CACHE_URL": f"redis://127.0.0.1:{self.redis_port}/0",
                "DATABASE_URL": urlsplit(self.direct_url)._replace(netloc=self._netloc(self.relay.port)).geturl(),
                "DATABASE_CONNECT_TIMEOUT": str(DATABASE_CONNECT_TIMEOUT),
                "DATABASE_STATEMENT_TIMEOUT": str(DATABASE_STATEMENT_TIMEOUT),
                "DATABASE_ANSWER_TIMEOUT": str(DATABASE_ANSWER_TIMEOUT),
                "CACHE_TIMEOUT": str(CACHE_TIMEOUT),
                "WEB_CONCURRENCY": "2",
                "GUNICORN_THREADS": "2",
                "GUNICORN_ACCESS_LOG": str(Path(self._folder.name) / "access.log"),
            }
            setup = {**self.env, "DATABASE_URL": self.direct_url, "DATABASE_STATEMENT_TIMEOUT": "0"}
            for command in (["migrate", "--no-input"], ["load_guide"], ["collectstatic", "--no-input"]):
                subprocess.run(
                    [sys.executable, "manage.py", *command, "--verbosity", "0"], cwd=ROOT, env=setup, check=True
                )
            self._serve()
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc):
        if self._server is not None:
            self._server.terminate()
            try:
                self._server.wait(15)
            except subprocess.TimeoutExpired:
                self._server.kill()
                self._server.wait()
        self.stop_redis()
        if self.relay is not None:
            self.relay.__exit__()
        self._postgres_admin("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        self._folder.cleanup()

    def _netloc(self, port):
        settings = self.database_settings
        credentials = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
        return f"{credentials}@127.0.0.1:{port}"

    def start_redis(self):
        redis_server = shutil.which("redis-server")
        if redis_server is None:
            raise RuntimeError("The fault suite needs redis-server (Debian: apt-get install redis-server).")
        self._redis = subprocess.Popen(
            [redis_server, "--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.redis_port), timeout=1) as probe:
                    probe.sendall(b"PING\r\n")
                    if probe.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"redis-server did not start on port {self.redis_port}")

    def stop_redis(self):
        if self._redis is not None:
            self._redis.terminate()
            self._redis.wait(10)
            self._redis = None

    def get(self, path, timeout=20, method="GET"):
        return fetch(self.url + path, timeout=timeout, method=method)

    def wait_until_healthy(self, seconds=30):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if self.get("/healthz", timeout=5).status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"the site was not healthy again within {seconds} s:\n{self.server_log()}")

    def worker_pids(self):
        """The gunicorn workers: the children of the master process."""
        if self._server is None:
            return []
        try:
            with open(f"/proc/{self._server.pid}/task/{self._server.pid}/children") as children:
                return [int(pid) for pid in children.read().split()]
        except FileNotFoundError:
            return []

    def server_log(self):
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""

    def _serve(self):
        with open(self.log, "wb") as log:
            self._server = subprocess.Popen(
                [
                    *[sys.executable, "-m", "gunicorn", "--config", "sstc/gunicorn.conf.py"],
                    *["--bind", f"127.0.0.1:{self.port}", "--error-logfile", str(self.log)],
                ],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.wait_until_healthy(30)

    def _postgres_admin(self, statement):
        import psycopg2
        from psycopg2 import sql

        settings = self.database_settings
        connection = psycopg2.connect(
            dbname="postgres",
            user=settings["USER"],
            password=settings["PASSWORD"],
            host=settings["HOST"],
            port=settings["PORT"] or None,
            connect_timeout=5,
        )
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql.SQL(statement).format(sql.Identifier(self.database)))
        finally:
            connection.close()
