"""Text from a config file, made safe to show on a terminal.

A route name holding `ESC]52;c;…BEL` writes the operator's clipboard, `ESC]0;…BEL` retitles the
window, `ESC[2J` blanks the screen: any control character that reaches the terminal raw is an
instruction to it. `terminal_safe` shows every one escaped and visible instead (`\\x1b`), as
Python's `repr` would, and leaves every printable character as it is:

* C0 controls (U+0000 to U+001F, tab and line breaks included: a value is shown on one line),
  DEL (U+007F) and C1 controls (U+0080 to U+009F, among them the 8-bit CSI U+009B);
* the Unicode line and paragraph separators (U+2028, U+2029), which end a line on some terminals;
* bidirectional formatting characters (U+061C, U+200E, U+200F, U+202A to U+202E, U+2066 to
  U+2069), which reorder how the text after them is displayed ("Trojan Source");
* lone surrogates, which cannot even be encoded for the terminal.

`terminal_safe_lines` does the same but keeps line feeds, for a text shown over several lines
(a diff, an excerpt); a CR before an LF is shown escaped too, since it is part of the text.
Standard library only.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_UNSAFE_BUT_LINE_FEED = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff]"
)


def terminal_safe(text: str) -> str:
    """`text` with every control character shown as a visible escape (`\\x1b`, `\\u202e`)."""
    return _UNSAFE.sub(_escaped, text)


def terminal_safe_lines(text: str) -> str:
    """`terminal_safe`, keeping line feeds as line breaks."""
    return _UNSAFE_BUT_LINE_FEED.sub(_escaped, text)


def _escaped(found: re.Match[str]) -> str:
    code = ord(found[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
