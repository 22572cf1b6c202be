"""Printable HTML of agendas, table signs and the participant list (Jinja2, autoescaped).

Each company's agenda is one A4 page (``@page`` print CSS; the same HTML is
rendered to PDF by :mod:`matcher.pdf`). The templates live in
``matcher/templates`` and only ever see plain values prepared here; the
environment autoescapes everything, so company text such as
``<script>alert(1)</script>`` is shown, never run.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Mapping, Sequence

import jinja2

from matcher import agenda_texts as T
from matcher.agenda import (COMPANY_DIR, Agenda, Material, contact_line, industry_words,
                            intro_text)
from matcher.agenda_plain import participants_rows

#: Fixed-text keys the templates use as ``labels.<key>``.
LABEL_KEYS: tuple[str, ...] = (
    "round", "time", "table", "partner", "why", "also_title", "also_intro", "companies",
    "company", "municipality", "industry", "contact", "meetings", "participants_title",
    "table_sign_sub", "for_organiser", "files")


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The Jinja2 environment over ``matcher/templates`` with autoescape always on."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("matcher", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _common(material: Material, title: str) -> dict[str, Any]:
    lang, ev = material.lang, material.event
    return {
        "html_lang": "en" if lang == "en" else lang,
        "title": title,
        "footer": T.text(lang, "generated"),
        "labels": {k: T.text(lang, k) for k in LABEL_KEYS},
        "event_title": ev.title(lang),
        "event_parts": [x for x in (T.format_date(ev.date, lang), ev.venue) if x],
    }


def _facts(p, lang: str) -> str:
    return " · ".join(x for x in (p.municipality, industry_words(p.industry, lang)) if x)


def agenda_page(agenda: Agenda, material: Material, anchor: str) -> dict[str, Any]:
    """The plain values of one company's page."""
    lang, ev = material.lang, material.event
    rows = []
    for s in agenda.slots:
        row: dict[str, Any] = {"round": s.round, "time": T.format_span(s.start, s.end, lang)}
        if not s.is_meeting:
            row["idle"] = T.text(lang, "free" if s.present else "absent")
        else:
            row.update(idle="", table=s.table, partners=[
                {"name": p.name, "facts": _facts(p, lang), "contact": contact_line(p),
                 "reason": reason} for p, reason in zip(s.partners, s.reasons)])
        rows.append(row)
    return {
        "anchor": anchor,
        "event_title": ev.title(lang),
        "event_parts": [x for x in (T.format_date(ev.date, lang), ev.venue) if x],
        "heading": T.text(lang, "agenda_for", company=agenda.company.name),
        "intro": intro_text(agenda, material),
        "has_meetings": bool(agenda.meetings),
        "no_meetings": T.text(lang, "no_meetings"),
        "rows": rows,
        "tips": [{"name": t.partner.name, "facts": _facts(t.partner, lang),
                  "reason": t.reason, "contact": contact_line(t.partner)} for t in agenda.tips],
    }


def anchor_of(stem: str) -> str:
    """The HTML id of a company's page (also used to split the PDF)."""
    return f"company-{stem}"


def render_agendas(material: Material, agendas: tuple[Agenda, ...],
                   stems: Mapping[str, str]) -> str:
    """One HTML document with the given agendas, one per page."""
    lang = material.lang
    if len(agendas) == 1:
        title = T.text(lang, "agenda_for", company=agendas[0].company.name)
    else:
        title = f"{T.text(lang, 'all_agendas')} – {material.event.title(lang)}"
    pages = [agenda_page(a, material, anchor_of(stems[a.company.id])) for a in agendas]
    return environment().get_template("agenda.html.j2").render(
        pages=pages, **_common(material, title))


def render_table_signs(material: Material) -> str:
    """One page per table: who sits there in each round."""
    lang = material.lang
    at = {(s.round, s.table): s for s in material.seats}
    signs = []
    for i, table in enumerate(material.tables, 1):
        rows = []
        for rno, start, end in material.rounds:
            seat = at.get((rno, table))
            rows.append({"round": rno, "time": T.format_span(start, end, lang),
                         "companies": [c.name for c in seat.companies] if seat else []})
        signs.append({"anchor": f"table-{i}", "heading": T.text(lang, "table_sign_title",
                                                                 table=table), "rows": rows})
    title = f"{T.text(lang, 'tables')} – {material.event.title(lang)}"
    return environment().get_template("table_signs.html.j2").render(
        signs=signs, **_common(material, title))


def render_participants(material: Material) -> str:
    """The participant list with contacts and number of meetings."""
    keys = ("name", "municipality", "industry", "contact_name", "contact_email", "meetings")
    people = [dict(zip(keys, row)) for row in participants_rows(material)]
    lang = material.lang
    title = f"{T.text(lang, 'participants_title')} – {material.event.title(lang)}"
    return environment().get_template("participants.html.j2").render(
        participants=people, **_common(material, title))


def render_all(material: Material, stems: Mapping[str, str]) -> dict[str, str]:
    """Every HTML file by its path relative to the output folder."""
    files = {f"{COMPANY_DIR}/{stems[a.company.id]}.html": render_agendas(material, (a,), stems)
             for a in material.agendas}
    files["agendas.html"] = render_agendas(material, material.agendas, stems)
    files["table-signs.html"] = render_table_signs(material)
    files["participants.html"] = render_participants(material)
    return files


def render_index(material: Material, stems: Mapping[str, str], files: Sequence[str]) -> str:
    """``index.html``: links to the organiser's material and every company's files.

    ``files`` are the paths written (relative to the folder); only those are linked.
    """
    lang = material.lang
    written = set(files)

    def links(stem_path: str, exts: Sequence[str]) -> list[dict[str, str]]:
        return [{"href": f"{stem_path}.{ext}", "ext": ext.upper()} for ext in exts
                if f"{stem_path}.{ext}" in written]

    organiser = [
        {"label": T.text(lang, "all_agendas"), "files": links("agendas", ("html", "pdf", "csv"))},
        {"label": T.text(lang, "table_signs"), "files": links("table-signs", ("html", "pdf"))},
        {"label": T.text(lang, "participants_title"),
         "files": links("participants", ("html", "pdf", "csv"))},
        {"label": T.text(lang, "workbook"), "files": links("event", ("xlsx",))},
        {"label": T.text(lang, "mail_merge"), "files": links("mail-merge", ("csv",))},
    ]
    companies = [{"name": a.company.name, "meetings": len(a.meetings),
                  "files": links(f"{COMPANY_DIR}/{stems[a.company.id]}",
                                 ("html", "pdf", "ics", "md", "csv"))}
                 for a in material.agendas]
    heading = f"{T.text(lang, 'index_title')} – {material.event.title(lang)}"
    return environment().get_template("agenda_index.html.j2").render(
        heading=heading, organiser=[o for o in organiser if o["files"]], companies=companies,
        **_common(material, heading))
