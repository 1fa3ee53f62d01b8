"""Scan to verified: the wallet answers a 3-credential OpenID4VP request from our verifier, over
real HTTP on 127.0.0.1.

    python benchmarks/respond.py [--runs 30]

Each run: the employer's verifier makes a request (DCQL: a badge showing a competency, a
VC-JWT badge, any Open Badge; signed with did:key, by reference); the wallet parses the link,
fetches and checks the signed request object, matches the query against its credentials, signs
one presentation per query (two Data Integrity, one VP-JWT) and posts them (``direct_post``);
our verifier checks nonce, state, every signature, status lists and the query, and answers.
Timed from the link to the verifier's answer, with the verifier's verdict checked. Prints the
machine, the medians per mode, and last the line ``median_ms X`` (``direct_post``, by
reference). Target: ≤ 150 ms.
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
from receive import Accept  # noqa: E402
from verify import machine  # noqa: E402

from wallet.demo import OfferOptions, serve_demo_issuer  # noqa: E402
from wallet.exchange.verifier import Ask  # noqa: E402
from wallet.services import WalletService  # noqa: E402
from wallet.services.serving import serve_share_service  # noqa: E402

ASKS = [
    Ask(competency="Clean and prepare tabular data"),
    Ask(format="jwt_vc_json"),
    Ask(type="OpenBadgeCredential", format="ldp_vc"),
]


def run(service: WalletService, verifier, *, mode: str, method: str) -> float:
    request = verifier.create(
        ASKS, purpose="benchmark", response_mode=mode, request_uri_method=method
    )
    link = verifier.link(request)
    start = time.perf_counter()
    preview = service.responding.preview(link)
    service.responding.answer(preview)
    elapsed = (time.perf_counter() - start) * 1000
    if request.answer is None or not request.answer.verified:
        raise SystemExit(f"the verifier did not verify the answer: {request.answer}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args()
    print(machine())
    keyring.set_keyring(fail.Keyring())
    home = Path(tempfile.mkdtemp(prefix="wallet-bench-"))
    issuer = serve_demo_issuer()
    shares = serve_share_service(database_url=str(home / "shares.db"), dev=True)
    service = WalletService(
        home / "wallet", dev=True, passphrase_source=lambda _w: "benchmark passphrase"
    )
    service.profiles.create("Bench", protection="passphrase")
    try:
        offer = issuer.issuer.create_offer(
            OfferOptions(credentials=("data-analysis", "python-jwt", "teamwork"))
        )
        assert len(service.receiving.receive(offer, Accept()).stored) == 3
        verifier = shares.share.verifier
        results = {}
        for mode, method in (("direct_post", "get"), ("direct_post.jwt", "post")):
            for _ in range(args.warmup):
                run(service, verifier, mode=mode, method=method)
            times = [run(service, verifier, mode=mode, method=method) for _ in range(args.runs)]
            results[mode] = statistics.median(times)
            print(
                f"{mode:16} request_uri {method.upper():4}  median {results[mode]:7.1f} ms  "
                f"(min {min(times):.1f}, max {max(times):.1f}, {args.runs} runs)"
            )
        print(f"median_ms {results['direct_post']:.1f}")
    finally:
        service.close()
        shares.stop()
        issuer.stop()


if __name__ == "__main__":
    main()
