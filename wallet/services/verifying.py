"""Verifying as the employer does: a credential or presentation from a file, stdin, an https
URL, a compact JWT, a baked badge, a share link (or a photo of its QR code), an offline QR code
(its ``VP1-`` text or a photo of it) or a PDF carrying its signed presentation — no wallet
needed.

A share link's presentation must answer that very link: its challenge is the share's id and its
domain the share service's origin.

An Open Badges 2.0 (or 1.x) badge — a hosted assertion's URL, its JSON, a signed assertion
(JWS), a badge image with one baked in — is verified the OB 2.0 way
(:func:`wallet.ob2.verify.check_ob2`), with the same four verdicts; ``recipient`` (identities
given ad hoc, ``--recipient email:…``) says whether it names that person.

What was checked reads as the share page reads it: :meth:`Checked.view` is the one people-first
view model (:func:`wallet.record.view.checked_view`) — a presentation as its record (the
learner as given by them, each credential once with its issuer, grades with their labels,
transcript parts, competencies, dates in the reader's words, and a card for each Open Badges
2.0 badge its learner's record carries, verified again the OB 2.0 way), a credential as its
card, an Open Badges 2.0 badge as its own card (:func:`wallet.record.badge.badge_card`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
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
from wallet.formats.pdfattach import MAX_PDF_BYTES
from wallet.formats.sources import MAX_INPUT_BYTES, load_bytes
from wallet.i18n import DEFAULT
from wallet.ob2.reading import Ob2Input, badge_address, badge_of, is_http_url
from wallet.result import VerificationResult
from wallet.services.files import open_file, read_file
from wallet.verification.trust import MAX_LIST_BYTES, TrustList, TrustLists, parse_trust_list
from wallet.verification.verify import VerifyOptions, verify, verify_bytes

if TYPE_CHECKING:  # the network, QR codes and share links are imported when used: a cold
    # `wallet verify --offline FILE` needs none of them (benchmarks/cold_verify.py)
    from wallet.exchange.http import HttpFetcher
    from wallet.ob2.model import Identity
    from wallet.ob2.verify import Ob2Verification
    from wallet.record.view import CredentialCard, RecordView

__all__ = [
    "Checked",
    "Source",
    "Verifier",
    "looks_like_jwt",
    "profile_trust",
    "sample_results",
    "trust_from_files",
]

UNAVAILABLE = "This link is not available: it was withdrawn, has expired or is mistyped"

_QR_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff")
_ACCEPT = "application/json, application/jwt, image/*"


def looks_like_jwt(text: str) -> bool:
    parts = text.split(".")
    return (
        len(parts) == 3 and all(parts[:2]) and all(c.isalnum() or c in "-_" for c in "".join(parts))
    )


@dataclass(frozen=True)
class Checked:
    """A verification result with the document it is about (None when it was unreadable; a
    VC-JWT's compact form in ``jwt``). ``badge``: an Open Badges 2.0 badge's own verification
    (its documents in OB 2.0's shape); ``badges``: the OB 2.0 badges a presentation's learner
    record carries, each verified again the OB 2.0 way."""

    result: VerificationResult
    document: dict[str, Any] | None = None
    jwt: str | None = None
    badge: Ob2Verification | None = None
    badges: tuple[Ob2Verification, ...] = ()

    def view(
        self, lang: str = DEFAULT, *, now: datetime | None = None
    ) -> RecordView | CredentialCard:
        """What it says, as a person reads it in ``lang``: a presentation's record (with a
        card for each badge it carries), an Open Badges 2.0 badge's card, else one
        credential's card (:func:`wallet.record.view.checked_view`)."""
        from wallet.record.badge import badge_card, with_badges  # imported when shown
        from wallet.record.view import RecordView, checked_view

        if self.badge is not None:
            return badge_card(self.badge, lang)
        view = checked_view(
            self.document if self.document is not None else self.jwt, self.result, lang, now=now
        )
        return with_badges(view, self.badges) if isinstance(view, RecordView) else view


@dataclass(frozen=True)
class Source:
    """What was read: the bytes, a name for them, and what a share link expects."""

    data: bytes
    name: str
    challenge: str | None = None
    domain: str | None = None


def _share_expectation(link: str) -> tuple[str, str, str] | None:
    """(the presentation's URL, its expected challenge and domain) for a share link."""
    from wallet.exchange.share_link import parse_share_url

    parsed = parse_share_url(link)
    if not parsed:
        return None
    server, share_id, _key = parsed
    parts = urlsplit(server)
    return f"{link.rstrip('/')}/raw", share_id, f"{parts.scheme}://{parts.netloc}"


class Verifier:
    """Verification with the wallet's network policy (``offline``: never touch the network;
    ``dev``: plain http to this computer allowed)."""

    def __init__(
        self,
        *,
        offline: bool = False,
        dev: bool = False,
        http: HttpFetcher | None = None,
        trust: TrustLists | Callable[[], TrustLists] | None = None,
        strict: bool = False,
        recipient: Sequence[Identity] = (),
        owned: Callable[[str, str], str | None] | None = None,
    ) -> None:
        self.offline = offline
        # the management token of a link the learner made themself, by (server, share id):
        # sent (to that server only) when they check it, so their own check is no view
        self.owned = owned
        self.recipient = tuple(recipient)  # whom an Open Badges 2.0 badge should name
        # the trust lists that recognise issuers: fixed, or read afresh for each check (the
        # app's: the learner may edit them between checks)
        self.trust = trust
        self.strict = strict
        self._owns = http is None and not offline
        if offline:
            self.http: HttpFetcher | None = None
        else:
            from wallet.exchange.http import HttpFetcher

            self.http = http or HttpFetcher(dev=dev)

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
            token = self._own_token(url)
            if token is None:
                return self.http.get(url, accept=_ACCEPT).body
            return self.http.request(
                "GET",
                url,
                accept=_ACCEPT,
                headers={"Authorization": f"Bearer {token}"},
                same_origin_only=True,  # the token goes to the link's own server, nowhere else
            ).body
        except (FetchRefusedError, FetchLimitError):
            raise
        except FetchError as exc:
            status = exc.details.get("status")
            if status in (400, 403, 404, 410):
                raise ShareUnavailableError(UNAVAILABLE, status=status) from None
            raise ShareUnavailableError(
                "The share service could not be reached; check the connection and try again",
                status=status,
            ) from None

    def _own_token(self, raw_url: str) -> str | None:
        """The management token of the share whose ``…/raw`` address this is, when the
        learner made that link (on that very server); else None."""
        from wallet.exchange.share_link import parse_share_url

        parsed = parse_share_url(raw_url.removesuffix("/raw"))
        if self.owned is None or parsed is None:
            return None
        server, share_id, _key = parsed
        return self.owned(server, share_id)

    def _share_link_in(self, source: str) -> str | None:
        """The share link behind ``source``: the link itself, or a QR image of one."""
        if source.startswith(("https://", "http://")):
            from wallet.exchange.share_link import parse_share_url

            return source if parse_share_url(source) else None
        try:
            with open_file(source) as handle:
                head = handle.read(64)
        except (OSError, InputError):  # not there, or not a regular file: read() will say
            return None
        if not head.startswith(_QR_IMAGE_MAGIC):
            return None
        from wallet.exchange.qr import MAX_IMAGE_BYTES, decode_qr
        from wallet.exchange.share_link import parse_share_url

        try:
            text = decode_qr(read_file(source, limit=MAX_IMAGE_BYTES))[0]
        except (OSError, InputError):  # an image without a QR code: perhaps a baked badge
            return None
        return text if parse_share_url(text) else None

    def read(self, source: str, *, stdin: BinaryIO | None = None) -> Source:
        """The bytes behind ``source``: ``-`` (stdin), an https URL, a share link or a QR
        image of one, a compact JWT or an offline QR code's ``VP1-`` text given directly, or a
        file."""
        link = self._share_link_in(source)
        if link:
            url, challenge, domain = _share_expectation(link)  # type: ignore[misc]
            return Source(self._fetch(url, share=True), url, challenge, domain)
        if source == "-":
            reader = stdin or sys.stdin.buffer
            return Source(reader.read(MAX_INPUT_BYTES + 1), "<stdin>")
        if source.startswith(("https://", "http://")):
            return Source(self._fetch(source), source)
        if source.strip().startswith("VP1-") and len(source) <= MAX_INPUT_BYTES:
            return Source(source.strip().encode("utf-8", "surrogatepass"), "<VP1 text>")
        if looks_like_jwt(source.strip()):
            try:
                is_file = Path(source).exists()
            except OSError:  # e.g. a token longer than any file name
                is_file = False
            if not is_file:
                return Source(source.strip().encode("ascii"), "<jwt>")
        path = Path(source)  # a PDF up to its own bound; anything else is held to 5 MB
        return Source(read_file(path, limit=MAX_PDF_BYTES, what=source), str(path))

    def options(
        self,
        *,
        challenge: str | None = None,
        domain: str | None = None,
        now: datetime | None = None,
        clock_skew: timedelta = timedelta(minutes=5),
    ) -> VerifyOptions:
        trust = self.trust() if callable(self.trust) else self.trust
        return VerifyOptions(
            now=now,
            clock_skew=clock_skew,
            fetcher=self.http,
            challenge=challenge,
            domain=domain,
            trust=trust if trust is not None else TrustLists(),
            strict=self.strict,
        )

    def verify_source(
        self,
        source: str,
        *,
        challenge: str | None = None,
        domain: str | None = None,
        now: datetime | None = None,
        clock_skew: timedelta = timedelta(minutes=5),
    ) -> VerificationResult:
        """Read and verify; a share link's own challenge and domain apply unless given."""
        read = self.read(source)
        badge = self.badge_in(read, source)
        if badge is not None:
            return self.check_badge(badge, now=now, clock_skew=clock_skew).result
        return verify_bytes(
            read.data,
            self.options(
                challenge=challenge or read.challenge,
                domain=domain or read.domain,
                now=now,
                clock_skew=clock_skew,
            ),
            name=read.name,
        )

    @staticmethod
    def badge_in(read: Source, source: str) -> Ob2Input | None:
        """The Open Badges 2.0 badge ``read`` holds, if it is one: a hosted assertion fetched
        from the URL given is checked at that URL; None for anything else (an unreadable
        input is for the general reader to name). A badge image that holds something unusable
        is refused by name (:class:`~wallet.errors.InputError`)."""
        given = badge_address(read.data)
        if given is not None:
            return given
        try:
            loaded = load_bytes(read.data, name=read.name)
        except InputError:
            return None
        given = badge_of(loaded)  # a badge image holding something unusable: named
        if (
            given is not None
            and given.form == "json"
            and read.challenge is None
            and is_http_url(source.strip())
        ):
            url = source.strip()
            return Ob2Input("url", "url", url.encode("utf-8"), url=url)
        return given

    def check_badge(
        self,
        given: Ob2Input,
        *,
        now: datetime | None = None,
        clock_skew: timedelta = timedelta(minutes=5),
    ) -> Ob2Verification:
        """An Open Badges 2.0 badge verified the OB 2.0 way, through this verifier's network
        policy (offline: a hosted badge is *issuer not confirmed*)."""
        from wallet.ob2.verify import check_ob2  # imported when a badge is checked

        return check_ob2(
            given,
            fetcher=self.http,
            now=now,
            recipient=self.recipient,
            offline=self.http is None,
            strict=self.strict,
            clock_skew=clock_skew,
        )

    def verify_text(self, text: str) -> VerificationResult:
        """Pasted text: a link (a share link included), or the credential itself."""
        return self.check_text(text).result

    def verify_image(self, image: bytes) -> VerificationResult:
        """A photo of a QR code (of a share link or a credential's URL), or a baked badge."""
        return self.check_image(image).result

    def _checked(self, data: bytes, options: VerifyOptions, name: str | None = None) -> Checked:
        given = badge_address(data)
        if given is not None:
            found = self.check_badge(given, now=options.now)
            return Checked(found.result, found.assertion, badge=found)
        try:
            loaded = load_bytes(data, name=name)
            given = badge_of(loaded)
        except InputError:
            return Checked(verify_bytes(data, options, name=name), None)  # reported as such
        if given is not None:  # Open Badges 2.0: its assertion in OB 2.0's shape
            found = self.check_badge(given, now=options.now)
            return Checked(found.result, found.assertion, badge=found)
        result = verify(loaded, options)
        document = loaded.document if isinstance(loaded.document, dict) else None
        return Checked(
            result,
            document,
            loaded.jwt,
            badges=self._carried(document, options) if document else (),
        )

    def _carried(
        self, document: dict[str, Any], options: VerifyOptions
    ) -> tuple[Ob2Verification, ...]:
        """The Open Badges 2.0 badges a presentation's learner record carries, verified again
        the OB 2.0 way through this verifier's network policy (as the share page does)."""
        from wallet.ob2.carried import carried_badges, verify_carried  # when a badge is there

        if not carried_badges(document):
            return ()
        return verify_carried(document, fetcher=self.http, now=options.now)

    def check_text(self, text: str) -> Checked:
        """:meth:`verify_text`, with the document as read (for showing what it says). A share
        link that is gone reads as :class:`~wallet.errors.ShareUnavailableError`."""
        text = text.strip()
        if text.startswith(("https://", "http://")):
            expected = _share_expectation(text)
            if expected:
                url, challenge, domain = expected
                return self._checked(
                    self._fetch(url, share=True), self.options(challenge=challenge, domain=domain)
                )
            return self._checked(self._fetch(text), self.options())
        # "surrogatepass": text holding half of a character (a lone surrogate, as a browser
        # can paste) reaches the reader, which refuses it by name, instead of an encoding error
        return self._checked(text.encode("utf-8", "surrogatepass"), self.options())

    def check_image(self, image: bytes) -> Checked:
        """A photo of one QR code: of a link (a share link's presentation is fetched), else
        read as the code's content (an offline code's VP1 text); a baked badge; an image of
        several codes is refused by :func:`~wallet.formats.sources.load_bytes`."""
        from wallet.exchange.qr import decode_qr

        try:
            texts = decode_qr(image)
        except InputError:
            return self._checked(image, self.options())  # a baked badge
        if len(texts) == 1 and texts[0].strip().startswith(("https://", "http://")):
            return self.check_text(texts[0])
        return self._checked(image, self.options())


def sample_results() -> list[tuple[str, VerificationResult, bool]]:
    """The bundled sample credentials verified offline: (file name, result, whether it is
    meant to fail — the tampered one)."""
    return [
        (
            path.name,
            verify_bytes(path.read_bytes(), VerifyOptions(), name=path.name),
            path.name.startswith("tampered"),
        )
        for path in sample_paths()
    ]


def trust_from_files(paths: list[str]) -> list[TrustList]:
    """Trust lists from files (``--trust FILE``); a file that is not one is refused."""
    out = []
    for path in paths:  # regular files only, read within the size cap
        out.append(parse_trust_list(read_file(path, limit=MAX_LIST_BYTES), source=path))
    return out


def profile_trust(home: str | None, profile: str | None) -> TrustLists | None:
    """The trust lists of a wallet's profile, when it opens without asking (the OS keyring,
    or ``WALLET_PASSPHRASE``); None when there is no wallet or it stays shut."""
    from wallet.storage.paths import wallet_home

    try:  # no profile list, no wallet: nothing to open (and nothing of the vault imported)
        if not (wallet_home(home) / "profiles.json").is_file():
            return None
    except OSError:
        return None
    from wallet.services.facade import WalletService
    from wallet.services.session import env_passphrase

    try:
        with WalletService(home, profile=profile, passphrase_source=env_passphrase) as wallet:
            if not wallet.profiles.exists():
                return None
            return wallet.trust.trust_lists()
    except (WalletError, OSError):
        return None
