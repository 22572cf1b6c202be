"""Tests of matcher.workbook: the organiser's XLSX agrees with schedule.json, no formulas."""

from __future__ import annotations

import io
import zipfile

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from agenda_fixtures import EVIL_FORMULA, EVIL_SCRIPT, group_schedule, schedule
from matcher.agenda import build_material
from matcher.workbook import event_workbook


def workbook(s=None, lang="nn"):
    data = event_workbook(build_material(s or schedule(), lang=lang, reasons=False, tips=0))
    return data, openpyxl.load_workbook(io.BytesIO(data))


def test_sheets_print_landscape_one_page_wide():
    _, wb = workbook()
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
        assert ws.freeze_panes == "A2"


def test_sheets_in_every_language():
    names = {lang: workbook(lang=lang)[1].sheetnames for lang in ("nn", "nb", "en")}
    assert names["nn"] == ["Oversikt", "Runde 1", "Runde 2", "Runde 3", "Alle møteplanar",
                           "Deltakarliste", "Statistikk"]
    assert names["nb"][4:6] == ["Alle møteplaner", "Deltakerliste"]
    assert names["en"][0] == "Overview"


def test_round_sheets_cross_check_with_schedule_json():
    for s in (schedule(), group_schedule()):
        _, wb = workbook(s)
        names = {p["id"]: p["name"] for p in s["profiles"]}
        for rnd in s["rounds"]:
            ws = wb[f"Runde {rnd['round']}"]
            header = [c.value for c in ws[1]]
            col = {name: i for i, name in enumerate(header)}
            tables: dict[str, set[str]] = {}
            for row in ws.iter_rows(min_row=2, values_only=True):
                tables.setdefault(row[col["Bord"]], set()).add(row[col["ID"]])
                assert row[col["Bedrift"]] == names[row[col["ID"]]]
                assert row[col["Start"]] == rnd["start"].replace(":", ".")
            expected = {str(m["table"]): set(m["companies"]) for m in rnd["meetings"]}
            assert tables == expected


def test_overview_is_round_by_table():
    s = schedule()
    _, wb = workbook(s)
    ws = wb["Oversikt"]
    assert [c.value for c in ws[1]] == ["Runde", "Tid", "Bord 1", "Bord 2"]
    names = {p["id"]: p["name"] for p in s["profiles"]}
    for rnd in s["rounds"]:
        row = ws[rnd["round"] + 1]
        assert row[0].value == rnd["round"]
        for m in rnd["meetings"]:
            cell = row[1 + int(m["table"])].value
            assert set(cell.split("\n")) == {names[c] for c in m["companies"]}


def test_all_agendas_and_statistics():
    _, wb = workbook()
    rows = list(wb["Alle møteplanar"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 12  # 6 meetings, each from both sides
    assert {r[0] for r in rows} == {"sag", "mek", "evil1", "evil2", "late"}
    rows = list(wb["Statistikk"].iter_rows(min_row=2, values_only=True))
    stats = {key: value for key, _, value in rows}
    labels = {key: label for key, label, _ in rows}
    assert stats["meetings"] == 6 and stats["companies"] == 5 and stats["total_score"] == 2.29
    assert labels["meetings"] == "Møte" and labels["companies_seated"] == "Bedrifter med møte"


def test_nested_statistics_are_flattened():
    s = schedule()
    s["stats"]["breaks"] = {"total": 3, "max": 1}
    s["stats"]["notes"] = ["a", "b"]
    _, wb = workbook(s)
    stats = {key: value for key, _, value in wb["Statistikk"].iter_rows(min_row=2,
                                                                         values_only=True)}
    assert stats["breaks.total"] == 3 and stats["breaks.max"] == 1
    assert stats["notes"] == '["a", "b"]'

    people = list(wb["Deltakarliste"].iter_rows(min_row=2, values_only=True))
    assert [p[-1] for p in people] == [3, 2, 3, 2, 2]  # meetings per company


def test_company_text_never_becomes_a_formula():
    data, wb = workbook()
    seen = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    seen.add(cell.value)
                    if cell.value[:1] in "=+-@":
                        assert cell.quotePrefix, (ws.title, cell.coordinate)
    assert EVIL_FORMULA in seen and EVIL_SCRIPT in seen  # kept exactly, as text
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name)


def test_doctests():
    import doctest

    import matcher.workbook

    assert doctest.testmod(matcher.workbook).failed == 0


@settings(max_examples=30, deadline=None)
@given(st.text(min_size=1, max_size=15).filter(str.strip).map(lambda t: "=+-@"[len(t) % 4] + t))
def test_any_risky_name_is_stored_as_text(name):
    s = schedule()
    s["profiles"][0]["name"] = name
    _, wb = workbook(s)
    cell = wb["Runde 1"]["D2"]
    assert cell.data_type == "s" and cell.quotePrefix
    expected = ILLEGAL_CHARACTERS_RE.sub("", name).replace("\r\n", "\n").replace("\r", "\n")
    assert cell.value == expected
