"""Tests of matcher.pdf: one PDF per company whose text holds every partner's name."""

from __future__ import annotations

import io

import pytest

pytest.importorskip("weasyprint")
pypdf = pytest.importorskip("pypdf")

from agenda_fixtures import EVIL_FORMULA, EVIL_SCRIPT, schedule  # noqa: E402
from matcher import agenda_html  # noqa: E402
from matcher.agenda import build_material, company_files  # noqa: E402
from matcher.pdf import render_pdfs  # noqa: E402


@pytest.fixture(scope="module")
def rendered():
    m = build_material(schedule(), reasons=False, tips=0)
    stems = company_files(m)
    return m, stems, render_pdfs(m, stems, agenda_html.render_all(m, stems))


def text_of(data: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def squash(text: str) -> str:
    return " ".join(text.split())


def test_each_company_pdf_names_every_partner(rendered):
    m, stems, pdfs = rendered
    for agenda in m.agendas:
        pages, text = text_of(pdfs[f"companies/{stems[agenda.company.id]}.pdf"])
        assert pages == 1
        text = squash(text)
        assert squash(agenda.company.name) in text
        for slot in agenda.meetings:
            for partner in slot.partners:
                assert squash(partner.name) in text, (agenda.company.id, partner.name)
        assert "torsdag 18. mars 2027" in text


def test_whole_document_and_organiser_pdfs(rendered):
    m, _, pdfs = rendered
    pages, text = text_of(pdfs["agendas.pdf"])
    assert pages == len(m.agendas)
    pages, text = text_of(pdfs["table-signs.pdf"])
    assert pages == len(m.tables) and "Bord 1" in text and "Bord 2" in text
    _, text = text_of(pdfs["participants.pdf"])
    assert "Deltakarliste" in text and "kari@sag.example" in text


def test_evil_names_are_printed_not_run(rendered):
    _, _, pdfs = rendered
    _, text = text_of(pdfs["agendas.pdf"])
    assert EVIL_FORMULA in squash(text) and EVIL_SCRIPT in squash(text)
    for data in pdfs.values():
        assert b"/JavaScript" not in data and b"/JS " not in data and b"/URI" not in data
