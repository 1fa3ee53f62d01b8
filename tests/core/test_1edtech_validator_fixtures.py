"""The wallet's verdict on every OB 3.0 and CLR 2.0 fixture of 1EdTech's public validator
(tests/fixtures/1edtech-validator, offline, no trust lists), beside what 1EdTech's own tests
expect of its validator ("valid", "warning", "invalid").

Where we differ, it is on purpose:

* **issuer not confirmed where 1EdTech says valid.** The issuer is an https URL (or a
  ``urn:uuid:``) and the signing key is a did:key or sits in the verification method's own URL.
  1EdTech's validator accepts a key that vouches for itself; offline, nothing ties such a key
  to the issuer named, so anyone could have signed in that name (online, with the issuer's
  profile listing the key, these verify). The wallet says "issuer not confirmed" (exit 3).
* ``ob30/simple.jwt`` — an RS256 VC-JWT with neither ``kid`` nor ``jwk``: there is no key to
  check the signature with, so "not verified"; 1EdTech's test supplies the key out of band.
* ``ob30/simple-multiple-proofs.json`` — one of two proofs verifies: a proof set is satisfied
  by a proof that verifies (the others are reported), so not an error.
* ``clr20/simple_old_safesigned.json``, ``clr20/simple-noproof.json`` — their contexts include
  the draft ``https://dc.imsglobal.org/draft/clr/v2p0/context``, which is not bundled and never
  fetched: "not verified" (unknown context).
* ``ob30/complete.json`` — 1EdTech finds errors by the JSON schemas the credential names
  (``credentialSchema``); the wallet does not fetch schemas, and the credential is authentic and
  well-formed by the specifications' rules: "issuer not confirmed" offline, as above.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from wallet.result import Verdict
from wallet.verification.trust import TrustLists
from wallet.verification.verify import VerifyOptions, verify_bytes

HERE = Path(__file__).resolve().parent.parent / "fixtures" / "1edtech-validator"
NC, NV = Verdict.ISSUER_NOT_CONFIRMED, Verdict.NOT_VERIFIED

# fixture → (the wallet's verdict, what 1EdTech's tests (OB30Tests, CLR20Tests, …) expect)
EXPECTED: dict[str, tuple[Verdict, str]] = {
    "clr20/complex.json": (NC, "(its test is disabled)"),
    "clr20/simple-noproof.json": (NV, "(not tested)"),
    "clr20/simple.json": (NC, "valid"),
    "clr20/simple.jwt": (NC, "valid"),
    "clr20/simple_old_safesigned.json": (NV, "(not tested)"),
    "clr20/simple_v1.json": (NC, "warning"),
    "ob30/bit-string-list/credential-status-revoked-blank-nodes.json": (
        NC,
        "invalid (revoked online)",
    ),
    "ob30/bit-string-list/credential-status-revoked.json": (NC, "invalid (revoked online)"),
    "ob30/bit-string-list/testlist": (NC, "a status list"),
    "ob30/complete.json": (NC, "invalid (its inline JSON schemas)"),
    "ob30/complete_v1.json": (NV, "invalid (expired)"),
    "ob30/credential-status-revoked.json": (NV, "invalid (revoked)"),
    "ob30/endorsement-err-schema-status-refresh.json": (NV, "invalid"),
    "ob30/endorsement-valid.json": (NC, "valid"),
    "ob30/sd/derivedcredential.json": (NC, "valid"),
    "ob30/simple-context-alias.json": (NC, "valid"),
    "ob30/simple-context-version.json": (NC, "warning"),
    "ob30/simple-did-key-method.json": (NC, "valid"),
    "ob30/simple-did-web-method.json": (NC, "valid"),
    "ob30/simple-eddsa-2022.json": (NC, "valid"),
    "ob30/simple-err-context.json": (NV, "invalid"),
    "ob30/simple-err-credential-subject-achievement-result-description-type.json": (NV, "invalid"),
    "ob30/simple-err-credential-subject-identifier-type.json": (NV, "invalid"),
    "ob30/simple-err-credential-subject-profile-type.json": (NV, "invalid"),
    "ob30/simple-err-credential-subject-result-type.json": (NV, "invalid"),
    "ob30/simple-err-credential-subject-type.json": (NV, "invalid"),
    "ob30/simple-err-evidence-type.json": (NV, "invalid"),
    "ob30/simple-err-expired.json": (NV, "invalid"),
    "ob30/simple-err-issued.json": (NV, "invalid"),
    "ob30/simple-err-issuer-otheridentifier-type.json": (NV, "invalid"),
    "ob30/simple-err-issuer-parentorg-type.json": (NV, "invalid"),
    "ob30/simple-err-issuer-type.json": (NV, "invalid"),
    "ob30/simple-err-issuer.json": (NV, "invalid"),
    "ob30/simple-err-proof-method-no-scheme.json": (NV, "invalid"),
    "ob30/simple-err-proof-method-unknown-did-method.json": (NV, "invalid"),
    "ob30/simple-err-proof-method-unknown-scheme.json": (NV, "invalid"),
    "ob30/simple-err-proof-method.json": (NV, "invalid"),
    "ob30/simple-err-proof-value.json": (NV, "invalid"),
    "ob30/simple-err-type.json": (NV, "invalid"),
    "ob30/simple-json.png": (NC, "valid"),
    "ob30/simple-json.svg": (NC, "valid"),
    "ob30/simple-jwt.png": (NC, "valid"),
    "ob30/simple-jwt.svg": (NC, "valid"),
    "ob30/simple-jwt_v1.png": (NC, "warning"),
    "ob30/simple-jwt_v1.svg": (NC, "warning"),
    "ob30/simple-multiple-proofs.json": (NC, "an error (one proof fails)"),
    "ob30/simple-noproof.json": (NV, "invalid"),
    "ob30/simple.1ob": (NC, "valid"),
    "ob30/simple.json": (NC, "valid"),
    "ob30/simple.jwt": (NV, "valid (key given out of band)"),
    "ob30/simple_v1.json": (NC, "warning"),
    "ob30/velocity.jwt": (NV, "invalid"),
}


def test_every_fixture_is_listed() -> None:
    found = {
        str(p.relative_to(HERE)) for p in HERE.rglob("*") if p.is_file() and p.name != "SOURCE"
    }
    assert found == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_wallets_verdict(name: str) -> None:
    verdict, _theirs = EXPECTED[name]
    result = verify_bytes((HERE / name).read_bytes(), VerifyOptions(trust=TrustLists()), name=name)
    assert result.verdict is verdict, [
        (c.id, c.outcome, c.message[:120]) for c in result.checks if c.outcome != "passed"
    ]
