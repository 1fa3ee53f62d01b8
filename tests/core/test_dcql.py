"""DCQL (OpenID4VP 1.0 §6, §7, Annex B.1) over credential documents, and VCALM Query by
Example — pure, no network."""

from __future__ import annotations

import pytest

from wallet.errors import DcqlError, NothingMatchesError, PresentationRequestError
from wallet.presenting.dcql import (
    Candidate,
    check_selection,
    claims_path,
    default_selection,
    evaluate,
    expanded_types,
    parse_query,
)
from wallet.presenting.qbe import ExampleQuery, matches, parse_request

VC2 = "https://www.w3.org/ns/credentials/v2"
OB3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_IRI = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential"
VC_IRI = "https://www.w3.org/2018/credentials#VerifiableCredential"


def _badge(name: str, issuer: object = "did:key:z6Mkissuer", skill: str = "SQL") -> dict:
    return {
        "@context": [VC2, OB3],
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer,
        "name": name,
        "credentialSubject": {
            "id": "did:key:z6Mkme",
            "achievement": {
                "name": name,
                "alignment": [
                    {"targetName": skill, "targetUrl": f"https://case.example/items/{skill}"}
                ],
            },
        },
    }


def _candidates() -> list[Candidate]:
    docs = [
        ("a", "ldp_vc", _badge("Data", skill="Cleaning")),
        ("b", "ldp_vc", _badge("Python", issuer={"id": "did:key:z6Mkother"})),
        ("c", "jwt_vc_json", _badge("Teamwork")),
    ]
    return [Candidate(i, f, d, expanded_types(d)) for i, f, d in docs]


def _query(**extra: object) -> dict:
    return {
        "credentials": [
            {"id": "q", "format": "ldp_vc", "meta": {"type_values": [[VC_IRI, OB_IRI]]}, **extra}
        ]
    }


def test_type_values_match_expanded_iris() -> None:
    assert set(expanded_types(_badge("x"))) == {VC_IRI, OB_IRI}
    evaluation = evaluate(parse_query(_query()), _candidates())
    assert [m.candidate for m in evaluation.matches["q"]] == ["a", "b"]  # not the JWT
    compact = parse_query(
        {
            "credentials": [
                {"id": "q", "format": "ldp_vc", "meta": {"type_values": [["OpenBadgeCredential"]]}}
            ]
        }
    )
    assert not evaluate(compact, _candidates()).matches["q"]  # compact names are not IRIs


def test_claims_values_and_claim_sets() -> None:
    skill = {
        "path": ["credentialSubject", "achievement", "alignment", None, "targetName"],
        "values": ["Cleaning"],
    }
    assert [
        m.candidate
        for m in evaluate(parse_query(_query(claims=[skill])), _candidates()).matches["q"]
    ] == ["a"]
    issuer = _query(
        claims=[
            {"id": "obj", "path": ["issuer", "id"], "values": ["did:key:z6Mkother"]},
            {"id": "str", "path": ["issuer"], "values": ["did:key:z6Mkother"]},
        ],
        claim_sets=[["obj"], ["str"]],
    )
    (match,) = evaluate(parse_query(issuer), _candidates()).matches["q"]
    assert match.candidate == "b" and [c.id for c in match.claims] == ["obj"]


def test_claims_path_pointer_processing() -> None:
    doc = {"a": [{"b": 1}, {"b": 2}, {"c": 3}], "s": "x"}
    assert claims_path(doc, ["a", None, "b"]) == [1, 2]
    assert claims_path(doc, ["a", 1, "b"]) == [2]
    assert claims_path(doc, ["a", 9]) is None
    assert claims_path(doc, ["s", "b"]) is None  # a string is not an object
    assert claims_path(doc, ["s", None]) is None  # nor an array


def test_values_match_type_and_value_exactly() -> None:
    doc = {"n": 1, "t": True}
    from wallet.presenting.dcql import ClaimQuery, _claim_ok

    assert _claim_ok(doc, ClaimQuery(("n",), values=(1,)))
    assert not _claim_ok(doc, ClaimQuery(("n",), values=(True,)))
    assert not _claim_ok(doc, ClaimQuery(("t",), values=(1,)))


def test_credential_sets_required_and_optional_and_multiple() -> None:
    query = parse_query(
        {
            "credentials": [
                dict(_query()["credentials"][0], id="ldp", multiple=True),
                {"id": "jwt", "format": "jwt_vc_json", "meta": {"type_values": [[OB_IRI]]}},
                {
                    "id": "clr",
                    "format": "ldp_vc",
                    "meta": {
                        "type_values": [
                            ["https://purl.imsglobal.org/spec/vc/clr/vocab.html#ClrCredential"]
                        ]
                    },
                },
            ],
            "credential_sets": [
                {"options": [["clr"], ["ldp"]]},
                {"options": [["jwt"]], "required": False},
            ],
            "unknown_future_property": {"ignored": True},
        }
    )
    evaluation = evaluate(query, _candidates())
    assert evaluation.satisfiable
    assert default_selection(evaluation) == {"ldp": ("a", "b")}  # optional set left out
    assert check_selection(evaluation, {"ldp": ["a"], "jwt": ["c"]}) == {
        "ldp": ("a",),
        "jwt": ("c",),
    }
    with pytest.raises(NothingMatchesError):
        check_selection(evaluation, {"jwt": ["c"]})  # the required set is not met
    with pytest.raises(NothingMatchesError):
        check_selection(evaluation, {"ldp": ["c"]})  # c does not match ldp
    single = evaluate(parse_query(_query()), _candidates())
    with pytest.raises(NothingMatchesError):
        check_selection(single, {"q": ["a", "b"]})  # multiple is false


def test_nothing_matches() -> None:
    evaluation = evaluate(parse_query(_query(claims=[{"path": ["nope"]}])), _candidates())
    assert not evaluation.satisfiable
    with pytest.raises(NothingMatchesError) as caught:
        default_selection(evaluation)
    assert caught.value.error == "access_denied"


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ({}, "credentials"),
        ({"credentials": []}, "credentials"),
        ({"credentials": [{"id": "bad id", "format": "ldp_vc", "meta": {}}]}, "id"),
        ({"credentials": [{"id": "q", "format": "ldp_vc", "meta": {}}]}, "type_values"),
        (
            {
                "credentials": [
                    {
                        "id": "q",
                        "format": "ldp_vc",
                        "meta": {"type_values": [["x"]]},
                        "claims": [{"path": []}],
                    }
                ]
            },
            "path",
        ),
        (
            {
                "credentials": [
                    {
                        "id": "q",
                        "format": "ldp_vc",
                        "meta": {"type_values": [["x"]]},
                        "claims": [{"path": ["a"], "id": "a"}],
                        "claim_sets": [["b"]],
                    }
                ]
            },
            "does not define",
        ),
        (
            {
                "credentials": [{"id": "q", "format": "ldp_vc", "meta": {"type_values": [["x"]]}}],
                "credential_sets": [{"options": [["r"]]}],
            },
            "not there",
        ),
        (
            {
                "credentials": [{"id": "q", "format": "ldp_vc", "meta": {"type_values": [["x"]]}}]
                * 2
            },
            "same id",
        ),
    ],
)
def test_malformed_queries(query, said) -> None:
    with pytest.raises(DcqlError, match=said):
        parse_query(query)


def test_oversized_queries() -> None:
    with pytest.raises(DcqlError, match="too large"):
        parse_query("{" + " " * 40_000 + "}")
    many = {"credentials": [dict(_query()["credentials"][0], id=f"q{n}") for n in range(33)]}
    with pytest.raises(DcqlError, match="too large"):
        parse_query(many)


def test_unsupported_formats_match_nothing() -> None:
    query = parse_query(
        {"credentials": [{"id": "m", "format": "mso_mdoc", "meta": {"doctype_value": "x"}}]}
    )
    assert not evaluate(query, _candidates()).matches["m"]


def test_query_by_example() -> None:
    request = parse_request(
        {
            "query": [
                {"type": "DIDAuthentication", "acceptedMethods": [{"method": "key"}]},
                {
                    "type": "QueryByExample",
                    "credentialQuery": {
                        "reason": "We need your SQL badge.",
                        "example": {
                            "type": "OpenBadgeCredential",
                            "credentialSubject": {
                                "achievement": {"alignment": {"targetName": "SQL"}}
                            },
                        },
                        "acceptedIssuers": ["did:key:z6Mkissuer", {"id": "did:web:x.example"}],
                    },
                },
            ],
            "challenge": "c",
            "domain": "https://v.example",
        }
    )
    assert request.did_auth.methods == ("key",) and request.challenge == "c"
    (example,) = request.examples
    assert example.issuers == ("did:key:z6Mkissuer", "did:web:x.example")
    assert matches(example, _badge("x", skill="SQL"))
    assert not matches(example, _badge("x", skill="Cobol"))
    assert not matches(example, _badge("x", issuer="did:key:z6Mkstranger", skill="SQL"))
    suites = ExampleQuery(cryptosuites=("ecdsa-rdfc-2019",))
    signed = dict(_badge("x"), proof={"cryptosuite": "eddsa-rdfc-2022"})
    assert not matches(suites, signed)
    assert not matches(suites, _badge("x"), jwt=True)
    assert matches(ExampleQuery(envelopes=("application/jwt",)), _badge("x"), jwt=True)
    with pytest.raises(PresentationRequestError):
        parse_request({"query": [{"type": "Telepathy"}]})
