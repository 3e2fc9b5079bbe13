"""The headers a security reviewer reads first, the cookies of a signed-in curator, and the grade that
Mozilla's HTTP Observatory gives them by its published rules (tests/observatory.py)."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.templatetags.static import static
from django.test import Client

from tests.observatory import scan
from tests.test_content_security_policy import POLICY

pytestmark = pytest.mark.django_db

HEADERS = {
    "Content-Security-Policy": POLICY,
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains; preload",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
PASSWORD = "a long enough passphrase"


def assert_security_headers(response):
    missing = {name: response.get(name) for name, value in HEADERS.items() if response.get(name) != value}
    assert missing == {}, f"headers not as expected: {missing}"


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/case-studies/?region=africa",
        "/case-studies/ibsa-fund-haiti/",
        "/case-studies/export.csv",
        "/case-studies/export.json",
        "/guide/",
        "/robots.txt",
        "/sitemap.xml",
        "/feeds/case-studies/",
        "/no-such-page/",
        "/admin/login/",
    ],
)
def test_every_kind_of_response_carries_the_security_headers(client, url):
    response = client.get(url, secure=True)

    assert response.status_code in {200, 404}
    assert_security_headers(response)
    assert response["X-Frame-Options"] == "DENY"


def test_a_static_file_served_by_whitenoise_carries_them_too(client):
    """WhiteNoise answers before the views; the security middleware sits above it."""
    response = client.get(static("css/site.css"), secure=True)
    response.close()

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert_security_headers(response)


def test_plain_http_gets_no_hsts_header_but_a_redirect(client, settings):
    """Browsers ignore HSTS sent over plain HTTP; production sends such requests to HTTPS first."""
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/case-studies/")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/case-studies/"
    assert "Strict-Transport-Security" not in response


def sign_in(client, username):
    """Sign in through the real form, with the CSRF token the form carries (the cookie is HttpOnly)."""
    get_user_model().objects.create_user(username, password=PASSWORD, is_staff=True, is_superuser=True)
    form = client.get("/admin/login/?next=/admin/", secure=True)
    token = form.context["csrf_token"]
    assert f'name="csrfmiddlewaretoken" value="{token}"' in form.content.decode()
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": PASSWORD, "next": "/admin/", "csrfmiddlewaretoken": token},
        secure=True,
        headers={"Origin": "https://testserver"},  # as a browser sends with a form over HTTPS
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return form, response


def test_signing_in_sets_secure_httponly_samesite_host_only_cookies():
    client = Client(enforce_csrf_checks=True)

    form, signed_in = sign_in(client, "curator@example.org")

    cookies = {**form.cookies, **signed_in.cookies}
    assert set(cookies) == {"__Host-csrftoken", "__Host-sessionid"}
    for name, cookie in cookies.items():
        assert cookie["secure"] is True, name
        assert cookie["httponly"] is True, name
        assert cookie["samesite"] == "Lax", name
        # What the __Host- prefix demands of a cookie, or browsers drop it: Secure, Path=/, no Domain.
        assert (cookie["path"], cookie["domain"]) == ("/", ""), name
    assert cookies["__Host-sessionid"]["max-age"] == 30 * 60
    assert client.get("/admin/", secure=True).status_code == 200


def test_a_form_posted_without_its_csrf_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    sign_in(client, "curator@example.org")

    response = client.post(
        "/admin/password_change/", {"old_password": PASSWORD}, secure=True, headers={"Origin": "https://testserver"}
    )

    assert response.status_code == 403
    assert "The form could not be sent" in response.content.decode()


def test_development_on_plain_http_keeps_djangos_cookie_names():
    """A browser refuses a __Host- cookie that is not Secure, and development runs on plain http."""
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "SECRET_KEY"}}
    result = subprocess.run(
        [sys.executable, "-c", "import sstc.settings as s; print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME)"],
        cwd=settings.BASE_DIR,
        env={**env, "DEBUG": "1"},
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.split() == ["sessionid", "csrftoken"]


# The Observatory scans the home page over HTTPS, follows plain HTTP, and reads the cookies it was given.


def test_the_home_page_grades_a_plus_by_the_observatorys_rules(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    page = client.get("/", secure=True)

    result = scan(page, page.content.decode(), http_response=client.get("/"), set_cookies=[])

    print(f"\nObservatory rules, home page: {result}")
    assert result.modifiers == {
        "content-security-policy": 5,  # no unsafe source; +10 would need default-src 'none'
        "cookies": 0,  # a visitor gets no cookie
        "cross-origin-resource-sharing": 0,
        "redirection": 0,
        "referrer-policy": 5,
        "strict-transport-security": 0,  # +5 only once the domain is on the browsers' preload list
        "subresource-integrity": 0,  # no script
        "x-content-type-options": 0,
        "x-frame-options": 5,  # frame-ancestors in the CSP
        "cross-origin-resource-policy": 10,
    }
    assert (result.score, result.grade) == (125, "A+")


def test_the_admin_of_a_signed_in_curator_grades_a_plus_with_its_cookies(settings):
    settings.SECURE_SSL_REDIRECT = True
    client = Client(enforce_csrf_checks=True)
    form, signed_in = sign_in(client, "curator@example.org")
    page = client.get("/admin/", secure=True)
    set_cookies = [cookie.OutputString() for cookie in [*form.cookies.values(), *signed_in.cookies.values()]]

    result = scan(page, page.content.decode(), http_response=client.get("/admin/"), set_cookies=set_cookies)

    print(f"\nObservatory rules, admin signed in: {result}")
    assert result.modifiers["cookies"] == 5
    assert result.modifiers["subresource-integrity"] == 0  # the admin's scripts are the site's own
    assert (result.score, result.grade) == (130, "A+")


# The scorer itself, on responses that must not grade well: it can fail.


def test_the_scorer_fails_a_response_without_security_headers():
    result = scan(HttpResponse("<p>bare</p>"))

    assert result.modifiers["content-security-policy"] == -25
    assert result.modifiers["x-frame-options"] == -20
    assert (result.score, result.grade) == (10, "F")


def test_the_scorer_takes_points_for_unsafe_inline_and_gives_no_bonus_below_90(client):
    page = client.get("/", secure=True)
    page.headers["Content-Security-Policy"] = POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
    page.headers["X-Content-Type-Options"] = "sniff"

    result = scan(page, page.content.decode(), http_response=None)

    assert result.modifiers["content-security-policy"] == -20
    assert (result.score, result.grade) == (55, "C")  # 100 - 20 - 5 - 20 (no redirect); bonuses dropped


@pytest.mark.parametrize(
    ("set_cookie", "modifier"),
    [
        ("__Host-sessionid=x; Path=/; Secure; SameSite=Lax", -30),  # a session cookie scripts can read
        ("sessionid=x; Path=/; HttpOnly; SameSite=Lax", -10),  # not Secure, though HSTS is set
        ("csrftoken=x; Path=/; Secure", -20),  # an anti-CSRF cookie without SameSite
        ("csrftoken=x; Path=/; Secure; SameSite=Sometimes", -20),
        ("theme=dark; Path=/; Secure", 0),  # Secure, but without SameSite: no bonus
    ],
)
def test_the_scorer_grades_cookies_by_their_attributes(client, set_cookie, modifier):
    page = client.get("/", secure=True)

    assert scan(page, set_cookies=[set_cookie]).modifiers["cookies"] == modifier
