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


if __name__ == "__main__":  # pragma: no cover
    main()
