"""Calendar files (RFC 5545) of a company's meetings, with the ``icalendar`` library.

One ``VEVENT`` per meeting, with a stable ``UID``, ``DTSTAMP`` in UTC, start
and end in local time with ``TZID=Europe/Oslo`` and the matching
``VTIMEZONE`` (so calendars keep the wall-clock time through daylight saving),
``LOCATION`` = the table (and the venue), and the partner, contact and reason
in the description.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from zoneinfo import ZoneInfo

import icalendar

from profiles.errors import ScheduleError

from matcher import agenda_texts as T
from matcher.agenda import Agenda, Material, Slot, contact_line, industry_words
from matcher.output import slugify

#: The time zone of every event (the network is in Vest-Telemark).
TIMEZONE = "Europe/Oslo"


def check_calendar_ready(material: Material) -> None:
    """Raise :class:`ScheduleError` if calendar files cannot be made (no date or times)."""
    if material.event.date is None:
        raise ScheduleError("Calendar files (ics) need the event date: give --date YYYY-MM-DD "
                            "(or put event.date in schedule.json), or leave ics out of --format.")
    untimed = [str(r) for r, start, end in material.rounds if not start or not end]
    if untimed:
        raise ScheduleError("Calendar files (ics) need a start and end time for every round; "
                            f"these rounds have none: {', '.join(untimed)}. Schedule with "
                            "--start/--minutes, or leave ics out of --format.")


def _local(day: dt.date, clock: str) -> dt.datetime:
    return dt.datetime.combine(day, T.parse_time(clock), tzinfo=ZoneInfo(TIMEZONE))


def meeting_event(agenda: Agenda, slot: Slot, material: Material,
                  stamp: dt.datetime) -> icalendar.Event:
    """The ``VEVENT`` of one meeting of ``agenda``'s company."""
    lang, ev = material.lang, material.event
    start = _local(ev.date, slot.start)
    end = _local(ev.date, slot.end)
    if end <= start:  # a round that passes midnight ends the next day
        end += dt.timedelta(days=1)
    names = ", ".join(p.name for p in slot.partners)
    table = T.text(lang, "table_n", table=slot.table)
    lines = [f"{ev.title(lang)} – {T.text(lang, 'round_n', round=slot.round)}, {table}", ""]
    for partner, reason in zip(slot.partners, slot.reasons):
        facts = ", ".join(x for x in (partner.municipality,
                                      industry_words(partner.industry, lang)) if x)
        lines.append(partner.name + (f" ({facts})" if facts else ""))
        if contact_line(partner):
            lines.append(f"{T.text(lang, 'contact')}: {contact_line(partner)}")
        if reason:
            lines.append(f"{T.text(lang, 'why')}: {reason}")
        lines.append("")
    vevent = icalendar.Event()
    company = agenda.company.id  # slug for people, hash so that "a b" and "a-b" differ
    digest = hashlib.sha1(company.encode("utf-8")).hexdigest()[:8]
    key = "-".join(x for x in (slugify(ev.title(lang), 30), ev.date.isoformat(),
                               slugify(company, 40), digest, f"r{slot.round}") if x)
    vevent.add("uid", f"{key}@speeddate")
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", start)
    vevent.add("dtend", end)
    vevent.add("summary", T.text(lang, "meeting_with", partner=names))
    vevent.add("location", f"{table}, {ev.venue}" if ev.venue else table)
    vevent.add("description", "\n".join(lines).strip())
    vevent.add("status", "CONFIRMED")
    vevent.add("transp", "OPAQUE")
    vevent.add("sequence", material.revision)  # a repaired plan replaces the old events
    return vevent


def agenda_calendar(agenda: Agenda, material: Material,
                    now: dt.datetime | None = None) -> icalendar.Calendar:
    """The company's calendar: one event per meeting plus the Europe/Oslo ``VTIMEZONE``."""
    check_calendar_ready(material)
    stamp = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
    stamp = stamp.replace(microsecond=0)
    lang = material.lang
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//speeddate//agenda//{lang.upper()}")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{material.event.title(lang)} – {agenda.company.name}")
    cal.add("x-wr-timezone", TIMEZONE)
    for slot in agenda.meetings:
        cal.add_component(meeting_event(agenda, slot, material, stamp))
    cal.add_missing_timezones()
    return cal


def agenda_ics(agenda: Agenda, material: Material, now: dt.datetime | None = None) -> bytes:
    """The company's calendar as ``.ics`` bytes (CRLF lines, folded at 75 octets)."""
    return agenda_calendar(agenda, material, now).to_ical()
