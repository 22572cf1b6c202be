"""Benchmark: per-company PDF agendas, cut from one layout vs rendered one by one.

Plans an event for the first N companies of the bundled sample (greedy
scheduler, fast), builds the agendas, and times three ways of getting one PDF
per company, all in this run:

- reference: every company's HTML laid out and written by WeasyPrint on its own;
- copy: the whole document laid out once, each company's pages written by
  WeasyPrint (``Document.copy(pages).write_pdf()``; fonts subset again per part);
- cut (what :mod:`matcher.pdf` does): laid out once, written once, parts cut with pypdf.

Prints seconds, the ratio to the reference, and the mean size of a company PDF.

Usage::

    nice .venv/bin/python benchmarks/bench_agenda_pdf.py [N]
"""

from __future__ import annotations

import io
import sys
import time

from pypdf import PdfReader

from matcher import agenda_html
from matcher.agenda import build_material, company_files
from matcher.pdf import _html, page_ranges, split_by_anchor
from matcher.schedule import ScheduleOptions, plan_event, schedule_to_dict
from matcher.score import score_matrix
from profiles.load import load_sample


def main(n: int = 30) -> None:
    profiles = load_sample()[:n]
    plan = plan_event(profiles, score_matrix(profiles),
                      ScheduleOptions(rounds=6, seed=0, solver="greedy",
                                      event=(("date", "2027-03-18"),)))
    material = build_material(schedule_to_dict(plan), tips=3)
    stems = company_files(material)
    anchors = [agenda_html.anchor_of(stems[a.company.id]) for a in material.agendas]
    whole_html = agenda_html.render_agendas(material, material.agendas, stems)

    t = time.perf_counter()
    singles = [_html(agenda_html.render_agendas(material, (a,), stems)).write_pdf()
               for a in material.agendas]
    reference = time.perf_counter() - t

    t = time.perf_counter()
    document = _html(whole_html).render()
    copies = [document.copy(document.pages[r.start:r.stop]).write_pdf()
              for r in page_ranges(document, anchors).values()]
    copy = time.perf_counter() - t

    t = time.perf_counter()
    _, parts = split_by_anchor(whole_html, anchors)
    cut = time.perf_counter() - t

    pages = sum(len(PdfReader(io.BytesIO(p)).pages) for p in parts.values())
    assert len(parts) == len(singles) == len(copies) == len(material.agendas)
    print(f"{len(material.agendas)} companies, {pages} pages")
    for name, secs, files in (("one by one (reference)", reference, singles),
                              ("layout once, WeasyPrint per part", copy, copies),
                              ("layout once, cut with pypdf", cut, list(parts.values()))):
        size = sum(len(f) for f in files) / len(files) / 1024
        print(f"{name:34s} {secs:7.2f} s  ratio {secs / reference:5.2f}  "
              f"mean PDF {size:6.1f} KiB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
