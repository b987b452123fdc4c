"""The Dask engine on a LocalCluster gives byte-identical per-document JSON, index and resume semantics."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from batch_helpers import TEXTS, batch, index_by_path, outputs

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c


def test_dask_matches_local_byte_for_byte(cluster, tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "nested").mkdir(parents=True)
    for p in TEXTS:
        shutil.copy(p, src / p.name)
    shutil.copy(TEXTS[0], src / "nested" / "copy of plan.txt")
    (src / "empty.txt").write_bytes(b"")

    local = tmp_path / "local"
    res = batch(str(src), "-o", str(local), "-j", "2")
    assert res.returncode == 3, res.stderr.decode()
    for mode in ([], ["--send-bytes"]):
        out = tmp_path / ("dask" + "".join(mode))
        res = batch(str(src), "-o", str(out), "--engine", "dask", "--scheduler", cluster.scheduler_address, *mode)
        assert res.returncode == 3, res.stderr.decode()
        got, want = outputs(out), outputs(local)
        assert set(got) == set(want) == {p.name for p in TEXTS} | {"nested/copy of plan.txt"}
        for rel in want:
            assert got[rel].read_bytes() == want[rel].read_bytes(), rel
        strip = ("seconds",)
        idx_d = {k: {f: v for f, v in e.items() if f not in strip} for k, e in index_by_path(out).items()}
        idx_l = {k: {f: v for f, v in e.items() if f not in strip} for k, e in index_by_path(local).items()}
        assert idx_d == idx_l
        summary = json.loads((out / "_summary.json").read_text(encoding="utf-8"))
        assert summary["engine"] == "dask" and summary["errors_by_code"] == {"empty_document": 1}

    # Resume works the same way: nothing changed, nothing sent to the cluster.
    res = batch(str(src), "-o", str(tmp_path / "dask"), "--engine", "dask", "--scheduler", cluster.scheduler_address, "--skip-failed")
    assert res.returncode == 3
    summary = json.loads((tmp_path / "dask" / "_summary.json").read_text(encoding="utf-8"))
    assert summary["counts"]["processed"] == 0 and summary["counts"]["skipped"] == len(TEXTS) + 2


def test_unreachable_scheduler_is_a_clean_error(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    shutil.copy(TEXTS[0], tmp_path / "in" / "a.txt")
    res = batch(str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9",
                env={"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "1s"})
    assert res.returncode == 1
    assert b"Traceback" not in res.stderr and b"scheduler" in res.stderr
