"""Tests of matcher.clusters: graph, partition methods, stability, choice of k, invariants."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import adjusted_rand_score

from matcher.clusters import (
    ClusterError,
    build_graph,
    coassignment_confidence,
    find_clusters,
    merge_to_k,
    modularity,
    partition,
)
from profiles.model import Profile


def planted(sizes=(6, 6, 6), inside=0.7, outside=0.08, noise=0.05, seed=0):
    """Profiles and a symmetric score matrix with planted groups."""
    rng = np.random.default_rng(seed)
    labels = np.repeat(np.arange(len(sizes)), sizes)
    n = len(labels)
    s = np.where(labels[:, None] == labels[None, :], inside, outside)
    s = s + rng.uniform(-noise, noise, size=(n, n))
    s = np.clip((s + s.T) / 2, 0, 1)
    np.fill_diagonal(s, 0)
    profiles = [Profile(id=f"p{i:02d}", name=f"Firma {i}") for i in range(n)]
    return profiles, s, labels


def labels_of(result):
    return [result.cluster_of(p.id).number if result.cluster_of(p.id) else 0
            for p in result.profiles]


# ------------------------------------------------------------------- graph

def test_build_graph_keeps_top_neighbours_and_is_symmetric():
    _, s, _ = planted()
    g = build_graph(s, neighbours=3)
    assert (g != g.T).nnz == 0
    assert g.diagonal().sum() == 0
    assert (np.diff(g.indptr) >= 3).all()  # everyone keeps at least its 3 best


def test_build_graph_dense_and_top_k_forms_agree():
    _, s, _ = planted()
    order = np.argsort(-s, axis=1)[:, :4]
    vals = np.take_along_axis(s, order, axis=1)
    dense = build_graph(s, neighbours=4, threshold=10.0)
    topk = build_graph((order, vals), neighbours=4)
    assert abs(dense - topk).max() < 1e-12


def test_build_graph_threshold_adds_pairs():
    s = np.array([[0, .9, .8, .1], [.9, 0, .7, .1], [.8, .7, 0, .1], [.1, .1, .1, 0]])
    g = build_graph(s, neighbours=1, threshold=0.75).toarray()
    assert g[0, 1] == 0.9 and g[0, 2] == 0.8  # best ties, and above the threshold
    assert g[1, 2] == 0.0  # 0.7: nobody's best, below the threshold
    assert g[3].sum() == pytest.approx(0.1)  # company 3 keeps its single best tie
    with_low = build_graph(s, neighbours=1, threshold=0.65).toarray()
    assert with_low[1, 2] == 0.7


@pytest.mark.parametrize("bad", [np.zeros((3, 4)), np.array([[0, np.nan], [np.nan, 0]])])
def test_build_graph_rejects_bad_matrices(bad):
    with pytest.raises(ClusterError):
        build_graph(bad)


# --------------------------------------------------------------- partition

@pytest.mark.parametrize("method,k", [("louvain", None), ("leiden", None), ("spectral", 3),
                                      ("louvain", 3), ("leiden", 3)])
def test_methods_recover_planted_groups(method, k):
    _, s, truth = planted()
    labels = partition(build_graph(s), method=method, k=k, seed=1)
    assert adjusted_rand_score(truth, labels) == pytest.approx(1.0)


@pytest.mark.parametrize("method", ["louvain", "leiden", "spectral"])
@pytest.mark.parametrize("k", [2, 4, 5])
def test_fixed_k_gives_exactly_k(method, k):
    _, s, _ = planted(sizes=(5, 5, 5, 5))
    labels = partition(build_graph(s), method=method, k=k, seed=0)
    assert len(np.unique(labels)) == k


def test_partition_rejects_unknown_method_and_bad_values():
    a = np.ones((3, 3)) - np.eye(3)
    with pytest.raises(ClusterError, match="expected one of"):
        partition(a, method="greedy")
    with pytest.raises(ClusterError):
        partition(a, k=0)
    with pytest.raises(ClusterError):
        partition(a, resolution=-1.0)


def test_modularity_matches_networkx():
    _, s, truth = planted(noise=0.2, seed=3)
    g = build_graph(s, neighbours=5)
    ours = modularity(g, truth)
    graph = nx.from_scipy_sparse_array(g)
    theirs = nx.community.modularity(graph, [set(np.flatnonzero(truth == c)) for c in range(3)],
                                     weight="weight")
    assert ours == pytest.approx(theirs)


def test_merge_to_k_joins_the_pieces_of_a_planted_group():
    _, s, truth = planted()
    split = truth * 2 + (np.arange(len(truth)) % 2)  # each group cut in two
    merged = merge_to_k(build_graph(s), split, 3)
    assert adjusted_rand_score(truth, merged) == pytest.approx(1.0)


def test_coassignment_confidence():
    ref = np.array([0, 0, 0, 0, 1, 1])
    same = coassignment_confidence(ref, [ref.copy(), ref.copy()])
    assert same.tolist() == [1.0] * 6
    runs = [np.array([0, 0, 0, 1, 1, 1]), np.array([0, 0, 0, 0, 1, 1])]
    conf = coassignment_confidence(ref, runs)
    assert conf[3] == pytest.approx(0.5)  # with the others in one run of two
    assert conf[0] == pytest.approx((2 / 3 + 1) / 2)


# ----------------------------------------------------------- find_clusters

def test_find_clusters_finds_planted_groups_with_full_stability():
    profiles, s, truth = planted()
    result = find_clusters(profiles, s, seed=0, runs=5, cards=False)
    assert adjusted_rand_score(truth, labels_of(result)) == pytest.approx(1.0)
    assert result.unclustered == ()
    assert all(c.stability == 1.0 and not c.uncertain for c in result.clusters)
    assert result.stability == pytest.approx(1.0)


def test_same_seed_same_result_and_seed_is_used():
    profiles, s, _ = planted(sizes=(7, 7, 7, 7), noise=0.3, inside=0.5, outside=0.2, seed=5)
    one = find_clusters(profiles, s, seed=4, runs=3, cards=False)
    two = find_clusters(profiles, s, seed=4, runs=3, cards=False)
    assert [c.members for c in one.clusters] == [c.members for c in two.clusters]
    assert one.unclustered == two.unclustered
    assert one.settings["seed"] == 4


def test_requested_k_is_met_and_table_marks_it():
    profiles, s, _ = planted(sizes=(5, 5, 5, 5, 5))
    result = find_clusters(profiles, s, k=5, runs=3, cards=False, k_range=(2, 7))
    assert len(result.clusters) == 5
    chosen = [row.k for row in result.k_table if row.chosen]
    assert chosen == [5]
    assert [row.k for row in result.k_table] == list(range(2, 8))
    best = max(result.k_table, key=lambda r: r.modularity)
    assert best.k == 5  # modularity peaks at the planted number


def test_spectral_without_k_chooses_by_modularity():
    profiles, s, truth = planted(sizes=(6, 6, 6, 6))
    result = find_clusters(profiles, s, method="spectral", runs=3, cards=False)
    assert len(result.clusters) == 4
    assert adjusted_rand_score(truth, labels_of(result)) == pytest.approx(1.0)


def test_isolated_and_poorly_fitting_companies_are_not_forced_in():
    profiles, s, _ = planted()
    n = len(profiles)
    s = np.pad(s, ((0, 2), (0, 2)))
    s[n, :6] = s[:6, n] = 0.0  # company n: no ties at all
    # company n+1: equal, weak ties to every group
    s[n + 1, :n] = s[:n, n + 1] = 0.3
    profiles = profiles + [Profile(id="alone", name="Aleine AS"),
                           Profile(id="spread", name="Overalt AS")]
    result = find_clusters(profiles, s, runs=3, cards=False, neighbours=6)
    assert "alone" in result.unclustered
    assert "spread" in result.unclustered or any(b["id"] == "spread" for b in result.bridges)


def test_small_groups_become_unclustered():
    profiles, s, _ = planted(sizes=(6, 6, 2))
    result = find_clusters(profiles, s, runs=2, cards=False, min_size=3)
    assert len(result.clusters) == 2
    assert len(result.unclustered) == 2


def test_bridge_company_tied_to_two_clusters():
    profiles, s, _ = planted(sizes=(6, 6))
    n = len(profiles)
    s = np.pad(s, ((0, 1), (0, 1)))
    s[n, :n] = s[:n, n] = 0.75  # strongly tied to both groups
    profiles = profiles + [Profile(id="bridge", name="Bru AS")]
    result = find_clusters(profiles, s, runs=3, cards=False, neighbours=13)
    assert [b["id"] for b in result.bridges] == ["bridge"]
    assert sorted(result.bridges[0]["clusters"]) == [1, 2]


def test_find_clusters_errors_are_for_the_organiser():
    profiles, s, _ = planted()
    with pytest.raises(ClusterError, match="not both"):
        find_clusters(profiles, s, k=3, resolution=1.0)
    with pytest.raises(ClusterError, match="shape"):
        find_clusters(profiles[:-1], s)
    with pytest.raises(ClusterError, match="method"):
        find_clusters(profiles, s, method="greedy")
    dup = [Profile(id="x", name="A"), Profile(id="x", name="B")]
    with pytest.raises(ClusterError, match="unique"):
        find_clusters(dup, np.zeros((2, 2)))


def test_empty_and_tiny_inputs():
    assert find_clusters([], np.zeros((0, 0)), cards=False).clusters == ()
    one = find_clusters([Profile(id="a", name="A")], np.zeros((1, 1)), cards=False)
    assert one.unclustered == ("a",)


def test_sparse_and_top_k_inputs_give_the_same_clusters():
    profiles, s, _ = planted(seed=2)
    dense = find_clusters(profiles, s, runs=2, cards=False, neighbours=5, threshold=2.0)
    order = np.argsort(-s, axis=1)[:, :5]
    topk = find_clusters(profiles, (order, np.take_along_axis(s, order, 1)), runs=2,
                         cards=False, neighbours=5)
    sparse = find_clusters(profiles, sp.csr_matrix(s), runs=2, cards=False, neighbours=5,
                           threshold=2.0)
    assert [c.members for c in dense.clusters] == [c.members for c in topk.clusters] \
        == [c.members for c in sparse.clusters]


@settings(max_examples=25, deadline=None)
@given(n=st.integers(0, 14), seed=st.integers(0, 10_000),
       method=st.sampled_from(["louvain", "leiden", "spectral"]),
       k=st.one_of(st.none(), st.integers(1, 5)), zero_share=st.floats(0, 1))
def test_every_company_exactly_once(n, seed, method, k, zero_share):
    rng = np.random.default_rng(seed)
    s = rng.uniform(0, 1, (n, n))
    s[rng.uniform(0, 1, (n, n)) < zero_share] = 0
    s = np.triu(s, 1)
    s = s + s.T
    profiles = [Profile(id=f"c{i}", name=f"C{i}") for i in range(n)]
    if k is not None and k > n:
        with pytest.raises(ClusterError, match="only"):
            find_clusters(profiles, s, k=k, method=method, cards=False)
        return
    result = find_clusters(profiles, s, k=k, method=method, seed=seed, runs=2, cards=False,
                           k_range=(2, 4), min_size=2)
    placed = [m for c in result.clusters for m in c.members] + list(result.unclustered)
    assert sorted(placed) == sorted(p.id for p in profiles)
    assert all(len(c.members) >= 2 for c in result.clusters)
    for c in result.clusters:
        assert set(c.confidence) == set(c.members)
        assert all(0.0 <= v <= 1.0 for v in c.confidence.values())
        assert 0.0 <= c.cohesion <= 1.0


@pytest.mark.parametrize("engine", ["networkx", "sknetwork"])
def test_louvain_engines_recover_planted_groups_deterministically(engine):
    profiles, s, truth = planted(sizes=(8, 8, 8), noise=0.1, seed=4)
    one = find_clusters(profiles, s, runs=3, cards=False, engine=engine, k=3)
    two = find_clusters(profiles, s, runs=3, cards=False, engine=engine, k=3)
    assert adjusted_rand_score(truth, labels_of(one)) == pytest.approx(1.0)
    assert [c.members for c in one.clusters] == [c.members for c in two.clusters]
    expected = "louvain" if engine == "networkx" else "louvain-sknetwork"
    assert one.settings["engine"] == expected
    with pytest.raises(ClusterError, match="engine"):
        find_clusters(profiles, s, engine="igraph")


def test_spectral_on_a_large_graph_chooses_k_without_stability_runs_in_the_table():
    rng = np.random.default_rng(0)
    n = 2100
    truth = rng.integers(4, size=n)
    idx = np.empty((n, 6), dtype=int)
    for i in range(n):
        same = np.flatnonzero(truth == truth[i])
        idx[i] = rng.choice(same[same != i], 6, replace=False)
    vals = np.tile(np.linspace(0.9, 0.5, 6), (n, 1))
    profiles = [Profile(id=f"c{i}", name=f"C{i}") for i in range(n)]
    result = find_clusters(profiles, (idx, vals), method="spectral", runs=1, cards=False,
                           k_range=(3, 5))
    assert [row.stability for row in result.k_table] == [None, None, None]
    assert len(result.clusters) == 4
    assert adjusted_rand_score(truth, result.labels) == pytest.approx(1.0)


def test_most_typical_partition_is_reported():
    from matcher.clusters import _most_typical

    typical = np.array([0, 0, 0, 1, 1, 1])
    odd = np.array([0, 1, 0, 1, 0, 1])
    chosen, rest, agreement = _most_typical(odd, [typical, typical.copy(), typical.copy()])
    assert chosen.tolist() == typical.tolist()
    assert len(rest) == 3 and any(r.tolist() == odd.tolist() for r in rest)
    assert 0 < agreement < 1
    profiles, s, _ = planted(sizes=(7, 7, 7, 7), noise=0.3, inside=0.5, outside=0.2, seed=5)
    with_c = find_clusters(profiles, s, seed=2, runs=6, cards=False)
    without = find_clusters(profiles, s, seed=2, runs=6, cards=False, consensus=False)
    assert with_c.stability >= without.stability - 1e-9


def test_suggest_k_prefers_stable_near_best_modularity():
    from matcher.clusters import KChoice, suggest_k

    rows = [KChoice(2, 0.20, 1.0), KChoice(4, 0.40, 0.95), KChoice(5, 0.41, 0.5),
            KChoice(6, 0.30, 1.0)]
    assert suggest_k(rows) == 4
    assert suggest_k(rows, tolerance=0.0) == 5
    assert suggest_k(rows, within=(6, 8)) == 6
    assert suggest_k([]) is None
    profiles, s, _ = planted(sizes=(6, 6, 6, 6))
    result = find_clusters(profiles, s, runs=3, cards=False, k_range=(2, 6))
    assert suggest_k(result.k_table) == 4


def test_without_scikit_network_louvain_falls_back_and_leiden_says_how_to_install(monkeypatch):
    import sys

    import matcher.clusters as mc

    monkeypatch.setitem(sys.modules, "sknetwork", None)
    monkeypatch.setitem(sys.modules, "sknetwork.clustering", None)
    monkeypatch.setattr(mc, "LARGE_GRAPH", 5)
    profiles, s, truth = planted()
    result = find_clusters(profiles, s, runs=2, cards=False)
    assert result.settings["engine"] == "louvain"  # networkx, although the graph is "large"
    assert adjusted_rand_score(truth, labels_of(result)) == pytest.approx(1.0)
    with pytest.raises(ClusterError, match=r"speeddate\[leiden\]"):
        find_clusters(profiles, s, method="leiden", runs=1, cards=False)


def test_doctests():
    import doctest

    import matcher.clusters

    assert doctest.testmod(matcher.clusters).failed == 0
