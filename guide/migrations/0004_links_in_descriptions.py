"""Issue 12: the guide's pages link what their words name.

A concept's description cites the guide's sections ("(section 3)") and names the guide's case
studies; each such phrase becomes a Markdown link: a section to the page (or the place on the
contents page) that covers it, a case study to its page. The links are data, in the descriptions
(and in fixtures/guide.json for new databases), and reach the page through the one sanitiser
(core/markup.py).

``load_guide`` only adds missing rows, so this brings existing databases up to date: each phrase is
replaced only in the description of the row named and only where the phrase is still there, so a
curator's rewording is kept. Reversible: backwards, each link becomes the plain phrase again.
"""

from django.db import migrations
from django.db.models import F
from django.utils import timezone

# (model, slug, the phrase as the earlier fixtures wrote it, the phrase with its link)
REPLACEMENTS = [
    ('financemechanism', 'credit-unions', "The case study of\nMalaysia's Credit Union Promotion Centre", "The [case study of Malaysia's Credit Union Promotion Centre](/case-studies/malaysia-credit-union-promotion-centre/)"),
    ('financemechanism', 'roscas', "The guide's Kenyan case study", "The guide's [Kenyan case study](/case-studies/kenya-roscas/)"),
    ('financemechanism', 'village-banks', "The guide's Lao case study", "The guide's [Lao case study](/case-studies/laos-village-bank/)"),
    ('financemechanism', 'self-help-group-bank-linkage', 'Bank Indonesia asked Bina Swadaya', 'Bank Indonesia asked [Bina Swadaya](/case-studies/indonesia-shg-bank-linkage/)'),
    ('financemechanism', 'self-help-group-bank-linkage', "the Vasundhara Cooperative's programme", "the [Vasundhara Cooperative's programme](/case-studies/india-shg-bank-linkage/)"),
    ('financemechanism', 'revolving-loan-funds', "the guide's Indonesian case study", "the guide's [Indonesian case study](/case-studies/indonesia-shg-bank-linkage/)"),
    ('submodality', 'city-to-city', '**Example – the Maputo Road Map**', '**Example – [the Maputo Road Map](/case-studies/maputo-road-map/)**'),
    ('submodality', 'sids-to-sids', '**Example – Pacific Islands Knowledge Sharing Forum on Climate Change (2018)**', '**Example – [Pacific Islands Knowledge Sharing Forum on Climate Change](/case-studies/pacific-islands-climate-forum/) (2018)**'),
    ('submodality', 'sids-to-sids', 'the India-UN Development Partnership Fund – Commonwealth encourages', 'the [India-UN Development Partnership Fund – Commonwealth](/case-studies/india-un-fund-commonwealth/) encourages'),
    ('submodality', 'fragile-to-fragile', '**Example – cross-border traders of the Mano River Union**', '**Example – [cross-border traders of the Mano River Union](/case-studies/mano-river-union-cross-border-traders/)**'),
    ('financemechanism', 'social-impact-bonds', 'tobacco control social\nimpact bond (T-SIB) in Zambia', '[tobacco control social impact bond (T-SIB) in Zambia](/case-studies/zambia-tobacco-social-impact-bond/)'),
    ('financemechanism', 'trust-funds', 'a two-year US$1.5 million project for vulnerable children and\nyouth in Haiti', 'a two-year US$1.5 million [project for vulnerable children and youth in Haiti](/case-studies/ibsa-fund-haiti/)'),
    ('financemechanism', 'trust-funds', 'The guide describes the India-UN Development Partnership Fund – Commonwealth', 'The guide describes the [India-UN Development Partnership Fund – Commonwealth](/case-studies/india-un-fund-commonwealth/)'),
    ('financemechanism', 'conditional-cash-transfers', "Brazil's Bolsa Verde (green grant) programme", "Brazil's [Bolsa Verde](/case-studies/bolsa-verde/) (green grant) programme"),
    ('actortype', 'local-governments', 'In the Maputo Road Map example', 'In the [Maputo Road Map](/case-studies/maputo-road-map/) example'),
    ('actortype', 'academic-institutions', "Indonesia's village-owned enterprise BUMDes", "Indonesia's village-owned enterprise [BUMDes](/case-studies/indonesia-bumdes/)"),
    ('actortype', 'workers-organisations', 'the Zambian tobacco social impact bond', 'the [Zambian tobacco social impact bond](/case-studies/zambia-tobacco-social-impact-bond/)'),
    ('actortype', 'private-sector', 'the Zambian tobacco social impact bond', 'the [Zambian tobacco social impact bond](/case-studies/zambia-tobacco-social-impact-bond/)'),
    ('actortype', 'international-organisations', '(the Zambian tobacco social impact bond)', '(the [Zambian tobacco social impact bond](/case-studies/zambia-tobacco-social-impact-bond/))'),
    ('actortype', 'national-institutions', 'in the IBSA-funded project', 'in the [IBSA-funded project](/case-studies/ibsa-fund-haiti/)'),
    ('actortype', 'national-institutions', 'which runs the Bolsa Verde programme', 'which runs the [Bolsa Verde](/case-studies/bolsa-verde/) programme'),
    ('actortype', 'sse-enterprises', 'credit unions in\nMalaysia, ROSCAs in Kenya, village banks in Laos, self-help groups in Indonesia and the Vasundhara Cooperative\nin India', '[credit unions in Malaysia](/case-studies/malaysia-credit-union-promotion-centre/), [ROSCAs in Kenya](/case-studies/kenya-roscas/), [village banks in Laos](/case-studies/laos-village-bank/), [self-help groups in Indonesia](/case-studies/indonesia-shg-bank-linkage/) and the [Vasundhara Cooperative in India](/case-studies/india-shg-bank-linkage/)'),
    ('ilorole', 'technical-support', 'village banks in Laos', '[village banks in Laos](/case-studies/laos-village-bank/)'),
    ('ilorole', 'support-for-visibility-of-results', 'the Pacific Islands knowledge-sharing forum', 'the [Pacific Islands knowledge-sharing forum](/case-studies/pacific-islands-climate-forum/)'),
    ('principle', 'solidarity', '(Financing Decent Work, section 2)', '(Financing Decent Work, [section 2](/guide/#mechanisms))'),
    ('principle', 'solidarity', '**Financing Decent Work** (section 2)', '**Financing Decent Work** ([section 2](/guide/#mechanisms))'),
    ('principle', 'solidarity', '(section 3)', '([section 3](/guide/#actors))'),
    ('principle', 'solidarity', '(section 1)', '([section 1](/guide/#principles))'),
    ('principle', 'national-ownership-and-leadership', '(Financing Decent Work, section 2)', '(Financing Decent Work, [section 2](/guide/#mechanisms))'),
    ('principle', 'national-ownership-and-leadership', '(section 5)', '([section 5](/guide/#steps))'),
    ('principle', 'national-ownership-and-leadership', '(section 2)', '([section 2](/guide/#modalities))'),
    ('principle', 'national-ownership-and-leadership', '(section 1)', '([section 1](/guide/#principles))'),
    ('principle', 'mutual-benefit', '(Financing Decent Work, section 2)', '(Financing Decent Work, [section 2](/guide/#mechanisms))'),
    ('principle', 'mutual-benefit', '**Financing Decent Work** (section 2)', '**Financing Decent Work** ([section 2](/guide/#mechanisms))'),
    ('principle', 'mutual-benefit', '(section 2)', '([section 2](/guide/#modalities))'),
    ('principle', 'mutual-benefit', '(section 1)', '([section 1](/guide/#principles))'),
    ('principle', 'non-conditionality', '(Financing Decent Work, section 2)', '(Financing Decent Work, [section 2](/guide/#mechanisms))'),
    ('principle', 'non-conditionality', '(section 3)', '([section 3](/guide/#actors))'),
    ('principle', 'non-conditionality', '(section 1)', '([section 1](/guide/#principles))'),
    ('principle', 'complementarity', '(section 3)', '([section 3](/guide/#actors))'),
    ('principle', 'complementarity', '(section 2)', '([section 2](/guide/#modalities))'),
    ('principle', 'respect-for-national-sovereignty', '(Financing Decent Work, section 2)', '(Financing Decent Work, [section 2](/guide/#mechanisms))'),
    ('principle', 'respect-for-national-sovereignty', '(section 2)', '([section 2](/guide/#modalities))'),
    ('principle', 'demand-driven', '(section 5)', '([section 5](/guide/#steps))'),
    ('principle', 'demand-driven', '(section 2)', '([section 2](/guide/#modalities))'),
    ('principle', 'demand-driven', '(section 6)', '([section 6](/guide/#dos-and-donts))'),
    ('principle', 'demand-driven', '(section 1)', '([section 1](/guide/#principles))'),
    ('modality', 'south-south', 'Section 1 of the guide', '[Section 1](/guide/#principles) of the guide'),
    ('modality', 'triangular', '(section 6)', '([section 6](/guide/#dos-and-donts))'),
    ('modality', 'triangular', '(sections 2 and 4)', '(sections [2](/guide/#modalities) and [4](/guide/frameworks/bapa-40/))'),
    ('submodality', 'sids-to-sids', '(Financing Decent Work, section 4)', '(Financing Decent Work, [section 4](/guide/#case-studies-more))'),
    ('actortype', 'governments', '(Financing Decent Work, section 1)', '(Financing Decent Work, [section 1](/guide/sstc-in-the-ilo/))'),
    ('actortype', 'governments', '(section 5)', '([section 5](/guide/#steps))'),
    ('actortype', 'workers-organisations', '(section 3)', '([section 3](/guide/#actors))'),
    ('actortype', 'workers-organisations', '(section 6)', '([section 6](/guide/#dos-and-donts))'),
    ('actortype', 'workers-organisations', '(section 5)', '([section 5](/guide/#steps))'),
    ('actortype', 'employers-organisations', '(Financing Decent Work, section 1)', '(Financing Decent Work, [section 1](/guide/sstc-in-the-ilo/))'),
    ('actortype', 'employers-organisations', '(section 3)', '([section 3](/guide/#actors))'),
    ('actortype', 'employers-organisations', '(section 6)', '([section 6](/guide/#dos-and-donts))'),
    ('actortype', 'employers-organisations', '(section 5)', '([section 5](/guide/#steps))'),
    ('financemechanism', 'social-and-ethical-banking', '(Financing Decent Work, section 2)', '(Financing Decent Work, [section 2](/guide/#mechanisms))'),
    ('financemechanism', 'credit-unions', '(Financing Decent Work, section 2)', '(Financing Decent Work, [section 2](/guide/#mechanisms))'),
    ('financemechanism', 'credit-unions', '(section 3)', '([section 3](/guide/#case-studies-ssf))'),
    ('financemechanism', 'cooperative-banks', '(Financing Decent Work, section 2)', '(Financing Decent Work, [section 2](/guide/#mechanisms))'),
    ('financemechanism', 'building-societies', '(Financing Decent Work, section 2)', '(Financing Decent Work, [section 2](/guide/#mechanisms))'),
    ('financemechanism', 'community-savings-schemes', '(Financing Decent Work, section 2)', '(Financing Decent Work, [section 2](/guide/#mechanisms))'),
    ('financemechanism', 'savings-and-credit-cooperatives', '(Financing Decent Work, section 2)', '(Financing Decent Work, [section 2](/guide/#mechanisms))'),
    ('financemechanism', 'participatory-budgeting', '(Financing Decent Work, section 2)', '(Financing Decent Work, [section 2](/guide/#mechanisms))'),
    ('financemechanism', 'labour-solidarity-funds', '(Financing Decent Work, section 2)', '(Financing Decent Work, [section 2](/guide/#mechanisms))'),
    ('financemechanism', 'social-financial-intermediaries', '(Financing Decent Work, section 2)', '(Financing Decent Work, [section 2](/guide/#mechanisms))'),
    ('financemechanism', 'micro-credit', '(Financing Decent Work, section 2)', '(Financing Decent Work, [section 2](/guide/#mechanisms))'),
    ('financemechanism', 'equity-and-debt-instruments', '(Financing Decent Work, section 2)', '(Financing Decent Work, [section 2](/guide/#mechanisms))'),
    ('financemechanism', 'roscas', '(section 3)', '([section 3](/guide/#case-studies-ssf))'),
    ('financemechanism', 'village-banks', '(section 3)', '([section 3](/guide/#case-studies-ssf))'),
    ('financemechanism', 'self-help-group-bank-linkage', 'Two case studies in section 3 feature it', 'Two case studies in [section 3](/guide/#case-studies-ssf) feature it'),
    ('financemechanism', 'revolving-loan-funds', '(section 3)', '([section 3](/guide/#case-studies-ssf))'),
    ('framework', 'nairobi-outcome-document', '(Financing Decent Work, section 2)', '(Financing Decent Work, [section 2](/guide/#mechanisms))'),
    ('framework', 'nairobi-outcome-document', '(section 4)', '([section 4](/guide/frameworks/bapa-40/))'),
]


def replace(apps, backwards=False):
    changed = 0
    for model, slug, old, new in REPLACEMENTS:
        if backwards:
            old, new = new, old
        Model = apps.get_model("guide", model)
        for entry in Model.objects.filter(slug=slug, description__contains=old):
            entry.description = entry.description.replace(old, new)
            entry.save(update_fields=["description"])
            changed += 1
    if changed:
        # Public pages are cached by the catalogue's version: raise it so that readers see the links.
        CatalogueVersion = apps.get_model("core", "CatalogueVersion")
        now = timezone.now()
        if not CatalogueVersion.objects.filter(pk=1).update(number=F("number") + 1, changed=now):
            CatalogueVersion.objects.create(pk=1, number=1, changed=now)


def forwards(apps, schema_editor):
    replace(apps)


def backwards(apps, schema_editor):
    replace(apps, backwards=True)


class Migration(migrations.Migration):
    dependencies = [
        ("guide", "0003_glossary"),
        ("core", "0001_initial"),
        # Issue 13's corrections replace some of these descriptions whole (the triangular modality's):
        # correct them first, then link their phrases.
        ("casestudies", "0011_guide_corrections"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
