"""Reading organisers' files into raw rows: CSV (any delimiter, encoding), XLSX and JSON.

The result is a :class:`RawTable`: the header as the file shows it and every
record as text cells with the line number the organiser sees in the file
(header = line 1; for XLSX the sheet's row number; for JSON the line where the
record starts). No field is interpreted here: see :mod:`profiles.validate`.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from profiles.errors import Problem, ProfileError

SUPPORTED = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".json")
_DELIMITERS = ",;\t|"


@dataclass(frozen=True)
class RawTable:
    """Header and rows of a file, all cells as text.

    Attributes
    ----------
    file : str
        The path as the user gave it.
    headers : tuple of str
        Header cells as in the file.
    rows : tuple of (int, tuple of str)
        ``(line, cells)`` per record; ``cells`` is as long as ``headers``.
    encoding : str or None
        The text encoding used (CSV/JSON), for the summary.
    delimiter : str or None
        The CSV delimiter found.
    """

    file: str
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    encoding: str | None = None
    delimiter: str | None = None


def _fail(file: str, message: str, line: int | None = None) -> ProfileError:
    return ProfileError([Problem(file, line, None, None, message)])


def decode_bytes(data: bytes, file: str = "") -> tuple[str, str]:
    """Decode a text file: UTF-8 (with or without BOM), else Windows-1252.

    Returns the text and the encoding name.

    Examples
    --------
    >>> decode_bytes("Bø".encode("cp1252"))
    ('Bø', 'windows-1252')
    >>> decode_bytes(b"\\xef\\xbb\\xbfNamn")
    ('Namn', 'utf-8-sig')
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000], cp_isolation=["cp1252", "latin_1", "utf_16", "cp865", "iso8859_15"]).best()
        guess = best.encoding if best is not None else None
    except Exception:  # pragma: no cover - detection is best effort
        guess = None
    if guess in (None, "ascii", "utf_8", "latin_1", "iso8859_15"):
        guess = "cp1252"
    try:
        return data.decode(guess), {"cp1252": "windows-1252"}.get(guess, guess)
    except (UnicodeDecodeError, LookupError):
        return data.decode("latin-1"), "latin-1"


def sniff_delimiter(text: str) -> str:
    """Guess the CSV delimiter from the first lines.

    Examples
    --------
    >>> sniff_delimiter("Namn;Kommune\\nSag AS;Tokke\\n")
    ';'
    >>> sniff_delimiter("name,offers\\nA,\\"x; y\\"\\n")
    ','
    """
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        pass
    first = text.splitlines()[0] if text.strip() else ""
    counts = {d: first.count(d) for d in _DELIMITERS}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _cell_text(value) -> str:
    """Text of a spreadsheet or JSON cell: integers without '.0', lists joined by ';'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _finish(file: str, header: list[str], records: list[tuple[int, list[str]]], **meta) -> RawTable:
    width = len(header)
    rows = []
    for line, cells in records:
        if not any(str(c).strip() for c in cells):
            continue
        cells = [str(c) for c in cells[:width]] + [""] * max(0, width - len(cells))
        rows.append((line, tuple(cells)))
    return RawTable(file=file, headers=tuple(str(h).strip() for h in header), rows=tuple(rows), **meta)


def read_csv_text(text: str, file: str = "", encoding: str | None = None) -> RawTable:
    """Read CSV text (delimiter sniffed; quoted cells may span lines).

    Examples
    --------
    >>> t = read_csv_text("Namn;Kommune\\nSag AS;Tokke\\n\\nBygg AS;Vinje\\n")
    >>> t.headers, [line for line, _ in t.rows]
    (('Namn', 'Kommune'), [2, 4])
    """
    if not text.strip():
        raise _fail(file, "the file is empty; expected a header row and one row per company")
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    start = 1
    try:
        for cells in reader:
            if header is None:
                if any(c.strip() for c in cells):
                    header = cells
            else:
                records.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise _fail(file, f"the CSV cannot be read ({exc}); save it again as CSV from Excel "
                          "or your form tool", line=start) from None
    if header is None:
        raise _fail(file, "the file has no header row; expected column names on the first line")
    return _finish(file, header, records, encoding=encoding, delimiter=delimiter)


def read_xlsx(path: Path, file: str) -> RawTable:
    """Read the first worksheet of an Excel workbook (header = first non-empty row)."""
    try:
        from openpyxl import load_workbook
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise _fail(file, f"the Excel file cannot be opened ({type(exc).__name__}: {exc}); "
                          "save it again as .xlsx") from None
    try:
        ws = wb.worksheets[0]
        header: list[str] | None = None
        records = []
        for row_no, row in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = [_cell_text(v) for v in row]
            if header is None:
                if any(c.strip() for c in cells):
                    header = cells
            else:
                records.append((row_no, cells))
    finally:
        wb.close()
    if header is None:
        raise _fail(file, "the first worksheet is empty; expected a header row and one row per company")
    while header and not header[-1].strip():
        header.pop()
    return _finish(file, header, records)


def read_json_text(text: str, file: str = "", encoding: str | None = None) -> RawTable:
    """Read a JSON list of objects (or ``{"profiles": [...]}``), keeping each record's line.

    Examples
    --------
    >>> t = read_json_text('[\\n {"name": "A"},\\n {"name": "B", "employees": 3}\\n]')
    >>> t.headers, t.rows
    (('name', 'employees'), ((2, ('A', '')), (3, ('B', '3'))))
    """
    decoder = json.JSONDecoder()
    try:
        whole = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _fail(file, f"the file is not valid JSON ({exc.msg}, column {exc.colno}); "
                          "expected a list of objects, one per company", line=exc.lineno) from None
    if isinstance(whole, dict) and isinstance(whole.get("profiles"), list):
        items = whole["profiles"]
        at = text.find("[", text.find('"profiles"'))
    elif isinstance(whole, list):
        items = whole
        at = text.find("[")
    else:
        raise _fail(file, "expected a JSON list of objects (one per company) or "
                          '{"profiles": [...]}; got a ' + type(whole).__name__)
    # Find where each element starts, for line numbers.
    lines = []
    pos = at + 1
    for _ in items:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        lines.append(text.count("\n", 0, pos) + 1)
        try:
            _, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError:  # pragma: no cover - already parsed once
            break
    header: list[str] = []
    problems = []
    for line, item in zip(lines, items):
        if not isinstance(item, dict):
            problems.append(Problem(file, line, None, _cell_text(item)[:60],
                                    "expected an object with fields such as \"name\" for each company"))
            continue
        for key in item:
            if str(key) not in header:
                header.append(str(key))
    if problems:
        raise ProfileError(problems)
    records = [(line, [_cell_text(item.get(k)) for k in header]) for line, item in zip(lines, items)]
    if not header:
        raise _fail(file, "the JSON list is empty; expected one object per company")
    return _finish(file, header, records, encoding=encoding)


def read_table(path: str | Path) -> RawTable:
    """Read a CSV, XLSX or JSON file into a :class:`RawTable`.

    Raises
    ------
    ProfileError
        If the file does not exist, has an unsupported type, or cannot be parsed.
    """
    p = Path(path)
    file = str(path)
    suffix = p.suffix.lower()
    if not p.exists():
        raise _fail(file, "the file does not exist; check the path")
    if p.is_dir():
        raise _fail(file, "this is a folder; expected a .csv, .xlsx or .json file")
    if suffix not in SUPPORTED:
        raise _fail(file, f"unsupported file type {suffix or '(none)'!r}; expected .csv, .xlsx or "
                          ".json (in Excel: File > Save as > CSV UTF-8 or Excel workbook)")
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(p, file)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise _fail(file, f"the file cannot be read ({exc.strerror})") from None
    if data.startswith(b"PK\x03\x04"):
        raise _fail(file, "this looks like an Excel workbook saved with another ending; "
                          "rename it to .xlsx")
    text, encoding = decode_bytes(data, file)
    text = text.replace("\x00", "")
    if suffix == ".json":
        return read_json_text(text, file, encoding)
    return read_csv_text(text, file, encoding)
