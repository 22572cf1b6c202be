"""Validation of raw rows into profiles, reporting every problem at once.

Each row goes through a pydantic model whose validators turn cell text into
typed values and whose messages are plain sentences for the organiser; the
checks that need the whole file (unique names and ids, ``avoid`` and
``must_meet`` naming known companies) run afterwards. Every problem found is
collected, and :func:`validate_rows` raises one :class:`ProfileError` with all.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from pydantic import BaseModel, ValidationError, field_validator

from profiles.columns import ColumnMap
from profiles.errors import Problem, ProfileError
from profiles.model import INTERESTS, Profile
from profiles.read import RawTable

#: Spellings of the forms of cooperation (Nynorsk, Bokmål, English), normalised.
INTEREST_SYNONYMS: dict[str, str] = {
    "innkjøp": "purchasing", "innkjop": "purchasing", "innkjøpssamarbeid": "purchasing",
    "felles innkjøp": "purchasing", "purchasing": "purchasing", "procurement": "purchasing",
    "joint purchasing": "purchasing", "innkjøp tilbodskompetanse": "purchasing",
    "kompetanseutveksling": "competence_exchange", "competence exchange": "competence_exchange",
    "knowledge exchange": "competence_exchange", "organisering": "competence_exchange",
    "lean": "lean",
    "bransjeutvikling": "industry_development", "industry development": "industry_development",
    "bransjeutviklande samarbeid": "industry_development",
    "bransjeutviklende samarbeid": "industry_development",
    "kompetanseheving": "competence_raising", "competence raising": "competence_raising",
    "competence building": "competence_raising", "training": "competence_raising",
    "samlokalisering": "co_location", "co location": "co_location", "colocation": "co_location",
    "co-location": "co_location",
    "innovasjon": "innovation", "innovation": "innovation", "nyskaping": "innovation",
    "innovasjon og nyskaping": "innovation",
}
INTEREST_SYNONYMS.update({k: k for k in INTERESTS})

ROLE_SYNONYMS: dict[str, str] = {
    "participant": "participant", "deltakar": "participant", "deltaker": "participant",
    "deltagar": "participant", "deltager": "participant",
    "host": "host", "vert": "host", "vertskap": "host", "fast bord": "host",
}

ALL_ROUNDS = {"", "all", "alle", "*", "heile dagen", "hele dagen"}

_EMAIL = re.compile(r"^[^@\s,;<>()\[\]\"]+@[^@\s,;<>()\[\]\"]+\.[^\W\d_]{2,}$")
_ORGNR_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def orgnr_is_valid(orgnr: str) -> bool:
    """Check a nine-digit Norwegian organisation number's MOD11 check digit.

    Examples
    --------
    >>> orgnr_is_valid("974760673"), orgnr_is_valid("974760674")
    (True, False)
    """
    if not re.fullmatch(r"\d{9}", orgnr):
        return False
    total = sum(int(d) * w for d, w in zip(orgnr[:8], _ORGNR_WEIGHTS))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(orgnr[8])


def split_list(cell: str) -> list[str]:
    """Split a list cell on ``;`` (or on ``,`` where there is no ``;``).

    Examples
    --------
    >>> split_list("innkjøp; LEAN ;")
    ['innkjøp', 'LEAN']
    >>> split_list("Sag AS, Bygg AS")
    ['Sag AS', 'Bygg AS']
    """
    sep = ";" if ";" in cell else ","
    return [part.strip() for part in cell.split(sep) if part.strip()]


def parse_rounds(text: str) -> tuple[int, ...] | None:
    """Parse rounds such as ``1-4,6``; empty or "alle" means every round (None).

    Raises
    ------
    ValueError
        With a plain message when the text is not a list of rounds.

    Examples
    --------
    >>> parse_rounds("1-4,6")
    (1, 2, 3, 4, 6)
    >>> parse_rounds("") is None
    True
    """
    cleaned = text.strip().lower()
    if cleaned in ALL_ROUNDS:
        return None
    rounds: set[int] = set()
    cleaned = re.sub(r"\s*[-–]\s*", "-", cleaned)
    for part in re.split(r"[;,\s]+", cleaned):
        if not part:
            continue
        m = re.fullmatch(r"(\d{1,3})(?:-(\d{1,3}))?", part)
        if not m:
            raise ValueError("expected rounds as numbers and ranges such as 1-4,6 "
                             "(empty means every round)")
        lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
        if lo < 1 or hi < lo:
            raise ValueError("expected rounds counted from 1 and ranges low-high such as 1-4")
        rounds.update(range(lo, hi + 1))
    if not rounds:
        raise ValueError("expected rounds as numbers and ranges such as 1-4,6")
    return tuple(sorted(rounds))


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text).strip().lower()
    return re.sub(r"[\s_\-–/]+", " ", text)


def _industry_code(text: str) -> str:
    from profiles.industry import normalise_code

    return normalise_code(text)


class RowModel(BaseModel):
    """One row of a registration file, as text in and typed values out."""

    name: str = ""
    id: str | None = None
    orgnr: str | None = None
    municipality: str | None = None
    industry: str | None = None
    employees: int | None = None
    offers: str = ""
    needs: str = ""
    interests: tuple[str, ...] = ()
    contact_name: str | None = None
    contact_email: str | None = None
    available: tuple[int, ...] | None = None
    role: str = "participant"

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, v: str) -> str:
        v = re.sub(r"\s+", " ", str(v or "")).strip()
        if not v:
            raise ValueError("the company name is empty; every row needs a name")
        return v

    @field_validator("id", "municipality", "contact_name", mode="before")
    @classmethod
    def _optional_text(cls, v: str | None) -> str | None:
        v = re.sub(r"\s+", " ", str(v or "")).strip()
        return v or None

    @field_validator("municipality", mode="after")
    @classmethod
    def _municipality(cls, v: str | None) -> str | None:
        if v is None:
            return None
        v = re.sub(r"\s+(kommune|municipality)$", "", v, flags=re.IGNORECASE)
        return v[:1].upper() + v[1:] if v.islower() else v

    @field_validator("offers", "needs", mode="before")
    @classmethod
    def _free_text(cls, v: str | None) -> str:
        return str(v or "").strip()

    @field_validator("orgnr", mode="before")
    @classmethod
    def _orgnr(cls, v: str | None) -> str | None:
        raw = str(v or "")
        digits = re.sub(r"[\s.\u00a0-]", "", raw)
        if digits.upper().startswith("NO"):
            digits = digits[2:]
        if digits.upper().endswith("MVA"):
            digits = digits[:-3]
        if not digits:
            return None
        if not re.fullmatch(r"\d{9}", digits):
            raise ValueError("expected a Norwegian organisation number of 9 digits, e.g. 974760673")
        if not orgnr_is_valid(digits):
            raise ValueError("this organisation number fails its check digit (MOD11); "
                             "check it in Brønnøysundregistra")
        return digits

    @field_validator("industry", mode="before")
    @classmethod
    def _industry(cls, v: str | None) -> str | None:
        text = str(v or "").strip()
        if not text:
            return None
        # "16.230 Saging og høvling" -> take the code part
        m = re.match(r"^\s*([A-Za-z]|\d{2}(?:[.,]?\d{1,3})?)(?=\s|$|[-–:])", text)
        code = m.group(1) if m else text
        return _industry_code(code)

    @field_validator("employees", mode="before")
    @classmethod
    def _employees(cls, v: str | None) -> int | None:
        text = re.sub(r"[\s\u00a0]", "", str(v or ""))
        if not text:
            return None
        m = re.fullmatch(r"(\d+)(?:[.,]0+)?", text)
        if not m:
            raise ValueError("expected a whole number of employees, such as 12 (no words or ranges)")
        return int(m.group(1))

    @field_validator("interests", mode="before")
    @classmethod
    def _interests(cls, v: str | None) -> tuple[str, ...]:
        found: list[str] = []
        bad: list[str] = []
        for item in split_list(str(v or "")):
            key = INTEREST_SYNONYMS.get(_norm(item))
            if key is None:
                bad.append(item)
            elif key not in found:
                found.append(key)
        if bad:
            raise ValueError(
                "unknown form of cooperation " + ", ".join(repr(b) for b in bad)
                + "; expected some of: innkjøp, kompetanseutveksling, LEAN, bransjeutvikling, "
                "kompetanseheving, samlokalisering, innovasjon (or the English words)")
        return tuple(found)

    @field_validator("contact_email", mode="before")
    @classmethod
    def _email(cls, v: str | None) -> str | None:
        text = str(v or "").strip()
        if text.lower().startswith("mailto:"):
            text = text[7:]
        if not text:
            return None
        if not _EMAIL.match(text):
            raise ValueError("expected one e-mail address such as post@firma.no")
        return text

    @field_validator("available", mode="before")
    @classmethod
    def _available(cls, v: str | None) -> tuple[int, ...] | None:
        return parse_rounds(str(v or ""))

    @field_validator("role", mode="before")
    @classmethod
    def _role(cls, v: str | None) -> str:
        text = _norm(str(v or ""))
        if not text:
            return "participant"
        if text not in ROLE_SYNONYMS:
            raise ValueError("expected 'participant' (deltakar) or 'host' (vert, stays at one table)")
        return ROLE_SYNONYMS[text]


def _slug(name: str) -> str:
    from matcher.output import slugify

    return slugify(name) or "company"


def validate_rows(table: RawTable, cmap: ColumnMap) -> tuple[Profile, ...]:
    """Turn raw rows into profiles, or raise one :class:`ProfileError` with every problem.

    Parameters
    ----------
    table : RawTable
        The rows as read from the file.
    cmap : ColumnMap
        Which column holds which field.

    Returns
    -------
    tuple of Profile
        In file order, with ids derived where missing (orgnr, else a slug of the
        name, made unique) and ``avoid``/``must_meet`` resolved to ids.
    """
    problems: list[Problem] = []
    file = table.file
    rows: list[tuple[int, dict[str, Any], dict[str, str]]] = []
    for line, cells in table.rows:
        raw = {field: cells[i] for field, i in cmap.index.items()}
        values: dict[str, Any] = {}
        try:
            model = RowModel(**{k: v for k, v in raw.items() if k in RowModel.model_fields})
            values = model.model_dump()
        except ValidationError as exc:
            for err in exc.errors():
                field = str(err["loc"][0]) if err["loc"] else None
                msg = str(err["msg"]).removeprefix("Value error, ")
                problems.append(Problem(file, line, cmap.header.get(field, field),
                                        raw.get(field, None) if field else None, msg))
            values = None  # type: ignore[assignment]
        rows.append((line, values, raw))

    # Ids and names: unique; derive missing ids stably.
    by_key: dict[str, str] = {}
    seen_names: dict[str, int] = {}
    seen_ids: dict[str, int] = {}
    ids: list[str | None] = []
    for line, values, raw in rows:
        if values is None or not values.get("name"):
            ids.append(None)
            continue
        name_key = values["name"].casefold()
        if name_key in seen_names:
            problems.append(Problem(file, line, cmap.header.get("name"), values["name"],
                                    f"the company name is already used on line {seen_names[name_key]}; "
                                    "names must be unique (add the place or a department)"))
        else:
            seen_names[name_key] = line
        given = values.get("id")
        cid = given or values.get("orgnr") or _slug(values["name"])
        if not given and cid in seen_ids:
            n = 2
            while f"{cid}-{n}" in seen_ids:
                n += 1
            cid = f"{cid}-{n}"
        elif cid in seen_ids:
            problems.append(Problem(file, line, cmap.header.get("id", "id"), cid,
                                    f"this id is already used on line {seen_ids[cid]}; ids must be unique"))
        seen_ids.setdefault(cid, line)
        ids.append(cid)
        for key in (cid, values.get("orgnr"), values["name"]):
            if key:
                by_key.setdefault(str(key).casefold(), cid)

    profiles: list[Profile] = []
    for (line, values, raw), cid in zip(rows, ids):
        refs: dict[str, tuple[str, ...]] = {}
        for field in ("avoid", "must_meet"):
            resolved: list[str] = []
            for item in split_list(raw.get(field, "") or ""):
                target = by_key.get(item.casefold())
                if target is None:
                    problems.append(Problem(
                        file, line, cmap.header.get(field), item,
                        "no company in the file has this name, id or organisation number; "
                        "write another company's name exactly as in its own row"))
                elif target == cid:
                    problems.append(Problem(file, line, cmap.header.get(field), item,
                                            "a company cannot name itself here"))
                elif target not in resolved:
                    resolved.append(target)
            refs[field] = tuple(resolved)
        if values is None or cid is None:
            continue
        both = set(refs["avoid"]) & set(refs["must_meet"])
        if both:
            problems.append(Problem(file, line, cmap.header.get("must_meet"), ", ".join(sorted(both)),
                                    "the same company is listed both to avoid and to meet; keep one"))
        values = dict(values, id=cid, **refs)
        profiles.append(Profile(**values))
    if problems:
        raise ProfileError(sorted(problems, key=lambda p: (p.line or 0)))
    return tuple(profiles)
