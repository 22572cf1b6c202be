"""Clock times of an event's rounds: start, meeting length, breaks and pauses.

Rounds follow each other with ``break_minutes`` between them; a pause (lunch,
a session break) after a given round replaces that break with a longer one.
Everything here is plain arithmetic on minutes since midnight.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from profiles.errors import ScheduleError

_CLOCK = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


def parse_clock(text: str) -> int:
    """Minutes since midnight of a clock time such as ``"09:00"`` or ``"9.30"``.

    Examples
    --------
    >>> parse_clock("09:30")
    570
    """
    m = _CLOCK.match(str(text))
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise ScheduleError(f"Expected a clock time such as 09:00, got {text!r}.")
    return int(m.group(1)) * 60 + int(m.group(2))


def format_clock(minutes: int) -> str:
    """``HH:MM`` of minutes since midnight (wrapping past midnight).

    Examples
    --------
    >>> format_clock(570)
    '09:30'
    """
    minutes %= 24 * 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_pauses(text: str | None) -> tuple[tuple[int, int], ...]:
    """Parse ``--pause-after`` text: ``"6:30"`` or ``"4:15,8:45"`` (after round : minutes).

    Examples
    --------
    >>> parse_pauses("6:30, 10:15")
    ((6, 30), (10, 15))
    >>> parse_pauses(None)
    ()
    """
    if text is None or not str(text).strip():
        return ()
    out = []
    for part in str(text).split(","):
        m = re.match(r"^\s*(\d+)\s*[:=]\s*(\d+)\s*$", part)
        if not m:
            raise ScheduleError(
                f"Expected pauses as ROUND:MINUTES, e.g. 6:30 or 4:15,8:45, got {part.strip()!r}."
            )
        out.append((int(m.group(1)), int(m.group(2))))
    return tuple(sorted(out))


@dataclass(frozen=True)
class Slot:
    """One round's place in time."""

    round: int
    start: str
    end: str


def round_times(rounds: int, start: str = "09:00", minutes: int = 10, break_minutes: int = 5,
                pauses: tuple[tuple[int, int], ...] = ()) -> tuple[Slot, ...]:
    """Start and end of every round.

    Parameters
    ----------
    rounds : int
        Number of rounds.
    start : str
        Clock time of the first round.
    minutes : int
        Length of a meeting.
    break_minutes : int
        Time between two rounds (to change tables).
    pauses : tuple of (after_round, minutes)
        Longer pauses replacing the break after the given rounds.

    Examples
    --------
    >>> [(s.start, s.end) for s in round_times(3, "09:00", 10, 5, ((2, 30),))]
    [('09:00', '09:10'), ('09:15', '09:25'), ('09:55', '10:05')]
    """
    problems = []
    if minutes <= 0:
        problems.append(f"the meeting length must be positive (got {minutes} minutes)")
    if break_minutes < 0:
        problems.append(f"the break between rounds cannot be negative (got {break_minutes})")
    for after, length in pauses:
        if not 1 <= after < rounds:
            problems.append(
                f"a pause after round {after} is outside the event (rounds 1-{rounds}; "
                "a pause must come between two rounds)"
            )
        if length < 0:
            problems.append(f"the pause after round {after} cannot be negative ({length} minutes)")
    if problems:
        raise ScheduleError("The timing of the event does not work:", problems)
    pause = dict(pauses)
    t = parse_clock(start)
    slots = []
    for r in range(1, rounds + 1):
        slots.append(Slot(r, format_clock(t), format_clock(t + minutes)))
        t += minutes + pause.get(r, break_minutes)
    return tuple(slots)
