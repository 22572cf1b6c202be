"""Derive the Nynorsk industry titles (``title_nn``) from the Bokmål ones.

SSB publishes SN2007 and SN2025 in Bokmål and English only, so the Nynorsk
titles shipped in ``sn2007.csv`` and ``sn2025.csv`` are a word-level
conversion of ``title_nb`` through the hand-made dictionary ``nn_words.csv``
(columns ``bokmal,nynorsk``). The script is run by hand after editing the
dictionary or the Bokmål titles; the library never runs it.

Rules
-----
* Every row of ``nn_words.csv`` maps one Bokmål word form (lower case) to its
  Nynorsk form. A few rows map a short phrase (words separated by one space)
  where a word alone would get the gender or number wrong, e.g.
  ``annen butikkhandel`` -> ``annan butikkhandel`` (the default for ``annen``
  is ``anna``, as most nouns after it are feminine in Nynorsk) or
  ``tjenester tilknyttet`` -> ``tenester knytte til``.
* The longest match wins, the text is read once from left to right (a
  replacement is never converted again), and only whole words match: the
  parts of ``ikke-farlig`` or ``husholdnings-`` are words of their own.
* A word written with a capital first letter gets a capital first letter.
* Words not in the dictionary are the same in both written standards.

Usage (from the repository root)::

    .venv/bin/python profiles/data/make_nn_titles.py          # rewrite title_nn
    .venv/bin/python profiles/data/make_nn_titles.py --check  # exit 1 if stale
"""

from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TABLES = ("sn2007.csv", "sn2025.csv")
DICTIONARY = HERE / "nn_words.csv"


def load_dictionary(path: Path = DICTIONARY) -> dict[str, str]:
    """The ``bokmal -> nynorsk`` rows of the dictionary, keys in lower case."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    mapping: dict[str, str] = {}
    for row in rows:
        key, value = row["bokmal"].strip().lower(), row["nynorsk"].strip()
        if not key or not value or key == value.lower():
            raise ValueError(f"nn_words.csv: row {row!r} maps nothing or maps a word to itself")
        if key in mapping:
            raise ValueError(f"nn_words.csv: {key!r} is listed twice")
        mapping[key] = value
    return mapping


def converter(mapping: dict[str, str]):
    """A function converting one Bokmål title to Nynorsk with ``mapping``."""
    keys = sorted(mapping, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(k) for k in keys) + r")(?!\w)", re.IGNORECASE)

    def replace(match: re.Match[str]) -> str:
        found = match.group(0)
        value = mapping[found.lower()]
        if found[0].isupper():
            value = value[0].upper() + value[1:]
        return value

    def convert(text: str) -> str:
        return pattern.sub(replace, text)

    return convert


def convert_table(text: str, convert) -> str:
    """The CSV ``text`` of one table with ``title_nn`` rewritten from ``title_nb``."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    fields = reader.fieldnames or []
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in reader:
        row["title_nn"] = convert(row["title_nb"]) if row["title_nb"] else ""
        writer.writerow(row)
    return out.getvalue()


def main(argv: list[str]) -> int:
    convert = converter(load_dictionary())
    stale = []
    for name in TABLES:
        path = HERE / name
        old = path.read_text(encoding="utf-8")
        new = convert_table(old, convert)
        if new != old:
            stale.append(name)
            if "--check" not in argv:
                path.write_text(new, encoding="utf-8", newline="")
    if "--check" in argv and stale:
        print("title_nn is out of date in: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
