from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from casestudies import index
from tests.factories import make_user, signed_in

GUIDE = Path(settings.BASE_DIR).parent / "shared" / "source" / "sstc-financing-decent-work-guide.txt"


def pytest_configure(config):
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The test client speaks plain HTTP; test_settings.py checks the redirect to HTTPS itself.
    settings.SECURE_SSL_REDIRECT = False
    # Admin tests sign in with force_login and no authenticator app; tests/test_login_hardening.py
    # turns the second factor back on where it is the subject.
    settings.ADMIN_REQUIRE_2FA = False
    # Absolute addresses (canonical links, citations, the feed) start with the test client's host.
    settings.SITE_URL = "http://testserver"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The guide's content, loaded once for the whole session; each test rolls back its own changes."""
    with django_db_blocker.unblock():
        call_command("load_guide", verbosity=0)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with nothing cached: its database is rolled back, the cache and this
    process's copy of the catalogue's index are not."""
    cache.clear()
    index.holder.index = None


@pytest.fixture
def every_page_rendered(settings):
    """Public pages rendered for every request, none kept whole (core/caching.py): for tests that
    look into what a view put in its template (``response.context``) for an address asked again."""
    settings.KEEP_PUBLIC_PAGES = False


@pytest.fixture(scope="session")
def guide_text():
    """The guide itself, which CI lays beside the checkout; tests that compare with it need it."""
    if not GUIDE.exists():
        pytest.skip(f"the guide's text is not beside this checkout ({GUIDE})")
    return GUIDE.read_text(encoding="utf-8")


# The cast of every view test: who reads or curates, each in a browser of its own. A signed-in
# client carries its account as ``.user``; the accounts are fixtures too, for tests that need only them.


@pytest.fixture
def reader():
    """Anyone on the web: not signed in."""
    return Client()


@pytest.fixture
def curator_user(db):
    """Staff in the "Curator" group: adds, changes and publishes; deletes no entry."""
    return make_user("curator", "curator@example.org")


@pytest.fixture
def editor_in_chief_user(db):
    """Staff in the "Editor-in-chief" group: a curator who also deletes, published case studies included."""
    return make_user("editor_in_chief", "editor@example.org")


@pytest.fixture
def outsider_staff_user(db):
    """Staff in no group: may sign in to the admin, and holds no permission."""
    return make_user("outsider_staff", "outsider@example.org")


@pytest.fixture
def curator(curator_user):
    return signed_in(curator_user)


@pytest.fixture
def editor_in_chief(editor_in_chief_user):
    return signed_in(editor_in_chief_user)


@pytest.fixture
def outsider_staff(outsider_staff_user):
    return signed_in(outsider_staff_user)
