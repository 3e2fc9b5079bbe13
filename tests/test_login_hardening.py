"""Signing in to the admin: throttled guessing that never locks anyone out for good, an idle
timeout for staff sessions, and a second factor when production asks for it."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.asserts import assertContains, assertTemplateUsed

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def staff(db):
    return User.objects.create_user("curator@example.org", password=PASSWORD, is_staff=True, is_superuser=True)


def sign_in(client, password=PASSWORD, username="curator@example.org", otp_token=None, **meta):
    data = {"username": username, "password": password, "next": "/admin/"}
    if otp_token is not None:
        data["otp_token"] = otp_token
    return client.post(LOGIN, data, **meta)


def signed_in(client):
    return client.get("/admin/").status_code == 200


# Throttling (django-axes)


def test_five_wrong_passwords_pause_signing_in_even_with_the_right_one(client, staff):
    for _attempt in range(4):
        assert sign_in(client, password="wrong").status_code == 200  # the form again, with its error
    assert sign_in(client, password="wrong").status_code == 429  # the fifth failure starts the pause

    response = sign_in(client)  # the sixth attempt, with the right password

    assert response.status_code == 429
    assertTemplateUsed(response, "registration/lockout.html")
    assertContains(response, "Signing in is paused", status_code=429)
    assertContains(response, "for 15 minutes", status_code=429)
    assertContains(response, "your account is not locked", status_code=429)
    assert not signed_in(client)


def test_four_wrong_passwords_still_let_the_right_one_in_and_clear_the_count(client, staff):
    for _attempt in range(4):
        sign_in(client, password="wrong")

    assert sign_in(client).status_code == 302
    assert signed_in(client)
    assert not AccessAttempt.objects.filter(username="curator@example.org").exists()


def test_the_pause_ends_after_fifteen_minutes(client, staff):
    for _attempt in range(5):
        sign_in(client, password="wrong")
    assert sign_in(client).status_code == 429
    # Fifteen minutes and a second later, as the attempts' record sees it.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=15, seconds=1))

    assert sign_in(client).status_code == 302
    assert signed_in(client)


def test_guessing_from_another_address_does_not_pause_the_curators_own(client, staff):
    for _attempt in range(6):
        sign_in(client, password="wrong", REMOTE_ADDR="203.0.113.9")

    assert sign_in(client, REMOTE_ADDR="198.51.100.7").status_code == 302


# Idle timeout


def test_a_staff_session_ends_after_thirty_minutes_without_a_request(client, staff):
    sign_in(client)
    assert signed_in(client)
    session = Session.objects.get(session_key=client.session.session_key)
    assert timezone.now() + timedelta(minutes=29) < session.expire_date <= timezone.now() + timedelta(minutes=30)

    # Thirty-one minutes of nothing: the stored session expired a minute ago.
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(minutes=1))

    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_each_request_extends_the_session(client, staff):
    sign_in(client)
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=2))

    assert signed_in(client)

    session = Session.objects.get(session_key=client.session.session_key)
    assert session.expire_date > timezone.now() + timedelta(minutes=29)


# Two factors


@pytest.fixture
def two_factors(settings):
    settings.ADMIN_REQUIRE_2FA = True


@pytest.fixture
def device(staff):
    return TOTPDevice.objects.create(user=staff, name="Authenticator app", confirmed=True)


def code(device):
    return f"{totp(device.bin_key):06d}"


def test_without_two_factors_required_a_password_is_enough(client, staff):
    assert sign_in(client).status_code == 302
    assert signed_in(client)


def test_when_required_the_sign_in_page_asks_for_the_code(client, two_factors):
    page = client.get(LOGIN)

    assertContains(page, '<label for="id_otp_token" class="required">Code from your authenticator app:</label>')


def test_when_required_a_staff_member_signed_in_by_password_alone_is_sent_to_sign_in(client, staff, two_factors):
    client.force_login(staff)

    response = client.get("/admin/casestudies/casestudy/")

    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_when_required_the_password_alone_is_refused(client, device, two_factors):
    response = sign_in(client)

    assert response.status_code == 200
    assertContains(response, "That email address, password and code do not match a staff account.")
    assert not signed_in(client)


def test_when_required_the_password_and_the_apps_code_sign_in(client, device, two_factors):
    response = sign_in(client, otp_token=code(device))

    assert response.status_code == 302
    assert signed_in(client)


def test_when_required_a_wrong_code_is_refused(client, device, two_factors):
    wrong = f"{(int(code(device)) + 1) % 1_000_000:06d}"

    response = sign_in(client, otp_token=wrong)

    assertContains(response, "That email address, password and code do not match a staff account.")
    assert not signed_in(client)


def errors(response):
    return response.context["form"].errors.as_data()


def test_a_right_password_with_a_wrong_code_reads_exactly_as_a_wrong_password(client, device, two_factors):
    wrong = f"{(int(code(device)) + 1) % 1_000_000:06d}"

    right_password = sign_in(client, otp_token=wrong)
    wrong_password = sign_in(client, password="wrong", otp_token=wrong)
    no_code = sign_in(client)

    assert right_password.status_code == wrong_password.status_code == no_code.status_code == 200
    assert str(errors(right_password)) == str(errors(wrong_password)) == str(errors(no_code))


def test_wrong_codes_with_the_right_password_count_toward_the_pause(client, device, two_factors):
    wrong = f"{(int(code(device)) + 1) % 1_000_000:06d}"
    for _attempt in range(5):
        sign_in(client, otp_token=wrong)

    response = sign_in(client, otp_token=code(device))

    assert response.status_code == 429
    assert not signed_in(client)


def test_passing_the_second_factor_gives_a_new_session_key(client, device, two_factors):
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key

    assert sign_in(client, otp_token=code(device)).status_code == 302

    assert client.session.session_key != before
    assert not Session.objects.filter(session_key=before).exists()


def test_a_foreign_next_after_signing_in_leads_to_the_admin_index(client, staff):
    response = client.post(
        LOGIN, {"username": "curator@example.org", "password": PASSWORD, "next": "https://evil.example/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    ("hops", "forwarded", "counted_as"),
    [
        (1, "198.51.100.1, 203.0.113.5", "203.0.113.5"),  # the TLS proxy appended the last one
        (2, "198.51.100.1, 203.0.113.5, 192.0.2.10", "203.0.113.5"),  # a CDN edge, then the proxy
        (2, "203.0.113.5", "10.0.0.2"),  # fewer entries than proxies: not through them all
        (0, "198.51.100.1", "10.0.0.2"),  # no proxy of ours: X-Forwarded-For is the client's word
    ],
)
def test_failed_sign_ins_are_counted_against_the_address_our_outermost_proxy_saw(
    client, staff, settings, hops, forwarded, counted_as
):
    settings.TRUSTED_PROXY_HOPS = hops

    sign_in(client, password="wrong", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)

    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [counted_as]


def test_behind_a_cdn_rotating_forwarded_addresses_gives_no_fresh_attempts(client, staff, settings):
    settings.TRUSTED_PROXY_HOPS = 2
    for attempt in range(5):
        # The attacker writes a new address each time; the CDN edge and the proxy append theirs.
        forged = f"198.51.100.{attempt}, 203.0.113.5, 192.0.2.10"
        sign_in(client, password="wrong", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forged)

    response = sign_in(client, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.99, 203.0.113.5, 192.0.2.10")

    assert response.status_code == 429


def test_behind_a_cdn_a_curator_behind_another_address_of_the_same_edge_is_not_paused(client, staff, settings):
    settings.TRUSTED_PROXY_HOPS = 2
    for _attempt in range(6):
        sign_in(client, password="wrong", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.5, 192.0.2.10")

    response = sign_in(client, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7, 192.0.2.10")

    assert response.status_code == 302


def test_when_required_a_recovery_code_signs_in_once(client, staff, device, two_factors):
    recovery = StaticDevice.objects.create(user=staff, name="Recovery codes", confirmed=True)
    recovery.token_set.create(token="abcd2345")

    assert sign_in(client, otp_token="abcd2345").status_code == 302
    assert signed_in(client)
    client.logout()
    assert sign_in(client, otp_token="abcd2345").status_code == 200, "each recovery code works once"


def test_a_wrong_password_with_a_right_code_still_counts_toward_the_pause(client, device, two_factors):
    for _attempt in range(5):
        sign_in(client, password="wrong", otp_token=code(device))

    assert sign_in(client, otp_token=code(device)).status_code == 429
