"""The one Markdown renderer: the learner's reflections as the page, the PDF and the app show
them (CommonMark through markdown-it-py).

Safe by construction: raw HTML is off (``<script>`` shows as text), images are off (a page
loads nothing from elsewhere), and links keep only ``https:``, ``http:`` and ``mailto:``
targets, marked ``rel="nofollow noopener noreferrer"``. Headings are shifted down
(``heading_offset``) so that a reflection's ``# Title`` sits below the page's own headings.

* :func:`render_html` — HTML for a page (escaped everywhere; safe to insert as is);
* :func:`blocks` — the same document as plain data (:class:`Block` of :class:`Run`), for
  layouts that are not HTML: the PDF, the app's controls;
* :func:`plain_text` — the text alone (previews, search);
* :func:`title_block`, :func:`without_title` — whether the text's first heading or paragraph
  only repeats a title (a reflection's title is its first line), and the text without it, so
  that it is said once.

Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from markdown_it import MarkdownIt

__all__ = [
    "MAX_MARKDOWN",
    "Block",
    "Run",
    "blocks",
    "plain_text",
    "render_html",
    "title_block",
    "without_title",
]

MAX_MARKDOWN = 100_000  # characters rendered; the rest is cut (a reflection, not a book)
_SCHEMES = ("https://", "http://", "mailto:")
_REL = "nofollow noopener noreferrer"


def _safe_link(url: str) -> bool:
    return url.strip().lower().startswith(_SCHEMES)


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image", "html_block", "html_inline"])
    md.validateLink = _safe_link  # type: ignore[method-assign]  # markdown-it's documented hook
    return md


def _tokens(text: str) -> list[Any]:
    return _parser().parse((text or "")[:MAX_MARKDOWN])


def _shift(tokens: list[Any], offset: int) -> None:
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(6, int(token.tag[1:]) + offset)
            token.tag = f"h{level}"


def render_html(text: str, *, heading_offset: int = 2) -> str:
    """``text`` (Markdown) as safe HTML; ``# H`` becomes ``<h3>`` with the default offset."""
    md = _parser()
    tokens = _tokens(text)
    _shift(tokens, heading_offset)
    for token in tokens:
        for child in token.children or ():
            if child.type == "link_open":
                child.attrSet("rel", _REL)
    return md.renderer.render(tokens, md.options, {})


@dataclass(frozen=True)
class Run:
    """A stretch of inline text with one style; ``href`` for a link's text."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str | None = None


@dataclass(frozen=True)
class Block:
    """One block: ``heading`` (``level`` 1–6, as written), ``paragraph``, ``item`` (a list
    item's paragraph; ``depth`` from 1, ``marker`` "•" or "3."), ``quote`` (a paragraph in a
    block quote), ``code`` (its text in one run) or ``rule``."""

    kind: str
    runs: tuple[Run, ...] = ()
    level: int = 0
    depth: int = 0
    marker: str = ""
    quoted: bool = False

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass
class _Inline:
    bold: int = 0
    italic: int = 0
    href: list[str | None] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)

    def add(self, text: str, *, code: bool = False) -> None:
        if text:
            self.runs.append(
                Run(
                    text, self.bold > 0, self.italic > 0, code, self.href[-1] if self.href else None
                )
            )


def _inline(token: Any) -> tuple[Run, ...]:
    state = _Inline()
    for child in token.children or ():
        kind = child.type
        if kind == "text":
            state.add(child.content)
        elif kind == "code_inline":
            state.add(child.content, code=True)
        elif kind in ("softbreak", "hardbreak"):
            state.add(" " if kind == "softbreak" else "\n")
        elif kind == "strong_open":
            state.bold += 1
        elif kind == "strong_close":
            state.bold -= 1
        elif kind == "em_open":
            state.italic += 1
        elif kind == "em_close":
            state.italic -= 1
        elif kind == "link_open":
            href = child.attrGet("href")
            state.href.append(href if isinstance(href, str) else None)
        elif kind == "link_close" and state.href:
            state.href.pop()
    return tuple(state.runs)


def blocks(text: str) -> list[Block]:
    """``text`` (Markdown) as a list of blocks, in order."""
    out: list[Block] = []
    lists: list[list[int | None]] = []  # per open list: [next number] (None: bullets)
    quoted = 0
    pending: str | None = None  # the kind of block the next inline token belongs to
    level = 0
    first_in_item = False
    for token in _tokens(text):
        kind = token.type
        if kind == "heading_open":
            pending, level = "heading", int(token.tag[1:])
        elif kind == "paragraph_open":
            pending = "item" if lists else ("quote" if quoted else "paragraph")
        elif kind == "bullet_list_open":
            lists.append([None])
        elif kind == "ordered_list_open":
            start = token.attrGet("start")
            lists.append(
                [int(start) if isinstance(start, int | str) and str(start).isdigit() else 1]
            )
        elif kind in ("bullet_list_close", "ordered_list_close") and lists:
            lists.pop()
        elif kind == "list_item_open":
            first_in_item = True
        elif kind == "blockquote_open":
            quoted += 1
        elif kind == "blockquote_close":
            quoted -= 1
        elif kind == "inline" and pending:
            runs = _inline(token)
            if pending == "item":
                marker = ""
                if first_in_item:
                    number = lists[-1][0]
                    marker = "•" if number is None else f"{number}."
                    if number is not None:
                        lists[-1][0] = number + 1
                    first_in_item = False
                out.append(Block("item", runs, depth=len(lists), marker=marker, quoted=quoted > 0))
            elif pending == "heading":
                out.append(Block("heading", runs, level=level, quoted=quoted > 0))
            else:
                out.append(Block(pending, runs, quoted=quoted > 0))
            pending = None
        elif kind in ("code_block", "fence"):
            out.append(
                Block(
                    "code",
                    (Run(token.content.rstrip("\n"), code=True),),
                    depth=len(lists),
                    quoted=quoted > 0,
                )
            )
        elif kind == "hr":
            out.append(Block("rule"))
    return out


def plain_text(text: str) -> str:
    """The words alone, one block a line."""
    return "\n".join(block.text for block in blocks(text) if block.kind != "rule")


def title_block(text: str, title: str) -> str | None:
    """``"heading"`` or ``"paragraph"`` when the first block of ``text`` says only ``title`` —
    as written (``## Title``) or as read (``**Title**``) —, else None."""
    return _title_block(text, title)[0]


def without_title(text: str, title: str) -> str:
    """``text`` without its first block when that block (a heading or a paragraph) says only
    ``title`` (:func:`title_block`); else ``text`` as given."""
    kind, start, end = _title_block(text, title)
    if kind is None:
        return text
    lines = text[:MAX_MARKDOWN].splitlines(keepends=True)
    return "".join(lines[:start] + lines[end:]).lstrip("\n") + text[MAX_MARKDOWN:]


def _title_block(text: str, title: str) -> tuple[str | None, int, int]:
    wanted = " ".join((title or "").split())
    if not wanted or not text:
        return None, 0, 0
    tokens = _tokens(text)
    first = next(
        (tok for tok in tokens if tok.nesting == 1 or tok.type in ("fence", "code_block", "hr")),
        None,
    )
    if (
        first is None
        or first.type not in ("heading_open", "paragraph_open")
        or first.level != 0
        or not first.map
    ):
        return None, 0, 0
    index = tokens.index(first)
    inline = tokens[index + 1] if index + 1 < len(tokens) else None
    lines = text[:MAX_MARKDOWN].splitlines(keepends=True)
    start, end = first.map
    written = " ".join("".join(lines[start:end]).strip().strip("#*_>-\t ").split())
    read = " ".join("".join(run.text for run in _inline(inline)).split()) if inline else ""
    if wanted not in (written, read):
        return None, 0, 0
    return ("heading" if first.type == "heading_open" else "paragraph"), start, end
