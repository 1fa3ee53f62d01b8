"""Presenting: compose a signed presentation of chosen credentials (with the learner's own
reflections and work samples), keep reusable selections (presets), share it by link and QR code
through a share service, see and withdraw shared links, and export it as files."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from wallet.credential import load_json
from wallet.errors import ExchangeError, InputError, NotFoundError
from wallet.exchange.pdf import one_page_pdf
from wallet.exchange.qr import qr_png, qr_svg, qr_terminal
from wallet.exchange.share import ShareClient, expiry, new_share_key, share_url
from wallet.present import ArtifactInput, Composed, CredentialInput, ReflectionInput, compose
from wallet.result import VerificationResult
from wallet.services.credentials import CredentialService
from wallet.services.portfolio import PortfolioService
from wallet.services.session import Session, now_iso
from wallet.storage.records import Records
from wallet.verify import verify_document

__all__ = ["Own", "Preset", "PresentingService", "SavedPresentation", "Shared", "SharedLink",
           "ShareRecord", "qr_text", "write_qr"]

Own = bool | list[str]
"""The learner's own evidence to include: all linked to the chosen credentials (True), none
(False), or these ids."""


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


@dataclass(frozen=True)
class SharedLink:
    """A shared link as the learner sees it: ``views`` are the times it was opened (None:
    the share service could not be asked)."""

    id: str
    title: str
    url: str
    expires: str
    revoked: bool
    views: tuple[float, ...] | None
    problem: str | None = None  # why the views are unknown


@dataclass(frozen=True)
class Shared:
    record_id: str
    share_id: str
    url: str  # with the key: what the employer opens
    expires: str
    max_views: int | None

    def qr_png(self) -> bytes:
        return qr_png(self.url)


class PresentingService:
    def __init__(self, session: Session, credentials: CredentialService,
                 portfolio: PortfolioService) -> None:
        self._s = session
        self._credentials = credentials
        self._portfolio = portfolio
        self._presets: Records[Preset, Any] = Records(session.vault, "preset", Preset)
        self._saved: Records[SavedPresentation, _PresentationBody] = Records(
            session.vault, "presentation", SavedPresentation, _PresentationBody)
        self._shares: Records[ShareRecord, ShareSecret] = Records(
            session.vault, "share", ShareRecord, ShareSecret)

    # --- composing ----------------------------------------------------------------------------

    def with_linked(self, ids: Sequence[str], reflections: Own, artifacts: Own
                    ) -> tuple[Own, Own]:
        """A chosen list of the learner's reflections / artifacts, plus those linked to the
        chosen credentials (``True`` / ``False`` pass through)."""
        def widen(choice: Own, linked_to: list[tuple[str, tuple[str, ...]]]) -> Own:
            if isinstance(choice, bool):
                return choice
            linked = [rid for rid, creds in linked_to if set(creds) & set(ids)]
            return list(dict.fromkeys([*choice, *linked]))

        return (widen(reflections, [(r.id, r.credential_ids)
                                    for r in self._portfolio.reflections()]),
                widen(artifacts, [(a.id, a.credential_ids) for a in self._portfolio.artifacts()]))

    def compose(
        self, credential_ids: Iterable[str], *, reflections: Own = True, artifacts: Own = True,
        title: str = "Learner record", challenge: str | None = None, domain: str | None = None,
        expires_in: timedelta = timedelta(days=7), file_base_url: str | None = None,
    ) -> Composed:
        """A signed presentation of chosen credentials, with the reflections and artifacts
        linked to them (all of them: ``True``; none: ``False``; or chosen ids)."""
        ids = list(dict.fromkeys(credential_ids))
        inputs = []
        for rid in ids:
            raw, kind = self._credentials.raw(rid)
            inputs.append(CredentialInput(rid, raw.decode("ascii") if kind == "jwt"
                                          else load_json(raw, what="the stored credential")))
        chosen = set(ids)

        def pick(items: list[Any], selection: Own) -> list[Any]:
            if selection is True:
                return [i for i in items if chosen & set(i.credential_ids)]
            if selection is False:
                return []
            wanted = set(selection)
            return [i for i in items if i.id in wanted]

        refl_inputs = [ReflectionInput(r.id, r.title, r.text, r.credential_ids)
                       for r in pick(self._portfolio.reflections(), reflections)]
        art_inputs = []
        for a in pick(self._portfolio.artifacts(), artifacts):
            content = self._portfolio.artifact_bytes(a.id) if a.url is None else None
            art_inputs.append(ArtifactInput(a.id, a.name, a.media_type, content, a.url,
                                            a.credential_ids))
        holder = self._s.holder_key()
        return compose(inputs, holder=holder.signer(), holder_did=holder.did,
                       reflections=refl_inputs, artifacts=art_inputs, title=title,
                       challenge=challenge, domain=domain, expires_in=expires_in,
                       file_base_url=file_base_url)

    def preview(self, ids: Sequence[str], *, reflections: Own, artifacts: Own
                ) -> tuple[dict[str, Any], VerificationResult]:
        """The presentation as it would be shared, and how an employer's check sees it."""
        if not ids:
            raise InputError("choose at least one credential")
        reflections, artifacts = self.with_linked(ids, reflections, artifacts)
        composed = self.compose(ids, reflections=reflections, artifacts=artifacts)
        return composed.presentation, verify_document(composed.presentation)

    # --- presets and kept presentations -------------------------------------------------------

    def save_preset(self, label: str, credential_ids: Iterable[str], *,
                    reflections: Own = True, artifacts: Own = True) -> str:
        """Save a selection under ``label`` (replacing one of the same label)."""
        preset = Preset(label=label, credential_ids=list(credential_ids),
                        reflections=reflections, artifacts=artifacts, created=now_iso())
        existing = self._presets.find(lambda p: p.label == label)
        if existing is not None and existing.id:
            self._presets.replace(existing.id, preset)
            return existing.id
        return self._presets.add(preset)

    def presets(self) -> list[Preset]:
        return self._presets.list()

    def preset(self, label: str) -> Preset:
        found = self._presets.find(lambda p: p.label.casefold() == label.casefold())
        if found is None:
            raise NotFoundError(f"there is no preset named {label!r}")
        return found

    def save_presentation(self, document: dict[str, Any], *, label: str,
                          credential_ids: Iterable[str] = ()) -> str:
        """Keep a presentation the learner made (the signed JSON) for later reuse."""
        return self._saved.add(SavedPresentation(label=label,
                                                 credential_ids=list(credential_ids),
                                                 created=now_iso()),
                               _PresentationBody(document=document))

    def presentations(self) -> list[SavedPresentation]:
        return self._saved.list()

    def presentation(self, rid: str) -> dict[str, Any]:
        return dict(self._saved.secret(rid).document)

    # --- sharing ------------------------------------------------------------------------------

    def share(self, server: str | None, credential_ids: Sequence[str], *,
              reflections: Own = True, artifacts: Own = True,
              expires_in: timedelta = timedelta(days=7), max_views: int | None = None,
              title: str = "Learner record") -> Shared:
        """Reserve a link, compose the presentation for it (challenge = the share's id,
        domain = the service's origin, expiry = the link's), encrypt it under a fresh key that
        only the link carries, upload, remember."""
        if not server:
            raise ExchangeError("no share service is set (Settings, --server or "
                                "WALLET_SHARE_SERVER)")
        if not credential_ids:
            raise InputError("choose at least one credential")
        client = ShareClient(server, self._s.http)
        expires = expiry(expires_in)
        share_id, token = client.reserve()
        key = new_share_key()
        url = share_url(client.server, share_id, key)
        composed = self.compose(credential_ids, reflections=reflections, artifacts=artifacts,
                                title=title, challenge=share_id, domain=client.origin,
                                expires_in=expires_in, file_base_url=f"{url}/files")
        client.upload(share_id, token, key, composed.presentation, composed.files, expires,
                      max_views)
        stamp = expires.replace(microsecond=0).isoformat()
        record_id = self._shares.add(
            ShareRecord(server=client.server, share_id=share_id, title=title, expires=stamp,
                        max_views=max_views, credential_ids=list(credential_ids),
                        created=now_iso()),
            ShareSecret(url=url, manage_token=token))
        return Shared(record_id, share_id, url, stamp, max_views)

    def shares(self, *, with_views: bool = True) -> list[SharedLink]:
        """The learner's shared links; their views asked of the share service."""
        out = []
        for record in self._shares.list():
            assert record.id is not None
            secret = self._shares.secret(record.id)
            views: tuple[float, ...] | None = None
            problem = None
            if with_views and not record.revoked:
                try:
                    status = ShareClient(record.server, self._s.http).status(
                        record.share_id, secret.manage_token)
                    views = tuple(float(v) for v in status.get("views", [])
                                  if isinstance(v, (int, float)))
                except ExchangeError as exc:
                    problem = exc.message
            out.append(SharedLink(record.id, record.title, secret.url, record.expires,
                                  record.revoked, views, problem))
        return out

    def share_record(self, rid: str) -> ShareRecord:
        return self._shares.get(rid)

    def resolve_share(self, prefix: str) -> str:
        return self._credentials.resolve(prefix, kind="share")

    def revoke(self, rid: str) -> None:
        """Withdraw a link now: the share service forgets its content."""
        record = self._shares.get(rid)
        ShareClient(record.server, self._s.http).revoke(
            record.share_id, self._shares.secret(rid).manage_token)
        self._shares.update(rid, revoked=True)

    # --- files --------------------------------------------------------------------------------

    def summary_pdf(self, ids: Sequence[str], *, title: str, note: str) -> bytes:
        names = [self._credentials.get(i).summary.name for i in ids]
        return one_page_pdf(title, [f"Presented by {self._s.holder_key().did}",
                                    *[f"- {n}" for n in names], note])

    def export(self, ids: Sequence[str], folder: Path, *, reflections: Own, artifacts: Own,
               title: str = "Learner record") -> Path:
        """The signed presentation as a JSON file in ``folder``, with a PDF summary beside it."""
        reflections, artifacts = self.with_linked(ids, reflections, artifacts)
        composed = self.compose(ids, reflections=reflections, artifacts=artifacts, title=title)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"presentation-{composed.presentation['id'][-12:]}.json"
        path.write_text(json.dumps(composed.presentation, indent=2, ensure_ascii=False),
                        "utf-8")
        path.with_suffix(".pdf").write_bytes(self.summary_pdf(
            ids, title=title, note=f"The signed presentation: {path.name}"))
        return path


def write_qr(url: str, path: Path, title: str = "Shared learner record") -> None:
    """The QR code of ``url`` as PNG, SVG or a one-page PDF, by the file's suffix."""
    if path.suffix.lower() == ".svg":
        path.write_text(qr_svg(url), "utf-8")
    elif path.suffix.lower() == ".pdf":
        path.write_bytes(one_page_pdf(title, ["Scan the code, or open:", url], url))
    else:
        path.write_bytes(qr_png(url))


def qr_text(url: str) -> str:
    """The QR code of ``url`` drawn with characters, for a terminal."""
    return qr_terminal(url)
