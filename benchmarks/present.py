"""Presentations and the share page.

    python benchmarks/present.py [--runs 20] [--concurrency 50] [--requests 200]

Prints the machine; the median time to compose and sign a presentation of 10 distinct
credentials (from the demo issuer; a learner CLR inside a holder-signed VP); the median time
to verify it (offline, and online with the issuer's status list on 127.0.0.1); and the share
page's latency (p50, p95) under ``--concurrency`` simultaneous requests, ``--requests`` in all,
against a share service on 127.0.0.1. Targets: compose ≤ 150 ms, verify ≤ 60 ms. The last line
is ``median_ms X`` (verify, offline).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx  # noqa: E402
from verify import machine  # noqa: E402

from wallet.demo import serve_demo_issuer  # noqa: E402
from wallet.exchange.http import HttpFetcher  # noqa: E402
from wallet.exchange.share import new_share_key, share_url  # noqa: E402
from wallet.keys import Ed25519KeyPair  # noqa: E402
from wallet.present import CredentialInput, ReflectionInput, compose  # noqa: E402
from wallet.verify import VerifyOptions, verify_document  # noqa: E402


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    print(machine())
    issuer_server = serve_demo_issuer()
    issuer = issuer_server.issuer
    learner = Ed25519KeyPair.generate()
    badges = ["data-analysis", "python", "visualization", "teamwork", "communication"]
    credentials = [issuer.issue(b, learner.did) for b in badges]
    credentials += [issuer.issue("course", learner.did, f"course-{i:03d}") for i in range(1, 6)]
    inputs = [CredentialInput(f"c{i}", c) for i, c in enumerate(credentials)]
    reflections = [ReflectionInput(f"r{i}", f"Reflection {i}", "What I learned " * 20,
                                   (f"c{i}",)) for i in range(3)]

    def make(challenge: str = "bench", domain: str = "https://share.example") -> dict:
        return compose(inputs, holder=learner.signer(), holder_did=learner.did,
                       reflections=reflections, challenge=challenge, domain=domain).presentation

    make()
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        presentation = make()
        times.append((time.perf_counter() - start) * 1000)
    compose_ms = statistics.median(times)
    print(f"compose + sign, 10 credentials: median {compose_ms:.1f} ms (target <= 150 ms)")

    offline = VerifyOptions(challenge="bench", domain="https://share.example")
    assert verify_document(presentation, offline).nested[0].nested[0].verified
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        result = verify_document(presentation, offline)
        times.append((time.perf_counter() - start) * 1000)
    verify_ms = statistics.median(times)
    print(f"verify it, offline: median {verify_ms:.1f} ms (target <= 60 ms)")
    with HttpFetcher(dev=True) as http:
        online = VerifyOptions(challenge="bench", domain="https://share.example", fetcher=http)
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            result = verify_document(presentation, online)
            times.append((time.perf_counter() - start) * 1000)
        assert result.verified, result.checks
    print(f"verify it, online (the status list fetched over loopback once per verification): "
          f"median {statistics.median(times):.1f} ms")

    # The share service in its own process (as deployed), the clients here.
    import subprocess

    from wallet.exchange.share import ShareClient

    proc = subprocess.Popen([sys.executable, "-m", "wallet.cli", "share-server", "--dev",
                             "--rate-limit", "1000000",
                             "--data", tempfile.mkdtemp()], stdout=subprocess.PIPE, text=True,
                            env={**__import__("os").environ, "PYTHONPATH": str(ROOT)})
    line = proc.stdout.readline() if proc.stdout else ""
    base = line.split("Share service at ", 1)[1].split(";", 1)[0].strip()
    try:
        with HttpFetcher(dev=True) as http:
            client = ShareClient(base, http)
            share_id, token = client.reserve()
            key = new_share_key()
            doc = make(challenge=share_id, domain=client.origin)
            from datetime import UTC, datetime, timedelta

            client.upload(share_id, token, key, doc, {}, datetime.now(UTC) + timedelta(hours=1),
                          None)
        url = share_url(base, share_id, key)
        first = httpx.get(url, timeout=60)
        assert first.status_code == 200 and "data-verdict='Verified" in first.text, \
            first.text[:300]

        def hit(_: int) -> float:
            started = time.perf_counter()
            response = httpx.get(url, timeout=120)
            assert response.status_code == 200, response.status_code
            return (time.perf_counter() - started) * 1000

        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
            latencies = list(pool.map(hit, range(args.requests)))
        wall = time.perf_counter() - start
        print(f"share page, {args.requests} requests, {args.concurrency} at a time: p50 "
              f"{pct(latencies, 0.5):.0f} ms, p95 {pct(latencies, 0.95):.0f} ms, "
              f"{args.requests / wall:.1f} pages/s (server in its own process; each page "
              "decrypts and renders; the verdict is reused for 60 s)")
    finally:
        proc.terminate()
        proc.wait(10)
    issuer_server.stop()
    print(f"median_ms {verify_ms:.3f}")


if __name__ == "__main__":
    main()
