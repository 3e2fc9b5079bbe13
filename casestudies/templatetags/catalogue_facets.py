"""The catalogue's facet options, written in Python.

A catalogue page lists about 260 options, each a link with its count; as an included template
each cost a context and a render of its own, about a third of the page's time. This tag writes
the same markup with ``format_html``, which escapes every value as the template did.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

register = template.Library()


@register.simple_tag
def facet_option(option):
    """One option as a list item: a link that toggles it with its count, or its name with 0."""
    rel = mark_safe(' rel="nofollow"') if option.nofollow else ""
    if option.selected:
        return format_html(
            '<li><a href="{}#results"{} class="selected" aria-current="true"><span><span aria-hidden="true">✓ </span>'
            '{}</span> <span class="count">{}</span><span class="visually-hidden">{}</span></a></li>',
            option.url,
            rel,
            option.label,
            option.count,
            gettext(", selected (select to remove)"),
        )
    if not option.available:
        return format_html(
            '<li><span class="empty"><span>{}</span> <span class="count">0</span></span></li>', option.label
        )
    if option.added is None:
        count = format_html('<span class="count">{}</span>', option.count)
    else:
        adds = ngettext(", adds %(counter)s case study", ", adds %(counter)s case studies", option.added) % {
            "counter": option.added
        }
        count = format_html(
            '<span class="count" aria-hidden="true">+{}</span><span class="visually-hidden">{}</span>',
            option.added,
            adds,
        )
    return format_html('<li><a href="{}#results"{}><span>{}</span> {}</a></li>', option.url, rel, option.label, count)
