"""What belongs to the app itself, beside the wallet's services (which the screens call
directly, through :attr:`wallet.ui.context.App.wallet`, in a worker thread): the passphrase it
was given, how it opens (first run, unlock, straight in), the demo's extras, the share service
chosen, the windows it has open (a lock, or a change of stored data, in one reaches all), the few
steps that combine services for a screen, and the bridge between the receiving flow (in a
worker thread) and the screens' dialogs (:class:`Asker`).

Nothing here draws. Methods raise :class:`~wallet.errors.WalletError` subclasses, which the
screens show in people's words.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from wallet.competency.mapping import CoverResult, parse_requirements
from wallet.errors import InputError, WalletError
from wallet.record.view import CredentialCard, RecordView
from wallet.services import (
    AddResult,
    Consent,
    Decision,
    Own,
    ReceiveResult,
    SharedLink,
    TxCode,
    Verifier,
    WalletService,
)
from wallet.services.backup import RestoreReport
from wallet.services.carried import is_carrier
from wallet.services.presenting import Hidden

__all__ = ["AppController", "Asker", "SharedLink"]


class Asker:
    """Bridges the receiving flow (in a worker thread) and the screen's dialogs: the worker
    asks and waits; the screen answers."""

    def __init__(
        self,
        show_consent: Callable[[Consent, Callable[[bool], None]], None],
        show_tx_code: Callable[[TxCode, str | None, Callable[[str | None], None]], None],
        open_url: Callable[[str], None],
        progress: Callable[[str], None],
    ) -> None:
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
    def __init__(
        self,
        home: str | os.PathLike[str] | None = None,
        *,
        dev: bool = False,
        share_server: str | None = None,
        passphrase: str | None = None,
        demo: bool = False,
        demo_trust: bytes | None = None,
    ) -> None:
        self._passphrase = passphrase
        self._opening = threading.Lock()
        self.demo = demo  # the demo: a new wallet starts with the sample framework imported
        self.demo_trust = demo_trust  # the demo's trust list (its issuer), kept up to date
        self.service = WalletService(
            home, dev=dev, online=True, passphrase_source=lambda _why: self._passphrase
        )
        # Employer mode recognises issuers by this wallet's trust lists.
        self.verifier = Verifier(
            dev=dev,
            http=self.service.session.http,
            trust=self.service.trust.trust_lists,
            owned=self._owner_token,
        )
        self.share_server = share_server or os.environ.get("WALLET_SHARE_SERVER")
        self.last_share: str | None = None  # the link made last (its PDF can be saved)
        self._on_lock: list[Callable[[], None]] = []  # each open window's "locked" (one a window)
        self._on_change: list[tuple[object, Callable[[], None]]] = []  # (window, "changed")

    def close(self) -> None:
        self.service.close()

    def _owner_token(self, server: str, share_id: str) -> str | None:
        """The learner's own link's management token (their check of it is no view); None
        while the wallet is locked or the link is someone else's."""
        try:
            return self.service.presenting.owner_token(server, share_id)
        except WalletError:
            return None

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
                self.service.credentials.search(limit=50)
        except WalletError:
            pass  # the first screen says what is wrong

    def needs_first_run(self) -> bool:
        return not self.service.profiles.exists()

    def keyring_available(self) -> bool:
        return self.service.profiles.keyring_status()[0]

    def create_profile(
        self, name: str, protection: str, passphrase: str | None, *, learner: str | None = None
    ) -> None:
        """A new profile (it becomes current); ``learner``: the learner's name, the one
        employers see (first run asks for it)."""
        self._passphrase = passphrase
        self.service.profiles.create(
            name, protection=protection, passphrase=passphrase, make_default=True
        )
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

    def when_changed(self, window: object, listener: Callable[[], None]) -> Callable[[], None]:
        """Call ``listener`` when another window than ``window`` changed stored data (a link
        withdrawn, a credential received …); returns what forgets it."""
        entry = (window, listener)
        self._on_change.append(entry)

        def forget() -> None:
            if entry in self._on_change:
                self._on_change.remove(entry)

        return forget

    def changed(self, *, origin: object = None) -> None:
        """Stored data changed in the window ``origin``: the others read it again."""
        for window, listener in list(self._on_change):
            if window is not origin:
                listener()

    def add_profile(self, name: str, passphrase: str | None, *, learner: str | None = None) -> None:
        """Another profile (it becomes current), with the same protection choice as first run;
        ``learner``: the name employers see for it."""
        protection = "keyring" if self.keyring_available() else "passphrase"
        if protection == "passphrase" and len(passphrase or "") < 8:
            raise InputError("a new profile needs a passphrase of at least 8 characters")
        self.create_profile(name, protection, passphrase, learner=learner or name)

    def switch_profile(self, profile_id: str) -> None:
        """Open another profile, and open it next time too."""
        self.service.profiles.use(profile_id)
        self.service.profiles.set_default(profile_id)

    def delete_profile(self, profile_id: str) -> None:
        """Delete a profile that is not the current one (irreversible)."""
        if profile_id == self.service.profiles.current.id:
            raise InputError("switch to another profile before deleting this one")
        self.service.profiles.delete(profile_id)

    def locked(self) -> bool:
        """Locked by the learner (in this window or another) and not unlocked since."""
        profiles = self.service.profiles
        return profiles.exists() and profiles.locked and profiles.locked_on_purpose

    # --- what combines services for a screen ------------------------------------------------

    def share(
        self,
        ids: list[str],
        *,
        reflections: Own,
        artifacts: Own,
        days: int,
        title: str | None = None,
        hidden: Hidden | None = None,
    ) -> tuple[str, bytes]:
        """A share link (on the share service chosen) and its QR code (PNG)."""
        if not ids:
            raise InputError("choose at least one credential")
        presenting = self.service.presenting
        reflections, artifacts = presenting.with_linked(ids, reflections, artifacts)
        server = self.share_server or self.service.settings.get("share_server") or None
        shared = presenting.share(
            server,
            ids,
            reflections=reflections,
            artifacts=artifacts,
            expires_in=timedelta(days=days),
            title=title,
            hidden=hidden,
        )
        self.last_share = shared.record_id
        return shared.url, shared.qr_png()

    def receive(self, link: str, asker: Asker) -> ReceiveResult:
        """An issuer's offer link — or an offline QR code's ``VP1-`` text, pasted (the
        credentials it carries are added)."""
        if link.strip().startswith("VP1-"):
            return self.import_all(link.strip().encode("utf-8", "surrogatepass"), "VP1")
        return self.service.receiving.receive(link, asker)

    def receive_qr(self, image: bytes, asker: Asker) -> ReceiveResult:
        """An issuer's offer, or an offline QR code (the credentials it carries are added)."""
        if is_carrier(image):
            return self.import_all(image, "QR code")
        return self.service.receiving.receive_qr(image, asker)

    def import_all(self, data: bytes, name: str) -> ReceiveResult:
        """A file, an offline QR code or a PDF: every credential it carries, added."""
        added: AddResult = self.service.credentials.add(data, name=name)
        return ReceiveResult(stored=[added, *added.also])

    def own_identities(self) -> list[str]:
        """The learner's own identities (Open Badges 2.0 recipients), ``TYPE:VALUE`` each."""
        disclosed = self.service.profiles.identity().email
        return [
            f"{i.type}:{i.value}"
            for i in self.service.profiles.identities()
            if not (i.type == "email" and i.value == disclosed)
        ]

    def set_own_identities(self, lines: Sequence[str]) -> list[str]:
        """Replace the learner's own identities with ``lines`` (each ``TYPE:VALUE``, or a
        value whose type is told by its shape)."""
        wanted = [line.strip() for line in lines if line.strip()]
        current = self.own_identities()
        self.service.profiles.set_identities(add=wanted, remove=current)
        return self.own_identities()

    def cover(self, picked: list[str], text: str) -> tuple[CoverResult, dict[str, str]]:
        """The fewest credentials showing what a job asks for (picked competencies and typed
        ones), with the names of the credentials, reflections and artifacts it involves."""
        requirements = list(dict.fromkeys([*picked, *parse_requirements(text)]))
        if not requirements:
            raise InputError("pick or type at least one competency the job asks for")
        competencies = self.service.competencies
        return competencies.cover(requirements), competencies.names()

    # --- files the learner saves (where they choose: the screens ask) ---------------------

    def _scratch(self) -> Path:
        """A private folder in the wallet's home for a file on its way to or from the
        learner (emptied as soon as it is read)."""
        folder = Path(self.service.home) / "scratch"
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        return folder

    def backup(self, passphrase: str) -> bytes:
        """The whole profile, keys included, as one file protected by ``passphrase``."""
        with tempfile.TemporaryDirectory(dir=self._scratch()) as folder:
            path = Path(folder) / "backup.wbk"
            self.service.backups.backup(path, passphrase)
            return path.read_bytes()

    def restore(self, data: bytes, passphrase: str) -> RestoreReport:
        """Merge a backup's bytes into this profile (what is here already is skipped)."""
        with tempfile.TemporaryDirectory(dir=self._scratch()) as folder:
            return self.service.backups.restore_bytes(
                data, passphrase, scratch=Path(folder) / "restoring.wbk"
            )

    def export(
        self,
        ids: list[str],
        *,
        reflections: Own,
        artifacts: Own,
        hidden: Hidden | None = None,
        lang: str | None = None,
    ) -> tuple[tuple[str, bytes], tuple[str, bytes]]:
        """The signed presentation (JSON) and its PDF — what the employer sees, to read and
        print: ((file name, content), (file name, content)), to save where the learner
        chooses."""
        if not ids:
            raise InputError("choose at least one credential")
        with tempfile.TemporaryDirectory(dir=self._scratch()) as folder:
            path = self.service.presenting.export(
                ids,
                Path(folder),
                reflections=reflections,
                artifacts=artifacts,
                hidden=hidden,
                lang=lang,
            )
            pdf = path.with_suffix(".pdf")
            return (path.name, path.read_bytes()), (pdf.name, pdf.read_bytes())

    def charts(
        self, framework_id: str | None, *, flower_title: str, growth_title: str
    ) -> list[tuple[str, bytes]]:
        """The flower and growth charts as PNG and SVG files: (file name, content)."""
        with tempfile.TemporaryDirectory(dir=self._scratch()) as folder:
            paths = self.service.competencies.write_charts(
                framework_id, Path(folder), flower_title=flower_title, growth_title=growth_title
            )
            return [(p.name, p.read_bytes()) for p in paths]

    # --- verifying (employer mode) ---------------------------------------------------------

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
