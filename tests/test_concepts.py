"""Tests of profiles.concepts: the business concept lexicon (synonyms across nn/nb/en)."""

from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

import profiles.concepts as C
from profiles.concepts import (LexiconError, concept_text, concepts_of_words, load_lexicon,
                               merge_lexicons, parse_lexicon, shared_concepts, word_concepts)
from profiles.text import canonical, content_text, normalise, stop_words


def test_shipped_lexicon_is_well_formed():
    lex = load_lexicon()
    assert len(lex.concepts) >= 100
    assert len(set(lex.concepts)) == len(lex.concepts)
    assert all(lex.trades[c] for c in lex.concepts)
    named = {c for cs in lex.words.values() for c in cs} | \
        {c for cs in lex.phrases.values() for c in cs}
    assert named == set(lex.concepts)  # every concept has at least one usable term
    sw = stop_words()
    # a term that is a stop word would never be seen in a content text
    raw = resources.files("profiles.data").joinpath("concepts.csv").read_text(encoding="utf-8")
    rows = [ln.split(",", 2) for ln in raw.splitlines()[1:] if ln and not ln.startswith("#")]
    terms = [t.lstrip("=") for row in rows[1:] for t in row[2].split("|")]
    assert not [t for t in terms if normalise(t) in sw]
    assert all(w == canonical(normalise(w)) for w in lex.words)


def test_trades_of_a_rural_business_network_are_covered():
    trades = set(load_lexicon().trades.values())
    assert {"wood", "building", "electrical", "plumbing", "machining", "transport", "tourism",
            "hospitality", "food", "it", "accounting", "consulting", "forestry", "energy",
            "public"} <= trades


def test_lexicon_is_read_once():
    load_lexicon()
    before = C._shipped.cache_info()
    from profiles.model import Profile
    from profiles.vectorise import vectorise
    vectorise([Profile(id="a", name="A", needs="bokføring"),
               Profile(id="b", name="B", offers="rekneskap")])
    assert load_lexicon() is load_lexicon()
    after = C._shipped.cache_info()
    assert after.misses == before.misses


@pytest.mark.parametrize("a,b,concept", [
    ("rekneskap", "bokføring", "accounting"),
    ("regnskapsfører", "årsoppgjer", "accounting"),
    ("bookkeeping", "lønnskøyring", "accounting"),
    ("reinhald", "vask", "cleaning"),
    ("renhold", "cleaning", "cleaning"),
    ("kjøt", "spekepølser", "meat"),
    ("lammekjøtt", "meat", "meat"),
    ("frukost", "kafé", "meals"),
    ("elektrikar", "elinstallatør", "electrical_installation"),
    ("fotograf", "video", "photo_video"),
    ("anbod", "procurement", "procurement"),
    ("hogst", "skogsdrift", "forestry_logging"),
    ("overnatting", "hotell", "accommodation"),
])
def test_synonyms_without_a_shared_stem_share_a_concept(a, b, concept):
    assert concept in shared_concepts(a, b)


def test_matching_rules():
    # inflected forms, compound head (4+ letters), compound first part (5+ letters)
    assert "sawn_timber" in word_concepts("sagbruket")
    assert "meat" in word_concepts(canonical("hjortekjøtet"))
    assert "accounting" in word_concepts(canonical("rekneskapskontoret"))
    # a listed word gets only its own concepts (klimarekneskap is not bookkeeping)
    assert word_concepts(canonical("klimarekneskap")) == {"environment_consulting"}
    # short words never match inside others; =terms only as whole words
    assert word_concepts("uttak") == frozenset()
    assert "roofing" in word_concepts("taket")
    assert word_concepts("lønnsam") == frozenset()
    assert concepts_of_words(["sosiale", "medium"]) == ["social_media"]


def test_parse_errors_name_the_problem():
    with pytest.raises(LexiconError, match="columns concept, trade, terms"):
        parse_lexicon("a,b\n1,2\n", "x.csv")
    with pytest.raises(LexiconError, match="appears twice"):
        parse_lexicon("concept,trade,terms\nmeat,food,kjøt\nmeat,food,pølse\n")
    with pytest.raises(LexiconError, match="has no terms"):
        parse_lexicon("concept,trade,terms\nmeat,food,\n")
    with pytest.raises(LexiconError, match="row 2: the concept is empty"):
        parse_lexicon("concept,trade,terms\n,food,kjøt\n")
    with pytest.raises(LexiconError, match="cannot read"):
        load_lexicon("/nonexistent/concepts.csv")


def test_extra_lexicon_from_environment_is_merged(tmp_path, monkeypatch):
    extra = tmp_path / "mine.csv"
    extra.write_text("# our own words\nconcept,trade,terms\nmeat,food,=rein|reinsdyr\n"
                     "beekeeping_gear,food,bikubar|røykpuster\n", encoding="utf-8")
    monkeypatch.setenv(C.ENV_VAR, str(extra))
    C._shipped.cache_clear()
    C._word_concepts_shipped.cache_clear()
    C.concept_text.cache_clear()
    try:
        assert "meat" in word_concepts("rein")
        assert "meat" in word_concepts("kjøtt")  # shipped terms kept
        assert "beekeeping_gear" in word_concepts("røykpuster")
    finally:
        monkeypatch.delenv(C.ENV_VAR)
        C._shipped.cache_clear()
        C._word_concepts_shipped.cache_clear()
        C.concept_text.cache_clear()
    assert "meat" not in word_concepts("rein")


def test_extra_lexicon_from_project_config(tmp_path, monkeypatch):
    (tmp_path / "ord.csv").write_text("concept,trade,terms\nmeat,food,=rein\n", encoding="utf-8")
    (tmp_path / "speeddate.toml").write_text('[concepts]\nfile = "ord.csv"\n', encoding="utf-8")
    monkeypatch.delenv(C.ENV_VAR, raising=False)
    monkeypatch.chdir(tmp_path)
    assert C.extra_lexicon_path() == (tmp_path / "ord.csv").resolve()
    (tmp_path / "speeddate.toml").write_text("[concepts]\nfile = 3\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="must be a path"):
        C.extra_lexicon_path()
    (tmp_path / "speeddate.toml").write_text("[weights]\nindustry = 1\n", encoding="utf-8")
    assert C.extra_lexicon_path() is None


def test_merge_keeps_both():
    a = parse_lexicon("concept,trade,terms\nmeat,food,kjøt\n")
    b = parse_lexicon("concept,trade,terms\nmeat,food,pølse\nfish,food,aure\n")
    m = merge_lexicons(a, b)
    assert m.words["kjøtt"] == {"meat"} and m.words["pølse"] == {"meat"}
    assert m.concepts == ("meat", "fish")


@given(st.text(max_size=200))
def test_concept_text_never_crashes(text):
    out = concept_text(content_text(text))
    assert all(tok.startswith(C.FEATURE_PREFIX) for tok in out.split())


def test_doctests():
    import doctest
    assert doctest.testmod(C).failed == 0
