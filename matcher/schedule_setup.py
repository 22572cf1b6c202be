"""From command-line values to a schedule: options, table names, scores.

Keeps ``cli.py`` thin: :func:`build_options` checks and combines what the
organiser typed, :func:`read_table_names` reads named tables from a file and
:func:`event_scores` computes the pair scores the chosen mode needs.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Sequence

import numpy as np

from matcher.schedule import ScheduleOptions
from matcher.timing import parse_clock, parse_pauses
from profiles.errors import ScheduleError
from profiles.model import Profile


def read_table_names(path: str | Path) -> tuple[str, ...]:
    """Table names from a text file (one per line) or a CSV with a ``table``/``name`` column.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "tables.txt"
    >>> _ = p.write_text("Vindauge\\nPeis\\n\\nBar\\n")
    >>> read_table_names(p)
    ('Vindauge', 'Peis', 'Bar')
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScheduleError(f"{path}: the table file cannot be read ({exc}).") from None
    lines = [ln for ln in text.splitlines() if ln.strip()]
    names: list[str] = []
    if lines and path.suffix.lower() == ".csv":
        dialect = csv.Sniffer().sniff(lines[0], delimiters=",;\t") if len(lines[0]) > 0 else None
        rows = list(csv.reader(lines, dialect) if dialect else csv.reader(lines))
        header = [h.strip().lower() for h in rows[0]]
        col = next((header.index(h) for h in ("table", "name", "bord", "namn", "navn")
                    if h in header), None)
        if col is None:
            raise ScheduleError(f"{path}: expected a column 'table' or 'name' with the table "
                                f"names (got columns {', '.join(rows[0])}).")
        names = [r[col].strip() for r in rows[1:] if len(r) > col and r[col].strip()]
    else:
        names = [ln.strip() for ln in lines]
    if not names:
        raise ScheduleError(f"{path}: no table names found (expected one name per line).")
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise ScheduleError(f"{path}: table names must differ; repeated: {', '.join(dup)}.")
    return tuple(names)


def build_options(*, rounds=None, tables=None, tables_file=None, start="09:00", minutes=10,
                  break_minutes=5, pause_after=None, mode="pairs", group_size=None,
                  mingle=None, meetings_file=None, profiles: Sequence[Profile] = (),
                  max_meetings=None, max_break_spread=2, min_score=0.0, fairness=0.1, seed=0,
                  time_limit=10.0, solver="auto", event_name=None, venue=None,
                  date=None) -> ScheduleOptions:
    """Combine command-line values into :class:`ScheduleOptions` (raises ScheduleError)."""
    parse_clock(start)
    names = read_table_names(tables_file) if tables_file else None
    requests = ()
    if meetings_file:
        from matcher.requests_mode import read_requests

        requests = read_requests(meetings_file, profiles)
    event = tuple((k, v) for k, v in (("name", event_name), ("venue", venue), ("date", date))
                  if v)
    return ScheduleOptions(
        rounds=rounds, tables=tables, table_names=names, start=start, minutes=minutes,
        break_minutes=break_minutes, pauses=parse_pauses(pause_after), mode=mode,
        group_size=mingle if mode == "mingle" else group_size, requests=requests,
        max_meetings=max_meetings, max_break_spread=max_break_spread, min_score=min_score,
        fairness=fairness, seed=seed,
        time_limit=time_limit, solver=solver, event=event)


def event_scores(profiles: Sequence[Profile], mode: str, weights_path: str | None = None,
                 text_model: str = "tfidf") -> np.ndarray | None:
    """Pair scores for modes that use them (None in requests mode)."""
    if mode == "requests":
        return None
    from matcher.score import pair_features, score_matrix
    from matcher.weights import resolve_weights

    feat = pair_features(profiles, resolve_weights(weights_path), text_model=text_model)
    return score_matrix(profiles, features=feat)


def pick_mode(meetings_file=None, group_size=None, mingle=None, hosted=False) -> str:
    """The mode implied by the options; more than one mode is an error.

    Examples
    --------
    >>> pick_mode(group_size=4)
    'groups'
    """
    chosen = [m for m, on in (("requests", meetings_file), ("groups", group_size),
                              ("mingle", mingle), ("hosted", hosted)) if on]
    if len(chosen) > 1:
        raise ScheduleError(f"Choose one mode; got {', '.join(chosen)} together "
                            "(--meetings, --group-size, --mingle and --hosted exclude each other).")
    return chosen[0] if chosen else "pairs"
