"""Presentations and the share page.

    python benchmarks/present.py [--runs 20] [--concurrency 50] [--requests 200]

Prints the machine; the median time to compose and sign a presentation of 10 distinct
credentials (from the demo issuer; a learner CLR inside a holder-signed VP); the median time
to verify it (offline, and online with the issuer's status list on 127.0.0.1); and the share
page's latency (p50, p95), throughput and the server's CPU time per page under ``--concurrency``
simultaneous requests, ``--requests`` in all, against a share service on 127.0.0.1 in its own
process — each request a new connection, half of them in Korean (Accept-Language) — and the
latency when a new link is opened by ``--concurrency`` phones at once. Targets: compose ≤ 150
ms, verify ≤ 60 ms, the page ≥ 300 pages/s with p95 ≤ 150 ms at 50 concurrent. The last line is
``median_ms X`` (verify, offline).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx  # noqa: E402
from verify import machine  # noqa: E402

from wallet.crypto.keys import Ed25519KeyPair  # noqa: E402
from wallet.demo import serve_demo_issuer  # noqa: E402
from wallet.exchange.http import HttpFetcher  # noqa: E402
from wallet.exchange.share_link import new_share_key, share_url  # noqa: E402
from wallet.presenting.present import CredentialInput, ReflectionInput, compose  # noqa: E402
from wallet.verification.verify import VerifyOptions, verify_document  # noqa: E402


def server_cpu(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument(
        "--fresh-client",
        action="store_true",
        help="a new HTTP client (TLS context and all) for every request, as "
        "this benchmark measured before: mostly the client's own cost",
    )
    args = parser.parse_args()
    print(machine())
    issuer_server = serve_demo_issuer()
    issuer = issuer_server.issuer
    learner = Ed25519KeyPair.generate()
    badges = ["data-analysis", "python", "visualization", "teamwork", "communication"]
    credentials = [issuer.issue(b, learner.did) for b in badges]
    credentials += [issuer.issue("course", learner.did, f"course-{i:03d}") for i in range(1, 6)]
    inputs = [CredentialInput(f"c{i}", c) for i, c in enumerate(credentials)]
    reflections = [
        ReflectionInput(f"r{i}", f"Reflection {i}", "What I learned " * 20, (f"c{i}",))
        for i in range(3)
    ]

    def make(challenge: str = "bench", domain: str = "https://share.example") -> dict:
        return compose(
            inputs,
            holder=learner.signer(),
            holder_did=learner.did,
            reflections=reflections,
            challenge=challenge,
            domain=domain,
        ).presentation

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
    print(
        f"verify it, online (the status list fetched over loopback once per verification): "
        f"median {statistics.median(times):.1f} ms"
    )

    # The share service in its own process (as deployed), the clients here.
    import subprocess

    from wallet.exchange.share_link import ShareClient

    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "wallet.cli",
            "share-server",
            "--dev",
            "--rate-limit",
            "1000000",
            "--data",
            tempfile.mkdtemp(),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    line = proc.stdout.readline() if proc.stdout else ""
    base = line.split("Share service at ", 1)[1].split(";", 1)[0].strip()
    try:
        with HttpFetcher(dev=True) as http:
            client = ShareClient(base, http)
            share_id, token = client.reserve()
            key = new_share_key()
            doc = make(challenge=share_id, domain=client.origin)
            client.upload(
                share_id, token, key, doc, {}, datetime.now(UTC) + timedelta(hours=1), None
            )
        url = share_url(base, share_id, key)
        first = httpx.get(url, timeout=60)
        assert first.status_code == 200 and "data-verdict='Verified" in first.text, first.text[:300]
        # Phones in a room: each opens its own connection (no keep-alive), half of them
        # read Korean; one client object so that the client's own set-up is not measured.
        client = httpx.Client(
            timeout=120,
            limits=httpx.Limits(max_connections=args.concurrency, max_keepalive_connections=0),
        )
        languages = ("en-GB,en;q=0.9", "ko-KR,ko;q=0.9,en;q=0.5")

        def hit(n: int, target: str = url) -> float:
            started = time.perf_counter()
            headers = {"Accept-Language": languages[n % 2]}
            response = (
                httpx.get(target, headers=headers, timeout=120)
                if args.fresh_client
                else client.get(target, headers=headers)
            )
            assert response.status_code == 200, response.status_code
            return (time.perf_counter() - started) * 1000

        def crowd(target: str, requests: int) -> tuple[list[float], float, float]:
            cpu = server_cpu(proc.pid)
            start = time.perf_counter()
            with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
                latencies = list(pool.map(lambda n: hit(n, target), range(requests)))
            wall = time.perf_counter() - start
            return latencies, wall, (server_cpu(proc.pid) - cpu) / requests * 1000

        latencies, wall, cpu_ms = crowd(url, args.requests)
        print(
            f"share page, {args.requests} requests, {args.concurrency} at a time: p50 "
            f"{pct(latencies, 0.5):.0f} ms, p95 {pct(latencies, 0.95):.0f} ms, "
            f"{args.requests / wall:.1f} pages/s; server CPU {cpu_ms:.2f} ms a page "
            "(server in its own process; a new connection per view, English and Korean; "
            "each view checks the link, decrypts and is counted; the verdict and the "
            "rendered page are reused for 60 s)"
        )
        with HttpFetcher(dev=True) as http:  # a fresh link: the crowd arrives all at once
            client2 = ShareClient(base, http)
            share_id, token = client2.reserve()
            key = new_share_key()
            client2.upload(
                share_id,
                token,
                key,
                make(challenge=share_id, domain=client2.origin),
                {},
                datetime.now(UTC) + timedelta(hours=1),
                None,
            )
        cold, wall, cpu_ms = crowd(share_url(base, share_id, key), args.concurrency)
        print(
            f"share page, a new link opened by {args.concurrency} phones at once: p50 "
            f"{pct(cold, 0.5):.0f} ms, p95 {pct(cold, 0.95):.0f} ms (one verification, two "
            "renderings, the rest wait for them)"
        )
        client.close()
    finally:
        proc.terminate()
        proc.wait(10)
    issuer_server.stop()
    print(f"median_ms {verify_ms:.3f}")


if __name__ == "__main__":
    main()
