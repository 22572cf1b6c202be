"""Groups and mingle modes: tables of several companies.

* **groups** (``--group-size k``): tables of ``k`` (``k - 1`` or ``k + 1`` only
  where the numbers force it), everybody seated in every round they attend,
  no pair at the same table twice, the sum of pair scores inside tables as
  high as possible. With equal scores this is the Social Golfer problem.
* **mingle** (``--mingle k``): the fewest rounds at tables of at most ``k``
  such that every pair has shared a table, against the lower bound
  ``max(ceil((N-1)/(k-1)), ceil(pairs / pairs seated per round))``.

Both start from a construction where one applies (:mod:`matcher.designs`:
finite-field seatings with no pair twice; the round-robin circle for tables of
two) or a greedy seating, then run the tabu search of
:mod:`matcher.tables_search`.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from matcher.constraints import EventModel
from matcher.designs import design_rounds
from matcher.tables_search import (Seating, initial_seating, meet_counts, seating_cost,
                                   sizes_at_most, tabu_search)
from profiles.errors import ScheduleError


@dataclass(frozen=True)
class GroupsOutcome:
    """Members of every table per round (index tuples) and statistics."""

    rounds: list[list[tuple[int, ...]]]
    stats: dict[str, Any]


def _to_rounds(seating: Seating) -> list[list[tuple[int, ...]]]:
    out = []
    for r in range(seating.tables.shape[0]):
        row = seating.tables[r]
        tables = []
        for t in range(len(seating.sizes[r])):
            mem = tuple(int(i) for i in np.flatnonzero(row == t))
            if len(mem) >= 2:
                tables.append(mem)
        out.append(tables)
    return out


def _design_start(model: EventModel, k: int, rounds: int, rng) -> np.ndarray | None:
    """Design rows (relabelled by the seed) when everybody attends and N = g*k."""
    n = model.n
    if not model.present.all() or n % k:
        return None
    g = n // k
    rows = design_rounds(g, k)
    if not rows:
        return None
    perm = rng.permutation(n)          # company perm[p] plays design position p
    out = np.zeros((min(rounds, len(rows)), n), dtype=int)
    for r in range(len(out)):
        out[r, perm] = rows[r]
    return out


def solve_groups(model: EventModel, k: int, options,
                 report: Callable[[str, float], None]) -> GroupsOutcome:
    """Seat companies at tables of about ``k`` for ``model.rounds`` rounds."""
    t0 = time.monotonic()
    n, R = model.n, model.rounds
    problems = []
    for r in range(R):
        p = int(model.present[:, r].sum())
        if options.table_count_hint() is not None and p > 0 and \
                math.ceil(p / (k + 1)) > model.tables:
            problems.append(f"round {r + 1}: {p} companies need at least {math.ceil(p / (k + 1))} "
                            f"tables of at most {k + 1}, but there are {model.tables}")
    if problems:
        raise ScheduleError("The groups cannot be seated:", problems)
    w = model.weights
    top = float(w.max()) if w.size else 0.0
    alpha = 10.0 * k * max(top, 1e-9) + 1.0
    value = np.where(model.allowed | np.eye(n, dtype=bool), w, -alpha)
    np.fill_diagonal(value, 0.0)
    cover = np.zeros((n, n))
    for i, j in model.must:
        cover[i, j] = cover[j, i] = alpha / 2
    rng = np.random.default_rng(options.seed)
    max_tables = model.tables if options.table_count_hint() is not None else None
    report("seating tables", 0.05)
    design = _design_start(model, k, R, rng)
    greedy = initial_seating(model.present, k, value, np.random.default_rng(options.seed),
                             max_tables)
    start, method = greedy, "greedy + tabu search"
    if design is not None:
        built = initial_seating(model.present, k, value, rng, max_tables, fixed=design)
        if seating_cost(built, value, cover, alpha) <= seating_cost(greedy, value, cover, alpha):
            start, method = built, "finite-field design + tabu search"
    greedy_cost = seating_cost(greedy, value, cover, alpha)
    iu = np.triu_indices(n, 1)
    # with equal scores nothing beats "no repeats": stop there
    equal = np.allclose(w[iu][model.allowed[iu]], w[iu][model.allowed[iu]][0]) \
        if model.allowed[iu].any() else True
    target = None
    if equal:
        seated_pairs = sum(s * (s - 1) // 2 for sz in start.sizes for s in sz)
        target = -float(w[iu][0] if len(iu[0]) else 0.0) * seated_pairs
    deadline = t0 + options.time_limit
    report("improving seating (tabu search)", 0.2)
    best, cost = tabu_search(start, value, cover, alpha, deadline, seed=options.seed,
                             target=target, max_stall=3000 if not equal else 10 ** 9,
                             progress=lambda it, c: report(f"tabu search, step {it}", 0.5))
    met = meet_counts(best, n)
    stats = {"mode": "groups", "group_size": k, "method": method,
             "greedy_score": round(float((w[iu] * meet_counts(greedy, n)[iu]).sum()), 4),
             "avoid_pairs_seated": int(((~model.allowed[iu]) & (met[iu] > 0)).sum()),
             "upper_bound": _groups_bound(model, best), "bound_kind": "best table-mates bound",
             "greedy_cost": round(greedy_cost, 4)}
    return GroupsOutcome(_to_rounds(best), stats)


def _groups_bound(model: EventModel, seating: Seating) -> float:
    """Each company gains at most its best (size-1) x rounds scores; half of the sum."""
    w = np.where(model.allowed, model.weights, 0.0)
    srt = -np.sort(-w, axis=1)
    total = 0.0
    for i in range(model.n):
        seats = [seating.sizes[r][seating.tables[r, i]] - 1 for r in range(len(seating.sizes))
                 if seating.tables[r, i] >= 0]
        total += float(srt[i, :sum(seats)].sum())
    return total / 2.0


def mingle_lower_bound(n: int, k: int) -> int:
    """Fewest rounds that can let every pair of ``n`` share a table of at most ``k``.

    Examples
    --------
    >>> mingle_lower_bound(16, 4), mingle_lower_bound(10, 2)
    (5, 9)
    """
    if n < 2:
        return 0
    per_round = sum(s * (s - 1) // 2 for s in sizes_at_most(n, k))
    return max(math.ceil((n - 1) / (k - 1)), math.ceil(n * (n - 1) / 2 / per_round))


def circle_rounds(n: int) -> list[list[tuple[int, int]]]:
    """Round robin by the circle method: every pair once in n-1 rounds (n rounds if n is odd).

    Examples
    --------
    >>> len(circle_rounds(6)), len(circle_rounds(5))
    (5, 5)
    """
    m = n + (n % 2)
    players = list(range(m))
    out = []
    for _ in range(m - 1):
        pairs = [(players[i], players[m - 1 - i]) for i in range(m // 2)]
        out.append([tuple(sorted(p)) for p in pairs if max(p) < n])
        players = [players[0]] + [players[-1]] + players[1:-1]
    return out


def solve_mingle(model: EventModel, k: int, options,
                 report: Callable[[str, float], None]) -> GroupsOutcome:
    """Fewest rounds at tables of at most ``k`` until every pair has met."""
    t0 = time.monotonic()
    n = model.n
    if model.present.shape[1] and not model.present.all():
        raise ScheduleError("Mingle mode plans rounds until everybody has met everybody, so every "
                            "company must attend every round; remove the 'available' limits.")
    lb = mingle_lower_bound(n, k)
    if k == 2:
        rounds = circle_rounds(n)
        return GroupsOutcome(rounds, {"mode": "mingle", "group_size": k, "rounds_lower_bound": lb,
                                      "uncovered_pairs": 0, "method": "round robin (circle)"})
    rng = np.random.default_rng(options.seed)
    deadline = t0 + options.time_limit
    value = np.zeros((n, n))
    cover = np.ones((n, n))
    np.fill_diagonal(cover, 0.0)
    R = lb
    best_rounds, best_unc = None, None
    while True:
        present = np.ones((n, R), dtype=bool)
        design = _design_start(EventModel(model.ids, model.names, R, model.tables, present,
                                          model.allowed, model.weights, (), model.caps, ()),
                               k, R, rng)
        start = initial_seating(present, k, value, rng, fixed=design, at_most=True)
        report(f"trying {R} rounds (lower bound {lb})", min(0.9, 0.1 + 0.1 * (R - lb)))
        slice_end = min(deadline, time.monotonic() + max(0.5, (deadline - time.monotonic()) / 3))
        seat, unc = tabu_search(start, value, cover, 0.0, slice_end, seed=options.seed,
                                target=0.0, max_stall=5000)
        if unc <= 0:
            best_rounds, best_unc = _to_rounds(seat), 0
            break
        if time.monotonic() >= deadline:
            best_rounds, best_unc = _to_rounds(seat), int(unc)
            break
        R += 1
    return GroupsOutcome(best_rounds, {"mode": "mingle", "group_size": k,
                                       "rounds_lower_bound": lb, "uncovered_pairs": int(best_unc),
                                       "method": "design/greedy + tabu search"})
