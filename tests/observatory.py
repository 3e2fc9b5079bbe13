"""Mozilla's HTTP Observatory, as far as it grades response headers: a score and a grade for a response.

The rules are those of the Observatory's published scoring (MDN, "HTTP Observatory: tests and
scoring", https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring), as coded in
https://github.com/mdn/mdn-http-observatory: ``src/grader/charts.js`` (``SCORE_TABLE``: each
result's modifier; ``GRADE_CHART``; ``MINIMUM_SCORE_FOR_EXTRA_CREDIT`` = 90), ``src/scanner/index.js``
(the score starts at 100; every modifier is added; bonuses count only when the score with the
penalties alone is at least 90) and ``src/analyzer/tests/*.js`` (what each result means).

Each test below follows its file there, for the parts a response shows:

- content-security-policy: not implemented -25; ``'unsafe-inline'`` or ``data:`` in script-src, or a
  broad source (``*``, ``https:`` ...) in script-src or object-src (each falling back to default-src),
  -20; ``'unsafe-eval'`` -10; ``'unsafe-inline'``, ``data:`` or a broad source in style-src 0;
  otherwise +10 with ``default-src 'none'`` and +5 without;
- cookies: none 0; a session cookie (name holding "sess" or "login") without HttpOnly -30 or
  without Secure -40 (-10 if HSTS is set); any cookie without Secure -20 (-5 with HSTS); an
  anti-CSRF cookie (name holding "csrf") without SameSite -20; an invalid SameSite -20; all Secure,
  sessions HttpOnly and every cookie with SameSite +5, without SameSite somewhere 0;
- cross-origin-resource-sharing: ``Access-Control-Allow-Origin`` reflecting the scanner's origin
  with credentials -50, otherwise 0;
- redirection: plain HTTP answered by a redirect to HTTPS on the same host 0; to another host -5;
  first to another http address -10; never to HTTPS -20;
- referrer-policy: ``no-referrer``, ``same-origin``, ``strict-origin`` or
  ``strict-origin-when-cross-origin`` +5; absent 0; an unsafe policy or an unknown value -5;
- strict-transport-security: max-age of at least 15552000 s 0, less -10, absent or unreadable -20;
  +5 for a host on the browsers' preload list, which is a list, not a header: no credit here;
- subresource-integrity: no script, or scripts from the site's own domain, 0; from another domain
  over HTTPS without ``integrity`` -5, over http -50 (-20 with ``integrity``); every script from
  elsewhere, or one of the site's own, with ``integrity`` over HTTPS +5;
- x-content-type-options: ``nosniff`` 0, otherwise -5;
- x-frame-options: ``frame-ancestors`` in the CSP +5; ``DENY`` or ``SAMEORIGIN`` 0; absent -20;
- cross-origin-resource-policy: ``same-origin`` or ``same-site`` +10; ``cross-origin`` or absent 0;
  anything else -5.

Grades: A+ from 100, A from 90, A- 85, B+ 80, B 70, B- 65, C+ 60, C 50, C- 45, D+ 40, D 30, D- 25, F.

Left out, because a response cannot show them: the certificate checks, the preload list, a
``<meta http-equiv>`` CSP (the site sends none) and duplicate CSP directives (which only change
the wording of a passing result).
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

MINIMUM_SCORE_FOR_EXTRA_CREDIT = 90
GRADES = [
    (100, "A+"),
    (90, "A"),
    (85, "A-"),
    (80, "B+"),
    (70, "B"),
    (65, "B-"),
    (60, "C+"),
    (50, "C"),
    (45, "C-"),
    (40, "D+"),
    (30, "D"),
    (25, "D-"),
    (0, "F"),
]
BROAD_SOURCES = {"ftp:", "http:", "https:", "*", "http://*", "http://*.*", "https://*", "https://*.*"}
UNSAFE_INLINE = {"'unsafe-inline'", "data:"}
PRIVATE_REFERRER_POLICIES = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
UNSAFE_REFERRER_POLICIES = {"origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade"}
SIX_MONTHS = 15_552_000


@dataclass
class Scan:
    """The modifier of each test, and the score and grade they make."""

    modifiers: dict = field(default_factory=dict)

    @property
    def score(self):
        penalties = 100 + sum(value for value in self.modifiers.values() if value < 0)
        if penalties < MINIMUM_SCORE_FOR_EXTRA_CREDIT:
            return max(penalties, 0)
        return 100 + sum(self.modifiers.values())

    @property
    def grade(self):
        return next(grade for floor, grade in GRADES if self.score >= floor)

    def __str__(self):
        tests = ", ".join(f"{name} {value:+d}" for name, value in self.modifiers.items())
        return f"{self.score} ({self.grade}): {tests}"


def scan(response, html="", http_response=None, set_cookies=(), origin="https://testserver"):
    """Score ``response`` (the page, fetched over HTTPS) as the Observatory would.

    ``http_response`` is the answer to the same address over plain HTTP; ``set_cookies`` the
    Set-Cookie headers the scan collected (the site's own pages set none for a visitor).
    """
    csp = parse_csp(response.headers.get("Content-Security-Policy"))
    hsts = strict_transport_security(response.headers.get("Strict-Transport-Security"))
    return Scan(
        {
            "content-security-policy": content_security_policy(csp),
            "cookies": cookies(set_cookies, hsts_passes=hsts == 0),
            "cross-origin-resource-sharing": cross_origin_resource_sharing(response.headers),
            "redirection": redirection(http_response, origin),
            "referrer-policy": referrer_policy(response.headers.get("Referrer-Policy")),
            "strict-transport-security": hsts,
            "subresource-integrity": subresource_integrity(html, origin),
            "x-content-type-options": 0 if _lower(response.headers.get("X-Content-Type-Options")) == "nosniff" else -5,
            "x-frame-options": x_frame_options(response.headers.get("X-Frame-Options"), csp),
            "cross-origin-resource-policy": cross_origin_resource_policy(
                response.headers.get("Cross-Origin-Resource-Policy")
            ),
        }
    )


def _lower(value):
    return (value or "").strip().lower()


def parse_csp(header):
    """{directive: set of sources}, or None without a policy. The first of a repeated directive wins."""
    if not header:
        return None
    policy = {}
    for part in header.split(";"):
        words = part.strip().lower().split()
        if words:
            policy.setdefault(words[0], set(words[1:]))
    return policy


def content_security_policy(csp):
    if not csp:
        return -25
    default = csp.get("default-src", {"*"})
    script_src = set(csp.get("script-src", default))
    style_src = set(csp.get("style-src", default))
    object_src = csp.get("object-src", default)
    for sources in (script_src, style_src):
        if any(source.startswith(("'nonce-", "'sha256-", "'sha384-", "'sha512-")) for source in sources):
            sources.discard("'unsafe-inline'")
    if script_src & (BROAD_SOURCES | UNSAFE_INLINE) or object_src & BROAD_SOURCES:
        return -20
    if any(source.startswith(("http:", "ftp:")) for sources in csp.values() for source in sources):
        return -20
    if "'unsafe-eval'" in script_src | style_src:
        return -10
    if style_src & (BROAD_SOURCES | UNSAFE_INLINE):
        return 0
    return 10 if csp.get("default-src") == {"'none'"} else 5


def cookies(set_cookies, hsts_passes):
    if not set_cookies:
        return 0
    results = []
    missing_samesite = False
    for header in set_cookies:
        samesite = next(
            (part.partition("=")[2].strip().lower() for part in header.split(";") if _is_samesite(part)), None
        )
        if samesite is not None and samesite not in {"lax", "strict", "none"}:
            results.append(-20)
        [(name, morsel)] = SimpleCookie(header).items()
        name = name.lower()
        secure, httponly = bool(morsel["secure"]), bool(morsel["httponly"])
        session, anti_csrf = "sess" in name or "login" in name, "csrf" in name
        if not secure and samesite == "none":
            results.append(-20)
        if not secure:
            results.append(-5 if hsts_passes else -20)
        if anti_csrf and not samesite:
            results.append(-20)
        if session and not secure:
            results.append(-10 if hsts_passes else -40)
        if session and not httponly:
            results.append(-30)
        missing_samesite = missing_samesite or not samesite
    if results:
        return min(results)
    return 0 if missing_samesite else 5


def _is_samesite(attribute):
    return attribute.strip().lower().partition("=")[0].strip() == "samesite"


def cross_origin_resource_sharing(headers):
    allowed = headers.get("Access-Control-Allow-Origin")
    credentials = _lower(headers.get("Access-Control-Allow-Credentials")) == "true"
    if allowed and allowed.strip() not in {"*", "null"} and credentials:
        return -50
    return 0


def redirection(http_response, origin):
    if http_response is None:
        return -20
    if http_response.status_code not in {301, 302, 303, 307, 308}:
        return -20
    target = urlsplit(http_response["Location"])
    if target.scheme != "https":
        return -10 if target.scheme == "http" else -20
    return 0 if target.hostname == urlsplit(origin).hostname else -5


def referrer_policy(header):
    if not header:
        return 0
    known = [value.strip().lower() for value in header.split(",") if value.strip().lower()]
    known = [value for value in known if value in PRIVATE_REFERRER_POLICIES | UNSAFE_REFERRER_POLICIES]
    return 5 if known and known[-1] in PRIVATE_REFERRER_POLICIES else -5


def strict_transport_security(header):
    if not header or "," in header:
        return -20
    max_age = None
    for parameter in header.split(";"):
        name, _, value = parameter.strip().lower().partition("=")
        if name == "max-age" and value.strip().isdigit():
            max_age = int(value)
    if max_age is None:
        return -20
    return 0 if max_age >= SIX_MONTHS else -10


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.scripts.append(attrs)


def subresource_integrity(html, origin):
    parser = _Scripts()
    parser.feed(html)
    site = _domain(urlsplit(origin).hostname)
    penalties, bonus = [], False
    for script in parser.scripts:
        src, integrity = script["src"], bool(script.get("integrity"))
        target = urlsplit(src)
        if not src.startswith("//") and not target.scheme:  # an address on the page's own origin
            bonus = bonus or (integrity and origin.startswith("https:"))
        elif not src.startswith("//") and _domain(target.hostname) == site:
            continue
        elif target.scheme == "https":
            bonus = bonus or integrity
            penalties += [] if integrity else [-5]
        else:
            penalties.append(-20 if integrity else -50)
    if penalties:
        return min(penalties)
    return 5 if bonus else 0


def _domain(hostname):
    return ".".join((hostname or "").split(".")[-2:])


def x_frame_options(header, csp):
    if csp and "frame-ancestors" in csp:
        return 5
    value = _lower(header)
    if value in {"deny", "sameorigin"} or value.startswith("allow-from"):
        return 0
    return -20


def cross_origin_resource_policy(header):
    value = _lower(header)
    if not value or value == "cross-origin":
        return 0
    return 10 if value in {"same-origin", "same-site"} else -5
