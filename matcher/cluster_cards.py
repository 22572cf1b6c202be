"""Cluster cards: what each candidate cluster is, who is in it and why it holds together.

A card gives the project leader what she needs to act on a cluster: a proposed
name from its most distinctive terms (class-based TF-IDF over the members'
offers and needs: a term scores high when many members of *this* cluster use
it and few companies elsewhere do, so globally common words never name a
cluster), the members with municipality, industry and employees, the
industries (SN2007 sections and divisions in words), the forms of cooperation
most members want, the strongest complementary pairs inside it with reasons,
its cohesion and stability, and the bridge companies tying it to other
clusters.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

import numpy as np

from profiles.model import INTEREST_LABELS, INTERESTS, Profile

#: Words joining the last two terms of a name, per language.
_AND = {"nn": "og", "nb": "og", "en": "and"}
#: Words that may be distinctive of a cluster but say nothing about what it does:
#: verbs of producing/selling, legal forms, places. They never name a cluster.
NAME_STOP_WORDS: frozenset[str] = frozenset("""
    produserer produsere produsera produksjon lagar lage laga lager driv drive driftar
    sel selje selger selge sal salg kjøper kjøpe kjøp leverandør leverandørar leverandører
    leverandøren leveranse leveransar leveranser aksjeselskap as sa ans ba da enk
    kommune kommunen kommunar kommuner kommunane kommunene kommunal kommunale
    lokal lokale lokalt lokalen region regionen regional regionale distrikt distriktet
    vest-telemark vest telemark fyresdal kviteseid nissedal seljord tokke vinje
    rauland dalen vrådal treungen morgedal åmot haukeli
    produce produces producing sell sells selling buy buys buying supplier suppliers
    local locally municipality municipal region regional
    felles eige eigen eiga eiget eigne egen eget egne drift dagleg daglig mindre små
    aktuell aktuelle aktuelt moglegheit moglegheiter mulighet muligheter behov
    common own shared small various
""".split())
#: "Cluster" per language (fallback names).
CLUSTER_WORD = {"nn": "Klynge", "nb": "Klynge", "en": "Cluster"}


@dataclass(frozen=True)
class MemberRow:
    """One member as shown on a card."""

    id: str
    name: str
    municipality: str | None
    industry: str | None
    industry_title: str | None
    employees: int | None
    confidence: float
    uncertain: bool
    fit: float


@dataclass(frozen=True)
class IndustryCount:
    """How many members belong to one SN2007 section or division."""

    level: str
    code: str
    title: str
    count: int


@dataclass(frozen=True)
class InterestCount:
    """How many members want one form of cooperation."""

    key: str
    label: str
    count: int
    share: float


@dataclass(frozen=True)
class PairRow:
    """A strong complementary pair inside a cluster, with the reason."""

    a: str
    b: str
    a_name: str
    b_name: str
    score: float
    reason: str


@dataclass(frozen=True)
class BridgeRow:
    """A company tied strongly to this cluster and to others."""

    id: str
    name: str
    home: int | None
    clusters: tuple[int, ...]
    shares: tuple[float, ...]


@dataclass(frozen=True)
class ClusterCard:
    """Everything the report shows about one cluster."""

    number: int
    name: str
    terms: tuple[tuple[str, float], ...]
    members: tuple[MemberRow, ...]
    total_employees: int
    sections: tuple[IndustryCount, ...]
    divisions: tuple[IndustryCount, ...]
    interests: tuple[InterestCount, ...]
    common_interests: tuple[str, ...]
    pairs: tuple[PairRow, ...]
    cohesion: float
    mean_score: float
    stability: float
    uncertain: tuple[str, ...]
    bridges: tuple[BridgeRow, ...]
    hub: str | None


# -------------------------------------------------------------------- terms

def _tokens(text: str) -> list[str]:
    try:
        from profiles.text import tokenize
    except ImportError:  # pragma: no cover - profiles.text ships with the package
        return [t for t in re.findall(r"[^\W\d_]{3,}", (text or "").lower())
                if t not in _fallback_stop_words()]
    return tokenize(text)


def _fallback_stop_words() -> frozenset[str]:  # pragma: no cover - see _tokens
    from stop_words import get_stop_words

    return frozenset(get_stop_words("norwegian") + get_stop_words("english"))


def member_terms(profile: Profile) -> set[str]:
    """The distinct content terms of a profile's offers and needs (stop words removed).

    Examples
    --------
    >>> sorted(member_terms(Profile(id="a", name="A", offers="Vi tilbyr trelast og høvling")))
    ['høvling', 'trelast']
    """
    return set(_tokens(profile.offers)) | set(_tokens(profile.needs))


_SUFFIXES: tuple[str, ...] = ("ane", "ene", "arne", "erne", "ar", "er", "en", "et", "a", "e")


def stem(term: str) -> str:
    """Light Norwegian stem for grouping inflections of a term (names only).

    Examples
    --------
    >>> stem("sagbruket"), stem("sagbruk"), stem("hytter"), stem("hytte"), stem("ost")
    ('sagbruk', 'sagbruk', 'hytt', 'hytt', 'ost')
    """
    for suffix in sorted(_SUFFIXES, key=len, reverse=True):
        if term.endswith(suffix) and len(term) - len(suffix) >= 4 and "-" not in term[-4:]:
            return term[: -len(suffix)]
    return term


def class_tfidf(groups: Sequence[Sequence[Profile]], background: Sequence[Profile] = ()
                ) -> list[dict[str, float]]:
    """Class-based TF-IDF of terms per group of profiles.

    The term frequency of a group is the share of its members using the term
    (each member counts once, so one verbose member cannot name a cluster);
    the inverse document frequency is ``log(N / df)`` over all ``N`` companies
    (the groups and the ``background``, e.g. the unclustered), so a term every
    company uses scores 0 and a term used by this group only scores highest.
    A term only one member uses is halved: a name should say what members share.
    Inflections ("sagbruk", "sagbruket") count as one term, shown in the form
    the group's members use most.

    Examples
    --------
    >>> mk = lambda i, t: Profile(id=str(i), name=str(i), offers=t)
    >>> g1 = [mk(1, "trelast bygg"), mk(2, "trelast transport")]
    >>> g2 = [mk(3, "rekneskap bygg"), mk(4, "rekneskapen lønn")]
    >>> s = class_tfidf([g1, g2])
    >>> max(s[0], key=s[0].get), max(s[1], key=s[1].get)
    ('trelast', 'rekneskap')
    """
    def stems(p: Profile) -> dict[str, str]:
        return {stem(t): t for t in sorted(member_terms(p))}

    counts: list[Counter] = []
    surfaces: list[dict[str, Counter]] = []
    df: Counter = Counter()
    for group in groups:
        c: Counter = Counter()
        forms: dict[str, Counter] = {}
        for p in group:
            for st, surface in stems(p).items():
                c[st] += 1
                forms.setdefault(st, Counter())[surface] += 1
        counts.append(c)
        surfaces.append(forms)
        df.update(c)
    for p in background:
        df.update(stems(p).keys())
    n_all = sum(len(g) for g in groups) + len(background)
    out = []
    for group, c, forms in zip(groups, counts, surfaces):
        size = max(len(group), 1)
        scores = {}
        for st, cnt in c.items():
            idf = math.log(n_all / df[st]) if df[st] else 0.0
            value = (cnt / size) * idf * (1.0 if cnt > 1 else 0.5)
            if value > 0:
                form = min(forms[st].items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0]
                scores[form] = value
        out.append(scores)
    return out


def _similar(a: str, b: str) -> bool:
    """Whether two terms repeat each other (inflection, or one is the other's compound head)."""
    short, long_ = sorted((a, b), key=len)
    if short == long_ or stem(short) == stem(long_):
        return True
    if len(short) >= 4 and long_.startswith(short):
        return True
    return len(short) >= 3 and long_.endswith(short)


def propose_name(scores: dict[str, float], lang: str = "nn", n_terms: int = 3,
                 taken: Iterable[str] = ()) -> tuple[str, tuple[tuple[str, float], ...]]:
    """A cluster name from its best terms, skipping terms that repeat a chosen word.

    Returns the name and the chosen terms with their scores. An empty string
    when there are no terms.

    Examples
    --------
    >>> propose_name({"trelast": .5, "trelast-høvling": .4, "bygg": .3, "transport": .2})
    ('Trelast, bygg og transport', (('trelast', 0.5), ('bygg', 0.3), ('transport', 0.2)))
    """
    # on equal scores a compound ("cnc-fresing") goes before its parts
    ranked = sorted(scores.items(), key=lambda kv: (-round(kv[1], 12), -len(kv[0]), kv[0]))
    taken = {t.lower() for t in taken}
    chosen: list[tuple[str, float]] = []
    used: set[str] = set()
    for term, value in ranked:
        words = set(re.split(r"[\s\-']+", term))
        if words & used or term in NAME_STOP_WORDS or words <= NAME_STOP_WORDS:
            continue
        if any(_similar(term, t) for t, _ in chosen):
            continue
        chosen.append((term, round(float(value), 4)))
        used |= words
        if len(chosen) == n_terms:
            name = _join([t for t, _ in chosen], lang)
            if name.lower() not in taken:
                break
    if not chosen:
        return "", ()
    return _join([t for t, _ in chosen], lang), tuple(chosen)


def _join(terms: list[str], lang: str) -> str:
    if not terms:
        return ""
    words = [terms[0][:1].upper() + terms[0][1:]] + terms[1:]
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + f" {_AND.get(lang, 'og')} " + words[-1]


# --------------------------------------------------------------- industries

@functools.lru_cache(maxsize=4096)
def _industry_parts(code: str | None, lang: str) -> tuple[tuple[str, str] | None,
                                                          tuple[str, str] | None, str | None]:
    """(section code, title), (division code, title) and the code's own title."""
    if not code:
        return None, None, None
    try:
        from profiles import industry as nace
    except ImportError:
        nace = None
    if nace is not None:
        try:
            lin = nace.lineage(code)
            section = lin.get("section")
            division = lin.get("division")
            return ((section, nace.title(section, lang=lang)) if section else None,
                    (division, nace.title(division, lang=lang)) if division else None,
                    nace.title(code, lang=lang))
        except (ValueError, KeyError, LookupError):
            return None, None, None
    division = code[:2] if code[:2].isdigit() else None
    section = code if code.isalpha() else None
    return ((section, section) if section else None,
            (division, division) if division else None, code)


def industry_counts(members: Sequence[Profile], lang: str = "nn"
                    ) -> tuple[tuple[IndustryCount, ...], tuple[IndustryCount, ...]]:
    """Members per SN2007 section and per division, most common first, titles in ``lang``."""
    sections: Counter = Counter()
    divisions: Counter = Counter()
    titles: dict[tuple[str, str], str] = {}
    for p in members:
        section, division, _ = _industry_parts(p.industry, lang)
        if section:
            sections[section[0]] += 1
            titles[("section", section[0])] = section[1]
        if division:
            divisions[division[0]] += 1
            titles[("division", division[0])] = division[1]

    def rows(counter: Counter, level: str) -> tuple[IndustryCount, ...]:
        return tuple(IndustryCount(level, code, titles[(level, code)], n)
                     for code, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))

    return rows(sections, "section"), rows(divisions, "division")


def interest_counts(members: Sequence[Profile], lang: str = "nn") -> tuple[InterestCount, ...]:
    """Members wanting each form of cooperation, most wanted first (zero counts left out)."""
    labels = INTEREST_LABELS.get(lang, INTEREST_LABELS["en"])
    counter = Counter(i for p in members for i in set(p.interests))
    n = max(len(members), 1)
    return tuple(InterestCount(key, labels.get(key, key), counter[key], round(counter[key] / n, 3))
                 for key in sorted(counter, key=lambda k: (-counter[k], INTERESTS.index(k)
                                                           if k in INTERESTS else 99, k)))


# -------------------------------------------------------------------- pairs

def strongest_pairs(adjacency: Any, index: Sequence[int], n_pairs: int = 3
                    ) -> list[tuple[int, int, float]]:
    """The ``n_pairs`` heaviest edges among the nodes ``index`` (row indices), heaviest first."""
    idx = np.asarray(list(index))
    if len(idx) < 2:
        return []
    sub = adjacency[idx][:, idx].tocoo()
    mask = sub.row < sub.col
    rows, cols, data = sub.row[mask], sub.col[mask], sub.data[mask]
    order = np.lexsort((idx[cols], idx[rows], -data))[:n_pairs]
    return [(int(idx[rows[o]]), int(idx[cols[o]]), float(data[o])) for o in order]


_REASON = {
    "nn": {"needs": "{a} treng {terms}, som {b} tilbyr.",
           "both": "Begge er interesserte i {terms}.",
           "industry": "Same bransje ({title})."},
    "nb": {"needs": "{a} trenger {terms}, som {b} tilbyr.",
           "both": "Begge er interessert i {terms}.",
           "industry": "Samme bransje ({title})."},
    "en": {"needs": "{a} needs {terms}, which {b} offers.",
           "both": "Both are interested in {terms}.",
           "industry": "Same industry ({title})."},
}


def pair_reason(a_name: str, b_name: str, details: dict, lang: str = "nn",
                fallback: str = "") -> str:
    """Why two members belong together, in the third person (for the project leader).

    Built from the matched terms of the scorer's explanation (``details`` of
    :class:`matcher.suggest.PairExplanation`): who needs what the other offers,
    in both directions, and the forms of cooperation both want. ``fallback``
    (the scorer's own sentence) is used when nothing matched.

    Examples
    --------
    >>> pair_reason("Tokke Bygg", "Kviteseid Mek.", {"a_needs": ["CNC-fresing"],
    ...             "shared_interests": ["lean"]}, "nn")
    'Tokke Bygg treng CNC-fresing, som Kviteseid Mek. tilbyr. Begge er interesserte i LEAN.'
    """
    words = _REASON.get(lang, _REASON["en"])
    labels = INTEREST_LABELS.get(lang, INTEREST_LABELS["en"])
    out = []
    for who, other, key in ((a_name, b_name, "a_needs"), (b_name, a_name, "b_needs")):
        terms = list(dict.fromkeys(details.get(key) or []))[:3]
        if terms:
            out.append(words["needs"].format(a=who, b=other, terms=_join_plain(terms, lang)))
    if not out:
        return fallback
    shared = [labels.get(k, k) for k in details.get("shared_interests") or []][:3]
    if shared:
        out.append(words["both"].format(terms=_join_plain(shared, lang)))
    return " ".join(out)


def _join_plain(terms: list[str], lang: str) -> str:
    if len(terms) == 1:
        return terms[0]
    return ", ".join(terms[:-1]) + f" {_AND.get(lang, 'og')} " + terms[-1]


def _explain(profiles: Sequence[Profile], pairs: list[tuple[str, str]], lang: str,
             weights: Any) -> dict[tuple[str, str], str]:
    """Third-person reasons for ``pairs`` from one batch call of the scorer's explanations."""
    if not pairs:
        return {}
    try:
        from matcher.suggest import explain_pairs
    except ImportError:  # pragma: no cover - the scorer ships with the package
        return {}
    names = {p.id: p.name for p in profiles}
    if len(profiles) > 2000:
        # the reasons come from matched terms: vectorising only the companies involved
        # is enough, and much cheaper than the whole population
        involved = {x for pair in pairs for x in pair}
        profiles = [p for p in profiles if p.id in involved]
    explained = explain_pairs(profiles, pairs, lang=lang, weights=weights)
    return {key: pair_reason(names[key[0]], names[key[1]], getattr(value, "details", {}) or {},
                             lang, fallback=getattr(value, "reason", ""))
            for key, value in explained.items()}


# -------------------------------------------------------------------- cards

def attach_cards(result: Any, *, lang: str = "nn", weights: Any = None, n_pairs: int = 3,
                 n_terms: int = 3) -> Any:
    """Return ``result`` (a :class:`matcher.clusters.ClusterResult`) with names and cards.

    The card of each cluster is built from the profiles and the affinity graph
    the result carries; pair reasons come from :func:`matcher.score.explain_pairs`
    in one batch.
    """
    profiles = result.profiles
    by_pos = {p.id: i for i, p in enumerate(profiles)}
    groups = [[profiles[by_pos[m]] for m in c.members] for c in result.clusters]
    background = [profiles[by_pos[u]] for u in result.unclustered]
    term_scores = class_tfidf(groups, background)
    adjacency = result.adjacency
    strength = np.asarray(adjacency.sum(axis=1)).ravel()

    pair_idx = [strongest_pairs(adjacency, [by_pos[m] for m in c.members], n_pairs)
                for c in result.clusters]
    wanted = [(profiles[a].id, profiles[b].id) for pairs in pair_idx for a, b, _ in pairs]
    reasons = _explain(profiles, wanted, lang, weights)

    names_taken: list[str] = []
    new_clusters = []
    for c, members, scores, pairs in zip(result.clusters, groups, term_scores, pair_idx):
        name, terms = propose_name(scores, lang=lang, n_terms=n_terms, taken=names_taken)
        sections, divisions = industry_counts(members, lang)
        if not name:
            name = divisions[0].title if divisions else f"{CLUSTER_WORD.get(lang, 'Klynge')} {c.number}"
        if name in names_taken:
            name = f"{name} ({c.number})"
        names_taken.append(name)
        rows = []
        member_idx = [by_pos[m] for m in c.members]
        inside = adjacency[member_idx][:, member_idx]
        own = np.asarray(inside.sum(axis=1)).ravel()
        for p, i, tie in zip(members, member_idx, own):
            _, _, title = _industry_parts(p.industry, lang)
            rows.append(MemberRow(
                id=p.id, name=p.name, municipality=p.municipality, industry=p.industry,
                industry_title=title, employees=p.employees,
                confidence=c.confidence.get(p.id, 1.0), uncertain=p.id in c.uncertain,
                fit=round(float(tie / strength[i]), 3) if strength[i] > 0 else 0.0,
            ))
        interests = interest_counts(members, lang)
        half = len(members) / 2.0
        n_edges = inside.nnz / 2
        mean_score = float(inside.sum() / 2 / n_edges) if n_edges else 0.0
        pair_rows = tuple(
            PairRow(a=profiles[a].id, b=profiles[b].id, a_name=profiles[a].name,
                    b_name=profiles[b].name, score=round(s, 3),
                    reason=reasons.get((profiles[a].id, profiles[b].id), ""))
            for a, b, s in pairs)
        bridges = tuple(
            BridgeRow(id=b["id"], name=profiles[by_pos[b["id"]]].name,
                      home=(result.cluster_of(b["id"]).number
                            if result.cluster_of(b["id"]) else None),
                      clusters=tuple(b["clusters"]), shares=tuple(b["shares"]))
            for b in result.bridges if c.number in b["clusters"])
        card = ClusterCard(
            number=c.number, name=name, terms=terms, members=tuple(rows),
            total_employees=sum(p.employees or 0 for p in members),
            sections=sections, divisions=divisions, interests=interests,
            common_interests=tuple(i.label for i in interests if i.count >= half),
            pairs=pair_rows, cohesion=c.cohesion, mean_score=round(mean_score, 3),
            stability=c.stability, uncertain=c.uncertain, bridges=bridges,
            hub=c.members[0] if c.members else None,
        )
        new_clusters.append(dataclasses.replace(c, name=name, card=card))
    return dataclasses.replace(result, clusters=tuple(new_clusters))


def card_to_dict(card: ClusterCard) -> dict:
    """JSON-ready dict of a card."""
    return dataclasses.asdict(card)
