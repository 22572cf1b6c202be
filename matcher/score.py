"""Pair scores: how worthwhile a meeting between two companies is, and why.

A pair's score is the weighted mean (weights in :mod:`matcher.weights`) of
four components, each in [0, 1]:

``complementarity``
    From the TF-IDF cosines of :mod:`profiles.vectorise`: ``x = needs[a]·offers[b]``
    (b offers what a needs) and ``y = needs[b]·offers[a]``, each the mean of the
    whole need text's cosine and its best single sentence's, calibrated by
    :func:`profiles.vectorise.calibrate` (``tanh(cos / 0.3)``, normalised: short
    texts sharing their key words rarely pass a cosine of 0.3).
    Combined as ``0.9 (1 - (1 - x)(1 - y)) + 0.1 (x + y) / 2``: a one-sided
    strong match keeps 95 % of its strength (it ranks high even when the other
    direction is empty), and a match both ways adds to it. Both directions are
    kept as the columns ``a_needs_b_offers`` and ``b_needs_a_offers``.
``industry``
    Deepest SN2007/NACE level the two codes share: class or subclass 1.0,
    group 0.8, division 0.6, section 0.3, none 0. It serves peer cooperation,
    so it counts fully only when the two share a peer interest (purchasing,
    LEAN, industry development, competence exchange), half otherwise.
``interests``
    Jaccard overlap of the forms of cooperation both ticked.
``proximity``
    ``max(0, 1 - km / 100)`` between the municipalities' centroids (1 in the
    same municipality, 0 when unknown).

Hosts are scored like any other profile. Scores are symmetric, with a zero
diagonal, never NaN.

For many companies, :func:`top_k` walks the rows in chunks and keeps only each
company's best ``k`` partners, so memory stays bounded (no N x N matrix).
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

from matcher.weights import COMPONENTS, Weights, load_weights, resolve_weights  # noqa: F401
from profiles.model import INTERESTS, Profile
from profiles.text import normalise
from profiles.vectorise import TextVectors, vectorise

#: Industry levels from deepest to shallowest, with the value of sharing each.
INDUSTRY_LEVELS: tuple[tuple[str, float], ...] = (
    ("subclass", 1.0), ("class", 1.0), ("group", 0.8), ("division", 0.6), ("section", 0.3),
)
#: Interests for which sharing an industry matters (peer cooperation).
PEER_INTERESTS: frozenset[str] = frozenset(
    {"purchasing", "lean", "industry_development", "competence_exchange"})
#: Distance at which proximity reaches 0.
PROXIMITY_KM = 100.0
#: Above this many profiles, :func:`top_k` never builds an N x N matrix but
#: searches candidates (see :func:`top_k`).
DENSE_LIMIT = 3000
#: Text candidates per company in the candidate search of :func:`top_k`.
CANDIDATES = 32
#: Terms in more texts than this are not used to find candidates.
POSTING_CAP = 1000
#: ... or in more than this share of all texts, whichever is larger.
POSTING_SHARE = 0.02
#: Up to this many classes of equal industry/interests/municipality, their other
#: components are tabulated once (classes squared floats).
CLASS_TABLE_LIMIT = 8000

#: Columns of the pair table besides ``a``, ``b`` and ``score``.
PAIR_COLUMNS: tuple[str, ...] = ("complementarity", "a_needs_b_offers", "b_needs_a_offers",
                                 "industry", "interests", "proximity")

ProgressCallback = Callable[[int, int], None]


# --------------------------------------------------------------------------- industry
def _prefix_lineage(code: str) -> dict[str, str | None]:
    """Lineage of a NACE code from its digits alone (used when no table knows it)."""
    out: dict[str, str | None] = {k: None for k, _ in INDUSTRY_LEVELS}
    code = (code or "").strip().upper()
    if not code:
        return out
    if code.isalpha() and len(code) == 1:
        out["section"] = code
        return out
    digits = "".join(ch for ch in code if ch.isdigit())
    if len(digits) >= 2:
        out["division"] = digits[:2]
    if len(digits) >= 3:
        out["group"] = digits[:3]
    if len(digits) >= 4:
        out["class"] = digits[:4]
    if len(digits) >= 5:
        out["subclass"] = digits[:5]
    return out


@functools.lru_cache(maxsize=4096)
def industry_lineage(code: str | None) -> dict[str, str | None]:
    """Section, division, group, class and subclass of ``code`` (None where unknown).

    Uses :func:`profiles.industry.lineage` (the shipped SN2007/SN2025 tables)
    when available and the code is known, else the code's digits.

    Examples
    --------
    >>> industry_lineage("16.230")["group"] in ("16.2", "162")
    True
    """
    if not code:
        return {k: None for k, _ in INDUSTRY_LEVELS}
    try:
        from profiles.industry import lineage  # written by the NACE data helper
    except ImportError:
        lineage = None
    if lineage is not None:
        try:
            got = lineage(code)
            return {k: (got.get(k) or None) for k, _ in INDUSTRY_LEVELS}
        except (ValueError, KeyError, TypeError):
            pass
    return _prefix_lineage(code)


def industry_shared_level(a: str | None, b: str | None) -> str | None:
    """Deepest level two codes share ("subclass" ... "section"), or None.

    Examples
    --------
    >>> industry_shared_level("16.230", "16.290")
    'group'
    >>> industry_shared_level("16.10", "62.01") is None
    True
    """
    la, lb = industry_lineage(a), industry_lineage(b)
    for level, _ in INDUSTRY_LEVELS:
        if la[level] is not None and la[level] == lb[level]:
            return level
    return None


# --------------------------------------------------------------------------- proximity
def _distance_km(m1: str | None, m2: str | None) -> float | None:
    if not m1 or not m2:
        return None
    try:
        from profiles.geo import distance_km  # written by the geo data helper
    except ImportError:
        distance_km = None
    if distance_km is not None:
        try:
            d = distance_km(m1, m2)
        except (ValueError, KeyError, TypeError):
            d = None
        if d is not None:
            return float(d)
    return 0.0 if normalise(m1) == normalise(m2) else None


def proximity_value(km: float | None) -> float:
    """Proximity component from a distance (0 when unknown).

    Examples
    --------
    >>> proximity_value(0.0), proximity_value(50.0), proximity_value(None)
    (1.0, 0.5, 0.0)
    """
    if km is None or not np.isfinite(km):
        return 0.0
    return float(max(0.0, 1.0 - km / PROXIMITY_KM))


# --------------------------------------------------------------------------- features
@dataclass(frozen=True)
class PairFeatures:
    """Everything the score needs, computed once per list of profiles.

    Build with :func:`pair_features`; rows align with ``profiles``.
    """

    profiles: tuple[Profile, ...]
    text: TextVectors
    weights: Weights
    industry_keys: np.ndarray      # N x levels int32, -1 = unknown
    interest_mask: np.ndarray      # N uint8 bitmask of INTERESTS
    peer_mask: np.ndarray          # N bool: has a peer interest
    muni_index: np.ndarray         # N int32 into proximity_table (U = unknown)
    proximity_table: np.ndarray    # (U+1) x (U+1) float32
    municipalities: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.profiles)


_BITS = np.array([bin(i).count("1") for i in range(256)], dtype=np.float32)


@functools.lru_cache(maxsize=1)
def _jaccard_table() -> np.ndarray:
    n = 1 << len(INTERESTS)
    a = np.arange(n)[:, None]
    b = np.arange(n)[None, :]
    inter = _BITS[a & b]
    union = _BITS[a | b]
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.where(union > 0, inter / np.maximum(union, 1), 0.0)
    return t.astype(np.float32)


def pair_features(profiles: Sequence[Profile], weights: Weights | None = None,
                  text: TextVectors | None = None, text_model: str = "tfidf") -> PairFeatures:
    """Vectorise texts and index codes, interests and municipalities of ``profiles``.

    ``text_model`` is ``"tfidf"`` (default) or ``"e5"`` (TF-IDF combined with
    the optional sentence-embedding model, see :mod:`profiles.vectorise`).
    """
    profiles = tuple(profiles)
    weights = weights or Weights()
    text = text if text is not None else vectorise(profiles, text_model=text_model)
    n = len(profiles)
    keys = np.full((n, len(INDUSTRY_LEVELS)), -1, dtype=np.int32)
    for j, (level, _) in enumerate(INDUSTRY_LEVELS):
        ids: dict[str, int] = {}
        for i, p in enumerate(profiles):
            value = industry_lineage(p.industry)[level] if p.industry else None
            if value is not None:
                keys[i, j] = ids.setdefault(value, len(ids))
    bit = {k: 1 << i for i, k in enumerate(INTERESTS)}
    mask = np.array([sum(bit.get(k, 0) for k in set(p.interests)) for p in profiles],
                    dtype=np.uint8)
    peer_bits = sum(bit[k] for k in PEER_INTERESTS)
    peer = (mask & peer_bits) != 0
    munis: dict[str, int] = {}
    names: list[str] = []
    for p in profiles:
        if p.municipality and normalise(p.municipality) not in munis:
            munis[normalise(p.municipality)] = len(names)
            names.append(p.municipality)
    u = len(names)
    muni_index = np.array([munis[normalise(p.municipality)] if p.municipality else u
                           for p in profiles], dtype=np.int32)
    table = np.zeros((u + 1, u + 1), dtype=np.float32)
    for i in range(u):
        for j in range(i, u):
            table[i, j] = table[j, i] = proximity_value(_distance_km(names[i], names[j]))
    return PairFeatures(profiles=profiles, text=text, weights=weights, industry_keys=keys,
                        interest_mask=mask, peer_mask=peer, muni_index=muni_index,
                        proximity_table=table, municipalities=tuple(names))


# --------------------------------------------------------------------------- components
#: Share of the mean of both directions in complementarity (the rest is the
#: "either way" combination), so a match both ways beats an equal one-way match.
BOTH_WAYS_SHARE = 0.1


def complementarity(x, y):
    """Combine the two directions: ``(1-s)(1 - (1-x)(1-y)) + s(x+y)/2``, s = BOTH_WAYS_SHARE.

    A one-sided match keeps 95 % of its strength; a match both ways adds to it.
    (0.1 rather than 0.2: recall@5 of planted partners 0.813 vs 0.791 on the
    bundled sample, 0.797 vs 0.796 on synthetic seeds 3-7.)

    Examples
    --------
    >>> round(float(complementarity(1.0, 0.0)), 6), float(complementarity(1.0, 1.0))
    (0.95, 1.0)
    >>> float(complementarity(0.5, 0.5)) > float(complementarity(0.5, 0.0))
    True
    """
    either = 1.0 - (1.0 - x) * (1.0 - y)
    return (1.0 - BOTH_WAYS_SHARE) * either + BOTH_WAYS_SHARE * (x + y) / 2.0


def _industry_values(keys_a: np.ndarray, keys_b: np.ndarray) -> np.ndarray:
    """Industry level value for aligned/broadcast key arrays (... x levels)."""
    shape = np.broadcast_shapes(keys_a.shape[:-1], keys_b.shape[:-1])
    out = np.zeros(shape, dtype=np.float32)
    for j in reversed(range(len(INDUSTRY_LEVELS))):  # shallow first, deeper overrides
        ka, kb = keys_a[..., j], keys_b[..., j]
        out = np.where((ka == kb) & (ka >= 0), np.float32(INDUSTRY_LEVELS[j][1]), out)
    return out


def _combine(components: dict[str, np.ndarray], weights: Weights) -> np.ndarray:
    w = weights.normalised()
    total = None
    for name in COMPONENTS:
        if w[name] == 0:
            continue
        part = components[name] * np.float32(w[name])
        total = part if total is None else total + part
    return np.clip(total, 0.0, 1.0)


def block_components(feat: PairFeatures, rows: np.ndarray) -> dict[str, np.ndarray]:
    """Components for ``rows`` against every profile: arrays of shape len(rows) x N."""
    rows = np.asarray(rows)
    x = feat.text.need_offer_block(rows)
    y = feat.text.offer_need_block(rows)
    comp = complementarity(x, y)
    ind = _industry_values(feat.industry_keys[rows][:, None, :], feat.industry_keys[None, :, :])
    peer = feat.peer_mask[rows][:, None] & feat.peer_mask[None, :]
    ind *= np.where(peer, np.float32(1.0), np.float32(0.5))
    inter = _jaccard_table()[feat.interest_mask[rows][:, None], feat.interest_mask[None, :]]
    prox = feat.proximity_table[feat.muni_index[rows][:, None], feat.muni_index[None, :]]
    return {"complementarity": comp.astype(np.float32), "a_needs_b_offers": x,
            "b_needs_a_offers": y, "industry": ind, "interests": inter, "proximity": prox}


def pair_components(feat: PairFeatures, ia: np.ndarray, ib: np.ndarray) -> dict[str, np.ndarray]:
    """Components for the aligned pairs ``(ia[k], ib[k])``: arrays of length len(ia)."""
    ia, ib = np.asarray(ia, dtype=np.int64), np.asarray(ib, dtype=np.int64)
    t = feat.text
    if len(ia) == 0:
        empty = np.zeros(0, dtype=np.float32)
        return {name: empty for name in PAIR_COLUMNS}
    x = t.need_offer_pairs(ia, ib)
    y = t.need_offer_pairs(ib, ia)
    comp = complementarity(x, y)
    out = {"complementarity": comp.astype(np.float32), "a_needs_b_offers": x,
           "b_needs_a_offers": y}
    out.update(_other_components(feat, ia, ib))
    return out


def _other_components(feat: PairFeatures, ia: np.ndarray, ib: np.ndarray) -> dict[str, np.ndarray]:
    """Industry, interests and proximity for aligned or broadcast index arrays."""
    ind = _industry_values(feat.industry_keys[ia], feat.industry_keys[ib])
    ind *= np.where(feat.peer_mask[ia] & feat.peer_mask[ib], np.float32(1.0), np.float32(0.5))
    inter = _jaccard_table()[feat.interest_mask[ia], feat.interest_mask[ib]]
    prox = feat.proximity_table[feat.muni_index[ia], feat.muni_index[ib]]
    return {"industry": ind, "interests": inter, "proximity": prox}


def _other_score(feat: PairFeatures, ia: np.ndarray, ib: np.ndarray) -> np.ndarray:
    """Weighted sum of the non-text components (normalised weights)."""
    w = feat.weights.normalised()
    parts = _other_components(feat, ia, ib)
    total = np.zeros(np.broadcast_shapes(np.shape(ia), np.shape(ib)), dtype=np.float32)
    for name, value in parts.items():
        if w[name]:
            total += np.float32(w[name]) * value
    return total


def _features(profiles, weights, features):
    if features is not None:
        if weights is not None and weights != features.weights:
            features = dataclasses.replace(features, weights=weights)
        return features
    return pair_features(profiles, weights)


# --------------------------------------------------------------------------- public API
def score_matrix(profiles: Sequence[Profile], weights: Weights | None = None, *,
                 features: PairFeatures | None = None) -> np.ndarray:
    """Dense N x N pair scores (symmetric, in [0, 1], zero diagonal).

    Rows and columns follow the order of ``profiles``. Meant for up to a few
    thousand profiles; use :func:`top_k` for more.

    Examples
    --------
    >>> from profiles.model import Profile
    >>> ps = [Profile(id="a", name="A", needs="CNC-fresing"),
    ...       Profile(id="b", name="B", offers="CNC-fresing og sveising"),
    ...       Profile(id="c", name="C", offers="rekneskap")]
    >>> s = score_matrix(ps)
    >>> s.shape, bool(s[0, 1] > s[0, 2]), bool((s == s.T).all())
    ((3, 3), True, True)
    """
    feat = _features(profiles, weights, features)
    n = len(feat)
    if n == 0:
        return np.zeros((0, 0), dtype=np.float64)
    comps = block_components(feat, np.arange(n))
    s = _combine(comps, feat.weights).astype(np.float64)
    s = (s + s.T) / 2.0  # exact symmetry despite float rounding
    np.fill_diagonal(s, 0.0)
    return s


def top_k(profiles: Sequence[Profile], k: int = 10, weights: Weights | None = None, *,
          features: PairFeatures | None = None, chunk_size: int | None = None,
          dense_limit: int = DENSE_LIMIT, progress: ProgressCallback | None = None,
          exclude_avoid: bool = False, method: str = "auto",
          candidates: int = CANDIDATES, posting_cap: int = POSTING_CAP,
          rows: Sequence[int] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Each profile's ``k`` best partners, best first.

    Up to ``dense_limit`` profiles (:data:`DENSE_LIMIT`) every pair is scored
    exactly. Above it (or with ``method="candidates"``) no N x N matrix is
    built: rows are taken in chunks, and for each company

    1. *text candidates*: sparse products of need and offer vectors (whole
       texts and single need sentences) restricted to the terms found in at
       most ``max(posting_cap, 2 % of N)`` texts (rare terms carry a match;
       very common ones would make the products dense), plus the other
       components, rank partners approximately; the best ``candidates`` stay;
    2. *peer candidates*: the best ``k + 1`` partners by industry, interests and
       proximity alone (companies with equal values form classes, so this needs
       no pass over all pairs);
    3. the union is scored exactly with the full vectors and the best ``k`` kept.

    Memory is O(chunk x postings + classes² + N x k). This is a nearest-neighbour
    search with candidates: it equals the exact top-k whenever the true partners
    are among the candidates. The tests check it against the exact scan on a
    mid-size input; ``benchmarks/bench_scale.py`` reports the agreement on
    sampled rows at large N.

    Parameters
    ----------
    profiles : sequence of Profile
    k : int
        Partners per profile (capped at N - 1).
    weights : Weights, optional
    chunk_size : int, optional
        Rows per chunk (exact path: default about 64 MB of scores per chunk;
        candidate path: 512).
    dense_limit : int
        Largest N scored exactly with ``method="auto"``.
    method : {"auto", "exact", "candidates"}
        Force the exact chunked scan or the candidate search.
    candidates : int
        Text candidates per company in the candidate search.
    posting_cap : int
        Terms found in more texts than this (or 2 % of N, whichever is larger)
        are left out of candidate generation.
    rows : sequence of int, optional
        Only these profiles' partners (row indices); the result then has one
        row per entry, in this order. Partners are still sought among all.
    progress : callable(done, total), optional
        Called after each chunk with the number of rows done (the library never prints).
    exclude_avoid : bool
        Leave out partners in either profile's ``avoid`` list.

    Returns
    -------
    idx : int array N x k
        Partner row indices (into ``profiles``), best first; ties by lower index.
    scores : float array N x k
    """
    feat = _features(profiles, weights, features)
    n = len(feat)
    row_list = np.arange(n) if rows is None else np.asarray(rows, dtype=np.int64).ravel()
    if len(row_list) and (row_list.min() < 0 or row_list.max() >= n):
        raise ValueError(f"rows must be indices 0..{n - 1}")
    k = max(0, min(int(k), n - 1))
    if n == 0 or k == 0 or len(row_list) == 0:
        return (np.zeros((len(row_list), k), dtype=np.int64),
                np.zeros((len(row_list), k), dtype=np.float64))
    avoid_keys = _avoid_keys(feat.profiles, n) if exclude_avoid else np.zeros(0, np.int64)
    if method not in ("auto", "exact", "candidates"):
        raise ValueError(f"unknown method {method!r}; expected auto, exact or candidates")
    if method == "candidates" or (method == "auto" and n > dense_limit):
        return _top_k_candidates(feat, k, avoid_keys, chunk_size or 512, candidates,
                                 posting_cap, progress, row_list)
    if chunk_size is None:
        chunk_size = max(1, min(n, (64 << 20) // (4 * 8 * max(n, 1))))
    whole = rows is None and n <= dense_limit and method == "auto"
    if whole:
        chunk_size = n
    total = len(row_list)
    idx_out = np.zeros((total, k), dtype=np.int64)
    sc_out = np.zeros((total, k), dtype=np.float64)
    for pos in range(0, total, chunk_size):
        part = row_list[pos:pos + chunk_size]
        s = _combine(block_components(feat, part), feat.weights).astype(np.float64)
        if whole:
            s = (s + s.T) / 2.0
        s[np.arange(len(part)), part] = -1.0
        if len(avoid_keys):
            hit = np.isin(part[:, None] * n + np.arange(n)[None, :], avoid_keys)
            s[hit] = -1.0
        idx, sc = _row_top_k(s, k)
        idx_out[pos:pos + len(part)] = idx
        sc_out[pos:pos + len(part)] = sc
        if progress is not None:
            progress(pos + len(part), total)
    return idx_out, sc_out


def _classes(feat: PairFeatures):
    """Group profiles with equal industry, interests and municipality (equal other components)."""
    key = np.column_stack([feat.industry_keys, feat.interest_mask.astype(np.int32),
                           feat.muni_index.astype(np.int32)])
    _, inv = np.unique(key, axis=0, return_inverse=True)
    inv = inv.ravel()
    order = np.argsort(inv, kind="stable")
    starts = np.searchsorted(inv[order], np.arange(inv.max() + 2))
    return order, starts


def _group_max(m: sp.csr_matrix, row_owner: np.ndarray | None, col_owner: np.ndarray | None,
               b: int, n: int) -> sp.csr_matrix:
    """Max of sparse entries grouped by owner of their rows or columns -> b x n matrix."""
    coo = m.tocoo()
    r = coo.row if row_owner is None else row_owner[coo.row]
    c = coo.col if col_owner is None else col_owner[coo.col]
    key = r.astype(np.int64) * n + c
    if len(key) == 0:
        return sp.csr_matrix((b, n), dtype=np.float32)
    o = np.argsort(key, kind="stable")
    key = key[o]
    first = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    vals = np.maximum.reduceat(coo.data[o], first)
    key = key[first]
    return sp.csr_matrix((vals, (key // n, key % n)), shape=(b, n), dtype=np.float32)


def _top_per_row(r_loc: np.ndarray, cols: np.ndarray, value: np.ndarray, b: int,
                 m: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``m`` largest values of each row of a sparse (row, col, value) list."""
    if len(r_loc) == 0:
        return r_loc, cols
    counts = np.bincount(r_loc, minlength=b)
    width = int(counts.max())
    if width <= m:
        return r_loc, cols
    # entries are grouped by row (CSR order): pad rows to a rectangle, then partition
    pos = np.arange(len(r_loc)) - np.repeat(np.cumsum(counts) - counts, counts)
    pad = np.full((b, width), -np.inf, dtype=np.float32)
    pad[r_loc, pos] = value
    part = np.argpartition(-pad, m - 1, axis=1)[:, :m]
    ok = np.take_along_axis(pad, part, axis=1) > -np.inf
    colmat = np.full((b, width), -1, dtype=np.int64)
    colmat[r_loc, pos] = cols
    rr = np.broadcast_to(np.arange(b)[:, None], part.shape)[ok]
    return rr, np.take_along_axis(colmat, part, axis=1)[ok]


def _top_k_candidates(feat: PairFeatures, k: int, avoid_keys: np.ndarray,
                      chunk: int, candidates: int, posting_cap: int,
                      progress: ProgressCallback | None, row_list: np.ndarray,
                      clause_candidates: bool = True) -> tuple[np.ndarray, np.ndarray]:
    from profiles.vectorise import calibrate

    t = feat.text
    n = len(feat)
    w = feat.weights.normalised()
    df = np.bincount(t.offers.indices, minlength=t.offers.shape[1]) + \
        np.bincount(t.needs.indices, minlength=t.needs.shape[1])
    cap = max(posting_cap, int(POSTING_SHARE * n))
    light = np.flatnonzero(df <= cap)
    offers_p = t.offers[:, light].tocsr()
    needs_p = t.needs[:, light].tocsr()
    offers_pt, needs_pt = offers_p.T.tocsr(), needs_p.T.tocsr()
    lam = t._lam if clause_candidates else 0.0
    if lam > 0:
        clauses_p = t.need_clauses[:, light].tocsr()
        clauses_pt = clauses_p.T.tocsr()
        clause_owner = np.repeat(np.arange(n), np.diff(t.clause_starts))
    order, starts = _classes(feat)
    class_of = np.empty(n, dtype=np.int64)
    class_of[order] = np.repeat(np.arange(len(starts) - 1), np.diff(starts))
    reps = order[starts[:-1]]
    sizes = np.diff(starts)
    n_classes = len(reps)
    peer_m = k + 1
    table = None
    if n_classes <= CLASS_TABLE_LIMIT:  # other components class x class, once
        table = np.vstack([_other_score(feat, reps[i:i + 256, None], reps[None, :])
                           for i in range(0, n_classes, 256)])
    n_top = min(n_classes, peer_m)
    total = len(row_list)
    idx_out = np.zeros((total, k), dtype=np.int64)
    sc_out = np.zeros((total, k), dtype=np.float64)
    for pos in range(0, total, chunk):
        rows = row_list[pos:pos + chunk]
        b = len(rows)
        # other components by class: one small table per chunk
        v = table[class_of[rows]] if table is not None else \
            _other_score(feat, rows[:, None], reps[None, :])
        # 1. text candidates from the truncated sparse product, with the other components
        x_whole = needs_p[rows] @ offers_pt
        y_whole = offers_p[rows] @ needs_pt
        if lam > 0:
            st = t.clause_starts
            counts = st[rows + 1] - st[rows]
            cidx = np.repeat(st[rows] - np.cumsum(counts) + counts, counts) + \
                np.arange(counts.sum())
            owner = np.repeat(np.arange(b), counts)
            x_cl = _group_max(clauses_p[cidx] @ offers_pt, owner, None, b, n)
            y_cl = _group_max(offers_p[rows] @ clauses_pt, None, clause_owner, b, n)
            x_whole = (1.0 - lam) * x_whole + lam * x_cl
            y_whole = (1.0 - lam) * y_whole + lam * y_cl
        z = x_whole.astype(np.complex64) + 1j * y_whole.astype(np.complex64)
        z = z.tocsr()
        z.sum_duplicates()
        r_loc = np.repeat(np.arange(b), np.diff(z.indptr))
        cols = z.indices.astype(np.int64)
        x = calibrate(z.data.real)
        y = calibrate(z.data.imag)
        approx = np.float32(w["complementarity"]) * complementarity(x, y) + \
            v[r_loc, class_of[cols]]
        cand_r, cand_c = _top_per_row(r_loc, cols, approx, b, candidates)
        cand_r, cand_c = [cand_r], [cand_c]
        # 2. peer candidates: best classes by the other components, lowest ids first
        if n_top < n_classes:  # enough classes to hold peer_m members, best first
            part = np.argpartition(-v, n_top - 1, axis=1)[:, :n_top]
        else:
            part = np.broadcast_to(np.arange(n_classes), (b, n_classes))
        pv = np.take_along_axis(v, part, axis=1)
        top_classes = np.take_along_axis(part, np.lexsort((part, -pv), axis=1), axis=1)
        cum = np.cumsum(sizes[top_classes], axis=1)
        n_cls = np.minimum(np.argmax(cum >= peer_m, axis=1) + 1, top_classes.shape[1])
        for i in range(b):
            members = np.concatenate([order[starts[c]:starts[c + 1]]
                                      for c in top_classes[i, :n_cls[i]]])
            cand_r.append(np.full(len(members), i))
            cand_c.append(members)
        cr = np.concatenate(cand_r)
        cc = np.concatenate(cand_c)
        pair_id = np.unique(cr * n + cc)
        cr, cc = pair_id // n, pair_id % n
        ia = rows[cr]
        ok = ia != cc
        if len(avoid_keys):
            ok &= ~np.isin(ia * n + cc, avoid_keys)
        cr, cc, ia = cr[ok], cc[ok], ia[ok]
        # 3. exact scores of the candidates, best k per row (ties by lower index)
        score = _combine(pair_components(feat, ia, cc), feat.weights).astype(np.float64)
        o = np.lexsort((cc, -score, cr))
        r_sorted = cr[o]
        rank = np.arange(len(o)) - np.searchsorted(r_sorted, r_sorted)
        top = rank < k
        idx_block = np.full((b, k), -1, dtype=np.int64)
        sc_block = np.full((b, k), -1.0)
        idx_block[cr[o[top]], rank[top]] = cc[o[top]]
        sc_block[cr[o[top]], rank[top]] = score[o[top]]
        idx_out[pos:pos + b] = idx_block
        sc_out[pos:pos + b] = sc_block
        if progress is not None:
            progress(pos + b, total)
    return idx_out, sc_out


def _row_top_k(s: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Best ``k`` per row, best first, ties broken by lower column index."""
    n = s.shape[1]
    if k < n:
        part = np.argpartition(-s, k - 1, axis=1)[:, :k]
        # include every column tied with the k-th value so ties resolve by index
        kth = np.take_along_axis(s, part, axis=1).min(axis=1)
        idx = np.empty((s.shape[0], k), dtype=np.int64)
        for r in range(s.shape[0]):
            cand = np.flatnonzero(s[r] >= kth[r])
            order = np.lexsort((cand, -s[r, cand]))[:k]
            idx[r] = cand[order]
    else:
        idx = np.lexsort((np.broadcast_to(np.arange(n), s.shape), -s), axis=1)[:, :k]
    return idx, np.take_along_axis(s, idx, axis=1)


def _avoid_keys(profiles: Sequence[Profile], n: int) -> np.ndarray:
    """Sorted ``i * n + j`` of every avoid pair, both ways."""
    pos = {p.id: i for i, p in enumerate(profiles)}
    keys = []
    for i, p in enumerate(profiles):
        for other in p.avoid:
            j = pos.get(other)
            if j is not None:
                keys += [i * n + j, j * n + i]
    return np.unique(np.array(keys, dtype=np.int64))


def score_pairs(profiles: Sequence[Profile], weights: Weights | None = None,
                min_score: float = 0.0, *, features: PairFeatures | None = None) -> pd.DataFrame:
    """Every unordered pair (a before b in file order) with its score and components.

    Columns: ``a``, ``b`` (ids), ``score``, then :data:`PAIR_COLUMNS`. Rows
    with ``score < min_score`` are left out; sorted by score, best first.

    Examples
    --------
    >>> from profiles.model import Profile
    >>> ps = [Profile(id="a", name="A", needs="sveising"),
    ...       Profile(id="b", name="B", offers="sveising")]
    >>> df = score_pairs(ps)
    >>> list(df.columns[:3]), len(df)
    (['a', 'b', 'score'], 1)
    """
    feat = _features(profiles, weights, features)
    n = len(feat)
    ia, ib = np.triu_indices(n, k=1)
    comps = pair_components(feat, ia, ib)
    score = _combine(comps, feat.weights).astype(np.float64) if len(ia) else np.zeros(0)
    keep = score >= min_score
    ids = np.array([p.id for p in feat.profiles], dtype=object)
    data = {"a": ids[ia[keep]], "b": ids[ib[keep]], "score": np.round(score[keep], 6)}
    for name in PAIR_COLUMNS:
        data[name] = np.round(comps[name][keep].astype(np.float64), 6)
    df = pd.DataFrame(data, columns=["a", "b", "score", *PAIR_COLUMNS])
    return df.sort_values(["score", "a", "b"], ascending=[False, True, True],
                          kind="mergesort").reset_index(drop=True)


def __getattr__(name: str):
    """Explanations live in :mod:`matcher.suggest`; importable from here too."""
    if name in ("explain_pair", "explain_pairs", "PairExplanation"):
        from matcher import suggest as _suggest
        return getattr(_suggest, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
