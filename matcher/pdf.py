"""PDF agendas and table signs: the HTML of :mod:`matcher.agenda_html` through WeasyPrint.

WeasyPrint is an optional extra (``pip install 'speeddate[pdf]'``; it needs the
system's Pango). All agendas are laid out once as one document; each company's
PDF is then cut from it by the pages its section spans, so 80 companies cost
one layout and one font subsetting, not 80 (the parts are cut with pypdf).
"""

from __future__ import annotations

import importlib.util
import io
from typing import Mapping

from profiles.errors import OutputError

from matcher import agenda_texts as T
from matcher.agenda import COMPANY_DIR, Material
from matcher.agenda_html import anchor_of


def check_pdf_ready() -> None:
    """Raise :class:`OutputError` with the install hint if WeasyPrint is missing."""
    if importlib.util.find_spec("weasyprint") is None or importlib.util.find_spec("pypdf") is None:
        raise OutputError("PDF output needs WeasyPrint and pypdf: install them with "
                          "pip install 'speeddate[pdf]' (or leave pdf out of --format).")
    try:
        import weasyprint  # noqa: F401  (loads Pango)
    except OSError as exc:  # pragma: no cover - depends on the machine
        raise OutputError(f"WeasyPrint is installed but cannot load the system's Pango "
                          f"library ({exc}); leave pdf out of --format.") from None


def _html(text: str):
    check_pdf_ready()
    from weasyprint import HTML

    return HTML(string=text)


def html_to_pdf(text: str) -> bytes:
    """One HTML document as PDF bytes."""
    return _html(text).write_pdf()


def page_ranges(document, anchors: list[str]) -> dict[str, range]:
    """Pages of a laid-out WeasyPrint document per anchor (HTML id).

    Each anchor owns the pages from the one it is on up to (not including)
    the page of the next anchor.
    """
    wanted = set(anchors)
    starts: dict[str, int] = {}
    for number, page in enumerate(document.pages):
        for anchor in page.anchors:
            if anchor in wanted and anchor not in starts:
                starts[anchor] = number
    ordered = sorted(starts.items(), key=lambda kv: kv[1])
    ranges = {}
    for i, (anchor, first) in enumerate(ordered):
        last = ordered[i + 1][1] if i + 1 < len(ordered) else len(document.pages)
        ranges[anchor] = range(first, max(last, first + 1))
    return ranges


def split_by_anchor(text: str, anchors: list[str],
                    titles: Mapping[str, str] | None = None) -> tuple[bytes, dict[str, bytes]]:
    """Lay out ``text`` once; return the whole PDF and one PDF per anchor.

    The parts are cut from the whole PDF with pypdf (copying pages is far
    cheaper than having WeasyPrint subset the fonts again for every part).
    """
    from pypdf import PdfReader, PdfWriter

    document = _html(text).render()
    ranges = page_ranges(document, anchors)
    whole = document.write_pdf()
    reader = PdfReader(io.BytesIO(whole))
    parts = {}
    for anchor, pages in ranges.items():
        writer = PdfWriter()
        for number in pages:
            writer.add_page(reader.pages[number])
        if titles and anchor in titles:
            writer.add_metadata({"/Title": titles[anchor], "/Producer": "speeddate"})
        buf = io.BytesIO()
        writer.write(buf)
        parts[anchor] = buf.getvalue()
    return whole, parts


def render_pdfs(material: Material, stems: Mapping[str, str],
                pages: Mapping[str, str]) -> dict[str, bytes]:
    """Every PDF by its path relative to the output folder.

    ``pages`` is the output of :func:`matcher.agenda_html.render_all`.
    """
    anchors = {anchor_of(stems[a.company.id]): stems[a.company.id] for a in material.agendas}
    titles = {anchor_of(stems[a.company.id]): T.text(material.lang, "agenda_for",
                                                      company=a.company.name)
              for a in material.agendas}
    whole, parts = split_by_anchor(pages["agendas.html"], list(anchors), titles)
    missing = [stem for anchor, stem in anchors.items() if anchor not in parts]
    if missing:  # pragma: no cover - every section has its id on its first page
        raise OutputError(f"Could not find the PDF pages of: {', '.join(missing)}")
    files = {f"{COMPANY_DIR}/{anchors[anchor]}.pdf": data for anchor, data in parts.items()}
    files["agendas.pdf"] = whole
    files["table-signs.pdf"] = html_to_pdf(pages["table-signs.html"])
    files["participants.pdf"] = html_to_pdf(pages["participants.html"])
    return files
