"""Pairs and hosted modes end to end: candidates, heuristic, exact model, bound, report.

Strategy (``solver="auto"``): the round-by-round matching baseline, then local
search re-solving single rounds exactly, then - when the time-indexed model is
small enough to finish - HiGHS MILP within the remaining time, keeping
whichever plan is better. The total is reported against an LP upper bound
(:mod:`matcher.bounds`), or against the MILP's own proven bound.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from matcher.bounds import bmatching_bound, time_indexed_bound
from matcher.constraints import EventModel
from matcher.pairs_mode import (SCALE, PairsState, candidate_edges, fair_targets, fill_maximal,
                                greedy_pairs, improve_pairs, lp_start, milp_pairs, milp_size,
                                place_must)
from profiles.errors import ScheduleError

#: largest exact model (binary variables) tried automatically
MILP_AUTO_LIMIT = 25_000
#: events above this size work on each company's best partners only
SPARSE_FROM = 60


@dataclass(frozen=True)
class PairsOutcome:
    """Meetings per round as (i, j) index pairs, and statistics."""

    rounds: list[list[tuple[int, int]]]
    stats: dict[str, Any]


def _top_k(model: EventModel) -> int | None:
    if model.n <= SPARSE_FROM:
        return None
    return max(3 * model.rounds, 24)


def _score(state: PairsState) -> float:
    return float(sum(state.cand.w[e].sum() for e in state.rounds))


def _fairness(model: EventModel, cand, weight: float) -> tuple[np.ndarray, int]:
    """Fair minimum per company and the (integer) value of a meeting below it."""
    target = fair_targets(model)
    if weight <= 0 or len(cand.w) == 0:
        return target, 0
    top = np.sort(cand.w)[-max(1, len(cand.w) // 10):]
    return target, int(round(weight * float(top.mean()) * SCALE))


def solve_pairs_event(model: EventModel, options, report: Callable[[str, float], None]
                      ) -> PairsOutcome:
    """Plan pairs (or hosted) meetings for ``model`` under ``options``."""
    t0 = time.monotonic()
    deadline = t0 + options.time_limit
    cand = candidate_edges(model, options.min_score, _top_k(model))
    target, fair = _fairness(model, cand, options.fairness)
    report("round-by-round matching", 0.05)
    state = greedy_pairs(model, cand, target=target, fair=fair)
    greedy_score = _score(state)
    method = "greedy matching"
    if options.solver in ("auto", "heuristic", "milp"):
        report("LP selection + round colouring", 0.2)
        start = lp_start(model, cand, target, fair, options.seed,
                         t0 + 0.5 * options.time_limit)
        if start is not None:
            fill_maximal(start)
            if start.value() > state.value():
                state = start
        report("local search", 0.3)
        heur_deadline = t0 + (options.time_limit * (0.4 if options.solver != "heuristic" else 1))
        improve_pairs(state, min(deadline, heur_deadline), options.seed, report)
        method = "matching + local search"
    fill_maximal(state)
    missing = place_must(state)
    fill_maximal(state)      # meetings dropped for must-meet pairs free seats for others
    optimal = False
    bound = None
    size = milp_size(model, cand)
    exact_tried = options.solver == "milp" or (options.solver == "auto"
                                                and size <= MILP_AUTO_LIMIT)
    # the exact model only pays when it has time to work (HiGHS may also overrun a tiny limit)
    if exact_tried and deadline - time.monotonic() >= max(1.0, size / 10_000):
        report(f"exact model ({size} variables)", 0.6)
        res = milp_pairs(model, cand, deadline - time.monotonic(), target=target,
                         fair=fair / SCALE)
        if res.rounds is not None:
            trial = PairsState(model, cand, target, fair)
            for r, edges in enumerate(res.rounds):
                trial.set_round(r, edges)
            fill_maximal(trial)
            trial_missing = [(int(cand.a[e]), int(cand.b[e]))
                             for e in np.flatnonzero(cand.must & (trial.used == 0))]
            if len(trial_missing) <= len(missing) and trial.value() >= state.value():
                state, missing = trial, trial_missing
                method = "exact MILP (HiGHS)"
                optimal = res.optimal and _top_k(model) is None
        if res.bound is not None and _top_k(model) is None:
            bound = res.bound
    if missing:
        names = [f"{model.label(i)} and {model.label(j)}" for i, j in missing]
        raise ScheduleError(
            "Some must-meet pairs could not be given a round (each round they share is taken "
            "by other must-meet meetings, tables run out, or a company's cap on meetings is "
            "filled by its other must-meet pairs):", names)
    report("upper bound", 0.9)
    kind = "MILP dual bound" if bound is not None else None
    edges = (cand.a, cand.b)
    if bound is None or not optimal or fair:
        if milp_size(model, cand) <= 20_000:
            lp, lp_kind = time_indexed_bound(model, options.min_score, edges), "time-indexed LP"
        else:
            lp, lp_kind = bmatching_bound(model, options.min_score, edges), "b-matching LP"
        if bound is None or lp < bound:
            bound, kind = lp, lp_kind
    total = _score(state)
    if optimal and not fair:
        bound, kind = total, "proven optimum"
    stats = {
        "mode": options.mode,
        "method": method,
        "optimal": bool(optimal),
        "upper_bound": max(bound, total) if bound is not None else None,
        "bound_kind": kind,
        "greedy_score": round(greedy_score, 4),
        "candidate_pairs": int(len(cand.a)),
        "fair_minimum": {"companies_with_target": int((target > 0).sum()),
                         "below_target": int((state.count < target).sum())},
    }
    return PairsOutcome(state.meetings(), stats)
