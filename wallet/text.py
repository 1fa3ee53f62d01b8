"""Untrusted text made safe to show: the one escaping function, :func:`visible`.

A credential's name, an issuer's or a verifier's name, a claim, an error that quotes one of
them — any text a third party wrote — may carry characters that act instead of showing: on a
terminal ``ESC [`` (CSI) and ``ESC ]`` (OSC) sequences move the cursor, recolour, retitle the
window or erase the line, a carriage return or backspaces overwrite what was printed, a line
break starts a line that looks like ours; anywhere, the bidi overrides and isolates (U+202A–E,
U+2066–9) reorder the text after them, and zero-width and other format characters hide a
difference between two names that look the same. :func:`visible` shows every such character as
an escape a person can read, and leaves all other text — Korean, accents, emoji, ``<`` —
exactly as it is::

    visible("Evil\\x1b[2K\\rVERIFIED")    # 'Evil\\\\u001b[2K\\\\rVERIFIED'
    visible("abc\\u202edef")              # 'abc\\\\u202edef'
    visible("박지민 — Café")               # '박지민 — Café' (unchanged)
    visible("line 1\\nline 2", keep="\\n")  # a paragraph whose line breaks are kept

What is escaped (:data:`ESCAPED`): the C0 controls (U+0000–U+001F, so ESC, CR, BS, LF, TAB),
DEL, the C1 controls (U+0080–U+009F: CSI U+009B, OSC U+009D, NEL U+0085), every format
character (Unicode category Cf: soft hyphen, zero-width space and joiners, the bidi marks,
embeddings, overrides and isolates, the word joiner and invisible operators, the byte order
mark, the tag characters), the line and paragraph separators (U+2028, U+2029) and lone
surrogates (which cannot be written to a UTF-8 stream at all). Each becomes its JSON escape —
``\\n``, ``\\r``, ``\\t``, ``\\b``, ``\\f``, else ``\\uXXXX`` (a surrogate pair beyond the BMP) — so
a JSON text passed through :func:`visible` (keeping its line breaks) still parses to the same
value. A backslash is left as it is: text that merely *looks* like an escape is harmless.

Where each face uses it: every line the ``wallet`` command prints (:func:`wallet.cli._common.echo`,
which keeps the line breaks the command itself wrote) and, inside those lines, every untrusted
value next to a label of ours, escaped whole (line breaks included) so that no value can begin
a line of its own; every value interpolated into a sentence of the language layer
(:func:`wallet.i18n.t`, line breaks kept) — what the app and the employer's page compose; and
every value the employer's page prints (the Jinja2 environment's ``finalize``, before HTML
autoescaping).
"""

from __future__ import annotations

import re

__all__ = ["ESCAPED", "visible"]

# Cc, Cf, Cs, Zl and Zp of Unicode 15.1 (a superset of Python 3.11's Unicode 14; the tests check
# that it covers every such character the running Python knows).
ESCAPED = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]"
)

_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def _escape(char: str) -> str:
    short = _SHORT.get(char)
    if short is not None:
        return short
    code = ord(char)
    if code > 0xFFFF:  # a surrogate pair, as JSON writes it
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def visible(text: object, *, keep: str = "") -> str:
    """``text`` (``str()`` of anything else) with every control, format and separator
    character shown as an escape (see the module's description). ``keep``: characters to
    leave as they are — ``"\\n"`` where the text is a paragraph whose line breaks should stay
    line breaks (never where the value sits on a line next to our own labels)."""
    text = text if isinstance(text, str) else str(text)
    if keep:
        return ESCAPED.sub(lambda m: m.group() if m.group() in keep else _escape(m.group()), text)
    return ESCAPED.sub(lambda m: _escape(m.group()), text)
