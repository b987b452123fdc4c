"""`khparse batch IN_DIR -o OUT_DIR`: resumable parallel conversion of a folder tree.

Only click is imported at module level: `khparse --help` must stay fast.
"""
from __future__ import annotations

import sys

import click

from ..cli import EXIT_ERROR, EXIT_USAGE
from .limit_options import configure_limits, limit_options

EXIT_INTERRUPTED = 130  # as `khparse` does for Ctrl-C elsewhere (128 + SIGINT)


@click.command("batch")
@click.argument("in_dir", type=click.Path(exists=True, file_okay=False, dir_okay=True))
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(file_okay=False, dir_okay=True),
              help="Output folder (created). Gets <relative path>.json per input, _index.jsonl, _errors.jsonl, _summary.json.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Worker processes.  [default: CPU count]")
@click.option("--glob", "globs", multiple=True, metavar="PATTERN",
              help="Inputs to take, case-insensitive, repeatable; a pattern with '/' matches the relative path.  [default: *.txt *.docx *.doc *.pdf]")
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "csv"]), default="json", show_default=True,
              help="Also write OUT_DIR/results.jsonl (one document per line) or OUT_DIR/results.csv (header fields, UTF-8 with BOM). "
                   "Per-document JSON files are written in every format: they are what resuming relies on.")
@limit_options(helps={"timeout": "Seconds per file before its worker is killed and the file recorded as 'timeout' (default {default}; 0 = no limit)."})
@click.option("--force", is_flag=True, help="Convert everything again, ignoring earlier results.")
@click.option("--skip-failed", is_flag=True, help="Also skip inputs that failed in an earlier run with the same bytes and version (default: retry them).")
@click.option("--ocr", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True, help="OCR pages of PDFs (as in `extract`).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or log lines.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: worker processes on this machine; dask: an existing Dask distributed cluster (pip install 'khparse[dask]').")
@click.option("--scheduler", metavar="ADDRESS", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (with --engine dask).")
@click.option("--send-bytes", is_flag=True, help="Dask: send file contents to the workers instead of paths (no shared folder needed).")
@click.option("--worker-in-dir", metavar="PATH", help="Dask: IN_DIR as mounted on the workers, when it differs from here.")
@click.option("--max-tasks-per-worker", type=click.IntRange(min=0), default=0, show_default=True,
              help="Restart a local worker after this many files (0 = never); bounds slow memory growth.")
@click.option("--review", is_flag=True, help="Also write OUT_DIR/_review/: an HTML page per document to check every value, and index.html listing them, the most doubtful first.")
@click.option("--sink", "sinks", multiple=True, metavar="URL",
              help="Also write every document into a database, as normalized tables (repeatable): "
                   "sqlite:///plans.db (a file, no server) or postgresql://USER:PASSWORD@HOST/DB (pip install 'khparse[postgres]'). "
                   "Re-runs upsert by sha256, never duplicate.")
@click.pass_context
def batch_cmd(ctx: click.Context, in_dir: str, out_dir: str, jobs: int | None, globs: tuple[str, ...], fmt: str,
              force: bool, skip_failed: bool, ocr: str, quiet: bool, engine: str, scheduler: str | None,
              send_bytes: bool, worker_in_dir: str | None, max_tasks_per_worker: int, review: bool, sinks: tuple[str, ...]) -> None:
    """Convert every plan under IN_DIR, in parallel, into OUT_DIR.

    \b
    Each input a/b/plan.pdf becomes OUT_DIR/a/b/plan.pdf.json (the tree is
    mirrored; the extension stays so plan.pdf and plan.docx don't collide).
    OUT_DIR/_index.jsonl has one line per input (sha256, status ok/warning/
    error, seconds, reference, date, issuer, title, warnings, output path),
    OUT_DIR/_errors.jsonl one line per failed input (code and message),
    OUT_DIR/_summary.json the counts and timings.

    \b
    Resumable: a re-run skips inputs whose bytes (sha256), extractor version
    and --ocr mode match an existing output, so an interrupted batch just
    finishes the rest (--force redoes everything). Outputs are written
    atomically; one bad file never stops the batch: a file that fails, runs
    past --timeout or kills its worker is recorded in _errors.jsonl.
    Hidden files and folders, Office lock files (~$*) and symlinked folders
    inside the tree are skipped; a symlink pointing outside IN_DIR is
    recorded as the error "symlink_outside_tree".

    \b
    --sink URL also writes each document, as it finishes, into a database:
    tables documents (one row per input sha256, the whole output in `json`),
    citations, commemorations, phases, tasks, assignments, quotas, rewards,
    deadlines and recipients (one row per item). The schema is created and
    migrated on open; a sink that cannot be opened stops the batch at once
    (exit 1). A document a sink refuses is recorded as the error
    "sink_failed" and converted again next run; skipped (unchanged) inputs
    are put into a sink that lacks them.

    Progress goes to stderr: a bar on a terminal, otherwise a line every 5 s
    or 5 % ("batch: 120/2000 done, 35.2 files/s, ETA 53 s, 2 errors").

    \b
    The limits (--max-input-mb … --timeout) default to their KHPARSE_*
    environment variable, else to the value shown; the workers get the same.
    An input over one is recorded as "limit_exceeded" (or "timeout").

    Exit codes: 0 all converted (warnings included), 1 the batch could not
    run, 2 usage error, 3 some files failed.
    """
    from ..batch.runner import BatchError, BatchOptions, BatchUsageError, run_batch
    from ..batch.walk import DEFAULT_GLOBS

    timeout = configure_limits(ctx).timeout  # before any worker starts: they inherit the environment
    if engine == "dask" and not scheduler:
        raise click.UsageError("--engine dask needs --scheduler ADDRESS")
    if engine != "dask" and (scheduler or send_bytes or worker_in_dir):
        raise click.UsageError("--scheduler, --send-bytes and --worker-in-dir go with --engine dask")
    opts = BatchOptions(
        in_dir=in_dir, out_dir=out_dir, jobs=jobs, globs=globs or DEFAULT_GLOBS, fmt=fmt,
        timeout=timeout or None, force=force, skip_failed=skip_failed, ocr=ocr, quiet=quiet, engine=engine,
        scheduler=scheduler, send_bytes=send_bytes, worker_in_dir=worker_in_dir, max_tasks_per_worker=max_tasks_per_worker,
        review=review, sinks=sinks,
    )
    try:
        result = run_batch(opts)
    except BatchUsageError as exc:
        click.echo(f"khparse: error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except BatchError as exc:
        click.echo(f"khparse: error: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: finished files are kept, the index is compacted
        click.echo(f"khparse: interrupted; finished files are kept in {out_dir}, run the same command again to finish", err=True)
        sys.exit(EXIT_INTERRUPTED)
    sys.exit(result.exit_code)
