"""Seedable event instances shaped like real ones, for tests and benchmarks.

* :func:`pairs_instance` - a speed-dating event: a few strong pairs among many
  weak ones, table limits, 10-20% of companies attending only part of the
  event, a few must-meet and avoid pairs.
* :func:`requests_instance` - a brokerage event: a list of agreed meetings
  with morning/afternoon restrictions and forbidden rounds; built around a
  hidden plan so that every instance is feasible.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from matcher.requests_mode import Request
from profiles.model import Profile


def pairs_instance(n: int, rounds: int, seed: int = 0, partial: float = 0.15,
                   must: int = 2, avoid: int = 3, hosts: int = 0):
    """Profiles and an N×N score matrix for a pairs-mode event.

    Scores: weak background (0-0.35) plus strong pairs (0.5-1.0) for about
    ``2 * rounds`` partners per company in a planted structure.

    Examples
    --------
    >>> ps, w = pairs_instance(20, 4, seed=1)
    >>> len(ps), w.shape, bool((w == w.T).all())
    (20, (20, 20), True)
    """
    rng = np.random.default_rng(seed)
    w = rng.random((n, n)) * 0.35
    strong = rng.random((n, n)) < min(1.0, 2.0 * rounds / max(1, n - 1)) * 0.5
    w = np.where(strong, 0.5 + 0.5 * rng.random((n, n)), w)
    w = np.triu(w, 1)
    w = w + w.T
    profiles = []
    for i in range(n):
        available = None
        if rng.random() < partial and rounds > 1:
            if rng.random() < 0.5:   # arrives late or leaves early
                cut = int(rng.integers(1, rounds))
                available = tuple(range(1, cut + 1)) if rng.random() < 0.5 else \
                    tuple(range(cut + 1, rounds + 1))
            else:                     # misses a few rounds
                keep = [r for r in range(1, rounds + 1) if rng.random() > 0.3]
                available = tuple(keep or [1])
        profiles.append(Profile(id=f"c{i:04d}", name=f"Company {i}", available=available,
                                role="host" if i < hosts else "participant"))
    present = [set(p.available or range(1, rounds + 1)) for p in profiles]
    pairs_done: set[frozenset] = set()
    for kind, count in (("avoid", avoid), ("must", must)):
        made = tries = 0
        while made < count and tries < 100 * (count + 1):
            tries += 1
            i, j = (int(x) for x in rng.choice(n, 2, replace=False))
            key = frozenset((i, j))
            if key in pairs_done or (i < hosts and j < hosts):
                continue
            if kind == "must" and not (present[i] & present[j]):
                continue
            pairs_done.add(key)
            p = profiles[i]
            if kind == "avoid":
                profiles[i] = replace(p, avoid=p.avoid + (profiles[j].id,))
            else:
                profiles[i] = replace(p, must_meet=p.must_meet + (profiles[j].id,))
            made += 1
    return profiles, w


def requests_instance(n: int, meetings: int, rounds: int, seed: int = 0, tables: int | None = None,
                      window: float = 0.35, forbid: float = 0.1):
    """Profiles (id/name/available only) and a feasible list of requested meetings.

    About ``window`` of the meetings are restricted to the morning or the
    afternoon half, about ``forbid`` have a few forbidden rounds, and about
    10% of companies leave early or come late.

    Examples
    --------
    >>> ps, reqs = requests_instance(40, 120, 10, seed=2)
    >>> len(ps), len(reqs), len({frozenset((q.a, q.b)) for q in reqs})
    (40, 120, 120)
    """
    rng = np.random.default_rng(seed)
    tables = tables or n // 2
    avail = []
    for _ in range(n):
        if rng.random() < 0.1 and rounds > 3:
            cut = int(rng.integers(rounds // 2, rounds))
            avail.append(set(range(1, cut + 1)) if rng.random() < 0.5
                         else set(range(rounds - cut + 1, rounds + 1)))
        else:
            avail.append(set(range(1, rounds + 1)))
    busy = [set() for _ in range(n)]
    load = [0] * (rounds + 1)
    chosen: dict[frozenset, int] = {}
    # popular companies get more meetings, as on real platforms
    pop = rng.pareto(2.0, n) + 1.0
    pop /= pop.sum()
    tries = 0
    while len(chosen) < meetings and tries < 200 * meetings:
        tries += 1
        i, j = (int(x) for x in rng.choice(n, 2, replace=False, p=pop))
        key = frozenset((i, j))
        if key in chosen:
            continue
        free = sorted((avail[i] & avail[j]) - busy[i] - busy[j])
        free = [r for r in free if load[r] < tables]
        if not free:
            continue
        r = int(rng.choice(free))
        busy[i].add(r)
        busy[j].add(r)
        load[r] += 1
        chosen[key] = r
    half = rounds // 2
    reqs = []
    for key, r in chosen.items():
        i, j = sorted(key)
        allowed = None
        u = rng.random()
        if u < window:
            allowed = tuple(range(1, half + 1)) if r <= half else tuple(range(half + 1, rounds + 1))
        elif u < window + forbid:
            banned = set(int(x) for x in rng.choice(np.arange(1, rounds + 1),
                                                    size=min(3, rounds - 1), replace=False))
            banned.discard(r)
            allowed = tuple(x for x in range(1, rounds + 1) if x not in banned)
        reqs.append(Request(f"c{i:03d}", f"c{j:03d}", allowed))
    profiles = [Profile(id=f"c{i:03d}", name=f"Company {i}",
                        available=tuple(sorted(avail[i])) if len(avail[i]) < rounds else None)
                for i in range(n)]
    order = rng.permutation(len(reqs))
    return profiles, tuple(reqs[k] for k in order)
