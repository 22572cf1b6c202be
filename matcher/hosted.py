"""Hosted mode: hosts stay at their tables and visitors rotate to the hosts they score best with.

The model is the pairs model with only host-visitor pairs allowed (visitors do
not meet each other, hosts never meet hosts); every meeting takes place at the
host's own table.
"""

from __future__ import annotations

from dataclasses import replace

from matcher.constraints import EventModel
from profiles.errors import ScheduleError


def hosted_model(model: EventModel) -> EventModel:
    """Restrict ``model`` to host-visitor meetings; explain why that is impossible if it is.

    Must-meet pairs of two visitors are left out of the model (hosted mode
    has no visitor-visitor meetings); :func:`skipped_must` lists them for the
    statistics so the organiser sees them.

    Examples
    --------
    >>> import numpy as np
    >>> from matcher.constraints import build_model
    >>> from profiles.model import Profile
    >>> ps = [Profile(id="h", name="H", role="host"), Profile(id="a", name="A"),
    ...       Profile(id="b", name="B")]
    >>> m = hosted_model(build_model(ps, np.ones((3, 3)), rounds=2, tables=1))
    >>> m.allowed.astype(int).tolist()
    [[0, 1, 1], [1, 0, 0], [1, 0, 0]]
    """
    host = model.is_host
    problems = []
    if not host.any():
        problems.append("hosted mode needs at least one company with role 'host' (none found)")
    if host.all():
        problems.append("hosted mode needs visitors as well as hosts (every company is a host)")
    if problems:
        raise ScheduleError("Hosted mode cannot be planned:", problems)
    allowed = model.allowed & (host[:, None] ^ host[None, :])
    keep = tuple((i, j) for i, j in model.must if host[i] != host[j])
    return replace(model, allowed=allowed, must=keep)


def skipped_must(model: EventModel) -> list[str]:
    """Must-meet pairs hosted mode cannot hold (two visitors), to report them."""
    host = model.is_host
    return [f"{model.label(i)} and {model.label(j)}" for i, j in model.must
            if host[i] == host[j]]
