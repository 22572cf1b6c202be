"""Partner suggestions and pair explanations a company can read.

:func:`suggest` gives each company its best partners (leaving out pairs in
either company's ``avoid`` list), each with a score and a reason built from the
words that matched; :func:`explain_pair` / :func:`explain_pairs` give the full
breakdown of pairs; :func:`format_suggestions` renders suggestions as a table,
CSV, JSON or Markdown.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

import numpy as np

from matcher.reasons import check_lang, matched_terms, reason_sentences
from matcher.score import (PAIR_COLUMNS, PairFeatures, _combine, _distance_km, _features,
                           industry_lineage, industry_shared_level, pair_components, top_k)
from matcher.weights import Weights
from profiles.errors import SpeeddateError
from profiles.model import Profile
from profiles.text import normalise

FORMATS: tuple[str, ...] = ("table", "csv", "json", "md")
#: Most companies for which :func:`pairs_csv` writes every pair.
PAIRS_LIMIT = 20000


class SuggestError(SpeeddateError, ValueError):
    """A company asked for is unknown, or an option is out of range."""


@dataclass(frozen=True)
class PairExplanation:
    """The full breakdown of one pair's score, from company ``a``'s side.

    Attributes
    ----------
    a, b : str
        Ids of the two companies.
    score : float
        The pair score in [0, 1].
    components : dict
        Each component's value in [0, 1] (see :data:`matcher.score.PAIR_COLUMNS`).
    reason : str
        One or two plain sentences in the chosen language.
    details : dict
        ``a_needs``/``b_offers`` and ``b_needs``/``a_offers``: the matched words;
        ``industry_level`` and ``industry_code``; ``shared_interests``;
        ``distance_km``; ``weights`` (normalised).
    """

    a: str
    b: str
    score: float
    components: dict[str, float]
    reason: str
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Suggestion:
    """One suggested partner for one company (ids), ranked from 1."""

    company: str
    partner: str
    rank: int
    score: float
    reason: str


def _industry_title(code: str | None, lang: str) -> str:
    if not code:
        return ""
    try:
        from profiles.industry import title
    except ImportError:
        return ""
    try:
        return title(code, lang=lang) or ""
    except (ValueError, KeyError, TypeError):
        return ""


def _shared_code(a: str | None, level: str | None) -> str | None:
    if level is None:
        return None
    return industry_lineage(a).get(level)


def explain_pairs(profiles: Sequence[Profile], pairs: Iterable[tuple[str, str]],
                  lang: str = "nn", weights: Weights | None = None, *,
                  features: PairFeatures | None = None) -> dict[tuple[str, str], PairExplanation]:
    """Explain many pairs at once (texts vectorised once), keyed by ``(a_id, b_id)``.

    Raises
    ------
    SuggestError
        If an id is not among ``profiles``.
    """
    check_lang(lang)
    feat = _features(profiles, weights, features)
    pos = {p.id: i for i, p in enumerate(feat.profiles)}
    pairs = list(pairs)
    unknown = sorted({x for pair in pairs for x in pair if x not in pos})
    if unknown:
        raise SuggestError(f"unknown company id(s): {', '.join(unknown)}; "
                           "expected ids of the profiles file")
    ia = np.array([pos[a] for a, _ in pairs], dtype=np.int64)
    ib = np.array([pos[b] for _, b in pairs], dtype=np.int64)
    comps = pair_components(feat, ia, ib)
    scores = _combine(comps, feat.weights) if len(pairs) else np.zeros(0)
    w = feat.weights.normalised()
    out: dict[tuple[str, str], PairExplanation] = {}
    for n, (a_id, b_id) in enumerate(pairs):
        pa, pb = feat.profiles[ia[n]], feat.profiles[ib[n]]
        c = {name: float(comps[name][n]) for name in PAIR_COLUMNS}
        s = float(scores[n]) if a_id != b_id else 0.0
        fwd = matched_terms(pa.needs, pb.offers)
        bwd = matched_terms(pb.needs, pa.offers)
        level = industry_shared_level(pa.industry, pb.industry)
        code = _shared_code(pa.industry, level)
        industry = (level, code, _industry_title(code, lang)) if level else None
        shared = tuple(k for k in pa.interests if k in set(pb.interests))
        km = _distance_km(pa.municipality, pb.municipality)
        reason = reason_sentences(lang, pb.name, fwd, bwd, c, w, industry, shared,
                                  (pa.municipality, pb.municipality), km)
        details = {"a_needs": list(fwd.need_terms), "b_offers": list(fwd.offer_terms),
                   "b_needs": list(bwd.need_terms), "a_offers": list(bwd.offer_terms),
                   "industry_level": level, "industry_code": code,
                   "shared_interests": list(shared), "distance_km": km, "weights": w}
        out[(a_id, b_id)] = PairExplanation(a=a_id, b=b_id, score=round(s, 6), components=c,
                                            reason=reason, details=details)
    return out


def explain_pair(profiles: Sequence[Profile], a_id: str, b_id: str, lang: str = "nn",
                 weights: Weights | None = None, *,
                 features: PairFeatures | None = None) -> PairExplanation:
    """Explain one pair from company ``a_id``'s point of view.

    Examples
    --------
    >>> from profiles.model import Profile
    >>> ps = [Profile(id="a", name="Tokke Bygg", needs="Vi treng CNC-fresing"),
    ...       Profile(id="b", name="Kviteseid Mek.", offers="CNC-fresing og sveising")]
    >>> explain_pair(ps, "a", "b").reason
    'De treng CNC-fresing — Kviteseid Mek. tilbyr CNC-fresing.'
    """
    return explain_pairs(profiles, [(a_id, b_id)], lang, weights, features=features)[(a_id, b_id)]


def resolve_companies(profiles: Sequence[Profile], refs: Iterable[str]) -> list[str]:
    """Ids of the companies named by id, orgnr or name (case-insensitive)."""
    lookup: dict[str, str] = {}
    for p in profiles:
        for key in (p.id, p.orgnr, p.name):
            if key:
                lookup.setdefault(normalise(key), p.id)
    out, unknown = [], []
    for ref in refs:
        pid = lookup.get(normalise(ref))
        (out if pid else unknown).append(pid or ref)
    if unknown:
        raise SuggestError(f"unknown company {', '.join(repr(u) for u in unknown)}; "
                           "give an id, organisation number or name from the profiles file")
    return out


def suggest(profiles: Sequence[Profile], top: int = 5, lang: str = "nn",
            weights: Weights | None = None, companies: Iterable[str] | None = None, *,
            features: PairFeatures | None = None, progress=None) -> list[Suggestion]:
    """Each company's ``top`` best partners with a score and a reason.

    Pairs in either company's ``avoid`` list are never suggested. ``companies``
    restricts the output to these companies (ids, orgnrs or names).

    Examples
    --------
    >>> from profiles.model import Profile
    >>> ps = [Profile(id="a", name="A", needs="sveising"),
    ...       Profile(id="b", name="B", offers="sveising"),
    ...       Profile(id="c", name="C", offers="rekneskap")]
    >>> [(s.partner, s.rank) for s in suggest(ps, top=1, companies=["a"])]
    [('b', 1)]
    """
    check_lang(lang)
    if top < 1:
        raise SuggestError(f"--top must be at least 1 (got {top})")
    feat = _features(profiles, weights, features)
    ids = [p.id for p in feat.profiles]
    wanted = None if companies is None else set(resolve_companies(feat.profiles, companies))
    rows = [i for i, pid in enumerate(ids) if wanted is None or pid in wanted]
    idx, sc = top_k(feat.profiles, k=top, features=feat, exclude_avoid=True,
                    progress=progress, rows=None if wanted is None else rows)
    chosen = [(i, int(j), float(s)) for r, i in enumerate(rows)
              for j, s in zip(idx[r], sc[r]) if s >= 0 and j >= 0]
    expl = explain_pairs(feat.profiles, [(ids[i], ids[j]) for i, j, _ in chosen], lang,
                         features=feat)
    out: list[Suggestion] = []
    rank: dict[int, int] = {}
    for i, j, s in chosen:
        rank[i] = rank.get(i, 0) + 1
        out.append(Suggestion(company=ids[i], partner=ids[j], rank=rank[i],
                              score=round(s, 4), reason=expl[(ids[i], ids[j])].reason))
    return out


def format_suggestions(suggestions: Sequence[Suggestion], fmt: str,
                       profiles: Sequence[Profile]) -> str:
    """Render suggestions as ``table`` (terminal), ``csv``, ``json`` or ``md``.

    Examples
    --------
    >>> from profiles.model import Profile
    >>> ps = [Profile(id="a", name="A"), Profile(id="b", name="B")]
    >>> print(format_suggestions([Suggestion("a", "b", 1, 0.5, "Why.")], "csv", ps).strip())
    company_id,company,rank,partner_id,partner,score,reason
    a,A,1,b,B,0.5,Why.
    """
    if fmt not in FORMATS:
        raise SuggestError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    names = {p.id: p.name for p in profiles}
    rows = [{"company_id": s.company, "company": names.get(s.company, s.company),
             "rank": s.rank, "partner_id": s.partner,
             "partner": names.get(s.partner, s.partner), "score": s.score,
             "reason": s.reason} for s in suggestions]
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]) if rows else
                                ["company_id", "company", "rank", "partner_id", "partner",
                                 "score", "reason"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buf.getvalue()
    if fmt == "md":
        lines: list[str] = []
        current = None
        for r in rows:
            if r["company_id"] != current:
                current = r["company_id"]
                lines += ["" if lines else None, f"## {r['company']}", ""]
                lines = [x for x in lines if x is not None]
            lines.append(f"{r['rank']}. **{r['partner']}** ({r['score']:.2f}): {r['reason']}")
        return "\n".join(lines) + "\n"
    # table
    lines = []
    current = None
    width = max([len(r["partner"]) for r in rows] + [7])
    for r in rows:
        if r["company_id"] != current:
            current = r["company_id"]
            if lines:
                lines.append("")
            lines.append(f"{r['company']} ({r['company_id']})")
        lines.append(f"  {r['rank']:>2}. {r['partner']:<{width}}  {r['score']:.2f}  {r['reason']}")
    return "\n".join(lines) + "\n"


_EXPLAIN_LABELS = {
    "nn": {"score": "Samla poeng", "complementarity": "Komplementaritet",
           "a_needs_b_offers": "  {a} treng, {b} tilbyr", "b_needs_a_offers": "  {b} treng, {a} tilbyr",
           "industry": "Bransje", "interests": "Felles interesser", "proximity": "Nærleik",
           "weight": "vekt", "matched": "Ord som møtest", "reason": "Grunngjeving"},
    "nb": {"score": "Samlet poeng", "complementarity": "Komplementaritet",
           "a_needs_b_offers": "  {a} trenger, {b} tilbyr", "b_needs_a_offers": "  {b} trenger, {a} tilbyr",
           "industry": "Bransje", "interests": "Felles interesser", "proximity": "Nærhet",
           "weight": "vekt", "matched": "Ord som møtes", "reason": "Begrunnelse"},
    "en": {"score": "Score", "complementarity": "Complementarity",
           "a_needs_b_offers": "  {a} needs, {b} offers", "b_needs_a_offers": "  {b} needs, {a} offers",
           "industry": "Industry", "interests": "Shared interests", "proximity": "Proximity",
           "weight": "weight", "matched": "Matched words", "reason": "Reason"},
}


def format_explanation(expl: PairExplanation, profiles: Sequence[Profile],
                       lang: str = "nn") -> str:
    """The full breakdown of one pair as plain text lines (for ``speeddate explain``).

    Examples
    --------
    >>> from profiles.model import Profile
    >>> ps = [Profile(id="a", name="A", needs="sveising"), Profile(id="b", name="B", offers="sveising")]
    >>> print(format_explanation(explain_pair(ps, "a", "b", "en"), ps, "en").splitlines()[1])
    Score: 0.71
    """
    t = _EXPLAIN_LABELS[check_lang(lang)]
    names = {p.id: p.name for p in profiles}
    a, b = names.get(expl.a, expl.a), names.get(expl.b, expl.b)
    w = expl.details.get("weights", {})
    lines = [f"{a} ({expl.a}) — {b} ({expl.b})", f"{t['score']}: {expl.score:.2f}"]
    for name in PAIR_COLUMNS:
        label = t[name].format(a=a, b=b)
        value = expl.components.get(name, 0.0)
        if name in w:
            lines.append(f"{label}: {value:.2f} ({t['weight']} {w[name]:.2f})")
        else:
            lines.append(f"{label}: {value:.2f}")
    d = expl.details
    fwd = ", ".join(d.get("a_needs", [])) + " → " + ", ".join(d.get("b_offers", []))
    bwd = ", ".join(d.get("b_needs", [])) + " → " + ", ".join(d.get("a_offers", []))
    if d.get("a_needs"):
        lines.append(f"{t['matched']} ({a}): {fwd}")
    if d.get("b_needs"):
        lines.append(f"{t['matched']} ({b}): {bwd}")
    if d.get("industry_code"):
        lines.append(f"{t['industry']}: {d['industry_code']} ({d['industry_level']})")
    if d.get("shared_interests"):
        from profiles.model import INTEREST_LABELS
        lines.append(f"{t['interests']}: " + ", ".join(
            INTEREST_LABELS[lang].get(k, k) for k in d["shared_interests"]))
    if d.get("distance_km") is not None:
        lines.append(f"{t['proximity']}: {d['distance_km']:.0f} km")
    lines.append(f"{t['reason']}: {expl.reason}")
    return "\n".join(lines) + "\n"


def pairs_csv(profiles: Sequence[Profile], weights: Weights | None = None,
              min_score: float = 0.0, *, features: PairFeatures | None = None) -> str:
    """The pair table of :func:`matcher.score.score_pairs` as CSV text (with names)."""
    from matcher.score import score_pairs
    feat = _features(profiles, weights, features)
    n = len(feat)
    if n > PAIRS_LIMIT:
        raise SuggestError(f"the pair table of {n} companies would have {n * (n - 1) // 2:,} "
                           f"rows; it is made for up to {PAIRS_LIMIT:,} companies. "
                           "Use `speeddate suggest` (each company's best partners) instead")
    df = score_pairs(feat.profiles, min_score=min_score, features=feat)
    names = {p.id: p.name for p in feat.profiles}
    df.insert(2, "a_name", df["a"].map(names))
    df.insert(3, "b_name", df["b"].map(names))
    return df.to_csv(index=False, lineterminator="\n")


def format_for(out: str | None, fmt: str | None) -> str:
    """The output format: ``fmt`` if given, else from the suffix of ``out``, else table.

    Examples
    --------
    >>> format_for("forslag.md", None), format_for(None, None), format_for("x.txt", "csv")
    ('md', 'table', 'csv')
    """
    if fmt:
        return fmt
    suffix = str(out or "").rsplit(".", 1)[-1].lower() if out and "." in str(out) else ""
    return suffix if suffix in ("csv", "json", "md") else "table"


def explain_text(profiles: Sequence[Profile], a: str, b: str, lang: str = "nn",
                 as_json: bool = False, weights: Weights | None = None, *,
                 features: PairFeatures | None = None) -> str:
    """Explanation of one pair named by id, orgnr or name, as text or JSON."""
    a_id, b_id = resolve_companies(profiles, [a, b])
    if a_id == b_id:
        raise SuggestError(f"{a!r} and {b!r} are the same company; give two different ones")
    expl = explain_pair(profiles, a_id, b_id, lang, weights, features=features)
    if as_json:
        return json.dumps(dataclasses.asdict(expl), ensure_ascii=False, indent=2) + "\n"
    return format_explanation(expl, profiles, lang)
