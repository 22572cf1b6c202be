"""Reading raw tables: encodings, delimiters, line numbers, XLSX and JSON."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from profiles.errors import ProfileError
from profiles.read import decode_bytes, read_csv_text, read_json_text, read_table, sniff_delimiter


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_encodings_and_delimiters(tmp_path, encoding, delimiter):
    text = delimiter.join(["Namn", "Kommune", "Tilbyr"]) + "\n"
    text += delimiter.join(["Sæter Sag", "Tokke", "trelast og høvellast"]) + "\n"
    path = tmp_path / "x.csv"
    path.write_bytes(text.encode(encoding))
    table = read_table(path)
    assert table.headers == ("Namn", "Kommune", "Tilbyr")
    assert table.rows == ((2, ("Sæter Sag", "Tokke", "trelast og høvellast")),)
    assert table.delimiter == delimiter


def test_windows_1252_detected():
    text, enc = decode_bytes("Kva heiter verksemda?;Ørnes Bygg;Å".encode("cp1252"))
    assert enc == "windows-1252"
    assert "Ørnes" in text


def test_line_numbers_skip_blank_rows_and_follow_multiline_cells():
    text = 'name,offers\nA,"line one\nline two"\n\nB,x\n'
    table = read_csv_text(text, "f.csv")
    assert [line for line, _ in table.rows] == [2, 5]


def test_short_rows_padded_and_long_rows_cut():
    table = read_csv_text("a;b;c\n1\n1;2;3;4\n")
    assert table.rows == ((2, ("1", "", "")), (3, ("1", "2", "3")))


def test_sniff_prefers_semicolon_with_commas_inside_cells():
    assert sniff_delimiter("Namn;Tilbyr\nSag;trelast, høvling, tørking\n") == ";"


def test_json_records_keep_their_lines():
    text = json.dumps([{"name": "A"}, {"name": "B", "interests": ["lean", "innkjøp"]}], indent=1)
    table = read_json_text(text, "p.json")
    assert table.headers == ("name", "interests")
    assert table.rows[1][1] == ("B", "lean; innkjøp")
    assert table.rows[0][0] == 2


def test_json_errors_are_problems(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('[{"name": "A"},', encoding="utf-8")
    with pytest.raises(ProfileError) as err:
        read_table(bad)
    assert "not valid JSON" in str(err.value)
    other = tmp_path / "obj.json"
    other.write_text('{"a": 1}', encoding="utf-8")
    with pytest.raises(ProfileError, match="list of objects"):
        read_table(other)


def test_xlsx(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Bedrift", "Org.nr", "Ansatte"])
    ws.append(["Sag AS", 974760673, 12.0])
    ws.append([None, None, None])
    ws.append(["Bygg AS", None, 3])
    path = tmp_path / "x.xlsx"
    wb.save(path)
    table = read_table(path)
    assert table.headers == ("Bedrift", "Org.nr", "Ansatte")
    assert table.rows == ((2, ("Sag AS", "974760673", "12")), (4, ("Bygg AS", "", "3")))


@pytest.mark.parametrize("name,content,message", [
    ("missing.csv", None, "does not exist"),
    ("x.pdf", b"%PDF", "unsupported file type"),
    ("empty.csv", b"", "empty"),
    ("renamed.csv", b"PK\x03\x04rest", "Excel workbook"),
    ("broken.xlsx", b"not a zip", "cannot be opened"),
])
def test_file_level_problems(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ProfileError, match=message) as err:
        read_table(path)
    assert err.value.problems[0].file == str(path)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400), st.sampled_from([".csv", ".json", ".txt"]))
def test_random_bytes_never_crash(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("rnd") / f"f{suffix}"
    path.write_bytes(data)
    try:
        table = read_table(path)
    except ProfileError as exc:
        assert exc.problems
    else:
        assert all(len(cells) == len(table.headers) for _, cells in table.rows)
