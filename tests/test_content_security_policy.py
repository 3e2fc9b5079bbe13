"""The strict Content Security Policy holds on every page: the public pages and the admin.

The policy (``SECURE_CSP``) lets scripts and styles come only from the site's own files, with no
``'unsafe-inline'``. A page that still carried an inline script, a ``<style>`` element, a ``style``
attribute or an ``onclick`` would break silently in the browser, so each page is rendered here and
parsed for them (tests/html_inspection.py). The admin counts: Django's own templates,
django-import-export's, django-simple-history's, django-otp's and the site's overrides.
"""

import io

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from import_export.admin import ImportMixin

from casestudies.admin.resources import CaseStudyResource
from casestudies.admin.spreadsheets import CSV
from casestudies.models import CaseStudy
from tests.html_inspection import csp_problems

pytestmark = pytest.mark.django_db

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)

PUBLIC_PAGES = [
    "/",
    "/case-studies/",
    "/case-studies/?region=africa&submodality=regional&sort=title&q=savings",
    "/case-studies/?year_from=abc&region=atlantis",  # with notices of what was not understood
    "/case-studies/ibsa-fund-haiti/",
    "/guide/",
    "/guide/principles/mutual-benefit/",
    "/guide/modalities/south-south/",
    "/guide/sub-modalities/city-to-city/",
    "/guide/actors/governments/",
    "/guide/process/stakeholder-consultation/",
    "/guide/mechanisms/credit-unions/",
    "/guide/resources/",
    "/no-such-page/",  # 404
]

# Every model the admin shows, so that a new one is checked without editing this list.
REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def assert_no_inline_code(response):
    assert response["Content-Type"].startswith("text/html"), response["Content-Type"]
    problems = csp_problems(response.content.decode())
    assert problems == [], "\n".join(problems)


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def superuser_client(client):
    """An editor who may do everything, so that every button and link of the admin is on its pages.

    The guide's content fills the catalogue's and the guide's tables; the sign-in tables get a row
    each here (an authenticator app, recovery codes, a failed sign-in), so that every model has a
    change form to open.
    """
    chief = get_user_model().objects.create_superuser("chief@example.org", password="not used")
    TOTPDevice.objects.create(user=chief, name="Phone")
    StaticDevice.objects.create(user=chief, name="Recovery codes").token_set.create(token="a1b2c3d4")
    failure = {"username": "someone@example.org", "ip_address": "192.0.2.1", "user_agent": "Firefox", "path_info": "/"}
    AccessAttempt.objects.create(**failure, get_data="", post_data="username=someone", failures_since_start=1)
    AccessFailureLog.objects.create(**failure)
    client.force_login(chief)
    return client


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_carry_the_policy_and_no_inline_code(client, url):
    response = client.get(url)

    assert response.status_code in {200, 404}
    assert response["Content-Security-Policy"] == POLICY
    assert_no_inline_code(response)


def test_the_policy_has_no_unsafe_source_and_no_nonce(client):
    """A nonce would make every page uncacheable; 'unsafe-inline' would let injected script run."""
    policy = client.get("/")["Content-Security-Policy"]

    assert "unsafe" not in policy
    assert "nonce" not in policy


def test_a_withdrawn_case_study_410_page_has_no_inline_code(client):
    case_study = CaseStudy.objects.get(slug="ibsa-fund-haiti")
    case_study.status = CaseStudy.Status.WITHDRAWN
    case_study.withdrawn_reason = "Its figures could not be confirmed."
    case_study.save()

    response = client.get("/case-studies/ibsa-fund-haiti/")

    assert response.status_code == 410
    assert_no_inline_code(response)


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/case-studies/?" + "&".join(["region=africa"] * 1001), 400),
        ("/forbidden/", 403),
        ("/boom/", 500),
    ],
)
def test_the_error_pages_have_no_inline_code(settings, url, status):
    settings.ROOT_URLCONF = "tests.test_error_pages"

    response = Client(raise_request_exception=False).get(url)

    assert response.status_code == status
    assert_no_inline_code(response)


def test_the_page_for_a_form_without_its_csrf_token_has_no_inline_code():
    response = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "someone@example.org"})

    assert response.status_code == 403
    assert_no_inline_code(response)


@pytest.mark.parametrize("require_2fa", [False, True], ids=["password", "two-factor"])
def test_the_admin_sign_in_page_has_no_inline_code(client, settings, require_2fa):
    settings.ADMIN_REQUIRE_2FA = require_2fa

    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == POLICY
    assert_no_inline_code(response)


def test_a_failed_sign_in_page_has_no_inline_code(client):
    response = client.post("/admin/login/?next=/admin/", {"username": "nobody@example.org", "password": "wrong"})

    assert response.status_code == 200
    assert_no_inline_code(response)


@pytest.mark.parametrize("url", ["/admin/", "/admin/casestudies/", "/admin/password_change/"])
def test_the_admin_index_pages_have_no_inline_code(superuser_client, url):
    response = superuser_client.get(url)

    assert response.status_code == 200
    assert_no_inline_code(response)


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=[model._meta.label for model, _ in REGISTERED])
def test_every_admin_screen_of_every_model_has_no_inline_code(superuser_client, model, model_admin):
    """The list (plain, searched, filtered), the add form, its popup, and for the first row the change
    form, its history, its revert form and its delete confirmation."""
    changelist = admin_url(model, "changelist")
    urls = [changelist, f"{changelist}?q=a", f"{changelist}?all=&o=1", admin_url(model, "add")]
    urls.append(admin_url(model, "add") + "?_popup=1&_to_field=id")
    row = model._default_manager.order_by("pk").first()
    if row is not None:
        urls += [admin_url(model, "change", row.pk), admin_url(model, "history", row.pk)]
        urls.append(admin_url(model, "delete", row.pk))
        if hasattr(model, "history") and row.history.exists():
            urls.append(admin_url(model, "simple_history", row.pk, row.history.earliest().pk))

    for url in urls:
        response = superuser_client.get(url)
        assert response.status_code in {200, 302, 403}, (url, response.status_code)
        if response.status_code == 302:  # a published case study's delete sends the curator to its form
            response = superuser_client.get(response["Location"])
        problems = csp_problems(response.content.decode())
        assert problems == [], f"{url}:\n" + "\n".join(problems)


def test_every_admin_model_has_a_row_to_open(superuser_client):
    """The test above opens change forms only where a row exists."""
    empty = [model._meta.label for model, _ in REGISTERED if not model._default_manager.exists()]

    assert empty == []


def test_a_change_form_with_errors_has_no_inline_code(superuser_client):
    case_study = CaseStudy.objects.get(slug="ibsa-fund-haiti")

    response = superuser_client.post(admin_url(CaseStudy, "change", case_study.pk), {"title": ""})

    assert response.status_code == 200
    assert_no_inline_code(response)


@pytest.mark.parametrize("action", ["withdraw", "delete_selected"])
def test_the_admins_action_pages_have_no_inline_code(superuser_client, action):
    selected = CaseStudy.objects.published().order_by("pk")[:2]

    response = superuser_client.post(
        admin_url(CaseStudy, "changelist"),
        {"action": action, "_selected_action": [case_study.pk for case_study in selected]},
    )

    assert response.status_code == 200
    assert_no_inline_code(response)


IMPORT_EXPORT = [(model, model_admin) for model, model_admin in REGISTERED if isinstance(model_admin, ImportMixin)]


@pytest.mark.parametrize(("model", "model_admin"), IMPORT_EXPORT, ids=[m._meta.label for m, _ in IMPORT_EXPORT])
def test_the_import_and_export_screens_have_no_inline_code(superuser_client, model, model_admin):
    for url in [admin_url(model, "import"), admin_url(model, "export")]:
        response = superuser_client.get(url)
        assert response.status_code == 200, url
        problems = csp_problems(response.content.decode())
        assert problems == [], f"{url}:\n" + "\n".join(problems)


def test_the_import_preview_has_no_inline_code(superuser_client):
    rows = CaseStudyResource().export(CaseStudy.objects.order_by("pk")[:3])
    upload = io.BytesIO(CSV().export_data(rows).encode())
    upload.name = "case-studies.csv"

    preview = superuser_client.post(
        admin_url(CaseStudy, "import"), {"resource": "0", "format": "0", "import_file": upload}
    )

    assert preview.status_code == 200
    assert "confirm_form" in preview.context
    assert_no_inline_code(preview)


def test_the_error_preview_of_an_import_has_no_inline_code(superuser_client):
    upload = io.BytesIO(b"slug,title\n,<b>no slug</b>\n")
    upload.name = "bad.csv"

    preview = superuser_client.post(
        admin_url(CaseStudy, "import"), {"resource": "0", "format": "0", "import_file": upload}
    )

    assert preview.status_code == 200
    assert_no_inline_code(preview)


def test_the_lockout_page_has_no_inline_code(settings):
    settings.AXES_FAILURE_LIMIT = 1
    client = Client()
    client.post("/admin/login/?next=/admin/", {"username": "someone@example.org", "password": "wrong"})

    response = client.post("/admin/login/?next=/admin/", {"username": "someone@example.org", "password": "wrong"})

    assert response.status_code == 429
    assert_no_inline_code(response)
