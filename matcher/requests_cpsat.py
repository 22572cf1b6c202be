"""The requested-meetings model on OR-Tools CP-SAT (optional extra ``speeddate[cpsat]``).

Same model as :func:`matcher.requests_mode.milp_requests` - every meeting in
one allowed round, one meeting per company and round, tables per round, fewest
breaks, bounded spread of breaks - but CP-SAT propagates the run structure
(``start of a run = busy now and idle the round before``) far better than an
LP relaxation, and takes the heuristic plan as a hint.
"""

from __future__ import annotations

import numpy as np

try:
    from ortools.sat.python import cp_model
except ImportError:  # pragma: no cover - optional extra
    cp_model = None


def available() -> bool:
    """Whether OR-Tools is installed."""
    return cp_model is not None


def cpsat_requests(pairs: np.ndarray, F: np.ndarray, tables: int, spread: int,
                   time_limit: float, hint: np.ndarray | None = None, seed: int = 0,
                   workers: int = 1):
    """Solve; return (round per meeting or None, proven optimal, lower bound on breaks, infeasible).

    One worker by default, so that a search that finishes is repeatable for a seed.

    Examples
    --------
    >>> import numpy as np
    >>> pairs = np.array([[0, 1], [1, 2], [0, 2]])
    >>> rounds, opt, lb, infeasible = cpsat_requests(pairs, np.ones((3, 3), bool), 1, 2, 5)
    >>> sorted(rounds.tolist()), opt, lb, infeasible
    ([0, 1, 2], True, 1, False)
    """
    M, R = F.shape
    model = cp_model.CpModel()
    x = {}
    for m in range(M):
        for r in np.flatnonzero(F[m]):
            x[m, int(r)] = model.NewBoolVar(f"x{m}_{r}")
        model.AddExactlyOne([x[m, int(r)] for r in np.flatnonzero(F[m])])
    active = sorted(set(pairs.ravel().tolist()))
    runs = []
    bmax = model.NewIntVar(0, R, "bmax")
    bmin = model.NewIntVar(0, R, "bmin")
    for c in active:
        mine = np.flatnonzero((pairs[:, 0] == c) | (pairs[:, 1] == c))
        y = []
        for r in range(R):
            terms = [x[m, r] for m in mine if (m, r) in x]
            v = model.NewBoolVar(f"y{c}_{r}")
            if terms:
                model.Add(sum(terms) == v)
            else:
                model.Add(v == 0)
            y.append(v)
        s = []
        for r in range(R):
            v = model.NewBoolVar(f"s{c}_{r}")
            if r == 0:
                model.Add(v == y[0])
            else:
                model.AddImplication(v, y[r])
                model.AddImplication(v, y[r - 1].Not())
                model.AddBoolOr([y[r - 1], y[r].Not(), v])
            s.append(v)
        run = sum(s)
        model.Add(run - 1 <= bmax)
        model.Add(run - 1 >= bmin)
        runs.append(run)
    model.Add(bmax - bmin <= spread)
    for r in range(R):
        terms = [x[m, r] for m in range(M) if (m, r) in x]
        if terms:
            model.Add(sum(terms) <= tables)
    model.Minimize(sum(runs))
    if hint is not None:
        for (m, r), v in x.items():
            model.AddHint(v, 1 if hint[m] == r else 0)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, float(time_limit))
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = int(seed)
    status = solver.Solve(model)
    if status == cp_model.INFEASIBLE:
        return None, False, None, True
    lower = int(round(solver.BestObjectiveBound())) - len(active)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, False, max(0, lower), False
    rounds = np.full(M, -1, dtype=int)
    for (m, r), v in x.items():
        if solver.Value(v):
            rounds[m] = r
    return rounds, status == cp_model.OPTIMAL, max(0, lower), False
