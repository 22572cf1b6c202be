"""A one-paragraph description of a set of profiles, for the organiser."""

from __future__ import annotations

from collections import Counter
from typing import Sequence

from profiles.model import Profile


def describe_profiles(profiles: Sequence[Profile], source: str | None = None) -> str:
    """Summarise loaded profiles in one paragraph.

    Examples
    --------
    >>> describe_profiles([Profile(id="a", name="A", municipality="Tokke"),
    ...                    Profile(id="b", name="B", municipality="Tokke", role="host")])
    '2 companies (1 host) in 1 municipality (Tokke 2); 0 with an industry code; 0 with both offers and needs; 0 avoid pairs, 0 must-meet pairs; 0 with limited availability.'
    """
    n = len(profiles)
    hosts = sum(p.is_host for p in profiles)
    munis = Counter(p.municipality or "unknown" for p in profiles)
    muni_text = ", ".join(f"{m} {c}" for m, c in sorted(munis.items(), key=lambda kv: (-kv[1], kv[0])))
    avoid = {frozenset((p.id, q)) for p in profiles for q in p.avoid}
    must = {frozenset((p.id, q)) for p in profiles for q in p.must_meet}
    text = (
        f"{n} compan{'y' if n == 1 else 'ies'} ({hosts} host{'' if hosts == 1 else 's'}) in "
        f"{len(munis)} municipalit{'y' if len(munis) == 1 else 'ies'} ({muni_text}); "
        f"{sum(p.industry is not None for p in profiles)} with an industry code; "
        f"{sum(bool(p.offers and p.needs) for p in profiles)} with both offers and needs; "
        f"{len(avoid)} avoid pair{'' if len(avoid) == 1 else 's'}, "
        f"{len(must)} must-meet pair{'' if len(must) == 1 else 's'}; "
        f"{sum(p.available is not None for p in profiles)} with limited availability."
    )
    return (f"Loaded {source}: " + text) if source else text
