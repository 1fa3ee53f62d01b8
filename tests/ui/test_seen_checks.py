"""The checks of what a person sees (tests/ui/seen.py) can fail: a small Flet test screen with a
known defect — an expanding text inside a wrapping row (Flutter's grey error box), a fixed
600 px wide box in a 390 px window, an English sentence on a Korean screen, a text cut and
a Korean word broken mid-word — served like the app (Flet's web client, the app's font), in a
real headless Chromium; each checker must catch its defect, and a clean screen must pass all."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import flet as ft
import pytest
from browser_helpers import wait_text
from drawn import next_frame
from seen import FlutterErrors, browser_errors, grey_boxes, layout, look, word_cut

from wallet.services.serving import serve_asgi
from wallet.ui import ui_assets
from wallet.ui.words import keep_words

pytestmark = pytest.mark.browser

MARK = "Test screen"  # at the top of each test screen, once it is drawn


def _grey(page: ft.Page) -> list[ft.Control]:
    return [ft.Row([ft.Text("An expanding text inside a wrapping row", expand=True)], wrap=True)]


def _wide(page: ft.Page) -> list[ft.Control]:
    return [ft.Row([ft.Button("A button 600 px wide", width=600, on_click=lambda _e: None)])]


def _english(page: ft.Page) -> list[ft.Control]:
    return [
        ft.Text("보호 방식: a passphrase guards the key on this device"),
        ft.Text("Riverside Community College (demo issuer)의 배지"),
    ]


def _cut(page: ft.Page) -> list[ft.Control]:
    return [
        ft.Container(
            ft.Text("Collaborate in a multidisciplinary team", no_wrap=True),
            width=150,
            clip_behavior=ft.ClipBehavior.HARD_EDGE,
        )
    ]


def _broken(page: ft.Page) -> list[ft.Control]:
    return [
        ft.Container(ft.Text("새 자격증명을 추가하거나 칼리지에서 받으세요", size=16), width=130)
    ]


def _clean(page: ft.Page) -> list[ft.Control]:
    """What the checks must not object to: wrapped text, a long address, a name, a code and
    the demo issuer's own English on a Korean screen, a box as wide as the window."""
    return [
        ft.Text(
            _joined(
                "자격증명을 받으려면 발급자가 준 링크를 붙여 넣으세요. 링크는 한 번만 "
                "쓸 수 있습니다."
            )
        ),
        ft.Text("Data Analysis Fundamentals · Riverside Community College (demo issuer)"),
        ft.Text("DS.1.2 · did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"),
        ft.Text("https://share.example.org/s/averyveryverylongtokenwithoutanyspaces"),
        ft.Container(ft.Text("Jimin Park · Data analyst"), width=300),
        ft.Button("저장", on_click=lambda _e: None),
    ]


def _joined(korean: str) -> str:
    """As the app draws Korean: word joiners between the syllables of each word
    (:func:`wallet.ui.words.keep_words`), so lines break between words only."""
    return keep_words(korean)


def _chart_label(page: ft.Page) -> list[ft.Control]:
    """The transparent picture Competencies' charts carry their words on."""
    from wallet.ui.screens.charts import _CLEAR

    return [ft.Image(src=_CLEAR, width=200, height=100, semantics_label="A chart, in words")]


SCREENS: dict[str, Callable[[ft.Page], list[ft.Control]]] = {
    "chart-label": _chart_label,
    "grey": _grey,
    "wide": _wide,
    "english": _english,
    "cut": _cut,
    "broken": _broken,
    "clean": _clean,
}


class TestScreens:
    """A Flet app that shows the test screen named in ``showing`` to each new window."""

    __test__ = False

    def __init__(self) -> None:
        self.showing = "clean"
        self.errors = FlutterErrors()
        assets, self.fonts = ui_assets()

        def main(page: ft.Page) -> None:
            self.errors.hook(page)
            page.fonts = self.fonts
            page.theme = ft.Theme(color_scheme_seed=ft.Colors.INDIGO, font_family="Hangul")
            page.add(ft.Text(MARK), *SCREENS[self.showing](page))

        self.app = ft.run(  # served as the app is (wallet.ui._asgi): CanvasKit, offline
            main,
            export_asgi_app=True,
            no_cdn=True,
            assets_dir=assets,
            web_renderer=ft.WebRenderer.CANVAS_KIT,
        )


@pytest.fixture(scope="module")
def screens() -> Iterator[tuple[TestScreens, str]]:
    served = TestScreens()
    server = serve_asgi(lambda _url: served.app)
    try:
        yield served, server.url
    finally:
        server.stop()


console: dict[object, list[str]] = {}  # each page's browser errors


def _open(browser, screens, name: str, *, width: int = 390, height: int = 844):
    served, url = screens
    served.showing = name
    page = browser.new_page(viewport={"width": width, "height": height})
    console[page] = browser_errors(page)
    page.goto(url)
    page.locator("flt-semantics-placeholder").dispatch_event("click")
    wait_text(page, MARK)
    return page


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_clean_screen_passes_every_check(browser, screens, lang) -> None:
    served, _url = screens
    mark = served.errors.count()
    page = _open(browser, screens, "clean")
    try:
        seen = look(
            page, f"clean ({lang})", lang, errors=served.errors, mark=mark, browser=console[page]
        )
        assert not seen, str(seen)
    finally:
        page.close()


def test_an_expanding_text_in_a_wrapping_row_is_seen_twice(browser, screens) -> None:
    """Flutter's error widget: the framework's error hook reports it, and its grey is found."""
    served, _url = screens
    mark = served.errors.count()
    page = _open(browser, screens, "grey")
    try:
        deadline = time.monotonic() + 30  # the error reported, then its box drawn: as read_qr
        while (
            not (served.errors.count() > mark and grey_boxes(page.screenshot()))
            and time.monotonic() < deadline
        ):  # waits for a code drawn (a frame at a time)
            next_frame(page)
        seen = look(page, "grey", "en", errors=served.errors, mark=mark)
        assert seen.of("error"), str(seen)
        assert seen.of("grey"), str(seen)
        ((x, y, w, h),) = grey_boxes(page.screenshot())
        assert w >= 300 and h >= 300, (x, y, w, h)  # the rest of the column
    finally:
        page.close()


def test_a_box_wider_than_the_phone_is_seen(browser, screens) -> None:
    page = _open(browser, screens, "wide")
    try:
        seen = look(page, "wide", "en")
        assert [p for p in seen.of("wide") if "A button 600 px wide" in p.detail], str(seen)
        assert not seen.of("grey") and not seen.of("cut"), str(seen)
    finally:
        page.close()
    page = _open(browser, screens, "wide", width=1280, height=800)
    try:
        assert not look(page, "wide at 1280", "en"), "a 600 px box fits a laptop's window"
    finally:
        page.close()


def test_english_on_a_korean_screen_is_seen(browser, screens) -> None:
    page = _open(browser, screens, "english")
    try:
        seen = look(page, "english", "ko")
        assert [str(p) for p in seen.of("english")] == [
            "english: 'a passphrase guards the key on this device' in "
            "'보호 방식: a passphrase guards the key on this device'"
        ], str(seen)
        assert not look(page, "english in English", "en"), "English is right in English"
    finally:
        page.close()


def test_text_cut_inside_a_word_is_seen(browser, screens) -> None:
    page = _open(browser, screens, "cut")
    try:
        seen = look(page, "cut", "en")
        assert [p for p in seen.of("cut") if "multid|isciplinary" in p.detail], str(seen)
    finally:
        page.close()


def test_a_korean_word_broken_across_lines_is_seen(browser, screens) -> None:
    page = _open(browser, screens, "broken", width=1280, height=800)
    try:
        seen = look(page, "broken", "ko")
        cut = seen.of("cut")
        assert cut and "추|가하거나" in cut[0].detail, str(seen)
    finally:
        page.close()


def test_the_layout_is_as_flutter_draws_it() -> None:
    """The line breaks :func:`seen.layout` finds are those Flutter drew (read off the
    screenshots of the test screens above, NanumGothic, bodyMedium's spacing)."""
    korean = "새 자격증명을 추가하거나 칼리지에서 받으세요"
    starts = layout(korean, 130, 16, 0.25)
    assert [korean[a:b] for a, b in zip([0, *starts], [*starts, len(korean)], strict=True)] == [
        "새 자격증명을 추",
        "가하거나 칼리지에",
        "서 받으세요",
    ]
    long = "Supercalifragilisticexpialidocious words"
    starts = layout(long, 120, 20, 0.25)
    assert [long[a:b].strip() for a, b in zip([0, *starts], [*starts, len(long)], strict=True)] == [
        "Supercalifra",
        "gilisticexpiali",
        "docious",
        "words",
    ]
    assert word_cut("Hello test screen", 110.43, 20) is None  # as drawn: fits
    # With word joiners between the syllables of each word, the words stay whole.
    assert word_cut(_joined(korean), 130, 92) is None


def test_the_charts_label_picture_is_drawn_without_an_error(browser, screens) -> None:
    """Found by the error hook on Competencies: the charts' transparent label picture was not a
    valid PNG (its IDAT length and CRC wrong, IEND cut short), which the browser could not
    decode ('EncodingError: Failed to decode frame at index 0')."""
    served, _url = screens
    mark = served.errors.count()
    page = _open(browser, screens, "chart-label")
    try:
        page.get_by_role("img", name="A chart, in words").wait_for(timeout=30_000)
        deadline = time.monotonic() + 10  # the picture decoded (or its error reported)
        while served.errors.count() == mark and time.monotonic() < deadline:
            next_frame(page)
        seen = look(
            page, "chart label", "en", errors=served.errors, mark=mark, browser=console[page]
        )
        assert not seen.of("error"), str(seen)
    finally:
        page.close()
