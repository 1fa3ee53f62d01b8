"""Resolve a proof's verification method to a key, and say how sure we are whose key it is.

* ``did:key`` — resolved offline; the DID *is* the key, so the binding is certain.
* ``did:web`` — the DID document is fetched over https through the injected fetcher
  (did:web method spec §3.2: ``did:web:host[:path]`` → ``https://host[/path]/did.json`` or
  ``https://host/.well-known/did.json``); the method must be listed under the proof purpose.
* ``https://issuer.example/profile#z6Mk…`` — the form 1EdTech's examples use. The URL is
  dereferenced through the fetcher to confirm that the issuer's document lists the key. Offline,
  the key in the fragment is used but marked *unconfirmed*: a self-declared key proves nothing
  about who the issuer is, and verification reports that as a warning.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urldefrag

from wallet.credential import as_list
from wallet.errors import DidResolutionError, FetchError, KeyFormatError
from wallet.fetch import Fetcher
from wallet.keys import Ed25519PublicKey, public_key_from_did_key

__all__ = ["KeyResolution", "VerificationMethod", "did_web_url", "resolve_verification_method"]

_KEY_PROPS = ("publicKeyMultibase", "publicKeyBase58", "publicKeyJwk")


@dataclass(frozen=True)
class VerificationMethod:
    id: str
    controller: str
    type: str
    ed25519: Ed25519PublicKey | None = None
    jwk: Mapping[str, Any] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class KeyResolution:
    method: VerificationMethod
    confirmed: bool  # True when the controller's own document (or the DID itself) vouches
    note: str


def did_web_url(did: str) -> str:
    """The https URL of a did:web DID document."""
    parts = did.split(":")
    if len(parts) < 3 or parts[0] != "did" or parts[1] != "web" or not parts[2]:
        raise DidResolutionError(f"{did!r} is not a did:web identifier")
    host = unquote(parts[2])
    if "/" in host or "@" in host:
        raise DidResolutionError(f"{did!r} has an invalid host")
    path = "/".join(unquote(p) for p in parts[3:])
    return f"https://{host}/{path}/did.json" if path else f"https://{host}/.well-known/did.json"


def _key_of(vm: Mapping[str, Any]) -> tuple[Ed25519PublicKey | None, Mapping[str, Any] | None]:
    try:
        if isinstance(vm.get("publicKeyMultibase"), str):
            return Ed25519PublicKey.from_multibase(vm["publicKeyMultibase"]), None
        if isinstance(vm.get("publicKeyBase58"), str):
            return Ed25519PublicKey.from_base58_2018(vm["publicKeyBase58"]), None
    except KeyFormatError as exc:
        raise DidResolutionError(f"verification method {vm.get('id')!r}: {exc.message}") from None
    jwk = vm.get("publicKeyJwk")
    if isinstance(jwk, Mapping):
        okp = jwk.get("kty") == "OKP" and jwk.get("crv") == "Ed25519"
        if okp and isinstance(jwk.get("x"), str):
            from wallet.multiformats import b64url_decode

            try:
                return Ed25519PublicKey(b64url_decode(jwk["x"])), jwk
            except KeyFormatError as exc:
                raise DidResolutionError(f"bad Ed25519 JWK: {exc.message}") from None
        return None, jwk
    raise DidResolutionError(f"verification method {vm.get('id')!r} carries no usable key")


def _absolute(ref: str, base: str) -> str:
    return base + ref if ref.startswith("#") else ref


def _find_method(
    doc: Mapping[str, Any], vm_url: str, base: str, purpose: str | None
) -> Mapping[str, Any] | None:
    """The verification method ``vm_url`` in a DID/controller document, if listed for purpose."""
    candidates: list[Mapping[str, Any]] = []
    listed_ids: set[str] = set()
    relations = [purpose] if purpose else ["assertionMethod", "authentication"]
    for rel in ("verificationMethod", *relations):
        for entry in as_list(doc.get(rel)):
            if isinstance(entry, Mapping):
                candidates.append(entry)
                if rel != "verificationMethod" and isinstance(entry.get("id"), str):
                    listed_ids.add(_absolute(entry["id"], base))
            elif isinstance(entry, str) and rel != "verificationMethod":
                listed_ids.add(_absolute(entry, base))
    for vm in candidates:
        if isinstance(vm.get("id"), str) and _absolute(vm["id"], base) == vm_url:
            if purpose and vm_url not in listed_ids:
                raise DidResolutionError(
                    f"{vm_url} is not authorized for {purpose} by its controller document"
                )
            return vm
    return None


def _resolve_did_web(vm_url: str, fetcher: Fetcher | None, purpose: str | None) -> KeyResolution:
    did, _frag = urldefrag(vm_url)
    if fetcher is None:
        raise DidResolutionError(f"resolving {did} needs the network, and verification is offline")
    try:
        doc = fetcher.get(did_web_url(did), accept="application/did+json, application/json").json()
    except FetchError as exc:
        raise DidResolutionError(f"could not resolve {did}: {exc.message}") from None
    if not isinstance(doc, Mapping) or doc.get("id") != did:
        raise DidResolutionError(f"the DID document for {did} does not describe that DID")
    vm = _find_method(doc, vm_url, did, purpose)
    if vm is None:
        raise DidResolutionError(f"{did}'s DID document does not list {vm_url}")
    ed, jwk = _key_of(vm)
    controller = vm.get("controller", did)
    return KeyResolution(
        VerificationMethod(vm_url, str(controller), str(vm.get("type", "")), ed, jwk),
        confirmed=True,
        note=f"key listed in {did}'s DID document",
    )


def _resolve_url(vm_url: str, fetcher: Fetcher | None, purpose: str | None) -> KeyResolution:
    base, fragment = urldefrag(vm_url)
    embedded: Ed25519PublicKey | None = None
    if fragment.startswith("z6Mk"):
        try:
            embedded = Ed25519PublicKey.from_multibase(fragment)
        except KeyFormatError:
            embedded = None
    if fetcher is not None:
        try:
            doc = fetcher.get(base).json()
        except FetchError as exc:
            fetch_problem = exc.message
        else:
            if not isinstance(doc, Mapping):
                raise DidResolutionError(f"{base} is not a controller document")
            vm = _find_method(doc, vm_url, base, purpose)
            if vm is None:
                raise DidResolutionError(
                    f"the issuer's document at {base} does not list the key {vm_url}"
                )
            ed, jwk = _key_of(vm)
            if embedded is not None and ed is not None and ed != embedded:
                raise DidResolutionError(
                    f"{vm_url}: the key in the URL differs from the listed key")
            controller = str(vm.get("controller", doc.get("id", base)))
            return KeyResolution(
                VerificationMethod(vm_url, controller, str(vm.get("type", "")), ed, jwk),
                confirmed=True,
                note=f"key listed in the issuer's document at {base}",
            )
    else:
        fetch_problem = "verification is offline"
    if embedded is None:
        raise DidResolutionError(f"could not resolve {vm_url}: {fetch_problem}")
    return KeyResolution(
        VerificationMethod(vm_url, base, "Multikey", embedded),
        confirmed=False,
        note=(
            f"the key was taken from the verification method URL itself ({fetch_problem}); "
            "it could not be confirmed that it belongs to the issuer"
        ),
    )


def resolve_verification_method(
    vm_url: str, *, fetcher: Fetcher | None = None, purpose: str | None = None
) -> KeyResolution:
    """Resolve ``vm_url`` to its key and controller.

    ``purpose`` (``assertionMethod`` / ``authentication``) is checked where the controller
    document says which methods it authorizes. Raises :class:`DidResolutionError`.
    """
    if not isinstance(vm_url, str) or not vm_url:
        raise DidResolutionError("the proof names no verification method")
    if vm_url.startswith("did:key:"):
        did, fragment = urldefrag(vm_url)
        try:
            key = public_key_from_did_key(did)
        except KeyFormatError as exc:
            raise DidResolutionError(f"{did}: {exc.message}") from None
        if fragment and fragment != did[len("did:key:") :]:
            raise DidResolutionError(f"{vm_url} is not a verification method of {did}")
        return KeyResolution(
            VerificationMethod(vm_url, did, "Multikey", key, key.to_jwk()),
            confirmed=True,
            note="did:key (the identifier is the key)",
        )
    if vm_url.startswith("did:web:"):
        return _resolve_did_web(vm_url, fetcher, purpose)
    if vm_url.startswith("did:"):
        method = vm_url.split(":", 2)[1]
        raise DidResolutionError(f"the DID method did:{method} is not supported")
    if vm_url.startswith("https://") or vm_url.startswith("http://"):
        return _resolve_url(vm_url, fetcher, purpose)
    raise DidResolutionError(f"{vm_url!r} is not a DID or https URL")
