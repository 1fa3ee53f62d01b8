"""A file the learner picks in the app is read through the one safe reader: on a computer the
app reads the path itself (a regular file, within a size cap — never a FIFO that blocks or
``/dev/zero`` that never ends), in a browser the browser's bytes are capped. Each pick runs
with a deadline, so a regression fails instead of hanging."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import flet as ft
import pytest
from flet_harness import _run as run_to_end

from wallet.ui.context import App
from wallet.ui.state import AppState

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX file types")


class Picker:
    """The file dialog, answered with one chosen file as Flet describes it."""

    def __init__(self, chosen: ft.FilePickerFile) -> None:
        self.chosen = chosen
        self.asked: list[dict[str, Any]] = []

    async def pick_files(self, **options: Any) -> list[ft.FilePickerFile]:
        self.asked.append(options)
        return [self.chosen]


def _app(chosen: ft.FilePickerFile, *, web: bool = False) -> tuple[App, Picker]:
    picker = Picker(chosen)
    page = SimpleNamespace(
        web=web, platform=SimpleNamespace(is_mobile=lambda: False), show_dialog=lambda _dialog: None
    )
    return App(c=None, state=AppState(), picker=picker, page=page), picker  # type: ignore[arg-type]


def _pick(app: App, **options: Any) -> tuple[str, bytes] | None:
    return run_to_end(asyncio.wait_for(app.pick(**options), timeout=10))


def _on_disk(path: Path | str, name: str = "chosen.png") -> ft.FilePickerFile:
    return ft.FilePickerFile(id=1, name=name, size=0, path=str(path))


@pytest.mark.parametrize("kind", ["pipe", "character device", "larger than", "folder"])
def test_a_picked_path_that_is_not_a_regular_file_within_the_cap_is_refused(
    tmp_path: Path, kind: str
) -> None:
    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    big = tmp_path / "big.png"
    big.write_bytes(b"x" * 2000)
    path = {
        "pipe": fifo,
        "character device": Path("/dev/zero"),
        "larger than": big,
        "folder": tmp_path,
    }[kind]
    app, picker = _app(_on_disk(path))
    assert _pick(app, limit=1000) is None
    assert picker.asked[0]["with_data"] is False  # the app reads it, not the dialog
    assert len(app.toasts) == 1 and kind in app.toasts[0]  # the reason is shown


def test_a_regular_file_is_read_by_the_app(tmp_path: Path) -> None:
    path = tmp_path / "photo.png"
    path.write_bytes(b"\x89PNG picture")
    app, picker = _app(_on_disk(path, "photo.png"))
    assert _pick(app, allowed=["png"]) == ("photo.png", b"\x89PNG picture")
    assert picker.asked[0]["allowed_extensions"] == ["png"] and app.toasts == []


def test_in_a_browser_the_bytes_are_capped() -> None:
    big = ft.FilePickerFile(id=1, name="big.wbk", size=2000, bytes=b"y" * 2000)
    app, picker = _app(big, web=True)
    assert _pick(app, limit=1000) is None and "larger than" in app.toasts[0]
    assert picker.asked[0]["with_data"] is True
    small = ft.FilePickerFile(id=1, name="small.json", size=3, bytes=b"{}\n")
    assert _pick(_app(small, web=True)[0]) == ("small.json", b"{}\n")
