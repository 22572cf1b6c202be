"""Tabu search over table seatings: the engine of groups and mingle modes.

A seating gives, for every round, each present company a table; table sizes
are fixed per round. A move swaps two companies at different tables in one
round. The cost of a seating is

    alpha * (pairs seated together more than once, counted per extra time)
  + sum over pairs never seated together of cover[a, b]
  - sum over pairs seated together of value[a, b]

so groups mode uses ``value`` = pair scores (minus a large penalty for avoid
pairs) and ``cover`` = a bonus for must-meet pairs, while mingle mode uses
``cover`` = 1 for every pair (cost = pairs not yet met). The change of cost of
*every* swap in a round is computed at once with a few matrix products, so a
step is cheap; the search keeps a tabu list of recently moved companies per
round, accepts a tabu move only if it beats the best seating found
(aspiration), and perturbs the seating when it stalls. The search stops at a
known lower bound, after ``max_stall`` steps without improvement or at the
deadline (only the deadline depends on the machine's speed).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np


@dataclass
class Seating:
    """Table index per company per round (-1 = absent), with fixed table sizes."""

    tables: np.ndarray   # (R, N) int
    sizes: list[list[int]]


def table_sizes(present: int, k: int, max_tables: int | None = None) -> list[int]:
    """Sizes of the tables for ``present`` companies at tables of about ``k``.

    Tables of ``k``; where the numbers force it, some of ``k - 1`` or ``k + 1``
    (as few off-size tables as possible, sizes differing by at most one).

    Examples
    --------
    >>> table_sizes(33, 4), table_sizes(30, 4), table_sizes(3, 4)
    ([5, 4, 4, 4, 4, 4, 4, 4], [4, 4, 4, 4, 4, 4, 3, 3], [3])
    """
    if present <= 0:
        return []
    if present < 2:
        return [present]
    g = max(1, int(round(present / k)))
    if max_tables is not None:
        g = min(g, max_tables)
    base, extra = divmod(present, g)
    return [base + 1] * extra + [base] * (g - extra)


def sizes_at_most(present: int, k: int) -> list[int]:
    """Fewest tables of at most ``k`` for ``present`` companies, sizes as equal as possible.

    Examples
    --------
    >>> sizes_at_most(10, 4)
    [4, 3, 3]
    """
    if present <= 0:
        return []
    g = -(-present // k)
    base, extra = divmod(present, g)
    return [base + 1] * extra + [base] * (g - extra)


def initial_seating(present: np.ndarray, k: int, value: np.ndarray, rng,
                    max_tables: int | None = None, fixed: np.ndarray | None = None,
                    at_most: bool = False) -> Seating:
    """Greedy seating, round by round: each company joins the table it values most.

    Rounds given in ``fixed`` (rows of table indices, e.g. from
    :mod:`matcher.designs`) are taken as they are; the rest are built greedily,
    avoiding pairs that already met.
    """
    R, n = present.shape[1], present.shape[0]
    tables = np.full((R, n), -1, dtype=int)
    sizes = []
    met = np.zeros((n, n), dtype=int)
    for r in range(R):
        who = np.flatnonzero(present[:, r])
        if fixed is not None and r < len(fixed):
            tables[r] = fixed[r]
            sizes.append(np.bincount(fixed[r]).tolist())
            for t in range(len(sizes[-1])):
                mem = np.flatnonzero(fixed[r] == t)
                met[np.ix_(mem, mem)] += 1
            np.fill_diagonal(met, 0)
            continue
        sz = sizes_at_most(len(who), k) if at_most else table_sizes(len(who), k, max_tables)
        sizes.append(sz)
        members: list[list[int]] = [[] for _ in sz]
        for i in rng.permutation(who):
            best, best_v = None, None
            for t, cap in enumerate(sz):
                if len(members[t]) >= cap:
                    continue
                v = sum(value[i, j] - 1e3 * met[i, j] for j in members[t])
                v += 1e-3 * (cap - len(members[t]))  # spread companies over empty tables
                if best_v is None or v > best_v:
                    best, best_v = t, v
            members[best].append(int(i))
            tables[r, i] = best
        for mem in members:
            for a in mem:
                for b in mem:
                    if a != b:
                        met[a, b] += 1
    return Seating(tables, sizes)


def meet_counts(seating: Seating, n: int) -> np.ndarray:
    """Times each pair shares a table (N×N, zero diagonal)."""
    met = np.zeros((n, n), dtype=int)
    for r in range(seating.tables.shape[0]):
        row = seating.tables[r]
        for t in range(len(seating.sizes[r])):
            mem = np.flatnonzero(row == t)
            met[np.ix_(mem, mem)] += 1
    np.fill_diagonal(met, 0)
    return met


def seating_cost(seating: Seating, value: np.ndarray, cover: np.ndarray, alpha: float) -> float:
    """Cost as in the module docstring."""
    met = meet_counts(seating, value.shape[0])
    iu = np.triu_indices(value.shape[0], 1)
    m = met[iu]
    return float(alpha * np.maximum(0, m - 1).sum() + (cover[iu] * (m == 0)).sum()
                 - (value[iu] * m).sum())


def tabu_search(seating: Seating, value: np.ndarray, cover: np.ndarray, alpha: float,
                deadline: float, seed: int = 0, target: float | None = None,
                max_stall: int = 4000, progress=None) -> tuple[Seating, float]:
    """Improve ``seating``; return the best seating found and its cost."""
    rng = np.random.default_rng(seed)
    n = value.shape[0]
    R = seating.tables.shape[0]
    tables = seating.tables.copy()
    met = meet_counts(seating, n)
    cost = seating_cost(seating, value, cover, alpha)
    best_cost, best_tables = cost, tables.copy()
    gmax = max(len(sz) for sz in seating.sizes)
    tabu = np.zeros((R, n, max(1, gmax)), dtype=int)   # round, company, table it may not re-enter
    G = []
    for r in range(R):
        g = np.zeros((n, len(seating.sizes[r])))
        pres = tables[r] >= 0
        g[np.flatnonzero(pres), tables[r][pres]] = 1.0
        G.append(g)
    movable = [r for r in range(R) if len(seating.sizes[r]) > 1]
    if not movable:
        return Seating(best_tables, seating.sizes), best_cost
    it = stall = 0
    while time.monotonic() < deadline:
        if target is not None and best_cost <= target + 1e-9:
            break
        if stall >= max_stall:
            break
        it += 1
        best_move = None
        low = np.inf
        scored = []
        for r in movable:
            scored.append((r,) + _round_deltas(tables[r], G[r], met, value, cover, alpha,
                                               tabu[r], it, cost, best_cost))
        if any(x[3] for x in scored):
            scored = [x for x in scored if x[3]]
        for r, delta, pres, _ in scored:
            m = delta.min()
            if m < low - 1e-9:
                low = m
                best_move = [(r, delta, pres)]
            elif m <= low + 1e-9 and np.isfinite(m):
                best_move.append((r, delta, pres))
        if best_move is None or not np.isfinite(low):
            stall += 1
            continue
        r, delta, pres = best_move[int(rng.integers(len(best_move)))]
        cand = np.argwhere(delta <= low + 1e-9)
        ia, ib = cand[int(rng.integers(len(cand)))]
        a, b = int(pres[ia]), int(pres[ib])
        ta, tb = int(tables[r, a]), int(tables[r, b])
        _swap(tables, met, G, r, a, b)
        cost += float(low)
        tabu[r, a, ta] = it + 4 + int(rng.integers(max(4, len(pres))))
        tabu[r, b, tb] = it + 4 + int(rng.integers(max(4, len(pres))))
        if cost < best_cost - 1e-9:
            best_cost, best_tables = cost, tables.copy()
            stall = 0
        else:
            stall += 1
            if stall % 300 == 0:  # restart from the best seating, perturbed by random swaps
                tables[:] = best_tables
                met[:] = meet_counts(Seating(tables, seating.sizes), n)
                for r2 in movable:
                    G[r2][:] = 0.0
                    p2 = np.flatnonzero(tables[r2] >= 0)
                    G[r2][p2, tables[r2][p2]] = 1.0
                for _ in range(1 + int(rng.integers(4))):
                    r2 = movable[int(rng.integers(len(movable)))]
                    t2 = tables[r2]
                    p2 = np.flatnonzero(t2 >= 0)
                    a2, b2 = (int(x) for x in rng.choice(p2, 2, replace=False))
                    if t2[a2] != t2[b2]:
                        _swap(tables, met, G, r2, a2, b2)
                cost = seating_cost(Seating(tables, seating.sizes), value, cover, alpha)
        if progress and it % 200 == 0:
            progress(it, best_cost)
    return Seating(best_tables, seating.sizes), best_cost


def _round_deltas(t, Gr, met, value, cover, alpha, tabu_r, it, cost, best_cost):
    """Cost change of every swap in one round (inf where not allowed)."""
    pres = np.flatnonzero(t >= 0)
    g = Gr[pres]
    m = met[np.ix_(pres, pres)]
    v = value[np.ix_(pres, pres)]
    c = cover[np.ix_(pres, pres)]
    tt = t[pres]
    same = tt[:, None] == tt[None, :]
    ge2m = (m >= 2)
    ge1m = (m >= 1).astype(float)
    ge2 = ge2m.astype(float) @ g
    ge1 = ge1m @ g
    c1m = c * (m == 1)
    c0m = c * (m == 0)
    np.fill_diagonal(c0m, 0.0)
    c1 = c1m @ g
    c0 = c0m @ g
    s = v @ g
    own = np.arange(len(pres))
    ge2_own, c1_own, s_own = ge2[own, tt], c1[own, tt], s[own, tt]
    ge1_x, c0_x, s_x = ge1[:, tt], c0[:, tt], s[:, tt]
    d_rep = (-ge2_own[:, None] - ge2_own[None, :] + ge1_x + ge1_x.T - 2 * ge1m)
    d_unc = (c1_own[:, None] + c1_own[None, :] - (c0_x - c0m) - (c0_x.T - c0m))
    d_val = (-s_own[:, None] - s_own[None, :] + s_x + s_x.T - 2 * v)
    delta = alpha * d_rep + d_unc - d_val
    # only swaps moving a company in conflict (repeat, avoid or unmet-cover) matter most;
    # when nobody is in conflict every swap is allowed (score improvements)
    bad = (ge2m & same).any(axis=1) | ((v < 0) & same).any(axis=1)
    conflicted = bool(bad.any())
    if conflicted:
        delta = np.where(bad[:, None] | bad[None, :], delta, np.inf)
    delta[same] = np.inf
    into = tabu_r[pres][:, tt] > it          # [a, b]: a may not enter b's table
    blocked = into | into.T
    aspire = cost + delta < best_cost - 1e-9
    delta = np.where(blocked & ~aspire, np.inf, delta)
    delta = np.where(np.triu(np.ones_like(same), 1), delta, np.inf)
    return delta, pres, conflicted


def _swap(tables, met, G, r, a, b):
    t = tables[r]
    ta, tb = int(t[a]), int(t[b])
    mem_a = np.flatnonzero(t == ta)
    mem_b = np.flatnonzero(t == tb)
    mem_a = mem_a[mem_a != a]
    mem_b = mem_b[mem_b != b]
    for x, old, new in ((a, mem_a, mem_b), (b, mem_b, mem_a)):
        met[x, old] -= 1
        met[old, x] -= 1
        met[x, new] += 1
        met[new, x] += 1
    t[a], t[b] = tb, ta
    G[r][a, ta] = G[r][b, tb] = 0.0
    G[r][a, tb] = G[r][b, ta] = 1.0
