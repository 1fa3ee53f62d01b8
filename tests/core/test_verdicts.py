"""The verdict table, row by row (README "What a verdict says"): authenticity, the issuer's
identity and conformance are separate questions; green only for ``verified``.

Real signatures throughout (Ed25519 did:key issuers signing with eddsa-rdfc-2022, VC-JWTs with
EdDSA); did:web and issuer profiles are served over real HTTPS on 127.0.0.1."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from factories import OB3, VC2, badge, signed_badge

from wallet.crypto.jws import sign_jws
from wallet.crypto.keys import Ed25519KeyPair
from wallet.exchange.http import HttpFetcher
from wallet.proofs import dataintegrity as di
from wallet.result import NOT_CONFIRMED, CheckId, Outcome, Verdict
from wallet.verification.trust import (
    OUR_FORMAT,
    TrustEntry,
    TrustList,
    TrustLists,
    parse_trust_list,
)
from wallet.verification.verify import VerifyOptions, verify_document, verify_jwt

NOW = datetime(2026, 1, 1, tzinfo=UTC)
NO_LISTS = VerifyOptions(now=NOW, trust=TrustLists())


@pytest.fixture(scope="module")
def issuer() -> Ed25519KeyPair:
    return Ed25519KeyPair.generate()


def trusting(*ids: str, name: str = "Example College") -> VerifyOptions:
    return replace(
        NO_LISTS,
        trust=TrustLists((TrustList("Employer's list", tuple(TrustEntry(i, name) for i in ids)),)),
    )


# --- verified -------------------------------------------------------------------------------


def test_authentic_bound_and_recognised_is_verified(issuer) -> None:
    result = verify_document(signed_badge(issuer), trusting(issuer.did))
    assert result.verdict is Verdict.VERIFIED and result.verdict.exit_code == 0
    assert result.recognition.list_name == "Employer's list"
    assert result.recognition.name == "Example College"
    assert result.check(CheckId.RECOGNITION).outcome is Outcome.PASSED


# --- verified with warnings -----------------------------------------------------------------


def test_an_issuer_no_list_recognises_is_a_warning_and_its_name_only_claimed(issuer) -> None:
    doc = signed_badge(
        issuer, issuer={"id": issuer.did, "type": ["Profile"], "name": "Harvard University"}
    )
    result = verify_document(doc, trusting("did:web:somewhere.else.example"))
    assert result.verdict is Verdict.WARNINGS and result.verified
    check = result.check(CheckId.RECOGNITION)
    assert check.outcome is Outcome.WARNING and check.detail == "not_recognised"
    assert "Harvard University" in check.message and "as the issuer gives it" in check.message
    assert result.recognition is None


def test_no_trust_lists_at_all_is_said_plainly(issuer) -> None:
    result = verify_document(signed_badge(issuer), NO_LISTS)
    assert result.verdict is Verdict.WARNINGS
    assert "you keep no trust lists" in result.check(CheckId.RECOGNITION).message


def test_status_unknown_offline_is_a_warning(issuer) -> None:
    entry = {
        "id": "https://status.example/1#5",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "5",
        "statusListCredential": "https://status.example/1",
    }
    result = verify_document(signed_badge(issuer, credentialStatus=entry), trusting(issuer.did))
    assert result.check(CheckId.STATUS).outcome is Outcome.WARNING
    assert result.verdict is Verdict.WARNINGS


def _endorsement_without_name(issuer: Ed25519KeyPair) -> dict:
    endorser = Ed25519KeyPair.generate()
    endorsement = {
        "@context": [VC2, OB3],
        "id": "urn:uuid:2f5b3e41-5d6a-4a4e-9a2e-0e7b1c2d3e4f",
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "issuer": {"id": endorser.did, "type": ["Profile"], "name": "Endorser"},
        "validFrom": "2024-01-01T00:00:00Z",
        "credentialSubject": {
            "id": "https://college.example/achievements/teamwork",
            "type": ["EndorsementSubject"],
            "endorsementComment": "Good.",
        },
    }
    signed = di.sign(endorsement, endorser.signer(), created="2024-01-01T00:00:00Z")
    doc = badge(issuer)
    doc["credentialSubject"]["achievement"]["endorsement"] = [signed]
    return di.sign(doc, issuer.signer(), created="2024-01-01T00:00:00Z")


FINDINGS = {
    # (how the badge deviates, the rule the finding must name)
    "no name": (lambda k: signed_badge(k, name=None), "§B.1.2"),
    "subject with neither id nor identifier": (
        lambda k: di.sign(_without_subject_id(badge(k)), k.signer()),
        "§B.1.3",
    ),
    "achievementType outside the vocabulary": (
        lambda k: di.sign(_with_achievement_type(badge(k), "Program"), k.signer()),
        "§B.1.28",
    ),
    "issuer as a bare DID": (lambda k: signed_badge(k, issuer=k.did), "§B.1.2"),
}


def _without_subject_id(doc: dict) -> dict:
    doc["credentialSubject"].pop("id")
    return doc


def _with_achievement_type(doc: dict, value: str) -> dict:
    doc["credentialSubject"]["achievement"]["achievementType"] = value
    return doc


@pytest.mark.parametrize("deviation", sorted(FINDINGS))
def test_conformance_findings_warn_and_fail_under_strict(issuer, deviation: str) -> None:
    make, rule = FINDINGS[deviation]
    doc = make(issuer)
    result = verify_document(doc, trusting(issuer.did))
    assert result.verdict is Verdict.WARNINGS, result.checks
    assert result.check(CheckId.CONFORMANCE).outcome is Outcome.WARNING
    assert any(rule in f.rule for f in result.findings), result.findings
    strict = verify_document(doc, replace(trusting(issuer.did), strict=True))
    assert strict.verdict is Verdict.NOT_VERIFIED
    assert strict.check(CheckId.CONFORMANCE).outcome is Outcome.FAILED


def test_a_nested_endorsement_without_a_name_is_a_finding(issuer) -> None:
    result = verify_document(_endorsement_without_name(issuer), trusting(issuer.did))
    assert result.verdict is Verdict.WARNINGS, result.checks
    assert any(f.path.endswith("endorsement[0].name") for f in result.findings)
    assert any("§B.1.7" in f.rule for f in result.findings)


def _vc_jwt(key: Ed25519KeyPair, vc: dict, *, header_key: bool = False) -> str:
    header = {"alg": "EdDSA", "typ": "JWT"}
    if header_key:
        header["jwk"] = key.public.to_jwk()
    else:
        header["kid"] = f"{key.did}#{key.did.split(':')[-1]}"
    issuer_id = vc["issuer"]["id"] if isinstance(vc["issuer"], dict) else vc["issuer"]
    payload = {
        "vc": vc,
        "iss": issuer_id,
        "jti": vc["id"],
        "nbf": 1704067200,
        "sub": vc["credentialSubject"]["id"],
    }
    return sign_jws(header, payload, key.signer())


def test_a_vc_jwt_with_earlier_draft_contexts_is_a_finding(issuer) -> None:
    vc = badge(issuer)
    vc["@context"] = [
        "https://www.w3.org/2018/credentials/v1",
        "https://imsglobal.github.io/openbadges-specification/context.json",
    ]
    vc["issuanceDate"] = vc.pop("validFrom")
    result = verify_jwt(_vc_jwt(issuer, vc), trusting(issuer.did))
    assert result.verdict is Verdict.WARNINGS, result.checks
    assert any(f.path.endswith("@context") for f in result.findings)


# --- issuer not confirmed -------------------------------------------------------------------


def test_urn_uuid_issuer_signed_with_a_did_key_is_not_confirmed(issuer) -> None:
    doc = signed_badge(
        issuer,
        issuer={
            "id": "urn:uuid:7d1e2b3c-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
            "type": ["Profile"],
            "name": "Famous University",
        },
    )
    result = verify_document(doc, NO_LISTS)
    binding = result.check(CheckId.ISSUER_BINDING)
    assert binding.outcome is Outcome.WARNING and binding.detail == NOT_CONFIRMED
    assert result.verdict is Verdict.ISSUER_NOT_CONFIRMED and result.verdict.exit_code == 3
    assert not result.verified
    # A list naming the key's own DID says who did:key:… is, not that the urn: issuer is it:
    # still not confirmed (wallet.verification.binding: an entry binds a key to the identifier it
    # names).
    listed_did = verify_document(doc, trusting(issuer.did, name="Famous University"))
    assert listed_did.verdict is Verdict.ISSUER_NOT_CONFIRMED, listed_did.checks
    assert listed_did.recognition is None
    # …verified only when the user's own list names that key for that very identifier.
    urn = "urn:uuid:7d1e2b3c-4f5a-4b6c-8d7e-9f0a1b2c3d4e"
    vouched = verify_document(
        doc,
        replace(
            NO_LISTS,
            trust=TrustLists(
                (
                    TrustList(
                        "Employer's list",
                        (TrustEntry(urn, "Famous University", key=issuer.public.multibase),),
                    ),
                )
            ),
        ),
    )
    assert vouched.verdict is Verdict.VERIFIED, vouched.checks
    assert vouched.check(CheckId.ISSUER_BINDING).detail == "trusted_key"
    assert vouched.recognition.name == "Famous University"


def test_a_url_key_whose_document_cannot_be_fetched_is_not_confirmed(issuer) -> None:
    """The forger's key in the fragment of the famous university's URL, offline."""
    forger = Ed25519KeyPair.generate()
    vm = f"https://famous-university.example/issuer#{forger.public.multibase}"
    doc = badge(
        forger,
        issuer={
            "id": "https://famous-university.example/issuer",
            "type": ["Profile"],
            "name": "Famous University",
        },
    )
    signer = forger.signer()
    signed = di.sign(doc, _KeyIdSigner(signer, vm), created="2024-01-01T00:00:00Z")
    result = verify_document(signed, NO_LISTS)
    assert result.check(CheckId.PROOF).outcome is Outcome.PASSED
    assert result.verdict is Verdict.ISSUER_NOT_CONFIRMED, result.checks
    assert verify_document(signed, trusting(vm)).verdict is Verdict.VERIFIED


def test_a_vc_jwt_key_from_its_own_header_is_not_confirmed() -> None:
    forger = Ed25519KeyPair.generate()
    vc = badge(
        forger,
        issuer={
            "id": "https://famous-university.example/issuer",
            "type": ["Profile"],
            "name": "Famous University",
        },
    )
    result = verify_jwt(_vc_jwt(forger, vc, header_key=True), NO_LISTS)
    assert result.check(CheckId.PROOF).outcome is Outcome.PASSED
    binding = result.check(CheckId.ISSUER_BINDING)
    assert binding.detail == NOT_CONFIRMED and "own header" in binding.message
    assert result.verdict is Verdict.ISSUER_NOT_CONFIRMED


class _KeyIdSigner:
    """The same key under another verification method id (as a forger would write it)."""

    def __init__(self, signer, key_id: str) -> None:
        self._signer, self.key_id = signer, key_id
        self.algorithm = getattr(signer, "algorithm", "EdDSA")

    def sign(self, data: bytes) -> bytes:
        return self._signer.sign(data)


# --- not verified ---------------------------------------------------------------------------


def test_a_did_key_issuer_that_did_not_sign_is_not_verified(issuer) -> None:
    other = Ed25519KeyPair.generate()
    doc = di.sign(badge(issuer), other.signer(), created="2024-01-01T00:00:00Z")
    result = verify_document(doc, trusting(issuer.did, other.did))
    binding = result.check(CheckId.ISSUER_BINDING)
    assert binding.outcome is Outcome.FAILED and binding.detail == "issuer_mismatch"
    assert result.verdict is Verdict.NOT_VERIFIED and result.verdict.exit_code == 1


def test_a_did_web_issuer_whose_document_does_not_hold_the_key(https_server, issuer) -> None:
    server, tls = https_server
    did = f"did:web:127.0.0.1%3A{server.port}"
    somebody = Ed25519KeyPair.generate()
    server.serve_json(
        "/.well-known/did.json",
        {
            "@context": ["https://www.w3.org/ns/did/v1"],
            "id": did,
            "verificationMethod": [
                {
                    "id": f"{did}#key-1",
                    "type": "Multikey",
                    "controller": did,
                    "publicKeyMultibase": somebody.public.multibase,
                }
            ],
            "assertionMethod": [f"{did}#key-1"],
        },
    )
    doc = di.sign(
        badge(issuer, issuer={"id": did, "type": ["Profile"], "name": "Web U"}),
        issuer.signer(),
        created="2024-01-01T00:00:00Z",
    )
    with HttpFetcher(dev=True, verify=tls) as fetcher:
        result = verify_document(doc, replace(NO_LISTS, fetcher=fetcher))
        assert result.check(CheckId.ISSUER_BINDING).outcome is Outcome.FAILED
        assert result.verdict is Verdict.NOT_VERIFIED
        # the document listing the key instead: bound
        server.serve_json(
            "/.well-known/did.json",
            {
                "@context": ["https://www.w3.org/ns/did/v1"],
                "id": did,
                "verificationMethod": [
                    {
                        "id": f"{did}#key-1",
                        "type": "Multikey",
                        "controller": did,
                        "publicKeyMultibase": issuer.public.multibase,
                    }
                ],
                "assertionMethod": [f"{did}#key-1"],
            },
        )
        bound = verify_document(doc, replace(NO_LISTS, fetcher=fetcher))
    assert bound.check(CheckId.ISSUER_BINDING).outcome is Outcome.PASSED, bound.checks


def test_an_https_issuer_profile_that_does_not_list_the_key(https_server, issuer) -> None:
    server, tls = https_server
    profile = server.serve_json(
        "/issuers/7", {"id": server.url("/issuers/7"), "type": "Profile", "name": "Profile U"}
    )
    doc = di.sign(
        badge(issuer, issuer={"id": profile, "type": ["Profile"], "name": "Profile U"}),
        issuer.signer(),
        created="2024-01-01T00:00:00Z",
    )
    with HttpFetcher(dev=True, verify=tls) as fetcher:
        result = verify_document(doc, replace(NO_LISTS, fetcher=fetcher))
    assert result.check(CheckId.ISSUER_BINDING).outcome is Outcome.FAILED
    assert result.verdict is Verdict.NOT_VERIFIED
    # unreachable (offline) instead: not confirmed, never a pass
    assert verify_document(doc, NO_LISTS).verdict is Verdict.ISSUER_NOT_CONFIRMED


def test_a_failing_proof_and_no_supported_proof(issuer) -> None:
    doc = signed_badge(issuer)
    doc["name"] = "Forged"
    assert verify_document(doc, trusting(issuer.did)).verdict is Verdict.NOT_VERIFIED
    unsupported = signed_badge(issuer)
    unsupported["proof"] = {**unsupported["proof"], "cryptosuite": "no-such-suite"}
    result = verify_document(unsupported, trusting(issuer.did))
    assert result.check(CheckId.PROOF).outcome is Outcome.FAILED
    assert result.verdict is Verdict.NOT_VERIFIED


@pytest.mark.parametrize(
    "dates", [{"validUntil": "2025-01-01T00:00:00Z"}, {"validFrom": "2027-01-01T00:00:00Z"}]
)
def test_expired_or_not_yet_valid(issuer, dates: dict) -> None:
    result = verify_document(signed_badge(issuer, **dates), trusting(issuer.did))
    assert result.check(CheckId.VALIDITY).outcome is Outcome.FAILED
    assert result.verdict is Verdict.NOT_VERIFIED


def test_an_undefined_term_is_not_verified(issuer) -> None:
    doc = badge(issuer)
    doc["madeUpTerm"] = "x"
    with pytest.raises(Exception):  # noqa: B017 - cannot even be signed in safe mode
        di.sign(doc, issuer.signer())
    signed = signed_badge(issuer)
    signed = {**signed, "madeUpTerm": "x"}
    result = verify_document(signed, trusting(issuer.did))
    assert result.check(CheckId.JSONLD).outcome is Outcome.FAILED
    assert result.verdict is Verdict.NOT_VERIFIED


def _retype(path: tuple[str, ...], value: object):
    def make(doc: dict) -> dict:
        node = doc
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
        return doc

    return make


# Each a type the contexts define, in the wrong place.
TYPE_ERRORS = {
    "credential": _retype(("type",), ["OpenBadgeCredential"]),
    "subject": _retype(("credentialSubject", "type"), ["Profile"]),
    "issuer profile": _retype(("issuer", "type"), ["Achievement"]),
    "achievement": _retype(("credentialSubject", "achievement", "type"), ["Profile"]),
    "result": _retype(
        ("credentialSubject", "result"), [{"type": ["ResultDescription"], "value": "A"}]
    ),
    "evidence": _retype(("evidence",), [{"type": ["Achievement"], "narrative": "x"}]),
    "identity object": _retype(
        ("credentialSubject", "identifier"),
        [{"type": "Profile", "identityHash": "x", "identityType": "emailAddress", "hashed": False}],
    ),
}


@pytest.mark.parametrize("where", sorted(TYPE_ERRORS))
def test_a_wrong_type_is_not_verified(issuer, where: str) -> None:
    """The structure check fails on its own (whatever else fails with it: in safe mode such a
    document cannot even be signed, its properties being scoped to the right types)."""
    signed = TYPE_ERRORS[where](copy.deepcopy(signed_badge(issuer)))
    result = verify_document(signed, trusting(issuer.did))
    structure = result.check(CheckId.STRUCTURE)
    assert structure.outcome is Outcome.FAILED, result.checks
    assert "type" in structure.message
    assert result.verdict is Verdict.NOT_VERIFIED


# --- trust lists ----------------------------------------------------------------------------


def test_trust_list_files_dcc_format_and_ours() -> None:
    dcc = parse_trust_list(
        json.dumps(
            {
                "meta": {"created": "2024-01-01"},
                "registry": {
                    "did:web:college.example": {
                        "name": "College",
                        "url": "https://college.example",
                        "location": "Springfield",
                    }
                },
            }
        ),
        source="dcc.json",
    )
    assert dcc.entries[0].id == "did:web:college.example" and dcc.entries[0].name == "College"
    ours = parse_trust_list(
        json.dumps(
            {
                "format": OUR_FORMAT,
                "name": "Mine",
                "entries": [{"id": "https://college.example/issuer", "name": "College"}],
            }
        )
    )
    assert ours.name == "Mine" and ours.entries[0].id == "https://college.example/issuer"


@pytest.mark.parametrize(
    "bad",
    [
        b"[]",
        b'{"registry": []}',
        b'{"hello": 1}',
        b'{"registry": {"not a did": {"name": "x"}}}',
        b'{"format": "learner-wallet-trust-list/1", "entries": [3]}',
        b"not json",
        b'{"registry": {}}',
    ],
)
def test_a_file_that_is_not_a_trust_list_is_refused(bad: bytes) -> None:
    from wallet.errors import InputError

    with pytest.raises(InputError, match="trust list|JSON"):
        parse_trust_list(bad)
