"""The learner's identity: carried learner-asserted in the CLR, read back, and matched against
how the issuers name their recipient (plain names, OB 3.0 hashed identifiers with a salt)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from factories import badge

from wallet.crypto.keys import Ed25519KeyPair
from wallet.presenting.identity import (
    LearnerIdentity,
    identity_hash,
    read_learner,
    recipient_match,
    same_name,
)
from wallet.presenting.present import CredentialInput, compose
from wallet.proofs import dataintegrity as di
from wallet.result import Verdict
from wallet.verification.verify import VerifyOptions, verify_document

ISSUER = Ed25519KeyPair.generate()
LEARNER = Ed25519KeyPair.generate()
NOW = datetime(2026, 3, 1, tzinfo=UTC)
PHOTO = "data:image/png;base64,iVBORw0KGgo="
JIMIN = LearnerIdentity(
    name="Jimin Park",
    headline="Data analyst",
    photo=PHOTO,
    links=("https://portfolio.example/jimin", "https://www.linkedin.com/in/jimin"),
    email="jimin@example.edu",
    student_id="RCC-2291",
)


def test_the_clr_carries_the_learner_as_given_and_still_verifies() -> None:
    doc = badge(ISSUER, name="Data Analysis")
    doc["credentialSubject"]["id"] = LEARNER.did
    composed = compose(
        [CredentialInput("c1", di.sign(doc, ISSUER.signer()))],
        holder=LEARNER.signer(),
        holder_did=LEARNER.did,
        learner=JIMIN,
        challenge="c",
        domain="https://e.example",
        now=NOW,
    )
    issuer = composed.clr["issuer"]
    assert issuer["name"] == "Jimin Park" and issuer["description"] == "Data analyst"
    assert issuer["image"] == {"id": PHOTO, "type": "Image"}
    assert issuer["url"] == "https://portfolio.example/jimin"
    assert issuer["otherIdentifier"][0]["identifier"] == "https://www.linkedin.com/in/jimin"
    identifiers = composed.clr["credentialSubject"]["identifier"]
    assert {(i["identityType"], i["identityHash"], i["hashed"]) for i in identifiers} == {
        ("name", "Jimin Park", False),
        ("emailAddress", "jimin@example.edu", False),
        ("sisSourcedId", "RCC-2291", False),
    }
    result = verify_document(
        composed.presentation,
        VerifyOptions(now=NOW + timedelta(minutes=1), challenge="c", domain="https://e.example"),
    )
    assert result.verdict is Verdict.VERIFIED, result.nested[0].checks
    back = read_learner(composed.clr)
    assert back == LearnerIdentity(**{**JIMIN.__dict__, "did": LEARNER.did})


def test_no_identity_is_just_the_did() -> None:
    doc = badge(ISSUER, name="Data Analysis")
    composed = compose(
        [CredentialInput("c1", di.sign(doc, ISSUER.signer()))],
        holder=LEARNER.signer(),
        holder_did=LEARNER.did,
        now=NOW,
    )
    assert composed.clr["issuer"] == {"id": LEARNER.did, "type": ["Profile"]}
    assert "identifier" not in composed.clr["credentialSubject"]
    assert read_learner(composed.clr).name is None


def test_issuers_name_their_recipient() -> None:
    def hashed(kind: str, value: str, salt: str = "pepper") -> dict:
        return {
            "type": "IdentityObject",
            "identityType": kind,
            "hashed": True,
            "salt": salt,
            "identityHash": identity_hash(value, salt),
        }

    assert recipient_match([{"name": "JIMIN  PARK"}], JIMIN).state == "matched"
    by_email = recipient_match(
        [{"identifier": [hashed("emailAddress", "jimin@example.edu")]}], JIMIN
    )
    assert (by_email.state, by_email.by) == ("matched", "email")
    by_id = recipient_match([{"identifier": [hashed("sisSourcedId", "RCC-2291")]}], JIMIN)
    assert (by_id.state, by_id.by) == ("matched", "id")
    by_hashed_name = recipient_match([{"identifier": [hashed("name", "Jimin Park")]}], JIMIN)
    assert by_hashed_name.state == "matched"
    plain = {
        "type": "IdentityObject",
        "identityType": "name",
        "hashed": False,
        "identityHash": "Jimin Park",
    }
    assert recipient_match([{"identifier": [plain]}], JIMIN).state == "matched"
    # someone else, by name or by a hashed email the learner also gives
    other = recipient_match([{"name": "Minsu Kim"}], JIMIN)
    assert (other.state, other.shown) == ("other", "Minsu Kim")
    assert (
        recipient_match(
            [{"identifier": [hashed("emailAddress", "minsu@example.edu")]}], JIMIN
        ).state
        == "other"
    )
    # an unsalted hash matches too; a hash salted otherwise than it says does not
    assert (
        recipient_match(
            [{"identifier": [hashed("emailAddress", "jimin@example.edu", "")]}], JIMIN
        ).state
        == "matched"
    )
    wrong_salt = {**hashed("emailAddress", "jimin@example.edu"), "salt": "other"}
    assert recipient_match([{"identifier": [wrong_salt]}], JIMIN).state == "other"
    # nothing the learner gives to compare with: unnamed, not "someone else"
    no_email = LearnerIdentity(name="Jimin Park")
    assert (
        recipient_match([{"identifier": [hashed("emailAddress", "x@example.edu")]}], no_email).state
        == "unnamed"
    )
    assert recipient_match([{"id": LEARNER.did}], JIMIN).state == "unnamed"
    assert same_name("박 지민", "박지민") and not same_name("박지민", None)
    # OB 3.0: "sha256$" + hex SHA-256 of the value followed by the salt
    assert identity_hash("a@b.c", "s") == (
        "sha256$53eb3ea6206669c98b3137d305ac0119f27bcea93abdf048c2a20de9ad6fe2ea"
    )
