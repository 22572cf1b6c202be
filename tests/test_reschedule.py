"""Tests of matcher.reschedule and the schedule/reschedule commands."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli import main
from matcher.instances import pairs_instance, requests_instance
from matcher.reschedule import changes_markdown, reschedule
from matcher.schedule import ScheduleOptions, plan_event, schedule_to_dict
from profiles.errors import ScheduleError
from profiles.model import Profile


def as_json(schedule):
    return json.loads(json.dumps(schedule_to_dict(schedule)))


def meetings_by_round(d):
    return [[(m["table"], tuple(m["companies"])) for m in r["meetings"]] for r in d["rounds"]]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 1000), st.integers(1, 5), st.integers(0, 3))
def test_property_repair_keeps_past_and_valid(seed, from_round, n_absent):
    ps, w = pairs_instance(16, 5, seed=seed, must=0)
    plan = plan_event(ps, w, ScheduleOptions(rounds=5, tables=6, time_limit=1, seed=seed))
    data = as_json(plan)
    rng = np.random.default_rng(seed)
    absent = [ps[int(i)].id for i in rng.choice(16, n_absent, replace=False)]
    new, changes = reschedule(data, absent=absent, from_round=from_round, scores=w)
    out = as_json(new)
    before, after = meetings_by_round(data), meetings_by_round(out)
    assert after[:from_round - 1] == before[:from_round - 1]           # past untouched
    met = set()
    for r, rnd in enumerate(after, 1):
        busy = set()
        assert len(rnd) <= 6
        for _, comps in rnd:
            assert not busy & set(comps)
            busy |= set(comps)
            assert frozenset(comps) not in met
            met.add(frozenset(comps))
            if r >= from_round:
                assert not set(comps) & set(absent)
    # every kept future meeting without an absent company is still there (few moves)
    for r in range(from_round - 1, 5):
        kept = [m for m in before[r] if not set(m[1]) & set(absent)]
        assert set(kept) <= set(after[r])
    assert all(c.round >= from_round for c in changes)


def test_latecomer_gets_meetings_and_changes_listed():
    ps = [Profile(id=f"c{i}", name=f"C{i}") for i in range(6)]
    ps[5] = Profile(id="c5", name="C5", available=(1,))
    w = np.ones((6, 6)) - np.eye(6)
    plan = plan_event(ps, w, ScheduleOptions(rounds=3, tables=3))
    data = as_json(plan)
    new, changes = reschedule(data, absent=["c0"], arrived=["C5"], from_round=2, scores=w)
    later = [m for r in new.rounds[1:] for m in r.meetings]
    assert any("c5" in m.companies for m in later)
    assert not any("c0" in m.companies for m in later)
    assert {c.company for c in changes} >= {"c0", "c5"}
    text = changes_markdown(changes, new.profiles, "nn")
    assert "# Endringar i timeplanen" in text and "## C5" in text
    assert new.settings["rescheduled"] == {"from_round": 2, "absent": ["c0"], "arrived": ["c5"]}
    assert data["revision"] == 0 and as_json(new)["revision"] == 1   # calendar SEQUENCE


def test_reschedule_errors():
    ps = [Profile(id=f"c{i}", name=f"C{i}") for i in range(4)]
    data = as_json(plan_event(ps, None, ScheduleOptions(rounds=2)))
    with pytest.raises(ScheduleError, match="'nobody'"):
        reschedule(data, absent=["nobody"], from_round=1)
    with pytest.raises(ScheduleError, match="1-2"):
        reschedule(data, absent=["c1"], from_round=5)
    with pytest.raises(ScheduleError, match="both absent and arrived"):
        reschedule(data, absent=["c1"], arrived=["c1"], from_round=1)


def test_requests_repair_drops_absent_meetings():
    ps, reqs = requests_instance(12, 20, 5, seed=1)
    plan = plan_event(ps, None, ScheduleOptions(rounds=5, mode="requests", requests=reqs,
                                                time_limit=2))
    data = as_json(plan)
    gone = reqs[0].a
    new, _ = reschedule(data, absent=[gone], from_round=1)
    assert not any(gone in m.companies for r in new.rounds for m in r.meetings)
    assert new.stats["meetings"] == len(reqs) - sum(gone in (q.a, q.b) for q in reqs)


def test_groups_repair_keeps_everybody_seated():
    ps = [Profile(id=f"c{i}", name=f"C{i}") for i in range(12)]
    plan = plan_event(ps, None, ScheduleOptions(rounds=3, mode="groups", group_size=3,
                                                time_limit=2))
    new, _ = reschedule(as_json(plan), absent=["c0", "c1", "c2"], from_round=2)
    for r in new.rounds[1:]:
        seated = sorted(c for m in r.meetings for c in m.companies)
        assert seated == sorted(f"c{i}" for i in range(3, 12))
        assert all(len(m.companies) >= 2 for m in r.meetings)


SAMPLE = """id,name,offers,needs,available,avoid,must_meet,role
sag,Sag AS,trelast og skurlast,transport,,,,participant
bygg,Bygg AS,byggtenester,trelast,,sag,,participant
frakt,Frakt AS,transport,,,,,participant
it,IT AS,nettverk,rekneskap,1-2,,,participant
rekn,Rekneskap AS,rekneskap,nettverk,,,it,participant
kommune,Kommunen,,byggtenester og trelast,,,,host
"""


def test_cli_schedule_and_reschedule(tmp_path):
    f = tmp_path / "members.csv"
    f.write_text(SAMPLE, encoding="utf-8")
    tables = tmp_path / "tables.txt"
    tables.write_text("Peis\nVindauge\nBar\n", encoding="utf-8")
    runner = CliRunner()
    out = tmp_path / "event"
    res = runner.invoke(main, ["schedule", str(f), "--rounds", "3", "--tables-file", str(tables),
                               "--start", "13:00", "--pause-after", "2:20", "--out", str(out)])
    assert res.exit_code == 0, res.output
    data = json.loads((out / "schedule.json").read_text())
    assert [r["start"] for r in data["rounds"]] == ["13:00", "13:15", "13:45"]
    assert {m["table"] for r in data["rounds"] for m in r["meetings"]} <= {"Peis", "Vindauge",
                                                                          "Bar"}
    assert (out / "schedule.csv").exists() and "Upper bound" in res.output
    again = runner.invoke(main, ["schedule", str(f), "--rounds", "3", "--out", str(out)])
    assert again.exit_code == 2 and "--force" in again.output
    res = runner.invoke(main, ["reschedule", str(out / "schedule.json"), "--absent", "Frakt AS",
                               "--from-round", "2", "--out", str(tmp_path / "r2"),
                               "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "r2" / "changes.md").read_text().startswith("# Changes to the schedule")
    bad = runner.invoke(main, ["schedule", str(f), "--rounds", "3", "--group-size", "3",
                               "--mingle", "3", "--out", str(tmp_path / "x")])
    assert bad.exit_code == 2 and "Choose one mode" in bad.output
    bad = runner.invoke(main, ["schedule", str(f), "--rounds", "3", "--tables", "1",
                               "--out", str(tmp_path / "y")])
    assert bad.exit_code == 2 and "IT AS (it) and Rekneskap AS (rekn)" in bad.output


def test_cli_requests_mode(tmp_path):
    f = tmp_path / "members.csv"
    f.write_text("id,name,available\na,A,\nb,B,\nc,C,1\n", encoding="utf-8")
    m = tmp_path / "meetings.csv"
    m.write_text("a,b,rounds\nA,B,\nA,C,\nB,C,2\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["schedule", str(f), "--rounds", "2", "--meetings", str(m),
                                    "--out", str(tmp_path / "o")])
    assert res.exit_code == 2
    assert "B - C (c) may take rounds 2, but the two are never present" in res.output or \
        "never present together" in res.output


def test_help_has_examples():
    for cmd in ("schedule", "reschedule"):
        res = CliRunner().invoke(main, [cmd, "--help"])
        assert res.exit_code == 0 and "Example" in res.output


def test_repair_scores_new_meetings_with_the_given_weights():
    from matcher.score import score_matrix
    from matcher.weights import Weights
    from profiles.load import load_sample

    ps = load_sample()[:15]
    plan = plan_event(ps, score_matrix(ps), ScheduleOptions(rounds=4, tables=7, time_limit=1))
    weights = Weights(complementarity=0.0, industry=0.0, interests=1.0, proximity=0.0)
    new, _ = reschedule(as_json(plan), absent=[ps[0].id], from_round=2, weights=weights)
    w = score_matrix(ps, weights)
    index = {p.id: i for i, p in enumerate(ps)}
    old = {frozenset(m["companies"]) for r in as_json(plan)["rounds"] for m in r["meetings"]}
    fresh = [m for r in as_json(new)["rounds"][1:] for m in r["meetings"]
             if frozenset(m["companies"]) not in old]
    assert fresh, "the absent company's partners should get new meetings"
    for m in fresh:
        a, b = (index[c] for c in m["companies"])
        assert m["score"] == pytest.approx(w[a, b], abs=1e-3)
