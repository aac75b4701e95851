"""Form building blocks: an input with its own undo, a labelled input, and a secret input that
never shows a stored key, nor its length."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label

from routedeck.routing.secrets import is_env_reference, mask_secret
from routedeck.tui.keys import TEXT_FIELD

UNDO_LIMIT = 200


def is_typing(old: str, new: str) -> bool:
    """One character added that continues a word: typing that undo takes back as one step."""
    return len(new) == len(old) + 1 and new.startswith(old) and not new[-1].isspace()


class TextInput(Input):
    """An Input with its own undo (ctrl+z takes back its typing word by word, never a route
    edit), whose cursor blinks only when the app allows it (snapshots turn blinking off)."""

    BINDINGS: ClassVar[list[BindingType]] = TEXT_FIELD.bindings()

    def __init__(self, value: str = "", **options: Any) -> None:
        self._undo: list[str] = []
        self._redo: list[str] = []
        self._typing = False
        self._restoring = True  # the value given here is where undo stops
        super().__init__(value, **options)
        self._restoring = False

    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "cursor_blink", True)

    def watch_value(self, old: str, new: str) -> None:
        if self._restoring or old == new:
            return
        typing = is_typing(old, new)
        if not (typing and self._typing):
            self._undo.append(old)
            del self._undo[:-UNDO_LIMIT]
        self._typing = typing
        self._redo.clear()

    def action_undo_typing(self) -> None:
        self._restore(self._undo, self._redo)

    def action_redo_typing(self) -> None:
        self._restore(self._redo, self._undo)

    def _restore(self, source: list[str], target: list[str]) -> None:
        if not source:
            return
        target.append(self.value)
        self._restoring = True
        try:
            self.value = source.pop()
        finally:
            self._restoring = False
        self._typing = False
        self.cursor_position = len(self.value)


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
        classes: str = "",
    ) -> None:
        super().__init__(classes=f"field {classes}".strip())
        self._label = label
        self.input = TextInput(
            value, placeholder=placeholder, suggester=suggester, id=field_id, compact=True
        )

    def compose(self) -> ComposeResult:
        yield Label(self._label, classes="field-label")
        yield self.input


class SecretField(Horizontal):
    """An api_key input. A stored key is never put in the input until the user asks to see
    it: the input stays empty, its placeholder the masked key, and an empty input keeps the key.
    Typing replaces it; `Remove` deletes it; `Show` puts it in the input to edit it.
    `${VAR}` references are not secrets: they are shown and edited as they are.
    """

    class Changed(Message):
        """The value the field stands for changed."""

    def __init__(self, label: str, *, field_id: str, value: str | None = None) -> None:
        super().__init__(classes="field")
        self._label = label
        self.stored = value or None
        """The key as loaded (None: there is none)."""
        self.removed = False
        self.revealed = False
        secret = self.stored is not None and not is_env_reference(self.stored)
        shown = "" if secret else (self.stored or "")
        self.input = TextInput(shown, id=field_id, compact=True, password=secret)
        self._secret = secret
        self._set_placeholder()

    def compose(self) -> ComposeResult:
        yield Label(self._label, classes="field-label")
        yield self.input
        if self._secret:
            yield Button("Show", id=f"{self.input.id}-reveal", classes="reveal", compact=True)
            yield Button("Remove", id=f"{self.input.id}-remove", classes="remove", compact=True)

    @property
    def value(self) -> str | None:
        """The key the form stands for: the stored one (untouched), the one typed, or None."""
        typed = self.input.value.strip()
        if typed:
            return typed
        if self._secret and not self.revealed and not self.removed:
            return self.stored
        return None

    def _set_placeholder(self) -> None:
        if not self._secret:
            self.input.placeholder = "${ENV_VAR} or key"
        elif self.removed:
            self.input.placeholder = "(removed when applied: Remove again keeps it)"
        else:
            self.input.placeholder = f"{mask_secret(self.stored)} (kept; type to replace)"

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        """A reference shows as typed; anything else is hidden while it is typed."""
        self.input.password = not self.revealed and not event.value.startswith("$")
        self.post_message(self.Changed())

    @on(Button.Pressed, ".reveal")
    def _toggle_reveal(self, event: Button.Pressed) -> None:
        event.stop()
        self.revealed = not self.revealed
        if self.revealed:
            self.removed = False
            if not self.input.value:
                self.input.value = self.stored or ""
        elif self.input.value == self.stored:
            self.input.value = ""  # hidden again: the key leaves the input, not just the screen
        self.input.password = not self.revealed and not self.input.value.startswith("$")
        event.button.label = "Hide" if self.revealed else "Show"
        self._set_placeholder()
        self.post_message(self.Changed())

    @on(Button.Pressed, ".remove")
    def _toggle_remove(self, event: Button.Pressed) -> None:
        event.stop()
        self.removed = not self.removed
        if self.removed:
            self.input.value = ""
            self.revealed = False
            self.query_one(".reveal", Button).label = "Show"
        event.button.label = "Keep" if self.removed else "Remove"
        self._set_placeholder()
        self.post_message(self.Changed())


class FormBody(VerticalScroll):
    """A form's fields: they scroll while the buttons stay docked under them; `more_below`
    tells whether fields are out of view under the visible ones (the form says so)."""

    more_below: reactive[bool] = reactive(False)

    def on_resize(self) -> None:
        self._check_more()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._check_more()

    def _check_more(self) -> None:
        self.more_below = self.scroll_y < self.max_scroll_y
