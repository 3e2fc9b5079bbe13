"""One road from a slug in a public address to the case study it names.

Reports link to ``/case-studies/<slug>/`` and its ``cite.bib`` and ``cite.ris``, so every one
of them answers the same way for the same slug (design.md, "Permalinks"):

- a published case study: the page;
- a slug the case study had before: ``301`` to the same view under the current slug, kept a day;
- a withdrawn case study: ``410 Gone``, with a page that still names it and says when and why;
- a draft: ``404``, except to staff who may change case studies, who see it marked as a draft
  and never cached or indexed (the admin's "view on site").
"""

from functools import partial, wraps

from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext

from core.roles import is_curator

from .models import VECTORS, CaseStudy, FormerSlug

# How long a browser or a shared cache may keep a former slug's 301: a day.
FORMER_SLUG_MAX_AGE = 24 * 60 * 60


def is_visible(request, case_study):
    return case_study.status != CaseStudy.Status.DRAFT or is_curator(request.user)


def case_study_view(view=None, *, read=None):
    """Decorate ``view(request, case_study)`` so that it is called only for a case study the
    requester may see, with the slug in the address resolved as the module docstring says.

    ``read`` gives the queryset the case study is read with, so that a page reads what it shows
    in the same queries (``@case_study_view(read=CaseStudy.objects.for_page)``); by default, the
    case study and its modality.
    """
    if view is None:
        return partial(case_study_view, read=read)

    @wraps(view)
    def wrapper(request, slug):
        # Not the search vector (about 10 KB), which only the database reads: a page kept whole
        # (views.detail) needs this one row read, and fast.
        queryset = read() if read else CaseStudy.objects.select_related("modality").defer(*VECTORS)
        case_study = queryset.filter(slug=slug).first()
        if case_study is None:
            former = FormerSlug.objects.select_related("case_study").filter(slug=slug).first()
            if former is None or not is_visible(request, former.case_study):
                raise Http404(gettext("No case study has this address."))
            current = reverse(request.resolver_match.view_name, kwargs={"slug": former.case_study.slug})
            query = request.META.get("QUERY_STRING", "")
            redirect = HttpResponsePermanentRedirect(f"{current}?{query}" if query else current)
            # Kept a day at most, so that a slug renamed back (the redirect then reversed) never
            # leaves a reader's browser going round in a loop for longer.
            patch_cache_control(redirect, max_age=FORMER_SLUG_MAX_AGE)
            return redirect
        if case_study.status == CaseStudy.Status.WITHDRAWN:
            return render(request, "casestudies/casestudy_gone.html", {"case_study": case_study}, status=410)
        if not is_visible(request, case_study):
            raise Http404(gettext("No case study has this address."))
        response = view(request, case_study)
        if case_study.status == CaseStudy.Status.DRAFT:
            # A preview for staff: never kept by a shared cache, never by the browser either.
            response["Cache-Control"] = "private, no-store"
            response["X-Robots-Tag"] = "noindex"
        return response

    return wrapper
