import pytest

from tests.faults.site import FaultySite


@pytest.fixture(scope="session")
def site():
    """One served site for the whole suite (setting it up takes a minute); each test leaves it as it found it."""
    with FaultySite() as site:
        yield site
