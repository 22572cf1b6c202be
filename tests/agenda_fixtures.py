"""Small schedules in the schedule.json format, shared by the agenda tests."""

from __future__ import annotations

import copy

EVIL_FORMULA = '=HYPERLINK("http://x","y")'
EVIL_SCRIPT = "<script>alert(1)</script>"

PROFILES = [
    {"id": "sag", "name": "Vinje Sag AS", "municipality": "Vinje", "industry": "16.10",
     "offers": "trelast, høvling, saging av tømmer", "needs": "CNC-fresing og transport",
     "interests": ["purchasing", "lean"], "contact_name": "Kari Nordmann",
     "contact_email": "kari@sag.example"},
    {"id": "mek", "name": "Kviteseid Mek. Verkstad AS", "municipality": "Kviteseid",
     "industry": "25.62", "offers": "CNC-fresing og sveising", "needs": "trelast til pallar",
     "interests": ["lean", "innovation"], "contact_name": "Ola Dunk",
     "contact_email": "ola@mek.example"},
    {"id": "evil1", "name": EVIL_FORMULA, "municipality": "+Seljord", "industry": "49.41",
     "offers": "transport og logistikk", "needs": "trelast", "interests": ["purchasing"],
     "contact_name": "-Eve", "contact_email": "@eve.example"},
    {"id": "evil2", "name": EVIL_SCRIPT, "municipality": "Tokke", "industry": "62.01",
     "offers": "programvare <b>bold</b>", "needs": "kunder", "interests": ["innovation"],
     "contact_name": "<img src=x onerror=alert(2)>", "contact_email": "mal@evil.example"},
    {"id": "late", "name": "Fyresdal Fjellstove", "municipality": "Fyresdal", "industry": "55.10",
     "offers": "overnatting og møterom", "needs": "lokal mat", "interests": ["co_location"],
     "contact_name": "Siri Li", "contact_email": "siri@fjell.example", "available": [2, 3]},
]

SCHEDULE = {
    "event": {"name": "Vårtreff i Vest-Telemark", "date": "2027-03-18", "venue": "Dalen hotell"},
    "settings": {"mode": "pairs", "rounds": 3, "tables": 2, "start": "09:00", "minutes": 10,
                 "break": 5, "seed": 0},
    "rounds": [
        {"round": 1, "start": "09:00", "end": "09:10", "meetings": [
            {"table": "1", "companies": ["sag", "mek"], "score": 0.71},
            {"table": "2", "companies": ["evil1", "evil2"], "score": 0.2}]},
        {"round": 2, "start": "09:15", "end": "09:25", "meetings": [
            {"table": "1", "companies": ["sag", "evil1"], "score": 0.55},
            {"table": "2", "companies": ["late", "mek"], "score": 0.31}]},
        {"round": 3, "start": "09:30", "end": "09:40", "meetings": [
            {"table": "2", "companies": ["evil2", "sag"], "score": 0.12},
            {"table": "1", "companies": ["late", "evil1"], "score": 0.4}]},
    ],
    "stats": {"total_score": 2.29},
    "profiles": PROFILES,
}


def schedule() -> dict:
    """A fresh deep copy of the small schedule (tests may change it)."""
    return copy.deepcopy(SCHEDULE)


def group_schedule() -> dict:
    """A schedule with one group table of three (group mode)."""
    s = schedule()
    s["settings"]["mode"] = "groups"
    s["rounds"] = [{"round": 1, "start": "13:00", "end": "13:20", "meetings": [
        {"table": "Peisestova", "companies": ["sag", "mek", "late"], "score": 0.5},
        {"table": "1", "companies": ["evil1", "evil2"], "score": None}]}]
    return s
