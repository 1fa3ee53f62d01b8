"""Who signed a request object (OpenID4VP 1.0 §5.9.3), and what that signature proves.

* ``decentralized_identifier:`` — the key is the DID document's verification method that the
  JOSE header's ``kid`` names, exactly (a DID URL of that very DID):

  - ``did:key`` and ``did:jwk`` offline: the identifier *is* the key. Anyone can make one, so
    the signature proves only that the request was not changed on its way (*integrity*), never
    who sent it; the name in its ``client_metadata`` stays the requester's own claim.
  - ``did:web`` through the injected fetcher (over loopback only in dev mode, see
    :class:`DevDidWebFetcher`): the key must be listed, under exactly the ``kid`` and with this
    DID as its controller, in the DID document served by the DID's own domain — so the request
    comes from whoever runs that domain (and path), which is what the learner is shown.
* ``x509_san_dns:`` — the ``x5c`` chain is validated with ``cryptography``'s X.509 path
  validation (``cryptography.x509.verification``, the Web PKI profile) against a trust store:
  the system's CA store by default, or one injected (tests build their own CA); the leaf must
  carry a ``dNSName`` SAN equal to the client identifier, and its key verifies the signature.

Returns a :class:`Signer`: who provably signed and whether that names a party
(:attr:`Signer.identifies`: x509, did:web) or only the key (did:key, did:jwk). Raises
:class:`~wallet.errors.RequestObjectError` (a bad signature, an unknown ``kid``) or
:class:`~wallet.errors.VerifierTrustError` (a chain that does not validate, a SAN that
differs).
"""

from __future__ import annotations

import base64
import binascii
import json
import ssl
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any
from urllib.parse import unquote, urldefrag, urlsplit

from wallet.crypto import jws
from wallet.crypto.did import resolve_verification_method
from wallet.crypto.multiformats import b64url_decode, b64url_encode
from wallet.errors import (
    DidResolutionError,
    FetchRefusedError,
    RequestObjectError,
    VerifierTrustError,
    WalletError,
)
from wallet.exchange.oid4vp.messages import RequestObject
from wallet.fetch import FetchResponse
from wallet.verification.binding import bind_key

__all__ = [
    "DevDidWebFetcher",
    "Signer",
    "did_web_domain",
    "system_trust_store",
    "verify_request_object",
]

MAX_CHAIN = 5
MAX_DID_JWK = 2048  # a did:jwk's encoded key (an RSA-4096 JWK is about 1,000 characters)
SELF_CERTIFYING = ("did:key", "did:jwk")


@dataclass(frozen=True)
class Signer:
    """Who provably signed the request. ``kind``: ``"x509"``, ``"did:web"``, ``"did:key"`` or
    ``"did:jwk"``; ``subject``: the DNS name or the DID; ``detail``: how it was established (for
    the learner); ``domain``: the name the signature proves (the certificate's DNS name, the
    did:web's domain and path) — None for a self-certifying DID, which names no one."""

    kind: str
    subject: str
    detail: str
    organization: str | None = None
    domain: str | None = None

    @property
    def identifies(self) -> bool:
        """Whether the signature proves *who* asks (a name bound by the web PKI), not only that
        the request is unchanged (a self-certifying DID anyone can make)."""
        return self.kind not in SELF_CERTIFYING and self.domain is not None


class DevDidWebFetcher:
    """did:web over plain http to this computer, for dev mode only: ``https://127.0.0.1:PORT/…``
    (what did:web always names) is fetched as ``http://…`` when the host is loopback. Anything
    else goes to the fetcher unchanged (which refuses it as it would)."""

    LOOPBACK = ("127.0.0.1", "localhost", "[::1]", "::1")

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def get(self, url: str, *, accept: str = "application/json") -> FetchResponse:
        parts = urlsplit(url)
        if parts.scheme == "https" and (parts.hostname or "") in self.LOOPBACK:
            url = "http" + url[len("https") :]
        return self.inner.get(url, accept=accept)


# --- X.509 ----------------------------------------------------------------------------------


@cache
def system_trust_store() -> Any:
    """The system's CA certificates as a ``cryptography`` verification store."""
    from cryptography import x509
    from cryptography.x509.verification import Store

    paths = ssl.get_default_verify_paths()
    for path in (paths.cafile, paths.openssl_cafile, "/etc/ssl/certs/ca-certificates.crt"):
        if path:
            try:
                with open(path, "rb") as handle, warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # a system CA with a non-positive serial
                    return Store(x509.load_pem_x509_certificates(handle.read()))
            except (OSError, ValueError):
                continue
    raise VerifierTrustError(
        "this computer has no CA certificates to check a verifier's certificate against"
    )


def _jwk_of(public_key: Any) -> dict[str, str]:
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    if isinstance(public_key, ed25519.Ed25519PublicKey):
        raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
        return {"kty": "OKP", "crv": "Ed25519", "x": b64url_encode(raw)}
    if isinstance(public_key, ec.EllipticCurvePublicKey):
        numbers = public_key.public_numbers()
        size = (public_key.curve.key_size + 7) // 8
        crv = {256: "P-256", 384: "P-384", 521: "P-521"}.get(public_key.curve.key_size, "?")
        return {
            "kty": "EC",
            "crv": crv,
            "x": b64url_encode(numbers.x.to_bytes(size, "big")),
            "y": b64url_encode(numbers.y.to_bytes(size, "big")),
        }
    if isinstance(public_key, rsa.RSAPublicKey):
        rsa_numbers = public_key.public_numbers()
        n = rsa_numbers.n.to_bytes((rsa_numbers.n.bit_length() + 7) // 8, "big")
        e = rsa_numbers.e.to_bytes((rsa_numbers.e.bit_length() + 7) // 8, "big")
        return {"kty": "RSA", "n": b64url_encode(n), "e": b64url_encode(e)}
    raise VerifierTrustError("the verifier's certificate holds a key of an unsupported type")


def _chain(header: dict[str, Any]) -> list[Any]:
    from cryptography import x509

    x5c = header.get("x5c")
    if not isinstance(x5c, list) or not x5c or len(x5c) > MAX_CHAIN:
        raise VerifierTrustError("the signed request carries no usable x5c certificate chain")
    certs = []
    for entry in x5c:
        try:
            certs.append(x509.load_der_x509_certificate(base64.b64decode(entry, validate=True)))
        except (TypeError, ValueError, binascii.Error):
            raise VerifierTrustError(
                "a certificate in the request's x5c chain cannot be read"
            ) from None
    return certs


def _organization(cert: Any) -> str | None:
    from cryptography.x509.oid import NameOID

    for oid in (NameOID.ORGANIZATION_NAME, NameOID.COMMON_NAME):
        names = cert.subject.get_attributes_for_oid(oid)
        if names:
            return str(names[0].value)[:200]
    return None


def _verify_x509(obj: RequestObject, dns_name: str, store: Any, now: datetime) -> Signer:
    from cryptography import x509
    from cryptography.x509.verification import PolicyBuilder, VerificationError

    certs = _chain(obj.header)
    try:
        verifier = (
            PolicyBuilder().store(store).time(now).build_server_verifier(x509.DNSName(dns_name))
        )
        verifier.verify(certs[0], certs[1:])
    except VerificationError as exc:
        reason = str(exc).split(" (encountered", 1)[0][:200]
        if "subjectAltName" in reason:
            raise VerifierTrustError(
                f"the verifier's certificate is not for {dns_name} "
                "(its subject alternative names differ)"
            ) from None
        raise VerifierTrustError(
            f"the verifier's certificate chain does not validate ({reason})"
        ) from None
    except ValueError as exc:  # e.g. a name that is not a DNS name
        raise VerifierTrustError(
            f"the certificate cannot be checked for {dns_name!r}: {exc}"
        ) from None
    _check_signature(obj, _jwk_of(certs[0].public_key()), "the certificate's key")
    issuer = _organization(certs[-1]) or "a trusted authority"
    return Signer(
        "x509",
        dns_name,
        f"certificate for {dns_name}, issued under {issuer}",
        _organization(certs[0]),
        domain=dns_name.lower(),
    )


def _check_signature(obj: RequestObject, jwk: dict[str, Any], what: str) -> None:
    try:
        decoded = jws.decode_jws(obj.token)
        ok = jws.verify_jws(decoded, jwk)
    except WalletError as exc:
        raise RequestObjectError(
            f"the request's signature cannot be checked: {exc.message}"
        ) from None
    if not ok:
        raise RequestObjectError(
            f"the request's signature does not match {what}: it was "
            "changed, or signed by someone else"
        )


def did_web_domain(did: str) -> str:
    """What a did:web proves: the host (and path) whose server holds its DID document, e.g.
    ``did:web:example.com%3A8443:hr`` → ``example.com:8443/hr``."""
    parts = did.split(":")
    return "/".join([unquote(parts[2]).lower(), *(unquote(p) for p in parts[3:])])


def _verify_did_web(obj: RequestObject, did: str, kid: str, fetcher: Any) -> Signer:
    """The key is the one the DID's own document lists under exactly ``kid``, and the one
    binding model (:func:`wallet.verification.binding.bind_key`) finds it among that document's
    keys —
    never a prefix, a fragment's look-alike, or another controller's key."""
    try:
        resolution = resolve_verification_method(kid, fetcher=fetcher)
    except DidResolutionError as exc:
        raise RequestObjectError(
            f"the request's key {kid[:100]} is not in the DID document: {exc.message}"
        ) from None
    method = resolution.method
    binding = bind_key(did, method.public_key, kid, fetcher=fetcher, purpose=None)
    if method.id != kid or method.controller != did or not binding.bound:
        raise RequestObjectError(
            f"the request's key {kid[:100]} is not in the DID document "
            f"of {did[:80]} as a key of that DID"
        )
    jwk = method.jwk or (method.public_key.to_jwk() if method.public_key else None)
    if jwk is None:
        raise RequestObjectError(f"the key {kid[:100]} cannot verify a signature")
    _check_signature(obj, dict(jwk), f"the key {kid[:100]}")
    domain = did_web_domain(did)
    return Signer(
        "did:web",
        did,
        f"the key {kid} is listed in {did}'s own DID document, served by {domain}",
        domain=domain,
    )


def _verify_did_key(obj: RequestObject, did: str, kid: str) -> Signer:
    try:
        resolution = resolve_verification_method(kid)
    except DidResolutionError as exc:
        raise RequestObjectError(
            f"the request's key {kid[:100]} is not in the DID document: {exc.message}"
        ) from None
    method = resolution.method
    jwk = method.jwk or (method.public_key.to_jwk() if method.public_key else None)
    if jwk is None or not bind_key(did, method.public_key, kid, purpose=None).bound:
        raise RequestObjectError(f"the key {kid[:100]} cannot verify a signature")
    _check_signature(obj, dict(jwk), f"the key {kid[:100]}")
    return Signer("did:key", did, "did:key (the identifier is the key)")


def _verify_did_jwk(obj: RequestObject, did: str, kid: str) -> Signer:
    """did:jwk: the identifier is the base64url of a public JWK; its one key is ``#0``."""
    encoded = did[len("did:jwk:") :]
    if kid != f"{did}#0":
        raise RequestObjectError("the signed request's kid is not the did:jwk's key (#0)")
    if not encoded or len(encoded) > MAX_DID_JWK:
        raise RequestObjectError("the did:jwk holds no usable key")
    try:
        jwk = json.loads(b64url_decode(encoded))
    except (WalletError, ValueError, RecursionError):
        raise RequestObjectError("the did:jwk holds no usable key") from None
    if (
        not isinstance(jwk, dict)
        or not isinstance(jwk.get("kty"), str)
        or any(private in jwk for private in ("d", "p", "q", "dp", "dq", "qi", "k"))
    ):
        raise RequestObjectError("the did:jwk holds no usable public key")
    _check_signature(obj, jwk, "the did:jwk's key")
    return Signer("did:jwk", did, "did:jwk (the identifier is the key)")


def _verify_did(obj: RequestObject, did: str, fetcher: Any) -> Signer:
    kid = obj.header.get("kid")
    if not isinstance(kid, str) or urldefrag(kid)[0] != did or "#" not in kid:
        raise RequestObjectError(
            f"the signed request's kid is not a key of the DID it claims ({did[:80]})"
        )
    if did.startswith("did:web:"):
        return _verify_did_web(obj, did, kid, fetcher)
    if did.startswith("did:jwk:"):
        return _verify_did_jwk(obj, did, kid)
    return _verify_did_key(obj, did, kid)


def verify_request_object(
    obj: RequestObject,
    prefix: str | None,
    identifier: str,
    *,
    fetcher: Any = None,
    trust_store: Any = None,
    now: datetime | None = None,
    dev: bool = False,
) -> Signer:
    """Check a signed request object for its client identifier prefix."""
    if not obj.signed:
        raise RequestObjectError("the request object is not signed")
    if prefix == "decentralized_identifier":
        if not identifier.startswith(("did:key:", "did:jwk:", "did:web:")):
            raise RequestObjectError("only did:key, did:jwk and did:web verifiers are supported")
        if identifier.startswith("did:web:") and fetcher is not None and dev:
            fetcher = DevDidWebFetcher(fetcher)
        try:
            return _verify_did(obj, identifier, fetcher)
        except FetchRefusedError as exc:
            raise RequestObjectError(
                f"the verifier's DID document cannot be fetched: {exc.message}"
            ) from None
    if prefix == "x509_san_dns":
        store = trust_store if trust_store is not None else system_trust_store()
        return _verify_x509(obj, identifier, store, now or datetime.now(UTC))
    raise VerifierTrustError(
        "a signed request needs a decentralized_identifier: or x509_san_dns: client identifier here"
    )
