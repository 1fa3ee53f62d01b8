"""The app's view state: plain data and the transitions the screens ask for (no Flet here, so
it is tested without a browser)."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["SCREENS", "AppState"]

SCREENS = ("credentials", "receive", "portfolio", "present", "verify", "settings")
SORTS = ("received", "name", "issuer")
VERDICTS = ("all", "verified", "warning", "failed")
PAGE = 50


@dataclass
class AppState:
    screen: str = "credentials"
    lang: str = "en"
    dark: bool = False
    query: str = ""
    verdict: str = "all"
    sort: str = "received"
    shown: int = PAGE
    detail: str | None = None  # the credential open in the detail view
    selection: list[str] = field(default_factory=list)  # credentials chosen to present
    include_reflections: bool = True
    include_artifacts: bool = True
    expires_days: int = 7
    busy: str | None = None  # what long work is under way
    notice: str | None = None  # a message to show once
    error: str | None = None

    def go(self, screen: str) -> None:
        if screen not in SCREENS:
            raise ValueError(f"unknown screen {screen!r}")
        self.screen, self.detail, self.error = screen, None, None

    def open_detail(self, credential_id: str) -> None:
        self.screen, self.detail = "credentials", credential_id

    def close_detail(self) -> None:
        self.detail = None

    def search(self, query: str) -> None:
        self.query, self.shown = query, PAGE

    def filter(self, verdict: str) -> None:
        if verdict not in VERDICTS:
            raise ValueError(f"unknown filter {verdict!r}")
        self.verdict, self.shown = verdict, PAGE

    def sort_by(self, sort: str) -> None:
        if sort not in SORTS:
            raise ValueError(f"unknown sort {sort!r}")
        self.sort, self.shown = sort, PAGE

    def show_more(self, total: int) -> None:
        self.shown = min(total, self.shown + PAGE)

    def toggle(self, credential_id: str) -> None:
        if credential_id in self.selection:
            self.selection.remove(credential_id)
        else:
            self.selection.append(credential_id)

    def start(self, work: str) -> None:
        self.busy, self.error, self.notice = work, None, None

    def finish(self, *, notice: str | None = None, error: str | None = None) -> None:
        self.busy, self.notice, self.error = None, notice, error

    def take_notice(self) -> str | None:
        notice, self.notice = self.notice, None
        return notice
