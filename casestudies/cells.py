"""Spreadsheet cells that stay text: the one rule against formula injection, for every file the
site writes for a spreadsheet program.

A cell starting with = + - @ (or a tab or a carriage return) would run as a formula when the file
is opened: ``=HYPERLINK(...)`` in a title becomes a link, or worse. Such a cell is written with an
apostrophe in front, which spreadsheet programs read as "this is text" and do not show. Two
writers use it: the public CSV export of the catalogue (``casestudies/exports.py``) and the
admin's spreadsheet export (``casestudies/admin/spreadsheets.py``), whose import takes that one
apostrophe away again, so that an exported file imported again changes nothing. The rule lives
here, beside neither, so that both say the same thing.
"""

import re

# What a spreadsheet program would read as the start of a formula; the apostrophes in front of
# it belong to the cell only when there are more than the one the escape adds.
FORMULA_START = re.compile(r"'*[=+\-@\t\r]")
ESCAPED_FORMULA = re.compile(r"'+[=+\-@\t\r]")


def escape_formula(value):
    """``"=1+1"`` → ``"'=1+1"``; ``"'=1"`` → ``"''=1"`` (so that the cell shows its own apostrophe);
    any other value as it is."""
    return f"'{value}" if isinstance(value, str) and FORMULA_START.match(value) else value


def unescape_formula(value):
    """The cell as it was before ``escape_formula``: one apostrophe fewer in front of a formula."""
    return value[1:] if isinstance(value, str) and ESCAPED_FORMULA.match(value) else value
