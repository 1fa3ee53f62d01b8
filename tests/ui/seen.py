"""What a person sees, checked in the browser (issue 25, Must show): on the screen as drawn by
Flet's web client (Flutter, release mode, CanvasKit) and read through its semantics tree.

* :class:`FlutterErrors` — the framework's error hook. Flet's release client sets
  ``FlutterError.onError`` (and ``PlatformDispatcher.onError``) to send every error as the page's
  ``error`` event to Python; nothing reaches the browser console in release mode (its
  ``debugPrint`` output is dropped). :meth:`FlutterErrors.hooked` makes every window of the app
  record them (``page.on_error``) without touching the app.
* :func:`grey_boxes` — the release-mode ``ErrorWidget`` paints a solid ``0xF0C0C0C0`` (94 % of
  rgb(192,192,192)) rectangle: rgb(181…196) grey whatever the background under it; a large
  rectangle of that exact neutral grey is the error box.
* :func:`too_wide` — a semantics node sticking out of the window sideways, or a document that
  scrolls sideways.
* :func:`cut_words` — text broken or cut inside a word (see :func:`layout` for the rule).
* :func:`english_sentences` — in Korean, a run of English words that reads as a sentence (names,
  codes, addresses and the issuers' and learner's own text allowed).

:func:`look` runs them all on the screen as it is and gives back what a person would notice.
"""

from __future__ import annotations

import io
import json
import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from drawn import settled

# --- the framework's error hook ------------------------------------------------------------


class FlutterErrors:
    """Every Flutter framework error any window of the app reported (``page.on_error``)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.errors: list[str] = []

    def record(self, event: Any) -> None:
        with self._lock:
            self.errors.append(str(getattr(event, "data", event)))

    def count(self) -> int:
        with self._lock:
            return len(self.errors)

    def since(self, mark: int) -> list[str]:
        with self._lock:
            return self.errors[mark:]

    def hook(self, page: Any) -> None:
        """Record ``page``'s framework errors (set before its first update)."""
        page.on_error = self.record

    @contextmanager
    def hooked(self) -> Iterator[FlutterErrors]:
        """While inside, every window the app opens (``wallet.ui.app.start``, which the served
        app imports for each new window) records its framework errors here."""
        import wallet.ui.app as app_module

        original = app_module.start

        def start(page: Any, *args: Any, **kwargs: Any) -> Any:
            self.hook(page)
            return original(page, *args, **kwargs)

        app_module.start = start
        try:
            yield self
        finally:
            app_module.start = original


def browser_errors(page: Any) -> list[str]:
    """What goes wrong in the browser itself from now on: uncaught script errors, and errors
    said on the console (but a resource that did not load: the app runs offline)."""
    found: list[str] = []
    page.on("pageerror", lambda exc: found.append(f"page error: {exc}"))

    def console(message: Any) -> None:
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            found.append(f"console: {message.text}")

    page.on("console", console)
    return found


# --- the error widget's grey ---------------------------------------------------------------

# RenderErrorBox.backgroundColor in release mode: 0xF0C0C0C0, i.e. 240/255 of rgb(192,192,192)
# over whatever is under it: 181 (over black) to 196 (over white) in each channel, neutral.
GREY_LOW, GREY_HIGH, GREY_TINT = 180, 197, 4


def grey_boxes(
    png: bytes, *, min_width: int = 64, min_height: int = 32
) -> list[tuple[int, int, int, int]]:
    """The rectangles (x, y, width, height), at least ``min_width`` × ``min_height``, painted
    all in the error widget's grey in the screenshot ``png``."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    width, height = image.size
    r, g, b = image.split()

    def band(channel: Any) -> Any:
        return channel.point(lambda v: 255 if GREY_LOW <= v <= GREY_HIGH else 0)

    from PIL import ImageChops

    inside = ImageChops.multiply(ImageChops.multiply(band(r), band(g)), band(b))
    spread = ImageChops.subtract(
        ImageChops.lighter(ImageChops.lighter(r, g), b),
        ImageChops.darker(ImageChops.darker(r, g), b),
    )
    neutral = spread.point(lambda v: 255 if v <= GREY_TINT else 0)
    mask = ImageChops.multiply(inside, neutral).tobytes()
    run = re.compile(rb"\xff{%d,}" % min_width)
    found: list[tuple[int, int, int, int]] = []
    # Columns spans still grey in every row since ``top``: (left, right) -> top.
    open_spans: dict[tuple[int, int], int] = {}
    for y in range(height + 1):
        row = mask[y * width : (y + 1) * width] if y < height else b""
        runs = [(m.start(), m.end()) for m in run.finditer(row)]
        still: dict[tuple[int, int], int] = {}
        for (left, right), top in open_spans.items():
            for start, end in runs:
                lo, hi = max(left, start), min(right, end)
                if hi - lo >= min_width:
                    key = (lo, hi)
                    still[key] = min(still.get(key, top), top)
            if (left, right) not in still and y - top >= min_height:
                found.append((left, top, right - left, y - top))
        for start, end in runs:
            still.setdefault((start, end), y)
        open_spans = still
    # One rectangle per box (the widest of those that overlap).
    found.sort(key=lambda box: -box[2] * box[3])
    kept: list[tuple[int, int, int, int]] = []
    for box in found:
        if not any(_overlap(box, other) for other in kept):
            kept.append(box)
    return kept


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


# --- what the semantics tree holds ----------------------------------------------------------

# Each semantics node: its box, role, label (its own text: aria-label or its spans, not its
# children's), whether it is a leaf, and whether a scrolling view's edge cuts it.
NODES_JS = """() => Array.from(document.querySelectorAll('flt-semantics')).map(e => {
  const r = e.getBoundingClientRect();
  const own = Array.from(e.childNodes).filter(c => c.nodeName !== 'FLT-SEMANTICS'
      && c.nodeName !== 'FLT-SEMANTICS-CONTAINER').map(c => c.textContent).join('');
  // Cut by an edge of a scrolling view (or by the window): partly scrolled out of sight
  // (a row of chips that scrolls sideways cuts the last one at its right edge; a left edge
  // is where unscrolled content starts, so it is not counted).
  // (Flutter cuts a node's box to the clip around it; its scrolling views are the nodes that
  // hide their overflow and take the touches themselves. A box that meets the view's top
  // edge may be whole — the first line of an unscrolled view — or cut there, and a cut box
  // can happen to be a whole number of lines high: it is set aside, never guessed at.)
  let scrolled = r.top <= 1 || r.bottom >= window.innerHeight - 1;
  for (let a = e.parentElement; a && !scrolled; a = a.parentElement) {
    if (a.nodeName !== 'FLT-SEMANTICS') continue;
    const scrolling = a.style.overflow === 'hidden' || a.style.touchAction === 'none'
        || /(scroll|auto)/.test(a.style.overflowY + a.style.overflowX);
    if (!scrolling) continue;
    const ar = a.getBoundingClientRect();
    scrolled = Math.abs(r.bottom - ar.bottom) <= 1 || Math.abs(r.top - ar.top) <= 1
        || Math.abs(r.right - ar.right) <= 1;
  }
  return {x: r.left, y: r.top, w: r.width, h: r.height,
          role: e.getAttribute('role') || '',
          label: (e.getAttribute('aria-label') || own || '').trim(),
          leaf: !e.querySelector('flt-semantics'), scrolled};
}).filter(b => b.w > 0 && b.h > 0)"""


def nodes(page: Any) -> list[dict[str, Any]]:
    return page.evaluate(NODES_JS)


@dataclass(frozen=True)
class Seen:
    """One thing a person would notice."""

    check: str  # "error" | "grey" | "wide" | "cut" | "english"
    detail: str

    def __str__(self) -> str:
        return f"{self.check}: {self.detail}"


def too_wide(page: Any, found: list[dict[str, Any]] | None = None) -> list[Seen]:
    """Controls sticking out of the window sideways; a document that scrolls sideways.

    Flutter cuts a semantics node's box to the clip around it — the window included — so a
    control wider than the window is seen as a box that ends exactly at the window's right
    edge: nothing of the app's own is laid out there (its content is padded away from the
    edge; only what spans the whole width, from x = 0, and the bottom bar's tabs reach it).
    A node wholly beside the window is a scrolling view's, out of sight, and not counted."""
    width = page.viewport_size["width"]
    out = []
    for node in found if found is not None else nodes(page):
        right = node["x"] + node["w"]
        if right <= 0 or node["x"] >= width:
            continue  # wholly off the screen (kept by a scrolling view): nothing to see
        if node["x"] < -1 or right > width + 1:
            out.append(
                Seen(
                    "wide",
                    f"{node['role'] or 'node'} {node['label'][:80]!r} at "
                    f"x={node['x']:.0f}, {node['w']:.0f} px wide "
                    f"(window {width} px)",
                )
            )
        elif node["leaf"] and node["x"] > 1 and abs(right - width) <= 0.5 and node["role"] != "tab":
            out.append(
                Seen(
                    "wide",
                    f"{node['role'] or 'node'} {node['label'][:80]!r} cut by "
                    f"the window's edge (x={node['x']:.0f} to {right:.0f})",
                )
            )
    # The window scrolls sideways? (Flutter's hidden semantics labels may be wider than the
    # window without the page scrolling: what counts is whether it does.)
    scroll = page.evaluate("""() => { const e = document.scrollingElement || document.body;
        const before = e.scrollLeft; e.scrollLeft = 100000; const moved = e.scrollLeft;
        e.scrollLeft = before; return moved; }""")
    if scroll > 1:
        out.append(Seen("wide", f"the page scrolls {scroll} px sideways in a {width} px window"))
    return out


# --- text cut or broken inside a word -------------------------------------------------------

# Flutter's Material 3 text styles: (font size, line height, letter spacing) — the styles text
# is drawn in (body, title, label, headline, display).
M3_STYLES = (
    (57, 64, -0.25),
    (45, 52, 0),
    (36, 44, 0),
    (32, 40, 0),
    (28, 36, 0),
    (24, 32, 0),
    (22, 28, 0),
    (16, 24, 0.15),
    (14, 20, 0.1),
    (12, 16, 0.5),
    (11, 16, 0.5),
    (16, 24, 0.5),
    (14, 20, 0.25),
    (12, 16, 0.4),
)
# A Text given its own size keeps bodyMedium's line height (20/14 of the size) and spacing.
EXPLICIT_SIZES = tuple((size, size * 20 / 14, 0.25) for size in range(10, 41))
ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}
NO_BREAK = {"\u2060", "\ufeff", "\u00a0", "\u202f"}  # word joiners, no-break spaces


@dataclass
class Font:
    """Advance widths of the app's font (the Hangul font it draws every language in)."""

    advances: dict[int, float]  # code point -> em
    fallback: float = 0.6

    def width(self, text: str, size: float, spacing: float) -> float:
        total = 0.0
        for char in text:
            if char in ZERO_WIDTH:
                continue
            total += self.advances.get(ord(char), self.fallback) * size + spacing
        return total


@cache
def app_font() -> Font:
    from fontTools.ttLib import TTFont

    from wallet.ui import ui_assets

    folder, fonts = ui_assets()
    if "Hangul" not in fonts:  # pragma: no cover - the test machine has fonts-nanum
        raise RuntimeError("no Hangul font found: the app's text cannot be measured")
    font = TTFont(str(Path(folder) / fonts["Hangul"]), lazy=True)
    units = font["head"].unitsPerEm
    metrics = font["hmtx"]
    return Font({code: metrics[glyph][0] / units for code, glyph in font.getBestCmap().items()})


def _hangul(char: str) -> bool:
    return (
        "\uac00" <= char <= "\ud7a3" or "\u1100" <= char <= "\u11ff" or "\u3130" <= char <= "\u318f"
    )


def _ideograph(char: str) -> bool:
    return _hangul(char) or "\u4e00" <= char <= "\u9fff" or "\u3040" <= char <= "\u30ff"


def _word(char: str) -> bool:
    """A letter or digit (of any script): inside a word."""
    return unicodedata.category(char)[0] in "LN"


def _breakable(text: str, at: int) -> bool:
    """May a line break between ``text[at-1]`` and ``text[at]`` (as ICU's line breaker
    allows: after a space, after a hyphen or slash, between Hangul syllables or ideographs,
    not next to a word joiner or a closing mark)?"""
    before, after = text[at - 1], text[at]
    if before in NO_BREAK or after in NO_BREAK or after.isspace():
        return False
    if before.isspace():
        return True
    if after in ")]}.,;:!?%’”」』·…" or before in "([{‘“「『":
        return False
    if before in "-/\u2010\u2013\u2014" and not after.isdigit():
        return True
    return _ideograph(before) or _ideograph(after)


def layout(
    text: str, width: float, size: float, spacing: float, font: Font | None = None
) -> list[int]:
    """Where Flutter breaks ``text`` into lines ``width`` px wide (greedy, as its paragraph
    does): the index each line after the first starts at. A word wider than the line is broken
    where it reaches the edge (Flutter's last resort)."""
    font = font or app_font()
    starts: list[int] = []
    start, n = 0, len(text)
    while start < n:
        best = None  # the furthest break opportunity whose line fits
        end = start + 1
        while end <= n:
            if end == n or _breakable(text, end):
                line = text[start:end].rstrip()
                if font.width(line, size, spacing) <= width + 0.05:
                    best = end
                else:
                    break
            end += 1
        if best is None:  # nothing fits whole: break the first word where it reaches the edge
            best = start + 1
            while best < n and font.width(text[start : best + 1], size, spacing) <= width + 0.05:
                best += 1
        if best >= n:
            break
        while best < n and text[best].isspace():
            best += 1
        if best >= n:
            break
        starts.append(best)
        start = best
    return starts


def _inside_word(text: str, at: int) -> bool:
    """Is the place between ``text[at-1]`` and ``text[at]`` inside a word (letters or digits
    on both sides, word joiners skipped)?"""
    left = at - 1
    while left >= 0 and text[left] in ZERO_WIDTH:
        left -= 1
    right = at
    while right < len(text) and text[right] in ZERO_WIDTH:
        right += 1
    return left >= 0 and right < len(text) and _word(text[left]) and _word(text[right])


_MACHINE = re.compile(r"\S*[:/@]\S*|\S*[0-9]\S*[A-Za-z]\S*|\S*[A-Za-z]\S*[0-9]\S*")


def _machine_word(text: str, at: int) -> bool:
    """Is the place ``at`` inside a long address, DID, key or code (a machine's word, which
    nothing but a break inside can fit into a narrow window)?"""
    left = at
    while left > 0 and not text[left - 1].isspace():
        left -= 1
    right = at
    while right < len(text) and not text[right].isspace():
        right += 1
    token = text[left:right]
    return len(token) >= 16 and _MACHINE.fullmatch(token) is not None


def _cut_at(text: str, start: int, width: float, size: float, spacing: float, font: Font) -> int:
    """Where a line starting at ``start`` is cut by an edge ``width`` px on (no wrapping)."""
    end = start
    while end < len(text) and font.width(text[start : end + 1], size, spacing) <= width + 0.05:
        end += 1
    return end


def word_cut(text: str, width: float, height: float, font: Font | None = None) -> str | None:
    """How a text node ``width`` × ``height`` px shows ``text`` cut or broken inside a word,
    or None.

    The rule: the node's text is laid out again with the app's own font (its advance widths,
    read from the font file) in each Material 3 text style — and each size a Text may be given
    — whose line height fits the node's height a whole number of times. A style for which the
    text would need *more* lines than the node has means the node is cut short (clipped or
    ellipsised): where the last line shown meets the node's edge is the cut. Only when every
    fitting style puts a line break or the cut inside a word (between two letters or digits,
    Hangul syllables included) is it reported: a text that some plausible style lays out
    between words is given the benefit of the doubt."""
    font = font or app_font()
    # (cut short?, how far off the height, verdict): the likeliest style first when told.
    verdicts: list[tuple[bool, float, str | None]] = []
    for size, line, spacing in M3_STYLES + EXPLICIT_SIZES:
        lines = round(height / line)
        if lines < 1 or abs(height - lines * line) > 2 + 0.02 * height:
            continue
        starts = layout(text, width, size, spacing, font)
        if len(starts) + 1 < lines:
            continue  # fewer lines than the node is tall: not this style
        shown = starts[: lines - 1]
        broken = [at for at in shown if _inside_word(text, at) and not _machine_word(text, at)]
        if len(starts) + 1 > lines:  # cut short after ``lines`` lines
            begin = shown[-1] if shown else 0
            cut = _cut_at(text, begin, width, size, spacing, font)
            if cut < len(text) and _inside_word(text, cut) and not _machine_word(text, cut):
                broken.append(cut)
        verdicts.append(
            (
                len(starts) + 1 > lines,
                abs(height - lines * line),
                None
                if not broken
                else "; ".join(
                    f"{text[max(0, at - 12) : at]}|{text[at : at + 12]}" for at in broken
                ),
            )
        )
    if not verdicts or any(v is None for _, _, v in verdicts):
        return None
    return min(verdicts, key=lambda v: v[:2])[2]


def _rotated(text: str, width: float, height: float, font: Font) -> bool:
    """Is a node one line of ``text`` turned on its side (its width one line's height, its
    height the line's length)?"""
    return any(
        abs(width - line) <= 2 and abs(font.width(text, size, spacing) - height) <= 2 + 0.1 * height
        for size, line, spacing in M3_STYLES + EXPLICIT_SIZES
    )


TEXT_ROLES = ("", "heading", "text", "paragraph")


def cut_words(page: Any, found: list[dict[str, Any]] | None = None) -> list[Seen]:
    """Text nodes (a text's own node: no role, or a heading; one paragraph, no line of its
    own in the label) broken or cut inside a word, as :func:`word_cut` decides — but not one
    partly scrolled out of sight (its box is cut by the scrolling view, not its text)."""
    out = []
    font = app_font()
    for node in found if found is not None else nodes(page):
        label = node["label"]
        if not node["leaf"] or node["role"] not in TEXT_ROLES or "\n" in label:
            continue
        if node.get("scrolled"):
            continue  # partly scrolled out of sight: its box is what is on screen of it
        if not any(_word(c) for c in label):
            continue
        if node["w"] < node["h"] and _rotated(label, node["w"], node["h"], font):
            continue  # a chart's axis title, turned on its side: read along its height
        where = word_cut(label, node["w"], node["h"], font)
        if where:
            out.append(
                Seen(
                    "cut",
                    f"{label[:80]!r} ({node['w']:.0f}×{node['h']:.0f} px) "
                    f"broken inside a word: {where}",
                )
            )
    return out


# --- English on a Korean screen --------------------------------------------------------------

_REMOVED = re.compile(
    r"[A-Za-z][A-Za-z0-9+.-]*://\S+"  # addresses
    r"|did:[A-Za-z0-9]+:\S+"  # DIDs
    r"|urn:\S+"
    r"|\S+@\S+\.\S+"  # e-mail addresses
    r"|\b[\w-]+\.(?:json|jsonld|wbk|pdf|png|svg|jpg|jpeg|txt|csv|md|jwt)\b"  # file names
    r"|\b[A-Z]{1,5}(?:[.\-][0-9A-Z]+)+\b"
)  # codes: DS.1.2, OB-3
_WORDS = re.compile(r"[A-Za-z][A-Za-z'’]*(?:[ ,;:]+[A-Za-z][A-Za-z'’]*)+")


@cache
def demo_phrases() -> tuple[str, ...]:
    """The demo data's own text — what its issuer and sample framework say (names, criteria,
    descriptions): shown as given, in the issuer's language."""
    from wallet.assets import assets_dir

    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, str):
            if " " in value.strip():
                found.add(value.strip())
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    root = assets_dir()
    walk(json.loads((root / "demo-issuer" / "catalog.json").read_text("utf-8")))
    walk(json.loads((root / "case" / "riverside-skills-framework.json").read_text("utf-8")))
    return tuple(found)


def english_in(label: str, allowed: Iterable[str] = ()) -> str | None:
    """The English sentence in ``label``, if any: a run of three or more English words of
    which at least two are lower-case (a sentence, not a Title Case Name) — once the allowed
    phrases (the issuers' and the learner's own text), addresses, DIDs, e-mail addresses, file
    names and codes are taken out."""
    rest = label
    for phrase in sorted({*demo_phrases(), *allowed}, key=len, reverse=True):
        if phrase and phrase in rest:
            rest = rest.replace(phrase, " ")
    rest = _REMOVED.sub(" ", rest)
    for match in _WORDS.finditer(rest):
        words = re.findall(r"[A-Za-z][A-Za-z'’]*", match.group())
        lower = [w for w in words if w.islower()]
        if len(words) >= 3 and len(lower) >= 2:
            return match.group()
    return None


def english_sentences(
    page: Any, allowed: Iterable[str] = (), found: list[dict[str, Any]] | None = None
) -> list[Seen]:
    allowed = tuple(allowed)
    out = []
    seen: set[str] = set()
    for node in found if found is not None else nodes(page):
        label = node["label"]
        if label in seen:
            continue
        seen.add(label)
        sentence = english_in(label, allowed)
        if sentence:
            out.append(Seen("english", f"{sentence!r} in {label[:120]!r}"))
    return out


# --- all of it -------------------------------------------------------------------------------


@dataclass
class Look:
    """What :func:`look` found on one screen."""

    where: str
    problems: list[Seen] = field(default_factory=list)

    def of(self, check: str) -> list[Seen]:
        return [p for p in self.problems if p.check == check]

    def __bool__(self) -> bool:
        return bool(self.problems)

    def __str__(self) -> str:
        return f"{self.where}:\n  " + "\n  ".join(map(str, self.problems))


def look(
    page: Any,
    where: str,
    lang: str,
    *,
    errors: FlutterErrors | None = None,
    mark: int = 0,
    browser: list[str] | None = None,
    browser_mark: int = 0,
    allowed: Iterable[str] = (),
    shot: Path | None = None,
) -> Look:
    """Everything a person would notice on the screen as it is: framework errors reported
    since ``mark`` (by :class:`FlutterErrors`) and the browser's since ``browser_mark`` (by
    :func:`browser_errors`), the error grey, anything wider than the window,
    text broken inside a word, and (in Korean) English sentences. The screenshot is saved to
    ``shot`` when given."""
    page.mouse.move(page.viewport_size["width"] - 2, 2)  # no hover tooltip in the way
    settled(page)
    found = nodes(page)
    png = page.screenshot()
    if shot is not None:
        shot.parent.mkdir(parents=True, exist_ok=True)
        shot.write_bytes(png)
    result = Look(where)
    if errors is not None:
        result.problems += [Seen("error", e) for e in errors.since(mark)]
    if browser is not None:
        result.problems += [Seen("error", e) for e in browser[browser_mark:]]
    result.problems += [
        Seen("grey", f"a {w}×{h} px error box at ({x}, {y})") for x, y, w, h in grey_boxes(png)
    ]
    result.problems += too_wide(page, found)
    result.problems += cut_words(page, found)
    if lang == "ko":
        result.problems += english_sentences(page, allowed, found)
    return result
