"""How a case study is cited: a plain line, BibTeX, RIS and schema.org JSON-LD.

Every format names the same things: the International Labour Organization as author and
publisher, the title, the absolute permalink and the date of the last change, so a report
cites the version its writer read.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.html import format_html
from django.utils.safestring import mark_safe

AUTHOR = "International Labour Organization"
AUTHOR_URL = "https://www.ilo.org/"
SITE_NAME = "SSTC for Financing Decent Work: a knowledge base"

# BibTeX gives these characters a meaning of their own; in a field they stand for themselves.
BIBTEX_ESCAPES = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "%": r"\%",
        "&": r"\&",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "^": r"\^{}",
        "~": r"\~{}",
    }
)

# What would end a <script> element or open a comment inside it, written as JSON escapes instead.
SCRIPT_DATA_ESCAPES = str.maketrans({"<": "\\u003C", ">": "\\u003E", "&": "\\u0026"})


def one_line(text):
    """Text on one line, for formats that end a field at the end of a line."""
    return " ".join(str(text).split())


def last_changed(case_study):
    return timezone.localdate(case_study.updated)


def citation_line(case_study, url):
    """The citation a reader copies: author, year, title, where, last change, permalink."""
    changed = last_changed(case_study)
    return (
        f"{AUTHOR} ({changed.year}). {one_line(case_study.title)}. {SITE_NAME}. "
        f"Last changed {format_date(changed, 'j F Y')}. {url}"
    )


def bibtex_escape(text):
    return one_line(text).translate(BIBTEX_ESCAPES)


def bibtex(case_study, url, accessed=None):
    """A BibTeX ``@misc`` entry, read by BibTeX, biblatex and the reference managers.

    The author is in double braces so that BibTeX takes it as one corporate name rather than
    a person called "Organization, International Labour"; the title is too, so styles keep its
    capitals. The URL is a verbatim field: a slug holds no character BibTeX would read.
    """
    changed = last_changed(case_study)
    accessed = accessed or timezone.localdate()
    fields = [
        ("title", f"{{{bibtex_escape(case_study.title)}}}"),
        ("author", f"{{{bibtex_escape(AUTHOR)}}}"),
        ("organization", bibtex_escape(AUTHOR)),
        ("howpublished", bibtex_escape(SITE_NAME)),
        ("year", str(changed.year)),
        ("url", url),
        ("urldate", accessed.isoformat()),
        ("note", f"Last changed {changed.isoformat()}"),
    ]
    lines = [f"@misc{{{case_study.slug},"]
    lines += [f"  {name} = {{{value}}}," for name, value in fields]
    lines.append("}")
    return "\n".join(lines) + "\n"


def ris(case_study, url, accessed=None):
    """An RIS record of type ELEC (web page): one ``TAG  - value`` per line, ended by ``ER  -``."""
    changed = last_changed(case_study)
    accessed = accessed or timezone.localdate()
    fields = [
        ("TY", "ELEC"),
        ("TI", case_study.title),
        ("AU", AUTHOR),
        ("PB", AUTHOR),
        ("T2", SITE_NAME),
        ("PY", str(changed.year)),
        ("DA", changed.strftime("%Y/%m/%d")),
        ("UR", url),
        ("Y2", accessed.strftime("%Y/%m/%d")),
        ("AB", case_study.summary),
        *(("KW", theme.name) for theme in case_study.themes.all()),
        ("N1", f"Last changed {changed.isoformat()}"),
        ("LA", "en"),
    ]
    lines = [f"{tag}  - {one_line(value)}" for tag, value in fields if value]
    lines.append("ER  - ")
    # The RIS specification ends lines with CR LF.
    return "\r\n".join(lines) + "\r\n"


def schema_org(case_study, url, absolute):
    """The schema.org description of a case study page, as a dict ready for JSON.

    ``absolute`` makes a site path absolute (``sstc.origin.absolute``).
    """
    publisher = {"@type": "Organization", "name": AUTHOR, "url": AUTHOR_URL}
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "name": case_study.title,
        "headline": case_study.title[:110],
        "description": case_study.summary,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": "en",
        "author": publisher,
        "publisher": publisher,
        "dateModified": case_study.updated,
        "about": [
            {"@type": "DefinedTerm", "name": theme.name, "url": absolute(theme.get_absolute_url())}
            for theme in case_study.themes.all()
        ],
        "spatialCoverage": [
            {"@type": "Country", "name": country.name, "identifier": country.iso2}
            for country in case_study.countries.all()
        ],
    }
    if case_study.published_at:
        data["datePublished"] = case_study.published_at
    if case_study.start_year:
        data["temporalCoverage"] = f"{case_study.start_year}/{case_study.end_year or '..'}"
    return data


def json_ld_script(data):
    """``data`` in a ``<script type="application/ld+json">`` element that no value can break out of."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(SCRIPT_DATA_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308
