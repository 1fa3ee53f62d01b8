"""What secures a document, format by format: the part of a verification that differs between
Data Integrity and VC-JWT (:mod:`wallet.verification.verify` runs everything after it, the
issuer binding on, as one sequence for both).

* **Data Integrity** (:func:`proof_checks`): the JSON-LD check (every term defined by the bundled
  contexts, safe mode) and the proof — of a proof set, one supported proof verifies; of a chain,
  every proof — with the keys of the proofs that verified. A presentation without a proof,
  where no challenge was asked for, is an envelope (:func:`unsigned_presentation`).
* **VC-JWT** (:func:`jwt_proof`): JSON-LD does not apply; the JWS signature (RFC 7515 §5.2) with
  the key its ``kid`` names (resolved) or its header carries — and, for a key from the header,
  the issuer binding, decided here (:func:`wallet.verification.binding.bind_key`).

Nothing here raises for a bad document: each outcome is a :class:`~wallet.result.Check`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from wallet.credential import as_list
from wallet.crypto import jws
from wallet.crypto.did import KeyResolution, resolve_verification_method
from wallet.crypto.keys import public_key_from_jwk
from wallet.errors import DidResolutionError, JsonLdError, WalletError
from wallet.fetch import Fetcher
from wallet.ld.jsonld import DocumentLoader
from wallet.proofs.dataintegrity import ProofCheck, canonical_dataset, proofs_of, verify_proofs
from wallet.result import UNSIGNED_PRESENTATION, Check, CheckId
from wallet.verification.binding import Binding, bind_key, check_of
from wallet.verification.checks import failed, passed, proof_set_checks, skipped
from wallet.verification.trust import TrustLists

__all__ = ["Secured", "jwt_proof", "proof_checks", "unsigned_presentation"]


@dataclass(frozen=True)
class Secured:
    """What the format's own part found: its checks (JSON-LD, proof), the proofs that verified
    with their keys and, where the format settles it itself, the issuer binding (its check and
    the binding it reports)."""

    checks: list[Check]
    accepted: list[tuple[ProofCheck, KeyResolution]]
    binding: Check | None = None
    bindings: tuple[Binding, ...] = ()


# --- Data Integrity -------------------------------------------------------------------------


def proof_checks(
    doc: Mapping[str, Any],
    *,
    purpose: str,
    what: str,
    fetcher: Fetcher | None,
    loader: DocumentLoader | None,
    now: datetime,
    holder: bool,
) -> tuple[list[Check], list[tuple[ProofCheck, KeyResolution]]]:
    """The JSON-LD and proof checks, and the proofs that verified (with their keys)."""
    checks: list[Check] = []
    proofs = proofs_of(doc)
    unsecured = {k: v for k, v in doc.items() if k != "proof"}
    try:
        dataset = canonical_dataset(unsecured, loader)
    except JsonLdError as exc:
        checks.append(failed(CheckId.JSONLD, exc.message, exc.code))
        checks.append(
            failed(
                CheckId.PROOF,
                f"the {what}'s proof cannot be checked: its JSON-LD is not valid for signing",
                exc.code,
            )
        )
        return checks, []
    checks.append(passed(CheckId.JSONLD, "every term is defined by the bundled contexts"))
    if not proofs:
        checks.append(failed(CheckId.PROOF, f"the {what} carries no proof", "no_proof"))
        return checks, []
    results = verify_proofs(
        doc,
        expected_purpose=purpose,
        fetcher=fetcher,
        loader=loader,
        now=now,
        dataset=dataset,
        holder=holder,
    )  # a proof set or chain (§4.5)
    set_checks, valid = proof_set_checks(results)
    checks.extend(set_checks)
    return checks, [(r, r.resolution) for r in valid if r.resolution is not None]


def unsigned_presentation(
    doc: Mapping[str, Any], checks: list[Check], *, challenge: str | None, domain: str | None
) -> list[Check]:
    """A presentation without a proof, when no challenge or domain was asked for, is an
    envelope (as an offline QR code's usually is, and as Digital Bazaar's ``vc.verify`` reads
    it with ``unsignedPresentation``): it proves the credentials it carries, each by its own
    proof, and nothing about who presents them — said so, not failed. Asked for a challenge,
    or carrying no credential, it fails as before."""
    if (
        proofs_of(doc)
        or challenge is not None
        or domain is not None
        or not as_list(doc.get("verifiableCredential"))
    ):
        return checks
    return [
        skipped(
            CheckId.PROOF,
            "the presentation is not signed by whoever presents it: "
            "it proves the credentials it carries, each by its own proof, not who "
            "shows them",
            UNSIGNED_PRESENTATION,
        )
        if c.id is CheckId.PROOF and c.detail == "no_proof"
        else c
        for c in checks
    ]


# --- VC-JWT ---------------------------------------------------------------------------------


def _jwt_key(
    decoded: jws.DecodedJws, issuer_id: str | None, fetcher: Fetcher | None
) -> tuple[Mapping[str, Any], KeyResolution | None, str]:
    """The JWK that should verify the token, how it was found, and a note on provenance."""
    header = decoded.header
    kid = header.get("kid")
    if isinstance(kid, str) and kid:
        if kid.startswith("#") and issuer_id and "#" not in issuer_id:
            # a fragment-only reference, resolved against the issuer id (RFC 3986 §5.2);
            # whether its key is the issuer's is for wallet.verification.binding to decide, not
            # this id
            kid = issuer_id + kid
        resolution = resolve_verification_method(kid, fetcher=fetcher, purpose="assertionMethod")
        method = resolution.method
        jwk = method.jwk or (method.ed25519.to_jwk() if method.ed25519 else None)
        if jwk is None:
            raise DidResolutionError(f"{kid} has no usable key")
        return jwk, resolution, resolution.note
    if isinstance(header.get("jwk"), Mapping):
        return header["jwk"], None, "the key comes from the token's own header"
    raise DidResolutionError("the token names no key (no 'kid' or 'jwk' header)")


def jwt_proof(
    decoded: jws.DecodedJws,
    issuer_id: str | None,
    *,
    fetcher: Fetcher | None,
    trust: TrustLists | None,
) -> Secured:
    """The VC-JWT's own part: JSON-LD does not apply, the JWS signature (RFC 7515 §5.2) and, for
    a key given in the header rather than named by ``kid``, the issuer binding."""
    checks = [skipped(CheckId.JSONLD, "a VC-JWT is signed as JSON; JSON-LD does not apply")]
    try:
        jwk, resolution, note = _jwt_key(decoded, issuer_id, fetcher)
        ok = jws.verify_jws(decoded, jwk)
    except WalletError as exc:
        checks.append(failed(CheckId.PROOF, exc.message, exc.code))
        return Secured(checks, [])
    alg = decoded.header.get("alg")
    if not ok:
        checks.append(
            failed(
                CheckId.PROOF,
                "the JWT signature does not match: the token was "
                "changed after signing, or signed with another key",
                "bad_signature",
            )
        )
        return Secured(checks, [])
    checks.append(passed(CheckId.PROOF, f"JWT signature ({alg}) verified"))
    if resolution is not None:
        proof = ProofCheck(
            suite=f"JWT {alg}", supported=True, valid=True, reason="", resolution=resolution
        )
        return Secured(checks, [(proof, resolution)])
    if issuer_id is None:
        return Secured(
            checks,
            [],
            failed(CheckId.ISSUER_BINDING, "the credential names no issuer", "no_issuer"),
        )
    # A key from the token's own header vouches for nothing by itself: the issuer's
    # identifier (a did:key, a did:jwk), its own document, or a trust-list entry naming that
    # very key can (wallet.verification.binding).
    try:
        key = public_key_from_jwk(jwk)
    except WalletError:
        key = None
    bound = bind_key(issuer_id, key, None, fetcher=fetcher, trust=trust)
    binding = check_of(
        bound, "issuer", CheckId.ISSUER_BINDING, signer="the key in the token's header", note=note
    )
    return Secured(checks, [], binding, (bound,))
