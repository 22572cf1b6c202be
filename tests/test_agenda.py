"""Tests of matcher.agenda: agendas from a schedule dict, writing every format, safety, CLI."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from agenda_fixtures import group_schedule, schedule
from cli import main
from matcher.agenda import (
    Event,
    build_material,
    check_schedule,
    parse_formats,
    resolve_profiles,
    write_agendas,
)
from matcher.agenda_plain import agenda_csv, agenda_markdown
from matcher.cells import FORMULA_STARTS
from profiles.errors import OutputError, ScheduleError
from profiles.model import Profile


def read_csv(path):
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def material(**kw):
    return build_material(schedule(), reasons=False, tips=0, **kw)


def by_id(m):
    return {a.company.id: a for a in m.agendas}


def test_every_company_gets_every_round_with_the_right_partner():
    m = material()
    agendas = by_id(m)
    assert list(agendas) == ["sag", "mek", "evil1", "evil2", "late"]
    sag = agendas["sag"]
    assert [s.round for s in sag.slots] == [1, 2, 3]
    assert [(s.table, [p.id for p in s.partners]) for s in sag.slots] == [
        ("1", ["mek"]), ("1", ["evil1"]), ("2", ["evil2"])]
    # symmetric: whoever sag meets meets sag at the same table and time
    for s in sag.meetings:
        other = agendas[s.partners[0].id].slots[s.round - 1]
        assert other.table == s.table and [p.id for p in other.partners] == ["sag"]
        assert (other.start, other.end) == (s.start, s.end)


def test_absent_and_free_rounds_are_told_apart():
    s = schedule()
    s["rounds"][0]["meetings"] = s["rounds"][0]["meetings"][:1]  # evil1/evil2 free in round 1
    agendas = by_id(build_material(s, reasons=False, tips=0))
    late = agendas["late"].slots[0]
    assert not late.is_meeting and not late.present  # late attends rounds 2-3 only
    free = agendas["evil1"].slots[0]
    assert not free.is_meeting and free.present


def test_seats_sorted_and_stats_counted():
    m = material()
    assert [(s.round, s.table) for s in m.seats] == [(1, "1"), (1, "2"), (2, "1"), (2, "2"),
                                                      (3, "1"), (3, "2")]
    assert m.tables == ("1", "2")
    assert m.stats["meetings"] == 6 and m.stats["companies"] == 5
    assert m.stats["meetings_per_company_min"] == 2
    assert m.stats["meetings_per_company_max"] == 3
    assert m.stats["total_score"] == 2.29  # the schedule's own stats are kept
    assert m.stats["mean_score"] == pytest.approx((0.71 + 0.2 + 0.55 + 0.31 + 0.12 + 0.4) / 6,
                                                  abs=1e-4)


def test_group_tables_and_named_tables():
    m = build_material(group_schedule(), reasons=False, tips=0)
    assert m.tables == ("1", "Peisestova")
    sag = by_id(m)["sag"].slots[0]
    assert sag.table == "Peisestova" and [p.id for p in sag.partners] == ["mek", "late"]
    rows = list(csv.reader(io.StringIO(agenda_csv(by_id(m)["sag"], m))))
    assert len(rows) == 3  # header + one row per partner at the table


def test_event_from_schedule_and_override():
    m = material()
    assert m.event == Event("Vårtreff i Vest-Telemark", __import__("datetime").date(2027, 3, 18),
                            "Dalen hotell", 10)
    m2 = material(event={"venue": "Rauland", "name": None, "date": "2027-04-01"})
    assert m2.event.venue == "Rauland" and m2.event.name == "Vårtreff i Vest-Telemark"
    assert m2.event.date.isoformat() == "2027-04-01"


def test_bad_date_is_a_clear_error():
    with pytest.raises(ScheduleError, match="YYYY-MM-DD"):
        material(event={"date": "18.03.2027"})


def test_missing_companies_in_profiles_are_named():
    profiles = [Profile.from_dict(d) for d in schedule()["profiles"] if d["id"] != "late"]
    with pytest.raises(ScheduleError, match="missing from the profiles file") as err:
        resolve_profiles(schedule(), profiles)
    assert "'late'" in str(err.value)


def test_profiles_that_do_not_match_at_all():
    other = [Profile(id="x", name="X AS"), Profile(id="y", name="Y AS")]
    with pytest.raises(ScheduleError, match="do not match"):
        build_material(schedule(), other, reasons=False, tips=0)


def test_schedule_without_profiles_asks_for_them():
    s = schedule()
    del s["profiles"]
    with pytest.raises(ScheduleError, match="--profiles"):
        build_material(s, reasons=False, tips=0)


def test_profiles_file_overrides_embedded_profiles():
    profiles = [Profile.from_dict({**d, "contact_name": "Ny Kontakt"})
                for d in schedule()["profiles"]]
    m = build_material(schedule(), profiles, reasons=False, tips=0)
    assert all(a.company.contact_name == "Ny Kontakt" for a in m.agendas)


@pytest.mark.parametrize("bad, fragment", [
    ({"rounds": 3}, "must be a list"),
    ({"rounds": [{"round": "1", "meetings": []}]}, "whole number"),
    ({"rounds": [{"round": 1, "meetings": [{"table": "1", "companies": "a,b"}]}]},
     "meeting 1"),
    ([], "JSON object"),
    ({"rounds": [{"round": 1, "meetings": []}, {"round": 1, "meetings": []}]}, "twice"),
])
def test_broken_schedule_structure(bad, fragment):
    with pytest.raises(ScheduleError, match=fragment):
        check_schedule(bad)


def test_company_in_two_places_is_refused():
    s = schedule()
    s["rounds"][0]["meetings"][1]["companies"] = ["sag", "evil2"]
    with pytest.raises(ScheduleError, match="two tables in round 1"):
        build_material(s, reasons=False, tips=0)


def test_parse_formats():
    assert parse_formats(None) == ("csv", "md", "html", "pdf", "ics", "xlsx")
    assert parse_formats(["xlsx", "csv"]) == ("csv", "xlsx")
    with pytest.raises(ScheduleError):
        parse_formats(" , ")


def test_write_agendas_csv_md(tmp_path):
    summary = write_agendas(schedule(), tmp_path, ("csv", "md"), reasons=False, tips=0)
    names = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")
                   if p.is_file())
    assert "companies/vinje-sag-as.md" in names and "companies/vinje-sag-as.csv" in names
    assert {"agendas.csv", "participants.csv", "mail-merge.csv"} <= set(names)
    assert summary.companies == 5 and summary.meetings == 6
    assert sorted(summary.files) == names
    # every file stays inside the folder and names do not clash
    stems = [n for n in names if n.startswith("companies/") and n.endswith(".md")]
    assert len(stems) == 5
    merge = read_csv(tmp_path / "mail-merge.csv")
    assert [r["md"] for r in merge][0] == "companies/vinje-sag-as.md"
    assert all((tmp_path / r["md"]).is_file() for r in merge)
    assert merge[0]["pdf"] == ""  # not asked for
    allrows = read_csv(tmp_path / "agendas.csv")
    assert len(allrows) == 12  # 6 meetings seen from both sides


def test_write_agendas_never_overwrites(tmp_path):
    write_agendas(schedule(), tmp_path, ("md",), reasons=False, tips=0)
    with pytest.raises(OutputError):
        write_agendas(schedule(), tmp_path, ("md",), reasons=False, tips=0)


def write_schedule(tmp_path, data=None):
    path = tmp_path / "schedule.json"
    path.write_text(json.dumps(data or schedule(), ensure_ascii=False), encoding="utf-8")
    return path


def test_cli_agenda_writes_folder_and_refuses_overwrite(tmp_path):
    path = write_schedule(tmp_path)
    out = tmp_path / "out"
    runner = CliRunner()
    res = runner.invoke(main, ["agenda", str(path), "--out", str(out), "--format", "csv,md",
                               "--tips", "0"])
    assert res.exit_code == 0, res.output
    assert (out / "companies" / "vinje-sag-as.md").is_file()
    res = runner.invoke(main, ["agenda", str(path), "--out", str(out), "--format", "md"])
    assert res.exit_code == 2 and "--force" in res.output
    res = runner.invoke(main, ["agenda", str(path), "--out", str(out), "--format", "md",
                               "--lang", "en", "--force", "--tips", "0"])
    assert res.exit_code == 0, res.output
    assert "Meeting plan for" in (out / "companies" / "vinje-sag-as.md").read_text()
    assert not (out / "companies" / "vinje-sag-as.csv").exists()  # folder replaced whole


def test_cli_agenda_bad_input_exits_2_and_leaves_nothing(tmp_path):
    data = schedule()
    data["profiles"] = data["profiles"][:2]
    path = write_schedule(tmp_path, data)
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["agenda", str(path), "--out", str(out), "--format", "md"])
    assert res.exit_code == 2
    assert "'late'" in res.output and "profiles" in res.output
    assert not out.exists()


def test_cli_agenda_help_has_example():
    res = CliRunner().invoke(main, ["agenda", "--help"])
    assert res.exit_code == 0 and "Example:" in res.output and "--lang" in res.output


def test_why_you_meet_comes_from_the_scorer():
    m = build_material(schedule(), tips=0)
    sag = by_id(m)["sag"]
    first = sag.meetings[0]
    assert first.partners[0].id == "mek" and "CNC" in first.reasons[0]
    assert all(r for s in sag.meetings for r in s.reasons)  # every meeting has a reason
    en = by_id(build_material(schedule(), lang="en", tips=0))["sag"].meetings[0].reasons[0]
    assert en != first.reasons[0] and "CNC" in en


def test_tips_are_outside_the_schedule():
    m = build_material(schedule(), reasons=False, tips=2)
    for a in m.agendas:
        met = {p.id for s in a.meetings for p in s.partners}
        tips = [t.partner.id for t in a.tips]
        assert len(tips) <= 2 and len(set(tips)) == len(tips)
        assert a.company.id not in tips and not met & set(tips)
    assert any(a.tips for a in m.agendas)
    md = agenda_markdown(by_id(m)["mek"], m)
    assert "## Også verdt å kontakte" in md


def test_every_format_keeps_evil_names_inert(tmp_path):
    pytest.importorskip("weasyprint")
    out = tmp_path / "out"
    out.mkdir()
    write_agendas(schedule(), out, None, tips=2)
    seen = set()
    for path in out.rglob("*"):
        if path.suffix in (".csv", ".md", ".html", ".ics"):
            text = path.read_text(encoding="utf-8-sig")
            seen.add(path.suffix)
        if path.suffix == ".html":  # plain-text formats (csv, ics) keep the name as written
            assert "<script>" not in text and "<img" not in text, path
        if path.suffix == ".csv":
            for row in csv.reader(io.StringIO(text)):
                assert not any(c.startswith(FORMULA_STARTS) for c in row), (path, row)
        if path.suffix == ".md":  # escaped: a Markdown renderer shows the brackets
            assert not re.search(r"(?<!\\)[<>]", text), path
    assert seen == {".csv", ".md", ".html", ".ics"}
    assert (out / "event.xlsx").is_file() and (out / "agendas.pdf").is_file()
    # file names from company names stay inside the folder
    assert all(out in p.resolve().parents for p in out.rglob("*"))
    assert sorted(p.name for p in (out / "companies").glob("*.md")) == [
        "fyresdal-fjellstove.md", "hyperlink-http-x-y.md", "kviteseid-mek-verkstad-as.md",
        "script-alert-1-script.md", "vinje-sag-as.md"]


def test_clashing_and_path_like_names_get_distinct_safe_files(tmp_path):
    s = schedule()
    s["profiles"][2]["name"] = "../../Vinje Sag AS"
    s["profiles"][3]["name"] = "Vinje/Sag\\AS"
    write_agendas(s, tmp_path, ("md",), reasons=False, tips=0)
    names = sorted(p.name for p in (tmp_path / "companies").iterdir())
    assert names == ["fyresdal-fjellstove.md", "kviteseid-mek-verkstad-as.md",
                     "vinje-sag-as-2.md", "vinje-sag-as-3.md", "vinje-sag-as.md"]
    assert [p for p in tmp_path.parent.iterdir() if p.name.endswith(".md")] == []


def test_formats_that_cannot_be_made_are_skipped_or_refused(tmp_path, monkeypatch):
    import matcher.pdf

    def no_weasyprint():
        raise OutputError("PDF output needs WeasyPrint")

    monkeypatch.setattr(matcher.pdf, "check_pdf_ready", no_weasyprint)
    s = schedule()
    del s["event"]["date"]
    summary = write_agendas(s, tmp_path, None, reasons=False, tips=0)
    assert summary.formats == ("csv", "md", "html", "xlsx")
    skipped = dict(summary.skipped)
    assert "--date" in skipped["ics"] and "WeasyPrint" in skipped["pdf"]
    assert "skipped pdf" in summary.describe()
    assert not list(tmp_path.rglob("*.ics")) and not list(tmp_path.rglob("*.pdf"))
    with pytest.raises(OutputError, match="WeasyPrint"):
        write_agendas(schedule(), tmp_path / "y", ("pdf",), reasons=False, tips=0)
    with pytest.raises(ScheduleError, match="--date"):
        write_agendas(s, tmp_path / "x", ("ics",), reasons=False, tips=0)


def test_end_to_end_on_the_bundled_sample(tmp_path):
    schedule_mod = pytest.importorskip("matcher.schedule")
    from matcher.score import score_matrix
    from profiles.load import load_sample

    profiles = load_sample()
    options = schedule_mod.ScheduleOptions(rounds=4, tables=20, seed=1, solver="greedy",
                                           event=(("name", "Vårtreff"),
                                                  ("date", "2027-03-18")))
    plan = schedule_mod.plan_event(profiles, score_matrix(profiles), options)
    path = tmp_path / "schedule.json"
    path.write_text(json.dumps(schedule_mod.schedule_to_dict(plan), ensure_ascii=False),
                    encoding="utf-8")
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["agenda", str(path), "--out", str(out),
                                    "--format", "csv,md,ics,xlsx,html", "--lang", "nb"])
    assert res.exit_code == 0, res.output
    merge = read_csv(out / "mail-merge.csv")
    assert len(merge) == len(profiles)
    data = json.loads(path.read_text(encoding="utf-8"))
    meetings = sum(len(r["meetings"]) for r in data["rounds"])
    assert meetings > 0 and f"{meetings} meetings" in res.output
    rows = read_csv(out / "agendas.csv")
    assert len(rows) == sum(len(m["companies"]) * (len(m["companies"]) - 1)
                            for r in data["rounds"] for m in r["meetings"])
    assert sum(1 for r in merge if r["ics"]) == len({c for r in data["rounds"]
                                                      for m in r["meetings"]
                                                      for c in m["companies"]})


@st.composite
def random_schedules(draw):
    """Valid schedules: random names (any text), rounds of disjoint tables of 2-3."""
    n = draw(st.integers(2, 9))
    names = draw(st.lists(st.text(min_size=1, max_size=12).filter(str.strip), min_size=n,
                          max_size=n, unique_by=lambda x: x.strip().lower()))
    profiles = [{"id": f"c{i}", "name": name} for i, name in enumerate(names)]
    rounds = []
    for r in range(1, draw(st.integers(1, 4)) + 1):
        order = draw(st.permutations(range(n)))
        sizes, meetings, i, table = draw(st.lists(st.sampled_from([2, 3]), max_size=4)), [], 0, 0
        for size in sizes:
            if i + size > n:
                break
            table += 1
            meetings.append({"table": str(table), "score": draw(st.floats(0, 1)),
                             "companies": [f"c{k}" for k in order[i:i + size]]})
            i += size
        rounds.append({"round": r, "start": f"{8 + r:02d}:00", "end": f"{8 + r:02d}:10",
                       "meetings": meetings})
    return {"event": {"date": "2027-03-18"}, "rounds": rounds, "profiles": profiles}


@settings(max_examples=40, deadline=None)
@given(random_schedules())
def test_agendas_mirror_any_schedule(s):
    from matcher.agenda_plain import all_agendas_rows

    m = build_material(s, reasons=False, tips=0)
    agendas = by_id(m)
    seats = [(r["round"], mt["table"], set(mt["companies"])) for r in s["rounds"]
             for mt in r["meetings"]]
    for cid, agenda in agendas.items():
        mine = [(rn, tb, others) for rn, tb, others in seats if cid in others]
        assert [(x.round, x.table) for x in agenda.meetings] == [(rn, tb) for rn, tb, _ in mine]
        for slot, (_, _, together) in zip(agenda.meetings, mine):
            assert {p.id for p in slot.partners} == together - {cid}
        assert len(agenda.slots) == len(s["rounds"])
        md = agenda_markdown(agenda, m)
        assert not re.search(r"(?<!\\)[<>]", md)
        for row in csv.reader(io.StringIO(agenda_csv(agenda, m))):
            assert not any(c.startswith(FORMULA_STARTS) for c in row)
    assert len(all_agendas_rows(m)) == sum(len(c) * (len(c) - 1) for _, _, c in seats)


def test_cli_agenda_with_a_profiles_file(tmp_path):
    from profiles.load import profiles_to_json

    path = write_schedule(tmp_path)
    profiles = [Profile.from_dict({**d, "contact_name": "Ny Kontakt",
                                   "contact_email": f"{d['id']}@ny.example"})
                for d in schedule()["profiles"]]
    pfile = tmp_path / "profiles.json"
    pfile.write_text(profiles_to_json(profiles), encoding="utf-8")
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["agenda", str(path), "--profiles", str(pfile), "--out",
                                    str(out), "--format", "md", "--tips", "0"])
    assert res.exit_code == 0, res.output
    assert "Ny Kontakt" in (out / "companies" / "vinje-sag-as.md").read_text(encoding="utf-8")


def test_doctests():
    import doctest

    import matcher.agenda

    assert doctest.testmod(matcher.agenda).failed == 0


def test_cli_columns_without_profiles_is_a_usage_error(tmp_path):
    path = write_schedule(tmp_path)
    cols = tmp_path / "columns.toml"
    cols.write_text('[columns]\nname = "Bedrift"\n', encoding="utf-8")
    res = CliRunner().invoke(main, ["agenda", str(path), "--columns", str(cols), "--out",
                                    str(tmp_path / "out")])
    assert res.exit_code == 2 and "--profiles" in res.output
    assert not (tmp_path / "out").exists()


def test_companies_without_meetings_count_in_the_statistics():
    s = schedule()
    for r in s["rounds"]:
        r["meetings"] = [mt for mt in r["meetings"] if "late" not in mt["companies"]]
    m = build_material(s, reasons=False, tips=0)
    assert m.stats["meetings_per_company_min"] == 0 and m.stats["companies_seated"] == 4
    late = by_id(m)["late"]
    assert late.meetings == () and len(late.slots) == 3
