"""Tests of matcher.score and matcher.weights."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from matcher.score import (industry_shared_level, pair_features, score_matrix, score_pairs,
                           top_k)
from matcher.weights import Weights, WeightsError, load_weights, resolve_weights
from profiles.model import INTERESTS, Profile
from profiles.synthetic import generate_profiles


def P(i, offers="", needs="", industry=None, interests=(), municipality=None, **kw):
    return Profile(id=i, name=i.upper(), offers=offers, needs=needs, industry=industry,
                   interests=tuple(interests), municipality=municipality, **kw)


def test_matrix_shape_symmetry_range_diagonal():
    ps = generate_profiles(40, seed=1).profiles
    s = score_matrix(ps)
    assert s.shape == (40, 40)
    assert np.array_equal(s, s.T)
    assert (s >= 0).all() and (s <= 1).all()
    assert (np.diag(s) == 0).all()
    assert np.isfinite(s).all()


def test_complementarity_is_directional_and_pair_score_symmetric():
    ps = [P("a", needs="CNC-fresing av aluminiumsdelar"),
          P("b", offers="CNC-fresing av aluminium"),
          P("c", offers="rekneskap")]
    df = score_pairs(ps).set_index(["a", "b"])
    ab = df.loc[("a", "b")]
    assert ab["a_needs_b_offers"] > 0.5
    assert ab["b_needs_a_offers"] == 0.0
    # one-sided strong match ranks high: complementarity equals that side alone
    from matcher.score import BOTH_WAYS_SHARE
    keep = 1 - BOTH_WAYS_SHARE / 2
    assert keep >= 0.9
    assert ab["complementarity"] == pytest.approx(keep * ab["a_needs_b_offers"], abs=1e-6)
    s = score_matrix(ps)
    assert s[0, 1] == s[1, 0] > s[0, 2]


def test_two_way_match_beats_one_way():
    ps = [P("a", offers="sveising", needs="rekneskap"),
          P("b", offers="rekneskap", needs="sveising"),
          P("c", offers="rekneskap")]
    s = score_matrix(ps)
    assert s[0, 1] > s[0, 2] > 0


def test_pair_sharing_only_stop_words_scores_near_zero():
    ps = [P("a", offers="Vi er òg berre ein liten bedrift", needs="Me treng noko frå dykk"),
          P("b", offers="Me treng noko frå dykk", needs="Vi er òg berre ein liten bedrift")]
    assert score_matrix(ps)[0, 1] < 0.01


def test_empty_texts_never_nan():
    ps = [P("a"), P("b"), P("c", offers="sagbruk")]
    s = score_matrix(ps)
    assert np.isfinite(s).all()
    df = score_pairs(ps)
    assert not df.isna().any().any()


def test_nynorsk_bokmal_inflections_match():
    ps = [P("a", needs="Vi trenger trelast til hyttene"),        # Bokmål
          P("b", offers="Trelasthandel, materialar til hytter"),  # Nynorsk
          P("c", offers="Hytteutleige og overnatting"),
          P("d", offers="Regnskap og lønn")]
    s = score_matrix(ps)
    assert s[0, 1] > s[0, 2] > s[0, 3]


def test_industry_levels_order():
    assert industry_shared_level("16.230", "16.230") in ("subclass", "class")
    assert industry_shared_level("16.230", "16.290") == "group"
    assert industry_shared_level("16.230", "16.100") == "division"
    assert industry_shared_level("16.230", "25.620") in (None, "section")
    ps = [P("a", industry="16.230", interests=["lean"]), P("b", industry="16.230", interests=["lean"]),
          P("c", industry="16.290", interests=["lean"]), P("d", industry="16.100", interests=["lean"])]
    df = score_pairs(ps).set_index(["a", "b"])["industry"]
    assert df[("a", "b")] > df[("a", "c")] > df[("a", "d")] > 0


def test_industry_does_not_swamp_complementarity():
    ps = [P("a", needs="sveising av rekkverk", industry="16.230", interests=["lean"]),
          P("b", offers="sveising av rekkverk", industry="25.110"),
          P("c", offers="limtre", industry="16.230", interests=["lean"])]
    s = score_matrix(ps)
    assert s[0, 1] > s[0, 2]


def test_weights_change_rankings_as_documented():
    ps = [P("a", needs="sveising", interests=["lean", "innovation"], industry="16.230"),
          P("b", offers="sveising"),
          P("c", offers="limtre", interests=["lean", "innovation"], industry="16.230")]
    default = score_matrix(ps)
    assert default[0, 1] > default[0, 2]
    peer = score_matrix(ps, Weights(complementarity=0.1, industry=1, interests=1, proximity=0))
    assert peer[0, 2] > peer[0, 1]
    only_text = score_matrix(ps, Weights(complementarity=1, industry=0, interests=0, proximity=0))
    assert only_text[0, 2] == 0


def test_interests_jaccard_and_proximity():
    ps = [P("a", interests=["lean", "purchasing"], municipality="Kviteseid"),
          P("b", interests=["lean"], municipality="Kviteseid"),
          P("c", interests=["innovation"], municipality=None)]
    df = score_pairs(ps).set_index(["a", "b"])
    assert df.loc[("a", "b"), "interests"] == pytest.approx(0.5)
    assert df.loc[("a", "b"), "proximity"] == 1.0
    assert df.loc[("a", "c"), "interests"] == 0.0
    assert df.loc[("a", "c"), "proximity"] == 0.0


def test_score_pairs_columns_and_min_score_agree_with_matrix():
    ps = generate_profiles(25, seed=3).profiles
    df = score_pairs(ps)
    assert list(df.columns) == ["a", "b", "score", "complementarity", "a_needs_b_offers",
                                "b_needs_a_offers", "industry", "interests", "proximity"]
    assert len(df) == 25 * 24 // 2
    s = score_matrix(ps)
    pos = {p.id: i for i, p in enumerate(ps)}
    for row in df.head(20).itertuples():
        assert row.score == pytest.approx(s[pos[row.a], pos[row.b]], abs=1e-5)
    cut = score_pairs(ps, min_score=0.2)
    assert (cut["score"] >= 0.2).all() and len(cut) == (df["score"] >= 0.2).sum()


def test_top_k_chunked_equals_dense_on_mid_size():
    ps = generate_profiles(300, seed=7).profiles
    feat = pair_features(ps)
    di, ds = top_k(ps, k=10, features=feat)
    calls = []
    ci, cs = top_k(ps, k=10, features=feat, method="exact", chunk_size=37,
                   progress=lambda done, total: calls.append((done, total)))
    assert np.allclose(ds, cs, atol=1e-5)
    assert ((di == ci) | np.isclose(ds, cs, atol=1e-5)).all()
    assert calls[-1] == (300, 300) and len(calls) == 9
    s = score_matrix(ps, features=feat)
    best = np.sort(s, axis=1)[:, ::-1][:, :10]
    assert np.allclose(best, ds, atol=1e-5)


def test_large_n_candidate_search_gives_the_dense_top_k_on_mid_size():
    ps = generate_profiles(600, seed=3).profiles
    feat = pair_features(ps)
    di, ds = top_k(ps, k=10, features=feat)              # dense: N <= DENSE_LIMIT
    calls = []
    ci, cs = top_k(ps, k=10, features=feat, dense_limit=100, chunk_size=128,
                   progress=lambda done, total: calls.append(done))
    assert calls == [128, 256, 384, 512, 600]
    assert np.allclose(ds, cs, atol=1e-5)               # same scores, rank by rank
    assert ((di == ci) | np.isclose(ds, cs, atol=1e-5)).all()


def test_candidate_search_respects_avoid_and_never_returns_self():
    ps = list(generate_profiles(200, seed=5).profiles)
    import dataclasses
    ps[0] = dataclasses.replace(ps[0], avoid=(ps[1].id,))
    idx, _ = top_k(ps, k=5, method="candidates", exclude_avoid=True)
    assert all(i not in row for i, row in enumerate(idx))
    assert 1 not in idx[0] and 0 not in idx[1]


def test_top_k_small_and_avoid():
    ps = [P("a", needs="sveising", avoid=("b",)), P("b", offers="sveising"), P("c", offers="sag")]
    idx, sc = top_k(ps, k=5)
    assert idx.shape == (3, 2)
    idx, sc = top_k(ps, k=1, exclude_avoid=True)
    assert idx[0, 0] != 1
    assert top_k([], k=3)[0].shape == (0, 0)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=40), st.text(max_size=40),
                          st.sets(st.sampled_from(INTERESTS), max_size=3)),
                min_size=1, max_size=6))
def test_scores_always_finite_symmetric_in_range(rows):
    ps = [P(f"p{i}", o, n, interests=sorted(it)) for i, (o, n, it) in enumerate(rows)]
    s = score_matrix(ps)
    assert np.isfinite(s).all() and (s >= 0).all() and (s <= 1).all()
    assert np.array_equal(s, s.T)


def test_weights_validation_and_files(tmp_path, monkeypatch):
    with pytest.raises(WeightsError):
        Weights(industry=-1)
    with pytest.raises(WeightsError):
        Weights(complementarity=0, industry=0, interests=0, proximity=0)
    f = tmp_path / "w.toml"
    f.write_text("[weights]\ncomplementarity = 2\nindustry = 0\n")
    w = load_weights(f)
    assert w.complementarity == 2 and w.industry == 0 and w.interests == Weights().interests
    bad = tmp_path / "bad.toml"
    bad.write_text("[weights]\nsize = 1\n")
    with pytest.raises(WeightsError, match="unknown weight"):
        load_weights(bad)
    (tmp_path / "speeddate.toml").write_text("[weights]\nproximity = 0.5\n")
    w = resolve_weights(None, config_dir=tmp_path)
    assert w.proximity == 0.5
    w = resolve_weights(f, config_dir=tmp_path)
    assert w.proximity == 0.5 and w.complementarity == 2
    assert resolve_weights(None, config_dir=None) == Weights()


def test_doctests():
    import doctest

    import matcher.score
    import matcher.weights
    assert doctest.testmod(matcher.score).failed == 0
    assert doctest.testmod(matcher.weights).failed == 0


def test_top_k_for_some_rows_matches_all_rows_in_both_paths():
    ps = generate_profiles(250, seed=9).profiles
    feat = pair_features(ps)
    some = [200, 3, 77]
    for method in ("exact", "candidates"):
        all_i, all_s = top_k(ps, k=5, features=feat, method=method)
        i, s = top_k(ps, k=5, features=feat, method=method, rows=some, chunk_size=2)
        assert i.shape == (3, 5)
        assert np.allclose(s, all_s[some], atol=1e-5)
    with pytest.raises(ValueError):
        top_k(ps, k=5, features=feat, rows=[250])


_LEXICON_WORDS = sorted(__import__("profiles.concepts", fromlist=["load_lexicon"])
                        .load_lexicon().words)[::7]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.lists(st.sampled_from(_LEXICON_WORDS), max_size=4),
                          st.lists(st.sampled_from(_LEXICON_WORDS + ["og", "berre"]), max_size=4)),
                min_size=2, max_size=6))
def test_concept_words_give_finite_symmetric_scores_in_range(rows):
    ps = [P(f"p{i}", " ".join(o), " ".join(n)) for i, (o, n) in enumerate(rows)]
    s = score_matrix(ps)
    assert np.isfinite(s).all() and (s >= 0).all() and (s <= 1).all()
    assert np.array_equal(s, s.T)
