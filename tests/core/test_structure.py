"""Structural rules: the 1EdTech examples pass; each rule, broken in a minimal copy, is reported
with its own code and JSON path."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from factories import CLR2, OB3, VC2, badge, clr
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from vectorpages import json_example

from wallet.crypto.keys import Ed25519KeyPair
from wallet.reading.structure import (
    ALIGNMENT_TARGET_TYPES,
    MAX_DEPTH,
    VC1_CONTEXT,
    check_structure,
    credential_family,
    parse_xsd_datetime,
)

KEY = Ed25519KeyPair.from_seed(bytes(32))
SAMPLES = Path(__file__).resolve().parents[2] / "assets" / "samples"
OB_EXAMPLE = json_example("ob", "Signed credential")
CLR_EXAMPLE = json_example("clr", "Signed credential")


def _codes(doc: Any) -> set[tuple[str, str]]:
    return {(p.code, p.path) for p in check_structure(doc)}


def _mutated(base: dict[str, Any], change: Callable[[dict[str, Any]], Any]) -> dict[str, Any]:
    """A deep copy of ``base`` with ``change`` applied (shared fixtures are never touched)."""
    doc = copy.deepcopy(base)
    change(doc)
    return doc


def _achievement(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["credentialSubject"]["achievement"]


# --- documents that must pass -------------------------------------------------------------------


@pytest.mark.parametrize("doc", [OB_EXAMPLE, CLR_EXAMPLE], ids=["ob", "clr"])
def test_1edtech_signed_examples_have_no_problems(doc: dict[str, Any]) -> None:
    before = copy.deepcopy(doc)
    assert check_structure(doc) == []
    assert doc == before  # nothing is changed while checking


def test_families() -> None:
    assert credential_family(OB_EXAMPLE) == "ob3"
    assert credential_family(CLR_EXAMPLE) == "clr"
    assert credential_family({"type": "EndorsementCredential"}) == "endorsement"
    assert credential_family({"type": ["VerifiableCredential", "AchievementCredential"]}) == "ob3"
    assert credential_family({"type": ["VerifiableCredential"]}) == "vc"
    assert credential_family({"type": 42}) == "vc"


@pytest.mark.parametrize("name", ["ob3-data-analysis.json", "1edtech-ob3-example.json"])
def test_bundled_samples_have_no_problems(name: str) -> None:
    assert check_structure(json.loads((SAMPLES / name).read_text("utf-8"))) == []


def test_factory_credentials_have_no_problems() -> None:
    assert check_structure(badge(KEY)) == []
    assert check_structure(clr(KEY, [badge(KEY), "eyJhbGciOiJFZERTQSJ9.e30.AA"])) == []


def test_a_plain_vc2_credential_needs_little() -> None:
    doc = {
        "@context": [VC2],
        "type": ["VerifiableCredential"],
        "issuer": "did:example:issuer",
        "credentialSubject": {"id": "did:example:subject", "likes": "tea"},
    }
    assert check_structure(doc) == []
    doc["name"] = [{"@value": "Tea credential", "@language": "en"}]  # VC2 §11.1
    doc["credentialSubject"] = [doc["credentialSubject"], {"likes": "coffee"}]
    assert check_structure(doc) == []


def test_a_vc11_open_badge_uses_issuance_date() -> None:
    doc = _mutated(
        OB_EXAMPLE,
        lambda d: d.update({"@context": [VC1_CONTEXT, OB3], "issuanceDate": d.pop("validFrom")}),
    )
    assert check_structure(doc) == []
    assert ("missing_field", "issuanceDate") in _codes(
        _mutated(doc, lambda d: d.pop("issuanceDate"))
    )
    plain = {
        "@context": VC1_CONTEXT,
        "type": "VerifiableCredential",
        "issuer": "https://i.example",
        "issuanceDate": "2020-01-01T00:00:00",
        "credentialSubject": {"id": "did:example:s"},
    }
    assert check_structure(plain) == []  # VC 1.1 xsd:dateTime: the zone is optional


# --- @context and type --------------------------------------------------------------------------


def test_missing_context() -> None:
    doc = _mutated(OB_EXAMPLE, lambda d: d.pop("@context"))
    assert ("missing_field", "@context") in _codes(doc)


def test_ob_context_before_vc_context() -> None:
    doc = _mutated(OB_EXAMPLE, lambda d: d["@context"].reverse())
    problems = [p for p in check_structure(doc) if p.path == "@context"]
    assert {p.code for p in problems} == {"context_order"}
    assert any("VC context" in p.message for p in problems)


def test_ob_context_is_required() -> None:
    doc = _mutated(OB_EXAMPLE, lambda d: d.update({"@context": [VC2]}))
    assert ("missing_field", "@context") in _codes(doc)


def test_clr_needs_clr_then_ob_context() -> None:
    swapped = _mutated(CLR_EXAMPLE, lambda d: d.update({"@context": [VC2, OB3, CLR2]}))
    assert ("context_order", "@context") in _codes(swapped)
    no_ob = _mutated(CLR_EXAMPLE, lambda d: d.update({"@context": [VC2, CLR2]}))
    assert ("missing_field", "@context") in _codes(no_ob)


def test_context_entries_are_urls_or_objects() -> None:
    doc = _mutated(OB_EXAMPLE, lambda d: d["@context"].append(7))
    assert ("wrong_value", "@context[2]") in _codes(doc)


def test_type_needs_verifiable_credential() -> None:
    doc = _mutated(OB_EXAMPLE, lambda d: d.update({"type": ["OpenBadgeCredential"]}))
    assert ("wrong_type_value", "type") in _codes(doc)
    assert ("missing_field", "type") in _codes(_mutated(OB_EXAMPLE, lambda d: d.pop("type")))


# --- required properties ------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["name", "id", "issuer", "validFrom", "credentialSubject"])
def test_required_credential_fields(field: str) -> None:
    doc = _mutated(OB_EXAMPLE, lambda d: d.pop(field))
    assert ("missing_field", field) in _codes(doc)


def test_missing_name_reads_as_a_sentence() -> None:
    (problem,) = check_structure(_mutated(OB_EXAMPLE, lambda d: d.pop("name")))
    assert problem.message == "name is required in an OpenBadgeCredential"


def test_missing_achievement() -> None:
    doc = _mutated(OB_EXAMPLE, lambda d: d["credentialSubject"].pop("achievement"))
    (problem,) = check_structure(doc)
    assert (problem.code, problem.path) == ("missing_field", "credentialSubject.achievement")
    assert problem.message == (
        "credentialSubject.achievement is required in an OpenBadgeCredential"
    )


def test_issuer_must_be_a_profile_in_open_badges() -> None:
    as_url = _mutated(OB_EXAMPLE, lambda d: d.update({"issuer": d["issuer"]["id"]}))
    assert ("wrong_value", "issuer") in _codes(as_url)
    untyped = _mutated(OB_EXAMPLE, lambda d: d["issuer"].update({"type": ["Organization"]}))
    assert ("wrong_type_value", "issuer.type") in _codes(untyped)
    no_id = _mutated(OB_EXAMPLE, lambda d: d["issuer"].pop("id"))
    assert ("missing_field", "issuer.id") in _codes(no_id)


def test_subject_needs_id_or_identifier() -> None:
    doc = _mutated(OB_EXAMPLE, lambda d: d["credentialSubject"].pop("id"))
    assert ("missing_field", "credentialSubject.id") in _codes(doc)
    identity = {
        "type": "IdentityObject",
        "hashed": True,
        "identityType": "emailAddress",
        "identityHash": "sha256$5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef",
    }
    doc["credentialSubject"]["identifier"] = [identity]
    assert check_structure(doc) == []
    doc["credentialSubject"]["identifier"] = [dict(identity, hashed="yes", identityType="mail")]
    assert {
        ("wrong_value", "credentialSubject.identifier[0].hashed"),
        ("wrong_value", "credentialSubject.identifier[0].identityType"),
    } <= _codes(doc)


@pytest.mark.parametrize("field", ["id", "name", "description", "criteria"])
def test_required_achievement_fields(field: str) -> None:
    doc = _mutated(OB_EXAMPLE, lambda d: _achievement(d).pop(field))
    assert ("missing_field", f"credentialSubject.achievement.{field}") in _codes(doc)


def test_missing_criteria() -> None:
    doc = _mutated(OB_EXAMPLE, lambda d: _achievement(d).pop("criteria"))
    assert _codes(doc) == {("missing_field", "credentialSubject.achievement.criteria")}


def test_criteria_without_id_or_narrative_is_only_a_should() -> None:
    # OB 3.0 B.1.6: "Implementations SHOULD provide, at least, one of the id or narrative".
    doc = _mutated(OB_EXAMPLE, lambda d: _achievement(d).update({"criteria": {}}))
    assert check_structure(doc) == []


def test_achievement_type() -> None:
    doc = _mutated(OB_EXAMPLE, lambda d: _achievement(d).update({"type": ["Badge"]}))
    assert ("wrong_type_value", "credentialSubject.achievement.type") in _codes(doc)
    doc = _mutated(OB_EXAMPLE, lambda d: _achievement(d).update({"achievementType": "Trophy"}))
    assert ("wrong_value", "credentialSubject.achievement.achievementType") in _codes(doc)
    doc = _mutated(OB_EXAMPLE, lambda d: _achievement(d).update({"achievementType": "ext:Trophy"}))
    assert check_structure(doc) == []


# --- alignments, results, evidence --------------------------------------------------------------

ALIGNMENT = {
    "type": ["Alignment"],
    "targetName": "Interpret data",
    "targetUrl": "https://case.example/CFItems/1",
    "targetType": "CFItem",
}


def _with_alignments(*alignments: dict[str, Any]) -> dict[str, Any]:
    return _mutated(
        OB_EXAMPLE, lambda d: _achievement(d).update({"alignment": [dict(a) for a in alignments]})
    )


def test_alignment_without_target_url() -> None:
    doc = _with_alignments({k: v for k, v in ALIGNMENT.items() if k != "targetUrl"})
    path = "credentialSubject.achievement.alignment[0].targetUrl"
    assert _codes(doc) == {("missing_field", path)}


@pytest.mark.parametrize("target_type", [*sorted(ALIGNMENT_TARGET_TYPES), "ext:SkillsBuilder"])
def test_alignment_target_types(target_type: str) -> None:
    assert check_structure(_with_alignments(dict(ALIGNMENT, targetType=target_type))) == []


def test_alignment_rules() -> None:
    doc = _with_alignments(
        dict(ALIGNMENT, targetType="Banana"),
        dict(ALIGNMENT, targetUrl="CFItems/1"),
        {k: v for k, v in ALIGNMENT.items() if k != "targetName"},
    )
    assert _codes(doc) == {
        ("wrong_value", "credentialSubject.achievement.alignment[0].targetType"),
        ("bad_iri", "credentialSubject.achievement.alignment[1].targetUrl"),
        ("missing_field", "credentialSubject.achievement.alignment[2].targetName"),
    }


def test_result_descriptions_and_results() -> None:
    rd = {
        "id": "urn:uuid:rd-1",
        "type": ["ResultDescription"],
        "name": "Grade",
        "resultType": "LetterGrade",
        "allowedValue": ["A", "B"],
    }

    def change(d: dict[str, Any]) -> None:
        _achievement(d)["resultDescription"] = [
            rd,
            dict(rd, resultType="Vibes"),
            {k: v for k, v in rd.items() if k != "name"},
        ]
        d["credentialSubject"]["result"] = [
            {"type": ["Result"], "resultDescription": "urn:uuid:rd-1", "value": "A"},
            {"type": ["Result"], "status": "Done"},
            {"type": ["Outcome"]},
        ]

    codes = _codes(_mutated(OB_EXAMPLE, change))
    base = "credentialSubject.achievement.resultDescription"
    assert codes == {
        ("wrong_value", f"{base}[1].resultType"),
        ("missing_field", f"{base}[2].name"),
        ("wrong_value", "credentialSubject.result[1].status"),
        ("wrong_type_value", "credentialSubject.result[2].type"),
    }


def test_evidence_type() -> None:
    doc = _mutated(
        OB_EXAMPLE,
        lambda d: d.update(
            {"evidence": [{"type": ["Evidence"], "id": "https://x.example/e"}, {"type": "Work"}]}
        ),
    )
    assert _codes(doc) == {("wrong_type_value", "evidence[1].type")}


def test_status_and_schema_entries() -> None:
    doc = _mutated(
        OB_EXAMPLE,
        lambda d: d.update(
            {
                "credentialStatus": {"id": "https://status.example/1#5"},
                "credentialSchema": [{"type": "1EdTechJsonSchemaValidator2019"}],
            }
        ),
    )
    assert _codes(doc) == {
        ("missing_field", "credentialStatus.type"),
        ("missing_field", "credentialSchema[0].id"),
    }


# --- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "yesterday",
        "2024-01-01",
        "2024-01-01 09:00:00Z",
        "2024-02-30T00:00:00Z",
        "2024-01-01T25:00:00Z",
        "2024-01-01T09:00:00z",
        "2024-01-01T09:00:00+15:00",
        "2024-01-01T09:00:00",
        20240101,
    ],
)
def test_bad_dates(value: Any) -> None:
    doc = _mutated(OB_EXAMPLE, lambda d: d.update({"validFrom": value}))
    assert _codes(doc) == {("bad_date", "validFrom")}


def test_valid_until_before_valid_from() -> None:
    doc = _mutated(
        OB_EXAMPLE,
        lambda d: d.update(
            {"validFrom": "2024-05-01T00:00:00Z", "validUntil": "2024-05-01T01:00:00+02:00"}
        ),
    )
    (problem,) = check_structure(doc)
    assert (problem.code, problem.path) == ("date_order", "validUntil")
    assert "earlier than validFrom" in problem.message
    same = _mutated(doc, lambda d: d.update({"validUntil": "2024-05-01T02:00:00+02:00"}))
    assert check_structure(same) == []  # "the same or earlier" (VC2 §4.9)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-01T09:00:00Z", datetime(2024, 5, 1, 9, tzinfo=UTC)),
        (
            "2024-05-01T09:00:00.123456789-05:30",
            datetime(2024, 5, 1, 9, 0, 0, 123456, tzinfo=timezone(-timedelta(hours=5, minutes=30))),
        ),
        ("2024-05-01T09:00:00", datetime(2024, 5, 1, 9, tzinfo=UTC)),
        ("2024-12-31T24:00:00Z", datetime(2025, 1, 1, tzinfo=UTC)),
        ("2024-05-01T09:00Z", None),
        ("2024-5-01T09:00:00Z", None),
        ("0000-01-01T00:00:00Z", None),
        (None, None),
    ],
)
def test_xsd_datetime_parsing(text: Any, expected: datetime | None) -> None:
    assert parse_xsd_datetime(text) == expected


# --- identifiers ---------------------------------------------------------------------------------


def test_relative_ids() -> None:
    doc = _mutated(OB_EXAMPLE, lambda d: _achievement(d).update({"id": "teamwork"}))
    assert _codes(doc) == {("bad_iri", "credentialSubject.achievement.id")}
    doc = _mutated(OB_EXAMPLE, lambda d: d.update({"id": "credentials/3527"}))
    assert _codes(doc) == {("bad_iri", "id")}
    doc = _mutated(OB_EXAMPLE, lambda d: d["credentialSubject"].update({"id": "learner 1"}))
    assert _codes(doc) == {("bad_iri", "credentialSubject.id")}


def test_images_may_be_urls_or_image_objects() -> None:
    doc = _mutated(OB_EXAMPLE, lambda d: d.update({"image": "data:image/png;base64,iVBORw0KGgo="}))
    assert check_structure(doc) == []
    doc = _mutated(OB_EXAMPLE, lambda d: _achievement(d).update({"image": {"type": "Image"}}))
    assert _codes(doc) == {("missing_field", "credentialSubject.achievement.image.id")}


# --- CLR 2.0 -------------------------------------------------------------------------------------


def _clr_subject(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["credentialSubject"]


def test_clr_with_empty_verifiable_credential() -> None:
    doc = _mutated(CLR_EXAMPLE, lambda d: _clr_subject(d).update({"verifiableCredential": []}))
    assert ("missing_field", "credentialSubject.verifiableCredential") in _codes(doc)
    doc = _mutated(CLR_EXAMPLE, lambda d: _clr_subject(d).pop("verifiableCredential"))
    assert ("missing_field", "credentialSubject.verifiableCredential") in _codes(doc)


def test_a_bad_credential_inside_a_clr_is_reported_with_its_path() -> None:
    def change(d: dict[str, Any]) -> None:
        inner = copy.deepcopy(OB_EXAMPLE)
        del inner["credentialSubject"]["achievement"]["criteria"]
        inner["validFrom"] = "soon"
        _clr_subject(d)["verifiableCredential"].append(inner)

    problems = check_structure(_mutated(CLR_EXAMPLE, change))
    base = "credentialSubject.verifiableCredential[1]"
    assert {(p.code, p.path) for p in problems} == {
        ("missing_field", f"{base}.credentialSubject.achievement.criteria"),
        ("bad_date", f"{base}.validFrom"),
    }
    assert all(p.message.startswith(base) for p in problems)


def test_jwt_credentials_inside_a_clr_are_left_to_the_verifier() -> None:
    doc = _mutated(
        CLR_EXAMPLE,
        lambda d: _clr_subject(d)["verifiableCredential"].append(
            "eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2ln"
        ),
    )
    assert check_structure(doc) == []
    doc = _mutated(CLR_EXAMPLE, lambda d: _clr_subject(d)["verifiableCredential"].append(42))
    assert _codes(doc) == {("wrong_value", "credentialSubject.verifiableCredential[1]")}


def test_clr_subject_rules() -> None:
    def change(d: dict[str, Any]) -> None:
        subject = _clr_subject(d)
        del subject["id"]
        subject["type"] = "LearnerSubject"
        subject["association"] = [
            {
                "type": "Association",
                "associationType": "isCousinOf",
                "sourceId": "urn:uuid:a7467ef6-56cb-11ec-bf63-0242ac130002",
            }
        ]

    assert _codes(_mutated(CLR_EXAMPLE, change)) == {
        ("missing_field", "credentialSubject.id"),
        ("wrong_type_value", "credentialSubject.type"),
        ("wrong_value", "credentialSubject.association[0].associationType"),
        ("missing_field", "credentialSubject.association[0].targetId"),
    }


def test_clr_achievement_references_need_only_id_type_and_name() -> None:
    """A ClrSubject may list an achievement that a credential inside awards by reference (the
    wallet's learner-signed CLRs do); an achievement awarded by none is checked in full."""

    def change(d: dict[str, Any]) -> None:
        listed = _clr_subject(d)["achievement"]
        for achievement in listed:
            del achievement["criteria"], achievement["description"]

    assert _codes(_mutated(CLR_EXAMPLE, change)) == {
        ("missing_field", "credentialSubject.achievement[1].description"),
        ("missing_field", "credentialSubject.achievement[1].criteria"),
    }


# --- endorsements --------------------------------------------------------------------------------

ENDORSEMENT = {
    "@context": [VC2, OB3],
    "id": "urn:uuid:e1",
    "type": ["VerifiableCredential", "EndorsementCredential"],
    "name": "Endorsement of Teamwork",
    "validFrom": "2024-01-01T00:00:00Z",
    "issuer": {"id": "https://endorser.example", "type": ["Profile"], "name": "Endorser"},
    "credentialSubject": {
        "id": "https://example.com/achievements/21st-century-skills/teamwork",
        "type": ["EndorsementSubject"],
        "endorsementComment": "Solid.",
    },
}


def test_endorsement_credential() -> None:
    assert check_structure(ENDORSEMENT) == []
    assert credential_family(ENDORSEMENT) == "endorsement"
    doc = _mutated(ENDORSEMENT, lambda d: d["credentialSubject"].pop("id"))
    assert _codes(doc) == {("missing_field", "credentialSubject.id")}


def test_embedded_endorsements_are_checked_with_their_paths() -> None:
    bad = _mutated(
        ENDORSEMENT, lambda d: d["credentialSubject"].update({"type": ["AchievementSubject"]})
    )
    not_endorsement = _mutated(ENDORSEMENT, lambda d: d.update({"type": ["VerifiableCredential"]}))
    doc = _mutated(
        OB_EXAMPLE,
        lambda d: _achievement(d).update(
            {"endorsement": [ENDORSEMENT, bad, not_endorsement], "endorsementJwt": ["not a jws"]}
        ),
    )
    base = "credentialSubject.achievement"
    assert _codes(doc) == {
        ("wrong_type_value", f"{base}.endorsement[1].credentialSubject.type"),
        ("wrong_type_value", f"{base}.endorsement[2].type"),
        ("wrong_value", f"{base}.endorsementJwt[0]"),
    }


# --- hostile and odd input -----------------------------------------------------------------------


def test_deep_nesting_is_cut_short() -> None:
    doc: dict[str, Any] = copy.deepcopy(ENDORSEMENT)
    for _ in range(MAX_DEPTH + 5):
        doc = _mutated(ENDORSEMENT, lambda d, inner=doc: d.update({"endorsement": [inner]}))
    codes = _codes(doc)
    assert [c for c in codes if c[0] == "too_deep"] and len(codes) == 1


def test_non_objects() -> None:
    assert _codes(["not", "a", "credential"]) == {("wrong_value", "")}
    doc = _mutated(OB_EXAMPLE, lambda d: d.update({"credentialSubject": "did:example:me"}))
    assert _codes(doc) == {("wrong_value", "credentialSubject")}
    doc = _mutated(
        OB_EXAMPLE,
        lambda d: d.update({"credentialSubject": [d["credentialSubject"], d["credentialSubject"]]}),
    )
    assert _codes(doc) == {("wrong_value", "credentialSubject")}


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=8)
    | st.sampled_from(["Profile", "Achievement", "urn:x", VC2, OB3, "2024-01-01T00:00:00Z"]),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "type",
                    "name",
                    "achievement",
                    "criteria",
                    "verifiableCredential",
                    "endorsement",
                    "issuer",
                    "alignment",
                    "@context",
                    "x",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=30,
)
PATHS = [
    ("credentialSubject",),
    ("credentialSubject", "achievement"),
    ("issuer",),
    ("credentialSubject", "achievement", "criteria"),
    ("@context",),
    ("type",),
]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(PATHS), value=JSON, family=st.sampled_from(["ob", "clr"]))
def test_never_raises_and_never_mutates(path: tuple[str, ...], value: Any, family: str) -> None:
    doc = copy.deepcopy(OB_EXAMPLE if family == "ob" else CLR_EXAMPLE)
    node = doc
    for key in path[:-1]:
        if not isinstance(node.get(key), dict):
            node[key] = {}
        node = node[key]
    node[path[-1]] = value
    before = copy.deepcopy(doc)
    problems = check_structure(doc)
    assert doc == before
    assert all(isinstance(p.code, str) and isinstance(p.message, str) for p in problems)


@settings(max_examples=100, deadline=None)
@given(value=JSON)
def test_any_json_value_is_answered(value: Any) -> None:
    assert isinstance(check_structure(value), list)
