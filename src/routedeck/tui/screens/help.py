"""The help screen: what the editor shows, and every key, by where it acts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from routedeck.tui.keys import HELP, Key
from routedeck.tui.screens import DIALOGS_CSS

OVERVIEW = (
    "The list shows model.routes in evaluation order, then the legacy shorthand "
    "(model.platforms, model.by_source). For the context in the simulator, the first route whose "
    "match fits wins: it is marked ▶ WINS and named above the list; every other row says why it "
    "lost. The result panel shows what the agent would use and where each value comes from. "
    "Edits are checked and can be undone; nothing is written until you save. Tab moves between "
    "the panels; a key acts only in the panel it belongs to, and the footer shows those keys."
)

KeySection = tuple[str, list[Key]]


def key_tables(sections: Iterable[KeySection]) -> Group:
    """One table per section: its name, then a row per key."""
    parts: list[Table | Text] = []
    for name, keys in sections:
        parts.append(Text(name, style="bold underline"))
        table = Table.grid(padding=(0, 2))
        table.add_column("keys", style="bold", no_wrap=True, min_width=18)
        table.add_column("action")
        for key in keys:
            table.add_row(Text(key.shown_keys), Text(key.help))
        parts += [table, Text("")]
    return Group(*parts)


class HelpScreen(ModalScreen[None]):
    """Every key by context; escape, f1, ? or q closes it."""

    CSS_PATH = DIALOGS_CSS

    BINDINGS: ClassVar[list[BindingType]] = HELP.bindings()
    AUTO_FOCUS = "#help-body"

    def __init__(self, sections: Iterable[KeySection], file_path: str) -> None:
        super().__init__()
        self._sections = list(sections)
        self._file_path = file_path

    def compose(self) -> ComposeResult:
        with Vertical(classes="help"):
            yield Static(Text("routedeck help"), classes="dialog-title")
            with VerticalScroll(id="help-body"):
                yield Static(Text(f"Editing {self._file_path}"), classes="form-note")
                yield Static(Text(OVERVIEW), classes="help-overview")
                yield Static(key_tables(self._sections))
        yield Footer()
