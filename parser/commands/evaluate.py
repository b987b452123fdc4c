"""`khparse evaluate GOLD_DIR PRED_DIR` or `khparse evaluate GOLD_DIR --run CORPUS_DIR`."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click


@click.command("evaluate")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False))
@click.argument("pred_dir", required=False, type=click.Path(exists=True, file_okay=False))
@click.option("--run", "run_dir", type=click.Path(exists=True, file_okay=False), help="Extract the documents in this directory (NAME.* for each gold NAME.json) instead of reading PRED_DIR.")
@click.option("--json", "as_json", is_flag=True, help="Print {fields, overall} as JSON.")
@click.option("--verbose", is_flag=True, help="List every miss.")
def evaluate_cmd(gold_dir: str, pred_dir: str | None, run_dir: str | None, as_json: bool, verbose: bool) -> None:
    """Field-level precision / recall / F1, as ../shared/eval/score.py computes them."""
    from ..evaluate import score_dirs, score_docs

    if bool(pred_dir) == bool(run_dir):
        raise click.UsageError("give PRED_DIR or --run CORPUS_DIR (one of them)")
    if pred_dir:
        report = score_dirs(Path(gold_dir), Path(pred_dir))
    else:
        from ..errors import KhparseError
        from ..pipeline import run_file

        pairs = []
        for gf in sorted(Path(gold_dir).glob("*.json")):
            gold = json.loads(gf.read_text(encoding="utf-8"))
            inputs = sorted(p for p in Path(run_dir).glob(gf.stem + ".*") if p.suffix != ".json")
            pred: dict = {}
            if inputs:
                try:
                    pred = run_file(inputs[0])
                except KhparseError as exc:
                    click.echo(f"khparse: error: {exc}", err=True)
            pairs.append((gf.stem, gold, pred))
        report = score_docs(pairs)
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
    else:
        click.echo(report.format(verbose=verbose))
    sys.exit(0)
