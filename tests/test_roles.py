"""Who may see what: every admin view, draft preview, import and export, for each role of tests/conftest.py.

The rules (core/roles.py, migration casestudies 0004):

- a reader (not signed in) is sent to the admin's sign-in page by every admin view;
- staff in no group hold no permission: Django's admin refuses them every model view (403);
- a curator views, adds and changes every entry of the catalogue and the guide (0004 gives the group
  "add" and "change" on every model of both apps), except the fixed lists of regions, SDGs and
  languages, which a curator only views (0013); publishes and withdraws, imports and exports, and
  deletes nothing from a list or a delete page;
- an editor-in-chief may do all of that and delete, published case studies included;
- neither group manages accounts, groups, authenticator devices or sign-in records.

The admin's registry is read, so that a model registered later is checked without editing this file.
"""

import io
from urllib.parse import urlencode

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.asserts import assertContains, assertNotContains
from simple_history.admin import SimpleHistoryAdmin

from casestudies.models import CaseStudy, Country, Organisation
from tests.casestudies.test_import_export import as_csv, example_rows
from tests.factories import add_source, make_case_study, make_user

pytestmark = pytest.mark.django_db

ROLES = ["reader", "outsider_staff", "curator", "editor_in_chief"]
CURATED_APPS = {"casestudies", "guide"}  # the apps whose permissions migration casestudies 0004 gives the groups
REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
VIEWS = ["changelist", "add", "change", "history", "delete"]
# Each model's views: Django's five, and simple-history's form of one version (its revert).
MODEL_VIEWS = [
    (model, view)
    for model, model_admin in REGISTERED
    for view in VIEWS + (["version"] if isinstance(model_admin, SimpleHistoryAdmin) else [])
]
SPREADSHEET_MODELS = [CaseStudy, Organisation]
FIXED_LISTS = {
    "casestudies.region",
    "casestudies.sdggoal",
    "guide.language",
}  # a curator views them only (0013)  # the models with an import and an export in the admin

CHANGELIST = reverse("admin:casestudies_casestudy_changelist")
IMPORT_URL = reverse("admin:casestudies_casestudy_import")
CONFIRM_URL = reverse("admin:casestudies_casestudy_process_import")
IMPORTED = "example-cooperation-1"  # the slug of the one row of a_csv_of_one_case_study()
CSV_FORMAT = "0"  # the first of the admin's formats (casestudies/spreadsheets.py)


def model_view_id(value):
    """``casestudies.casestudy`` and ``delete`` rather than ``CaseStudy`` (two apps may share a model's name)."""
    return value._meta.label_lower if isinstance(value, type) else value


def sign_in_page(url):
    return reverse("admin:login") + "?" + urlencode({"next": url}, safe="/")


def an_entry(model):
    """A row of ``model`` to open: the guide's content fills the catalogue and the guide; the
    accounts, devices and sign-in records get one here."""
    if model._meta.app_label in CURATED_APPS:
        entry = model.objects.order_by("pk").first()
        assert entry is not None, f"load_guide leaves no {model._meta.label} to open"
        return entry
    someone = make_user("outsider_staff", "someone@example.org")
    failure = {"username": "someone@example.org", "ip_address": "192.0.2.1", "user_agent": "Firefox", "path_info": "/"}
    return {
        "auth.user": lambda: someone,
        "auth.group": lambda: Group.objects.get(name="Curator"),
        "axes.accessattempt": lambda: AccessAttempt.objects.create(
            **failure, get_data="", post_data="", failures_since_start=1
        ),
        "axes.accessfailurelog": lambda: AccessFailureLog.objects.create(**failure),
        "axes.accesslog": lambda: AccessLog.objects.create(
            username="someone@example.org", ip_address="192.0.2.1", user_agent="Firefox", path_info="/"
        ),
        "otp_static.staticdevice": lambda: StaticDevice.objects.create(user=someone, name="Recovery codes"),
        "otp_totp.totpdevice": lambda: TOTPDevice.objects.create(user=someone, name="Phone"),
    }[model._meta.label_lower]()


def url_and_entry(model, view):
    """The address of ``view`` of ``model`` in the admin, and the entry it opens (None for a list or an add form)."""
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    if view in {"changelist", "add"}:
        return reverse(f"{prefix}_{view}"), None
    entry = an_entry(model)
    if view == "version":
        version = entry.history.order_by("history_id").first()
        assert version is not None, f"the {model._meta.label} has no history to open"
        return reverse(f"{prefix}_simple_history", args=[entry.pk, version.history_id]), entry
    return reverse(f"{prefix}_{view}", args=[entry.pk]), entry


def complete_draft(title="A draft ready to publish"):
    draft = make_case_study(title=title, modality="south-south", body="What the partners did.")
    draft.countries.add(Country.objects.get(iso2="KE"), Country.objects.get(iso2="BR"))
    add_source(draft)
    return draft


# Every admin view


def test_the_admin_lists_the_models_this_file_expects():
    labels = {model._meta.label_lower for model, _admin in REGISTERED}
    assert {"casestudies.casestudy", "casestudies.region", "casestudies.sdggoal", "guide.language"} <= labels
    assert {"auth.user", "auth.group", "axes.accessattempt", "otp_totp.totpdevice"} <= labels
    assert len(MODEL_VIEWS) >= 5 * len(REGISTERED)


@pytest.mark.parametrize(("model", "view"), MODEL_VIEWS, ids=model_view_id)
def test_a_reader_is_sent_to_sign_in_by_every_admin_view(reader, model, view):
    url, _entry = url_and_entry(model, view)

    response = reader.get(url)

    assert response.status_code == 302
    assert response["Location"] == sign_in_page(url)


@pytest.mark.parametrize(("model", "view"), MODEL_VIEWS, ids=model_view_id)
def test_staff_in_no_group_are_refused_every_admin_view(outsider_staff, model, view):
    url, entry = url_and_entry(model, view)

    response = outsider_staff.get(url)

    # The case-study delete page too, which sends a curator to the change form of a published case
    # study ("withdraw it instead"): staff in no group are refused before the case study is read.
    assert response.status_code == 403


@pytest.mark.parametrize(("model", "view"), MODEL_VIEWS, ids=model_view_id)
def test_a_curator_opens_every_view_of_the_catalogue_and_the_guide_but_deletes_nothing(curator, model, view):
    url, entry = url_and_entry(model, view)

    response = curator.get(url)

    if model._meta.app_label not in CURATED_APPS:
        assert response.status_code == 403, "curators manage no account, device or sign-in record"
    elif model._meta.label_lower in FIXED_LISTS and view == "add":
        assert response.status_code == 403, "regions, SDGs and languages are fixed lists a curator only views"
    elif model._meta.label_lower in FIXED_LISTS and view == "change":
        assert response.status_code == 200
        assertNotContains(response, 'name="_save"')
    elif view != "delete":
        assert response.status_code == 200
    elif model is CaseStudy:
        assert entry.status == CaseStudy.Status.PUBLISHED
        assert response.status_code == 302
        assert response["Location"] == reverse("admin:casestudies_casestudy_change", args=[entry.pk])
        assertContains(curator.get(response["Location"]), "so it is not deleted: withdraw it instead")
    else:
        assert response.status_code == 403


@pytest.mark.parametrize(("model", "view"), MODEL_VIEWS, ids=model_view_id)
def test_an_editor_in_chief_opens_every_view_of_the_catalogue_and_the_guide_and_may_delete(
    editor_in_chief, model, view
):
    url, _entry = url_and_entry(model, view)

    response = editor_in_chief.get(url)

    if model._meta.app_label not in CURATED_APPS:
        assert response.status_code == 403, "an editor-in-chief manages no account, device or sign-in record"
    else:
        assert response.status_code == 200


@pytest.mark.parametrize(
    ("role", "may_edit"), [("curator", False), ("editor_in_chief", True)], ids=["curator", "editor_in_chief"]
)
def test_only_an_editor_in_chief_edits_regions_sdgs_and_languages(request, role, may_edit):
    user = request.getfixturevalue(role).user

    for label in sorted(FIXED_LISTS):
        app_label, model = label.split(".")
        assert user.has_perm(f"{app_label}.view_{model}")
        for action in ("add", "change", "delete"):
            assert user.has_perm(f"{app_label}.{action}_{model}") is may_edit, (label, action)


@pytest.mark.parametrize(
    ("role", "status"), [("reader", 302), ("outsider_staff", 200), ("curator", 200), ("editor_in_chief", 200)]
)
def test_the_admin_index_opens_for_staff_and_sends_a_reader_to_sign_in(request, role, status):
    response = request.getfixturevalue(role).get(reverse("admin:index"))

    assert response.status_code == status
    if role == "reader":
        assert response["Location"] == sign_in_page(reverse("admin:index"))
    elif role == "outsider_staff":
        assertContains(response, "You don’t have permission to view or edit anything.")
    else:
        assertContains(response, reverse("admin:casestudies_casestudy_changelist"))
        assertNotContains(response, reverse("admin:auth_user_changelist"))


@pytest.mark.parametrize(
    ("role", "status"), [("reader", 302), ("outsider_staff", 403), ("curator", 403), ("editor_in_chief", 200)]
)
def test_only_an_editor_in_chief_opens_the_delete_page_of_a_draft(request, role, status):
    draft = make_case_study(title="A draft to delete")
    url = reverse("admin:casestudies_casestudy_delete", args=[draft.pk])

    response = request.getfixturevalue(role).get(url)

    assert response.status_code == status
    if role == "editor_in_chief":
        assertContains(response, "A draft to delete")


# The case-study actions


def post_action(client, action, *case_studies, **data):
    return client.post(CHANGELIST, {"action": action, "_selected_action": [c.pk for c in case_studies], **data})


@pytest.mark.parametrize(
    ("role", "published"), [("reader", False), ("outsider_staff", False), ("curator", True), ("editor_in_chief", True)]
)
def test_only_curators_and_editors_in_chief_publish_with_the_action(request, role, published):
    draft = complete_draft()
    client = request.getfixturevalue(role)

    response = post_action(client, "publish", draft)

    draft.refresh_from_db()
    assert (draft.status == CaseStudy.Status.PUBLISHED) is published
    if role == "reader":
        assert response["Location"] == sign_in_page(CHANGELIST)
    elif role == "outsider_staff":
        assert response.status_code == 403
    else:
        assert response.status_code == 302


@pytest.mark.parametrize(
    ("role", "status"), [("reader", 302), ("outsider_staff", 403), ("curator", 200), ("editor_in_chief", 200)]
)
def test_only_curators_and_editors_in_chief_are_asked_why_they_withdraw(request, role, status):
    published = CaseStudy.objects.published().order_by("pk").first()

    response = post_action(request.getfixturevalue(role), "withdraw", published)

    assert response.status_code == status
    if status == 200:
        assertContains(response, "Withdraw case studies")
    published.refresh_from_db()
    assert published.status == CaseStudy.Status.PUBLISHED, "nothing is withdrawn before a reason is given"


@pytest.mark.parametrize(
    ("role", "status"), [("reader", 302), ("outsider_staff", 403), ("curator", 302), ("editor_in_chief", 200)]
)
def test_only_an_editor_in_chief_is_offered_the_bulk_delete(request, role, status):
    draft = make_case_study(title="A draft selected for deletion")
    client = request.getfixturevalue(role)

    response = post_action(client, "delete_selected", draft)

    assert response.status_code == status
    if role == "curator":
        # Django's admin answers an action the user is not offered with "No action selected."
        assert response["Location"] == CHANGELIST
        assertContains(client.get(CHANGELIST), "No action selected.")
    if role == "editor_in_chief":
        assertContains(response, "A draft selected for deletion")  # the page that asks "Are you sure?"
    assert CaseStudy.objects.filter(pk=draft.pk).exists()


# Import and export in the admin


def a_csv_of_one_case_study():
    file = io.BytesIO(as_csv(example_rows(1, row2={"title": "A made-up example for the roles"})))
    file.name = "roles.csv"
    return file


@pytest.mark.parametrize("model", SPREADSHEET_MODELS, ids=lambda model: model._meta.label_lower)
@pytest.mark.parametrize(
    ("role", "status"), [("reader", 302), ("outsider_staff", 403), ("curator", 200), ("editor_in_chief", 200)]
)
def test_only_curators_and_editors_in_chief_open_the_import_and_the_export(request, role, status, model):
    client = request.getfixturevalue(role)
    for view in ["import", "export"]:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}")

        response = client.get(url)

        assert response.status_code == status, view
        if role == "reader":
            assert response["Location"] == sign_in_page(url)


@pytest.mark.parametrize(
    ("role", "status"), [("reader", 302), ("outsider_staff", 403), ("curator", 200), ("editor_in_chief", 200)]
)
def test_only_curators_and_editors_in_chief_preview_an_import(request, role, status):
    response = request.getfixturevalue(role).post(
        IMPORT_URL, {"resource": "0", "format": CSV_FORMAT, "import_file": a_csv_of_one_case_study()}
    )

    assert response.status_code == status
    if status == 200:
        assert "confirm_form" in response.context, response.context.get("form") and response.context["form"].errors
        assertContains(response, "A made-up example for the roles")
    assert not CaseStudy.objects.filter(slug=IMPORTED).exists(), "a preview imports nothing"


@pytest.mark.parametrize(
    ("role", "imported"), [("reader", False), ("outsider_staff", False), ("curator", True), ("editor_in_chief", True)]
)
def test_only_curators_and_editors_in_chief_confirm_an_import(request, curator, role, imported):
    """Who may import confirms their own preview; to anyone else the confirm step is refused on its
    own, even with the form a curator's preview gave. (A preview's file belongs to the session that
    previewed it: tests/casestudies/test_import_confirmation.py.)"""
    client = request.getfixturevalue(role)
    preview = (client if imported else curator).post(
        IMPORT_URL, {"resource": "0", "format": CSV_FORMAT, "import_file": a_csv_of_one_case_study()}
    )
    confirm_form = preview.context["confirm_form"].initial

    response = client.post(CONFIRM_URL, confirm_form)

    assert CaseStudy.objects.filter(slug=IMPORTED).exists() is imported
    if role == "reader":
        assert response["Location"] == sign_in_page(CONFIRM_URL)
    elif role == "outsider_staff":
        assert response.status_code == 403
    else:
        assert response.status_code == 302
        assert CaseStudy.objects.get(slug=IMPORTED).status == CaseStudy.Status.DRAFT


# The public site: draft previews and exports


@pytest.mark.parametrize("suffix", ["", "cite.bib", "cite.ris"])
@pytest.mark.parametrize(
    ("role", "status"), [("reader", 404), ("outsider_staff", 404), ("curator", 200), ("editor_in_chief", 200)]
)
def test_only_curators_and_editors_in_chief_preview_a_draft_and_no_cache_keeps_it(request, role, status, suffix):
    draft = make_case_study(title="A draft being written")

    response = request.getfixturevalue(role).get(f"/case-studies/{draft.slug}/{suffix}")

    assert response.status_code == status
    if status == 200:
        assertContains(response, "A draft being written")
        assert response["Cache-Control"] == "private, no-store"
    else:
        assertNotContains(response, "A draft being written", status_code=404)


@pytest.mark.parametrize("path", ["/case-studies/export.csv", "/case-studies/export.json"])
@pytest.mark.parametrize("role", ROLES)
def test_anyone_downloads_the_public_exports_and_they_hold_no_draft(request, role, path):
    make_case_study(title="A draft kept out of the exports")

    response = request.getfixturevalue(role).get(path)

    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"IBSA" in content
    assert b"A draft kept out of the exports" not in content
