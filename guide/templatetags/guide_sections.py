from django import template

from guide.sections import section_url as url_of_section

register = template.Library()


@register.filter
def section_url(text):
    """The page (or the place on the contents page) that covers a section the guide names; "" if unknown."""
    return url_of_section(text)
