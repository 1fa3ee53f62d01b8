"""Proof sets and proof chains (W3C VC Data Integrity 1.0 §2.1.1 Proof Sets, §2.1.2 Proof Chains;
the algorithms §4.3 Add Proof Set/Chain and §4.5 Verify Proof Sets and Chains), and the bound
on proofs per document (limits.MAX_PROOFS). A chained proof secures the document *with* the
proofs it names; each named proof must exist and verify first. Every case is checked as a
credential and inside a presentation."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest
from factories import badge

from wallet import limits
from wallet.crypto.keys import EcKeyPair, Ed25519KeyPair
from wallet.errors import DataModelError, FetchError, SigningError
from wallet.fetch import Fetcher
from wallet.proofs import dataintegrity as di
from wallet.result import CheckId, Outcome, Verdict, VerificationResult
from wallet.verification.verify import VerifyOptions, verify_bytes, verify_document
from wallet.vocab import DATA_INTEGRITY_CONTEXT, VC1_CONTEXT, VC2_CONTEXT

NOW = datetime(2025, 6, 1, tzinfo=UTC)
OPTS = VerifyOptions(now=NOW, challenge="job-1", domain="https://employer.example")
ISSUER = Ed25519KeyPair.from_seed(b"\x11" * 32)
REGISTRAR = Ed25519KeyPair.from_seed(b"\x12" * 32)
NOTARY = Ed25519KeyPair.from_seed(b"\x13" * 32)
HOLDER = Ed25519KeyPair.from_seed(b"\x14" * 32)
A, B, C = "urn:uuid:proof-a", "urn:uuid:proof-b", "urn:uuid:proof-c"


def chained(suite: str | None = None) -> dict[str, Any]:
    """The issuer's proof (id A), countersigned by the registrar (B, naming A)."""
    signed = di.sign(badge(ISSUER), ISSUER.signer(), proof_id=A, cryptosuite=suite)
    return di.sign(signed, REGISTRAR.signer(), proof_id=B, previous_proof=A, cryptosuite=suite)


def in_presentation(credential: dict[str, Any]) -> dict[str, Any]:
    vp = {
        "@context": [VC2_CONTEXT],
        "type": ["VerifiablePresentation"],
        "holder": HOLDER.did,
        "verifiableCredential": [credential],
    }
    return di.sign(
        vp,
        HOLDER.signer(),
        proof_purpose="authentication",
        challenge="job-1",
        domain="https://employer.example",
    )


def both(credential: dict[str, Any]) -> tuple[VerificationResult, VerificationResult]:
    """The credential's own result, and the result of the credential inside a presentation."""
    alone = verify_document(credential, OPTS)
    inside = verify_document(in_presentation(credential), OPTS)
    assert inside.nested[0].check(CheckId.PROOF) == alone.check(CheckId.PROOF)
    return alone, inside


def _proof_check(result: VerificationResult):
    return result.check(CheckId.PROOF)


# --- chains that verify ---------------------------------------------------------------------


@pytest.mark.parametrize("suite", ["eddsa-rdfc-2022", "eddsa-jcs-2022"])
def test_a_countersigned_credential_verifies_and_reports_each_proof(suite: str) -> None:
    doc = chained(suite)
    assert [p.get("previousProof") for p in doc["proof"]] == [None, A]
    alone, inside = both(doc)
    assert alone.verdict is Verdict.VERIFIED, alone.checks
    assert inside.verdict is Verdict.VERIFIED, inside.checks
    message = _proof_check(alone).message
    assert message.startswith("the proof chain verified")
    assert f"{A} ({suite} by {ISSUER.key_id}): verified" in message
    assert f"{B} ({suite} by {REGISTRAR.key_id}, after {A}): verified" in message


def test_a_chain_of_three_and_a_previous_proof_list() -> None:
    doc = di.sign(chained(), NOTARY.signer(), proof_id=C, previous_proof=[A, B])
    doc["proof"].reverse()  # a proof chain is ordered by previousProof, not by the array
    alone, inside = both(doc)
    assert alone.verdict is Verdict.VERIFIED and inside.verdict is Verdict.VERIFIED
    assert f"after {A}, {B}): verified" in _proof_check(alone).message


def test_a_p256_countersignature_on_an_ed25519_proof() -> None:
    notary = EcKeyPair.generate("P-256")
    doc = di.sign(
        di.sign(badge(ISSUER), ISSUER.signer(), proof_id=A), notary.signer(), previous_proof=A
    )
    assert doc["proof"][1]["cryptosuite"] == "ecdsa-rdfc-2019"
    alone, _inside = both(doc)
    assert alone.verdict is Verdict.VERIFIED, alone.checks


# --- chains that fail -----------------------------------------------------------------------


def _fails(doc: dict[str, Any], words: str) -> None:
    alone, inside = both(doc)
    check = _proof_check(alone)
    assert alone.verdict is Verdict.NOT_VERIFIED
    assert check.outcome is Outcome.FAILED and check.detail == "broken_chain", check
    assert check.message.startswith("the proof chain does not verify") and words in check.message
    assert inside.verdict is Verdict.NOT_VERIFIED
    assert inside.check(CheckId.NESTED).outcome is Outcome.FAILED


def test_a_tampered_countersignature_breaks_the_chain() -> None:
    doc = chained()
    doc["proof"][1]["proofValue"] = chained()["proof"][1]["proofValue"][:-4] + "abcd"
    _fails(doc, "signature")


def test_a_previous_proof_that_was_changed_breaks_the_chain_not_only_itself() -> None:
    """The countersignature secures the issuer's proof: changing that proof (here its date)
    fails it, and with it every proof after it."""
    doc = chained()
    doc["proof"][0]["created"] = "2020-01-01T00:00:00Z"
    _fails(doc, f"its previous proof {A} did not verify")


def test_a_countersignature_moved_to_another_credential_fails() -> None:
    other = di.sign(badge(ISSUER, name="Another badge"), ISSUER.signer(), proof_id=A)
    other["proof"] = [other["proof"], chained()["proof"][1]]
    _fails(other, "signature")


def test_a_chain_naming_a_missing_proof_fails() -> None:
    doc = chained()
    doc["proof"] = [doc["proof"][1]]  # the issuer's proof taken away
    _fails(doc, f"it names a previous proof, {A}, that the document does not carry")


def test_a_proof_naming_itself_fails() -> None:
    doc = chained()
    doc["proof"][1]["previousProof"] = B
    _fails(doc, f"it names itself ({B})")


def test_a_looping_chain_fails() -> None:
    doc = chained()
    doc["proof"][0]["previousProof"] = B  # A after B after A
    _fails(doc, "the chain loops")


def test_a_malformed_previous_proof_fails() -> None:
    doc = chained()
    doc["proof"][1]["previousProof"] = [A, 7]
    _fails(doc, "previousProof must be the id of a proof")


def test_two_proofs_with_the_named_id_fail() -> None:
    doc = chained()
    twin = copy.deepcopy(doc["proof"][0])
    doc["proof"].append(twin)
    _fails(doc, "the id of more than one proof")


# --- plain proof sets: one valid proof suffices (as before) ----------------------------------


def test_a_plain_proof_set_verifies_when_one_proof_does() -> None:
    doc = di.sign(di.sign(badge(ISSUER), ISSUER.signer()), NOTARY.signer())
    assert "previousProof" not in doc["proof"][1]
    alone, inside = both(doc)
    assert alone.verdict is Verdict.VERIFIED and inside.verdict is Verdict.VERIFIED
    doc["proof"][1]["proofValue"] = doc["proof"][1]["proofValue"][:-4] + "abcd"
    alone, inside = both(doc)
    assert alone.verified and inside.verified
    warning = [c for c in alone.checks if c.id is CheckId.PROOF and c.outcome is Outcome.WARNING]
    assert warning and warning[0].detail == "extra_proofs"


def test_a_proof_set_member_outside_a_chain_is_only_a_warning() -> None:
    doc = chained()
    stray = di.sign(badge(ISSUER), NOTARY.signer())["proof"]  # signs another document
    doc["proof"].append(stray)
    alone, _inside = both(doc)
    assert alone.verified and _proof_check(alone).message.startswith("the proof chain verified")
    assert any(c.detail == "extra_proofs" for c in alone.warnings)


# --- the bound: 10,000 proofs and more than MAX_PROOFS --------------------------------------


class CountingFetcher:
    """Counts what would be fetched (the did:web keys of the proofs): nothing, when the
    proofs are refused before any is checked."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def get(self, url: str, *, accept: str = "application/json") -> Any:
        self.asked.append(url)
        raise FetchError("offline in this test")


def _many(count: int) -> dict[str, Any]:
    doc = chained()
    proof = dict(doc["proof"][1], verificationMethod="did:web:registrar.example#key-1")
    doc["proof"] = [doc["proof"][0]] + [dict(proof, id=f"urn:uuid:p{i}") for i in range(count)]
    return doc


def test_more_than_max_proofs_are_refused_before_any_is_checked() -> None:
    doc = _many(limits.MAX_PROOFS)  # one more than the bound
    fetcher = CountingFetcher()
    result = verify_document(doc, VerifyOptions(now=NOW, fetcher=fetcher))
    check = _proof_check(result)
    assert check.outcome is Outcome.FAILED and check.detail == "too_many_proofs"
    assert f"{limits.MAX_PROOFS + 1} proofs" in check.message and fetcher.asked == []
    inside = verify_document(in_presentation(doc), replace_fetcher(fetcher))
    assert inside.verdict is Verdict.NOT_VERIFIED and fetcher.asked == []
    assert inside.nested[0].check(CheckId.PROOF).detail == "too_many_proofs"


def replace_fetcher(fetcher: Fetcher) -> VerifyOptions:
    return VerifyOptions(
        now=NOW, fetcher=fetcher, challenge="job-1", domain="https://employer.example"
    )


def test_a_10000_long_proof_array_is_refused_by_the_shape_bound() -> None:
    import json

    doc = _many(10_000)
    for data in (
        json.dumps(doc).encode(),
        json.dumps({**in_presentation(badge(ISSUER)), "verifiableCredential": [doc]}).encode(),
    ):
        result = verify_bytes(data, VerifyOptions(now=NOW, fetcher=CountingFetcher()))
        fmt = result.check(CheckId.FORMAT)
        assert fmt.outcome is Outcome.FAILED and fmt.detail == "document_too_complex"
        assert f"more than {limits.MAX_ARRAY_MEMBERS:,} members" in fmt.message


def test_the_signer_adds_no_proof_beyond_the_bound() -> None:
    doc = badge(ISSUER)
    doc["proof"] = [
        {"type": "DataIntegrityProof", "id": f"urn:uuid:{i}"} for i in range(limits.MAX_PROOFS)
    ]
    with pytest.raises(SigningError) as refused:
        di.sign(doc, ISSUER.signer())
    assert refused.value.details["cause"] == "too_many_proofs"


# --- the signer's side of chains ------------------------------------------------------------


def test_chaining_to_a_proof_that_is_not_there_is_refused() -> None:
    signed = di.sign(badge(ISSUER), ISSUER.signer(), proof_id=A)
    for previous in ("urn:uuid:nope", [A, "urn:uuid:nope"], [], [7]):
        with pytest.raises(SigningError) as refused:
            di.sign(signed, REGISTRAR.signer(), previous_proof=previous)
        assert refused.value.details["cause"] == "proof_generation"
    unnamed = di.sign(badge(ISSUER), ISSUER.signer())  # no id: nothing can name it
    with pytest.raises(SigningError):
        di.sign(unnamed, REGISTRAR.signer(), previous_proof=A)


def test_a_proof_id_must_be_a_new_url() -> None:
    signed = di.sign(badge(ISSUER), ISSUER.signer(), proof_id=A)
    for proof_id in (A, "not a url"):
        with pytest.raises(SigningError):
            di.sign(signed, REGISTRAR.signer(), proof_id=proof_id, previous_proof=A)


def test_the_countersigner_also_refuses_a_document_that_breaks_a_rule() -> None:
    signed = di.sign(badge(ISSUER), ISSUER.signer(), proof_id=A)
    signed["credentialSubject"] = {}
    with pytest.raises(DataModelError):
        di.sign(signed, REGISTRAR.signer(), previous_proof=A)


# --- context injection (VC Data Integrity §2.4.2) -------------------------------------------


def _vc11() -> dict[str, Any]:
    return {
        "@context": [VC1_CONTEXT],
        "id": "urn:uuid:7e0b0b52-1b1c-4c0c-8b8e-0d1e4a1f2c3d",
        "type": ["VerifiableCredential"],
        "issuer": ISSUER.did,
        "issuanceDate": "2024-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner"},
    }


def test_a_vc11_credential_gets_the_data_integrity_context_and_verifies() -> None:
    """It used to be refused: "cannot sign: the property 'created' is not defined"."""
    doc = _vc11()
    signed = di.sign(doc, ISSUER.signer())
    assert signed["@context"] == [VC1_CONTEXT, DATA_INTEGRITY_CONTEXT]
    assert doc["@context"] == [VC1_CONTEXT]  # the caller's document is left as it was
    result = verify_document(signed, OPTS)
    assert result.verdict is Verdict.VERIFIED, result.checks
    assert di.sign(chained(), NOTARY.signer())["@context"] == badge(ISSUER)["@context"]


def test_injection_never_hides_a_term_still_undefined() -> None:
    doc = _vc11()
    doc["credentialSubject"]["skill"] = "Data analysis"  # defined by neither context
    with pytest.raises(SigningError) as refused:
        di.sign(doc, ISSUER.signer())
    assert "'skill' is not defined" in refused.value.message


def test_create_proof_signs_exactly_the_document_given() -> None:
    with pytest.raises(SigningError) as refused:
        di.create_proof(_vc11(), ISSUER.signer())
    assert "'created' is not defined" in refused.value.message
