"""The learner's own work: reflections (Markdown, with their edit history) and artifacts (files
kept encrypted, or links), each linkable to credentials and to competencies."""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

from wallet.errors import InputError, NotFoundError
from wallet.services.session import Session, now_iso
from wallet.services.types import ArtifactInfo, ReflectionInfo

__all__ = ["MAX_REFLECTION_CHARS", "PortfolioService"]

MAX_REFLECTION_CHARS = 100_000


def _title_of(text: str) -> str:
    first = next((line.strip(" #*>-\t") for line in text.splitlines() if line.strip()), "")
    return (first[:77] + "…") if len(first) > 80 else first or "Reflection"


def _artifact(rid: str, meta: dict[str, Any]) -> ArtifactInfo:
    return ArtifactInfo(id=rid, name=meta["name"], media_type=meta["media_type"],
                        size=meta.get("size", 0), url=meta.get("url"), sha256=meta.get("sha256"),
                        credential_ids=tuple(meta.get("credential_ids", ())),
                        competencies=tuple(meta.get("competencies", ())),
                        created=meta["created"])


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

    def _links(self, credential_ids: Iterable[str]) -> list[str]:
        vault = self._s.vault()
        out = []
        for cid in credential_ids:
            if vault.kind_of(cid) != "credential":
                raise NotFoundError(f"{cid} is not a credential")
            out.append(cid)
        return out

    # --- reflections --------------------------------------------------------------------------

    def reflect(self, text: str, *, credential_ids: Iterable[str] = (),
                competencies: Iterable[str] = (), title: str | None = None) -> ReflectionInfo:
        if not text.strip():
            raise InputError("a reflection needs some text")
        if len(text) > MAX_REFLECTION_CHARS:
            raise InputError(f"a reflection is at most {MAX_REFLECTION_CHARS:,} characters")
        now = now_iso()
        links = self._links(credential_ids)
        meta = {"title": title or _title_of(text), "credential_ids": links,
                "competencies": list(competencies), "created": now, "edited": now,
                "versions": 1}
        rid = self._s.vault().put("reflection", meta, {"text": text, "history": []})
        return ReflectionInfo(id=rid, text=text, **meta)

    def edit_reflection(self, rid: str, text: str, *, title: str | None = None,
                        credential_ids: Iterable[str] | None = None,
                        competencies: Iterable[str] | None = None) -> ReflectionInfo:
        vault = self._s.vault()
        kind, meta, body = vault.get(rid)
        if kind != "reflection":
            raise NotFoundError(f"{rid} is not a reflection")
        history = [*body.get("history", []), {"text": body["text"], "edited": meta["edited"]}]
        meta = {**meta, "edited": now_iso(), "versions": len(history) + 1,
                "title": title or meta["title"]}
        if credential_ids is not None:
            meta["credential_ids"] = self._links(credential_ids)
        if competencies is not None:
            meta["competencies"] = list(competencies)
        vault.update(rid, meta=meta, body={"text": text, "history": history})
        return ReflectionInfo(id=rid, text=text, **meta)

    def reflection_history(self, rid: str) -> list[dict[str, str]]:
        _kind, _meta, body = self._s.vault().get(rid)
        return list(body.get("history", []))

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
        vault = self._s.vault()
        out = []
        for rid, meta in vault.iter_meta("reflection"):
            if not isinstance(meta, dict):
                continue
            if credential_id and credential_id not in meta.get("credential_ids", []):
                continue
            _kind, _m, body = vault.get(rid)
            out.append(ReflectionInfo(id=rid, text=body.get("text", ""), **meta))
        return out

    # --- artifacts ----------------------------------------------------------------------------

    def attach_file(self, source: BinaryIO, *, name: str, media_type: str | None = None,
                    credential_ids: Iterable[str] = (), competencies: Iterable[str] = ()
                    ) -> ArtifactInfo:
        """Store a file (encrypted; the same content is stored once) linked to credentials."""
        links = self._links(credential_ids)
        hashing = _Hashing(source)
        vault = self._s.vault()
        blob_id, size = vault.put_blob(hashing)  # type: ignore[arg-type]
        meta = {"name": name, "media_type": media_type or mimetypes.guess_type(name)[0]
                or "application/octet-stream", "size": size, "blob": blob_id, "url": None,
                "sha256": hashing.sha.hexdigest(), "credential_ids": links,
                "competencies": list(competencies), "created": now_iso()}
        rid = vault.put("artifact", meta)
        return _artifact(rid, meta)

    def attach_link(self, url: str, *, title: str | None = None,
                    credential_ids: Iterable[str] = (), competencies: Iterable[str] = ()
                    ) -> ArtifactInfo:
        if not url.startswith(("https://", "http://")):
            raise InputError("a link artifact needs an http(s) URL")
        links = self._links(credential_ids)
        meta = {"name": title or url, "media_type": "text/uri-list", "size": 0, "blob": None,
                "url": url, "sha256": None, "credential_ids": links,
                "competencies": list(competencies), "created": now_iso()}
        rid = self._s.vault().put("artifact", meta)
        return _artifact(rid, meta)

    def link_artifact(self, rid: str, credential_ids: Iterable[str]) -> ArtifactInfo:
        """Link a file or link artifact to these credentials (replacing its links): it then
        comes along when they are presented with "include my work samples"."""
        vault = self._s.vault()
        kind, meta, _ = vault.get(rid, with_body=False)
        if kind != "artifact":
            raise NotFoundError(f"{rid} is not a work sample")
        meta = {**meta, "credential_ids": self._links(dict.fromkeys(credential_ids))}
        vault.update(rid, meta=meta)
        return _artifact(rid, meta)

    def edit_artifact(self, rid: str, *, name: str | None = None,
                      competencies: Iterable[str] | None = None) -> ArtifactInfo:
        """Rename a work sample, or change the competencies it shows; what it was called
        before is kept in its ``history`` (its content, a file or a link, stays as added)."""
        vault = self._s.vault()
        kind, meta, _ = vault.get(rid, with_body=False)
        if kind != "artifact":
            raise NotFoundError(f"{rid} is not a work sample")
        new = {**meta}
        if name is not None:
            name = " ".join(name.split())
            if not name:
                raise InputError("a work sample needs a name")
            if len(name) > 200:
                raise InputError("a work sample's name is at most 200 characters")
            new["name"] = name
        if competencies is not None:
            new["competencies"] = list(competencies)
        if new != meta:
            new["history"] = [*meta.get("history", []),
                              {"name": meta["name"], "competencies": meta.get("competencies", []),
                               "edited": now_iso()}]
            vault.update(rid, meta=new)
        return _artifact(rid, new)

    def artifact_history(self, rid: str) -> list[dict[str, Any]]:
        """What a work sample was called before, oldest first."""
        kind, meta, _ = self._s.vault().get(rid, with_body=False)
        if kind != "artifact":
            raise NotFoundError(f"{rid} is not a work sample")
        return list(meta.get("history", []))

    def link_reflection(self, rid: str, credential_ids: Iterable[str]) -> ReflectionInfo:
        """Link a reflection to these credentials (replacing its links; no new version)."""
        vault = self._s.vault()
        kind, meta, body = vault.get(rid)
        if kind != "reflection":
            raise NotFoundError(f"{rid} is not a reflection")
        meta = {**meta, "credential_ids": self._links(dict.fromkeys(credential_ids))}
        vault.update(rid, meta=meta)
        return ReflectionInfo(id=rid, text=body.get("text", ""), **meta)

    def artifacts(self, credential_id: str | None = None) -> list[ArtifactInfo]:
        out = []
        for rid, meta in self._s.vault().iter_meta("artifact"):
            if isinstance(meta, dict) and (credential_id is None
                                           or credential_id in meta.get("credential_ids", [])):
                out.append(_artifact(rid, meta))
        return out

    def read_artifact(self, rid: str) -> Iterator[bytes]:
        """The content of a file artifact, checked chunk by chunk."""
        vault = self._s.vault()
        kind, meta, _ = vault.get(rid, with_body=False)
        if kind != "artifact" or not meta.get("blob"):
            raise NotFoundError(f"{rid} is not a file artifact")
        return vault.read_blob(meta["blob"])

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
        used = {m.get("blob") for _rid, m in vault.iter_meta("artifact", include_deleted=True)
                if isinstance(m, dict)}
        for blob_id in vault.blob_ids() - used:
            vault.remove_blob(blob_id)

    def timeline(self, credentials: Iterable[tuple[str, str]]) -> list[tuple[str, str, str]]:
        """(date, kind, title), newest first: ``credentials`` as (received_at, name), and the
        reflections written and artifacts added."""
        items = [(received[:10], "credential", name) for received, name in credentials]
        items += [(r.created[:10], "reflection", r.title) for r in self.reflections()]
        items += [(a.created[:10], "artifact", a.name) for a in self.artifacts()]
        return sorted(items, reverse=True)
