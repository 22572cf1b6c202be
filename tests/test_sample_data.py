"""The bundled sample and the loader fixtures are what their READMEs say they are."""

import csv
from collections import Counter
from pathlib import Path

import pytest

from profiles.errors import ProfileError
from profiles.industry import is_known
from profiles.load import load_profiles, load_sample, sample_path
from profiles.model import FIELDS, MUNICIPALITIES
from profiles.validate import orgnr_is_valid

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def sample():
    return load_sample()


def _rows(path, encoding="utf-8"):
    with open(path, encoding=encoding, newline="") as fh:
        return list(csv.DictReader(fh))


def test_sample_header_is_canonical():
    with open(sample_path(), encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n")
    assert header.split(",") == list(FIELDS)


def test_sample_spread_and_shape(sample):
    assert 75 <= len(sample) <= 90
    munis = Counter(p.municipality for p in sample)
    assert set(munis) == set(MUNICIPALITIES)
    assert min(munis.values()) >= 8
    hosts = [p for p in sample if p.is_host]
    assert 2 <= len(hosts) <= 3 and all(p.industry == "84.110" for p in hosts)
    assert all(p.employees is not None and p.employees >= 1 for p in sample)
    assert sum(p.employees <= 30 for p in sample) >= 0.8 * len(sample)
    assert any(50 <= p.employees <= 150 for p in sample)
    assert all(p.offers and p.needs and p.interests for p in sample)
    assert sum(bool(p.avoid) for p in sample) >= 3
    assert sum(bool(p.must_meet) for p in sample) >= 1
    assert sum(p.available is not None for p in sample) >= 3


def test_sample_codes_are_sn2007_subclasses(sample):
    for p in sample:
        assert len(p.industry) == 6 and is_known(p.industry), (p.name, p.industry)
    assert len({p.industry[:2] for p in sample}) >= 20


def test_sample_orgnrs_pass_mod11_and_are_unique(sample):
    numbers = [p.orgnr for p in sample if p.orgnr]
    assert len(numbers) >= 50 and len(set(numbers)) == len(numbers)
    assert all(orgnr_is_valid(n) for n in numbers)
    assert any(p.orgnr is None for p in sample)


def test_sample_languages_mixed(sample):
    text = " ".join(p.offers + " " + p.needs for p in sample).lower().split()
    for word in ("treng", "frå", "òg", "korleis"):  # Nynorsk
        assert word in text, word
    for word in ("trenger", "ønsker"):  # Bokmål
        assert word in text, word
    for word in ("we", "looking"):  # English
        assert word in text, word


def test_planted_pairs_and_groups_name_sample_companies(sample):
    names = {p.name for p in sample}
    pairs = _rows(FIXTURES / "sample_planted_pairs.csv")
    assert len(pairs) >= 50
    for row in pairs:
        assert row["a"] in names and row["b"] in names and row["a"] != row["b"], row
    groups = _rows(FIXTURES / "sample_planted_groups.csv")
    assert sorted(r["name"] for r in groups) == sorted(names)
    sizes = Counter(r["group"] for r in groups)
    assert 4 <= len(sizes) <= 6 and min(sizes.values()) >= 5


def test_bad_profiles_problems_on_the_documented_lines():
    expected = {3: "orgnr", 5: "employees", 6: "contact_email", 8: "industry", 9: "name",
                10: "avoid"}
    with pytest.raises(ProfileError) as err:
        load_profiles(FIXTURES / "bad_profiles.csv")
    found = {(p.line, p.column) for p in err.value.problems}
    assert found == set(expected.items())


def test_nynorsk_export_is_windows_1252_semicolon():
    raw = (FIXTURES / "export_nn.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    header = raw.decode("cp1252").splitlines()[0]
    assert header.startswith("Tidsmerke;") and header.count(";") >= 12
    profiles = load_profiles(FIXTURES / "export_nn.csv", FIXTURES / "export_nn_columns.toml")
    assert [p.name for p in profiles][:2] == ["Bøen Sag og Høvleri AS", "Øvre Dalen Hyttebygg"]
    by_name = {p.name: p for p in profiles}
    assert by_name["Bøen Sag og Høvleri AS"].orgnr == "981122348"
    assert by_name["Fyresdal Elektro"].industry == "43.21"
    assert by_name["Fyresdal Elektro"].avoid == (by_name["Vinje El-Service"].id,)
    assert by_name["Kviteseid Datahjelp"].available == (1, 2, 3, 5)


def test_bokmal_bom_and_english_exports_map_every_column():
    assert (FIXTURES / "export_bokmal_bom.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    for name in ("export_bokmal_bom.csv", "export_english.csv"):
        profiles = load_profiles(FIXTURES / name)
        assert all(p.municipality and p.industry and p.employees and p.contact_email
                   and p.contact_name and p.offers and p.needs and p.interests
                   for p in profiles), name
