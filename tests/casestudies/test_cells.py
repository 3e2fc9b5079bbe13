"""One rule keeps spreadsheet cells as text (``casestudies/cells.py``), in the public CSV export and
in the admin's spreadsheets: a cell never starts as a formula, and the admin's import reads back
exactly what the export wrote."""

from hypothesis import given
from hypothesis import strategies as st

from casestudies.cells import FORMULA_START, escape_formula, unescape_formula


def test_a_formula_gets_an_apostrophe_and_other_text_is_left_alone():
    assert escape_formula('=HYPERLINK("http://example.com")') == '\'=HYPERLINK("http://example.com")'
    assert escape_formula("+254 20 123") == "'+254 20 123"
    assert escape_formula("-1 start") == "'-1 start"
    assert escape_formula("@once") == "'@once"
    assert escape_formula("\tindented") == "'\tindented"
    assert escape_formula("'@once quoted by its author") == "''@once quoted by its author"
    assert escape_formula("Savings groups") == "Savings groups"
    assert escape_formula("it's 1+1") == "it's 1+1"
    assert escape_formula(2019) == 2019
    assert escape_formula(None) is None


@given(st.text(alphabet=st.sampled_from("'=+-@\t\rab 1"), max_size=8))
def test_an_escaped_cell_never_runs_and_reads_back_as_it_was(text):
    escaped = escape_formula(text)

    assert escaped[:1] not in {"=", "+", "-", "@", "\t", "\r"}
    assert unescape_formula(escaped) == text
    if FORMULA_START.match(text):
        assert escaped == "'" + text
