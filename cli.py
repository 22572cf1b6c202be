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
@click.option("--format", "formats", default="csv,md", show_default=True,
              help="Comma-separated: html,pdf,ics,xlsx,csv,md (or all).")
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

    schedule = read_schedule_file(schedule_file)
    profiles = None
    if profiles_file:
        from profiles.load import load_profiles

        profiles = load_profiles(profiles_file, columns)
    event = {"name": event_name, "venue": venue, "date": date}
    with staged_dir(out, force) as stage:
        summary = write_agendas(schedule, stage, formats, lang, profiles, event, tips=tips)
    click.echo(f"{summary.describe()} written to {out}")


if __name__ == "__main__":  # pragma: no cover
    main()
