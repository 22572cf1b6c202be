"""Tests of profiles.geo: municipality lookup and distances."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from profiles import geo
from profiles.model import MUNICIPALITIES

NETWORK = ("Fyresdal", "Kviteseid", "Nissedal", "Seljord", "Tokke", "Vinje")


def test_table_covers_the_country_and_the_network():
    ms = geo.municipalities()
    assert len(ms) == 356
    assert len({m.number for m in ms}) == len(ms)
    names = {m.name for m in ms}
    assert set(NETWORK) <= names
    assert set(MUNICIPALITIES) <= names
    telemark = {m.name for m in ms if m.county == "Telemark"}
    assert len(telemark) == 17 and set(NETWORK) <= telemark
    for m in ms:  # every point lies in mainland Norway's latitude/longitude box
        assert 57.9 < m.lat < 71.2 and 4.0 < m.lon < 31.2, m


@pytest.mark.parametrize("name", ["Kviteseid", "kviteseid", " KVITESEID ", "Kviteseid kommune",
                                  "kviteseid kommune", "Kviteseid Kommune", "4028", "3821"])
def test_lookup_tolerates_case_suffix_and_numbers(name):
    assert geo.coordinates(name) == geo.coordinates("Kviteseid")
    assert geo.find(name).number == "4028"


@pytest.mark.parametrize("spelling, official", [
    ("Tonsberg", "Tønsberg"), ("Toensberg", "Tønsberg"), ("Aal", "Ål"), ("al", "Ål"),
    ("Baerum", "Bærum"), ("Bærum kommune", "Bærum"), ("Kvam herad", "Kvam"),
    ("Deatnu", "Tana"), ("Guovdageaidnu", "Kautokeino"), ("Midt-Telemark", "Midt-Telemark"),
    ("midt telemark", "Midt-Telemark"),
])
def test_lookup_tolerates_diacritics_and_other_names(spelling, official):
    assert geo.find(spelling).name == official


def test_shared_names_need_the_county():
    assert geo.find("Herøy") is None and geo.coordinates("Våler") is None
    assert geo.find("Herøy (Nordland)").county == "Nordland"
    assert geo.find("Herøy i Møre og Romsdal").county == "Møre og Romsdal"
    assert geo.find("Våler, Østfold").number == "3114"


@pytest.mark.parametrize("name", [None, "", "Atlantis", "Kviteseid fylke", "12", "99999"])
def test_unknown_gives_none(name):
    assert geo.coordinates(name) is None
    assert geo.distance_km(name, "Seljord") is None
    assert geo.distance_km("Seljord", name) is None


def test_network_distances_are_sane():
    assert 15 <= geo.distance_km("Seljord", "Kviteseid") <= 30
    assert 25 <= geo.distance_km("Tokke", "Fyresdal") <= 50
    assert geo.distance_km("Kviteseid", "Skien") > geo.distance_km("Kviteseid", "Seljord")
    for a in NETWORK:
        for b in NETWORK:
            assert geo.distance_km(a, b) < 120  # the six lie within Vest-Telemark
    assert 1000 < geo.distance_km("Oslo", "Tromsø") < 1300


def test_haversine_known_values():
    assert geo.haversine_km((0, 0), (0, 0)) == 0
    assert geo.haversine_km((0, 0), (0, 1)) == pytest.approx(2 * math.pi * geo.EARTH_RADIUS_KM / 360, rel=1e-9)
    assert geo.haversine_km((0, 0), (0, 180)) == pytest.approx(math.pi * geo.EARTH_RADIUS_KM)


names = st.sampled_from([m.name for m in geo.municipalities() if geo.find(m.name) is not None])


@settings(max_examples=100, deadline=None)
@given(names, names, names)
def test_distance_is_a_metric(a, b, c):
    ab, ba = geo.distance_km(a, b), geo.distance_km(b, a)
    assert ab == pytest.approx(ba) and ab >= 0
    assert geo.distance_km(a, a) == 0
    assert geo.distance_km(a, c) <= ab + geo.distance_km(b, c) + 1e-6


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=20))
def test_any_text_gives_point_or_none(text):
    got = geo.coordinates(text)
    assert got is None or (len(got) == 2 and all(isinstance(x, float) for x in got))
