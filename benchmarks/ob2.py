"""Open Badges 2.0: adding and verifying the badges learners already hold, over real HTTP on
127.0.0.1 (the fixture origins of ``../shared/fixtures/ob2``, served on their fixed ports
47620/47621 as the tests serve them).

    python benchmarks/ob2.py [--runs 50]

Prints the machine, then the medians of:

* **hosted, add + verify**: a hosted assertion (JSON) added to the vault — read, verified the OB
  2.0 way through the wallet's network policy (3 fetches: the hosted assertion, its BadgeClass,
  its issuer's profile; the BadgeClass's image is inline, so nothing else is fetched), stored
  with the documents fetched. Target ≤ 40 ms.
* **signed, verify with kept documents**: a signed assertion (JWS, RS256) verified with the
  documents kept from an earlier check (issuer profile and key): no fetch. Target ≤ 5 ms.
* (for information) the same signed badge re-checked in the vault offline, and added online.

Between runs the badge added is removed (outside the timing), so every run stores it anew. The
last line is ``median_ms X`` (hosted, add + verify).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import keyring  # noqa: E402
from keyring.backends import fail  # noqa: E402
from ob2_helpers import CASES, A, Ob2Origins, case_bytes  # noqa: E402
from verify import machine  # noqa: E402

from wallet.exchange.http import HttpFetcher  # noqa: E402
from wallet.ob2.reading import read_ob2  # noqa: E402
from wallet.ob2.verify import check_ob2  # noqa: E402
from wallet.services import WalletService  # noqa: E402

# A 1×1 PNG: the BadgeClass's image inline, so that adding fetches the three documents only.
PIXEL = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8"
    "z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def _serve_hosted(origins: Ob2Origins) -> bytes:
    """A hosted assertion whose BadgeClass has an inline image, served on origin A."""
    assertion = json.loads(case_bytes("tampered/alignment-case-item.json"))
    badge = json.loads((CASES.parent / "www/A/tm/badge-aligned.json").read_text())
    badge["id"], badge["image"] = f"{A}/bench/badge.json", PIXEL
    assertion["id"], assertion["badge"] = f"{A}/bench/assertion.json", badge["id"]
    origins.serve("A/bench/badge.json", badge)
    origins.serve("A/bench/assertion.json", assertion)
    return json.dumps(assertion).encode()


def _median(times: list[float]) -> float:
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    print(machine())
    keyring.set_keyring(fail.Keyring())  # passphrase-protected: unlocked once, before timing
    origins = Ob2Origins()
    http = HttpFetcher(dev=True)
    service = WalletService(
        tempfile.mkdtemp(prefix="wallet-bench-"),
        fetcher=http,
        http=http,
        dev=True,
        passphrase_source=lambda _w: "benchmark passphrase",
    )
    try:
        service.profiles.create("Bench", protection="passphrase")
        # whom the two badges name (the hosted one, hashed and salted; the signed one)
        service.profiles.set_identities(
            add=["email:learner@example.net", "email:nobody@example.org"]
        )
        credentials = service.credentials
        hosted = _serve_hosted(origins)

        def add_once(data: bytes) -> tuple[float, int, str]:
            before = len(origins.hits)
            start = time.perf_counter()
            added = credentials.add(data)
            took = (time.perf_counter() - start) * 1000
            if added.duplicate or not added.summary.verified:
                raise SystemExit(
                    f"the benchmark badge was not added as new and verified: "
                    f"{added.summary.verdict}"
                )
            fetched = len(origins.hits) - before
            credentials.delete(added.id)  # outside the timing: the next run adds it anew
            credentials.empty_trash()
            return took, fetched, added.summary.verdict

        add_once(hosted)  # warm-up: contexts, connections
        runs = [add_once(hosted) for _ in range(args.runs)]
        fetches = {fetched for _t, fetched, _v in runs}
        hosted_ms = _median([took for took, _f, _v in runs])
        print(
            f"hosted, add + verify ({'/'.join(map(str, sorted(fetches)))} fetches): median "
            f"{hosted_ms:.2f} ms over {args.runs} runs (target ≤ 40 ms)"
        )

        signed = case_bytes("vt/simple.jws")
        given = read_ob2(signed)
        kept = {d.url: d for d in check_ob2(given, fetcher=http).documents}
        result = check_ob2(given, fetcher=None, stored=kept).result
        if not result.check("proof") or result.check("proof").detail != "signed":
            raise SystemExit("the signed benchmark badge does not verify with its documents")
        times = []
        for _ in range(args.runs * 4):
            start = time.perf_counter()
            check_ob2(given, fetcher=None, stored=kept)
            times.append((time.perf_counter() - start) * 1000)
        signed_ms = _median(times)
        print(
            f"signed, verify with kept documents (no fetch): median {signed_ms:.2f} ms over "
            f"{len(times)} runs (target ≤ 5 ms)"
        )

        rid = credentials.add(signed).id
        offline = service.session.verify_options()
        offline = type(offline)(fetcher=None, holder=True)
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            credentials.reverify(rid, offline)
            times.append((time.perf_counter() - start) * 1000)
        print(
            f"signed, re-checked in the vault offline (kept documents, record rewritten): "
            f"median {_median(times):.2f} ms"
        )
        credentials.delete(rid)
        credentials.empty_trash()
        signed_adds = [add_once(signed)[0] for _ in range(max(5, args.runs // 5))]
        print(
            f"signed, add + verify online (issuer profile, key; no revocation list): median "
            f"{_median(signed_adds):.2f} ms"
        )
        print(f"median_ms {hosted_ms:.2f}")
    finally:
        service.close()
        http.close()
        origins.stop()


if __name__ == "__main__":
    main()
