"""Tests of matcher.schedule (pairs and hosted modes, files) and matcher.timing."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.schedule import (ScheduleOptions, plan_event, read_schedule, schedule_csv,
                              schedule_from_dict, schedule_to_dict, write_schedule_files)
from matcher.timing import parse_pauses, round_times
from profiles.errors import ScheduleError
from profiles.model import Profile


def companies(n, extra=None):
    extra = extra or {}
    return [Profile(id=f"c{i}", name=f"Company {i}", **extra.get(i, {})) for i in range(n)]


def random_scores(n, seed=0):
    rng = np.random.default_rng(seed)
    w = rng.random((n, n))
    w = (w + w.T) / 2
    np.fill_diagonal(w, 0)
    return w


def check_invariants(schedule, profiles, options):
    """Validity of a pairs schedule: one place per round, no repeats, constraints kept."""
    by_id = {p.id: p for p in profiles}
    seen_pairs = set()
    host_table = {}
    hosts = {p.id for p in profiles if p.is_host}
    for rnd in schedule.rounds:
        busy = set()
        tables = [m.table for m in rnd.meetings]
        assert len(tables) == len(set(tables))
        if options.tables is not None:
            assert len(rnd.meetings) <= options.tables
        for m in rnd.meetings:
            a, b = m.companies
            assert a not in busy and b not in busy
            busy |= {a, b}
            pair = frozenset((a, b))
            assert pair not in seen_pairs
            seen_pairs.add(pair)
            assert b not in by_id[a].avoid and a not in by_id[b].avoid
            assert by_id[a].attends(rnd.number) and by_id[b].attends(rnd.number)
            assert not (a in hosts and b in hosts)
            for c in (a, b):
                if c in hosts:
                    assert host_table.setdefault(c, m.table) == m.table
    return seen_pairs


def test_round_times_with_pause():
    slots = round_times(4, "08:30", 12, 3, ((2, 45),))
    assert [(s.start, s.end) for s in slots] == [
        ("08:30", "08:42"), ("08:45", "08:57"), ("09:42", "09:54"), ("09:57", "10:09")]


def test_bad_timing_reported():
    with pytest.raises(ScheduleError, match="pause after round 5"):
        round_times(4, pauses=((5, 30),))
    with pytest.raises(ScheduleError, match="ROUND:MINUTES"):
        parse_pauses("lunch")
    with pytest.raises(ScheduleError, match="clock time"):
        round_times(2, start="25:00")


def test_best_pairs_chosen_first_round():
    ps = companies(4)
    s = np.array([[0, .9, .1, .2], [.9, 0, .3, .1], [.1, .3, 0, .8], [.2, .1, .8, 0]])
    plan = plan_event(ps, s, ScheduleOptions(rounds=3))
    pairs = {frozenset(m.companies) for r in plan.rounds for m in r.meetings}
    assert len(pairs) == 6  # everybody meets everybody in 3 rounds
    assert plan.stats["total_score"] == pytest.approx(s[np.triu_indices(4, 1)].sum(), abs=1e-3)
    assert plan.stats["gap"] == pytest.approx(0, abs=1e-6)


def test_tables_limit_and_availability():
    ps = companies(10, {0: {"available": (1, 2)}, 3: {"available": (3,)}})
    opts = ScheduleOptions(rounds=3, tables=2)
    plan = plan_event(ps, random_scores(10), opts)
    check_invariants(plan, ps, opts)
    assert all(len(r.meetings) == 2 for r in plan.rounds)


def test_avoid_and_must_meet():
    ps = companies(6, {0: {"avoid": ("c1",), "must_meet": ("c5",)}})
    w = random_scores(6, 3)
    w[0, 1] = w[1, 0] = 5.0   # best pair but avoided
    w[0, 5] = w[5, 0] = 0.0   # worthless pair but must meet
    plan = plan_event(ps, w, ScheduleOptions(rounds=2, tables=3))
    pairs = {frozenset(m.companies) for r in plan.rounds for m in r.meetings}
    assert frozenset(("c0", "c1")) not in pairs
    assert frozenset(("c0", "c5")) in pairs
    assert plan.stats["must_meet"] == {"total": 1, "placed": 1}


def test_infeasible_requests_reported_in_plain_words():
    ps = [Profile(id="a", name="A", must_meet=("b",), available=(1,)),
          Profile(id="b", name="B", available=(2,)),
          Profile(id="h1", name="H1", role="host"), Profile(id="h2", name="H2", role="host")]
    with pytest.raises(ScheduleError) as err:
        plan_event(ps, random_scores(4), ScheduleOptions(rounds=2, tables=1))
    text = str(err.value)
    assert "never present in the same round" in text
    assert "2 hosts but only 1 tables" in text


def test_hosts_stay_at_their_table_and_hosted_mode():
    ps = companies(7, {0: {"role": "host"}, 1: {"role": "host"}})
    w = random_scores(7, 5)
    opts = ScheduleOptions(rounds=4, tables=3)
    plan = plan_event(ps, w, opts)
    check_invariants(plan, ps, opts)
    hosted = plan_event(ps, w, ScheduleOptions(rounds=4, tables=3, mode="hosted"))
    for r in hosted.rounds:
        for m in r.meetings:
            assert ("c0" in m.companies) != ("c1" in m.companies)
            assert m.table == ("1" if "c0" in m.companies else "2")
    with pytest.raises(ScheduleError, match="at least one company with role 'host'"):
        plan_event(companies(4), w[:4, :4], ScheduleOptions(rounds=2, mode="hosted"))


def test_cap_on_meetings():
    ps = companies(6)
    plan = plan_event(ps, random_scores(6), ScheduleOptions(rounds=5, max_meetings=2,
                                                           caps=(("c2", 1),)))
    counts = {p.id: len(plan.meetings_of(p.id)) for p in ps}
    assert max(counts.values()) <= 2 and counts["c2"] <= 1


def test_named_tables_and_clock():
    ps = companies(4)
    plan = plan_event(ps, random_scores(4), ScheduleOptions(
        rounds=2, table_names=("Peis", "Vindauge"), start="13:00", minutes=15, break_minutes=0))
    assert {m.table for r in plan.rounds for m in r.meetings} <= {"Peis", "Vindauge"}
    assert plan.rounds[1].start == "13:15"


def test_greedy_and_exact_solvers_agree_on_validity():
    ps = companies(12)
    w = random_scores(12, 7)
    greedy = plan_event(ps, w, ScheduleOptions(rounds=4, tables=4, solver="greedy"))
    best = plan_event(ps, w, ScheduleOptions(rounds=4, tables=4, solver="milp"))
    assert best.stats["total_score"] >= greedy.stats["total_score"] - 1e-9
    assert best.stats["optimal"]


@st.composite
def instances(draw):
    n = draw(st.integers(2, 11))
    rounds = draw(st.integers(1, 4))
    tables = draw(st.one_of(st.none(), st.integers(1, 5)))
    seed = draw(st.integers(0, 10_000))
    rng = np.random.default_rng(seed)
    extra = {}
    for i in range(n):
        d = {}
        if rng.random() < 0.3:
            d["available"] = tuple(int(r) for r in range(1, rounds + 1) if rng.random() < 0.6)
        if rng.random() < 0.2:
            d["avoid"] = (f"c{int(rng.integers(n))}",)
            if d["avoid"] == (f"c{i}",):
                del d["avoid"]
        if rng.random() < 0.1:
            d["role"] = "host"
        if rng.random() < 0.1:
            d["must_meet"] = (f"c{int(rng.integers(n))}",)
            if d["must_meet"] == (f"c{i}",) or d["must_meet"] == d.get("avoid"):
                del d["must_meet"]
        extra[i] = d
    ps = companies(n, extra)
    w = np.round(random_scores(n, seed), 2) * (rng.random((n, n)) < 0.8)
    w = np.maximum(w, w.T)
    hosts = sum(p.is_host for p in ps)
    if tables is not None and tables < hosts:
        tables = hosts
    solver = draw(st.sampled_from(["greedy", "heuristic", "auto"]))
    cap = draw(st.one_of(st.none(), st.integers(0, 3)))
    return ps, w, ScheduleOptions(rounds=rounds, tables=tables, solver=solver, seed=seed,
                                  time_limit=2, max_meetings=cap)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_property_valid_maximal_deterministic(inst):
    ps, w, opts = inst
    try:
        plan = plan_event(ps, w, opts)
    except ScheduleError as exc:     # only must-meet pairs (or hosts) can make it impossible
        assert "must meet" in str(exc) or "must-meet" in str(exc) or "hosts" in str(exc)
        return
    met = check_invariants(plan, ps, opts)
    if opts.max_meetings is not None:
        assert all(len(plan.meetings_of(p.id)) <= opts.max_meetings for p in ps)
    for p in ps:                      # must-meet pairs placed when no error was raised
        for other in p.must_meet:
            assert frozenset((p.id, other)) in met
    # maximality: no two idle companies present with a useful unmet pair while a table is free
    host_ids = {p.id for p in ps if p.is_host}
    idx = {p.id: k for k, p in enumerate(ps)}
    for rnd in plan.rounds:
        busy = {c for m in rnd.meetings for c in m.companies}
        guest_meetings = sum(1 for m in rnd.meetings if not set(m.companies) & host_ids)
        hosts_here = sum(1 for p in ps if p.is_host and p.attends(rnd.number))
        free_guest = (opts.tables or len(ps) // 2 or 1) - hosts_here - guest_meetings
        capped = {p.id for p in ps if opts.max_meetings is not None
                  and len(plan.meetings_of(p.id)) >= opts.max_meetings}
        idle = [p for p in ps if p.attends(rnd.number) and p.id not in busy
                and p.id not in capped]
        for x in idle:
            for y in idle:
                if x.id >= y.id or frozenset((x.id, y.id)) in met:
                    continue
                if y.id in x.avoid or x.id in y.avoid or w[idx[x.id], idx[y.id]] <= 0:
                    continue
                if x.is_host and y.is_host:
                    continue
                assert (x.id not in host_ids and y.id not in host_ids) and free_guest <= 0, \
                    (rnd.number, x.id, y.id)
    assert schedule_to_dict(plan_event(ps, w, opts))["rounds"] == \
        schedule_to_dict(plan)["rounds"]


def test_files_round_trip(tmp_path):
    ps = companies(6, {1: {"offers": "sveising"}})
    plan = plan_event(ps, random_scores(6), ScheduleOptions(rounds=3, tables=2,
                                                           event=(("name", "Haustmøte"),)))
    write_schedule_files(plan, tmp_path)
    data = read_schedule(tmp_path / "schedule.json")
    assert data["event"] == {"name": "Haustmøte"}
    assert data["settings"]["rounds"] == 3 and data["settings"]["tables"] == 2
    assert data["profiles"][1]["offers"] == "sveising"
    again = schedule_from_dict(data)
    assert again.rounds == plan.rounds and again.profiles == plan.profiles
    csv_text = (tmp_path / "schedule.csv").read_text()
    assert csv_text.splitlines()[0] == "round,start,end,table,companies,score"
    assert csv_text == schedule_csv(plan)


def test_read_schedule_reports_problems(tmp_path):
    bad = tmp_path / "s.json"
    bad.write_text("{not json")
    with pytest.raises(ScheduleError, match="not valid JSON"):
        read_schedule(bad)
    bad.write_text(json.dumps({"rounds": [{"round": 1, "meetings": [
        {"table": "1", "companies": ["a", "b"]}, {"table": "1", "companies": ["a", "x"]}]}],
        "profiles": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}]}))
    with pytest.raises(ScheduleError) as err:
        read_schedule(bad)
    msg = str(err.value)
    assert "table 1 is used twice" in msg and "'x' is not among the profiles" in msg
    assert "'a' is at two tables" in msg
    with pytest.raises(ScheduleError, match="does not exist"):
        read_schedule(tmp_path / "missing.json")


def test_must_meet_pairs_keep_the_cap_on_meetings():
    # found by hypothesis: placing must-meet pairs after greedy matching broke --max-meetings 1
    avail = {1: (1, 3), 2: (1, 2, 3), 3: (1,), 6: (2, 3), 9: (1, 2, 3)}
    avoid = {0: ("c9",), 4: ("c1",), 5: ("c0",), 9: ("c7",)}
    must = {7: ("c2",), 8: ("c1",)}
    ps = [Profile(id=f"c{i}", name=f"Company {i}", available=avail.get(i), avoid=avoid.get(i, ()),
                  must_meet=must.get(i, ())) for i in range(11)]
    w = np.array([
        [0, 0, .52, .49, .58, .16, .39, .84, .24, .26, .63],
        [0, 0, .54, .63, .24, .51, .6, .27, .28, .65, .74],
        [.52, .54, 0, .51, .4, .2, .35, .42, .26, 0, .54],
        [.49, .63, .51, 0, .48, .62, .86, .5, .9, .46, 0],
        [.58, .24, .4, .48, 0, .46, .15, .44, .29, .51, .49],
        [.16, .51, .2, .62, .46, 0, .15, .65, .47, .84, .39],
        [.39, .6, .35, .86, .15, .15, 0, .62, .86, .77, .8],
        [.84, .27, .42, .5, .44, .65, .62, 0, .18, .68, .16],
        [.24, .28, .26, .9, .29, .47, .86, .18, 0, .7, .52],
        [.26, .65, 0, .46, .51, .84, .77, .68, .7, 0, .85],
        [.63, .74, .54, 0, .49, .39, .8, .16, .52, .85, 0]])
    for solver in ("greedy", "auto"):
        opts = ScheduleOptions(rounds=3, tables=1, max_meetings=1, seed=1702, time_limit=2,
                               solver=solver)
        plan = plan_event(ps, w, opts)
        assert all(len(plan.meetings_of(p.id)) <= 1 for p in ps)
        met = {frozenset(m.companies) for r in plan.rounds for m in r.meetings}
        assert {frozenset(("c7", "c2")), frozenset(("c8", "c1"))} <= met
