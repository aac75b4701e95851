"""Shown instead of the editor when the file cannot be loaded: the message, and where."""

from __future__ import annotations

import re
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from routedeck.routing.secrets import mask_unparsed_text
from routedeck.routing.text import terminal_safe
from routedeck.tui.screens import DIALOGS_CSS

YAML_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""What YAML counts as a line break, so that line numbers match the error's."""


def excerpt(text: str, line: int, column: int | None) -> Text:
    """The offending line with one line of context either side and a caret under the column;
    every secret masked and every control character escaped (the caret may then stand a few
    columns left of its character)."""
    lines = [terminal_safe(line) for line in YAML_LINE_BREAK.split(mask_unparsed_text(text))]
    if lines and not lines[-1]:
        lines.pop()  # the text ends with a line break, not with an empty line
    shown = Text(no_wrap=True, overflow="ellipsis")
    for number in range(max(line - 1, 1), min(line + 1, len(lines)) + 1):
        marker = "▶" if number == line else " "
        shown.append(f"{marker}{number:>5} │ ", style="bold" if number == line else "dim")
        shown.append(lines[number - 1].expandtabs() + "\n")
        if number == line and column is not None:
            shown.append(" " * (8 + column) + "^\n", style="bold red")
    if line > len(lines):
        shown.append(f"▶{line:>5} │ (end of file)\n", style="bold")
    shown.rstrip()
    return shown


class LoadErrorScreen(Screen[None]):
    """Nothing is written; q quits."""

    CSS_PATH = DIALOGS_CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape", "app.request_quit", "Quit", show=False, id="error.quit"),
    ]

    def __init__(
        self,
        file_name: str,
        message: str,
        line: int | None,
        column: int | None,
        source: str,
        stake: str = "",
    ) -> None:
        """`stake`: what the file costs at runtime when the agent cannot read it either."""
        super().__init__()
        self._stake = stake
        self._file_name = file_name
        self._message = message
        self._line = line
        self._column = column
        self._source = source

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(classes="load-error"):
            name = terminal_safe(self._file_name)
            yield Static(Text(f"✖ Cannot open {name}"), classes="dialog-title")
            yield Static(Text(terminal_safe(self._message)), classes="error-message")
            if self._line is not None:
                where = f"line {self._line}" + (
                    f", column {self._column}" if self._column is not None else ""
                )
                yield Static(Text(where), classes="error-where")
                if self._source:
                    yield Static(excerpt(self._source, self._line, self._column), classes="excerpt")
            if self._stake:
                yield Static(Text(self._stake), classes="error-stake")
            yield Static(
                "Nothing was written. Fix the file in a text editor, then open it again.",
                classes="form-note",
            )
        yield Footer()
