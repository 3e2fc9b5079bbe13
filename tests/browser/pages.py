"""The pages that the accessibility and HTML checks open: one of each kind that the public sees,
the error pages, and the admin's sign-in page."""

from .server import WITHDRAWN

PAGES = {
    "home": "/",
    "catalogue": "/case-studies/",
    # Filters, a search, years and a value the site does not understand (which adds a notice).
    "catalogue-filtered": "/case-studies/?region=africa&submodality=fragile-to-fragile&q=traders"
    "&year_from=2000&year_to=2030&sort=title&theme=no-such-theme",
    # Nothing matches: the page says what emptied the list and offers each way out.
    "catalogue-empty": "/case-studies/?region=africa&submodality=fragile-to-fragile&q=bonds",
    "case-study": "/case-studies/laos-village-bank/",
    "guide-contents": "/guide/",
    "principle": "/guide/principles/solidarity/",
    "modality": "/guide/modalities/triangular/",
    "sub-modality": "/guide/sub-modalities/fragile-to-fragile/",
    "actor": "/guide/actors/workers-organisations/",
    "process-step": "/guide/process/needs-matching/",
    "mechanism": "/guide/mechanisms/village-banks/",
    "resources": "/guide/resources/",
    "framework": "/guide/frameworks/addis-ababa-action-agenda/",
    "ilo-role": "/guide/ilo-roles/knowledge-broker/",
    "glossary": "/guide/glossary/",
    "ssf": "/guide/social-and-solidarity-finance/",
    "sstc-in-the-ilo": "/guide/sstc-in-the-ilo/",
    "why-ssc-works": "/guide/why-south-south-cooperation-works/",
    "not-found": "/case-studies/no-such-case-study/",
    "gone": f"/case-studies/{WITHDRAWN}/",
    "admin-login": "/admin/login/",
}

# The pages people most open, in each other language: its words, its lang attributes on text
# still in English (a case study), and the language switcher.
for language in ["fr", "es", "pt"]:
    for name in ["home", "catalogue-filtered", "case-study", "process-step", "not-found"]:
        PAGES[f"{name}-{language}"] = f"/{language}{PAGES[name]}"

STATUS = {"not-found": 404, "gone": 410, **{f"not-found-{language}": 404 for language in ["fr", "es", "pt"]}}
