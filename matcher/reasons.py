"""Reasons for a pair score, as sentences a company reads (Nynorsk, Bokmål, English).

The reason is written from the point of view of company *a* ("De treng
CNC-fresing — Kviteseid Mek. tilbyr CNC-fresing og sveising") and names the
words that actually matched. :func:`matched_terms` finds them: content tokens
of a need and an offer that are equal, or inflected/compound forms of each
other ("sagbruk"/"sagbruket", "trelast"/"trelasthandel"), or words of one concept
of the lexicon (:mod:`profiles.concepts`: "rekneskap"/"bokføring", "kjøt"/"spekepølse").
The words shown are always the companies' own.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from profiles.concepts import word_concepts
from profiles.model import INTEREST_LABELS
from profiles.text import canonical, normalise, raw_tokens, stop_words

_SURFACE = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)

TEMPLATES: dict[str, dict[str, str]] = {
    "nn": {
        "and": "og",
        "need_offer": "De treng {need} — {b} tilbyr {offer}.",
        "offer_need": "{b} treng {need}, som de tilbyr ({offer}).",
        "text_vague": "Det de treng, liknar det {b} tilbyr.",
        "industry": "Begge er i same bransje ({code}{title}).",
        "interests": "Begge er interesserte i {items}.",
        "same_place": "Begge held til i {place}.",
        "near": "Berre om lag {km} km mellom {m1} og {m2}.",
        "nothing": "Lite felles i tilbod, behov og interesser; eit møte kan likevel opne nye dører.",
    },
    "nb": {
        "and": "og",
        "need_offer": "Dere trenger {need} — {b} tilbyr {offer}.",
        "offer_need": "{b} trenger {need}, som dere tilbyr ({offer}).",
        "text_vague": "Det dere trenger, ligner det {b} tilbyr.",
        "industry": "Begge er i samme bransje ({code}{title}).",
        "interests": "Begge er interessert i {items}.",
        "same_place": "Begge holder til i {place}.",
        "near": "Bare rundt {km} km mellom {m1} og {m2}.",
        "nothing": "Lite felles i tilbud, behov og interesser; et møte kan likevel åpne nye dører.",
    },
    "en": {
        "and": "and",
        "need_offer": "You need {need} — {b} offers {offer}.",
        "offer_need": "{b} needs {need}, which you offer ({offer}).",
        "text_vague": "What you need resembles what {b} offers.",
        "industry": "Same industry {level} ({code}{title}).",
        "interests": "Both are interested in {items}.",
        "same_place": "Both are based in {place}.",
        "near": "Only about {km} km between {m1} and {m2}.",
        "nothing": "Little in common in offers, needs and interests; a meeting may still open doors.",
    },
}

LEVEL_NAMES_EN = {"subclass": "subclass", "class": "class", "group": "group",
                  "division": "division", "section": "section"}


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is nn, nb or en, else raise ValueError."""
    if lang not in TEMPLATES:
        raise ValueError(f"unknown language {lang!r}; expected nn, nb or en")
    return lang


def join_words(items: list[str], lang: str = "nn") -> str:
    """Join as prose: "a", "a og b", "a, b og c".

    Examples
    --------
    >>> join_words(["a", "b", "c"], "en")
    'a, b and c'
    """
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {TEMPLATES[lang]['and']} " + items[-1]


def surface_forms(text: str | None) -> dict[str, str]:
    """Map each normalised token of ``text`` to its first spelling in the text.

    A capitalised word that only starts a sentence is shown in lower case
    ("Sagbruk og trelast." -> "sagbruk"); acronyms and names inside a
    sentence keep their spelling.

    Examples
    --------
    >>> forms = surface_forms("Sagbruk og CNC-fresing. Vi brukar Microsoft 365.")
    >>> forms["sagbruk"], forms["cnc-fresing"], forms["microsoft"]
    ('sagbruk', 'CNC-fresing', 'Microsoft')
    """
    out: dict[str, str] = {}
    if not text:
        return out
    text = unicodedata.normalize("NFC", str(text))
    for m in _SURFACE.finditer(text):
        tok = m.group(0)
        before = text[:m.start()].rstrip()
        starts_sentence = not before or before[-1] in ".!?:;\n•-–—"
        if starts_sentence and tok[:1].isupper() and tok[1:2].islower():
            tok = tok[:1].lower() + tok[1:]
        key = normalise(tok)
        out.setdefault(key, tok if not tok.isupper() or len(tok) <= 5 else tok.lower())
        for part in re.split(r"[-']", tok):
            if part:
                out.setdefault(normalise(part), part)
    return out


def similar_tokens(a: str, b: str) -> bool:
    """Whether two normalised tokens are the same word in another form.

    Equal, one a prefix of the other (at least 4 letters: "sagbruk"/"sagbruket",
    "trelast"/"trelasthandel"), a long shared beginning ("fresing"/"fresa"), or a
    long shared ending of compounds ("trelast"/"skurlast" no; "maskinering"/
    "cnc-maskinering" yes).

    Examples
    --------
    >>> similar_tokens("sagbruk", "sagbruket"), similar_tokens("fresing", "fresa")
    (True, True)
    >>> similar_tokens("sag", "sagbruk"), similar_tokens("bygg", "rekneskap")
    (False, False)
    """
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) >= 4 and long_.startswith(short):
        return True
    n = 0
    for ca, cb in zip(a, b):
        if ca != cb:
            break
        n += 1
    if n >= 4 and n >= 0.6 * len(short):
        return True
    m = 0
    for ca, cb in zip(reversed(a), reversed(b)):
        if ca != cb:
            break
        m += 1
    return m >= 6 and m >= 0.8 * len(short)


def _content(text: str | None) -> list[str]:
    sw = stop_words()
    seen: list[str] = []
    for tok in raw_tokens(text):
        cands = [tok] + ([p for p in re.split(r"[-']", tok) if p] if "-" in tok else [])
        for c in cands:
            if c in sw or c.isdigit() or len(c) < 2 or c in seen:
                continue
            seen.append(c)
    return seen


@dataclass(frozen=True)
class TermMatch:
    """Matched words between one company's need and the other's offer.

    ``need_terms`` and ``offer_terms`` are spelled as in the texts.
    """

    need_terms: tuple[str, ...]
    offer_terms: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.need_terms)


def matched_terms(need_text: str | None, offer_text: str | None, limit: int = 4) -> TermMatch:
    """The words of ``need_text`` that meet words of ``offer_text``.

    Two words meet when they are forms of one word (:func:`similar_tokens`) or
    name one concept of the lexicon (:mod:`profiles.concepts`). Hyphenated
    compounds are shown whole when any part matched.

    Examples
    --------
    >>> m = matched_terms("Vi treng CNC-fresing", "Vi tilbyr CNC-fresing og sveising")
    >>> m.need_terms, m.offer_terms
    (('CNC-fresing',), ('CNC-fresing',))
    >>> matched_terms("trelast til sagbruket", "trelasthandel, sagbruk").offer_terms
    ('trelasthandel', 'sagbruk')
    >>> matched_terms("Treng hjelp med bokføring", "Rekneskap og lønn").offer_terms
    ('rekneskap', 'lønn')
    """
    need_tokens = _content(need_text)
    offer_tokens = _content(offer_text)
    need_hit: list[str] = []
    offer_hit: list[str] = []
    need_canon = [canonical(t) for t in need_tokens]
    offer_canon = [canonical(t) for t in offer_tokens]
    need_cc = [word_concepts(t) for t in need_canon]
    offer_cc = [word_concepts(t) for t in offer_canon]
    for nt, nc, ncc in zip(need_tokens, need_canon, need_cc):
        for ot, oc, occ in zip(offer_tokens, offer_canon, offer_cc):
            if similar_tokens(nc, oc) or (ncc & occ):
                if nt not in need_hit:
                    need_hit.append(nt)
                if ot not in offer_hit:
                    offer_hit.append(ot)
    need_hit = _distinct(_whole_compounds(need_hit, need_tokens))
    offer_hit = _distinct(_whole_compounds(offer_hit, offer_tokens))
    ns, os_ = surface_forms(need_text), surface_forms(offer_text)
    return TermMatch(tuple(ns.get(t, t) for t in need_hit[:limit]),
                     tuple(os_.get(t, t) for t in offer_hit[:limit]))


def _distinct(terms: list[str]) -> list[str]:
    """Keep one form of each word: "sagbruket, sagbruk" -> "sagbruket"."""
    out: list[str] = []
    for t in terms:
        if not any(similar_tokens(t, o) for o in out):
            out.append(t)
    return out


def _whole_compounds(hits: list[str], tokens: list[str]) -> list[str]:
    """Replace parts by their hyphenated compound and drop duplicates, in text order."""
    compounds = {t for t in tokens
                 if "-" in t and (t in hits or any(p in hits for p in t.split("-")))}
    covered = {p for c in compounds for p in c.split("-")}
    return [t for t in tokens if t in compounds or (t in hits and t not in covered)]


def reason_sentences(lang: str, b_name: str, forward: TermMatch, backward: TermMatch,
                     components: dict[str, float], weights: dict[str, float],
                     industry: tuple[str | None, str | None, str] | None,
                     interests: tuple[str, ...], places: tuple[str | None, str | None],
                     km: float | None, max_sentences: int = 2) -> str:
    """Compose the reason: the strongest one or two grounds, in ``lang``.

    ``forward`` is a's need met by b's offer, ``backward`` b's need met by a's
    offer; ``industry`` is (level, shared code, title) or None.
    """
    t = TEMPLATES[check_lang(lang)]
    cands: list[tuple[float, str]] = []
    wc = weights.get("complementarity", 0.0)
    x, y = components.get("a_needs_b_offers", 0.0), components.get("b_needs_a_offers", 0.0)
    if wc > 0 and forward:
        cands.append((wc * x + 1.0, t["need_offer"].format(
            need=join_words(list(forward.need_terms), lang), b=b_name,
            offer=join_words(list(forward.offer_terms), lang))))
    if wc > 0 and backward:
        cands.append((wc * y + 1.0, t["offer_need"].format(
            need=join_words(list(backward.need_terms), lang), b=b_name,
            offer=join_words(list(backward.offer_terms), lang))))
    if wc > 0 and not forward and not backward and max(x, y) >= 0.15:
        cands.append((wc * max(x, y), t["text_vague"].format(b=b_name)))
    if industry is not None and weights.get("industry", 0.0) > 0:
        level, code, title = industry
        cands.append((weights["industry"] * components.get("industry", 0.0) + 0.05,
                      t["industry"].format(level=LEVEL_NAMES_EN.get(level or "", ""),
                                           code=code or "",
                                           title=f" {title}" if title else "")))
    if interests and weights.get("interests", 0.0) > 0:
        labels = [INTEREST_LABELS[lang].get(k, k) for k in interests]
        cands.append((weights["interests"] * components.get("interests", 0.0) + 0.05,
                      t["interests"].format(items=join_words(labels, lang))))
    m1, m2 = places
    if weights.get("proximity", 0.0) > 0 and m1 and m2:
        if normalise(m1) == normalise(m2):
            cands.append((weights["proximity"] * 1.0, t["same_place"].format(place=m1)))
        elif km is not None and km <= 40:
            cands.append((weights["proximity"] * components.get("proximity", 0.0),
                          t["near"].format(km=int(round(km)), m1=m1, m2=m2)))
    if not cands:
        return t["nothing"]
    cands.sort(key=lambda c: -c[0])
    return " ".join(s for _, s in cands[:max_sentences])
