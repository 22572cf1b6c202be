"""The ``speeddate`` command line: parses options, calls the library, prints.

Library errors (:class:`profiles.errors.SpeeddateError`) become messages on
stderr and exit code 2; nothing else of substance happens here.
"""

from __future__ import annotations

import functools
import sys

import click

from profiles.errors import SpeeddateError


def handle_errors(func):
    """Turn speeddate's own errors into a clear message and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except SpeeddateError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(2)

    return wrapper


def _emit(text, out, force, what):
    """Write ``text`` atomically to ``out`` and say so, or print it when there is no ``out``."""
    if out:
        from matcher.output import write_text_atomic

        write_text_atomic(out, text, force=force)
        click.echo(f"{what} written to {out}")
    else:
        click.echo(text, nl=False)


columns_option = click.option(
    "--columns",
    "columns",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="TOML file with a [columns] table mapping fields to your file's headers.",
)
force_option = click.option("--force", is_flag=True, help="Overwrite existing output.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="speeddate")
def main():
    """speeddate: matchmaking for company speed-dating events.

    \b
    Example:
      speeddate demo --out speeddate-out
    """


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@columns_option
@click.option("--out", type=click.Path(dir_okay=False), help="Write the normalised profiles as JSON.")
@force_option
@handle_errors
def validate(file, columns, out, force):
    """Check a registrations file (CSV, XLSX or JSON) and list every problem.

    Exits 2 with each problem (file, line, column, value, what is expected),
    or prints a summary and, with --out, writes the normalised profiles.

    \b
    Example:
      speeddate validate registrations.csv --columns columns.toml --out profiles.json
    """
    from matcher.output import write_text_atomic
    from profiles.load import load_profiles, profiles_to_json
    from profiles.summary import describe_profiles

    profiles = load_profiles(file, columns)
    if out:
        write_text_atomic(out, profiles_to_json(profiles), force=force)
    click.echo(describe_profiles(profiles, source=file))
    if out:
        click.echo(f"Normalised profiles written to {out}")


@main.command()
@click.option("--out", type=click.Path(dir_okay=False), required=True,
              help="Where to write the sample (.csv, .json or .xlsx).")
@force_option
@handle_errors
def sample(out, force):
    """Write the bundled sample of companies as a template for your own file.

    \b
    Example:
      speeddate sample --out my-event.csv
    """
    from profiles.sample import export_sample

    export_sample(out, force=force)
    click.echo(f"Sample of company profiles written to {out}")


@main.command("agenda")
@click.argument("schedule_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--profiles", "profiles_file", type=click.Path(exists=True, dir_okay=False),
              help="Profiles file to use instead of the profiles inside schedule.json.")
@columns_option
@click.option("--out", type=click.Path(file_okay=False), required=True, help="Output folder.")
@click.option("--format", "formats", default="all", show_default=True,
              help="Comma-separated: html,pdf,ics,xlsx,csv,md; 'all' = every format that "
                   "can be made here (pdf needs WeasyPrint, ics the event date).")
@click.option("--lang", type=click.Choice(["nn", "nb", "en"]), default="nn", show_default=True,
              help="Language of the agendas.")
@click.option("--event-name", help="Event name (default: from schedule.json).")
@click.option("--venue", help="Venue (default: from schedule.json).")
@click.option("--date", "date", help="Event date, YYYY-MM-DD (needed for calendar files).")
@click.option("--tips", type=click.IntRange(0, 20), default=3, show_default=True,
              help="'Also worth contacting' partners per company.")
@force_option
@handle_errors
def agenda(schedule_file, profiles_file, columns, out, formats, lang, event_name, venue, date,
           tips, force):
    """Write per-company agendas and the organiser's event material.

    Per company: HTML, PDF, calendar (.ics), CSV and Markdown; for the
    organiser: event.xlsx, table signs, participant list, mail-merge CSV.

    \b
    Example:
      speeddate agenda out/schedule.json --out agendas --date 2027-03-18 --venue "Dalen hotell"
    """
    from matcher.agenda import write_agendas, read_schedule_file
    from matcher.output import staged_dir

    if columns and not profiles_file:
        raise click.UsageError("--columns maps the headers of a --profiles file; give one.")
    schedule = read_schedule_file(schedule_file)
    profiles = None
    if profiles_file:
        from profiles.load import load_profiles

        profiles = load_profiles(profiles_file, columns)
    event = {"name": event_name, "venue": venue, "date": date}
    with staged_dir(out, force) as stage:
        summary = write_agendas(schedule, stage, formats, lang, profiles, event, tips=tips)
    click.echo(f"Written to {out}: {summary.describe()}")


@main.command("clusters")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--k", "k", type=click.IntRange(1, None),
              help="Number of clusters wanted (e.g. 5); default: the method chooses.")
@click.option("--resolution", type=click.FloatRange(0, None, min_open=True),
              help="Louvain/Leiden resolution instead of --k (higher = smaller clusters).")
@click.option("--method", type=click.Choice(["louvain", "leiden", "spectral"]),
              default="louvain", show_default=True, help="Partition method.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json", "csv"]),
              help="Report format (default md; with --out and no --format: every format).")
@click.option("--lang", type=click.Choice(["nn", "nb", "en"]), default="nn", show_default=True,
              help="Language of the report and the pair reasons.")
@click.option("--out", type=click.Path(), help="File (with --format) or folder to write.")
@click.option("--weights", "weights_file", type=click.Path(dir_okay=False), default=None,
              help="TOML file with a [weights] table for the pair scores (as for suggest).")
@columns_option
@force_option
@handle_errors
def clusters(file, k, resolution, method, seed, fmt, lang, out, weights_file, columns, force):
    """Find candidate business clusters, with a card for each.

    Prints the report (Markdown unless --format), or writes it with --out:
    one file with --format, else a folder with clusters.md/.html/.json/.csv.

    \b
    Example:
      speeddate clusters members.csv --k 5 --format html --out clusters.html
      speeddate clusters members.csv --method leiden --out clusters/
    """
    from matcher.cluster_report import describe_clusters, save_cluster_report
    from matcher.clusters import find_clusters
    from matcher.weights import resolve_weights
    from profiles.load import load_profiles

    result = find_clusters(load_profiles(file, columns), k=k, resolution=resolution,
                           method=method, seed=seed, lang=lang,
                           weights=resolve_weights(weights_file))
    text = save_cluster_report(result, out, fmt, lang=lang, force=force)
    click.echo(text if out is None else f"{describe_clusters(result)}; written to {out}",
               nl=out is not None)


# --- partner suggestions and pair scores (issue 3) -------------------------------------------
_weights_option = click.option(
    "--weights", "weights_file", type=click.Path(dir_okay=False), default=None,
    help="TOML file with a [weights] table (complementarity, industry, interests, proximity); "
         "overrides [weights] of ./speeddate.toml and the defaults.")
_text_model_option = click.option(
    "--text-model", type=click.Choice(["tfidf", "e5"]), default="tfidf", show_default=True,
    help="Text similarity: TF-IDF, or TF-IDF mixed with e5 sentence embeddings "
         "(optional extra speeddate[e5], offline).")
_lang_option = click.option("--lang", type=click.Choice(["nn", "nb", "en"]), default="nn",
                            show_default=True, help="Language of the reasons.")


def _progress_bar():
    """A tqdm progress callback for long scoring when stderr is a terminal, else None."""
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    state: dict = {}

    def update(done: int, total: int) -> None:
        bar = state.setdefault("bar", tqdm(total=total, unit="companies", file=sys.stderr,
                                           leave=False, desc="scoring"))
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    return update


def _scored(file, columns, weights_file, text_model):
    """Load profiles and prepare their pair features (texts vectorised once)."""
    from matcher.score import pair_features
    from matcher.weights import resolve_weights
    from profiles.load import load_profiles

    profiles = load_profiles(file, columns)
    return profiles, pair_features(profiles, resolve_weights(weights_file), text_model=text_model)


@main.command("suggest")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--top", type=click.IntRange(1, None), default=5, show_default=True,
              help="Partners per company.")
@click.option("--company", "companies", multiple=True,
              help="Only this company (id, orgnr or name); repeat for more.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "md"]),
              help="Output format (default: from the --out suffix, else table).")
@_lang_option
@click.option("--out", type=click.Path(dir_okay=False), help="Write to this file.")
@_weights_option
@_text_model_option
@columns_option
@force_option
@handle_errors
def suggest_command(file, top, companies, fmt, lang, out, weights_file, text_model, columns,
                    force):
    """Suggest each company's best partners, with a score and a reason.

    \b
    Example:
      speeddate suggest members.csv --top 5 --lang nn
      speeddate suggest members.csv --company "Kviteseid Mek." --format md --out forslag.md
    """
    from matcher.suggest import format_for, format_suggestions, suggest

    profiles, feat = _scored(file, columns, weights_file, text_model)
    found = suggest(profiles, top=top, lang=lang, companies=companies or None, features=feat,
                    progress=_progress_bar())
    _emit(format_suggestions(found, format_for(out, fmt), profiles), out, force,
          f"{len(found)} suggestions")


@main.command("score")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--out", type=click.Path(dir_okay=False),
              help="CSV file for the pair table (default: print it).")
@click.option("--min-score", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Leave out pairs scoring below this.")
@_weights_option
@_text_model_option
@columns_option
@force_option
@handle_errors
def score_command(file, out, min_score, weights_file, text_model, columns, force):
    """Score every pair: a CSV with the score and each component as a column.

    \b
    Example:
      speeddate score members.csv --out pairs.csv --min-score 0.2
    """
    from matcher.suggest import pairs_csv

    profiles, feat = _scored(file, columns, weights_file, text_model)
    text = pairs_csv(profiles, min_score=min_score, features=feat)
    _emit(text, out, force, f"{text.count(chr(10)) - 1} pairs")


@main.command("explain")
@click.argument("file", type=click.Path(dir_okay=False))
@click.argument("a")
@click.argument("b")
@_lang_option
@click.option("--json", "as_json", is_flag=True, help="Print the breakdown as JSON.")
@_weights_option
@_text_model_option
@columns_option
@handle_errors
def explain_command(file, a, b, lang, as_json, weights_file, text_model, columns):
    """Show the full breakdown of one pair's score, from company A's side.

    A and B are ids, organisation numbers or names.

    \b
    Example:
      speeddate explain members.csv "Tokke Bygg" "Kviteseid Mek." --lang en
    """
    from matcher.suggest import explain_text

    profiles, feat = _scored(file, columns, weights_file, text_model)
    click.echo(explain_text(profiles, a, b, lang=lang, as_json=as_json, features=feat), nl=False)


def _schedule_progress():
    """A one-line progress display on stderr for the schedule search (None if not a terminal)."""
    if not sys.stderr.isatty():
        return None

    def show(message: str, fraction: float) -> None:
        end = "\n" if fraction >= 1.0 else ""
        click.echo(f"\r[{100 * fraction:3.0f}%] {message[:60]:<60}{end}", nl=False, err=True)

    return show


_pause_option = click.option(
    "--pause-after", help="Longer pauses as ROUND:MINUTES, e.g. 6:30 (lunch after round 6) "
                          "or 4:15,8:45.")


@main.command("schedule")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--rounds", type=click.IntRange(1, None), help="Number of rounds.")
@click.option("--tables", type=click.IntRange(1, None), help="Number of tables (default: enough).")
@click.option("--tables-file", type=click.Path(exists=True, dir_okay=False),
              help="Named tables/locations, one per line (or CSV with a 'table' column).")
@click.option("--start", default="09:00", show_default=True, help="Start of round 1.")
@click.option("--minutes", type=click.IntRange(1, None), default=10, show_default=True,
              help="Length of a meeting.")
@click.option("--break", "break_minutes", type=click.IntRange(0, None), default=5,
              show_default=True, help="Minutes between rounds.")
@_pause_option
@click.option("--meetings", "meetings_file", type=click.Path(exists=True, dir_okay=False),
              help="Requested-meetings mode: CSV of agreed meetings (columns a, b, optional "
                   "rounds such as 1-13); every meeting is placed or the reasons are listed.")
@click.option("--max-break-spread", type=click.IntRange(0, None), default=2, show_default=True,
              help="Requested meetings: most difference in breaks between two companies.")
@click.option("--group-size", type=click.IntRange(2, None),
              help="Groups mode: tables of this many companies, no pair together twice.")
@click.option("--mingle", type=click.IntRange(2, None),
              help="Everyone-meets-everyone mode: fewest rounds at tables of at most this size.")
@click.option("--hosted", is_flag=True, help="Hosted mode: visitors rotate to the hosts only.")
@click.option("--fairness", type=click.FloatRange(0, None), default=0.1, show_default=True,
              help="Pairs mode: weight of giving every company at least a third of its expected "
                   "meetings (0 = total score only).")
@click.option("--max-meetings", type=click.IntRange(0, None), help="Cap on meetings per company.")
@click.option("--min-score", type=float, default=0.0, show_default=True,
              help="Pairs at or below this score are not scheduled (must-meet aside).")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@click.option("--time-limit", type=click.FloatRange(0, None, min_open=True), default=10.0,
              show_default=True, help="Seconds the search may take (best plan so far is kept).")
@click.option("--solver", type=click.Choice(["auto", "milp", "heuristic", "greedy"]),
              default="auto", show_default=True, help="Exact model, heuristic or the baseline.")
@click.option("--event-name", help="Event name written into schedule.json.")
@click.option("--venue", help="Venue written into schedule.json.")
@click.option("--date", "date", help="Event date (YYYY-MM-DD) written into schedule.json.")
@_weights_option
@_text_model_option
@click.option("--out", type=click.Path(file_okay=False), required=True, help="Output folder.")
@columns_option
@force_option
@handle_errors
def schedule_command(file, columns, out, force, weights_file, text_model, **kw):
    """Plan the rounds and tables of an event; write schedule.json and schedule.csv.

    Pairs mode by default: the best 1:1 meetings from the pair scores, with
    availability, avoid and must-meet pairs, hosts at fixed tables, table
    limits and caps respected. Other modes: --meetings (place a list of agreed
    meetings), --group-size (tables of k), --mingle (everyone meets everyone),
    --hosted (visitors rotate to hosts). Statistics (total, bound, gap) are
    printed.

    \b
    Examples:
      speeddate schedule members.csv --rounds 8 --tables 20 --start 09:00 \\
          --minutes 12 --break 3 --pause-after 4:30 --out event
      speeddate schedule members.csv --rounds 14 --meetings agreed.csv --out b2b
      speeddate schedule members.csv --rounds 5 --group-size 4 --out tables
      speeddate schedule members.csv --mingle 4 --out mingle
    """
    from matcher.output import staged_dir
    from matcher.schedule import format_stats, plan_event, write_schedule_files
    from matcher.schedule_setup import build_options, event_scores, pick_mode
    from profiles.load import load_profiles

    profiles = load_profiles(file, columns)
    mode = pick_mode(kw["meetings_file"], kw["group_size"], kw["mingle"], kw.pop("hosted"))
    options = build_options(mode=mode, profiles=profiles, **kw)
    schedule = plan_event(profiles, event_scores(profiles, mode, weights_file, text_model),
                          options, _schedule_progress())
    with staged_dir(out, force) as stage:
        write_schedule_files(schedule, stage)
    click.echo(format_stats(schedule) + f"\nWritten to {out}/schedule.json and schedule.csv")


_pipeline_options = [
    click.option("--out", type=click.Path(file_okay=False), default="speeddate-out", show_default=True,
                 help="Output folder (refused if it exists, unless --force)."),
    click.option("--rounds", type=click.IntRange(1, 200), default=8, show_default=True),
    click.option("--tables", type=click.IntRange(1, 10000), default=None,
                 help="Number of tables (default: enough for everybody)."),
    click.option("--start", default="09:00", show_default=True, help="Clock time of round 1."),
    click.option("--minutes", type=click.IntRange(1, 600), default=10, show_default=True),
    click.option("--break", "break_minutes", type=click.IntRange(0, 600), default=5, show_default=True),
    click.option("--lang", type=click.Choice(["nn", "nb", "en"]), default="nn", show_default=True,
                 help="Language of reasons, agendas and cluster cards."),
    click.option("--seed", type=int, default=0, show_default=True),
    click.option("--time-limit", type=click.FloatRange(0.1, 3600), default=10.0, show_default=True,
                 help="Seconds the schedule search may take."),
    click.option("--event-name", default=None, help="Name of the event, for agendas."),
    click.option("--venue", default=None, help="Venue, for agendas."),
    click.option("--date", "event_date", default=None, help="Date YYYY-MM-DD (calendar files need it)."),
    click.option("--weights", "weights_file", type=click.Path(exists=True, dir_okay=False), default=None,
                 help="TOML file with [weights] for the pair score."),
    click.option("--format", "agenda_formats", default=None,
                 help="Agenda formats, e.g. csv,md,html,pdf,ics,xlsx (default: all that can be made)."),
    force_option,
]


def _with_pipeline_options(func):
    for option in reversed(_pipeline_options):
        func = option(func)
    return func


def _run_pipeline(profiles, out, event_name, venue, event_date, weights_file, agenda_formats, **kw):
    from matcher.agenda import parse_formats
    from matcher.pipeline import run_pipeline
    from matcher.weights import resolve_weights

    event = {k: v for k, v in (("name", event_name), ("venue", venue), ("date", event_date)) if v}
    summary = run_pipeline(profiles, out, event=event, weights=resolve_weights(weights_file),
                           agenda_formats=parse_formats(agenda_formats) if agenda_formats else None,
                           progress=_schedule_progress(), **kw)
    click.echo("\n".join(summary.lines()))


@main.command()
@_with_pipeline_options
@handle_errors
def demo(**kw):
    """Run the whole pipeline on the bundled sample of companies.

    Scores every pair, suggests partners, plans a speed-dating schedule, finds
    candidate clusters and writes agendas into --out, then prints a summary.

    \b
    Example:
      speeddate demo --out speeddate-out --rounds 8 --lang nn
    """
    from profiles.load import load_sample

    kw["event_name"] = kw["event_name"] or "Speed-dating i Vest-Telemark Næringsforum"
    kw["venue"] = kw["venue"] or "Seljord"
    kw["event_date"] = kw["event_date"] or "2027-03-18"
    _run_pipeline(load_sample(), **kw)


@main.command("run")
@click.argument("file", type=click.Path(dir_okay=False))
@columns_option
@_with_pipeline_options
@handle_errors
def run_command(file, columns, **kw):
    """Run the whole pipeline on your own registrations file.

    The same as `speeddate demo`, for FILE (CSV, XLSX or JSON).

    \b
    Example:
      speeddate run registrations.xlsx --rounds 10 --tables 20 --date 2027-03-18 --out event
    """
    from profiles.load import load_profiles

    _run_pipeline(load_profiles(file, columns), **kw)


@main.command("reschedule")
@click.argument("schedule_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--absent", multiple=True, help="Company (id, orgnr or name) missing from "
                                              "--from-round on; repeat for several.")
@click.option("--arrived", multiple=True, help="Company present from --from-round on (a "
                                               "latecomer); repeat for several.")
@click.option("--from-round", type=click.IntRange(1, None), required=True,
              help="First round to re-plan; earlier rounds stay as they happened.")
@click.option("--lang", type=click.Choice(["nn", "nb", "en"]), default="nn", show_default=True,
              help="Language of changes.md.")
@click.option("--out", type=click.Path(file_okay=False), required=True, help="Output folder.")
@_weights_option
@force_option
@handle_errors
def reschedule_command(schedule_file, absent, arrived, from_round, lang, out, weights_file, force):
    """Repair a schedule during the event: no-shows, early leavers and latecomers.

    Keeps the rounds before --from-round, cancels the absent companies'
    meetings, keeps every other meeting in place and gives freed companies
    and latecomers new meetings at free tables. Writes schedule.json,
    schedule.csv, changes.csv and changes.md (what changed for whom).

    \b
    Example:
      speeddate reschedule event/schedule.json --absent "Tokke Bygg AS" \\
          --arrived 923793798 --from-round 3 --out event-r3
    """
    from matcher.output import staged_dir
    from matcher.reschedule import reschedule, write_reschedule_files
    from matcher.schedule import format_stats, read_schedule
    from matcher.weights import resolve_weights

    new, changes = reschedule(read_schedule(schedule_file), absent, arrived, from_round,
                              weights=resolve_weights(weights_file))
    with staged_dir(out, force) as stage:
        write_reschedule_files(new, changes, stage, lang)
    click.echo(format_stats(new))
    click.echo(f"{len(changes)} changed company-rounds; written to {out} (changes.md, "
               "changes.csv, schedule.json, schedule.csv)")


if __name__ == "__main__":  # pragma: no cover
    main()
