"""Column mapping: TOML mapping files and recognised header words."""

import pytest

from profiles.columns import map_columns, normalise_header, read_mapping
from profiles.errors import ProfileError


@pytest.mark.parametrize("headers,expected", [
    (["Tidsmerke", "Kva heiter verksemda?", "Organisasjonsnummer", "Kommune", "Næringskode (SN2007)",
      "Tal tilsette", "Kva kan de tilby andre?", "Kva treng de eller ser de etter?",
      "Kva samarbeidsformer er de interesserte i?", "Kontaktperson", "E-post",
      "Kven vil de helst ikkje møte?", "Kva rundar kan de delta i?"],
     {"name": 1, "orgnr": 2, "municipality": 3, "industry": 4, "employees": 5, "offers": 6,
      "needs": 7, "interests": 8, "contact_name": 9, "contact_email": 10, "avoid": 11,
      "available": 12}),
    (["Bedrift", "Org.nr", "Kommune", "Bransje", "Ansatte", "Tilbyr", "Behov", "Interesser",
      "Kontaktperson", "E-post"],
     {"name": 0, "orgnr": 1, "municipality": 2, "industry": 3, "employees": 4, "offers": 5,
      "needs": 6, "interests": 7, "contact_name": 8, "contact_email": 9}),
    (["Company", "Organisation number", "Municipality", "Industry code", "Employees", "We offer",
      "We are looking for", "Interests", "Contact", "Email"],
     {"name": 0, "orgnr": 1, "municipality": 2, "industry": 3, "employees": 4, "offers": 5,
      "needs": 6, "interests": 7, "contact_name": 8, "contact_email": 9}),
])
def test_recognised_headers(headers, expected):
    assert map_columns(headers).index == expected


def test_canonical_names_win_and_unmapped_columns_ignored():
    cm = map_columns(["name", "offers", "needs", "Kommentar", "role"])
    assert cm.index == {"name": 0, "offers": 1, "needs": 2, "role": 4}


def test_mapping_overrides_and_keeps_recognised(tmp_path):
    path = tmp_path / "map.toml"
    path.write_text('[columns]\nname = "Firma i lang tekst"\noffers = "Fritekst 1"\n', encoding="utf-8")
    mapping = read_mapping(path)
    cm = map_columns(["Fritekst 1", "Firma i lang tekst", "Kommune"], mapping)
    assert cm.index == {"offers": 0, "name": 1, "municipality": 2}
    assert cm.header["name"] == "Firma i lang tekst"


def test_mapping_problems_all_reported(tmp_path):
    path = tmp_path / "map.toml"
    path.write_text('[columns]\nnamn = "A"\nname = 3\n', encoding="utf-8")
    with pytest.raises(ProfileError) as err:
        read_mapping(path)
    assert len(err.value.problems) == 2
    assert "not a profile field" in str(err.value)


def test_mapping_names_missing_header(tmp_path):
    with pytest.raises(ProfileError, match="not in data.csv") as err:
        map_columns(["Bedrift"], {"name": "Firmanamn"}, file="data.csv", mapping_file="m.toml")
    assert err.value.problems[0].file == "m.toml"


def test_bad_toml(tmp_path):
    path = tmp_path / "map.toml"
    path.write_text("[columns\nname=", encoding="utf-8")
    with pytest.raises(ProfileError, match="not valid TOML"):
        read_mapping(path)


def test_no_name_column_lists_headers():
    with pytest.raises(ProfileError, match="no column holds the company name") as err:
        map_columns(["Foo", "Bar"], file="x.csv")
    assert "'Foo'" in str(err.value)


def test_normalise_header():
    assert normalise_header("\ufeffKva heiter verksemda?") == "kva heiter verksemda"
