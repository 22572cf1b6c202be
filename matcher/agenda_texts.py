"""Fixed texts of agendas and event material in Nynorsk, Bokmål and English.

Everything a company or the organiser reads that is not company data comes
from :data:`TEXTS`, so the three languages stay complete and side by side.
Dates and times are formatted the Norwegian way in ``nn`` and ``nb``
("torsdag 18. mars 2027", "kl. 09.00–09.10") and the British way in ``en``.
"""

from __future__ import annotations

import datetime as dt
import re

from profiles.errors import ScheduleError
from profiles.model import LANGUAGES

_MONTHS_NO = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
              "september", "oktober", "november", "desember")
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")
_WEEKDAYS = {
    "nn": ("måndag", "tysdag", "onsdag", "torsdag", "fredag", "laurdag", "sundag"),
    "nb": ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}

#: Fixed texts per language; every language has every key (checked by the tests).
TEXTS: dict[str, dict[str, str]] = {
    "nn": {
        "default_event": "Speed-dating for næringslivet",
        "agenda_title": "Møteplan",
        "agenda_for": "Møteplan for {company}",
        "intro": "Her er møta dine.",
        "intro_minutes": "Kvart møte varer {minutes} minutt.",
        "intro_go": "Gå til bordet som står oppført for kvar runde; partnaren din kjem dit.",
        "intro_host": "Du er vert og sit ved same bord heile arrangementet; partnarane kjem "
                      "til deg.",
        "event": "Arrangement",
        "date": "Dato",
        "venue": "Stad",
        "round": "Runde",
        "time": "Tid",
        "start": "Start",
        "end": "Slutt",
        "table": "Bord",
        "table_n": "Bord {table}",
        "partner": "Partnar",
        "partners": "Partnarar",
        "municipality": "Kommune",
        "industry": "Bransje",
        "contact": "Kontakt",
        "email": "E-post",
        "score": "Poeng",
        "why": "Kvifor de møtest",
        "free": "Pause – ingen møte denne runden",
        "absent": "Ikkje til stades denne runden",
        "no_meetings": "Du har ingen møte i denne planen.",
        "also_title": "Også verdt å kontakte",
        "also_intro": "Desse passar godt for dykk, men de møtest ikkje i denne møteplanen:",
        "meeting_with": "Møte med {partner}",
        "meetings": "Møte",
        "companies": "Bedrifter",
        "company": "Bedrift",
        "participants_title": "Deltakarliste",
        "table_sign_title": "Bord {table}",
        "table_sign_sub": "Kven som sit her i kvar runde",
        "overview": "Oversikt",
        "all_agendas": "Alle møteplanar",
        "statistics": "Statistikk",
        "round_n": "Runde {round}",
        "mean_score": "Gjennomsnittleg poeng",
        "companies_seated": "Bedrifter med møte",
        "meetings_per_company_min": "Færrast møte for ei bedrift",
        "meetings_per_company_median": "Møte per bedrift (median)",
        "meetings_per_company_max": "Flest møte for ei bedrift",
        "rounds": "Rundar",
        "tables": "Bord",
        "key": "Nøkkel",
        "label": "Forklaring",
        "value": "Verdi",
        "index_title": "Møteplanar",
        "for_organiser": "For arrangøren",
        "files": "Filer",
        "table_signs": "Bordskilt",
        "workbook": "Arbeidsbok (Excel)",
        "mail_merge": "Fletteliste for e-post",
        "generated": "Laga med speeddate",
        "mail_subject": "Møteplanen din – {event}",
        "time_fmt_prefix": "kl. ",
        "page": "Side",
        "role_host": "vert (fast bord)",
        "id": "ID",
        "orgnr": "Org.nr.",
        "employees": "Tilsette",
        "interests": "Interesser",
    },
    "nb": {
        "default_event": "Speed-dating for næringslivet",
        "agenda_title": "Møteplan",
        "agenda_for": "Møteplan for {company}",
        "intro": "Her er møtene dine.",
        "intro_minutes": "Hvert møte varer {minutes} minutter.",
        "intro_go": "Gå til bordet som står oppført for hver runde; partneren din kommer dit.",
        "intro_host": "Du er vert og sitter ved samme bord hele arrangementet; partnerne "
                      "kommer til deg.",
        "event": "Arrangement",
        "date": "Dato",
        "venue": "Sted",
        "round": "Runde",
        "time": "Tid",
        "start": "Start",
        "end": "Slutt",
        "table": "Bord",
        "table_n": "Bord {table}",
        "partner": "Partner",
        "partners": "Partnere",
        "municipality": "Kommune",
        "industry": "Bransje",
        "contact": "Kontakt",
        "email": "E-post",
        "score": "Poeng",
        "why": "Hvorfor dere møtes",
        "free": "Pause – ingen møter denne runden",
        "absent": "Ikke til stede denne runden",
        "no_meetings": "Du har ingen møter i denne planen.",
        "also_title": "Også verdt å kontakte",
        "also_intro": "Disse passer godt for dere, men dere møtes ikke i denne møteplanen:",
        "meeting_with": "Møte med {partner}",
        "meetings": "Møter",
        "companies": "Bedrifter",
        "company": "Bedrift",
        "participants_title": "Deltakerliste",
        "table_sign_title": "Bord {table}",
        "table_sign_sub": "Hvem som sitter her i hver runde",
        "overview": "Oversikt",
        "all_agendas": "Alle møteplaner",
        "statistics": "Statistikk",
        "round_n": "Runde {round}",
        "mean_score": "Gjennomsnittlig poeng",
        "companies_seated": "Bedrifter med møter",
        "meetings_per_company_min": "Færrest møter for én bedrift",
        "meetings_per_company_median": "Møter per bedrift (median)",
        "meetings_per_company_max": "Flest møter for én bedrift",
        "rounds": "Runder",
        "tables": "Bord",
        "key": "Nøkkel",
        "label": "Forklaring",
        "value": "Verdi",
        "index_title": "Møteplaner",
        "for_organiser": "For arrangøren",
        "files": "Filer",
        "table_signs": "Bordskilt",
        "workbook": "Arbeidsbok (Excel)",
        "mail_merge": "Fletteliste for e-post",
        "generated": "Laget med speeddate",
        "mail_subject": "Møteplanen din – {event}",
        "time_fmt_prefix": "kl. ",
        "page": "Side",
        "role_host": "vert (fast bord)",
        "id": "ID",
        "orgnr": "Org.nr.",
        "employees": "Ansatte",
        "interests": "Interesser",
    },
    "en": {
        "default_event": "Business speed-dating",
        "agenda_title": "Meeting plan",
        "agenda_for": "Meeting plan for {company}",
        "intro": "These are your meetings.",
        "intro_minutes": "Each meeting lasts {minutes} minutes.",
        "intro_go": "Go to the table listed for each round; your partner will meet you there.",
        "intro_host": "You are a host and stay at the same table throughout; your partners "
                      "come to you.",
        "event": "Event",
        "date": "Date",
        "venue": "Venue",
        "round": "Round",
        "time": "Time",
        "start": "Start",
        "end": "End",
        "table": "Table",
        "table_n": "Table {table}",
        "partner": "Partner",
        "partners": "Partners",
        "municipality": "Municipality",
        "industry": "Industry",
        "contact": "Contact",
        "email": "E-mail",
        "score": "Score",
        "why": "Why you meet",
        "free": "Break – no meeting this round",
        "absent": "Not present this round",
        "no_meetings": "You have no meetings in this plan.",
        "also_title": "Also worth contacting",
        "also_intro": "These suit you well, but you do not meet them in this plan:",
        "meeting_with": "Meeting with {partner}",
        "meetings": "Meetings",
        "companies": "Companies",
        "company": "Company",
        "participants_title": "List of participants",
        "table_sign_title": "Table {table}",
        "table_sign_sub": "Who sits here in each round",
        "overview": "Overview",
        "all_agendas": "All meeting plans",
        "statistics": "Statistics",
        "round_n": "Round {round}",
        "mean_score": "Mean score",
        "companies_seated": "Companies with meetings",
        "meetings_per_company_min": "Fewest meetings of a company",
        "meetings_per_company_median": "Meetings per company (median)",
        "meetings_per_company_max": "Most meetings of a company",
        "rounds": "Rounds",
        "tables": "Tables",
        "key": "Key",
        "label": "Meaning",
        "value": "Value",
        "index_title": "Meeting plans",
        "for_organiser": "For the organiser",
        "files": "Files",
        "table_signs": "Table signs",
        "workbook": "Workbook (Excel)",
        "mail_merge": "Mail-merge list",
        "generated": "Made with speeddate",
        "mail_subject": "Your meeting plan – {event}",
        "time_fmt_prefix": "",
        "page": "Page",
        "role_host": "host (fixed table)",
        "id": "ID",
        "orgnr": "Org. no.",
        "employees": "Employees",
        "interests": "Interests",
    },
}


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is one of nn, nb, en; else raise a plain error.

    Examples
    --------
    >>> check_lang("nb")
    'nb'
    """
    if lang not in LANGUAGES:
        raise ScheduleError(f"Unknown language {lang!r}: expected one of nn, nb, en.")
    return lang


def text(lang: str, key: str, **values: object) -> str:
    """The fixed text ``key`` in ``lang``, with ``{placeholders}`` filled in.

    Examples
    --------
    >>> text("nn", "table_n", table="3")
    'Bord 3'
    >>> text("en", "round_n", round=2)
    'Round 2'
    """
    template = TEXTS[check_lang(lang)][key]
    return template.format(**values) if values else template


def parse_date(value: str | dt.date | None) -> dt.date | None:
    """An ISO date (``2027-03-18``) as a :class:`datetime.date`; ``None`` passes.

    Examples
    --------
    >>> parse_date("2027-03-18")
    datetime.date(2027, 3, 18)
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ScheduleError(
            f"The event date {value!r} is not a date: expected YYYY-MM-DD, e.g. 2027-03-18."
        ) from None


def parse_time(value: str | None) -> dt.time | None:
    """A clock time ``HH:MM`` (or ``HH.MM``) as :class:`datetime.time`; ``None`` passes.

    Examples
    --------
    >>> parse_time("09:05")
    datetime.time(9, 5)
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.time):
        return value
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})(?::\d{2})?", str(value).strip())
    try:
        return dt.time(int(match.group(1)), int(match.group(2)))
    except (AttributeError, ValueError):
        raise ScheduleError(
            f"The clock time {value!r} in the schedule is not a time: expected HH:MM, e.g. 09:10."
        ) from None


def format_date(day: dt.date | None, lang: str) -> str:
    """The date written out as people write it in ``lang``.

    Examples
    --------
    >>> import datetime
    >>> format_date(datetime.date(2027, 3, 18), "nn")
    'torsdag 18. mars 2027'
    >>> format_date(datetime.date(2027, 3, 15), "nb")
    'mandag 15. mars 2027'
    >>> format_date(datetime.date(2027, 3, 18), "en")
    'Thursday 18 March 2027'
    """
    if day is None:
        return ""
    weekday = _WEEKDAYS[check_lang(lang)][day.weekday()]
    if lang == "en":
        return f"{weekday} {day.day} {_MONTHS_EN[day.month - 1]} {day.year}"
    return f"{weekday} {day.day}. {_MONTHS_NO[day.month - 1]} {day.year}"


def format_date_short(day: dt.date | None, lang: str) -> str:
    """Numeric date: ``18.03.2027`` in Norwegian, ``18/03/2027`` in English.

    Examples
    --------
    >>> import datetime
    >>> format_date_short(datetime.date(2027, 3, 8), "nn")
    '08.03.2027'
    """
    if day is None:
        return ""
    sep = "/" if check_lang(lang) == "en" else "."
    return f"{day.day:02d}{sep}{day.month:02d}{sep}{day.year}"


def format_time(value: dt.time | str | None, lang: str) -> str:
    """Clock time: ``09.00`` in Norwegian (Språkrådet's rule), ``09:00`` in English.

    Examples
    --------
    >>> format_time("09:00", "nn"), format_time("09:00", "en")
    ('09.00', '09:00')
    """
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = parse_time(value)
    sep = ":" if check_lang(lang) == "en" else "."
    return f"{value.hour:02d}{sep}{value.minute:02d}"


def format_span(start: str | None, end: str | None, lang: str) -> str:
    """A time span with an en dash, ``kl. 09.00–09.10`` in Norwegian.

    Examples
    --------
    >>> format_span("09:00", "09:10", "nb")
    'kl. 09.00–09.10'
    >>> format_span("09:00", "09:10", "en")
    '09:00–09:10'
    >>> format_span(None, None, "nn")
    ''
    """
    if not start:
        return ""
    prefix = text(lang, "time_fmt_prefix")
    if not end:
        return prefix + format_time(start, lang)
    return f"{prefix}{format_time(start, lang)}–{format_time(end, lang)}"


def format_score(score: float | None, lang: str) -> str:
    """A score with two decimals and the decimal comma in Norwegian.

    Examples
    --------
    >>> format_score(0.714, "nn"), format_score(0.714, "en"), format_score(None, "nn")
    ('0,71', '0.71', '')
    """
    if score is None:
        return ""
    shown = f"{float(score):.2f}"
    return shown if check_lang(lang) == "en" else shown.replace(".", ",")
