"""Pair scores: how worthwhile a meeting between two companies is, and why.

A pair's score is the weighted mean (weights in :mod:`matcher.weights`) of
four components, each in [0, 1]:

``complementarity``
    From the TF-IDF cosines of :mod:`profiles.vectorise`: ``x = needs[a]·offers[b]``
    (b offers what a needs) and ``y = needs[b]·offers[a]``, each the mean of the
    whole need text's cosine and its best single sentence's, divided by 0.3
    and capped at 1 (short texts sharing their key words rarely pass 0.3).
    Combined as ``0.8 (1 - (1 - x)(1 - y)) + 0.2 (x + y) / 2``: a one-sided
    strong match keeps 90 % of its strength (it ranks high even when the other
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

from matcher.weights import COMPONENTS, Weights
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
#: Above this many profiles, :func:`top_k` never builds an N x N matrix.
DENSE_LIMIT = 3000

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
BOTH_WAYS_SHARE = 0.2


def complementarity(x, y):
    """Combine the two directions: ``(1-s)(1 - (1-x)(1-y)) + s(x+y)/2``, s = BOTH_WAYS_SHARE.

    A one-sided match keeps 90 % of its strength; a match both ways adds to it.

    Examples
    --------
    >>> float(complementarity(1.0, 0.0)), float(complementarity(1.0, 1.0))
    (0.9, 1.0)
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
    ind = _industry_values(feat.industry_keys[ia], feat.industry_keys[ib])
    ind *= np.where(feat.peer_mask[ia] & feat.peer_mask[ib], np.float32(1.0), np.float32(0.5))
    inter = _jaccard_table()[feat.interest_mask[ia], feat.interest_mask[ib]]
    prox = feat.proximity_table[feat.muni_index[ia], feat.muni_index[ib]]
    return {"complementarity": comp.astype(np.float32), "a_needs_b_offers": x,
            "b_needs_a_offers": y, "industry": ind, "interests": inter, "proximity": prox}


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
          exclude_avoid: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Each profile's ``k`` best partners, best first.

    Up to ``dense_limit`` profiles the whole score matrix is computed; above
    it the rows are scored in chunks and only the best ``k`` of each row are
    kept, so memory is O(chunk x N + N x k), never N x N.

    Parameters
    ----------
    profiles : sequence of Profile
    k : int
        Partners per profile (capped at N - 1).
    weights : Weights, optional
    chunk_size : int, optional
        Rows per chunk in the chunked path (default: about 64 MB of scores per chunk).
    dense_limit : int
        Largest N computed densely.
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
    k = max(0, min(int(k), n - 1))
    if n == 0 or k == 0:
        return np.zeros((n, 0), dtype=np.int64), np.zeros((n, 0), dtype=np.float64)
    avoid_pairs = _avoid_index(feat.profiles) if exclude_avoid else {}
    if chunk_size is None:
        chunk_size = max(1, min(n, (64 << 20) // (4 * 8 * max(n, 1))))
    if n <= dense_limit:
        chunk_size = n
    idx_out = np.zeros((n, k), dtype=np.int64)
    sc_out = np.zeros((n, k), dtype=np.float64)
    for start in range(0, n, chunk_size):
        rows = np.arange(start, min(n, start + chunk_size))
        s = _combine(block_components(feat, rows), feat.weights).astype(np.float64)
        if chunk_size == n:
            s = (s + s.T) / 2.0
        s[np.arange(len(rows)), rows] = -1.0
        for r, cols in avoid_pairs.items():
            if start <= r < start + len(rows):
                s[r - start, list(cols)] = -1.0
        idx, sc = _row_top_k(s, k)
        idx_out[rows] = idx
        sc_out[rows] = sc
        if progress is not None:
            progress(int(rows[-1]) + 1, n)
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


def _avoid_index(profiles: Sequence[Profile]) -> dict[int, set[int]]:
    pos = {p.id: i for i, p in enumerate(profiles)}
    out: dict[int, set[int]] = {}
    for i, p in enumerate(profiles):
        for other in p.avoid:
            j = pos.get(other)
            if j is not None:
                out.setdefault(i, set()).add(j)
                out.setdefault(j, set()).add(i)
    return out


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
