"""Resolve a proof's verification method to a key, and say how sure we are whose key it is.

* ``did:key`` — resolved offline; the DID *is* the key, so the binding is certain. Ed25519
  (``z6Mk…``), P-256 (``zDna…``) and P-384 (``z82L…``).
* ``did:jwk`` — likewise offline: the DID is the base64url of the public JWK (OKP Ed25519, EC
  P-256 and P-384); its one verification method is ``#0``.
* ``did:web`` — the DID document is fetched over https through the injected fetcher
  (did:web method spec §3.2: ``did:web:host[:path]`` → ``https://host[/path]/did.json`` or
  ``https://host/.well-known/did.json``); the method must be listed under the proof purpose.
* ``https://issuer.example/profile#z6Mk…`` — the form 1EdTech's examples use. The URL is
  dereferenced through the fetcher to confirm that the issuer's document lists the key. Offline,
  the key in the fragment is used but marked *unconfirmed*: a self-declared key proves nothing
  about who the issuer is, and verification reports that as a warning.

A listed verification method carries its key as ``publicKeyMultibase`` (Multikey: Ed25519,
P-256, P-384), ``publicKeyBase58`` (Ed25519VerificationKey2018) or ``publicKeyJwk``
(``JsonWebKey`` / ``JsonWebKey2020``: OKP Ed25519, EC P-256 and P-384; other JWKs are kept for
VC-JWT verification only).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urldefrag

from wallet.credential import as_list, load_json
from wallet.crypto.keys import (
    EcPublicKey,
    Ed25519PublicKey,
    PublicKey,
    public_key_from_did_key,
    public_key_from_jwk,
    public_key_from_multibase,
)
from wallet.crypto.multiformats import b64url_decode
from wallet.errors import DidResolutionError, FetchError, InputError, KeyFormatError
from wallet.fetch import Fetcher

__all__ = [
    "KeyResolution",
    "VerificationMethod",
    "controller_keys",
    "did_jwk_key",
    "did_web_url",
    "resolve_verification_method",
]

_KEY_PROPS = ("publicKeyMultibase", "publicKeyBase58", "publicKeyJwk")
# DID syntax (DID Core §3.1): did:web's method-specific id, idchar and ":" only — no fragment,
# query, path or space: a DID URL is not an identifier with a document of its own.
_DID_WEB = re.compile(
    r"did:web:(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})+"
    r"(?::(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})+)*"
)
_MAX_DID_JWK = 2048


@dataclass(frozen=True)
class VerificationMethod:
    id: str
    controller: str
    type: str
    ed25519: Ed25519PublicKey | None = None
    jwk: Mapping[str, Any] | None = field(default=None, compare=False)
    ecdsa: EcPublicKey | None = None  # a P-256 or P-384 key

    @property
    def public_key(self) -> PublicKey | None:
        """The key, whichever type it is (``None``: a JWK the proofs cannot use, e.g. RSA)."""
        return self.ed25519 if self.ed25519 is not None else self.ecdsa


def _method(
    vm_id: str, controller: str, vm_type: str, key: PublicKey | None, jwk: Mapping[str, Any] | None
) -> VerificationMethod:
    return VerificationMethod(
        vm_id,
        controller,
        vm_type,
        key if isinstance(key, Ed25519PublicKey) else None,
        jwk,
        key if isinstance(key, EcPublicKey) else None,
    )


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


def did_jwk_key(did: str) -> tuple[PublicKey, Mapping[str, Any]]:
    """The key a ``did:jwk`` is (and its JWK); :class:`DidResolutionError` for anything that is
    not a did:jwk of a public Ed25519, P-256 or P-384 key."""
    if not did.startswith("did:jwk:") or len(did) > _MAX_DID_JWK:
        raise DidResolutionError(f"{did[:80]!r} is not a did:jwk identifier")
    try:
        jwk = load_json(
            b64url_decode(did[len("did:jwk:") :]), what="the did:jwk's key", max_bytes=_MAX_DID_JWK
        )
        if not isinstance(jwk, Mapping) or "d" in jwk:
            raise KeyFormatError("not a public JWK")
        return public_key_from_jwk(jwk), jwk
    except (KeyFormatError, InputError) as exc:
        raise DidResolutionError(f"{did[:80]}: {exc.message}") from None


def _key_of(vm: Mapping[str, Any]) -> tuple[PublicKey | None, Mapping[str, Any] | None]:
    try:
        if isinstance(vm.get("publicKeyMultibase"), str):
            return public_key_from_multibase(vm["publicKeyMultibase"]), None
        if isinstance(vm.get("publicKeyBase58"), str):
            return Ed25519PublicKey.from_base58_2018(vm["publicKeyBase58"]), None
    except KeyFormatError as exc:
        raise DidResolutionError(f"verification method {vm.get('id')!r}: {exc.message}") from None
    jwk = vm.get("publicKeyJwk")
    if isinstance(jwk, Mapping):
        usable = (jwk.get("kty") == "OKP" and jwk.get("crv") == "Ed25519") or (
            jwk.get("kty") == "EC" and jwk.get("crv") in ("P-256", "P-384")
        )
        if not usable:
            return None, jwk  # e.g. RSA: for VC-JWT only
        try:
            return public_key_from_jwk(jwk), jwk
        except KeyFormatError as exc:
            raise DidResolutionError(f"bad {jwk.get('crv')} JWK: {exc.message}") from None
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
    key, jwk = _key_of(vm)
    controller = vm.get("controller", did)
    return KeyResolution(
        _method(vm_url, str(controller), str(vm.get("type", "")), key, jwk),
        confirmed=True,
        note=f"key listed in {did}'s DID document",
    )


def _resolve_url(vm_url: str, fetcher: Fetcher | None, purpose: str | None) -> KeyResolution:
    base, fragment = urldefrag(vm_url)
    embedded: PublicKey | None = None
    if fragment.startswith(("z6Mk", "zDna", "z82L")):
        try:
            embedded = public_key_from_multibase(fragment)
        except KeyFormatError:
            embedded = None
    if fetcher is not None:
        try:
            doc = fetcher.get(base, accept="application/did+json, application/json").json()
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
            key, jwk = _key_of(vm)
            if embedded is not None and key is not None and key != embedded:
                raise DidResolutionError(
                    f"{vm_url}: the key in the URL differs from the listed key"
                )
            controller = str(vm.get("controller", doc.get("id", base)))
            return KeyResolution(
                _method(vm_url, controller, str(vm.get("type", "")), key, jwk),
                confirmed=True,
                note=f"key listed in the issuer's document at {base}",
            )
    else:
        fetch_problem = "verification is offline"
    if embedded is None:
        raise DidResolutionError(f"could not resolve {vm_url}: {fetch_problem}")
    return KeyResolution(
        _method(vm_url, base, "Multikey", embedded, None),
        confirmed=False,
        note=(
            f"the key was taken from the verification method URL itself ({fetch_problem}); "
            "it could not be confirmed that it belongs to the issuer"
        ),
    )


def resolve_verification_method(
    vm_url: object, *, fetcher: Fetcher | None = None, purpose: str | None = None
) -> KeyResolution:
    """Resolve ``vm_url`` (any JSON value: anything but a URL is refused) to its key and
    controller.

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
            _method(vm_url, did, "Multikey", key, key.to_jwk()),
            confirmed=True,
            note="did:key (the identifier is the key)",
        )
    if vm_url.startswith("did:jwk:"):
        did, fragment = urldefrag(vm_url)
        key, jwk = did_jwk_key(did)
        if fragment not in ("", "0"):
            raise DidResolutionError(f"{vm_url[:120]} is not the verification method of {did}")
        return KeyResolution(
            _method(vm_url, did, "JsonWebKey", key, jwk),
            confirmed=True,
            note="did:jwk (the identifier is the key)",
        )
    if vm_url.startswith("did:web:"):
        return _resolve_did_web(vm_url, fetcher, purpose)
    if vm_url.startswith("did:"):
        method = vm_url.split(":", 2)[1]
        raise DidResolutionError(f"the DID method did:{method} is not supported")
    if vm_url.startswith("https://") or vm_url.startswith("http://"):
        return _resolve_url(vm_url, fetcher, purpose)
    if vm_url.startswith("urn:") and "#" in vm_url:
        # e.g. urn:uuid:…#z6Mk… (1EdTech's CLR 2.0 examples): a key written into an identifier
        # that has no document. The key verifies the signature; nothing confirms whose it is.
        base, fragment = urldefrag(vm_url)
        try:
            key = public_key_from_multibase(fragment)
        except KeyFormatError:
            raise DidResolutionError(
                f"{vm_url[:120]!r} is neither a DID, an https URL, nor an identifier carrying a key"
            ) from None
        return KeyResolution(
            _method(vm_url, base, "Multikey", key, None),
            confirmed=False,
            note="the key was taken from the verification method id itself; "
            "nothing confirms whose it is",
        )
    raise DidResolutionError(f"{vm_url!r} is not a DID or https URL")


def controller_keys(
    controller: str, *, fetcher: Fetcher | None, purpose: str | None = "assertionMethod"
) -> list[PublicKey]:
    """The keys ``controller`` — exactly an identifier, never a DID URL or a URL with a
    fragment — authorizes for ``purpose``, from its own document: a did:key's or did:jwk's one
    key; a did:web's DID document (whose ``id`` must be exactly the DID); the document at
    exactly an https issuer URL (an issuer profile or controller document; its ``id``, when it
    gives one, must be exactly that URL). ``purpose`` ``None``: any verification method the
    document holds (e.g. for a signed OpenID4VP request object). Raises
    :class:`~wallet.errors.FetchError` when the document cannot be read (offline,
    unreachable, not found, not JSON) and
    :class:`DidResolutionError` when ``controller`` is nothing whose keys can be looked up
    (``urn:uuid:…``, an unsupported DID method, a DID URL) or its document describes another
    identifier."""
    if controller.startswith("did:key:"):
        try:
            key = public_key_from_did_key(controller)
        except KeyFormatError as exc:
            raise DidResolutionError(f"{controller[:80]}: {exc.message}") from None
        if f"did:key:{key.multibase}" != controller:
            raise DidResolutionError(f"{controller[:80]} is not a did:key identifier")
        return [key]
    if controller.startswith("did:jwk:"):
        return [did_jwk_key(controller)[0]]
    if controller.startswith("did:web:"):
        if not _DID_WEB.fullmatch(controller):
            raise DidResolutionError(
                f"{controller[:80]} is not a did:web identifier (a DID "
                "URL names no document of its own)"
            )
        url = did_web_url(controller)
    elif controller.startswith(("https://", "http://")):
        if "#" in controller or any(c.isspace() for c in controller):
            raise DidResolutionError(
                f"{controller[:80]} is not an issuer URL (a URL with a "
                "fragment names no document of its own)"
            )
        url = controller
    else:
        raise DidResolutionError(f"{controller[:80]} names no document that could list its keys")
    if fetcher is None:
        raise FetchError(
            f"looking up {controller}'s keys needs the network, and verification is offline"
        )
    doc = fetcher.get(url, accept="application/did+json, application/json").json()
    if not isinstance(doc, Mapping):
        raise DidResolutionError(f"{controller} is not a controller document")
    described = doc.get("id")
    if (controller.startswith("did:") or described is not None) and described != controller:
        raise DidResolutionError(
            f"the document of {controller} describes {str(described)[:80]!r}, not {controller}"
        )
    base = controller
    listed: set[str] = set()
    embedded: list[Mapping[str, Any]] = []
    for relation in [purpose] if purpose else ["assertionMethod", "authentication"]:
        for entry in as_list(doc.get(relation)):
            if isinstance(entry, str):
                listed.add(_absolute(entry, base))
            elif isinstance(entry, Mapping):
                embedded.append(entry)
    methods = [
        vm
        for vm in as_list(doc.get("verificationMethod"))
        if isinstance(vm, Mapping)
        and isinstance(vm.get("id"), str)
        and (purpose is None or _absolute(vm["id"], base) in listed)
    ]
    keys = []
    for vm in [*methods, *embedded]:
        try:
            listed_key, _jwk = _key_of(vm)
        except DidResolutionError:
            continue
        if listed_key is not None:
            keys.append(listed_key)
    return keys
