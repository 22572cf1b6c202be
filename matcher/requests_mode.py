"""Requested-meetings mode: place every agreed meeting, with as few idle gaps as possible.

Brokerage platforms collect meeting requests and acceptances; the organiser
then has a list of agreed meetings (``a``, ``b``, optionally the rounds it may
take, e.g. ``1-13``). Every meeting must get a round in which both companies
attend and the meeting is allowed, with one meeting per company and round and
at most one meeting per table. Among such plans we want the fewest *breaks*
(a run of rounds without a meeting between two meetings of one company), and
the breaks of any two companies may differ by at most ``max_break_spread``.

Solvers: a constructive placement (most constrained meeting first, round that
adds the fewest breaks), simulated annealing over "move" and "swap" steps,
then - within the time limit - the exact model on HiGHS
(:func:`scipy.optimize.milp`), whose bound is reported. When the meetings
cannot all be placed, the reasons are stated (per company, per meeting, per
table count) or, failing a simple reason, the solver's proof is reported.
"""

from __future__ import annotations

import csv
import io
import math
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from matcher.constraints import EventModel
from profiles.errors import Problem, ScheduleError
from profiles.model import Profile


@dataclass(frozen=True)
class Request:
    """One agreed meeting: two company ids and the rounds it may take (None = any)."""

    a: str
    b: str
    rounds: tuple[int, ...] | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (as stored in ``schedule.json`` settings)."""
        return {"a": self.a, "b": self.b,
                "rounds": list(self.rounds) if self.rounds is not None else None}

    @classmethod
    def from_dict(cls, d) -> "Request":
        """Inverse of :meth:`to_dict`."""
        r = d.get("rounds")
        return cls(str(d["a"]), str(d["b"]), tuple(int(x) for x in r) if r is not None else None)


def parse_rounds(text: str) -> tuple[int, ...]:
    """Rounds such as ``"1-4,6"`` or ``"9 - 13"`` as a sorted tuple.

    Examples
    --------
    >>> parse_rounds("1-3, 6")
    (1, 2, 3, 6)
    """
    out: set[int] = set()
    for part in re.split(r"[,;]", str(text)):
        part = part.strip()
        if not part:
            continue
        m = re.fullmatch(r"(\d+)\s*[-–]\s*(\d+)", part)
        if m:
            lo, hi = int(m.group(1)), int(m.group(2))
            if lo > hi or lo < 1:
                raise ValueError(part)
            out.update(range(lo, hi + 1))
        elif part.isdigit() and int(part) >= 1:
            out.add(int(part))
        else:
            raise ValueError(part)
    if not out:
        raise ValueError(text)
    return tuple(sorted(out))


def _resolver(profiles: Sequence[Profile]):
    keys: dict[str, str] = {}
    for p in profiles:
        for k in (p.id, p.orgnr, p.name):
            if k:
                keys.setdefault(str(k).strip().casefold(), p.id)
    return lambda text: keys.get(str(text).strip().casefold())


def read_requests(path: str | Path, profiles: Sequence[Profile]) -> tuple[Request, ...]:
    """Read the meetings file (CSV with columns ``a``, ``b`` and optional ``rounds``).

    Companies may be given by id, organisation number or name. Every problem
    (unknown company, bad rounds, a company meeting itself, a meeting listed
    twice) is reported at once with its line number.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ScheduleError(f"{path}: the meetings file cannot be read ({exc}).") from None
    for enc in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise ScheduleError(f"{path}: the meetings file is empty; expected columns a, b and "
                            "optionally rounds.")
    try:
        dialect = csv.Sniffer().sniff(lines[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    header = [h.strip().lower() for h in rows[0]]
    if "a" not in header or "b" not in header:
        raise ScheduleError(f"{path}: expected columns 'a' and 'b' (and optionally 'rounds'); "
                            f"got {', '.join(rows[0])}.")
    ia, ib = header.index("a"), header.index("b")
    ir = header.index("rounds") if "rounds" in header else None
    resolve = _resolver(profiles)
    problems: list[Problem] = []
    out: list[Request] = []
    seen: dict[frozenset, int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        cells = row + [""] * (len(header) - len(row))
        ids = []
        for col, k in (("a", ia), ("b", ib)):
            cid = resolve(cells[k])
            if cid is None:
                problems.append(Problem(str(path), line, col, cells[k],
                                        "not among the companies (give an id, orgnr or name)"))
            ids.append(cid)
        rounds = None
        if ir is not None and cells[ir].strip():
            try:
                rounds = parse_rounds(cells[ir])
            except ValueError:
                problems.append(Problem(str(path), line, "rounds", cells[ir],
                                        "expected rounds such as 1-13 or 1-4,6"))
        if None in ids:
            continue
        if ids[0] == ids[1]:
            problems.append(Problem(str(path), line, "b", cells[ib],
                                    "a company cannot meet itself"))
            continue
        key = frozenset(ids)
        if key in seen:
            problems.append(Problem(str(path), line, None, f"{cells[ia]} - {cells[ib]}",
                                    f"this meeting is already listed on line {seen[key]}"))
            continue
        seen[key] = line
        out.append(Request(ids[0], ids[1], rounds))
    if problems:
        raise ScheduleError(f"The meetings file {path} has problems:",
                            [str(p) for p in problems])
    if not out:
        raise ScheduleError(f"{path}: no meetings listed.")
    return tuple(out)


# ----------------------------------------------------------------------------- model

@dataclass(frozen=True)
class RequestsOutcome:
    """Meetings per round as (i, j) index pairs, and statistics."""

    rounds: list[list[tuple[int, int]]]
    stats: dict[str, Any]


def _feasible(model: EventModel, requests: Sequence[Request]):
    index = {cid: k for k, cid in enumerate(model.ids)}
    R = model.rounds
    pairs = np.array([(index[q.a], index[q.b]) for q in requests], dtype=int).reshape(-1, 2)
    F = np.zeros((len(requests), R), dtype=bool)
    for m, q in enumerate(requests):
        allowed = np.ones(R, dtype=bool) if q.rounds is None else np.isin(
            np.arange(1, R + 1), q.rounds)
        F[m] = allowed & model.present[pairs[m, 0]] & model.present[pairs[m, 1]]
    return pairs, F


def check_requests(model: EventModel, requests: Sequence[Request]) -> list[str]:
    """Plain reasons why the meetings cannot all be placed (empty if none is evident)."""
    problems = []
    index = {cid: k for k, cid in enumerate(model.ids)}
    unknown = sorted({c for q in requests for c in (q.a, q.b) if c not in index})
    if unknown:
        return [f"meeting with unknown company {c!r}" for c in unknown]
    pairs, F = _feasible(model, requests)
    R = model.rounds
    for m, q in enumerate(requests):
        i, j = pairs[m]
        if not model.allowed[i, j]:
            problems.append(f"{model.label(i)} and {model.label(j)} are asked to meet, but one of "
                            "them avoids the other")
        if not F[m].any():
            allowed = "any round" if q.rounds is None else \
                f"rounds {', '.join(map(str, q.rounds))}"
            problems.append(
                f"the meeting {model.label(i)} - {model.label(j)} may take {allowed}, but the two "
                f"are never present together then ({model.label(i)}: rounds "
                f"{_fmt(np.flatnonzero(model.present[i]) + 1)}; {model.label(j)}: rounds "
                f"{_fmt(np.flatnonzero(model.present[j]) + 1)}; event: 1-{R})")
    for i in range(model.n):
        mine = np.flatnonzero((pairs[:, 0] == i) | (pairs[:, 1] == i))
        if len(mine) == 0:
            continue
        usable = F[mine].any(axis=0)
        if len(mine) > usable.sum():
            problems.append(f"{model.label(i)} has {len(mine)} meetings but only "
                            f"{int(usable.sum())} rounds in which any of them can take place")
    total_slots = sum(model.tables for _ in range(R))
    if len(requests) > total_slots:
        problems.append(f"{len(requests)} meetings do not fit {model.tables} tables x {R} rounds "
                        f"= {total_slots} table slots")
    # rounds windows: meetings restricted to a set of rounds need enough table slots there
    windows: dict[tuple, int] = {}
    for m in range(len(requests)):
        key = tuple(np.flatnonzero(F[m]))
        windows[key] = windows.get(key, 0) + 1
    for key, cnt in windows.items():
        inside = sum(v for k2, v in windows.items() if k2 and set(k2) <= set(key))
        if key and inside > model.tables * len(key):
            problems.append(f"{inside} meetings can only take place in rounds {_fmt(np.array(key) + 1)}, "
                            f"which hold {model.tables * len(key)} table slots")
    return problems


def _fmt(rounds) -> str:
    rounds = [int(r) for r in rounds]
    if not rounds:
        return "none"
    parts, start, prev = [], rounds[0], rounds[0]
    for r in rounds[1:] + [None]:
        if r is not None and r == prev + 1:
            prev = r
            continue
        parts.append(f"{start}-{prev}" if prev > start else f"{start}")
        if r is not None:
            start = prev = r
    return ",".join(parts)


def _breaks(mask: int) -> int:
    """Breaks of a busy bit mask: runs of meetings minus one."""
    if mask == 0:
        return 0
    return bin(mask & ~(mask << 1)).count("1") - 1


class _State:
    """Assignment of meetings to rounds with bit masks of busy rounds per company."""

    def __init__(self, pairs, F, tables, n, spread, seed):
        self.pairs, self.F, self.tables = pairs, F, tables
        self.M, self.R = F.shape
        self.round_of = np.full(self.M, -1, dtype=int)
        self.mask = [0] * n
        self.load = [0] * self.R
        self.brk = [0] * n
        self.spread = spread
        self.rng = np.random.default_rng(seed)
        self.active = sorted(set(pairs.ravel().tolist()))
        self.at: list[dict[int, int]] = [dict() for _ in range(n)]   # company -> round -> meeting

    def free(self, i, r) -> bool:
        return not (self.mask[i] >> r) & 1

    def place(self, m, r):
        i, j = self.pairs[m]
        self.round_of[m] = r
        self.mask[i] |= 1 << r
        self.mask[j] |= 1 << r
        self.at[i][r] = self.at[j][r] = m
        self.load[r] += 1
        self.brk[i], self.brk[j] = _breaks(self.mask[i]), _breaks(self.mask[j])

    def remove(self, m):
        r = self.round_of[m]
        i, j = self.pairs[m]
        self.round_of[m] = -1
        self.mask[i] &= ~(1 << r)
        self.mask[j] &= ~(1 << r)
        self.at[i].pop(r, None)
        self.at[j].pop(r, None)
        self.load[r] -= 1
        self.brk[i], self.brk[j] = _breaks(self.mask[i]), _breaks(self.mask[j])

    def cost(self) -> float:
        b = [self.brk[i] for i in self.active]
        over = max(0, max(b) - min(b) - self.spread) if b else 0
        unplaced = int((self.round_of < 0).sum())
        return 1000.0 * unplaced + sum(b) + 10.0 * over

    def can(self, m, r) -> bool:
        i, j = self.pairs[m]
        return bool(self.F[m, r]) and self.load[r] < self.tables and self.free(i, r) and \
            self.free(j, r)

    def added_breaks(self, m, r) -> int:
        i, j = self.pairs[m]
        return (_breaks(self.mask[i] | 1 << r) - self.brk[i]) + \
            (_breaks(self.mask[j] | 1 << r) - self.brk[j])


def _construct(st: _State) -> None:
    """Most constrained meeting first, into the round adding the fewest breaks.

    The rounds still open to each meeting are kept in a boolean matrix and
    updated after each placement (only the meetings of the two companies and
    a full round change), so a placement costs O(R + meetings per company).
    """
    open_ = st.F.copy()
    for r in range(st.R):
        if st.load[r] >= st.tables:
            open_[:, r] = False
    by_company: dict[int, list[int]] = {}
    for m, (i, j) in enumerate(st.pairs):
        by_company.setdefault(int(i), []).append(m)
        by_company.setdefault(int(j), []).append(m)
    for m in range(st.M):
        if st.round_of[m] >= 0:
            open_[m] = False
    todo = np.ones(st.M, dtype=bool)
    todo[st.round_of >= 0] = False
    count = open_.sum(axis=1)
    # meetings with no open round at all are left for the repair step
    tie = st.rng.random(st.M) * 0.5
    while todo.any():
        key = np.where(todo, count + tie, np.inf)
        m = int(np.argmin(key))
        todo[m] = False
        rounds = np.flatnonzero(open_[m])
        if len(rounds) == 0:
            continue
        r = int(min(rounds, key=lambda r: (st.added_breaks(m, r), st.rng.random())))
        st.place(m, r)
        i, j = (int(x) for x in st.pairs[m])
        for k in by_company[i] + by_company[j]:
            if open_[k, r]:
                open_[k, r] = False
                count[k] -= 1
        if st.load[r] >= st.tables:
            col = open_[:, r]
            count -= col
            open_[:, r] = False


def _repair(st: _State, deadline: float, max_steps: int = 200_000) -> None:
    """Min-conflicts with tabu: put an unplaced meeting in the round where it ejects the fewest.

    Meetings ejected become unplaced in turn; recently ejected meetings may not
    be ejected again for a few steps.
    """
    tabu = np.zeros(st.M, dtype=int)
    it = 0
    while (st.round_of < 0).any() and it < max_steps and time.monotonic() < deadline:
        it += 1
        todo = np.flatnonzero(st.round_of < 0)
        m = int(todo[st.rng.integers(len(todo))])
        if _kempe_place(st, m):
            continue
        i, j = st.pairs[m]
        options = []
        for r in np.flatnonzero(st.F[m]):
            here = np.flatnonzero(st.round_of == r)
            blockers = [int(k) for k in here if i in st.pairs[k] or j in st.pairs[k]]
            if st.load[r] - len(blockers) >= st.tables:
                free = [int(k) for k in here if int(k) not in blockers]
                blockers.append(min(free, key=lambda k: (tabu[k] > it, st.rng.random())))
            penalty = len(blockers) + sum(10 for k in blockers if tabu[k] > it)
            options.append((penalty, st.rng.random(), int(r), blockers))
        if not options:
            continue
        _, _, r, blockers = min(options)
        for k in blockers:
            st.remove(k)
            tabu[k] = it + 5 + int(st.rng.integers(10))
        st.place(m, r)


def _kempe_chain(st: _State, m: int, r2: int, limit: int = 40) -> list[int] | None:
    """Meetings that must swap rounds (r1 <-> r2) for meeting ``m`` to move to ``r2``.

    The closure of ``m`` under "shares a company and sits in the other round";
    None when it is too long or some meeting may not take its new round.
    """
    r1 = int(st.round_of[m])
    chain = {m}
    frontier = [m]
    companies: set[int] = set()
    while frontier:
        k = frontier.pop()
        for c in st.pairs[k]:
            c = int(c)
            if c in companies:
                continue
            companies.add(c)
            for rr in (r1, r2):
                if (st.mask[c] >> rr) & 1:
                    other = st.at[c].get(rr)
                    if other is not None and other not in chain:
                        chain.add(other)
                        frontier.append(other)
                        if len(chain) > limit:
                            return None
    for k in chain:
        target = r2 if st.round_of[k] == r1 else r1
        if not st.F[k, target]:
            return None
    to2 = sum(1 for k in chain if st.round_of[k] == r1)
    to1 = len(chain) - to2
    if st.load[r2] - to1 + to2 > st.tables or st.load[r1] - to2 + to1 > st.tables:
        return None
    return sorted(chain)


def _anneal(st: _State, deadline: float, max_stall: int = 30_000) -> None:
    """Simulated annealing on breaks (and their spread) with Kempe-chain moves.

    A step picks a meeting of a company with breaks (or any meeting), a target
    round next to the company's other meetings (or any round), and swaps the
    rounds of the whole chain of meetings that would clash (a Kempe chain:
    the plan stays valid). Stops at zero breaks, after ``max_stall`` steps
    without a better plan, or at the deadline.
    """
    cur = st.cost()
    best, best_rounds = cur, st.round_of.copy()
    temp, steps, last_gain = 1.0, 0, 0
    placed = np.flatnonzero(st.round_of >= 0)
    if len(placed) == 0:
        return
    comp_meetings: dict[int, list[int]] = {}
    for m in placed:
        for c in st.pairs[m]:
            comp_meetings.setdefault(int(c), []).append(int(m))
    while time.monotonic() < deadline and best > 0 and steps - last_gain < max_stall:
        steps += 1
        if steps % 1000 == 0:
            temp = max(0.02, temp * 0.97)
        with_breaks = [c for c in st.active if st.brk[c] > 0]
        if with_breaks and st.rng.random() < 0.8:
            c = with_breaks[int(st.rng.integers(len(with_breaks)))]
            mine = comp_meetings[c]
            m = mine[int(st.rng.integers(len(mine)))]
            busy = [r for r in range(st.R) if (st.mask[c] >> r) & 1]
            near = [r + d for r in busy for d in (-1, 1)
                    if 0 <= r + d < st.R and not (st.mask[c] >> (r + d)) & 1]
            if not near:
                continue
            r2 = near[int(st.rng.integers(len(near)))]
        else:
            m = int(placed[st.rng.integers(len(placed))])
            r2 = int(st.rng.integers(st.R))
        r1 = int(st.round_of[m])
        if r2 == r1:
            continue
        chain = _kempe_chain(st, m, r2)
        if chain is None:
            continue
        _apply_chain(st, chain, r1, r2)
        new = st.cost()
        if new <= cur or st.rng.random() < math.exp((cur - new) / temp):
            cur = new
            if cur < best - 1e-9:
                best, best_rounds, last_gain = cur, st.round_of.copy(), steps
        else:
            _apply_chain(st, chain, r1, r2)
    for m in range(st.M):
        if st.round_of[m] >= 0:
            st.remove(m)
    for m in range(st.M):
        if best_rounds[m] >= 0:
            st.place(m, int(best_rounds[m]))


def _apply_chain(st: _State, chain: list[int], r1: int, r2: int) -> None:
    """Swap the rounds r1 <-> r2 of every meeting in ``chain``."""
    moves = [(k, r2 if st.round_of[k] == r1 else r1) for k in chain]
    for k, _ in moves:
        st.remove(k)
    for k, target in moves:
        st.place(k, target)


def _kempe_place(st: _State, m: int) -> bool:
    """Place unplaced meeting ``m`` by swapping two rounds along a Kempe chain.

    If one company is free in round a and the other in round b, swapping
    a <-> b along the chain of the second company's meeting in a frees it in
    a (the classic edge-colouring step); every moved meeting must be allowed
    in its new round and the tables must suffice.
    """
    i, j = (int(x) for x in st.pairs[m])
    allowed = np.flatnonzero(st.F[m])
    order = st.rng.permutation(len(allowed))
    for x, y in ((i, j), (j, i)):
        for a in allowed[order]:
            a = int(a)
            if not st.free(x, a) or st.load[a] >= st.tables and st.free(y, a):
                continue
            if st.free(y, a):
                if st.load[a] < st.tables:
                    st.place(m, a)
                    return True
                continue
            k = st.at[y][a]
            for b in st.rng.permutation(st.R):
                b = int(b)
                if b == a or not st.free(y, b):
                    continue
                chain = _kempe_chain(st, k, b)
                if chain is None:
                    continue
                _apply_chain(st, chain, a, b)
                if st.can(m, a):
                    st.place(m, a)
                    return True
                _apply_chain(st, chain, a, b)
    return False


def milp_requests(pairs, F, n, tables, spread, time_limit):
    """Exact model: all meetings placed, fewest breaks, spread of breaks bounded.

    Returns (round per meeting or None, proven optimal, lower bound on breaks, status).
    """
    M, R = F.shape
    mi, ri = np.nonzero(F)
    nx = len(mi)
    active = sorted(set(pairs.ravel().tolist()))
    pos = {c: k for k, c in enumerate(active)}
    A_ = len(active)
    # variables: x (nx) | y (A_*R) | s (A_*R) | bmax | bmin
    y0, s0 = nx, nx + A_ * R
    bmax, bmin = s0 + A_ * R, s0 + A_ * R + 1
    nv = bmin + 1
    rows, cols, vals, lo, hi = [], [], [], [], []
    row = 0

    def add(rr, cc, vv, l, h):
        nonlocal row
        rows.extend(rr)
        cols.extend(cc)
        vals.extend(vv)
        lo.append(l)
        hi.append(h)
        row += 1

    for m in range(M):  # each meeting exactly once
        ks = np.flatnonzero(mi == m)
        add([row] * len(ks), ks.tolist(), [1] * len(ks), 1, 1)
    by_cr: dict[tuple[int, int], list[int]] = {}
    for k in range(nx):
        for c in pairs[mi[k]]:
            by_cr.setdefault((pos[int(c)], int(ri[k])), []).append(k)
    for c in range(A_):
        for r in range(R):
            ks = by_cr.get((c, r), [])
            # y_cr = sum x (<= 1)
            add([row] * (len(ks) + 1), ks + [y0 + c * R + r], [1] * len(ks) + [-1], 0, 0)
    for r in range(R):  # tables
        ks = np.flatnonzero(ri == r)
        add([row] * len(ks), ks.tolist(), [1] * len(ks), 0, tables)
    for c in range(A_):
        for r in range(R):
            y, s = y0 + c * R + r, s0 + c * R + r
            if r == 0:
                add([row, row], [s, y], [1, -1], 0, 0)  # s = y at round 1
                continue
            yp = y - 1
            add([row] * 3, [s, y, yp], [1, -1, 1], 0, np.inf)    # s >= y - y_prev
            add([row] * 2, [s, y], [1, -1], -np.inf, 0)          # s <= y
            add([row] * 2, [s, yp], [1, 1], -np.inf, 1)          # s <= 1 - y_prev
    for c in range(A_):  # bmin <= runs_c - 1 <= bmax
        ss = [s0 + c * R + r for r in range(R)]
        add([row] * (R + 1), ss + [bmax], [1] * R + [-1], -np.inf, 1)
        add([row] * (R + 1), ss + [bmin], [1] * R + [-1], 1, np.inf)
    add([row, row], [bmax, bmin], [1, -1], -np.inf, spread)
    A = sparse.csr_matrix((vals, (rows, cols)), shape=(row, nv))
    c = np.zeros(nv)
    c[s0:s0 + A_ * R] = 1.0
    integ = np.zeros(nv)
    integ[:nx] = 1
    upper = np.ones(nv)
    upper[bmax] = upper[bmin] = R
    res = milp(c, constraints=LinearConstraint(A, np.array(lo, float), np.array(hi, float)),
               integrality=integ, bounds=Bounds(0, upper),
               options={"time_limit": max(0.1, time_limit), "disp": False})
    lower = None
    if getattr(res, "mip_dual_bound", None) is not None and np.isfinite(res.mip_dual_bound):
        lower = float(res.mip_dual_bound) - A_
    if res.x is None:
        return None, False, lower, res.status
    x = res.x[:nx] > 0.5
    rounds = np.full(M, -1, dtype=int)
    rounds[mi[x]] = ri[x]
    return rounds, res.status == 0, lower, res.status


def solve_requests(model: EventModel, requests: Sequence[Request], options,
                   report: Callable[[str, float], None]) -> RequestsOutcome:
    """Place every requested meeting; raise ScheduleError with reasons if impossible."""
    t0 = time.monotonic()
    deadline = t0 + options.time_limit
    problems = check_requests(model, requests)
    if problems:
        raise ScheduleError("The requested meetings cannot all be placed:", problems)
    pairs, F = _feasible(model, requests)
    st = _State(pairs, F, model.tables, model.n, options.max_break_spread, options.seed)
    report("placing meetings", 0.05)
    _construct(st)
    _repair(st, t0 + 0.8 * options.time_limit)   # stops as soon as every meeting is placed
    greedy_breaks = sum(st.brk) if not (st.round_of < 0).any() else None
    method = "constructive placement"
    if options.solver != "greedy":
        report("reducing breaks", 0.2)
        if not (st.round_of < 0).any():
            frac = 0.5 if options.solver == "auto" else 0.95
            _anneal(st, t0 + frac * options.time_limit)
        method = "constructive + annealing"
    heur = st.round_of.copy()
    heur_ok = not (heur < 0).any()
    lower, optimal = None, False
    final = heur
    status = None
    if heur_ok and _total_breaks(pairs, heur, model.n) == 0:
        optimal, lower = True, 0          # nothing beats no breaks at all
    elif options.solver in ("auto", "milp") and time.monotonic() < deadline:
        from matcher import requests_cpsat

        if requests_cpsat.available():
            report("exact model (CP-SAT)", 0.5)
            rounds, optimal, lower, infeasible = requests_cpsat.cpsat_requests(
                pairs, F, model.tables, options.max_break_spread, deadline - time.monotonic(),
                hint=heur if heur_ok else None, seed=options.seed)
            name, status = "exact CP-SAT (OR-Tools)", 2 if infeasible else 0
        else:
            report("exact model (HiGHS)", 0.5)
            rounds, optimal, lower, status = milp_requests(
                pairs, F, model.n, model.tables, options.max_break_spread,
                deadline - time.monotonic())
            name = "exact MILP (HiGHS)"
        if rounds is not None:
            if not heur_ok or _total_breaks(pairs, rounds, model.n) <= \
                    _total_breaks(pairs, heur, model.n):
                final, method = rounds, name
            else:
                optimal = False
        elif status == 2:
            raise ScheduleError(
                "The requested meetings cannot all be placed: no arrangement exists (the exact "
                "model proves it). Every company fits its own meetings, so the clash is between "
                "companies sharing rounds; allow more rounds for some meetings, add rounds or "
                "tables.", _tightest(model, pairs, F))
    if (final < 0).any():
        left = [f"{model.label(pairs[m, 0])} - {model.label(pairs[m, 1])}"
                for m in np.flatnonzero(final < 0)]
        raise ScheduleError("Not every requested meeting could be placed within the time limit "
                            "(try a longer --time-limit, more rounds or wider round windows); "
                            "unplaced:", left)
    rounds_out = [[] for _ in range(model.rounds)]
    for m, r in enumerate(final):
        i, j = pairs[m]
        rounds_out[int(r)].append((int(min(i, j)), int(max(i, j))))
    total = _total_breaks(pairs, final, model.n)
    per = _per_company_breaks(pairs, final, model.n)
    active = sorted(set(pairs.ravel().tolist()))
    spread = max(per[active]) - min(per[active])
    stats = {"mode": "requests", "method": method, "optimal": bool(optimal),
             "requested": len(requests), "placed": int((final >= 0).sum()),
             "breaks_lower_bound": None if lower is None else max(0, int(math.ceil(lower - 1e-6))),
             "break_spread": int(spread), "max_break_spread": options.max_break_spread,
             "greedy_breaks": greedy_breaks}
    if optimal:
        stats["breaks_lower_bound"] = total
    if spread > options.max_break_spread:
        stats["note"] = (f"the break spread {spread} exceeds {options.max_break_spread}: "
                         "no plan meeting it was found in time")
    report("done", 0.95)
    return RequestsOutcome(rounds_out, stats)


def _per_company_breaks(pairs, rounds, n) -> np.ndarray:
    mask = [0] * n
    for m, r in enumerate(rounds):
        if r >= 0:
            for c in pairs[m]:
                mask[int(c)] |= 1 << int(r)
    return np.array([_breaks(x) for x in mask])


def _total_breaks(pairs, rounds, n) -> int:
    return int(_per_company_breaks(pairs, rounds, n).sum())


def _tightest(model, pairs, F) -> list[str]:
    """The companies whose meetings leave the least room (to point the organiser somewhere)."""
    out = []
    for i in range(model.n):
        mine = np.flatnonzero((pairs[:, 0] == i) | (pairs[:, 1] == i))
        if len(mine) == 0:
            continue
        room = int(F[mine].any(axis=0).sum())
        out.append((room - len(mine), len(mine), room, i))
    out.sort()
    return [f"{model.label(i)}: {k} meetings in {room} usable rounds"
            for _, k, room, i in out[:5]]
