"""The effective result of the simulated turn, field by field, with where each value came from.

A panel that takes the focus, scrolls and can be maximized: at 80×24 it does not fit beside the
simulator, and everything it says must still be readable.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from routedeck.routing import ALWAYS_SHOWN_FIELDS
from routedeck.tui.rows import format_value, one_line

if TYPE_CHECKING:
    from routedeck.routing import Explanation, FieldValue

LABEL_WIDTH = 9
"""`base_url` and a space: the values line up after it."""


@dataclass(frozen=True)
class ResultField:
    name: str
    value: Text
    source: str
    warning: str | None = None
    """Said on its own line under the field: `⚠ inherited from the base block: …`."""


def shown_value(name: str, field: FieldValue) -> Text:
    """The value as the agent gets it; what the agent fills itself is said, not guessed."""
    if field.value is None:
        return Text(field.note or "–", style="italic" if field.note else "")
    return Text(format_value(name, field.value) or "–")


def result_fields(
    explanation: Explanation, warnings: Mapping[str, str] | None = None
) -> list[ResultField]:
    """The fields to show; `warnings`: {field: a warning said under it}."""
    warnings = warnings or {}
    return [
        ResultField(name, shown_value(name, field), one_line(field.provenance), warnings.get(name))
        for name, field in explanation.fields.items()
        if name in ALWAYS_SHOWN_FIELDS or field.value not in (None, "", []) or name in warnings
    ]


class ResultLines:
    """A field per line, its source after the value (lined up with the others) when the width
    allows; else the source on the line below; a value too long to stand beside its name starts
    a line of its own, so a URL breaks only when it is wider than the whole panel."""

    def __init__(self, fields: list[ResultField], note: str | None) -> None:
        self.fields = fields
        self.note = note

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(options.max_width, LABEL_WIDTH + 4)
        for line in self.lines(width, console):
            yield from line.wrap(console, width, overflow="fold")

    def lines(self, width: int, console: Console) -> list[Text]:
        room = width - LABEL_WIDTH

        def fits(field: ResultField, column: int) -> bool:
            return column + 2 + len(field.source) + 2 <= room

        short = [field for field in self.fields if fits(field, field.value.cell_len)]
        column = max((field.value.cell_len for field in short), default=0)
        lines: list[Text] = []
        for field in self.fields:
            label = Text(field.name.ljust(LABEL_WIDTH - 1) + " ", style="bold")
            source = Text(f"↳ {field.source}", style="dim italic")
            if field in short:
                value = field.value.copy()
                lined_up = column if fits(field, column) else value.cell_len
                value.pad_right(lined_up - value.cell_len)
                lines.append(Text.assemble(label, value, "  ", source))
            else:
                if field.value.cell_len <= room:
                    lines.append(Text.assemble(label, field.value))
                else:
                    lines += [label, Text.assemble("  ", field.value)]
                lines += indented(source, room, console)
            if field.warning:
                lines += indented(Text(field.warning, style="bold yellow"), room, console)
        if self.note:
            note = Text(one_line(self.note))
            lines += [Text("note", style="bold"), *indented(note, room, console)]
        return lines


def indented(text: Text, room: int, console: Console) -> list[Text]:
    """`text` wrapped at `room` cells, each line indented under the values."""
    return [
        Text.assemble(" " * LABEL_WIDTH, line) for line in text.wrap(console, room, overflow="fold")
    ]


class ResultPanel(VerticalScroll, can_focus=True):
    """model, provider, base_url, api_mode, api_key (masked), and command/args when set, each
    with its source (a route, or where in the file the base value is read)."""

    ALLOW_MAXIMIZE = True

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shown = ResultLines([], None)

    def compose(self) -> ComposeResult:
        yield Static(id="result-body")

    def show(self, explanation: Explanation, warnings: Mapping[str, str] | None = None) -> None:
        """Show the result; `warnings`: {field: a warning said under it, in words}. The same
        result is not shown again: an update lays out the whole screen, and most edits leave
        the simulated result as it was."""
        fields, note = result_fields(explanation, warnings), explanation.fallback
        if fields == self.shown.fields and note == self.shown.note:
            return
        self.shown = ResultLines(fields, note)
        self.query_one("#result-body", Static).update(self.shown)

    def text(self, width: int = 200) -> str:
        """What the panel says at `width`, as plain lines."""
        lines = self.shown.lines(width, self.app.console)
        return "\n".join(line.plain for line in lines)
