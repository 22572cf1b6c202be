"""Tests of requested-meetings, groups and mingle modes (matcher.requests_mode,
matcher.groups_mode, matcher.tables_search, matcher.designs)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.designs import design_rounds
from matcher.groups_mode import circle_rounds, mingle_lower_bound
from matcher.instances import requests_instance
from matcher.requests_mode import Request, parse_rounds, read_requests
from matcher.schedule import ScheduleOptions, plan_event
from matcher.tables_search import table_sizes
from profiles.errors import ScheduleError
from profiles.model import Profile


def companies(n, extra=None):
    extra = extra or {}
    return [Profile(id=f"c{i}", name=f"Company {i}", **extra.get(i, {})) for i in range(n)]


def pairs_of(schedule):
    out = []
    for r in schedule.rounds:
        for m in r.meetings:
            out.extend(frozenset(p) for p in itertools.combinations(m.companies, 2))
    return out


def check_no_double_booking(schedule):
    for r in schedule.rounds:
        seated = [c for m in r.meetings for c in m.companies]
        assert len(seated) == len(set(seated))


# ----------------------------------------------------------------------------- requests

def test_parse_rounds():
    assert parse_rounds("1-3,6") == (1, 2, 3, 6)
    with pytest.raises(ValueError):
        parse_rounds("3-1")


def test_read_requests_reports_every_problem(tmp_path):
    ps = companies(3)
    f = tmp_path / "m.csv"
    f.write_text("a;b;rounds\nc0;Company 1;1-2\nc0;nobody;\nc1;c1;\nc1;c0;3\nc2;c0;x\n",
                 encoding="utf-8")
    with pytest.raises(ScheduleError) as err:
        read_requests(f, ps)
    msg = str(err.value)
    assert "line 3, column 'a'" not in msg and "line 3, column 'b'" in msg
    assert "cannot meet itself" in msg and "already listed on line 2" in msg
    assert "line 6, column 'rounds'" in msg
    f.write_text("a,b,rounds\nc0,Company 1,1-2\nc2,c1,\n")
    assert read_requests(f, ps) == (Request("c0", "c1", (1, 2)), Request("c2", "c1", None))


def test_requests_all_placed_within_windows():
    ps, reqs = requests_instance(20, 40, 6, seed=3)
    plan = plan_event(ps, None, ScheduleOptions(rounds=6, mode="requests", requests=reqs,
                                                time_limit=3))
    check_no_double_booking(plan)
    placed = {}
    for r in plan.rounds:
        for m in r.meetings:
            placed[frozenset(m.companies)] = r.number
    assert len(placed) == len(reqs)
    for q in reqs:
        rnd = placed[frozenset((q.a, q.b))]
        assert q.rounds is None or rnd in q.rounds
    assert plan.stats["placed"] == len(reqs)
    assert plan.stats["break_spread"] <= 2
    assert plan.stats["breaks"]["total"] >= (plan.stats["breaks_lower_bound"] or 0)


def test_requests_exact_breaks_small():
    # a path a-b-c-d: three meetings in three rounds can be done with no breaks
    ps = companies(4)
    reqs = (Request("c0", "c1"), Request("c1", "c2"), Request("c2", "c3"))
    plan = plan_event(ps, None, ScheduleOptions(rounds=3, mode="requests", requests=reqs))
    assert plan.stats["breaks"]["total"] == 0
    assert plan.stats["optimal"]


def test_requests_impossible_reasons():
    ps = companies(4, {0: {"available": (1,)}, 3: {"available": (2,)}})
    reqs = (Request("c0", "c1"), Request("c0", "c2"), Request("c0", "c3"),
            Request("c1", "c2", (3,)))
    with pytest.raises(ScheduleError) as err:
        plan_event(ps, None, ScheduleOptions(rounds=2, mode="requests", requests=reqs))
    msg = str(err.value)
    assert "Company 0 (c0) - Company 3 (c3) may take any round, but the two are never " \
        "present together" in msg
    assert "Company 0 (c0) has 3 meetings but only 1 rounds" in msg
    assert "may take rounds 3" in msg


def test_requests_too_few_tables():
    ps = companies(6)
    reqs = (Request("c0", "c1"), Request("c2", "c3"), Request("c4", "c5"))
    with pytest.raises(ScheduleError, match="3 meetings do not fit 1 tables x 2 rounds"):
        plan_event(ps, None, ScheduleOptions(rounds=2, tables=1, mode="requests", requests=reqs))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000), st.integers(6, 14), st.integers(3, 6))
def test_property_requests_placed_or_reported(seed, n, rounds):
    ps, reqs = requests_instance(n, 2 * n, rounds, seed=seed)
    opts = ScheduleOptions(rounds=rounds, mode="requests", requests=reqs, time_limit=2,
                           seed=seed, solver="heuristic")
    try:
        plan = plan_event(ps, None, opts)
    except ScheduleError as exc:   # every instance is feasible, so only "not found in time"
        assert "could be placed within the time limit" in str(exc)
        return
    check_no_double_booking(plan)
    assert sorted(pairs_of(plan), key=sorted) == sorted(
        (frozenset((q.a, q.b)) for q in reqs), key=sorted)
    present = {p.id: p for p in ps}
    for r in plan.rounds:
        for m in r.meetings:
            assert all(present[c].attends(r.number) for c in m.companies)


# ----------------------------------------------------------------------------- groups

def test_table_sizes_forced_only():
    assert table_sizes(32, 4) == [4] * 8
    assert sorted(set(table_sizes(33, 4))) == [4, 5]
    assert sorted(set(table_sizes(31, 4))) == [3, 4]


@pytest.mark.parametrize("g,k,rounds", [(8, 4, 9), (5, 3, 5), (4, 4, 5), (16, 4, 21)])
def test_designs_never_repeat(g, k, rounds):
    rows = design_rounds(g, k)
    assert len(rows) == rounds
    seen = set()
    for row in rows:
        assert np.bincount(row).tolist() == [k] * g
        for t in range(g):
            for p in itertools.combinations(np.flatnonzero(row == t).tolist(), 2):
                assert p not in seen
                seen.add(p)


def test_social_golfer_8x4x9():
    ps = companies(32)
    plan = plan_event(ps, None, ScheduleOptions(rounds=9, mode="groups", group_size=4,
                                                time_limit=10))
    assert plan.stats["repeated_pairs"] == 0
    assert all(len(m.companies) == 4 for r in plan.rounds for m in r.meetings)
    check_no_double_booking(plan)


def test_groups_scores_avoid_availability():
    rng = np.random.default_rng(4)
    n = 13
    w = rng.random((n, n))
    w = (w + w.T) / 2
    np.fill_diagonal(w, 0)
    ps = companies(n, {0: {"avoid": ("c1",)}, 2: {"available": (1, 3)},
                       5: {"must_meet": ("c6",)}})
    plan = plan_event(ps, w, ScheduleOptions(rounds=3, mode="groups", group_size=3, time_limit=3,
                                             seed=1))
    check_no_double_booking(plan)
    pairs = pairs_of(plan)
    assert frozenset(("c0", "c1")) not in pairs
    assert frozenset(("c5", "c6")) in pairs
    assert len(pairs) == len(set(pairs))
    for r in plan.rounds:
        seated = {c for m in r.meetings for c in m.companies}
        expect = {p.id for p in ps if p.attends(r.number)}
        assert seated == expect          # everybody present is seated
        assert all(2 <= len(m.companies) <= 4 for m in r.meetings)
    again = plan_event(ps, w, ScheduleOptions(rounds=3, mode="groups", group_size=3,
                                              time_limit=3, seed=1))
    assert again.rounds == plan.rounds


# ----------------------------------------------------------------------------- mingle

def test_mingle_bounds_and_circle():
    assert mingle_lower_bound(16, 4) == 5
    rounds = circle_rounds(7)
    met = {frozenset(p) for r in rounds for p in r}
    assert len(rounds) == 7 and len(met) == 21


@pytest.mark.parametrize("n,k", [(16, 4), (9, 3), (10, 2), (11, 4)])
def test_mingle_everyone_meets(n, k):
    ps = companies(n)
    plan = plan_event(ps, None, ScheduleOptions(mode="mingle", group_size=k, time_limit=8))
    assert len(set(pairs_of(plan))) == n * (n - 1) // 2
    assert plan.stats["rounds"] >= plan.stats["rounds_lower_bound"]
    assert all(len(m.companies) <= k for r in plan.rounds for m in r.meetings)
    check_no_double_booking(plan)


def test_mingle_needs_full_attendance():
    with pytest.raises(ScheduleError, match="must attend every round"):
        plan_event(companies(5, {1: {"available": (1,)}}), None,
                   ScheduleOptions(mode="mingle", group_size=3))
