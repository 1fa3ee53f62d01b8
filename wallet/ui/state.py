"""The app's view state: plain data and the transitions the screens ask for (no Flet here, so
it is tested without a browser)."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["SCREENS", "AppState"]

SCREENS = ("credentials", "receive", "portfolio", "competencies", "present", "verify",
           "settings")
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
    # the learner's own evidence a cover query chose (None: what is linked to the selection)
    cover_reflections: list[str] | None = None
    cover_artifacts: list[str] | None = None
    framework: str | None = None  # the framework shown on the competencies screen
    required: list[str] = field(default_factory=list)  # competencies a job asks for (URIs)
    requirements_text: str = ""  # … and as typed or pasted
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

    def require(self, uri: str) -> None:
        """Pick (or unpick) a framework competency as one the job asks for."""
        if uri in self.required:
            self.required.remove(uri)
        else:
            self.required.append(uri)

    def use_cover(self, chosen: list[str], reflections: list[str], artifacts: list[str]
                  ) -> None:
        """Hand a cover's choice to the presentation composer."""
        self.selection = list(chosen)
        self.cover_reflections, self.cover_artifacts = list(reflections), list(artifacts)
        self.include_reflections = self.include_artifacts = True
        self.go("present")

    def own_evidence(self) -> tuple[bool | list[str], bool | list[str]]:
        """What to include of the learner's own reflections and artifacts: all linked to the
        selection (True), none (False), or a cover's choice (ids; the composer adds what is
        linked to the selection)."""
        reflections: bool | list[str] = self.include_reflections
        artifacts: bool | list[str] = self.include_artifacts
        if reflections and self.cover_reflections is not None:
            reflections = list(self.cover_reflections)
        if artifacts and self.cover_artifacts is not None:
            artifacts = list(self.cover_artifacts)
        return reflections, artifacts

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
