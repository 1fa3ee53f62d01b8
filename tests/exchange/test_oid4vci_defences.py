"""Bad input and hostile parties: each refused with a clear, specific error, nothing stored."""

from __future__ import annotations

import contextlib
import json
from urllib.parse import quote

import pytest
from exchange_helpers import Learner
from hypothesis import given, settings
from hypothesis import strategies as st

from wallet.demo.issuer import OfferOptions
from wallet.errors import (
    ExchangeError,
    IssuerMetadataError,
    OfferError,
    TokenError,
)
from wallet.exchange.http import HttpFetcher
from wallet.exchange.oid4vci import messages as m


def _offer_link(issuer: str, **extra) -> str:
    offer = {
        "credential_issuer": issuer,
        "credential_configuration_ids": ["x"],
        "grants": {m.PRE_AUTHORIZED_GRANT: {"pre-authorized_code": "abc"}},
        **extra,
    }
    return "openid-credential-offer://?credential_offer=" + quote(json.dumps(offer))


def test_remote_issuers_must_use_https(demo_issuer, wallet) -> None:
    link = demo_issuer.issuer.create_offer(OfferOptions(credentials=("teamwork",)))
    with HttpFetcher() as strict, pytest.raises(OfferError, match="https"):
        wallet.receiving.receive(link, Learner(), http=strict)
    assert wallet.credentials.search().total == 0


@pytest.mark.parametrize(
    "target",
    [
        "https://10.0.0.5/.well-known",
        "https://192.168.1.20/issuer",
        "https://169.254.169.254/x",
        "https://[fd00::1]/issuer",
        "https://127.0.0.1:9/issuer",
    ],
)
def test_private_addresses_are_refused_ssrf(wallet, target: str) -> None:
    by_reference = "openid-credential-offer://?credential_offer_uri=" + quote(target)
    by_value = _offer_link(target)
    with HttpFetcher() as strict:
        for link in (by_reference, by_value):
            with pytest.raises(ExchangeError, match="private|local|refused"):
                wallet.receiving.receive(link, Learner(), http=strict)
    if "127.0.0.1" not in target:  # dev mode opens loopback only, never the rest
        with HttpFetcher(dev=True) as dev, pytest.raises(ExchangeError, match="private"):
            wallet.receiving.receive(by_reference, Learner(), http=dev)


def _hostile_issuer(
    server, *, token_endpoint: str | None = None, metadata: dict | None = None
) -> str:
    base = server.url("")
    server.serve_json(
        "/.well-known/openid-credential-issuer",
        metadata
        or {
            "credential_issuer": base,
            "credential_endpoint": f"{base}/credential",
            "nonce_endpoint": f"{base}/nonce",
            "credential_configurations_supported": {"x": {"format": "ldp_vc"}},
        },
    )
    server.serve_json(
        "/.well-known/oauth-authorization-server",
        {"issuer": base, "token_endpoint": token_endpoint or f"{base}/token"},
    )
    return base


def test_metadata_for_another_issuer_is_refused(http_server, wallet, http) -> None:
    base = _hostile_issuer(
        http_server,
        metadata={
            "credential_issuer": "https://real-university.example",
            "credential_endpoint": "https://real-university.example/credential",
            "credential_configurations_supported": {"x": {"format": "ldp_vc"}},
        },
    )
    with pytest.raises(IssuerMetadataError, match="impersonation"):
        wallet.receiving.receive(_offer_link(base), Learner(), http=http)


def test_no_cross_origin_redirect_at_the_token_endpoint(http_server, wallet, http) -> None:
    base = _hostile_issuer(http_server)
    http_server.serve("/token", b"http://127.0.0.2:1/steal", status=307)
    with pytest.raises(TokenError, match="redirect"):
        wallet.receiving.receive(_offer_link(base), Learner(), http=http)
    assert "/token" in http_server.hits


def test_oversized_metadata_is_cut_off(http_server, wallet) -> None:
    base = http_server.url("")
    http_server.serve(
        "/.well-known/openid-credential-issuer", b"{" + b" " * 3_000_000 + b"}", "application/json"
    )
    with (
        HttpFetcher(dev=True, max_bytes=1_000_000) as small,
        pytest.raises(IssuerMetadataError, match="larger than"),
    ):
        wallet.receiving.receive(_offer_link(base), Learner(), http=small)


def test_slow_issuer_times_out(http_server, wallet) -> None:
    base = _hostile_issuer(http_server)
    http_server.delays["/.well-known/openid-credential-issuer"] = 3.0
    with (
        HttpFetcher(dev=True, timeout=1.0) as impatient,
        pytest.raises(IssuerMetadataError, match="longer than"),
    ):
        wallet.receiving.receive(_offer_link(base), Learner(), http=impatient)


def test_stale_nonce_is_retried_once(demo_issuer, wallet, receiver) -> None:
    link = demo_issuer.issuer.create_offer(
        OfferOptions(credentials=("teamwork",), misbehave="stale-nonce")
    )
    result = receiver.receive(link, Learner())
    assert len(result.stored) == 1 and not result.rejected


@pytest.mark.parametrize(
    ("misbehave", "why"),
    [
        ("other-subject", "another subject"),
        ("bad-signature", "signature does not match"),
        ("unknown-context", "unknown.example/ctx"),
    ],
)
def test_bad_credentials_are_rejected_and_nothing_stored(
    demo_issuer, wallet, receiver, misbehave: str, why: str
) -> None:
    link = demo_issuer.issuer.create_offer(
        OfferOptions(credentials=("teamwork",), misbehave=misbehave)
    )
    result = receiver.receive(link, Learner())
    assert result.stored == [] and len(result.rejected) == 1
    assert why in result.rejected[0]
    assert wallet.credentials.search().total == 0
    assert demo_issuer.issuer.notifications[-1]["event"] == "credential_failure"


def test_unknown_configuration_in_the_offer(demo_issuer, wallet, receiver) -> None:
    base = demo_issuer.url
    with pytest.raises(OfferError, match="does not describe"):
        receiver.receive(_offer_link(base, credential_configuration_ids=["no-such"]), Learner())


# --- fuzzing: hostile offers, metadata and responses never crash the parsers -----------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "credential_issuer",
                    "credential_configuration_ids",
                    "grants",
                    "credential_endpoint",
                    "credentials",
                    "tx_code",
                    "pre-authorized_code",
                    m.PRE_AUTHORIZED_GRANT,
                    "authorization_code",
                    "format",
                    "display",
                    "credential_configurations_supported",
                    "access_token",
                    "error",
                    "c_nonce",
                    "transaction_id",
                    "credential",
                    "interval",
                ]
            )
            | st.text(max_size=10),
            children,
            max_size=6,
        )
    ),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(json_values)
def test_fuzz_offer_and_metadata_parsers(value) -> None:
    text = json.dumps(value)
    for parse in (
        m.parse_credential_offer,
        lambda t: m.parse_issuer_metadata(t, expected_issuer="https://i.example"),
        lambda t: m.parse_authorization_server_metadata(t, expected_issuer="https://i.example"),
        lambda t: m.parse_token_response(200, t.encode()),
        lambda t: m.parse_credential_response(200, t.encode()),
        lambda t: m.parse_nonce_response(200, t.encode()),
    ):
        with contextlib.suppress(ExchangeError):
            parse(text)


@settings(max_examples=400, deadline=None)
@given(
    st.text(max_size=300)
    | st.builds(
        lambda q: "openid-credential-offer://?credential_offer=" + quote(q), st.text(max_size=200)
    )
)
def test_fuzz_offer_links(link: str) -> None:
    with contextlib.suppress(ExchangeError):
        m.parse_offer_reference(link)


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_fuzz_offers_with_a_valid_issuer(grants) -> None:
    offer = {
        "credential_issuer": "https://issuer.example",
        "credential_configuration_ids": ["a"],
        "grants": grants,
    }
    try:
        parsed = m.parse_credential_offer(json.dumps(offer))
    except ExchangeError:
        return
    assert parsed.credential_issuer == "https://issuer.example"
