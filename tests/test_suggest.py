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
    assert "Seljord Sag treng rekneskapsførar, som de tilbyr (Rekneskap)" in out[("rekn", "sag")].reason
    with pytest.raises(SuggestError):
        explain_pairs(PROFILES, [("kvit", "nobody")])


def test_similar_tokens_and_matched_terms():
    assert similar_tokens("trelast", "trelasthandel")
    assert similar_tokens("sagbruket", "sagbruk")
    assert not similar_tokens("sag", "sau")
    m = matched_terms("Treng trelast til sagbruket", "Trelasthandel og sagbruk")
    assert m.need_terms == ("trelast", "sagbruket")
    assert m.offer_terms == ("Trelasthandel", "sagbruk")
    assert not matched_terms("berre noko", "berre noko")


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
