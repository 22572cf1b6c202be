"""The candidate-clusters report: Markdown, HTML (one self-contained file), JSON and CSV.

:func:`render_cluster_report` turns a :class:`matcher.clusters.ClusterResult`
into the text of one format; :func:`write_cluster_report` writes several into
an existing (staging) folder as ``clusters.<format>``. The JSON form is
``{"clusters": [{"name": ..., "members": [ID, ...], ...}], "unclustered": [ID, ...], ...}``.
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
from pathlib import Path
from typing import Any, Iterable

import jinja2

from matcher.cells import csv_text
from matcher.cluster_cards import card_to_dict
from matcher.cluster_plot import cluster_colour
from matcher.clusters import suggest_k
from matcher.output import write_text_atomic
from profiles.errors import OutputError

#: Report formats, in the order they are written.
FORMATS: tuple[str, ...] = ("md", "html", "json", "csv")

#: Headings and words of the report per language.
LABELS: dict[str, dict[str, str]] = {
    "nn": {
        "title": "Moglege klynger", "cluster": "Klynge", "members": "Medlemer",
        "member": "Verksemd", "municipality": "Kommune", "industry": "Bransje",
        "employees": "Tilsette", "total_employees": "Tilsette i alt",
        "industries": "Bransjar", "interests": "Samarbeidsformer",
        "common_interests": "Det dei fleste vil", "pairs": "Sterkaste par",
        "cohesion": "Samanhald", "stability": "Stabilitet", "confidence": "Sikkerheit",
        "uncertain": "Usikre medlemer", "bridges": "Brubyggjarar",
        "bridges_intro": "Verksemder med sterke band til fleire klynger: moglege tilretteleggjarar "
                          "eller lenkjer mellom klyngene.",
        "unclustered": "Passar ikkje godt i nokon klynge",
        "none": "ingen", "terms": "Kjenneteikn", "hub": "Sentral verksemd",
        "k_table": "Tal på klynger", "k": "k", "modularity": "Modularitet",
        "chosen": "valt", "settings": "Innstillingar", "method": "Metode",
        "seed": "Frø", "companies": "Verksemder", "overview": "Oversikt",
        "network": "Nettverket, farga etter klynge", "score": "Poeng", "reason": "Grunn",
        "links": "Knyter saman klyngene", "section": "Seksjon", "division": "Næring",
        "cohesion_help": "del av medlemene sine sterke band som går til andre i klynga",
        "stability_help": "kor ofte medlemene hamnar saman når utrekninga vert gjenteken "
                          "med andre frø",
        "k_help": "Korleis modularitet og stabilitet endrar seg med talet på klynger.",
        "suggest_k": "Tilrådd tal på klynger (høg modularitet som også held seg over frø)",
        "uncertain_mark": "usikker", "bridge_mark": "brubyggjar", "all_members": "Alle medlemer",
    },
    "nb": {
        "title": "Mulige klynger", "cluster": "Klynge", "members": "Medlemmer",
        "member": "Virksomhet", "municipality": "Kommune", "industry": "Bransje",
        "employees": "Ansatte", "total_employees": "Ansatte i alt",
        "industries": "Bransjer", "interests": "Samarbeidsformer",
        "common_interests": "Det de fleste vil", "pairs": "Sterkeste par",
        "cohesion": "Samhold", "stability": "Stabilitet", "confidence": "Sikkerhet",
        "uncertain": "Usikre medlemmer", "bridges": "Brobyggere",
        "bridges_intro": "Virksomheter med sterke bånd til flere klynger: mulige tilretteleggere "
                          "eller lenker mellom klyngene.",
        "unclustered": "Passer ikke godt i noen klynge",
        "none": "ingen", "terms": "Kjennetegn", "hub": "Sentral virksomhet",
        "k_table": "Antall klynger", "k": "k", "modularity": "Modularitet",
        "chosen": "valgt", "settings": "Innstillinger", "method": "Metode",
        "seed": "Frø", "companies": "Virksomheter", "overview": "Oversikt",
        "network": "Nettverket, farget etter klynge", "score": "Poeng", "reason": "Grunn",
        "links": "Knytter sammen klyngene", "section": "Seksjon", "division": "Næring",
        "cohesion_help": "andel av medlemmenes sterke bånd som går til andre i klyngen",
        "stability_help": "hvor ofte medlemmene havner sammen når beregningen gjentas "
                          "med andre frø",
        "k_help": "Hvordan modularitet og stabilitet endrer seg med antall klynger.",
        "suggest_k": "Anbefalt antall klynger (høy modularitet som også holder seg over frø)",
        "uncertain_mark": "usikker", "bridge_mark": "brobygger", "all_members": "Alle medlemmer",
    },
    "en": {
        "title": "Candidate clusters", "cluster": "Cluster", "members": "Members",
        "member": "Company", "municipality": "Municipality", "industry": "Industry",
        "employees": "Employees", "total_employees": "Total employees",
        "industries": "Industries", "interests": "Forms of cooperation",
        "common_interests": "What most members want", "pairs": "Strongest pairs",
        "cohesion": "Cohesion", "stability": "Stability", "confidence": "Confidence",
        "uncertain": "Uncertain members", "bridges": "Bridge companies",
        "bridges_intro": "Companies tied strongly to several clusters: candidate facilitators "
                          "or links between clusters.",
        "unclustered": "No good fit in any cluster",
        "none": "none", "terms": "Distinctive terms", "hub": "Most central member",
        "k_table": "Number of clusters", "k": "k", "modularity": "Modularity",
        "chosen": "chosen", "settings": "Settings", "method": "Method",
        "seed": "Seed", "companies": "Companies", "overview": "Overview",
        "network": "The network, coloured by cluster", "score": "Score", "reason": "Reason",
        "links": "Links the clusters", "section": "Section", "division": "Division",
        "cohesion_help": "share of the members' strong ties that stay inside the cluster",
        "stability_help": "how often the members end up together when the partition is "
                          "repeated with other seeds",
        "k_help": "How modularity and stability change with the number of clusters.",
        "suggest_k": "Suggested number of clusters (good modularity that also holds over seeds)",
        "uncertain_mark": "uncertain", "bridge_mark": "bridge", "all_members": "All members",
    },
}

#: Columns of the CSV form (one row per company).
CSV_COLUMNS: tuple[str, ...] = ("cluster", "cluster_name", "id", "name", "municipality",
                                "industry", "employees", "confidence", "uncertain", "bridge")


def _lang(result: Any, lang: str | None) -> str:
    lang = lang or getattr(result, "lang", "nn") or "nn"
    if lang not in LABELS:
        raise OutputError(f"unknown report language {lang!r}; expected one of nn, nb, en.")
    return lang


def result_to_dict(result: Any) -> dict:
    """JSON-ready dict of a cluster result (the JSON report).

    ``{"clusters": [{"number", "name", "members": [ID, ...], "size", "stability",
    "cohesion", "uncertain", "confidence", "card": {...}}], "unclustered": [ID, ...],
    "bridges": [...], "k_table": [...], "settings": {...}, "modularity", "stability"}``.
    """
    by_id = {p.id: p for p in result.profiles}
    clusters = []
    for c in result.clusters:
        entry = {
            "number": c.number,
            "name": c.name,
            "members": list(c.members),
            "size": len(c.members),
            "stability": c.stability,
            "cohesion": c.cohesion,
            "uncertain": list(c.uncertain),
            "confidence": dict(c.confidence),
        }
        if c.card is not None:
            card = card_to_dict(c.card)
            for key in ("number", "name", "stability", "cohesion", "uncertain"):
                card.pop(key, None)
            card["terms"] = [{"term": t, "score": s} for t, s in c.card.terms]
            card["member_details"] = card.pop("members")
            entry.update(card)
        clusters.append(entry)
    return {
        "clusters": clusters,
        "unclustered": list(result.unclustered),
        "unclustered_names": [by_id[u].name for u in result.unclustered if u in by_id],
        "bridges": [dict(b, name=by_id[b["id"]].name if b["id"] in by_id else b["id"])
                    for b in result.bridges],
        "suggested_k": suggest_k(result.k_table),
        "k_table": [{"k": r.k, "modularity": round(r.modularity, 4),
                     "stability": None if r.stability is None else round(r.stability, 4),
                     "chosen": r.chosen}
                    for r in result.k_table],
        "modularity": round(result.modularity, 4),
        "stability": round(result.stability, 4),
        "settings": dict(result.settings),
    }


def _csv(result: Any) -> str:
    """One row per company (cluster members by cluster, then the unclustered).

    Text cells a spreadsheet would run as a formula are neutralised
    (:func:`matcher.cells.csv_text`).
    """
    by_id = {p.id: p for p in result.profiles}
    bridges = {b["id"] for b in result.bridges}
    rows = []
    for c in result.clusters:
        for m in c.members:
            p = by_id[m]
            rows.append([c.number, c.name, p.id, p.name, p.municipality, p.industry,
                         p.employees, f"{c.confidence.get(m, 1.0):.3f}",
                         "yes" if m in c.uncertain else "no", "yes" if m in bridges else "no"])
    for m in result.unclustered:
        p = by_id[m]
        rows.append(["", "", p.id, p.name, p.municipality, p.industry, p.employees, "", "",
                     "yes" if m in bridges else "no"])
    return csv_text(CSV_COLUMNS, rows)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("matcher", "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",),
                                            default_for_string=False),
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["pct"] = lambda x: f"{100 * float(x):.0f} %"
    env.filters["num"] = lambda x, d=2: f"{float(x):.{d}f}"
    env.filters["mdcell"] = lambda x: str("" if x is None else x).replace("|", "\\|") \
        .replace("\n", " ")
    return env


def _context(result: Any, lang: str) -> dict:
    by_id = {p.id: p for p in result.profiles}
    return {
        "result": result,
        "data": result_to_dict(result),
        "L": LABELS[lang],
        "lang": lang,
        "names": {p.id: p.name for p in result.profiles},
        "profiles": by_id,
        "bridge_ids": {b["id"] for b in result.bridges},
        "colours": {c.number: cluster_colour(c.number) for c in result.clusters},
        "member_rows": _member_rows(result),
        "picture": None,
    }


def _member_rows(result: Any) -> list[dict]:
    """Every company, by cluster then name, for the table of members."""
    rows = []
    for p in result.profiles:
        cluster = result.cluster_of(p.id)
        rows.append({"name": p.name, "cluster": cluster.number if cluster else None,
                     "municipality": p.municipality, "industry": p.industry,
                     "employees": p.employees,
                     "confidence": cluster.confidence.get(p.id, 1.0) if cluster else None})
    rows.sort(key=lambda r: (r["cluster"] is None, r["cluster"] or 0, r["name"].lower()))
    return rows


def render_cluster_report(result: Any, fmt: str = "md", lang: str | None = None) -> str:
    """Text of the report in ``fmt`` ("md", "html", "json" or "csv").

    Examples
    --------
    >>> import numpy as np
    >>> from profiles.model import Profile
    >>> from matcher.clusters import find_clusters
    >>> ps = [Profile(id=f"c{i}", name=f"C{i}") for i in range(6)]
    >>> s = np.full((6, 6), .05); s[:3, :3] = s[3:, 3:] = .8; np.fill_diagonal(s, 0)
    >>> r = find_clusters(ps, s, runs=3, scan_k=False)
    >>> sorted(json.loads(render_cluster_report(r, "json"))["clusters"][0]["members"])
    ['c0', 'c1', 'c2']
    """
    if fmt not in FORMATS:
        raise OutputError(f"unknown report format {fmt!r}; expected one of "
                          + ", ".join(FORMATS) + ".")
    lang = _lang(result, lang)
    if fmt == "json":
        return json.dumps(result_to_dict(result), ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return _csv(result)
    context = _context(result, lang)
    if fmt == "html":
        context["picture"] = network_picture(result)
    text = _environment().get_template(f"clusters.{fmt}.j2").render(**context)
    if fmt == "md":
        text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
    return text


def network_picture(result: Any, max_nodes: int = 600) -> str | None:
    """PNG of the network coloured by cluster, as a ``data:`` URI (None without matplotlib).

    Graphs with more than ``max_nodes`` companies are drawn as the graph of
    clusters (one disc per cluster, sized by members) instead.
    """
    try:
        import matplotlib

        matplotlib.use("Agg", force=False)
        from matplotlib.figure import Figure
    except ImportError:
        return None
    from matcher.cluster_plot import draw_network

    fig = Figure(figsize=(8, 6), dpi=110)
    ax = fig.add_subplot(1, 1, 1)
    draw_network(result, ax=ax, max_nodes=max_nodes)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def write_cluster_report(result: Any, folder: str | os.PathLike,
                         formats: Iterable[str] = FORMATS, lang: str | None = None,
                         force: bool = False) -> list[Path]:
    """Write ``clusters.<fmt>`` for each format into the existing ``folder``.

    Returns the paths written. Each file is written atomically; an existing
    file is refused unless ``force``.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise OutputError(f"the folder {str(folder)!r} does not exist; expected an existing "
                          "folder for the cluster report.")
    formats = list(dict.fromkeys(formats))
    for fmt in formats:
        if fmt not in FORMATS:
            raise OutputError(f"unknown report format {fmt!r}; expected one of "
                              + ", ".join(FORMATS) + ".")
    texts = {fmt: render_cluster_report(result, fmt, lang) for fmt in formats}
    return [write_text_atomic(folder / f"clusters.{fmt}", text, force=force,
                              encoding=_encoding(fmt))
            for fmt, text in texts.items()]


def _encoding(fmt: str) -> str:
    """UTF-8, with a byte-order mark for CSV so that Excel shows æ, ø and å."""
    return "utf-8-sig" if fmt == "csv" else "utf-8"


def save_cluster_report(result: Any, out: str | os.PathLike | None = None,
                        fmt: str | None = None, lang: str | None = None,
                        force: bool = False) -> str | None:
    """Save or render the report the way ``speeddate clusters`` does.

    - no ``out``: return the text of ``fmt`` (default Markdown) for printing;
    - ``out`` and ``fmt``: write that one file atomically, return None;
    - ``out`` without ``fmt``: write a folder with every format (atomically,
      the whole folder at once), return None.

    An existing output is refused unless ``force``.
    """
    from matcher.output import staged_dir

    if out is None:
        return render_cluster_report(result, fmt or "md", lang)
    if fmt is not None:
        write_text_atomic(out, render_cluster_report(result, fmt, lang), force=force,
                          encoding=_encoding(fmt))
        return None
    with staged_dir(out, force) as stage:
        write_cluster_report(result, stage, FORMATS, lang)
    return None


def describe_clusters(result: Any) -> str:
    """One-line summary of a cluster result for the command line.

    Examples
    --------
    >>> import numpy as np
    >>> from profiles.model import Profile
    >>> from matcher.clusters import find_clusters
    >>> ps = [Profile(id=f"c{i}", name=f"C{i}") for i in range(6)]
    >>> s = np.full((6, 6), .05); s[:3, :3] = s[3:, 3:] = .8; np.fill_diagonal(s, 0)
    >>> describe_clusters(find_clusters(ps, s, runs=3, scan_k=False))
    '2 clusters of 6 companies (3, 3), 0 with no good fit; louvain, seed 0, modularity 0.41, stability 1.00'
    """
    sizes = ", ".join(str(len(c.members)) for c in result.clusters)
    n = len(result.profiles)
    return (f"{len(result.clusters)} cluster{'s' if len(result.clusters) != 1 else ''} of "
            f"{n} companies ({sizes}), {len(result.unclustered)} with no good fit; "
            f"{result.method}, seed {result.seed}, modularity {result.modularity:.2f}, "
            f"stability {result.stability:.2f}")
