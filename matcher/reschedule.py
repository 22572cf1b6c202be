"""Live repair of a schedule: no-shows, people who leave, latecomers.

:func:`reschedule` takes a ``schedule.json`` dict, the companies that are
absent from round ``from_round`` on and those who arrived, keeps every round
before ``from_round`` exactly as it happened, and repairs the rest while
moving as few future meetings as possible: meetings of absent companies are
cancelled, every other future meeting stays where it is, and the freed
companies (and latecomers) get new meetings where a table is free - in pairs
mode the best unmet partners by a maximum-weight matching per round, in
groups/mingle mode a seat at the table where they have met nobody, in
requests mode the agreed meetings that now fit. The result is a new
:class:`~matcher.schedule.Schedule` plus the list of :class:`Change` for whom.
"""

from __future__ import annotations

import csv
import io
import time
from dataclasses import dataclass, replace
from typing import Any, Mapping, Sequence

import numpy as np

from matcher.constraints import build_model
from matcher.matching import capped_matching
from matcher.schedule import (Meeting, Round, Schedule, compute_stats, schedule_from_dict,
                              table_labels, ScheduleOptions)
from profiles.errors import ScheduleError
from profiles.model import Profile


@dataclass(frozen=True)
class Change:
    """One company's changed round: what it had and what it has now."""

    company: str
    round: int
    start: str
    before: str
    after: str


def _resolve(names: Sequence[str], profiles: Sequence[Profile], what: str) -> list[str]:
    keys = {}
    for p in profiles:
        for k in (p.id, p.orgnr, p.name):
            if k:
                keys.setdefault(str(k).strip().casefold(), p.id)
    out, bad = [], []
    for n in names:
        cid = keys.get(str(n).strip().casefold())
        (out if cid else bad).append(cid or n)
    if bad:
        raise ScheduleError(f"Unknown {what} compan{'y' if len(bad) == 1 else 'ies'} (give an id, "
                            "orgnr or name as in the schedule):", [repr(b) for b in bad])
    return out


def _scores(profiles: Sequence[Profile], mode: str, weights: Any = None) -> np.ndarray:
    n = len(profiles)
    if mode == "requests" or not any(p.offers or p.needs or p.industry or p.interests
                                     for p in profiles):
        return np.ones((n, n)) - np.eye(n)
    from matcher.score import score_matrix

    return score_matrix(profiles, weights)


def reschedule(data: Mapping[str, Any], absent: Sequence[str] = (), arrived: Sequence[str] = (),
               from_round: int = 1, scores: np.ndarray | None = None, weights: Any = None
               ) -> tuple[Schedule, list[Change]]:
    """Repair ``data`` (a read ``schedule.json``) from round ``from_round`` on.

    Parameters
    ----------
    data : dict
        As returned by :func:`matcher.schedule.read_schedule` (with profiles).
    absent, arrived : sequence of str
        Companies (id, orgnr or name) missing from ``from_round`` on, and
        companies present from ``from_round`` on.
    from_round : int
        First round to re-plan; earlier rounds are kept as they are.
    scores : ndarray, optional
        Pair scores aligned with the embedded profiles (computed if None).
    weights : matcher.weights.Weights, optional
        Score weights used when the scores are computed (give the ones the
        schedule was planned with).

    Returns
    -------
    (Schedule, list of Change)
    """
    t0 = time.monotonic()
    old = schedule_from_dict(data)
    profiles = list(old.profiles)
    if not profiles:
        raise ScheduleError("The schedule has no embedded profiles; re-create it with "
                            "speeddate schedule to be able to repair it.")
    settings = dict(old.settings)
    mode = settings.get("mode", "pairs")
    R = len(old.rounds)
    if not 1 <= from_round <= R:
        raise ScheduleError(f"--from-round must be a round of the event (1-{R}), got {from_round}.")
    absent_ids = _resolve(absent, profiles, "absent")
    arrived_ids = _resolve(arrived, profiles, "arrived")
    both = sorted(set(absent_ids) & set(arrived_ids))
    if both:
        raise ScheduleError("A company cannot be both absent and arrived:", both)
    for k, p in enumerate(profiles):
        rounds = set(p.available) if p.available is not None else set(range(1, R + 1))
        if p.id in absent_ids:
            rounds = {r for r in rounds if r < from_round}
        if p.id in arrived_ids:
            rounds |= set(range(from_round, R + 1))
        if rounds != set(range(1, R + 1)) or p.available is not None:
            profiles[k] = replace(p, available=tuple(sorted(rounds)))
    ids = [p.id for p in profiles]
    index = {cid: k for k, cid in enumerate(ids)}
    w = _scores(profiles, mode, weights) if scores is None else np.asarray(scores, float)
    tables = settings.get("tables") or max(1, len(profiles) // 2)
    model = build_model(profiles, w, R, tables, caps=settings.get("caps") or {},
                        max_meetings=settings.get("max_meetings"),
                        hosts_allowed=mode in ("pairs", "hosted"), check_must=False)
    names = table_labels(ScheduleOptions(table_names=tuple(settings["table_names"])
                                         if settings.get("table_names") else None),
                         max([tables] + [len(r.meetings) for r in old.rounds]))
    # kept meetings, as index tuples with their table labels
    plan: list[list[tuple[str, tuple[int, ...]]]] = []
    for r in old.rounds:
        meetings = []
        for m in r.meetings:
            members = tuple(index[c] for c in m.companies)
            if r.number >= from_round:
                members = tuple(i for i in members if model.present[i, r.number - 1])
                if len(members) < 2:
                    continue
            meetings.append((m.table, members))
        plan.append(meetings)
    if mode in ("pairs", "hosted"):
        _refill_pairs(model, plan, from_round, names, hosted=mode == "hosted")
    elif mode in ("groups", "mingle"):
        _reseat_groups(model, plan, from_round, names, settings.get("group_size") or 4)
    elif mode == "requests":
        from matcher.requests_mode import Request

        reqs = [Request.from_dict(q) for q in settings.get("requests", [])]
        _refill_requests(model, plan, from_round, names, reqs)
    rounds_idx = [[m for _, m in rnd] for rnd in plan]
    stats = compute_stats(model, rounds_idx, {"mode": mode, "method": "repair"},
                          time.monotonic() - t0)
    new_rounds = []
    for r, rnd in zip(old.rounds, plan):
        order = {label: k for k, label in enumerate(names)}
        meetings = tuple(Meeting(r.number, label, tuple(ids[i] for i in members),
                                 _keep_score(old, r.number, label, members, ids, w))
                         for label, members in sorted(rnd, key=lambda x: order.get(x[0], 0)))
        new_rounds.append(Round(r.number, r.start, r.end, meetings))
    settings["rescheduled"] = {"from_round": from_round, "absent": absent_ids,
                               "arrived": arrived_ids}
    new = Schedule(tuple(new_rounds), tuple(profiles), settings, stats, dict(old.event),
                   revision=old.revision + 1)
    return new, diff_schedules(old, new, from_round)


def _keep_score(old, rnd, label, members, ids, w) -> float:
    for m in old.rounds[rnd - 1].meetings:
        if m.table == label and tuple(m.companies) == tuple(ids[i] for i in members):
            return m.score
    vals = [w[a, b] for k, a in enumerate(members) for b in members[k + 1:]]
    return round(float(np.mean(vals)), 4) if vals else 0.0


def _met_pairs(plan) -> set[tuple[int, int]]:
    out = set()
    for rnd in plan:
        for _, m in rnd:
            for k, a in enumerate(m):
                for b in m[k + 1:]:
                    out.add((min(a, b), max(a, b)))
    return out


def _refill_pairs(model, plan, from_round, names, hosted=False) -> None:
    """Fill free tables with the best unmet pairs among idle companies, round by round."""
    hosts = list(model.hosts)
    host_mask = model.is_host
    count = np.zeros(model.n, dtype=int)
    for rnd in plan:
        for _, m in rnd:
            count[list(m)] += 1
    must = set(model.must)
    for r in range(from_round - 1, model.rounds):
        met = _met_pairs(plan)
        busy = {i for _, m in plan[r] for i in m}
        idle = [i for i in range(model.n) if model.present[i, r] and i not in busy
                and count[i] < model.caps[i]]
        used_tables = {label for label, _ in plan[r]}
        host_tables = {h: names[k] for k, h in enumerate(hosts) if k < len(names)}
        reserved = {host_tables[h] for h in hosts if model.present[h, r] and h in host_tables}
        free = [t for t in names if t not in used_tables and t not in reserved]
        a, b, wi, lim = [], [], [], []
        for x in range(len(idle)):
            for y in range(x + 1, len(idle)):
                i, j = idle[x], idle[y]
                if not model.allowed[i, j] or (min(i, j), max(i, j)) in met:
                    continue
                if hosted and host_mask[i] == host_mask[j]:
                    continue
                is_host_edge = host_mask[i] or host_mask[j]
                if is_host_edge:
                    h = i if host_mask[i] else j
                    if host_tables.get(h) in used_tables:
                        continue
                score = model.weights[i, j]
                if score <= 0 and (min(i, j), max(i, j)) not in must:
                    continue
                bonus = 10 if (min(i, j), max(i, j)) in must else 0
                a.append(i)
                b.append(j)
                wi.append(int(round((score + bonus) * 1_000_000)) + 1)
                lim.append(not is_host_edge)
        if not a:
            continue
        a, b, wi, lim = (np.array(v) for v in (a, b, wi, lim))
        chosen = capped_matching(model.n, a, b, wi, lim.astype(bool), len(free))
        for e in chosen:
            i, j = int(a[e]), int(b[e])
            if lim[e]:
                label = free.pop(0)
            else:
                label = host_tables[i if host_mask[i] else j]
            plan[r].append((label, (min(i, j), max(i, j))))
            count[[i, j]] += 1


def _reseat_groups(model, plan, from_round, names, k) -> None:
    """Merge tables left with one company; seat latecomers where they have met the fewest."""
    for r in range(from_round - 1, model.rounds):
        rnd = plan[r]
        met = _met_pairs(plan)
        seated = {i for _, m in rnd for i in m}
        # latecomers and companies left alone at a table (the others absent) need a seat
        lonely = [i for i in range(model.n) if model.present[i, r] and i not in seated]
        for i in lonely:
            if not rnd:
                continue

            def clash(m):
                return sum(1 for j in m if (min(i, j), max(i, j)) in met or
                           not model.allowed[i, j])

            t = min(range(len(rnd)), key=lambda t: (clash(rnd[t][1]), len(rnd[t][1]), t))
            label, m = rnd[t]
            if len(m) >= k + 1 and len(rnd) < len(names):
                continue
            rnd[t] = (label, tuple(sorted(m + (i,))))
            met = _met_pairs(plan)
        # two lonely companies with nobody to join form a table if one is free
        seated = {i for _, m in rnd for i in m}
        rest = [i for i in range(model.n) if model.present[i, r] and i not in seated]
        used = {label for label, _ in rnd}
        free = [t for t in names if t not in used]
        while len(rest) >= 2 and free:
            rnd.append((free.pop(0), tuple(sorted(rest[:k]))))
            rest = rest[k:]


def _refill_requests(model, plan, from_round, names, requests) -> None:
    """Place agreed meetings that are not in the plan and now fit a free round and table."""
    index = {cid: k for k, cid in enumerate(model.ids)}
    met = _met_pairs(plan)
    for q in requests:
        i, j = index.get(q.a), index.get(q.b)
        if i is None or j is None or (min(i, j), max(i, j)) in met:
            continue
        for r in range(from_round - 1, model.rounds):
            if q.rounds is not None and r + 1 not in q.rounds:
                continue
            if not (model.present[i, r] and model.present[j, r]):
                continue
            busy = {x for _, m in plan[r] for x in m}
            used = {label for label, _ in plan[r]}
            free = [t for t in names if t not in used]
            if i in busy or j in busy or not free:
                continue
            plan[r].append((free[0], (min(i, j), max(i, j))))
            met.add((min(i, j), max(i, j)))
            break


def _where(schedule: Schedule, cid: str, rnd: int, names: Mapping[str, str]) -> str:
    for m in schedule.rounds[rnd - 1].meetings:
        if cid in m.companies:
            others = ", ".join(names.get(c, c) for c in m.companies if c != cid)
            return f"table {m.table} with {others}"
    return ""


def diff_schedules(old: Schedule, new: Schedule, from_round: int = 1) -> list[Change]:
    """Every company's round whose table or partners differ between ``old`` and ``new``."""
    names = {p.id: p.name for p in new.profiles}
    out = []
    for p in new.profiles:
        for r in new.rounds:
            if r.number < from_round:
                continue
            before = _where(old, p.id, r.number, names)
            after = _where(new, p.id, r.number, names)
            if before != after:
                out.append(Change(p.id, r.number, r.start, before, after))
    return out


_TEXTS = {
    "en": {"header": "Changes to the schedule", "none": "no meeting", "round": "round",
           "nochange": "No changes."},
    "nn": {"header": "Endringar i timeplanen", "none": "inga møte", "round": "runde",
           "nochange": "Ingen endringar."},
    "nb": {"header": "Endringer i timeplanen", "none": "ingen møter", "round": "runde",
           "nochange": "Ingen endringer."},
}
_TABLE_WORD = {"en": "table", "nn": "bord", "nb": "bord"}
_WITH_WORD = {"en": "with", "nn": "med", "nb": "med"}


def _localise(text: str, lang: str) -> str:
    if not text:
        return _TEXTS[lang]["none"]
    return text.replace("table ", _TABLE_WORD[lang] + " ", 1).replace(" with ",
                                                                      f" {_WITH_WORD[lang]} ", 1)


def changes_markdown(changes: Sequence[Change], profiles: Sequence[Profile], lang: str = "nn") -> str:
    """A list of what changed for whom, grouped by company, in ``lang`` (nn, nb or en)."""
    t = _TEXTS[lang]
    names = {p.id: p.name for p in profiles}
    lines = [f"# {t['header']}", ""]
    if not changes:
        return "\n".join(lines + [t["nochange"], ""])
    current = None
    for c in sorted(changes, key=lambda c: (names.get(c.company, c.company), c.round)):
        if c.company != current:
            current = c.company
            lines += ["", f"## {names.get(c.company, c.company)}", ""]
        lines.append(f"- {t['round'].capitalize()} {c.round} ({c.start}): "
                     f"~~{_localise(c.before, lang)}~~ → {_localise(c.after, lang)}")
    return "\n".join(lines).replace("\n\n\n", "\n\n") + "\n"


def changes_csv(changes: Sequence[Change]) -> str:
    """``changes.csv``: company, round, start, before, after."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["company", "round", "start", "before", "after"])
    for c in changes:
        w.writerow([c.company, c.round, c.start, c.before, c.after])
    return buf.getvalue()


def write_reschedule_files(schedule: Schedule, changes: Sequence[Change], folder,
                           lang: str = "nn") -> None:
    """schedule.json, schedule.csv, changes.csv and changes.md into an existing folder."""
    from pathlib import Path

    from matcher.output import write_text_atomic
    from matcher.schedule import write_schedule_files

    folder = Path(folder)
    write_schedule_files(schedule, folder)
    write_text_atomic(folder / "changes.csv", changes_csv(changes), force=True)
    write_text_atomic(folder / "changes.md", changes_markdown(changes, schedule.profiles, lang),
                      force=True)
