"""What a page holds that a strict Content Security Policy would block, or that could run script.

The site's policy (``SECURE_CSP`` in sstc/settings.py) allows scripts and styles only from the
site's own files. A browser then refuses, without saying so to the reader:

- a ``<script>`` element without ``src`` (inline code); a ``<script>`` whose type is a JSON type,
  such as ``application/ld+json``, is a data block, never run, and is allowed;
- a ``<style>`` element, or a ``style`` attribute;
- an event attribute (``onclick``, ``onerror``, ...) and a ``javascript:`` address;
- a ``<base>`` element (``base-uri 'none'``), ``<object>`` and ``<embed>`` (``object-src 'none'``)
  and anything loaded from another site.

The page is parsed, not searched as text, so that escaped text which merely mentions
``<script>`` is not mistaken for an element.
"""

from html.parser import HTMLParser
from urllib.parse import urlsplit

# The types a <script> element may carry and still be data, never code (HTML's "data block").
DATA_BLOCK_TYPES = {"application/json", "application/ld+json"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "srcset", "xlink:href"}
REFUSED_ELEMENTS = {"style", "base", "object", "embed", "iframe", "frame", "applet"}


class _Inspector(HTMLParser):
    def __init__(self, refused_elements):
        super().__init__(convert_charrefs=True)
        self.refused_elements = refused_elements
        self.problems = []

    def handle_starttag(self, tag, attrs):
        self._inspect(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._inspect(tag, attrs)

    def _inspect(self, tag, attrs):
        where = f"<{tag} {' '.join(f'{name}={value!r}' for name, value in attrs)}>"[:200]
        names = {name for name, _ in attrs}
        values = dict(attrs)
        if tag == "script" and "src" not in names:
            kind = (values.get("type") or "").split(";")[0].strip().lower()
            if kind not in DATA_BLOCK_TYPES:
                self.problems.append(f"inline script: {where}")
        if tag in self.refused_elements:
            self.problems.append(f"<{tag}> element: {where}")
        if tag == "link" and "stylesheet" in (values.get("rel") or "").lower().split():
            self._inspect_url("src", values.get("href") or "", where)
        for name, value in attrs:
            if name == "style":
                self.problems.append(f"style attribute: {where}")
            elif name.startswith("on"):
                self.problems.append(f"event attribute {name}: {where}")
            elif name in URL_ATTRIBUTES and value:
                self._inspect_url(name, value, where)

    def _inspect_url(self, name, value, where):
        # Browsers ignore tabs, newlines and leading spaces in a scheme: "java\tscript:" runs.
        scheme = urlsplit("".join(value.split()).lower()).scheme
        if scheme in {"javascript", "vbscript", "data"}:
            self.problems.append(f"{scheme}: address in {name}: {where}")
        elif name in {"src", "srcset"} and (value.startswith("//") or scheme in {"http", "https"}):
            self.problems.append(f"loaded from another site: {where}")


def _inspect_page(html, refused_elements):
    inspector = _Inspector(refused_elements)
    inspector.feed(html)
    inspector.close()
    return inspector.problems


def csp_problems(html):
    """Everything in ``html`` that the site's Content Security Policy would block, in words."""
    return _inspect_page(html, REFUSED_ELEMENTS)


def injected_markup(html):
    """What curated text must never bring into a page: all of ``csp_problems`` and, besides, SVG and
    MathML (whose parsing rules let script and event attributes slip past sanitisers) and forms.

    The templates of case-study and guide pages write none of these elements, so any that appears
    there came from curated text.
    """
    return _inspect_page(html, REFUSED_ELEMENTS | {"svg", "math", "form", "input", "button", "textarea", "img"})
