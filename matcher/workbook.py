"""The organiser's Excel workbook of an event (openpyxl).

Sheets, with names and headers in the material's language:

1. overview: one row per round, one column per table, who sits there;
2. one sheet per round: one row per company at each table (table, time,
   company, id, municipality, contact, score);
3. all agendas: every company's meetings, one row per company and partner;
4. participants: the participant list with contacts and meeting counts;
5. statistics: key/value pairs of the schedule's statistics.

Company text never becomes a formula: every text cell is stored as a string
(``t="inlineStr"``), and text starting with ``=``, ``+``, ``-`` or ``@`` also
gets Excel's quote prefix so that editing the cell keeps it text.
"""

from __future__ import annotations

import io
import json
from typing import Any, Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from matcher import agenda_texts as T
from matcher.agenda import Material
from matcher.agenda_plain import all_agendas_rows, participants_rows
from matcher.cells import is_risky

_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")


def set_cell(ws: Worksheet, row: int, col: int, value: Any) -> None:
    """Put ``value`` into a cell; text is always stored as text, never as a formula."""
    cell = ws.cell(row=row, column=col)
    if value is None:
        return
    if isinstance(value, str):  # control characters are not allowed in XLSX; CR is lost
        value = ILLEGAL_CHARACTERS_RE.sub("", value).replace("\r\n", "\n").replace("\r", "\n")
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
        if is_risky(value):
            cell.quotePrefix = True


def write_table(ws: Worksheet, header: Sequence[str], rows: Iterable[Sequence[Any]],
                widths: Sequence[int] | None = None) -> int:
    """Header (bold, frozen) and rows from A1; returns the number of data rows."""
    for col, name in enumerate(header, 1):
        set_cell(ws, 1, col, name)
        ws.cell(row=1, column=col).font = _BOLD
    n = 0
    for n, row in enumerate(rows, 1):
        for col, value in enumerate(row, 1):
            set_cell(ws, n + 1, col, value)
    ws.freeze_panes = "A2"
    for col, width in enumerate(widths or [], 1):
        ws.column_dimensions[get_column_letter(col)].width = width
    return n


def _sheet_title(text: str, used: set[str]) -> str:
    """A valid, unique sheet name (≤ 31 characters, none of ``[]:*?/\\``)."""
    clean = "".join(" " if ch in "[]:*?/\\" else ch for ch in text)[:31].strip() or "Sheet"
    title, n = clean, 1
    while title.lower() in used:
        n += 1
        title = f"{clean[:27]} ({n})"
    used.add(title.lower())
    return title


def event_workbook(material: Material) -> bytes:
    """The workbook as XLSX bytes.

    Examples
    --------
    >>> import io, openpyxl
    >>> from matcher.agenda import build_material
    >>> s = {"rounds": [{"round": 1, "start": "09:00", "end": "09:10",
    ...       "meetings": [{"table": "1", "companies": ["a", "b"], "score": 0.5}]}],
    ...      "profiles": [{"id": "a", "name": "A AS"}, {"id": "b", "name": "B AS"}]}
    >>> wb = openpyxl.load_workbook(io.BytesIO(event_workbook(
    ...     build_material(s, lang="en", reasons=False, tips=0))))
    >>> wb.sheetnames
    ['Overview', 'Round 1', 'All meeting plans', 'List of participants', 'Statistics']
    >>> wb["Overview"]["C2"].value
    'A AS\\nB AS'
    """
    lang = material.lang
    t = lambda key, **kw: T.text(lang, key, **kw)  # noqa: E731
    wb = Workbook()
    used: set[str] = set()

    ws = wb.active
    ws.title = _sheet_title(t("overview"), used)
    at = {(s.round, s.table): s for s in material.seats}
    header = [t("round"), t("time")] + [t("table_n", table=tb) for tb in material.tables]
    rows = [[rno, T.format_span(start, end, lang)]
            + ["\n".join(c.name for c in at[(rno, tb)].companies) if (rno, tb) in at else ""
               for tb in material.tables]
            for rno, start, end in material.rounds]
    write_table(ws, header, rows, [8, 16] + [28] * len(material.tables))
    for row in ws.iter_rows(min_row=2, min_col=3):
        for cell in row:
            cell.alignment = _WRAP

    for rno, start, end in material.rounds:
        ws = wb.create_sheet(_sheet_title(t("round_n", round=rno), used))
        rows = []
        for seat in (s for s in material.seats if s.round == rno):
            for c in seat.companies:
                rows.append([seat.table, T.format_time(start, lang), T.format_time(end, lang),
                             c.name, c.id, c.municipality or "", c.contact_name or "",
                             c.contact_email or "", seat.score])
        write_table(ws, [t("table"), t("start"), t("end"), t("company"), t("id"),
                         t("municipality"), t("contact"), t("email"), t("score")], rows,
                    [10, 8, 8, 34, 14, 14, 22, 28, 8])

    ws = wb.create_sheet(_sheet_title(t("all_agendas"), used))
    write_table(ws, [t("id"), t("company"), t("round"), t("start"), t("end"), t("table"),
                     f"{t('partner')} {t('id')}", t("partner"), t("municipality"),
                     t("industry"), t("contact"), t("email"), t("score"), t("why")],
                all_agendas_rows(material), [14, 30, 7, 7, 7, 8, 14, 30, 14, 30, 20, 26, 7, 60])

    ws = wb.create_sheet(_sheet_title(t("participants_title"), used))
    write_table(ws, [t("company"), t("municipality"), t("industry"), t("contact"), t("email"),
                     t("meetings")], participants_rows(material), [34, 14, 34, 22, 28, 8])

    ws = wb.create_sheet(_sheet_title(t("statistics"), used))
    labelled = ("companies", "companies_seated", "rounds", "tables", "meetings", "mean_score",
                "meetings_per_company_min", "meetings_per_company_median",
                "meetings_per_company_max")
    flat: list[tuple[str, Any]] = []
    for key, value in material.stats.items():  # one level of nesting becomes key.sub
        if isinstance(value, dict):
            flat += [(f"{key}.{sub}", v) for sub, v in value.items()]
        else:
            flat.append((key, value))
    stats = [[key, t(key) if key in labelled else "",
              value if isinstance(value, (int, float, str)) or value is None
              else json.dumps(value, ensure_ascii=False, default=str)]
             for key, value in flat]
    write_table(ws, [t("key"), t("label"), t("value")], stats, [30, 34, 18])

    for sheet in wb.worksheets:  # printable as they are: landscape, one page wide
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_title_rows = "1:1"

    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
