"""An employer's request as the learner is shown it: the request read from a link, a QR image
or a text file (:func:`request_link`); who asks (:class:`~wallet.services.requester.
VerifierIdentity`), each query in words with the learner's matching credentials
(:class:`RequestPreview`, :class:`QueryPreview`, :class:`CredentialChoice`); exactly what an
answer would send, each credential's claims in words (:class:`Disclosure`); and what answering
did (:class:`RespondResult`). :class:`~wallet.services.responding.RespondingService` makes and
answers these."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from wallet.errors import InputError
from wallet.exchange.qr import MAX_IMAGE_BYTES, decode_qr
from wallet.presenting.identity import LearnerIdentity
from wallet.services.admission import Refused
from wallet.services.files import read_file
from wallet.services.requester import VerifierIdentity
from wallet.services.types import AddResult

__all__ = [
    "LINK_SCHEMES",
    "CredentialChoice",
    "DisclosedCredential",
    "Disclosure",
    "QueryPreview",
    "RequestPreview",
    "RespondResult",
    "fields_in_words",
    "request_link",
]

LINK_SCHEMES = (
    "openid4vp://",
    "haip-vp://",
    "interaction:",
    "web+interaction:",
    "https://",
    "http://",
)
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF8", b"RIFF")


@dataclass(frozen=True)
class CredentialChoice:
    id: str
    name: str
    issuer_name: str | None
    format: str
    verified: bool


@dataclass(frozen=True)
class QueryPreview:
    id: str
    label: str  # what is asked, in words
    format: str
    required: bool
    multiple: bool
    matches: tuple[CredentialChoice, ...]
    claims: tuple[str, ...] = ()  # the claims asked about, in words
    types: tuple[str, ...] = ()  # the credential types asked for (short names), any of them
    reason: str | None = None  # why, in the verifier's own words (VC-API)
    # other queries that may be answered instead of this one (the other options of a required
    # credential set); ``required`` means this one must be answered whatever else is sent
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True)
class RequestPreview:
    protocol: str  # "openid4vp" | "vcapi" | "oid4vci" (an offer: receive it instead)
    verifier: VerifierIdentity
    purpose: str | None  # why the verifier asks, in its own words (its claim), when it says
    queries: tuple[QueryPreview, ...]
    satisfiable: bool
    proposed: dict[str, tuple[str, ...]]
    did_auth: bool = False  # a VC-API exchange asks the learner to prove their DID
    offer_link: str | None = None
    handle: Any = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class DisclosedCredential:
    id: str
    name: str
    issuer_name: str | None
    format: str
    fields: tuple[tuple[str, str], ...]  # every claim the credential carries, in words


@dataclass(frozen=True)
class Disclosure:
    verifier: VerifierIdentity
    holder: str  # the learner's DID, which the verifier learns
    credentials: tuple[DisclosedCredential, ...]
    reflections: tuple[str, ...]  # titles, learner-asserted
    artifacts: tuple[str, ...]
    note: str
    # What identifies the learner besides the DID — their name, headline, photo, links, the
    # email or student id they disclose — always sent, under the learner's own signature
    learner: LearnerIdentity | None = None


@dataclass
class RespondResult:
    sent: bool
    message: str
    redirect: str | None = None  # a link the verifier asks the learner to open
    stored: list[AddResult] = field(default_factory=list)  # credentials a VC-API delivered
    rejected: list[str] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)  # delivered ones refused, as errors
    # why a VC-API exchange was stopped: "asks_again" (it asked for another presentation than
    # the one the learner agreed to; nothing more was signed)
    stopped: str | None = None


def request_link(source: str) -> str:
    """A request link as given, or read from a QR image or a text file."""
    source = source.strip()
    if source.startswith(LINK_SCHEMES):
        return source
    try:  # a regular file, read within the QR image's size cap (never /dev/zero, a FIFO)
        data = read_file(source, limit=MAX_IMAGE_BYTES, what=source[:80])
    except OSError as exc:
        raise InputError(
            f"{source[:80]} is neither a request link nor a readable file ({exc.strerror})",
            situation="not_a_request_link",
        ) from None
    if data.startswith(_IMAGE_MAGIC):
        return decode_qr(data)[0]
    return data.decode("utf-8", "replace").strip()


def fields_in_words(doc: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """A credential's claims in words: its name, subject, achievement and results."""
    out: list[tuple[str, str]] = []

    def walk(value: Any, label: str, depth: int) -> None:
        if len(out) >= 60 or depth > 6:
            return
        if isinstance(value, Mapping):
            for key, inner in value.items():
                if key not in ("@context", "proof", "image", "type"):
                    walk(inner, f"{label} › {key}" if label else key, depth + 1)
        elif isinstance(value, list):
            for item in value[:10]:
                walk(item, label, depth + 1)
        else:
            text = str(value)
            out.append((label, text if len(text) < 120 else text[:117] + "…"))

    walk(
        {
            k: doc[k]
            for k in ("name", "issuer", "validFrom", "credentialSubject", "evidence")
            if k in doc
        },
        "",
        0,
    )
    return tuple(out)
