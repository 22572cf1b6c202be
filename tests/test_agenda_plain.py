"""Tests of matcher.agenda_plain: CSV and Markdown agendas, inert company text."""

from __future__ import annotations

import csv
import io
import re

from agenda_fixtures import EVIL_FORMULA, EVIL_SCRIPT, schedule
from matcher.agenda import build_material
from matcher.agenda_plain import agenda_csv, agenda_markdown, mail_merge_csv, md_escape
from matcher.cells import FORMULA_STARTS


def material(**kw):
    return build_material(schedule(), reasons=False, tips=0, **kw)


def by_id(m):
    return {a.company.id: a for a in m.agendas}


def test_csv_rows_and_localised_headers():
    m = material()
    text = agenda_csv(by_id(m)["sag"], m)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:5] == ["Runde", "Start", "Slutt", "Bord", "Partnar"]
    assert [r[0] for r in rows[1:]] == ["1", "2", "3"]
    assert rows[1][1:5] == ["09.00", "09.10", "1", "Kviteseid Mek. Verkstad AS"]
    assert rows[1][9] == "0,71"
    en = material(lang="en")
    rows_en = list(csv.reader(io.StringIO(agenda_csv(by_id(en)["sag"], en))))
    assert rows_en[0][:5] == ["Round", "Start", "End", "Table", "Partner"]
    assert rows_en[1][1] == "09:00"


def test_csv_cells_never_start_a_formula():
    m = material()
    for a in m.agendas:
        for row in csv.reader(io.StringIO(agenda_csv(a, m))):
            for cell in row:
                assert not cell.startswith(FORMULA_STARTS), cell
    sag_rows = list(csv.reader(io.StringIO(agenda_csv(by_id(m)["sag"], m))))
    assert sag_rows[2][4] == "'" + EVIL_FORMULA  # shown, but as text


def test_markdown_agenda_reads_well():
    m = material()
    md = agenda_markdown(by_id(m)["sag"], m)
    assert md.startswith("# Møteplan for Vinje Sag AS\n")
    assert "torsdag 18. mars 2027" in md and "Dalen hotell" in md
    assert "## Runde 1 · kl. 09.00–09.10 · Bord 1" in md
    assert "**Kviteseid Mek\\. Verkstad AS**" not in md  # dots are not escaped
    assert "**Kviteseid Mek. Verkstad AS** (Kviteseid" in md
    assert "Kari Nordmann" not in md  # own contact is not listed as a partner's
    assert "- Kontakt: Ola Dunk, ola@mek.example" in md
    late = agenda_markdown(by_id(m)["late"], m)
    assert "Ikkje til stades denne runden" in late


def test_markdown_escapes_company_text():
    m = material()
    md = agenda_markdown(by_id(m)["sag"], m)
    assert EVIL_SCRIPT not in md and "<script>" not in md
    assert "\\<script\\>alert(1)\\</script\\>" in md
    for a in m.agendas:  # no unescaped angle bracket anywhere
        assert not re.search(r"(?<!\\)[<>]", agenda_markdown(a, m))
    assert md_escape("a\n# b") == "a \\# b"  # no heading injection across lines


def test_host_is_told_to_stay_at_the_table():
    s = schedule()
    s["profiles"][1]["role"] = "host"
    m = build_material(s, reasons=False, tips=0)
    assert "Du er vert" in agenda_markdown(by_id(m)["mek"], m)
    assert "Du er vert" not in agenda_markdown(by_id(m)["sag"], m)
    assert "Gå til bordet" in agenda_markdown(by_id(m)["sag"], m)
    assert "Kvart møte varer 10 minutt." in agenda_markdown(by_id(m)["sag"], m)


def test_mail_merge_rows():
    m = material(lang="en")
    stems = {a.company.id: a.company.id for a in m.agendas}
    rows = list(csv.DictReader(io.StringIO(mail_merge_csv(m, stems, ("pdf", "ics")))))
    assert [r["company_id"] for r in rows] == ["sag", "mek", "evil1", "evil2", "late"]
    assert rows[0]["subject"] == "Your meeting plan – Vårtreff i Vest-Telemark"
    assert rows[0]["pdf"] == "companies/sag.pdf" and rows[0]["ics"] == "companies/sag.ics"
    assert rows[0]["md"] == "" and rows[0]["meetings"] == "3"
    assert rows[2]["company"] == "'" + EVIL_FORMULA and rows[2]["contact_email"] == "'@eve.example"


def test_doctests():
    import doctest

    import matcher.agenda_plain

    assert doctest.testmod(matcher.agenda_plain).failed == 0
