"""The VC Data Model 2.0 rules (wallet.rules.vcdm), one at a time: for each MUST, a document
breaking
only it — the signer refuses it, naming the rule; the verifier flags it at the rule's level, as
a credential and inside a presentation. Each case's id is its rule code and the section of
W3C VC Data Model 2.0 (Recommendation, 2025) it cites."""

from __future__ import annotations

import base64
import contextlib
import copy
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

import pytest
from factories import OB3, VC2, badge, sign_unchecked

from wallet.crypto.keys import Ed25519KeyPair
from wallet.crypto.multiformats import multibase_encode
from wallet.errors import DataModelError, WalletError
from wallet.proofs import dataintegrity as di
from wallet.result import CheckId, Outcome, Verdict, VerificationResult
from wallet.rules import vcdm
from wallet.verification.verify import VerifyOptions, verify_document
from wallet.vocab import VC1_CONTEXT

NOW = datetime(2025, 6, 1, tzinfo=UTC)
ISSUER = Ed25519KeyPair.from_seed(b"\x01" * 32)
HOLDER = Ed25519KeyPair.from_seed(b"\x02" * 32)
OPTS = VerifyOptions(now=NOW, challenge="job-1", domain="https://employer.example")
FILE = b"%PDF-1.7 the learner's portfolio"
FILE_URL = "data:application/pdf;base64," + base64.b64encode(FILE).decode()
V2_CONTEXT_SHA384 = "sha384-l/HrjlBCNWyAX91hr6LFV2Y3heB5Tcr6IeE4/Tje8YyzYBM8IhqjHWiWpr8+ZbYU"
EXAMPLES = {"@vocab": "https://vocab.example/#"}  # the example terms below (skill, …)


def credential() -> dict[str, Any]:
    """A plain VC 2.0 credential that breaks no rule (every optional part the rules cover
    present, each well-formed)."""
    return {
        "@context": [VC2, EXAMPLES],
        "id": "urn:uuid:4f2f3bd4-0d43-4b0c-9b3c-1f4f0b8c9a10",
        "type": ["VerifiableCredential", "ExampleSkillCredential"],
        "name": "Data analysis",
        "description": [{"@value": "데이터 분석", "@language": "ko"}],
        "issuer": {"id": ISSUER.did, "name": "Example College"},
        "validFrom": "2024-01-01T00:00:00Z",
        "validUntil": "2030-01-01T00:00:00+09:00",
        "credentialSubject": {"id": "did:example:learner", "skill": "Data analysis"},
        "credentialSchema": [{"id": "https://schema.example/skill.json", "type": "JsonSchema"}],
        "evidence": [{"id": "https://college.example/evidence/1", "type": ["Evidence"]}],
        "termsOfUse": {"type": "TrustFrameworkPolicy"},
        "refreshService": {"id": "https://college.example/refresh", "type": "ExampleRefresh"},
        "relatedResource": [
            {
                "id": FILE_URL,
                "digestMultibase": multibase_encode(
                    b"\x12\x20" + hashlib.sha256(FILE).digest(), "z"
                ),
            },
            {"id": VC2, "digestSRI": V2_CONTEXT_SHA384},
        ],
    }


def presentation(*credentials: dict[str, Any], **changes: Any) -> dict[str, Any]:
    vp = {
        "@context": [VC2],
        "id": "urn:uuid:9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d",
        "type": ["VerifiablePresentation"],
        "holder": HOLDER.did,
        "verifiableCredential": list(credentials),
    }
    vp.update(changes)
    return vp


def sign_vp(vp: dict[str, Any], *, checked: bool = True) -> dict[str, Any]:
    if checked:
        return di.sign(
            vp,
            HOLDER.signer(),
            proof_purpose="authentication",
            challenge="job-1",
            domain="https://employer.example",
        )
    return sign_unchecked(vp, HOLDER.signer(), proof_purpose="authentication")


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """A change that sets (``value`` not None) or removes one property, by dotted path."""

    def change(doc: dict[str, Any]) -> None:
        *parents, leaf = path.split(".")
        node = doc
        for key in parents:
            node = node[key]
        if value is None:
            node.pop(leaf, None)
        else:
            node[leaf] = copy.deepcopy(value)

    return change


@dataclass(frozen=True)
class Case:
    code: str
    change: Callable[[dict[str, Any]], None]
    what: str

    @property
    def id(self) -> str:
        rule = vcdm.RULES[self.code]
        return f"{self.code} {rule.section.split(' ', 1)[0]} {self.what}"


CREDENTIAL_CASES = [
    Case(
        "VC-CONTEXT-FIRST",
        _set("@context", [EXAMPLES, VC2]),
        "an inline context before the base context",
    ),
    Case("VC-CONTEXT-FIRST", _set("@context", None), "no @context"),
    Case("VC-CONTEXT-ITEMS", _set("@context", [VC2, EXAMPLES, VC2]), "a context repeated"),
    Case("VC-CONTEXT-ITEMS", _set("@context", [VC2, EXAMPLES, 7]), "a context that is a number"),
    Case("VC-ID", _set("id", ["urn:uuid:1", "urn:uuid:2"]), "two ids"),
    Case("VC-ID", _set("id", "credential 7"), "an id that is no URL"),
    Case("VC-TYPE", _set("type", ["ExampleSkillCredential"]), "no VerifiableCredential"),
    Case("VC-TYPE", _set("type", None), "no type"),
    Case("VC-TYPE", _set("type", ["VerifiableCredential", 5]), "a type that is a number"),
    Case("VC-NAME", _set("name", 42), "a name that is a number"),
    Case("VC-NAME", _set("description", {"lang": "en"}), "a description object without @value"),
    Case("VC-ISSUER", _set("issuer", None), "no issuer"),
    Case("VC-ISSUER", lambda d: d.update(issuer=None), "issuer null"),
    Case("VC-ISSUER", _set("issuer", {"name": "Example College"}), "an issuer object without id"),
    Case("VC-ISSUER", _set("issuer", "Example College"), "an issuer that is no URL"),
    Case("VC-SUBJECT", _set("credentialSubject", None), "no credentialSubject"),
    Case("VC-SUBJECT", _set("credentialSubject", "did:example:learner"), "a subject string"),
    Case("VC-SUBJECT-EMPTY", _set("credentialSubject", {}), "an empty subject"),
    Case(
        "VC-SUBJECT-EMPTY",
        _set("credentialSubject", [{"id": "did:example:a", "skill": "x"}, {}]),
        "{} inside a subject array",
    ),
    Case("VC-VALIDITY-DATE", _set("validFrom", "2024-01-01"), "validFrom a bare date"),
    Case("VC-VALIDITY-DATE", _set("validUntil", "2030-01-01T00:00:00"), "validUntil no zone"),
    Case(
        "VC-VALIDITY-ORDER",
        lambda d: d.update(validFrom="2030-02-01T00:00:00Z", validUntil="2030-01-01T00:00:00Z"),
        "validUntil before validFrom",
    ),
    Case(
        "VC-STATUS-TYPE",
        _set("credentialStatus", {"id": "https://status.example/1#5"}),
        "a status entry without type",
    ),
    Case(
        "VC-STATUS-TYPE",
        _set("credentialStatus", ["https://status.example/1#5"]),
        "a status entry that is a string",
    ),
    Case(
        "VC-STATUS-UNIQUE",
        _set(
            "credentialStatus",
            [
                {"id": "https://status.example/1#5", "type": "ExampleStatus"},
                {"id": "https://status.example/1#5", "type": "ExampleStatus"},
            ],
        ),
        "a status id twice",
    ),
    Case(
        "VC-SCHEMA-TYPE",
        _set("credentialSchema", {"id": "https://schema.example/s.json"}),
        "a schema without type",
    ),
    Case("VC-SCHEMA-ID", _set("credentialSchema", {"type": "JsonSchema"}), "a schema without id"),
    Case(
        "VC-SCHEMA-UNIQUE",
        _set(
            "credentialSchema",
            [
                {"id": "https://schema.example/s.json", "type": "JsonSchema"},
                {"id": "https://schema.example/s.json", "type": "JsonSchema"},
            ],
        ),
        "a schema id twice",
    ),
    Case("VC-RELATED-OBJECT", _set("relatedResource", [VC2]), "a list of strings"),
    Case("VC-RELATED-OBJECT", _set("relatedResource", [{"digestSRI": V2_CONTEXT_SHA384}]), "no id"),
    Case(
        "VC-RELATED-UNIQUE",
        _set(
            "relatedResource",
            [
                {"id": VC2, "digestSRI": V2_CONTEXT_SHA384},
                {"id": VC2, "digestSRI": V2_CONTEXT_SHA384},
            ],
        ),
        "an id twice",
    ),
    Case("VC-RELATED-DIGEST", _set("relatedResource", [{"id": VC2}]), "no digest"),
    Case(
        "VC-RELATED-DIGEST",
        _set("relatedResource", [{"id": VC2, "digestSRI": "sha384-xyz"}]),
        "a digest that is not one",
    ),
    Case(
        "VC-REFRESH-TYPE",
        _set("refreshService", {"id": "https://college.example/refresh"}),
        "a refresh service without type",
    ),
    Case(
        "VC-TERMS-TYPE",
        _set("termsOfUse", [{"id": "https://college.example/terms"}]),
        "terms of use without type",
    ),
    Case(
        "VC-EVIDENCE-TYPE",
        _set("evidence", [{"id": "https://college.example/evidence/1"}]),
        "evidence without type",
    ),
]

# Each rule has a case (and the table's levels are the ones the tests expect).
assert {c.code for c in CREDENTIAL_CASES} | {
    "VC-RELATED-MATCH",
    "VP-TYPE",
    "VP-HOLDER",
    "VP-CREDENTIAL",
    "VP-ENVELOPED",
} == set(vcdm.RULES)


def _broken(case: Case) -> dict[str, Any]:
    doc = credential()
    case.change(doc)
    return doc


def _signed(doc: dict[str, Any], key: Ed25519KeyPair = ISSUER) -> dict[str, Any]:
    """Signed by the suite itself, as another issuer's software might; unsigned where the
    document is not even JSON-LD a proof can secure (the rule is flagged all the same)."""
    try:
        return sign_unchecked(doc, key.signer())
    except WalletError:
        return doc


def _flagged(result: VerificationResult, code: str) -> bool:
    """Whether the result (or a credential inside) reports ``code``: a structure failure
    naming it, or a conformance finding with it."""
    structure = result.check(CheckId.STRUCTURE)
    return (
        (structure is not None and code in structure.message)
        or any(f.code == code for f in result.findings)
        or any(_flagged(n, code) for n in result.nested)
    )


def test_the_reference_credential_breaks_nothing_signs_and_verifies() -> None:
    doc = credential()
    assert vcdm.check_credential(doc).violations == ()
    signed = di.sign(doc, ISSUER.signer())
    result = verify_document(signed, OPTS)
    assert result.verdict is Verdict.VERIFIED, result.checks
    related = result.check(CheckId.RELATED)
    assert related.outcome is Outcome.PASSED and "2 related resources match" in related.message
    inside = verify_document(sign_vp(presentation(signed)), OPTS)
    assert inside.verdict is Verdict.VERIFIED, inside.checks


@pytest.mark.parametrize("case", CREDENTIAL_CASES, ids=lambda c: c.id)
def test_the_signer_refuses(case: Case) -> None:
    rule = vcdm.RULES[case.code]
    with pytest.raises(DataModelError) as refused:
        di.sign(_broken(case), ISSUER.signer())
    assert refused.value.details["rule"] == case.code
    assert refused.value.details["section"] == rule.citation
    assert case.code in refused.value.message and rule.section in refused.value.message


@pytest.mark.parametrize("case", CREDENTIAL_CASES, ids=lambda c: c.id)
def test_the_verifier_flags_a_credential(case: Case) -> None:
    rule = vcdm.RULES[case.code]
    doc = _signed(_broken(case))
    result = verify_document(doc, OPTS)
    assert _flagged(result, case.code), result.checks
    if rule.level == "error":
        assert result.verdict is Verdict.NOT_VERIFIED
        assert result.check(CheckId.STRUCTURE).outcome is Outcome.FAILED
        assert rule.citation in result.check(CheckId.STRUCTURE).message
    else:
        finding = next(f for f in result.findings if f.code == case.code)
        assert finding.rule == rule.citation
        if result.check(CheckId.PROOF).outcome is Outcome.PASSED and not result.failures:
            assert result.verdict is Verdict.WARNINGS  # authentic, with a conformance finding
        strict = verify_document(doc, replace(OPTS, strict=True))
        assert strict.verdict is Verdict.NOT_VERIFIED
        assert strict.check(CheckId.CONFORMANCE).outcome is Outcome.FAILED


@pytest.mark.parametrize("case", CREDENTIAL_CASES, ids=lambda c: c.id)
def test_the_verifier_flags_a_credential_inside_a_presentation(case: Case) -> None:
    rule = vcdm.RULES[case.code]
    vp = presentation(_signed(_broken(case)))
    # The holder's signer signs it (it does not re-judge what it carries) — unless the
    # credential is not JSON-LD a proof can secure at all.
    with contextlib.suppress(WalletError):
        vp = sign_vp(vp)
    result = verify_document(vp, OPTS)
    assert _flagged(result, case.code), result.nested[0].checks
    if rule.level == "error":
        assert result.verdict is Verdict.NOT_VERIFIED
        assert result.check(CheckId.NESTED).outcome is Outcome.FAILED
    else:
        strict = verify_document(vp, replace(OPTS, strict=True))
        assert strict.verdict is Verdict.NOT_VERIFIED


# --- VC-RELATED-MATCH: the digest checked where the resource is at hand ---------------------


def _related(entry: dict[str, Any]) -> dict[str, Any]:
    doc = credential()
    doc["relatedResource"] = [entry]
    return doc


@pytest.mark.parametrize(
    "entry",
    [
        {
            "id": FILE_URL,
            "digestMultibase": multibase_encode(
                b"\x12\x20" + hashlib.sha256(b"another file").digest(), "z"
            ),
        },
        {"id": VC2, "digestSRI": "sha384-" + base64.b64encode(bytes(48)).decode()},
        {"id": VC2, "digestMultibase": multibase_encode(b"\x12\x20" + bytes(32), "u")},
    ],
    ids=["inline data: URL", "bundled context, digestSRI", "bundled context, digestMultibase"],
)
def test_a_related_resource_that_does_not_match_its_digest(entry: dict[str, Any]) -> None:
    """VC-RELATED-MATCH §5.3: "If the digest provided by the issuer does not match the digest
    computed for the retrieved resource, the conforming verifier implementation MUST produce an
    error" — the signer refuses, the verifier fails, as a credential and in a presentation."""
    doc = _related(entry)
    with pytest.raises(DataModelError) as refused:
        di.sign(doc, ISSUER.signer())
    assert refused.value.details["rule"] == "VC-RELATED-MATCH"
    signed = sign_unchecked(doc, ISSUER.signer())
    result = verify_document(signed, OPTS)
    related = result.check(CheckId.RELATED)
    assert related.outcome is Outcome.FAILED and related.detail == "related_altered"
    assert "VC 2.0 §5.3" in related.message and result.verdict is Verdict.NOT_VERIFIED
    inside = verify_document(sign_vp(presentation(signed)), OPTS)
    assert inside.verdict is Verdict.NOT_VERIFIED
    assert inside.nested[0].check(CheckId.RELATED).outcome is Outcome.FAILED


def test_a_related_resource_on_the_network_is_unchecked_a_warning() -> None:
    doc = _related(
        {
            "id": "https://college.example/syllabus.pdf",
            "digestSRI": "sha256-" + base64.b64encode(bytes(32)).decode(),
        }
    )
    signed = di.sign(doc, ISSUER.signer())  # nothing at hand to refuse it for
    result = verify_document(signed, OPTS)
    related = result.check(CheckId.RELATED)
    assert related.outcome is Outcome.WARNING and related.detail == "related_unchecked"
    assert "would need the network" in related.message
    assert result.verdict is Verdict.WARNINGS


def test_bytes_the_caller_supplies_are_checked_before_signing() -> None:
    """The learner's own files: given to the signer, a digest that does not match is refused;
    the same digest matching them signs."""
    url = "https://wallet.example/files/portfolio.pdf"
    good = multibase_encode(b"\x12\x20" + hashlib.sha256(FILE).digest(), "z")
    doc = _related({"id": url, "digestMultibase": good})
    with pytest.raises(DataModelError) as refused:
        di.sign(doc, ISSUER.signer(), resources={url: b"a changed file"})
    assert refused.value.details["rule"] == "VC-RELATED-MATCH"
    assert di.sign(doc, ISSUER.signer(), resources={url: FILE})["proof"]


def test_of_several_sri_digests_only_the_strongest_counts() -> None:
    weak_right = "sha256-" + base64.b64encode(hashlib.sha256(FILE).digest()).decode()
    strong_wrong = "sha512-" + base64.b64encode(bytes(64)).decode()
    report = vcdm.check_credential(
        _related({"id": FILE_URL, "digestSRI": f"{weak_right} {strong_wrong}"})
    )
    assert [d.outcome for d in report.digests] == ["mismatch"]


# --- presentations (§4.13) -----------------------------------------------------------------

PRESENTATION_CASES = [
    Case("VP-TYPE", _set("type", ["VerifiablePresentation", 5]), "a type that is a number"),
    Case("VP-TYPE", _set("type", ["ExamplePresentation"]), "no VerifiablePresentation"),
    Case("VP-HOLDER", _set("holder", {"name": "Jimin Park"}), "a holder object without id"),
    Case(
        "VP-CREDENTIAL",
        _set("verifiableCredential", ["https://college.example/vc/1"]),
        "a credential given as a URL",
    ),
    Case(
        "VP-ENVELOPED",
        _set(
            "verifiableCredential",
            [
                {
                    "@context": VC2,
                    "type": "EnvelopedVerifiableCredential",
                    "id": "https://college.example/vc/1",
                }
            ],
        ),
        "an enveloped credential not in a data: URL",
    ),
    Case(
        "VC-CONTEXT-FIRST",
        _set("@context", [EXAMPLES, VC2]),
        "a presentation's contexts out of order",
    ),
    Case("VC-ID", _set("id", "presentation 1"), "a presentation id that is no URL"),
]


@pytest.mark.parametrize("case", PRESENTATION_CASES, ids=lambda c: c.id)
def test_the_signer_refuses_a_presentation(case: Case) -> None:
    vp = presentation(di.sign(credential(), ISSUER.signer()))
    case.change(vp)
    with pytest.raises(DataModelError) as refused:
        sign_vp(vp)
    assert refused.value.details["rule"] == case.code


@pytest.mark.parametrize("case", PRESENTATION_CASES, ids=lambda c: c.id)
def test_the_verifier_flags_a_presentation(case: Case) -> None:
    rule = vcdm.RULES[case.code]
    vp = presentation(di.sign(credential(), ISSUER.signer()))
    case.change(vp)
    with contextlib.suppress(WalletError):  # not JSON-LD a proof can secure: flagged still
        vp = sign_vp(vp, checked=False)
    result = verify_document(vp, OPTS)
    code = "VC-TYPE" if case.what == "no VerifiablePresentation" else case.code
    assert _flagged(result, code), result.checks  # untyped, it is read as a credential
    if rule.level == "error":
        assert result.verdict is Verdict.NOT_VERIFIED
    else:
        assert verify_document(vp, replace(OPTS, strict=True)).verdict is Verdict.NOT_VERIFIED


def test_the_signer_of_a_presentation_does_not_rejudge_the_credentials_it_carries() -> None:
    """A holder presents what its issuers signed; the verifier judges each credential."""
    theirs = sign_unchecked(_broken(CREDENTIAL_CASES[0]), ISSUER.signer())
    assert sign_vp(presentation(theirs))["proof"]


# --- VC 1.1 documents: the rules that hold for 1.1 -----------------------------------------


def test_vc11_documents_meet_only_the_rules_of_1_1() -> None:
    doc = {
        "@context": [VC1_CONTEXT],
        "id": "urn:uuid:5",
        "type": ["VerifiableCredential"],
        "issuer": ISSUER.did,
        "issuanceDate": "2024-01-01T00:00:00",
        "credentialSubject": {"id": "did:example:learner"},
    }
    assert vcdm.check_credential(doc).violations == ()  # no validFrom rule, zone optional
    doc["validUntil"] = "soon"  # not a VC 1.1 term: JSON-LD safe mode refuses it, not this
    doc["relatedResource"] = "x"
    assert vcdm.check_credential(doc).violations == ()
    doc["credentialSubject"] = {}
    doc["credentialStatus"] = {"id": "https://status.example/1#3"}
    assert {v.code for v in vcdm.check_credential(doc).violations} == {
        "VC-SUBJECT-EMPTY",
        "VC-STATUS-TYPE",
    }


def test_the_vc11_samples_and_open_badges_break_no_rule() -> None:
    ob = badge(ISSUER)
    assert vcdm.check_credential(ob).violations == ()
    ob["@context"] = [VC1_CONTEXT, OB3]
    ob["issuanceDate"] = ob.pop("validFrom")
    assert vcdm.check_credential(ob).violations == ()


def test_the_table_cites_sections_of_the_recommendation() -> None:
    sections = {
        "§4.3 Contexts",
        "§4.4 Identifiers",
        "§4.5 Types",
        "§4.6 Names and Descriptions",
        "§4.7 Issuer",
        "§4.8 Credential Subject",
        "§4.9 Validity Period",
        "§4.10 Status",
        "§4.11 Data Schemas",
        "§5.3 Integrity of Related Resources",
        "§5.4 Refreshing",
        "§5.5 Terms of Use",
        "§5.6 Evidence",
        "§4.13 Verifiable Presentations",
    }
    assert {r.section for r in vcdm.RULES.values()} == sections
    assert all(r.citation.startswith("VC 2.0 §") for r in vcdm.RULES.values())


# --- what the wallet itself signs keeps every rule -------------------------------------------


def test_the_demo_issuers_credentials_break_no_rule() -> None:
    from wallet.demo.catalog import DemoCatalog, Recipient, offerings

    catalog = DemoCatalog("https://issuer.example", ISSUER)
    recipient = Recipient(name="Jimin Park", email="jimin@example.edu")
    for offering in offerings():
        signed = catalog.issue(offering.configuration_id, HOLDER.did, recipient=recipient)
        if offering.format == "ldp_vc":  # a VC-JWT is signed after the same check
            report = vcdm.check_credential(signed)
            assert report.violations == () and report.mismatches == (), offering.configuration_id
    assert vcdm.check_credential(catalog.status_list_credential()).violations == ()
    broken = catalog.badge_credential("course", HOLDER.did)
    broken["credentialSubject"] = {}
    for sign in (catalog.sign_ldp, catalog.sign_jwt):
        with pytest.raises(DataModelError):
            sign(broken)


def test_the_learners_own_clr_and_presentation_break_no_rule() -> None:
    from wallet.presenting.identity import LearnerIdentity
    from wallet.presenting.present import ArtifactInput, CredentialInput, ReflectionInput, compose

    held = di.sign(credential(), ISSUER.signer())
    composed = compose(
        [CredentialInput("c0", held)],
        holder=HOLDER.signer(),
        holder_did=HOLDER.did,
        learner=LearnerIdentity(name="박지민"),
        reflections=[ReflectionInput("r", "What I learned", "…", ("c0",))],
        artifacts=[ArtifactInput("a", "report.pdf", "application/pdf", FILE, None, ("c0",))],
        challenge="job-1",
        domain="https://employer.example",
    )
    assert vcdm.check_credential(composed.clr).violations == ()
    assert vcdm.check_presentation(composed.presentation).violations == ()
    assert verify_document(composed.presentation, replace(OPTS, now=None)).verified  # made now
