"""The diagnostics of the file: one line each, naming the route(s) concerned."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from routedeck.tui.keys import DIAGNOSTICS
from routedeck.tui.rows import one_line
from routedeck.words import plural

if TYPE_CHECKING:
    from routedeck.routing import Diagnostic

SEVERITY_MARKS = {"error": ("✖", "error", "bold red"), "warning": ("⚠", "warn ", "yellow")}
"""Symbol, word and colour of each severity: the word, never the colour alone, tells them apart."""
INFO_MARK = ("ℹ", "info ", "")


def severity_mark(severity: str) -> str:
    return SEVERITY_MARKS.get(severity, INFO_MARK)[0]


def diagnostic_prompt(diagnostic: Diagnostic) -> Text:
    symbol, word, style = SEVERITY_MARKS.get(diagnostic.severity, INFO_MARK)
    # The spaces end the styled span: an SVG screenshot drops the spaces a span starts with.
    return Text.assemble((f"{symbol} {word} ", style), one_line(diagnostic.message))


def problem_counts(diagnostics: list[Diagnostic]) -> str:
    """`✖ 1 error, ⚠ 2 warnings`, for titles and the save preview."""
    counts = [
        (severity_mark(severity), sum(1 for d in diagnostics if d.severity == severity), severity)
        for severity in ("error", "warning")
    ]
    return ", ".join(f"{mark} {plural(n, word)}" for mark, n, word in counts)


SHOWN_AT_MOST = 200
"""A list of thousands would slow every edit down; the panel title keeps the full count."""


class DiagnosticsList(OptionList):
    """Selecting a diagnostic (enter or click) lets the screen select its route."""

    BINDINGS: ClassVar[list[BindingType]] = DIAGNOSTICS.bindings()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.diagnostics: list[Diagnostic] = []

    def show(self, diagnostics: list[Diagnostic]) -> None:
        """Show these diagnostics; nothing is redrawn when they are the ones shown (most edits
        change none, and rebuilding hundreds of options costs every edit a frame)."""
        if self.option_count and diagnostics == self.diagnostics:
            return
        highlighted = self.highlighted
        self.diagnostics = diagnostics
        self.clear_options()
        if not diagnostics:
            self.add_option(Option(Text("No problems found."), disabled=True))
            return
        self.add_options(
            diagnostic_prompt(diagnostic) for diagnostic in diagnostics[:SHOWN_AT_MOST]
        )
        if len(diagnostics) > SHOWN_AT_MOST:
            more = f"… {len(diagnostics) - SHOWN_AT_MOST} more: `routedeck check` lists them all."
            self.add_option(Option(Text(more), disabled=True))
        if highlighted is not None:
            self.highlighted = min(highlighted, self.option_count - 1)
