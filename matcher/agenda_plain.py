"""Plain-text agendas and lists: CSV and Markdown for companies and the organiser.

Company text is made inert here: CSV cells go through :func:`matcher.cells.csv_text`
(no formula can start), Markdown through :func:`md_escape` (one line, special
characters backslash-escaped, so a renderer shows ``<script>`` as text).
"""

from __future__ import annotations

import re
from typing import Any, Mapping, Sequence

from matcher import agenda_texts as T
from matcher.agenda import (COMPANY_DIR, Agenda, Material, contact_line, industry_words,
                            intro_text)
from matcher.cells import csv_text


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&!{}])")


def md_escape(value: Any) -> str:
    """Company text made inert in Markdown: one line, special characters escaped.

    Examples
    --------
    >>> md_escape("<script>alert(1)</script>")
    '\\\\<script\\\\>alert(1)\\\\</script\\\\>'
    >>> md_escape("Sag *og*\\nhøvel")
    'Sag \\\\*og\\\\* høvel'
    """
    if value is None:
        return ""
    one_line = " ".join(str(value).split())
    return _MD_SPECIAL.sub(r"\\\1", one_line)


def agenda_rows(agenda: Agenda, material: Material) -> list[list[Any]]:
    """One row per partner met: round, start, end, table, partner fields, score, reason."""
    lang = material.lang
    rows = []
    for s in agenda.meetings:
        for partner, reason in zip(s.partners, s.reasons):
            rows.append([s.round, T.format_time(s.start, lang), T.format_time(s.end, lang),
                         s.table, partner.name, partner.municipality or "",
                         industry_words(partner.industry, lang), partner.contact_name or "",
                         partner.contact_email or "", T.format_score(s.score, lang), reason])
    return rows


def agenda_csv(agenda: Agenda, material: Material) -> str:
    """The company's agenda as CSV, headers in the agenda's language."""
    lang = material.lang
    keys = ("round", "start", "end", "table", "partner", "municipality", "industry",
            "contact", "email", "score", "why")
    return csv_text([T.text(lang, k) for k in keys], agenda_rows(agenda, material))


#: Columns of the organiser's ``agendas.csv`` (stable English keys for tools).
ALL_AGENDAS_COLUMNS: tuple[str, ...] = (
    "company_id", "company", "round", "start", "end", "table", "partner_id", "partner",
    "partner_municipality", "partner_industry", "partner_contact_name",
    "partner_contact_email", "score", "reason")


def all_agendas_rows(material: Material) -> list[list[Any]]:
    """Every company's meetings, one row per company and partner (times as HH:MM)."""
    rows = []
    for a in material.agendas:
        for s in a.meetings:
            for partner, reason in zip(s.partners, s.reasons):
                rows.append([a.company.id, a.company.name, s.round, s.start or "", s.end or "",
                             s.table, partner.id, partner.name, partner.municipality or "",
                             industry_words(partner.industry, material.lang),
                             partner.contact_name or "", partner.contact_email or "",
                             "" if s.score is None else round(s.score, 4), reason])
    return rows


def all_agendas_csv(material: Material) -> str:
    """The organiser's ``agendas.csv`` (columns :data:`ALL_AGENDAS_COLUMNS`)."""
    return csv_text(ALL_AGENDAS_COLUMNS, all_agendas_rows(material))


def agenda_markdown(agenda: Agenda, material: Material) -> str:
    """A short Markdown agenda for e-mail; company text escaped."""
    lang, ev = material.lang, material.event
    t = lambda key, **kw: T.text(lang, key, **kw)  # noqa: E731
    head = [md_escape(ev.title(lang))]
    if ev.date:
        head.append(T.format_date(ev.date, lang))
    if ev.venue:
        head.append(md_escape(ev.venue))
    lines = [f"# {t('agenda_for', company=md_escape(agenda.company.name))}", "",
             " · ".join(head), ""]
    lines.append(intro_text(agenda, material))
    lines.append("")
    if not agenda.meetings:
        lines += [t("no_meetings"), ""]
    for s in agenda.slots:
        title = [t("round_n", round=s.round)]
        if s.start:
            title.append(T.format_span(s.start, s.end, lang))
        if s.is_meeting:
            title.append(t("table_n", table=md_escape(s.table)))
        lines += [f"## {' · '.join(title)}", ""]
        if not s.is_meeting:
            lines += [t("free") if s.present else t("absent"), ""]
            continue
        for partner, reason in zip(s.partners, s.reasons):
            facts = [x for x in (md_escape(partner.municipality),
                                 md_escape(industry_words(partner.industry, lang))) if x]
            lines.append(f"**{md_escape(partner.name)}**" + (f" ({', '.join(facts)})"
                                                               if facts else ""))
            if contact_line(partner):  # list items keep their own lines when rendered
                lines.append(f"- {t('contact')}: {md_escape(contact_line(partner))}")
            if reason:
                lines.append(f"- {t('why')}: {md_escape(reason)}")
            lines.append("")
    if agenda.tips:
        lines += [f"## {t('also_title')}", "", t("also_intro"), ""]
        for tip in agenda.tips:
            extra = "; ".join(x for x in (md_escape(tip.reason),
                                          md_escape(contact_line(tip.partner))) if x)
            lines.append(f"- **{md_escape(tip.partner.name)}**" + (f": {extra}" if extra else ""))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def participants_rows(material: Material) -> list[list[Any]]:
    """Participant list: name, municipality, industry, contact, e-mail, meetings."""
    return [[a.company.name, a.company.municipality or "",
             industry_words(a.company.industry, material.lang), a.company.contact_name or "",
             a.company.contact_email or "", len(a.meetings)] for a in material.agendas]


def participants_csv(material: Material) -> str:
    """The participant list as CSV (headers in the material's language)."""
    lang = material.lang
    keys = ("company", "municipality", "industry", "contact", "email", "meetings")
    return csv_text([T.text(lang, k) for k in keys], participants_rows(material))


#: Columns of ``mail-merge.csv``.
MAIL_MERGE_COLUMNS: tuple[str, ...] = (
    "company_id", "company", "contact_name", "contact_email", "lang", "subject", "meetings",
    "pdf", "ics", "html", "md", "csv")


def mail_merge_csv(material: Material, stems: Mapping[str, str], fmts: Sequence[str]) -> str:
    """Mail-merge list: one row per company with the paths of its files (relative)."""
    subject = T.text(material.lang, "mail_subject", event=material.event.title(material.lang))
    rows = []
    for a in material.agendas:
        stem = stems[a.company.id]
        paths = [f"{COMPANY_DIR}/{stem}.{ext}" if ext in fmts and (ext != "ics" or a.meetings)
                 else "" for ext in ("pdf", "ics", "html", "md", "csv")]
        rows.append([a.company.id, a.company.name, a.company.contact_name or "",
                     a.company.contact_email or "", material.lang, subject, len(a.meetings),
                     *paths])
    return csv_text(MAIL_MERGE_COLUMNS, rows)

