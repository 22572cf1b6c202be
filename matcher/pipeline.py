"""The whole pipeline in one call: profiles to scores, suggestions, schedule, clusters, agendas.

:func:`run_pipeline` is what ``speeddate demo`` (on the bundled sample) and
``speeddate run FILE`` call. It computes every stage first and then writes the
whole output folder atomically, so an error leaves nothing half-written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from matcher.output import check_target, staged_dir, write_text_atomic
from profiles.load import profiles_to_json
from profiles.model import Profile

#: Progress callback: ``progress(message, fraction)``.
Progress = Callable[[str, float], None]

AGENDA_FORMATS = ("csv", "md", "html", "ics", "xlsx")


@dataclass(frozen=True)
class PipelineSummary:
    """What the pipeline produced, for the summary the CLI prints.

    Attributes
    ----------
    out : Path
        The output folder.
    companies, meetings, rounds : int
        Companies scheduled, meetings held, rounds planned.
    mean_score : float
        Mean pair score of the meetings held.
    clusters : tuple of (str, int)
        Name and size of each candidate cluster.
    unclustered : int
        Companies that fit no cluster well.
    files : tuple of str
        The main files written, relative to ``out``.
    agenda_formats : tuple of str
    schedule_stats : str
        The schedule's statistics (bound, gap, meetings per company, breaks).
    """

    out: Path
    companies: int
    meetings: int
    rounds: int
    mean_score: float
    clusters: tuple[tuple[str, int], ...]
    unclustered: int
    files: tuple[str, ...]
    agenda_formats: tuple[str, ...]
    schedule_stats: str = ""

    def lines(self) -> list[str]:
        """The summary as lines of text."""
        out = [
            f"{self.companies} companies, {self.meetings} meetings in {self.rounds} rounds, "
            f"mean meeting score {self.mean_score:.2f}.",
            *self.schedule_stats.splitlines()[1:],
            f"{len(self.clusters)} candidate clusters: "
            + "; ".join(f"{name} ({size})" for name, size in self.clusters)
            + (f"; {self.unclustered} companies without a good fit." if self.unclustered else "."),
            f"Files in {self.out}/:",
        ]
        out += [f"  {f}" for f in self.files]
        return out


def _pdf_available() -> bool:
    try:
        from matcher.pdf import check_pdf_ready

        check_pdf_ready()
    except Exception:
        return False
    return True


def run_pipeline(profiles: Sequence[Profile], out: str | Path, *, force: bool = False,
                 rounds: int = 8, tables: int | None = None, start: str = "09:00",
                 minutes: int = 10, break_minutes: int = 5, lang: str = "nn", seed: int = 0,
                 top: int = 5, k: int | None = None, time_limit: float = 10.0,
                 agenda_formats: Sequence[str] | None = None, event: dict | None = None,
                 weights=None, progress: Progress | None = None) -> PipelineSummary:
    """Run every stage on ``profiles`` and write the results into the folder ``out``.

    Parameters
    ----------
    profiles : sequence of Profile
    out : path
        Output folder; refused if it exists, unless ``force``.
    rounds, tables, start, minutes, break_minutes, seed, time_limit
        Schedule settings (see :class:`matcher.schedule.ScheduleOptions`).
    lang : {"nn", "nb", "en"}
        Language of reasons, agendas and cluster cards.
    top : int
        Suggestions per company.
    k : int, optional
        Number of candidate clusters (default: chosen by the method).
    agenda_formats : sequence of str, optional
        Default: csv, md, html, xlsx, ics (when ``event`` has a date), and pdf
        where WeasyPrint works.
    event : dict, optional
        ``name``, ``date``, ``venue`` of the event, for agendas.
    weights : matcher.weights.Weights, optional
    progress : callable(message, fraction), optional

    Returns
    -------
    PipelineSummary

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from profiles.load import load_sample
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "run"
    >>> s = run_pipeline(load_sample()[:20], out, rounds=3, agenda_formats=["csv"])
    >>> s.companies, (out / "schedule.json").exists()
    (20, True)
    """
    from matcher.agenda import write_agendas
    from matcher.cluster_report import write_cluster_report
    from matcher.clusters import find_clusters
    from matcher.schedule import (ScheduleOptions, format_stats, plan_event, schedule_to_dict,
                                  write_schedule_files)
    from matcher.score import pair_features, score_matrix
    from matcher.suggest import format_suggestions, suggest

    check_target(out, force)  # refuse before any work, not after
    report = progress or (lambda message, fraction: None)
    profiles = tuple(profiles)
    report("scoring pairs", 0.0)
    features = pair_features(profiles, weights)    # texts vectorised once for both
    scores = score_matrix(profiles, weights, features=features)
    report("suggesting partners", 0.15)
    suggestions = suggest(profiles, top=top, lang=lang, weights=weights, features=features)
    report("planning the schedule", 0.3)
    options = ScheduleOptions(rounds=rounds, tables=tables, start=start, minutes=minutes,
                              break_minutes=break_minutes, seed=seed, time_limit=time_limit,
                              event=tuple((event or {}).items()))
    schedule = plan_event(profiles, scores, options)
    report("finding candidate clusters", 0.6)
    clusters = find_clusters(profiles, scores, k=k, seed=seed, lang=lang, weights=weights)
    if agenda_formats:
        formats = tuple(agenda_formats)
    else:  # calendar files need a date; PDF needs WeasyPrint (the `pdf` extra)
        formats = tuple(f for f in AGENDA_FORMATS if f != "ics" or (event or {}).get("date"))
        formats += ("pdf",) if _pdf_available() else ()
    report("writing files", 0.75)
    with staged_dir(out, force=force) as folder:
        write_text_atomic(folder / "profiles.json", profiles_to_json(profiles))
        write_text_atomic(folder / "suggestions.csv", format_suggestions(suggestions, "csv", profiles),
                          encoding="utf-8-sig")
        write_text_atomic(folder / "suggestions.md", format_suggestions(suggestions, "md", profiles))
        write_schedule_files(schedule, folder)
        (folder / "clusters").mkdir()
        write_cluster_report(clusters, folder / "clusters", lang=lang)
        (folder / "agendas").mkdir()
        write_agendas(schedule_to_dict(schedule), folder / "agendas", formats, lang=lang,
                      profiles=profiles, event=event, weights=weights)
        files = sorted(str(p.relative_to(folder)) for p in folder.iterdir())
    report("done", 1.0)
    held = [m for r in schedule.rounds for m in r.meetings]
    mean = sum(m.score for m in held) / len(held) if held else 0.0
    return PipelineSummary(
        out=Path(out), companies=len(profiles), meetings=len(held), rounds=len(schedule.rounds),
        mean_score=mean,
        clusters=tuple((c.name, len(c.members)) for c in clusters.clusters),
        unclustered=len(clusters.unclustered), files=tuple(files), agenda_formats=formats,
        schedule_stats=format_stats(schedule))
