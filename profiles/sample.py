"""The bundled sample, written out as a starting template for organisers."""

from __future__ import annotations

import io
from pathlib import Path

from matcher.output import write_bytes_atomic, write_text_atomic
from profiles.errors import OutputError
from profiles.load import load_sample, profiles_to_json, sample_path
from profiles.model import FIELDS, LIST_FIELDS


def sample_xlsx_bytes() -> bytes:
    """The sample as an Excel workbook (canonical headers, lists joined by ``;``)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "profiles"
    ws.append(list(FIELDS))
    for p in load_sample():
        d = p.to_dict()
        row = []
        for field in FIELDS:
            value = d[field]
            if field in LIST_FIELDS:
                value = "; ".join(value)
            elif field == "available":
                value = ",".join(str(r) for r in value) if value else ""
            row.append("" if value is None else value)
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def export_sample(out: str | Path, force: bool = False) -> Path:
    """Write the sample to ``out`` as CSV (as shipped), JSON or XLSX, by its ending.

    Raises
    ------
    OutputError
        If ``out`` exists (without ``force``) or has another ending.
    """
    suffix = Path(out).suffix.lower()
    if suffix == ".csv":
        return write_bytes_atomic(out, sample_path().read_bytes(), force=force)
    if suffix == ".json":
        return write_text_atomic(out, profiles_to_json(load_sample()), force=force)
    if suffix == ".xlsx":
        return write_bytes_atomic(out, sample_xlsx_bytes(), force=force)
    raise OutputError(f"Cannot write the sample as {suffix or 'a file without ending'!r}; "
                      "use --out with .csv, .json or .xlsx.")
