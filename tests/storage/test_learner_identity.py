"""The learner each profile presents: kept in the profile's vault (encrypted), set by the
services and ``wallet profile set-name``, carried in every presentation as given."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import pytest
from cli_runner import wallet_runner
from PIL import Image
from vault_helpers import PASSPHRASE, make_service

from wallet.errors import InputError
from wallet.presenting.identity import read_learner


def _photo(size: tuple[int, int] = (900, 600)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(out, "PNG")
    return out.getvalue()


def test_identity_is_kept_per_profile_and_carried(tmp_path: Path, badges) -> None:
    with make_service(tmp_path / "home") as wallet:
        wallet.profiles.create("School", protection="passphrase")
        assert wallet.profiles.identity().name is None
        identity = wallet.profiles.set_identity(
            "  Jimin   Park ",
            headline="Data analyst",
            photo=_photo(),
            links=["https://portfolio.example/jimin"],
            email="jimin@example.edu",
        )
        assert identity.name == "Jimin Park" and identity.did == wallet.did
        header, _, data = identity.photo.partition(",")
        assert header == "data:image/jpeg;base64"
        with Image.open(io.BytesIO(base64.b64decode(data))) as image:
            assert max(image.size) == 256  # kept small
        # None keeps a field, "" clears it
        again = wallet.profiles.set_identity(None, headline="")
        assert again.name == "Jimin Park" and again.headline is None and again.photo
        assert wallet.profiles.set_identity(remove_photo=True).photo is None

        added = wallet.credentials.add(badges[0])
        composed = wallet.presenting.compose([added.id])
        learner = read_learner(composed.clr)
        assert (learner.name, learner.email) == ("Jimin Park", "jimin@example.edu")
        assert learner.links == ("https://portfolio.example/jimin",)

        with pytest.raises(InputError, match="web address"):
            wallet.profiles.set_identity(links=["javascript:alert(1)"])
        with pytest.raises(InputError, match="not an image"):
            wallet.profiles.set_identity(photo=b"not a picture")
        with pytest.raises(InputError, match="email"):
            wallet.profiles.set_identity(email="nobody")

        wallet.profiles.create("Work", protection="passphrase")
        assert wallet.profiles.identity().name is None  # each profile its own
    # nothing readable on disk
    for path in (tmp_path / "home").rglob("*"):
        if path.is_file():
            assert b"Jimin" not in path.read_bytes(), path


def test_profile_set_name_command(tmp_path: Path, badges) -> None:
    wallet = wallet_runner(tmp_path / "cli", PASSPHRASE)
    photo = tmp_path / "me.png"
    photo.write_bytes(_photo((300, 300)))
    made = wallet(
        "profile",
        "set-name",
        "박지민",
        "--photo",
        str(photo),
        "--headline",
        "데이터 분석가",
        "--link",
        "https://portfolio.example/jimin",
        "--link",
        "https://www.linkedin.com/in/jimin",
        "--student-id",
        "RCC-2291",
    )
    assert made.returncode == 0, made.stderr
    assert "Presented by 박지민" in made.stdout.decode()
    shown = wallet("profile", "show").stdout.decode()
    assert "박지민" in shown and "데이터 분석가" in shown and "photo:      yes" in shown
    assert "https://www.linkedin.com/in/jimin" in shown and "RCC-2291" in shown
    (tmp_path / "b.json").write_bytes(badges[0])
    assert wallet("add", "--offline", str(tmp_path / "b.json")).returncode == 0
    rid = json.loads(wallet("list", "--json").stdout)[0]["id"][:8]
    out = tmp_path / "vp.json"
    assert wallet("present", rid, "--out", str(out)).returncode == 0
    clr = json.loads(out.read_text())["verifiableCredential"][0]
    assert clr["issuer"]["name"] == "박지민"
    bad = wallet("profile", "set-name", "X", "--link", "ftp://nope")
    assert bad.returncode == 1 and b"not a web address" in bad.stderr
