"""The learner's credentials: add (verified first), list, search, show, verify again, tag,
delete with undo, export. Open Badges 2.0 (and 1.x) badges take their own format-specific step
(:mod:`wallet.services.badges`): verified the OB 2.0 way, kept with the documents fetched.

Credentials come in one way, :meth:`CredentialService.admit` (:mod:`wallet.services.admission`),
from an issuer, an exchange or a file alike; they are verified before they are stored (see
:data:`AUTHENTICITY_CHECKS`), kept as the exact bytes received, and listed from encrypted
metadata (what is kept of each, and its verdict in the listing's words:
:mod:`wallet.services.credential_record`); search runs on an in-memory index built after unlock
(:class:`_Index`), dropped whenever the session resets.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from wallet.credential import load_json, parse_iso_datetime
from wallet.errors import InputError, IntegrityError, WalletError
from wallet.formats.sources import LoadedInput, load_bytes
from wallet.formats.vcjwt import unverified_credential
from wallet.result import AUTHENTICITY_CHECKS, VerificationResult
from wallet.services.admission import (
    Examined,
    Incoming,
    Refused,
    authenticate,
    examine,
    refusal_of,
)
from wallet.services.badges import KIND as BADGE
from wallet.services.badges import BadgeService, badge_address, badge_of
from wallet.services.carried import carried_inputs, is_carried_presentation
from wallet.services.credential_record import (
    VERDICTS,
    checked,
    dedupe_content,
    status_state,
    stored_record,
    verdict_of,
)
from wallet.services.portfolio import PortfolioService
from wallet.services.session import Session, now_iso
from wallet.services.stored import CredentialBody, StoredCredential
from wallet.services.types import AddResult, CredentialDetail, CredentialSummary, Page
from wallet.storage.records import Records, changed
from wallet.verification.verify import VerifyOptions

__all__ = [
    "AUTHENTICITY_CHECKS",
    "VERDICTS",
    "CredentialService",
    "Recheck",
    "dedupe_content",
    "verdict_of",
]

STALE_AFTER = timedelta(days=7)  # status older than this is checked again (``recheck``)


@dataclass
class Recheck:
    """What a re-check found: how many were checked, and those whose verdict changed, as
    (id, name, verdict before, verdict now); ``revoked`` names those an issuer revoked or
    suspended since the last check."""

    checked: int = 0
    changed: list[tuple[str, str, str, str]] = field(default_factory=list)
    revoked: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (id, why it could not run)


_WORD_SPLIT = re.compile(r"[^\w]+")


class _Index:
    """The in-memory search index over credential metadata (built after unlock)."""

    def __init__(self) -> None:
        self.items: dict[str, CredentialSummary] = {}
        self.haystack: dict[str, str] = {}
        self.order: list[str] = []  # newest first, as stored
        self.damaged: list[str] = []

    def put(self, summary: CredentialSummary, *, newest: bool = True) -> None:
        if summary.id not in self.items:
            if newest:
                self.order.insert(0, summary.id)
            else:
                self.order.append(summary.id)
        self.items[summary.id] = summary
        text = " ".join(
            [
                summary.name,
                summary.issuer_name or "",
                summary.issuer or "",
                summary.achievement_type or "",
                *summary.skills,
                *summary.tags,
                *summary.types,
            ]
        ).casefold()
        # Words with a leading space: a query word matches the start of any word.
        self.haystack[summary.id] = " " + " ".join(_WORD_SPLIT.split(text))

    def remove(self, rid: str) -> None:
        self.items.pop(rid, None)
        self.haystack.pop(rid, None)
        with contextlib.suppress(ValueError):
            self.order.remove(rid)

    def search(self, query: str) -> list[str]:
        tokens = [" " + t for t in _WORD_SPLIT.split(query.casefold()) if t]
        return [i for i in self.order if all(t in self.haystack[i] for t in tokens)]


_SORT_KEYS: dict[str, Callable[[CredentialSummary], Any]] = {
    "name": lambda s: s.name.casefold(),
    "issuer": lambda s: (s.issuer_name or s.issuer or "").casefold(),
    "valid_from": lambda s: s.valid_from or "",
}


class CredentialService:
    def __init__(self, session: Session, portfolio: PortfolioService) -> None:
        self._s = session
        self._portfolio = portfolio
        self._index: _Index | None = None
        self._records: Records[StoredCredential, CredentialBody] = Records(
            session.vault, "credential", StoredCredential, CredentialBody
        )
        self.badges = BadgeService(session, checked)
        session.on_reset(self._forget)

    def _forget(self) -> None:
        self._index = None

    # --- adding -----------------------------------------------------------------------------

    def add(
        self,
        data: bytes,
        *,
        name: str | None = None,
        options: VerifyOptions | None = None,
        source: str | None = None,
    ) -> AddResult:
        """Verify and store a credential (any format ``wallet verify`` reads) the learner
        chose — a file, pasted text: :meth:`admit` without a holder. Raises what refused it
        (unreadable, or :class:`~wallet.errors.NotAuthenticError`); a duplicate is stored
        once and reported. An offline QR code (its text or image) or a PDF carrying a
        presentation adds the credentials it shows (see :meth:`_add_carried`); an Open Badges 2.0
        badge (its address, JSON, JWS or image) is kept the OB 2.0 way (:meth:`add_badge`)."""
        self._s.vault()
        given = badge_address(data)
        loaded = None
        if given is None:
            loaded = load_bytes(data, name=name)
            given = badge_of(loaded)
        if given is not None:  # Open Badges 2.0: its own verification and record
            return self.add_badge(given, data, options=options, source=source)
        if loaded is not None and is_carried_presentation(loaded):
            return self._add_carried(loaded, options or self._s.verify_options(), source)
        admitted = self.admit(data, name=name, options=options, source=source)
        if isinstance(admitted, Refused):
            raise admitted.error
        return admitted

    def add_badge(
        self,
        given: Any,
        received: bytes,
        *,
        options: VerifyOptions | None = None,
        source: str | None = None,
    ) -> AddResult:
        """Verify an Open Badges 2.0 badge the OB 2.0 way and keep it with the documents
        fetched (:meth:`~wallet.services.badges.BadgeService.admit`; ``received``: the exact
        bytes given); refused as :meth:`add` refuses, one assertion kept once."""
        found, stored, body, content = self.badges.admit(
            given, received, options=options, source=source
        )
        return self._store(stored, body, content, found.result)

    def _add_carried(
        self, loaded: LoadedInput, options: VerifyOptions, source: str | None
    ) -> AddResult:
        """An offline QR code's or a PDF's presentation: verified whole (nothing is stored
        unless every credential in it is authentic), then each credential it shows stored as
        :meth:`keep` stores one; the first is returned, the others in ``also``."""
        result = authenticate(loaded, options)
        refused = refusal_of(result)
        if refused is not None:
            raise refused
        pairs = carried_inputs(loaded, result)
        if not pairs:
            raise InputError("not stored: the presentation carries no credential")
        with self._s.vault().transaction():
            added = [
                self.keep(
                    Examined(
                        item,
                        res,
                        None,
                        str(item.document.get("name") or "")
                        if isinstance(item.document, Mapping)
                        else "",
                    ),
                    source=source,
                )
                for item, res in pairs
            ]
        return added[0].model_copy(update={"also": tuple(added[1:])})

    def examine(
        self,
        incoming: Incoming,
        *,
        holder: str | None = None,
        name: str | None = None,
        options: VerifyOptions | None = None,
    ) -> Examined | Refused:
        """Read, bind and verify a credential as :meth:`admit` does, storing nothing (to ask
        the learner before :meth:`keep`)."""
        return examine(incoming, options or self._s.verify_options(), holder=holder, name=name)

    def admit(
        self,
        incoming: Incoming,
        *,
        holder: str | None = None,
        source: str | None = None,
        name: str | None = None,
        issuer_logo: str | None = None,
        issuer_names: Iterable[tuple[str | None, str]] = (),
        options: VerifyOptions | None = None,
    ) -> AddResult | Refused:
        """The one way a credential comes in — from an issuer (OID4VCI), a VC-API exchange, a
        file or pasted text (:mod:`wallet.services.admission`): read, bound to ``holder`` (the
        learner's DID, when it was issued to this wallet), verified, and stored as received;
        else :class:`Refused` with the reason, and nothing stored. ``source``: where it came
        from (the issuer); ``issuer_logo``: the logo the wallet fetched when receiving;
        ``issuer_names``: the issuer's own name per language (its OpenID4VCI display)."""
        self._s.vault()
        examined = self.examine(incoming, holder=holder, name=name, options=options)
        if isinstance(examined, Refused):
            return examined
        return self.keep(
            examined, source=source, issuer_logo=issuer_logo, issuer_names=issuer_names
        )

    def keep(
        self,
        examined: Examined,
        *,
        source: str | None = None,
        issuer_logo: str | None = None,
        issuer_names: Iterable[tuple[str | None, str]] = (),
    ) -> AddResult:
        """Store a credential :meth:`examine` admitted (a duplicate once; one deleted before
        comes back)."""
        loaded, result = examined.loaded, examined.verification
        stored, body = stored_record(
            loaded, result, source=source, issuer_logo=issuer_logo, issuer_names=issuer_names
        )
        return self._store(stored, body, dedupe_content(loaded), result)

    def _store(
        self,
        stored: StoredCredential,
        body: CredentialBody,
        content: bytes,
        result: VerificationResult,
    ) -> AddResult:
        """Store a credential's record, once: one stored before (``content``, what makes it
        the same credential) is reported as a duplicate, and brought back from the trash."""
        vault = self._s.vault()
        dedupe = vault.dedupe_key(content)
        existing = self._records.duplicate(dedupe)
        if existing:
            held = self._records.get(existing, include_deleted=True)
            if vault.is_deleted(existing):  # received again after deleting: bring it back
                vault.undelete(existing)
                self._index_put(held)
            return AddResult(
                id=existing, duplicate=True, summary=held.summary(), verification=result
            )
        rid = self._records.add(stored, body, dedupe=dedupe)
        stored = changed(stored, id=rid)
        self._index_put(stored)
        return AddResult(id=rid, duplicate=False, summary=stored.summary(), verification=result)

    @staticmethod
    def record_of(
        loaded: LoadedInput,
        result: VerificationResult,
        *,
        source: str | None = None,
        issuer_logo: str | None = None,
        issuer_names: Iterable[tuple[str | None, str]] = (),
    ) -> tuple[StoredCredential, CredentialBody]:
        """The vault record — (listing metadata, body) — of a credential verified by the
        caller (a backup being restored), everything in it derived from the credential's bytes
        and that verification; refused as :meth:`admit` refuses
        (:func:`~wallet.services.admission.refusal_of`)."""
        refused = refusal_of(result)
        if refused is not None:
            raise refused
        return stored_record(
            loaded, result, source=source, issuer_logo=issuer_logo, issuer_names=issuer_names
        )

    def add_many(
        self,
        items: Iterable[tuple[bytes, str | None]],
        *,
        options: VerifyOptions | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> list[AddResult | InputError]:
        """Bulk import: each item verified and stored as by :meth:`add`, all in one
        transaction (much faster; if the process dies, none of this batch is kept). Returns,
        per item, its result or the error that kept it out."""
        vault = self._s.vault()
        out: list[AddResult | InputError] = []
        with vault.transaction():
            for n, (data, name) in enumerate(items, 1):
                try:
                    out.append(self.add(data, name=name, options=options))
                except InputError as exc:
                    out.append(exc)
                if progress:
                    progress(n)
        return out

    # --- the index ----------------------------------------------------------------------------

    def build_index(self) -> None:
        """Decrypt the listing metadata of every credential into the in-memory search index
        (the app calls this in the background right after unlock)."""
        self._built()

    def _index_put(self, stored: StoredCredential) -> None:
        if self._index is not None:
            self._index.put(stored.summary())

    def _built(self) -> _Index:
        with self._s.lock:
            if self._index is None:
                index = _Index()
                for rid, stored in self._records.rows():
                    if stored is not None:
                        index.put(stored.summary(), newest=False)
                    else:
                        index.damaged.append(rid)
                self._index = index
            return self._index

    def damaged(self) -> list[str]:
        """Credentials whose records cannot be read (they are left out of lists)."""
        return list(self._built().damaged)

    # --- reading ------------------------------------------------------------------------------

    def resolve(self, prefix: str, kind: str | None = "credential") -> str:
        """A full record id from a unique prefix (like git)."""
        return self._s.vault().resolve_id(prefix, kind)

    def search(
        self,
        *,
        query: str = "",
        sort: str = "received",
        descending: bool = True,
        offset: int = 0,
        limit: int = 50,
        issuer: str | None = None,
        skill: str | None = None,
        tag: str | None = None,
        type_: str | None = None,
        verdict: str | None = None,
        received_after: str | None = None,
        received_before: str | None = None,
    ) -> Page[CredentialSummary]:
        """A page of credentials, searched, filtered and sorted."""
        filtered = any(
            [query.strip(), issuer, skill, tag, type_, verdict, received_after, received_before]
        )
        if not filtered and sort == "received" and descending and self._index is None:
            # The first screen right after unlock: straight from the vault, newest first,
            # without decrypting everything.
            items = tuple(s.summary() for s in self._records.page(offset, limit))
            return Page(items=items, total=self._records.count(), offset=offset, limit=limit)
        index = self._built()
        ids = index.search(query) if query.strip() else index.order
        found = [index.items[i] for i in ids]
        if issuer:
            found = [
                s
                for s in found
                if issuer.casefold() in f"{s.issuer_name or ''} {s.issuer or ''}".casefold()
            ]
        if skill:
            found = [s for s in found if any(skill.casefold() in k.casefold() for k in s.skills)]
        if tag:
            found = [s for s in found if tag.casefold() in (t.casefold() for t in s.tags)]
        if type_:
            found = [s for s in found if type_ in s.types or type_ == s.achievement_type]
        if verdict:
            found = [s for s in found if s.verdict == verdict]
        if received_after:
            found = [s for s in found if s.received_at >= received_after]
        if received_before:
            found = [s for s in found if s.received_at <= received_before]
        if sort in _SORT_KEYS:
            found.sort(key=_SORT_KEYS[sort], reverse=descending)
        elif sort == "received":
            if not descending:
                found.reverse()
        else:
            raise WalletError(f"cannot sort by {sort!r}")
        return Page(
            items=tuple(found[offset : offset + limit]),
            total=len(found),
            offset=offset,
            limit=limit,
        )

    def all(self) -> list[CredentialSummary]:
        """Every credential, newest first."""
        return list(self.search(limit=1_000_000).items)

    def names(self) -> dict[str, str]:
        return {c.id: c.name for c in self.all()}

    def get(self, rid: str) -> CredentialDetail:
        """One credential with its verification and the learner's evidence linked to it."""
        stored, body = self._records.read(rid)
        raw = body.raw
        document, jwt, badge = None, None, None
        if body.kind == BADGE:  # Open Badges 2.0: its documents as kept
            badge = self.badges.info(body)
            document = badge.assertion
        elif body.kind == "jwt":
            jwt = raw.decode("ascii")
            with contextlib.suppress(WalletError):
                document = unverified_credential(jwt)
        else:
            document = load_json(raw, what="the stored credential")
        return CredentialDetail(
            summary=stored.summary(),
            raw=raw,
            document=document,
            jwt=jwt,
            verification=body.result(),
            reflections=tuple(self._portfolio.reflections(credential_id=rid)),
            artifacts=tuple(self._portfolio.artifacts(credential_id=rid)),
            badge=badge,
        )

    def record(self, rid: str) -> tuple[StoredCredential, CredentialBody]:
        """A stored credential's record as the vault keeps it: its listing and its body."""
        return self._records.read(rid)

    def raw(self, rid: str) -> tuple[bytes, str]:
        """The exact bytes of a stored credential and their kind (``json``, ``jwt``, or
        ``ob2``: an Open Badges 2.0 badge as received — a URL, JSON, a JWS or an image)."""
        body = self._records.secret(rid)
        return body.raw, body.kind

    def stored(self) -> Iterable[tuple[str, bool, bytes, str]]:
        """(id, verified, raw bytes, kind) of every stored credential, newest first."""
        for rid, stored in self._records.rows():
            if stored is not None:
                body = self._records.secret(rid)
                yield rid, stored.verified, body.raw, body.kind

    def reverify(self, rid: str, options: VerifyOptions | None = None) -> VerificationResult:
        """Verify a stored credential again (status may have changed) and remember it; a
        credential an issuer revoked or suspended since is marked so, with the date it was
        noticed."""
        stored, body = self._records.read(rid)
        if body.kind == BADGE:  # its host or issuer asked again; the documents kept
            result, stored, body = self.badges.recheck(stored, body, options)
        else:
            result = authenticate(load_bytes(body.raw), options or self._s.verify_options())
        stored = checked(stored, result)
        stored = changed(
            stored,
            status_noticed=None
            if stored.status_state is None  # since when
            else (stored.status_noticed or now_iso()),
        )
        self._records.replace(
            rid, stored, changed(body, verification=result.model_dump(mode="json"))
        )
        self._index_put(stored)
        return result

    def stale(
        self, older_than: timedelta = STALE_AFTER, *, now: datetime | None = None
    ) -> list[CredentialSummary]:
        """The credentials whose status was last checked longer ago than ``older_than``
        (oldest check first)."""
        limit = (now or datetime.now(UTC)) - older_than
        found = []
        for summary in self.all():
            checked = parse_iso_datetime(summary.checked_at)
            if checked is None or checked <= limit:
                found.append(summary)
        return sorted(found, key=lambda s: s.checked_at)

    def recheck(
        self,
        older_than: timedelta = STALE_AFTER,
        *,
        progress: Callable[[int, int], None] | None = None,
        options: VerifyOptions | None = None,
    ) -> Recheck:
        """Verify again every credential checked longer ago than ``older_than`` (status lists
        fetched afresh when the session is online); reports what changed. ``progress`` is
        told (done, total) after each. Needs the network: offline, status cannot be known."""
        if options is None and self._s.fetcher is None:
            raise InputError("re-checking status needs the network (this wallet is offline)")
        todo = self.stale(older_than)
        report = Recheck()
        for n, summary in enumerate(todo, 1):
            try:
                result = self.reverify(summary.id, options)
            except WalletError as exc:
                report.failed.append((summary.id, exc.message))
            else:
                report.checked += 1
                now = verdict_of(result)
                if now != summary.verdict:
                    report.changed.append((summary.id, summary.name, summary.verdict, now))
                if status_state(result) and not summary.status_state:
                    report.revoked.append((summary.id, summary.name))
            if progress:
                progress(n, len(todo))
        return report

    # --- changing -----------------------------------------------------------------------------

    def tag(
        self, rid: str, add: Iterable[str] = (), remove: Iterable[str] = ()
    ) -> CredentialSummary:
        tags = [t for t in self._records.get(rid).tags if t not in set(remove)]
        for t in add:
            t = t.strip()
            if t and t not in tags:
                tags.append(t)
        stored = self._records.update(rid, tags=tags)
        self._index_put(stored)
        return stored.summary()

    def delete(self, rid: str) -> None:
        """Move to the trash (undo with :meth:`undo_delete`)."""
        self._s.vault().soft_delete(rid)
        if self._index is not None:
            self._index.remove(rid)

    def undo_delete(self, rid: str) -> None:
        vault = self._s.vault()
        vault.undelete(rid)
        if vault.kind_of(rid) == "credential":
            try:
                self._index_put(self._records.get(rid))
            except IntegrityError:  # listed as damaged, as when the index was built
                if self._index is not None:
                    self._index.damaged.append(rid)

    def export(self, ids: Iterable[str]) -> list[bytes]:
        """The exact bytes of chosen credentials — plain, for an explicit export only."""
        return [self.exported(rid)[0] for rid in ids]

    def exported(self, rid: str) -> tuple[bytes, str]:
        """One credential as it is exported, and the file suffix to write it with: the exact
        bytes received (``.json``, ``.jwt``); an Open Badges 2.0 badge as it came — a baked
        image re-baked (``.png``, ``.svg``), its JSON or JWS, its address."""
        body = self._records.secret(rid)
        if body.kind == BADGE:
            return self.badges.export(body)
        return body.raw, ".jwt" if body.kind == "jwt" else ".json"

    def empty_trash(self, older_than_days: float = 0) -> int:
        """Remove for good what was deleted (credentials, reflections, artifacts) and the
        files no artifact refers to any more."""
        removed = self._s.vault().purge_deleted(older_than_days * 86400)
        self._portfolio.collect_blobs()
        return removed
