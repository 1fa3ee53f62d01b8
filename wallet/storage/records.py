"""Typed records of one kind in the vault: a pydantic model for the listing metadata and,
optionally, one for the secret body.

The vault itself stores JSON objects (:class:`~wallet.storage.vault.Vault`); this helper gives a
kind of record one schema and one set of operations, instead of dicts with copied CRUD::

    presets = Records(vault, "preset", Preset)
    rid = presets.add(Preset(label="Job application", credential_ids=[...]))
    presets.update(rid, label="Job application: data analyst")

A model's ``id`` field (when it has one) is filled in from the record's id on reading and left
out of what is stored. Records written before a field existed read with its default; a record
that no longer matches its model is reported as :class:`~wallet.errors.IntegrityError`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from wallet.errors import IntegrityError, NotFoundError
from wallet.storage.vault import Vault

__all__ = ["Records"]

M = TypeVar("M", bound=BaseModel)
S = TypeVar("S", bound=BaseModel)


class Records(Generic[M, S]):
    """The records of one ``kind``; ``vault`` is a vault or a function returning the (unlocked)
    vault, so the helper can be made before the vault is opened."""

    def __init__(self, vault: Vault | Callable[[], Vault], kind: str, model: type[M],
                 secret: type[S] | None = None) -> None:
        self._vault = vault
        self.kind = kind
        self.model = model
        self.secret_model = secret

    def _v(self) -> Vault:
        return self._vault if isinstance(self._vault, Vault) else self._vault()

    def _meta(self, item: M) -> dict[str, Any]:
        return item.model_dump(mode="json", exclude={"id"})

    def _read(self, rid: str, meta: dict[str, Any]) -> M:
        try:
            if "id" in self.model.model_fields:
                return self.model.model_validate({**meta, "id": rid})
            return self.model.model_validate(meta)
        except ValidationError:
            raise IntegrityError(f"the {self.kind} record {rid[:8]} is not readable",
                                 item=rid) from None

    def add(self, item: M, secret: S | None = None, *, dedupe: bytes | None = None) -> str:
        """Store a new record; returns its id."""
        body = secret.model_dump(mode="json") if secret is not None else None
        return self._v().put(self.kind, self._meta(item), body, dedupe=dedupe)

    def items(self) -> Iterator[M]:
        """Every readable record, newest first (damaged ones are left out)."""
        for rid, meta in self._v().iter_meta(self.kind):
            if isinstance(meta, dict):
                try:
                    yield self._read(rid, meta)
                except IntegrityError:
                    continue

    def list(self) -> list[M]:
        return list(self.items())

    def ids(self) -> list[str]:
        return [rid for rid, meta in self._v().iter_meta(self.kind) if isinstance(meta, dict)]

    def get(self, rid: str) -> M:
        kind, meta, _ = self._v().get(rid, with_body=False)
        if kind != self.kind:
            raise NotFoundError(f"{rid} is not a {self.kind}")
        return self._read(rid, meta)

    def secret(self, rid: str) -> S:
        if self.secret_model is None:
            raise TypeError(f"{self.kind} records keep no secret")
        kind, _meta, body = self._v().get(rid)
        if kind != self.kind:
            raise NotFoundError(f"{rid} is not a {self.kind}")
        try:
            return self.secret_model.model_validate(body or {})
        except ValidationError:
            raise IntegrityError(f"the {self.kind} record {rid[:8]} is not readable",
                                 item=rid) from None

    def update(self, rid: str, **changes: Any) -> M:
        """Change some fields (checked against the model); returns the new value."""
        current = self.get(rid)
        updated = self.model.model_validate({**current.model_dump(), **changes})
        self._v().update(rid, meta=self._meta(updated))
        return updated

    def replace(self, rid: str, item: M) -> None:
        self._v().update(rid, meta=self._meta(item))

    def delete(self, rid: str) -> None:
        """Remove at once (not to the trash)."""
        self.get(rid)
        self._v().delete_now(rid)

    def find(self, predicate: Callable[[M], bool]) -> M | None:
        return next((item for item in self.items() if predicate(item)), None)
