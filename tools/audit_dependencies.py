"""pip-audit, asking PyPI's vulnerability data about each pinned release: ``make audit`` runs it.

It runs in its own virtual environment (.venv-tools, made by the Makefile), so that pip-audit's
dependencies stay out of the project's; it takes pip-audit's own arguments.

pip-audit asks PyPI about each release at /pypi/<name>/<version>/json. Where only the project's
address, /pypi/<name>/json, answers (as on this project's machines), that page lists the
vulnerabilities of the latest release, which are the pinned release's when the pin is the latest.
A pin older than that cannot be audited there: pip-audit lists it as skipped, with the reason,
rather than passing it as free of known vulnerabilities.
"""

import re
import sys

from packaging.version import Version
from pip_audit import _cli
from pip_audit._service import pypi
from pip_audit._service.interface import SkippedDependency

RELEASE_URL = re.compile(r"https://pypi\.org/pypi/([^/]+)/([^/]+)/json")


class LatestReleaseSession:
    """pip-audit's HTTP session, which reads a missing release page from its project's page."""

    def __init__(self, session):
        self.session = session
        self.latest = {}

    def get(self, url, **kwargs):
        response = self.session.get(url, **kwargs)
        release = RELEASE_URL.fullmatch(url)
        if response.status_code != 404 or release is None:
            return response
        name, version = release.groups()
        project = self.session.get(f"https://pypi.org/pypi/{name}/json", **kwargs)
        if not project.ok:
            return response
        self.latest[name] = project.json()["info"]["version"]
        return project if Version(self.latest[name]) == Version(version) else response


class PyPIService(pypi.PyPIService):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = LatestReleaseSession(self.session)

    def query(self, spec):
        dependency, results = super().query(spec)
        latest = self.session.latest.get(spec.canonical_name)
        if dependency.is_skipped() and latest is not None:
            reason = (
                f"not audited: PyPI's page of {spec.version} did not answer, and {spec.version} is not the latest "
                f"release ({latest}), whose page did; upgrade the pin, or audit where release pages answer"
            )
            return SkippedDependency(name=spec.name, skip_reason=reason), []
        return dependency, results


if __name__ == "__main__":
    _cli.PyPIService = PyPIService
    sys.argv[0] = "pip-audit"
    sys.exit(_cli.audit())
