"""Upper bounds on the total score of a pairs schedule (to report the gap).

Two linear relaxations, each turned into a bound that is valid for the *whole*
problem even when the LP is solved on a sparse set of candidate pairs: the LP
duals are kept and every pair left out is charged its reduced weight
(``max(0, w - duals)``), which makes a feasible dual solution of the full
relaxation (weak duality).

* :func:`bmatching_bound` - degree-constrained (b-matching) relaxation with all
  rounds merged: each company meets at most the rounds it attends (or its cap),
  and guest meetings fit the table slots.
* :func:`time_indexed_bound` - the LP relaxation of the exact model (one
  meeting per company and round, each pair once, tables per round, caps);
  tighter, used while it stays small.

Examples
--------
>>> import numpy as np
>>> from matcher.constraints import build_model
>>> from profiles.model import Profile
>>> ps = [Profile(id=c, name=c) for c in "abcd"]
>>> w = np.full((4, 4), 0.5); np.fill_diagonal(w, 0)
>>> m = build_model(ps, w, rounds=1, tables=None)
>>> round(bmatching_bound(m), 6)
1.0
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.optimize import linprog

from matcher.constraints import EventModel


def _useful(model: EventModel, min_score: float):
    common = (model.present.astype(np.int32) @ model.present.T.astype(np.int32)) > 0
    ok = model.allowed & common & (model.weights > min_score)
    ok &= (model.caps[:, None] > 0) & (model.caps[None, :] > 0)
    return ok


def _edges(model: EventModel, min_score: float,
           edges: tuple[np.ndarray, np.ndarray] | None):
    """Useful-pair mask, the LP's pairs (given, or every useful pair) and which are guest pairs."""
    ok = _useful(model, min_score)
    a, b = np.nonzero(np.triu(ok, 1)) if edges is None else edges
    guest = ~(model.is_host[a] | model.is_host[b])
    return ok, a, b, guest


def trivial_bound(model: EventModel, min_score: float = 0.0) -> float:
    """Half the sum over companies of their best ``b_i`` scores (b_i = rounds attended or cap)."""
    ok = _useful(model, min_score)
    w = np.where(ok, model.weights, 0.0)
    b = np.minimum(model.present.sum(axis=1), model.caps)
    srt = -np.sort(-w, axis=1)
    total = sum(float(srt[i, :b[i]].sum()) for i in range(model.n))
    return total / 2.0


def bmatching_bound(model: EventModel, min_score: float = 0.0,
                    edges: tuple[np.ndarray, np.ndarray] | None = None) -> float:
    """Bound from the b-matching LP (rounds merged); see the module docstring."""
    ok, a, b, guest = _edges(model, min_score, edges)
    n = model.n
    hosts = model.is_host
    w = model.weights[a, b]
    deg = np.minimum(model.present.sum(axis=1), model.caps).astype(float)
    slots = float(sum(model.guest_tables(r) for r in range(model.rounds)))
    m = len(a)
    if m == 0:
        return 0.0
    rows = np.concatenate([a, b, np.full(int(guest.sum()), n)])
    cols = np.concatenate([np.arange(m), np.arange(m), np.flatnonzero(guest)])
    A = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n + 1, m))
    res = linprog(-w, A_ub=A, b_ub=np.concatenate([deg, [slots]]), bounds=(0, 1),
                  method="highs")
    if res.status != 0:
        return trivial_bound(model, min_score)
    dual = -np.asarray(res.ineqlin.marginals)
    u, mu = np.maximum(dual[:n], 0), max(0.0, float(dual[n]))
    # full-problem dual: charge every useful pair its reduced weight
    fa, fb = np.nonzero(np.triu(ok, 1))
    g = ~(hosts[fa] | hosts[fb])
    z = np.maximum(0.0, model.weights[fa, fb] - u[fa] - u[fb] - mu * g)
    bound = float(deg @ u + slots * mu + z.sum())
    return min(bound, trivial_bound(model, min_score))


def time_indexed_bound(model: EventModel, min_score: float = 0.0,
                       edges: tuple[np.ndarray, np.ndarray] | None = None) -> float:
    """Bound from the LP relaxation of the exact time-indexed model."""
    ok, a, b, guest = _edges(model, min_score, edges)
    n, R = model.n, model.rounds
    hosts = model.is_host
    common = model.present[a] & model.present[b]
    e_idx, r_idx = np.nonzero(common)
    nv = len(e_idx)
    if nv == 0:
        return 0.0
    var = np.arange(nv)
    ne = len(a)
    r_cr, r_pair, r_tab, r_cap = 0, n * R, n * R + ne, n * R + ne + R
    g = guest[e_idx]
    rows = np.concatenate([a[e_idx] * R + r_idx, b[e_idx] * R + r_idx, r_pair + e_idx,
                           r_tab + r_idx[g], r_cap + a[e_idx], r_cap + b[e_idx]])
    cols = np.concatenate([var, var, var, var[g], var, var])
    nrows = r_cap + n
    A = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(nrows, nv))
    gt = np.array([model.guest_tables(r) for r in range(R)], dtype=float)
    rhs = np.concatenate([np.ones(n * R), np.ones(ne), gt, model.caps.astype(float)])
    res = linprog(-model.weights[a, b][e_idx], A_ub=A, b_ub=rhs, bounds=(0, None),
                  method="highs")
    if res.status != 0:
        return bmatching_bound(model, min_score)
    dual = np.maximum(-np.asarray(res.ineqlin.marginals), 0.0)
    u = dual[:n * R].reshape(n, R)
    mu = dual[r_tab:r_tab + R]
    kappa = dual[r_cap:r_cap + n]
    # every useful pair (also those outside the LP) gets v_e = its best reduced weight
    fa, fb = np.nonzero(np.triu(ok, 1))
    total = float(u.sum() + gt @ mu + model.caps @ kappa)
    chunk = max(1, 2_000_000 // max(1, R))
    for s in range(0, len(fa), chunk):
        ca, cb = fa[s:s + chunk], fb[s:s + chunk]
        gg = ~(hosts[ca] | hosts[cb])
        red = (model.weights[ca, cb][:, None] - u[ca] - u[cb] - mu[None, :] * gg[:, None]
               - (kappa[ca] + kappa[cb])[:, None])
        red = np.where(model.present[ca] & model.present[cb], red, -np.inf)
        total += float(np.maximum(0.0, red.max(axis=1)).sum())
    return min(total, bmatching_bound(model, min_score, edges))
