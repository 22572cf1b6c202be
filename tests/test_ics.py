"""Tests of matcher.ics: RFC 5545 files that icalendar reads back exactly."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest

from agenda_fixtures import EVIL_FORMULA, EVIL_SCRIPT, schedule
from matcher.agenda import build_material
from matcher.ics import agenda_calendar, agenda_ics, check_calendar_ready
from profiles.errors import ScheduleError

OSLO = ZoneInfo("Europe/Oslo")
NOW = dt.datetime(2027, 3, 1, 12, 0, tzinfo=dt.timezone.utc)


def material(s=None, **kw):
    return build_material(s or schedule(), reasons=False, tips=0, **kw)


def parsed(agenda, m):
    return icalendar.Calendar.from_ical(agenda_ics(agenda, m, now=NOW))


def test_one_event_per_meeting_with_right_times_and_zone():
    m = material()
    for agenda in m.agendas:
        cal = parsed(agenda, m)
        events = cal.walk("VEVENT")
        assert len(events) == len(agenda.meetings)
        for ev, slot in zip(events, agenda.meetings):
            start, end = ev.decoded("dtstart"), ev.decoded("dtend")
            assert start == dt.datetime(2027, 3, 18, *map(int, slot.start.split(":")),
                                        tzinfo=OSLO)
            assert end - start == dt.timedelta(minutes=10)
            assert ev["dtstart"].params["TZID"] == "Europe/Oslo"
            assert start.utcoffset() == dt.timedelta(hours=1)  # March 18: winter time
            assert ev["location"].startswith(f"Bord {slot.table}")
            assert all(p.name in ev["summary"] for p in slot.partners)
            assert ev.decoded("dtstamp") == NOW


def test_required_properties_and_timezone_component():
    m = material()
    text = agenda_ics(m.agendas[0], m, now=NOW).decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))  # folded lines
    cal = icalendar.Calendar.from_ical(text)
    assert cal["version"] == "2.0" and cal["prodid"]
    zones = cal.walk("VTIMEZONE")
    assert [z["tzid"] for z in zones] == ["Europe/Oslo"]
    # the VTIMEZONE itself gives the right offsets in winter and summer
    tz = zones[0].to_tz()
    assert dt.datetime(2027, 3, 18, 9, tzinfo=tz).utcoffset() == dt.timedelta(hours=1)
    assert dt.datetime(2027, 6, 18, 9, tzinfo=tz).utcoffset() == dt.timedelta(hours=2)
    uids = [str(e["uid"]) for a in m.agendas for e in parsed(a, m).walk("VEVENT")]
    assert len(uids) == len(set(uids)) == 12  # unique across every company's calendar


def test_summer_event_keeps_local_time():
    m = material(event={"date": "2027-06-17"})
    ev = parsed(m.agendas[0], m).walk("VEVENT")[0]
    start = ev.decoded("dtstart")
    assert (start.hour, start.minute) == (9, 0) and start.utcoffset() == dt.timedelta(hours=2)
    assert start.astimezone(dt.timezone.utc).hour == 7


def test_uid_is_stable_between_runs():
    m = material()
    one = [str(e["uid"]) for e in parsed(m.agendas[0], m).walk("VEVENT")]
    two = [str(e["uid"]) for e in icalendar.Calendar.from_ical(
        agenda_ics(m.agendas[0], m, now=NOW + dt.timedelta(days=3))).walk("VEVENT")]
    assert one == two


def test_uids_differ_for_ids_with_the_same_slug():
    s = schedule()
    s["profiles"][0]["id"] = "sag as"
    s["profiles"][1]["id"] = "sag-as"
    for r in s["rounds"]:
        for mt in r["meetings"]:
            mt["companies"] = [{"sag": "sag as", "mek": "sag-as"}.get(c, c)
                               for c in mt["companies"]]
    m = material(s)
    one, two = (str(parsed(a, m).walk("VEVENT")[0]["uid"]) for a in m.agendas[:2])
    assert one != two and "-sag-as-" in one and "-sag-as-" in two


def test_revised_plan_keeps_uids_and_raises_sequence():
    m = material()
    first = parsed(m.agendas[0], m).walk("VEVENT")
    s = schedule()
    s["revision"] = 2
    s["rounds"][2]["meetings"][0]["companies"] = ["sag", "late"]  # round 3 partner changed
    s["rounds"][2]["meetings"][1]["companies"] = ["evil2", "evil1"]
    m2 = material(s)
    second = parsed(m2.agendas[0], m2).walk("VEVENT")
    assert [str(e["uid"]) for e in first] == [str(e["uid"]) for e in second]
    assert [e["sequence"] for e in first] == [0, 0, 0]
    assert [e["sequence"] for e in second] == [2, 2, 2]
    assert "Fyresdal Fjellstove" in str(second[2]["summary"])


def test_description_has_partner_contact_and_languages_differ():
    texts = {}
    for lang in ("nn", "nb", "en"):
        m = material(lang=lang)
        ev = parsed(m.agendas[0], m).walk("VEVENT")[0]
        texts[lang] = (str(ev["summary"]), str(ev["description"]), str(ev["location"]))
        assert "Ola Dunk" in texts[lang][1]
    assert texts["nn"][0] == "Møte med Kviteseid Mek. Verkstad AS"
    assert texts["en"][0] == "Meeting with Kviteseid Mek. Verkstad AS"
    assert texts["en"][2] == "Table 1, Dalen hotell"
    assert "Kontakt:" in texts["nb"][1] and "Contact:" in texts["en"][1]


def test_evil_names_cannot_inject_events():
    s = schedule()
    s["profiles"][2]["name"] = EVIL_FORMULA + "\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:x"
    m = material(s)
    sag = m.agendas[0]
    cal = parsed(sag, m)
    events = cal.walk("VEVENT")
    assert len(events) == 3
    assert str(events[1]["summary"]).startswith("Møte med " + EVIL_FORMULA)
    assert EVIL_SCRIPT in str(events[2]["summary"])  # plain text in a calendar


def test_no_date_or_no_times_is_a_clear_error():
    s = schedule()
    del s["event"]["date"]
    with pytest.raises(ScheduleError, match="--date"):
        check_calendar_ready(material(s))
    s = schedule()
    for r in s["rounds"]:
        r.pop("start"), r.pop("end")
    with pytest.raises(ScheduleError, match="start and end time"):
        agenda_calendar(material(s).agendas[0], material(s))
