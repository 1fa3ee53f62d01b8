"""The app's observable state: plain data and the transitions the screens ask for.

:class:`AppState` is a Flet observable dataclass: a component that holds it re-renders when a
field changes, so no screen redraws by hand. It holds no Flet controls and does no I/O, so it is
tested without a browser (``tests/ui/test_state.py``, ``tests/ui/test_views.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import flet as ft

__all__ = ["COMPACT_WIDTH", "PAGE", "PHONE_NAV", "SCREENS", "AppState", "Question"]

SCREENS = ("credentials", "receive", "portfolio", "competencies", "present", "verify", "settings")
# Below this width the app is one column with a bottom navigation bar (phones); from it on, a
# navigation rail at the side.
COMPACT_WIDTH = 600
# The bottom bar holds these; the rest are one tap further, under "More".
PHONE_NAV = ("credentials", "receive", "present", "verify")
SORTS = ("received", "name", "issuer")
VERDICTS = ("all", "verified", "warning", "unconfirmed", "failed")
PAGE = 50


@dataclass
class Question:
    """A question a dialog asks (consent, transaction code, confirmation); ``answer`` is
    called once with the reply."""

    kind: str  # "consent" | "tx_code" | "confirm"
    payload: Any
    answer: Any  # Callable[[Any], None]
    problem: str | None = None
    draft: str = ""  # what is typed in its field so far (kept across re-renders)
    shown: bool = False  # its dialog has been drawn once


@ft.observable
@dataclass
class AppState:
    phase: str = "loading"  # "loading" | "first_run" | "unlock" | "main"
    screen: str = "credentials"
    more: bool = False  # the phone's "More" list of the screens not in the bottom bar
    lang: str = "en"
    dark: bool = False
    width: float = 1280
    query: str = ""
    verdict: str = "all"
    sort: str = "received"
    shown: int = PAGE
    detail: str | None = None  # the credential open in the detail view
    responding: bool = False  # the "respond to a request" view, over Present or Verify
    selection: list[str] = field(default_factory=list)  # credentials chosen to present
    # the learner's own work goes with what they present only when they choose it
    include_reflections: bool = False
    include_artifacts: bool = False
    expires_days: int = 7
    # what the learner hides of each selective-disclosure credential (id → JSON pointers)
    hidden: dict[str, list[str]] = field(default_factory=dict)
    # the learner's own evidence a cover query chose (None: what is linked to the selection)
    cover_reflections: list[str] | None = None
    cover_artifacts: list[str] | None = None
    framework: str | None = None  # the framework shown on the competencies screen
    focus_item: str | None = None  # a competency opened from a credential's alignment
    required: list[str] = field(default_factory=list)  # competencies a job asks for (URIs)
    requirements_text: str = ""  # … and as typed or pasted
    busy: str | None = None  # what long work is under way
    recheck: str | None = None  # the background status re-check's progress
    notice: str | None = None  # a message to show once
    error: str | None = None
    question: Question | None = None  # what a dialog asks now
    offer_link: str | None = None  # an offer to put on the Receive screen
    signing_in: str | None = None  # the issuer's sign-in page open now (its address)
    link_to: str | None = None  # the credential a new reflection is about
    revision: int = 0  # bumped when stored data changed (screens read it again)

    # --- layout -----------------------------------------------------------------------------

    @property
    def compact(self) -> bool:
        """Phone width: one column, a bottom navigation bar."""
        return self.width < COMPACT_WIDTH

    def resize(self, width: float | None) -> None:
        if width:
            self.width = float(width)

    def nav_items(self) -> tuple[str, ...]:
        """The navigation's destinations: every screen on the rail; on a phone the bottom bar's
        four and "more"."""
        return (*PHONE_NAV, "more") if self.compact else SCREENS

    def nav_index(self) -> int:
        items = self.nav_items()
        if self.screen in items and not (self.compact and self.more):
            return items.index(self.screen)
        return len(items) - 1 if self.compact else 0

    def navigate(self, index: int) -> None:
        item = self.nav_items()[index]
        if item == "more":
            self.more, self.detail, self.error, self.responding = True, None, None, False
        else:
            self.go(item)

    # --- screens ----------------------------------------------------------------------------

    def go(self, screen: str) -> None:
        if screen not in SCREENS:
            raise ValueError(f"unknown screen {screen!r}")
        self.screen, self.detail, self.error, self.more = screen, None, None, False
        self.responding = False

    def open_respond(self) -> None:
        """Answer an employer's request, from the screen shown (Present, Verify)."""
        self.responding, self.detail, self.error, self.more = True, None, None, False

    def close_respond(self) -> None:
        self.responding = False

    def open_detail(self, credential_id: str) -> None:
        self.screen, self.detail, self.more = "credentials", credential_id, False

    def close_detail(self) -> None:
        self.detail = None

    def open_competency(self, framework: str | None, item: str | None) -> None:
        """A credential's alignment opens the wallet's own view of that competency."""
        self.go("competencies")
        if framework:
            self.framework = framework
        self.focus_item = item

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

    def changed(self) -> None:
        """Stored data changed: screens that show it read it again."""
        self.revision += 1

    def require(self, uri: str) -> None:
        """Pick (or unpick) a framework competency as one the job asks for."""
        if uri in self.required:
            self.required.remove(uri)
        else:
            self.required.append(uri)

    def use_cover(self, chosen: list[str], reflections: list[str], artifacts: list[str]) -> None:
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

    def hide(self, credential_id: str, pointer: str, hidden: bool) -> None:
        """Leave a claim of a selective-disclosure credential out (or put it back)."""
        pointers = [p for p in self.hidden.get(credential_id, []) if p != pointer]
        if hidden:
            pointers.append(pointer)
        self.hidden = {
            **{k: v for k, v in self.hidden.items() if k != credential_id},
            **({credential_id: pointers} if pointers else {}),
        }

    def hidden_chosen(self) -> dict[str, list[str]]:
        """What is hidden of the credentials chosen now (the others' choices are kept for
        when they are chosen again)."""
        return {rid: list(p) for rid, p in self.hidden.items() if rid in self.selection}

    def toggle(self, credential_id: str) -> None:
        if credential_id in self.selection:
            self.selection.remove(credential_id)
        else:
            self.selection.append(credential_id)

    # --- work and messages -------------------------------------------------------------------

    def start(self, work: str) -> None:
        self.busy, self.error, self.notice = work, None, None

    def finish(self, *, notice: str | None = None, error: str | None = None) -> None:
        self.busy, self.notice, self.error = None, notice, error

    def take_notice(self) -> str | None:
        notice, self.notice = self.notice, None
        return notice

    def ask(self, question: Question) -> None:
        self.question = question

    def locked(self) -> None:
        """The wallet was locked, in this window or another: an open question is declined,
        what was open closes, and the unlock screen shows."""
        if self.phase != "main":
            return
        if self.question is not None:
            self.reply(None)
        self.detail, self.responding, self.more = None, False, False
        self.phase = "unlock"

    def reply(self, value: Any) -> None:
        """Answer the open question (once) and close its dialog."""
        question, self.question = self.question, None
        if question is not None:
            question.answer(value)
