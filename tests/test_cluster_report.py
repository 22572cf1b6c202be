"""Tests of matcher.cluster_report: JSON/CSV/Markdown/HTML forms, writing, the CLI command."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest

from matcher.cluster_report import (
    describe_clusters,
    render_cluster_report,
    save_cluster_report,
    write_cluster_report,
)
from matcher.clusters import find_clusters
from profiles.errors import OutputError
from profiles.model import Profile


@pytest.fixture(scope="module")
def result():
    texts = ["trelast sagbruk tømmer", "trelast limtre bygg", "tømmer trelast transport",
             "ost lokalmat spekemat", "lokalmat ost rømme", "spekemat lokalmat hotell"]
    profiles = [Profile(id=f"c{i}", name=f"Firma <{i}> & co", offers=t, municipality="Tokke",
                        employees=i + 1, interests=("innovation",))
                for i, t in enumerate(texts)]
    profiles.append(Profile(id="alone", name="Aleine AS"))
    s = np.full((7, 7), 0.05)
    s[:3, :3] = s[3:6, 3:6] = 0.8
    s[6, :] = s[:, 6] = 0.0
    np.fill_diagonal(s, 0)
    return find_clusters(profiles, s, runs=3, k_range=(2, 3))


def test_json_form(result):
    data = json.loads(render_cluster_report(result, "json"))
    assert [sorted(c["members"]) for c in data["clusters"]] == [["c0", "c1", "c2"],
                                                                ["c3", "c4", "c5"]]
    assert data["unclustered"] == ["alone"]
    for c in data["clusters"]:
        assert c["name"] and c["size"] == 3 and 0 <= c["stability"] <= 1
        assert {m["id"] for m in c["member_details"]} == set(c["members"])
    assert data["k_table"][0]["k"] == 2


def test_csv_has_one_row_per_company(result):
    rows = list(csv.DictReader(io.StringIO(render_cluster_report(result, "csv"))))
    assert sorted(r["id"] for r in rows) == sorted(p.id for p in result.profiles)
    assert next(r for r in rows if r["id"] == "alone")["cluster"] == ""


def test_csv_neutralises_formulas_and_has_a_bom_on_disk(tmp_path):
    profiles = [Profile(id=f"c{i}", name=f"=HYPERLINK(\"x\",\"{i}\")", offers="sag")
                for i in range(3)]
    s = np.full((3, 3), 0.7)
    np.fill_diagonal(s, 0)
    risky = find_clusters(profiles, s, runs=1, scan_k=False)
    rows = list(csv.DictReader(io.StringIO(render_cluster_report(risky, "csv"))))
    assert all(r["name"].startswith("'=") for r in rows)
    write_cluster_report(risky, tmp_path, ("csv",))
    assert (tmp_path / "clusters.csv").read_bytes().startswith("\ufeff".encode("utf-8"))


def test_markdown_names_every_cluster(result):
    md = render_cluster_report(result, "md", lang="en")
    assert md.startswith("# Candidate clusters")
    for c in result.clusters:
        assert c.name in md
    assert "Aleine AS" in md
    assert "No good fit" in md
    nn = render_cluster_report(result, "md")
    assert "Moglege klynger" in nn


def test_html_is_self_contained_escaped_and_printable(result):
    html = render_cluster_report(result, "html")
    assert "data:image/png;base64," in html
    assert "@media print" in html
    assert "Firma &lt;0&gt; &amp; co" in html and "Firma <0>" not in html
    assert "src=\"http" not in html and "<link" not in html and "<script src" not in html


def test_unknown_format_or_language():
    with pytest.raises(OutputError):
        render_cluster_report(None, "pdf")


def test_write_and_refuse_overwrite(result, tmp_path):
    paths = write_cluster_report(result, tmp_path, ("json", "md"))
    assert sorted(p.name for p in paths) == ["clusters.json", "clusters.md"]
    with pytest.raises(OutputError, match="--force"):
        write_cluster_report(result, tmp_path, ("json",))
    write_cluster_report(result, tmp_path, ("json",), force=True)
    with pytest.raises(OutputError):
        write_cluster_report(result, tmp_path / "missing", ("json",))


def test_save_modes(result, tmp_path):
    assert save_cluster_report(result).startswith("# Moglege klynger")
    save_cluster_report(result, tmp_path / "one.json", "json")
    assert json.loads((tmp_path / "one.json").read_text())["unclustered"] == ["alone"]
    save_cluster_report(result, tmp_path / "all")
    assert sorted(p.name for p in (tmp_path / "all").iterdir()) == [
        "clusters.csv", "clusters.html", "clusters.json", "clusters.md"]
    with pytest.raises(OutputError):
        save_cluster_report(result, tmp_path / "all")


def test_describe(result):
    assert describe_clusters(result).startswith("2 clusters of 7 companies (3, 3), 1 with no")


# ----------------------------------------------------------------- the CLI

def _run(args):
    from click.testing import CliRunner

    import cli

    return CliRunner().invoke(cli.main, args)


def test_cli_help_has_example():
    res = _run(["clusters", "--help"])
    assert res.exit_code == 0 and "Example:" in res.output and "--method" in res.output


def test_cli_on_the_sample_json_and_folder(tmp_path):
    from profiles.load import load_sample, sample_path

    res = _run(["clusters", str(sample_path()), "--k", "5", "--format", "json", "--seed", "3"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert len(data["clusters"]) <= 5
    placed = [m for c in data["clusters"] for m in c["members"]] + data["unclustered"]
    assert sorted(placed) == sorted(p.id for p in load_sample())
    again = _run(["clusters", str(sample_path()), "--k", "5", "--format", "json", "--seed", "3"])
    assert again.output == res.output  # same seed, same result

    out = tmp_path / "clusters"
    res = _run(["clusters", str(sample_path()), "--method", "leiden", "--out", str(out),
                "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert "written to" in res.output
    assert (out / "clusters.html").read_text().count("<section class=\"card\"") >= 2
    refused = _run(["clusters", str(sample_path()), "--out", str(out)])
    assert refused.exit_code == 2 and "--force" in refused.output
    assert _run(["clusters", str(sample_path()), "--out", str(out), "--force"]).exit_code == 0


def test_cli_weights_change_the_scores(tmp_path):
    from profiles.load import sample_path

    weights = tmp_path / "w.toml"
    weights.write_text("[weights]\ninterests = 0.9\ncomplementarity = 0.1\n", encoding="utf-8")
    args = ["clusters", str(sample_path()), "--k", "4", "--format", "json"]
    plain = json.loads(_run(args).output)
    heavy = _run(args + ["--weights", str(weights)])
    assert heavy.exit_code == 0, heavy.output
    assert [c["members"] for c in json.loads(heavy.output)["clusters"]] != \
        [c["members"] for c in plain["clusters"]]
    missing = _run(args + ["--weights", str(tmp_path / "none.toml")])
    assert missing.exit_code == 2


def test_cli_bad_input_exits_2(tmp_path):
    from profiles.load import sample_path

    both = _run(["clusters", str(sample_path()), "--k", "4", "--resolution", "1.2"])
    assert both.exit_code == 2 and "not both" in both.output
    bad = tmp_path / "bad.csv"
    bad.write_text("name,employees\nA,many\n", encoding="utf-8")
    res = _run(["clusters", str(bad)])
    assert res.exit_code == 2 and "line 2" in res.output


def test_doctests():
    import doctest

    import matcher.cluster_report

    assert doctest.testmod(matcher.cluster_report).failed == 0
