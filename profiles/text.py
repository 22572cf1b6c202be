"""Norwegian-aware text normalisation: stop words (Nynorsk, Bokmål, English) and tokens.

Offers and needs are short free texts, mostly in Nynorsk, some in Bokmål or
English. Before vectorising, texts are lower-cased (æ, ø, å kept), split into
word tokens and cleared of stop words, so that two texts sharing only words
like "og", "berre", "frå" or "the" do not look alike.

The Norwegian list of the ``stop-words`` package (one mixed list) lacks many
common Nynorsk forms; :data:`NYNORSK_EXTRA` supplements it. :data:`DOMAIN_STOP_WORDS`
holds words every offer or need text uses ("treng", "tilbyr", "looking") and that
carry no information about *what* is offered or needed.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from stop_words import get_stop_words

#: Common Nynorsk (and some Bokmål) function words missing from the package list.
NYNORSK_EXTRA: frozenset[str] = frozenset("""
    berre frå fra òg og meir mer difor derfor vert verte vart vorte ikkje ikke eit ein eitt
    kva korleis kvifor kven kvar dei deira deim me vi ho han mykje mye nokre noko nokon
    sjølv sjøl selv då no nå òg eller men som til med for på av i om ut inn opp ned
    hjå hos mellom gjennom under over etter utan uten ved mot sidan sia medan mens
    vere vera være er var har hadde ha kan kunne skal skulle vil ville må måtte bør
    blir bli ble blitt vore vært gjer gjør gjere gjøre får få fekk fikk
    dette desse disse denne den det der her slik sånn så også au andre anna annan
    alle alt all heile hele kvart kvar kvarandre hverandre kvarannan
    oss dykk dykkar dere deres våre vårt vår min mi mitt mine sin si sitt sine
    seg meg deg dei dem de eg jeg du
    ny nye nytt god gode godt stor store stort mange fleire flere mest mykje lite litt liten lita små
    blant anna bl.a osb osv mv m.m etc
    heller enn som dersom viss hvis fordi at når kor hvor
    as asa ans da sa ba
""".split())

#: Words every offer/need text uses without saying *what* is offered or needed.
DOMAIN_STOP_WORDS: frozenset[str] = frozenset("""
    treng trenge trenger trengs behov behovet ønskjer ønsker ønske søkjer søker søke
    ser sjå se leitar leter tilbyr tilby tilbod tilbud leverer levere kan gjer
    hjelp hjelpe bistand samarbeid samarbeide samarbeidspartnar samarbeidspartner partnar partner
    firma bedrift bedrifter verksemd verksemda verksemder selskap selskapet kunde kundar kunder
    oppdrag teneste tenester tjeneste tjenester løysing løysingar løsning løsninger
    need needs needed want wants seek seeking looking offer offers offering provide provides
    help company companies service services partner partners solution solutions
    lage laga lagar lagast kome komme bruke brukar bruker nytte nyttar ta tek tar gå går
    gjerne meir mer fleire flere faste fast betre bedre saman sammen andre
    region regionen regional lokal lokale lokalt lokalsamfunnet område området distriktet
    sel selje seljer selge selger sell sells kjøper kjøpe kjøpar buy buys direkte
    produkt produkta produkter produkt utvikle utviklar utvikler arbeid arbeidet jobb jobbar
    jobber oppgåver oppgaver kapasitet ledig
    telemark vest-telemark vestlandet fyresdal kviteseid nissedal seljord tokke vinje
    rauland dalen åmot treungen kyrkjebø vrådal morgedal høydalsmo edland
""".split())

#: English words the general list treats as stop words but which carry meaning here.
_ENGLISH_KEEP = frozenset({"system", "fire", "bill", "computer", "find", "interest", "mill",
                           "found", "call", "move", "side", "part", "parts", "top", "back",
                           "front", "full", "detail", "cry", "con"})

#: Nynorsk spellings and their Bokmål forms, replaced inside words (compounds
#: too: "rekneskapsførar" -> "regnskapsførar"), so the two written standards meet.
NN_NB_STEMS: dict[str, str] = {
    "rekneskap": "regnskap", "røyr": "rør", "reinhald": "renhold", "reinhold": "renhold",
    "køyr": "kjør", "utleige": "utleie", "leige": "leie", "teneste": "tjeneste",
    "tenest": "tjenest", "verkstad": "verksted", "avlaup": "avløp", "golv": "gulv",
    "vindauge": "vindu", "vindaug": "vindu", "bustad": "bolig", "verksemd": "virksomhet",
    "løysing": "løsning", "høgsesong": "høysesong", "eigedom": "eiendom", "eigar": "eier",
    "skule": "skole", "sjukeheim": "sykehjem", "arbeidsgjevar": "arbeidsgiver",
    "rådgjev": "rådgiv", "tilbod": "tilbud", "anbod": "anbud", "straum": "strøm",
    "grønsak": "grønnsak", "mjølk": "melk", "kjøt": "kjøtt", "kjøtt": "kjøtt",
    "brøyt": "brøyt", "røynsle": "erfaring", "kvit": "hvit", "heimeside": "hjemmeside",
    "heimesid": "hjemmesid", "nettstad": "nettsted", "sal": "salg",
}
_NN_NB = re.compile("|".join(sorted(map(re.escape, NN_NB_STEMS), key=len, reverse=True)))
_NN_NB_WHOLE_ONLY = frozenset({"sal", "kvit"})

#: Common English business words and a Norwegian (Bokmål) form, for whole words, so
#: an English profile meets Norwegian ones ("bookkeeping" ~ "rekneskap").
EN_NB: dict[str, str] = {
    "accounting": "regnskap", "bookkeeping": "regnskap", "accountant": "regnskapsfører",
    "accounts": "regnskap", "audit": "revisjon", "auditing": "revisjon", "payroll": "lønn",
    "welding": "sveising", "welder": "sveiser", "accommodation": "overnatting",
    "lodging": "overnatting", "cabin": "hytte", "cabins": "hytter", "timber": "trelast",
    "lumber": "trelast", "sawmill": "sagbruk", "sawmills": "sagbruk", "cleaning": "renhold",
    "electrician": "elektriker", "electricians": "elektrikere", "plumber": "rørlegger",
    "plumbing": "rørlegging", "marketing": "markedsføring", "website": "nettside",
    "websites": "nettsider", "course": "kurs", "courses": "kurs", "training": "opplæring",
    "firewood": "ved", "repair": "reparasjon", "repairs": "reparasjon",
    "maintenance": "vedlikehold", "heating": "oppvarming", "canoe": "kano", "canoes": "kano",
    "fishing": "fiske", "packaging": "emballasje", "printing": "trykk",
    "insurance": "forsikring", "loan": "lån", "loans": "lån", "rental": "utleie",
    "office": "kontor", "offices": "kontor", "warehouse": "lager", "staffing": "bemanning",
    "recruitment": "rekruttering", "recruiting": "rekruttering", "carpenter": "tømrer",
    "carpentry": "tømrer", "roofing": "tak", "windows": "vinduer", "doors": "dører",
    "meat": "kjøtt", "cheese": "ost", "berries": "bær", "beer": "øl", "honey": "honning",
    "bread": "brød", "bakery": "bakeri", "hotel": "hotell", "hotels": "hotell",
    "conference": "konferanse", "conferences": "konferanser", "snow": "snø",
    "ploughing": "brøyting", "plowing": "brøyting", "excavation": "graving",
    "gravel": "grus", "electricity": "strøm", "solar": "solcelle", "energy": "energi",
    "hydropower": "vannkraft", "software": "programvare", "transport": "transport",
    "transportation": "transport", "freight": "frakt", "haulage": "frakt",
    "machining": "maskinering", "milling": "fresing", "turning": "dreiing",
    "steel": "stål", "wood": "tre", "forestry": "skogbruk", "logging": "hogst",
    "food": "mat", "catering": "catering", "tourism": "reiseliv", "tourists": "turister",
    "guests": "gjester", "tax": "skatt", "vat": "mva", "booking": "booking",
    "tender": "anbud", "tenders": "anbud", "procurement": "innkjøp", "purchasing": "innkjøp",
}

_IT = re.compile(r"(?<![^\W_])IT(?![^\W_])")
_PLAIN = re.compile(r"[\x00-\x7fæøå]*")
_TOKEN = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)


@functools.lru_cache(maxsize=None)
def stop_words(langs: tuple[str, ...] | frozenset[str] = ("nn", "nb", "en"),
               domain: bool = True) -> frozenset[str]:
    """Stop words for the given languages, lower-case.

    Parameters
    ----------
    langs : tuple of {"nn", "nb", "en"}
        Languages to include. Nynorsk and Bokmål share the package's one
        Norwegian list, supplemented with :data:`NYNORSK_EXTRA`.
    domain : bool
        Also include :data:`DOMAIN_STOP_WORDS` (words every offer/need uses).

    Examples
    --------
    >>> sw = stop_words()
    >>> {"berre", "frå", "òg", "ikkje", "the"} <= sw
    True
    >>> "sagbruk" in sw
    False
    """
    words: set[str] = set()
    langs = tuple(langs)
    unknown = set(langs) - {"nn", "nb", "en"}
    if unknown:
        raise ValueError(f"unknown language(s) {sorted(unknown)}; expected nn, nb or en")
    if "nn" in langs or "nb" in langs:
        words |= {normalise(w) for w in get_stop_words("norwegian")}
        words |= NYNORSK_EXTRA
    if "en" in langs:
        words |= set(ENGLISH_STOP_WORDS) - _ENGLISH_KEEP
    if domain:
        words |= {w for w in DOMAIN_STOP_WORDS}
    return frozenset(words)


def normalise(text: str | None) -> str:
    """Lower-case, Unicode-normalised text; ``None`` becomes ``""``.

    Composed characters are kept (æ, ø, å), other accents are dropped
    (``"òg"`` -> ``"og"``, ``"café"`` -> ``"cafe"``) so spellings with and
    without accents meet.

    Examples
    --------
    >>> normalise("  Òg SAGBRUKET  Café ")
    'og sagbruket cafe'
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFC", str(text)).lower()
    if _PLAIN.fullmatch(text):  # fast path: nothing to strip
        return " ".join(text.split())
    out = []
    for ch in text:
        if ch in "æøå":
            out.append(ch)
            continue
        decomposed = unicodedata.normalize("NFD", ch)
        out.append("".join(c for c in decomposed if not unicodedata.combining(c)))
    return " ".join("".join(out).split())


def raw_tokens(text: str | None) -> list[str]:
    """Word tokens of ``text`` (normalised), stop words kept.

    Hyphenated compounds stay one token ("cnc-fresing").

    Examples
    --------
    >>> raw_tokens("Vi treng CNC-fresing, og sveising!")
    ['vi', 'treng', 'cnc-fresing', 'og', 'sveising']
    """
    return _TOKEN.findall(normalise(text))


def canonical(token: str) -> str:
    """One spelling for Nynorsk/Bokmål variants and common English business words.

    Examples
    --------
    >>> canonical("rekneskapsførar"), canonical("røyrleggjar"), canonical("bookkeeping")
    ('regnskapsførar', 'rørleggjar', 'regnskap')
    >>> canonical("salg"), canonical("sal"), canonical("sveising")
    ('salg', 'salg', 'sveising')
    """
    if token in EN_NB:
        return EN_NB[token]

    def sub(m: re.Match) -> str:
        word = m.group(0)
        if word in _NN_NB_WHOLE_ONLY and (m.start() > 0 or m.end() < len(token)):
            return word
        return NN_NB_STEMS[word]

    return _NN_NB.sub(sub, token)


def tokenize(text: str | None, langs: tuple[str, ...] = ("nn", "nb", "en")) -> list[str]:
    """Content tokens of ``text``: normalised words without stop words or bare numbers.

    Hyphenated compounds are kept whole and also split into their parts,
    so "CNC-fresing" meets both "CNC-fresing" and "fresing".

    Examples
    --------
    >>> tokenize("Vi treng berre CNC-fresing frå ein leverandør")
    ['cnc-fresing', 'cnc', 'fresing', 'leverandør']
    >>> tokenize("og berre frå the")
    []
    >>> tokenize("IT-drift")[0]
    'informasjonsteknologi-drift'
    """
    sw = stop_words(tuple(langs))
    out: list[str] = []
    if text and "IT" in text:  # the acronym, not the English pronoun "it"
        text = _IT.sub("informasjonsteknologi", str(text))
    for tok in raw_tokens(text):
        if tok in sw or tok.isdigit() or len(tok) < 2:
            continue
        out.append(tok)
        if "-" in tok or "'" in tok:
            out.extend(p for p in re.split(r"[-']", tok)
                       if p and p not in sw and not p.isdigit() and len(p) >= 2)
    return out


@functools.lru_cache(maxsize=1 << 16)
def content_text(text: str | None, langs: tuple[str, ...] = ("nn", "nb", "en")) -> str:
    """``text`` reduced to its content tokens in :func:`canonical` spelling, joined by
    spaces (the input of the vectoriser).

    Examples
    --------
    >>> content_text("Vi leverer òg trelast til sagbruket")
    'trelast sagbruket'
    >>> content_text("Treng rekneskapsførar")
    'regnskapsførar'
    """
    return " ".join(canonical(t) for t in tokenize(text, langs))

