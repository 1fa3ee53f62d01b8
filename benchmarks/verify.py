"""How fast is verification?

    python benchmarks/verify.py FILE [--runs N]     FILE verified N times in one process
    python benchmarks/verify.py --distinct 1000     1,000 distinct signed OB 3.0 credentials
    python benchmarks/verify.py FILE --cold 10      a cold `wallet verify --offline FILE` process
    python benchmarks/verify.py --suites            one OB 3.0 credential per cryptosuite, side by
                                                    side: eddsa-rdfc-2022, ecdsa-rdfc-2019 (P-256)
                                                    and an ecdsa-sd-2023 derived credential
    python benchmarks/verify.py FILE --vcapi 200    FILE over VC-API (POST /credentials/verify
                                                    to the share service on 127.0.0.1, one
                                                    keep-alive connection) and in process, run
                                                    by run; the last line is
                                                    ``vcapi_overhead_ms X`` (the medians'
                                                    difference; target ≤ 5 ms)

Each run prints the machine, then the figures; the last line is ``median_ms X``. Verification is
offline (no fetcher) so that the network does not enter the figures. Target on the project's
2-core machines: in-process median ≤ 3 ms for an OB 3.0 eddsa-rdfc-2022 credential, and each
ECDSA suite within 1.5× that median in the same run (``--suites``; the last line is then
``ratio_max X``).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wallet.verification.verify import VerifyOptions, verify_bytes  # noqa: E402


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"machine: {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


def in_process(data: bytes, runs: int, warmup: int) -> list[float]:
    options = VerifyOptions()
    for _ in range(warmup):
        result = verify_bytes(data, options)
    if not result.verified:
        raise SystemExit(
            "the benchmark file does not verify: " + "; ".join(c.message for c in result.failures)
        )
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        verify_bytes(data, options)
        times.append((time.perf_counter() - start) * 1000)
    return times


def distinct(count: int) -> list[float]:
    import json

    from wallet.crypto.keys import Ed25519KeyPair
    from wallet.proofs import dataintegrity as di

    sys.path.insert(0, str(ROOT / "tests"))
    from factories import badge

    issuers = [Ed25519KeyPair.generate() for _ in range(20)]
    docs = []
    for i in range(count):
        issuer = issuers[i % len(issuers)]
        doc = badge(issuer, name=f"Badge {i}", description=f"Credential number {i}.")
        doc["credentialSubject"]["achievement"]["name"] = f"Achievement {i % 97}"
        docs.append(json.dumps(di.sign(doc, issuer.signer())).encode())
    options = VerifyOptions()
    verify_bytes(docs[0], options)  # warm-up: contexts processed once per process
    times = []
    for data in docs:
        start = time.perf_counter()
        result = verify_bytes(data, options)
        times.append((time.perf_counter() - start) * 1000)
        if not result.verified:
            raise SystemExit("a generated credential did not verify")
    return times


def suite_credentials() -> dict[str, bytes]:
    """One OB 3.0 credential per suite, from the same unsigned badge (with a graded result)."""
    import json

    from wallet.crypto.keys import EcKeyPair, Ed25519KeyPair
    from wallet.proofs import dataintegrity as di
    from wallet.proofs import ecdsa_sd_2023 as sd

    sys.path.insert(0, str(ROOT / "tests"))
    from factories import badge

    def graded(key: object) -> dict:
        doc = badge(key)
        doc["credentialSubject"]["result"] = [
            {"type": ["Result"], "value": "A", "resultDescription": "urn:uuid:grade"}
        ]
        return doc

    ed, p256 = Ed25519KeyPair.generate(), EcKeyPair.generate("P-256")
    base = di.sign(
        graded(p256),
        p256.signer(),
        cryptosuite=sd.NAME,
        mandatory_pointers=["/issuer", "/validFrom", "/name", "/credentialSubject/achievement"],
    )
    derived = sd.derive(base, ["/description", "/credentialSubject/id"])  # the grade left out
    return {
        "eddsa-rdfc-2022": json.dumps(di.sign(graded(ed), ed.signer())).encode(),
        "ecdsa-rdfc-2019 P-256": json.dumps(di.sign(graded(p256), p256.signer())).encode(),
        "ecdsa-sd-2023 derived": json.dumps(derived).encode(),
    }


def suites(runs: int, warmup: int) -> float:
    """The medians side by side, interleaved run by run so that the machine's load is shared."""
    credentials = suite_credentials()
    options = VerifyOptions()
    for data in credentials.values():
        for _ in range(warmup):
            result = verify_bytes(data, options)
        if not result.verified:
            raise SystemExit(
                "a benchmark credential does not verify: "
                + "; ".join(c.message for c in result.failures)
            )
    times: dict[str, list[float]] = {name: [] for name in credentials}
    for _ in range(runs):
        for name, data in credentials.items():
            start = time.perf_counter()
            verify_bytes(data, options)
            times[name].append((time.perf_counter() - start) * 1000)
    medians = {name: report(f"{name}, in process", t) for name, t in times.items()}
    base = medians["eddsa-rdfc-2022"]
    for name, median in medians.items():
        print(f"{name}: {median / base:.2f}× the eddsa-rdfc-2022 median")
    return max(m / base for m in medians.values())


def cold(path: Path, runs: int) -> list[float]:
    exe = Path(sys.executable).with_name("wallet")
    cmd = [
        str(exe) if exe.exists() else sys.executable,
        *([] if exe.exists() else ["-m", "wallet.cli"]),
        "verify",
        "--offline",
        str(path),
    ]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True)
        times.append((time.perf_counter() - start) * 1000)
        if proc.returncode != 0:
            raise SystemExit(f"wallet verify failed: {proc.stdout.decode()[-500:]}")
    return times


def vcapi(data: bytes, runs: int, warmup: int) -> float:
    """The same credential verified in process and over VC-API, alternately, with the
    standard library's HTTP client on one keep-alive connection (the figure is the service's
    and the loopback's, not a client library's). The service verifies offline with the
    operator's (here: empty) trust lists, so the in-process runs use the same options. Also
    prints the process's CPU time per verification each way (client and server share the
    process): a figure a busy machine distorts less than wall time."""
    import http.client
    import json
    import tempfile
    from urllib.parse import urlsplit

    from wallet.services.serving import serve_share_service
    from wallet.verification.trust import TrustLists

    body = json.dumps({"verifiableCredential": json.loads(data)}).encode()
    options = VerifyOptions(trust=TrustLists())
    times: dict[str, list[float]] = {"in process": [], "VC-API round trip": []}
    cpu = {"in process": 0.0, "VC-API round trip": 0.0}
    with (
        tempfile.TemporaryDirectory() as folder,
        serve_share_service(data_dir=folder, verify_rate_limit=10**9) as service,
    ):
        where = urlsplit(service.url)
        connection = http.client.HTTPConnection(where.hostname or "127.0.0.1", where.port)
        headers = {"Content-Type": "application/json"}
        for n in range(warmup + runs):
            start, ticks = time.perf_counter(), time.process_time()
            verify_bytes(data, options)
            local = (time.perf_counter() - start) * 1000
            local_cpu = time.process_time() - ticks
            start, ticks = time.perf_counter(), time.process_time()
            connection.request("POST", "/credentials/verify", body=body, headers=headers)
            answer = connection.getresponse()
            reply = answer.read()
            remote = (time.perf_counter() - start) * 1000
            remote_cpu = time.process_time() - ticks
            if answer.status != 200:
                raise SystemExit(f"the service did not verify the file: {reply[:500]!r}")
            if n >= warmup:
                times["in process"].append(local)
                times["VC-API round trip"].append(remote)
                cpu["in process"] += local_cpu
                cpu["VC-API round trip"] += remote_cpu
        connection.close()
    medians = {name: report(f"{name}, {len(data):,} bytes", t) for name, t in times.items()}
    for name, seconds in cpu.items():
        print(f"{name}: CPU {seconds * 1000 / runs:.3f} ms per verification")
    return medians["VC-API round trip"] - medians["in process"]


def report(label: str, times: list[float]) -> float:
    median = statistics.median(times)
    q = statistics.quantiles(times, n=20) if len(times) >= 20 else [min(times), max(times)]
    print(f"{label}: n={len(times)} median {median:.3f} ms, p5 {q[0]:.3f} ms, p95 {q[-1]:.3f} ms")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("file", nargs="?", type=Path)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--distinct", type=int, metavar="N")
    parser.add_argument("--cold", type=int, metavar="N")
    parser.add_argument("--suites", action="store_true")
    parser.add_argument("--vcapi", type=int, metavar="N")
    args = parser.parse_args()
    print(machine())
    if args.vcapi:
        if args.file is None:
            parser.error("give FILE with --vcapi")
        print(f"vcapi_overhead_ms {vcapi(args.file.read_bytes(), args.vcapi, args.warmup):.3f}")
        return
    if args.suites:
        print(f"ratio_max {suites(args.runs, args.warmup):.2f}")
        return
    if args.distinct:
        median = report(
            f"{args.distinct} distinct OB 3.0 credentials, in process", distinct(args.distinct)
        )
    elif args.file is None:
        parser.error("give FILE, or --distinct N")
    elif args.cold:
        median = report(
            f"cold `wallet verify` process, {args.file.name}", cold(args.file, args.cold)
        )
    else:
        median = report(
            f"{args.file.name}, in process",
            in_process(args.file.read_bytes(), args.runs, args.warmup),
        )
    print(f"median_ms {median:.3f}")


if __name__ == "__main__":
    main()
