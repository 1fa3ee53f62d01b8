"""Who asks, honestly: what a presentation request proves about its sender, for the learner.

+--------------------------------------+-------------+------------------------------------+
| the request                          | standing    | shown as who asks                  |
+======================================+=============+====================================+
| ``x509_san_dns:`` — a certificate    | verified    | the certificate's DNS name         |
| that chains to a trusted authority   |             |                                    |
+--------------------------------------+-------------+------------------------------------+
| ``decentralized_identifier:did:web`` | verified    | the DID's domain (and path)        |
| — its own DID document lists the key |             |                                    |
+--------------------------------------+-------------+------------------------------------+
| a verifier the learner added         | verified    | the learner's name for it          |
+--------------------------------------+-------------+------------------------------------+
| a VC-API exchange over https         | verified    | its web address                    |
+--------------------------------------+-------------+------------------------------------+
| signed by a ``did:key`` / ``did:jwk``| integrity   | the DID (anyone can make one: the  |
|                                      |             | request is unchanged, no more)     |
+--------------------------------------+-------------+------------------------------------+
| unsigned (``redirect_uri:``), or a   | unverified  | the origin the answer goes to      |
| VC-API exchange over plain http      |             |                                    |
+--------------------------------------+-------------+------------------------------------+

The name a requester gives itself (``client_metadata.client_name``) is only ever its *claim*
(:attr:`VerifierIdentity.claimed_name`), and its logo is shown only for a verified one. Where
the answer goes (the response URI's or the exchange's origin) is always given.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

from wallet.exchange.oid4vp import Resolved

__all__ = ["VerifierIdentity", "exchange_identity", "oid4vp_identity"]


class Added(Protocol):
    """A verifier the learner added (:class:`~wallet.services.responding.RegisteredVerifier`)."""

    client_id: str
    name: str
    response_uris: list[str]


@dataclass(frozen=True)
class VerifierIdentity:
    """Who asks, no further than proven. ``standing``:

    * ``"verified"`` — ``name`` is proven; ``basis``: ``"x509"`` (the DNS name of a certificate
      that chains to a trusted authority), ``"did_web"`` (the domain, and path, whose own DID
      document lists the signing key), ``"registered"`` (a verifier the learner added: the
      learner's name for it), ``"https"`` (a VC-API exchange's address, over a secure
      connection);
    * ``"integrity"`` — signed by a self-certifying DID (``basis`` ``"did:key"`` /
      ``"did:jwk"``): the request is unchanged, but anyone can make such a DID; ``name`` is the
      DID;
    * ``"unverified"`` — unsigned (``basis`` ``"unsigned"``) or reached without a secure
      connection (``"http"``); ``name`` is the origin.

    ``claimed_name``: what the requester calls itself (its ``client_metadata``) — shown as its
    claim, never as ``name``; ``logo`` only for a verified one. ``origin``: where the answer
    goes, always shown. ``how``: the reason, in words (English; the app says it from
    ``standing`` and ``basis``)."""

    client_id: str
    name: str
    logo: str | None
    verified: bool
    how: str
    origin: str
    standing: str = "unverified"
    basis: str = "unsigned"
    claimed_name: str | None = None

    @property
    def recipient(self) -> str:
        """To whom the answer goes, as the learner is told: the proven name, else the origin."""
        return self.name if self.verified else self.origin


def _added(resolved: Resolved, verifiers: Iterable[Added]) -> Added | None:
    """The verifier the learner added for this very client identifier, when the request is
    bound to it: an unsigned one reaches here only with a response URI the learner allowed
    (``redirect_uri:``: the identifier itself); a signed one by the identifier's own key."""
    request, signer = resolved.request, resolved.signer
    for added in verifiers:
        if added.client_id != request.client_id:
            continue
        if signer is None and request.prefix in (None, "redirect_uri"):
            return added
        if (
            signer is not None
            and signer.subject == request.identifier
            and (not added.response_uris or request.response_uri in added.response_uris)
        ):
            return added
    return None


def oid4vp_identity(resolved: Resolved, verifiers: Iterable[Added]) -> VerifierIdentity:
    """Who asks in an OpenID4VP request (``verifiers``: those the learner added)."""
    request = resolved.request
    metadata = request.client_metadata
    origin = urlsplit(request.response_uri).netloc
    signer, claimed = resolved.signer, metadata.name

    def who(name: str, standing: str, basis: str, how: str) -> VerifierIdentity:
        verified = standing == "verified"
        return VerifierIdentity(
            request.client_id,
            name,
            metadata.logo_uri if verified else None,
            verified,
            how,
            origin,
            standing,
            basis,
            claimed,
        )

    added = _added(resolved, verifiers)
    if added is not None:
        return who(
            added.name,
            "verified",
            "registered",
            f"verified: a verifier you added yourself, as {added.name!r}",
        )
    if signer is not None and signer.identifies and signer.domain:
        return who(
            signer.domain,
            "verified",
            "x509" if signer.kind == "x509" else "did_web",
            f"verified: the request is signed for {signer.domain} ({signer.detail})",
        )
    if signer is not None:
        return who(
            signer.subject,
            "integrity",
            signer.kind,
            f"signed, but with a {signer.kind} identifier, which anyone can make for "
            "themselves: the signature shows only that the request was not changed, "
            "not who sent it" + ("; the name it gives is its own claim" if claimed else ""),
        )
    return who(
        origin,
        "unverified",
        "unsigned",
        "not verified: the request is not signed, so anyone could have made it; it "
        f"only says that answers go to {origin}",
    )


def exchange_identity(url: str, origin: str) -> VerifierIdentity:
    """Who asks in a VC-API exchange at ``url`` (``origin``: its ``scheme://host``): its web
    address — verified when reached over https."""
    host = origin.split("://", 1)[-1]
    secure = origin.startswith("https://")
    return VerifierIdentity(
        url,
        host,
        None,
        secure,
        f"the VC-API exchange at {host} (its web address is what identifies it)",
        host,
        "verified" if secure else "unverified",
        "https" if secure else "http",
    )
