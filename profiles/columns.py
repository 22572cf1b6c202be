"""Column mapping: which column of an organiser's file holds which profile field.

Sign-up forms export long question texts as headers ("Kva kan de tilby andre?").
A mapping file (``--columns MAP.toml`` with a ``[columns]`` table of
``field = "source header"``) says it exactly; without one, common Nynorsk,
Bokmål and English header words are recognised. Unmapped columns are ignored.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from profiles.errors import Problem, ProfileError
from profiles.model import FIELDS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

#: Recognised header words per field, tried in this order (earlier fields win a
#: header, so "E-post til kontaktperson" is the e-mail, not the contact name).
#: Each entry is a regular expression searched in the normalised header
#: (lower case, punctuation as spaces, single spaces).
HEADER_PATTERNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("contact_email", (r"\be ?post\b", r"\be ?mail\b", r"\bepost", r"\bemail", r"\bmail\b")),
    ("orgnr", (r"\borg ?nr\b", r"\borg ?no\b", r"organisasjonsnummer", r"organisasjonsnr",
               r"organi[sz]ation (number|no)", r"\bforetaksnummer", r"company (number|id)")),
    ("must_meet", (r"\bm[aå] m[oø]te\b", r"\bmust meet\b", r"\bmust_meet\b",
                   r"\bvil (gjerne |absolutt )?m[oø]te\b", r"\bskal m[oø]te\b", r"\bwant to meet\b",
                   r"\b[oø]nskjer [aå] m[oø]te\b", r"\b[oø]nsker [aå] m[oø]te\b")),
    ("avoid", (r"\bavoid\b", r"\bunng[aå]\b", r"\bikkje m[oø]te\b", r"\bikke m[oø]te\b",
               r"\bnot meet\b", r"\bhelst ikkje\b", r"\bhelst ikke\b")),
    ("available", (r"\bavailab", r"\brund(ar|er|e|ane|ene)?\b", r"\brounds?\b", r"\btilgjengeleg",
                   r"\btilgjengelig", r"\bdelta i\b", r"\battend")),
    ("contact_name", (r"\bkontaktperson", r"\bkontakt ?namn", r"\bkontakt ?navn", r"\bcontact\b",
                      r"\bcontact ?name", r"\bcontact ?person", r"\bkontakt\b")),
    ("employees", (r"\btilsette\b", r"\btilsatte\b", r"\bansatte\b", r"\bemployees\b",
                   r"\bstaff\b", r"\b[aå]rsverk", r"\bheadcount")),
    ("industry", (r"\bn[aæ]ringskode", r"\bbransjekode", r"\bnace\b", r"\bsn ?2007\b",
                  r"\bsn ?2025\b", r"\bindustry\b", r"\bbransje\b", r"\bn[aæ]ring\b",
                  r"\bsector\b")),
    ("needs", (r"\bneeds?\b", r"\bbehov\b", r"\btreng\b", r"\btrenger\b", r"\bser (de|dere|vi) etter\b",
               r"\blooking for\b", r"\bleit(ar|er) etter\b", r"\bs[oø]k(jer|er) etter\b")),
    ("offers", (r"\boffers?\b", r"\btilby\b", r"\btilbyr\b", r"\btilbod\b", r"\btilbud\b",
                r"\bkan (de|dere|vi) tilby\b", r"\bcapabilit", r"\bwe offer\b", r"\bleverer\b")),
    ("interests", (r"\binteress", r"\binterests?\b", r"\bsamarbeidsform", r"\bsamarbeid\b",
                   r"\bcooperation\b")),
    ("municipality", (r"\bkommune\b", r"\bmunicipality\b", r"\bstad\b", r"\bsted\b",
                      r"\blocation\b")),
    ("role", (r"\brolle\b", r"\brole\b", r"\bvert\b", r"\bhost\b")),
    ("id", (r"^id$", r"^company id$", r"^ref$")),
    ("name", (r"\bbedrift\b", r"\bbedriftsnamn", r"\bbedriftsnavn", r"\bverksemd", r"\bvirksomhet",
              r"\bfirma\b", r"\bfirmanamn", r"\bfirmanavn", r"\bcompany\b", r"\bnamn\b", r"\bnavn\b",
              r"\bname\b", r"\bheiter\b", r"\bheter\b", r"\borgani[sz]ation\b", r"\bforetak\b")),
)


@dataclass(frozen=True)
class ColumnMap:
    """Which column index holds each field, and the header as the file shows it.

    Attributes
    ----------
    index : dict
        Field name to column position (0-based) in the file.
    header : dict
        Field name to the header text as the file shows it (for messages).
    """

    index: dict[str, int]
    header: dict[str, str]


def normalise_header(text: str) -> str:
    """Lower case, punctuation to spaces, single spaces.

    Examples
    --------
    >>> normalise_header("  Org.nr. (9 siffer)  ")
    'org nr 9 siffer'
    >>> normalise_header("E-post")
    'e post'
    """
    text = unicodedata.normalize("NFC", str(text)).replace("\ufeff", "").lower()
    text = re.sub(r"[^\w]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def read_mapping(path: str | Path) -> dict[str, str]:
    """Read a ``--columns`` TOML file: ``[columns]`` with ``field = "source header"``.

    Raises
    ------
    ProfileError
        If the file is unreadable, not TOML, has no ``[columns]`` table, or names
        a field that does not exist (every such problem is listed).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "map.toml"
    >>> _ = p.write_text('[columns]\\nname = "Kva heiter verksemda?"\\n', encoding="utf-8")
    >>> read_mapping(p)
    {'name': 'Kva heiter verksemda?'}
    """
    path = Path(path)
    fname = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise ProfileError([Problem(fname, None, None, None,
                                    "the column mapping file does not exist")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError([Problem(fname, None, None, None,
                                    f"the column mapping file cannot be read ({exc}); "
                                    "save it as UTF-8 text")]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError([Problem(fname, None, None, None,
                                    f"the column mapping is not valid TOML ({exc}); write it as "
                                    '[columns] followed by lines like name = "Company name"')]) from None
    table = data.get("columns")
    if not isinstance(table, dict):
        raise ProfileError([Problem(fname, None, None, None,
                                    "the column mapping has no [columns] table; write it as "
                                    '[columns] followed by lines like name = "Company name"')])
    problems = []
    mapping: dict[str, str] = {}
    for field, header in table.items():
        if field not in FIELDS:
            problems.append(Problem(fname, None, field, None,
                                    f"{field!r} is not a profile field; expected one of "
                                    + ", ".join(FIELDS)))
        elif not isinstance(header, str) or not header.strip():
            problems.append(Problem(fname, None, field, repr(header),
                                    "expected the column header as a text in quotes"))
        else:
            mapping[field] = header
    if problems:
        raise ProfileError(problems)
    return mapping


def map_columns(headers: Sequence[str], mapping: dict[str, str] | None = None,
                file: str = "", mapping_file: str | None = None) -> ColumnMap:
    """Decide which column holds which field.

    Parameters
    ----------
    headers : sequence of str
        The header row as the file shows it.
    mapping : dict, optional
        Explicit ``field -> header`` mapping (from :func:`read_mapping`); fields
        it does not name are still recognised by their headers.
    file : str
        The data file's name, for messages.
    mapping_file : str, optional
        The mapping file's name, for messages.

    Raises
    ------
    ProfileError
        If a mapped header is missing from the file, two fields claim one
        column, or no column holds the company name.

    Examples
    --------
    >>> cm = map_columns(["Tidsmerke", "Bedrift", "Kommune", "E-post"])
    >>> sorted(cm.index.items())
    [('contact_email', 3), ('municipality', 2), ('name', 1)]
    """
    problems: list[Problem] = []
    norm = [normalise_header(h) for h in headers]
    index: dict[str, int] = {}
    taken: dict[int, str] = {}
    shown = ", ".join(repr(h) for h in headers if str(h).strip())
    for field, wanted in (mapping or {}).items():
        target = normalise_header(wanted)
        hits = [i for i, h in enumerate(norm) if h == target]
        if not hits:
            problems.append(Problem(mapping_file or file, None, field, wanted,
                                    f"the mapping names a column that is not in {file}; "
                                    f"its headers are: {shown}"))
            continue
        index[field] = hits[0]
        taken[hits[0]] = field
    # Exact canonical names first, then recognised words.
    for i, h in enumerate(norm):
        if i in taken:
            continue
        if h.replace(" ", "_") in FIELDS and h.replace(" ", "_") not in index:
            field = h.replace(" ", "_")
            index[field] = i
            taken[i] = field
    for i, h in enumerate(norm):
        if i in taken or not h:
            continue
        for field, patterns in HEADER_PATTERNS:
            if field in index:
                continue
            if any(re.search(p, h) for p in patterns):
                index[field] = i
                taken[i] = field
                break
    if "name" not in index and not problems:
        problems.append(Problem(file, 1, None, None,
                                "no column holds the company name; name it 'name' (or Bedrift, "
                                "Verksemd, Company), or map it with --columns MAP.toml "
                                f"([columns] name = \"your header\"). The headers are: {shown}"))
    if problems:
        raise ProfileError(problems)
    return ColumnMap(index=index, header={f: str(headers[i]) for f, i in index.items()})
