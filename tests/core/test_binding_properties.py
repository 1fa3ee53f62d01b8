"""Property tests of the binding model (wallet.verification.binding): over identifiers and key ids
an
attacker can write — prefixes and suffixes, fragments, look-alike hosts, percent-encoding,
case, trailing dots, ports, extra did:web path segments, urn:uuid, truncations, invisible and
look-alike characters — a key is never bound to an identifier it does not belong to, and the
legitimate bindings hold.

The world: one legitimate key ``K`` and its identifiers (its did:key and did:jwk; a did:web
and an https issuer profile whose documents list it; a ``urn:uuid:`` issuer and an
unreachable issuer URL that trust-list entries name it for, by exact key id or with the public
key), an attacker's key ``A`` (itself on a list under its own names), and a network in which
host names compare as DNS compares them (case, a trailing dot, percent-encoding) and every
other host or path is the attacker's, serving documents that list ``A`` under the id asked
for. The network is an in-memory :class:`~wallet.fetch.Fetcher` (the seam core reaches the
network through); signatures are not involved — only whose key is whose."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote, urldefrag, urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wallet.crypto.keys import Ed25519KeyPair
from wallet.crypto.multiformats import b64url_encode
from wallet.errors import FetchError
from wallet.fetch import FetchResponse
from wallet.verification.binding import ASSERTION, AUTHENTICATION, Standing, Via, bind_key
from wallet.verification.trust import TrustEntry, TrustList, TrustLists

K = Ed25519KeyPair.from_seed(bytes(range(32))).public
A = Ed25519KeyPair.from_seed(bytes(range(100, 132))).public
KMB, AMB = K.multibase, A.multibase

DID_KEY = f"did:key:{KMB}"
DID_JWK = "did:jwk:" + b64url_encode(json.dumps(K.to_jwk(), separators=(",", ":")).encode())
DID_WEB = "did:web:alice.example"
DID_WEB_PATH = "did:web:uni.example%3A8443:people:alice"
PROFILE = "https://uni.example/issuers/1"
URN = "urn:uuid:5b7a3c1e-2d4f-4e6a-8b9c-0d1e2f3a4b5c"
URN_WITH_KEY = "urn:uuid:0e9d8c7b-6a5f-4e3d-2c1b-0a9f8e7d6c5b"
DOWN = "https://down.example/issuers/1"  # no document can be read: 404
# every identifier K belongs to, and the key id that goes with it
LEGIT: dict[str, str | None] = {
    DID_KEY: f"{DID_KEY}#{KMB}",
    DID_JWK: f"{DID_JWK}#0",
    DID_WEB: f"{DID_WEB}#key-1",
    DID_WEB_PATH: f"{DID_WEB_PATH}#key-1",
    PROFILE: f"{PROFILE}#key-1",
    URN: f"{URN}#{KMB}",
    URN_WITH_KEY: None,
    DOWN: f"{DOWN}#{KMB}",
}

TRUST = TrustLists(
    (
        TrustList("Names", tuple(TrustEntry(i, "Famous University") for i in LEGIT)),
        TrustList(
            "Keys",
            (
                TrustEntry(f"{URN}#{KMB}", "Famous University"),
                TrustEntry(f"{DOWN}#{KMB}", "Famous University"),
                TrustEntry(URN_WITH_KEY, "Famous University", key=KMB),
            ),
        ),
        TrustList(
            "Members",
            (
                TrustEntry(f"did:key:{AMB}", "Acme Training"),
                TrustEntry(f"urn:uuid:acme#{AMB}", "Acme Training"),
                TrustEntry("urn:uuid:acme", "Acme Training", key=AMB),
            ),
        ),
    )
)
LISTED = {e.id for t in TRUST.lists for e in t.entries}


def _doc(ident: str, key_mb: str, base: str) -> dict[str, Any]:
    vm = f"{base}#key-1"
    return {
        "id": ident,
        "verificationMethod": [
            {"id": vm, "type": "Multikey", "controller": ident, "publicKeyMultibase": key_mb}
        ],
        "assertionMethod": [vm],
        "authentication": [vm],
    }


def _host(netloc: str) -> str:
    """A host as DNS sees it: percent-decoded, case-folded, without a trailing dot."""
    return unquote(netloc).lower().rstrip(".")


# the legitimate documents, by (host as DNS sees it, path)
_LEGIT_DOCS = {
    ("alice.example", "/.well-known/did.json"): _doc(DID_WEB, KMB, DID_WEB),
    ("uni.example:8443", "/people/alice/did.json"): _doc(DID_WEB_PATH, KMB, DID_WEB_PATH),
    ("uni.example", "/issuers/1"): _doc(PROFILE, KMB, PROFILE),
}


class World:
    """The network: the legitimate documents wherever DNS would find them, a 404 at
    down.example, and the attacker everywhere else (listing ``A`` under the id asked for)."""

    def get(self, url: str, *, accept: str = "application/json") -> FetchResponse:
        try:
            parts = urlsplit(url)
            host = _host(parts.netloc)
        except ValueError:
            raise FetchError(f"{url[:40]} is not a URL") from None
        if host == "down.example":
            raise FetchError(f"{url} answered 404")
        doc = _LEGIT_DOCS.get((host, parts.path))
        if doc is None:  # the attacker's, claiming whichever identifier would ask for it
            if parts.path.endswith("did.json"):
                segments = [
                    s
                    for s in parts.path.removesuffix("did.json").split("/")
                    if s and s != ".well-known"
                ]
                ident = (
                    "did:web:"
                    + parts.netloc.replace(":", "%3A")
                    + "".join(f":{s}" for s in segments)
                )
            else:
                ident = url
            doc = _doc(ident, AMB, ident)
        return FetchResponse(url, 200, "application/json", json.dumps(doc).encode())


WORLD = World()

# --- what an attacker writes ---------------------------------------------------------------------


def _percent_one(text: str, at: int) -> str:
    if not text:  # a mutation before this one may have emptied it
        return text
    at %= len(text)
    return text[:at] + "".join(f"%{b:02X}" for b in text[at].encode()) + text[at + 1 :]


def _host_case(ident: str) -> str:
    return (
        ident.replace("alice.example", "Alice.Example")
        .replace("uni.example", "UNI.example")
        .replace("urn:uuid", "URN:UUID")
    )


def _trailing_dot(ident: str) -> str:
    for host in ("alice.example", "uni.example", "down.example"):
        ident = ident.replace(host, host + ".", 1)
    return ident


MUTATIONS = [
    lambda i, n: i + ".evil.test",
    lambda i, n: i + "evil",
    lambda i, n: i + "/x",
    lambda i, n: i + ":users:bob",
    lambda i, n: i + "%2Fevil",
    lambda i, n: i + "%3A8443",
    lambda i, n: i + "#" + AMB,
    lambda i, n: i + "#" + KMB,
    lambda i, n: i + "#key-1",
    lambda i, n: i + "#",
    lambda i, n: i + "?x=1",
    lambda i, n: i + " ",
    lambda i, n: i + "\u200b",
    lambda i, n: i.replace("a", "\u0430", 1),
    lambda i, n: i.upper(),
    lambda i, n: _host_case(i),
    lambda i, n: _trailing_dot(i),
    lambda i, n: _percent_one(i, n),
    lambda i, n: i[: n % max(1, len(i))],
    lambda i, n: i.replace("https://", "http://"),
    lambda i, n: i.replace("://", "://evil.test@"),
    lambda i, n: i.replace("alice.example", "alice.example.evil.test"),
    lambda i, n: i.replace("uni.example", "uni.example:443"),
    lambda i, n: i.replace("did:web:uni.example%3A8443", "did:web:uni.example%3a8443"),
    lambda i, n: i.replace(":people:alice", ":people:alice:evil"),
    lambda i, n: i.replace("/issuers/1", "/issuers/1/"),
    lambda i, n: i.replace("did:key:", "did:key:z").replace("did:jwk:", "did:jwk:e"),
]

legit_ids = st.sampled_from(sorted(LEGIT))
mutated_ids = st.builds(
    lambda i, ms, n: _apply(i, ms, n),
    legit_ids,
    st.lists(st.sampled_from(range(len(MUTATIONS))), min_size=1, max_size=2),
    st.integers(0, 200),
)
any_ids = st.one_of(
    mutated_ids,
    st.text(max_size=60),
    st.builds(
        lambda scheme, rest: scheme + rest,
        st.sampled_from(["did:web:", "did:key:", "did:jwk:", "https://", "urn:uuid:", "did:x:"]),
        st.text(max_size=40),
    ),
)


def _apply(ident: str, mutations: list[int], n: int) -> str:
    for m in mutations:
        ident = MUTATIONS[m](ident, n)
    return ident


def key_ids_for(ident: str) -> st.SearchStrategy[str | None]:
    """Key ids an attacker may pair with ``ident``: the legitimate ones, anything after its
    ``#``, and key ids of other identifiers (mutated)."""
    return st.one_of(
        st.none(),
        st.sampled_from([v for v in LEGIT.values() if v]),
        st.builds(lambda frag: f"{ident}#{frag}", st.sampled_from([AMB, KMB, "key-1", "0", ""])),
        st.builds(lambda i, frag: f"{i}#{frag}", mutated_ids, st.sampled_from([AMB, KMB, "key-1"])),
        st.text(max_size=40),
    )


purposes = st.sampled_from([ASSERTION, AUTHENTICATION])


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), ident=legit_ids, purpose=purposes)
def test_no_legitimate_identifier_is_ever_bound_to_the_attackers_key(
    data, ident: str, purpose: str
) -> None:
    key_id = data.draw(key_ids_for(ident))
    binding = bind_key(ident, A, key_id, fetcher=WORLD, trust=TRUST, purpose=purpose)
    assert not binding.bound, binding


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), ident=any_ids, purpose=purposes)
def test_no_other_identifier_is_ever_bound_to_the_legitimate_key(
    data, ident: str, purpose: str
) -> None:
    """Whatever an attacker writes that is not exactly one of K's identifiers, K is not its
    key — and nothing an attacker writes makes a list recognise it as K's issuer."""
    key_id = data.draw(key_ids_for(ident))
    binding = bind_key(ident, K, key_id, fetcher=WORLD, trust=TRUST, purpose=purpose)
    assert binding.bound is (ident in LEGIT and _legit_pair(ident, key_id)), (ident, binding)
    recognised = TRUST.recognise(ident, [(K, key_id)])
    if recognised is not None:  # only an entry for exactly this identifier, or its key id
        assert recognised.matched in LISTED
        assert recognised.matched == ident or (
            urldefrag(recognised.matched)[0] == ident and recognised.matched == key_id
        )


def _legit_pair(ident: str, key_id: str | None) -> bool:
    """Where nothing but a list can bind K to ``ident``, only its exact key id does."""
    if ident in (URN, DOWN):
        return key_id == LEGIT[ident]
    return True


@settings(max_examples=60, deadline=None)
@given(ident=legit_ids, purpose=purposes)
def test_every_legitimate_binding_holds(ident: str, purpose: str) -> None:
    binding = bind_key(ident, K, LEGIT[ident], fetcher=WORLD, trust=TRUST, purpose=purpose)
    assert binding.bound, binding
    expected = {
        DID_KEY: Via.IDENTIFIER,
        DID_JWK: Via.IDENTIFIER,
        URN: Via.TRUST_LIST,
        URN_WITH_KEY: Via.TRUST_LIST,
        DOWN: Via.TRUST_LIST,
    }.get(ident, Via.DOCUMENT)
    assert binding.via is expected
    offline = bind_key(ident, K, LEGIT[ident], fetcher=None, trust=None, purpose=purpose)
    assert offline.bound is (expected is Via.IDENTIFIER)
    if expected is Via.DOCUMENT:  # a document that lists another key: provably not K's
        assert (
            bind_key(ident, A, LEGIT[ident], fetcher=WORLD, trust=TRUST, purpose=purpose).standing
            is Standing.NOT_THE_KEY
        )
