"""The sink API against SQLite and a real PostgreSQL: rows, idempotence, keys, migrations, parameters only."""
from __future__ import annotations

import copy
import hashlib
import json
import time

import pytest

from parser.sinks import SinkError, SinkUsageError, open_sink, redact, sqlite_path
from parser.sinks.migrate import available, latest
from parser.sinks.rows import CHILD_COLUMNS, TABLES, child_rows, expected_counts

LISTS = {  # child table -> the output lists it holds
    "citations": ("legal_basis", "references"), "commemorations": ("commemorations",), "phases": ("phases",),
    "tasks": ("tasks",), "assignments": ("assignments",), "quotas": ("quotas",), "rewards": ("rewards",),
    "deadlines": ("deadlines",), "recipients": ("recipients",),
}


def q(sink, sql: str, *params):  # type: ignore[no-untyped-def]
    """A test query written with ? placeholders, run with the dialect's own."""
    return sink._execute(sql.replace("?", sink.PARAM), tuple(params))


def as_list(value):  # type: ignore[no-untyped-def]
    """A JSON column as Python: SQLite returns the text, PostgreSQL the decoded JSONB."""
    return json.loads(value) if isinstance(value, str) else value


def variant(out: dict, marker: str) -> dict:
    """The same output for other input bytes (a new sha256)."""
    new = copy.deepcopy(out)
    new["source"]["sha256"] = hashlib.sha256((out["source"]["sha256"] + marker).encode()).hexdigest()
    return new


def test_counts_match_the_outputs_and_reloading_adds_nothing(sink_url: str, corpus_json) -> None:
    outs = [o for o, _ in corpus_json]
    want = expected_counts(outs)
    assert want["documents"] == len(outs) and want["citations"] == sum(len(o["legal_basis"]) + len(o["references"]) for o in outs)
    assert all(want[t] > 0 for t in TABLES), want  # the corpus exercises every table
    with open_sink(sink_url) as sink:
        for out, text in corpus_json:
            assert sink.put(out, text) == out["source"]["sha256"]
        assert sink.counts() == want
        for out, text in corpus_json:  # a re-run upserts: same rows, no duplicates
            sink.put(out, text)
        assert sink.counts() == want
    with open_sink(sink_url) as sink:  # reopened: migrations not applied twice, data kept
        assert sink.counts() == want
        assert [r[0] for r in q(sink, "SELECT version FROM schema_migrations ORDER BY version")] == [m.version for m in available(sink.dialect)]
        for out in outs:  # per document and table, exactly its items
            sha = out["source"]["sha256"]
            for table, lists in LISTS.items():
                n = q(sink, f"SELECT count(*) FROM {table} WHERE sha256 = ?", sha)[0][0]
                assert n == sum(len(out[name]) for name in lists), (table, sha)


def test_values_round_trip(sink_url: str, corpus_json) -> None:
    out, text = max(corpus_json, key=lambda p: len(p[0]["tasks"]))
    sha = out["source"]["sha256"]
    with open_sink(sink_url) as sink:
        sink.put(out, text)
        row = q(sink, "SELECT reference, symbol, place, issued_value, issued_precision, title, issuer_name, signer_name, "
                      "signer_authority, warnings_count, quality_score, archive_holders, path, format, ocr, json "
                      "FROM documents WHERE sha256 = ?", sha)[0]
        doc = out["document"]
        assert row[:11] == (doc["reference"], doc["symbol"], doc["place"], doc["issued"]["value"], doc["issued"]["precision"],
                            doc["title"], out["issuer"]["name"], out["signer"]["name"], out["signer"]["authority"],
                            len(out["warnings"]), pytest.approx(out["quality"]["score"]))
        assert as_list(row[11]) == (out["archive_copy"] or {}).get("holders", as_list(row[11]))
        assert row[12:14] == (out["source"]["path"], out["source"]["format"]) and not row[14]
        assert as_list(row[15]) == out  # the whole output, as written
        refs = q(sink, "SELECT text, number, date_value, span_start, span_end FROM citations "
                       "WHERE sha256 = ? AND role = 'references' ORDER BY ordinal", sha)
        assert [tuple(r) for r in refs] == [(c["text"], c["number"], (c["date"] or {}).get("value"), *c["span"])
                                           for c in out["references"]]
        tasks = q(sink, "SELECT title, lead_units, units, section FROM tasks WHERE sha256 = ? ORDER BY ordinal", sha)
        assert [(t[0], as_list(t[1]), as_list(t[2]), t[3]) for t in tasks] == [
            (t["title"], t["lead_units"], t["units"], t["section"]) for t in out["tasks"]]
        duties = q(sink, "SELECT duties FROM assignments WHERE sha256 = ? ORDER BY ordinal", sha)
        assert [as_list(d[0]) for d in duties] == [a["duties"] for a in out["assignments"]]
        quotas = q(sink, "SELECT operator, value, unit FROM quotas WHERE sha256 = ? ORDER BY ordinal", sha)
        assert [(r[0], r[1], r[2]) for r in quotas] == [(x["operator"], float(x["value"]), x["unit"]) for x in out["quotas"]]


def test_changed_bytes_are_a_new_document_and_the_old_row_stays(sink_url: str, corpus_json) -> None:
    out, text = corpus_json[0]
    newer = variant(out, "edited")
    newer["recipients"] = newer["recipients"][:1]
    with open_sink(sink_url) as sink:
        sink.put(out, text)
        sink.put(newer)
        counts = sink.counts()
        assert counts["documents"] == 2
        assert counts["recipients"] == len(out["recipients"]) + 1
        paths = q(sink, "SELECT path FROM documents ORDER BY path")
        assert [p[0] for p in paths] == [out["source"]["path"]] * 2  # same path, keyed by sha256


def test_reput_replaces_the_items(sink_url: str, corpus_json) -> None:
    """A document loaded again with fewer items (a newer extractor) keeps only the new ones."""
    out, text = next(p for p in corpus_json if len(p[0]["recipients"]) > 2)
    shorter = copy.deepcopy(out)
    shorter["recipients"] = shorter["recipients"][:2]
    shorter["references"] = []
    with open_sink(sink_url) as sink:
        sink.put(out, text)
        sink.put(shorter)
        counts = sink.counts()
        assert counts["recipients"] == 2 and counts["documents"] == 1
        assert counts["citations"] == len(out["legal_basis"])


HOSTILE = [
    "x'); DROP TABLE documents; --",
    'Kế hoạch "tổ chức"; DELETE FROM citations WHERE 1=1; --',
    "100% chỉ tiêu %s %(name)s ? :name $1 \\ \\' ''",
    "Robert'); DROP TABLE recipients;-- ",
]


def test_quotes_and_semicolons_are_data(sink_url: str, corpus_json) -> None:
    out, _ = next(p for p in corpus_json if p[0]["recipients"] and p[0]["references"])
    with open_sink(sink_url) as sink:
        for i, hostile in enumerate(HOSTILE):
            evil = variant(out, f"evil{i}")
            evil["document"]["title"] = hostile
            evil["source"]["path"] = hostile + ".txt"
            evil["recipients"][0]["name"] = hostile
            evil["references"][0]["subject"] = hostile
            sha = sink.put(evil)
            assert q(sink, "SELECT title, path FROM documents WHERE sha256 = ?", sha)[0] == (hostile, hostile + ".txt")
            assert q(sink, "SELECT name FROM recipients WHERE sha256 = ? AND ordinal = 0", sha)[0][0] == hostile
            assert q(sink, "SELECT subject FROM citations WHERE sha256 = ? AND role = 'references' AND ordinal = 0", sha)[0][0] == hostile
            assert as_list(q(sink, "SELECT json FROM documents WHERE sha256 = ?", sha)[0][0]) == evil
        counts = sink.counts()  # every table is still there, nothing was deleted
        assert counts["documents"] == len(HOSTILE)
        assert counts["recipients"] == len(HOSTILE) * len(out["recipients"])


def test_foreign_keys_hold_and_cascade(sink_url: str, corpus_json) -> None:
    with open_sink(sink_url) as sink:
        for out, text in corpus_json:
            sink.put(out, text)
        if sink.dialect == "sqlite":
            assert q(sink, "PRAGMA foreign_keys")[0][0] == 1
            assert sink.foreign_key_problems() == []
        for table in CHILD_COLUMNS:  # no orphan in any child table
            assert q(sink, f"SELECT count(*) FROM {table} c LEFT JOIN documents d ON d.sha256 = c.sha256 "
                           "WHERE d.sha256 IS NULL")[0][0] == 0
        with pytest.raises(Exception):  # an item of an unknown document is refused
            with sink._transaction():
                q(sink, "INSERT INTO recipients (sha256, ordinal, name) VALUES (?, 0, 'x')", "f" * 64)
        out = corpus_json[0][0]
        with sink._transaction():
            q(sink, "DELETE FROM documents WHERE sha256 = ?", out["source"]["sha256"])
        want = expected_counts(o for o, _ in corpus_json[1:])
        assert sink.counts() == want  # its items went with it


def test_a_failed_item_rolls_the_whole_document_back(sink_url: str, corpus_json) -> None:
    out, text = next(p for p in corpus_json if p[0]["recipients"])
    with open_sink(sink_url) as sink:
        sink.put(out, text)
        before = sink.counts()
        if sink.dialect == "sqlite":
            sink._script("CREATE TRIGGER refuse BEFORE INSERT ON recipients WHEN NEW.name = 'BOOM' "
                         "BEGIN SELECT RAISE(ABORT, 'refused'); END;")
        else:
            sink._script("ALTER TABLE recipients ADD CONSTRAINT refuse CHECK (name <> 'BOOM')")
        broken = copy.deepcopy(out)
        broken["document"]["title"] = "changed"
        broken["recipients"][-1]["name"] = "BOOM"
        with pytest.raises(SinkError):
            sink.put(broken)
        assert sink.counts() == before  # old items kept: the delete was rolled back too
        assert q(sink, "SELECT title FROM documents")[0][0] == out["document"]["title"]
        fresh = variant(broken, "new")
        with pytest.raises(SinkError):
            sink.put(fresh)
        assert sink.counts() == before  # no half-written new document either
        sink.put(variant(out, "ok"))  # the connection is still usable
        assert sink.counts()["documents"] == 2


def test_not_an_output_is_refused(sink_url: str) -> None:
    with open_sink(sink_url) as sink:
        for bad in ({}, {"source": {"sha256": "nope"}}, {"source": {"sha256": "A" * 64}}):
            with pytest.raises(SinkError, match="sha256"):
                sink.put(bad)
        minimal = {"source": {"sha256": "0" * 64}}  # every other field missing: nulls and no items
        sink.put(minimal)
        assert sink.counts() == {t: int(t == "documents") for t in TABLES}


def test_a_newer_schema_is_refused(sink_url: str) -> None:
    with open_sink(sink_url) as sink:
        assert sink.schema_version() == latest(sink.dialect) >= 1
        with sink._transaction():
            q(sink, "INSERT INTO schema_migrations (version, name) VALUES (?, 'from_the_future')", 9999)
    with pytest.raises(SinkError, match="newer"):
        open_sink(sink_url)


def test_postgres_nul_characters_become_replacement_characters(pg_url: str, corpus_json) -> None:
    out = variant(corpus_json[0][0], "nul")
    out["document"]["title"] = "a\x00b"
    with open_sink(pg_url) as sink:
        sha = sink.put(out)
        assert q(sink, "SELECT title, json->'document'->>'title' FROM documents WHERE sha256 = ?", sha)[0] == ("a\ufffdb",) * 2


def test_postgres_migrations_are_safe_from_concurrent_openers(pg_url: str) -> None:
    import threading

    errors: list[BaseException] = []

    def opener() -> None:
        try:
            open_sink(pg_url).close()
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=opener) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    with open_sink(pg_url) as sink:
        assert q(sink, "SELECT count(*) FROM schema_migrations")[0][0] == len(available("postgresql"))


@pytest.mark.parametrize("url, path", [
    ("sqlite:///plans.db", "plans.db"),
    ("sqlite:///out/plans.db", "out/plans.db"),
    ("sqlite:////var/lib/khparse/plans.db", "/var/lib/khparse/plans.db"),
    ("sqlite:///:memory:", ":memory:"),
    ("sqlite:///k%E1%BA%BF%20ho%E1%BA%A1ch.db", "kế hoạch.db"),
])
def test_sqlite_urls(url: str, path: str) -> None:
    assert sqlite_path(url) == path


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:plans.db", "sqlite:///", "mysql://u@h/db", "plans.db", "", "http://x"])
def test_bad_urls(url: str) -> None:
    with pytest.raises(SinkUsageError):
        open_sink(url)


@pytest.mark.parametrize("url, shown", [
    ("postgresql://khparse:s3cret@db.example:5432/plans", "postgresql://khparse:***@db.example:5432/plans"),
    ("postgres://u:p%40ss@[::1]/db?sslmode=require", "postgres://u:***@[::1]/db?sslmode=require"),
    ("postgresql://db/plans?user=u&password=s3cret", "postgresql://db/plans?user=u&password=***"),
    ("postgresql://u@db/plans", "postgresql://u@db/plans"),
    ("sqlite:////srv/plans.db", "sqlite:////srv/plans.db"),
])
def test_passwords_are_redacted(url: str, shown: str) -> None:
    assert redact(url) == shown


def test_memory_sink_and_child_rows_are_pure(corpus_json) -> None:
    out, text = corpus_json[0]
    before = copy.deepcopy(out)
    rows = child_rows(out)
    assert out == before and sum(map(len, rows.values())) == sum(expected_counts([out]).values()) - 1
    with open_sink("sqlite:///:memory:") as sink:
        sink.put(out, text)
        assert sink.counts() == expected_counts([out])


def test_postgres_reconnects_after_the_server_drops_the_connection(pg_url: str, corpus_json) -> None:
    import psycopg

    (out, text), (other, other_text) = corpus_json[:2]
    with open_sink(pg_url) as sink:
        sink.put(out, text)
        pid = sink.conn.info.backend_pid
        with psycopg.connect(pg_url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
            for _ in range(100):  # termination is asynchronous: wait until the backend is gone
                if not admin.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchall():
                    break
                time.sleep(0.05)
        sink.put(other, other_text)  # no error: reconnected, written once
        assert sink.conn.info.backend_pid != pid
        assert sink.counts() == expected_counts([out, other])
