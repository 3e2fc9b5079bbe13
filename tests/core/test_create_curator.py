"""``manage.py create_curator``: an account a new curator can sign in with, two factors included."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def create_curator(*args, monkeypatch, password=PASSWORD):
    monkeypatch.setenv("CURATOR_PASSWORD", password)
    out = io.StringIO()
    call_command("create_curator", *args, "--password-from-env", "CURATOR_PASSWORD", stdout=out)
    return out.getvalue()


def test_it_makes_a_staff_account_in_the_curator_group_with_an_authenticator_app_and_recovery_codes(monkeypatch):
    output = create_curator("new.curator@example.org", monkeypatch=monkeypatch)

    user = User.objects.get(username="new.curator@example.org")
    assert user.email == "new.curator@example.org"
    assert user.is_staff and not user.is_superuser
    assert user.check_password(PASSWORD)
    assert list(user.groups.values_list("name", flat=True)) == ["Curator"]
    assert user.has_perm("casestudies.change_casestudy")
    assert not user.has_perm("casestudies.delete_casestudy")
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    assert device.config_url in output
    assert "scan this QR code" in output
    assert "█" in output or "▀" in output, "a QR code drawn in the terminal"
    codes = list(StaticDevice.objects.get(user=user).token_set.values_list("token", flat=True))
    assert len(codes) == 8
    assert all(code in output for code in codes)


def test_the_code_of_the_new_authenticator_app_signs_the_curator_in(client, settings, monkeypatch):
    settings.ADMIN_REQUIRE_2FA = True
    create_curator("new.curator@example.org", monkeypatch=monkeypatch)
    device = TOTPDevice.objects.get(user__username="new.curator@example.org")

    response = client.post(
        "/admin/login/",
        {"username": "new.curator@example.org", "password": PASSWORD, "otp_token": f"{totp(device.bin_key):06d}"},
    )

    assert response.status_code == 302
    # The Curator group's permissions (migration casestudies 0004) open the catalogue to them.
    assert client.get("/admin/casestudies/casestudy/").status_code == 200


def test_an_editor_in_chief_joins_the_group_that_may_delete(monkeypatch):
    create_curator("chief@example.org", "--editor-in-chief", monkeypatch=monkeypatch)

    chief = User.objects.get(username="chief@example.org")
    assert list(chief.groups.values_list("name", flat=True)) == ["Editor-in-chief"]
    assert not chief.is_superuser
    assert chief.has_perm("casestudies.delete_casestudy")


def test_a_weak_password_is_refused_and_no_account_is_made(monkeypatch):
    with pytest.raises(CommandError, match="not strong enough: This password is too short"):
        create_curator("new.curator@example.org", monkeypatch=monkeypatch, password="short")

    assert not User.objects.filter(username="new.curator@example.org").exists()


def test_running_it_again_keeps_the_authenticator_app_unless_asked_for_a_new_one(monkeypatch):
    create_curator("new.curator@example.org", monkeypatch=monkeypatch)
    first = TOTPDevice.objects.get(user__username="new.curator@example.org")

    output = create_curator("new.curator@example.org", monkeypatch=monkeypatch, password="another long passphrase")

    assert "keeps its authenticator app" in output
    assert list(TOTPDevice.objects.filter(user__username="new.curator@example.org")) == [first]
    assert User.objects.get(username="new.curator@example.org").check_password("another long passphrase")

    create_curator("new.curator@example.org", "--new-device", monkeypatch=monkeypatch)

    [second] = TOTPDevice.objects.filter(user__username="new.curator@example.org")
    assert second.key != first.key


def test_the_password_is_asked_twice_when_not_given(monkeypatch):
    answers = iter([PASSWORD, "something else", PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    err = io.StringIO()

    call_command("create_curator", "asked@example.org", stdout=io.StringIO(), stderr=err)

    assert "The two passwords differ" in err.getvalue()
    assert User.objects.get(username="asked@example.org").check_password(PASSWORD)


def test_an_address_that_is_not_an_email_is_refused(monkeypatch):
    with pytest.raises(CommandError, match="is not an e-mail address"):
        create_curator("not an address", monkeypatch=monkeypatch)


def test_running_it_without_editor_in_chief_makes_an_editor_in_chief_a_curator_only_and_says_so(monkeypatch):
    create_curator("chief@example.org", "--editor-in-chief", monkeypatch=monkeypatch)

    output = create_curator("chief@example.org", monkeypatch=monkeypatch)

    chief = User.objects.get(username="chief@example.org")
    assert list(chief.groups.values_list("name", flat=True)) == ["Curator"]
    assert not chief.has_perm("casestudies.delete_casestudy")
    assert "is now a curator only: it may no longer delete entries" in output
