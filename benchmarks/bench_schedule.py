"""Scheduler benchmarks: every figure against references computed in the same run.

Usage: python benchmarks/bench_schedule.py [--part pairs-small|pairs-150|pairs-2000|requests|
                                              groups|mingle ...] [--quick]

* pairs-small: 20-40 companies, 4-8 rounds, tables limited, availability on; speeddate's
  heuristic (matching + local search) and the default plan (auto: heuristic, then MILP in
  the time left, with the fairness minimum) against the exact MILP optimum (HiGHS, long
  time limit) and the greedy round-by-round baseline.
* pairs-150: 150 companies, 10 rounds, 40 tables: total against the LP upper bound, time.
* pairs-2000: 2,000 companies, 12 rounds: time and gap to the bound.
* requests: brokerage-shaped instances (40-80 companies, 120-300 meetings, 8-22 rounds):
  all meetings placed? breaks of the constructive baseline, of the heuristic and of the
  default plan against CP-SAT run for 60 s (the exact optimum where it proves it).
* groups: Social Golfer sizes with equal scores: repeated pairs, time; greedy baseline.
* mingle: everyone meets everyone: rounds used against the lower bound.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from matcher.constraints import build_model
from matcher.instances import pairs_instance, requests_instance
from matcher.pairs_mode import candidate_edges, milp_pairs
from matcher.schedule import ScheduleOptions, plan_event


def _row(cells, widths):
    return "| " + " | ".join(str(c).rjust(w) for c, w in zip(cells, widths)) + " |"


def pairs_small(quick: bool) -> None:
    print("\n## pairs mode, small events: against the exact MILP optimum")
    sizes = [(20, 4, 6), (25, 5, 8), (30, 6, 10), (35, 7, 12), (40, 8, 13)]
    seeds = [0] if quick else [0, 1]
    head = ["N", "R", "T", "seed", "optimum", "proven", "greedy", "heuristic", "heur s",
            "default", "def s"]
    print(_row(head, [4] * len(head)))
    ratios = {"greedy": [], "heuristic": [], "default": []}
    for n, R, T in sizes:
        for seed in seeds:
            ps, w = pairs_instance(n, R, seed=seed, partial=0.15)
            model = build_model(ps, w, R, T)
            cand = candidate_edges(model)
            t = time.time()
            ref = milp_pairs(model, cand, time_limit=120)
            opt = ref.objective
            greedy = plan_event(ps, w, ScheduleOptions(rounds=R, tables=T, solver="greedy",
                                                       fairness=0))
            t = time.time()
            heur = plan_event(ps, w, ScheduleOptions(rounds=R, tables=T, solver="heuristic",
                                                     fairness=0, time_limit=5))
            th = time.time() - t
            t = time.time()
            default = plan_event(ps, w, ScheduleOptions(rounds=R, tables=T, time_limit=10))
            td = time.time() - t
            vals = {"greedy": greedy.stats["total_score"], "heuristic": heur.stats["total_score"],
                    "default": default.stats["total_score"]}
            for k, v in vals.items():
                ratios[k].append(v / opt)
            print(_row([n, R, T, seed, f"{opt:.3f}", "yes" if ref.optimal else "no",
                        f"{vals['greedy'] / opt:.4f}", f"{vals['heuristic'] / opt:.4f}",
                        f"{th:.2f}", f"{vals['default'] / opt:.4f}", f"{td:.2f}"],
                       [4] * len(head)), flush=True)
    for k, v in ratios.items():
        print(f"{k}: min {min(v):.4f}, mean {np.mean(v):.4f} of the optimum")


def pairs_150(quick: bool) -> None:
    print("\n## pairs mode, 150 companies, 10 rounds, 40 tables: against the upper bound")
    head = ["seed", "bound", "greedy", "fairness 0", "seconds", "default", "seconds",
            "min meetings"]
    print(_row(head, [8] * len(head)))
    for seed in ([0] if quick else [0, 1, 2]):
        ps, w = pairs_instance(150, 10, seed=seed)
        greedy = plan_event(ps, w, ScheduleOptions(rounds=10, tables=40, solver="greedy",
                                                   fairness=0))
        t = time.time()
        pure = plan_event(ps, w, ScheduleOptions(rounds=10, tables=40, time_limit=1.5,
                                                 fairness=0))
        sec0 = time.time() - t
        t = time.time()
        s = plan_event(ps, w, ScheduleOptions(rounds=10, tables=40, time_limit=1.5))
        sec = time.time() - t
        b = s.stats["upper_bound"]
        print(_row([seed, f"{b:.2f}", f"{greedy.stats['total_score'] / b:.4f}",
                    f"{pure.stats['total_score'] / b:.4f}", f"{sec0:.2f}",
                    f"{s.stats['total_score'] / b:.4f}", f"{sec:.2f}",
                    s.stats["meetings_per_company"]["min"]], [8] * len(head)), flush=True)


def pairs_2000(quick: bool) -> None:
    print("\n## pairs mode, 2,000 companies, 12 rounds")
    head = ["tables", "bound", "greedy", "speeddate", "seconds", "bound kind"]
    print(_row(head, [8] * len(head)))
    ps, w = pairs_instance(2000, 12, seed=0)
    for tables in ([None] if quick else [None, 600]):
        t = time.time()
        greedy = plan_event(ps, w, ScheduleOptions(rounds=12, tables=tables, solver="greedy",
                                                   fairness=0, time_limit=60))
        tg = time.time() - t
        t = time.time()
        s = plan_event(ps, w, ScheduleOptions(rounds=12, tables=tables, time_limit=45))
        sec = time.time() - t
        b = s.stats["upper_bound"]
        print(_row([tables or "all", f"{b:.1f}", f"{greedy.stats['total_score'] / b:.4f} "
                    f"({tg:.0f}s)", f"{s.stats['total_score'] / b:.4f}", f"{sec:.1f}",
                    s.stats["bound_kind"]], [8] * len(head)), flush=True)


def requests(quick: bool) -> None:
    from matcher import requests_cpsat
    from matcher.requests_mode import _feasible, _total_breaks

    print("\n## requested meetings: breaks against the exact model (CP-SAT, 60 s)")
    # (companies, meetings, rounds, share of meetings held to a morning/afternoon window,
    #  share with forbidden rounds)
    sizes = [(20, 40, 6, .35, .1), (24, 60, 6, .7, .3), (30, 80, 8, .7, .3),
             (40, 120, 8, .35, .1), (50, 160, 10, .35, .1), (60, 200, 14, .35, .1),
             (70, 250, 18, .35, .1), (80, 300, 22, .35, .1),
             (40, 150, 8, .7, .3), (60, 240, 12, .7, .3), (80, 300, 10, .7, .3)]
    if quick:
        sizes = sizes[:3]
    head = ["N", "meetings", "R", "windows", "placed", "constructive", "heuristic (5 s)",
            "default (30 s)", "exact", "proven", "lower bound"]
    print(_row(head, [6] * len(head)))
    for k, (n, m, R, window, forbid) in enumerate(sizes):
        ps, reqs = requests_instance(n, m, R, seed=k, window=window, forbid=forbid)
        base = plan_event(ps, None, ScheduleOptions(rounds=R, mode="requests", requests=reqs,
                                                    solver="greedy", time_limit=30))
        heur = plan_event(ps, None, ScheduleOptions(rounds=R, mode="requests", requests=reqs,
                                                    solver="heuristic", time_limit=5))
        default = plan_event(ps, None, ScheduleOptions(rounds=R, mode="requests", requests=reqs,
                                                       time_limit=30))
        model = build_model(ps, None, R, None, check_must=False)
        pairs, F = _feasible(model, reqs)
        rounds, optimal, lower, _ = requests_cpsat.cpsat_requests(pairs, F, model.tables, 2, 60)
        exact = _total_breaks(pairs, rounds, model.n) if rounds is not None else "-"
        print(_row([n, m, R, f"{window:.0%}/{forbid:.0%}", f"{default.stats['placed']}/{m}",
                    base.stats["breaks"]["total"],
                    heur.stats["breaks"]["total"], default.stats["breaks"]["total"], exact,
                    "yes" if optimal else "no", lower], [6] * len(head)), flush=True)


def groups(quick: bool) -> None:
    from matcher.tables_search import initial_seating, meet_counts

    print("\n## groups with equal scores (Social Golfer): repeated pairs")
    sizes = [(8, 4, 9), (8, 4, 10), (5, 3, 7), (6, 3, 8), (4, 4, 5), (10, 4, 8), (7, 3, 9)]
    if quick:
        sizes = sizes[:3]
    head = ["tables", "size", "rounds", "greedy repeats", "repeats", "seconds", "method"]
    print(_row(head, [6] * len(head)))
    for g, k, R in sizes:
        n = g * k
        ps = [_p(i) for i in range(n)]
        rng = np.random.default_rng(0)
        greedy = initial_seating(np.ones((n, R), bool), k, np.zeros((n, n)), rng)
        met = meet_counts(greedy, n)
        grep = int(np.maximum(0, met[np.triu_indices(n, 1)] - 1).sum())
        t = time.time()
        s = plan_event(ps, None, ScheduleOptions(rounds=R, mode="groups", group_size=k,
                                                 time_limit=60))
        print(_row([g, k, R, grep, s.stats["repeated_pairs"], f"{time.time() - t:.1f}",
                    s.stats["method"]], [6] * len(head)), flush=True)


def mingle(quick: bool) -> None:
    print("\n## everyone meets everyone: rounds against the lower bound")
    sizes = [(16, 4), (25, 5), (20, 4), (30, 5), (24, 3), (40, 6), (12, 2)]
    if quick:
        sizes = sizes[:3]
    head = ["N", "table", "lower bound", "rounds", "uncovered", "seconds", "method"]
    print(_row(head, [6] * len(head)))
    for n, k in sizes:
        t = time.time()
        s = plan_event([_p(i) for i in range(n)], None,
                       ScheduleOptions(mode="mingle", group_size=k, time_limit=60))
        print(_row([n, k, s.stats["rounds_lower_bound"], s.stats["rounds"],
                    s.stats["uncovered_pairs"], f"{time.time() - t:.1f}", s.stats["method"]],
                   [6] * len(head)), flush=True)


def _p(i):
    from profiles.model import Profile

    return Profile(id=f"c{i}", name=f"C{i}")


PARTS = {"pairs-small": pairs_small, "pairs-150": pairs_150, "pairs-2000": pairs_2000,
         "requests": requests, "groups": groups, "mingle": mingle}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", action="append", choices=sorted(PARTS))
    ap.add_argument("--quick", action="store_true", help="fewer and smaller instances")
    args = ap.parse_args()
    for name in args.part or list(PARTS):
        PARTS[name](args.quick)


if __name__ == "__main__":
    main()
