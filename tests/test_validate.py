"""Validation of rows: every field's rule, cross-row checks, all problems at once."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from profiles.columns import map_columns
from profiles.errors import ProfileError
from profiles.read import RawTable
from profiles.validate import orgnr_is_valid, parse_rounds, split_list, validate_rows

HEAD = ("name", "id", "orgnr", "municipality", "industry", "employees", "offers", "needs",
        "interests", "contact_name", "contact_email", "avoid", "must_meet", "available", "role")


def table(*rows, headers=HEAD):
    return RawTable("t.csv", tuple(headers),
                    tuple((i + 2, tuple(r) + ("",) * (len(headers) - len(r))) for i, r in enumerate(rows)))


def run(*rows, headers=HEAD):
    t = table(*rows, headers=headers)
    return validate_rows(t, map_columns(t.headers, file="t.csv"))


def problems(*rows):
    with pytest.raises(ProfileError) as err:
        run(*rows)
    return err.value.problems


def test_valid_row_normalised():
    (p,) = run(("Sæter Sag", "", "974 760 673", "tokke kommune", "16.230", "12", "trelast", "CNC",
                "Innkjøp; lean; competence exchange", "Kari", "kari@saeter.no", "", "", "1-3", "vert"))
    assert p.id == "974760673"
    assert p.orgnr == "974760673"
    assert p.municipality == "Tokke"
    assert p.industry == "16.230"
    assert p.employees == 12
    assert p.interests == ("purchasing", "lean", "competence_exchange")
    assert p.available == (1, 2, 3)
    assert p.role == "host"


def test_ids_derived_stably_and_unique():
    ps = run(("Bygg AS",), ("Bygg-AS",), ("Annan",), ("Med id", "eige-id"))
    assert [p.id for p in ps] == ["bygg-as", "bygg-as-2", "annan", "eige-id"]


def test_every_problem_reported_with_line_and_column():
    found = problems(
        ("Good AS",),
        ("Bad orgnr", "", "974760674"),
        ("Bad employees", "", "", "", "", "ca. 10"),
        ("Bad email", "", "", "", "", "", "", "", "", "", "post@"),
        ("Bad code", "", "", "", "99.999"),
        ("",),
        ("Bad avoid", "", "", "", "", "", "", "", "", "", "", "Ukjend AS"),
    )
    by_line = {p.line: p for p in found}
    assert set(by_line) == {3, 4, 5, 6, 7, 8}
    assert by_line[3].column == "orgnr" and "check digit" in by_line[3].message
    assert by_line[4].column == "employees" and by_line[4].value == "ca. 10"
    assert by_line[5].column == "contact_email"
    assert by_line[6].column == "industry" and by_line[6].value == "99.999"
    assert by_line[7].column == "name" and "empty" in by_line[7].message
    assert by_line[8].column == "avoid" and by_line[8].value == "Ukjend AS"


def test_avoid_and_must_meet_resolve_by_name_id_or_orgnr():
    ps = run(("A", "a", "", "", "", "", "", "", "", "", "", "974760673", "b-firma"),
             ("B firma", "b-firma"),
             ("C", "", "974760673"))
    assert ps[0].avoid == ("974760673",)
    assert ps[0].must_meet == ("b-firma",)


def test_self_reference_and_conflict_are_problems():
    found = problems(("A", "", "", "", "", "", "", "", "", "", "", "A"),
                     ("B", "", "", "", "", "", "", "", "", "", "", "A", "A"))
    text = " ".join(p.message for p in found)
    assert "cannot name itself" in text and "both to avoid and to meet" in text


def test_duplicate_names_and_ids():
    found = problems(("A", "x"), ("a", "y"), ("C", "x"))
    msgs = [p.message for p in found]
    assert any("name is already used on line 2" in m for m in msgs)
    assert any("id is already used on line 2" in m for m in msgs)


@pytest.mark.parametrize("cell", ["foo", "LEAN; kaffi"])
def test_unknown_interest(cell):
    (p,) = problems(("A", "", "", "", "", "", "", "", cell))
    assert p.column == "interests" and "innkjøp" in p.message


@pytest.mark.parametrize("cell,rounds", [("1-4,6", (1, 2, 3, 4, 6)), ("2 – 3", (2, 3)),
                                         ("alle", None), ("3;1", (1, 3))])
def test_parse_rounds(cell, rounds):
    assert parse_rounds(cell) == rounds


@pytest.mark.parametrize("cell", ["0", "4-2", "x", "1-", "1..3"])
def test_bad_rounds(cell):
    with pytest.raises(ValueError):
        parse_rounds(cell)


def test_orgnr_mod11():
    assert orgnr_is_valid("974760673")
    assert not orgnr_is_valid("974760670")
    assert not orgnr_is_valid("12345678")


def test_split_list():
    assert split_list("a; b, c") == ["a", "b, c"]
    assert split_list(" ") == []


def test_industry_with_title_text():
    (p,) = run(("A", "", "", "", "16.230 Produksjon av monteringsferdige hus"))
    assert p.industry == "16.230"


cells = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(cells, min_size=len(HEAD), max_size=len(HEAD)), max_size=6),
       st.permutations(HEAD))
def test_random_cells_and_header_orders_load_or_report(rows, headers):
    t = table(*rows, headers=headers)
    cmap = map_columns(t.headers, file="t.csv")
    try:
        ps = validate_rows(t, cmap)
    except ProfileError as exc:
        assert exc.problems
        for p in exc.problems:
            assert p.file == "t.csv" and p.message
            assert p.line is None or 2 <= p.line <= len(rows) + 1
    else:
        assert len({p.id for p in ps}) == len(ps)
        assert all(p.name for p in ps)
