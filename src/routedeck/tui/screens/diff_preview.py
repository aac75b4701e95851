"""A unified diff to confirm: the save preview and the migration preview."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

LINE_STYLES = (("+++", "bold"), ("---", "bold"), ("@@", "cyan"), ("+", "green"), ("-", "red"))


def render_diff(diff: str) -> Text:
    """Colour a unified diff by line kind; the +/- signs stay, so colour is never the only cue."""
    text = Text(no_wrap=True, overflow="ellipsis")
    for line in diff.splitlines():
        style = next((style for prefix, style in LINE_STYLES if line.startswith(prefix)), "")
        text.append(line.expandtabs(), style=style)
        text.append("\n")
    text.rstrip()
    return text


def changed_lines(diff: str) -> int:
    return sum(
        1
        for line in diff.splitlines()
        if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))
    )


class DiffPreviewScreen(ModalScreen[bool]):
    """Enter confirms, escape goes back; the diff scrolls with the arrow keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "answer(True)", "Confirm", id="preview.confirm"),
        Binding("escape", "answer(False)", "Back", id="preview.back"),
    ]
    AUTO_FOCUS = "#diff"

    def __init__(self, title: str, summary: str, diff: str, *, confirm_label: str) -> None:
        super().__init__()
        self._title = title
        self._summary = summary
        self._diff = diff
        self._confirm_label = confirm_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="preview"):
            yield Static(Text(self._title), classes="dialog-title")
            yield Static(Text(self._summary), classes="preview-summary")
            with VerticalScroll(id="diff"):
                yield Static(render_diff(self._diff) or Text("(no changes)"), id="diff-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self._confirm_label} (enter)", variant="primary", id="confirm")
                yield Button("Back (esc)", id="back")
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm")

    def action_answer(self, confirmed: bool) -> None:
        self.dismiss(confirmed)


class SavePreviewScreen(DiffPreviewScreen):
    """What saving will change in the file (secrets masked)."""

    def __init__(self, file_name: str, diff: str, problems: str = "") -> None:
        summary = (
            f"{changed_lines(diff)} lines added or removed. A backup of the current file is kept."
        )
        if problems:
            summary += f"\nThe file will have {problems}: see Diagnostics."
        super().__init__(f"Save {file_name}?", summary, diff, confirm_label="Save")


class MigrationPreviewScreen(DiffPreviewScreen):
    """The legacy shorthand turned into explicit routes, before it is applied."""

    def __init__(self, summary: str, diff: str) -> None:
        super().__init__(
            "Migrate legacy shorthand into routes?",
            summary,
            diff,
            confirm_label="Apply migration",
        )
