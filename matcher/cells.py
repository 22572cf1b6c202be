"""Spreadsheet-safe cells: company text never becomes a formula.

Spreadsheet programs run a cell that begins with ``=``, ``+``, ``-`` or ``@``
(and some also after a leading tab or carriage return) as a formula, so a
company named ``=HYPERLINK("http://x","y")`` could run code on the organiser's
machine when a CSV is opened. :func:`neutralise` prefixes such text with an
apostrophe (OWASP's advice for CSV); :func:`csv_text` writes rows with every
text cell neutralised. The XLSX writer (:mod:`matcher.workbook`) stores such
text as a plain string with Excel's quote prefix instead.
"""

from __future__ import annotations

import csv
import io
from typing import Any, Iterable, Sequence

#: First characters that make a spreadsheet treat a cell as a formula.
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r", "\n")


def is_risky(value: Any) -> bool:
    """Whether ``value`` is text a spreadsheet would run as a formula.

    Examples
    --------
    >>> is_risky("=1+1"), is_risky("Sag AS"), is_risky(-3)
    (True, False, False)
    """
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralise(value: Any) -> Any:
    """``value`` with a leading apostrophe if it is risky text; others unchanged.

    Examples
    --------
    >>> neutralise('=HYPERLINK("http://x","y")')
    '\\'=HYPERLINK("http://x","y")'
    >>> neutralise("Sag AS"), neutralise(0.5)
    ('Sag AS', 0.5)
    """
    return "'" + value if is_risky(value) else value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV text (comma separated, CRLF, minimal quoting) with every text cell neutralised.

    ``None`` becomes an empty cell.

    Examples
    --------
    >>> csv_text(["a", "b"], [["=1+1", 2], [None, "x,y"]]).splitlines()
    ['a,b', "'=1+1,2", ',"x,y"']
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")  # RFC 4180; a lone CR gets quoted too
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow(["" if v is None else neutralise(v) for v in row])
    return buf.getvalue()
