"""Receiving over OID4VCI from the local demo issuer, over real HTTP on 127.0.0.1.

    python benchmarks/receive.py [--runs 30]

Prints the machine; the median time from an offer link to a verified, stored credential (a
pre-authorized offer by reference: offer, metadata, token, nonce, credential, verification
with the status list, storage); and the time to receive 100 credentials from one batch offer.
The last line is ``median_ms X`` (offer → stored). Target: ≤ 60 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import keyring  # noqa: E402
from keyring.backends import fail  # noqa: E402
from verify import machine  # noqa: E402

from wallet.demo import OfferOptions, serve_demo_issuer  # noqa: E402
from wallet.services import Consent, Decision, WalletService  # noqa: E402


class Accept:
    def consent(self, consent: Consent) -> Decision:
        return Decision.ACCEPT

    def tx_code(self, spec, attempt, problem):
        return None

    def authorize(self, url):
        raise RuntimeError("not used")

    def progress(self, message):
        pass


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--batch", type=int, default=100)
    args = parser.parse_args()
    print(machine())
    keyring.set_keyring(fail.Keyring())  # passphrase-protected: unlocked once, before timing
    server = serve_demo_issuer()
    issuer = server.issuer
    service = WalletService(
        tempfile.mkdtemp(prefix="wallet-bench-"),
        dev=True,
        passphrase_source=lambda _w: "benchmark passphrase",
    )
    service.profiles.create("Bench", protection="passphrase")
    try:
        receiver = service.receiving
        for _ in range(3):  # warm-up: connections, contexts
            receiver.receive(issuer.create_offer(OfferOptions(credentials=("teamwork",))), Accept())
        times = []
        for _ in range(args.runs):
            link = issuer.create_offer(OfferOptions(credentials=("data-analysis",)))
            start = time.perf_counter()
            result = receiver.receive(link, Accept())
            times.append((time.perf_counter() - start) * 1000)
            assert len(result.stored) == 1 and result.stored[0].summary.verified
        median = statistics.median(times)
        print(
            f"offer -> verified, stored credential: median {median:.1f} ms over "
            f"{args.runs} runs (p95 {sorted(times)[int(len(times) * 0.95) - 1]:.1f} ms; "
            "target <= 60 ms)"
        )
        start = time.perf_counter()
        result = receiver.receive(issuer.create_offer(OfferOptions(batch=args.batch)), Accept())
        total = time.perf_counter() - start
        assert len(result.stored) == args.batch and not result.rejected
        print(
            f"{args.batch} credentials from one batch offer: {total:.2f} s "
            f"({total / args.batch * 1000:.1f} ms each)"
        )
        print(f"median_ms {median:.3f}")
    finally:
        service.close()
        server.stop()


if __name__ == "__main__":
    main()
