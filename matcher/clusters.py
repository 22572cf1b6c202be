"""Candidate business clusters: affinity graph, partition, stability and choice of k.

The pair scores become a sparse, weighted affinity graph (each company's
strongest neighbours plus every pair above a threshold), which is partitioned
by one of three interchangeable methods:

``"louvain"``
    networkx's Louvain (weighted, seeded); the default. On large graphs
    (more than :data:`LARGE_GRAPH` companies) scikit-network's Louvain is used
    when installed (extra ``leiden``), which is many times faster.
``"leiden"``
    scikit-network's Leiden (extra ``leiden``).
``"spectral"``
    scikit-learn's spectral clustering for a fixed number of clusters.

Every method gives the same :class:`ClusterResult`. The partition is repeated
over many seeds; how often a member lands with the rest of its cluster is its
*confidence*, and members below a threshold are flagged as uncertain.
Companies tied weakly to their cluster (or to nobody) are not forced in: they
are listed as *unclustered*.

Examples
--------
>>> import numpy as np
>>> from profiles.model import Profile
>>> profiles = [Profile(id=f"c{i}", name=f"C{i}") for i in range(6)]
>>> scores = np.full((6, 6), 0.05)
>>> scores[:3, :3] = scores[3:, 3:] = 0.8
>>> np.fill_diagonal(scores, 0)
>>> result = find_clusters(profiles, scores, seed=1, runs=5, scan_k=False)
>>> sorted(sorted(c.members) for c in result.clusters)
[['c0', 'c1', 'c2'], ['c3', 'c4', 'c5']]
"""

from __future__ import annotations

import functools
import math
import warnings
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
import scipy.sparse as sp

from profiles.errors import SpeeddateError
from profiles.model import Profile

#: The partition methods :func:`partition` and :func:`find_clusters` accept.
METHODS: tuple[str, ...] = ("louvain", "leiden", "spectral")

#: Above this many companies Louvain runs on scikit-network when it is installed.
LARGE_GRAPH: int = 500

#: Up to this many companies the pair scores are computed as a dense matrix.
DENSE_LIMIT: int = 3000


class ClusterError(SpeeddateError, ValueError):
    """Clusters cannot be found with the given input or options."""


@dataclass(frozen=True)
class KChoice:
    """Quality of the partition into ``k`` clusters (one row of the k table).

    ``modularity`` is Newman's weighted modularity of the partition;
    ``stability`` the mean adjusted Rand index between the partition and the
    partitions found with other seeds (1 = the same every time; None when not
    measured).
    """

    k: int
    modularity: float
    stability: float | None
    chosen: bool = False


@dataclass(frozen=True)
class Cluster:
    """One candidate cluster.

    ``members`` are profile ids, strongest member first; ``confidence`` maps
    each member to the share of runs (over seeds) in which it landed with the
    rest of the cluster; ``uncertain`` lists members below the threshold.
    ``card`` is the :class:`matcher.cluster_cards.ClusterCard` describing it.
    """

    number: int
    name: str
    members: tuple[str, ...]
    confidence: dict[str, float]
    uncertain: tuple[str, ...]
    stability: float
    cohesion: float
    card: Any = None


@dataclass(frozen=True, eq=False)
class ClusterResult:
    """Candidate clusters of a set of profiles.

    Attributes
    ----------
    clusters : tuple of Cluster
        Largest first.
    unclustered : tuple of str
        Ids of the companies that fit no cluster well.
    method, seed, resolution, k : settings used (``k`` is the number asked for,
        or None when the method chose).
    modularity : float
        Modularity of the partition (the unclustered count as singletons).
    stability : float
        Mean adjusted Rand index against the partitions of the other seeds.
    k_table : tuple of KChoice
        How modularity and stability change with the number of clusters.
    bridges : tuple of dict
        Companies tied strongly to several clusters: ``{"id", "clusters":
        [numbers], "shares": [share of its ties per cluster]}``.
    ids : tuple of str
        Profile ids in the order of the graph's rows.
    adjacency : scipy.sparse.csr_matrix
        The symmetric affinity graph used.
    labels : numpy.ndarray
        Cluster number per company (0-based index into ``clusters``), -1 for
        the unclustered.
    profiles : tuple of Profile
    lang : str
    """

    clusters: tuple[Cluster, ...]
    unclustered: tuple[str, ...]
    method: str
    seed: int
    resolution: float | None
    k: int | None
    modularity: float
    stability: float
    k_table: tuple[KChoice, ...]
    bridges: tuple[dict, ...]
    ids: tuple[str, ...]
    adjacency: Any
    labels: Any
    profiles: tuple[Profile, ...] = field(default=(), repr=False)
    lang: str = "nn"
    settings: dict = field(default_factory=dict)

    def cluster_of(self, company_id: str) -> Cluster | None:
        """The cluster holding ``company_id``, or None if it is unclustered."""
        return self._cluster_index.get(company_id)

    @functools.cached_property
    def _cluster_index(self) -> dict[str, Cluster]:
        return {m: c for c in self.clusters for m in c.members}


# --------------------------------------------------------------------- graph

def build_graph(scores: Any, n: int | None = None, *, neighbours: int = 10,
                threshold: float | None = None) -> sp.csr_matrix:
    """Sparse symmetric affinity graph from pair scores.

    Each company keeps its ``neighbours`` strongest partners, plus every pair
    scoring at least ``threshold``; the graph is made symmetric (an edge is
    kept if either side chose it) and pairs scoring zero are dropped.

    Parameters
    ----------
    scores : numpy.ndarray, scipy sparse matrix, or (idx, values) tuple
        A dense N×N score matrix, a sparse one, or the output of
        :func:`matcher.score.top_k` (two N×k arrays: partner indices and scores).
    n : int, optional
        Number of companies (needed only for the top-k form if some rows are empty).
    neighbours : int
        How many strongest partners each company keeps.
    threshold : float, optional
        Pairs scoring at least this are always kept. Default: for a dense
        matrix the 98th percentile of the pair scores; otherwise none.

    Returns
    -------
    scipy.sparse.csr_matrix
        N×N, symmetric, zero diagonal, weights = scores.

    Examples
    --------
    >>> import numpy as np
    >>> s = np.array([[0, .9, .1], [.9, 0, .2], [.1, .2, 0]])
    >>> build_graph(s, neighbours=1).toarray()
    array([[0. , 0.9, 0. ],
           [0.9, 0. , 0.2],
           [0. , 0.2, 0. ]])
    """
    if neighbours < 1:
        raise ClusterError(f"neighbours must be at least 1 (got {neighbours}).")
    if isinstance(scores, tuple):
        idx, vals = (np.asarray(a) for a in scores)
        if idx.shape != vals.shape or idx.ndim != 2:
            raise ClusterError("top-k scores must be two N×k arrays (indices, scores) "
                               f"of the same shape (got {idx.shape} and {vals.shape}).")
        size = n if n is not None else idx.shape[0]
        keep = min(neighbours, idx.shape[1])
        order = np.argsort(-vals, axis=1, kind="stable")
        rows = np.repeat(np.arange(idx.shape[0]), idx.shape[1])
        cols = idx.ravel()
        data = vals.ravel()
        rank = np.empty_like(order)
        np.put_along_axis(rank, order, np.arange(idx.shape[1])[None, :].repeat(idx.shape[0], 0),
                          axis=1)
        mask = (rank.ravel() < keep) & (cols >= 0) & (cols != rows) & (data > 0)
        if threshold is not None:
            mask |= (data >= threshold) & (cols >= 0) & (cols != rows) & (data > 0)
        graph = sp.csr_matrix((data[mask].astype(float), (rows[mask], cols[mask])),
                              shape=(size, size))
    elif sp.issparse(scores):
        matrix = sp.csr_matrix(scores, dtype=float)
        _check_square(matrix.shape)
        matrix.setdiag(0)
        matrix.eliminate_zeros()
        graph = _top_per_row_sparse(matrix, neighbours, threshold)
    else:
        matrix = np.asarray(scores, dtype=float)
        _check_square(matrix.shape)
        if not np.all(np.isfinite(matrix)):
            raise ClusterError("the score matrix has missing or infinite values; "
                               "expected finite scores between 0 and 1.")
        size = matrix.shape[0]
        work = matrix.copy()
        np.fill_diagonal(work, -np.inf)
        keep = min(neighbours, max(size - 1, 0))
        mask = np.zeros_like(work, dtype=bool)
        if keep > 0:
            top = np.argpartition(-work, keep - 1, axis=1)[:, :keep]
            np.put_along_axis(mask, top, True, axis=1)
        if threshold is None and size > 2:
            off = matrix[~np.eye(size, dtype=bool)]
            threshold = float(np.quantile(off, 0.98))
            threshold = threshold if threshold > 0 else None
        if threshold is not None:
            mask |= work >= threshold
        np.fill_diagonal(mask, False)
        mask &= matrix > 0
        graph = sp.csr_matrix(np.where(mask, matrix, 0.0))
    graph = graph.maximum(graph.T).tocsr()
    graph.setdiag(0)
    graph.eliminate_zeros()
    return graph


def _check_square(shape: tuple[int, ...]) -> None:
    if len(shape) != 2 or shape[0] != shape[1]:
        raise ClusterError(f"expected a square N×N score matrix (got shape {shape}).")


def _top_per_row_sparse(matrix: sp.csr_matrix, neighbours: int,
                        threshold: float | None) -> sp.csr_matrix:
    rows, cols, data = [], [], []
    for i in range(matrix.shape[0]):
        start, end = matrix.indptr[i], matrix.indptr[i + 1]
        c, d = matrix.indices[start:end], matrix.data[start:end]
        if len(d) > neighbours:
            keep = np.argpartition(-d, neighbours - 1)[:neighbours]
            chosen = np.zeros(len(d), dtype=bool)
            chosen[keep] = True
            if threshold is not None:
                chosen |= d >= threshold
            c, d = c[chosen], d[chosen]
        rows.append(np.full(len(c), i))
        cols.append(c)
        data.append(d)
    n = matrix.shape[0]
    if not rows:
        return sp.csr_matrix((n, n))
    return sp.csr_matrix((np.concatenate(data), (np.concatenate(rows), np.concatenate(cols))),
                         shape=(n, n))


# ----------------------------------------------------------------- partition

def partition(adjacency: Any, *, method: str = "louvain", k: int | None = None,
              resolution: float | None = None, seed: int = 0,
              engine: str = "auto") -> np.ndarray:
    """Partition a weighted graph into communities; one entry point for every method.

    Parameters
    ----------
    adjacency : scipy sparse matrix or numpy.ndarray
        Symmetric weighted adjacency.
    method : {"louvain", "leiden", "spectral"}
    k : int, optional
        Exact number of communities wanted. Louvain and Leiden reach it by
        raising the resolution until there are at least ``k`` communities and
        then merging the pair whose union raises modularity most, until ``k``
        remain. Spectral clustering needs ``k`` (default 5).
    resolution : float, optional
        Modularity resolution for Louvain/Leiden (default 1; higher = smaller
        communities). Ignored when ``k`` is given.
    seed : int
        Random seed; the same seed gives the same labels.
    engine : {"auto", "networkx", "sknetwork"}
        Louvain implementation: "auto" uses networkx up to :data:`LARGE_GRAPH`
        nodes and scikit-network (when installed) above.

    Returns
    -------
    numpy.ndarray of int
        Community label per node, numbered 0.. by decreasing size.

    Examples
    --------
    >>> import numpy as np
    >>> a = np.kron(np.eye(2), np.ones((3, 3))) - np.eye(6)
    >>> partition(a, method="louvain", seed=0).tolist()
    [0, 0, 0, 1, 1, 1]
    >>> partition(a, method="spectral", k=2, seed=0).tolist()
    [0, 0, 0, 1, 1, 1]
    """
    if method not in METHODS:
        raise ClusterError(f"unknown clustering method {method!r}; expected one of "
                           + ", ".join(METHODS) + ".")
    adjacency = sp.csr_matrix(adjacency, dtype=float)
    n = adjacency.shape[0]
    if k is not None and k < 1:
        raise ClusterError(f"the number of clusters must be at least 1 (got {k}).")
    if resolution is not None and not resolution > 0:
        raise ClusterError(f"the resolution must be a positive number (got {resolution}).")
    if engine not in ENGINES:
        raise ClusterError(f"unknown Louvain engine {engine!r}; expected one of "
                           + ", ".join(ENGINES) + ".")
    if n == 0:
        return np.zeros(0, dtype=int)
    if k is not None and k >= n:
        return np.arange(n)
    if method == "louvain":
        method = _louvain_engine(n, engine)
    if method == "spectral":
        labels = _spectral(adjacency, k or 5, seed)
    elif k is None:
        labels = _modularity_method(adjacency, method, resolution or 1.0, seed)
    else:
        labels = _Sweep(adjacency, method, seed, runs=0).labels_for_k(k, seed)
    return _relabel_by_size(labels)


#: Louvain implementations :func:`partition` accepts.
ENGINES: tuple[str, ...] = ("auto", "networkx", "sknetwork")


def _louvain_engine(n: int, engine: str) -> str:
    """Internal method name of the Louvain implementation to use."""
    if engine == "networkx":
        return "louvain"
    if engine == "sknetwork":
        _sknetwork("scikit-network's Louvain")
        return "louvain-sknetwork"
    return "louvain-sknetwork" if n > LARGE_GRAPH and _has_sknetwork() else "louvain"


def _modularity_method(adjacency: sp.csr_matrix, method: str, resolution: float,
                       seed: int) -> np.ndarray:
    n = adjacency.shape[0]
    if method == "leiden":
        sknetwork = _sknetwork("Leiden")
        algo = sknetwork.Leiden(resolution=resolution, modularity="newman", shuffle_nodes=True,
                                random_state=seed, return_probs=False,
                                return_aggregate=False)
        return np.asarray(algo.fit_predict(adjacency), dtype=int)
    if method == "louvain-sknetwork":
        import sknetwork.clustering as skc

        algo = skc.Louvain(resolution=resolution, modularity="newman", shuffle_nodes=True,
                           random_state=seed, return_probs=False, return_aggregate=False)
        return np.asarray(algo.fit_predict(adjacency), dtype=int)
    import networkx as nx

    graph = nx.from_scipy_sparse_array(adjacency)
    communities = nx.community.louvain_communities(graph, weight="weight",
                                                   resolution=resolution, seed=seed)
    labels = np.empty(n, dtype=int)
    for c, nodes in enumerate(communities):
        labels[list(nodes)] = c
    return labels


def _has_sknetwork() -> bool:
    try:
        import sknetwork.clustering  # noqa: F401
    except ImportError:
        return False
    return True


def _sknetwork(what: str):
    try:
        import sknetwork.clustering as skc
    except ImportError as exc:
        raise ClusterError(f"{what} needs scikit-network: pip install 'speeddate[leiden]'.") from exc
    return skc


def _spectral(adjacency: sp.csr_matrix, k: int, seed: int) -> np.ndarray:
    from sklearn.cluster import SpectralClustering

    n = adjacency.shape[0]
    if k >= n:
        return np.arange(n)
    if adjacency.nnz == 0:
        return np.arange(n) % k
    model = SpectralClustering(n_clusters=k, affinity="precomputed", random_state=seed,
                               assign_labels="kmeans", n_init=10)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "graph is not fully connected": labels still valid
        return np.asarray(model.fit_predict(adjacency), dtype=int)


def _relabel_by_size(labels: np.ndarray) -> np.ndarray:
    """Number communities 0.. by decreasing size (ties: first node first)."""
    labels = np.asarray(labels)
    uniq, first, inverse, counts = np.unique(labels, return_index=True, return_inverse=True,
                                             return_counts=True)
    order = sorted(range(len(uniq)), key=lambda c: (-counts[c], first[c]))
    new = np.empty(len(uniq), dtype=int)
    new[order] = np.arange(len(uniq))
    return new[inverse.ravel()]


def modularity(adjacency: Any, labels: np.ndarray, resolution: float = 1.0) -> float:
    """Newman's weighted modularity of ``labels`` on ``adjacency`` (sparse-friendly).

    Examples
    --------
    >>> import numpy as np
    >>> a = np.kron(np.eye(2), np.ones((3, 3))) - np.eye(6)
    >>> round(modularity(a, np.array([0, 0, 0, 1, 1, 1])), 3)
    0.5
    """
    adjacency = sp.csr_matrix(adjacency, dtype=float)
    total = adjacency.sum()
    if total <= 0:
        return 0.0
    labels = np.asarray(labels)
    _, inv = np.unique(labels, return_inverse=True)
    onehot = sp.csr_matrix((np.ones(len(inv)), (np.arange(len(inv)), inv.ravel())))
    within = (onehot.T @ adjacency @ onehot).diagonal()
    strength = onehot.T @ np.asarray(adjacency.sum(axis=1)).ravel()
    return float(np.sum(within / total - resolution * (strength / total) ** 2))


def merge_to_k(adjacency: Any, labels: np.ndarray, k: int) -> np.ndarray:
    """Merge communities pairwise, best modularity gain first, until ``k`` remain.

    Examples
    --------
    >>> import numpy as np
    >>> a = np.kron(np.eye(2), np.ones((3, 3))) - np.eye(6)
    >>> merge_to_k(a, np.array([0, 1, 1, 2, 3, 3]), 2).tolist()
    [0, 0, 0, 1, 1, 1]
    """
    adjacency = sp.csr_matrix(adjacency, dtype=float)
    uniq, inv = np.unique(np.asarray(labels), return_inverse=True)
    inv = inv.ravel()
    c = len(uniq)
    if c <= k:
        return _relabel_by_size(inv)
    onehot = sp.csr_matrix((np.ones(len(inv)), (np.arange(len(inv)), inv)), shape=(len(inv), c))
    between = np.asarray((onehot.T @ adjacency @ onehot).todense(), dtype=float)
    total = adjacency.sum()
    total = total if total > 0 else 1.0
    strength = between.sum(axis=1) / total
    between = between / total
    alive = list(range(c))
    parent = np.arange(c)
    while len(alive) > k:
        sub = np.ix_(alive, alive)
        gain = 2.0 * (between[sub] - np.outer(strength[alive], strength[alive]))
        np.fill_diagonal(gain, -np.inf)
        flat = int(np.argmax(gain))
        i, j = alive[flat // len(alive)], alive[flat % len(alive)]
        keep, gone = min(i, j), max(i, j)
        between[keep, :] += between[gone, :]
        between[:, keep] += between[:, gone]
        strength[keep] += strength[gone]
        parent[parent == gone] = keep
        alive.remove(gone)
    return _relabel_by_size(parent[inv])


def suggest_k(k_table: Sequence[KChoice], tolerance: float = 0.02,
              stability_tolerance: float = 0.05,
              within: tuple[int, int] | None = None) -> int | None:
    """The k to suggest from a k table: good modularity that also holds over seeds.

    Rows whose modularity is within ``tolerance`` of the best are candidates;
    of these, those whose stability is within ``stability_tolerance`` of the
    most stable candidate remain (stability over a few seeds is noisy), and
    the one of highest modularity among them is suggested (ties: the smaller
    k). Without stability figures the highest modularity wins. ``within``
    limits the rows to a range of k (e.g. the plan's 4–6) when any falls in it.

    Examples
    --------
    >>> rows = [KChoice(3, .30, .9), KChoice(4, .36, .9), KChoice(5, .37, .6), KChoice(6, .34, .7)]
    >>> suggest_k(rows)
    4
    >>> suggest_k(rows, within=(5, 6))
    5
    """
    rows = [r for r in k_table if within is None or within[0] <= r.k <= within[1]] or list(k_table)
    if not rows:
        return None
    best = max(r.modularity for r in rows)
    near = [r for r in rows if r.modularity >= best - tolerance]
    stabilities = [r.stability for r in near if r.stability is not None]
    if stabilities:
        floor = max(stabilities) - stability_tolerance
        near = [r for r in near if r.stability is not None and r.stability >= floor]
    return min(near, key=lambda r: (-r.modularity, r.k)).k


# ----------------------------------------------------------------- stability

def coassignment_confidence(reference: np.ndarray, runs: Sequence[np.ndarray]) -> np.ndarray:
    """Per node, how often it lands with the rest of its reference community.

    For node ``i`` in reference community ``C``, the confidence is the mean over
    ``runs`` of the share of ``C``'s other members sharing ``i``'s label in
    that run. Singletons get 1.

    Examples
    --------
    >>> import numpy as np
    >>> ref = np.array([0, 0, 0, 1, 1])
    >>> coassignment_confidence(ref, [np.array([0, 0, 1, 1, 1])]).tolist()
    [0.5, 0.5, 0.0, 1.0, 1.0]
    """
    reference = np.asarray(reference)
    n = len(reference)
    if not runs:
        return np.ones(n)
    total = np.zeros(n)
    _, ref_inv, ref_size = np.unique(reference, return_inverse=True, return_counts=True)
    ref_inv = ref_inv.ravel()
    for run in runs:
        # pairs (reference community, run label): how many members share both
        _, run_inv = np.unique(np.asarray(run), return_inverse=True)
        key = ref_inv.astype(np.int64) * (int(run_inv.max()) + 1) + run_inv.ravel()
        _, key_inv, key_count = np.unique(key, return_inverse=True, return_counts=True)
        total += key_count[key_inv.ravel()] - 1
    others = ref_size[ref_inv] - 1
    with np.errstate(invalid="ignore", divide="ignore"):
        conf = np.where(others > 0, total / (len(runs) * np.maximum(others, 1)), 1.0)
    return conf


def _ari(a: np.ndarray, b: np.ndarray) -> float:
    from sklearn.metrics import adjusted_rand_score

    if len(a) < 2:
        return 1.0
    return float(adjusted_rand_score(a, b))


# ------------------------------------------------------------------- results

def find_clusters(profiles: Sequence[Profile], scores: Any = None, k: int | None = None,
                  resolution: float | None = None, method: str = "louvain", seed: int = 0,
                  *, lang: str = "nn", weights: Any = None, neighbours: int = 10,
                  threshold: float | None = None, min_size: int = 3, min_fit: float = 0.25,
                  runs: int = 20, min_confidence: float = 0.5,
                  k_range: tuple[int, int] = (2, 8), scan_k: bool | None = None,
                  cards: bool = True, engine: str = "auto",
                  consensus: bool = True) -> ClusterResult:
    """Candidate clusters of ``profiles``, with cards, stability and a k table.

    Parameters
    ----------
    profiles : sequence of Profile
    scores : array-like, optional
        Pair scores aligned to ``profiles``: a dense N×N matrix, a sparse one or a
        ``(idx, scores)`` top-k pair as :func:`matcher.score.top_k` returns.
        Default: computed with :mod:`matcher.score` (dense up to
        :data:`DENSE_LIMIT` companies, top-k beyond).
    k : int, optional
        Number of clusters wanted (the network's plan: 4–6). Default: the
        method chooses (Louvain/Leiden by modularity at ``resolution``,
        spectral the k of highest modularity in ``k_range``).
    resolution : float, optional
        Louvain/Leiden resolution when ``k`` is not given (default 1).
    method : {"louvain", "leiden", "spectral"}
    seed : int
        Seed of the reported partition; the stability runs use the following seeds.
    lang : {"nn", "nb", "en"}
        Language of names' conjunctions and of the pair reasons.
    weights : matcher.score.Weights, optional
        Passed to the scoring when ``scores`` is None, and to the pair reasons.
    neighbours, threshold
        Graph building, see :func:`build_graph`.
    min_size : int
        Smaller groups are not reported as clusters; their members are unclustered.
    min_fit : float
        A company with less than this share of its ties inside its cluster fits
        no cluster well and is listed as unclustered.
    runs : int
        Number of extra seeds for the stability (0 = skip).
    min_confidence : float
        Members whose confidence is below this are flagged as uncertain.
    k_range : (int, int)
        Smallest and largest k of the k table.
    scan_k : bool, optional
        Whether to compute the k table (default: when there are at most 2,000
        companies, or when spectral clustering must choose k).
    cards : bool
        Whether to build the cards (names, pairs with reasons, ...).
    engine : {"auto", "networkx", "sknetwork"}
        Louvain implementation, see :func:`partition`.
    consensus : bool
        Report the most typical partition of the ``runs + 1`` seeds (the one
        most alike, by adjusted Rand index, to all the others) rather than the
        first seed's; it is the same for the same ``seed`` and less at the mercy
        of one unlucky run. False: the partition of ``seed`` itself.

    Returns
    -------
    ClusterResult
    """
    profiles = tuple(profiles)
    n = len(profiles)
    if method not in METHODS:
        raise ClusterError(f"unknown clustering method {method!r}; expected one of "
                           + ", ".join(METHODS) + ".")
    if k is not None and resolution is not None:
        raise ClusterError("give either a number of clusters (k) or a resolution, not both.")
    if k is not None and k < 1:
        raise ClusterError(f"the number of clusters must be at least 1 (got {k}).")
    if k is not None and k > n:
        raise ClusterError(f"asked for {k} clusters, but there are only {n} companies; "
                           "expected a number of clusters no larger than that.")
    if not 0 <= min_fit < 1:
        raise ClusterError(f"min_fit must be between 0 and 1 (got {min_fit}).")
    lo_k, hi_k = k_range
    if not 1 <= lo_k <= hi_k:
        raise ClusterError(f"k_range must be two numbers 1 <= low <= high (got {k_range}).")
    ids = tuple(p.id for p in profiles)
    if len(set(ids)) != n:
        raise ClusterError("profile ids must be unique to find clusters.")
    if scores is None:
        scores = _default_scores(profiles, weights, neighbours)
    elif not isinstance(scores, tuple) and getattr(scores, "shape", (n, n)) != (n, n):
        raise ClusterError(f"the score matrix has shape {scores.shape}, but there are {n} "
                           f"profiles; expected ({n}, {n}).")
    adjacency = build_graph(scores, n, neighbours=neighbours, threshold=threshold)

    strength = np.asarray(adjacency.sum(axis=1)).ravel()
    active = np.flatnonzero(strength > 0)
    sub = adjacency[active][:, active]
    if scan_k is None:
        scan_k = n <= 2000 or (method == "spectral" and k is None)

    k_table: list[KChoice] = []
    if engine not in ENGINES:
        raise ClusterError(f"unknown Louvain engine {engine!r}; expected one of "
                           + ", ".join(ENGINES) + ".")
    internal = _louvain_engine(len(active), engine) if method == "louvain" else method
    # the k table's stability uses 3 more seeds per k (none on large graphs, where the
    # table is only computed when spectral clustering must choose k)
    sweep = _Sweep(sub, internal, seed, runs=min(runs, 3) if n <= 2000 else 0)
    if scan_k and len(active) > 1:
        for kk in range(lo_k, min(hi_k, len(active)) + 1):
            labels_k = sweep.labels_for_k(kk, seed)
            others = [sweep.labels_for_k(kk, seed + r) for r in range(1, sweep.runs + 1)]
            k_table.append(KChoice(kk, modularity(sub, labels_k),
                                   float(np.mean([_ari(labels_k, o) for o in others]))
                                   if others else None))
    chosen_k = k
    if method == "spectral" and k is None:
        if k_table:
            chosen_k = max(k_table, key=lambda row: (row.modularity, -row.k)).k
        else:
            chosen_k = min(max(lo_k, 5), hi_k)
    if len(active) == 0:
        labels_sub = np.zeros(0, dtype=int)
        run_labels: list[np.ndarray] = []
    elif chosen_k is None:
        labels_sub = partition(sub, method=method, resolution=resolution, seed=seed,
                               engine=engine)
        run_labels = [partition(sub, method=method, resolution=resolution, seed=seed + r,
                                engine=engine)
                      for r in range(1, runs + 1)]
    else:
        labels_sub = sweep.labels_for_k(chosen_k, seed)
        run_labels = [sweep.labels_for_k(chosen_k, seed + r) for r in range(1, runs + 1)]
    agreement = None
    if consensus and len(run_labels) >= 2:
        labels_sub, run_labels, agreement = _most_typical(labels_sub, run_labels)
    k_table = [KChoice(row.k, row.modularity, row.stability,
                       chosen=(row.k == len(np.unique(labels_sub)))) for row in k_table]

    confidence_sub = coassignment_confidence(labels_sub, run_labels)
    if agreement is not None:
        stability = agreement
    else:
        stability = float(np.mean([_ari(labels_sub, r) for r in run_labels])) if run_labels \
            else 1.0
    full_labels = np.full(n, -1, dtype=int)
    full_labels[active] = labels_sub
    confidence = np.zeros(n)
    confidence[active] = confidence_sub
    q = modularity(sub, labels_sub) if len(active) else 0.0

    final = _drop_poor_fits(adjacency, full_labels, strength, min_fit=min_fit,
                            min_size=min_size)
    ties = _ties_to_clusters(adjacency, final)
    clusters, bridges = _assemble(profiles, adjacency, final, ties, strength, confidence,
                                  min_confidence)
    settings = {"method": method, "engine": internal if method == "louvain" else None,
                "seed": seed, "k": k, "resolution": resolution,
                "neighbours": neighbours, "threshold": threshold, "min_size": min_size,
                "min_fit": min_fit, "runs": runs, "min_confidence": min_confidence,
                "companies": n, "edges": int(adjacency.nnz // 2)}
    result = ClusterResult(
        clusters=tuple(clusters),
        unclustered=tuple(ids[i] for i in np.flatnonzero(final < 0)),
        method=method, seed=seed, resolution=resolution, k=k, modularity=q,
        stability=stability, k_table=tuple(k_table), bridges=tuple(bridges), ids=ids,
        adjacency=adjacency, labels=final, profiles=profiles, lang=lang, settings=settings,
    )
    if cards and result.clusters:
        from matcher.cluster_cards import attach_cards

        result = attach_cards(result, lang=lang, weights=weights)
    return result


def _most_typical(first: np.ndarray, others: list[np.ndarray]
                  ) -> tuple[np.ndarray, list[np.ndarray], float]:
    """The partition most alike to all the others (medoid by adjusted Rand index).

    Returns it, the remaining partitions and its mean agreement with them.
    Ties go to the earliest, so ``first`` wins when all agree.
    """
    every = [first] + list(others)
    m = len(every)
    agree = np.ones((m, m))
    for i in range(m):
        for j in range(i + 1, m):
            agree[i, j] = agree[j, i] = _ari(every[i], every[j])
    mean = (agree.sum(axis=1) - 1.0) / (m - 1)
    best = int(np.argmax(mean))
    return every[best], every[:best] + every[best + 1:], float(mean[best])


class _Sweep:
    """Partitions with exactly k communities for many k and seeds, sharing the work.

    Louvain/Leiden: one table of resolution -> number of communities (reference
    seed) serves every k; for each k the smallest resolution giving at least k
    communities is found by doubling and geometric bisection on that table, and
    the partition is merged down to exactly k (:func:`merge_to_k`).
    """

    def __init__(self, adjacency: sp.csr_matrix, method: str, seed: int, runs: int):
        self.adjacency = adjacency
        self.method = method
        self.seed = seed
        self.runs = runs
        self._counts: dict[float, int] = {}
        self._reference: dict[float, np.ndarray] = {}
        self._resolution: dict[int, float] = {}
        self._cache: dict[tuple[int, int], np.ndarray] = {}

    def _count(self, resolution: float) -> int:
        if resolution not in self._counts:
            labels = _modularity_method(self.adjacency, self.method, resolution, self.seed)
            self._reference[resolution] = labels
            self._counts[resolution] = len(np.unique(labels))
        return self._counts[resolution]

    def resolution_for(self, k: int) -> float:
        if k in self._resolution:
            return self._resolution[k]
        self._count(1.0)
        for _ in range(40):  # widen until some resolution gives >= k and some < k
            enough = [r for r, c in self._counts.items() if c >= k]
            if not enough:
                self._count(max(self._counts) * 2.0)
                if max(self._counts) > 1e6:
                    break
                continue
            hi = min(enough)
            below = [r for r, c in self._counts.items() if c < k and r < hi]
            if not below and hi > 1e-6:
                self._count(hi / 2.0)
                continue
            break
        enough = [r for r, c in self._counts.items() if c >= k]
        hi = min(enough) if enough else max(self._counts)
        below = [r for r, c in self._counts.items() if c < k and r < hi]
        lo = max(below) if below else hi
        for _ in range(6):
            if hi / lo < 1.25:
                break
            mid = math.sqrt(lo * hi)
            if self._count(mid) >= k:
                hi = mid
            else:
                lo = mid
        self._resolution[k] = hi
        return hi

    def labels_for_k(self, k: int, seed: int) -> np.ndarray:
        key = (k, seed)
        if key not in self._cache:
            n = self.adjacency.shape[0]
            if self.method == "spectral":
                labels = partition(self.adjacency, method="spectral", k=k, seed=seed)
            elif k >= n:
                labels = np.arange(n)
            else:
                resolution = self.resolution_for(k)
                for _ in range(12):
                    if seed == self.seed and resolution in self._reference:
                        labels = self._reference[resolution]
                    else:
                        labels = _modularity_method(self.adjacency, self.method, resolution,
                                                    seed)
                    if len(np.unique(labels)) >= k:
                        break
                    resolution *= 1.5  # this seed found fewer communities: look finer
                labels = _relabel_by_size(merge_to_k(self.adjacency, labels, k))
            self._cache[key] = labels
        return self._cache[key]


def _default_scores(profiles: tuple[Profile, ...], weights: Any, neighbours: int) -> Any:
    try:
        from matcher import score as scoring
    except ImportError as exc:  # pragma: no cover - scoring is part of the package
        raise ClusterError("pair scores are needed: matcher.score is not available.") from exc
    if len(profiles) <= DENSE_LIMIT:
        return scoring.score_matrix(profiles, weights=weights)
    return scoring.top_k(profiles, k=neighbours, weights=weights)


def _ties_to_clusters(adjacency: sp.csr_matrix, labels: np.ndarray) -> sp.csr_matrix:
    """Sparse N×C matrix: total edge weight of each company to each cluster's members."""
    c = int(labels.max()) + 1 if len(labels) and labels.max() >= 0 else 0
    inside = np.flatnonzero(labels >= 0)
    onehot = sp.csr_matrix((np.ones(len(inside)), (inside, labels[inside])),
                           shape=(adjacency.shape[0], c))
    return (adjacency @ onehot).tocsr()


def _own_ties(ties: sp.csr_matrix, labels: np.ndarray) -> np.ndarray:
    """Each company's total tie to its own cluster (0 for the unclustered)."""
    own = np.zeros(len(labels))
    inside = np.flatnonzero(labels >= 0)
    if len(inside):
        own[inside] = np.asarray(ties[inside, labels[inside]]).ravel()
    return own


def _drop_poor_fits(adjacency: sp.csr_matrix, labels: np.ndarray, strength: np.ndarray, *,
                    min_fit: float, min_size: int) -> np.ndarray:
    """Unclustered (-1): weak fits and members of groups smaller than ``min_size``."""
    labels = labels.copy()
    if not len(labels) or labels.max() < 0:
        return labels
    own = _own_ties(_ties_to_clusters(adjacency, labels), labels)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(strength > 0, own / np.where(strength > 0, strength, 1), 0.0)
    labels[(labels >= 0) & (share < min_fit)] = -1
    for _ in range(3):  # removing members can shrink a group below min_size
        counts = np.bincount(labels[labels >= 0], minlength=int(labels.max()) + 1) \
            if (labels >= 0).any() else np.zeros(0, dtype=int)
        small = np.flatnonzero((counts > 0) & (counts < min_size))
        if not len(small):
            break
        labels[np.isin(labels, small)] = -1
    if (labels >= 0).any():
        kept = labels >= 0
        labels[kept] = _relabel_by_size(labels[kept])
    return labels


def _assemble(profiles, adjacency, labels, ties, strength, confidence, min_confidence):
    ids = [p.id for p in profiles]
    clusters = []
    n_clusters = ties.shape[1]
    own = _own_ties(ties, labels)
    inside = np.flatnonzero(labels >= 0)
    by_cluster = np.split(inside[np.argsort(labels[inside], kind="stable")],
                          np.cumsum(np.bincount(labels[inside], minlength=n_clusters))[:-1]) \
        if n_clusters else []
    for c, members in enumerate(by_cluster):
        if not len(members):
            continue
        internal = own[members]
        order = members[np.lexsort((members, -internal))]
        member_ids = tuple(ids[i] for i in order)
        conf = {ids[i]: round(float(confidence[i]), 3) for i in order}
        total_strength = float(strength[members].sum())
        cohesion = float(internal.sum() / total_strength) if total_strength > 0 else 0.0
        clusters.append(Cluster(
            number=c + 1, name=f"Cluster {c + 1}", members=member_ids, confidence=conf,
            uncertain=tuple(m for m in member_ids if conf[m] < min_confidence),
            stability=round(float(np.mean(list(conf.values()))), 3),
            cohesion=round(cohesion, 3),
        ))
    return clusters, _bridges(ids, labels, ties, strength, n_clusters)


def _bridges(ids, labels, ties: sp.csr_matrix, strength: np.ndarray, n_clusters: int) -> list:
    """Companies tied strongly to two or more clusters (see :data:`BRIDGE_SHARE`)."""
    if n_clusters < 2:
        return []
    coo = ties.tocoo()
    rows, cols, vals = coo.row, coo.col, coo.data
    keep = vals > 0
    rows, cols, vals = rows[keep], cols[keep], vals[keep]
    share = vals / np.maximum(strength[rows], 1e-12)
    # mean tie to a cluster's members (self excluded): one strong edge to a big
    # cluster is not a strong tie to the cluster
    sizes = np.bincount(labels[labels >= 0], minlength=n_clusters).astype(float)
    others = sizes[cols] - (labels[rows] == cols)
    mean_tie = vals / np.maximum(others, 1)
    best = np.zeros(len(labels))
    np.maximum.at(best, rows, mean_tie)
    strong = (share >= BRIDGE_SHARE) & (mean_tie >= BRIDGE_RATIO * best[rows])
    n_strong = np.bincount(rows[strong], minlength=len(labels))
    positive = strength[strength > 0]
    floor = float(np.median(positive)) if len(positive) else 0.0
    is_bridge = (n_strong >= 2) & (strength >= floor)
    sel = strong & is_bridge[rows]
    rows, cols, share = rows[sel], cols[sel], share[sel]
    order = np.lexsort((cols, -share, rows))  # by company, then strongest share first
    rows, cols, share = rows[order], cols[order], share[order]
    bounds = np.flatnonzero(np.diff(rows)) + 1
    bridges = []
    for r, c, v in zip(np.split(rows, bounds), np.split(cols, bounds), np.split(share, bounds)):
        if not len(r):
            continue
        i = int(r[0])
        bridges.append({"id": ids[i], "clusters": [int(x) + 1 for x in c],
                        "shares": [round(float(x), 3) for x in v],
                        "strength": round(float(strength[i]), 3)})
    bridges.sort(key=lambda b: (-len(b["clusters"]), -b["strength"], b["id"]))
    return bridges


#: A company is a bridge when at least this share of its ties goes to each of two or more clusters
BRIDGE_SHARE: float = 0.2
#: ... and its mean tie to each of them is at least this fraction of its mean tie to the closest.
BRIDGE_RATIO: float = 0.5
