"""Seedable synthetic company profiles with planted partners and planted clusters.

Separate from the bundled sample: these profiles exist to measure speeddate.
:func:`generate_profiles` plants true partner pairs: company *a* needs a
service that company *b* offers, with the need phrased differently from the
offer (another inflection or compound, Nynorsk or Bokmål: "treng nokon som kan
frese aluminiumsdelar" / "CNC-fresing av aluminium"). Distractors are
companies that *need* the same thing (they look alike to a plain text cosine
but cannot help), competitors offering the same service on another object,
and companies of the same industry. :func:`generate_clustered_profiles` plants
groups of companies that trade within a shared theme (for cluster detection).

Examples
--------
>>> s = generate_profiles(20, seed=1)
>>> len(s.profiles), len(s.pairs) > 0
(20, True)
>>> generate_profiles(20, seed=1) == s
True
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from profiles.model import INTERESTS, MUNICIPALITIES, Profile

# Each service: (supplier's SN2007 code, offer templates, need templates, objects).
# Templates use {o} for the object's offer form and {n} for its need form;
# "nn:" / "nb:" prefixes mark the language of a template.
SERVICES: tuple[tuple[str, tuple[str, ...], tuple[str, ...], tuple[tuple[str, str], ...]], ...] = (
    ("25.620",
     ("nn:CNC-fresing av {o}", "nb:CNC-fresing og maskinering av {o}", "nn:fresing av {o} i små seriar"),
     ("nn:treng nokon som kan frese {n}", "nb:trenger fresede {n}", "nn:ser etter leverandør av fresa {n}"),
     (("aluminium", "aluminiumsdelar"), ("rustfritt stål", "rustfrie komponentar"),
      ("messing", "messingdelar"), ("plast", "plastdetaljar"), ("verktøystål", "verktøy"), ("titan", "titandelar"), ("prototypar", "prototype"), ("reservedelar", "reservedelen"))),
    ("25.110",
     ("nn:sveising av {o}", "nb:sveisearbeid i {o}", "nn:sertifisert sveising, {o}"),
     ("nn:treng sveisa {n}", "nb:trenger sveiser til {n}", "nn:ønskjer sveisar for {n}"),
     (("stålkonstruksjonar", "stålkonstruksjonane"), ("rekkverk", "rekkverka"),
      ("tilhengarar", "tilhengaren"), ("trapper", "trappene"), ("bruer", "gangbrua"), ("containerar", "containeren"), ("siloar", "siloen"), ("stolpar", "lysstolpane"))),
    ("16.100",
     ("nn:sagbruk med skur av {o}", "nb:sagbruk, skjæring av {o}", "nn:sagbruket leverer {o}"),
     ("nn:treng skoren {n}", "nb:trenger {n} fra sagbruk", "nn:kjøper {n} frå sagbruket"),
     (("gran", "granplank"), ("furu", "furuplank"), ("kledning", "kledningsbord"),
      ("konstruksjonsvirke", "konstruksjonsvirket"), ("lerk", "lerkekledning"), ("panel", "innvendig panel"), ("limtre", "limtrebjelkar"), ("terrassebord", "terrassebord i furu"))),
    ("46.730",
     ("nn:trelasthandel med {o}", "nb:trelast og byggevarer, {o}", "nn:grossist i {o}"),
     ("nn:treng trelast til {n}", "nb:trenger byggevarer til {n}", "nn:innkjøp av trelast for {n}"),
     (("hytter", "hyttebygging"), ("terrasse", "terrassane"), ("tak", "takarbeid"),
      ("isolasjon", "isolering"), ("vindauge", "vindaugsskifte"), ("dører", "ytterdører"), ("gips", "gipsplater"), ("betong", "betongarbeid"))),
    ("43.210",
     ("nn:elektrikartenester, {o}", "nb:elektroinstallasjon i {o}", "nn:autorisert elinstallatør for {o}"),
     ("nn:treng elektrikar til {n}", "nb:trenger elektriker for {n}", "nn:ny elinstallasjon i {n}"),
     (("næringsbygg", "næringsbygget"), ("hytter", "hytta"), ("ladestasjonar", "ladestasjon"),
      ("solceller", "solcelleanlegg"), ("styringssystem", "styring av maskinene"), ("belysning", "lysanlegget"), ("alarmanlegg", "innbrotsalarm"), ("tavler", "sikringsskapet"))),
    ("43.220",
     ("nn:røyrleggjar for {o}", "nb:rørlegging i {o}", "nn:VVS-tenester, {o}"),
     ("nn:treng røyrlegging i {n}", "nb:trenger rørlegger til {n}", "nn:VVS-arbeid på {n}"),
     (("varmepumper", "varmepumpa"), ("bad", "badet"), ("vassbåren varme", "vassboren golvvarme"),
      ("næringsbygg", "lagerbygget"), ("vassverk", "vassverket"), ("sprinklaranlegg", "sprinkling"), ("ventilasjon", "ventilasjonsanlegg"), ("avlaup", "avlaupsrøyr"))),
    ("49.410",
     ("nn:godstransport med {o}", "nb:transport og frakt med {o}", "nn:køyring med {o}"),
     ("nn:treng frakt av {n}", "nb:trenger transport av {n}", "nn:transportør for {n}"),
     (("tømmerbil", "tømmer"), ("kranbil", "tunge element"), ("kjølebil", "kjølevarer"),
      ("lastebil", "paller"), ("tippbil", "grus og masse"), ("containerbil", "avfallscontainer"), ("budbil", "pakkar"), ("maskintransport", "gravemaskin-frakt"))),
    ("62.010",
     ("nn:programvareutvikling, {o}", "nb:utvikling av {o}", "nn:digitale løysingar: {o}"),
     ("nn:treng hjelp med {n}", "nb:trenger utvikler til {n}", "nn:ønskjer å digitalisere {n}"),
     (("nettbutikk", "nettbutikken"), ("bookingsystem", "booking"), ("lagerstyring", "lageret"),
      ("apputvikling", "ein app"), ("dataanalyse", "dataanalysar"), ("integrasjonar", "integrasjon mot rekneskapen"), ("IT-drift", "IT-driftsavtale"), ("nettverk", "nettverket på kontoret"))),
    ("69.201",
     ("nn:rekneskapsføring for {o}", "nb:regnskap og lønn for {o}", "nn:rekneskap og rådgjeving, {o}"),
     ("nn:treng rekneskapsførar til {n}", "nb:trenger regnskapsfører for {n}", "nn:ser etter rekneskapsbyrå for {n}"),
     (("små bedrifter", "småbedrifta"), ("landbruk", "gardsdrifta"), ("reiseliv", "reiselivsverksemda"),
      ("handverkarar", "handverksbedrifta"), ("lag og foreiningar", "foreininga"), ("eigedomsselskap", "eigedomsselskapet"), ("lønnskøyring", "lønna"), ("årsoppgjer", "årsoppgjeret"))),
    ("81.210",
     ("nn:reinhald av {o}", "nb:renhold av {o}", "nn:vask og reinhald, {o}"),
     ("nn:treng reinhaldar til {n}", "nb:trenger renhold i {n}", "nn:fast vask av {n}"),
     (("kontor", "kontora"), ("hytter", "utleigehyttene"), ("verkstad", "verkstaden"),
      ("hotellrom", "romma"), ("byggeplass", "byggeplassen"), ("vindaugsvask", "vindauga"), ("matbutikk", "butikklokalet"), ("skulebygg", "skulen"))),
    ("71.129",
     ("nn:teknisk rådgjeving innan {o}", "nb:rådgivende ingeniør, {o}", "nn:prosjektering av {o}"),
     ("nn:treng ingeniør til {n}", "nb:trenger prosjektering av {n}", "nn:rådgjeving om {n}"),
     (("konstruksjonsteknikk", "konstruksjonen"), ("brannteknikk", "brannsikring"),
      ("energi", "energisparing"), ("geoteknikk", "grunnforholda"), ("VA-anlegg", "vatn og avlaup"), ("akustikk", "lydforholda"), ("bygningsfysikk", "fukt i bygget"), ("miljøkartlegging", "miljøkartlegginga"))),
    ("10.130",
     ("nn:foredling av {o}", "nb:produksjon av {o}", "nn:lokalprodusert {o}"),
     ("nn:kjøper lokalt {n}", "nb:trenger leverandør av {n}", "nn:treng {n} til kjøkkenet"),
     (("spekemat", "spekepølser"), ("lammekjøt", "lam"), ("viltkjøt", "hjortekjøt"),
      ("ost", "gardsost"), ("bakevarer", "brød"), ("honning", "honningen"), ("fisk", "fersk fisk"), ("bær og syltetøy", "syltetøyet"))),
    ("55.101",
     ("nn:overnatting og {o}", "nb:hotell med {o}", "nn:lokale for {o}"),
     ("nn:treng stad for {n}", "nb:trenger lokaler til {n}", "nn:ser etter hotell til {n}"),
     (("konferansar", "konferansen"), ("kurs", "kursdagar"), ("møterom", "møta"),
      ("selskap", "firmafesten"), ("overnatting", "overnattingar"), ("catering", "cateringa"), ("teambuilding", "teambuildingtur"), ("aktivitetar", "aktivitetsdag"))),
    ("33.120",
     ("nn:reparasjon av {o}", "nb:service og reparasjon på {o}", "nn:vedlikehald av {o}"),
     ("nn:treng service på {n}", "nb:trenger reparasjoner av {n}", "nn:ein som kan reparere {n}"),
     (("hydraulikk", "hydraulikken"), ("anleggsmaskinar", "gravemaskina"), ("skogsmaskinar", "hogstmaskina"),
      ("truckar", "trucken"), ("pumper", "pumpene"), ("traktorar", "traktoren"), ("snøscooterar", "snøscooteren"), ("kompressorar", "kompressoren"))),
    ("85.599",
     ("nn:kurs i {o}", "nb:opplæring i {o}", "nn:sertifiseringskurs, {o}"),
     ("nn:treng opplæring i {n}", "nb:trenger kurs i {n}", "nn:kompetanseheving innan {n}"),
     (("HMS", "HMS-arbeid"), ("LEAN", "lean-metodikk"), ("truckførarbevis", "truckførarar"),
      ("varme arbeid", "sertifikat for varme arbeid"), ("førstehjelp", "førstehjelpskurs"), ("kranførarbevis", "kranførarar"), ("arbeidsvarsling", "varsling av vegarbeid"), ("leiing", "leiarutvikling"))),
    ("73.110",
     ("nn:marknadsføring og {o}", "nb:reklame og {o}", "nn:kommunikasjon, {o}"),
     ("nn:treng hjelp med {n}", "nb:trenger bistand til {n}", "nn:ønskjer betre {n}"),
     (("nettsider", "nettsida"), ("sosiale medium", "sosiale media"), ("profilering", "profilen"),
      ("foto og film", "produktfoto"), ("annonsering", "annonsar"), ("grafisk design", "designet"), ("trykksaker", "brosjyrar"), ("skilt", "skilting"))),
    ("43.120",
     ("nn:grunnarbeid og {o}", "nb:graving og {o}", "nn:maskinentreprenør, {o}"),
     ("nn:treng graving av {n}", "nb:trenger grunnarbeid til {n}", "nn:maskinentreprenør til {n}"),
     (("tomter", "tomta"), ("vegar", "skogsvegen"), ("drenering", "dreneringa"),
      ("VA-grøfter", "vass- og avlaupsgrøft"), ("sprenging", "sprengingsarbeid"), ("snøbrøyting", "brøyting"), ("asfaltering", "asfalt"), ("muring", "murar og steinsetjing"))),
    ("02.200",
     ("nn:skogsdrift og {o}", "nb:hogst og {o}", "nn:tømmerdrift, {o}"),
     ("nn:treng tømmer til {n}", "nb:trenger tømmerleveranser til {n}", "nn:kjøper tømmer for {n}"),
     (("massevirke", "massevirket"), ("sagtømmer", "sagbruket vårt"), ("ved", "vedproduksjon"),
      ("flis", "flisfyringa"), ("juletre", "juletresal"), ("skogplanting", "planting"), ("tynning", "tynninga"), ("stormfelling", "stormfelt skog"))),
    ("28.990",
     ("nn:produksjon av {o}", "nb:maskinbygging, {o}", "nn:spesialmaskiner: {o}"),
     ("nn:treng nye {n}", "nb:trenger utstyr for {n}", "nn:ønskjer automatisering av {n}"),
     (("transportband", "transportbanda"), ("robotceller", "robotcelle"), ("pakkemaskiner", "pakkinga"),
      ("sorteringsanlegg", "sorteringa"), ("løfteutstyr", "løftinga"), ("sagbruksmaskiner", "sagbruksutstyr"), ("vedmaskiner", "vedmaskina"), ("vaskeanlegg", "vaskinga"))),
    ("68.209",
     ("nn:utleige av {o}", "nb:utleie av {o}", "nn:ledige {o} til leige"),
     ("nn:treng {n} å leige", "nb:trenger å leie {n}", "nn:ser etter {n} til leige"),
     (("lagerlokale", "lagerplass"), ("kontorplassar", "kontorplass"), ("verkstadhall", "verkstadlokale"),
      ("kaldlager", "kaldlageret"), ("produksjonslokale", "produksjonslokala"), ("parkeringsplassar", "parkering"), ("butikklokale", "butikken"), ("kontorfellesskap", "kontorfellesskapet"))),
)

#: Sector words a company may add to its offers (competitor-like noise).
SECTOR_WORDS: dict[str, tuple[str, ...]] = {
    "25": ("mekanisk verkstad", "metallindustri"), "16": ("trebearbeiding", "treindustri"),
    "46": ("byggevarehandel",), "43": ("byggfag", "handverk"), "49": ("logistikk",),
    "62": ("IT",), "69": ("økonomi",), "81": ("eigedomsdrift",), "71": ("ingeniørfag",),
    "10": ("matproduksjon",), "55": ("reiseliv",), "33": ("mekanikk",), "85": ("opplæring",),
    "73": ("media",), "02": ("skogbruk",), "28": ("industri",), "68": ("eigedom",),
}


class Synthetic(NamedTuple):
    """Profiles plus planted partner pairs ``(a, b)``: *a* needs what *b* offers."""

    profiles: tuple[Profile, ...]
    pairs: tuple[tuple[str, str], ...]


class ClusteredSynthetic(NamedTuple):
    """Profiles plus planted cluster labels (one int per profile, in order)."""

    profiles: tuple[Profile, ...]
    labels: tuple[int, ...]


def _fill(rng: np.random.Generator, templates: tuple[str, ...], offer_form: str, need_form: str,
          lang_bias: float = 0.75) -> str:
    nn = [t[3:] for t in templates if t.startswith("nn:")]
    nb = [t[3:] for t in templates if t.startswith("nb:")]
    pool = nn if (rng.random() < lang_bias or not nb) else nb
    t = pool[int(rng.integers(len(pool)))]
    return t.format(o=offer_form, n=need_form)


def _join(parts: list[str]) -> str:
    text = ". ".join(p[0].upper() + p[1:] for p in parts if p)
    return text + "." if text else ""


def _interests(rng: np.random.Generator) -> tuple[str, ...]:
    k = int(rng.integers(1, 4))
    picks = rng.choice(len(INTERESTS), size=k, replace=False)
    return tuple(INTERESTS[i] for i in sorted(picks))


_ITEMS = [(s, o) for s in range(len(SERVICES)) for o in range(len(SERVICES[s][3]))]


#: Needs that no company offers (shared by many: "twins" to a plain text cosine).
GENERIC_NEEDS: tuple[str, ...] = (
    "nn:treng fleire faste kundar i regionen", "nb:trenger flere faste kunder",
    "nn:ønskjer å rekruttere fagarbeidarar", "nb:ønsker å rekruttere fagarbeidere",
    "nn:vil få betre flyt i produksjonen", "nn:ser etter lærlingar",
    "nn:vil kutte energikostnadene", "nb:vil bli mer synlige for nye kunder",
    "nn:ønskjer å vekse og nå nye marknader", "nn:treng fleire hender i høgsesongen",
)


def generate_profiles(n: int, seed: int = 0, pair_share: float = 1.0) -> Synthetic:
    """``n`` synthetic profiles with planted partner pairs.

    Each company offers one service item (a service on one object, e.g.
    CNC-fresing of aluminium; 160 items, each offered by one company while
    ``n <= 160``, then items repeat), sometimes with sector words. A share
    ``pair_share`` of companies needs the item of one other company (the
    planted partner), phrased differently; every company also has a generic
    need nobody offers. Distractors arise from the structure: other companies
    offer the same service on another object, companies with the same
    generic need look alike to a plain text cosine, and companies of the same
    industry share sector words.

    Parameters
    ----------
    n : int
        Number of profiles (>= 2).
    seed : int
        Random seed; the same seed gives the same profiles.
    pair_share : float
        Share of companies with a planted partner.

    Returns
    -------
    Synthetic
        ``(profiles, pairs)``; ``pairs`` holds ``(needer_id, offerer_id)``. While
        ``n <= 160`` these are all true partners; above, other companies may
        offer the same item too.
    """
    if n < 2:
        raise ValueError(f"n must be at least 2 (got {n})")
    rng = np.random.default_rng(seed)
    n_items = len(_ITEMS)
    perm = np.concatenate([rng.permutation(n_items) for _ in range(n // n_items + 1)])[:n]
    pairs: list[tuple[int, int]] = []
    need_item: list[int | None] = [None] * n
    for i in range(n):
        if rng.random() < pair_share:
            j = (i + 1 + int(rng.integers(n - 1))) % n
            need_item[i] = int(perm[j])
            pairs.append((i, j))
    profiles = []
    for i in range(n):
        s, o = _ITEMS[int(perm[i])]
        svc = SERVICES[s]
        code = svc[0]
        offer_parts = [_fill(rng, svc[1], svc[3][o][0], svc[3][o][1])]
        if rng.random() < 0.5:
            words = SECTOR_WORDS.get(code[:2], ())
            if words:
                offer_parts.append(words[int(rng.integers(len(words)))])
        need_parts = []
        if need_item[i] is not None:
            ns, no = _ITEMS[need_item[i]]
            nsvc = SERVICES[ns]
            need_parts.append(_fill(rng, nsvc[2], nsvc[3][no][0], nsvc[3][no][1]))
        need_parts.append(_fill(rng, GENERIC_NEEDS, "", ""))
        if rng.random() < 0.5:
            need_parts.reverse()
        profiles.append(Profile(
            id=f"s{i:06d}", name=f"Syntetisk {i} AS",
            municipality=MUNICIPALITIES[int(rng.integers(len(MUNICIPALITIES)))],
            industry=code, employees=int(rng.integers(1, 80)),
            offers=_join(offer_parts), needs=_join(need_parts),
            interests=_interests(rng)))
    ids = [p.id for p in profiles]
    return Synthetic(tuple(profiles), tuple((ids[a], ids[b]) for a, b in pairs))


def generate_clustered_profiles(n: int, k: int, seed: int = 0) -> ClusteredSynthetic:
    """``n`` profiles in ``k`` planted clusters (labels 0..k-1, in profile order).

    Each cluster has its own theme of services (disjoint while there are
    enough services), a home municipality and shared interests; members offer
    and need services of their theme, so scores are high within a cluster and
    low across clusters.

    Examples
    --------
    >>> c = generate_clustered_profiles(30, 3, seed=2)
    >>> len(c.profiles), sorted(set(c.labels))
    (30, [0, 1, 2])
    """
    if k < 1 or n < k:
        raise ValueError(f"need 1 <= k <= n (got n={n}, k={k})")
    rng = np.random.default_rng(seed)
    svc_order = rng.permutation(len(SERVICES))
    per = max(2, len(SERVICES) // k)
    themes = [[int(svc_order[(c * per + j) % len(SERVICES)]) for j in range(per)]
              for c in range(k)]
    labels = [i % k for i in range(n)]
    rng.shuffle(labels)
    cluster_interests = [_interests(rng) for _ in range(k)]
    cluster_home = [MUNICIPALITIES[int(rng.integers(len(MUNICIPALITIES)))] for _ in range(k)]
    profiles = []
    for i, c in enumerate(labels):
        theme = themes[c]
        s_off = theme[int(rng.integers(len(theme)))]
        s_need = theme[int(rng.integers(len(theme)))]
        if s_need == s_off and len(theme) > 1:
            s_need = theme[(theme.index(s_off) + 1) % len(theme)]
        svc_o, svc_n = SERVICES[s_off], SERVICES[s_need]
        o1 = int(rng.integers(len(svc_o[3])))
        o2 = int(rng.integers(len(svc_n[3])))
        home = cluster_home[c] if rng.random() < 0.7 else \
            MUNICIPALITIES[int(rng.integers(len(MUNICIPALITIES)))]
        interests = cluster_interests[c] if rng.random() < 0.8 else _interests(rng)
        profiles.append(Profile(
            id=f"c{i:06d}", name=f"Klynge {c} bedrift {i} AS", municipality=home,
            industry=svc_o[0], employees=int(rng.integers(1, 80)),
            offers=_join([_fill(rng, svc_o[1], *svc_o[3][o1])]),
            needs=_join([_fill(rng, svc_n[2], *svc_n[3][o2])]),
            interests=interests))
    return ClusteredSynthetic(tuple(profiles), tuple(labels))
