"""Tests of matcher.suggest and matcher.reasons: suggestions, reasons, formats."""

import csv
import io
import json

import pytest

from matcher.reasons import matched_terms, similar_tokens
from matcher.suggest import (SuggestError, explain_pair, explain_pairs, format_suggestions,
                             suggest)
from profiles.model import Profile


def P(i, name, offers="", needs="", **kw):
    return Profile(id=i, name=name, offers=offers, needs=needs, **kw)


PROFILES = (
    P("tokke", "Tokke Bygg", offers="Tømrararbeid og hyttebygging",
      needs="Vi treng CNC-fresing av beslag", interests=("lean",), industry="41.200"),
    P("kvit", "Kviteseid Mek.", offers="CNC-fresing og sveising",
      needs="Treng hyttebygg til tilsette", interests=("lean", "purchasing"), industry="25.620"),
    P("rekn", "Rekneskap Vest", offers="Rekneskap og lønn", needs="Nye kundar",
      industry="69.201"),
    P("sag", "Seljord Sag", offers="Sagbruk, trelast", needs="Treng rekneskapsførar",
      avoid=("tokke",), industry="16.100"),
)


def test_reason_names_matched_words_from_company_view_in_three_languages():
    nn = explain_pair(PROFILES, "tokke", "kvit", lang="nn")
    assert "De treng CNC-fresing — Kviteseid Mek. tilbyr CNC-fresing" in nn.reason
    nb = explain_pair(PROFILES, "tokke", "kvit", lang="nb")
    assert nb.reason.startswith("Dere trenger CNC-fresing")
    en = explain_pair(PROFILES, "tokke", "kvit", lang="en")
    assert en.reason.startswith("You need CNC-fresing — Kviteseid Mek. offers CNC-fresing")
    assert nn.details["a_needs"] == ["CNC-fresing"]
    assert set(nn.components) >= {"complementarity", "industry", "interests", "proximity"}
    assert 0 < nn.score <= 1


def test_explain_other_direction_and_batch():
    out = explain_pairs(PROFILES, [("kvit", "tokke"), ("rekn", "sag")], lang="nn")
    assert "Tokke Bygg tilbyr" in out[("kvit", "tokke")].reason
    assert ("Seljord Sag treng rekneskapsførar, som de tilbyr (rekneskap og lønn)"
            in out[("rekn", "sag")].reason)
    with pytest.raises(SuggestError):
        explain_pairs(PROFILES, [("kvit", "nobody")])


def test_similar_tokens_and_matched_terms():
    assert similar_tokens("trelast", "trelasthandel")
    assert similar_tokens("sagbruket", "sagbruk")
    assert not similar_tokens("sag", "sau")
    m = matched_terms("Treng trelast til sagbruket", "Trelasthandel og sagbruk")
    assert m.need_terms == ("trelast", "sagbruket")
    assert m.offer_terms == ("trelasthandel", "sagbruk")  # sentence-initial capital dropped
    assert not matched_terms("berre noko", "berre noko")


def test_reason_of_a_synonym_match_shows_the_companies_own_words():
    m = matched_terms("Vi treng frukost til gjestene og hjelp med bokføring",
                      "Kafé med lunsj. Rekneskap for små firma")
    assert m.need_terms == ("frukost", "bokføring")
    assert m.offer_terms == ("kafé", "lunsj", "rekneskap")
    assert not matched_terms("Treng sveising", "Rekneskap og lønn")
    ps = (P("hotel", "Vrådal Hotell", offers="Overnatting", needs="Treng spekemat til buffeten"),
          P("farm", "Kviteseid Gard", offers="Foredling av lammekjøt og pølser",
            needs="Nokon som kan ta bokføringa"),
          P("acc", "Seljord Rekneskap", offers="Rekneskap og årsoppgjer"),
          P("weld", "Tokke Sveis", offers="Sveising og platearbeid"))
    e = explain_pair(ps, "hotel", "farm", lang="nn")
    assert e.reason.startswith("De treng spekemat — Kviteseid Gard tilbyr lammekjøt og pølser")
    # the farm's partners: the accountant (no shared stem with its need) and the hotel
    got = suggest(ps, top=2, companies=["farm"])
    assert {s.partner for s in got} == {"acc", "hotel"}
    assert "bokføringa" in next(s.reason for s in got if s.partner == "acc")


def test_suggest_ranks_excludes_self_and_avoid():
    sugg = suggest(PROFILES, top=3)
    by = {}
    for s in sugg:
        by.setdefault(s.company, []).append(s)
        assert s.company != s.partner
        assert 0 <= s.score <= 1 and s.reason
    assert by["tokke"][0].partner == "kvit"
    assert [s.rank for s in by["tokke"]] == [1, 2]  # sag avoids tokke
    assert all(s.partner != "tokke" for s in by["sag"])
    only = suggest(PROFILES, top=2, companies=["Kviteseid Mek."])
    assert {s.company for s in only} == {"kvit"}
    with pytest.raises(SuggestError):
        suggest(PROFILES, companies=["Ukjend AS"])
    with pytest.raises(SuggestError):
        suggest(PROFILES, top=0)


def test_formats():
    sugg = suggest(PROFILES, top=2, lang="en")
    rows = list(csv.DictReader(io.StringIO(format_suggestions(sugg, "csv", PROFILES))))
    assert len(rows) == len(sugg) and rows[0]["company"] == "Tokke Bygg"
    data = json.loads(format_suggestions(sugg, "json", PROFILES))
    assert data[0]["partner"] == "Kviteseid Mek."
    md = format_suggestions(sugg, "md", PROFILES)
    assert md.startswith("## Tokke Bygg") and "1. **Kviteseid Mek.**" in md
    table = format_suggestions(sugg, "table", PROFILES)
    assert "Tokke Bygg (tokke)" in table
    with pytest.raises(SuggestError):
        format_suggestions(sugg, "xml", PROFILES)


def test_doctests():
    import doctest

    import matcher.reasons
    import matcher.suggest
    assert doctest.testmod(matcher.suggest).failed == 0
    assert doctest.testmod(matcher.reasons).failed == 0


# ----------------------------------------------------------------------------- CLI
from click.testing import CliRunner  # noqa: E402

from cli import main  # noqa: E402

SAMPLE = str(__import__("profiles.load", fromlist=["sample_path"]).sample_path())


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_cli_suggest_table_and_files(tmp_path):
    r = run("suggest", SAMPLE, "--company", "Nissedal Laft", "--top", "3")
    assert r.exit_code == 0, r.output
    assert r.output.startswith("Nissedal Laft") and " 3. " in r.output and "De treng" in r.output
    out = tmp_path / "forslag.csv"
    r = run("suggest", SAMPLE, "--top", "2", "--lang", "en", "--out", out)
    assert r.exit_code == 0 and out.exists()
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 2 * 82 and rows[0]["reason"]
    assert run("suggest", SAMPLE, "--out", out).exit_code == 2          # exists, no --force
    assert run("suggest", SAMPLE, "--out", out, "--force", "--format", "json").exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))[0]["rank"] == 1


def test_cli_suggest_bad_input_exits_2(tmp_path):
    r = run("suggest", SAMPLE, "--company", "Ingen Slik AS")
    assert r.exit_code == 2 and "unknown company" in r.output
    bad = tmp_path / "w.toml"
    bad.write_text("[weights]\nluck = 1\n")
    r = run("suggest", SAMPLE, "--weights", bad)
    assert r.exit_code == 2 and "unknown weight" in r.output
    assert run("suggest", tmp_path / "missing.csv").exit_code == 2


def test_cli_score_columns_and_min_score(tmp_path):
    out = tmp_path / "pairs.csv"
    r = run("score", SAMPLE, "--out", out, "--min-score", "0.3")
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == ["a", "b", "a_name", "b_name", "score", "complementarity",
                             "a_needs_b_offers", "b_needs_a_offers", "industry", "interests",
                             "proximity"]
    assert rows and all(float(x["score"]) >= 0.3 for x in rows)


def test_cli_explain_and_weights_from_project_config(tmp_path, monkeypatch):
    r = run("explain", SAMPLE, "Seljord Vindauge og Dører AS", "Seljord Mekaniske AS", "--lang", "en")
    assert r.exit_code == 0, r.output
    assert "CNC-fres" in r.output and "Complementarity" in r.output
    data = json.loads(run("explain", SAMPLE, "Nissedal Laft", "Seljord Rør AS", "--json").output)
    assert data["details"]["weights"]["complementarity"] == pytest.approx(0.75)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "speeddate.toml").write_text("[weights]\ncomplementarity = 1\nindustry = 0\n"
                                             "interests = 0\nproximity = 0\n")
    data = json.loads(run("explain", SAMPLE, "Nissedal Laft", "Seljord Rør AS", "--json").output)
    assert data["details"]["weights"]["complementarity"] == 1.0
    assert run("explain", SAMPLE, "Nissedal Laft", "Nissedal Laft").exit_code == 2


def test_cli_help_has_examples():
    for cmd in ("suggest", "score", "explain"):
        r = run(cmd, "--help")
        assert r.exit_code == 0 and "Example:" in r.output and "--weights" in r.output


from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=60), st.text(max_size=60), st.sampled_from(["nn", "nb", "en"]))
def test_explain_never_crashes_and_always_gives_a_reason(need, offer, lang):
    ps = [P("a", "A AS", needs=need, offers=offer), P("b", "B AS", offers=need, needs=offer)]
    e = explain_pair(ps, "a", "b", lang=lang)
    assert e.reason.strip() and 0.0 <= e.score <= 1.0
    assert all(0.0 <= v <= 1.0 for v in e.components.values())


def test_explanation_agrees_with_pair_table_and_hosts_are_scored():
    from matcher.score import score_pairs
    ps = list(PROFILES) + [P("kom", "Tokke kommune", needs="CNC-fresing av skilt", role="host")]
    df = score_pairs(ps).set_index(["a", "b"])
    e = explain_pair(ps, "tokke", "kvit")
    row = df.loc[("tokke", "kvit")]
    assert e.score == pytest.approx(row["score"], abs=1e-5)
    for name, value in e.components.items():
        assert value == pytest.approx(row[name], abs=1e-5)
    host = explain_pair(ps, "kom", "kvit")
    assert host.score > 0.3 and "CNC-fresing" in host.reason
