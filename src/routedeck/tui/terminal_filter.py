"""The last guard between the screen and the terminal: no control character from a config file
reaches the terminal raw, whatever widget shows it.

Every text routedeck builds from a file goes through `routing.text.terminal_safe` first, which
shows control characters as visible escapes (`\\x1b`); this line filter catches any that a
future widget would forget, replacing each with U+FFFD (one cell, so the line keeps its width).
"""

from __future__ import annotations

import re

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
REPLACEMENT = "\ufffd"


class ControlCharacters(LineFilter):
    """Replaces control characters in every line before it is written to the terminal."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not any(UNSAFE.search(segment.text) for segment in segments if not segment.control):
            return segments
        return [
            segment
            if segment.control
            else Segment(UNSAFE.sub(REPLACEMENT, segment.text), segment.style)
            for segment in segments
        ]
