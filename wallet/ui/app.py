"""The wallet app (Flet 1.0): every screen. Views only — all work goes through
:class:`~wallet.ui.controller.AppController`, long work in a worker thread with progress shown.

Longer than the 600 lines a module should have: it is the first app, every screen in one class;
the app's own issue ("The app on every screen") replaces it with one component module per
screen under ``wallet/ui/screens/``.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import flet as ft

from wallet.report import CHECK_LABELS, describe_error
from wallet.result import Outcome, VerificationResult
from wallet.services.credentials import verdict_of as listed_verdict
from wallet.ui.controller import AppController, Asker
from wallet.ui.i18n import LANGUAGES, t
from wallet.ui.state import SCREENS, AppState

__all__ = ["WalletApp"]

ICONS = {"credentials": ft.Icons.BADGE_OUTLINED, "receive": ft.Icons.DOWNLOAD_OUTLINED,
         "portfolio": ft.Icons.AUTO_STORIES_OUTLINED,
         "competencies": ft.Icons.LOCAL_FLORIST_OUTLINED, "present": ft.Icons.QR_CODE_2,
         "verify": ft.Icons.VERIFIED_OUTLINED, "settings": ft.Icons.SETTINGS_OUTLINED}
VERDICT_COLORS = {"verified": ft.Colors.GREEN_800, "warning": ft.Colors.AMBER_900,
                  "unconfirmed": ft.Colors.DEEP_ORANGE_900, "failed": ft.Colors.RED_800}
OUTCOME_COLORS = {Outcome.PASSED: ft.Colors.GREEN_800, Outcome.FAILED: ft.Colors.RED_800,
                  Outcome.WARNING: ft.Colors.AMBER_900, Outcome.SKIPPED: ft.Colors.GREY_700}
LEVEL_COLORS = (ft.Colors.GREY_600, ft.Colors.AMBER_900, ft.Colors.LIGHT_BLUE_900,
                ft.Colors.BLUE_800, ft.Colors.GREEN_800)
TREE_LIMIT = 200  # a bigger framework shows its top levels and what has evidence
OUTCOME_ICONS = {Outcome.PASSED: ft.Icons.CHECK_CIRCLE, Outcome.FAILED: ft.Icons.CANCEL,
                 Outcome.WARNING: ft.Icons.WARNING_AMBER, Outcome.SKIPPED: ft.Icons.REMOVE}


def _image_src(uri: str | None) -> Any:
    if not uri:
        return None
    if uri.startswith("data:") and ";base64," in uri:
        try:
            return base64.b64decode(uri.split(",", 1)[1])
        except ValueError:
            return None
    return uri if uri.startswith("https://") else None


class WalletApp:
    def __init__(self, page: ft.Page, controller: AppController, *,
                 first_offer: str | None = None, korean_font: str | None = None) -> None:
        self.page = page
        self.korean_font = korean_font
        self.c = controller
        self.state = AppState()
        self.first_offer = first_offer
        self.picker = ft.FilePicker()
        self.clipboard = ft.Clipboard()
        page.services.extend([self.picker, self.clipboard])
        self.content = ft.Container(expand=True, padding=16)
        self.rail = ft.NavigationRail(
            selected_index=0, label_type=ft.NavigationRailLabelType.ALL, min_width=88,
            on_change=self._on_nav, destinations=[])
        self.body = ft.Row([self.rail, ft.VerticalDivider(width=1), self.content],
                           expand=True)

    # --- text and plumbing -------------------------------------------------------------

    def tr(self, key: str, **values: Any) -> str:
        return t(key, self.state.lang, **values)

    def start(self) -> None:
        page = self.page
        page.title = self.tr("app.title")
        self._apply_theme()
        page.padding = 0
        if self.c.needs_first_run():
            self.show_first_run()
            return
        if self.c.needs_unlock():
            self.show_unlock()
            return
        self.enter()

    def enter(self) -> None:
        settings = self._settings()
        self.state.lang = settings.get("language", self.state.lang)
        self.state.dark = bool(settings.get("dark", False))
        self.page.theme_mode = ft.ThemeMode.DARK if self.state.dark else ft.ThemeMode.LIGHT
        self.page.controls.clear()
        self.page.add(self.body)
        self.render()
        if self.first_offer:
            offer, self.first_offer = self.first_offer, None
            self.state.go("receive")
            self.render(offer_link=offer)

    def _settings(self) -> dict[str, Any]:
        try:
            return self.c.settings()
        except Exception:  # noqa: BLE001 - settings are a nicety; never block the app
            return {}

    def _apply_theme(self) -> None:
        font = self.korean_font if self.state.lang == "ko" else None
        self.page.theme = ft.Theme(color_scheme_seed=ft.Colors.INDIGO, font_family=font)
        self.page.dark_theme = ft.Theme(color_scheme_seed=ft.Colors.INDIGO, font_family=font)

    def render(self, **kwargs: Any) -> None:
        self._apply_theme()
        self.page.title = self.tr("app.title")
        self.rail.destinations = [
            ft.NavigationRailDestination(icon=ICONS[s], label=self.tr(f"nav.{s}"))
            for s in SCREENS]
        self.rail.selected_index = SCREENS.index(self.state.screen)
        builders: dict[str, Callable[..., ft.Control]] = {
            "credentials": self.credentials_screen, "receive": self.receive_screen,
            "portfolio": self.portfolio_screen, "competencies": self.competencies_screen,
            "present": self.present_screen,
            "verify": self.verify_screen, "settings": self.settings_screen}
        try:
            if self.state.screen == "credentials" and self.state.detail:
                self.content.content = self.detail_screen(self.state.detail)
            else:
                self.content.content = builders[self.state.screen](**kwargs)
        except Exception as exc:  # noqa: BLE001 - show, never crash the window
            self.content.content = self._error_box(exc)
        self.page.update()

    def _on_nav(self, e: ft.ControlEvent) -> None:
        self.state.go(SCREENS[int(e.control.selected_index)])
        self.render()

    def toast(self, message: str, action: str | None = None,
              on_action: Callable[[], None] | None = None) -> None:
        bar = ft.SnackBar(ft.Text(message), action=action,
                          on_action=(lambda _e: on_action()) if on_action else None)
        self.page.show_dialog(bar)

    def _error_box(self, exc: BaseException) -> ft.Control:
        return ft.Container(
            ft.Row([ft.Icon(ft.Icons.ERROR_OUTLINE, color=ft.Colors.RED_800),
                    ft.Text(self.tr("error.generic", reason=describe_error(exc)),
                            color=ft.Colors.RED_800, selectable=True, expand=True)]),
            bgcolor=ft.Colors.RED_50, padding=12, border_radius=8, key="error")

    def background(self, work: Callable[[], Any], done: Callable[[Any], None],
                   busy_text: str, failed: Callable[[BaseException], None] | None = None
                   ) -> None:
        """Run ``work`` off the UI thread, with a progress indicator; then ``done``."""
        self.state.start(busy_text)
        progress = ft.Row([ft.ProgressRing(width=18, height=18), ft.Text(busy_text)],
                          key="busy")
        self._overlay(progress)

        def run() -> None:
            try:
                result = work()
            except Exception as exc:  # noqa: BLE001 - reported on screen
                self.state.finish(error=describe_error(exc))
                self._overlay(None)
                if failed:
                    failed(exc)
                else:
                    self.toast(self.tr("error.generic", reason=describe_error(exc)))
                self.page.update()
                return
            self.state.finish()
            self._overlay(None)
            done(result)
            self.page.update()

        self.page.run_thread(run)

    def _overlay(self, control: ft.Control | None) -> None:
        if control is None:
            self.page.overlay.clear()
        else:
            self.page.overlay[:] = [ft.Container(control, bgcolor=ft.Colors.SURFACE,
                                                 padding=12, border_radius=8,
                                                 right=16, bottom=16)]
        self.page.update()

    async def _pick(self, allowed: list[str] | None = None) -> tuple[str, bytes] | None:
        files = await self.picker.pick_files(
            with_data=True, allowed_extensions=allowed,
            file_type=ft.FilePickerFileType.CUSTOM if allowed else ft.FilePickerFileType.ANY)
        if not files or files[0].bytes is None:
            return None
        return files[0].name, files[0].bytes

    # --- first run and unlock ----------------------------------------------------------

    def show_first_run(self) -> None:
        keyring = self.c.keyring_available()
        name = ft.TextField(label=self.tr("first.name"), value="Personal", autofocus=True)
        choice = ft.RadioGroup(value="keyring" if keyring else "passphrase", content=ft.Column([
            ft.Radio(value="keyring", label=self.tr("first.keyring"), disabled=not keyring),
            ft.Radio(value="passphrase", label=self.tr("first.passphrase"))]))
        pass1 = ft.TextField(label=self.tr("first.passphrase_field"), password=True,
                             can_reveal_password=True)
        pass2 = ft.TextField(label=self.tr("first.passphrase_repeat"), password=True)
        problem = ft.Text(color=ft.Colors.RED_800)
        language = self._language_picker(lambda: self.show_first_run())

        def create(_e: Any) -> None:
            protection = choice.value or "passphrase"
            if protection == "passphrase" and (len(pass1.value or "") < 8
                                               or pass1.value != pass2.value):
                problem.value = self.tr("first.mismatch") if pass1.value != pass2.value \
                    else self.tr("first.too_short")
                self.page.update()
                return
            try:
                self.c.create_profile(name.value or "Personal", protection,
                                      pass1.value if protection == "passphrase" else None)
                self.c.set_setting("language", self.state.lang)
            except Exception as exc:  # noqa: BLE001
                problem.value = describe_error(exc)
                self.page.update()
                return
            self.enter()

        self.page.controls.clear()
        self.page.add(ft.Container(ft.Column([
            ft.Text(self.tr("first.title"), size=26, weight=ft.FontWeight.BOLD),
            ft.Text(self.tr("first.body")),
            language, name,
            ft.Text(self.tr("first.protection"), weight=ft.FontWeight.BOLD), choice,
            *([] if keyring else [ft.Text(self.tr("first.no_keyring"), italic=True)]),
            pass1, pass2,
            ft.Container(ft.Row([ft.Icon(ft.Icons.BACKUP_OUTLINED),
                                 ft.Text(self.tr("first.backup"), expand=True)]),
                         bgcolor=ft.Colors.BLUE_50, padding=12, border_radius=8),
            problem,
            ft.FilledButton(self.tr("first.create"), icon=ft.Icons.CHECK, on_click=create),
        ], spacing=12, scroll=ft.ScrollMode.AUTO, width=560), padding=24))
        self.page.update()

    def _language_picker(self, changed: Callable[[], None]) -> ft.Control:
        """Radio buttons (each labelled in its own language), easy to reach by keyboard and
        by screen readers."""
        def choose(e: ft.ControlEvent) -> None:
            self.state.lang = e.control.value or "en"
            self._apply_theme()
            changed()

        return ft.Column([
            ft.Text(self.tr("settings.language"), weight=ft.FontWeight.BOLD),
            ft.RadioGroup(value=self.state.lang, on_change=choose, content=ft.Row([
                ft.Radio(value=code, label=name) for code, name in LANGUAGES.items()]))])

    def show_unlock(self) -> None:
        field = ft.TextField(label=self.tr("unlock.passphrase"), password=True, autofocus=True)
        problem = ft.Text(color=ft.Colors.RED_800)

        def go(_e: Any) -> None:
            try:
                self.c.unlock(field.value)
            except Exception as exc:  # noqa: BLE001
                problem.value = describe_error(exc)
                self.page.update()
                return
            self.enter()

        field.on_submit = go
        self.page.controls.clear()
        self.page.add(ft.Container(ft.Column([
            ft.Icon(ft.Icons.LOCK_OUTLINE, size=48),
            ft.Text(self.tr("unlock.title"), size=24, weight=ft.FontWeight.BOLD),
            field, problem, ft.FilledButton(self.tr("unlock.button"), on_click=go)],
            width=420, spacing=12), padding=24))
        self.page.update()

    # --- credentials -------------------------------------------------------------------

    def _verdict_chip(self, verdict: str, checked: str = "") -> ft.Control:
        label = self.tr(f"verdict.{verdict}")
        tip = self.tr("card.checked", when=checked[:16].replace("T", " ")) if checked else None
        chip = ft.Container(ft.Text(label, size=12, color=ft.Colors.WHITE,
                                    weight=ft.FontWeight.BOLD),
                            bgcolor=VERDICT_COLORS.get(verdict, ft.Colors.GREY_700),
                            padding=ft.Padding.symmetric(horizontal=8, vertical=3),
                            border_radius=10)
        if not tip:
            return chip
        return ft.Column([chip, ft.Text(tip, size=11, color=ft.Colors.GREY_700)],
                         horizontal_alignment=ft.CrossAxisAlignment.END, spacing=2,
                         tight=True)

    def credentials_screen(self) -> ft.Control:
        state = self.state
        page = self.c.credentials(query=state.query, verdict=state.verdict, sort=state.sort,
                                  limit=state.shown)
        search = ft.TextField(label=self.tr("list.search"), value=state.query,
                              prefix_icon=ft.Icons.SEARCH, expand=True,
                              on_submit=lambda e: self._search(e.control.value),
                              on_change=lambda e: self._search(e.control.value, live=True))
        sort = ft.Dropdown(label=self.tr("list.sort"), value=state.sort, width=180,
                           options=[ft.DropdownOption(key=k, text=self.tr(f"list.sort.{k}"))
                                    for k in ("received", "name", "issuer")],
                           on_select=lambda e: self._sort(e.control.value))
        filters = ft.Row([
            ft.Chip(label=ft.Text(self.tr(f"list.filter.{v}")), selected=state.verdict == v,
                    on_select=lambda _e, v=v: self._filter(v))
            for v in ("all", "verified", "warning", "failed")], wrap=True)
        if page.total == 0 and not state.query and state.verdict == "all":
            return ft.Column([
                ft.Icon(ft.Icons.BADGE_OUTLINED, size=64, color=ft.Colors.GREY_500),
                ft.Text(self.tr("list.empty"), size=16),
                ft.FilledButton(self.tr("list.empty.button"), icon=ft.Icons.DOWNLOAD,
                                on_click=lambda _e: self._goto("receive"))],
                horizontal_alignment=ft.CrossAxisAlignment.CENTER, spacing=16)
        cards = [self._card(s) for s in page.items]
        if page.total > len(page.items):
            cards.append(ft.TextButton(self.tr("list.more"),
                                       on_click=lambda _e: self._more(page.total)))
        return ft.Column([
            ft.Row([search, sort]), filters,
            ft.Text(self.tr("list.count", shown=len(page.items), total=page.total),
                    size=12, color=ft.Colors.GREY_700),
            ft.ListView(cards, expand=True, spacing=8, key="credential-list")],
            expand=True)

    def _card(self, s: Any) -> ft.Control:
        image = _image_src(s.image)
        leading = ft.Image(src=image, width=56, height=56, semantics_label=s.name) if image \
            else ft.Icon(ft.Icons.WORKSPACE_PREMIUM, size=48)
        card = ft.Card(ft.Container(ft.Row([
            leading,
            ft.Column([ft.Text(s.name, weight=ft.FontWeight.BOLD, size=16),
                       ft.Text(s.issuer_name or s.issuer or "", size=13),
                       ft.Text(s.received_at[:10], size=12, color=ft.Colors.GREY_700)],
                      spacing=2, expand=True),
            self._verdict_chip(s.verdict, s.checked_at)]), padding=12,
            on_click=lambda _e, rid=s.id: self._open(rid), ink=True))
        # One button for assistive technology: name, issuer, verdict, in that order.
        label = f"{s.name}, {s.issuer_name or s.issuer or ''}, {self.tr('verdict.' + s.verdict)}"
        return ft.Semantics(content=card, label=label, button=True)

    def _search(self, value: str, live: bool = False) -> None:
        self.state.search(value or "")
        self.render()

    def _sort(self, value: str) -> None:
        self.state.sort_by(value)
        self.render()

    def _filter(self, verdict: str) -> None:
        self.state.filter(verdict)
        self.render()

    def _more(self, total: int) -> None:
        self.state.show_more(total)
        self.render()

    def _open(self, rid: str) -> None:
        self.state.open_detail(rid)
        self.render()

    def _goto(self, screen: str) -> None:
        self.state.go(screen)
        self.render()

    def _checks(self, result: VerificationResult | None) -> ft.Control:
        if result is None:
            return ft.Text("—")
        rows = []
        for check in result.checks:
            rows.append(ft.Row([
                ft.Icon(OUTCOME_ICONS[check.outcome], color=OUTCOME_COLORS[check.outcome],
                        size=18),
                ft.Text(CHECK_LABELS.get(check.id, str(check.id)), weight=ft.FontWeight.BOLD,
                        width=120),
                ft.Text(check.message, expand=True, size=13)],
                vertical_alignment=ft.CrossAxisAlignment.START))
        return ft.Column(rows, spacing=4)

    def detail_screen(self, rid: str) -> ft.Control:
        detail = self.c.detail(rid)
        s = detail.summary
        doc = detail.document or {}
        subject = doc.get("credentialSubject") or {}
        subject = subject[0] if isinstance(subject, list) and subject else subject
        achievement = subject.get("achievement", {}) if isinstance(subject, dict) else {}
        issuer = doc.get("issuer") if isinstance(doc.get("issuer"), dict) else {}
        parts: list[ft.Control] = [
            ft.Row([ft.IconButton(ft.Icons.ARROW_BACK, tooltip=self.tr("detail.back"),
                                  on_click=lambda _e: self._back()),
                    ft.Text(s.name, size=22, weight=ft.FontWeight.BOLD, expand=True),
                    self._verdict_chip(s.verdict, s.checked_at)])]
        image = _image_src(s.image)
        if image:
            parts.append(ft.Image(src=image, width=120, height=120, semantics_label=s.name))
        if s.description:
            parts.append(ft.Text(s.description))
        parts.append(ft.Text(f"{self.tr('detail.issuer')}: {s.issuer_name or ''}  {s.issuer}",
                             selectable=True, size=13))
        if issuer.get("url"):
            parts.append(ft.Text(str(issuer.get("url")), size=12, color=ft.Colors.BLUE_800))
        criteria = achievement.get("criteria") if isinstance(achievement, dict) else None
        if isinstance(criteria, dict) and criteria.get("narrative"):
            parts += [ft.Text(self.tr("detail.criteria"), weight=ft.FontWeight.BOLD),
                      ft.Text(str(criteria["narrative"]))]
        results = subject.get("result") if isinstance(subject, dict) else None
        if isinstance(results, list) and results:
            parts += [ft.Text(self.tr("detail.results"), weight=ft.FontWeight.BOLD)]
            for r in results:
                if isinstance(r, dict):
                    parts.append(ft.Text(f"{r.get('value') or r.get('achievedLevel', '')}",
                                         size=13))
        alignments = achievement.get("alignment") if isinstance(achievement, dict) else None
        if isinstance(alignments, list) and alignments:
            parts.append(ft.Text(self.tr("detail.alignments"), weight=ft.FontWeight.BOLD))
            for a in alignments:
                if isinstance(a, dict):
                    parts.append(ft.TextButton(
                        f"{a.get('targetCode', '')} {a.get('targetName', '')}".strip(),
                        url=a.get("targetUrl") if str(a.get("targetUrl", "")).startswith(
                            "https://") else None))
        evidence = doc.get("evidence")
        if isinstance(evidence, list) and evidence:
            parts.append(ft.Text(self.tr("detail.evidence"), weight=ft.FontWeight.BOLD))
            for ev in evidence:
                if isinstance(ev, dict):
                    parts.append(ft.Text(f"{ev.get('name', '')} — {ev.get('narrative', '')}",
                                         size=13))
        if detail.verification and detail.verification.endorsements:
            parts.append(ft.Text(self.tr("detail.endorsements"), weight=ft.FontWeight.BOLD))
            for e in detail.verification.endorsements:
                parts.append(ft.Text(f"{e.issuer_name or e.issuer}: {e.name}", size=13))
        if s.tags:
            parts.append(ft.Text(f"{self.tr('detail.tags')}: {', '.join(s.tags)}"))
        parts += [ft.Text(self.tr("detail.checks"), weight=ft.FontWeight.BOLD),
                  self._checks(detail.verification)]
        for r in detail.reflections:
            parts.append(ft.Container(ft.Markdown(r.text), bgcolor=ft.Colors.PURPLE_50,
                                      padding=10, border_radius=8))
        for a in detail.artifacts:
            parts.append(ft.Text(f"📎 {a.name} ({a.url or a.media_type})", size=13))
        tag_field = ft.TextField(label=self.tr("detail.tag"), width=200)

        def add_tag(_e: Any) -> None:
            if tag_field.value:
                self.c.tag(rid, tag_field.value)
                self.render()

        tag_field.on_submit = add_tag
        parts.append(ft.Row([
            ft.OutlinedButton(self.tr("detail.reverify"), icon=ft.Icons.REFRESH,
                              on_click=lambda _e: self._reverify(rid)),
            ft.OutlinedButton(self.tr("detail.reflect"), icon=ft.Icons.EDIT_NOTE,
                              on_click=lambda _e: self._reflect_on(rid)),
            ft.OutlinedButton(self.tr("detail.attach"), icon=ft.Icons.ATTACH_FILE,
                              on_click=lambda _e: self.page.run_task(self._attach, [rid])),
            ft.OutlinedButton(self.tr("detail.share"), icon=ft.Icons.QR_CODE,
                              on_click=lambda _e: self._share_one(rid)),
            ft.OutlinedButton(self.tr("detail.delete"), icon=ft.Icons.DELETE_OUTLINE,
                              on_click=lambda _e: self._delete(rid)),
            tag_field], wrap=True))
        parts.append(ft.ExpansionTile(title=ft.Text(self.tr("detail.raw")), controls=[
            ft.Text(detail.raw.decode("utf-8", "replace")[:20000], selectable=True, size=11,
                    font_family="monospace")]))
        return ft.Column(parts, scroll=ft.ScrollMode.AUTO, spacing=10, expand=True)

    def _back(self) -> None:
        self.state.close_detail()
        self.render()

    def _reverify(self, rid: str) -> None:
        self.background(lambda: self.c.reverify(rid), lambda _r: self.render(),
                        self.tr("detail.reverify"))

    def _reflect_on(self, rid: str) -> None:
        self.state.go("portfolio")
        self.render(link_to=rid)

    def _share_one(self, rid: str) -> None:
        self.state.go("present")
        self.state.selection = [rid]
        self.render()

    def _delete(self, rid: str) -> None:
        self.c.delete(rid)
        self.state.close_detail()
        self.render()

        def undo() -> None:
            self.c.undo_delete(rid)
            self.render()

        self.toast(self.tr("detail.deleted"), self.tr("detail.undo"), undo)

    # --- receiving ---------------------------------------------------------------------

    def receive_screen(self, offer_link: str | None = None) -> ft.Control:
        link = ft.TextField(label=self.tr("receive.link"), value=offer_link or "",
                            multiline=False, expand=True)
        status = ft.Column([], key="receive-status")

        def report(result: Any) -> None:
            lines = []
            if result.stored:
                lines.append(ft.Text(self.tr("receive.done", count=len(result.stored)),
                                     color=ft.Colors.GREEN_800, weight=ft.FontWeight.BOLD))
                lines += [ft.Text(f"• {a.summary.name}") for a in result.stored]
            if result.pending:
                lines.append(ft.Text(self.tr("receive.pending", count=len(result.pending))))
            for reason in result.rejected:
                lines.append(ft.Text(self.tr("receive.rejected", reason=reason),
                                     color=ft.Colors.RED_800))
            status.controls = lines
            self.page.update()

        def failed(exc: BaseException) -> None:
            status.controls = [ft.Text(self.tr("receive.error", reason=describe_error(exc)),
                                       color=ft.Colors.RED_800)]
            self.page.update()

        def go(_e: Any) -> None:
            if not (link.value or "").strip():
                return
            value = link.value or ""
            self.background(lambda: self.c.receive(value, self._asker()), report,
                            self.tr("receive.working"), failed)

        async def open_qr(_e: Any) -> None:
            picked = await self._pick(["png", "jpg", "jpeg"])
            if picked:
                self.background(lambda: self.c.receive_qr(picked[1], self._asker()), report,
                                self.tr("receive.working"), failed)

        async def import_file(_e: Any) -> None:
            picked = await self._pick()
            if picked:
                def work() -> Any:
                    added = self.c.import_file(picked[1], picked[0])
                    from wallet.services import ReceiveResult

                    return ReceiveResult(stored=[added])

                self.background(work, report, self.tr("receive.working"), failed)

        link.on_submit = go
        return ft.Column([
            ft.Text(self.tr("receive.title"), size=22, weight=ft.FontWeight.BOLD),
            ft.Row([link, ft.FilledButton(self.tr("receive.go"), icon=ft.Icons.DOWNLOAD,
                                          on_click=go)]),
            ft.Row([ft.OutlinedButton(self.tr("receive.qr"), icon=ft.Icons.QR_CODE_SCANNER,
                                      on_click=open_qr),
                    ft.OutlinedButton(self.tr("receive.file"), icon=ft.Icons.UPLOAD_FILE,
                                      on_click=import_file)], wrap=True),
            status], spacing=14)

    def _asker(self) -> Asker:
        def consent(preview: Any, answer: Callable[[bool], None]) -> None:
            items = [ft.Text(f"• {c.name}", size=15) for c in preview.credentials]
            logo = None
            if preview.logo:
                logo = ft.Image(src=preview.logo, width=48, height=48,
                                semantics_label=preview.issuer_name)

            def decide(value: bool) -> None:
                self.page.pop_dialog()
                answer(value)

            header = [ft.Text(self.tr("receive.consent.title", issuer=preview.issuer_name))]
            dialog = ft.AlertDialog(
                modal=True, title=ft.Row(([logo] if logo else []) + header, wrap=True),
                content=ft.Column([ft.Text(preview.issuer, size=12, selectable=True),
                                   *items], tight=True),
                actions=[ft.TextButton(self.tr("receive.consent.decline"),
                                       on_click=lambda _e: decide(False)),
                         ft.FilledButton(self.tr("receive.consent.accept"),
                                         on_click=lambda _e: decide(True))])
            self.page.show_dialog(dialog)
            self.page.update()

        def tx_code(spec: Any, problem: str | None, answer: Callable[[str | None], None]
                    ) -> None:
            field = ft.TextField(label=self.tr("receive.tx.field"), autofocus=True,
                                 max_length=spec.length or None,
                                 keyboard_type=ft.KeyboardType.NUMBER
                                 if spec.input_mode == "numeric" else ft.KeyboardType.TEXT)

            def submit(_e: Any) -> None:
                self.page.pop_dialog()
                answer(field.value or None)

            def cancel(_e: Any) -> None:
                self.page.pop_dialog()
                answer(None)

            field.on_submit = submit
            content = [ft.Text(spec.description or "")]
            if problem:
                content.append(ft.Text(problem, color=ft.Colors.RED_800))
            content.append(field)
            self.page.show_dialog(ft.AlertDialog(
                modal=True, title=ft.Text(self.tr("receive.tx.title")),
                content=ft.Column(content, tight=True),
                actions=[ft.TextButton(self.tr("receive.consent.decline"), on_click=cancel),
                         ft.FilledButton(self.tr("receive.tx.ok"), on_click=submit)]))
            self.page.update()

        def open_url(url: str) -> None:
            self.page.run_task(self.page.launch_url, url)

        return Asker(consent, tx_code, open_url, lambda _m: None)

    # --- portfolio ---------------------------------------------------------------------

    def portfolio_screen(self, link_to: str | None = None) -> ft.Control:
        credentials = self.c.credentials(limit=1000).items
        names = {c.id: c.name for c in credentials}
        about = ft.Dropdown(label=self.tr("portfolio.link_to"), value=link_to, width=360,
                            options=[ft.DropdownOption(key=c.id, text=c.name)
                                     for c in credentials])
        competency = ft.Dropdown(label=self.tr("portfolio.competency"), width=420,
                                 enable_filter=True, editable=True,
                                 options=[ft.DropdownOption(key=uri, text=label)
                                          for uri, label in self.c.competency_choices()])
        text = ft.TextField(label=self.tr("portfolio.text"), multiline=True, min_lines=5,
                            max_lines=12, expand=True)
        preview = ft.Markdown("", expand=True)

        def update_preview(_e: Any) -> None:
            preview.value = text.value or ""
            self.page.update()

        text.on_change = update_preview

        def save(_e: Any) -> None:
            if not (text.value or "").strip():
                return
            self.c.save_reflection(text.value or "", [about.value] if about.value else [],
                                   [competency.value] if competency.value else [])
            self.toast(self.tr("portfolio.saved"))
            self.render()

        reflections = [ft.Card(ft.Container(ft.Column([
            ft.Text(r.title, weight=ft.FontWeight.BOLD),
            ft.Text(", ".join(names.get(i, "?") for i in r.credential_ids), size=12),
            ft.Markdown(r.text)]), padding=10)) for r in self.c.reflections()]
        artifacts = []
        for a in self.c.artifacts():
            thumb: ft.Control = ft.Icon(ft.Icons.LINK if a.url else ft.Icons.DESCRIPTION)
            if a.media_type.startswith("image/") and a.size < 4_000_000:
                data = self.c.artifact_bytes(a.id)
                if data:
                    thumb = ft.Image(src=data, width=64, height=64, semantics_label=a.name)
            artifacts.append(ft.ListTile(leading=thumb, title=ft.Text(a.name),
                                         subtitle=ft.Text(a.url or f"{a.media_type} · "
                                                          f"{a.size:,} bytes")))
        link_field = ft.TextField(label=self.tr("portfolio.link"), width=360)

        def add_link(_e: Any) -> None:
            if link_field.value:
                try:
                    self.c.attach_link(link_field.value, [about.value] if about.value else [],
                                       [competency.value] if competency.value else [])
                except Exception as exc:  # noqa: BLE001
                    self.toast(describe_error(exc))
                    return
                self.render()

        link_field.on_submit = add_link
        timeline = [ft.Text(f"{date}  ·  {self.tr('nav.credentials') if kind == 'credential' else self.tr('portfolio.reflections') if kind == 'reflection' else self.tr('portfolio.artifacts')}  ·  {title}", size=13)  # noqa: E501
                    for date, kind, title in self.c.timeline()[:30]]
        return ft.Column([
            ft.Text(self.tr("portfolio.new"), size=20, weight=ft.FontWeight.BOLD),
            ft.Row([about, competency], wrap=True),
            ft.Row([text, ft.Container(ft.Column([ft.Text(self.tr("portfolio.preview"),
                                                          size=12), preview]),
                                       expand=True, bgcolor=ft.Colors.GREY_100, padding=8,
                                       border_radius=8)],
                   vertical_alignment=ft.CrossAxisAlignment.START),
            ft.Row([ft.FilledButton(self.tr("portfolio.save"), icon=ft.Icons.SAVE,
                                    on_click=save),
                    ft.OutlinedButton(self.tr("portfolio.attach"), icon=ft.Icons.ATTACH_FILE,
                                      on_click=lambda _e: self.page.run_task(
                                          self._attach, [about.value] if about.value else [],
                                          [competency.value] if competency.value else []))
                    ], wrap=True),
            ft.Row([link_field]),
            ft.Text(self.tr("portfolio.reflections"), size=18, weight=ft.FontWeight.BOLD),
            *(reflections or [ft.Text(self.tr("portfolio.none"))]),
            ft.Text(self.tr("portfolio.artifacts"), size=18, weight=ft.FontWeight.BOLD),
            *(artifacts or [ft.Text(self.tr("portfolio.none"))]),
            ft.Text(self.tr("portfolio.timeline"), size=18, weight=ft.FontWeight.BOLD),
            *timeline], scroll=ft.ScrollMode.AUTO, spacing=10, expand=True)

    async def _attach(self, credential_ids: list[str], competencies: list[str] | None = None
                      ) -> None:
        picked = await self._pick()
        if not picked:
            return
        name, data = picked
        try:
            self.c.attach(data, name, credential_ids, competencies or [])
        except Exception as exc:  # noqa: BLE001
            self.toast(describe_error(exc))
            return
        self.toast(self.tr("portfolio.attached", name=name))
        self.render()

    # --- competencies ------------------------------------------------------------------

    def _framework_importer(self) -> ft.Control:
        url = ft.TextField(label=self.tr("comp.import_url"), width=460)

        def imported(info: Any) -> None:
            self.state.framework = info.identifier
            self.toast(self.tr("comp.imported", title=info.title, items=info.items))
            self.render()

        async def from_file(_e: Any) -> None:
            picked = await self._pick(["json"])
            if picked:
                self.background(lambda: self.c.import_framework(picked[1], picked[0]),
                                imported, self.tr("comp.import_file"))

        def from_url(_e: Any) -> None:
            if (url.value or "").strip():
                address = url.value or ""
                self.background(lambda: self.c.import_framework_url(address), imported,
                                self.tr("comp.import_url_go"))

        url.on_submit = from_url
        return ft.Column([
            ft.Row([ft.FilledButton(self.tr("comp.import_sample"), icon=ft.Icons.DOWNLOAD,
                                    on_click=lambda _e: self.background(
                                        self.c.import_sample_framework, imported,
                                        self.tr("comp.import_sample"))),
                    ft.OutlinedButton(self.tr("comp.import_file"), icon=ft.Icons.UPLOAD_FILE,
                                      on_click=from_file)], wrap=True),
            ft.Row([url, ft.TextButton(self.tr("comp.import_url_go"), on_click=from_url)],
                   wrap=True)], spacing=8)

    def _level_chip(self, level: int) -> ft.Control:
        return ft.Container(ft.Text(self.tr(f"comp.level.{level}"), size=12,
                                    color=ft.Colors.WHITE, weight=ft.FontWeight.BOLD),
                            bgcolor=LEVEL_COLORS[level], border_radius=10,
                            padding=ft.Padding.symmetric(horizontal=8, vertical=2))

    def competencies_screen(self) -> ft.Control:
        from wallet.charts import flower_png, growth_png

        state = self.state
        frameworks = self.c.frameworks()
        heading = ft.Text(self.tr("comp.title"), size=22, weight=ft.FontWeight.BOLD)
        if not frameworks:
            return ft.Column([heading, ft.Text(self.tr("comp.none")),
                              self._framework_importer()], spacing=12,
                             scroll=ft.ScrollMode.AUTO, expand=True)
        cmap = self.c.competency_map()
        ids = [f.identifier for f in frameworks if f.identifier in cmap.frameworks]
        if state.framework not in ids:
            state.framework = ids[0]
        fid = state.framework
        framework = cmap.frameworks[fid]

        def choose(e: ft.ControlEvent) -> None:
            state.framework = e.control.value
            self.render()

        picker: ft.Control = ft.Dropdown(
            label=self.tr("comp.framework"), value=fid, width=460, on_select=choose,
            options=[ft.DropdownOption(key=f, text=cmap.frameworks[f].title) for f in ids]) \
            if len(ids) > 1 else ft.Text(framework.title, size=16, weight=ft.FontWeight.BOLD)

        areas, points = cmap.areas(fid), cmap.growth()
        summary = ", ".join(f"{name} {score:.1f}/4" for name, score in areas)
        growth_label = self.tr("comp.growth_label", count=points[-1][1], date=points[-1][0]) \
            if points else self.tr("comp.growth_none")
        charts = ft.Row([
            ft.Image(src=flower_png(areas, self.tr("comp.flower")), width=494, height=364,
                     semantics_label=self.tr("comp.flower_label", summary=summary),
                     key="chart-flower"),
            ft.Image(src=growth_png(points, self.tr("comp.growth")), width=448, height=224,
                     semantics_label=growth_label, key="chart-growth")],
            wrap=True, vertical_alignment=ft.CrossAxisAlignment.START)

        def export(_e: Any) -> None:
            self.background(lambda: self.c.export_charts(
                fid, flower_title=self.tr("comp.flower"), growth_title=self.tr("comp.growth")),
                lambda paths: self.toast(self.tr("comp.exported", path=paths[0].parent)),
                self.tr("comp.export"))

        tree = cmap.tree(fid)
        shown = tree if len(tree) <= TREE_LIMIT else [
            (depth, c) for depth, c in tree
            if depth <= 1 or c.all_credentials or c.learner
            or framework.items[c.item or ""].uri in state.required]
        rows: list[ft.Control] = []
        for depth, comp in shown:
            uri = framework.items[comp.item or ""].uri
            counts = [self.tr("comp.evidence", count=len(comp.all_credentials))]
            if comp.learner:
                counts.append(self.tr("comp.yours", count=len(comp.learner)))
            rows.append(ft.Row([
                ft.Container(width=20 * depth),
                ft.Checkbox(label=comp.label, value=uri in state.required, expand=True,
                            on_change=lambda _e, u=uri: state.require(u)),
                self._level_chip(comp.level),
                ft.Text(" · ".join(counts), size=12, color=ft.Colors.GREY_700, width=170)],
                vertical_alignment=ft.CrossAxisAlignment.CENTER))
        if len(shown) < len(tree):
            rows.append(ft.Text(self.tr("comp.hidden", count=len(tree) - len(shown)),
                                italic=True, size=12))
        others = [ft.Row([ft.Text(c.label + (f" ({c.framework})" if c.framework else ""),
                                  expand=True), self._level_chip(c.level),
                          ft.Text(" · ".join(
                              [self.tr("comp.evidence", count=len(c.credentials))]
                              + ([self.tr("comp.yours", count=len(c.learner))]
                                 if c.learner else [])), size=12, width=170)])
                  for c in cmap.groups()]

        return ft.Column([
            heading, picker, charts,
            ft.OutlinedButton(self.tr("comp.export"), icon=ft.Icons.SAVE_ALT, on_click=export),
            ft.Text(self.tr("comp.rule"), size=12, italic=True),
            ft.Text(self.tr("comp.tree"), size=18, weight=ft.FontWeight.BOLD),
            ft.Column(rows, spacing=0),
            *([ft.Text(self.tr("comp.others"), size=18, weight=ft.FontWeight.BOLD), *others]
              if others else []),
            self._job_panel(framework),
            ft.Divider(), self._framework_importer()],
            scroll=ft.ScrollMode.AUTO, spacing=10, expand=True)

    def _job_panel(self, framework: Any) -> ft.Control:
        """A job's requirements → the fewest credentials, what is missing, and a hand-over to
        the presentation composer."""
        state = self.state
        labels = {item.uri: item.label for item in framework.items.values()}
        field = ft.TextField(label=self.tr("comp.job_field"), value=state.requirements_text,
                             multiline=True, min_lines=2, max_lines=6, width=620)
        output = ft.Column([], key="cover-output", spacing=6)

        def remember(_e: Any) -> None:
            state.requirements_text = field.value or ""

        field.on_change = remember

        def find(_e: Any) -> None:
            state.requirements_text = field.value or ""
            try:
                result, names = self.c.cover(state.required, state.requirements_text)
            except Exception as exc:  # noqa: BLE001 - shown in place
                output.controls = [ft.Text(describe_error(exc), color=ft.Colors.RED_800)]
                self.page.update()
                return

            def named(ids: Any) -> str:
                return ", ".join(names.get(i, i[:8]) for i in ids)

            controls: list[ft.Control] = [
                ft.Text(self.tr("comp.chosen", count=len(result.chosen)),
                        weight=ft.FontWeight.BOLD, key="cover-count")]
            controls += [ft.Text("• " + names.get(c, c[:8])) for c in result.chosen]
            controls += [ft.Text(self.tr("comp.covered_by",
                                         requirement=labels.get(r, r), names=named(ids)),
                                 size=12) for r, ids in result.covered.items()]
            if result.uncovered:
                controls.append(ft.Text(self.tr("comp.uncovered", names=", ".join(
                    labels.get(r, r) for r in result.uncovered)), color=ft.Colors.RED_800))
            else:
                controls.append(ft.Text(self.tr("comp.all_covered"),
                                        color=ft.Colors.GREEN_800))
            own = [*result.reflections, *result.artifacts]
            if own:
                controls.append(ft.Text(self.tr("comp.own", names=named(own)), size=12))
            if result.chosen:
                controls.append(ft.FilledButton(
                    self.tr("comp.use"), icon=ft.Icons.QR_CODE,
                    on_click=lambda _e: (state.use_cover(list(result.chosen),
                                                         list(result.reflections),
                                                         list(result.artifacts)),
                                         self.render())))
            output.controls = controls
            self.page.update()

        picked = [labels.get(u, u) for u in state.required]
        return ft.Column([
            ft.Text(self.tr("comp.job"), size=18, weight=ft.FontWeight.BOLD),
            ft.Text(self.tr("comp.job_help"), size=12),
            *([ft.Text(self.tr("comp.picked", names="; ".join(picked)), size=12)]
              if picked else []),
            field,
            ft.FilledButton(self.tr("comp.cover"), icon=ft.Icons.CHECKLIST, on_click=find),
            output], spacing=8)

    # --- presenting --------------------------------------------------------------------

    def present_screen(self) -> ft.Control:
        state = self.state
        credentials = self.c.credentials(limit=1000).items
        boxes = [ft.Checkbox(label=c.name, value=c.id in state.selection,
                             on_change=lambda _e, rid=c.id: state.toggle(rid))
                 for c in credentials]
        reflections = ft.Switch(label=self.tr("present.reflections"),
                                value=state.include_reflections)
        artifacts = ft.Switch(label=self.tr("present.artifacts"),
                              value=state.include_artifacts)

        def remember(_e: Any) -> None:
            state.include_reflections = bool(reflections.value)
            state.include_artifacts = bool(artifacts.value)

        reflections.on_change = remember
        artifacts.on_change = remember
        expires = ft.Dropdown(label=self.tr("present.expires"), value=str(state.expires_days),
                              width=200, options=[ft.DropdownOption(key=str(d), text=f"{d} d")
                                                  for d in (1, 7, 30, 90)])

        def set_days(_e: Any) -> None:
            state.expires_days = int(expires.value or 7)

        expires.on_select = set_days
        server = ft.TextField(label=self.tr("present.server"), value=self.c.share_server or "",
                              width=420)
        output = ft.Column([], key="share-output")

        def need_selection() -> bool:
            if not state.selection:
                output.controls = [ft.Text(self.tr("present.none_selected"),
                                           color=ft.Colors.RED_800)]
                self.page.update()
                return False
            return True

        def show_preview(_e: Any) -> None:
            if not need_selection():
                return

            def done(result: Any) -> None:
                _doc, verdict = result
                output.controls = [ft.Text(self.tr("present.preview"),
                                           weight=ft.FontWeight.BOLD), self._checks(verdict)]
                for nested in verdict.nested:
                    for inner in nested.nested:
                        output.controls.append(ft.Text(f"• {inner.name}"))
                    for ev in nested.evidence:
                        if ev.learner:
                            output.controls.append(ft.Text(f"✎ {ev.name} ({ev.genre})"))

            own_reflections, own_artifacts = state.own_evidence()
            self.background(lambda: self.c.preview(state.selection,
                                                   reflections=own_reflections,
                                                   artifacts=own_artifacts),
                            done, self.tr("present.preview"))

        def share(_e: Any) -> None:
            if not need_selection():
                return
            self.c.share_server = (server.value or "").strip() or None

            def done(result: Any) -> None:
                url, png = result
                output.controls = [
                    ft.Text(self.tr("present.link"), weight=ft.FontWeight.BOLD),
                    ft.Text(url, selectable=True, key="share-url", size=12),
                    ft.Image(src=png, width=260, height=260,
                             semantics_label="QR code of the share link"),
                    ft.Row([ft.OutlinedButton(self.tr("present.copy"), icon=ft.Icons.COPY,
                                              on_click=lambda _e: self.page.run_task(
                                                  self._copy, url))])]

            own_reflections, own_artifacts = state.own_evidence()
            self.background(lambda: self.c.share(state.selection,
                                                 reflections=own_reflections,
                                                 artifacts=own_artifacts,
                                                 days=state.expires_days),
                            done, self.tr("present.share"))

        def export(_e: Any) -> None:
            if not need_selection():
                return
            own_reflections, own_artifacts = state.own_evidence()
            self.background(lambda: self.c.export(state.selection,
                                                  reflections=own_reflections,
                                                  artifacts=own_artifacts),
                            lambda path: self.toast(self.tr("present.exported", path=path)),
                            self.tr("present.export"))

        shares = []
        for link in self.c.shares():
            views = self.tr("present.views", count=len(link.views)) \
                if link.views is not None else "?"
            shares.append(ft.ListTile(
                title=ft.Text(link.title), subtitle=ft.Text(
                    f"{link.expires[:16]} · {views}" if not link.revoked else "—"),
                trailing=None if link.revoked else ft.TextButton(
                    self.tr("present.revoke"),
                    on_click=lambda _e, rid=link.id: self._revoke(rid))))
        return ft.Column([
            ft.Text(self.tr("present.choose"), size=20, weight=ft.FontWeight.BOLD),
            ft.Column(boxes), reflections, artifacts, ft.Row([expires, server], wrap=True),
            ft.Row([ft.OutlinedButton(self.tr("present.preview"), icon=ft.Icons.PREVIEW,
                                      on_click=show_preview),
                    ft.FilledButton(self.tr("present.share"), icon=ft.Icons.QR_CODE,
                                    on_click=share),
                    ft.OutlinedButton(self.tr("present.export"), icon=ft.Icons.SAVE_ALT,
                                      on_click=export)], wrap=True),
            output,
            ft.Text(self.tr("present.active"), size=18, weight=ft.FontWeight.BOLD),
            *shares], scroll=ft.ScrollMode.AUTO, spacing=10, expand=True)

    async def _copy(self, url: str) -> None:
        await self.clipboard.set(url)
        self.toast(self.tr("present.copied"))

    def _revoke(self, rid: str) -> None:
        self.background(lambda: self.c.revoke(rid), lambda _r: self.render(),
                        self.tr("present.revoke"))

    # --- verifying ---------------------------------------------------------------------

    def verify_screen(self) -> ft.Control:
        field = ft.TextField(label=self.tr("verify.input"), multiline=True, min_lines=2,
                             max_lines=8)
        output = ft.Column([], key="verify-output")

        def show(result: VerificationResult) -> None:
            verdict = listed_verdict(result)
            output.controls = [ft.Text(self.tr(f"verdict.{verdict}"), size=24,
                                       weight=ft.FontWeight.BOLD,
                                       color=VERDICT_COLORS[verdict], key="verify-verdict"),
                               ft.Text(result.name or "", size=16),
                               self._checks(result)]
            for nested in result.nested:
                output.controls.append(ft.Text(nested.name or "", weight=ft.FontWeight.BOLD))
                output.controls.append(self._checks(nested))
            self.page.update()

        def failed(exc: BaseException) -> None:
            output.controls = [ft.Text(describe_error(exc), color=ft.Colors.RED_800)]
            self.page.update()

        def go(_e: Any) -> None:
            value = field.value or ""
            if value.strip():
                self.background(lambda: self.c.verify_text(value), show,
                                self.tr("verify.go"), failed)

        async def open_qr(_e: Any) -> None:
            picked = await self._pick(["png", "jpg", "jpeg", "svg"])
            if picked:
                self.background(lambda: self.c.verify_image(picked[1]), show,
                                self.tr("verify.go"), failed)

        return ft.Column([
            ft.Text(self.tr("verify.title"), size=22, weight=ft.FontWeight.BOLD), field,
            ft.Row([ft.FilledButton(self.tr("verify.go"), icon=ft.Icons.VERIFIED,
                                    on_click=go),
                    ft.OutlinedButton(self.tr("verify.qr"), icon=ft.Icons.QR_CODE_SCANNER,
                                      on_click=open_qr)]),
            output], scroll=ft.ScrollMode.AUTO, spacing=12, expand=True)

    # --- settings ----------------------------------------------------------------------

    def settings_screen(self) -> ft.Control:
        settings = self._settings()
        def saved_language() -> None:
            self.c.set_setting("language", self.state.lang)
            self.render()

        language = self._language_picker(saved_language)
        dark = ft.Switch(label=self.tr("settings.theme"), value=self.state.dark)

        def set_dark(_e: Any) -> None:
            self.state.dark = bool(dark.value)
            self.c.set_setting("dark", self.state.dark)
            self.page.theme_mode = ft.ThemeMode.DARK if self.state.dark else ft.ThemeMode.LIGHT
            self.page.update()

        dark.on_change = set_dark
        autolock = ft.Dropdown(label=self.tr("settings.autolock"), width=220,
                               value=str(settings.get("autolock", 0)),
                               options=[ft.DropdownOption(key=str(m), text=str(m) if m else "—")
                                        for m in (0, 5, 15, 60)])
        autolock.on_select = lambda _e: self.c.set_setting("autolock", int(autolock.value or 0))
        backup_pass = ft.TextField(label=self.tr("settings.backup_pass"), password=True,
                                   width=300)

        def backup(_e: Any) -> None:
            value = backup_pass.value or ""
            self.background(lambda: self.c.backup(value),
                            lambda path: self.toast(self.tr("settings.backup_done",
                                                            path=path)),
                            self.tr("settings.backup"))

        async def restore(_e: Any) -> None:
            picked = await self._pick(["wbk"])
            if picked:
                value = backup_pass.value or ""
                self.background(lambda: self.c.restore(picked[1], value),
                                lambda n: (self.toast(self.tr("settings.restored", count=n)),
                                           self.render()), self.tr("settings.restore"))

        trusted = list(settings.get("trusted_issuers", []))
        trust_field = ft.TextField(label=self.tr("settings.trusted"), width=420)

        def trust(_e: Any) -> None:
            if trust_field.value and trust_field.value.startswith("did:"):
                self.c.set_setting("trusted_issuers", [*trusted, trust_field.value.strip()])
                self.render()

        profiles = [ft.Row([ft.Text(("● " if current else "○ ") + name),
                            *([] if current else [ft.TextButton(
                                self.tr("settings.switch"),
                                on_click=lambda _e, pid=pid: self._switch(pid))])])
                    for pid, name, current in self.c.profiles()]

        def lock(_e: Any) -> None:
            self.c.lock()
            self.show_unlock()

        return ft.Column([
            ft.Text(self.tr("settings.profile"), size=20, weight=ft.FontWeight.BOLD),
            *profiles,
            ft.Text(f"{self.tr('settings.did')}: {self.c.did}", selectable=True, size=12),
            ft.Text(f"{self.tr('settings.protection')}: {self.c.protection()}", size=12),
            ft.Row([ft.OutlinedButton(self.tr("settings.lock"), icon=ft.Icons.LOCK,
                                      on_click=lock), autolock], wrap=True),
            language, dark,
            ft.Row([backup_pass,
                    ft.OutlinedButton(self.tr("settings.backup"), icon=ft.Icons.BACKUP,
                                      on_click=backup),
                    ft.OutlinedButton(self.tr("settings.restore"), icon=ft.Icons.RESTORE,
                                      on_click=restore)], wrap=True),
            ft.Row([trust_field, ft.TextButton(self.tr("settings.trust_add"),
                                               on_click=trust)], wrap=True),
            *[ft.Text(f"✓ {did}", size=12, selectable=True) for did in trusted]],
            scroll=ft.ScrollMode.AUTO, spacing=12, expand=True)

    def _switch(self, profile_id: str) -> None:
        self.c.switch_profile(profile_id)
        if self.c.needs_unlock():
            self.show_unlock()
        else:
            self.enter()
