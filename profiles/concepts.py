"""Business concept lexicon: words for the same need or offer across Nynorsk, Bokmål and English.

Character n-grams make "sagbruk" meet "sagbruket", but not "rekneskap" meet
"bokføring" or "kjøt" meet "spekepølse": synonyms that share no stem. The
shipped lexicon ``profiles/data/concepts.csv`` (written from knowledge of the
trades of a rural Norwegian business network, not from any benchmark) groups
such words into *concepts*: ``accounting`` = rekneskap | regnskap | bokføring |
lønn | årsoppgjer | accounting | ..., ``meat`` = kjøt | kjøtt | spekemat | pølse
| meat | .... :mod:`profiles.vectorise` adds each text's concepts as an extra
feature channel, and :mod:`matcher.reasons` counts two words of one concept as
a match (the words shown are still the companies' own).

A term matches a word (both in :func:`profiles.text.canonical` spelling) when

* the word is the term or an inflected form of it (``sagbruk`` / ``sagbruket``),
  looked up first: a word listed in the lexicon gets only its own concepts;
* else the term is the last part of a compound, 4+ letters, with an inflection
  (``lammekjøt``, ``vindaugsvasken``), or the first part, 5+ letters
  (``rekneskapsførar``).

A term written ``=term`` matches the whole word (with inflections) only.
Multi-word terms match consecutive content words. An organiser can extend the
lexicon by editing the CSV or by passing another file to :func:`load_lexicon`.
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from profiles.errors import SpeeddateError
from profiles.text import canonical, normalise, raw_tokens

#: Endings of inflected forms (nouns, verbs, participles) tried when looking a word up.
INFLECTIONS: tuple[str, ...] = ("", "e", "a", "n", "r", "t", "s", "en", "et", "er", "ar", "a",
                                "ne", "na", "te", "ta", "de", "ane", "ene", "ane", "ede", "ast",
                                "est", "ing", "inga", "ingar", "ingen", "inger", "ar", "ene")
_INFL = tuple(sorted(set(INFLECTIONS), key=len, reverse=True))
#: Shortest first part of a compound that counts (``rekneskap|s|førar``).
MIN_PREFIX = 5
#: Shortest last part of a compound that counts (``lamme|kjøt``).
MIN_SUFFIX = 4
#: Shortest rest of a compound besides the matched part.
MIN_REST = 3
#: Prefix of concept features in the vectoriser (never a word of a text).
FEATURE_PREFIX = "§"


class LexiconError(SpeeddateError, ValueError):
    """The concept lexicon file cannot be read; the message says where and why."""


@dataclass(frozen=True)
class Lexicon:
    """Concepts and the (canonical) terms that name them.

    Attributes
    ----------
    concepts : tuple of str
        Concept keys in file order.
    trades : dict
        Concept -> trade (for readers and documentation).
    words : dict
        Single canonical word -> concepts it names.
    whole_only : frozenset
        Words that match only as whole words (``=term``).
    phrases : dict
        Tuple of canonical words -> concepts (multi-word terms).
    """

    concepts: tuple[str, ...]
    trades: dict[str, str]
    words: dict[str, frozenset[str]]
    whole_only: frozenset[str]
    phrases: dict[tuple[str, ...], frozenset[str]]

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other: object) -> bool:
        return self is other


def _canon_words(term: str) -> tuple[str, ...]:
    return tuple(canonical(t) for t in raw_tokens(term))


def parse_lexicon(text: str, source: str = "concepts.csv") -> Lexicon:
    """Build a :class:`Lexicon` from CSV text (``concept,trade,terms``, terms split by ``|``).

    Examples
    --------
    >>> lex = parse_lexicon("concept,trade,terms\\nmeat,food,kjøt|spekepølse|=lam\\n")
    >>> sorted(lex.words)
    ['kjøtt', 'lam', 'spekepølse']
    >>> "lam" in lex.whole_only
    True
    """
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    need = {"concept", "trade", "terms"}
    if reader.fieldnames is None or not need <= set(reader.fieldnames):
        raise LexiconError(f"{source}: expected the columns concept, trade, terms; "
                           f"found {reader.fieldnames or 'nothing'}")
    concepts: list[str] = []
    trades: dict[str, str] = {}
    words: dict[str, set[str]] = {}
    phrases: dict[tuple[str, ...], set[str]] = {}
    whole: set[str] = set()
    for lineno, row in enumerate(reader, start=2):
        concept = (row.get("concept") or "").strip()
        if not concept:
            raise LexiconError(f"{source}, row {lineno}: the concept is empty")
        if concept in trades:
            raise LexiconError(f"{source}, row {lineno}: concept {concept!r} appears twice")
        terms = [t.strip() for t in (row.get("terms") or "").split("|") if t.strip()]
        if not terms:
            raise LexiconError(f"{source}, row {lineno}: concept {concept!r} has no terms")
        concepts.append(concept)
        trades[concept] = (row.get("trade") or "").strip()
        for term in terms:
            exact = term.startswith("=")
            toks = _canon_words(term.lstrip("="))
            if not toks:
                continue
            if len(toks) == 1:
                words.setdefault(toks[0], set()).add(concept)
                if exact:
                    whole.add(toks[0])
            else:
                phrases.setdefault(toks, set()).add(concept)
    return Lexicon(concepts=tuple(concepts), trades=trades,
                   words={w: frozenset(c) for w, c in words.items()},
                   whole_only=frozenset(whole),
                   phrases={p: frozenset(c) for p, c in phrases.items()})


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """The lexicon in ``path``, or the shipped one (read once, cached).

    Raises
    ------
    LexiconError
        The file is missing or malformed.
    """
    if path is None:
        return _shipped()
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise LexiconError(f"cannot read the concept lexicon {path}: {exc.strerror}") from None
    return parse_lexicon(text, str(path))


@functools.lru_cache(maxsize=1)
def _shipped() -> Lexicon:
    text = resources.files("profiles.data").joinpath("concepts.csv").read_text(encoding="utf-8")
    return parse_lexicon(text, "profiles/data/concepts.csv")


def _lookup(lex: Lexicon, word: str, allow_whole_only: bool = True,
            min_len: int = 2) -> frozenset[str] | None:
    """Concepts of ``word`` or of its stem without an inflection ending, else None."""
    for infl in _INFL:
        if infl and not word.endswith(infl):
            continue
        stem = word[:len(word) - len(infl)] if infl else word
        if len(stem) < min_len:
            continue
        got = lex.words.get(stem)
        if got is not None and (allow_whole_only or stem not in lex.whole_only):
            return got
    return None


def word_concepts(word: str, lexicon: Lexicon | None = None) -> frozenset[str]:
    """Concepts named by one canonical word (see the module docstring for the rules).

    Examples
    --------
    >>> sorted(word_concepts("spekepølsene"))
    ['meat']
    >>> sorted(word_concepts("lammekjøtt")), sorted(word_concepts("regnskapsførar"))
    (['meat'], ['accounting'])
    >>> word_concepts("og")
    frozenset()
    """
    lex = lexicon or _shipped()
    if lex is _shipped():
        return _word_concepts_shipped(word)
    return _word_concepts(lex, word)


@functools.lru_cache(maxsize=1 << 17)
def _word_concepts_shipped(word: str) -> frozenset[str]:
    return _word_concepts(_shipped(), word)


def _word_concepts(lex: Lexicon, word: str) -> frozenset[str]:
    got = _lookup(lex, word)
    if got is not None:
        return got
    out: set[str] = set()
    n = len(word)
    # last part of a compound (the head: "lamme|kjøt", "vindaugs|vask")
    for i in range(MIN_REST, n - MIN_SUFFIX + 1):
        part = word[i:]
        if part[0] in "-'":
            continue
        hit = _lookup(lex, part, allow_whole_only=False, min_len=MIN_SUFFIX)
        if hit is not None:
            out |= hit
            break
    # first part of a compound ("rekneskap|s|førar")
    for j in range(n - MIN_REST, MIN_PREFIX - 1, -1):
        stem = word[:j]
        hit = lex.words.get(stem)
        if hit is not None and stem not in lex.whole_only:
            out |= hit
            break
    return frozenset(out)


def concepts_of_words(words: list[str] | tuple[str, ...],
                      lexicon: Lexicon | None = None) -> list[str]:
    """Concepts of a sequence of canonical content words, in order, with repeats.

    Multi-word terms match consecutive words.

    Examples
    --------
    >>> concepts_of_words(["bokføring", "sosiale", "medier"])
    ['accounting', 'social_media']
    """
    lex = lexicon or _shipped()
    out: list[str] = []
    for w in words:
        out.extend(sorted(word_concepts(w, lex)))
    if lex.phrases:
        for length in {len(p) for p in lex.phrases}:
            for i in range(len(words) - length + 1):
                got = lex.phrases.get(tuple(words[i:i + length]))
                if got:
                    out.extend(sorted(got))
    return out


@functools.lru_cache(maxsize=1 << 16)
def concept_text(content: str) -> str:
    """Concept features of a content text (:func:`profiles.text.content_text`), space-joined.

    Examples
    --------
    >>> concept_text("regnskap spekepølser")
    '§accounting §meat'
    >>> concept_text("")
    ''
    """
    if not content:
        return ""
    return " ".join(FEATURE_PREFIX + c for c in concepts_of_words(content.split()))


def shared_concepts(a: str, b: str, lexicon: Lexicon | None = None) -> frozenset[str]:
    """Concepts two words (any spelling) have in common.

    Examples
    --------
    >>> sorted(shared_concepts("Rekneskap", "bokføring"))
    ['accounting']
    >>> shared_concepts("sveising", "rekneskap")
    frozenset()
    """
    ca, cb = canonical(normalise(a)), canonical(normalise(b))
    return word_concepts(ca, lexicon) & word_concepts(cb, lexicon)
