"""Our VC-API verifier (POST /credentials/verify, /presentations/verify on a real server on
127.0.0.1) and Digital Bazaar's JavaScript verifier (@digitalbazaar/vc, ``vcapi-verify.mjs``,
offline) read the same request bodies: each verdict level, a tampered credential, presentations
made for this request and for another, and every VC Data Model 2.0 MUST broken one at a time
(test_vcdm's cases), as a credential and inside a presentation. Where both check a rule they
agree on ``verified``; where they do not, the difference is listed below with its reason, and
the test fails if it changes — either way."""

from __future__ import annotations

import contextlib
import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from factories import badge, signed_badge

from wallet.crypto.keys import Ed25519KeyPair
from wallet.errors import WalletError
from wallet.proofs import dataintegrity as di
from wallet.services.serving import RunningShareService, serve_share_service

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
vcdm_cases = importlib.import_module("test_vcdm")

ISSUER = Ed25519KeyPair.from_seed(b"\x41" * 32)
HOLDER = Ed25519KeyPair.from_seed(b"\x42" * 32)
TRUST = json.dumps(
    {
        "format": "learner-wallet-trust-list/1",
        "name": "Operator's list",
        "entries": [{"id": ISSUER.did}],
    }
).encode()
ASKED = {"challenge": "job-1", "domain": "https://employer.example"}

# Where the two differ, and why: (ours, theirs) for ``verified``.
THEIRS_STRICTER = (
    "their library refuses a credential whose first context is not the base "
    "context; our rules table has §4.3's context order as a conformance finding (verified "
    "with warnings; not verified under --strict)"
)
THEY_DO_NOT_CHECK = (
    "their library does not check this rule (@digitalbazaar/vc 7 reads no "
    "relatedResource, and no type on credentialSchema or refreshService)"
)
DIFFERENCES: dict[str, tuple[bool, bool, str]] = {
    "credential VC-CONTEXT-FIRST an inline context before the base context": (
        True,
        False,
        THEIRS_STRICTER,
    ),
    "presentation VC-CONTEXT-FIRST an inline context before the base context": (
        True,
        False,
        THEIRS_STRICTER,
    ),
    **{
        f"{form} {code} {what}": (False, True, THEY_DO_NOT_CHECK)
        for form in ("credential", "presentation")
        for code, what in [
            ("VC-SCHEMA-TYPE", "a schema without type"),
            ("VC-RELATED-OBJECT", "a list of strings"),
            ("VC-RELATED-OBJECT", "no id"),
            ("VC-RELATED-UNIQUE", "an id twice"),
            ("VC-RELATED-DIGEST", "no digest"),
            ("VC-RELATED-DIGEST", "a digest that is not one"),
            ("VC-REFRESH-TYPE", "a refresh service without type"),
        ]
    },
}


def _mine(key: Ed25519KeyPair, **overrides: Any) -> dict[str, Any]:
    doc = badge(key, **overrides)
    doc["credentialSubject"]["id"] = HOLDER.did
    return di.sign(doc, key.signer(), created="2024-01-01T00:00:00Z")


def _vp(*credentials: dict[str, Any], challenge: str = "job-1") -> dict[str, Any]:
    vp = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "holder": HOLDER.did,
        "verifiableCredential": list(credentials),
    }
    return di.sign(
        vp,
        HOLDER.signer(),
        proof_purpose="authentication",
        challenge=challenge,
        domain=ASKED["domain"],
    )


def _tampered() -> dict[str, Any]:
    doc = _mine(ISSUER)
    doc["name"] = "Rocket Science Badge"
    return doc


def _bodies() -> dict[str, tuple[str, dict[str, Any]]]:
    """Case name → (endpoint, request body)."""
    cred, pres = "/credentials/verify", "/presentations/verify"
    stranger = Ed25519KeyPair.from_seed(b"\x43" * 32)
    bodies: dict[str, tuple[str, dict[str, Any]]] = {
        "verified": (cred, {"verifiableCredential": signed_badge(ISSUER)}),
        "verified with warnings": (cred, {"verifiableCredential": signed_badge(stranger)}),
        # the verification method's controller is not the issuer: both say not verified
        "issuer not confirmed": (
            cred,
            {
                "verifiableCredential": signed_badge(
                    ISSUER,
                    issuer={
                        "id": "urn:uuid:7d1e2b3c-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
                        "type": ["Profile"],
                        "name": "Famous University",
                    },
                )
            },
        ),
        "tampered": (cred, {"verifiableCredential": _tampered()}),
        "a presentation": (
            pres,
            {"verifiablePresentation": _vp(_mine(ISSUER), _mine(stranger)), "options": ASKED},
        ),
        "a presentation for another request": (
            pres,
            {"verifiablePresentation": _vp(_mine(ISSUER), challenge="job-2"), "options": ASKED},
        ),
        "a presentation holding a tampered credential": (
            pres,
            {"verifiablePresentation": _vp(_mine(ISSUER), _tampered()), "options": ASKED},
        ),
    }
    for case in vcdm_cases.CREDENTIAL_CASES:
        doc = vcdm_cases._signed(vcdm_cases._broken(case))
        vp = vcdm_cases.presentation(doc)
        with contextlib.suppress(WalletError):
            vp = vcdm_cases.sign_vp(vp)
        bodies[f"credential {case.code} {case.what}"] = (cred, {"verifiableCredential": doc})
        bodies[f"presentation {case.code} {case.what}"] = (
            pres,
            {"verifiablePresentation": vp, "options": ASKED},
        )
    for case in vcdm_cases.PRESENTATION_CASES:
        if case.what == "no VerifiablePresentation":
            continue  # no presentation: refused before it is verified (test_vcapi_verify)
        vp = vcdm_cases.presentation(di.sign(vcdm_cases.credential(), vcdm_cases.ISSUER.signer()))
        case.change(vp)
        with contextlib.suppress(WalletError):
            vp = vcdm_cases.sign_vp(vp)
        bodies[f"presentation itself {case.code} {case.what}"] = (
            pres,
            {"verifiablePresentation": vp, "options": ASKED},
        )
    return bodies


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningShareService]:
    with serve_share_service(
        data_dir=tmp_path_factory.mktemp("vcapi"), trust=[TRUST], verify_rate_limit=100_000
    ) as running:
        yield running


def test_digital_bazaar_agrees_where_both_check(
    service, node_modules: Path, tmp_path: Path
) -> None:
    bodies = _bodies()
    files = []
    for n, (_endpoint, body) in enumerate(bodies.values()):
        path = tmp_path / f"{n}.json"
        path.write_text(json.dumps(body))
        files.append(str(path))
    proc = subprocess.run(
        ["node", str(node_modules / "vcapi-verify.mjs"), *files], capture_output=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    theirs = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert len(theirs) == len(bodies)
    agreed, differed = [], {}
    with httpx.Client(base_url=service.url, timeout=120) as http:
        for (name, (endpoint, body)), their in zip(bodies.items(), theirs, strict=True):
            answer = http.post(endpoint, json=body)
            ours = answer.json()
            assert answer.status_code == (200 if ours["verified"] else 400), ours
            if ours["verified"] == their["verified"]:
                agreed.append(name)
            else:
                differed[name] = (ours["verified"], their["verified"], their["error"])
    assert {k: v[:2] for k, v in differed.items()} == {k: v[:2] for k, v in DIFFERENCES.items()}, (
        differed
    )
    # the levels themselves agree: issuer not confirmed is not verified on both sides
    for name in (
        "verified",
        "verified with warnings",
        "issuer not confirmed",
        "tampered",
        "a presentation",
        "a presentation for another request",
        "a presentation holding a tampered credential",
    ):
        assert name in agreed
    assert len(agreed) >= 60
