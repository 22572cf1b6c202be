"""Tests of profiles.text: stop words, normalisation, tokens."""

from hypothesis import given, strategies as st

from profiles.text import content_text, normalise, stop_words, tokenize


def test_nynorsk_words_missing_from_package_are_stop_words():
    sw = stop_words()
    for word in ["berre", "frå", "òg", "meir", "difor", "vert", "ikkje", "eit", "kva",
                 "korleis", "dei", "deira", "me", "vi", "ho", "han", "mykje", "nokre",
                 "noko", "sjølv", "då", "no"]:
        assert normalise(word) in sw, word


def test_bokmal_and_english_stop_words():
    sw = stop_words()
    assert {"ikke", "hvordan", "bare", "the", "and", "which"} <= sw


def test_language_selection():
    assert "the" not in stop_words(("nn",))
    assert "berre" not in stop_words(("en",))


def test_content_words_are_not_stop_words():
    sw = stop_words()
    for word in ["sagbruk", "trelast", "sveising", "rekneskap", "system", "parts", "lean"]:
        assert word not in sw


def test_normalise_keeps_norwegian_letters_and_drops_accents():
    assert normalise("ÆØÅ Sagbruket Òg Café") == "æøå sagbruket og cafe"
    assert normalise(None) == ""


def test_tokenize_removes_stop_words_and_splits_compounds():
    assert tokenize("Me treng berre CNC-fresing frå dykk") == ["cnc-fresing", "cnc", "fresing"]
    assert tokenize("og berre frå the and") == []
    assert tokenize("") == []


def test_content_text_is_joined_tokens():
    assert content_text("Trelast til sagbruket, 2024") == "trelast sagbruket"


@given(st.text())
def test_tokenize_never_crashes_and_yields_lowercase_non_stop_words(text):
    sw = stop_words()
    toks = tokenize(text)
    assert all(t and t not in sw and t == normalise(t) for t in toks)


def test_doctests():
    import doctest

    import profiles.text
    assert doctest.testmod(profiles.text).failed == 0
