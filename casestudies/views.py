from django.conf import settings
from django.db.models import Count, F, Q, prefetch_related_objects
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.utils.translation import get_language, gettext, override

from core.caching import cached, catalogue_version, is_anonymous, kept, public_page
from guide.models import FinanceMechanism, Principle, SubModality
from sstc.origin import absolute

from . import citation, exports
from .catalogue import page_context
from .filters import read_query
from .models import CaseStudy, CaseStudyTranslation, Region, ShownText, Theme, page_relations, with_shown_text
from .permalinks import case_study_view
from .related import related_case_studies


def with_published_count(options, path):
    """Entry points into the catalogue, each with the number of published case studies it leads to."""
    published = Q(**{f"{path}__status": CaseStudy.Status.PUBLISHED})
    return options.annotate(published=Count(path, filter=published, distinct=True))


def entry_points():
    """The home page's ways into the catalogue, with their counts: over a second at 100,000 case
    studies, so kept in the cache for this version of the catalogue."""
    return {
        "regions": list(with_published_count(Region.objects.all(), "countries__case_studies")),
        "submodalities": list(with_published_count(SubModality.objects.all(), "case_studies")),
        "mechanisms": list(with_published_count(FinanceMechanism.objects.all(), "case_studies")),
        "themes": list(with_published_count(Theme.objects.all(), "case_studies")),
    }


@public_page
def home(request):
    return render(
        request,
        "home.html",
        {
            "principles": Principle.objects.all(),
            **cached(request, "home-entry-points", (), entry_points),
            "recent": with_shown_text(
                CaseStudy.objects.published().for_list().order_by(F("published_at").desc(nulls_last=True), "title")[:6]
            ),
        },
    )


@public_page
def catalogue(request):
    return render(request, "casestudies/casestudy_list.html", page_context(request))


@public_page
def export(request, file_format):
    """The catalogue's filtered list as a file; a request it cannot fully understand is refused."""
    query = read_query(request.GET)
    if query.problems:
        return HttpResponseBadRequest(
            gettext("This export was not made, because part of its query was not understood:")
            + "\n"
            + "\n".join(f"- {problem}" for problem in query.problems),
            content_type="text/plain; charset=utf-8",
        )
    whole = not any(values for _name, values in query.params.lists())
    return exports.limited_response(query.case_studies, file_format, request, whole=whole)


# How long a case study's rendered page is kept; a change of the catalogue makes it unreachable at once.
PAGE_TIMEOUT = 60 * 60


@public_page(whole=False)
@case_study_view
def detail(request, case_study):
    """A case study's page, rendered once per version of the catalogue for anonymous readers.

    The slug is looked up every time (``case_study_view``: a page withdrawn or moved since must not
    be given from a copy); what the page shows, the case study's relations, related case studies and
    the guide's names for its concepts, changes only with the catalogue's version, so the rendered
    page is kept under it. Curators and development always render it anew.
    """
    if (
        settings.DEBUG
        or not settings.KEEP_PUBLIC_PAGES
        or not is_anonymous(request)
        or case_study.status != CaseStudy.Status.PUBLISHED
    ):
        return HttpResponse(render_detail(request, case_study))
    key = f"case-study-page:{case_study.pk}:{get_language()}:{catalogue_version(request)[2]}"
    return HttpResponse(kept(key, lambda: render_detail(request, case_study), PAGE_TIMEOUT))


def english_permalink(case_study):
    """The address a citation gives, read in any language: the English one, which the URL contract
    keeps for ever; the language read is named beside it (``citation``)."""
    with override(settings.LANGUAGE_CODE):
        return absolute(case_study.get_absolute_url())


def shown_text(case_study):
    """Its title, summary and account in the page's language where translated, or the English."""
    language = get_language()
    if language == settings.LANGUAGE_CODE:
        return ShownText(case_study)
    translations = CaseStudyTranslation.objects.filter(case_study=case_study, language=language).defer("search_vector")
    return ShownText(case_study, translations.first())


def render_detail(request, case_study):
    """The page of ``case_study`` (read with its modality), as text, its relations read in one query each."""
    prefetch_related_objects([case_study], *page_relations())
    permalink = english_permalink(case_study)
    text = shown_text(case_study)
    return render_to_string(
        "casestudies/casestudy_detail.html",
        {
            "case_study": case_study,
            "text": text,
            "regions": case_study.regions,
            "related": related_case_studies(case_study),
            "permalink": permalink,
            # This language's page: the page itself for search engines, which list each language's.
            "canonical": absolute(case_study.get_absolute_url()),
            "citation": citation.citation_line(case_study, permalink, text),
            "citation_meta": citation.meta_tags(case_study, permalink, text),
            "dublin_core": citation.DUBLIN_CORE,
            "json_ld": citation.json_ld_script(citation.schema_org(case_study, permalink, absolute, text)),
        },
        request,
    )


def citation_file(text, content_type, filename):
    response = HttpResponse(text, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


@public_page(whole=False)
@case_study_view
def cite_bib(request, case_study):
    permalink = english_permalink(case_study)
    bibtex = citation.bibtex(case_study, permalink, text=shown_text(case_study))
    return citation_file(bibtex, "application/x-bibtex", f"{case_study.slug}.bib")


@public_page(whole=False)
@case_study_view
def cite_ris(request, case_study):
    permalink = english_permalink(case_study)
    prefetch_related_objects([case_study], "themes")
    return citation_file(
        citation.ris(case_study, permalink, text=shown_text(case_study)),
        "application/x-research-info-systems",
        f"{case_study.slug}.ris",
    )
