from django import template

from core.markup import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    """Curated Markdown as sanitised HTML."""
    return render_markdown(text)
