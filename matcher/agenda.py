"""Per-company agendas and the organiser's event material, built from a schedule.

:func:`build_material` turns a schedule dict (the ``schedule.json`` format,
which embeds the profiles) into plain frozen values: one :class:`Agenda` per
company (every round with time, table, partners and why they meet, plus the
best partners outside the schedule) and the round × table plan of the room.
:func:`write_agendas` renders that into a folder in the chosen formats:

========  ==================================================================
format    files
========  ==================================================================
csv       ``companies/<company>.csv``, ``agendas.csv`` (all, for the organiser)
md        ``companies/<company>.md`` (short text for e-mail)
html      ``companies/<company>.html``, ``agendas.html`` (all, one per A4
          page), ``table-signs.html``, ``participants.html``, ``index.html``
pdf       the same as PDF (needs the ``pdf`` extra, WeasyPrint)
ics       ``companies/<company>.ics`` (one event per meeting, Europe/Oslo)
xlsx      ``event.xlsx`` (overview, one sheet per round, all agendas, statistics)
========  ==================================================================

``participants.csv`` and ``mail-merge.csv`` (company, contact, e-mail and the
paths of its files) are always written.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from profiles.errors import OutputError, ScheduleError, SpeeddateError
from profiles.model import Profile, index_by_id

from matcher import agenda_texts as T
from matcher.output import safe_filename, write_bytes_atomic, write_text_atomic

#: Sub-folder of the per-company files.
COMPANY_DIR = "companies"

#: Every output format, in the order they are written.
FORMATS: tuple[str, ...] = ("csv", "md", "html", "pdf", "ics", "xlsx")


@dataclass(frozen=True)
class Event:
    """What, when and where: shown on every agenda.

    Examples
    --------
    >>> Event.from_mapping({"name": "Vår-treff", "date": "2027-03-18"}).date
    datetime.date(2027, 3, 18)
    """

    name: str | None = None
    date: dt.date | None = None
    venue: str | None = None
    minutes: int | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None, minutes: int | None = None) -> "Event":
        """Build from ``schedule["event"]`` (keys name, date, venue)."""
        data = data or {}
        name = data.get("name") or None
        venue = data.get("venue") or None
        return cls(name=None if name is None else str(name), date=T.parse_date(data.get("date")),
                   venue=None if venue is None else str(venue), minutes=minutes)

    def merged(self, other: "Event | Mapping[str, Any] | None") -> "Event":
        """This event with every field ``other`` sets taken from ``other``."""
        if other is None:
            return self
        if not isinstance(other, Event):
            other = Event.from_mapping(other)
        return Event(name=other.name or self.name, date=other.date or self.date,
                     venue=other.venue or self.venue, minutes=other.minutes or self.minutes)

    def title(self, lang: str) -> str:
        """The event's name, or the default name in ``lang``."""
        return self.name or T.text(lang, "default_event")


@dataclass(frozen=True)
class Slot:
    """One round of one company's agenda.

    ``table`` is ``None`` when the company has no meeting that round
    (``present`` tells a break from an absence). ``partners`` and ``reasons``
    run in parallel (a group table has several partners).
    """

    round: int
    start: str | None
    end: str | None
    table: str | None = None
    partners: tuple[Profile, ...] = ()
    score: float | None = None
    reasons: tuple[str, ...] = ()
    present: bool = True

    @property
    def is_meeting(self) -> bool:
        """Whether the company sits at a table this round."""
        return self.table is not None


@dataclass(frozen=True)
class Tip:
    """A good partner outside the schedule ("also worth contacting")."""

    partner: Profile
    score: float
    reason: str


@dataclass(frozen=True)
class Agenda:
    """The plan of one company: every round, and tips beyond the schedule."""

    company: Profile
    slots: tuple[Slot, ...]
    tips: tuple[Tip, ...] = ()

    @property
    def meetings(self) -> tuple[Slot, ...]:
        """The rounds in which the company meets someone."""
        return tuple(s for s in self.slots if s.is_meeting)


@dataclass(frozen=True)
class Seat:
    """One table in one round of the room plan."""

    round: int
    start: str | None
    end: str | None
    table: str
    companies: tuple[Profile, ...]
    score: float | None


@dataclass(frozen=True)
class Material:
    """Everything the writers need, in one value.

    Attributes
    ----------
    event : Event
    lang : str
    agendas : tuple of Agenda
        One per company, in profile order.
    seats : tuple of Seat
        Every meeting, by round then table.
    rounds : tuple of (int, str or None, str or None)
        Round number, start and end.
    tables : tuple of str
        Table labels in display order.
    stats : dict
        The schedule's own statistics plus counts computed here.
    revision : int
        ``schedule["revision"]`` (0 if absent): how often the plan was changed
        (e.g. by a live repair); calendar files use it as ``SEQUENCE`` so that
        calendars replace the old meetings.
    """

    event: Event
    lang: str
    agendas: tuple[Agenda, ...]
    seats: tuple[Seat, ...]
    rounds: tuple[tuple[int, str | None, str | None], ...]
    tables: tuple[str, ...]
    stats: dict[str, Any] = field(default_factory=dict)
    revision: int = 0


@dataclass(frozen=True)
class AgendaSummary:
    """What :func:`write_agendas` wrote (paths relative to the folder)."""

    companies: int
    meetings: int
    formats: tuple[str, ...]
    files: tuple[str, ...]
    skipped: tuple[tuple[str, str], ...] = ()

    def describe(self) -> str:
        """A few lines for the terminal."""
        lines = [f"{self.companies} agendas with {self.meetings} meetings, "
                 f"{len(self.files)} files ({', '.join(self.formats)})"]
        lines += [f"skipped {fmt}: {why}" for fmt, why in self.skipped]
        return "\n".join(lines)


# --------------------------------------------------------------------------- reading


def read_schedule_file(path: str | Path) -> dict[str, Any]:
    """Read ``schedule.json`` with the scheduler's validating reader, then check it here."""
    from matcher.schedule import read_schedule

    data = read_schedule(path)
    check_schedule(data, source=str(path))
    return data


def check_schedule(schedule: Any, source: str = "schedule") -> None:
    """Raise :class:`ScheduleError` listing every structural problem of ``schedule``.

    Examples
    --------
    >>> check_schedule({"rounds": [{"round": 1, "meetings": []}]})
    >>> check_schedule({"rounds": 3})
    Traceback (most recent call last):
    ...
    profiles.errors.ScheduleError: The schedule 'schedule' cannot be used for agendas:
      - "rounds" must be a list of rounds (got int)
    """
    problems: list[str] = []
    if not isinstance(schedule, Mapping):
        problems.append(f"expected a JSON object with \"rounds\" (got {type(schedule).__name__})")
    else:
        rounds = schedule.get("rounds")
        if not isinstance(rounds, list):
            problems.append(f"\"rounds\" must be a list of rounds (got {type(rounds).__name__})")
            rounds = []
        seen_rounds: set[int] = set()
        for i, rnd in enumerate(rounds, 1):
            if not isinstance(rnd, Mapping):
                problems.append(f"round entry {i} is not an object")
                continue
            if rnd.get("round") in seen_rounds:
                problems.append(f"round entry {i}: round {rnd.get('round')} appears twice")
            if isinstance(rnd.get("round"), int):
                seen_rounds.add(rnd["round"])
            if not isinstance(rnd.get("round"), int) or isinstance(rnd.get("round"), bool):
                problems.append(f"round entry {i}: \"round\" must be a whole number "
                                f"(got {rnd.get('round')!r})")
            meetings = rnd.get("meetings")
            if not isinstance(meetings, list):
                problems.append(f"round entry {i}: \"meetings\" must be a list")
                continue
            for j, m in enumerate(meetings, 1):
                if (not isinstance(m, Mapping) or m.get("table") in (None, "")
                        or not isinstance(m.get("companies"), list)
                        or not all(isinstance(c, str) for c in m.get("companies"))):
                    problems.append(f"round entry {i}, meeting {j}: expected "
                                    "{\"table\": ..., \"companies\": [ID, ID, ...]}")
        if "profiles" in schedule and not isinstance(schedule["profiles"], list):
            problems.append("\"profiles\" must be a list of company objects")
    if problems:
        raise ScheduleError(f"The schedule {source!r} cannot be used for agendas:", problems)


def schedule_company_ids(schedule: Mapping[str, Any]) -> list[str]:
    """Every company id the schedule seats, in order of first appearance."""
    seen: dict[str, None] = {}
    for rnd in schedule.get("rounds", []):
        for m in rnd.get("meetings", []):
            for cid in m["companies"]:
                seen.setdefault(cid, None)
    return list(seen)


def resolve_profiles(schedule: Mapping[str, Any],
                     profiles: Sequence[Profile] | None = None) -> tuple[Profile, ...]:
    """The profiles of the event: ``profiles`` if given, else those embedded.

    Raises
    ------
    ScheduleError
        When there are no profiles at all, or the schedule seats companies the
        profiles do not have (the message names them).
    """
    if profiles is None:
        raw = schedule.get("profiles") or []
        try:
            profiles = tuple(Profile.from_dict(d) for d in raw)
        except (TypeError, KeyError, ValueError) as exc:
            raise ScheduleError(
                f"The profiles embedded in the schedule are broken: {exc}") from None
        where = "the profiles embedded in the schedule"
    else:
        profiles = tuple(profiles)
        where = "the profiles file"
    if not profiles:
        raise ScheduleError("The schedule carries no company profiles: give the profiles "
                            "file with --profiles.")
    known = index_by_id(profiles)
    seated = schedule_company_ids(schedule)
    missing = [cid for cid in seated if cid not in known]
    if missing:
        if len(missing) == len(seated):
            raise ScheduleError(
                f"The schedule and {where} do not match: none of the {len(seated)} companies "
                f"in the schedule is in the profiles (first ids: {', '.join(missing[:5])}).")
        raise ScheduleError(
            f"{len(missing)} compan{'y' if len(missing) == 1 else 'ies'} in the schedule "
            f"{'is' if len(missing) == 1 else 'are'} missing from {where}:",
            [f"id {cid!r}" for cid in missing])
    return profiles


# --------------------------------------------------------------------------- building


def _table_order(tables: Iterable[str]) -> tuple[str, ...]:
    """Numbered tables by number, named tables after them in first-seen order."""
    seen = list(dict.fromkeys(tables))
    return tuple(sorted(seen, key=lambda t: (0, int(t), "") if t.isdigit()
                        else (1, seen.index(t), t)))


def _pair_features(profiles: Sequence[Profile], weights: Any = None) -> Any:
    """The scorer's vectorised features, computed once for reasons and tips."""
    from matcher.score import pair_features

    return pair_features(profiles, weights)


def _explanations(profiles: Sequence[Profile], pairs: set[tuple[str, str]], lang: str,
                  weights: Any = None, features: Any = None) -> dict[tuple[str, str], str]:
    """Reasons for ordered pairs (from the point of view of the first) via the scorer."""
    if not pairs:
        return {}
    from matcher.suggest import explain_pairs

    found = explain_pairs(profiles, sorted(pairs), lang=lang, weights=weights,
                          features=features)
    return {key: expl.reason or "" for key, expl in found.items()}


def _tips(profiles: Sequence[Profile], met: Mapping[str, set[str]], top: int, lang: str,
          weights: Any = None, features: Any = None) -> dict[str, tuple[Tip, ...]]:
    """Best suggested partners per company that it does not meet in the schedule."""
    if top <= 0 or len(profiles) < 2:
        return {}
    from matcher.suggest import suggest

    known = index_by_id(profiles)
    extra = max((len(v) for v in met.values()), default=0)
    found = suggest(profiles, top=min(top + extra, len(profiles) - 1), lang=lang,
                    weights=weights, features=features)
    tips: dict[str, list[Tip]] = {}
    for s in found:
        if s.partner in met.get(s.company, set()) or s.partner == s.company or s.score <= 0:
            continue
        bucket = tips.setdefault(s.company, [])
        if len(bucket) < top:
            bucket.append(Tip(known[s.partner], float(s.score), s.reason or ""))
    return {k: tuple(v) for k, v in tips.items()}


def build_material(schedule: Mapping[str, Any], profiles: Sequence[Profile] | None = None,
                   lang: str = "nn", event: Event | Mapping[str, Any] | None = None, *,
                   reasons: bool = True, tips: int = 3, weights: Any = None) -> Material:
    """Agendas of every company and the room plan, from a schedule dict.

    Parameters
    ----------
    schedule : dict
        In the ``schedule.json`` format (rounds with meetings; profiles embedded).
    profiles : sequence of Profile, optional
        Overrides the embedded profiles (e.g. with updated contacts); every
        company the schedule seats must be there.
    lang : {"nn", "nb", "en"}
        Language of the reasons and tips.
    event : Event or dict, optional
        Name, date, venue; fields given here win over ``schedule["event"]``.
    reasons : bool
        Add "why you meet" from :func:`matcher.suggest.explain_pairs`.
    tips : int
        How many "also worth contacting" partners per company (0 for none).

    Examples
    --------
    >>> s = {"rounds": [{"round": 1, "start": "09:00", "end": "09:10",
    ...       "meetings": [{"table": "1", "companies": ["a", "b"], "score": 0.5}]}],
    ...      "profiles": [{"id": "a", "name": "A AS"}, {"id": "b", "name": "B AS"}]}
    >>> m = build_material(s, reasons=False, tips=0)
    >>> [(a.company.name, [p.name for p in a.meetings[0].partners]) for a in m.agendas]
    [('A AS', ['B AS']), ('B AS', ['A AS'])]
    """
    T.check_lang(lang)
    check_schedule(schedule)
    profiles = resolve_profiles(schedule, profiles)
    known = index_by_id(profiles)
    settings = schedule.get("settings") or {}
    minutes = settings.get("minutes") if isinstance(settings.get("minutes"), int) else None
    ev = Event.from_mapping(schedule.get("event"), minutes=minutes).merged(event)

    rounds_raw = sorted(schedule["rounds"], key=lambda r: r["round"])
    rounds = tuple((r["round"], r.get("start") or None, r.get("end") or None) for r in rounds_raw)
    for _, start, end in rounds:  # fail early on a bad clock time
        T.parse_time(start), T.parse_time(end)
    seats: list[Seat] = []
    for r in rounds_raw:
        for m in r["meetings"]:
            score = m.get("score")
            seats.append(Seat(r["round"], r.get("start") or None, r.get("end") or None,
                              str(m["table"]), tuple(known[c] for c in m["companies"]),
                              None if score is None else float(score)))
    tables = _table_order(s.table for s in seats)
    position = {table: i for i, table in enumerate(tables)}
    seats.sort(key=lambda s: (s.round, position[s.table]))

    by_company: dict[tuple[str, int], Seat] = {}
    met: dict[str, set[str]] = {}
    for seat in seats:
        for c in seat.companies:
            if (c.id, seat.round) in by_company:
                raise ScheduleError(f"Company {c.id!r} sits at two tables in round {seat.round} "
                                    f"({by_company[(c.id, seat.round)].table} and {seat.table}).")
            by_company[(c.id, seat.round)] = seat
            met.setdefault(c.id, set()).update(o.id for o in seat.companies if o.id != c.id)
    pairs = {(a, b) for a, others in met.items() for b in others}
    features = _pair_features(profiles, weights) if (reasons and pairs) or tips > 0 else None
    why = _explanations(profiles, pairs, lang, weights, features) if reasons else {}
    tip_map = _tips(profiles, met, tips, lang, weights, features)

    agendas = []
    for p in profiles:
        slots = []
        for rno, start, end in rounds:
            seat = by_company.get((p.id, rno))
            if seat is None:
                slots.append(Slot(rno, start, end, present=p.attends(rno)))
                continue
            partners = tuple(o for o in seat.companies if o.id != p.id)
            slots.append(Slot(rno, start, end, seat.table, partners, seat.score,
                              tuple(why.get((p.id, o.id), "") for o in partners)))
        agendas.append(Agenda(p, tuple(slots), tip_map.get(p.id, ())))

    counts = [len(a.meetings) for a in agendas]  # every company, also those without
    scores = [s.score for s in seats if s.score is not None]
    stats = dict(schedule.get("stats") or {})
    stats.update({
        "companies": len(profiles),
        "companies_seated": len(met),
        "rounds": len(rounds),
        "tables": len(tables),
        "meetings": len(seats),
        "mean_score": round(statistics.fmean(scores), 4) if scores else None,
        "meetings_per_company_min": min(counts) if counts else 0,
        "meetings_per_company_median": statistics.median(counts) if counts else 0,
        "meetings_per_company_max": max(counts) if counts else 0,
    })
    revision = schedule.get("revision")
    revision = revision if isinstance(revision, int) and revision > 0 else 0
    return Material(ev, lang, tuple(agendas), tuple(seats), rounds, tables, stats, revision)


# --------------------------------------------------------------------------- shared by renderers


def industry_words(code: str | None, lang: str) -> str:
    """The industry code in words (``"Saging og høvling av tre (16.10)"``), else the code."""
    if not code:
        return ""
    from profiles.industry import title

    try:
        words = title(code, lang=lang)
    except (ValueError, KeyError, LookupError):
        words = ""
    return f"{words} ({code})" if words else code


def intro_text(agenda: Agenda, material: Material) -> str:
    """The opening sentences of an agenda (meeting length; host or go-to-your-table)."""
    lang, minutes = material.lang, material.event.minutes
    parts = [T.text(lang, "intro")]
    if minutes:
        parts.append(T.text(lang, "intro_minutes", minutes=minutes))
    parts.append(T.text(lang, "intro_host" if agenda.company.is_host else "intro_go"))
    return " ".join(parts)


def contact_line(p: Profile) -> str:
    """``"Kari Nordmann, kari@example.no"`` (whatever of the two is known)."""
    return ", ".join(x for x in (p.contact_name, p.contact_email) if x)


# --------------------------------------------------------------------------- writing


def parse_formats(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """Formats from ``"html,pdf"`` or a list; ``None``/``"all"`` means every format.

    Examples
    --------
    >>> parse_formats("md, CSV")
    ('csv', 'md')
    >>> parse_formats("docx")
    Traceback (most recent call last):
    ...
    profiles.errors.ScheduleError: Unknown agenda format 'docx': expected some of csv, md, html, pdf, ics, xlsx.
    """
    if value is None or value == "all":
        return FORMATS
    items = value.split(",") if isinstance(value, str) else list(value)
    wanted = {x.strip().lower() for x in items if x and x.strip()}
    for fmt in sorted(wanted):
        if fmt not in FORMATS:
            raise ScheduleError(f"Unknown agenda format {fmt!r}: expected some of "
                                f"{', '.join(FORMATS)}.")
    if not wanted:
        raise ScheduleError(f"No agenda format given: expected some of {', '.join(FORMATS)}.")
    return tuple(f for f in FORMATS if f in wanted)


def company_files(material: Material) -> dict[str, str]:
    """A safe, unique file stem per company id (``agendas/<stem>.<ext>``)."""
    taken: set[str] = set()
    return {a.company.id: safe_filename(a.company.name, taken) for a in material.agendas}


def _skip_reason(fmt: str, material: Material) -> str | None:
    """Why ``fmt`` cannot be made here, or ``None`` if it can."""
    try:
        if fmt == "ics":
            from matcher.ics import check_calendar_ready

            check_calendar_ready(material)
        elif fmt == "pdf":
            from matcher.pdf import check_pdf_ready

            check_pdf_ready()
    except SpeeddateError as exc:
        return str(exc)
    return None


def write_agendas(schedule: Mapping[str, Any], folder: str | Path,
                  formats: str | Iterable[str] | None = ("csv", "md"), lang: str = "nn",
                  profiles: Sequence[Profile] | None = None,
                  event: Event | Mapping[str, Any] | None = None, *, reasons: bool = True,
                  tips: int = 3, weights: Any = None,
                  now: dt.datetime | None = None) -> AgendaSummary:
    """Write agendas and event material for ``schedule`` into an existing ``folder``.

    Parameters
    ----------
    schedule : dict
        A schedule in the ``schedule.json`` format.
    folder : path
        Existing (staging) folder; files already there are never overwritten.
    formats : str or iterable of str or None
        Some of ``csv, md, html, pdf, ics, xlsx``; a format asked for that
        cannot be made (no WeasyPrint, no event date) is an error. ``None``
        (or ``"all"``) means every format that can be made; the others are listed in
        ``AgendaSummary.skipped`` with the reason.
    lang, profiles, event, reasons, tips, weights
        See :func:`build_material`.
    now : datetime, optional
        Time stamp of calendar files (DTSTAMP); default the current time.

    Returns
    -------
    AgendaSummary
    """
    fmts = parse_formats(formats)
    material = build_material(schedule, profiles, lang, event, reasons=reasons, tips=tips,
                              weights=weights)
    skipped = {f: why for f in fmts if (why := _skip_reason(f, material))}
    if skipped and formats not in (None, "all"):
        fmt, why = next(iter(skipped.items()))
        raise ScheduleError(why) if fmt == "ics" else OutputError(why)
    fmts = tuple(f for f in fmts if f not in skipped)
    folder = Path(folder)
    if not folder.is_dir():
        raise OutputError(f"The output folder {str(folder)!r} does not exist.")
    from matcher import agenda_plain as plain

    stems = company_files(material)
    written: list[str] = []

    def put(rel: str, data: str | bytes) -> None:
        path = folder / rel
        if isinstance(data, str):  # CSV with a BOM so that Excel reads æøå right
            write_text_atomic(path, data, encoding="utf-8-sig" if rel.endswith(".csv")
                              else "utf-8")
        else:
            write_bytes_atomic(path, data)
        written.append(rel)

    for a in material.agendas:
        stem = stems[a.company.id]
        if "csv" in fmts:
            put(f"{COMPANY_DIR}/{stem}.csv", plain.agenda_csv(a, material))
        if "md" in fmts:
            put(f"{COMPANY_DIR}/{stem}.md", plain.agenda_markdown(a, material))
    if "csv" in fmts:
        put("agendas.csv", plain.all_agendas_csv(material))
    if "html" in fmts or "pdf" in fmts:
        from matcher import agenda_html

        pages = agenda_html.render_all(material, stems)
        if "html" in fmts:
            for rel, html in pages.items():
                put(rel, html)
        if "pdf" in fmts:
            from matcher.pdf import render_pdfs

            for rel, data in render_pdfs(material, stems, pages).items():
                put(rel, data)
    if "ics" in fmts:
        from matcher.ics import agenda_ics

        for a in material.agendas:
            if a.meetings:  # a calendar needs at least one event
                put(f"{COMPANY_DIR}/{stems[a.company.id]}.ics", agenda_ics(a, material, now=now))
    if "xlsx" in fmts:
        from matcher.workbook import event_workbook

        put("event.xlsx", event_workbook(material))
    put("participants.csv", plain.participants_csv(material))
    put("mail-merge.csv", plain.mail_merge_csv(material, stems, fmts))
    if "html" in fmts:  # last: it links every file written above
        from matcher.agenda_html import render_index

        put("index.html", render_index(material, stems, written + ["index.html"]))
    return AgendaSummary(len(material.agendas), len(material.seats), fmts, tuple(written),
                         tuple(skipped.items()))
