"""Loading profiles: read a file, map its columns, validate every row.

:func:`load_profiles` is the one entry point for organisers' files (CSV, XLSX
or JSON); :func:`load_sample` gives the bundled sample of companies.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Iterable

from profiles.columns import map_columns, read_mapping
from profiles.model import Profile
from profiles.read import read_table
from profiles.validate import validate_rows


def load_profiles(path: str | Path, columns: str | Path | dict[str, str] | None = None
                  ) -> tuple[Profile, ...]:
    """Read, map and validate a registrations file.

    Parameters
    ----------
    path : str or Path
        A ``.csv`` (any common delimiter; UTF-8, UTF-8 with BOM or Windows-1252),
        ``.xlsx`` or ``.json`` file.
    columns : path or dict, optional
        A ``--columns`` TOML mapping file, or the mapping itself
        (``{"name": "Kva heiter verksemda?"}``). Without it, common Nynorsk,
        Bokmål and English headers are recognised.

    Returns
    -------
    tuple of Profile

    Raises
    ------
    ProfileError
        With every problem found: file, line, column, value and what is expected.

    Examples
    --------
    >>> profiles = load_profiles(sample_path())
    >>> len(profiles) > 50
    True
    """
    mapping_file = None
    if columns is not None and not isinstance(columns, dict):
        mapping_file = str(columns)
        columns = read_mapping(columns)
    table = read_table(path)
    cmap = map_columns(table.headers, columns, file=table.file, mapping_file=mapping_file)
    return validate_rows(table, cmap)


def profiles_to_json(profiles: Iterable[Profile]) -> str:
    """The normalised profiles as a JSON list of objects with the canonical fields.

    Examples
    --------
    >>> profiles_to_json([Profile(id="a", name="A")])[:30]
    '[\\n  {\\n    "id": "a",\\n    "name": "A'
    """
    return json.dumps([p.to_dict() for p in profiles], ensure_ascii=False, indent=2) + "\n"


def sample_path() -> Path:
    """Path of the bundled sample of company profiles (CSV)."""
    return Path(str(resources.files("profiles.data").joinpath("sample.csv")))


def load_sample() -> tuple[Profile, ...]:
    """The bundled sample of fictional Vest-Telemark companies, validated."""
    return load_profiles(sample_path())
