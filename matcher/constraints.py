"""The event's constraints as arrays, and the plain-words check that they can be met.

:func:`build_model` turns profiles, a score matrix and the options into an
:class:`EventModel`: who is present in which round, which pairs may meet
(never the same company, never an ``avoid`` pair, never two hosts), which
pairs must meet, per-company caps on meetings and the hosts' fixed tables.
Every reason the requests cannot all be met is collected and raised at once as
a :class:`~profiles.errors.ScheduleError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from profiles.errors import ScheduleError
from profiles.model import Profile


@dataclass(frozen=True)
class EventModel:
    """Numeric form of one event (indices follow the order of the profiles).

    Attributes
    ----------
    ids : tuple of str
        Company ids.
    names : tuple of str
        Company names (for messages).
    rounds : int
        Number of rounds R.
    tables : int
        Number of tables T.
    present : ndarray of bool, shape (N, R)
        ``present[i, r]``: company i attends round r+1.
    allowed : ndarray of bool, shape (N, N)
        Pairs that may meet (symmetric, false on the diagonal).
    weights : ndarray of float, shape (N, N)
        Pair scores (zeros when no scores are given).
    must : tuple of (int, int)
        Pairs that must meet (i < j).
    caps : ndarray of int, shape (N,)
        Most meetings each company may have.
    hosts : tuple of int
        Host companies; host ``hosts[k]`` sits at table k all event.
    """

    ids: tuple[str, ...]
    names: tuple[str, ...]
    rounds: int
    tables: int
    present: np.ndarray
    allowed: np.ndarray
    weights: np.ndarray
    must: tuple[tuple[int, int], ...]
    caps: np.ndarray
    hosts: tuple[int, ...]

    @property
    def n(self) -> int:
        """Number of companies."""
        return len(self.ids)

    @property
    def is_host(self) -> np.ndarray:
        """Boolean array marking hosts."""
        mask = np.zeros(self.n, dtype=bool)
        mask[list(self.hosts)] = True
        return mask

    def guest_tables(self, r: int) -> int:
        """Tables free for meetings without a host in round index ``r`` (0-based)."""
        hosts_here = sum(1 for h in self.hosts if self.present[h, r])
        return max(0, self.tables - hosts_here)

    def label(self, i: int) -> str:
        """Name and id of company ``i`` for messages."""
        name, cid = self.names[i], self.ids[i]
        return name if name == cid else f"{name} ({cid})"


def presence_matrix(profiles: Sequence[Profile], rounds: int) -> np.ndarray:
    """N×R boolean matrix of attendance (``available`` None means every round).

    Examples
    --------
    >>> presence_matrix([Profile(id="a", name="A", available=(1, 3))], 3).tolist()
    [[True, False, True]]
    """
    present = np.zeros((len(profiles), rounds), dtype=bool)
    for i, p in enumerate(profiles):
        if p.available is None:
            present[i, :] = True
        else:
            for r in p.available:
                if 1 <= r <= rounds:
                    present[i, r - 1] = True
    return present


def _rounds_text(rounds) -> str:
    rounds = sorted(int(r) for r in rounds)
    return ", ".join(str(r) for r in rounds) if rounds else "none"


def build_model(profiles: Sequence[Profile], scores: np.ndarray | None, rounds: int,
                tables: int | None, caps: Mapping[str, int] | None = None,
                max_meetings: int | None = None, hosts_allowed: bool = True,
                check_must: bool = True) -> EventModel:
    """Check the inputs and build the :class:`EventModel`.

    Parameters
    ----------
    profiles : sequence of Profile
    scores : ndarray (N, N) or None
        Pair scores aligned with ``profiles``; None gives all-zero weights.
    rounds : int
    tables : int or None
        None means enough tables for everybody (``N // 2``, at least 1).
    caps : mapping id -> int, optional
        Per-company cap on meetings.
    max_meetings : int, optional
        Cap for every company.
    hosts_allowed : bool
        Whether profiles with role "host" are treated as hosts.
    check_must : bool
        Whether must-meet pairs are checked (pairs-like modes).

    Raises
    ------
    ScheduleError
        With every reason the event cannot be planned.
    """
    problems: list[str] = []
    n = len(profiles)
    ids = tuple(p.id for p in profiles)
    names = tuple(p.name for p in profiles)
    if n < 2:
        problems.append(f"at least two companies are needed, got {n}")
    if rounds is None or rounds < 1:
        problems.append(f"the number of rounds must be at least 1 (got {rounds})")
        rounds = max(1, rounds or 1)
    seen: dict[str, int] = {}
    for i, cid in enumerate(ids):
        if cid in seen:
            problems.append(f"the id {cid!r} is used by two companies ({names[seen[cid]]!r} and "
                            f"{names[i]!r})")
        seen[cid] = i
    if tables is None:
        tables = max(1, n // 2)
    if tables < 1:
        problems.append(f"there must be at least one table (got {tables})")
        tables = 1
    if scores is None:
        weights = np.zeros((n, n))
    else:
        weights = np.asarray(scores, dtype=float)
        if weights.shape != (n, n):
            problems.append(f"the score matrix has shape {weights.shape}, expected ({n}, {n}) "
                            "to match the companies")
            weights = np.zeros((n, n))
        elif not np.all(np.isfinite(weights)):
            problems.append("the score matrix contains values that are not numbers")
            weights = np.nan_to_num(weights)
        weights = (weights + weights.T) / 2.0
        np.fill_diagonal(weights, 0.0)
    present = presence_matrix(profiles, rounds)
    for i, p in enumerate(profiles):
        if p.available is not None:
            outside = sorted(r for r in p.available if not 1 <= r <= rounds)
            if outside and not present[i].any():
                problems.append(f"{names[i]} attends only rounds {_rounds_text(outside)}, but the "
                                f"event has rounds 1-{rounds}")
    hosts = tuple(i for i, p in enumerate(profiles) if hosts_allowed and p.is_host)
    if len(hosts) > tables:
        problems.append(f"there are {len(hosts)} hosts but only {tables} tables; every host needs "
                        "a table of its own")
    allowed = np.ones((n, n), dtype=bool)
    np.fill_diagonal(allowed, False)
    for a in hosts:
        for b in hosts:
            allowed[a, b] = False
    must: set[tuple[int, int]] = set()
    for i, p in enumerate(profiles):
        for other in p.avoid:
            j = seen.get(other)
            if j is None:
                problems.append(f"{names[i]} avoids {other!r}, which is not among the companies")
                continue
            allowed[i, j] = allowed[j, i] = False
    cap = np.full(n, rounds, dtype=int)
    if max_meetings is not None:
        if max_meetings < 0:
            problems.append(f"the cap on meetings cannot be negative (got {max_meetings})")
        cap = np.minimum(cap, max(0, max_meetings))
    for cid, c in (caps or {}).items():
        if cid not in seen:
            problems.append(f"a meeting cap is given for {cid!r}, which is not among the companies")
        elif c < 0:
            problems.append(f"the meeting cap of {cid} cannot be negative (got {c})")
        else:
            cap[seen[cid]] = min(cap[seen[cid]], c)
    for i, p in enumerate(profiles):
        for other in p.must_meet:
            j = seen.get(other)
            if j is None:
                problems.append(f"{names[i]} must meet {other!r}, which is not among the companies")
                continue
            if j == i:
                continue
            must.add((min(i, j), max(i, j)))
    if check_must:
        label = lambda k: names[k]  # noqa: E731
        count = np.zeros(n, dtype=int)
        for i, j in sorted(must):
            count[i] += 1
            count[j] += 1
            both = np.flatnonzero(present[i] & present[j]) + 1
            if not allowed[i, j] and i in hosts and j in hosts:
                problems.append(f"{label(i)} and {label(j)} must meet, but both are hosts fixed at "
                                "their own tables")
            elif not allowed[i, j]:
                problems.append(f"{label(i)} and {label(j)} must meet, but one of them also asks "
                                "to avoid the other")
            if len(both) == 0:
                problems.append(
                    f"{label(i)} and {label(j)} must meet, but they are never present in the same "
                    f"round ({label(i)}: rounds {_rounds_text(np.flatnonzero(present[i]) + 1)}; "
                    f"{label(j)}: rounds {_rounds_text(np.flatnonzero(present[j]) + 1)})"
                )
        for i in range(n):
            slots = int(min(present[i].sum(), cap[i]))
            if count[i] > slots:
                problems.append(f"{label(i)} has {count[i]} must-meet partners but only {slots} "
                                "meeting slots (rounds attended or its cap)")
        per_round_must = len(must)
        total_slots = sum(max(0, tables - 0) for _ in range(rounds))
        if per_round_must > total_slots:
            problems.append(f"there are {per_round_must} must-meet pairs but only {total_slots} "
                            f"table slots ({tables} tables x {rounds} rounds)")
    if problems:
        raise ScheduleError("The event cannot be planned as asked:", problems)
    return EventModel(ids=ids, names=names, rounds=rounds, tables=tables, present=present,
                      allowed=allowed, weights=weights, must=tuple(sorted(must)), caps=cap,
                      hosts=hosts)
