"""Settings come from the environment and refuse to start unsafely."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import override_settings

BASE = str(settings.BASE_DIR)


def settings_in(env, show="s.DATABASES['default']['ENGINE']"):
    """Import the settings in a fresh interpreter with only ``env`` set; return (exit code, ``show`` and stderr)."""
    ours = {"DEBUG", "SECRET_KEY", "DATABASE_URL", "CACHE_URL"}
    clean = {key: value for key, value in os.environ.items() if key not in ours}
    result = subprocess.run(
        [sys.executable, "-c", f"import sstc.settings as s; print({show})"],
        cwd=BASE,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key():
    code, output = settings_in({"DEBUG": "0"})

    assert code != 0
    assert "Set SECRET_KEY" in output


def test_development_needs_nothing_set_and_uses_sqlite():
    code, output = settings_in({"DEBUG": "1"})

    assert code == 0, output
    assert "sqlite3" in output


def test_a_database_url_chooses_postgresql():
    code, output = settings_in({"DEBUG": "1", "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/example"})

    assert code == 0, output
    assert "postgresql" in output


@pytest.mark.parametrize(
    ("cache_url", "backend"),
    [
        ("", "django.core.cache.backends.locmem.LocMemCache"),
        ("redis://127.0.0.1:6379/1", "sstc.cache.RedisCache"),  # Django's, keeping its clients
    ],
)
def test_a_cache_url_chooses_a_redis_server_that_every_app_server_shares(cache_url, backend):
    code, output = settings_in({"DEBUG": "1", "CACHE_URL": cache_url}, show="s.CACHES['default']['BACKEND']")

    assert code == 0, output
    assert output.strip() == backend


def test_a_nonsense_cache_url_fails_loudly():
    code, output = settings_in({"DEBUG": "1", "CACHE_URL": "memcached://127.0.0.1"})

    assert code != 0
    assert "CACHE_URL must be a redis://" in output


def test_a_nonsense_debug_value_fails_loudly():
    code, output = settings_in({"DEBUG": "maybe", "SECRET_KEY": "x"})

    assert code != 0
    assert "DEBUG must be a boolean" in output


@override_settings(SECURE_SSL_REDIRECT=True)
def test_production_sends_plain_http_to_https(client):
    response = client.get("/guide/")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/guide/"


PRODUCTION = {"DEBUG": "0", "SECRET_KEY": "x" * 50, "DATABASE_URL": "postgres://u@127.0.0.1:5432/sstc"}


def test_postgresql_connections_have_a_connect_and_a_statement_timeout_by_default():
    code, output = settings_in(PRODUCTION, show="s.DATABASES['default']['OPTIONS']")

    assert code == 0, output
    assert "'connect_timeout': 5" in output
    assert "'options': '-c statement_timeout=15000'" in output


def test_the_database_time_limits_come_from_the_environment_and_0_turns_one_off():
    env = {**PRODUCTION, "DATABASE_CONNECT_TIMEOUT": "3", "DATABASE_STATEMENT_TIMEOUT": "0"}
    code, output = settings_in(env, show="s.DATABASES['default']['OPTIONS']")

    assert code == 0, output
    assert "'connect_timeout': 3" in output
    assert "statement_timeout" not in output


def test_a_time_limit_that_is_not_a_number_of_seconds_stops_the_start():
    code, output = settings_in({**PRODUCTION, "DATABASE_STATEMENT_TIMEOUT": "fifteen"})

    assert code != 0
    assert "DATABASE_STATEMENT_TIMEOUT must be a number of seconds" in output


def test_the_redis_cache_has_short_timeouts_and_no_retries():
    env = {**PRODUCTION, "CACHE_URL": "redis://127.0.0.1:6379/1"}
    options = "s.CACHES['default']['OPTIONS']"
    show = f"{options}['socket_connect_timeout'], {options}['socket_timeout'], {options}['retry']._retries"
    code, output = settings_in(env, show=show)

    assert code == 0, output
    assert output.strip() == "1 1 0"


def test_the_site_url_defaults_to_https_on_the_first_allowed_host_and_refuses_a_path():
    code, output = settings_in({**PRODUCTION, "ALLOWED_HOSTS": "sstc.example.org,www.sstc.example.org"}, "s.SITE_URL")
    assert (code, output.strip()) == (0, "https://sstc.example.org")

    code, output = settings_in({**PRODUCTION, "SITE_URL": "https://sstc.example.org/site"}, "s.SITE_URL")
    assert code != 0
    assert "SITE_URL must be an origin" in output
