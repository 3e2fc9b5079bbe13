"""Every kind of page passes axe-core's checks for WCAG 2.1 A and AA, colour contrast included."""

import pytest

from .pages import PAGES, STATUS
from .server import ROOT

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

RUN_AXE = "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"


def describe(violation):
    nodes = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
    return f"{violation['id']} ({violation['impact']}): {violation['help']} at {nodes}"


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("name", PAGES)
def test_the_page_has_no_wcag_21_aa_violation(context, page, name, width):
    page.set_viewport_size({"width": width, "height": 900})
    assert AXE.exists(), "axe-core is not installed: run `make check`, which runs npm ci"
    # Loaded by the browser itself before the page's scripts, so the page's CSP does not apply to it.
    context.add_init_script(path=AXE)
    response = page.goto(PAGES[name])
    assert response.status == STATUS.get(name, 200)

    violations = page.evaluate(RUN_AXE, WCAG_21_AA)["violations"]

    assert not violations, "\n".join(map(describe, violations))
