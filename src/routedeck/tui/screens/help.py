"""The help screen: what the editor shows, and every key."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

OVERVIEW = (
    "The list shows model.routes in evaluation order, then the legacy shorthand "
    "(model.platforms, model.by_source). For the context on the right, the first route whose "
    "match fits wins: it is marked ▶ WINS and named above the list; every other row says why it "
    "lost. The result panel shows what the agent would use and where each value comes from. "
    "Edits are checked and can be undone; nothing is written until you save."
)


class HelpScreen(ModalScreen[None]):
    """Lists (keys, description) pairs; escape, f1, ? or q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,question_mark,q", "dismiss", "Close", id="help.close"),
    ]
    AUTO_FOCUS = "#help-body"

    def __init__(self, keys: Iterable[tuple[str, str]], file_path: str) -> None:
        super().__init__()
        self._keys = list(keys)
        self._file_path = file_path

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column("keys", style="bold", no_wrap=True)
        table.add_column("action")
        for keys, description in self._keys:
            table.add_row(Text(keys), Text(description))
        with Vertical(classes="help"):
            yield Static(Text("routedeck help"), classes="dialog-title")
            with VerticalScroll(id="help-body"):
                yield Static(Text(f"Editing {self._file_path}"), classes="form-note")
                yield Static(Text(OVERVIEW), classes="help-overview")
                yield Static(table)
            yield Static("escape closes · ctrl+p lists every action", classes="form-note")
