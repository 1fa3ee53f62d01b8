"""Open Badges 2.0 (and 1.x) in the wallet: the format-specific step of adding, keeping,
re-checking, showing, presenting and exporting the badges learners already hold. Reading and
verifying them is core's (:mod:`wallet.ob2`); :class:`~wallet.services.credentials.
CredentialService` hands any input that is such a badge (:func:`badge_address`,
:func:`badge_of`) to :meth:`BadgeService.admit`.

**Adding**: verified the OB 2.0 way through the session's fetcher (the wallet's network
policy; offline without one), with the learner's own identities
(:func:`~wallet.services.profiles.own_identities`) to say whether it names them. Refused —
nothing stored — when it is not authentic (its structure, contexts, host or signature, or who
vouches for it, fails: :data:`~wallet.result.AUTHENTICITY_CHECKS`) or when its documents could
not be read (offline, the first time: its BadgeClass and issuer were never fetched). One that
is expired, revoked or awarded to someone else is kept, marked as failed, as any credential is.

**Kept** (a ``credential`` record whose body's ``kind`` is :data:`KIND`): the exact bytes
received — the address, the JSON, the JWS or the badge image — with the verification and the
documents it fetched (hosted assertion, BadgeClass, issuer profile, keys, revocation list),
each exactly as fetched with its fetch time, so the badge still shows offline. The listing is
that of every credential, plus ``hosted_by`` (the origin that hosts a hosted badge). Its
picture is the baked image itself, or the BadgeClass's ``image`` fetched as an issuer's logo is
(:data:`PICTURE_MAX_BYTES`, pixels bounded). One assertion is kept once (:func:`dedupe_content`:
its ``id``, however it came).

**Re-checking** (:meth:`BadgeService.recheck`): online, every document is fetched afresh (a
hosted badge's host is asked again: ``410 Gone`` or ``revoked: true`` is revoked) and the kept
copies replaced by the new ones; offline, the kept ones are used and a hosted badge is *issuer
not confirmed*.

**Exporting** (:meth:`BadgeService.export`): what was received — a baked image re-baked with
its assertion (:mod:`wallet.formats.ob2baking`), the JSON or JWS as received, the address as
given. **Presenting** (:meth:`BadgeService.presented`): the assertion as received, to be
carried in the learner's CLR as learner-asserted evidence
(:class:`~wallet.presenting.present.BadgeInput`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from wallet.competency.mapping import CredentialFacts, facts_from_ob2
from wallet.credential import parse_datetime
from wallet.errors import FetchError, InputError, IntegrityError, WalletError
from wallet.formats.images import check_svg, image_info, is_svg
from wallet.formats.ob2baking import bake_ob2_png, bake_ob2_svg
from wallet.ob2.documents import FetchedDocument, origin_of
from wallet.ob2.model import Identity
from wallet.ob2.reading import (
    Ob2Input,
    alignments,
    badge_address,
    badge_of,
    read_ob2,
    ref_id,
)
from wallet.ob2.verify import Ob2Verification, check_ob2
from wallet.presenting.present import BadgeInput
from wallet.record.badge import badge_card, recipient_of
from wallet.record.card import CredentialCard
from wallet.result import VerificationResult
from wallet.services.profiles import learner_identity, own_identities
from wallet.services.session import Session, now_iso
from wallet.services.stored import (
    CredentialBody,
    KeptBadge,
    KeptDocument,
    StoredAlignment,
    StoredCredential,
)
from wallet.services.types import BadgeInfo
from wallet.storage.records import changed
from wallet.verification.verify import VerifyOptions

__all__ = [
    "KIND",
    "PICTURE_MAX_BYTES",
    "BadgeService",
    "badge_address",
    "badge_of",
    "dedupe_content",
    "is_badge",
    "kept_documents",
    "stored_input",
]

KIND = "ob2"  # the body's "kind" of a kept Open Badges 2.0 badge
PICTURE_MAX_BYTES = 256 * 1024  # a badge's picture, kept in its listing
PICTURE_TIMEOUT = 5.0  # seconds for a badge's picture; it never holds up adding it

Checked = Callable[[StoredCredential, VerificationResult], StoredCredential]
"""A listing with the fields that follow from a verification set (``verified``, ``verdict``,
``checked_at``, ``status_state``), as the credential service writes them for every credential."""


# --- what is an Open Badges 2.0 badge -------------------------------------------------------


def dedupe_content(given: Ob2Input, found: Ob2Verification) -> bytes:
    """What makes two receipts the same badge: its assertion's ``id`` (the hosted one's
    address), however it came — as a URL, JSON, a JWS or baked in an image."""
    ident = found.result.credential_id or found.hosted_url
    if ident:
        return b"ob2:" + ident.encode("utf-8")
    return b"ob2-raw:" + hashlib.sha256(given.raw).digest()


def _text(value: Any, limit: int = 500) -> str | None:
    return value.strip()[:limit] if isinstance(value, str) and value.strip() else None


def _picture(body: bytes, what: str) -> str | None:
    """An image as a ``data:`` URI, kept only when it is a small, readable picture (an SVG:
    with inline images only)."""
    if len(body) > PICTURE_MAX_BYTES:
        return None
    try:
        if is_svg(body):
            check_svg(body, what=what)
            media = "image/svg+xml"
        else:
            media = image_info(body, what=what).media_type
    except (InputError, WalletError):
        return None
    return f"data:{media};base64," + base64.b64encode(body).decode("ascii")


def _inline(uri: str) -> str | None:
    if len(uri) > PICTURE_MAX_BYTES * 2 or not (
        uri.startswith("data:image/") and ";base64," in uri
    ):
        return None
    try:
        body = base64.b64decode(uri.split(",", 1)[1], validate=True)
    except (ValueError, binascii.Error):
        return None
    return _picture(body, "the badge's image")


# --- the kept record ------------------------------------------------------------------------


def _documents_out(documents: Iterable[FetchedDocument]) -> list[KeptDocument]:
    return [
        KeptDocument(
            url=d.url, body=d.body, fetched_at=d.fetched_at.isoformat(), content_type=d.content_type
        )
        for d in documents
    ]


def _kept(body: CredentialBody) -> KeptBadge:
    return body.ob2 or KeptBadge()


def kept_documents(body: CredentialBody) -> dict[str, FetchedDocument]:
    """The documents a kept badge's verifications fetched, by URL, as fetched."""
    out: dict[str, FetchedDocument] = {}
    for item in _kept(body).documents:
        fetched = parse_datetime(item.fetched_at)
        if fetched is None:
            raise IntegrityError("a kept Open Badges 2.0 document is damaged")
        out[item.url] = FetchedDocument(item.url, item.body, fetched, item.content_type)
    return out


def stored_input(body: CredentialBody) -> Ob2Input:
    """The badge a kept record holds, read again from the bytes received."""
    return read_ob2(body.raw)


def _last_checked(body: CredentialBody) -> datetime | None:
    return parse_datetime(_kept(body).checked_at)


def _verification(body: CredentialBody) -> VerificationResult:
    result = body.result()
    if result is None:
        raise IntegrityError("a kept Open Badges 2.0 badge is damaged")
    return result


class BadgeService:
    """Open Badges 2.0 badges in the current profile's vault (module docstring). ``checked``:
    a listing with the verdict fields of a result set (:data:`Checked`)."""

    def __init__(self, session: Session, checked: Checked) -> None:
        self._s = session
        self._checked = checked

    # --- verifying --------------------------------------------------------------------------

    def identities(self) -> tuple[Identity, ...]:
        """The learner's own identities (never sent anywhere)."""
        try:
            return own_identities(self._s)
        except WalletError:
            return ()

    def check(
        self,
        given: Ob2Input,
        options: VerifyOptions | None = None,
        *,
        stored: Mapping[str, FetchedDocument] | None = None,
        last_checked: datetime | None = None,
    ) -> Ob2Verification:
        """Verify the OB 2.0 way, as the wallet verifies what it holds: online when the
        session (or ``options``) has a fetcher, else with the ``stored`` documents."""
        options = options or self._s.verify_options()
        return check_ob2(
            given,
            fetcher=options.fetcher,
            now=options.now,
            recipient=self.identities(),
            offline=options.fetcher is None,
            stored=stored,
            last_checked=last_checked,
            strict=options.strict,
            clock_skew=options.clock_skew,
            max_fetches=min(32, options.max_fetches),
            network_time_limit=options.network_time_limit,
        )

    # --- adding -----------------------------------------------------------------------------

    def admit(
        self,
        given: Ob2Input,
        received: bytes,
        *,
        options: VerifyOptions | None = None,
        source: str | None = None,
    ) -> tuple[Ob2Verification, StoredCredential, CredentialBody, bytes]:
        """Verify a badge and make its record: (the verification, listing, body, what makes it
        a duplicate); refused (:class:`~wallet.errors.InputError`, with the result) as the
        module docstring says."""
        options = options or self._s.verify_options()
        found = self.check(given, options)
        self._refuse_unless_kept(found)
        stored, body = self._record(given, received, found, online=options.fetcher is not None)
        stored = changed(stored, received_at=now_iso(), source=source or None)
        return found, stored, body, dedupe_content(given, found)

    @staticmethod
    def _refuse_unless_kept(found: Ob2Verification) -> None:
        result = found.result
        failed = result.authenticity_failures
        if failed:
            raise InputError(f"not stored: {failed[0].message}", result=result)
        if found.assertion is None or found.badge is None:
            raise InputError(
                "not stored: the badge's documents (its BadgeClass, its issuer) "
                "could not be fetched; adding an Open Badges 2.0 badge needs the "
                "network the first time",
                result=result,
            )

    def _pictures(
        self, given: Ob2Input, received: bytes, found: Ob2Verification, online: bool
    ) -> tuple[str | None, str | None]:
        """The badge's picture (the baked image itself, else its BadgeClass's image) and its
        issuer's logo, as ``data:`` URIs; fetched only online."""
        picture = _picture(received, "the badge image") if given.baked else None
        out: list[str | None] = [picture, None]
        for n, doc in enumerate((found.badge, found.issuer)):
            uri = ref_id(doc.get("image")) if doc else None
            if out[n] is not None or not uri:
                continue
            if uri.startswith("data:"):
                out[n] = _inline(uri)
            elif online and uri.startswith(("https://", "http://")):
                try:
                    fetched = self._s.http.request(
                        "GET", uri, accept="image/*", timeout=PICTURE_TIMEOUT
                    )
                except FetchError:
                    continue
                out[n] = _picture(fetched.body, "the badge's image")
        return out[0], out[1]

    def _record(
        self,
        given: Ob2Input,
        received: bytes,
        found: Ob2Verification,
        *,
        online: bool,
        kept: Mapping[str, FetchedDocument] | None = None,
        pictures: bool = True,
    ) -> tuple[StoredCredential, CredentialBody]:
        result = found.result
        assertion, badge = found.assertion or {}, found.badge or {}
        skills: list[str] = []
        aligned = []
        for a in alignments(badge):
            if a.targetName and a.targetName not in skills:
                skills.append(a.targetName)
            aligned.append(
                StoredAlignment(
                    name=a.targetName,
                    url=a.targetUrl,
                    code=a.targetCode,
                    framework=a.targetFramework,
                    type=None,
                )
            )
        tags = badge.get("tags")
        for tag in tags if isinstance(tags, list) else [tags]:
            if isinstance(tag, str) and _text(tag, 100) and tag.strip() not in skills:
                skills.append(tag.strip())
        picture, logo = self._pictures(given, received, found, online) if pictures else (None, None)
        hosted = result.format == "ob2_hosted" and found.hosted_url
        stored = self._checked(
            StoredCredential(
                name=result.name or _text(badge.get("name"), 200) or "(unnamed badge)",
                issuer=result.issuer,
                issuer_name=result.issuer_name,
                types=list(result.types),
                format=result.format,
                achievement_type=None,
                description=_text(badge.get("description")) or "",
                image=picture,
                skills=skills,
                alignments=aligned,
                tags=[],
                valid_from=_text(assertion.get("issuedOn"), 64),
                valid_until=_text(assertion.get("expires"), 64),
                credential_id=result.credential_id,
                issuer_logo=logo or None,
                hosted_by=origin_of(found.hosted_url) if hosted and found.hosted_url else None,
            ),
            result,
        )
        documents = {**(kept or {}), **{d.url: d for d in found.documents}}
        body = CredentialBody(
            raw=received,
            kind=KIND,
            origin=given.origin,
            verification=result.model_dump(mode="json"),
            ob2=KeptBadge(
                form=given.form,
                hosted_url=found.hosted_url,
                checked_at=found.checked_at.isoformat() if found.checked_at else None,
                documents=_documents_out(documents.values()),
            ),
        )
        return stored, body

    # --- re-checking and restoring ----------------------------------------------------------

    def recheck(
        self, stored: StoredCredential, body: CredentialBody, options: VerifyOptions | None = None
    ) -> tuple[VerificationResult, StoredCredential, CredentialBody]:
        """Verify a kept badge again (module docstring): (the result, its listing with what
        follows from it, the new body)."""
        options = options or self._s.verify_options()
        given, kept = stored_input(body), kept_documents(body)
        found = self.check(given, options, stored=kept, last_checked=_last_checked(body))
        online = options.fetcher is not None
        fresh, fresh_body = self._record(
            given, body.raw, found, online=online, kept=kept, pictures=False
        )  # the pictures kept stay
        if (not online or found.checked_at is None) and fresh_body.ob2 is not None:
            # nothing new heard: the last time stands
            fresh_body.ob2.checked_at = _kept(body).checked_at
        shown = ["verified", "verdict", "checked_at", "status_state", "hosted_by"]
        if found.assertion is not None and found.badge is not None:
            shown += [
                "name",
                "issuer",
                "issuer_name",
                "description",
                "skills",
                "alignments",
                "valid_from",
                "valid_until",
            ]
        return found.result, changed(stored, **{k: getattr(fresh, k) for k in shown}), fresh_body

    def restored(
        self, body: CredentialBody, options: VerifyOptions | None = None
    ) -> tuple[StoredCredential, CredentialBody]:
        """A badge from a backup, verified again and its record rebuilt from its bytes and
        kept documents (nothing of the backup's listing is trusted); refused as adding is."""
        options = options or self._s.verify_options()
        given, kept = stored_input(body), kept_documents(body)
        found = self.check(given, options, stored=kept, last_checked=_last_checked(body))
        self._refuse_unless_kept(found)
        return self._record(given, body.raw, found, online=options.fetcher is not None, kept=kept)

    @staticmethod
    def dedupe_of(body: CredentialBody) -> bytes:
        """What makes a kept badge (a backup's, say) a duplicate: its assertion's id as its
        kept verification names it."""
        given = stored_input(body)
        return dedupe_content(
            given, Ob2Verification(_verification(body), hosted_url=_kept(body).hosted_url)
        )

    # --- showing ----------------------------------------------------------------------------

    def view(self, body: CredentialBody) -> Ob2Verification:
        """The badge's documents in OB 2.0's shape, read from what is kept (nothing fetched),
        with the kept verification as its result."""
        given, kept = stored_input(body), kept_documents(body)
        found = check_ob2(given, fetcher=None, stored=kept, last_checked=_last_checked(body))
        result = _verification(body)
        return replace(
            found, result=result, checked_at=_last_checked(body), recipient=recipient_of(result)
        )

    def info(self, body: CredentialBody) -> BadgeInfo:
        """What the app shows of a kept badge beyond its listing."""
        found = self.view(body)
        hosted_url = _kept(body).hosted_url
        return BadgeInfo(
            kind="signed" if found.result.format == "ob2_signed" else "hosted",
            origin=body.origin or "json",
            assertion=found.assertion or {},
            badge=found.badge or {},
            issuer=found.issuer or {},
            hosted_url=hosted_url,
            host=origin_of(hosted_url) if hosted_url else None,
            checked_at=found.checked_at.isoformat() if found.checked_at else None,
        )

    def card(self, body: CredentialBody, stored: StoredCredential, lang: str) -> CredentialCard:
        """The badge as a person reads it (:func:`wallet.record.badge.badge_card`)."""
        try:
            learner = learner_identity(self._s)
        except WalletError:
            learner = None
        return badge_card(
            self.view(body),
            lang,
            image=stored.image,
            issuer_logo=stored.issuer_logo,
            learner=learner,
        )

    def facts(self, rid: str, body: CredentialBody, *, verified: bool) -> CredentialFacts:
        """What the competency map needs (:func:`wallet.competency.mapping.facts_from_ob2`)."""
        found = self.view(body)
        issued = parse_datetime((found.assertion or {}).get("issuedOn"))
        return facts_from_ob2(rid, found.badge or {}, issued=issued, verified=verified)

    # --- exporting and presenting -----------------------------------------------------------

    @staticmethod
    def export(body: CredentialBody) -> tuple[bytes, str]:
        """The badge as received, and the file suffix it is written with (module docstring)."""
        received, given = body.raw, stored_input(body)
        if given.origin == "png":
            return bake_ob2_png(received, given.raw), ".png"
        if given.origin == "svg":
            document = given.document or {}
            hosted = document.get("id") if isinstance(document.get("id"), str) else None
            return bake_ob2_svg(received.decode("utf-8"), given.raw, hosted_url=hosted).encode(
                "utf-8"
            ), ".svg"
        if given.form == "jws":
            return received, ".jws"
        if given.form == "url":
            return received, ".url" if received.lstrip().startswith(b"[") else ".txt"
        return received, ".json"

    def presented(self, rid: str, body: CredentialBody, name: str) -> BadgeInput:
        """The badge to carry in a presentation: its assertion as received (what was baked,
        for an image; for a badge kept only as its address, the assertion its host served
        when last checked), its hosted address, and whether it is hosted or signed."""
        given = stored_input(body)
        hosted_url = _kept(body).hosted_url
        if given.form == "jws":
            return BadgeInput(rid, name, given.raw.strip(), "application/jose", None, signed=True)
        if given.form == "url":
            served = kept_documents(body).get(given.url or "")
            if served is None:
                raise InputError(
                    f"{name!r} has not been checked with its host yet; re-check "
                    "it online before presenting it"
                )
            return BadgeInput(rid, name, served.body, "application/ld+json", given.url)
        return BadgeInput(rid, name, given.raw, "application/ld+json", hosted_url)


def is_badge(body: Any) -> bool:
    """Whether a credential record's body (typed or as stored) is a kept Open Badges 2.0
    badge."""
    if isinstance(body, CredentialBody):
        return body.kind == KIND
    return isinstance(body, Mapping) and body.get("kind") == KIND
