"""Form building blocks: a labelled input, and a secret input with a reveal toggle."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label


class TextInput(Input):
    """An Input whose cursor blinks only when the app allows it (snapshots turn blinking off)."""

    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "cursor_blink", True)


class LabelledField(Horizontal):
    """A label on the left, an input on the right."""

    def __init__(
        self,
        label: str,
        *,
        field_id: str,
        value: str = "",
        placeholder: str = "",
        suggester: Suggester | None = None,
    ) -> None:
        super().__init__(classes="field")
        self._label = label
        self._input = TextInput(
            value, placeholder=placeholder, suggester=suggester, id=field_id, compact=True
        )

    def compose(self) -> ComposeResult:
        yield Label(self._label, classes="field-label")
        yield self._input


class SecretField(Horizontal):
    """A password input with a button that shows or hides the value."""

    def __init__(self, label: str, *, field_id: str, value: str = "") -> None:
        super().__init__(classes="field")
        self._label = label
        self._input = TextInput(
            value, password=True, id=field_id, placeholder="${ENV_VAR} or key", compact=True
        )

    def compose(self) -> ComposeResult:
        yield Label(self._label, classes="field-label")
        yield self._input
        yield Button("Show", id=f"{self._input.id}-reveal", classes="reveal", compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self._input.password = not self._input.password
        event.button.label = "Show" if self._input.password else "Hide"
