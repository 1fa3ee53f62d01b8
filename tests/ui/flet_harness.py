"""Render the app's Flet components without a browser or a Flet session: each component's
function runs with its hooks (use_state, use_ref, use_memo, …) as the renderer would run it, the
tree is walked like a document, and handlers are called as a click would call them.

    tree = Tree(ReceiveScreen, app, state)
    tree.click("Receive")          # runs the handler (async ones too), then renders again
    assert "Paste the offer link first" in tree.text()

After each render the components' effects run as the Flet session runs them (when first drawn,
and when their dependencies changed): the data a screen loads in an effect
(:func:`wallet.ui.context.use_data`) is there before the test looks. :func:`rendering` says
whether a render is under way on this thread (a service stub refuses to be called then).
"""

from __future__ import annotations

import asyncio
import dataclasses
import inspect
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import flet as ft
from flet.components.component import Component, Renderer
from flet.components.hooks.use_effect import EffectHook
from flet.controls.base_control import BaseControl

__all__ = ["Tree", "controls_in", "demo_badges", "rendering", "wallet_app"]

_here = threading.local()
EFFECT_ROUNDS = 20  # effects that keep changing what they depend on stop the test here
HANDLER_SECONDS = 120.0  # the longest a handler may take


def rendering() -> bool:
    """Whether a component is being rendered on this thread now."""
    return bool(getattr(_here, "rendering", 0))


@contextmanager
def _rendering() -> Iterator[None]:
    _here.rendering = getattr(_here, "rendering", 0) + 1
    try:
        yield
    finally:
        _here.rendering -= 1


def _render(component: Component) -> None:
    component._state.hook_cursor = 0
    with _rendering():
        component._b = Renderer(component).render(component.fn, *component.args, **component.kwargs)


def controls_in(
    value: Any, states: dict[tuple[str, int], Any] | None = None, seen: dict[str, int] | None = None
) -> Iterator[BaseControl]:
    """Every control in ``value`` (a control, a list), depth first, components rendered —
    a nested component keeps its hooks' state across renders (by its function and place)."""
    states = {} if states is None else states
    seen = {} if seen is None else seen
    if isinstance(value, Component):
        if value._b is None:
            name = value.fn.__qualname__
            place = (name, seen.get(name, 0))
            seen[name] = place[1] + 1
            if place in states:
                value._state = states[place]
            states[place] = value._state
            _render(value)
        yield value
        yield from controls_in(value._b, states, seen)
    elif isinstance(value, BaseControl):
        yield value
        for f in dataclasses.fields(value):
            if f.metadata.get("skip") or f.name.startswith("_") or f.name in ("parent",):
                continue
            child = getattr(value, f.name, None)
            if isinstance(child, BaseControl | list | tuple):
                yield from controls_in(child, states, seen)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from controls_in(item, states, seen)


def _run(coroutine: Any) -> Any:
    """Run a handler's coroutine to its end and give back its result: on this thread, or —
    when an event loop is already running here (Playwright's sync API keeps one while the
    browser tests' session lasts) — on a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    outcome: list[Any] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            outcome.append(asyncio.run(coroutine))
        except BaseException as exc:  # handed back to the test
            failure.append(exc)

    worker = threading.Thread(target=target)
    worker.start()
    worker.join()
    if failure:
        raise failure[0]
    return outcome[0]


@contextmanager
def wallet_app(
    home: Path, passphrase: str, *, learner: str | None = None, **options: Any
) -> Iterator[Any]:
    """An :class:`~wallet.ui.context.App` over a new passphrase-protected wallet ("School") in
    ``home``, on the main screens, with no OS keyring; closed afterwards."""
    from vault_helpers import no_keyring

    from wallet.ui.context import App
    from wallet.ui.controller import AppController
    from wallet.ui.state import AppState

    with no_keyring():
        controller = AppController(home, dev=True, **options)
        try:
            controller.create_profile("School", "passphrase", passphrase, learner=learner)
            yield App(controller, AppState(phase="main"))
        finally:
            controller.close()


def demo_badges(app: Any, *names: str, issuer: Any = None, **options: Any) -> dict[str, str]:
    """The demo catalog's badges ``names`` for the app's learner, signed by ``issuer`` (a
    :class:`~wallet.demo.issuer.DemoIssuer`; a fresh one by default) and imported: name → id.
    ``options`` go to the catalog (``recipient=`` …)."""
    import json

    from wallet.demo.issuer import DemoIssuer

    issuer = issuer or DemoIssuer("http://127.0.0.1:9")
    wallet = app.c.service
    ids = {}
    for name in names:
        doc = issuer.sign_ldp(
            issuer.catalog.badge_credential(name, wallet.did, status=False, **options)
        )
        ids[name] = wallet.credentials.add(json.dumps(doc).encode(), name=f"{name}.json").id
    return ids


_NEVER = object()


def _unjoin(controls: list[BaseControl]) -> list[str]:
    """Take out the word joiners that keep Korean words whole (:mod:`wallet.ui.words`) — a
    person does not see them, and the tests compare what a person reads; the texts that had
    them are given back (for the tests of the joiners themselves)."""
    joined = []
    for control in controls:
        for obj in (control, *(getattr(control, "spans", None) or ())):
            for f in dataclasses.fields(obj):
                value = getattr(obj, f.name, None)
                if isinstance(value, str) and "\u2060" in value and f.name != "key":
                    joined.append(value)
                    setattr(obj, f.name, value.replace("\u2060", ""))
    return joined


def _seen(text: str) -> str:
    """Text as a person sees it: the word joiners that keep Korean words whole
    (:mod:`wallet.ui.words`) are invisible."""
    return text.replace("\u2060", "")


def _label(control: BaseControl) -> str:
    for name in ("text", "label", "value", "content", "title", "tooltip"):
        value = getattr(control, name, None)
        if isinstance(value, str):
            return _seen(value)
    return ""


def _distinct_keys(controls: list[BaseControl]) -> None:
    """Siblings have distinct keys: Flet's session diffs a list by its items' keys, and two
    alike make it fail mid-update (an IndexError in its scheduler, after which the window
    never draws again)."""
    for control in controls:
        for f in dataclasses.fields(control):
            if f.name.startswith("_") or f.name == "parent":
                continue
            value = getattr(control, f.name, None)
            if not isinstance(value, list):
                continue
            keys = [getattr(item, "key", None) for item in value]
            keys = [k for k in keys if k is not None]
            twice = {k for k in keys if keys.count(k) > 1}
            assert not twice, f"{type(control).__name__}.{f.name}: keys {twice} repeated"


def _nothing_expands_in_a_wrapping_row(controls: list[BaseControl]) -> None:
    """No control that expands directly inside a row that wraps: Flutter cannot lay it out
    (in a release build the whole rest of the screen becomes one grey error box)."""
    for control in controls:
        if isinstance(control, ft.Row) and control.wrap:
            for item in control.controls:
                assert not getattr(item, "expand", None), (
                    f"{type(item).__name__} with expand inside a wrapping Row: "
                    f"{_label(item) or getattr(item, 'key', None)!r}"
                )


class Tree:
    """A component rendered with its arguments; re-rendered after each handler."""

    def __init__(self, fn: Callable[..., Any], *args: Any) -> None:
        impl = getattr(fn, "__component_impl__", fn)
        self.root = Component(fn=impl, args=args, kwargs={})
        self._states: dict[tuple[str, int], Any] = {}
        self.controls: list[BaseControl] = []
        self.render()

    def render(self) -> None:
        """Render, then run the effects due (as a session does after drawing), and render
        again while they changed something."""
        for _round in range(EFFECT_ROUNDS):
            _render(self.root)
            with _rendering():
                found = list(controls_in(self.root._b, self._states, {}))
            self.controls = [c for c in found if not isinstance(c, Component)]
            _distinct_keys(found)
            _nothing_expands_in_a_wrapping_row(found)
            self.joined = _unjoin(self.controls)
            self._keep_typed()
            components = [self.root, *(c for c in found if isinstance(c, Component))]
            if not self._effects(components):
                return
        raise AssertionError(f"effects still changing after {EFFECT_ROUNDS} renders")

    def _keep_typed(self) -> None:
        """A text field keeps what it holds across renders (as the window's does): one drawn
        again without a value (an uncontrolled field, :func:`wallet.ui.widgets.bound_field`)
        shows its last one."""
        held = getattr(self, "_typed", {})
        for field in self.controls:
            if isinstance(field, ft.TextField):
                place = (field.key, field.label)
                if field.value is None and place in held:
                    field.value = held[place]
                elif field.value is not None:
                    held[place] = field.value
        self._typed = held

    @staticmethod
    def _effects(components: list[Component]) -> bool:
        """Run the effects that are due: never run, or their dependencies changed (or they
        have none: after every render). Whether any ran."""
        ran = False
        for component in components:
            for hook in component._state.hooks:
                if not isinstance(hook, EffectHook):
                    continue
                last = getattr(hook, "_harness_deps", _NEVER)
                if last is not _NEVER and hook.deps is not None and last == hook.deps:
                    continue
                hook._harness_deps = list(hook.deps) if hook.deps is not None else None
                result = hook.setup()
                if inspect.isawaitable(result):
                    result = _run(result)
                if callable(result):
                    hook.cleanup = result
                ran = ran or hook.deps is not None  # (one without: once a render)
        return ran

    def text(self) -> str:
        """Every text shown, one a line (a text made of spans — Markdown — as one line)."""
        return _seen(
            "\n".join(
                c.value
                if isinstance(c.value, str) and c.value
                else "".join(s.text or "" for s in c.spans or ())
                for c in self.controls
                if isinstance(c, ft.Text) and (isinstance(c.value, str) or c.spans)
            )
        )

    def find(
        self, *, label: str | None = None, key: str | None = None, kind: type | None = None
    ) -> list[BaseControl]:
        found = []
        for c in self.controls:
            if kind is not None and not isinstance(c, kind):
                continue
            if key is not None and getattr(c, "key", None) != key:
                continue
            if label is not None and _label(c) != label:
                continue
            found.append(c)
        return found

    def one(self, **how: Any) -> BaseControl:
        found = self.find(**how)
        assert len(found) == 1, (how, [(_label(c), type(c).__name__) for c in found])
        return found[0]

    def fire(
        self,
        control: BaseControl,
        event: str = "click",
        value: Any = None,
        *,
        during: Callable[[], Any] | None = None,
    ) -> None:
        """Call ``on_<event>`` as Flet would (with an event whose control has ``value``);
        ``during`` runs while an async handler waits (to answer a dialog, say)."""
        handler = getattr(control, f"on_{event}")
        if value is not None:
            control.value = value
        e = ft.Event(name=event, data=value, control=control)
        params = len(inspect.signature(handler).parameters)
        result = handler(e) if params else handler()
        if inspect.isawaitable(result) and not inspect.iscoroutinefunction(handler):
            # Flet awaits a handler only when it is a coroutine function (functools.partial
            # of one included): a lambda that returns a coroutine would never run.
            result.close()
            raise AssertionError(
                f"on_{event} of {type(control).__name__} returns a coroutine "
                "Flet would never await: pass the async function itself"
            )
        if inspect.isawaitable(result):

            async def run() -> None:
                task = asyncio.ensure_future(result)
                if during is not None:
                    while not task.done():
                        await asyncio.sleep(0.02)
                        during()
                # (a handler waiting for a dialog nobody answers ends the test, not the run)
                await asyncio.wait_for(task, HANDLER_SECONDS)

            _run(run())
        self.render()

    def click(self, label: str, *, during: Callable[[], Any] | None = None, **how: Any) -> None:
        self.fire(self.one(label=label, **how), "click", during=during)

    def type(self, label: str, text: str) -> None:
        """Type into the text field labelled ``label`` (its on_change sees the text)."""
        self.fire(self.one(label=label, kind=ft.TextField), "change", text)
