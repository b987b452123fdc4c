"""`khparse review FILE.json -o review.html [--open]` and `khparse review OUT_DIR -o review/`."""
from __future__ import annotations

import json
import sys
import webbrowser
from pathlib import Path

import click

from ..cli import EXIT_ERROR, EXIT_OK


def _load(path: Path) -> dict:
    """A JSON output as is; any other file (TXT, DOCX, PDF …) is extracted in memory first."""
    if path.suffix.lower() == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        if not (isinstance(data, dict) and data.get("schema_version") == "1"):
            raise click.ClickException(f"{path}: not a khparse output (no schema_version 1)")
        return data
    from ..errors import KhparseError
    from ..pipeline import run_file

    try:
        return run_file(path)
    except KhparseError as exc:
        raise click.ClickException(f"{exc} [{exc.code}]") from None


@click.command("review")
@click.argument("source", type=click.Path(exists=True))
@click.option("-o", "--output", type=click.Path(),
              help="Page to write (FILE input; default FILE.html beside it) or directory (OUT_DIR input; default OUT_DIR/_review).")
@click.option("--open", "open_browser", is_flag=True, help="Open the page (or the index) in the default web browser.")
def review_cmd(source: str, output: str | None, open_browser: bool) -> None:
    """Write a self-contained HTML page to check every extracted value.

    SOURCE is one khparse JSON output (or a TXT/DOCX/DOC/PDF, extracted on
    the fly): the page shows the text with every extracted span highlighted
    and coloured by field, the values beside it (click one to jump to its
    span), warnings and the quality score on top.

    SOURCE may be a folder of JSON outputs: one page per document plus an
    index.html listing them, doubtful documents first.
    """
    from ..export import find_outputs, load_output
    from ..review import write_page, write_review_dir

    src = Path(source)
    if src.is_dir():
        out_dir = Path(output) if output else src / "_review"
        pairs = []
        for path in find_outputs(src):
            try:
                data = load_output(path)
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                click.echo(f"khparse: warning: {path}: not readable JSON ({exc}); skipped", err=True)
                continue
            if data is None:
                continue
            pairs.append((path.relative_to(src).as_posix(), data))
        if not pairs:
            click.echo(f"khparse: error: no khparse JSON outputs in {src}", err=True)
            sys.exit(EXIT_ERROR)
        target = write_review_dir(pairs, out_dir)
        click.echo(f"khparse: {len(pairs)} page(s) and {target}", err=True)
    else:
        data = _load(src)
        target = Path(output) if output else src.with_suffix(".html")
        if target.is_dir() or (output or "").endswith(("/", "\\")):
            target = target / src.with_suffix(".html").name
        write_page(data, target, name=src.name)
        click.echo(f"khparse: wrote {target}", err=True)
    if open_browser:
        webbrowser.open(target.resolve().as_uri())
    sys.exit(EXIT_OK)
