"""The company profile: the one record every stage of speeddate reads.

A :class:`Profile` is a frozen dataclass holding the canonical fields. Loaders
(:mod:`profiles.load`) build profiles from organisers' files; everything after
that (scores, schedules, clusters, agendas) takes profiles in and returns new
values out.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Iterable, Mapping

#: Canonical field names, in the order used for CSV/JSON output.
FIELDS: tuple[str, ...] = (
    "id",
    "name",
    "orgnr",
    "municipality",
    "industry",
    "employees",
    "offers",
    "needs",
    "interests",
    "contact_name",
    "contact_email",
    "avoid",
    "must_meet",
    "available",
    "role",
)

#: Fields holding lists (tuples in a :class:`Profile`).
LIST_FIELDS: frozenset[str] = frozenset({"interests", "avoid", "must_meet"})

#: The forms of cooperation the network works with (canonical keys).
INTERESTS: tuple[str, ...] = (
    "purchasing",
    "competence_exchange",
    "lean",
    "industry_development",
    "competence_raising",
    "co_location",
    "innovation",
)

#: Display names of the forms of cooperation, per language.
INTEREST_LABELS: dict[str, dict[str, str]] = {  # Bokmål spells them as Nynorsk (added below)
    "nn": {
        "purchasing": "innkjøp",
        "competence_exchange": "kompetanseutveksling",
        "lean": "LEAN",
        "industry_development": "bransjeutvikling",
        "competence_raising": "kompetanseheving",
        "co_location": "samlokalisering",
        "innovation": "innovasjon",
    },
    "en": {
        "purchasing": "purchasing",
        "competence_exchange": "competence exchange",
        "lean": "LEAN",
        "industry_development": "industry development",
        "competence_raising": "competence raising",
        "co_location": "co-location",
        "innovation": "innovation",
    },
}

INTEREST_LABELS["nb"] = dict(INTEREST_LABELS["nn"])

#: The six municipalities of the network (others are accepted too).
MUNICIPALITIES: tuple[str, ...] = (
    "Fyresdal",
    "Kviteseid",
    "Nissedal",
    "Seljord",
    "Tokke",
    "Vinje",
)

LANGUAGES: tuple[str, ...] = ("nn", "nb", "en")


@dataclass(frozen=True)
class Profile:
    """One company as registered for an event.

    Parameters
    ----------
    id : str
        Stable identifier (orgnr if given, else a slug of the name).
    name : str
        Company name, unique within a file.
    orgnr : str or None
        Nine-digit Norwegian organisation number (MOD11-checked).
    municipality : str or None
        Municipality name.
    industry : str or None
        Normalised SN2007/SN2025 (NACE) code at any level, e.g. ``"16.230"``.
    employees : int or None
        Number of employees.
    offers, needs : str
        Free text: what the company offers others, and what it looks for.
    interests : tuple of str
        Canonical keys from :data:`INTERESTS`.
    contact_name, contact_email : str or None
        Contact person.
    avoid, must_meet : tuple of str
        Ids of other companies (resolved by the loader).
    available : tuple of int or None
        Rounds (1-based) the company attends; ``None`` means all rounds.
    role : {"participant", "host"}
        A host stays at one table for the whole event.

    Examples
    --------
    >>> p = Profile(id="sag", name="Sag AS", offers="trelast")
    >>> p.attends(3)
    True
    >>> Profile.from_dict(p.to_dict()) == p
    True
    """

    id: str
    name: str
    orgnr: str | None = None
    municipality: str | None = None
    industry: str | None = None
    employees: int | None = None
    offers: str = ""
    needs: str = ""
    interests: tuple[str, ...] = ()
    contact_name: str | None = None
    contact_email: str | None = None
    avoid: tuple[str, ...] = ()
    must_meet: tuple[str, ...] = ()
    available: tuple[int, ...] | None = None
    role: str = "participant"

    @property
    def is_host(self) -> bool:
        """Whether the company stays at a fixed table all event."""
        return self.role == "host"

    def attends(self, round_no: int) -> bool:
        """Whether the company is present in round ``round_no`` (1-based)."""
        return self.available is None or round_no in self.available

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict with the canonical fields (lists as lists)."""
        d = asdict(self)
        for key in LIST_FIELDS:
            d[key] = list(d[key])
        if d["available"] is not None:
            d["available"] = list(d["available"])
        return d

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Profile":
        """Build a profile from a dict as written by :meth:`to_dict`.

        No validation is done here: use :func:`profiles.load.load_profiles`
        for files from organisers.
        """
        kwargs: dict[str, Any] = {k: data[k] for k in FIELDS if k in data}
        for key in LIST_FIELDS:
            if key in kwargs:
                kwargs[key] = tuple(kwargs[key] or ())
        if kwargs.get("available") is not None:
            kwargs["available"] = tuple(int(r) for r in kwargs["available"])
        for key in ("offers", "needs"):
            if kwargs.get(key) is None:
                kwargs[key] = ""
        if not kwargs.get("role"):
            kwargs["role"] = "participant"
        return cls(**kwargs)


def index_by_id(profiles: Iterable[Profile]) -> dict[str, Profile]:
    """Map id to profile.

    Examples
    --------
    >>> index_by_id([Profile(id="a", name="A")])["a"].name
    'A'
    """
    return {p.id: p for p in profiles}
