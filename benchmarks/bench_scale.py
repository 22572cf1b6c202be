"""Scale benchmark: top-10 partners for 1,000 / 10,000 / 100,000 synthetic profiles.

Each size runs in its own Python process (so peak memory is that size's alone),
which generates the profiles (:func:`profiles.synthetic.generate_profiles`),
vectorises them and computes every company's top 10 with
:func:`matcher.score.top_k` (exact scan up to ``DENSE_LIMIT`` profiles, chunked
candidate search above). Reported per size: seconds for vectorising and for
the top-k, the whole process's peak memory (``ru_maxrss``), and, as
references measured in the same run:

* the time of the exact scan (every pair scored) estimated from scoring 200
  sampled rows against all N (it is linear in the rows), and the ratio top-k /
  exact;
* how time grows with N (exponent between successive sizes: 1 = linear);
* agreement with the exact scan on the 200 sampled rows: overlap of the top-10
  sets and the ratio of their score sums (1.0 = as good as exact).

Run (heavy at 100,000: use nice)::

    nice .venv/bin/python benchmarks/bench_scale.py [--sizes 1000 10000 100000]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def worker(n: int, seed: int = 0, sample_rows: int = 200) -> dict:
    """Run one size in this process and return its figures."""
    import resource

    import numpy as np

    sys.path.insert(0, str(ROOT))
    from matcher.score import _combine, _row_top_k, block_components, pair_features, top_k
    from profiles.synthetic import generate_profiles

    t0 = time.perf_counter()
    profiles = generate_profiles(n, seed=seed).profiles
    t1 = time.perf_counter()
    feat = pair_features(profiles)
    t2 = time.perf_counter()
    idx, sc = top_k(profiles, k=10, features=feat)
    t3 = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = np.random.default_rng(seed).choice(n, size=min(sample_rows, n), replace=False)
    t4 = time.perf_counter()
    ex_i, ex_s = [], []
    for part in np.array_split(rows, max(1, len(rows) // 50)):
        s = _combine(block_components(feat, part), feat.weights).astype(np.float64)
        s[np.arange(len(part)), part] = -1.0
        i, v = _row_top_k(s, 10)
        ex_i.append(i)
        ex_s.append(v)
    t5 = time.perf_counter()
    ex_i, ex_s = np.vstack(ex_i), np.vstack(ex_s)
    overlap = float(np.mean([len(set(ex_i[j]) & set(idx[r])) / 10 for j, r in enumerate(rows)]))
    ratio = float(np.mean([sc[r].sum() / ex_s[j].sum() for j, r in enumerate(rows)]))
    return {"n": n, "generate_s": t1 - t0, "vectorise_s": t2 - t1, "top_k_s": t3 - t2,
            "peak_mb": peak_mb, "exact_est_s": (t5 - t4) * n / len(rows),
            "overlap": overlap, "score_ratio": ratio}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker)))
        return 0
    results = []
    for n in args.sizes:
        proc = subprocess.run([sys.executable, __file__, "--worker", str(n)],
                              capture_output=True, text=True, cwd=ROOT)
        if proc.returncode != 0:
            print(proc.stderr, file=sys.stderr)
            return 1
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    print(f"top-10 partners, synthetic profiles, {os.cpu_count()} CPUs")
    print(f"{'N':>8} {'vectorise s':>11} {'top-k s':>8} {'total s':>8} {'peak MiB':>9} "
          f"{'exact est s':>11} {'top-k/exact':>11} {'growth':>7} {'overlap@10':>10} "
          f"{'score ratio':>11}")
    prev = None
    for r in results:
        total = r["vectorise_s"] + r["top_k_s"]
        growth = ""
        if prev is not None:
            growth = f"{math.log(total / (prev['vectorise_s'] + prev['top_k_s'])) / math.log(r['n'] / prev['n']):.2f}"
        print(f"{r['n']:>8} {r['vectorise_s']:>11.1f} {r['top_k_s']:>8.1f} {total:>8.1f} "
              f"{r['peak_mb']:>9.0f} {r['exact_est_s']:>11.1f} "
              f"{r['top_k_s'] / r['exact_est_s']:>11.2f} {growth:>7} {r['overlap']:>10.3f} "
              f"{r['score_ratio']:>11.3f}")
        prev = r
    print("growth: exponent of total time between successive sizes (1 = linear); "
          "overlap/score ratio: top-10 vs the exact scan on 200 sampled rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
