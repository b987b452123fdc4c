"""`khparse export --profile tt02-2019|tt05-2025 OUT_DIR... -o metadata.csv|metadata.xlsx`."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..cli import EXIT_ERROR, EXIT_OK


@click.command("export")
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--profile", "profile_name", type=click.Choice(["tt02-2019", "tt05-2025"]), default="tt02-2019", show_default=True,
              help="Field list: Thông tư 02/2019/TT-BNV, or Thông tư 05/2025/TT-BNV (in force from 01/7/2025).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-", show_default=True,
              help="metadata.csv or metadata.xlsx (format from the extension); '-' writes CSV to stdout.")
@click.option("--delimiter", type=click.Choice([",", ";", "tab"]), default=",", show_default=True,
              help="CSV separator (';' for Excel in a Vietnamese locale).")
@click.option("--with-source", is_flag=True, help="Add a last column naming each row's JSON file (not a circular's field).")
def export_cmd(sources: tuple[str, ...], profile_name: str, output: str, delimiter: str, with_source: bool) -> None:
    """Export outputs to archive-metadata rows, one per document.

    SOURCES are folders of khparse JSON outputs (searched recursively for
    *.json, skipping files whose name starts with "_") or single JSON files.
    Columns, their order and lengths follow the circular's table in
    parser/rules/archive_*.tsv; a value longer than its field is cut and the
    cut is noted in the Ghi chú column. CSV is UTF-8 with BOM.
    """
    from ..export import cut_count, export_row, find_outputs, headers, load_output, load_profile, write_csv, write_xlsx

    profile = load_profile(profile_name)
    to_xlsx = output.lower().endswith(".xlsx")
    if output != "-" and not to_xlsx and not output.lower().endswith((".csv", ".tsv", ".txt")):
        raise click.UsageError(f"-o {output}: use a .csv or .xlsx file name")
    rows: list[list[str]] = []
    skipped = 0
    for src in sources:
        root = Path(src)
        for path in find_outputs(root):
            try:
                data = load_output(path)
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                click.echo(f"khparse: warning: {path}: not readable JSON ({exc}); skipped", err=True)
                skipped += 1
                continue
            if data is None:
                click.echo(f"khparse: warning: {path}: not a khparse output; skipped", err=True)
                skipped += 1
                continue
            name = path.relative_to(root).as_posix() if root.is_dir() else path.name
            rows.append(export_row(data, profile, source=name if with_source else None, guard_formulas=not to_xlsx))
    if not rows:
        click.echo("khparse: error: no khparse JSON outputs found", err=True)
        sys.exit(EXIT_ERROR)
    cols = headers(profile, with_source=with_source)
    if to_xlsx:
        write_xlsx(output, cols, rows, widths=[c.max_len for c in profile.columns])
    elif output == "-":
        from ..export.writers import csv_text

        click.echo(csv_text(cols, rows, delimiter="\t" if delimiter == "tab" else delimiter), nl=False)
    else:
        write_csv(output, cols, rows, delimiter="\t" if delimiter == "tab" else delimiter)
    noted = cut_count(rows, profile)
    where = "" if output == "-" else f" to {output}"
    click.echo(f"khparse: {len(rows)} row(s) ({profile.name}){where}; {noted} with a note in Ghi chú; {skipped} file(s) skipped", err=True)
    sys.exit(EXIT_OK)
