"""Structural rules: each one named by code and path."""

from __future__ import annotations

import copy

import pytest
from factories import CLR2, OB3, VC2, badge
from vectorpages import json_example

from wallet.keys import Ed25519KeyPair
from wallet.structure import check_structure, credential_family

KEY = Ed25519KeyPair.from_seed(bytes(32))


def _codes(doc) -> set[tuple[str, str]]:
    return {(p.code, p.path) for p in check_structure(doc)}


@pytest.mark.parametrize("page", ["ob", "clr"])
def test_1edtech_examples_are_well_formed(page: str) -> None:
    doc = json_example(page, "Signed credential")
    assert check_structure(doc) == []
    assert credential_family(doc) == ("ob3" if page == "ob" else "clr")


def test_factory_badge_is_well_formed() -> None:
    assert check_structure(badge(KEY)) == []


def test_input_is_not_mutated() -> None:
    doc = badge(KEY)
    before = copy.deepcopy(doc)
    check_structure(doc)
    assert doc == before


def test_missing_context() -> None:
    assert ("missing_field", "@context") in _codes(badge(KEY, **{"@context": None}))


def test_context_order() -> None:
    assert ("context_order", "@context") in _codes(badge(KEY, **{"@context": [OB3, VC2]}))
    assert ("missing_field", "@context") in _codes(badge(KEY, **{"@context": [VC2]}))


def test_type_needs_verifiable_credential() -> None:
    codes = _codes(badge(KEY, type=["OpenBadgeCredential"]))
    assert ("wrong_type_value", "type") in codes


@pytest.mark.parametrize("field", ["name", "id", "issuer", "validFrom", "credentialSubject"])
def test_required_credential_fields(field: str) -> None:
    assert ("missing_field", field) in _codes(badge(KEY, **{field: None}))


def test_achievement_rules() -> None:
    doc = badge(KEY)
    del doc["credentialSubject"]["achievement"]
    assert ("missing_field", "credentialSubject.achievement") in _codes(doc)
    doc = badge(KEY)
    del doc["credentialSubject"]["achievement"]["criteria"]
    assert ("missing_field", "credentialSubject.achievement.criteria") in _codes(doc)
    doc = badge(KEY)
    doc["credentialSubject"]["achievement"]["criteria"] = {}
    assert ("missing_field", "credentialSubject.achievement.criteria") in _codes(doc)


def test_subject_needs_id_or_identifier() -> None:
    doc = badge(KEY)
    del doc["credentialSubject"]["id"]
    assert ("missing_field", "credentialSubject.id") in _codes(doc)
    doc["credentialSubject"]["identifier"] = [{
        "type": "IdentityObject", "hashed": True, "identityType": "emailAddress",
        "identityHash": "sha256$abc"}]
    assert check_structure(doc) == []


def test_alignment_rules() -> None:
    doc = badge(KEY)
    doc["credentialSubject"]["achievement"]["alignment"] = [
        {"type": ["Alignment"], "targetName": "Teamwork", "targetType": "CFItem"},
        {"type": ["Alignment"], "targetName": "X", "targetUrl": "https://x.example",
         "targetType": "Banana"}]
    codes = _codes(doc)
    assert ("missing_field", "credentialSubject.achievement.alignment[0].targetUrl") in codes
    assert ("wrong_value", "credentialSubject.achievement.alignment[1].targetType") in codes


def test_dates() -> None:
    assert ("bad_date", "validFrom") in _codes(badge(KEY, validFrom="yesterday"))
    assert ("bad_date", "validFrom") in _codes(badge(KEY, validFrom="2024-01-01T00:00:00"))
    assert ("bad_date", "validUntil") in _codes(
        badge(KEY, validFrom="2024-05-01T00:00:00Z", validUntil="2024-01-01T00:00:00Z"))


def test_relative_id() -> None:
    doc = badge(KEY)
    doc["credentialSubject"]["achievement"]["id"] = "teamwork"
    assert ("bad_iri", "credentialSubject.achievement.id") in _codes(doc)


def _clr(items) -> dict:
    return {"@context": [VC2, CLR2, OB3], "id": "urn:uuid:9",
            "type": ["VerifiableCredential", "ClrCredential"], "name": "Transcript",
            "issuer": {"id": KEY.did, "type": ["Profile"]}, "validFrom": "2024-01-01T00:00:00Z",
            "credentialSubject": {"type": ["ClrSubject"], "verifiableCredential": items}}


def test_clr_rules_and_nested_paths() -> None:
    assert ("missing_field", "credentialSubject.verifiableCredential") in _codes(_clr([]))
    inner = badge(KEY)
    del inner["name"]
    codes = _codes(_clr([badge(KEY), inner]))
    assert ("missing_field", "credentialSubject.verifiableCredential[1].name") in codes
    assert check_structure(_clr([badge(KEY), "eyJ.a.b"])) == []


def test_problems_read_as_sentences() -> None:
    doc = badge(KEY)
    del doc["credentialSubject"]["achievement"]
    (problem,) = check_structure(doc)
    assert problem.message.startswith("credentialSubject.achievement is required")
