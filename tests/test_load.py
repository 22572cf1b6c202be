"""Loading whole files: fixtures of real exports, round trips, the bundled sample."""

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from profiles.errors import ProfileError
from profiles.load import load_profiles, load_sample, profiles_to_json
from profiles.model import FIELDS, INTERESTS, Profile

FIXTURES = Path(__file__).parent / "fixtures"


def test_sample_loads_and_is_realistic():
    profiles = load_sample()
    assert 60 <= len(profiles) <= 110
    munis = {p.municipality for p in profiles}
    assert {"Fyresdal", "Kviteseid", "Nissedal", "Seljord", "Tokke", "Vinje"} <= munis
    assert sum(p.is_host for p in profiles) >= 2
    assert any(p.avoid for p in profiles)
    assert all(p.offers or p.needs for p in profiles)
    assert all(p.industry for p in profiles)


def test_nynorsk_windows_1252_export_with_mapping():
    profiles = load_profiles(FIXTURES / "export_nn.csv", FIXTURES / "export_nn_columns.toml")
    assert len(profiles) >= 5
    assert any("ø" in p.name or "å" in p.name or "æ" in p.name
               or "ø" in p.offers or "å" in p.offers for p in profiles)
    assert all(p.name for p in profiles)


@pytest.mark.parametrize("name", ["export_bokmal_bom.csv", "export_english.csv", "tiny.csv", "tiny.json"])
def test_exports_recognised_without_mapping(name):
    profiles = load_profiles(FIXTURES / name)
    assert len(profiles) >= 3
    assert all(p.name and (p.offers or p.needs) for p in profiles)


def test_tiny_csv_and_json_agree():
    assert load_profiles(FIXTURES / "tiny.csv") == load_profiles(FIXTURES / "tiny.json")


def test_bad_profiles_reports_each_problem_with_its_line():
    with pytest.raises(ProfileError) as err:
        load_profiles(FIXTURES / "bad_profiles.csv")
    columns = {p.column for p in err.value.problems}
    assert {"orgnr", "employees", "contact_email", "industry", "name", "avoid"} <= columns
    assert all(p.line and p.line >= 2 for p in err.value.problems)
    assert len({p.line for p in err.value.problems}) >= 6


def test_xlsx_same_as_csv(tmp_path):
    from openpyxl import Workbook

    with open(FIXTURES / "tiny.csv", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    path = tmp_path / "tiny.xlsx"
    wb.save(path)
    assert load_profiles(path) == load_profiles(FIXTURES / "tiny.csv")


def test_json_round_trip(tmp_path):
    profiles = load_sample()
    path = tmp_path / "p.json"
    path.write_text(profiles_to_json(profiles), encoding="utf-8")
    assert load_profiles(path) == profiles


# -- property: any valid set of profiles survives CSV writing and loading ------------------

names = st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøåÆØÅ -&.", min_size=1, max_size=20).map(lambda s: " ".join(s.split())).filter(
    lambda s: any(c.isalpha() for c in s))
texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40).map(
    lambda s: " ".join(s.split()))


@st.composite
def profile_sets(draw):
    chosen = draw(st.lists(names, min_size=1, max_size=6, unique_by=str.casefold))
    out = []
    for i, name in enumerate(chosen):
        others = [f"c{j}" for j in range(len(chosen)) if j != i]
        avoid = tuple(draw(st.lists(st.sampled_from(others), unique=True, max_size=2))) if others else ()
        out.append(Profile(
            id=f"c{i}", name=name, municipality=draw(st.sampled_from([None, "Seljord", "Vinje", "Tokke"])),
            employees=draw(st.one_of(st.none(), st.integers(0, 5000))),
            offers=draw(texts), needs=draw(texts),
            interests=tuple(draw(st.lists(st.sampled_from(INTERESTS), unique=True, max_size=3))),
            avoid=avoid,
            available=draw(st.one_of(st.none(), st.lists(st.integers(1, 12), min_size=1, unique=True).map(
                lambda r: tuple(sorted(r))))),
            role=draw(st.sampled_from(["participant", "host"])),
        ))
    return out


@settings(max_examples=60, deadline=None)
@given(profile_sets(), st.sampled_from([",", ";"]), st.sampled_from(["utf-8", "utf-8-sig"]),
       st.permutations(FIELDS))
def test_csv_round_trip_any_header_order(tmp_path_factory, profiles, delimiter, encoding, order):
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter)
    writer.writerow(order)
    for p in profiles:
        d = p.to_dict()
        cells = []
        for f in order:
            v = d[f]
            if f in ("interests", "avoid", "must_meet"):
                v = ";".join(v)
            elif f == "available":
                v = ",".join(map(str, v)) if v else ""
            cells.append("" if v is None else str(v))
        writer.writerow(cells)
    path = tmp_path_factory.mktemp("rt") / "p.csv"
    path.write_bytes(buf.getvalue().encode(encoding))
    assert load_profiles(path) == tuple(profiles)


def test_profiles_to_json_is_canonical():
    data = json.loads(profiles_to_json([Profile(id="a", name="A", interests=("lean",))]))
    assert list(data[0]) == list(FIELDS)
