"""Pairs mode: choose the 1:1 meetings of every round from the pair scores.

Three solvers share one model (:class:`~matcher.constraints.EventModel`):

* :func:`greedy_pairs` - the baseline: round by round, a maximum-weight
  matching of the pairs present and not yet met (capped by free tables).
* :func:`improve_pairs` - local search: re-solve one round exactly while all
  other rounds stay fixed, sweeping over the rounds until nothing improves
  (block-coordinate ascent; the total never goes down).
* :func:`milp_pairs` - the exact time-indexed model solved by HiGHS through
  :func:`scipy.optimize.milp`, for instances small enough to finish in time.

Must-meet pairs carry a bonus larger than any trade the matching could make, so
they are placed whenever a round allows; maximality (no two idle companies with
a useful unmet pair while a table is free) holds because every matching is
maximal for positive weights and left-over tables are filled greedily.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from matcher.constraints import EventModel
from matcher.matching import capped_matching

SCALE = 1_000_000
Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class Candidates:
    """The pairs that may usefully meet: arrays over candidate edges."""

    a: np.ndarray
    b: np.ndarray
    w: np.ndarray          # float score
    wi: np.ndarray         # integer weight used by the matchings (incl. must bonus)
    must: np.ndarray       # bool
    host_edge: np.ndarray  # bool: the meeting sits at a host's table


def candidate_edges(model: EventModel, min_score: float = 0.0,
                    top_k: int | None = None) -> Candidates:
    """Pairs allowed to meet, sharing a round, with score above ``min_score`` (or must-meet).

    With ``top_k`` only each company's ``top_k`` best partners are kept (plus
    must-meet pairs): the sparse graph used for large events.
    """
    n = model.n
    common = (model.present.astype(np.int32) @ model.present.T.astype(np.int32)) > 0
    ok = model.allowed & common & (model.caps[:, None] > 0) & (model.caps[None, :] > 0)
    must = np.zeros((n, n), dtype=bool)
    for i, j in model.must:
        must[i, j] = must[j, i] = True
    useful = ok & ((model.weights > min_score) | must)
    if top_k is not None and top_k < n - 1:
        masked = np.where(useful, model.weights, -np.inf)
        k = min(top_k, n - 1)
        top = np.argpartition(-masked, k - 1, axis=1)[:, :k]
        keep = np.zeros((n, n), dtype=bool)
        keep[np.repeat(np.arange(n), k), top.ravel()] = True
        keep = (keep | keep.T) & useful
        keep |= must & ok
        useful = keep
    a, b = np.nonzero(np.triu(useful, 1))
    w = model.weights[a, b]
    is_must = must[a, b]
    wi = np.maximum(1, np.round(w * SCALE)).astype(np.int64)
    bonus = 4 * int(wi.max(initial=1)) + SCALE
    wi = np.where(is_must, wi + bonus, wi)
    hosts = model.is_host
    return Candidates(a=a, b=b, w=w, wi=wi, must=is_must, host_edge=hosts[a] | hosts[b])


class PairsState:
    """Meetings per round as candidate-edge indices, with the counters the moves need."""

    def __init__(self, model: EventModel, cand: Candidates, target: np.ndarray | None = None,
                 fair: int = 0):
        self.model, self.cand = model, cand
        self.rounds: list[np.ndarray] = [np.zeros(0, dtype=int) for _ in range(model.rounds)]
        self.used = np.zeros(len(cand.a), dtype=int)    # times each edge is used
        self.count = np.zeros(model.n, dtype=int)       # meetings per company
        self.target = np.zeros(model.n, dtype=int) if target is None else target
        self.fair = int(fair)                            # value of a meeting below the target

    def set_round(self, r: int, edges: np.ndarray) -> None:
        """Replace round ``r``'s meetings."""
        old = self.rounds[r]
        np.subtract.at(self.used, old, 1)
        np.subtract.at(self.count, self.cand.a[old], 1)
        np.subtract.at(self.count, self.cand.b[old], 1)
        self.rounds[r] = np.asarray(edges, dtype=int)
        np.add.at(self.used, self.rounds[r], 1)
        np.add.at(self.count, self.cand.a[self.rounds[r]], 1)
        np.add.at(self.count, self.cand.b[self.rounds[r]], 1)

    def value(self) -> int:
        """Objective: scores (with must bonus) plus the fairness value of meetings up to target."""
        base = sum(int(self.cand.wi[e].sum()) for e in self.rounds)
        return base + self.fair * int(np.minimum(self.count, self.target).sum())

    def solve_round(self, r: int) -> np.ndarray:
        """Best meetings for round ``r`` given every other round as it is (exact)."""
        m, c = self.model, self.cand
        own = self.rounds[r]
        used = self.used.copy()
        np.subtract.at(used, own, 1)
        count = self.count.copy()
        np.subtract.at(count, c.a[own], 1)
        np.subtract.at(count, c.b[own], 1)
        pres = m.present[:, r]
        ok = (used == 0) & pres[c.a] & pres[c.b] & (count[c.a] < m.caps[c.a]) & \
            (count[c.b] < m.caps[c.b])
        idx = np.flatnonzero(ok)
        w = c.wi[idx]
        if self.fair:
            # a meeting of a company still below its fair minimum is worth `fair` more
            below = (count < self.target).astype(np.int64) * self.fair
            w = w + below[c.a[idx]] + below[c.b[idx]]
        sel = capped_matching(m.n, c.a[idx], c.b[idx], w, ~c.host_edge[idx], m.guest_tables(r))
        return idx[sel]

    def meetings(self) -> list[list[tuple[int, int]]]:
        """Per round, the meeting pairs as company indices."""
        return [[(int(self.cand.a[e]), int(self.cand.b[e])) for e in edges]
                for edges in self.rounds]


def fair_targets(model: EventModel, share: float = 1 / 3) -> np.ndarray:
    """Fair minimum of meetings per company: ``share`` of its expected number.

    A company's expected number of meetings adds, over the rounds it attends,
    the chance of a seat when seats (2 per free table, 1 per host table) are
    shared evenly among those present; the target is ``share`` times that,
    rounded up (so everybody with a fair chance gets at least one meeting),
    never above its cap.
    """
    expected = np.zeros(model.n)
    for r in range(model.rounds):
        pres = model.present[:, r]
        k = int(pres.sum())
        if k == 0:
            continue
        hosts_here = sum(1 for h in model.hosts if pres[h])
        seats = 2 * model.guest_tables(r) + 2 * hosts_here
        expected[pres] += min(1.0, seats / k)
    return np.minimum(np.ceil(share * expected - 1e-9).astype(int), model.caps)


def greedy_pairs(model: EventModel, cand: Candidates, order=None,
                 target: np.ndarray | None = None, fair: int = 0) -> PairsState:
    """Round-by-round maximum-weight matching (the baseline)."""
    state = PairsState(model, cand, target, fair)
    for r in (order if order is not None else range(model.rounds)):
        state.set_round(r, state.solve_round(r))
    return state


def improve_pairs(state: PairsState, deadline: float, seed: int = 0,
                  progress: Progress | None = None) -> PairsState:
    """Re-solve single rounds exactly until no round improves or time is up."""
    rng = np.random.default_rng(seed)
    best = state.value()
    stale = 0
    sweep = 0
    while stale < state.model.rounds and time.monotonic() < deadline:
        sweep += 1
        for r in rng.permutation(state.model.rounds):
            if time.monotonic() >= deadline:
                break
            old = state.rounds[r]
            state.set_round(int(r), state.solve_round(int(r)))
            value = state.value()
            if value > best:
                best = value
                stale = 0
            else:
                state.set_round(int(r), old)
                stale += 1
                if stale >= state.model.rounds:
                    break
        if progress:
            progress(f"local search sweep {sweep}", min(0.9, 0.3 + 0.1 * sweep))
    return state


@dataclass(frozen=True)
class MilpResult:
    """Outcome of the exact model."""

    rounds: list[np.ndarray] | None   # candidate-edge indices per round, None if no solution
    optimal: bool
    bound: float | None               # dual bound on the score total (no must bonus)
    objective: float | None


def milp_size(model: EventModel, cand: Candidates) -> int:
    """Number of binary variables of the time-indexed model."""
    common = model.present[cand.a] & model.present[cand.b]
    return int(common.sum())


def milp_pairs(model: EventModel, cand: Candidates, time_limit: float,
               must_hard: bool = True, target: np.ndarray | None = None,
               fair: float = 0.0) -> MilpResult:
    """Solve the time-indexed pairs model exactly with HiGHS.

    Variables x[e, r] for candidate pair e in a round both attend. Constraints:
    one meeting per company and round, each pair at most once (must-meet pairs
    exactly once), guest meetings per round at most the free tables, meetings
    per company at most its cap. Objective: total score.
    """
    n, R = model.n, model.rounds
    common = model.present[cand.a] & model.present[cand.b]
    e_idx, r_idx = np.nonzero(common)
    nv = len(e_idx)
    if nv == 0:
        return MilpResult([np.zeros(0, dtype=int) for _ in range(R)], True, 0.0, 0.0)
    var = np.arange(nv)
    rows, cols = [], []
    lo, hi = [], []
    row = 0
    # company-round: row id = i * R + r
    ca = cand.a[e_idx] * R + r_idx
    cb = cand.b[e_idx] * R + r_idx
    rows += [ca, cb]
    cols += [var, var]
    lo += [np.zeros(n * R)]
    hi += [np.ones(n * R)]
    row = n * R
    # pair once
    rows.append(row + e_idx)
    cols.append(var)
    ne = len(cand.a)
    lo.append(np.where(cand.must & must_hard, 1.0, 0.0))
    hi.append(np.ones(ne))
    row += ne
    # tables per round (guest meetings only)
    guest = ~cand.host_edge[e_idx]
    rows.append(row + r_idx[guest])
    cols.append(var[guest])
    lo.append(np.zeros(R))
    hi.append(np.array([model.guest_tables(r) for r in range(R)], dtype=float))
    row += R
    # caps
    rows += [row + cand.a[e_idx], row + cand.b[e_idx]]
    cols += [var, var]
    lo.append(np.zeros(n))
    hi.append(model.caps.astype(float))
    row += n
    vals = [np.ones(len(x)) for x in rows]
    c = -cand.w[e_idx]
    integrality = np.ones(nv)
    upper = np.ones(nv)
    if fair > 0 and target is not None and target.any():
        # s_i <= meetings of i, 0 <= s_i <= target_i, objective + fair * s_i
        fi = np.flatnonzero(target > 0)
        svar = nv + np.arange(len(fi))
        pos = {int(i): k for k, i in enumerate(fi)}
        rows += [row + np.arange(len(fi))]
        cols += [svar]
        vals += [np.ones(len(fi))]
        sel_a = np.isin(cand.a[e_idx], fi)
        sel_b = np.isin(cand.b[e_idx], fi)
        rows += [row + np.array([pos[int(i)] for i in cand.a[e_idx][sel_a]], dtype=int),
                 row + np.array([pos[int(i)] for i in cand.b[e_idx][sel_b]], dtype=int)]
        cols += [var[sel_a], var[sel_b]]
        vals += [-np.ones(int(sel_a.sum())), -np.ones(int(sel_b.sum()))]
        lo.append(np.full(len(fi), -np.inf))
        hi.append(np.zeros(len(fi)))
        row += len(fi)
        c = np.concatenate([c, -fair * np.ones(len(fi))])
        integrality = np.concatenate([integrality, np.zeros(len(fi))])
        upper = np.concatenate([upper, target[fi].astype(float)])
    A = sparse.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                          shape=(row, len(c)))
    res = milp(c, constraints=LinearConstraint(A, np.concatenate(lo), np.concatenate(hi)),
               integrality=integrality, bounds=Bounds(0, upper),
               options={"time_limit": max(0.1, float(time_limit)), "disp": False,
                        "mip_rel_gap": 1e-6})
    bound = None
    if getattr(res, "mip_dual_bound", None) is not None and np.isfinite(res.mip_dual_bound):
        bound = -float(res.mip_dual_bound)
    if res.x is None:
        return MilpResult(None, False, bound, None)
    x = res.x[:nv] > 0.5
    rounds = [np.sort(e_idx[x & (r_idx == r)]) for r in range(R)]
    return MilpResult(rounds, res.status == 0, bound, float(-res.fun))


def fill_maximal(state: PairsState) -> PairsState:
    """Add meetings between idle companies while tables are free (maximality)."""
    m, c = state.model, state.cand
    order = np.argsort(-c.wi, kind="stable")
    for r in range(m.rounds):
        edges = list(state.rounds[r])
        busy = np.zeros(m.n, dtype=bool)
        busy[c.a[edges]] = busy[c.b[edges]] = True
        room = m.guest_tables(r) - int((~c.host_edge[edges]).sum()) if edges else \
            m.guest_tables(r)
        added = []
        pres = m.present[:, r]
        for e in order:
            i, j = c.a[e], c.b[e]
            if busy[i] or busy[j] or not (pres[i] and pres[j]) or state.used[e] > 0:
                continue
            if state.count[i] >= m.caps[i] or state.count[j] >= m.caps[j]:
                continue
            if not c.host_edge[e]:
                if room <= 0:
                    continue
                room -= 1
            busy[i] = busy[j] = True
            added.append(e)
        if added:
            state.set_round(r, np.array(sorted(edges + added), dtype=int))
    return state


def place_must(state: PairsState) -> list[tuple[int, int]]:
    """Force unplaced must-meet pairs into a round both attend; return those still unplaced."""
    m, c = state.model, state.cand
    missing = []
    for e in np.flatnonzero(c.must & (state.used == 0)):
        i, j = c.a[e], c.b[e]
        done = False
        if any(_must_count(state, k) >= m.caps[k] for k in (i, j)):
            missing.append((int(i), int(j)))     # its cap is taken by other must-meet pairs
            continue
        for r in np.flatnonzero(m.present[i] & m.present[j]):
            edges = [f for f in state.rounds[r] if c.a[f] not in (i, j) and c.b[f] not in (i, j)]
            if any(c.must[f] for f in state.rounds[r] if f not in edges):
                continue
            if not c.host_edge[e]:
                guest = [f for f in edges if not c.host_edge[f]]
                if len(guest) >= m.guest_tables(r):
                    drop = [f for f in guest if not c.must[f]]
                    if not drop:
                        continue
                    edges.remove(min(drop, key=lambda f: c.wi[f]))
            state.set_round(int(r), np.array(sorted(edges + [e]), dtype=int))
            _release_over_cap(state, (i, j))
            done = True
            break
        if not done:
            missing.append((int(i), int(j)))
    return missing


def _must_count(state: PairsState, k: int) -> int:
    """Must-meet meetings company ``k`` has in the plan."""
    c = state.cand
    return sum(int(c.must[f]) for edges in state.rounds for f in edges if k in (c.a[f], c.b[f]))


def _release_over_cap(state: PairsState, companies) -> None:
    """Drop the weakest ordinary meetings of companies that are over their cap."""
    m, c = state.model, state.cand
    for k in companies:
        while state.count[k] > m.caps[k]:
            options = [(int(c.wi[f]), r, int(f)) for r, edges in enumerate(state.rounds)
                       for f in edges if k in (c.a[f], c.b[f]) and not c.must[f]]
            if not options:
                break
            _, r, f = min(options)
            state.set_round(r, state.rounds[r][state.rounds[r] != f])


def lp_selection(model: EventModel, cand: Candidates, target: np.ndarray | None = None,
                 fair: float = 0.0) -> np.ndarray:
    """LP (rounds merged) choice of meetings: y in [0, 1] per candidate pair.

    Maximises score (+ ``fair`` per meeting up to each company's target) with
    meetings per company at most its rounds (or cap), guest meetings at most the
    table slots, must-meet pairs fixed to 1.
    """
    from scipy.optimize import linprog

    n, m = model.n, len(cand.a)
    if m == 0:
        return np.zeros(0)
    guest = ~cand.host_edge
    deg = np.minimum(model.present.sum(axis=1), model.caps).astype(float)
    slots = float(sum(model.guest_tables(r) for r in range(model.rounds)))
    rows = [cand.a, cand.b, np.full(int(guest.sum()), n)]
    cols = [np.arange(m), np.arange(m), np.flatnonzero(guest)]
    vals = [np.ones(m), np.ones(m), np.ones(int(guest.sum()))]
    rhs = [deg, [slots]]
    c = -cand.w.copy()
    lower = np.where(cand.must, 1.0, 0.0)
    upper = np.ones(m)
    nrow = n + 1
    if fair > 0 and target is not None and target.any():
        fi = np.flatnonzero(target > 0)
        pos = np.full(n, -1)
        pos[fi] = np.arange(len(fi))
        sv = m + np.arange(len(fi))
        # s_i - sum_{e at i} y_e <= 0
        rows += [nrow + np.arange(len(fi))]
        cols += [sv]
        vals += [np.ones(len(fi))]
        for end in (cand.a, cand.b):
            sel = pos[end] >= 0
            rows.append(nrow + pos[end][sel])
            cols.append(np.flatnonzero(sel))
            vals.append(-np.ones(int(sel.sum())))
        rhs.append(np.zeros(len(fi)))
        nrow += len(fi)
        c = np.concatenate([c, -fair * np.ones(len(fi))])
        lower = np.concatenate([lower, np.zeros(len(fi))])
        upper = np.concatenate([upper, target[fi].astype(float)])
    A = sparse.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                          shape=(nrow, len(c)))
    res = linprog(c, A_ub=A, b_ub=np.concatenate([np.asarray(x, float) for x in rhs]),
                  bounds=np.stack([lower, upper], axis=1), method="highs")
    if res.status != 0:
        return np.zeros(m)
    return res.x[:m]


def lp_start(model: EventModel, cand: Candidates, target=None, fair: int = 0, seed: int = 0,
             deadline: float | None = None, max_meetings: int = 10_000) -> PairsState | None:
    """Start from the LP's meetings, given rounds by list edge colouring (min-conflicts).

    The meetings the LP picks (y > 0.5) respect every company's number of
    rounds and the table slots but not yet the rounds: each is given a round
    both attend, one meeting per company and round, tables per round, by the
    placement of requested-meetings mode. Meetings that find no round are
    dropped (the local search refills). None when the LP picks too many.
    """
    from matcher.requests_mode import _State, _construct, _repair

    y = lp_selection(model, cand, target, fair / SCALE)
    chosen = np.flatnonzero(y > 0.5)
    if len(chosen) == 0 or len(chosen) > max_meetings:
        return None
    F = model.present[cand.a[chosen]] & model.present[cand.b[chosen]]
    pairs = np.stack([cand.a[chosen], cand.b[chosen]], axis=1)
    tables = min(model.guest_tables(r) for r in range(model.rounds)) if \
        (~cand.host_edge[chosen]).any() else model.n
    st = _State(pairs, F, max(1, tables), model.n, 10 ** 6, seed)
    # host meetings do not take guest tables: give them their own budget
    _construct(st)
    # a step budget (not the clock) ends the repair, so the result is repeatable for a seed;
    # the deadline only guards against a very slow machine
    _repair(st, deadline if deadline is not None else time.monotonic() + 5.0,
            max_steps=20 * len(chosen) + 200)
    state = PairsState(model, cand, target, fair)
    for r in range(model.rounds):
        edges = chosen[st.round_of == r]
        guest = edges[~cand.host_edge[edges]]
        host = edges[cand.host_edge[edges]]
        state.set_round(r, np.sort(np.concatenate([host, guest[:model.guest_tables(r)]])))
    return state
