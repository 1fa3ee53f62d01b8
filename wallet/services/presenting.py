"""Presenting: compose a signed presentation of chosen credentials (with the learner's own
reflections and work samples, and the learner as they give themself; an Open Badges 2.0 badge
carried as learner-asserted evidence, verified again the OB 2.0 way wherever it is read), keep
reusable selections (presets), share it by link and QR code through a share service, see the
shared links (title, status, views and when, the QR code again) and withdraw them, export it as
files (the signed JSON and a PDF that reads like the employer's page), and add a credential to
LinkedIn.

Composing itself — the presentation, its preview, the offline QR code, what an employer would
see — is :mod:`wallet.services.composing`; :class:`PresentingService` builds on it (its names
``Own``, ``Hidden``, ``OfflineQr`` are importable from here too)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel

from wallet.credential import parse_iso_datetime
from wallet.errors import ExchangeError, InputError, NotFoundError
from wallet.exchange.qr import qr_png, qr_svg, qr_terminal
from wallet.exchange.share_link import ShareClient, expiry, new_share_key, share_url
from wallet.i18n import t
from wallet.record.view import linkedin_url
from wallet.services.composing import DEFAULT_TITLE, Composer, Hidden, OfflineQr, Own
from wallet.services.credentials import CredentialService
from wallet.services.portfolio import PortfolioService
from wallet.services.session import Session, now_iso
from wallet.storage.records import Records

__all__ = [
    "DEFAULT_TITLE",
    "Hidden",
    "OfflineQr",
    "Own",
    "Preset",
    "PresentingService",
    "SavedPresentation",
    "Shared",
    "SharedLink",
    "ShareRecord",
    "qr_text",
    "write_qr",
]


class Preset(BaseModel):
    """A reusable selection ("Job application: data analyst")."""

    id: str | None = None
    label: str
    credential_ids: list[str]
    reflections: bool | list[str] = True
    artifacts: bool | list[str] = True
    created: str = ""


class SavedPresentation(BaseModel):
    id: str | None = None
    label: str
    credential_ids: list[str] = []
    created: str = ""


class _PresentationBody(BaseModel):
    document: dict[str, Any]


class ShareRecord(BaseModel):
    """A link the learner shared (the link itself, with its key, is a secret)."""

    id: str | None = None
    server: str
    share_id: str
    title: str = ""
    expires: str = ""
    max_views: int | None = None
    credential_ids: list[str] = []
    revoked: bool = False
    created: str = ""


class ShareSecret(BaseModel):
    url: str
    manage_token: str
    # the signed presentation the link serves (kept, encrypted, to make the link's PDF later)
    presentation: dict[str, Any] | None = None


@dataclass(frozen=True)
class SharedLink:
    """A shared link as the learner sees it: its ``title``, its ``status`` (``active``,
    ``expired``, ``withdrawn`` or ``used up``), ``views`` — the times it was opened (None: the
    share service could not be asked, ``problem`` says why) — and what it shares."""

    id: str
    title: str
    url: str
    expires: str
    revoked: bool
    views: tuple[float, ...] | None
    problem: str | None = None  # why the views are unknown
    status: str = "active"
    max_views: int | None = None
    credential_ids: tuple[str, ...] = ()
    created: str = ""

    @property
    def last_view(self) -> datetime | None:
        return datetime.fromtimestamp(self.views[-1], UTC) if self.views else None

    def qr_png(self) -> bytes:
        """The link's QR code again (PNG)."""
        return qr_png(self.url)

    def qr_svg(self) -> str:
        return qr_svg(self.url)


_STATES = {
    "ok": "active",
    "revoked": "withdrawn",
    "expired": "expired",
    "used up": "used up",
    "empty": "withdrawn",
}


@dataclass(frozen=True)
class Shared:
    record_id: str
    share_id: str
    url: str  # with the key: what the employer opens
    expires: str
    max_views: int | None
    title: str = ""
    presentation: dict[str, Any] | None = field(default=None, repr=False, compare=False)

    def qr_png(self) -> bytes:
        return qr_png(self.url)


class PresentingService(Composer):
    """Compose (:class:`~wallet.services.composing.Composer`), keep, share and export."""

    def __init__(
        self, session: Session, credentials: CredentialService, portfolio: PortfolioService
    ) -> None:
        super().__init__(session, credentials, portfolio)
        self._presets: Records[Preset, Any] = Records(session.vault, "preset", Preset)
        self._saved: Records[SavedPresentation, _PresentationBody] = Records(
            session.vault, "presentation", SavedPresentation, _PresentationBody
        )
        self._shares: Records[ShareRecord, ShareSecret] = Records(
            session.vault, "share", ShareRecord, ShareSecret
        )

    # --- presets and kept presentations -------------------------------------------------------

    def save_preset(
        self,
        label: str,
        credential_ids: Iterable[str],
        *,
        reflections: Own = True,
        artifacts: Own = True,
    ) -> str:
        """Save a selection under ``label`` (replacing one of the same label)."""
        preset = Preset(
            label=label,
            credential_ids=list(credential_ids),
            reflections=reflections,
            artifacts=artifacts,
            created=now_iso(),
        )
        existing = self._presets.find(lambda p: p.label == label)
        if existing is not None and existing.id:
            self._presets.replace(existing.id, preset)
            return existing.id
        return self._presets.add(preset)

    def presets(self) -> list[Preset]:
        return self._presets.all()

    def preset(self, label: str) -> Preset:
        found = self._presets.find(lambda p: p.label.casefold() == label.casefold())
        if found is None:
            raise NotFoundError(f"there is no preset named {label!r}")
        return found

    def save_presentation(
        self, document: dict[str, Any], *, label: str, credential_ids: Iterable[str] = ()
    ) -> str:
        """Keep a presentation the learner made (the signed JSON) for later reuse."""
        return self._saved.add(
            SavedPresentation(label=label, credential_ids=list(credential_ids), created=now_iso()),
            _PresentationBody(document=document),
        )

    def presentations(self) -> list[SavedPresentation]:
        return self._saved.all()

    def presentation(self, rid: str) -> dict[str, Any]:
        return dict(self._saved.secret(rid).document)

    # --- sharing ------------------------------------------------------------------------------

    def share(
        self,
        server: str | None,
        credential_ids: Sequence[str],
        *,
        reflections: Own = True,
        artifacts: Own = True,
        expires_in: timedelta = timedelta(days=7),
        max_views: int | None = None,
        title: str | None = None,
        reveal: Sequence[str] | None = None,
        hide: Sequence[str] = (),
        hidden: Hidden | None = None,
    ) -> Shared:
        """Reserve a link, compose the presentation for it (challenge = the share's id,
        domain = the service's origin, expiry = the link's), encrypt it under a fresh key that
        only the link carries, upload, remember. Without a ``title`` (or with the generic
        "Learner record") the link is named after its first credentials — made unique among
        the learner's links ("… (2)")."""
        if not server:
            raise ExchangeError(
                "no share service is set (Settings, --server or WALLET_SHARE_SERVER)"
            )
        if not credential_ids:
            raise InputError("choose at least one credential")
        if not title or title in (DEFAULT_TITLE, self.default_title(credential_ids)):
            title = self._unique_title(self.default_title(credential_ids))
        client = ShareClient(server, self._s.http)
        expires = expiry(expires_in)
        share_id, token = client.reserve()
        key = new_share_key()
        url = share_url(client.server, share_id, key)
        composed = self.compose(
            credential_ids,
            reflections=reflections,
            artifacts=artifacts,
            title=title,
            challenge=share_id,
            domain=client.origin,
            expires_in=expires_in,
            file_base_url=f"{url}/files",
            reveal=reveal,
            hide=hide,
            hidden=hidden,
        )
        client.upload(
            share_id, token, key, composed.presentation, composed.files, expires, max_views
        )
        stamp = expires.replace(microsecond=0).isoformat()
        record_id = self._shares.add(
            ShareRecord(
                server=client.server,
                share_id=share_id,
                title=title,
                expires=stamp,
                max_views=max_views,
                credential_ids=list(credential_ids),
                created=now_iso(),
            ),
            ShareSecret(url=url, manage_token=token, presentation=composed.presentation),
        )
        return Shared(record_id, share_id, url, stamp, max_views, title, composed.presentation)

    def default_title(self, credential_ids: Sequence[str]) -> str:
        """A link's title from what it shares: "Data Analysis Fundamentals, Python
        Programming I +1"."""
        names = self._credentials.names()
        shown = [names.get(cid, DEFAULT_TITLE) for cid in list(credential_ids)[:2]]
        more = len(credential_ids) - len(shown)
        return ", ".join(shown) + (f" +{more}" if more > 0 else "")

    def _unique_title(self, title: str) -> str:
        """``title``, or ``title (2)``, ``(3)`` … when a link of the learner is named so
        already: two links are never told apart by nothing."""
        taken = {record.title for record in self._shares.items()}
        candidate, n = title, 1
        while candidate in taken:
            n += 1
            candidate = f"{title} ({n})"
        return candidate

    def owner_token(self, server: str, share_id: str) -> str | None:
        """The management token of the link ``share_id`` on ``server`` when this learner made
        it (the same server, as the link was made), else None."""
        for record in self._shares.items():
            if record.share_id == share_id and record.server.rstrip("/") == server.rstrip("/"):
                assert record.id is not None
                return self._shares.secret(record.id).manage_token
        return None

    def shares(self, *, with_views: bool = True) -> list[SharedLink]:
        """The learner's shared links, newest first; their status and views asked of the
        share service (when it cannot be asked, the status is what the wallet knows)."""
        out = []
        for record in self._shares.all():
            assert record.id is not None
            secret = self._shares.secret(record.id)
            views: tuple[float, ...] | None = None
            problem = None
            expired = _expired(record.expires)
            status = "withdrawn" if record.revoked else "expired" if expired else "active"
            if with_views and not record.revoked:
                try:
                    answer = ShareClient(record.server, self._s.http).status(
                        record.share_id, secret.manage_token
                    )
                    views = tuple(
                        float(v) for v in answer.get("views", []) if isinstance(v, (int, float))
                    )
                    status = _STATES.get(str(answer.get("state")), status)
                except ExchangeError as exc:
                    problem = exc.message
            if (
                status == "active"
                and record.max_views is not None
                and views is not None
                and len(views) >= record.max_views
            ):
                status = "used up"
            out.append(
                SharedLink(
                    record.id,
                    record.title,
                    secret.url,
                    record.expires,
                    record.revoked,
                    views,
                    problem,
                    status,
                    record.max_views,
                    tuple(record.credential_ids),
                    record.created,
                )
            )
        return out

    def shared(self, rid: str) -> SharedLink:
        """One shared link (to show its QR code again), without asking the share service."""
        found = next((s for s in self.shares(with_views=False) if s.id == rid), None)
        if found is None:
            raise NotFoundError(f"there is no shared link {rid[:8]}")
        return found

    def share_pdf(self, rid: str, *, lang: str | None = None) -> bytes:
        """The PDF of a shared link: the record as the employer sees it, with the link, its QR
        code and when it stops working, the signed presentation attached and each credential's
        offline QR code (:meth:`record_pdf`)."""
        record = self._shares.get(rid)
        secret = self._shares.secret(rid)
        if secret.presentation is None:
            raise NotFoundError(
                "this link was shared before the wallet kept what it shares; "
                "share again to make its PDF"
            )
        parts = urlsplit(record.server)
        return self.record_pdf(
            secret.presentation,
            link=secret.url,
            lang=lang,
            challenge=record.share_id,
            domain=f"{parts.scheme}://{parts.netloc}",
        )

    def share_record(self, rid: str) -> ShareRecord:
        return self._shares.get(rid)

    def resolve_share(self, prefix: str) -> str:
        return self._credentials.resolve(prefix, kind="share")

    def revoke(self, rid: str) -> None:
        """Withdraw a link now: the share service forgets its content."""
        record = self._shares.get(rid)
        ShareClient(record.server, self._s.http).revoke(
            record.share_id, self._shares.secret(rid).manage_token
        )
        self._shares.update(rid, revoked=True)

    # --- files ------------------------------------------------------------------------------

    def record_pdf(
        self,
        presentation: dict[str, Any],
        *,
        link: str | None = None,
        note: str | None = None,
        lang: str | None = None,
        challenge: str | None = None,
        domain: str | None = None,
    ) -> bytes:
        """The presentation as a PDF that reads like the employer's page: the learner, each
        credential, the verdict now and when it was checked, the reflections, and (``link``)
        the share link with its QR code — and its proof: the signed presentation attached, each
        credential's offline QR code, how to check them with no server
        (:func:`wallet.exchange.pdf.record_pdf`)."""
        from wallet.exchange.pdf import record_pdf  # fpdf2 and its fonts: imported when used

        view = self.record(presentation, lang=lang, challenge=challenge, domain=domain)
        return record_pdf(view, link=link, note=note, presentation=presentation)

    def summary_pdf(
        self,
        ids: Sequence[str],
        *,
        title: str,
        note: str,
        reflections: Own = True,
        artifacts: Own = True,
        lang: str | None = None,
    ) -> bytes:
        """A PDF of a presentation of ``ids`` composed for it (see :meth:`record_pdf`)."""
        reflections, artifacts = self.with_linked(ids, reflections, artifacts)
        composed = self.compose(ids, reflections=reflections, artifacts=artifacts, title=title)
        return self.record_pdf(composed.presentation, note=note, lang=lang)

    def export(
        self,
        ids: Sequence[str],
        folder: Path,
        *,
        reflections: Own,
        artifacts: Own,
        title: str = DEFAULT_TITLE,
        lang: str | None = None,
        hidden: Hidden | None = None,
    ) -> Path:
        """The signed presentation as a JSON file in ``folder``, with its PDF beside it (the
        same presentation, ``.pdf`` for ``.json``); returns the JSON file's path."""
        reflections, artifacts = self.with_linked(ids, reflections, artifacts)
        composed = self.compose(
            ids, reflections=reflections, artifacts=artifacts, title=title, hidden=hidden
        )
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"presentation-{composed.presentation['id'][-12:]}.json"
        path.write_text(json.dumps(composed.presentation, indent=2, ensure_ascii=False), "utf-8")
        language = self.language(lang)
        path.with_suffix(".pdf").write_bytes(
            self.record_pdf(
                composed.presentation,
                lang=language,
                note=t("pdf.no_link", language, name=path.name),
            )
        )
        return path

    # --- LinkedIn ---------------------------------------------------------------------------

    def linkedin(
        self, credential_id: str, *, share: str | None = None, lang: str | None = None
    ) -> str:
        """LinkedIn's "add license or certification" form for a credential, filled in: its
        name, issuing organization, issue (and expiry) date, and as the credential URL the
        share link ``share`` (a shared link's record id), else the newest active link that
        shares it (none: no URL). A plain link: nothing is sent to LinkedIn."""
        card = self.credential_card(credential_id, lang=lang)
        detail = self._credentials.get(credential_id)
        url = None
        if share:
            url = self.shared(share).url
        else:
            for link in self.shares(with_views=False):
                if link.status == "active" and credential_id in link.credential_ids:
                    url = link.url
                    break
        return linkedin_url(card, credential_url=url, credential_id=detail.summary.id[:12])


def _expired(stamp: str) -> bool:
    moment = parse_iso_datetime(stamp)  # as the share service wrote it; unreadable: not yet
    return moment is not None and moment.timestamp() <= time.time()


def write_qr(url: str, path: Path, title: str | None = None, lang: str = "en") -> None:
    """The QR code of ``url`` as PNG, SVG or a one-page PDF (in ``lang``), by the file's
    suffix."""
    if path.suffix.lower() == ".svg":
        path.write_text(qr_svg(url), "utf-8")
    elif path.suffix.lower() == ".pdf":
        from wallet.exchange.pdf import one_page_pdf

        path.write_bytes(
            one_page_pdf(title or t("pdf.qr_title", lang), [t("pdf.qr_body", lang), url], url, lang)
        )
    else:
        path.write_bytes(qr_png(url))


def qr_text(url: str) -> str:
    """The QR code of ``url`` drawn with characters, for a terminal."""
    return qr_terminal(url)
