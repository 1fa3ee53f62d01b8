"""Composing a presentation: the learner's chosen credentials (those issued for selective
disclosure derived with only what the learner shows; an Open Badges 2.0 badge carried as
learner-asserted evidence), their reflections and work samples and the learner as they give
themself, signed by the learner; the same credentials as an offline QR code; and what an
employer would see of it (the record view, verified as a verifier does), one credential's card
included.

:class:`Composer` is the composing part of
:class:`~wallet.services.presenting.PresentingService`, which keeps, shares and exports what
is composed here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

from wallet.credential import load_json
from wallet.errors import InputError
from wallet.formats.qrcodes import QrCode, offline_qr
from wallet.formats.vpqr import to_vp1
from wallet.i18n import normalize
from wallet.ob2.carried import verify_carried
from wallet.presenting.disclosure import Claim, claims, disclose, is_selective
from wallet.presenting.offline import offline_presentation
from wallet.presenting.present import (
    DEFAULT_TITLE,
    ArtifactInput,
    BadgeInput,
    Composed,
    CredentialInput,
    ReflectionInput,
    compose,
)
from wallet.record.badge import with_badges
from wallet.record.view import (
    CredentialCard,
    IssuerDisplay,
    RecordView,
    credential_view,
    record_view,
)
from wallet.result import VerificationResult
from wallet.services.badges import KIND as BADGE
from wallet.services.credentials import CredentialService
from wallet.services.portfolio import PortfolioService
from wallet.services.profiles import learner_identity
from wallet.services.session import Session
from wallet.services.settings import SettingsService
from wallet.verification.verify import verify_document

__all__ = ["DEFAULT_TITLE", "Composer", "Hidden", "OfflineQr", "Own"]


Own = bool | list[str]
"""The learner's own evidence to include: all linked to the chosen credentials (True), none
(False), or these ids."""

Hidden = Mapping[str, Sequence[str]]
"""What the learner hides of each selective-disclosure credential: credential id → JSON
pointers (``{"1a2b…": ["/credentialSubject/result"]}``)."""


@dataclass(frozen=True)
class OfflineQr:
    """An offline QR code: its ``VP1-B…`` ``text``, the ``code`` (version, level, modules), the
    ``presentation`` it carries and the credentials in it."""

    text: str
    code: QrCode
    presentation: dict[str, Any] = field(repr=False, compare=False)
    credential_ids: tuple[str, ...] = ()

    @property
    def version(self) -> int:
        return self.code.version

    @property
    def level(self) -> str:
        return self.code.level

    def png(self, scale: int = 4) -> bytes:
        """The QR code as a PNG (``scale`` pixels a module, the standard quiet zone)."""
        return self.code.png(scale=scale)


class Composer:
    """Compose, preview and read presentations of the learner's credentials (see the module's
    docstring)."""

    def __init__(
        self, session: Session, credentials: CredentialService, portfolio: PortfolioService
    ) -> None:
        self._s = session
        self._credentials = credentials
        self._portfolio = portfolio

    # --- composing ----------------------------------------------------------------------------

    def with_linked(self, ids: Sequence[str], reflections: Own, artifacts: Own) -> tuple[Own, Own]:
        """A chosen list of the learner's reflections / artifacts, plus those linked to the
        chosen credentials (``True`` / ``False`` pass through)."""

        def widen(choice: Own, linked_to: list[tuple[str, tuple[str, ...]]]) -> Own:
            if isinstance(choice, bool):
                return choice
            linked = [rid for rid, creds in linked_to if set(creds) & set(ids)]
            return list(dict.fromkeys([*choice, *linked]))

        return (
            widen(reflections, [(r.id, r.credential_ids) for r in self._portfolio.reflections()]),
            widen(artifacts, [(a.id, a.credential_ids) for a in self._portfolio.artifacts()]),
        )

    def compose(
        self,
        credential_ids: Iterable[str],
        *,
        reflections: Own = True,
        artifacts: Own = True,
        title: str = DEFAULT_TITLE,
        challenge: str | None = None,
        domain: str | None = None,
        expires_in: timedelta = timedelta(days=7),
        file_base_url: str | None = None,
        reveal: Sequence[str] | None = None,
        hide: Sequence[str] = (),
        hidden: Hidden | None = None,
    ) -> Composed:
        """A signed presentation of chosen credentials, with the reflections and artifacts
        linked to them (all of them: ``True``; none: ``False``; or chosen ids).

        Credentials issued for selective disclosure (``ecdsa-sd-2023``) are derived: they
        reveal what their issuer requires plus ``reveal`` (None: everything) minus ``hide``
        (JSON pointers, e.g. ``/credentialSubject/result``) minus what ``hidden`` names for
        that credential (the app's choice, one credential at a time); the others go
        unchanged."""
        ids = list(dict.fromkeys(credential_ids))
        inputs, badges = self._inputs(ids, reveal=reveal, hide=hide, hidden=hidden)
        chosen = set(ids)

        def pick(items: list[Any], selection: Own) -> list[Any]:
            if selection is True:
                return [i for i in items if chosen & set(i.credential_ids)]
            if selection is False:
                return []
            wanted = set(selection)
            return [i for i in items if i.id in wanted]

        refl_inputs = [
            ReflectionInput(r.id, r.title, r.text, r.credential_ids)
            for r in pick(self._portfolio.reflections(), reflections)
        ]
        art_inputs = []
        for a in pick(self._portfolio.artifacts(), artifacts):
            content = self._portfolio.artifact_bytes(a.id) if a.url is None else None
            art_inputs.append(
                ArtifactInput(a.id, a.name, a.media_type, content, a.url, a.credential_ids)
            )
        holder = self._s.holder_key()
        return compose(
            inputs,
            holder=holder.signer(),
            holder_did=holder.did,
            learner=learner_identity(self._s),
            reflections=refl_inputs,
            artifacts=art_inputs,
            title=title,
            challenge=challenge,
            domain=domain,
            expires_in=expires_in,
            file_base_url=file_base_url,
            badges=badges,
        )

    def _inputs(
        self,
        ids: Sequence[str],
        *,
        reveal: Sequence[str] | None,
        hide: Sequence[str],
        hidden: Hidden | None,
    ) -> tuple[list[CredentialInput], list[BadgeInput]]:
        """The stored credentials, those issued for selective disclosure derived with only what
        the learner chose to show (see :meth:`compose`), and the Open Badges 2.0 badges among
        them (carried as learner-asserted evidence, whole)."""
        hidden = {rid: list(pointers) for rid, pointers in (hidden or {}).items() if pointers}
        inputs = []
        badges: list[BadgeInput] = []
        selective = 0
        for rid in ids:
            raw, kind = self._credentials.raw(rid)
            if kind == BADGE:  # Open Badges 2.0: carried as learner-asserted evidence
                if rid in hidden:
                    raise InputError("an Open Badges 2.0 badge is presented whole")
                stored, body = self._credentials.record(rid)
                badges.append(
                    self._credentials.badges.presented(rid, body, stored.name or DEFAULT_TITLE)
                )
                continue
            credential: Any = (
                raw.decode("ascii")
                if kind == "jwt"
                else load_json(raw, what="the stored credential")
            )
            if is_selective(credential):
                selective += 1
                credential = disclose(credential, reveal=reveal, hide=[*hide, *hidden.get(rid, ())])
            elif rid in hidden:
                raise InputError(
                    "only credentials issued for selective disclosure "
                    "(ecdsa-sd-2023) let you hide parts of them"
                )
            inputs.append(CredentialInput(rid, credential))
        if (reveal is not None or hide) and not selective:
            raise InputError(
                "none of these credentials lets you choose what to reveal (only "
                "ecdsa-sd-2023 ones do); present them whole"
            )
        return inputs, badges

    def offline(
        self,
        credential_ids: Sequence[str],
        *,
        challenge: str | None = None,
        domain: str | None = None,
        reveal: Sequence[str] | None = None,
        hide: Sequence[str] = (),
        hidden: Hidden | None = None,
    ) -> OfflineQr:
        """An offline QR code of chosen credentials: a plain presentation holding them
        directly (:func:`wallet.presenting.offline.offline_presentation`; selective-disclosure
        credentials derived first, as :meth:`compose` derives them), signed by the learner for
        ``challenge``/``domain`` when given, else unsigned; as its ``VP1-B…`` text and its QR
        code at the smallest version (level M when it fits that version, else L).
        :class:`~wallet.errors.QrTooLargeError` (saying by how much) when it does not fit one
        code — share a link instead; nothing is ever cut to fit."""
        ids = list(dict.fromkeys(credential_ids))
        if not ids:
            raise InputError("choose at least one credential")
        inputs, badges = self._inputs(ids, reveal=reveal, hide=hide, hidden=hidden)
        if badges:
            raise InputError(
                "an Open Badges 2.0 badge cannot travel in an offline QR code (its "
                "host or its signed assertion is checked online); share a link"
            )
        signer, did = None, None
        if challenge is not None or domain is not None:
            holder = self._s.holder_key()
            signer, did = holder.signer(), holder.did
        presentation = offline_presentation(
            [i.credential for i in inputs],
            holder=signer,
            holder_did=did,
            challenge=challenge,
            domain=domain,
        )
        text = to_vp1(presentation)
        return OfflineQr(text, offline_qr(text), presentation, tuple(ids))

    def preview(
        self,
        ids: Sequence[str],
        *,
        reflections: Own,
        artifacts: Own,
        reveal: Sequence[str] | None = None,
        hide: Sequence[str] = (),
        hidden: Hidden | None = None,
    ) -> tuple[dict[str, Any], VerificationResult]:
        """The presentation as it would be shared — exactly what it discloses — and how an
        employer's check sees it."""
        if not ids:
            raise InputError("choose at least one credential")
        reflections, artifacts = self.with_linked(ids, reflections, artifacts)
        composed = self.compose(
            ids,
            reflections=reflections,
            artifacts=artifacts,
            reveal=reveal,
            hide=hide,
            hidden=hidden,
        )
        return composed.presentation, verify_document(composed.presentation)

    def preview_record(
        self,
        ids: Sequence[str],
        *,
        reflections: Own = True,
        artifacts: Own = True,
        lang: str | None = None,
        hidden: Hidden | None = None,
    ) -> tuple[dict[str, Any], RecordView]:
        """What the employer will see, as the share page shows it: the presentation and its
        people-first view (:func:`wallet.record.view.record_view`) — the app's preview and the
        page read the same view model. ``hidden``: what of each selective-disclosure
        credential to leave out."""
        if not ids:
            raise InputError("choose at least one credential")
        reflections, artifacts = self.with_linked(ids, reflections, artifacts)
        composed = self.compose(ids, reflections=reflections, artifacts=artifacts, hidden=hidden)
        return composed.presentation, self.record(composed.presentation, lang=lang)

    def disclosure_choices(self, credential_id: str) -> tuple[Claim, ...]:
        """What the learner may reveal or hide of a credential issued for selective
        disclosure (``ecdsa-sd-2023``), each claim marked when it is always included; empty
        for any other credential (it is presented whole)."""
        raw, kind = self._credentials.raw(credential_id)
        if kind != "json":
            return ()
        return claims(load_json(raw, what="the stored credential"))

    def credential_card(self, credential_id: str, *, lang: str | None = None) -> CredentialCard:
        """One credential of the wallet as a person reads it (the record's card for it), its
        issuer as the wallet kept it on receiving (:func:`wallet.record.card.issuer_view`)."""
        stored, body = self._credentials.record(credential_id)
        if body.kind == BADGE:  # Open Badges 2.0
            return self._credentials.badges.card(body, stored, self.language(lang))
        detail = self._credentials.get(credential_id)
        if detail.verification is None:
            raise InputError("this credential has not been verified")
        summary = detail.summary
        kept = (
            IssuerDisplay(summary.issuer_names, summary.issuer_logo)
            if (summary.issuer_names or summary.issuer_logo)
            else None
        )
        return credential_view(
            detail.jwt or detail.document or {},
            detail.verification,
            self.language(lang),
            learner=learner_identity(self._s),
            issuer_display=kept,
        )

    # --- what an employer would see -----------------------------------------------------------

    def language(self, lang: str | None = None) -> str:
        """The language a PDF is written in: the one given, else the learner's (Settings)."""
        if lang:
            return normalize(lang)
        chosen = SettingsService(self._s).get("language")
        return normalize(chosen if isinstance(chosen, str) else None)

    def record(
        self,
        presentation: dict[str, Any],
        *,
        lang: str | None = None,
        challenge: str | None = None,
        domain: str | None = None,
    ) -> RecordView:
        """What an employer would see of ``presentation`` now (verified as a verifier does,
        with the learner's trust lists; online when the wallet is)."""
        options = replace(
            self._s.verify_options(), holder=False, challenge=challenge, domain=domain
        )
        view = record_view(
            presentation, verify_document(presentation, options), self.language(lang)
        )
        # the Open Badges 2.0 badges it carries, verified again the OB 2.0 way
        return with_badges(view, verify_carried(presentation, fetcher=options.fetcher))
