"""The wallet answers our verifier on 127.0.0.1: OpenID4VP 1.0 with every client identifier
prefix, response mode and request URI method, by value and by reference, and VCALM (an
interaction URL offering OpenID4VP and a vcapi exchange) — asserting what the verifier saw."""

from __future__ import annotations

import io

import pytest
from exchange_helpers import Learner

from wallet.demo.issuer import OfferOptions
from wallet.exchange.qr import qr_png
from wallet.exchange.verifier import Ask

COMPETENCY = "Clean and prepare tabular data"


@pytest.fixture
def stocked(demo_issuer, wallet, receiver):
    link = demo_issuer.issuer.create_offer(
        OfferOptions(credentials=("data-analysis", "python-jwt", "teamwork"))
    )
    ids = [a.id for a in receiver.receive(link, Learner()).stored]
    assert len(ids) == 3
    return ids


def _asks() -> list[Ask]:
    return [Ask(competency=COMPETENCY), Ask(format="jwt_vc_json"), Ask(type="OpenBadgeCredential")]


@pytest.mark.parametrize(
    ("prefix", "mode", "method"),
    [
        ("decentralized_identifier", "direct_post", "get"),
        ("decentralized_identifier", "direct_post.jwt", "post"),
        ("did_web", "direct_post", "post"),
        ("redirect_uri", "direct_post", "get"),
        ("redirect_uri", "direct_post.jwt", "post"),
        ("x509_san_dns", "direct_post", "get"),
        ("x509_san_dns", "direct_post.jwt", "post"),
    ],
)
def test_every_prefix_and_mode_by_reference(
    employer, wallet, stocked, ca, prefix, mode, method
) -> None:
    wallet.responding.trust_store = ca.store
    request = employer.verifier.create(
        _asks(),
        purpose="Data analyst",
        prefix=prefix,
        response_mode=mode,
        request_uri_method=method,
    )
    preview = wallet.responding.preview(employer.verifier.link(request))
    assert preview.protocol == "openid4vp" and preview.satisfiable
    # only a certificate or a did:web's own document names who asks; a did:key (anyone can
    # make one) proves only that the request is unchanged; redirect_uri: is not signed
    assert (
        preview.verifier.standing
        == {
            "x509_san_dns": "verified",
            "did_web": "verified",
            "decentralized_identifier": "integrity",
            "redirect_uri": "unverified",
        }[prefix]
    )
    assert preview.verifier.verified is (prefix in ("x509_san_dns", "did_web"))
    assert ("not verified" in preview.verifier.how) is (prefix == "redirect_uri")
    if prefix == "x509_san_dns":
        assert "localhost" in preview.verifier.how and "Test Trust Anchor" in preview.verifier.how
    result = wallet.responding.answer(preview)
    assert result.sent and result.redirect and result.redirect.endswith("/thanks")
    # What the verifier saw.
    assert request.status == "answered" and request.answer is not None
    assert request.answer.verified, request.answer.problems
    events = [e["event"] for e in request.events]
    assert events[0] == ("request_uri_post" if method == "post" else "request_uri_get")
    if method == "post":
        assert request.events[0]["wallet_metadata"] and request.events[0]["wallet_nonce"]
    checks = request.answer.presentations
    assert {c.query for c in checks} == {"c1_ldp", "c2_jwt", "c3_ldp"}
    for check in checks:
        assert check.holder == wallet.did
        if check.format == "ldp_vc":
            proof = check.document["proof"]
            assert proof["challenge"] == request.nonce and proof["domain"] == request.client_id
        else:
            from wallet.crypto.jws import decode_jws

            payload = decode_jws(check.document).payload
            assert payload["nonce"] == request.nonce and payload["aud"] == request.client_id


@pytest.mark.parametrize("prefix", ["redirect_uri", "decentralized_identifier", "x509_san_dns"])
def test_by_value(employer, wallet, stocked, ca, prefix) -> None:
    wallet.responding.trust_store = ca.store
    request = employer.verifier.create([Ask(competency=COMPETENCY)], prefix=prefix)
    link = employer.verifier.link(request, by_reference=False)
    assert "request_uri" not in link
    preview = wallet.responding.preview(link)
    result = wallet.responding.answer(preview)
    assert result.sent and request.status == "answered" and request.answer.verified
    assert not [e for e in request.events if e["event"].startswith("request_uri")]


def test_qr_image_and_learner_evidence_as_a_learner_signed_clr(
    employer, wallet, stocked, tmp_path
) -> None:
    wallet.portfolio.reflect("I cleaned a **messy** city data set.", credential_ids=[stocked[0]])
    wallet.portfolio.attach_file(
        io.BytesIO(b"%PDF-1.7 report"), name="report.pdf", credential_ids=[stocked[0]]
    )
    request = employer.verifier.create([Ask(competency=COMPETENCY)])
    image = tmp_path / "qr.png"
    image.write_bytes(qr_png(employer.verifier.link(request)))
    preview = wallet.responding.preview(str(image))
    shown = wallet.responding.disclosure(preview, reflections=True, artifacts=True)
    assert [c.name for c in shown.credentials] == ["Data Analysis Fundamentals"]
    assert shown.reflections == ("I cleaned a **messy** city data set.",)
    assert shown.artifacts == ("report.pdf",) and "written by you" in shown.note
    assert shown.holder == wallet.did
    assert any(
        label.endswith("targetName") and value == COMPETENCY
        for label, value in shown.credentials[0].fields
    )
    wallet.responding.answer(preview, reflections=True, artifacts=True)
    answer = request.answer
    assert answer is not None and answer.verified
    (check,) = answer.presentations
    inside = check.document["verifiableCredential"]
    assert len(inside) == 2 and "ClrCredential" in inside[1]["type"]
    assert inside[1]["issuer"]["id"] == wallet.did
    genres = [e["genre"] for e in inside[1]["evidence"]]
    assert genres == ["Learner reflection", "Learner artifact"]


def test_choosing_among_several_and_multiple(employer, wallet, stocked) -> None:
    request = employer.verifier.create([Ask(count=2, format="ldp_vc")])
    preview = wallet.responding.preview(employer.verifier.link(request))
    (query,) = preview.queries
    assert query.multiple and len(query.matches) == 2
    wallet.responding.answer(preview, {"c1_ldp": [m.id for m in query.matches]})
    assert request.answer.verified and len(request.answer.presentations) == 2
    one = employer.verifier.create([Ask(count=2, format="ldp_vc")])
    preview = wallet.responding.preview(employer.verifier.link(one))
    wallet.responding.answer(preview, {"c1_ldp": [query.matches[0].id]})
    assert not one.answer.verified  # one of the two asked for: the employer sees it
    assert one.status == "waiting"
    assert "does not include everything" in " ".join(one.answer.problems)


def test_decline_is_seen_as_access_denied(employer, wallet, stocked) -> None:
    request = employer.verifier.create(_asks())
    preview = wallet.responding.preview(employer.verifier.link(request))
    result = wallet.responding.decline(preview)
    assert not result.sent
    # reported, not closing: nothing authenticates an error answer (see test_verifier_abuse)
    assert request.status == "waiting" and request.declined.startswith("access_denied")


def test_interaction_url_offers_oid4vp_and_vcapi(employer, wallet, stocked) -> None:
    for protocol in ("oid4vp", "vcapi"):
        request = employer.verifier.create(
            [Ask(competency=COMPETENCY), Ask(type="OpenBadgeCredential")]
        )
        url = employer.verifier.interaction_url(request)
        preview = wallet.responding.preview(f"interaction:{url}", prefer=protocol)
        assert preview.protocol == ("openid4vp" if protocol == "oid4vp" else "vcapi")
        assert preview.satisfiable
        result = wallet.responding.answer(preview)
        assert result.sent and result.redirect.endswith("/thanks")
        assert request.answer.protocol == protocol and request.answer.verified
        (check, *_rest) = request.answer.presentations
        if protocol == "vcapi":
            assert check.document["proof"]["challenge"] == request.nonce
            assert check.document["proof"]["domain"] == employer.verifier.origin
            assert any(e.get("referenceId") for e in request.events if e["event"] == "vcapi")


def test_vcapi_delivery_from_the_demo_issuer(demo_issuer, wallet) -> None:
    url = demo_issuer.issuer.delivery.create(("teamwork", "python-jwt"))
    preview = wallet.responding.preview(url)
    assert preview.protocol == "vcapi" and preview.did_auth and not preview.queries
    shown: list[list[str]] = []
    result = wallet.responding.answer(
        preview, accept_delivery=lambda names: shown.append(names) or True
    )
    assert shown == [["Teamwork", "Python Programming I"]]
    assert [a.summary.name for a in result.stored] == ["Teamwork", "Python Programming I"]
    assert all(a.summary.verified for a in result.stored)
    assert result.redirect == f"{demo_issuer.url}/"
    exchange = list(demo_issuer.issuer.delivery.exchanges.values())[-1]
    assert exchange.state == "complete" and exchange.references[-1]  # referenceId echoed
    names = {c.name for c in wallet.credentials.all()}
    assert {"Teamwork", "Python Programming I"} <= names


def test_declined_delivery_stores_nothing(demo_issuer, wallet) -> None:
    preview = wallet.responding.preview(demo_issuer.issuer.delivery.create(("teamwork",)))
    result = wallet.responding.answer(preview, accept_delivery=lambda names: False)
    assert not result.stored and "declined" in result.rejected[0]
    assert not wallet.credentials.all()


def test_interaction_offering_oid4vci_is_an_offer(demo_issuer, wallet) -> None:
    from wallet.exchange.vcalm import fetch_protocols

    url = demo_issuer.issuer.delivery.create(("teamwork",))
    protocols = fetch_protocols(wallet.session.http, url)
    assert set(protocols) == {"vcapi", "oid4vci-1.0"}
    preview = wallet.responding.preview(url, prefer="oid4vci")
    assert preview.protocol == "oid4vci"
    assert preview.offer_link.startswith("openid-credential-offer://")


@pytest.mark.parametrize("how", ["by_reference", "by_value", "interaction_oid4vp", "vcapi"])
def test_the_employers_reason_reaches_the_learner(employer, wallet, stocked, how) -> None:
    """What the employer typed in "Why you ask" is in the request our verifier sends (each
    DCQL credential set's ``purpose``; each VC-API query's ``reason``) and in the preview the
    app shows — the verifier's own words, for OpenID4VP and VC-API alike."""
    why = "Job application: data analyst"
    request = employer.verifier.create(
        [Ask(competency=COMPETENCY), Ask(type="OpenBadgeCredential")], purpose=why
    )
    if how.startswith("by_"):
        link = employer.verifier.link(request, by_reference=how == "by_reference")
        preview = wallet.responding.preview(link)
    else:
        url = employer.verifier.interaction_url(request)
        preview = wallet.responding.preview(
            f"interaction:{url}", prefer="vcapi" if how == "vcapi" else "oid4vp"
        )
    assert preview.protocol == ("vcapi" if how == "vcapi" else "openid4vp")
    assert preview.purpose == why and preview.satisfiable
    if how != "vcapi":  # a set of one option each, required: the same ask as without it
        assert all(s["purpose"] == why and s["required"] for s in request.dcql["credential_sets"])
    without = employer.verifier.create([Ask(type="OpenBadgeCredential")])
    assert wallet.responding.preview(employer.verifier.link(without)).purpose is None
    assert wallet.responding.answer(preview).sent and request.answer.verified


def test_the_learners_name_travels_as_the_holder_and_only_what_was_asked(
    employer, wallet, stocked
) -> None:
    """Without reflections, each presentation holds exactly the credential its query asked
    for (as a DCQL verifier counts them), and who the learner says they are goes as the
    presentation's holder — a Profile under the learner's signature — in both formats; our
    answer page says who presented it, as given by the learner."""
    from wallet.crypto import jws
    from wallet.exchange.verifier_pages import render_answer

    wallet.profiles.set_identity("Jimin Park", student_id="S-2049")
    request = employer.verifier.create(
        [Ask(competency=COMPETENCY), Ask(format="jwt_vc_json")], purpose="Data analyst"
    )
    wallet.responding.answer(wallet.responding.preview(employer.verifier.link(request)))
    answer = request.answer
    assert answer is not None and answer.verified, answer.problems
    ldp, jwt = sorted(answer.presentations, key=lambda c: c.format)[::-1]
    assert ldp.format == "ldp_vc" and jwt.format == "jwt_vc_json"
    assert len(ldp.document["verifiableCredential"]) == 1  # no learner record: none chosen
    holder = ldp.document["holder"]
    assert holder["id"] == wallet.did and holder["name"] == "Jimin Park"
    assert {"identifier": "S-2049", "identifierType": "sisSourcedId"}.items() <= (
        holder["otherIdentifier"][0].items()
    )
    vp = jws.decode_jws(jwt.document).payload["vp"]
    assert len(vp["verifiableCredential"]) == 1 and vp["holder"]["name"] == "Jimin Park"
    assert jwt.identity is not None and jwt.identity.name == "Jimin Park"
    page = render_answer(request, answer, "http://127.0.0.1/ask/x")
    assert "Presented by Jimin Park" in page and "a learner who gave no name" not in page


def test_a_holder_profile_naming_someone_else_is_not_the_presenters(employer, wallet) -> None:
    """A VP-JWT signed by the learner whose ``vp.holder`` names another DID: the verifier does
    not take that profile as the presenter's."""
    from wallet.crypto import jws
    from wallet.exchange.oid4vp import requests as rq
    from wallet.exchange.verifier_asks import PresentationCheck

    key = wallet.session.holder_key()
    request = employer.verifier.create([Ask(format="jwt_vc_json")])
    token = rq.jwt_presentation(
        [],
        signer=key.signer(),
        holder_did=key.did,
        nonce=request.nonce,
        audience=request.client_id,
    )
    payload = jws.decode_jws(token).payload
    payload["vp"]["holder"] = {"id": "did:example:someone-else", "name": "Someone Else"}
    forged = jws.sign_jws(
        {"typ": "JWT", "kid": jws.decode_jws(token).header.get("kid")}, payload, key.signer()
    )
    check = PresentationCheck("q", "jwt_vc_json", None, document=forged)
    employer.verifier._vp_jwt(forged, request, request.client_id, check)
    assert not check.problems  # the signature and the key are the learner's
    assert check.identity is None
