"""Helpers for the presentation-request tests: a test CA (X.509) and our verifier served on
127.0.0.1 (as ``localhost`` when it signs with a certificate for that name)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID
from cryptography.x509.verification import Store

from wallet.crypto.keys import EcKeyPair
from wallet.exchange.share import ShareServer
from wallet.exchange.share_store import open_store
from wallet.exchange.verifier import EmployerVerifier, X509Signing
from wallet.services.serving import RunningServer, serve_asgi


@dataclass
class TestCA:
    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate

    @property
    def store(self) -> Store:
        return Store([self.cert])


def _name(cn: str, org: str | None = None) -> x509.Name:
    attrs = [x509.NameAttribute(NameOID.COMMON_NAME, cn)]
    if org:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, org))
    return x509.Name(attrs)


def make_ca(name: str = "Test Trust Anchor") -> TestCA:
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(name, name))
        .issuer_name(_name(name, name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return TestCA(key, cert)


def make_leaf(
    ca: TestCA, dns: str = "localhost", org: str = "Riverside Employer Ltd"
) -> tuple[tuple[bytes, ...], EcKeyPair]:
    """A chain (leaf DER, CA DER) for ``dns`` and the leaf's key."""
    private = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.UTC)
    leaf = (
        x509.CertificateBuilder()
        .subject_name(_name(dns, org))
        .issuer_name(ca.cert.subject)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=10))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(dns)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False
        )
        .sign(ca.key, hashes.SHA256())
    )
    return (leaf.public_bytes(Encoding.DER), ca.cert.public_bytes(Encoding.DER)), EcKeyPair(private)


@dataclass
class Served:
    server: RunningServer
    share: ShareServer

    @property
    def url(self) -> str:
        return self.share.base

    @property
    def verifier(self) -> EmployerVerifier:
        return self.share.verifier

    def stop(self) -> None:
        self.server.stop()


def serve_verifier(
    tmp: Path,
    *,
    x509_signing: tuple[tuple[bytes, ...], EcKeyPair] | None = None,
    lifetime: float = 600.0,
) -> Served:
    """The share service with our verifier; with ``x509_signing`` its base URL is
    ``http://localhost:PORT`` and it signs ``x509_san_dns:localhost`` requests."""
    made: dict[str, Any] = {}
    tmp.mkdir(parents=True, exist_ok=True)

    def factory(url: str) -> Any:
        base = url.replace("127.0.0.1", "localhost") if x509_signing else url
        share = ShareServer(base, open_store(None, default_path=str(tmp / "shares.db")), dev=True)
        signing = None
        if x509_signing:
            chain, key = x509_signing
            signing = X509Signing(chain, key.signer(), "localhost")
        share.verifier = EmployerVerifier(
            base, fetcher=share.fetcher, x509=signing, name="Riverside Employer", lifetime=lifetime
        )
        made["share"] = share
        return share.app()

    server = serve_asgi(factory)
    return Served(server, made["share"])


# --- the costliest answer our verifier takes ------------------------------------------------------

HOLDER_SEED = bytes(range(1, 33))
TAGS = 400


@cache
def _tagged_badges(tags: int) -> tuple[dict[str, Any], ...]:
    """Two demo badges for the seeded holder, each carrying ``tags`` tags (canonicalization
    work that grows with them), signed by a demo issuer."""
    from wallet.crypto.keys import Ed25519KeyPair
    from wallet.demo.catalog import read_catalog
    from wallet.demo.issuer import DemoIssuer

    holder = Ed25519KeyPair.from_seed(HOLDER_SEED)
    issuer = DemoIssuer("https://issuer.example", key=Ed25519KeyPair.from_seed(bytes(range(2, 34))))
    badges = [b["id"] for b in read_catalog()["badges"]]
    made = []
    for n in range(2):
        credential = issuer.badge_credential(badges[n], holder.did)
        credential["credentialSubject"]["achievement"]["tag"] = [
            f"skill {n}.{k}" for k in range(tags)
        ]
        made.append(issuer.sign_ldp(credential))
    return tuple(made)


def maximal_answer(
    request: Any, *, tags: int = TAGS, presentations: int | None = None
) -> dict[str, str]:
    """The form of the costliest answer our verifier takes for ``request`` (asked with
    ``Ask(count=5, format="ldp_vc")``): as many presentations as an answer may hold
    (:data:`~wallet.exchange.verifier_guard.MAX_PRESENTATIONS`), each of two credentials (so
    :data:`~verifier_guard.MAX_CREDENTIALS` in all), signed by the holder for this request —
    each presentation alone within one verification's work budget, all of them together far
    beyond it."""
    from wallet.crypto.keys import Ed25519KeyPair
    from wallet.exchange import verifier_guard as guard
    from wallet.exchange.oid4vp import requests as rq

    holder = Ed25519KeyPair.from_seed(HOLDER_SEED)
    vp = rq.ldp_presentation(
        list(_tagged_badges(tags)),
        holder=holder.signer(),
        holder_did=holder.did,
        nonce=request.nonce,
        client_id=request.client_id,
    )
    count = guard.MAX_PRESENTATIONS if presentations is None else presentations
    return rq.response_form({"c1_ldp": [vp] * count}, request.state)
