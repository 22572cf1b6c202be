"""The whole pipeline end to end on the bundled sample, through the CLI."""

import json

import pytest
from click.testing import CliRunner

from cli import main
from matcher.pipeline import run_pipeline
from profiles.errors import OutputError
from profiles.load import load_sample


@pytest.fixture(scope="module")
def demo_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "out"
    result = CliRunner().invoke(main, ["demo", "--out", str(out), "--rounds", "6",
                                       "--time-limit", "2", "--format", "csv,md,html,ics,xlsx"])
    assert result.exit_code == 0, result.output
    return out, result.output


def test_demo_writes_every_stage(demo_out):
    out, output = demo_out
    for rel in ["profiles.json", "suggestions.csv", "suggestions.md", "schedule.json", "schedule.csv",
                "clusters/clusters.json", "clusters/clusters.md", "agendas/agendas.csv"]:
        assert (out / rel).is_file(), rel
    assert "companies" in output and "meetings" in output and "candidate clusters" in output


def test_demo_schedule_is_valid_for_the_sample(demo_out):
    out, _ = demo_out
    sample = {p.id: p for p in load_sample()}
    data = json.loads((out / "schedule.json").read_text(encoding="utf-8"))
    met = set()
    for rnd in data["rounds"]:
        seen = set()
        for m in rnd["meetings"]:
            a, b = m["companies"]
            assert not seen & {a, b}, "a company is in two places in one round"
            seen |= {a, b}
            pair = frozenset((a, b))
            assert pair not in met, "a pair meets twice"
            met.add(pair)
            assert b not in sample[a].avoid and a not in sample[b].avoid
            assert sample[a].attends(rnd["round"]) and sample[b].attends(rnd["round"])
    for p in sample.values():
        for q in p.must_meet:
            assert frozenset((p.id, q)) in met


def test_every_company_gets_an_agenda_and_a_cluster_or_no_fit(demo_out):
    out, _ = demo_out
    ids = {p.id for p in load_sample()}
    clusters = json.loads((out / "clusters/clusters.json").read_text(encoding="utf-8"))
    placed = [m for c in clusters["clusters"] for m in c["members"]] + clusters["unclustered"]
    assert sorted(placed) == sorted(ids)
    assert 2 <= len(clusters["clusters"]) <= 10
    agendas = list((out / "agendas" / "companies").glob("*.md"))
    assert len(agendas) == len(ids)


def test_demo_refuses_to_overwrite(demo_out):
    out, _ = demo_out
    before = sorted(p.name for p in out.iterdir())
    result = CliRunner().invoke(main, ["demo", "--out", str(out)])
    assert result.exit_code == 2 and "--force" in result.output
    assert sorted(p.name for p in out.iterdir()) == before


def test_failure_leaves_nothing_behind(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(Exception):
        run_pipeline(load_sample()[:10], out, rounds=3, agenda_formats=["nonsense"])
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == []


def test_run_on_own_file(tmp_path):
    src = tmp_path / "p.json"
    CliRunner().invoke(main, ["sample", "--out", str(src)])
    out = tmp_path / "event"
    result = CliRunner().invoke(main, ["run", str(src), "--out", str(out), "--rounds", "3",
                                       "--lang", "en", "--time-limit", "1", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert (out / "schedule.json").exists()


def test_run_refuses_existing_without_force(tmp_path):
    (tmp_path / "x").mkdir()
    with pytest.raises(OutputError):
        run_pipeline(load_sample()[:6], tmp_path / "x", rounds=2, agenda_formats=["csv"])
