"""Standard industry codes (SN2007 and SN2025, the Norwegian NACE) and their titles.

The classification tables ship as package data (``profiles/data/sn2007.csv``
and ``profiles/data/sn2025.csv``; sources in ``profiles/data/SOURCES.md``).
Every section, division, group, class and SN five-digit subclass is listed
with Bokmål, Nynorsk and English titles.

Codes are written as SSB writes them: ``"C"`` (section), ``"16"`` (division),
``"16.2"`` (group), ``"16.23"`` (class) and ``"16.231"`` (subclass).
:func:`normalise_code` accepts the forms organisers type or Excel produces
(``"1623"``, ``"16,23"``, ``" c "``, ``16.23``) and returns that form.

SN2007 (NACE Rev. 2) is what most registrations in Enhetsregisteret carry;
SN2025 (NACE Rev. 2.1) is what new registrations carry. Both are accepted.
Where a code exists in both with different content, SN2007 is used unless
``version="2025"`` is given.

Examples
--------
>>> normalise_code("1623")
'16.23'
>>> title("16.231", lang="nb")
'Produksjon av monteringsferdige hus'
>>> shared_level("16.231", "16.232")
'class'
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

#: Levels of the classification, from the broadest to the most detailed.
LEVELS: tuple[str, ...] = ("section", "division", "group", "class", "subclass")

#: Versions of the standard: SN2007 (NACE Rev. 2) and SN2025 (NACE Rev. 2.1).
VERSIONS: tuple[str, ...] = ("2007", "2025")

_FILES = {"2007": "sn2007.csv", "2025": "sn2025.csv"}
_LANGS = ("nn", "nb", "en")
_EXPECTED = 'a standard industry code (SN2007/SN2025, NACE) such as "16.230", "16.23", "16" or "C"'


@dataclass(frozen=True)
class Entry:
    """One row of a classification table."""

    code: str
    level: str
    parent: str | None
    title_nb: str
    title_nn: str
    title_en: str
    version: str


@functools.cache
def table(version: str = "2007") -> dict[str, Entry]:
    """All entries of one version of the standard, keyed by code.

    Parameters
    ----------
    version : {"2007", "2025"}
        SN2007 or SN2025.

    Examples
    --------
    >>> table("2007")["16.23"].title_en
    "Manufacture of other builders' carpentry and joinery"
    """
    version = _version(version)
    ref = resources.files("profiles.data").joinpath(_FILES[version])
    with ref.open("r", encoding="utf-8", newline="") as fh:
        return {
            row["code"]: Entry(
                code=row["code"],
                level=row["level"],
                parent=row["parent"] or None,
                title_nb=row["title_nb"],
                title_nn=row["title_nn"],
                title_en=row["title_en"],
                version=version,
            )
            for row in csv.DictReader(fh)
        }


def _version(version: Any) -> str:
    text = str(version).strip().upper().removeprefix("SN")
    if text in ("2.0", "2", "REV2", "NACE2"):
        text = "2007"
    if text in ("2.1", "REV2.1", "NACE2.1"):
        text = "2025"
    if text not in VERSIONS:
        raise ValueError(f'Unknown version of the industry standard: expected "2007" or "2025", got {version!r}.')
    return text


def _shape(text: Any) -> str | None:
    """The code written as SSB writes it, or None if the text has no code shape."""
    if text is None or isinstance(text, bool):
        return None
    raw = str(text).strip().upper()
    # "16.231 Produksjon av monteringsferdige hus", "16.231 - ...": code followed by its title
    if m := re.fullmatch(r"(\d{1,2}(?:[.,]\d{1,3})?|\d{3,5})(?:\s*[-–:]\s*|\s+)([^\d\s.,].*)", raw, re.S):
        raw = m.group(1)
    raw = re.sub(r"\s+", "", raw).replace(",", ".")
    if re.fullmatch(r"[A-Z]", raw):
        return raw
    if re.fullmatch(r"\d+", raw):
        digits = raw
    elif m := re.fullmatch(r"(\d{1,2})\.(\d{1,3})", raw):
        digits = m.group(1).zfill(2) + m.group(2)
    else:
        return None
    if len(digits) == 1:
        digits = digits.zfill(2)
    if len(digits) == 2:
        return digits
    if 3 <= len(digits) <= 5:
        return f"{digits[:2]}.{digits[2:]}"
    return None


def _resolve(code: Any, version: str | None) -> Entry:
    """The entry for ``code``, or ValueError with a message for the organiser."""
    shaped = _shape(code)
    if shaped is None:
        raise ValueError(f"Expected {_EXPECTED}, got {str(code).strip()!r}.")
    versions = (_version(version),) if version is not None else VERSIONS
    for v in versions:
        entry = table(v).get(shaped)
        if entry is not None:
            return entry
    which = f"SN{versions[0]}" if version is not None else "SN2007 or SN2025"
    raise ValueError(
        f"Unknown industry code {str(code).strip()!r}: it is not in {which}; expected {_EXPECTED}."
    )


def normalise_code(text: Any, version: str | None = None) -> str:
    """The code as SSB writes it, checked against the shipped tables.

    Parameters
    ----------
    text : str or number
        What the organiser's file holds: ``"16.23"``, ``"1623"``, ``"16,23"``,
        ``"16.230"``, ``" c "``, ``16.2`` ...
    version : {"2007", "2025"}, optional
        Accept only codes of that version (default: either).

    Raises
    ------
    ValueError
        If the text is not shaped like a code or the code is in neither table.

    Examples
    --------
    >>> normalise_code("16,23"), normalise_code(" c "), normalise_code("16230")
    ('16.23', 'C', '16.230')
    >>> normalise_code("99.999")
    Traceback (most recent call last):
    ...
    ValueError: Unknown industry code '99.999': it is not in SN2007 or SN2025; expected a standard industry code (SN2007/SN2025, NACE) such as "16.230", "16.23", "16" or "C".
    """
    return _resolve(text, version).code


def is_known(code: Any, version: str | None = None) -> bool:
    """Whether ``code`` (in any accepted form) is in the tables.

    Examples
    --------
    >>> is_known("16.231"), is_known("16.239"), is_known("sag")
    (True, False, False)
    """
    try:
        _resolve(code, version)
    except ValueError:
        return False
    return True


def version_of(code: Any) -> tuple[str, ...]:
    """The versions whose tables hold ``code`` (empty if none).

    Examples
    --------
    >>> version_of("16.231"), version_of("62.10")
    (('2007',), ('2025',))
    """
    shaped = _shape(code)
    return tuple(v for v in VERSIONS if shaped is not None and shaped in table(v))


def level(code: Any, version: str | None = None) -> str:
    """The level of ``code``: one of :data:`LEVELS`.

    Examples
    --------
    >>> level("16.2")
    'group'
    """
    return _resolve(code, version).level


def title(code: Any, lang: str = "nn", version: str | None = None) -> str:
    """The title of ``code`` in Nynorsk (``nn``), Bokmål (``nb``) or English (``en``).

    SSB publishes SN2007 in Bokmål and English; the Nynorsk titles shipped are
    a reviewed word-level conversion of the Bokmål ones. SN2025 codes that are new in NACE
    Rev. 2.1 have only an English title shipped, which is shown for every
    language (see ``profiles/data/SOURCES.md``).

    Examples
    --------
    >>> title("C", lang="en")
    'Manufacturing'
    >>> title("C", lang="nn")
    'Industri'
    """
    if lang not in _LANGS:
        raise ValueError(f"Unknown language {lang!r}: expected one of nn, nb, en.")
    entry = _resolve(code, version)
    by_lang = {"nn": entry.title_nn or entry.title_nb, "nb": entry.title_nb or entry.title_nn, "en": entry.title_en}
    return by_lang[lang] or entry.title_nb or entry.title_en


def lineage(code: Any, version: str | None = None) -> dict[str, str | None]:
    """The code and its parents, one per level (None below the code's level).

    Examples
    --------
    >>> lineage("16.231")
    {'section': 'C', 'division': '16', 'group': '16.2', 'class': '16.23', 'subclass': '16.231'}
    >>> lineage("16")["group"] is None
    True
    """
    entry = _resolve(code, version)
    rows = table(entry.version)
    out: dict[str, str | None] = {lv: None for lv in LEVELS}
    current: Entry | None = entry
    while current is not None:
        out[current.level] = current.code
        current = rows.get(current.parent) if current.parent else None
    return out


def shared_level(a: Any, b: Any, version: str | None = None) -> str | None:
    """The most detailed level two codes share, or None (also when either is unknown).

    Codes of different precision share at most the coarser one's level:
    ``"16.23"`` and ``"16.231"`` share the class.

    Examples
    --------
    >>> shared_level("16.231", "16.29"), shared_level("16.10", "25.62"), shared_level("16", "A")
    ('group', 'section', None)
    """
    try:
        la, lb = lineage(a, version), lineage(b, version)
    except ValueError:
        return None
    for lv in reversed(LEVELS):
        if la[lv] is not None and la[lv] == lb[lv]:
            return lv
    return None


def codes(level_name: str | None = None, version: str = "2007") -> tuple[str, ...]:
    """All codes of one version, optionally only those of one level, in table order.

    Examples
    --------
    >>> len(codes("section"))
    21
    """
    if level_name is not None and level_name not in LEVELS:
        raise ValueError(f"Unknown level {level_name!r}: expected one of {', '.join(LEVELS)}.")
    return tuple(c for c, e in table(version).items() if level_name is None or e.level == level_name)
