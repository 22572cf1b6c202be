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
lexicon with a CSV file of the same columns, named by the environment variable
``SPEEDDATE_CONCEPTS`` or by ``[concepts] file = "my_concepts.csv"`` in the
project config file ``speeddate.toml``: its rows are merged into the shipped
ones (a known concept gets the extra terms). The lexicon is read once per process.
"""

from __future__ import annotations

import csv
import functools
import io
import os
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from profiles.errors import SpeeddateError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib
from profiles.text import canonical, normalise, raw_tokens

#: Endings of inflected forms (nouns, verbs, participles) tried when looking a word up.
INFLECTIONS: tuple[str, ...] = ("", "e", "a", "n", "r", "t", "s", "en", "et", "er", "ar", "a",
                                "ne", "na", "te", "ta", "de", "ane", "ene", "ane", "ede", "ast",
                                "est", "ing", "inga", "ingar", "ingen", "inger", "ar", "ene")
_INFL = tuple(sorted(set(INFLECTIONS), key=len, reverse=True))
#: Endings allowed after words of up to 3 letters (noun inflection only: "taket",
#: "bada"; not "jam" + "ne" = "jamne").
SHORT_INFLECTIONS: frozenset[str] = frozenset({"", "e", "a", "en", "et", "er", "ar", "ane",
                                               "ene"})
#: Shortest first part of a compound that counts (``rekneskap|s|førar``).
MIN_PREFIX = 5
#: Shortest last part of a compound that counts (``lamme|kjøt``).
MIN_SUFFIX = 4
#: Shortest rest of a compound besides the matched part.
MIN_REST = 3
#: Prefix of concept features in the vectoriser (never a word of a text).
FEATURE_PREFIX = "§"
#: Whether each concept also adds its trade as a feature (two words of one trade,
#: e.g. meat and dairy, meet weakly; a common trade counts less through its IDF).
TRADE_FEATURES = True
#: Environment variable naming an extra lexicon CSV merged into the shipped one.
ENV_VAR = "SPEEDDATE_CONCEPTS"
#: Project config file and its key naming an extra lexicon (``[concepts] file = "..."``).
CONFIG_FILE = "speeddate.toml"


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


def merge_lexicons(a: Lexicon, b: Lexicon) -> Lexicon:
    """Union of two lexicons: a concept in both gets the terms of both.

    Examples
    --------
    >>> a = parse_lexicon("concept,trade,terms\\nmeat,food,kjøt\\n")
    >>> b = parse_lexicon("concept,trade,terms\\nmeat,food,=rein\\nfish,food,aure\\n")
    >>> m = merge_lexicons(a, b)
    >>> m.concepts, sorted(m.words)
    (('meat', 'fish'), ['aure', 'kjøtt', 'rein'])
    """
    words = {w: set(c) for w, c in a.words.items()}
    for w, c in b.words.items():
        words.setdefault(w, set()).update(c)
    phrases = {p: set(c) for p, c in a.phrases.items()}
    for p, c in b.phrases.items():
        phrases.setdefault(p, set()).update(c)
    trades = dict(a.trades)
    for c, t in b.trades.items():
        trades[c] = trades.get(c) or t
    concepts = a.concepts + tuple(c for c in b.concepts if c not in a.trades)
    return Lexicon(concepts=concepts, trades=trades,
                   words={w: frozenset(c) for w, c in words.items()},
                   whole_only=(a.whole_only - set(b.words)) | b.whole_only,
                   phrases={p: frozenset(c) for p, c in phrases.items()})


def extra_lexicon_path() -> Path | None:
    """The organiser's extra lexicon: ``$SPEEDDATE_CONCEPTS``, else ``[concepts] file`` of
    ``speeddate.toml`` in the working directory (relative to it), else None."""
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return Path(env)
    cfg = Path(CONFIG_FILE)
    if not cfg.is_file():
        return None
    try:
        data = tomllib.loads(cfg.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise LexiconError(f"{cfg}: cannot read the [concepts] table ({exc})") from None
    file = (data.get("concepts") or {}).get("file") if isinstance(data.get("concepts"), dict) \
        else None
    if file is None:
        return None
    if not isinstance(file, str) or not file.strip():
        raise LexiconError(f"{cfg}: [concepts] file must be a path to a CSV file, got {file!r}")
    return (cfg.parent / file).resolve()


@functools.lru_cache(maxsize=1)
def _shipped() -> Lexicon:
    """The active lexicon: the shipped CSV plus the organiser's extra file, read once."""
    text = resources.files("profiles.data").joinpath("concepts.csv").read_text(encoding="utf-8")
    lex = parse_lexicon(text, "profiles/data/concepts.csv")
    extra = extra_lexicon_path()
    if extra is not None:
        lex = merge_lexicons(lex, load_lexicon(extra))
    return lex


def active_lexicon() -> Lexicon:
    """The lexicon the vectoriser and the reasons use (shipped + extra file), cached."""
    return _shipped()


def _lookup(lex: Lexicon, word: str, allow_whole_only: bool = True,
            min_len: int = 2) -> frozenset[str] | None:
    """Concepts of ``word`` or of its stem without an inflection ending, else None."""
    for infl in _INFL:
        if infl and not word.endswith(infl):
            continue
        stem = word[:len(word) - len(infl)] if infl else word
        if len(stem) < min_len or (len(stem) <= 3 and infl not in SHORT_INFLECTIONS):
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
    '§accounting §meat §§accounting §§food'
    >>> concept_text("")
    ''
    """
    if not content:
        return ""
    got = concepts_of_words(content.split())
    out = [FEATURE_PREFIX + c for c in got]
    if TRADE_FEATURES:
        trades = _shipped().trades
        out += [FEATURE_PREFIX * 2 + trades[c] for c in got if trades.get(c)]
    return " ".join(out)


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
