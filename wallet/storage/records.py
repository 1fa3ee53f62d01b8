"""Typed records of one kind in the vault: a pydantic model for the listing metadata and,
optionally, one for the secret body.

The vault itself stores JSON objects (:class:`~wallet.storage.vault.Vault`); this helper gives a
kind of record one schema and one set of operations, instead of dicts with copied CRUD::

    presets = Records(vault, "preset", Preset)
    rid = presets.add(Preset(label="Job application", credential_ids=[...]))
    presets.update(rid, label="Job application: data analyst")
    for preset in presets.all(): ...

Every kind the services keep has its model (defined by the service that owns the kind), and
writing that model through this helper is the one way its listing is written (``add``,
``update``, ``replace``); the record's body (its secret part: a credential's bytes, a
reflection's text) has a model of its own.

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

__all__ = ["Records", "body_of", "changed", "listing"]

M = TypeVar("M", bound=BaseModel)
S = TypeVar("S", bound=BaseModel)


def listing(item: BaseModel) -> dict[str, Any]:
    """A record's listing as the vault stores it: the model as JSON, without its ``id``."""
    return item.model_dump(mode="json", exclude={"id"})


def body_of(secret: BaseModel) -> Any:
    """A record's body as the vault stores it."""
    return secret.model_dump(mode="json")


def changed(item: M, **changes: Any) -> M:
    """``item`` with some fields changed, checked against its model as a new one would be (a
    field the model does not have is a ``TypeError``, a wrong value a ``ValidationError``)."""
    model = type(item)
    unknown = sorted(set(changes) - set(model.model_fields))
    if unknown:
        raise TypeError(f"{model.__name__} has no field {', '.join(unknown)}")
    return model.model_validate({**item.model_dump(), **changes})


class Records(Generic[M, S]):
    """The records of one ``kind``; ``vault`` is a vault or a function returning the (unlocked)
    vault, so the helper can be made before the vault is opened."""

    def __init__(
        self,
        vault: Vault | Callable[[], Vault],
        kind: str,
        model: type[M],
        secret: type[S] | None = None,
    ) -> None:
        self._vault = vault
        self.kind = kind
        self.model = model
        self.secret_model = secret

    def _v(self) -> Vault:
        return self._vault if isinstance(self._vault, Vault) else self._vault()

    def _readable(self, rid: str, meta: bytes | IntegrityError) -> M | None:
        """A listing read from its JSON text (parsed and checked in one step, as fast as
        parsing alone: what lets the index of 10,000 credentials be built from typed records);
        None when it is damaged or not of the model's shape."""
        if isinstance(meta, IntegrityError):
            return None
        try:
            item = self.model.model_validate_json(meta)
        except ValidationError:
            return None
        return item.model_copy(update={"id": rid}) if "id" in self.model.model_fields else item

    def _read(self, rid: str, meta: dict[str, Any]) -> M:
        try:
            if "id" in self.model.model_fields:
                return self.model.model_validate({**meta, "id": rid})
            return self.model.model_validate(meta)
        except ValidationError:
            raise IntegrityError(
                f"the {self.kind} record {rid[:8]} is not readable", item=rid
            ) from None

    def add(self, item: M, secret: S | None = None, *, dedupe: bytes | None = None) -> str:
        """Store a new record; returns its id."""
        body = body_of(secret) if secret is not None else None
        return self._v().put(self.kind, listing(item), body, dedupe=dedupe)

    def rows(self, *, include_deleted: bool = False) -> Iterator[tuple[str, M | None]]:
        """(id, record) of every record, newest first; one that cannot be read (damaged, or
        no longer of its model's shape) as (id, None)."""
        for rid, meta in self._v().iter_meta_json(self.kind, include_deleted=include_deleted):
            yield rid, self._readable(rid, meta)

    def items(self) -> Iterator[M]:
        """Every readable record, newest first (damaged ones are left out)."""
        for _rid, item in self.rows():
            if item is not None:
                yield item

    def all(self) -> list[M]:
        return list(self.items())

    def page(self, offset: int = 0, limit: int = 50) -> list[M]:
        """One page of the readable records, newest first, read from the vault page by page
        (nothing else is decrypted)."""
        rows = self._v().page_json(self.kind, offset, limit)
        return [item for rid, meta in rows if (item := self._readable(rid, meta)) is not None]

    def count(self) -> int:
        return self._v().count(self.kind)

    def ids(self) -> list[str]:
        return [rid for rid, meta in self._v().iter_meta(self.kind) if isinstance(meta, dict)]

    def duplicate(self, dedupe: bytes) -> str | None:
        """The record stored with this ``dedupe`` key (in the trash too), if any."""
        return self._v().find_dedupe(self.kind, dedupe)

    def get(self, rid: str, *, include_deleted: bool = False) -> M:
        kind, meta, _ = self._v().get(rid, with_body=False, include_deleted=include_deleted)
        if kind != self.kind:
            raise NotFoundError(f"{rid} is not a {self.kind}")
        return self._read(rid, meta)

    def read(self, rid: str) -> tuple[M, S]:
        """A record and its secret body, from one decryption."""
        if self.secret_model is None:
            raise TypeError(f"{self.kind} records keep no secret")
        kind, meta, body = self._v().get(rid)
        if kind != self.kind:
            raise NotFoundError(f"{rid} is not a {self.kind}")
        try:
            return self._read(rid, meta), self.secret_model.model_validate(body or {})
        except ValidationError:
            raise IntegrityError(
                f"the {self.kind} record {rid[:8]} is not readable", item=rid
            ) from None

    def secret(self, rid: str) -> S:
        return self.read(rid)[1]

    def update(self, rid: str, **changes: Any) -> M:
        """Change some fields (checked against the model); returns the new value."""
        updated = changed(self.get(rid), **changes)
        self._v().update(rid, meta=listing(updated))
        return updated

    def replace(self, rid: str, item: M, secret: S | None = None) -> None:
        """Write ``item`` (and ``secret``, when given) over the record, in one transaction."""
        body = body_of(secret) if secret is not None else None
        self._v().update(rid, meta=listing(item), body=body)

    def delete(self, rid: str) -> None:
        """Remove at once (not to the trash)."""
        self.get(rid)
        self._v().delete_now(rid)

    def find(self, predicate: Callable[[M], bool]) -> M | None:
        return next((item for item in self.items() if predicate(item)), None)
