"""Tests of matcher.cells: no text cell ever starts a spreadsheet formula."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from matcher.cells import FORMULA_STARTS, csv_text, neutralise


def test_risky_text_gets_an_apostrophe():
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("-2+3") == "'-2+3"
    assert neutralise("Sag AS") == "Sag AS"
    assert neutralise(-2) == -2 and neutralise(None) is None


@given(st.lists(st.lists(st.one_of(st.text(), st.integers(), st.floats(allow_nan=False)),
                         min_size=2, max_size=2), max_size=5))
def test_csv_cells_are_inert_and_keep_their_text(rows):
    text = csv_text(["a", "b"], rows)
    back = list(csv.reader(io.StringIO(text, newline="")))[1:]
    assert len(back) == len(rows)
    for got_row, row in zip(back, rows):
        for got, value in zip(got_row, row):
            if isinstance(value, str):  # numbers stay numbers (-1 is a number, not a formula)
                assert not got.startswith(FORMULA_STARTS)
                assert got == (("'" + value) if value.startswith(FORMULA_STARTS) else value)


def test_doctests():
    import doctest

    import matcher.cells

    assert doctest.testmod(matcher.cells).failed == 0
