"""Receiving credentials over OpenID4VCI: drive the exchange client, store what it returns.

The client (:class:`wallet.exchange.oid4vci.Receiver`) walks the offer and returns the
credentials it verified and found bound to the holder, and the deferred ones; this service keeps
the first in the vault (as :meth:`~wallet.services.credentials.CredentialService.keep` does),
remembers the second (the transaction id and token in an encrypted record body) and collects
them later — also after a restart — and tells the issuer what became of each.
"""

from __future__ import annotations

import base64
import time
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING

from pydantic import BaseModel, field_validator

from wallet.errors import FetchError, InputError, OfferUsedError, TokenError, WalletError
from wallet.exchange.http import HttpFetcher
from wallet.exchange.oid4vci.client import (
    Deferred,
    Holder,
    OfferedCredential,
    OfferPreview,
    Received,
    Receiver,
    ReceiveUI,
)
from wallet.exchange.oid4vci.messages import MAX_INTERVAL, TxCode, bounded_interval
from wallet.exchange.qr import MAX_IMAGE_BYTES, decode_qr
from wallet.formats.images import check_svg, image_info
from wallet.services.credentials import CredentialService
from wallet.services.files import read_file
from wallet.services.session import Session, now_iso
from wallet.services.settings import SettingsService
from wallet.services.types import AddResult
from wallet.storage.records import Records

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["Consent", "OfferPreview", "OfferedCredential", "PendingCredential", "ReceiveResult",
           "ReceiveUI", "ReceivingService", "TxCode", "checked_logo", "fetch_logo", "offer_link"]

OFFER_SCHEMES = ("openid-credential-offer://", "https://", "http://", "haip://",
                 "openid-vc://")
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF8", b"RIFF")
LOGO_MAX_BYTES = 256 * 1024  # an issuer's logo; anything larger is not shown
LOGO_TIMEOUT = 5.0  # seconds; a slow logo never holds up the consent question
_LOGO_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg",
               b"GIF8": "image/gif"}


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
    if not isinstance(uri, str) or len(uri) > LOGO_MAX_BYTES * 2 or not (
            uri.startswith("data:image/") and ";base64," in uri):
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
    """What the learner is asked before accepting an offer: the offer, the issuer's logo (as
    the wallet fetched it), and what of it the wallet holds already — (credential name, when
    it was received) for each offered credential this issuer gave before."""

    preview: OfferPreview
    logo: str | None = None
    already: tuple[tuple[str, str], ...] = ()


class _Asking:
    """The ReceiveUI the exchange talks to: fetches the logo and finds what is held already
    before asking (a UI with ``consent_to(Consent)`` is shown all of it), and remembers what
    it learned for storing."""

    def __init__(self, ui: ReceiveUI, http: HttpFetcher,
                 held: Callable[[OfferPreview], tuple[tuple[str, str], ...]]) -> None:
        self.ui, self.http, self.held = ui, http, held
        self.logo: str | None = None
        self.names: tuple[tuple[str | None, str], ...] = ()  # the issuer's, per language
        self.asked_tx_code = False

    def consent(self, preview: OfferPreview) -> bool:
        self.logo = fetch_logo(self.http, preview.logo)
        self.names = preview.issuer_names
        ask = getattr(self.ui, "consent_to", None)
        if ask is not None:
            return bool(ask(Consent(preview, self.logo, self.held(preview))))
        return self.ui.consent(preview)

    def tx_code(self, spec: TxCode, attempt: int, problem: str | None) -> str | None:
        self.asked_tx_code = True
        return self.ui.tx_code(spec, attempt, problem)

    def authorize(self, url: str) -> None:
        self.ui.authorize(url)

    def progress(self, message: str) -> None:
        self.ui.progress(message)


@dataclass
class ReceiveResult:
    stored: list[AddResult] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)  # vault ids of deferred credentials
    rejected: list[str] = field(default_factory=list)  # why each rejected one was refused


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


def offer_link(source: str) -> str:
    """An offer link as given, or read from a QR image or a text file."""
    if source.startswith(OFFER_SCHEMES):
        return source
    try:
        data = read_file(source, limit=MAX_IMAGE_BYTES)  # a QR image or a text file
    except OSError as exc:
        raise InputError(f"{source} is neither an offer link nor a readable file "
                         f"({exc.strerror})") from None
    if data.startswith(_IMAGE_MAGIC):
        return decode_qr(data)[0]
    return data.decode("utf-8", "replace").strip()


class ReceivingService:
    def __init__(self, session: Session, credentials: CredentialService) -> None:
        self._s = session
        self._credentials = credentials
        self._pending: Records[PendingCredential, _PendingSecret] = Records(
            session.vault, "pending", PendingCredential, _PendingSecret)

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

    def _receiver(self, http: HttpFetcher | None, locale: str | None) -> Receiver:
        http = http or self._s.http
        locale = self._locale(locale)
        key = self._s.holder_key()
        return Receiver(http, Holder(key.did, key.signer()), locale=locale,
                        verify_options=replace(self._s.verify_options(), fetcher=http))

    def receive(self, link: str, ui: ReceiveUI, *, tx_code: str | None = None,
                locale: str | None = None, http: HttpFetcher | None = None) -> ReceiveResult:
        """Receive everything an offer offers (``link``: the offer link). Raises named errors
        for what stops the whole exchange; per-credential rejections are listed."""
        receiver = self._receiver(http, locale)
        asking = _Asking(ui, http or self._s.http, self.held)
        try:
            received = receiver.receive(link.strip(), asking, tx_code=tx_code)
        except TokenError as exc:
            if exc.error == "invalid_grant" and not asking.asked_tx_code and not tx_code:
                # No transaction code was involved: the code in the offer is spent or stale.
                raise OfferUsedError("this offer was already used or has expired; ask the "
                                     "issuer for a new one", error=exc.error) from None
            raise
        return self._keep(receiver, received, logo=asking.logo, names=asking.names)

    def held(self, preview: OfferPreview) -> tuple[tuple[str, str], ...]:
        """(name, date received) of the offered credentials this issuer gave the learner
        before (the same achievement from the same issuer)."""
        names = {c.name.casefold() for c in preview.credentials}
        issuer_names = {preview.issuer_name.casefold()} if preview.issuer_name else set()
        out: dict[str, str] = {}
        for held in self._credentials.all():
            same_issuer = held.source == preview.issuer or (
                (held.issuer_name or "").casefold() in issuer_names)
            if same_issuer and held.name.casefold() in names:
                first = out.get(held.name)
                out[held.name] = min(first, held.received_at) if first else held.received_at
        return tuple(sorted(out.items()))

    def receive_qr(self, image: bytes, ui: ReceiveUI, *, locale: str | None = None
                   ) -> ReceiveResult:
        """The same, from a photo or screenshot of the offer's QR code."""
        return self.receive(decode_qr(image)[0], ui, locale=locale)

    def _keep(self, receiver: Receiver, received: Received, *, logo: str | None = None,
              names: tuple[tuple[str | None, str], ...] = ()) -> ReceiveResult:
        result = ReceiveResult(rejected=list(received.rejected))
        for issued in received.issued:
            try:
                added = self._credentials.keep(issued.loaded, issued.verification,
                                               source=issued.issuer, issuer_logo=logo,
                                               issuer_names=names)
            except InputError as exc:
                reason = f"the credential was rejected: {exc.message}"
                result.rejected.append(reason)
                receiver.acknowledge(issued.notice, accepted=False, description=reason)
                continue
            result.stored.append(added)
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
        return self._pending.list()

    def _deferred(self, item: PendingCredential) -> Deferred:
        assert item.id is not None
        secret = self._pending.secret(item.id)
        return Deferred(issuer=item.issuer, issuer_name=item.issuer_name,
                        configuration=item.configuration, name=item.name,
                        endpoint=item.endpoint, notification_endpoint=item.notification_endpoint,
                        interval=item.interval, next_poll=item.next_poll, draft13=item.draft13,
                        **secret.model_dump())

    def poll_pending(self, *, wait: bool = False, timeout: float = 120.0,
                     http: HttpFetcher | None = None) -> ReceiveResult:
        """Collect deferred credentials whose polling interval has passed (or wait for them,
        up to ``timeout`` seconds)."""
        result = ReceiveResult()
        if not self._pending.ids():
            return result
        receiver = self._receiver(http, "en")
        deadline = time.time() + timeout
        while True:
            pending = self.pending()
            if not pending:
                return result
            for item in (p for p in pending if p.next_poll <= time.time()):
                self._poll_one(receiver, item, result)
            remaining = self.pending()
            soonest = min((p.next_poll for p in remaining), default=0.0)
            if not wait or not remaining or max(time.time(), soonest) > deadline:
                result.pending = [p.id for p in remaining if p.id]
                return result  # (nothing will be ready before the deadline: not waiting)
            time.sleep(max(0.05, min(soonest, deadline) - time.time()))

    def _poll_one(self, receiver: Receiver, item: PendingCredential,
                  result: ReceiveResult) -> None:
        assert item.id is not None
        polled = receiver.poll(self._deferred(item))
        kept = self._keep(receiver, Received(issued=polled.issued, rejected=polled.rejected))
        result.stored.extend(kept.stored)
        result.rejected.extend(kept.rejected)
        if polled.deferred:
            later = polled.deferred[0]
            self._pending.update(item.id, interval=later.interval, next_poll=later.next_poll)
        else:
            self._pending.delete(item.id)
