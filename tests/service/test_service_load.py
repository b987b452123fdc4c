"""Load: 200 requests in flight at once against the real server on loopback; bounded, stops by itself."""
from __future__ import annotations

import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from service_helpers import CORPUS, post_raw, upload

REQUESTS = 200
DOCS = sorted((CORPUS / "dev2").glob("*.txt")) + [CORPUS / "003_f6966018c26bf747.txt"]


def test_200_concurrent_requests(port: int) -> None:
    start = threading.Barrier(REQUESTS, timeout=60)
    docs = [(p.name, p.read_bytes()) for p in DOCS]

    def one(i: int) -> tuple[int, str, bytes, float]:
        name, data = docs[i % len(docs)]
        start.wait()  # all 200 connect and send together
        reply = upload(port, name, data, timeout=120) if i % 2 else post_raw(port, data, timeout=120)
        return reply.status, name, reply.body, reply.elapsed

    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=REQUESTS) as pool:
        results = list(pool.map(one, range(REQUESTS)))
    wall = time.perf_counter() - t0

    errors = [(s, n, b[:200]) for s, n, b, _ in results if s != 200]
    assert not errors, errors[:5]
    # deterministic under load: every answer for a document has the same extraction (path aside)
    by_doc: dict[str, set[bytes]] = {}
    for _, name, body, _ in results:
        by_doc.setdefault(name, set()).add(body.replace(f'"path":"{name}"'.encode(), b'"path":null'))
    assert all(len(bodies) == 1 for bodies in by_doc.values())

    latencies = sorted(e for *_, e in results)
    p50 = statistics.median(latencies)
    p95 = latencies[int(0.95 * len(latencies)) - 1]
    print(f"\nload: {REQUESTS} concurrent requests in {wall:.2f}s = {REQUESTS / wall:.1f} req/s; "
          f"latency p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms")
    assert p95 < 120
