"""How a case study is cited: a plain line, BibTeX, RIS, the page's meta tags and JSON-LD.

Every format names the same things: the International Labour Organization as author and
publisher, the title, the absolute permalink and the date of the last change, so a report
cites the version its writer read.

**What a reference manager files a case study under: a report.** A case study here is what
libraries call grey literature: a short account written and published by an institution, not
a journal article, a book or a bare web page, and it has an institution, a title, a date and an
address. Every format says so in its own words, so that the same case study saved three ways
lands under one type:

- BibTeX ``@techreport`` (biblatex reads it as ``@report``), with ``institution`` and
  ``type = {Case study}``: Zotero, JabRef and Mendeley import it as a report;
- RIS ``TY  - RPRT`` (report), with ``M3`` (type of work) ``Case study``;
- on the page, Highwire's ``citation_technical_report_institution``, the one tag from which
  Zotero's "Embedded Metadata" translator (the save button) infers a report (``hwType``); its
  other Highwire tags fill the title, author, date (``citation_publication_date``), publisher,
  address (``citation_public_url``, ``citation_abstract_html_url``), language and keywords.
  Dublin Core (``DC.*``, declared by ``<link rel="schema.DC">``) repeats them for the tools that
  read only that (Mendeley's web importer, library harvesters), with ``DC.type`` ``Text``.

The web page's type (``@misc``, RIS ``ELEC``) was the other candidate; it files a case study
beside blog posts, and styles then print it without its publisher. Zotero's Highwire reader
splits an author's name in two words (a corporate author is read as a person named
"Organization, International Labour"); the ``.bib`` and ``.ris`` keep it whole.
"""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info, gettext, gettext_noop

from .models import ShownText

# The files and meta tags keep these in English (their language is "en"); the citation line translates them.
AUTHOR = gettext_noop("International Labour Organization")
AUTHOR_URL = "https://www.ilo.org/"
SITE_NAME = gettext_noop("SSTC for Financing Decent Work: a knowledge base")
REPORT_TYPE = "Case study"
DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"

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


def read(case_study, text):
    """What a reader of this page reads of ``case_study``: ``text`` (a ``ShownText``), or its words
    in the active language where it has them; and the language of its title."""
    text = text or ShownText(case_study)
    return text, text.shown_language("title")


def citation_line(case_study, url, text=None):
    """The citation a reader copies: author, year, title, where, last change, permalink; on a page
    in another language than English, also the language read (the permalink is the English one)."""
    text, language = read(case_study, text)
    changed = last_changed(case_study)
    # Translators: a citation; keep its punctuation as your language's citation style writes it.
    line = gettext("%(author)s (%(year)s). %(title)s. %(site)s. Last changed %(date)s. %(url)s")
    line %= {
        "author": gettext(AUTHOR),
        "year": changed.year,
        "title": one_line(text.title),
        "site": gettext(SITE_NAME),
        "date": format_date(changed, "j F Y"),
        "url": url,
    }
    if get_language() != settings.LANGUAGE_CODE:
        # Translators: after a citation, the language of the text cited, e.g. "Read in English."
        line += " " + gettext("Read in %(language)s.") % {"language": get_language_info(language)["name_translated"]}
    return line


def bibtex_escape(text):
    return one_line(text).translate(BIBTEX_ESCAPES)


def bibtex(case_study, url, accessed=None, text=None):
    """A BibTeX ``@techreport`` entry, read by BibTeX, biblatex and the reference managers.

    The author is in double braces so that BibTeX takes it as one corporate name rather than
    a person called "Organization, International Labour"; the title is too, so styles keep its
    capitals. The URL is a verbatim field: a slug holds no character BibTeX would read.
    """
    text, language = read(case_study, text)
    changed = last_changed(case_study)
    accessed = accessed or timezone.localdate()
    fields = [
        ("title", f"{{{bibtex_escape(text.title)}}}"),
        ("author", f"{{{bibtex_escape(AUTHOR)}}}"),
        ("institution", bibtex_escape(AUTHOR)),
        ("type", REPORT_TYPE),
        ("series", bibtex_escape(SITE_NAME)),
        ("year", str(changed.year)),
        ("url", url),
        ("urldate", accessed.isoformat()),
        ("note", f"Last changed {changed.isoformat()}"),
    ]
    if language != settings.LANGUAGE_CODE:
        fields.append(("langid", get_language_info(language)["name"].lower()))
    lines = [f"@techreport{{{case_study.slug},"]
    lines += [f"  {name} = {{{value}}}," for name, value in fields]
    lines.append("}")
    return "\n".join(lines) + "\n"


def ris(case_study, url, accessed=None, text=None):
    """An RIS record of type RPRT (report): one ``TAG  - value`` per line, ended by ``ER  -``."""
    text, language = read(case_study, text)
    changed = last_changed(case_study)
    accessed = accessed or timezone.localdate()
    fields = [
        ("TY", "RPRT"),
        ("TI", text.title),
        ("AU", AUTHOR),
        ("PB", AUTHOR),
        ("T2", SITE_NAME),
        ("M3", REPORT_TYPE),
        ("PY", str(changed.year)),
        ("DA", changed.strftime("%Y/%m/%d")),
        ("UR", url),
        ("Y2", accessed.strftime("%Y/%m/%d")),
        ("AB", text.summary),
        *(("KW", theme.name) for theme in case_study.themes.all()),
        ("N1", f"Last changed {changed.isoformat()}"),
        ("LA", language),
    ]
    lines = [f"{tag}  - {one_line(value)}" for tag, value in fields if value]
    lines.append("ER  - ")
    # The RIS specification ends lines with CR LF.
    return "\r\n".join(lines) + "\r\n"


def meta_tags(case_study, url, text=None):
    """``[(name, content), ...]``: the Highwire ``citation_*`` and Dublin Core ``DC.*`` meta tags
    of a case study's page, for the reference managers' save buttons and Google Scholar."""
    text, language = read(case_study, text)
    changed = last_changed(case_study)
    themes = [theme.name for theme in case_study.themes.all()]
    tags = [
        ("citation_title", one_line(text.title)),
        ("citation_author", AUTHOR),
        ("citation_publication_date", changed.strftime("%Y/%m/%d")),
        ("citation_technical_report_institution", AUTHOR),
        ("citation_publisher", AUTHOR),
        ("citation_series_title", SITE_NAME),
        ("citation_public_url", url),
        ("citation_abstract_html_url", url),
        ("citation_language", language),
        ("citation_keywords", "; ".join(themes)),
        ("DC.title", one_line(text.title)),
        ("DC.creator", AUTHOR),
        ("DC.publisher", AUTHOR),
        ("DC.date", changed.isoformat()),
        ("DC.identifier", url),
        ("DC.type", "Text"),
        ("DC.format", "text/html"),
        ("DC.language", language),
        ("DC.description", one_line(text.summary)),
        *(("DC.subject", theme) for theme in themes),
    ]
    if case_study.published_at:
        tags.insert(3, ("citation_online_date", timezone.localdate(case_study.published_at).strftime("%Y/%m/%d")))
    return [(name, content) for name, content in tags if content]


def schema_org(case_study, url, absolute, text=None):
    """The schema.org description of a case study page, as a dict ready for JSON.

    ``absolute`` makes a site path absolute (``sstc.origin.absolute``).
    """
    text, language = read(case_study, text)
    publisher = {"@type": "Organization", "name": AUTHOR, "url": AUTHOR_URL}
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "name": text.title,
        "headline": text.title[:110],
        "description": text.summary,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": language,
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
