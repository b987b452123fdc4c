"""Bulk conversion of a folder tree: `khparse batch IN_DIR -o OUT_DIR`.

Modules, in the order a run uses them:
- `walk`: list the inputs (lazy, sorted, no symlinks out of the tree, safe output paths);
- `index`: the manifest `_index.jsonl` (append as files finish, tolerant load, compaction);
- `worker`: the per-document function (`convert_path`, `convert_bytes`), the same on every engine,
  and the local worker process (writes its outputs under temporary names, fsync on a writer thread);
- `pool`: the local engine, parent + N worker processes, per-file timeout, dead-worker recovery;
- `dask_engine`: the same function on a Dask distributed cluster;
- `progress`: bar on a terminal, periodic log lines otherwise;
- `report`: `_errors.jsonl`, `_summary.json`, `results.jsonl`, `results.csv`;
- `runner`: ties them together (resume; outputs made visible, renamed or written, by the parent only).

Nothing heavy is imported here: the pipeline is imported by the workers.
"""
from __future__ import annotations

from .runner import BatchOptions, BatchResult, run_batch

__all__ = ["BatchOptions", "BatchResult", "run_batch"]
