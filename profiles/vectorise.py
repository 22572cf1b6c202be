"""TF-IDF vectors of what companies offer and what they need, in one shared space.

Offers and needs of all profiles are vectorised with one vocabulary, so that
``needs[a] · offers[b]`` (cosine, rows are L2-normalised) says how well what
``b`` offers answers what ``a`` needs. Each vector joins two parts:

* word TF-IDF of the content tokens (:func:`profiles.text.tokenize`: stop words
  of Nynorsk, Bokmål and English removed), and
* character n-gram TF-IDF (``char_wb``, 4-5 characters within words) of the
  same tokens, so inflected and compound forms meet: "sagbruk" / "sagbruket",
  "trelast" / "trelasthandel", "fresing" / "CNC-fresing".

The cosine of two joined vectors is ``word_weight * cos_word + (1 - word_weight)
* cos_char``. Empty texts give zero vectors (cosine 0, never NaN).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from profiles.model import Profile
from profiles.text import content_text

#: Share of the word part in the joined cosine (the rest is character n-grams).
WORD_WEIGHT = 0.5
#: Character n-gram lengths (within word boundaries).
CHAR_NGRAMS = (4, 5)


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

    def __len__(self) -> int:
        return self.offers.shape[0]


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
              char_ngrams: tuple[int, int] = CHAR_NGRAMS) -> TextVectors:
    """Vectorise the offers and needs of ``profiles`` in one shared TF-IDF space.

    Parameters
    ----------
    profiles : sequence of Profile
    word_weight : float
        Share of word TF-IDF in the cosine (0..1); the rest is character n-grams.
    char_ngrams : (int, int)
        Range of character n-gram lengths.

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
    offer_texts = tuple(content_text(p.offers) for p in profiles)
    need_texts = tuple(content_text(p.needs) for p in profiles)
    n = len(profiles)
    corpus = list(offer_texts) + list(need_texts)
    parts = []
    word = _fit_part(corpus, analyzer=str.split)
    char = _fit_part(corpus, analyzer="char_wb", ngram_range=tuple(char_ngrams))
    for vec, w in ((word, word_weight), (char, 1.0 - word_weight)):
        if vec is None or w <= 0:
            continue
        m = normalize(vec.transform(corpus), norm="l2", copy=False)
        parts.append(m * np.float32(np.sqrt(w)))
    if parts:
        both = sp.hstack(parts, format="csr", dtype=np.float32)
        # rows where one part is empty must still have norm <= 1; re-normalise
        both = normalize(both, norm="l2", copy=False).astype(np.float32)
    else:
        both = sp.csr_matrix((2 * n, 0), dtype=np.float32)
    offers = both[:n].tocsr()
    needs = both[n:].tocsr()
    return TextVectors(offers=offers, needs=needs, offer_texts=offer_texts,
                       need_texts=need_texts)
