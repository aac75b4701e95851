"""The first frame: shown while the file is read and the editor is built behind it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static


class LoadingScreen(Screen[None]):
    """Deliberately tiny, so the terminal shows something at once."""

    def __init__(self, file_name: str) -> None:
        super().__init__()
        self._file_name = file_name

    def compose(self) -> ComposeResult:
        yield Static(Text(f"routedeck · opening {self._file_name}…"), id="loading-message")
