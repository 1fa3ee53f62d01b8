"""What the app's screens call: a thin adapter over :mod:`wallet.services` (the same services
the CLI uses), holding only what belongs to the app itself — the passphrase it was given, the
share service chosen in Settings, the exports folder, and the bridge between the receiving flow
(in a worker thread) and the screens' dialogs (:class:`Asker`).

Nothing here draws; nothing in the screens does I/O or cryptography. Methods raise
:class:`~wallet.errors.WalletError` subclasses, which the screens show with
:func:`wallet.record.report.describe_error`.
"""

from __future__ import annotations

import hashlib
import io
import os
import threading
from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from wallet.competency.mapping import CompetencyMap, CoverResult, parse_requirements
from wallet.errors import InputError, WalletError
from wallet.presenting.disclosure import Claim
from wallet.presenting.identity import LearnerIdentity
from wallet.record.view import CredentialCard, RecordView
from wallet.result import VerificationResult
from wallet.services import (
    AddResult,
    ArtifactInfo,
    Consent,
    CredentialDetail,
    CredentialSummary,
    Decision,
    Disclosure,
    OfflineQr,
    Own,
    Page,
    ReceiveResult,
    Recheck,
    ReflectionInfo,
    RequestPreview,
    RespondResult,
    SharedLink,
    TrustListInfo,
    TxCode,
    Verifier,
    WalletService,
)
from wallet.services.carried import is_carrier
from wallet.services.competencies import FrameworkInfo
from wallet.services.presenting import Hidden

__all__ = ["AppController", "Asker", "SharedLink"]


class Asker:
    """Bridges the receiving flow (in a worker thread) and the screen's dialogs: the worker
    asks and waits; the screen answers."""

    def __init__(self, show_consent: Callable[[Consent, Callable[[bool], None]], None],
                 show_tx_code: Callable[[TxCode, str | None, Callable[[str | None], None]], None],
                 open_url: Callable[[str], None], progress: Callable[[str], None]) -> None:
        self._show_consent, self._show_tx_code = show_consent, show_tx_code
        self._open_url, self._progress = open_url, progress

    @staticmethod
    def _wait(ask: Callable[[Callable[[Any], None]], None]) -> Any:
        done = threading.Event()
        box: list[Any] = []

        def answer(value: Any) -> None:
            box.append(value)
            done.set()

        ask(answer)
        done.wait(timeout=600)
        return box[0] if box else None

    def consent(self, consent: Consent) -> Decision:
        """The offer — who issues, its logo (fetched by the wallet), every credential, what is
        held already — as a dialog; declined unless the learner accepts."""
        answer = self._wait(lambda reply: self._show_consent(consent, reply))
        return Decision.ACCEPT if answer is True else Decision.DECLINE

    def tx_code(self, spec: TxCode, attempt: int, problem: str | None) -> str | None:
        return self._wait(lambda answer: self._show_tx_code(spec, problem, answer))

    def authorize(self, url: str) -> None:
        self._open_url(url)

    def progress(self, message: str) -> None:
        self._progress(message)


class AppController:
    def __init__(self, home: str | os.PathLike[str] | None = None, *, dev: bool = False,
                 share_server: str | None = None, passphrase: str | None = None,
                 demo: bool = False, demo_trust: bytes | None = None) -> None:
        self._passphrase = passphrase
        self._opening = threading.Lock()
        self.demo = demo  # the demo: a new wallet starts with the sample framework imported
        self.demo_trust = demo_trust  # the demo's trust list (its issuer), kept up to date
        self.service = WalletService(home, dev=dev, online=True,
                                     passphrase_source=lambda _why: self._passphrase)
        # Employer mode recognises issuers by this wallet's trust lists.
        self.verifier = Verifier(dev=dev, http=self.service.session.http,
                                 trust=self.service.trust.trust_lists)
        self.share_server = share_server or os.environ.get("WALLET_SHARE_SERVER")
        self.exports = Path(self.service.home) / "exports"
        self.last_share: str | None = None  # the link made last (its PDF can be saved)
        self._on_lock: list[Callable[[], None]] = []  # each open window's "locked" (one a window)

    def close(self) -> None:
        self.service.close()

    # --- session ----------------------------------------------------------------------------

    def open_phase(self) -> str:
        """Which screen the app opens on: ``first_run``, ``unlock`` or ``main`` (the profile
        unlocked by itself: OS keyring, or a passphrase given to the app). Serialised, so it
        can run in the background while the web client loads (:meth:`warm_up`)."""
        with self._opening:
            if self.needs_first_run():
                return "first_run"
            return "unlock" if self.needs_unlock() else "main"

    def warm_up(self) -> None:
        """Before the first window connects: unlock (Argon2id takes a moment) and read the
        first page of the list, so the first screen is not kept waiting."""
        try:
            if self.open_phase() == "main":
                self.credentials()
        except WalletError:
            pass  # the first screen says what is wrong

    def needs_first_run(self) -> bool:
        return not self.service.profiles.exists()

    def keyring_available(self) -> bool:
        return self.service.profiles.keyring_status()[0]

    def create_profile(self, name: str, protection: str, passphrase: str | None, *,
                       learner: str | None = None) -> None:
        """A new profile (it becomes current); ``learner``: the learner's name, the one
        employers see (first run asks for it)."""
        self._passphrase = passphrase
        self.service.profiles.create(name, protection=protection, passphrase=passphrase,
                                     make_default=True)
        if learner:
            self.service.profiles.set_identity(learner)
        if self.demo:
            self.service.competencies.import_sample()
        self._demo_trust()

    def _demo_trust(self) -> None:
        """The demo issuer (a fresh key each run) on the demo wallet's trust list."""
        if self.demo_trust is not None:
            self.service.trust.import_bytes(self.demo_trust, source="demo")

    def needs_unlock(self) -> bool:
        """Whether the unlock screen is needed: not when the profile opens by itself (OS
        keyring, or a passphrase given to the app) and was not locked on purpose."""
        profiles = self.service.profiles
        if not profiles.locked:
            self._demo_trust()
            return False
        if profiles.locked_on_purpose:
            return True
        if profiles.protection == "keyring" or self._passphrase:
            try:
                profiles.unlock(self._passphrase)
            except WalletError:
                return True
            self._demo_trust()
            return False
        return True

    def unlock(self, passphrase: str | None) -> None:
        self._passphrase = passphrase
        self.service.profiles.unlock(passphrase)
        self._demo_trust()

    def lock(self) -> None:
        """Lock the wallet — in every window the app has open (:meth:`when_locked`)."""
        self.service.profiles.lock()
        self._passphrase = None
        for listener in list(self._on_lock):
            listener()

    def when_locked(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call ``listener`` whenever the wallet is locked, from whichever window; returns what
        forgets it (when its window closes)."""
        self._on_lock.append(listener)

        def forget() -> None:
            if listener in self._on_lock:
                self._on_lock.remove(listener)

        return forget

    def locked(self) -> bool:
        """Locked by the learner (in this window or another) and not unlocked since."""
        profiles = self.service.profiles
        return profiles.exists() and profiles.locked and profiles.locked_on_purpose

    def stale(self) -> int:
        """How many credentials' status was last checked more than a week ago."""
        return len(self.service.credentials.stale())

    def recheck(self, progress: Callable[[int, int], None] | None = None) -> Recheck:
        """Verify again those checked more than a week ago (run in the background after
        unlock)."""
        return self.service.credentials.recheck(progress=progress)

    @property
    def did(self) -> str:
        return self.service.did

    def profile_name(self) -> str:
        return self.service.profiles.current.name

    def protection(self) -> str:
        return self.service.profiles.describe_protection()

    # --- the learner's identity (who presents the credentials) ------------------------------

    def identity(self) -> LearnerIdentity:
        """The learner as they give themself: name, headline, photo, links."""
        return self.service.profiles.identity()

    def set_identity(self, *, name: str | None = None, headline: str | None = None,
                     links: Sequence[str] | None = None) -> LearnerIdentity:
        """Change what is given (None keeps it; "" clears it; ``links=[]`` clears them)."""
        return self.service.profiles.set_identity(name, headline=headline, links=links)

    def set_photo(self, data: bytes) -> LearnerIdentity:
        """A picture file as the learner's photo (checked and kept as a small JPEG)."""
        return self.service.profiles.set_identity(photo=data)

    def remove_photo(self) -> LearnerIdentity:
        return self.service.profiles.set_identity(remove_photo=True)

    def own_identities(self) -> list[str]:
        """The learner's own identities (Open Badges 2.0 recipients), ``TYPE:VALUE`` each."""
        disclosed = self.service.profiles.identity().email
        return [f"{i.type}:{i.value}" for i in self.service.profiles.identities()
                if not (i.type == "email" and i.value == disclosed)]

    def set_own_identities(self, lines: Sequence[str]) -> list[str]:
        """Replace the learner's own identities with ``lines`` (each ``TYPE:VALUE``, or a
        value whose type is told by its shape)."""
        wanted = [line.strip() for line in lines if line.strip()]
        current = self.own_identities()
        self.service.profiles.set_identities(add=wanted, remove=current)
        return self.own_identities()

    # --- credentials -----------------------------------------------------------------------

    def credentials(self, *, query: str = "", verdict: str = "all", sort: str = "received",
                    limit: int = 50) -> Page[CredentialSummary]:
        return self.service.credentials.search(
            query=query, verdict=None if verdict == "all" else verdict, sort=sort,
            descending=sort == "received", limit=limit)

    def detail(self, rid: str) -> CredentialDetail:
        return self.service.credentials.get(rid)

    def reverify(self, rid: str) -> VerificationResult:
        return self.service.credentials.reverify(rid)

    def tag(self, rid: str, tag: str) -> None:
        self.service.credentials.tag(rid, add=[tag])

    def delete(self, rid: str) -> None:
        self.service.credentials.delete(rid)

    def undo_delete(self, rid: str) -> None:
        self.service.credentials.undo_delete(rid)

    # --- receiving -------------------------------------------------------------------------

    def receive(self, link: str, asker: Asker) -> ReceiveResult:
        if link.strip().startswith("VP1-"):  # an offline QR code's text, pasted
            return self.import_all(link.strip().encode("utf-8", "surrogatepass"), "VP1")
        return self.service.receiving.receive(link, asker)

    def receive_qr(self, image: bytes, asker: Asker) -> ReceiveResult:
        """An issuer's offer, or an offline QR code (the credentials it carries are added)."""
        if is_carrier(image):
            return self.import_all(image, "QR code")
        return self.service.receiving.receive_qr(image, asker)

    def import_file(self, data: bytes, name: str) -> AddResult:
        return self.service.credentials.add(data, name=name)

    def import_all(self, data: bytes, name: str) -> ReceiveResult:
        """A file, an offline QR code or a PDF: every credential it carries, added."""
        added = self.service.credentials.add(data, name=name)
        return ReceiveResult(stored=[added, *added.also])

    def collect_pending(self) -> ReceiveResult:
        return self.service.receiving.poll_pending()

    # --- portfolio -------------------------------------------------------------------------

    def reflections(self) -> list[ReflectionInfo]:
        return self.service.portfolio.reflections()

    def save_reflection(self, text: str, credential_ids: list[str],
                        competencies: Sequence[str] = ()) -> ReflectionInfo:
        return self.service.portfolio.reflect(text, credential_ids=credential_ids,
                                              competencies=competencies)

    def artifacts(self) -> list[ArtifactInfo]:
        return self.service.portfolio.artifacts()

    def attach(self, data: bytes, name: str, credential_ids: list[str],
               competencies: Sequence[str] = ()) -> ArtifactInfo:
        return self.service.portfolio.attach_file(io.BytesIO(data), name=name,
                                                  credential_ids=credential_ids,
                                                  competencies=competencies)

    def attach_link(self, url: str, credential_ids: list[str],
                    competencies: Sequence[str] = ()) -> ArtifactInfo:
        return self.service.portfolio.attach_link(url, credential_ids=credential_ids,
                                                  competencies=competencies)

    def link_artifact(self, rid: str, credential_ids: list[str]) -> ArtifactInfo:
        return self.service.portfolio.link_artifact(rid, credential_ids)

    def link_reflection(self, rid: str, credential_ids: list[str]) -> ReflectionInfo:
        return self.service.portfolio.link_reflection(rid, credential_ids)

    def competency_choices(self) -> list[tuple[str, str]]:
        return self.service.competencies.choices()

    def artifact_bytes(self, rid: str, limit: int = 8 * 1024 * 1024) -> bytes | None:
        """A file artifact's content for a preview (None when larger than ``limit``)."""
        return self.service.portfolio.artifact_bytes(rid, limit)

    def timeline(self) -> list[tuple[str, str, str]]:
        """(date, kind, title), newest first: credentials received, reflections written."""
        return self.service.portfolio.timeline(
            (c.received_at, c.name) for c in self.service.credentials.all())

    # --- presenting ------------------------------------------------------------------------

    def preview(self, ids: list[str], *, reflections: Own, artifacts: Own
                ) -> tuple[dict[str, Any], VerificationResult]:
        """The presentation as it would be shared, and how an employer's check sees it."""
        return self.service.presenting.preview(ids, reflections=reflections,
                                               artifacts=artifacts)

    def preview_record(self, ids: list[str], *, reflections: Own, artifacts: Own,
                       lang: str, hidden: Hidden | None = None) -> RecordView:
        """What the employer will see, people first — the share page's own view model of
        the presentation that would be shared (with what is hidden left out)."""
        return self.service.presenting.preview_record(
            ids, reflections=reflections, artifacts=artifacts, lang=lang, hidden=hidden)[1]

    def disclosure_choices(self, rid: str) -> tuple[Claim, ...]:
        """What of a selective-disclosure credential can be shown or hidden (empty: it is
        presented whole)."""
        return self.service.presenting.disclosure_choices(rid)

    def share(self, ids: list[str], *, reflections: Own, artifacts: Own, days: int,
              title: str | None = None, hidden: Hidden | None = None
              ) -> tuple[str, bytes]:
        """A share link and its QR code (PNG)."""
        if not ids:
            raise InputError("choose at least one credential")
        reflections, artifacts = self.service.presenting.with_linked(ids, reflections,
                                                                     artifacts)
        shared = self.service.presenting.share(
            self.share_server, ids, reflections=reflections, artifacts=artifacts,
            expires_in=timedelta(days=days), title=title, hidden=hidden)
        self.last_share = shared.record_id
        return shared.url, shared.qr_png()

    def shared_qr(self, record_id: str) -> tuple[str, bytes]:
        """A shared link and its QR code again."""
        link = self.service.presenting.shared(record_id)
        return link.url, link.qr_png()

    def linkedin(self, credential_id: str, share: str | None = None) -> str:
        """LinkedIn's "add license or certification" form, filled in for a credential (the
        link ``share``, else the newest active link sharing it, as its URL)."""
        return self.service.presenting.linkedin(credential_id, share=share)

    def shares(self) -> list[SharedLink]:
        return self.service.presenting.shares()

    def revoke(self, record_id: str) -> None:
        self.service.presenting.revoke(record_id)

    def export(self, ids: list[str], *, reflections: Own, artifacts: Own,
               hidden: Hidden | None = None, lang: str | None = None) -> tuple[Path, Path]:
        """The signed presentation (JSON) and its PDF — what the employer sees, to read and
        print — in the exports folder: (the JSON file, the PDF)."""
        if not ids:
            raise InputError("choose at least one credential")
        path = self.service.presenting.export(ids, self.exports, reflections=reflections,
                                              artifacts=artifacts, hidden=hidden, lang=lang)
        return path, path.with_suffix(".pdf")

    def offline_qr(self, ids: list[str], *, hidden: Hidden | None = None) -> OfflineQr:
        """An offline QR code of the credentials themselves (no server, no link), or
        :class:`~wallet.errors.QrTooLargeError` saying by how much it does not fit."""
        if not ids:
            raise InputError("choose at least one credential")
        return self.service.presenting.offline(ids, hidden=hidden)

    def save_offline_qr(self, made: OfflineQr) -> tuple[Path, Path]:
        """The offline QR code as a PNG and its VP1 text as a .txt, in the exports folder,
        named after the code (a new code never overwrites another): (the image, the text)."""
        self.exports.mkdir(parents=True, exist_ok=True)
        stem = self.exports / f"offline-qr-{hashlib.sha256(made.text.encode()).hexdigest()[:12]}"
        image, text = stem.with_suffix(".png"), stem.with_suffix(".txt")
        image.write_bytes(made.png(scale=6))
        text.write_text(made.text + "\n", "ascii")
        return image, text

    def share_pdf(self, record_id: str, *, lang: str | None = None) -> Path:
        """The PDF of a shared link (the link, its QR code and expiry, the signed presentation
        attached, each credential's offline QR code) in the exports folder."""
        data = self.service.presenting.share_pdf(record_id, lang=lang)
        self.exports.mkdir(parents=True, exist_ok=True)
        path = self.exports / f"shared-link-{record_id[:12]}.pdf"
        path.write_bytes(data)
        return path

    # --- competencies ----------------------------------------------------------------------

    def frameworks(self) -> list[FrameworkInfo]:
        return self.service.competencies.list_frameworks()

    def import_sample_framework(self) -> FrameworkInfo:
        return self.service.competencies.import_sample()

    def import_framework(self, data: bytes, name: str) -> FrameworkInfo:
        return self.service.competencies.import_framework(data, source=name)

    def import_framework_url(self, url: str) -> FrameworkInfo:
        return self.service.competencies.import_url(url)

    def competency_map(self) -> CompetencyMap:
        return self.service.competencies.map()

    def cover(self, picked: list[str], text: str) -> tuple[CoverResult, dict[str, str]]:
        """The fewest credentials showing what a job asks for (picked competencies and typed
        ones), with the names of the credentials, reflections and artifacts it involves."""
        requirements = list(dict.fromkeys([*picked, *parse_requirements(text)]))
        if not requirements:
            raise InputError("pick or type at least one competency the job asks for")
        return self.service.competencies.cover(requirements), self.service.competencies.names()

    def export_charts(self, framework_id: str | None, *, flower_title: str,
                      growth_title: str) -> list[Path]:
        """The flower and growth charts as PNG and SVG files in the exports folder."""
        return self.service.competencies.write_charts(
            framework_id, self.exports, flower_title=flower_title, growth_title=growth_title)

    # --- verifying (employer mode) ---------------------------------------------------------

    def _employer(self) -> Verifier:
        """The verifier, recognising issuers by this wallet's trust lists (read afresh)."""
        return self.verifier

    def verify_text(self, text: str) -> VerificationResult:
        return self._employer().verify_text(text)

    def verify_image(self, image: bytes) -> VerificationResult:
        return self._employer().verify_image(image)

    def check_text(self, text: str, lang: str = "en") -> RecordView | CredentialCard:
        """Employer mode: what a pasted link or document says, people first — the share
        page's own view model (a presentation's record, a credential's card)."""
        if not text.strip():
            raise InputError("paste a share link, a credential's address or its JSON")
        return self.verifier.check_text(text).view(lang)

    def check_image(self, image: bytes, lang: str = "en") -> RecordView | CredentialCard:
        return self.verifier.check_image(image).view(lang)

    def credential_card(self, rid: str, lang: str) -> CredentialCard:
        """One credential of the wallet as the share page's card shows it (the detail)."""
        return self.service.presenting.credential_card(rid, lang=lang)

    # --- responding ------------------------------------------------------------------------

    def read_request(self, link: str) -> RequestPreview:
        """An employer's request (``openid4vp://``, an https request link, a VCALM interaction
        URL): who asks, what for, which of the learner's credentials match."""
        if not link.strip():
            raise InputError("paste the request link the employer gave you")
        return self.service.responding.preview(link)

    def read_request_qr(self, image: bytes) -> RequestPreview:
        return self.service.responding.preview_qr(image)

    def disclosure(self, preview: RequestPreview, selection: dict[str, Sequence[str]], *,
                   reflections: Own, artifacts: Own) -> Disclosure:
        """Exactly what :meth:`respond` sends with the same choices."""
        return self.service.responding.disclosure(preview, selection, reflections=reflections,
                                                  artifacts=artifacts)

    def respond(self, preview: RequestPreview, selection: dict[str, Sequence[str]], *,
                reflections: Own, artifacts: Own,
                accept_delivery: Callable[[list[str]], bool] | None = None) -> RespondResult:
        return self.service.responding.answer(preview, selection, reflections=reflections,
                                              artifacts=artifacts,
                                              accept_delivery=accept_delivery)

    def decline_request(self, preview: RequestPreview) -> RespondResult:
        return self.service.responding.decline(preview)

    # --- settings --------------------------------------------------------------------------

    def settings(self) -> dict[str, Any]:
        return self.service.settings.all()

    def set_setting(self, key: str, value: Any) -> None:
        self.service.settings.set(key, value)

    def backup(self, passphrase: str) -> Path:
        self.exports.mkdir(parents=True, exist_ok=True)
        path = self.exports / "wallet-backup.wbk"
        self.service.backups.backup(path, passphrase)
        return path

    def restore(self, data: bytes, passphrase: str) -> int:
        report = self.service.backups.restore_bytes(data, passphrase,
                                                    scratch=self.exports / "restoring.wbk")
        return sum(report.added.values())

    def profiles(self) -> list[tuple[str, str, bool]]:
        return [(p.id, p.name, p.is_current) for p in self.service.profiles.all()]

    def switch_profile(self, profile_id: str) -> None:
        self.service.profiles.use(profile_id)
        self.service.profiles.set_default(profile_id)

    def add_profile(self, name: str, passphrase: str | None) -> None:
        """Another profile (it becomes current); the same protection choice as first run."""
        protection = "keyring" if self.keyring_available() else "passphrase"
        if protection == "passphrase" and len(passphrase or "") < 8:
            raise InputError("a new profile needs a passphrase of at least 8 characters")
        self.create_profile(name, protection, passphrase)

    def rename_profile(self, profile_id: str, name: str) -> None:
        self.service.profiles.rename(profile_id, name)

    def delete_profile(self, profile_id: str) -> None:
        """Delete a profile that is not the current one (irreversible)."""
        if profile_id == self.service.profiles.current.id:
            raise InputError("switch to another profile before deleting this one")
        self.service.profiles.delete(profile_id)

    # --- trust lists -----------------------------------------------------------------------

    def trust_lists(self) -> list[TrustListInfo]:
        return self.service.trust.lists()

    def trust_add(self, identifier: str, name: str | None = None) -> None:
        self.service.trust.add(identifier, name=name)

    def trust_import(self, data: bytes, name: str) -> TrustListInfo:
        return self.service.trust.import_bytes(data, source=name)

    def trust_import_url(self, url: str) -> TrustListInfo:
        return self.service.trust.import_url(url)

    def trust_remove(self, key: str) -> str:
        return self.service.trust.remove(key)
