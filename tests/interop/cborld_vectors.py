"""Make ``tests/vectors/cborld/vectors.json``: documents with the CBOR-LD bytes (and, for the
presentations, the ``VP1-`` text) that the DCC's JavaScript libraries make of them.

    .venv/bin/python tests/interop/cborld_vectors.py          # needs node and `npm ci` here

The documents are made once with fresh keys (Ed25519 from fixed seeds, so a rerun makes the
same signatures) and the JavaScript answers are written next to them. ``test_cborld_interop.py``
checks
that the committed answers are still what the libraries give; ``tests/core/test_cborld.py``
checks the wallet's bytes against them without Node.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
OUT = ROOT / "tests" / "vectors" / "cborld" / "vectors.json"
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

VC1 = "https://www.w3.org/2018/credentials/v1"
VC2 = "https://www.w3.org/ns/credentials/v2"


def run_node(mode: str, items: list[Any]) -> list[Any]:
    """``node cborld.mjs MODE`` over ``items``: one answer each (``{"error": …}`` if it failed)."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(items, handle)
    try:
        proc = subprocess.run(
            ["node", str(HERE / "cborld.mjs"), mode, handle.name],
            capture_output=True,
            timeout=300,
            cwd=HERE,
        )
    finally:
        Path(handle.name).unlink()
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.decode()[-2000:])
    return json.loads(proc.stdout)


def documents() -> list[tuple[str, dict[str, Any]]]:
    from wallet.crypto.keys import Ed25519KeyPair
    from wallet.demo.catalog import DemoCatalog
    from wallet.proofs import dataintegrity as di

    samples = ROOT / "assets" / "samples"
    issuer = Ed25519KeyPair.from_seed(bytes(range(32)))
    learner = Ed25519KeyPair.from_seed(bytes(range(32, 64)))
    catalog = DemoCatalog("https://issuer.example", issuer)
    demo = catalog.badge_credential("data-analysis", learner.did)
    demo["validFrom"] = demo["awardedDate"] = "2026-03-01T09:30:00Z"
    demo["id"] = "urn:uuid:5a1c3f0e-8f7b-4c2d-9e61-0b7c2d4e6f81"
    demo["credentialStatus"]["id"] = "https://issuer.example/status/1#0"
    demo = di.sign(demo, issuer.signer(), created="2026-03-01T09:30:00Z")
    sample = json.loads((samples / "ob3-data-analysis.json").read_text())

    def presentation(credentials: list[dict[str, Any]]) -> dict[str, Any]:
        vp = {
            "@context": [VC2],
            "type": ["VerifiablePresentation"],
            "holder": learner.did,
            "verifiableCredential": credentials,
        }
        return di.sign(
            vp,
            learner.signer(),
            proof_purpose="authentication",
            challenge="job-42",
            domain="https://employer.example",
            created="2026-03-02T10:00:00Z",
        )

    edges = copy.deepcopy(sample)
    edges.pop("proof")
    achievement = edges["credentialSubject"]["achievement"]
    achievement["creditsAvailable"] = 2.5
    achievement["id"] = "urn:uuid:188E8450-269E-11EB-B545-D3692CF35398"  # upper case: as text
    achievement["criteria"]["id"] = "https://0x7f.1/criteria"  # an IPv4 host in hex
    edges["validUntil"] = "2030-12-31T23:59:59.250Z"
    edges["awardedDate"] = "1969-07-20T20:17:40Z"  # before 1970: stays text
    v1 = {
        "@context": [VC1, "https://w3id.org/security/suites/ed25519-2020/v1"],
        "id": "urn:uuid:188e8450-269e-11eb-b545-d3692cf35398",
        "type": ["VerifiableCredential"],
        "issuer": issuer.did,
        "issuanceDate": "2020-11-14T00:00:00.123Z",
        "credentialSubject": {"id": learner.did},
        "proof": {
            "type": "Ed25519Signature2020",
            "created": "2020-11-14T00:00:00Z",
            "verificationMethod": f"{issuer.did}#{issuer.did[8:]}",
            "proofPurpose": "assertionMethod",
            "proofValue": "z3FXQjecWufY46yg5abdVZsXqLhxhueuSoZgNSARiKBk9czhSePTFehP8c3PGfb6"
            "a22gkfUKKFY2q6b4Jd5KXkQeb",
        },
    }
    return [
        ("1edtech-ob3-example", json.loads((samples / "1edtech-ob3-example.json").read_text())),
        ("ob3-data-analysis", sample),
        (
            "tampered-ob3-data-analysis",
            json.loads((samples / "tampered-ob3-data-analysis.json").read_text()),
        ),
        ("demo-issuer-badge", demo),
        ("presentation-of-one", presentation([sample])),
        (
            "presentation-of-two",
            presentation([sample, json.loads((samples / "1edtech-ob3-example.json").read_text())]),
        ),
        ("presentation-of-demo-badge", presentation([demo])),
        ("vc1-ed25519-2020", v1),
        ("edge-values", edges),
    ]


def main() -> None:
    docs = documents()
    encoded = run_node("encode", [doc for _, doc in docs])
    texts = run_node("to-vp1", [doc for _, doc in docs])
    vectors = []
    for (name, doc), hex_bytes, text in zip(docs, encoded, texts, strict=True):
        if not isinstance(hex_bytes, str):
            raise SystemExit(f"{name}: {hex_bytes}")
        entry = {"name": name, "document": doc, "cborld": hex_bytes}
        if isinstance(text, str):  # a presentation that fits one QR code
            entry["vp1"] = text
        vectors.append(entry)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(vectors, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {len(vectors)} vectors to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
