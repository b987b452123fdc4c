"""`khparse validate OUT.json...`."""
from __future__ import annotations

import json
import sys

import click

from ..cli import EXIT_ERROR, EXIT_OK


@click.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
def validate_cmd(files: tuple[str, ...]) -> None:
    """Validate JSON output file(s) against schemas/kh-v1.schema.json."""
    from ..schema import validate

    status = EXIT_OK
    for name in files:
        try:
            with open(name, encoding="utf-8") as fh:
                obj = json.load(fh)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            click.echo(f"khparse: error: {name}: not readable JSON: {exc}", err=True)
            status = EXIT_ERROR
            continue
        errors = validate(obj)
        if errors:
            status = EXIT_ERROR
            for err in errors[:20]:
                click.echo(f"{name}: {err}", err=True)
        else:
            click.echo(f"{name}: valid")
    sys.exit(status)
