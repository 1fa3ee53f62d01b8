"""The learner's own work: reflections (Markdown, with their edit history) and artifacts (files
kept encrypted, or links), each linkable to credentials and to competencies."""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

from wallet.errors import InputError, NotFoundError
from wallet.services.session import Session, now_iso
from wallet.services.stored import (
    ArtifactVersion,
    ReflectionBody,
    ReflectionVersion,
    StoredArtifact,
    StoredReflection,
)
from wallet.services.types import ArtifactInfo, ReflectionInfo
from wallet.storage.records import Records, changed

__all__ = ["MAX_REFLECTION_CHARS", "PortfolioService"]

MAX_REFLECTION_CHARS = 100_000


def _title_of(text: str) -> str:
    first = next((line.strip(" #*>-\t") for line in text.splitlines() if line.strip()), "")
    return (first[:77] + "…") if len(first) > 80 else first or "Reflection"


class _Hashing:
    """A reader that hashes what passes through it (SHA-256 of a file as it is stored)."""

    def __init__(self, source: BinaryIO) -> None:
        self.source = source
        self.sha = hashlib.sha256()

    def read(self, n: int = -1) -> bytes:
        data = self.source.read(n)
        self.sha.update(data)
        return data


class PortfolioService:
    def __init__(self, session: Session) -> None:
        self._s = session
        self._reflections: Records[StoredReflection, ReflectionBody] = Records(
            session.vault, "reflection", StoredReflection, ReflectionBody
        )
        self._artifacts: Records[StoredArtifact, Any] = Records(
            session.vault, "artifact", StoredArtifact
        )

    def _links(self, credential_ids: Iterable[str]) -> list[str]:
        vault = self._s.vault()
        out = []
        for cid in credential_ids:
            if vault.kind_of(cid) != "credential":
                raise NotFoundError(f"{cid} is not a credential")
            out.append(cid)
        return out

    # --- reflections --------------------------------------------------------------------------

    def reflect(
        self,
        text: str,
        *,
        credential_ids: Iterable[str] = (),
        competencies: Iterable[str] = (),
        title: str | None = None,
    ) -> ReflectionInfo:
        if not text.strip():
            raise InputError("a reflection needs some text")
        if len(text) > MAX_REFLECTION_CHARS:
            raise InputError(f"a reflection is at most {MAX_REFLECTION_CHARS:,} characters")
        now = now_iso()
        stored = StoredReflection(
            title=title or _title_of(text),
            credential_ids=self._links(credential_ids),
            competencies=list(competencies),
            created=now,
            edited=now,
            versions=1,
        )
        rid = self._reflections.add(stored, ReflectionBody(text=text))
        return changed(stored, id=rid).info(text)

    def edit_reflection(
        self,
        rid: str,
        text: str,
        *,
        title: str | None = None,
        credential_ids: Iterable[str] | None = None,
        competencies: Iterable[str] | None = None,
    ) -> ReflectionInfo:
        stored, body = self._reflections.read(rid)
        history = [*body.history, ReflectionVersion(text=body.text, edited=stored.edited)]
        stored = changed(
            stored,
            edited=now_iso(),
            versions=len(history) + 1,
            title=title or stored.title,
            credential_ids=(
                stored.credential_ids if credential_ids is None else self._links(credential_ids)
            ),
            competencies=stored.competencies if competencies is None else list(competencies),
        )
        self._reflections.replace(rid, stored, changed(body, text=text, history=history))
        return stored.info(text)

    def reflection_history(self, rid: str) -> list[dict[str, str]]:
        return [{"text": v.text, "edited": v.edited} for v in self._reflections.secret(rid).history]

    def delete(self, rid: str) -> None:
        """Move a reflection or a work sample to the trash, its history with it (undo with
        :meth:`undo_delete`; gone for good when the trash is emptied)."""
        vault = self._s.vault()
        if vault.kind_of(rid) not in ("reflection", "artifact"):
            raise NotFoundError(f"{rid} is neither a reflection nor a work sample")
        vault.soft_delete(rid)

    def undo_delete(self, rid: str) -> None:
        self._s.vault().undelete(rid)

    def reflections(self, credential_id: str | None = None) -> list[ReflectionInfo]:
        return [
            stored.info(self._reflections.secret(stored.id).text)
            for stored in self._reflections.items()
            if stored.id is not None
            and (not credential_id or credential_id in stored.credential_ids)
        ]

    # --- artifacts ----------------------------------------------------------------------------

    def attach_file(
        self,
        source: BinaryIO,
        *,
        name: str,
        media_type: str | None = None,
        credential_ids: Iterable[str] = (),
        competencies: Iterable[str] = (),
    ) -> ArtifactInfo:
        """Store a file (encrypted; the same content is stored once) linked to credentials."""
        links = self._links(credential_ids)
        hashing = _Hashing(source)
        blob_id, size = self._s.vault().put_blob(hashing)
        stored = StoredArtifact(
            name=name,
            media_type=media_type or mimetypes.guess_type(name)[0] or "application/octet-stream",
            size=size,
            blob=blob_id,
            url=None,
            sha256=hashing.sha.hexdigest(),
            credential_ids=links,
            competencies=list(competencies),
            created=now_iso(),
        )
        return changed(stored, id=self._artifacts.add(stored)).info()

    def attach_link(
        self,
        url: str,
        *,
        title: str | None = None,
        credential_ids: Iterable[str] = (),
        competencies: Iterable[str] = (),
    ) -> ArtifactInfo:
        if not url.startswith(("https://", "http://")):
            raise InputError("a link artifact needs an http(s) URL")
        stored = StoredArtifact(
            name=title or url,
            media_type="text/uri-list",
            size=0,
            blob=None,
            url=url,
            sha256=None,
            credential_ids=self._links(credential_ids),
            competencies=list(competencies),
            created=now_iso(),
        )
        return changed(stored, id=self._artifacts.add(stored)).info()

    def link_artifact(self, rid: str, credential_ids: Iterable[str]) -> ArtifactInfo:
        """Link a file or link artifact to these credentials (replacing its links): it then
        comes along when they are presented with "include my work samples"."""
        if self._s.vault().kind_of(rid) != "artifact":
            raise NotFoundError(f"{rid} is not a work sample")
        links = self._links(dict.fromkeys(credential_ids))
        return self._artifacts.update(rid, credential_ids=links).info()

    def edit_artifact(
        self, rid: str, *, name: str | None = None, competencies: Iterable[str] | None = None
    ) -> ArtifactInfo:
        """Rename a work sample, or change the competencies it shows; what it was called
        before is kept in its ``history`` (its content, a file or a link, stays as added)."""
        if self._s.vault().kind_of(rid) != "artifact":
            raise NotFoundError(f"{rid} is not a work sample")
        stored = self._artifacts.get(rid)
        new_name = stored.name
        if name is not None:
            new_name = " ".join(name.split())
            if not new_name:
                raise InputError("a work sample needs a name")
            if len(new_name) > 200:
                raise InputError("a work sample's name is at most 200 characters")
        topics = stored.competencies if competencies is None else list(competencies)
        if new_name == stored.name and topics == stored.competencies:
            return stored.info()
        history = [
            *stored.history,
            ArtifactVersion(name=stored.name, competencies=stored.competencies, edited=now_iso()),
        ]
        return self._artifacts.update(
            rid, name=new_name, competencies=topics, history=history
        ).info()

    def artifact_history(self, rid: str) -> list[dict[str, Any]]:
        """What a work sample was called before, oldest first."""
        if self._s.vault().kind_of(rid) != "artifact":
            raise NotFoundError(f"{rid} is not a work sample")
        return [v.model_dump() for v in self._artifacts.get(rid).history]

    def link_reflection(self, rid: str, credential_ids: Iterable[str]) -> ReflectionInfo:
        """Link a reflection to these credentials (replacing its links; no new version)."""
        stored, body = self._reflections.read(rid)
        stored = changed(stored, credential_ids=self._links(dict.fromkeys(credential_ids)))
        self._reflections.replace(rid, stored)
        return stored.info(body.text)

    def artifacts(self, credential_id: str | None = None) -> list[ArtifactInfo]:
        return [
            stored.info()
            for stored in self._artifacts.items()
            if credential_id is None or credential_id in stored.credential_ids
        ]

    def read_artifact(self, rid: str) -> Iterator[bytes]:
        """The content of a file artifact, checked chunk by chunk."""
        vault = self._s.vault()
        if vault.kind_of(rid) != "artifact":
            raise NotFoundError(f"{rid} is not a file artifact")
        stored = self._artifacts.get(rid)
        if not stored.blob:
            raise NotFoundError(f"{rid} is not a file artifact")
        return vault.read_blob(stored.blob)

    def artifact_bytes(self, rid: str, limit: int | None = None) -> bytes | None:
        """A file artifact's whole content (None when larger than ``limit``)."""
        out = bytearray()
        for chunk in self.read_artifact(rid):
            out += chunk
            if limit is not None and len(out) > limit:
                return None
        return bytes(out)

    def collect_blobs(self) -> None:
        """Remove blob files no artifact refers to any more."""
        vault = self._s.vault()
        # Read as stored, not through the model: a listing that is not of the artifact's shape
        # any more still keeps its file (it is never removed on a guess).
        used = {
            m.get("blob")
            for _rid, m in vault.iter_meta("artifact", include_deleted=True)
            if isinstance(m, dict)
        }
        for blob_id in vault.blob_ids() - used:
            vault.remove_blob(blob_id)

    def timeline(self, credentials: Iterable[tuple[str, str]]) -> list[tuple[str, str, str]]:
        """(date, kind, title), newest first: ``credentials`` as (received_at, name), and the
        reflections written and artifacts added."""
        items = [(received[:10], "credential", name) for received, name in credentials]
        items += [(r.created[:10], "reflection", r.title) for r in self.reflections()]
        items += [(a.created[:10], "artifact", a.name) for a in self.artifacts()]
        return sorted(items, reverse=True)
