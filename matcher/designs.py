"""Seatings without repeated pairs from finite fields (affine resolvable designs).

With ``g`` tables of ``k`` (``k <= g``, ``g`` a prime or a power of two), give
company ``(x, y)`` (``x`` in GF(g), ``y`` < k) table ``x + t*y`` in round
``t`` for every field element ``t``, and table ``x`` again in one last round.
Two companies share a table in at most one of these ``g + 1`` rounds, since
``t * (y1 - y2) = x2 - x1`` has one solution at most. For 8 tables of 4 this
gives the 9 rounds of the Social Golfer problem at once; with ``k = g`` it is
the affine plane, where every pair meets exactly once (the fewest rounds for
"everyone meets everyone").
"""

from __future__ import annotations

import numpy as np

_IRREDUCIBLE = {2: 0b111, 3: 0b1011, 4: 0b10011, 5: 0b100101, 6: 0b1000011, 7: 0b10001001}


def _is_prime(q: int) -> bool:
    return q >= 2 and all(q % d for d in range(2, int(q ** 0.5) + 1))


def field_tables(q: int):
    """Addition and multiplication tables of GF(q), or None when not supported.

    Examples
    --------
    >>> add, mul = field_tables(4)
    >>> int(mul[2][3]), int(add[2][3])
    (1, 1)
    """
    if _is_prime(q):
        r = np.arange(q)
        return (r[:, None] + r[None, :]) % q, (r[:, None] * r[None, :]) % q
    m = q.bit_length() - 1
    if q == 1 << m and m in _IRREDUCIBLE:
        poly = _IRREDUCIBLE[m]
        mul = np.zeros((q, q), dtype=int)
        for a in range(q):
            for b in range(q):
                x, y, p = a, b, 0
                while y:
                    if y & 1:
                        p ^= x
                    y >>= 1
                    x <<= 1
                    if x & q:
                        x ^= poly
                mul[a, b] = p
        r = np.arange(q)
        return r[:, None] ^ r[None, :], mul
    return None


def design_rounds(g: int, k: int) -> list[np.ndarray] | None:
    """As many rounds as the construction gives for ``g`` tables of ``k``, no pair twice.

    ``g`` rounds from the field (company ``(x, y)`` at table ``x + t*y``); then
    the companies with the same ``y`` have never met, so each such class of
    ``g`` is seated again at ``g / k`` tables, recursively (one more round at
    least, when ``k`` divides ``g``; ``g + 1`` rounds in all when ``k = g``).
    None when ``g`` is neither a prime nor a power of two, or ``k > g``.

    Examples
    --------
    >>> len(design_rounds(8, 4)), len(design_rounds(16, 4)), len(design_rounds(4, 4))
    (9, 21, 5)
    """
    if k > g or k < 2:
        return None
    tabs = field_tables(g)
    if tabs is None:
        return None
    add, mul = tabs
    x = np.repeat(np.arange(g), k)
    y = np.tile(np.arange(k), g)
    out = [add[x, mul[t, y]] for t in range(g)]
    if k == g:
        out.append(y.copy())
    elif g % k == 0:
        h = g // k
        sub = design_rounds(h, k) if h >= k else None
        sub = sub if sub else [np.arange(g) // k]
        for srow in sub:
            # srow seats the g companies of one class (indexed by x) at h tables
            out.append(y * h + srow[x])
    return out


def resolvable_seating(g: int, k: int, rounds: int) -> np.ndarray | None:
    """Table of each of ``g*k`` companies in each of ``rounds`` rounds, no pair twice.

    None when the construction does not reach that many rounds.

    Examples
    --------
    >>> resolvable_seating(8, 4, 9).shape
    (9, 32)
    """
    rows = design_rounds(g, k)
    if rows is None or len(rows) < rounds:
        return None
    return np.array(rows[:rounds])
