"""How fast, and how large, are offline QR codes (CBOR-LD, ``VP1-B…``)?

    python benchmarks/cborld.py [--runs N]     a presentation of one credential: encode to a
                                               VP1 text and make its QR code (segno, PNG in
                                               memory); read a VP1 text back, and verify it
    python benchmarks/cborld.py --table        sizes: JSON, CBOR-LD, the QR version needed at
                                               error correction L and M, and whether it fits

Each run prints the machine, then the figures (medians over N runs after a warm-up, which loads
the contexts once per process); the last line is ``median_ms X`` (encode + QR). Targets
(issue 24): encode + QR ≤ 30 ms, read + verify ≤ 60 ms (read from the text: reading a QR
image is the scanner's part). Verification is offline (no fetcher, status not checked).
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import segno  # noqa: E402

from benchmarks.verify import machine  # noqa: E402
from wallet.crypto.keys import Ed25519KeyPair  # noqa: E402
from wallet.formats import cborld, vpqr  # noqa: E402
from wallet.proofs import dataintegrity as di  # noqa: E402
from wallet.verification.verify import VerifyOptions, verify_document  # noqa: E402

VC2 = "https://www.w3.org/ns/credentials/v2"
SAMPLES = ROOT / "assets" / "samples"
CHALLENGE, DOMAIN = "job-42", "https://employer.example"


def presentation(credentials: list[dict[str, Any]], learner: Ed25519KeyPair) -> dict[str, Any]:
    """A plain presentation holding ``credentials`` directly, signed by the learner."""
    vp = {"@context": [VC2], "type": ["VerifiablePresentation"], "holder": learner.did,
          "verifiableCredential": credentials}
    return di.sign(vp, learner.signer(), proof_purpose="authentication", challenge=CHALLENGE,
                   domain=DOMAIN)


def sample(name: str) -> dict[str, Any]:
    return json.loads((SAMPLES / f"{name}.json").read_text())


def timed(work: Callable[[], Any], runs: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        work()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return times


def speed(runs: int) -> None:
    learner = Ed25519KeyPair.generate()
    vp = presentation([sample("ob3-data-analysis")], learner)
    text = vpqr.to_vp1(vp)
    options = VerifyOptions(check_status=False, challenge=CHALLENGE, domain=DOMAIN)
    if not verify_document(vpqr.from_vp1(text), options).verified:
        raise SystemExit("the benchmark presentation does not verify")

    def encode_and_qr() -> None:
        qr = segno.make(vpqr.to_vp1(vp), error="l", micro=False)
        qr.save(io.BytesIO(), kind="png", scale=4)

    figures = {
        "encode (to_vp1)": timed(lambda: vpqr.to_vp1(vp), runs),
        "QR code (segno make + PNG)": timed(
            lambda: segno.make(text, error="l", micro=False).save(io.BytesIO(), kind="png",
                                                                  scale=4), runs),
        "read (from_vp1)": timed(lambda: vpqr.from_vp1(text), runs),
        "read + verify": timed(lambda: verify_document(vpqr.from_vp1(text), options), runs),
        "encode + QR": timed(encode_and_qr, runs),
    }
    print(machine())
    print(f"a presentation of one credential: {len(cborld.encode(vp)):,} bytes of CBOR-LD, "
          f"a VP1 text of {len(text):,} characters, QR version "
          f"{segno.make(text, error='l', micro=False).version} (L); {runs} runs")
    for name, times in figures.items():
        print(f"{name:30} median {statistics.median(times):7.2f} ms   "
              f"p90 {sorted(times)[int(len(times) * 0.9) - 1]:7.2f} ms")
    print(f"read_verify_median_ms {statistics.median(figures['read + verify']):.2f}")
    print(f"median_ms {statistics.median(figures['encode + QR']):.2f}")


_MAX_L = 4296  # alphanumeric characters in a version 40 code at level L (ISO/IEC 18004)


def _version(text: str, level: str) -> int | None:
    try:
        return int(segno.make(text, error=level, micro=False, boost_error=False).version)
    except segno.DataOverflowError:
        return None


def table() -> None:
    """The README's table: sizes of the samples, a demo-issuer badge, and presentations."""
    from factories import signed_badge

    from wallet.demo.catalog import DemoCatalog

    issuer, learner = Ed25519KeyPair.generate(), Ed25519KeyPair.generate()
    catalog = DemoCatalog("https://issuer.example", issuer)
    demo = catalog.sign_ldp(catalog.badge_credential("data-analysis", learner.did))
    first, second, small = (sample("1edtech-ob3-example"), sample("ob3-data-analysis"),
                            signed_badge(issuer))
    rows = [
        ("sample: 1edtech-ob3-example.json", first),
        ("sample: ob3-data-analysis.json", second),
        ("a small OB 3.0 badge (test factory)", small),
        ("demo-issuer badge (its image inline)", demo),
        ("presentation of 1 (ob3-data-analysis)", presentation([second], learner)),
        ("presentation of 2 (+ 1edtech example)", presentation([second, first], learner)),
        ("presentation of 3 (+ small badge)", presentation([second, first, small], learner)),
        ("presentation of 1 demo-issuer badge", presentation([demo], learner)),
    ]
    print(machine())
    print("| document | JSON bytes | CBOR-LD bytes | VP1 chars | QR version (L) | "
          "QR version (M) | fits one QR code |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for name, doc in rows:
        size = len(json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode())
        data = cborld.encode(doc)
        text = vpqr.to_vp1(doc)
        low, medium = _version(text, "l"), _version(text, "m")
        over = len(text) - _MAX_L
        fits = "yes (L and M)" if medium else "yes (L only)" if low else \
            f"no: {over:,} characters over version 40-L"
        print(f"| {name} | {size:,} | {len(data):,} | {len(text):,} | {low or '—'} | "
              f"{medium or '—'} | {fits} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--table", action="store_true")
    args = parser.parse_args()
    if args.table:
        table()
    else:
        speed(args.runs)


if __name__ == "__main__":
    main()
