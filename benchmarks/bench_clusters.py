"""Benchmark of candidate clusters: quality (NMI) against planted clusters, time and memory.

Quality: on networkx's LFR benchmark graphs (mixing parameter mu 0.1 to 0.5)
and on planted-partition profile sets from
:func:`profiles.synthetic.generate_clustered_profiles` (scored with
:func:`matcher.score.score_matrix`), the normalised mutual information between
the planted clusters and those of each method (Louvain, Leiden, spectral with
the planted k) is printed next to networkx's greedy modularity, the baseline
measured in the same run (ratio = method / baseline).

Scale: time and peak memory of :func:`matcher.clusters.find_clusters` (graph,
partition, 20-seed stability, cards) for 1,000, 10,000 and 100,000 companies,
each in a fresh process. The pair scores are a top-10 neighbour list per company
in the form :func:`matcher.score.top_k` returns; for 1,000 and 10,000 companies
they come from ``top_k`` itself (its time is printed apart), for 100,000 from a
planted-partition neighbour generator (scoring 100,000 companies is a separate
benchmark of the scoring module). Ratios are against the 1,000-company run.

Usage::

    nice .venv/bin/python benchmarks/bench_clusters.py            # everything
    nice .venv/bin/python benchmarks/bench_clusters.py --quality  # NMI tables only
    nice .venv/bin/python benchmarks/bench_clusters.py --scale --sizes 1000 10000
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sklearn.metrics import normalized_mutual_info_score as nmi  # noqa: E402

from matcher.clusters import build_graph, find_clusters, partition  # noqa: E402


# ------------------------------------------------------------------ quality

def lfr_graph(n: int, mu: float, seed: int):
    """An LFR graph and its planted labels (retrying seeds LFR cannot satisfy)."""
    import networkx as nx

    for attempt in range(20):
        try:
            g = nx.LFR_benchmark_graph(n, tau1=2.5, tau2=1.5, mu=mu, average_degree=12,
                                       max_degree=60, min_community=30, max_community=150,
                                       seed=seed + attempt, max_iters=1000)
        except nx.ExceededMaxIterations:
            continue
        labels = np.empty(n, dtype=int)
        seen = {}
        for node in g:
            key = frozenset(g.nodes[node]["community"])
            labels[node] = seen.setdefault(key, len(seen))
        g.remove_edges_from(nx.selfloop_edges(g))
        return g, labels
    raise RuntimeError(f"LFR generation failed for n={n}, mu={mu}")


def greedy_labels(graph, weight="weight") -> np.ndarray:
    import networkx as nx

    labels = np.empty(graph.number_of_nodes(), dtype=int)
    for c, nodes in enumerate(nx.community.greedy_modularity_communities(graph, weight=weight)):
        labels[list(nodes)] = c
    return labels


def quality_row(name: str, adjacency, truth: np.ndarray, graph, seed: int = 0) -> dict:
    k = len(np.unique(truth))
    row = {"set": name, "k": k}
    t = time.perf_counter()
    row["greedy"] = nmi(truth, greedy_labels(graph))
    row["greedy_s"] = time.perf_counter() - t
    for method, kk in (("louvain", None), ("leiden", None), ("spectral", k)):
        t = time.perf_counter()
        labels = partition(adjacency, method=method, k=kk, seed=seed, engine="networkx")
        row[method + "_s"] = time.perf_counter() - t
        row[method] = nmi(truth, labels)
    return row


def run_quality(lfr_n: int, profile_n: int) -> list[dict]:
    import networkx as nx

    rows = []
    for mu in (0.1, 0.2, 0.3, 0.4, 0.5):
        g, truth = lfr_graph(lfr_n, mu, seed=42)
        adjacency = nx.to_scipy_sparse_array(g, nodelist=range(lfr_n), format="csr",
                                             dtype=float)
        rows.append(quality_row(f"LFR n={lfr_n} mu={mu}", adjacency, truth, g))
        print(_fmt_quality(rows[-1]), flush=True)
    from matcher.score import score_matrix
    from profiles.synthetic import generate_clustered_profiles

    for k, seed in ((4, 1), (6, 2), (8, 3)):
        planted = generate_clustered_profiles(profile_n, k, seed=seed)
        scores = score_matrix(planted.profiles)
        adjacency = build_graph(scores)
        g = nx.from_scipy_sparse_array(adjacency)
        rows.append(quality_row(f"profiles n={profile_n} k={k}", adjacency,
                                np.asarray(planted.labels), g))
        # the whole find_clusters (unclustered companies count as one extra group)
        result = find_clusters(planted.profiles, scores, runs=0, cards=False, scan_k=False)
        rows[-1]["find_clusters"] = nmi(planted.labels, result.labels)
        rows[-1]["unclustered"] = len(result.unclustered)
        print(_fmt_quality(rows[-1]), flush=True)
    return rows


def _fmt_quality(r: dict) -> str:
    base = r["greedy"] or 1e-9
    parts = [f"{r['set']:<26} greedy NMI {r['greedy']:.3f} ({r['greedy_s']:.2f}s)"]
    for m in ("louvain", "leiden", "spectral"):
        parts.append(f"{m} {r[m]:.3f} (x{r[m] / base:.2f}, {r[m + '_s']:.2f}s)")
    if "find_clusters" in r:
        parts.append(f"find_clusters {r['find_clusters']:.3f} "
                     f"({r['unclustered']} unclustered)")
    return " | ".join(parts)


# -------------------------------------------------------------------- scale

def planted_top_k(n: int, k_neigh: int = 10, clusters: int | None = None, p_in: float = 0.8,
                  seed: int = 0):
    """Top-k neighbour lists of a planted partition (the form of matcher.score.top_k)."""
    rng = np.random.default_rng(seed)
    clusters = clusters or max(4, n // 200)
    labels = rng.integers(clusters, size=n)
    order = np.argsort(labels, kind="stable")
    starts = np.searchsorted(labels[order], np.arange(clusters))
    sizes = np.bincount(labels, minlength=clusters)
    inside = rng.uniform(size=(n, k_neigh)) < p_in
    own = labels[:, None].repeat(k_neigh, axis=1)
    pick = (starts[own] + (rng.uniform(size=(n, k_neigh)) * sizes[own]).astype(int))
    idx = np.where(inside, order[np.minimum(pick, n - 1)], rng.integers(n, size=(n, k_neigh)))
    scores = np.where(inside, rng.uniform(0.35, 0.8, size=(n, k_neigh)),
                      rng.uniform(0.05, 0.4, size=(n, k_neigh)))
    scores = -np.sort(-scores, axis=1)
    return idx, scores, labels


def one_size(n: int, source: str) -> dict:
    """Measure one size in this (fresh) process; returns a dict of figures."""
    from profiles.synthetic import generate_clustered_profiles

    clusters = max(4, n // 200)
    planted = generate_clustered_profiles(n, clusters, seed=7)
    out = {"n": n, "source": source}
    if source == "top_k":
        from matcher.score import top_k

        t = time.perf_counter()
        scores = top_k(planted.profiles, k=10)
        out["scoring_s"] = time.perf_counter() - t
        truth = np.asarray(planted.labels)
    else:
        idx, sc, truth = planted_top_k(n, clusters=clusters, seed=7)
        scores = (idx, sc)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # one partition of the same graph: networkx's Louvain against scikit-network's
    adjacency = build_graph(scores, n)
    t = time.perf_counter()
    partition(adjacency, method="louvain", seed=0, engine="sknetwork")
    out["one_louvain_sknetwork_s"] = time.perf_counter() - t
    if n <= 10000:
        t = time.perf_counter()
        partition(adjacency, method="louvain", seed=0, engine="networkx")
        out["one_louvain_networkx_s"] = time.perf_counter() - t
    if n <= 1000:
        import networkx as nx

        t = time.perf_counter()
        greedy_labels(nx.from_scipy_sparse_array(adjacency))
        out["one_greedy_s"] = time.perf_counter() - t
    for method in ("louvain", "leiden"):
        t = time.perf_counter()
        result = find_clusters(planted.profiles, scores, method=method, seed=0, runs=20)
        out[method + "_s"] = time.perf_counter() - t
        out[method + "_clusters"] = len(result.clusters)
        out[method + "_nmi"] = nmi(truth, result.labels)
        out[method + "_engine"] = result.settings.get("engine")
    # memory: peak of Python and numpy allocations during one find_clusters
    # (tracemalloc slows the run, so it is measured apart from the timings)
    import tracemalloc

    tracemalloc.start()
    find_clusters(planted.profiles, scores, method="louvain", seed=0, runs=20)
    out["traced_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    t = time.perf_counter()
    from matcher.cluster_report import render_cluster_report

    render_cluster_report(result, "html")
    out["html_s"] = time.perf_counter() - t
    out["rss_before_mb"] = rss_before / 1024
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def run_scale(sizes: list[int], score_limit: int) -> list[dict]:
    rows = []
    for n in sizes:
        source = "top_k" if n <= score_limit else "planted"
        proc = subprocess.run([sys.executable, __file__, "--one", str(n), source],
                              capture_output=True, text=True, check=True)
        rows.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        print(_fmt_scale(rows[-1], rows[0]), flush=True)
    return rows


def _fmt_scale(r: dict, ref: dict) -> str:
    text = f"n={r['n']:>7} ({r['source']:<7})"
    if "scoring_s" in r:
        text += f" scoring top_k {r['scoring_s']:.1f}s |"
    for m in ("louvain", "leiden"):
        text += (f" {m}[{r[m + '_engine'] or m}] {r[m + '_s']:.2f}s "
                 f"(x{r[m + '_s'] / ref[m + '_s']:.1f} vs n={ref['n']}),"
                 f" {r[m + '_clusters']} clusters, NMI {r[m + '_nmi']:.3f} |")
    if "one_louvain_networkx_s" in r:
        text += (f" one Louvain: networkx {r['one_louvain_networkx_s']:.2f}s, scikit-network "
                 f"{r['one_louvain_sknetwork_s']:.3f}s "
                 f"(x{r['one_louvain_networkx_s'] / r['one_louvain_sknetwork_s']:.0f} faster) |")
    else:
        text += f" one Louvain: scikit-network {r['one_louvain_sknetwork_s']:.3f}s |"
    if "one_greedy_s" in r:
        text += (f" greedy modularity {r['one_greedy_s']:.2f}s "
                 f"(x{r['one_greedy_s'] / r['one_louvain_sknetwork_s']:.0f} slower) |")
    text += (f" html {r['html_s']:.2f}s | find_clusters peak memory "
             f"{r['traced_peak_mb']:.0f} MB (x{r['traced_peak_mb'] / ref['traced_peak_mb']:.1f}"
             f" vs n={ref['n']}) | process peak RSS {r['peak_rss_mb']:.0f} MB")
    return text


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quality", action="store_true", help="only the NMI tables")
    ap.add_argument("--scale", action="store_true", help="only time and memory")
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--lfr-n", type=int, default=1000)
    ap.add_argument("--profile-n", type=int, default=400)
    ap.add_argument("--score-limit", type=int, default=10000,
                    help="largest size scored with matcher.score.top_k")
    ap.add_argument("--one", nargs=2, metavar=("N", "SOURCE"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(one_size(int(args.one[0]), args.one[1])))
        return
    both = not args.quality and not args.scale
    if args.quality or both:
        print("# NMI against planted clusters (ratio = method / greedy modularity baseline)")
        run_quality(args.lfr_n, args.profile_n)
    if args.scale or both:
        print("# find_clusters time and peak memory (fresh process per size)")
        run_scale(args.sizes, args.score_limit)


if __name__ == "__main__":
    main()
