"""Tests of matcher.cluster_cards: names from distinctive words, counts, pairs, bridges."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.cluster_cards import class_tfidf, interest_counts, member_terms, propose_name
from matcher.clusters import find_clusters
from profiles.model import Profile

WOOD = ["Vi leverer trelast og høvla materialar, kvalitet og god service",
        "Sagbruk med trelast, vi treng transport av tømmer og kvalitet",
        "Trelast og limtre til bygg, kvalitet i alle ledd",
        "Vi kjøper tømmer og sel trelast, og vi treng kvalitet"]
FOOD = ["Lokalmat: ost og spekemat frå garden, kvalitet",
        "Vi lagar ost og rømme, treng kjølelager og kvalitet",
        "Spekemat og lokalmat til hotell, kvalitet heile vegen",
        "Lokalmat frå fjellet, vi treng nokon som sel ost, kvalitet"]


def group_profiles():
    profiles = []
    for i, text in enumerate(WOOD):
        profiles.append(Profile(id=f"w{i}", name=f"Tre {i}", offers=text, municipality="Vinje",
                                employees=10 + i, interests=("purchasing", "lean")))
    for i, text in enumerate(FOOD):
        profiles.append(Profile(id=f"f{i}", name=f"Mat {i}", needs=text, municipality="Seljord",
                                employees=3, interests=("innovation",) if i else ("lean",)))
    n = len(profiles)
    s = np.full((n, n), 0.05)
    s[:4, :4] = 0.6
    s[4:, 4:] = 0.5
    s[0, 1] = s[1, 0] = 0.9  # the strongest pair of the wood cluster
    np.fill_diagonal(s, 0)
    return profiles, s


@pytest.fixture(scope="module")
def result():
    profiles, s = group_profiles()
    return find_clusters(profiles, s, runs=3, lang="nn")


def test_names_come_from_distinctive_not_stop_or_common_words(result):
    from profiles.text import stop_words

    names = {c.card.name for c in result.clusters}
    assert any("Trelast" in n for n in names)
    assert any("ost" in n.lower() or "lokalmat" in n.lower() or "spekemat" in n.lower()
               for n in names)
    sw = stop_words()
    for c in result.clusters:
        for term, _ in c.card.terms:
            assert not set(term.split()) & sw, term
            assert "kvalitet" not in term  # every company says it: not distinctive


def test_class_tfidf_prefers_terms_shared_inside_and_rare_outside():
    mk = lambda i, t: Profile(id=str(i), name=str(i), offers=t)  # noqa: E731
    g1 = [mk(1, "sveising kvalitet"), mk(2, "sveising kvalitet stål")]
    g2 = [mk(3, "rekneskap kvalitet"), mk(4, "rekneskap kvalitet lønn")]
    s1, s2 = class_tfidf([g1, g2])
    assert max(s1, key=s1.get) == "sveising"
    assert s1.get("kvalitet", 0.0) == 0.0  # every company uses it
    assert max(s2, key=s2.get) == "rekneskap"


def test_member_terms_drop_stop_words():
    terms = member_terms(Profile(id="a", name="A", offers="Vi treng berre hjelp med rekneskap"))
    assert "rekneskap" in terms
    assert not {"vi", "berre", "med", "treng"} & terms


def test_propose_name_skips_repeats_and_joins_in_language():
    name, terms = propose_name({"cnc-fresing": .9, "cnc": .9, "fresing": .8, "sveising": .5,
                                "stål": .4}, lang="en")
    assert name == "Cnc-fresing, sveising and stål"
    assert [t for t, _ in terms] == ["cnc-fresing", "sveising", "stål"]
    assert propose_name({}) == ("", ())


def test_interest_counts_and_common_interests(result):
    wood = next(c for c in result.clusters if "w0" in c.members)
    assert wood.card.interests[0].count == 4
    assert set(wood.card.common_interests) == {"innkjøp", "LEAN"}
    food = next(c for c in result.clusters if "f0" in c.members)
    assert food.card.common_interests == ("innovasjon",)
    rows = interest_counts(group_profiles()[0][4:], lang="en")
    assert [(r.label, r.count) for r in rows] == [("LEAN", 1), ("innovation", 3)][::-1]


def test_card_members_employees_and_strongest_pair(result):
    wood = next(c for c in result.clusters if "w0" in c.members)
    card = wood.card
    assert card.total_employees == 10 + 11 + 12 + 13
    assert {m.id for m in card.members} == set(wood.members)
    assert all(m.municipality == "Vinje" for m in card.members)
    assert (card.pairs[0].a, card.pairs[0].b) == ("w0", "w1")
    assert card.pairs[0].score == pytest.approx(0.9)
    assert 0 < card.cohesion <= 1


def test_pair_reason_third_person_both_ways():
    from matcher.cluster_cards import pair_reason

    text = pair_reason("Sag AS", "Bygg AS", {"a_needs": ["transport"], "b_needs": ["trelast", "limtre"],
                                             "shared_interests": ["purchasing", "lean"]}, "en")
    assert text == ("Sag AS needs transport, which Bygg AS offers. Bygg AS needs trelast and "
                    "limtre, which Sag AS offers. Both are interested in purchasing and LEAN.")
    assert pair_reason("A", "B", {}, "nb", fallback="De treng x.") == "De treng x."


def test_pairs_on_the_sample_have_reasons_naming_both():
    from profiles.load import load_sample

    result = find_clusters(load_sample(), k=4, runs=2, lang="en")
    pairs = [p for c in result.clusters for p in c.card.pairs]
    assert pairs
    for p in pairs:
        assert p.a_name in p.reason or p.b_name in p.reason, p.reason
    assert all(p.reason for p in pairs)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_CONTENT = ["sagbruk", "trelast", "rekneskap", "lønn", "sveising", "cnc-fresing", "ost",
            "lokalmat", "hotell", "booking", "transport", "tømmer", "kvalitet", "reinhald"]
_STOP = ["og", "vi", "treng", "berre", "frå", "the", "and", "med", "for", "kan", "tilbyr",
         "produserer", "kommunen", "felles", "lokal"]


@settings(max_examples=40, deadline=None)
@given(groups=st.lists(st.lists(st.lists(st.sampled_from(_CONTENT + _STOP), min_size=1,
                                         max_size=8), min_size=1, max_size=5),
                       min_size=1, max_size=4),
       lang=st.sampled_from(["nn", "nb", "en"]))
def test_names_never_use_stop_or_generic_words(groups, lang):
    from matcher.cluster_cards import NAME_STOP_WORDS
    from profiles.text import stop_words

    profiles = [[Profile(id=f"{g}-{i}", name=f"{g}-{i}", offers=" ".join(words))
                 for i, words in enumerate(group)] for g, group in enumerate(groups)]
    banned = stop_words() | NAME_STOP_WORDS
    for scores in class_tfidf(profiles):
        name, terms = propose_name(scores, lang=lang)
        for term, _ in terms:
            assert term not in banned
            assert term in _CONTENT or any(term in c.split("-") for c in _CONTENT)
        words = [t for t, _ in terms]
        assert len(set(words)) == len(words)


def test_doctests():
    import doctest

    import matcher.cluster_cards

    assert doctest.testmod(matcher.cluster_cards).failed == 0
