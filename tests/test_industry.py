"""Tests of profiles.industry: the SN2007/SN2025 tables, code normalisation, titles, hierarchy."""

import csv
import re
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from profiles import industry
from profiles.data import make_nn_titles


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("16.23", "16.23"),
        ("1623", "16.23"),
        ("16,23", "16.23"),
        (" 16 . 23 ", "16.23"),
        ("16.230", "16.230"),
        ("16230", "16.230"),
        ("16.231", "16.231"),
        (" C ", "C"),
        ("c", "C"),
        ("16.2", "16.2"),
        ("162", "16.2"),
        ("16", "16"),
        (1623, "16.23"),
        (16.23, "16.23"),
        ("1.11", "01.11"),  # Excel dropped the leading zero of 01.11
        ("1", "01"),
        ("16.231 Produksjon av monteringsferdige hus", "16.231"),  # as Enhetsregisteret prints it
        ("16.231 - Produksjon av monteringsferdige hus", "16.231"),
    ],
)
def test_normalise_accepts_common_forms(raw, expected):
    assert industry.normalise_code(raw) == expected


@pytest.mark.parametrize("raw", ["99.999", "16.239", "00", "W", "sag og høvleri", "", None, "16.2.3", "123456", "Ø"])
def test_unknown_or_malformed_code_is_rejected_with_a_plain_message(raw):
    with pytest.raises(ValueError) as info:
        industry.normalise_code(raw)
    message = str(info.value)
    assert "16.230" in message and '"C"' in message  # says what is expected
    assert not industry.is_known(raw)


def test_message_names_the_bad_value():
    with pytest.raises(ValueError, match="'99.999'"):
        industry.normalise_code("99.999")


def test_titles_in_three_languages():
    assert industry.title("16.231", lang="nb") == "Produksjon av monteringsferdige hus"
    assert industry.title("16.231", lang="nn") == "Produksjon av monteringsferdige hus"  # same words in Nynorsk
    assert industry.title("16.23", lang="en") == "Manufacture of other builders' carpentry and joinery"
    assert industry.title("C", lang="nb") == "Industri"
    assert industry.title("C", lang="en") == "Manufacturing"
    assert industry.title("55.101", lang="nb") == "Drift av hoteller, pensjonater og moteller med restaurant"
    assert industry.title("1623", lang="en") == industry.title("16.23", lang="en")


def test_subclass_english_titles():
    assert industry.title("01.451", lang="en") == "Raising of sheep"  # hand-checked SN2025 title
    assert industry.title("16.232", lang="en") == industry.title("16.23", lang="en")  # class fallback
    assert industry.title("16.100", lang="en") == "Sawmilling and planing of wood"


def test_default_language_is_nynorsk_field():
    assert industry.title("16.10") == industry.title("16.10", lang="nn")


def test_unknown_language_rejected():
    with pytest.raises(ValueError, match="nn, nb, en"):
        industry.title("C", lang="de")


def test_lineage_of_subclass_and_of_coarse_codes():
    assert industry.lineage("16.231") == {
        "section": "C", "division": "16", "group": "16.2", "class": "16.23", "subclass": "16.231"}
    assert industry.lineage("16") == {
        "section": "C", "division": "16", "group": None, "class": None, "subclass": None}
    assert industry.lineage("A")["section"] == "A"
    assert industry.lineage("47.112")["section"] == "G"
    assert industry.lineage("86.211")["section"] == "Q"


def test_shared_level():
    assert industry.shared_level("16.231", "16.231") == "subclass"
    assert industry.shared_level("16.231", "16.232") == "class"
    assert industry.shared_level("16.231", "16.29") == "group"
    assert industry.shared_level("16.10", "16.29") == "division"
    assert industry.shared_level("16.10", "25.62") == "section"
    assert industry.shared_level("16.10", "01.11") is None
    assert industry.shared_level("16.23", "16.231") == "class"  # coarser code bounds the level
    assert industry.shared_level("C", "16.10") == "section"
    assert industry.shared_level("16.10", "nonsense") is None


def test_sn2025_only_codes_accepted():
    # 62.10 is SN2025's "Computer programming activities" (SN2007 had 62.01).
    assert industry.version_of("62.10") == ("2025",)
    assert industry.normalise_code("6210") == "62.10"
    assert industry.title("62.10", lang="en") == "Computer programming activities"
    # No Norwegian title is shipped for codes new in SN2025: English is shown.
    assert industry.title("62.10", lang="nn") == "Computer programming activities"
    assert industry.lineage("62.100")["section"] == "K"
    assert industry.normalise_code("V") == "V"
    with pytest.raises(ValueError, match="SN2007"):
        industry.normalise_code("62.10", version="2007")


def test_version_selects_the_table_for_codes_in_both():
    assert industry.title("K", lang="en") == "Financial and insurance activities"
    assert industry.title("K", lang="en", version="2025").startswith("Telecommunication")
    assert industry.title("C", lang="nb", version="2025") == "Industri"  # unchanged: Norwegian kept


def test_table_sizes_and_hierarchy_are_complete():
    counts = {lv: len(industry.codes(lv)) for lv in industry.LEVELS}
    assert counts == {"section": 21, "division": 87, "group": 270, "class": 613, "subclass": 820}
    counts25 = {lv: len(industry.codes(lv, version="2025")) for lv in industry.LEVELS}
    assert counts25 == {"section": 22, "division": 87, "group": 287, "class": 651, "subclass": 736}
    for version in industry.VERSIONS:
        rows = industry.table(version)
        for code, entry in rows.items():
            assert entry.title_en, code
            if entry.level != "section":
                assert rows[entry.parent].level == industry.LEVELS[industry.LEVELS.index(entry.level) - 1]
        # every class has at least one subclass
        classes = {c for c, e in rows.items() if e.level == "class"}
        assert classes == {e.parent for e in rows.values() if e.level == "subclass"}


def test_sn2007_has_norwegian_titles_everywhere():
    for entry in industry.table("2007").values():
        assert entry.title_nb and entry.title_nn


def test_csv_is_utf8_with_expected_columns():
    ref = resources.files("profiles.data").joinpath("sn2007.csv")
    with ref.open("r", encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert header == ["code", "level", "parent", "title_nb", "title_nn", "title_en"]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(industry.codes()))
def test_normalise_is_idempotent_on_every_code(code):
    assert industry.normalise_code(code) == code
    assert industry.normalise_code(code.replace(".", "")) == code
    assert industry.normalise_code(code.replace(".", ",").lower()) == code


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=12))
def test_any_text_is_either_a_known_code_or_a_valueerror(text):
    try:
        code = industry.normalise_code(text)
    except ValueError as exc:
        assert str(exc)
    else:
        assert industry.is_known(code)


def test_nynorsk_title_is_nynorsk():
    nn = industry.title("84.110", lang="nn")
    assert nn == "Generell offentleg administrasjon"
    assert nn != industry.title("84.110", lang="nb")
    assert industry.title("02", lang="nn") == "Skogbruk og tenester knytte til skogbruk"
    assert industry.title("F", lang="nn", version="2025") == "Bygge- og anleggsverksemd"


@pytest.mark.parametrize("version", industry.VERSIONS)
def test_nynorsk_titles_have_no_bokmal_only_forms(version):
    bokmal_only = re.compile(
        r"\bikke\b|virksomhet|tjenest|\bunntatt\b|offentlig|tilknyttet|\bannen\b|\bannet\b|\bellers\b|\bfra\b",
        re.IGNORECASE,
    )
    found = {e.code: e.title_nn for e in industry.table(version).values() if bokmal_only.search(e.title_nn)}
    assert found == {}


def test_nynorsk_titles_are_reproduced_by_the_dictionary():
    convert = make_nn_titles.converter(make_nn_titles.load_dictionary())
    for version in industry.VERSIONS:
        for entry in industry.table(version).values():
            assert entry.title_nn == (convert(entry.title_nb) if entry.title_nb else ""), entry.code


def test_nynorsk_converter_rules():
    convert = make_nn_titles.converter(
        {"annen": "anna", "annen butikkhandel": "annan butikkhandel", "ikke": "ikkje", "farlig": "farleg",
         "vann": "vatn", "vann-": "vass-", "a": "b", "b": "c"}
    )
    # the longest match wins and a capital first letter is kept
    assert convert("Annen butikkhandel og annen handel") == "Annan butikkhandel og anna handel"
    # parts of hyphenated words are words; a trailing hyphen can have its own form
    assert convert("Innsamling av ikke-farlig avfall") == "Innsamling av ikkje-farleg avfall"
    assert convert("vann- og kloakkanlegg, vann") == "vass- og kloakkanlegg, vatn"
    # whole words only, and a replacement is never converted again
    assert convert("annenhver a b") == "annenhver b c"


def test_nynorsk_dictionary_rejects_duplicates_and_identity_rows(tmp_path):
    path = tmp_path / "nn_words.csv"
    path.write_text("bokmal,nynorsk\nikke,ikkje\nIkke,ikkje\n", encoding="utf-8")
    with pytest.raises(ValueError, match="twice"):
        make_nn_titles.load_dictionary(path)
    path.write_text("bokmal,nynorsk\nand,And\n", encoding="utf-8")
    with pytest.raises(ValueError, match="itself"):
        make_nn_titles.load_dictionary(path)
