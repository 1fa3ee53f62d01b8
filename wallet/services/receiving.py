"""Receiving credentials over OpenID4VCI: drive the exchange client, ask the learner, admit
what it returns.

The learner is asked through one typed question (:meth:`ReceiveUI.consent`, the app's and
the CLI's alike) before anything is received: a :class:`Consent` says who issues (its name
as the issuer gives it — a claim — unless a trust list the learner keeps recognises it), with
its logo as the wallet fetched it, every credential on offer, whether a transaction code will
be asked for, and which of them the learner holds already. When the issuer, once asked, names
more credentials than its offer listed (a batch: one per credential identifier), the learner is
asked again with every one of them before any is requested.

The client (:class:`wallet.exchange.oid4vci.Receiver`) returns what the issuer sent, as sent;
each credential goes in through the one admission path
(:meth:`~wallet.services.credentials.CredentialService.admit`: verified, bound to the holder's
DID, stored), and the issuer is told what became of it. Deferred ones are remembered (the
transaction id and token in an encrypted record body) and collected later — also after a
restart.
"""

from __future__ import annotations

import base64
import time
from dataclasses import asdict, dataclass, field, replace
from enum import Enum
from typing import Protocol
from urllib.parse import parse_qs, urlsplit

from pydantic import BaseModel, field_validator

from wallet.errors import (
    FetchError,
    InputError,
    OfferUsedError,
    TokenError,
    WalletError,
)
from wallet.exchange.http import HttpFetcher
from wallet.exchange.oid4vci.client import (
    Deferred,
    Holder,
    OfferedCredential,
    OfferPreview,
    Received,
    Receiver,
)
from wallet.exchange.oid4vci.messages import MAX_INTERVAL, TxCode, bounded_interval
from wallet.exchange.qr import MAX_IMAGE_BYTES, decode_qr
from wallet.formats.images import check_svg, image_info
from wallet.formats.sources import load_bytes
from wallet.result import Recognition
from wallet.services.admission import Refused
from wallet.services.badges import badge_address, badge_of
from wallet.services.credentials import CredentialService
from wallet.services.files import read_file
from wallet.services.session import Session, now_iso
from wallet.services.settings import SettingsService
from wallet.services.types import AddResult
from wallet.storage.records import Records

__all__ = [
    "Consent",
    "Decision",
    "OfferPreview",
    "OfferedCredential",
    "PendingCredential",
    "ReceiveResult",
    "ReceiveUI",
    "ReceivingService",
    "Refused",
    "TxCode",
    "checked_logo",
    "fetch_logo",
    "offer_link",
]

OFFER_SCHEMES = ("openid-credential-offer://", "https://", "http://", "haip://", "openid-vc://")
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF8", b"RIFF")
LOGO_MAX_BYTES = 256 * 1024  # an issuer's logo; anything larger is not shown
LOGO_TIMEOUT = 5.0  # seconds; a slow logo never holds up the consent question
_LOGO_TYPES = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"GIF8": "image/gif",
}


def _logo_type(body: bytes) -> str | None:
    """The image type of a logo by its first bytes (PNG, JPEG, GIF, WebP or SVG), else None."""
    for magic, media in _LOGO_TYPES.items():
        if body.startswith(magic):
            return media
    if body.startswith(b"RIFF") and body[8:12] == b"WEBP":
        return "image/webp"
    head = body[:2048].lstrip().lower()
    if head.startswith((b"<?xml", b"<svg")) and b"<svg" in head:
        return "image/svg+xml"
    return None


def fetch_logo(http: HttpFetcher, uri: str | None) -> str | None:
    """An issuer's logo as a ``data:`` URI, fetched through the wallet's own fetcher (its
    network policy, at most :data:`LOGO_MAX_BYTES` and :data:`LOGO_TIMEOUT`); None when there
    is none, it cannot be fetched, or it is not an image."""
    if not uri:
        return None
    if uri.startswith("data:"):
        return checked_logo(uri)
    try:
        body = http.request("GET", uri, accept="image/*", timeout=LOGO_TIMEOUT).body
    except FetchError:
        return None
    return _data_uri(body)


def checked_logo(uri: object) -> str | None:
    """A logo given as a ``data:`` URI (an offer's, or a restored backup's), kept only when it
    is an image of at most :data:`LOGO_MAX_BYTES` within the pixel bounds of
    :mod:`wallet.formats.images` (an SVG: with inline images only); None otherwise."""
    if (
        not isinstance(uri, str)
        or len(uri) > LOGO_MAX_BYTES * 2
        or not (uri.startswith("data:image/") and ";base64," in uri)
    ):
        return None
    try:
        body = base64.b64decode(uri.split(",", 1)[1], validate=True)
    except ValueError:
        return None
    return _data_uri(body)


def _data_uri(body: bytes) -> str | None:
    media = _logo_type(body) if len(body) <= LOGO_MAX_BYTES else None
    if media is None:
        return None
    try:  # the app decodes it at full size: its pixels are bounded before it is kept
        if media == "image/svg+xml":
            check_svg(body, what="the logo")
        else:
            image_info(body, what="the logo")
    except InputError:
        return None
    return f"data:{media};base64," + base64.b64encode(body).decode("ascii")


@dataclass(frozen=True)
class Consent:
    """What the learner is asked before anything is received.

    Who issues: ``issuer`` (the credential issuer's identifier — the https URL its metadata was
    read from) and ``issuer_name``, the name the issuer gives itself (a claim), unless
    ``recognised``: a trust list the learner keeps names exactly this issuer (then
    :attr:`shown_name` is the list's name for it). ``logo``: the issuer's logo as the wallet
    fetched it (a ``data:`` URI), or None. ``credentials``: every credential on offer — for a
    batch, every one the issuer will send (``granted``: asked again, now that the issuer has
    named each). ``tx_code``: a transaction code will be asked for (how it looks). ``already``:
    (credential name, when it was received) for each offered credential this issuer gave
    before."""

    issuer: str
    issuer_name: str
    credentials: tuple[OfferedCredential, ...]
    flow: str  # "pre-authorized" | "authorization_code" (the learner signs in with the issuer)
    tx_code: TxCode | None = None
    logo: str | None = None
    recognised: Recognition | None = None
    background_color: str | None = None  # the issuer's colours, from its display metadata
    text_color: str | None = None
    already: tuple[tuple[str, str], ...] = ()
    granted: bool = False

    @property
    def shown_name(self) -> str:
        """Who issues, as the learner is told: the name a trust list gives it, else its own."""
        if self.recognised is not None and self.recognised.name:
            return self.recognised.name
        return self.issuer_name


class Decision(Enum):
    """The learner's answer to a :class:`Consent`."""

    ACCEPT = "accept"
    DECLINE = "decline"

    def __bool__(self) -> bool:
        return self is Decision.ACCEPT


class ReceiveUI(Protocol):
    """What the learner is asked and shown while receiving; the app
    (:class:`wallet.ui.controller.Asker`) and the CLI (:class:`wallet.cli.receive.TerminalUI`)
    implement it."""

    def consent(self, consent: Consent) -> Decision: ...

    def tx_code(self, spec: TxCode, attempt: int, problem: str | None) -> str | None: ...

    def authorize(self, url: str) -> None: ...

    def progress(self, message: str) -> None: ...


class _Token:
    """The learner's side of getting a token (:class:`~wallet.exchange.oid4vci.client.TokenUI`),
    remembering whether a transaction code was asked for."""

    def __init__(self, ui: ReceiveUI) -> None:
        self.ui = ui
        self.asked_tx_code = False

    def tx_code(self, spec: TxCode, attempt: int, problem: str | None) -> str | None:
        self.asked_tx_code = True
        return self.ui.tx_code(spec, attempt, problem)

    def authorize(self, url: str) -> None:
        self.ui.authorize(url)


@dataclass
class ReceiveResult:
    stored: list[AddResult] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)  # vault ids of deferred credentials
    rejected: list[str] = field(default_factory=list)  # why each rejected one was refused
    refused: list[Refused] = field(default_factory=list)  # the credentials refused, as errors
    # the learner said no (to the offer, or to the batch the issuer named): nothing was asked
    # for, nothing received — the learner's choice, not an error
    declined: bool = False


class PendingCredential(BaseModel):
    """A deferred credential, as listed (the secrets are in the record's body)."""

    id: str | None = None
    issuer: str
    issuer_name: str
    configuration: str
    name: str
    endpoint: str
    notification_endpoint: str | None = None
    interval: float
    next_poll: float
    draft13: bool = False
    format: str = ""
    created: str = ""

    # Bounded also when read back: a record written before intervals were bounded (10^30
    # seconds from an issuer) must not stall or break every later run.
    @field_validator("interval", mode="after")
    @classmethod
    def _bounded(cls, value: float) -> float:
        return bounded_interval(value)

    @field_validator("next_poll", mode="after")
    @classmethod
    def _soon_enough(cls, value: float) -> float:
        latest = time.time() + MAX_INTERVAL
        return value if value == value and value <= latest else latest  # NaN, too late


class _PendingSecret(BaseModel):
    transaction_id: str
    access_token: str
    token_type: str = "Bearer"


def is_badge_text(text: str) -> bool:
    """Whether text given where an offer link is expected is an Open Badges 2.0 badge: a web
    address that carries no credential offer (a hosted assertion's), or an assertion's JSON or
    JWS pasted."""
    text = text.strip()
    if text.startswith(("https://", "http://")):
        query = parse_qs(urlsplit(text).query)
        return (
            "credential_offer" not in query
            and "credential_offer_uri" not in query
            and badge_address(text.encode("utf-8")) is not None
        )
    if not text.startswith("{") and text.count(".") != 2:
        return False
    try:
        return badge_of(load_bytes(text.encode("utf-8", "surrogatepass"))) is not None
    except InputError:
        return False


def offer_link(source: str) -> str:
    """An offer link as given, or read from a QR image or a text file."""
    if source.startswith(OFFER_SCHEMES):
        return source
    try:
        data = read_file(source, limit=MAX_IMAGE_BYTES)  # a QR image or a text file
    except OSError as exc:
        raise InputError(
            f"{source} is neither an offer link nor a readable file ({exc.strerror})",
            situation="not_an_offer_link",
        ) from None
    if data.startswith(_IMAGE_MAGIC):
        return decode_qr(data)[0]
    return data.decode("utf-8", "replace").strip()


class ReceivingService:
    def __init__(self, session: Session, credentials: CredentialService) -> None:
        self._s = session
        self._credentials = credentials
        self._pending: Records[PendingCredential, _PendingSecret] = Records(
            session.vault, "pending", PendingCredential, _PendingSecret
        )

    def _locale(self, locale: str | None) -> str:
        """The issuer's display data are chosen for this locale: the one given, else the
        learner's language (Settings), else English."""
        if locale:
            return locale
        try:
            language = SettingsService(self._s).get("language")
        except WalletError:
            language = None
        return language if isinstance(language, str) and language else "en"

    def _receiver(self, http: HttpFetcher, locale: str | None) -> Receiver:
        key = self._s.holder_key()
        return Receiver(http, Holder(key.did, key.signer()), locale=self._locale(locale))

    def receive(
        self,
        link: str,
        ui: ReceiveUI,
        *,
        tx_code: str | None = None,
        locale: str | None = None,
        http: HttpFetcher | None = None,
    ) -> ReceiveResult:
        """Receive everything an offer offers (``link``: the offer link), after the learner
        agrees (:class:`Consent`). A declined offer is no error: the result says ``declined``
        (returned the moment the learner says no: no token or credential is asked for after
        it). Raises named errors for what stops the whole exchange; per-credential refusals
        are listed. An Open Badges 2.0 badge given instead — a hosted assertion's
        address, or its JSON or JWS pasted — is added as such (:meth:`CredentialService.add`)."""
        if is_badge_text(link):
            return ReceiveResult(
                stored=[self._credentials.add(link.strip().encode("utf-8"), name="badge")]
            )
        http = http or self._s.http
        receiver = self._receiver(http, locale)
        ui.progress("reading the offer")
        resolved = receiver.resolve(link.strip())
        preview = receiver.preview(resolved)
        consent = self.consent_for(preview, logo=fetch_logo(http, preview.logo))
        if not _agreed(ui, consent):
            return ReceiveResult(declined=True)
        ui.progress("asking the issuer for a token")
        asking = _Token(ui)
        try:
            token = receiver.token(resolved, asking, tx_code)
        except TokenError as exc:
            if exc.error == "cancelled":  # the learner gave no transaction code: a no
                return ReceiveResult(declined=True)
            if exc.error == "invalid_grant" and not asking.asked_tx_code and not tx_code:
                # No transaction code was involved: the code in the offer is spent or stale.
                raise OfferUsedError(
                    "this offer was already used or has expired; ask the issuer for a new one",
                    error=exc.error,
                ) from None
            raise
        granted = receiver.grants(resolved, token)
        if len(granted) > len(consent.credentials) and not _agreed(  # a batch: each by name
            ui, replace(consent, credentials=granted, tx_code=None, granted=True)
        ):
            return ReceiveResult(declined=True)
        received = receiver.fetch(resolved, token, ui.progress)
        return self._admit(receiver, received, http, logo=consent.logo, names=preview.issuer_names)

    def consent_for(self, preview: OfferPreview, *, logo: str | None = None) -> Consent:
        """What the learner is asked about an offer: its preview, the logo the wallet fetched,
        whether a trust list the learner keeps recognises the issuer (by exactly its
        identifier), and what of it is held already."""
        recognised = self._s.trust_lists().recognise(preview.issuer)
        return Consent(
            issuer=preview.issuer,
            issuer_name=preview.issuer_name,
            credentials=preview.credentials,
            flow=preview.flow,
            tx_code=preview.tx_code,
            logo=logo,
            recognised=recognised,
            background_color=preview.background_color,
            text_color=preview.text_color,
            already=self.held(preview),
        )

    def held(self, preview: OfferPreview) -> tuple[tuple[str, str], ...]:
        """(name, date received) of the offered credentials this issuer gave the learner
        before (the same achievement from the same issuer)."""
        names = {c.name.casefold() for c in preview.credentials}
        issuer_names = {preview.issuer_name.casefold()} if preview.issuer_name else set()
        out: dict[str, str] = {}
        for held in self._credentials.all():
            same_issuer = held.source == preview.issuer or (
                (held.issuer_name or "").casefold() in issuer_names
            )
            if same_issuer and held.name.casefold() in names:
                first = out.get(held.name)
                out[held.name] = min(first, held.received_at) if first else held.received_at
        return tuple(sorted(out.items()))

    def receive_qr(
        self, image: bytes, ui: ReceiveUI, *, locale: str | None = None
    ) -> ReceiveResult:
        """The same, from a photo or screenshot of the offer's QR code."""
        return self.receive(decode_qr(image)[0], ui, locale=locale)

    def _admit(
        self,
        receiver: Receiver,
        received: Received,
        http: HttpFetcher,
        *,
        logo: str | None = None,
        names: tuple[tuple[str | None, str], ...] = (),
    ) -> ReceiveResult:
        """Each credential through the one admission path, bound to the holder; the issuer is
        told what became of it. ``logo`` and ``names`` (the issuer's own, per language): its
        display as the wallet read it when receiving, kept with each credential."""
        result = ReceiveResult(rejected=list(received.rejected))
        holder = self._s.holder_key().did
        options = replace(self._s.verify_options(), fetcher=http)
        for issued in received.issued:
            admitted = self._credentials.admit(
                issued.credential,
                holder=holder,
                source=issued.issuer,
                issuer_logo=logo,
                issuer_names=names,
                options=options,
            )
            if isinstance(admitted, Refused):
                reason = f"the credential was rejected: {admitted.message}"
                result.rejected.append(reason)
                result.refused.append(admitted)
                receiver.acknowledge(issued.notice, accepted=False, description=reason)
                continue
            result.stored.append(admitted)
            receiver.acknowledge(issued.notice, accepted=True)
        for deferred in received.deferred:
            result.pending.append(self._remember(deferred))
        return result

    # --- deferred issuance ------------------------------------------------------------------

    def _remember(self, deferred: Deferred) -> str:
        fields = asdict(deferred)
        secret = _PendingSecret(**{k: fields.pop(k) for k in _PendingSecret.model_fields})
        return self._pending.add(PendingCredential(**fields, created=now_iso()), secret)

    def pending(self) -> list[PendingCredential]:
        """Credentials the issuers deferred, still to be collected."""
        return self._pending.all()

    def _deferred(self, item: PendingCredential) -> Deferred:
        assert item.id is not None
        secret = self._pending.secret(item.id)
        return Deferred(
            issuer=item.issuer,
            issuer_name=item.issuer_name,
            configuration=item.configuration,
            name=item.name,
            endpoint=item.endpoint,
            notification_endpoint=item.notification_endpoint,
            interval=item.interval,
            next_poll=item.next_poll,
            draft13=item.draft13,
            format=item.format,
            **secret.model_dump(),
        )

    def poll_pending(
        self, *, wait: bool = False, timeout: float = 120.0, http: HttpFetcher | None = None
    ) -> ReceiveResult:
        """Collect deferred credentials whose polling interval has passed (or wait for them,
        up to ``timeout`` seconds)."""
        result = ReceiveResult()
        if not self._pending.ids():
            return result
        http = http or self._s.http
        receiver = self._receiver(http, "en")
        deadline = time.time() + timeout
        while True:
            pending = self.pending()
            if not pending:
                return result
            for item in (p for p in pending if p.next_poll <= time.time()):
                self._poll_one(receiver, item, http, result)
            remaining = self.pending()
            soonest = min((p.next_poll for p in remaining), default=0.0)
            if not wait or not remaining or max(time.time(), soonest) > deadline:
                result.pending = [p.id for p in remaining if p.id]
                return result  # (nothing will be ready before the deadline: not waiting)
            time.sleep(max(0.05, min(soonest, deadline) - time.time()))

    def _poll_one(
        self, receiver: Receiver, item: PendingCredential, http: HttpFetcher, result: ReceiveResult
    ) -> None:
        assert item.id is not None
        polled = receiver.poll(self._deferred(item))
        kept = self._admit(receiver, Received(issued=polled.issued, rejected=polled.rejected), http)
        result.stored.extend(kept.stored)
        result.rejected.extend(kept.rejected)
        result.refused.extend(kept.refused)
        if polled.deferred:
            later = polled.deferred[0]
            self._pending.update(item.id, interval=later.interval, next_poll=later.next_poll)
        else:
            self._pending.delete(item.id)


def _agreed(ui: ReceiveUI, consent: Consent) -> bool:
    """Whether the learner accepts (anything but :attr:`Decision.ACCEPT` is a no)."""
    return ui.consent(consent) is Decision.ACCEPT
