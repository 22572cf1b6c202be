"""Where Norwegian municipalities lie, and how far apart they are.

The table ``profiles/data/municipalities.csv`` (sources in
``profiles/data/SOURCES.md``) lists all municipalities with their number,
county and a representative point inside each (Kartverket's
``punktIOmrade``), used here as the municipality's centre. Distances are
great-circle distances between those points: a measure of proximity, not
of travel time.

Names are matched leniently: case, diacritics and spelling without the
Norwegian letters (``"Tonsberg"``, ``"Aal"``), a trailing ``kommune`` /
``kommuna`` / ``herad`` / ``municipality``, alternative (Sami) names and
municipality numbers (current and pre-2024) are all accepted. Names shared
by two municipalities (Herøy, Våler) need the county: ``"Herøy (Nordland)"``
or ``"Våler i Østfold"``.

Examples
--------
>>> coordinates("Kviteseid kommune")
(59.40965, 8.48279)
>>> round(distance_km("Seljord", "kviteseid"), 1)
18.3
"""

from __future__ import annotations

import csv
import functools
import math
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources

#: Mean Earth radius in kilometres (IUGG).
EARTH_RADIUS_KM = 6371.0088

_SUFFIXES = ("kommune", "kommuna", "herad", "municipality", "suohkan", "gielda", "tjielte")


@dataclass(frozen=True)
class Municipality:
    """One municipality: its number (2024 structure), name, county and centre point."""

    number: str
    name: str
    county: str
    county_number: str
    lat: float
    lon: float
    number_2020: str
    other_names: tuple[str, ...] = ()


def _key(text: str) -> str:
    """A spelling-tolerant key: lower case, no diacritics, æ/ø/å and aa/oe folded."""
    text = unicodedata.normalize("NFC", str(text)).strip().lower()
    text = text.replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = text.replace("aa", "a").replace("oe", "o")
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    words = text.split()
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words.pop()
    if len(words) > 1 and words[0] in _SUFFIXES:
        words.pop(0)
    return " ".join(words)


@functools.cache
def municipalities() -> tuple[Municipality, ...]:
    """All municipalities in the shipped table.

    Examples
    --------
    >>> len(municipalities()) > 350
    True
    """
    ref = resources.files("profiles.data").joinpath("municipalities.csv")
    with ref.open("r", encoding="utf-8", newline="") as fh:
        return tuple(
            Municipality(
                number=row["number"],
                name=row["name"],
                county=row["county"],
                county_number=row["county_number"],
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                number_2020=row["number_2020"],
                other_names=tuple(n for n in row["other_names"].split(";") if n),
            )
            for row in csv.DictReader(fh)
        )


@functools.cache
def _index() -> dict[str, Municipality | None]:
    """Lookup keys to municipalities; None marks a name shared by several."""
    index: dict[str, Municipality | None] = {}

    def put(key: str, m: Municipality) -> None:
        if not key:
            return
        if key in index and index[key] is not m:
            index[key] = None  # ambiguous without the county
        else:
            index[key] = m

    for m in municipalities():
        for name in (m.name, *m.other_names):
            put(_key(name), m)
            county = _key(m.county)
            for pattern in ("{n} {c}", "{n} i {c}"):
                index[pattern.format(n=_key(name), c=county)] = m
        index[m.number] = m
        index.setdefault(m.number_2020, m)
    return index


def find(municipality: str | None) -> Municipality | None:
    """The municipality meant by a name or number, or None if unknown or ambiguous.

    Examples
    --------
    >>> find("FYRESDAL").number
    '4032'
    >>> find("Herøy") is None, find("Herøy (Nordland)").county
    (True, 'Nordland')
    """
    if municipality is None:
        return None
    return _find(str(municipality))


@functools.lru_cache(maxsize=8192)
def _find(text: str) -> Municipality | None:
    text = text.strip()
    if re.fullmatch(r"\d{3,4}", text):
        return _index().get(text.zfill(4))
    key = _key(text)
    return _index().get(key) if key else None


def coordinates(municipality: str | None) -> tuple[float, float] | None:
    """(latitude, longitude) of the municipality's centre point, or None if unknown.

    Examples
    --------
    >>> coordinates("Vinje")
    (59.80714, 7.71377)
    >>> coordinates("Atlantis") is None
    True
    """
    m = find(municipality)
    return (m.lat, m.lon) if m is not None else None


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon) points in degrees.

    Examples
    --------
    >>> round(haversine_km((0.0, 0.0), (0.0, 1.0)), 1)
    111.2
    """
    lat1, lon1 = map(math.radians, a)
    lat2, lon2 = map(math.radians, b)
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def distance_km(m1: str | None, m2: str | None) -> float | None:
    """Distance in km between two municipalities' centre points; None if either is unknown.

    Examples
    --------
    >>> distance_km("Tokke", "Tokke kommune")
    0.0
    >>> distance_km("Tokke", "Atlantis") is None
    True
    """
    a, b = coordinates(m1), coordinates(m2)
    if a is None or b is None:
        return None
    return haversine_km(a, b)
