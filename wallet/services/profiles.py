"""Profiles (e.g. school and work), each with its own vault key and holder DID, and how that key
is protected: the OS keyring, or a passphrase where there is none; locking and unlocking; and
the learner each profile presents: a display name and, optionally, a photo, a headline and
links (and an email or student id to disclose so that employers can match the issuers'
identifiers), kept in the profile's vault and carried, learner-asserted, in every presentation
(:mod:`wallet.presenting.identity`); and the learner's own identities (e-mail addresses,
telephone numbers, web addresses) by which the wallet tells whether an Open Badges 2.0 badge
names them — kept in the vault, never sent anywhere."""

from __future__ import annotations

import base64
import io
import re
import unicodedata
from collections.abc import Sequence

from pydantic import BaseModel

from wallet.crypto.keys import Ed25519KeyPair
from wallet.errors import InputError, ProfileError
from wallet.formats.images import load_image
from wallet.ob2.model import IDENTITY_TYPES, Identity, parse_identity
from wallet.presenting.identity import LearnerIdentity
from wallet.services.session import Session, now_iso
from wallet.services.stored import KeySeed, StoredKey
from wallet.services.types import ProfileInfo
from wallet.storage.profiles import ProfileEntry
from wallet.storage.protection import keyring_available
from wallet.storage.records import Records, changed
from wallet.storage.vault import Vault

__all__ = [
    "MAX_IDENTITIES",
    "MAX_PHOTO_BYTES",
    "PHOTO_SIZE",
    "ProfileService",
    "learner_identity",
    "own_identities",
    "photo_data_uri",
]

MAX_PHOTO_BYTES = 10 * 1024 * 1024  # the photo file given
PHOTO_SIZE = 256  # pixels on its longer side, as kept (a JPEG of a few kilobytes)
MAX_LINKS = 5
MAX_IDENTITIES = 20
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{1,63}$")


class _Identity(BaseModel):
    """The learner's identity (the record's metadata; the photo is in its body)."""

    name: str = ""
    headline: str = ""
    links: list[str] = []
    email: str = ""
    student_id: str = ""
    identities: list[str] = []  # "email:…", "telephone:…", "url:…": never sent anywhere
    updated: str = ""


class _Photo(BaseModel):
    photo: str = ""  # a data:image/jpeg URI


def _records(session: Session) -> Records[_Identity, _Photo]:
    return Records(session.vault, "learner", _Identity, _Photo)


def learner_identity(session: Session) -> LearnerIdentity:
    """The current profile's learner, as presentations carry it (with the holder DID)."""
    records = _records(session)
    ids = records.ids()
    did = session.holder_key().did
    if not ids:
        return LearnerIdentity(did=did)
    meta = records.get(ids[0])
    photo = records.secret(ids[0]).photo
    return LearnerIdentity(
        name=meta.name or None,
        headline=meta.headline or None,
        photo=photo or None,
        links=tuple(meta.links),
        email=meta.email or None,
        student_id=meta.student_id or None,
        did=did,
    )


def own_identities(session: Session) -> tuple[Identity, ...]:
    """The learner's own identities — the e-mail addresses, telephone numbers and web
    addresses they gave, and the e-mail they disclose — with which the wallet tells whether an
    Open Badges 2.0 badge names them (:func:`wallet.ob2.model.recipient_matches`). Kept in the
    vault; never put in a presentation or sent anywhere."""
    records = _records(session)
    ids = records.ids()
    if not ids:
        return ()
    meta = records.get(ids[0])
    out = [Identity(*item.split(":", 1)) for item in meta.identities if ":" in item]
    if meta.email:
        out.append(Identity("email", meta.email))
    return tuple(dict.fromkeys(out))


def _own_identity(text: str) -> str:
    """``TYPE:VALUE`` checked and written as it is kept (``email:…``, ``telephone:…``,
    ``url:…``); without a type, a web address is a ``url``, one with ``@`` an ``email``, else
    a ``telephone``."""
    text = text.strip()
    if text.partition(":")[0].strip().casefold() not in IDENTITY_TYPES:
        kind = (
            "url"
            if text.startswith(("https://", "http://"))
            else "email"
            if "@" in text
            else "telephone"
        )
        text = f"{kind}:{text}"
    identity = parse_identity(text)
    value = _clean(identity.value, f"{identity.type} identity", 320)
    if identity.type == "email" and not _EMAIL.match(value):
        raise InputError(f"{value!r} is not an email address")
    if identity.type == "url":
        value = _link(value)
    if identity.type == "telephone" and not re.fullmatch(r"\+?[0-9 ().-]{3,40}", value):
        raise InputError(f"{value!r} is not a telephone number")
    return f"{identity.type}:{value}"


def _clean(text: str | None, what: str, limit: int = 200) -> str:
    value = unicodedata.normalize("NFC", re.sub(r"\s+", " ", text or "")).strip()
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in value):
        raise InputError(f"the {what} has characters that cannot be shown")
    if len(value) > limit:
        raise InputError(f"the {what} is longer than {limit} characters")
    return value


def _link(url: str) -> str:
    url = url.strip()
    if (
        not url.startswith(("https://", "http://"))
        or len(url) > 2000
        or any(c.isspace() for c in url)
    ):
        raise InputError(f"{url[:80]!r} is not a web address (https://…)")
    return url


def photo_data_uri(data: bytes) -> str:
    """A photo file (PNG, JPEG, GIF or WebP) as a small JPEG ``data:`` URI."""
    if len(data) > MAX_PHOTO_BYTES:
        raise InputError(f"the photo is larger than {MAX_PHOTO_BYTES // (1024 * 1024)} MB")
    # within the bounds of wallet.formats.images, its size checked before any pixel is decoded
    picture = load_image(data, pixels=4 * PHOTO_SIZE * PHOTO_SIZE, mode="RGB", what="the photo")
    picture.thumbnail((PHOTO_SIZE, PHOTO_SIZE))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85, optimize=True)
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode("ascii")


class ProfileService:
    def __init__(self, session: Session) -> None:
        self._s = session

    # --- which profiles -------------------------------------------------------------------

    def all(self) -> list[ProfileInfo]:
        profiles = self._s.profiles
        default = profiles.default()
        current = self._s.current_id
        return [
            ProfileInfo(
                id=p.id,
                name=p.name,
                is_default=default is not None and p.id == default.id,
                is_current=p.id == current,
            )
            for p in profiles.all()
        ]

    def exists(self) -> bool:
        return bool(self._s.profiles.all())

    @property
    def current(self) -> ProfileInfo:
        entry = self._s.entry
        return next(p for p in self.all() if p.id == entry.id)

    def create(
        self,
        name: str,
        *,
        protection: str = "auto",
        passphrase: str | None = None,
        make_default: bool = False,
    ) -> ProfileInfo:
        """A new profile with its own vault key (OS keyring, or a passphrase where there is
        none: ``protection="auto"``) and its own holder key (did:key). It becomes current."""
        if protection == "auto":
            protection = "keyring" if keyring_available()[0] else "passphrase"
        if protection == "passphrase" and not passphrase:
            passphrase = self._s.passphrase_source("new")
        if protection not in ("keyring", "passphrase"):
            raise ProfileError("protection is 'keyring', 'passphrase' or 'auto'")
        if protection == "passphrase" and not passphrase:
            raise ProfileError(
                "this profile needs a passphrase (no OS keyring is available); "
                "give one, or set WALLET_PASSPHRASE"
            )
        profiles = self._s.profiles
        made: list[Vault] = []

        def discard() -> None:
            vault = made.pop()
            vault.forget_keyring_entry()
            vault.close()

        def prepare(entry: ProfileEntry) -> None:
            made.append(
                Vault(profiles.directory(entry), entry.id, store=self._s.store, kdf=self._s.kdf)
            )
            try:
                made[0].initialize(protection, passphrase)
                holder = Ed25519KeyPair.generate()
                Records(made[0], "key", StoredKey, KeySeed).add(
                    StoredKey(
                        did=holder.did, key_id=holder.key_id, created=now_iso(), label="holder"
                    ),
                    KeySeed(seed=holder.seed.hex()),
                )
            except BaseException:
                discard()
                raise

        try:
            entry = profiles.create(name, prepare=prepare)
        except BaseException:
            if made:  # prepared, then listing it failed
                discard()
            raise
        vault = made[0]
        if make_default:
            profiles.set_default(entry)
        self._s.become(entry, vault)
        return next(p for p in self.all() if p.id == entry.id)

    def ensure(self, name: str = "Personal") -> ProfileInfo | None:
        """First use: create a profile when there is none; returns it, or None if one
        existed. Several processes may do this at once on one empty home: one creates the
        profile, the others wait for it and use it."""
        with self._s.profiles.locked():
            if self.exists():
                return None
            return self.create(name)

    def use(self, key: str) -> ProfileInfo:
        """Make the profile named (or with this id) current."""
        entry = self._s.profiles.find(key)
        self._s.become(entry)
        self._s.open_vault()
        return next(p for p in self.all() if p.id == entry.id)

    def rename(self, key: str, name: str) -> ProfileInfo:
        """Give a profile another name (names are unique, 1 to 60 printable characters)."""
        entry = self._s.profiles.rename(self._s.profiles.find(key), name)
        if self._s.current_id == entry.id:
            self._s.renamed(entry)
        return next(p for p in self.all() if p.id == entry.id)

    def set_default(self, key: str) -> None:
        self._s.profiles.set_default(self._s.profiles.find(key))

    def delete(self, key: str) -> None:
        """Delete a profile, its vault and its key in the OS keyring. Irreversible."""
        entry = self._s.profiles.find(key)
        current = self._s.current_id == entry.id
        vault = self._s.open_vault() if current else self._s.vault_of(entry)
        vault.forget_keyring_entry()
        if current:
            self._s.close_vault()
        else:
            vault.close()
        self._s.profiles.remove(entry)

    def protection_of(self, key: str) -> str:
        """How a profile's key is guarded (``keyring`` or ``passphrase``), without opening it."""
        entry = self._s.profiles.find(key)
        vault = self._s.vault_of(entry)
        try:
            return vault.protection
        finally:
            vault.close()

    # --- the current profile's key ----------------------------------------------------------

    @staticmethod
    def keyring_status() -> tuple[bool, str]:
        return keyring_available()

    @property
    def protection(self) -> str:
        return self._s.open_vault().protection

    def describe_protection(self) -> str:
        if self.protection == "keyring":
            return (
                "the OS keyring guards this wallet's key: it opens when you are logged in "
                f"({keyring_available()[1]})"
            )
        return (
            "a passphrase guards this wallet's key (Argon2id); there is no way in without "
            "it, so keep a backup"
        )

    @property
    def locked(self) -> bool:
        return not self._s.open_vault().is_unlocked

    @property
    def locked_on_purpose(self) -> bool:
        """Locked by the learner (``wallet lock``), not just not yet opened."""
        return self._s.lock_flag.exists()

    def unlock(self, passphrase: str | None = None) -> None:
        self._s.unlock(passphrase)

    def lock(self) -> None:
        """Forget the key and mark the profile locked: until :meth:`unlock`, nothing opens."""
        vault = self._s.open_vault()
        vault.lock()
        self._s.reset()
        self._s.lock_flag.touch()

    def change_passphrase(self, new: str, *, old: str | None = None) -> None:
        """Protect the key with a (new) passphrase; ``old`` is checked if one is in use."""
        vault = self._s.open_vault()
        if vault.protection == "passphrase":
            vault.unlock(old if old is not None else self._s.passphrase_source("unlock"))
        else:
            self._s.vault()
        vault.rewrap("passphrase", new)

    def use_keyring(self) -> None:
        """Protect the key with the OS keyring (a new random key there)."""
        self._s.vault().rewrap("keyring")

    def rotate_key(self, passphrase: str | None = None) -> None:
        """Re-wrap the data key under a fresh key-encryption key (same protection)."""
        vault = self._s.vault()
        if vault.protection == "passphrase":
            vault.rewrap("passphrase", passphrase or self._s.passphrase_source("new"))
        else:
            vault.rewrap("keyring")

    # --- the learner this profile presents --------------------------------------------------

    def identity(self) -> LearnerIdentity:
        """Who the learner says they are (empty fields: not given), with the holder DID."""
        return learner_identity(self._s)

    def set_identity(
        self,
        name: str | None = None,
        *,
        headline: str | None = None,
        photo: bytes | None = None,
        links: Sequence[str] | None = None,
        email: str | None = None,
        student_id: str | None = None,
        remove_photo: bool = False,
    ) -> LearnerIdentity:
        """Set the learner's display name and, optionally, the rest; a value left ``None``
        keeps what was set (``""`` clears it; ``links=[]`` clears the links). ``photo`` is a
        picture file, kept as a small JPEG."""
        records = _records(self._s)
        ids = records.ids()
        current = records.get(ids[0]) if ids else _Identity()
        picture = records.secret(ids[0]).photo if ids else ""
        changes = current.model_dump()
        if name is not None:
            changes["name"] = _clean(name, "name")
        if headline is not None:
            changes["headline"] = _clean(headline, "headline")
        if links is not None:
            if len(links) > MAX_LINKS:
                raise InputError(f"give at most {MAX_LINKS} links")
            changes["links"] = list(dict.fromkeys(_link(u) for u in links))
        if email is not None:
            email = _clean(email, "email address", 320)
            if email and not _EMAIL.match(email):
                raise InputError(f"{email!r} is not an email address")
            changes["email"] = email
        if student_id is not None:
            changes["student_id"] = _clean(student_id, "student id", 100)
        if photo is not None:
            picture = photo_data_uri(photo)
        elif remove_photo:
            picture = ""
        changes["updated"] = now_iso()
        updated = _Identity.model_validate(changes)
        if ids:  # one transaction: the identity and its photo change together
            records.replace(ids[0], updated, _Photo(photo=picture))
        else:
            records.add(updated, _Photo(photo=picture))
        return self.identity()

    # --- the learner's own identities (for Open Badges 2.0 recipients) ------------------------

    def identities(self) -> tuple[Identity, ...]:
        """The identities the wallet matches Open Badges 2.0 recipients against
        (:func:`own_identities`)."""
        return own_identities(self._s)

    def set_identities(
        self, add: Sequence[str] = (), remove: Sequence[str] = ()
    ) -> tuple[Identity, ...]:
        """Add or remove the learner's own identities, each ``TYPE:VALUE`` (``email:…``,
        ``telephone:…``, ``url:…``); at most :data:`MAX_IDENTITIES`. Kept in the vault only."""
        records = _records(self._s)
        ids = records.ids()
        current = records.get(ids[0]) if ids else _Identity()
        gone = {_own_identity(text) for text in remove}
        kept = [i for i in current.identities if i not in gone]
        for text in add:
            item = _own_identity(text)
            if item not in kept:
                kept.append(item)
        if len(kept) > MAX_IDENTITIES:
            raise InputError(f"give at most {MAX_IDENTITIES} identities")
        updated = changed(current, identities=kept, updated=now_iso())
        if ids:
            records.replace(ids[0], updated)
        else:
            records.add(updated, _Photo())
        return self.identities()

    # --- the holder ---------------------------------------------------------------------------

    def holder_key(self) -> Ed25519KeyPair:
        return self._s.holder_key()

    @property
    def did(self) -> str:
        return self._s.holder_key().did
