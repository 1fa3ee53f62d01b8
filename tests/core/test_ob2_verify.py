"""Open Badges 2.0 verification over ``../shared/fixtures/ob2``, served for real on the two
loopback origins its URLs name (A 127.0.0.1:47620, B 127.0.0.1:47621), fetched through the
wallet's own network policy in dev mode (:class:`~wallet.exchange.http.HttpFetcher`), with real
RSA signatures — and each "Bad input" of issue 23.

Every case gets the verdict OB 2.0 "Verification" gives (:data:`CASE_VERDICTS`). Where that
differs from 1EdTech's validator (openbadges-validator-core, the Python one, as read from its
source; the Java inspector was not compared), and why:

``tampered/badgeclass-on-foreign-origin``
    Validator: valid — it holds only the assertion's ``id`` to the issuer's origin. Here: not
    verified (``outside_scope``). HostedBadge Verification: "this defaults to requiring the
    Assertion *and BadgeClass* to be hosted on the same origin as the issuer Profile".
``tampered/local-copy-recipient-swapped``
    Validator: valid, for the recipient the host serves — it trusts the input only for its
    URL and verifies what is hosted. Here: not verified (``hosted_mismatch``): the wallet keeps
    the bytes it was given, and a copy naming a recipient the issuer does not host is not the
    issuer's badge.
``tampered/alignment-missing-targetUrl``
    Validator: invalid (an AlignmentObject requires ``targetUrl``). Here: verified with
    warnings (conformance) — the badge says the same without it, and its alignment is still
    matched by framework and code; ``strict=True`` fails it, as the letter has it.
``legacy/0_5_1_assertion.url``, ``legacy/1_0_basic_assertion``
    Validator: invalid once upgraded (a 2.0 issuer requires ``email``). Here: verified with
    warnings — 0.5 and 1.0 did not require it and the Upgrading rules add nothing.
``legacy/1_0_assertion_with_errors``
    Validator: reads it as 0.5 (its recipient is a string) and fails upgrading its BadgeClass
    link. Here: not verified (structure), read as 1.0 (it has ``verify``), whose recipient must
    be an IdentityObject — the same verdict, for the reason the 1.0 specification gives.
``tampered/signed-hs256-key-confusion``
    Validator: invalid, as the signature does not verify under the RSA key. Here: not verified
    (``alg_refused``), refused before any key is fetched.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from ob2_helpers import (
    CASES,
    WWW,
    A,
    B,
    Ob2Origins,
    case_bytes,
    now_fixed,
    require_fixtures,
    sign_jws,
    unsigned_jws,
)

from wallet.competency.mapping import facts_from_ob2, map_competencies, parse_case_package
from wallet.exchange.http import HttpFetcher
from wallet.ob2.reading import Ob2Input, read_ob2
from wallet.ob2.verify import check_ob2, verify_ob2
from wallet.result import NOT_CONFIRMED, CheckId, Outcome, Verdict, VerificationResult

NOW = now_fixed()
# The fixtures' origins listen on fixed ports: this module's tests run on one worker.
pytestmark = pytest.mark.xdist_group("ob2-origins")
LEARNER = ("email", "learner@example.net")  # the tm/ cases' recipient (salt tm-salt-1)
BETH = ("email", "nobody@example.org")  # the vt/ cases' recipient (salt deadsea)


@pytest.fixture(scope="module")
def origins() -> Iterator[Ob2Origins]:
    require_fixtures()
    served = Ob2Origins()
    try:
        yield served
    finally:
        served.stop()


@pytest.fixture(scope="module")
def fetcher() -> Iterator[HttpFetcher]:
    with HttpFetcher(dev=True, timeout=3.0) as client:
        yield client


@pytest.fixture(autouse=True)
def _fresh_routes(origins: Ob2Origins) -> Iterator[None]:
    yield
    origins.routes.clear()


def _verify(data: bytes | str | Ob2Input, fetcher: Any, **options: Any) -> VerificationResult:
    given = data if isinstance(data, Ob2Input) else read_ob2(data)
    return check_ob2(given, fetcher=fetcher, now=options.pop("now", NOW), **options).result


def _check(result: VerificationResult, cid: CheckId) -> tuple[Outcome, str | None]:
    check = result.check(cid)
    assert check is not None, cid
    return check.outcome, check.detail


# --- every case, the verdict OB 2.0 gives ----------------------------------------------------

W, V, N = Verdict.WARNINGS, Verdict.VERIFIED, Verdict.NOT_VERIFIED
CASE_VERDICTS = [
    # (case, verdict, the check that decides it, its outcome, its detail)
    ("legacy/0_5_1_assertion.url", W, CheckId.CONFORMANCE, Outcome.WARNING, "conformance"),
    ("legacy/1_0_assertion_with_errors.json", N, CheckId.STRUCTURE, Outcome.FAILED, "structure"),
    ("legacy/1_0_basic_assertion.json", W, CheckId.PROOF, Outcome.PASSED, "hosted"),
    ("legacy/1_1_basic_assertion.json", V, CheckId.PROOF, Outcome.PASSED, "hosted"),
    ("real/badgr-OnTs_y9OTvSMOYfHxrtu1g.json", V, CheckId.PROOF, Outcome.PASSED, "hosted"),
    (
        "real/badgr-OnTs_y9OTvSMOYfHxrtu1g.png",
        V,
        CheckId.ISSUER_BINDING,
        Outcome.PASSED,
        "hosted_scope",
    ),
    ("spec/assertion-revoked-410.json", N, CheckId.STATUS, Outcome.FAILED, "revoked"),
    ("spec/signed-badge.jws", V, CheckId.STATUS, Outcome.PASSED, "not_revoked"),
    ("tampered/alignment-case-item.json", V, CheckId.PROOF, Outcome.PASSED, "hosted"),
    (
        "tampered/alignment-missing-targetUrl.json",
        W,
        CheckId.CONFORMANCE,
        Outcome.WARNING,
        "conformance",
    ),
    (
        "tampered/assertion-on-foreign-origin.json",
        N,
        CheckId.ISSUER_BINDING,
        Outcome.FAILED,
        "outside_scope",
    ),
    (
        "tampered/badgeclass-missing-criteria.json",
        N,
        CheckId.STRUCTURE,
        Outcome.FAILED,
        "structure",
    ),
    (
        "tampered/badgeclass-on-foreign-origin.json",
        N,
        CheckId.ISSUER_BINDING,
        Outcome.FAILED,
        "outside_scope",
    ),
    ("tampered/baked-hosted.svg", V, CheckId.PROOF, Outcome.PASSED, "hosted"),
    ("tampered/baked-signed.svg", V, CheckId.PROOF, Outcome.PASSED, "signed"),
    ("tampered/hosted-404.json", N, CheckId.PROOF, Outcome.FAILED, "http_status"),
    ("tampered/hosted-410-full-body.json", N, CheckId.STATUS, Outcome.FAILED, "revoked"),
    ("tampered/hosted-revoked-true-200.json", N, CheckId.STATUS, Outcome.FAILED, "revoked"),
    (
        "tampered/local-copy-recipient-swapped.json",
        N,
        CheckId.PROOF,
        Outcome.FAILED,
        "hosted_mismatch",
    ),
    ("tampered/recipient-email-unsalted.json", V, CheckId.PROOF, Outcome.PASSED, "hosted"),
    ("tampered/recipient-telephone.json", V, CheckId.PROOF, Outcome.PASSED, "hosted"),
    ("tampered/recipient-url.json", V, CheckId.PROOF, Outcome.PASSED, "hosted"),
    ("tampered/signed-expired.jws", N, CheckId.VALIDITY, Outcome.FAILED, "expired"),
    ("tampered/signed-hs256-key-confusion.jws", N, CheckId.PROOF, Outcome.FAILED, "alg_refused"),
    ("tampered/signed-payload-changed.jws", N, CheckId.PROOF, Outcome.FAILED, "bad_signature"),
    (
        "tampered/signed-unlisted-key.jws",
        N,
        CheckId.ISSUER_BINDING,
        Outcome.FAILED,
        "key_not_listed",
    ),
    ("tampered/signed-wrong-key.jws", N, CheckId.PROOF, Outcome.FAILED, "bad_signature"),
    (
        "vt/assertion-startswith-bad.json",
        N,
        CheckId.ISSUER_BINDING,
        Outcome.FAILED,
        "outside_scope",
    ),
    ("vt/assertion-startswith-ok.json", V, CheckId.ISSUER_BINDING, Outcome.PASSED, "hosted_scope"),
    ("vt/baked_heart-signed.png", V, CheckId.PROOF, Outcome.PASSED, "signed"),
    ("vt/basic-assertion-expired.json", N, CheckId.VALIDITY, Outcome.FAILED, "expired"),
    ("vt/basic-assertion-in-future.json", N, CheckId.VALIDITY, Outcome.FAILED, "not_yet_valid"),
    (
        "vt/basic-assertion-invalid-context.json",
        N,
        CheckId.JSONLD,
        Outcome.FAILED,
        "context_not_allowed",
    ),
    ("vt/basic-assertion-invalid-type.json", N, CheckId.STRUCTURE, Outcome.FAILED, "structure"),
    ("vt/beths-robotics-badge.json", V, CheckId.PROOF, Outcome.PASSED, "hosted"),
    ("vt/simple-badge.png", V, CheckId.PROOF, Outcome.PASSED, "hosted"),
    ("vt/simple-not-revoked.jws", V, CheckId.STATUS, Outcome.PASSED, "not_revoked"),
    ("vt/simple-revoked.jws", N, CheckId.STATUS, Outcome.FAILED, "revoked"),
    ("vt/simple.jws", V, CheckId.ISSUER_BINDING, Outcome.PASSED, "key_listed"),
]


def test_the_table_covers_every_case() -> None:
    require_fixtures()
    on_disk = {str(p.relative_to(CASES)) for p in CASES.rglob("*") if p.is_file()}
    assert on_disk == {case for case, *_ in CASE_VERDICTS}


@pytest.mark.parametrize(
    ("case", "verdict", "cid", "outcome", "detail"),
    CASE_VERDICTS,
    ids=[c[0] for c in CASE_VERDICTS],
)
def test_each_case_gets_the_verdict_ob2_gives(
    origins, fetcher, case, verdict, cid, outcome, detail
) -> None:
    result = _verify(case_bytes(case), fetcher)
    assert result.verdict is verdict, [
        (c.id.value, c.outcome.value, c.detail, c.message) for c in result.checks
    ]
    assert _check(result, cid) == (outcome, detail)
    assert result.verified == (verdict in (V, W))
    if result.verified:
        assert result.name and result.issuer and result.issuer_name
        assert result.format in ("ob2_hosted", "ob2_signed")


def test_strict_fails_what_the_letter_requires(origins, fetcher) -> None:
    result = _verify(case_bytes("tampered/alignment-missing-targetUrl.json"), fetcher, strict=True)
    assert _check(result, CheckId.CONFORMANCE) == (Outcome.FAILED, "conformance")


def test_what_is_shown_and_kept(origins, fetcher) -> None:
    found = check_ob2(
        read_ob2(case_bytes("real/badgr-OnTs_y9OTvSMOYfHxrtu1g.png")), fetcher=fetcher, now=NOW
    )
    assert found.result.name == "badgr-lite tutorial badge (reconstructed)"
    assert found.badge and found.badge["image"].endswith("/image")
    assert found.issuer and found.issuer["name"].startswith("badgr-lite")
    assert found.hosted_url == f"{A}/badgr/public/assertions/OnTs_y9OTvSMOYfHxrtu1g"
    assert [d.url for d in found.documents] == [
        found.hosted_url,
        f"{A}/badgr/public/badges/U8cuzhs7T3SRJVhDCSFHEA",
        f"{A}/badgr/public/issuers/reconstructed-issuer",
    ]
    assert all(d.fetched_at == NOW for d in found.documents)
    assert found.checked_at == NOW


# --- the recipient --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "identity", "outcome", "detail"),
    [
        ("tampered/alignment-case-item.json", LEARNER, Outcome.PASSED, "matches"),
        (
            "tampered/alignment-case-item.json",
            ("email", "mallory@example.net"),
            Outcome.FAILED,
            "someone_else",
        ),
        ("tampered/recipient-email-unsalted.json", LEARNER, Outcome.PASSED, "matches"),
        (
            "tampered/recipient-telephone.json",
            ("telephone", "+15555550123"),
            Outcome.PASSED,
            "matches",
        ),
        ("tampered/recipient-telephone.json", LEARNER, Outcome.WARNING, "no_identity_of_type"),
        ("tampered/recipient-url.json", ("url", f"{A}/people/alice"), Outcome.PASSED, "matches"),
        ("vt/simple.jws", BETH, Outcome.PASSED, "matches"),
        ("vt/simple.jws", LEARNER, Outcome.FAILED, "someone_else"),
    ],
)
def test_whether_it_names_this_learner(origins, fetcher, case, identity, outcome, detail) -> None:
    result = _verify(case_bytes(case), fetcher, recipient=[identity])
    assert _check(result, CheckId.RECIPIENT) == (outcome, detail)
    assert result.verified == (outcome is not Outcome.FAILED)


@pytest.mark.parametrize(
    "recipient",
    [
        {"type": "email", "hashed": True, "identity": ["learner@example.net"]},
        {"type": "email", "hashed": True, "salt": "s", "identity": "sha512$" + "ab" * 64},
    ],
)
def test_a_recipient_that_cannot_be_compared_is_refused(origins, fetcher, recipient) -> None:
    assertion = _hosted("/bad/recipient.json", recipient=recipient)
    origins.serve("A/bad/recipient.json", assertion)
    result = _verify(json.dumps(assertion).encode(), fetcher, recipient=[LEARNER])
    assert _check(result, CheckId.RECIPIENT) == (Outcome.FAILED, "recipient_unreadable")
    assert result.verdict is Verdict.NOT_VERIFIED


# --- offline --------------------------------------------------------------------------------


def test_a_hosted_badge_offline_is_issuer_not_confirmed(origins, fetcher) -> None:
    badge = read_ob2(case_bytes("real/badgr-OnTs_y9OTvSMOYfHxrtu1g.json"))
    never = check_ob2(badge, fetcher=None, now=NOW).result
    assert never.verdict is Verdict.ISSUER_NOT_CONFIRMED and never.verdict.exit_code == 3
    assert _check(never, CheckId.PROOF) == (Outcome.WARNING, NOT_CONFIRMED)
    assert "not re-checked: offline" in never.check(CheckId.PROOF).message  # type: ignore
    online = check_ob2(badge, fetcher=fetcher, now=NOW)
    kept = {d.url: d for d in online.documents}
    later = NOW + timedelta(days=30)
    offline = check_ob2(badge, fetcher=fetcher, offline=True, stored=kept, now=later)
    assert offline.result.verdict is Verdict.ISSUER_NOT_CONFIRMED  # never green offline
    assert (
        offline.checked_at == NOW and NOW.isoformat() in offline.result.check(CheckId.PROOF).message
    )  # type: ignore[union-attr]
    assert _check(offline.result, CheckId.STATUS) == (Outcome.WARNING, "not_rechecked")
    assert offline.result.name == online.result.name  # shown from the kept documents
    assert offline.documents == ()  # nothing fetched


def test_a_signed_badge_offline(origins, fetcher) -> None:
    badge = read_ob2(case_bytes("vt/simple.jws"))
    assert (
        check_ob2(badge, fetcher=None, now=NOW).result.verdict is Verdict.ISSUER_NOT_CONFIRMED
    )  # no key to check it with
    kept = {d.url: d for d in check_ob2(badge, fetcher=fetcher, now=NOW).documents}
    result = check_ob2(badge, fetcher=None, stored=kept, now=NOW).result
    assert _check(result, CheckId.PROOF) == (Outcome.PASSED, "signed")
    assert result.verdict is Verdict.WARNINGS  # revocation not re-checked
    tampered = read_ob2(case_bytes("tampered/signed-payload-changed.jws"))
    assert (
        check_ob2(tampered, fetcher=None, stored=kept, now=NOW).result.verdict
        is Verdict.NOT_VERIFIED
    )


# --- bad input: hostile hosts ---------------------------------------------------------------


def _hosted(path: str, **changes: Any) -> dict[str, Any]:
    assertion = json.loads(case_bytes("tampered/alignment-case-item.json"))
    assertion.update({"id": f"{A}{path}", "badge": f"{A}/tm/badge.json", **changes})
    return assertion


def test_a_cross_origin_redirect(origins, fetcher) -> None:
    assertion = _hosted("/bad/redirect.json")
    origins.routes["A/bad/redirect.json"] = lambda h: origins.answer(
        h, 302, b"", "text/plain", {"Location": f"{B}/tm/assertion-foreign.json"}
    )
    origins.hits.clear()
    result = _verify(json.dumps(assertion).encode(), fetcher)
    assert _check(result, CheckId.PROOF) == (Outcome.FAILED, "redirected")
    assert "another origin" in result.check(CheckId.PROOF).message  # type: ignore[union-attr]
    assert result.verdict is Verdict.NOT_VERIFIED
    # refused before it was followed: the other origin was never asked
    assert "A/bad/redirect.json" in origins.hits
    assert not [hit for hit in origins.hits if hit.startswith("B")], origins.hits


def test_a_redirect_within_the_origin_is_followed(origins, fetcher) -> None:
    assertion = _hosted("/bad/moved.json")
    served = origins.serve("A/bad/here.json", assertion)
    origins.routes["A/bad/moved.json"] = lambda h: origins.answer(
        h, 302, b"", "text/plain", {"Location": served}
    )
    result = _verify(json.dumps(assertion).encode(), fetcher)
    assert _check(result, CheckId.PROOF) == (Outcome.PASSED, "hosted")
    assert "A/bad/here.json" in origins.hits


def test_an_html_answer(origins, fetcher) -> None:
    origins.routes["A/bad/page.json"] = lambda h: origins.answer(
        h,
        200,
        b"<!DOCTYPE html><html><body>Log in to see this badge</body></html>",
        "text/html; charset=utf-8",
    )
    result = _verify(f"{A}/bad/page.json", fetcher)
    assert _check(result, CheckId.PROOF) == (Outcome.FAILED, "html")


def test_five_megabytes(origins, fetcher) -> None:
    huge = b'{"padding": "' + b"x" * (5 * 1024 * 1024) + b'"}'
    origins.routes["A/bad/huge.json"] = lambda h: origins.answer(h, 200, huge, "application/json")
    result = _verify(json.dumps(_hosted("/bad/huge.json")).encode(), fetcher)
    assert _check(result, CheckId.PROOF) == (Outcome.FAILED, "fetch_limit")


def test_a_slow_server(origins) -> None:
    body = json.dumps(_hosted("/bad/slow.json")).encode()
    origins.routes["A/bad/slow.json"] = lambda h: origins.drip(h, body, seconds=5.0)
    with HttpFetcher(dev=True, timeout=0.5) as impatient:
        result = _verify(body, impatient)
    assert _check(result, CheckId.PROOF) == (Outcome.FAILED, "fetch_limit")
    assert "longer than" in result.check(CheckId.PROOF).message  # type: ignore[union-attr]


def test_a_different_assertion(origins, fetcher) -> None:
    held = _hosted("/bad/other.json")
    served = copy.deepcopy(held)
    served["issuedOn"] = "2024-06-01T12:00:00Z"
    origins.serve("A/bad/other.json", served)
    result = _verify(json.dumps(held).encode(), fetcher)
    assert _check(result, CheckId.PROOF) == (Outcome.FAILED, "hosted_mismatch")
    assert "issuedOn" in result.check(CheckId.PROOF).message  # type: ignore[union-attr]
    origins.serve("A/bad/other.json", {**held, "id": f"{A}/bad/elsewhere.json"})
    result = _verify(json.dumps(held).encode(), fetcher)
    assert _check(result, CheckId.PROOF) == (Outcome.FAILED, "id_mismatch")
    # the same assertion served with its keys in another order and spacing is the same
    origins.routes["A/bad/other.json"] = lambda h: origins.answer(
        h,
        200,
        json.dumps(dict(reversed(list(held.items()))), indent=4).encode(),
        "application/ld+json",
    )
    assert _verify(json.dumps(held).encode(), fetcher).verdict is Verdict.VERIFIED


# --- bad input: signatures and keys ---------------------------------------------------------


def _payload(case: str = "vt/simple.jws") -> dict[str, Any]:
    read = read_ob2(case_bytes(case))
    assert read.document is not None
    return copy.deepcopy(read.document)


@pytest.mark.parametrize(
    "header", [{"alg": "none"}, {"alg": "None"}, {"alg": "HS256"}, {"alg": "RS1"}]
)
def test_unsigned_and_shared_secret_jws_are_refused(origins, fetcher, header) -> None:
    result = _verify(unsigned_jws(_payload(), header), fetcher)
    assert _check(result, CheckId.PROOF) == (Outcome.FAILED, "alg_refused")
    assert origins.hits == [] or all("key" not in hit for hit in origins.hits[-3:])


def test_a_key_document_owned_by_another_issuer(origins, fetcher) -> None:
    """key1 is listed by this issuer's profile, but key1's own document says it belongs to
    vt/organization.json: the key is the issuer's only through both."""
    issuer = {
        **json.loads((WWW / "A/vt/organization.json").read_text()),
        "id": f"{A}/own/issuer.json",
        "publicKey": f"{A}/vt/key1.json",
    }
    badge = {
        **json.loads((WWW / "A/vt/robotics-badge.json").read_text()),
        "id": f"{A}/own/badge.json",
        "issuer": issuer["id"],
    }
    origins.serve("A/own/issuer.json", issuer)
    origins.serve("A/own/badge.json", badge)
    payload = {**_payload(), "badge": badge["id"]}
    result = _verify(sign_jws(payload, "vt-key1.pem"), fetcher)
    assert _check(result, CheckId.ISSUER_BINDING) == (Outcome.FAILED, "key_owner_mismatch")
    assert result.verdict is Verdict.NOT_VERIFIED
    # the issuer's own key, listed and owned: verified (the same signature code path)
    assert _verify(sign_jws(_payload(), "vt-key1.pem"), fetcher).verdict is Verdict.VERIFIED


def test_a_key_on_a_private_address_is_not_fetched(origins, fetcher) -> None:
    issuer = {
        **json.loads((WWW / "A/vt/organization.json").read_text()),
        "id": f"{A}/priv/issuer.json",
        "publicKey": "https://10.1.2.3/key.json",
    }
    badge = {
        **json.loads((WWW / "A/vt/robotics-badge.json").read_text()),
        "id": f"{A}/priv/badge.json",
        "issuer": issuer["id"],
    }
    origins.serve("A/priv/issuer.json", issuer)
    origins.serve("A/priv/badge.json", badge)
    payload = {
        **_payload(),
        "badge": badge["id"],
        "verification": {"type": "SignedBadge", "creator": "https://10.1.2.3/key.json"},
    }
    result = _verify(sign_jws(payload), fetcher)
    assert _check(result, CheckId.PROOF) == (Outcome.FAILED, "fetch_refused")
    assert "private" in result.check(CheckId.PROOF).message  # type: ignore[union-attr]
    # without dev mode even this computer's addresses are refused, from the first document
    with HttpFetcher(dev=False, timeout=2.0) as strict:
        result = _verify(case_bytes("vt/simple.jws"), strict)
    assert result.verdict is Verdict.NOT_VERIFIED
    assert "dev mode" in result.check(CheckId.STRUCTURE).message  # type: ignore[union-attr]


def test_a_revocation_list_that_revokes_it(origins, fetcher) -> None:
    revoked = _verify(case_bytes("vt/simple-revoked.jws"), fetcher)
    assert _check(revoked, CheckId.STATUS) == (Outcome.FAILED, "revoked")
    assert "A good reason, for sure" in revoked.check(CheckId.STATUS).message  # type: ignore
    assert _check(revoked, CheckId.PROOF) == (Outcome.PASSED, "signed")  # genuine, revoked
    assert not revoked.authenticity_failures


def test_cycles_between_badge_class_and_issuer(origins, fetcher) -> None:
    selfish = {
        **json.loads((WWW / "A/tm/badge.json").read_text()),
        "id": f"{A}/cycle/badge.json",
        "issuer": f"{A}/cycle/badge.json",
    }
    origins.serve("A/cycle/badge.json", selfish)
    assertion = _hosted("/cycle/a.json", badge=selfish["id"])
    origins.serve("A/cycle/a.json", assertion)
    result = _verify(json.dumps(assertion).encode(), fetcher)
    assert _check(result, CheckId.STRUCTURE) == (Outcome.FAILED, "cycle")
    # an assertion that is its own BadgeClass
    own = _hosted("/cycle/own.json")
    own["badge"] = own["id"]
    origins.serve("A/cycle/own.json", own)
    result = _verify(json.dumps(own).encode(), fetcher)
    assert _check(result, CheckId.STRUCTURE) == (Outcome.FAILED, "cycle")


# --- endorsements ---------------------------------------------------------------------------


def test_endorsements_are_verified_the_same_way(origins, fetcher) -> None:
    badge_id = f"{A}/end/badge.json"
    hosted_endorsement = {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Endorsement",
        "id": f"{A}/end/endorsement.json",
        "issuer": f"{A}/vt/organization.json",
        "claim": {"id": badge_id, "endorsementComment": "A fine badge."},
        "issuedOn": "2024-01-01T00:00:00Z",
        "verification": {"type": "HostedBadge"},
    }
    signed_endorsement = sign_jws(
        {
            **hosted_endorsement,
            "id": "urn:uuid:8f7c3f44-2d5e-4c3a-9b1e-0f6a1d2c3b4a",
            "verification": {"type": "SignedBadge", "creator": f"{A}/vt/key1.json"},
        }
    )
    foreign = {**hosted_endorsement, "id": f"{B}/end/endorsement.json"}
    badge = {
        **json.loads((WWW / "A/tm/badge.json").read_text()),
        "id": badge_id,
        "endorsement": [hosted_endorsement["id"], signed_endorsement, foreign["id"]],
    }
    origins.serve("A/end/endorsement.json", hosted_endorsement)
    origins.serve("B/end/endorsement.json", foreign)
    origins.serve("A/end/badge.json", badge)
    assertion = _hosted("/end/a.json", badge=badge_id)
    origins.serve("A/end/a.json", assertion)
    result = _verify(json.dumps(assertion).encode(), fetcher)
    assert [r.verdict for r in result.endorsements] == [
        Verdict.VERIFIED,
        Verdict.VERIFIED,
        Verdict.NOT_VERIFIED,
    ]
    assert [r.format for r in result.endorsements] == ["ob2_hosted", "ob2_signed", "ob2_hosted"]
    assert _check(result.endorsements[2], CheckId.ISSUER_BINDING) == (
        Outcome.FAILED,
        "outside_scope",
    )
    assert _check(result, CheckId.ENDORSEMENTS) == (Outcome.WARNING, "endorsement_failed")
    assert result.verdict is Verdict.WARNINGS  # the badge itself verifies


# --- competencies (item 5's matching rule) --------------------------------------------------


def _framework() -> dict[str, Any]:
    item = json.loads(
        (
            WWW / "A/case/ims/case/v1p0/CFItems/6b6b1d4e-2f3a-4a1b-9c53-1f0e5a7c2d11" / "index"
        ).read_text()
    )
    document = item["CFDocumentURI"]
    return {
        "CFDocument": {
            "identifier": document["identifier"],
            "uri": document["uri"],
            "title": document["title"],
        },
        "CFItems": [
            {
                k: item[k]
                for k in ("identifier", "uri", "fullStatement", "humanCodingScheme", "CFItemType")
            }
        ],
    }


def test_alignments_map_onto_imported_frameworks(origins, fetcher) -> None:
    framework = parse_case_package(_framework())
    decoy = _framework()  # the same code in another framework: framework + code decides
    decoy["CFDocument"].update(
        identifier="decoy", uri="https://decoy.example/doc", title="Another Framework"
    )
    decoy["CFItems"][0].update(identifier="decoy-item", uri="https://decoy.example/item")
    facts = []
    for case in ("tampered/alignment-case-item.json", "tampered/alignment-missing-targetUrl.json"):
        found = check_ob2(read_ob2(case_bytes(case)), fetcher=fetcher, now=NOW)
        assert found.result.verified and found.badge is not None
        facts.append(
            facts_from_ob2(
                case, found.badge, issued=NOW - timedelta(days=30), verified=found.result.verified
            )
        )
    assert facts[0].alignments[0].url.endswith("6b6b1d4e-2f3a-4a1b-9c53-1f0e5a7c2d11")
    assert facts[1].alignments[0].url is None and facts[1].alignments[0].code == "DS.2.3"
    cmap = map_competencies(facts, [parse_case_package(decoy), framework], now=NOW)
    item = cmap.competencies[f"{framework.identifier}#6b6b1d4e-2f3a-4a1b-9c53-1f0e5a7c2d11"]
    assert item.credentials == {facts[0].id, facts[1].id}  # by URI, and by framework + code
    assert cmap.competencies["decoy#decoy-item"].credentials == set()
    assert item.level == 2  # two recent credentials, no results: the OB 3.0 evidence rule


def test_verify_ob2_is_check_ob2s_result(origins, fetcher) -> None:
    read = read_ob2(case_bytes("vt/simple.jws"))
    assert (
        verify_ob2(read, fetcher=fetcher, now=NOW)
        == check_ob2(read, fetcher=fetcher, now=NOW).result
    )


def test_an_issuer_without_a_profile_of_its_own_is_not_confirmed(origins, fetcher) -> None:
    """A hosted assertion whose BadgeClass and issuer are embedded under ``urn:`` ids: the
    issuer's name and its "allowed origins" are only what the badge says about it."""
    assertion = _hosted(
        "/embedded/a.json",
        badge={
            "type": "BadgeClass",
            "id": "urn:uuid:1b7e0e0c-6d5e-4d1a-9a5e-3f1c2b4d5e6f",
            "name": "Degree",
            "description": "A degree.",
            "image": f"{A}/vt/robotics-badge.png",
            "criteria": {"narrative": "Study."},
            "issuer": {
                "type": "Profile",
                "id": "urn:uuid:0c9d8e7f-1a2b-4c3d-8e9f-0a1b2c3d4e5f",
                "name": "A Famous University",
                "url": "https://university.example",
                "email": "registrar@university.example",
                "verification": {"allowedOrigins": "127.0.0.1"},
            },
        },
    )
    origins.serve("A/embedded/a.json", assertion)
    result = _verify(json.dumps(assertion).encode(), fetcher)
    assert _check(result, CheckId.ISSUER_BINDING) == (Outcome.WARNING, NOT_CONFIRMED)
    assert result.verdict is Verdict.ISSUER_NOT_CONFIRMED


def test_text_from_documents_is_made_safe_to_show(origins, fetcher) -> None:
    assertion = _hosted(
        "/bad/escape.json",
        revoked=True,
        revocationReason="\x1b[2J\x1b[31mrevoked\u202e by the registrar",
    )
    origins.serve("A/bad/escape.json", assertion)
    message = _verify(json.dumps(assertion).encode(), fetcher).check(CheckId.STATUS).message
    assert "revoked" in message and not any(c in message for c in "\x1b\u202e")


def test_a_proof_not_rechecked_offline_is_never_green() -> None:
    """wallet.result.verdict_of: a proof check that only says "not re-checked" with
    issuer_not_confirmed gives *issuer not confirmed*; any other warning there is no proof."""
    from wallet.result import verdict_of
    from wallet.verification.checks import passed, warning

    others = [passed(CheckId.STRUCTURE, "ok"), passed(CheckId.VALIDITY, "ok")]
    offline = warning(CheckId.PROOF, "not re-checked: offline", NOT_CONFIRMED)
    assert verdict_of([*others, offline]) is Verdict.ISSUER_NOT_CONFIRMED
    assert (
        verdict_of([*others, warning(CheckId.PROOF, "other", "extra_proofs")])
        is Verdict.NOT_VERIFIED
    )
