"""Plan a speed-dating event: rounds with clock times, tables and meetings.

The public entry is :func:`plan_event` (profiles + score matrix + options ->
:class:`Schedule`), with :func:`schedule_to_dict` / :func:`write_schedule_files`
for the ``schedule.json`` and ``schedule.csv`` files and :func:`read_schedule`
to read them back (validated). The solvers of each mode live in their own
modules (:mod:`matcher.pairs_mode`, ...); this module checks inputs, dispatches,
puts meetings at tables and clock times, and computes the statistics.

Examples
--------
>>> import numpy as np
>>> from profiles.model import Profile
>>> ps = [Profile(id=c, name=c.upper()) for c in "abcd"]
>>> s = np.array([[0, .9, .1, .2], [.9, 0, .3, .1], [.1, .3, 0, .8], [.2, .1, .8, 0]])
>>> plan = plan_event(ps, s, ScheduleOptions(rounds=1, start="13:00"))
>>> [m.companies for m in plan.rounds[0].meetings]
[('a', 'b'), ('c', 'd')]
>>> plan.rounds[0].start, plan.rounds[0].end
('13:00', '13:10')
"""

from __future__ import annotations

import csv
import io
import json
import math
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from matcher.constraints import EventModel, build_model
from matcher.output import write_text_atomic
from matcher.timing import round_times
from profiles.errors import ScheduleError
from profiles.model import Profile

MODES = ("pairs", "requests", "groups", "mingle", "hosted")

#: progress callback: (message, fraction done in [0, 1])
Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class ScheduleOptions:
    """Everything the organiser decides about the event (all optional but ``rounds``).

    Parameters
    ----------
    rounds : int or None
        Number of rounds (in mingle mode None means "as few as possible").
    tables : int or None
        Number of tables; None means enough for everybody.
    table_names : tuple of str or None
        Named tables/locations (their number sets ``tables``).
    start, minutes, break_minutes, pauses
        Clock times: first round, meeting length, break between rounds,
        longer pauses as ``((after_round, minutes), ...)``.
    mode : {"pairs", "requests", "groups", "mingle", "hosted"}
    group_size : int or None
        Table size in groups and mingle modes.
    requests : tuple of Request
        The agreed meetings in requests mode (see :mod:`matcher.requests_mode`).
    max_meetings : int or None
        Cap on meetings for every company; ``caps`` per company id.
    max_break_spread : int
        Requests mode: most difference in breaks between two companies.
    min_score : float
        Pairs at or below this score are not worth a meeting (must-meet aside).
    fairness : float
        Pairs mode: value of a meeting for a company still below its fair
        minimum (a third of its expected number of meetings, rounded up),
        in units of a top score; 0 maximises the total score alone.
    seed : int
        Seed of every random choice (same seed, same schedule).
    time_limit : float
        Seconds the search may take; the best schedule found is returned.
    solver : {"auto", "milp", "heuristic", "greedy"}
        "auto" uses the exact model where it is small enough.
    event : tuple of (key, value)
        Name, date, venue... copied into ``schedule.json``.
    """

    rounds: int | None = None
    tables: int | None = None
    table_names: tuple[str, ...] | None = None
    start: str = "09:00"
    minutes: int = 10
    break_minutes: int = 5
    pauses: tuple[tuple[int, int], ...] = ()
    mode: str = "pairs"
    group_size: int | None = None
    requests: tuple = ()
    max_meetings: int | None = None
    caps: tuple[tuple[str, int], ...] = ()
    max_break_spread: int = 2
    min_score: float = 0.0
    fairness: float = 0.1
    seed: int = 0
    time_limit: float = 10.0
    solver: str = "auto"
    event: tuple[tuple[str, str], ...] = ()

    def settings(self) -> dict[str, Any]:
        """The settings as written to ``schedule.json``."""
        d = {
            "mode": self.mode, "rounds": self.rounds, "tables": self.table_count_hint(),
            "table_names": list(self.table_names) if self.table_names else None,
            "start": self.start, "minutes": self.minutes, "break": self.break_minutes,
            "pauses": [list(p) for p in self.pauses], "group_size": self.group_size,
            "max_meetings": self.max_meetings, "caps": dict(self.caps),
            "max_break_spread": self.max_break_spread, "min_score": self.min_score,
            "fairness": self.fairness, "seed": self.seed, "time_limit": self.time_limit, "solver": self.solver,
        }
        if self.requests:
            d["requests"] = [r.to_dict() for r in self.requests]
        return d

    def table_count_hint(self) -> int | None:
        """Tables as given (names count), None when unlimited."""
        return len(self.table_names) if self.table_names else self.tables


@dataclass(frozen=True)
class Meeting:
    """One table in one round: two companies (pairs) or a group."""

    round: int
    table: str
    companies: tuple[str, ...]
    score: float


@dataclass(frozen=True)
class Round:
    """One round with its clock times and meetings."""

    number: int
    start: str
    end: str
    meetings: tuple[Meeting, ...]


@dataclass(frozen=True)
class Schedule:
    """A planned event: rounds, the companies, settings and statistics."""

    rounds: tuple[Round, ...]
    profiles: tuple[Profile, ...]
    settings: Mapping[str, Any]
    stats: Mapping[str, Any]
    event: Mapping[str, Any] = field(default_factory=dict)
    revision: int = 0   # times the plan was repaired (calendar files use it as SEQUENCE)

    def meetings_of(self, company_id: str) -> list[Meeting]:
        """Meetings of one company, in round order."""
        return [m for r in self.rounds for m in r.meetings if company_id in m.companies]


# ----------------------------------------------------------------------------- planning

def plan_event(profiles: Sequence[Profile], scores: np.ndarray | None,
               options: ScheduleOptions, progress: Progress | None = None) -> Schedule:
    """Plan the event.

    Parameters
    ----------
    profiles : sequence of Profile
    scores : ndarray (N, N) or None
        Pair scores aligned with ``profiles`` (None: every allowed pair is
        equally good; not needed in requests mode).
    options : ScheduleOptions
    progress : callable(message, fraction), optional
        Called while searching.

    Returns
    -------
    Schedule

    Raises
    ------
    ScheduleError
        With every reason the event cannot be planned as asked.
    """
    t0 = time.monotonic()
    profiles = tuple(profiles)
    options = _check_options(options)
    report = progress or (lambda msg, frac: None)
    if options.mode == "pairs" or options.mode == "hosted":
        from matcher.pairs_solver import solve_pairs_event

        model = _model(profiles, scores, options, default_ones=scores is None)
        skipped = []
        if options.mode == "hosted":
            from matcher.hosted import hosted_model, skipped_must

            skipped = skipped_must(model)
            model = hosted_model(model)
        result = solve_pairs_event(model, options, report)
        groups = [[(i, j) for i, j in rnd] for rnd in result.rounds]
        extra = dict(result.stats)
        if skipped:
            extra["must_meet_not_in_mode"] = skipped
    elif options.mode == "requests":
        from matcher.requests_mode import solve_requests

        model = replace(_model(profiles, None, options, check_must=False), must=())
        result = solve_requests(model, options.requests, options, report)
        groups = result.rounds
        extra = result.stats
    elif options.mode in ("groups", "mingle"):
        from matcher.groups_mode import solve_groups, solve_mingle

        if options.mode == "groups":
            model = _model(profiles, scores, options, hosts=False, default_ones=True)
            result = solve_groups(model, options.group_size, options, report)
        else:
            limited = [p.name for p in profiles if p.available is not None]
            if limited:
                raise ScheduleError(
                    "Mingle mode plans rounds until everybody has met everybody, so every "
                    "company must attend every round; these companies attend only some rounds "
                    "(clear their 'available' field):", limited)
            model = _model(profiles, scores, options, check_must=False, hosts=False)
            result = solve_mingle(model, options.group_size, options, report)
            options = replace(options, rounds=len(result.rounds))
        groups = result.rounds
        extra = result.stats
    else:  # pragma: no cover - _check_options rejects it
        raise ScheduleError(f"Unknown mode {options.mode!r}.")
    report("done", 1.0)
    return assemble(profiles, model, groups, options, extra, time.monotonic() - t0)


def _model(profiles, scores, options: ScheduleOptions, check_must=True, hosts=True,
           default_ones=False) -> EventModel:
    rounds = options.rounds
    if options.mode == "mingle":
        rounds = 1  # the rounds are what mingle mode finds; attendance is checked per company
    if scores is None and default_ones:
        n = len(profiles)
        scores = np.ones((n, n)) - np.eye(n)
    tables = options.table_count_hint()
    return build_model(profiles, scores, rounds, tables, caps=dict(options.caps),
                       max_meetings=options.max_meetings, hosts_allowed=hosts,
                       check_must=check_must)


def _check_options(options: ScheduleOptions) -> ScheduleOptions:
    problems = []
    if options.mode not in MODES:
        problems.append(f"the mode must be one of {', '.join(MODES)} (got {options.mode!r})")
    if options.mode != "mingle" and (options.rounds is None or options.rounds < 1):
        problems.append(f"the number of rounds must be at least 1 (got {options.rounds})")
    if options.mode in ("groups", "mingle") and (options.group_size is None
                                                  or options.group_size < 2):
        problems.append(f"tables must seat at least 2 (group size {options.group_size})")
    if options.mode == "requests" and not options.requests:
        problems.append("requests mode needs the list of meetings (--meetings FILE)")
    if options.tables is not None and options.table_names and \
            options.tables != len(options.table_names):
        problems.append(f"{options.tables} tables were asked for but {len(options.table_names)} "
                        "table names were given")
    if options.table_names and len(set(options.table_names)) != len(options.table_names):
        problems.append("two tables have the same name")
    if options.time_limit <= 0:
        problems.append(f"the time limit must be positive (got {options.time_limit})")
    if options.solver not in ("auto", "milp", "heuristic", "greedy"):
        problems.append(f"the solver must be auto, milp, heuristic or greedy "
                        f"(got {options.solver!r})")
    if options.max_break_spread < 0:
        problems.append("the break spread cannot be negative")
    if problems:
        raise ScheduleError("The schedule options do not work:", problems)
    return options


def table_labels(options: ScheduleOptions, count: int) -> list[str]:
    """Names of the tables: the given names or 1, 2, 3, ..."""
    if options.table_names:
        return list(options.table_names)
    return [str(k + 1) for k in range(count)]


def assemble(profiles: tuple[Profile, ...], model: EventModel,
             rounds: list[list[tuple[int, ...]]], options: ScheduleOptions,
             extra: Mapping[str, Any], seconds: float) -> Schedule:
    """Put meetings (index tuples per round) at tables and times and compute the statistics."""
    n_rounds = len(rounds)
    slots = round_times(n_rounds, options.start, options.minutes, options.break_minutes,
                        options.pauses)
    hosts = list(model.hosts)
    tables_needed = max([model.tables] + [len(r) for r in rounds])
    names = table_labels(options, tables_needed)
    if len(names) < tables_needed:
        raise ScheduleError(f"The plan needs {tables_needed} tables but only {len(names)} "
                            "are named.")
    w = model.weights
    out_rounds = []
    for r, meetings in enumerate(rounds):
        host_of = {}
        for m in meetings:
            for i in m:
                if i in hosts:
                    host_of[m] = hosts.index(i)
        taken = {host_of[m] for m in meetings if m in host_of}
        taken |= {k for k, h in enumerate(hosts) if model.present[h, min(r, model.rounds - 1)]}
        free = [k for k in range(len(names)) if k not in taken]
        ordered = sorted(meetings, key=lambda m: (-_meeting_score(w, m), m))
        placed = []
        for m in ordered:
            k = host_of[m] if m in host_of else free.pop(0)
            placed.append((k, m))
        placed.sort()
        out_rounds.append(Round(
            number=r + 1, start=slots[r].start, end=slots[r].end,
            meetings=tuple(Meeting(r + 1, names[k], tuple(model.ids[i] for i in m),
                                   round(_meeting_score(w, m), 4)) for k, m in placed)))
    settings = options.settings()
    settings["rounds"] = n_rounds
    settings["tables"] = len(names) if options.table_names else model.tables
    stats = compute_stats(model, rounds, extra, seconds)
    return Schedule(rounds=tuple(out_rounds), profiles=profiles, settings=settings, stats=stats,
                    event=dict(options.event))


def _meeting_score(w: np.ndarray, m: tuple[int, ...]) -> float:
    vals = [w[a, b] for k, a in enumerate(m) for b in m[k + 1:]]
    return float(np.mean(vals)) if vals else 0.0


def breaks_per_company(n: int, rounds: list[list[tuple[int, ...]]]) -> np.ndarray:
    """Idle gaps per company: runs of rounds without a meeting between two meetings."""
    busy = np.zeros((n, len(rounds)), dtype=bool)
    for r, meetings in enumerate(rounds):
        for m in meetings:
            busy[list(m), r] = True
    out = np.zeros(n, dtype=int)
    for i in range(n):
        idx = np.flatnonzero(busy[i])
        if idx.size > 1:
            out[i] = int(np.sum(np.diff(idx) > 1))
    return out


def compute_stats(model: EventModel, rounds: list[list[tuple[int, ...]]],
                  extra: Mapping[str, Any], seconds: float) -> dict[str, Any]:
    """Statistics of a plan: totals, bound and gap, per-company counts, breaks, idle slots."""
    n = model.n
    w = model.weights
    count = np.zeros(n, dtype=int)
    got = np.zeros(n)
    total = 0.0
    pairs_met: dict[tuple[int, int], int] = {}
    idle = 0
    for r, meetings in enumerate(rounds):
        seated = set()
        for m in meetings:
            for k, a in enumerate(m):
                count[a] += 1
                seated.add(a)
                for b in m[k + 1:]:
                    total += w[a, b]
                    got[a] += w[a, b]
                    got[b] += w[a, b]
                    key = (min(a, b), max(a, b))
                    pairs_met[key] = pairs_met.get(key, 0) + 1
        if r < model.rounds:
            idle += int(sum(1 for i in range(n) if model.present[i, r] and i not in seated))
    breaks = breaks_per_company(n, rounds)
    n_meetings = sum(len(m) for m in rounds)
    stats: dict[str, Any] = {
        "companies": n,
        "rounds": len(rounds),
        "tables": max([len(m) for m in rounds] + [0]) if any(
            len(m) > 2 for rd in rounds for m in rd) else model.tables,
        "meetings": n_meetings,
        "total_score": round(float(total), 4),
        "mean_score": round(float(total / max(1, sum(len(m) * (len(m) - 1) // 2 for rd in rounds
                                                     for m in rd))), 4),
        "meetings_per_company": {"min": int(count.min()) if n else 0,
                                 "median": float(np.median(count)) if n else 0.0,
                                 "max": int(count.max(initial=0))},
        "breaks": {"total": int(breaks.sum()), "max": int(breaks.max(initial=0)),
                   "min": int(breaks.min()) if n else 0},
        "idle_slots": int(idle),
        "must_meet": {"total": len(model.must),
                      "placed": sum(1 for p in model.must if p in pairs_met)},
        "repeated_pairs": int(sum(c - 1 for c in pairs_met.values() if c > 1)),
        "seconds": round(seconds, 3),
    }
    stats.update(extra)
    bound = stats.get("upper_bound")
    if bound is not None and math.isfinite(bound):
        stats["upper_bound"] = round(float(bound), 4)
        stats["gap"] = round(max(0.0, 1.0 - total / bound), 6) if bound > 0 else 0.0
    return stats


# ----------------------------------------------------------------------------- files

def schedule_to_dict(schedule: Schedule) -> dict[str, Any]:
    """The ``schedule.json`` content: event, settings, rounds, stats, profiles.

    Examples
    --------
    >>> from profiles.model import Profile
    >>> s = Schedule((Round(1, "09:00", "09:10", (Meeting(1, "1", ("a", "b"), 0.5),)),),
    ...              (Profile(id="a", name="A"), Profile(id="b", name="B")), {}, {})
    >>> schedule_to_dict(s)["rounds"][0]["meetings"]
    [{'table': '1', 'companies': ['a', 'b'], 'score': 0.5}]
    """
    return {
        "event": dict(schedule.event),
        "revision": schedule.revision,
        "settings": dict(schedule.settings),
        "rounds": [{"round": r.number, "start": r.start, "end": r.end,
                    "meetings": [{"table": m.table, "companies": list(m.companies),
                                  "score": m.score} for m in r.meetings]}
                   for r in schedule.rounds],
        "stats": _jsonable(dict(schedule.stats)),
        "profiles": [p.to_dict() for p in schedule.profiles],
    }


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def schedule_from_dict(data: Mapping[str, Any]) -> Schedule:
    """Rebuild a :class:`Schedule` from a (validated) ``schedule.json`` dict."""
    rounds = tuple(Round(int(r["round"]), r.get("start", ""), r.get("end", ""),
                         tuple(Meeting(int(r["round"]), str(m["table"]),
                                       tuple(str(c) for c in m["companies"]),
                                       float(m.get("score", 0.0) or 0.0))
                               for m in r["meetings"]))
                   for r in data["rounds"])
    profiles = tuple(Profile.from_dict(p) for p in data.get("profiles", []))
    revision = data.get("revision", 0)
    return Schedule(rounds, profiles, dict(data.get("settings", {})),
                    dict(data.get("stats", {})), dict(data.get("event", {})),
                    revision if isinstance(revision, int) and revision > 0 else 0)


def schedule_csv(schedule: Schedule) -> str:
    """``schedule.csv``: round, start, end, table, companies (ids joined by ';'), score."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["round", "start", "end", "table", "companies", "score"])
    for r in schedule.rounds:
        for m in r.meetings:
            writer.writerow([r.number, r.start, r.end, m.table, ";".join(m.companies),
                             f"{m.score:.4f}"])
    return buf.getvalue()


def write_schedule_files(schedule: Schedule, folder: str | Path) -> list[Path]:
    """Write ``schedule.json`` and ``schedule.csv`` into an existing (staging) folder."""
    folder = Path(folder)
    text = json.dumps(schedule_to_dict(schedule), ensure_ascii=False, indent=2)
    return [write_text_atomic(folder / "schedule.json", text + "\n", force=True),
            write_text_atomic(folder / "schedule.csv", schedule_csv(schedule), force=True)]


def read_schedule(path: str | Path) -> dict[str, Any]:
    """Read and check a ``schedule.json``; raise ScheduleError naming the file and problem."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise ScheduleError(f"{path}: the file does not exist.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScheduleError(f"{path}: the file cannot be read ({exc}).") from None
    except json.JSONDecodeError as exc:
        raise ScheduleError(f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: "
                            f"{exc.msg}); expected a schedule.json written by speeddate.") from None
    problems = validate_schedule_dict(data)
    if problems:
        raise ScheduleError(f"{path} is not a usable schedule:", problems)
    return data


def validate_schedule_dict(data: Any) -> list[str]:
    """Every problem of a schedule dict, as sentences (empty list when fine)."""
    if not isinstance(data, dict):
        return [f"expected a JSON object with 'rounds', got {type(data).__name__}"]
    problems = []
    rounds = data.get("rounds")
    if not isinstance(rounds, list):
        return ["expected 'rounds' to be a list of rounds"]
    ids = None
    if "profiles" in data:
        if not isinstance(data["profiles"], list) or not all(
                isinstance(p, dict) and p.get("id") and p.get("name") for p in data["profiles"]):
            problems.append("'profiles' must be a list of companies, each with 'id' and 'name'")
        else:
            ids = {str(p["id"]) for p in data["profiles"]}
    for k, r in enumerate(rounds, 1):
        if not isinstance(r, dict) or not isinstance(r.get("round"), int) or \
                not isinstance(r.get("meetings"), list):
            problems.append(f"round entry {k} needs an integer 'round' and a list 'meetings'")
            continue
        busy: set[str] = set()
        tables: set[str] = set()
        for m in r["meetings"]:
            comps = m.get("companies") if isinstance(m, dict) else None
            if not isinstance(comps, list) or len(comps) < 2 or "table" not in m:
                problems.append(f"round {r['round']}: every meeting needs a 'table' and at least "
                                "two 'companies'")
                continue
            score = m.get("score", 0)
            if score is not None and not isinstance(score, (int, float)):
                problems.append(f"round {r['round']}, table {m['table']}: score must be a number "
                                f"(got {score!r})")
            if str(m["table"]) in tables:
                problems.append(f"round {r['round']}: table {m['table']} is used twice")
            tables.add(str(m["table"]))
            for c in comps:
                c = str(c)
                if ids is not None and c not in ids:
                    problems.append(f"round {r['round']}: company {c!r} is not among the profiles")
                if c in busy:
                    problems.append(f"round {r['round']}: company {c!r} is at two tables")
                busy.add(c)
    return problems


# ----------------------------------------------------------------------------- display

def format_stats(schedule: Schedule) -> str:
    """A few lines for the terminal summarising the schedule."""
    s = schedule.stats
    mpc = s.get("meetings_per_company", {})
    mode = s.get("mode", schedule.settings.get("mode"))
    lines = [
        f"{s.get('companies')} companies, {s.get('rounds')} rounds, {s.get('tables')} tables, "
        f"{s.get('meetings')} meetings ({mode} mode, {s.get('method', '')}).",
    ]
    if mode == "requests":
        lb = s.get("breaks_lower_bound")
        lines.append(f"Requested meetings placed: {s.get('placed')} of {s.get('requested')}; "
                     f"breaks {s.get('breaks', {}).get('total')}"
                     + (f" (lower bound {lb}{', optimal' if s.get('optimal') else ''})"
                        if lb is not None else "")
                     + f", spread {s.get('break_spread')} (at most "
                       f"{s.get('max_break_spread')}).")
    else:
        lines.append(f"Total score {s.get('total_score')}, mean {s.get('mean_score')} per pair.")
    if s.get("upper_bound") is not None:
        lines.append(f"Upper bound {s['upper_bound']} ({s.get('bound_kind', 'bound')}), gap "
                     f"{100 * s.get('gap', 0):.2f}%{' (proven optimal)' if s.get('optimal') else ''}.")
    lines.append(f"Meetings per company: min {mpc.get('min')}, median {mpc.get('median')}, "
                 f"max {mpc.get('max')}; idle slots {s.get('idle_slots')}; breaks total "
                 f"{s.get('breaks', {}).get('total')}, most for one company "
                 f"{s.get('breaks', {}).get('max')}.")
    if s.get("must_meet", {}).get("total"):
        lines.append(f"Must-meet pairs placed: {s['must_meet']['placed']} of "
                     f"{s['must_meet']['total']}.")
    if s.get("must_meet_not_in_mode"):
        lines.append("Must-meet pairs of two visitors (no such meetings in hosted mode): "
                     + "; ".join(s["must_meet_not_in_mode"]) + ".")
    if s.get("note"):
        lines.append(f"Note: {s['note']}.")
    for key, label in (("repeated_pairs", "Pairs seated together twice"),
                       ("rounds_lower_bound", "Lower bound on rounds"),
                       ("uncovered_pairs", "Pairs never at one table")):
        if s.get(key):
            lines.append(f"{label}: {s[key]}.")
    return "\n".join(lines)
