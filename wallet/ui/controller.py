"""What the app's screens call: one facade over the same services the CLI uses.

Nothing here draws; nothing in the screens does I/O or cryptography. Methods raise
:class:`~wallet.errors.WalletError` subclasses, which the screens show with
:func:`wallet.report.describe_error`.
"""

from __future__ import annotations

import io
import json
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from wallet.competency import CompetencyMap, CoverResult
from wallet.errors import ExchangeError, InputError, NotFoundError, WalletError
from wallet.exchange.http import HttpFetcher
from wallet.exchange.oid4vci.client import OfferPreview, Receiver, ReceiveResult
from wallet.exchange.oid4vci.messages import TxCode
from wallet.exchange.qr import decode_qr, qr_png
from wallet.exchange.share import ShareClient, share_credentials
from wallet.result import VerificationResult
from wallet.storage.service import (
    AddResult,
    ArtifactInfo,
    CredentialDetail,
    CredentialSummary,
    Page,
    ReflectionInfo,
    WalletService,
)
from wallet.verify import VerifyOptions, verify_bytes

__all__ = ["AppController", "Asker", "SharedLink"]

Own = bool | list[str]  # the learner's own evidence to include: all linked, none, or these


class Asker:
    """Bridges the receiving flow (in a worker thread) and the screen's dialogs: the worker
    asks and waits; the screen answers."""

    def __init__(self, show_consent: Callable[[OfferPreview, Callable[[bool], None]], None],
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

    def consent(self, preview: OfferPreview) -> bool:
        return bool(self._wait(lambda answer: self._show_consent(preview, answer)))

    def tx_code(self, spec: TxCode, attempt: int, problem: str | None) -> str | None:
        return self._wait(lambda answer: self._show_tx_code(spec, problem, answer))

    def authorize(self, url: str) -> None:
        self._open_url(url)

    def progress(self, message: str) -> None:
        self._progress(message)


@dataclass(frozen=True)
class SharedLink:
    id: str
    title: str
    url: str
    expires: str
    revoked: bool
    views: int | None  # None: unknown (service unreachable)


class AppController:
    def __init__(self, home: str | os.PathLike[str] | None = None, *, dev: bool = False,
                 share_server: str | None = None, passphrase: str | None = None,
                 demo: bool = False) -> None:
        self._passphrase = passphrase
        self.demo = demo  # the demo: a new wallet starts with the sample framework imported
        self.http = HttpFetcher(dev=dev)
        self.service = WalletService(home, fetcher=self.http,
                                     passphrase_source=lambda _why: self._passphrase)
        self.share_server = share_server or os.environ.get("WALLET_SHARE_SERVER")
        self.exports = Path(self.service.home) / "exports"

    def close(self) -> None:
        self.service.close()
        self.http.close()

    # --- session ----------------------------------------------------------------------------

    def needs_first_run(self) -> bool:
        return not self.service.profiles.list()

    @staticmethod
    def keyring_available() -> bool:
        return WalletService.keyring_status()[0]

    def create_profile(self, name: str, protection: str, passphrase: str | None) -> None:
        self._passphrase = passphrase
        self.service.create_profile(name, protection=protection, passphrase=passphrase,
                                    make_default=True)
        if self.demo:
            self.import_sample_framework()

    def needs_unlock(self) -> bool:
        """Whether the unlock screen is needed: not when the profile opens by itself (OS
        keyring, or a passphrase given to the app) and was not locked on purpose."""
        if not self.service.locked:
            return False
        if self.service._flag().exists():  # noqa: SLF001 - locked by the learner
            return True
        if self.service.protection == "keyring" or self._passphrase:
            try:
                self.service.unlock(self._passphrase)
                return False
            except WalletError:
                return True
        return True

    def unlock(self, passphrase: str | None) -> None:
        self._passphrase = passphrase
        self.service.unlock(passphrase)

    def lock(self) -> None:
        self.service.lock()
        self._passphrase = None

    @property
    def did(self) -> str:
        return self.service.did

    def profile_name(self) -> str:
        return self.service.profile.name

    def protection(self) -> str:
        return self.service.describe_protection()

    # --- credentials -----------------------------------------------------------------------

    def credentials(self, *, query: str = "", verdict: str = "all", sort: str = "received",
                    limit: int = 50) -> Page[CredentialSummary]:
        return self.service.list_credentials(
            query=query, verdict=None if verdict == "all" else verdict, sort=sort,
            descending=sort == "received", limit=limit)

    def detail(self, rid: str) -> CredentialDetail:
        return self.service.get_credential(rid)

    def reverify(self, rid: str) -> VerificationResult:
        return self.service.reverify(rid, VerifyOptions(fetcher=self.http))

    def tag(self, rid: str, tag: str) -> None:
        self.service.tag(rid, add=[tag])

    def delete(self, rid: str) -> None:
        self.service.delete(rid)

    def undo_delete(self, rid: str) -> None:
        self.service.undo_delete(rid)

    # --- receiving -------------------------------------------------------------------------

    def receive(self, link: str, asker: Asker) -> ReceiveResult:
        return Receiver(self.service, self.http).receive(link.strip(), asker)

    def receive_qr(self, image: bytes, asker: Asker) -> ReceiveResult:
        return self.receive(decode_qr(image)[0], asker)

    def import_file(self, data: bytes, name: str) -> AddResult:
        return self.service.add_credential(data, name=name,
                                           options=VerifyOptions(fetcher=self.http))

    def collect_pending(self) -> ReceiveResult:
        return Receiver(self.service, self.http).poll_pending()

    # --- portfolio -------------------------------------------------------------------------

    def reflections(self) -> list[ReflectionInfo]:
        return self.service.list_reflections()

    def save_reflection(self, text: str, credential_ids: list[str],
                        competencies: Sequence[str] = ()) -> ReflectionInfo:
        return self.service.add_reflection(text, credential_ids=credential_ids,
                                           competencies=competencies)

    def artifacts(self) -> list[ArtifactInfo]:
        return self.service.list_artifacts()

    def attach(self, data: bytes, name: str, credential_ids: list[str],
               competencies: Sequence[str] = ()) -> ArtifactInfo:
        return self.service.attach_file(io.BytesIO(data), name=name,
                                        credential_ids=credential_ids,
                                        competencies=competencies)

    def attach_link(self, url: str, credential_ids: list[str],
                    competencies: Sequence[str] = ()) -> ArtifactInfo:
        return self.service.attach_link(url, credential_ids=credential_ids,
                                        competencies=competencies)

    def competency_choices(self) -> list[tuple[str, str]]:
        """(item URI, label) of every imported framework's competencies, for linking a
        reflection or a work sample to one."""
        try:
            frameworks = self.service.frameworks()
        except WalletError:
            return []
        return [(item.uri, item.label) for fw in frameworks for item in fw.items.values()]

    def artifact_bytes(self, rid: str, limit: int = 8 * 1024 * 1024) -> bytes | None:
        """A file artifact's content for a preview (None when larger than ``limit``)."""
        out = bytearray()
        for chunk in self.service.read_artifact(rid):
            out += chunk
            if len(out) > limit:
                return None
        return bytes(out)

    def timeline(self) -> list[tuple[str, str, str]]:
        """(date, kind, title), newest first: credentials received, reflections written."""
        items = [(c.received_at[:10], "credential", c.name)
                 for c in self.service.list_credentials(limit=10_000).items]
        items += [(r.created[:10], "reflection", r.title) for r in self.reflections()]
        items += [(a.created[:10], "artifact", a.name) for a in self.artifacts()]
        return sorted(items, reverse=True)

    # --- presenting ------------------------------------------------------------------------

    def _own(self, ids: list[str], reflections: Own, artifacts: Own) -> tuple[Own, Own]:
        """A chosen list of the learner's reflections / artifacts, plus those linked to the
        chosen credentials (``True`` / ``False`` pass through)."""
        def widen(choice: Own, items: list[Any]) -> Own:
            if isinstance(choice, bool):
                return choice
            linked = [i.id for i in items if set(i.credential_ids) & set(ids)]
            return list(dict.fromkeys([*choice, *linked]))

        return (widen(reflections, self.service.list_reflections()),
                widen(artifacts, self.service.list_artifacts()))

    def preview(self, ids: list[str], *, reflections: Own, artifacts: Own
                ) -> tuple[dict[str, Any], VerificationResult]:
        """The presentation as it would be shared, and how an employer's check sees it."""
        if not ids:
            raise InputError("choose at least one credential")
        reflections, artifacts = self._own(ids, reflections, artifacts)
        composed = self.service.compose_presentation(ids, reflections=reflections,
                                                     artifacts=artifacts)
        from wallet.verify import verify_document

        return composed.presentation, verify_document(composed.presentation)

    def share(self, ids: list[str], *, reflections: Own, artifacts: Own, days: int,
              title: str = "Learner record") -> tuple[str, bytes]:
        """A share link and its QR code (PNG)."""
        if not self.share_server:
            raise ExchangeError("no share service is set (Settings)")
        if not ids:
            raise InputError("choose at least one credential")
        reflections, artifacts = self._own(ids, reflections, artifacts)
        result, _rid = share_credentials(
            self.service, ShareClient(self.share_server, self.http), ids,
            reflections=reflections, artifacts=artifacts, expires_in=timedelta(days=days),
            title=title)
        return result.url, qr_png(result.url)

    def shares(self) -> list[SharedLink]:
        out = []
        for info in self.service.list_shares():
            secret = self.service.share_secret(info["id"])
            views = None
            if not info.get("revoked"):
                try:
                    views = len(ShareClient(info["server"], self.http).status(
                        info["share_id"], secret["manage_token"]).get("views", []))
                except ExchangeError:
                    views = None
            out.append(SharedLink(info["id"], info.get("title", ""), secret.get("url", ""),
                                  info.get("expires", ""), bool(info.get("revoked")), views))
        return out

    def revoke(self, record_id: str) -> None:
        info = next((s for s in self.service.list_shares() if s["id"] == record_id), None)
        if info is None:
            raise NotFoundError("no such link")
        ShareClient(info["server"], self.http).revoke(
            info["share_id"], self.service.share_secret(record_id)["manage_token"])
        self.service.update_share(record_id, revoked=True)

    def export(self, ids: list[str], *, reflections: Own, artifacts: Own) -> Path:
        from wallet.exchange.pdf import one_page_pdf

        reflections, artifacts = self._own(ids, reflections, artifacts)
        composed = self.service.compose_presentation(ids, reflections=reflections,
                                                     artifacts=artifacts)
        self.exports.mkdir(parents=True, exist_ok=True)
        path = self.exports / f"presentation-{composed.presentation['id'][-12:]}.json"
        path.write_text(json.dumps(composed.presentation, indent=2, ensure_ascii=False),
                        "utf-8")
        names = [self.service.get_credential(i).summary.name for i in ids]
        path.with_suffix(".pdf").write_bytes(one_page_pdf(
            "Learner record", [f"Presented by {self.did}", *[f"- {n}" for n in names],
                               f"The signed presentation: {path.name}"]))
        return path

    # --- competencies ----------------------------------------------------------------------

    def frameworks(self) -> list[dict[str, Any]]:
        return self.service.list_frameworks()

    def import_sample_framework(self) -> dict[str, Any]:
        from wallet.cli_competency import sample_framework

        return self.service.import_framework(sample_framework().read_bytes(), source="sample")

    def import_framework(self, data: bytes, name: str) -> dict[str, Any]:
        return self.service.import_framework(data, source=name)

    def import_framework_url(self, url: str) -> dict[str, Any]:
        """From a CASE provider (``…/ims/case/v1p0/CFPackages/{id}``; https, or loopback in
        development mode)."""
        url = url.strip()
        if not url.startswith(("https://", "http://")):
            raise InputError("give the CASE package's https address")
        with HttpFetcher(dev=self.http.dev, max_bytes=64 * 1024 * 1024) as http:
            body = http.get(url, accept="application/json").body
        return self.service.import_framework(body, source=url)

    def competency_map(self) -> CompetencyMap:
        return self.service.competency_map()

    def cover(self, picked: list[str], text: str) -> tuple[CoverResult, dict[str, str]]:
        """The fewest credentials showing what a job asks for (picked competencies and typed
        ones), with the names of the credentials, reflections and artifacts it involves."""
        from wallet.competency import parse_requirements

        requirements = list(dict.fromkeys([*picked, *parse_requirements(text)]))
        if not requirements:
            raise InputError("pick or type at least one competency the job asks for")
        result = self.service.cover(requirements)
        names = {c.id: c.name for c in self.service.list_credentials(limit=100_000).items}
        names.update({r.id: r.title for r in self.service.list_reflections()})
        names.update({a.id: a.name for a in self.service.list_artifacts()})
        return result, names

    def export_charts(self, framework_id: str | None, *, flower_title: str,
                      growth_title: str) -> list[Path]:
        """The flower and growth charts as PNG and SVG files in the exports folder."""
        from wallet.charts import flower_png, flower_svg, growth_png, growth_svg

        cmap = self.competency_map()
        if framework_id not in cmap.frameworks:
            raise NotFoundError("import a competency framework first")
        areas, points = cmap.areas(framework_id), cmap.growth()
        self.exports.mkdir(parents=True, exist_ok=True)
        out = []
        for name, data in (("competency-areas.png", flower_png(areas, flower_title)),
                           ("competency-areas.svg", flower_svg(areas, flower_title)),
                           ("competency-growth.png", growth_png(points, growth_title)),
                           ("competency-growth.svg", growth_svg(points, growth_title))):
            path = self.exports / name
            tmp = path.with_suffix(path.suffix + ".part")
            tmp.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
            tmp.replace(path)
            out.append(path)
        return out

    # --- verifying (employer mode) ---------------------------------------------------------

    def verify_text(self, text: str) -> VerificationResult:
        from wallet.exchange.share import parse_share_url

        text = text.strip()
        options = VerifyOptions(fetcher=self.http)
        if text.startswith(("https://", "http://")):
            shared = parse_share_url(text)
            if shared:
                from urllib.parse import urlsplit

                server, share_id, _key = shared
                parts = urlsplit(server)
                options = VerifyOptions(fetcher=self.http, challenge=share_id,
                                        domain=f"{parts.scheme}://{parts.netloc}")
                text = text.rstrip("/") + "/raw"
            data = self.http.get(text, accept="application/json").body
        else:
            data = text.encode("utf-8")
        return verify_bytes(data, options)

    def verify_image(self, image: bytes) -> VerificationResult:
        try:
            return self.verify_text(decode_qr(image)[0])
        except InputError:
            return verify_bytes(image, VerifyOptions(fetcher=self.http))  # a baked badge

    # --- settings --------------------------------------------------------------------------

    def settings(self) -> dict[str, Any]:
        return self.service.settings()

    def set_setting(self, key: str, value: Any) -> None:
        self.service.set_setting(key, value)

    def backup(self, passphrase: str) -> Path:
        self.exports.mkdir(parents=True, exist_ok=True)
        path = self.exports / "wallet-backup.wbk"
        self.service.backup(path, passphrase)
        return path

    def restore(self, data: bytes, passphrase: str) -> int:
        self.exports.mkdir(parents=True, exist_ok=True)
        path = self.exports / "restoring.wbk"
        path.write_bytes(data)
        try:
            report = self.service.restore(path, passphrase)
        finally:
            path.unlink(missing_ok=True)
        return sum(report.added.values())

    def profiles(self) -> list[tuple[str, str, bool]]:
        return [(p.id, p.name, p.is_current) for p in self.service.list_profiles()]

    def switch_profile(self, profile_id: str) -> None:
        self.service.use_profile(profile_id)
        self.service.set_default_profile(profile_id)
