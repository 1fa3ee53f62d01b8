"""Models are views: they read any credential, keep extensions, and never change the input."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from factories import OB3, VC2, badge, clr
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from vectorpages import json_example

from wallet.crypto.keys import Ed25519KeyPair
from wallet.errors import InputError
from wallet.reading.models import (
    AchievementCredential,
    ClrCredential,
    EndorsementCredential,
    Image,
    Profile,
    VerifiableCredential,
    parse_credential,
    parse_datetime,
    parse_presentation,
)

KEY = Ed25519KeyPair.from_seed(bytes(32))
SAMPLE = Path(__file__).resolve().parents[2] / "assets" / "samples" / "ob3-data-analysis.json"
OB_EXAMPLE = json_example("ob", "Signed credential")
CLR_EXAMPLE = json_example("clr", "Signed credential")


def test_ob3_view_of_the_1edtech_example() -> None:
    doc = copy.deepcopy(OB_EXAMPLE)
    view = parse_credential(doc)
    assert isinstance(view, AchievementCredential)
    assert view.is_ob3 and not view.is_clr and view.family == "ob3"
    assert view.type == ("VerifiableCredential", "OpenBadgeCredential")
    assert view.context == (VC2, OB3)
    assert view.display_name == "Teamwork Badge"
    assert view.issuer_id == "https://example.edu/issuers/565049"
    assert view.issuer_name == "Example Corp"
    assert view.issuer.url == "https://www.imsglobal.org"
    assert view.achievement.name == "Teamwork"
    assert view.achievement.id == "https://example.com/achievements/21st-century-skills/teamwork"
    assert view.achievement.criteria.narrative.startswith("Team members are nominated")
    assert view.subject_id == "did:example:ebfeb1f712ebc6f1c276e12ec21"
    assert view.validFrom == "2010-01-01T00:00:00Z"  # the string as received
    assert view.valid_from.year == 2010 and view.valid_from.tzinfo is not None
    assert view.valid_until is None
    assert view.proof[0].cryptosuite == "eddsa-rdfc-2022"
    assert view.image_url is None and view.alignments == ()
    assert doc == OB_EXAMPLE  # the input is untouched


def test_clr_view_of_the_1edtech_example() -> None:
    doc = copy.deepcopy(CLR_EXAMPLE)
    view = parse_credential(doc)
    assert isinstance(view, ClrCredential) and view.is_clr and not view.is_ob3
    assert view.display_name == "Sample Transcript"
    assert view.issuer_name == "Example University"
    assert view.issuer.type == ("Profile",)  # a bare string, normalised
    assert view.achievement is None
    (nested,) = view.credentials()
    assert isinstance(nested, AchievementCredential)
    assert nested.display_name == "Example University Degree"
    assert nested.achievement.image.id == "https://example.edu/achievements/sample.png"
    assert nested.image_url == "https://example.edu/achievements/sample.png"
    assert [a.name for a in view.achievements] == ["Achievement 1", "Achievement 2"]
    (association,) = view.credentialSubject.association
    assert association.associationType == "isParentOf"
    assert association.targetId == "urn:uuid:dd887f0a-56cb-11ec-bf63-0242ac130002"
    assert view.credentialSchema[0].type == ("1EdTechJsonSchemaValidator2019",)
    assert doc == CLR_EXAMPLE


def test_clr_views_leave_jwt_credentials_to_the_verifier() -> None:
    doc = clr(KEY, [badge(KEY), "eyJhbGciOiJFZERTQSJ9.e30.AA"])
    view = parse_credential(doc)
    assert len(view.credentialSubject.verifiableCredential) == 2  # kept as received
    assert [c.display_name for c in view.credentials()] == ["Teamwork Badge"]


def test_case_alignments_and_results() -> None:
    view = parse_credential(json.loads(SAMPLE.read_text("utf-8")))
    (alignment,) = view.alignments
    assert alignment.is_case_item and alignment.is_case and alignment.targetCode == "DA.2.1"
    assert view.credentialSubject.result[0].value == "A"
    assert view.achievement.resultDescription[0].allowedValue == ("A", "B", "C", "D", "F")
    assert view.achievement.achievementType == "Course"
    assert view.evidence[0].name == "Final project report"


def test_alignments_are_gathered_from_rubrics_and_results_once() -> None:
    case = {
        "type": "Alignment",
        "targetName": "Teamwork",
        "targetType": "CFItem",
        "targetUrl": "https://case.example/CFItems/1",
    }
    rubric = dict(
        case,
        targetName="Leads a team",
        targetType="CFRubricCriterionLevel",
        targetUrl="https://case.example/CFRubricCriterionLevels/3",
    )
    doc = badge(KEY)
    doc["credentialSubject"]["achievement"]["alignment"] = [case]
    doc["credentialSubject"]["achievement"]["resultDescription"] = [
        {
            "id": "urn:uuid:rd",
            "type": "ResultDescription",
            "name": "Level",
            "resultType": "RubricCriterionLevel",
            "rubricCriterionLevel": [
                {
                    "id": "urn:uuid:l3",
                    "type": "RubricCriterionLevel",
                    "name": "Leads",
                    "alignment": [rubric],
                }
            ],
        }
    ]
    doc["credentialSubject"]["result"] = [{"type": "Result", "alignment": [case]}]
    view = parse_credential(doc)
    assert [a.targetName for a in view.alignments] == ["Teamwork", "Leads a team"]
    assert [a.is_case_item for a in view.alignments] == [True, False]


def test_extensions_are_preserved() -> None:
    doc = badge(KEY)
    doc["x-extension"] = {"any": ["thing"]}
    doc["credentialSubject"]["achievement"]["x-level"] = 3
    doc["issuer"]["ext:accreditation"] = "ABET"
    view = parse_credential(doc)
    assert view.model_extra == {"x-extension": {"any": ["thing"]}}
    assert view.achievement.model_extra == {"x-level": 3}
    assert view.issuer.model_extra == {"ext:accreditation": "ABET"}


def test_shapes_are_lenient() -> None:
    doc = badge(
        KEY,
        issuer="https://issuer.example",
        image="https://issuer.example/b.png",
        type="OpenBadgeCredential",
        name={"@value": "Teamwork", "@language": "en"},
    )
    doc["credentialSubject"] = [doc["credentialSubject"]]
    doc["credentialSubject"][0]["achievement"]["type"] = "Achievement"
    doc["credentialSubject"][0]["achievement"]["creditsAvailable"] = "3.5"
    view = parse_credential(doc)
    assert isinstance(view, AchievementCredential)
    assert view.type == ("OpenBadgeCredential",)
    assert view.issuer == Profile(id="https://issuer.example")
    assert view.issuer_id == "https://issuer.example" and view.issuer_name is None
    assert view.image == Image(id="https://issuer.example/b.png")
    assert view.image_url == "https://issuer.example/b.png"
    assert view.name == "Teamwork"
    assert view.achievement.type == ("Achievement",)
    assert view.achievement.creditsAvailable == 3.5


def test_vc11_and_vc2_dates() -> None:
    v1 = parse_credential(
        {
            "@context": ["https://www.w3.org/2018/credentials/v1"],
            "type": "VerifiableCredential",
            "issuanceDate": "2020-01-01T00:00:00",
            "expirationDate": "2030-01-01T00:00:00+01:00",
        }
    )
    assert v1.is_vc1
    assert v1.valid_from.isoformat() == "2020-01-01T00:00:00+00:00"
    assert v1.valid_until.isoformat() == "2030-01-01T00:00:00+01:00"
    v2 = parse_credential(badge(KEY, validUntil="2025-01-01T00:00:00Z", validFrom="soon"))
    assert v2.valid_until.year == 2025 and v2.valid_from is None and v2.validFrom == "soon"
    assert parse_datetime("2024-01-01") is None


def test_endorsements_are_views_too() -> None:
    endorsement = {
        "@context": [VC2, OB3],
        "id": "urn:uuid:e1",
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "name": "Endorsement",
        "issuer": {"id": "https://endorser.example", "type": "Profile", "name": "Endorser"},
        "validFrom": "2024-01-01T00:00:00Z",
        "credentialSubject": {
            "id": "https://college.example/achievements/teamwork",
            "type": "EndorsementSubject",
            "endorsementComment": "Rigorous.",
        },
    }
    view = parse_credential(endorsement)
    assert isinstance(view, EndorsementCredential) and view.is_endorsement
    assert view.credentialSubject.endorsementComment == "Rigorous."
    doc = badge(KEY)
    doc["credentialSubject"]["achievement"]["endorsement"] = [endorsement]
    (inner,) = parse_credential(doc).achievement.endorsement
    assert isinstance(inner, EndorsementCredential) and inner.issuer_name == "Endorser"


def test_generic_credentials_and_presentations() -> None:
    doc = {
        "@context": [VC2],
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": "did:example:issuer",
        "validFrom": "2024-01-01T00:00:00Z",
        "credentialSubject": {
            "id": "https://status.example/1#list",
            "type": "BitstringStatusList",
            "encodedList": "uH4sI",
        },
    }
    view = parse_credential(doc)
    assert type(view) is VerifiableCredential and view.family == "vc"
    assert view.subject_id == "https://status.example/1#list"
    assert view.credentialSubject[0].model_extra == {"encodedList": "uH4sI"}
    assert view.display_name == "(unnamed credential)" and view.achievements == ()
    vp = parse_presentation(
        {
            "@context": [VC2],
            "type": "VerifiablePresentation",
            "holder": "did:example:holder",
            "verifiableCredential": [OB_EXAMPLE, "eyJ.e30.AA"],
        }
    )
    assert vp.holder_id == "did:example:holder" and vp.has_type("VerifiablePresentation")
    assert [c.display_name for c in vp.credentials()] == ["Teamwork Badge"]


def test_views_are_frozen_and_detached_from_the_input() -> None:
    doc = badge(KEY)
    doc["x-extension"] = {"list": [1]}
    before = copy.deepcopy(doc)
    view = parse_credential(doc)
    with pytest.raises(ValidationError):
        view.name = "Forged"  # type: ignore[misc]
    view.model_extra["x-extension"]["list"].append(2)  # a view's data is its own copy
    assert doc == before


def test_odd_input_falls_back_instead_of_raising() -> None:
    view = parse_credential(
        {
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "credentialSubject": "not an object",
            "name": "Odd",
            "issuer": 42,
            "image": ["x"],
            "proof": "nope",
        }
    )
    assert isinstance(view, VerifiableCredential)
    assert view.display_name == "Odd" and view.achievement is None and view.issuer_id is None
    for not_an_object in (["not", "an", "object"], "eyJ.e30.AA", None, 3):
        with pytest.raises(InputError):
            parse_credential(not_an_object)  # type: ignore[arg-type]


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "type",
                    "name",
                    "achievement",
                    "issuer",
                    "image",
                    "alignment",
                    "result",
                    "credentialSubject",
                    "verifiableCredential",
                    "@value",
                    "x",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=30,
)
FIELDS = [
    "type",
    "name",
    "issuer",
    "image",
    "credentialSubject",
    "validFrom",
    "proof",
    "endorsement",
    "@context",
    "evidence",
]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    field=st.sampled_from(FIELDS),
    value=JSON,
    kind=st.sampled_from(["OpenBadgeCredential", "ClrCredential", "EndorsementCredential"]),
)
def test_any_readable_object_gives_a_view(field: str, value: Any, kind: str) -> None:
    doc = badge(KEY, type=["VerifiableCredential", kind])
    doc[field] = value
    before = copy.deepcopy(doc)
    view = parse_credential(doc)
    assert isinstance(view.display_name, str)
    assert isinstance(view.alignments, tuple) and isinstance(view.achievements, tuple)
    assert view.image_url is None or isinstance(view.image_url, str)
    assert doc == before
