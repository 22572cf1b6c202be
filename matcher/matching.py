"""Maximum-weight matchings on sparse edge lists, with an optional cap on size.

A thin layer over rustworkx's blossom algorithm (networkx when rustworkx is
missing) working on numpy edge arrays. :func:`capped_matching` finds a
maximum-weight matching using at most ``capacity`` of the "limited" edges
(meetings that need a free table) by a Lagrangian price on those edges, then
fills leftover capacity greedily.
"""

from __future__ import annotations

import numpy as np

try:  # pragma: no cover - exercised whichever is installed
    import rustworkx as _rx
except ImportError:  # pragma: no cover
    _rx = None


def max_weight_matching(n: int, a: np.ndarray, b: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Indices of the edges in a maximum-weight matching.

    Parameters
    ----------
    n : int
        Number of nodes.
    a, b : ndarray of int
        Edge end points.
    w : ndarray of int
        Positive integer weights (edges with weight <= 0 are ignored).

    Examples
    --------
    >>> import numpy as np
    >>> max_weight_matching(4, np.array([0, 1, 2]), np.array([1, 2, 3]), np.array([5, 8, 5])).tolist()
    [0, 2]
    """
    keep = np.flatnonzero(w > 0)
    if keep.size == 0:
        return np.zeros(0, dtype=int)
    aa, bb, ww = a[keep].tolist(), b[keep].tolist(), w[keep].astype(np.int64).tolist()
    index = {}
    for k, (u, v) in enumerate(zip(aa, bb)):
        index[(u, v)] = keep[k]
        index[(v, u)] = keep[k]
    if _rx is not None:
        g = _rx.PyGraph()
        g.add_nodes_from(range(n))
        g.add_edges_from(list(zip(aa, bb, ww)))
        pairs = _rx.max_weight_matching(g, max_cardinality=False, weight_fn=lambda x: x)
    else:  # pragma: no cover
        import networkx as nx

        g = nx.Graph()
        g.add_weighted_edges_from(zip(aa, bb, ww))
        pairs = nx.max_weight_matching(g)
    return np.array(sorted(index[(u, v)] for u, v in pairs), dtype=int)


def capped_matching(n: int, a: np.ndarray, b: np.ndarray, w: np.ndarray,
                    limited: np.ndarray | None = None, capacity: int | None = None) -> np.ndarray:
    """Maximum-weight matching with at most ``capacity`` edges among ``limited``.

    The cap is met by lowering the weight of every limited edge by a common
    price found by bisection (the weight of the best k-edge matching is
    concave in k, so the price picks the best matching of the allowed size up
    to ties); left-over capacity is then filled greedily by weight.

    Examples
    --------
    >>> import numpy as np
    >>> a, b = np.array([0, 2, 4]), np.array([1, 3, 5])
    >>> capped_matching(6, a, b, np.array([3, 9, 5]), np.array([True] * 3), 2).tolist()
    [1, 2]
    """
    if limited is None:
        limited = np.ones(len(a), dtype=bool)
    chosen = max_weight_matching(n, a, b, w)
    if capacity is None or int(limited[chosen].sum()) <= capacity:
        return chosen
    if capacity <= 0:
        keep = ~limited
        sub = max_weight_matching(n, a, b, np.where(keep, w, 0))
        return sub
    lo, hi = 0, int(w[limited].max())
    best = None
    while lo < hi:
        mid = (lo + hi) // 2
        cand = max_weight_matching(n, a, b, np.where(limited, w - mid, w))
        if int(limited[cand].sum()) <= capacity:
            best, hi = cand, mid
        else:
            lo = mid + 1
    if best is None or hi != lo:
        best = max_weight_matching(n, a, b, np.where(limited, w - lo, w))
    return _fill(n, a, b, w, limited, capacity, best)


def _fill(n, a, b, w, limited, capacity, chosen) -> np.ndarray:
    used = np.zeros(n, dtype=bool)
    used[a[chosen]] = True
    used[b[chosen]] = True
    room = capacity - int(limited[chosen].sum())
    extra = []
    if room > 0:
        for k in np.argsort(-w, kind="stable"):
            if room <= 0 or w[k] <= 0:
                break
            if not limited[k] or used[a[k]] or used[b[k]]:
                continue
            used[a[k]] = used[b[k]] = True
            extra.append(k)
            room -= 1
    return np.array(sorted(list(chosen) + extra), dtype=int)
