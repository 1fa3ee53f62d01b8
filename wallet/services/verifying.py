"""Verifying as the employer does: a credential or presentation from a file, stdin, an https
URL, a compact JWT, a baked badge, a share link (or a photo of its QR code) — no wallet needed.

A share link's presentation must answer that very link: its challenge is the share's id and its
domain the share service's origin.

What was checked reads as the share page reads it: :meth:`Checked.view` is the one people-first
view model (:func:`wallet.record.view.checked_view`) — a presentation as its record (the
learner as given by them, each credential once with its issuer, grades with their labels,
transcript parts, competencies, dates in the reader's words), a credential as its card.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO
from urllib.parse import urlsplit

from wallet.assets import sample_paths
from wallet.errors import (
    FetchError,
    FetchLimitError,
    FetchRefusedError,
    InputError,
    ShareUnavailableError,
    WalletError,
)
from wallet.exchange.http import HttpFetcher
from wallet.exchange.qr import MAX_IMAGE_BYTES, decode_qr
from wallet.exchange.share_link import parse_share_url
from wallet.formats.sources import MAX_INPUT_BYTES, load_bytes
from wallet.i18n import DEFAULT
from wallet.result import VerificationResult
from wallet.services.files import open_file, read_file
from wallet.services.session import env_passphrase
from wallet.verification.trust import MAX_LIST_BYTES, TrustList, TrustLists, parse_trust_list
from wallet.verification.verify import VerifyOptions, verify, verify_bytes

if TYPE_CHECKING:
    from wallet.record.view import CredentialCard, RecordView

__all__ = ["Checked", "Source", "Verifier", "looks_like_jwt", "profile_trust", "sample_results",
           "trust_from_files"]

UNAVAILABLE = "This link is not available: it was withdrawn, has expired or is mistyped"

_QR_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff")
_ACCEPT = "application/json, application/jwt, image/*"


def looks_like_jwt(text: str) -> bool:
    parts = text.split(".")
    return len(parts) == 3 and all(parts[:2]) and all(
        c.isalnum() or c in "-_" for c in "".join(parts))


@dataclass(frozen=True)
class Checked:
    """A verification result with the document it is about (None when it was unreadable; a
    VC-JWT's compact form in ``jwt``)."""

    result: VerificationResult
    document: dict[str, Any] | None = None
    jwt: str | None = None

    def view(self, lang: str = DEFAULT, *, now: datetime | None = None
             ) -> RecordView | CredentialCard:
        """What it says, as a person reads it in ``lang``: a presentation's record, else one
        credential's card (:func:`wallet.record.view.checked_view`)."""
        from wallet.record.view import checked_view  # the view model: imported when shown

        return checked_view(self.document if self.document is not None else self.jwt,
                            self.result, lang, now=now)


@dataclass(frozen=True)
class Source:
    """What was read: the bytes, a name for them, and what a share link expects."""

    data: bytes
    name: str
    challenge: str | None = None
    domain: str | None = None


def _share_expectation(link: str) -> tuple[str, str, str] | None:
    """(the presentation's URL, its expected challenge and domain) for a share link."""
    parsed = parse_share_url(link)
    if not parsed:
        return None
    server, share_id, _key = parsed
    parts = urlsplit(server)
    return f"{link.rstrip('/')}/raw", share_id, f"{parts.scheme}://{parts.netloc}"


class Verifier:
    """Verification with the wallet's network policy (``offline``: never touch the network;
    ``dev``: plain http to this computer allowed)."""

    def __init__(self, *, offline: bool = False, dev: bool = False,
                 http: HttpFetcher | None = None,
                 trust: TrustLists | Callable[[], TrustLists] | None = None,
                 strict: bool = False) -> None:
        self.offline = offline
        # the trust lists that recognise issuers: fixed, or read afresh for each check (the
        # app's: the learner may edit them between checks)
        self.trust = trust
        self.strict = strict
        self._owns = http is None and not offline
        self.http = None if offline else (http or HttpFetcher(dev=dev))

    def close(self) -> None:
        if self._owns and self.http is not None:
            self.http.close()

    def __enter__(self) -> Verifier:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _fetch(self, url: str, *, share: bool = False) -> bytes:
        if self.http is None:
            raise WalletError("fetching a URL needs the network, and --offline was given")
        if not share:
            return self.http.get(url, accept=_ACCEPT).body
        try:
            return self.http.get(url, accept=_ACCEPT).body
        except (FetchRefusedError, FetchLimitError):
            raise
        except FetchError as exc:
            status = exc.details.get("status")
            if status in (400, 403, 404, 410):
                raise ShareUnavailableError(UNAVAILABLE, status=status) from None
            raise ShareUnavailableError("The share service could not be reached; check the "
                                        "connection and try again", status=status) from None

    def _share_link_in(self, source: str) -> str | None:
        """The share link behind ``source``: the link itself, or a QR image of one."""
        if source.startswith(("https://", "http://")):
            return source if parse_share_url(source) else None
        try:
            with open_file(source) as handle:
                head = handle.read(64)
        except (OSError, InputError):  # not there, or not a regular file: read() will say
            return None
        if not head.startswith(_QR_IMAGE_MAGIC):
            return None
        try:
            text = decode_qr(read_file(source, limit=MAX_IMAGE_BYTES))[0]
        except (OSError, InputError):  # an image without a QR code: perhaps a baked badge
            return None
        return text if parse_share_url(text) else None

    def read(self, source: str, *, stdin: BinaryIO | None = None) -> Source:
        """The bytes behind ``source``: ``-`` (stdin), an https URL, a share link or a QR
        image of one, a compact JWT given directly, or a file."""
        link = self._share_link_in(source)
        if link:
            url, challenge, domain = _share_expectation(link)  # type: ignore[misc]
            return Source(self._fetch(url, share=True), url, challenge, domain)
        if source == "-":
            reader = stdin or sys.stdin.buffer
            return Source(reader.read(MAX_INPUT_BYTES + 1), "<stdin>")
        if source.startswith(("https://", "http://")):
            return Source(self._fetch(source), source)
        if looks_like_jwt(source.strip()):
            try:
                is_file = Path(source).exists()
            except OSError:  # e.g. a token longer than any file name
                is_file = False
            if not is_file:
                return Source(source.strip().encode("ascii"), "<jwt>")
        path = Path(source)
        return Source(read_file(path, limit=MAX_INPUT_BYTES, what=source), str(path))

    def options(self, *, challenge: str | None = None, domain: str | None = None,
                now: datetime | None = None, clock_skew: timedelta = timedelta(minutes=5)
                ) -> VerifyOptions:
        trust = self.trust() if callable(self.trust) else self.trust
        return VerifyOptions(now=now, clock_skew=clock_skew, fetcher=self.http,
                             challenge=challenge, domain=domain,
                             trust=trust if trust is not None else TrustLists(),
                             strict=self.strict)

    def verify_source(self, source: str, *, challenge: str | None = None,
                      domain: str | None = None, now: datetime | None = None,
                      clock_skew: timedelta = timedelta(minutes=5)) -> VerificationResult:
        """Read and verify; a share link's own challenge and domain apply unless given."""
        read = self.read(source)
        return verify_bytes(read.data, self.options(
            challenge=challenge or read.challenge, domain=domain or read.domain, now=now,
            clock_skew=clock_skew), name=read.name)

    def verify_text(self, text: str) -> VerificationResult:
        """Pasted text: a link (a share link included), or the credential itself."""
        return self.check_text(text).result

    def verify_image(self, image: bytes) -> VerificationResult:
        """A photo of a QR code (of a share link or a credential's URL), or a baked badge."""
        return self.check_image(image).result

    def _checked(self, data: bytes, options: VerifyOptions, name: str | None = None
                 ) -> Checked:
        try:
            loaded = load_bytes(data, name=name)
        except InputError:
            return Checked(verify_bytes(data, options, name=name), None)  # reported as such
        return Checked(verify(loaded, options), loaded.document
                       if isinstance(loaded.document, dict) else None, loaded.jwt)

    def check_text(self, text: str) -> Checked:
        """:meth:`verify_text`, with the document as read (for showing what it says). A share
        link that is gone reads as :class:`~wallet.errors.ShareUnavailableError`."""
        text = text.strip()
        if text.startswith(("https://", "http://")):
            expected = _share_expectation(text)
            if expected:
                url, challenge, domain = expected
                return self._checked(self._fetch(url, share=True),
                                     self.options(challenge=challenge, domain=domain))
            return self._checked(self._fetch(text), self.options())
        # "surrogatepass": text holding half of a character (a lone surrogate, as a browser
        # can paste) reaches the reader, which refuses it by name, instead of an encoding error
        return self._checked(text.encode("utf-8", "surrogatepass"), self.options())

    def check_image(self, image: bytes) -> Checked:
        try:
            text = decode_qr(image)[0]
        except InputError:
            return self._checked(image, self.options())  # a baked badge
        return self.check_text(text)


def sample_results() -> list[tuple[str, VerificationResult, bool]]:
    """The bundled sample credentials verified offline: (file name, result, whether it is
    meant to fail — the tampered one)."""
    return [(path.name, verify_bytes(path.read_bytes(), VerifyOptions(), name=path.name),
             path.name.startswith("tampered")) for path in sample_paths()]


def trust_from_files(paths: list[str]) -> list[TrustList]:
    """Trust lists from files (``--trust FILE``); a file that is not one is refused."""
    out = []
    for path in paths:  # regular files only, read within the size cap
        out.append(parse_trust_list(read_file(path, limit=MAX_LIST_BYTES), source=path))
    return out


def profile_trust(home: str | None, profile: str | None) -> TrustLists | None:
    """The trust lists of a wallet's profile, when it opens without asking (the OS keyring,
    or ``WALLET_PASSPHRASE``); None when there is no wallet or it stays shut."""
    from wallet.services import WalletService

    try:
        with WalletService(home, profile=profile, passphrase_source=env_passphrase) as wallet:
            if not wallet.profiles.exists():
                return None
            return wallet.trust.trust_lists()
    except (WalletError, OSError):
        return None
