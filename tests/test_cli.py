"""The command line as a whole: help of every command, documentation, exit codes."""

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = sorted(main.commands)


@pytest.fixture
def runner():
    return CliRunner()


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_example(runner, command):
    result = runner.invoke(main, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_documented_in_readme(command):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"speeddate {command}\b", readme), f"README does not show `speeddate {command}`"


def test_main_help_lists_commands(runner):
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in COMMANDS:
        assert command in result.output


def test_validate_ok_writes_json(runner, tmp_path):
    src = tmp_path / "p.csv"
    src.write_text("name,offers,needs\nSag AS,trelast,CNC\nMek AS,CNC,trelast\n", encoding="utf-8")
    out = tmp_path / "profiles.json"
    result = runner.invoke(main, ["validate", str(src), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "2 companies" in result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [d["id"] for d in data] == ["sag-as", "mek-as"]
    again = runner.invoke(main, ["validate", str(src), "--out", str(out)])
    assert again.exit_code == 2 and "--force" in again.output
    forced = runner.invoke(main, ["validate", str(src), "--out", str(out), "--force"])
    assert forced.exit_code == 0


def test_validate_bad_file_exit_2_lists_all(runner, tmp_path):
    src = tmp_path / "p.csv"
    src.write_text("name,employees,contact_email\n,ti,x@\nB,3,b@b.no\n", encoding="utf-8")
    out = tmp_path / "profiles.json"
    result = runner.invoke(main, ["validate", str(src), "--out", str(out)])
    assert result.exit_code == 2
    assert "3 problems" in result.output
    assert "line 2" in result.output and "'employees'" in result.output
    assert not out.exists()


def test_missing_file_exit_2(runner, tmp_path):
    result = runner.invoke(main, ["validate", str(tmp_path / "nope.csv")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


@pytest.mark.parametrize("suffix", [".csv", ".json", ".xlsx"])
def test_sample_written_and_loadable(runner, tmp_path, suffix):
    out = tmp_path / f"sample{suffix}"
    result = runner.invoke(main, ["sample", "--out", str(out)])
    assert result.exit_code == 0, result.output
    check = runner.invoke(main, ["validate", str(out)])
    assert check.exit_code == 0, check.output
    refused = runner.invoke(main, ["sample", "--out", str(out)])
    assert refused.exit_code == 2


def test_sample_bad_suffix(runner, tmp_path):
    result = runner.invoke(main, ["sample", "--out", str(tmp_path / "s.pdf")])
    assert result.exit_code == 2 and ".csv, .json or .xlsx" in result.output
