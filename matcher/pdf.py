"""PDF agendas and table signs: the HTML of :mod:`matcher.agenda_html` through WeasyPrint.

WeasyPrint is an optional extra (``pip install 'speeddate[pdf]'``; it needs the
system's Pango). All agendas are laid out once as one document; each company's
PDF is then cut from it by the pages its section spans, so 80 companies cost
one layout, not 80.
"""

from __future__ import annotations

import importlib.util
import logging
from typing import Mapping

from profiles.errors import OutputError

from matcher.agenda import Material
from matcher.agenda_html import anchor_of


def check_pdf_ready() -> None:
    """Raise :class:`OutputError` with the install hint if WeasyPrint is missing."""
    if importlib.util.find_spec("weasyprint") is None:
        raise OutputError("PDF output needs WeasyPrint: install it with "
                          "pip install 'speeddate[pdf]' (or leave pdf out of --format).")
    try:
        import weasyprint  # noqa: F401  (loads Pango)
    except OSError as exc:  # pragma: no cover - depends on the machine
        raise OutputError(f"WeasyPrint is installed but cannot load the system's Pango "
                          f"library ({exc}); leave pdf out of --format.") from None


def _html(text: str):
    check_pdf_ready()
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return HTML(string=text)


def html_to_pdf(text: str) -> bytes:
    """One HTML document as PDF bytes."""
    return _html(text).write_pdf()


def split_by_anchor(text: str, anchors: list[str]) -> tuple[bytes, dict[str, bytes]]:
    """Lay out ``text`` once; return the whole PDF and one PDF per anchor.

    Each anchor's PDF holds the pages from the page the anchor is on up to
    (not including) the page of the next anchor.
    """
    document = _html(text).render()
    starts: dict[str, int] = {}
    for number, page in enumerate(document.pages):
        for anchor in page.anchors:
            if anchor in anchors and anchor not in starts:
                starts[anchor] = number
    ordered = sorted(starts.items(), key=lambda kv: kv[1])
    parts = {}
    for i, (anchor, first) in enumerate(ordered):
        last = ordered[i + 1][1] if i + 1 < len(ordered) else len(document.pages)
        parts[anchor] = document.copy(document.pages[first:max(last, first + 1)]).write_pdf()
    return document.write_pdf(), parts


def render_pdfs(material: Material, stems: Mapping[str, str],
                pages: Mapping[str, str]) -> dict[str, bytes]:
    """Every PDF by its path relative to the output folder.

    ``pages`` is the output of :func:`matcher.agenda_html.render_all`.
    """
    anchors = {anchor_of(stems[a.company.id]): stems[a.company.id] for a in material.agendas}
    whole, parts = split_by_anchor(pages["agendas.html"], list(anchors))
    missing = [stem for anchor, stem in anchors.items() if anchor not in parts]
    if missing:  # pragma: no cover - every section has its id on its first page
        raise OutputError(f"Could not find the PDF pages of: {', '.join(missing)}")
    files = {f"agendas/{anchors[anchor]}.pdf": data for anchor, data in parts.items()}
    files["agendas.pdf"] = whole
    files["table-signs.pdf"] = html_to_pdf(pages["table-signs.html"])
    files["participants.pdf"] = html_to_pdf(pages["participants.html"])
    return files
