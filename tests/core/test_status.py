"""Status lists of every supported kind, served by a real server on 127.0.0.1."""

from __future__ import annotations

import base64
import gzip
from datetime import UTC, datetime

import pytest
from factories import OB3, VC2, signed_badge, status_entry, status_list

from wallet.crypto.keys import Ed25519KeyPair
from wallet.exchange.http import HttpFetcher
from wallet.proofs import dataintegrity as di
from wallet.result import CheckId, Outcome
from wallet.verification.status import MIN_BITS, decode_bitstring, encode_bitstring
from wallet.verification.verify import VerifyOptions, verify_document

NOW = datetime(2025, 6, 1, tzinfo=UTC)
EXTENSIONS = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
VC1 = "https://www.w3.org/2018/credentials/v1"
SL2021 = "https://w3id.org/vc/status-list/2021/v1"
DI2 = "https://w3id.org/security/data-integrity/v2"


@pytest.fixture(scope="module")
def issuer() -> Ed25519KeyPair:
    return Ed25519KeyPair.generate()


def _verify(doc, fetcher):
    return verify_document(doc, VerifyOptions(now=NOW, fetcher=fetcher))


def test_bitstring_round_trip_and_bit_order() -> None:
    bits = bytearray(MIN_BITS // 8)
    bits[0] = 0b1000_0001  # indices 0 and 7
    decoded = decode_bitstring(encode_bitstring(bits))
    assert decoded == bits
    with pytest.raises(ValueError):
        decode_bitstring("unot-gzip")


def test_suspension_purpose(issuer, http_server) -> None:
    url = http_server.url("/suspended")
    http_server.serve_json("/suspended", status_list(issuer, url, {0}, purpose="suspension"))
    doc = signed_badge(issuer, credentialStatus=status_entry(url, 0, purpose="suspension"))
    with HttpFetcher(dev=True) as fetcher:
        result = _verify(doc, fetcher)
    assert result.check(CheckId.STATUS).detail == "suspended" and not result.verified


def test_purpose_mismatch_is_unknown(issuer, http_server) -> None:
    url = http_server.url("/mixed")
    http_server.serve_json("/mixed", status_list(issuer, url, {0}, purpose="suspension"))
    doc = signed_badge(issuer, credentialStatus=status_entry(url, 0, purpose="revocation"))
    with HttpFetcher(dev=True) as fetcher:
        assert _verify(doc, fetcher).check(CheckId.STATUS).outcome is Outcome.WARNING


def test_status_list_2021(issuer, http_server) -> None:
    url = http_server.url("/sl2021")
    bits = bytearray(MIN_BITS // 8)
    bits[5 // 8] |= 0x80 >> (5 % 8)
    encoded = base64.urlsafe_b64encode(gzip.compress(bytes(bits))).decode().rstrip("=")
    status_credential = di.sign(
        {
            "@context": [VC1, SL2021, DI2],
            "id": url,
            "type": ["VerifiableCredential", "StatusList2021Credential"],
            "issuer": issuer.did,
            "issuanceDate": "2024-01-01T00:00:00Z",
            "credentialSubject": {
                "id": f"{url}#list",
                "type": "StatusList2021",
                "statusPurpose": "revocation",
                "encodedList": encoded,
            },
        },
        issuer.signer(),
    )
    http_server.serve_json("/sl2021", status_credential)

    def credential(index: int) -> dict:
        return di.sign(
            {
                "@context": [VC1, SL2021, DI2],
                "id": f"urn:uuid:00000000-0000-4000-8000-00000000000{index}",
                "type": ["VerifiableCredential"],
                "issuer": issuer.did,
                "issuanceDate": "2024-01-01T00:00:00Z",
                "credentialSubject": {"id": "did:example:learner"},
                "credentialStatus": {
                    "id": f"{url}#{index}",
                    "type": "StatusList2021Entry",
                    "statusPurpose": "revocation",
                    "statusListIndex": str(index),
                    "statusListCredential": url,
                },
            },
            issuer.signer(),
        )

    with HttpFetcher(dev=True) as fetcher:
        revoked, fine = _verify(credential(5), fetcher), _verify(credential(4), fetcher)
    assert revoked.check(CheckId.STATUS).detail == "revoked", revoked.checks
    assert fine.verified and fine.check(CheckId.STATUS).outcome is Outcome.PASSED


def test_1edtech_revocation_list(issuer, http_server) -> None:
    url = http_server.url("/revocations")
    revoked = signed_badge(
        issuer,
        **{
            "@context": [VC2, OB3, EXTENSIONS],
            "credentialStatus": {"id": url, "type": "1EdTechRevocationList"},
        },
    )
    fine = signed_badge(
        issuer,
        **{
            "@context": [VC2, OB3, EXTENSIONS],
            "credentialStatus": {"id": url, "type": "1EdTechRevocationList"},
        },
    )
    http_server.serve_json(
        "/revocations",
        {
            "id": url,
            "issuer": issuer.did,
            "revokedCredentials": [{"id": revoked["id"], "revocationReason": "issued in error"}],
        },
    )
    with HttpFetcher(dev=True) as fetcher:
        bad, good = _verify(revoked, fetcher), _verify(fine, fetcher)
    assert bad.check(CheckId.STATUS).detail == "revoked"
    assert "issued in error" in bad.check(CheckId.STATUS).message
    assert good.verified and good.check(CheckId.STATUS).outcome is Outcome.PASSED


def test_status_list_is_fetched_once_per_verification(issuer, http_server) -> None:
    from factories import clr

    url = http_server.url("/shared")
    http_server.serve_json("/shared", status_list(issuer, url, set()))
    items = [signed_badge(issuer, credentialStatus=status_entry(url, i)) for i in range(3)]
    with HttpFetcher(dev=True) as fetcher:
        result = _verify(clr(issuer, items), fetcher)
    assert result.verified, result.checks
    assert http_server.hits.count("/shared") == 1


def test_legacy_eddsa_2022_cryptosuite_verifies(issuer) -> None:
    """`eddsa-2022` is the pre-standard name of the same algorithm: sign the proof options
    under that name with the same steps and it must verify."""
    from wallet.crypto.multiformats import multibase_encode

    doc = {k: v for k, v in signed_badge(issuer).items() if k != "proof"}
    options = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-2022",
        "created": "2024-01-01T00:00:00Z",
        "verificationMethod": issuer.key_id,
        "proofPurpose": "assertionMethod",
    }
    data = di.hash_data(di.configure(options, doc["@context"]), di.transform(doc))
    legacy = {**doc, "proof": {**options, "proofValue": multibase_encode(issuer.sign(data))}}
    result = verify_document(legacy, VerifyOptions(now=NOW))
    assert result.verified and "eddsa-2022" in result.check(CheckId.PROOF).message
