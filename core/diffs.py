"""Differences between two versions of an entry, as a curator reads them: the words taken out and
put in, rather than two truncated texts ("Credi[210 chars]…").

``word_diff`` marks the words with ``<del>`` and ``<ins>`` (styled by static/css/admin-curation.css:
the admin's content security policy allows no inline style); ``readable_change`` turns one change
of simple-history's ``diff_against`` into a line of the history page, the revert page and the
conflict messages.
"""

import re
from difflib import SequenceMatcher

from django.db.models import CharField, ManyToManyField, TextField
from django.utils.html import conditional_escape as escape
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.utils import get_m2m_reverse_field_name

# Words of unchanged text kept on each side of a change; the rest of a long unchanged run is elided.
CONTEXT_WORDS = 8
WORDS = re.compile(r"(\S+)(\s*)")


def word_diff(old, new):
    """``new`` compared with ``old`` word by word, as HTML: removed words in ``<del>``, added ones in
    ``<ins>``, long unchanged stretches shortened to their ends around "…". Words are compared
    without the spaces and line breaks after them, which are kept as the new text has them."""
    old_words, new_words = WORDS.findall(old or ""), WORDS.findall(new or "")
    matcher = SequenceMatcher(None, [w for w, _ in old_words], [w for w, _ in new_words], autojunk=False)
    opcodes = matcher.get_opcodes()
    parts = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            parts.append(_unchanged(new_words[j1:j2], first=index == 0, last=index == len(opcodes) - 1))
            continue
        removed, added = old_words[i1:i2], new_words[j1:j2]
        if removed:
            parts.append(format_html("<del>{}</del>", _joined(removed)))
        if added:
            parts.append(format_html("<ins>{}</ins>", _joined(added)))
        parts.append((added or removed)[-1][1])  # the space after the change, outside its mark
    return mark_safe("".join(escape(part) for part in parts))  # noqa: S308 (each part escaped)


def _joined(words):
    """Words with the spaces between them, not the space after the last."""
    return "".join(word + space for word, space in words[:-1]) + words[-1][0]


def _unchanged(words, *, first, last):
    """An unchanged run, kept whole when short, else only the words next to the changes."""
    keep = CONTEXT_WORDS
    if (first and last) or len(words) <= (keep if first or last else 2 * keep):
        return escape("".join(word + space for word, space in words))
    head = "" if first else "".join(word + space for word, space in words[:keep])
    tail = "" if last else "".join(word + space for word, space in words[-keep:])
    return format_html('{}<span class="elided">…</span> {}', head, tail)


def is_text(field):
    return isinstance(field, CharField | TextField) and not field.choices


def display(field, value):
    """A value of ``field`` as the form shows it: a choice's label, related rows by name, "–" for none."""
    if isinstance(field, ManyToManyField):
        target = get_m2m_reverse_field_name(field)
        names = sorted(str(row[target]) for row in value or [])
        return ", ".join(names) or "–"
    if field.choices:
        value = dict(field.flatchoices).get(value, value)
    if value in (None, ""):
        return "–"
    return str(value)


def readable_change(model, change):
    """``{"field", "old", "new"}`` for one ``ModelChange`` (with ``foreign_keys_are_objs``), and
    ``"diff"``, the word-level comparison, for a text field."""
    field = model._meta.get_field(change.field)
    line = {"field": capfirst(field.verbose_name), "old": display(field, change.old), "new": display(field, change.new)}
    if is_text(field):
        line["diff"] = word_diff(change.old, change.new) if (change.old or change.new) else _("(empty)")
    return line
