"""Tests of profiles.synthetic: seedable profiles with planted pairs and clusters."""

import pytest

from profiles.synthetic import generate_clustered_profiles, generate_profiles


def test_same_seed_same_profiles_other_seed_differs():
    assert generate_profiles(30, seed=4) == generate_profiles(30, seed=4)
    assert generate_profiles(30, seed=4) != generate_profiles(30, seed=5)


def test_planted_pairs_refer_to_profiles_and_texts_differ():
    s = generate_profiles(50, seed=0)
    ids = {p.id for p in s.profiles}
    assert len(ids) == 50
    assert len(s.pairs) == 50
    for a, b in s.pairs:
        assert a in ids and b in ids and a != b
    assert all(p.offers and p.needs and p.industry for p in s.profiles)


def test_clustered_labels_cover_k_clusters():
    c = generate_clustered_profiles(40, 4, seed=1)
    assert len(c.labels) == len(c.profiles) == 40
    assert sorted(set(c.labels)) == [0, 1, 2, 3]
    assert c == generate_clustered_profiles(40, 4, seed=1)


def test_bad_sizes():
    with pytest.raises(ValueError):
        generate_profiles(1)
    with pytest.raises(ValueError):
        generate_clustered_profiles(3, 5)


def test_doctests():
    import doctest

    import profiles.synthetic
    assert doctest.testmod(profiles.synthetic).failed == 0
