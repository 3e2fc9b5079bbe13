"""Django's deployment checklist (``manage.py check --deploy``) finds nothing in the production settings.

The tests run with the production settings (DEBUG off), except what tests/conftest.py changes for
the test client; those are set back here. ``make audit`` runs the same check from the shell.
"""

import secrets

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

PRODUCTION = {
    "DEBUG": False,
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": ["sstc.example.org"],
    "SECURE_SSL_REDIRECT": True,  # off for the test client in conftest.py
}


def test_the_deployment_checklist_finds_nothing(capsys):
    with override_settings(**PRODUCTION):
        call_command("check", deploy=True, fail_level="WARNING")

    assert "System check identified no issues" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("setting", "value", "warning"),
    [
        ("SECRET_KEY", "too-short", "security.W009"),
        ("SECURE_SSL_REDIRECT", False, "security.W008"),
        ("SESSION_COOKIE_SECURE", False, "security.W012"),
        ("SECURE_HSTS_SECONDS", 0, "security.W004"),
    ],
)
def test_the_check_would_name_a_weakened_setting(setting, value, warning):
    """The check above can fail: each of these weakenings is reported."""
    with override_settings(**{**PRODUCTION, setting: value}), pytest.raises(SystemCheckError, match=warning):
        call_command("check", deploy=True, fail_level="WARNING")
