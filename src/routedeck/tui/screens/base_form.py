"""The base model block form: what applies when no route matches."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Footer, Input, Static

from routedeck.routing import API_MODES, BASE_FIELDS, KNOWN_PROVIDERS
from routedeck.tui.keys import BASE_FORM
from routedeck.tui.screens import DIALOGS_CSS
from routedeck.tui.screens.dialogs import close_form
from routedeck.tui.screens.route_form import shown, typed_scalar
from routedeck.tui.widgets.fields import FormBody, LabelledField, SecretField

BaseChanges = dict[str, Any]
FIELDS = (*BASE_FIELDS, "context_length")
"""What the form edits: the base fields, and `context_length` (the model's window)."""
SUGGESTIONS = {"provider": KNOWN_PROVIDERS, "api_mode": API_MODES}


class BaseModelScreen(ModalScreen[bool]):
    """Applies the fields that changed (None clears a field) through `attempt`; a refused edit
    keeps the form open, with what was typed and why. Dismissed with True once applied."""

    CSS_PATH = DIALOGS_CSS

    BINDINGS: ClassVar[list[BindingType]] = BASE_FORM.bindings()

    def __init__(
        self,
        values: Mapping[str, Any],
        *,
        attempt: Callable[[BaseChanges], str | None] | None = None,
        inherited: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        self._loaded = {field: values.get(field) for field in FIELDS}
        self._values = {field: shown(value) for field, value in self._loaded.items()}
        self._attempt = attempt or (lambda changes: None)
        self._inherited = dict(inherited or {})

    def compose(self) -> ComposeResult:
        values = self._values
        with Vertical(classes="form base-form"):
            yield Static(Text("Base model block"), classes="dialog-title")
            with FormBody(classes="form-body", id="form-body"):
                yield Static(
                    "Used for every turn no route matches, and the starting point routes override.",
                    classes="form-note",
                )
                for field in FIELDS:
                    if field == "api_key":
                        loaded = self._loaded["api_key"]
                        yield SecretField(
                            "api_key",
                            field_id="api_key",
                            value=None if loaded is None else shown(loaded),
                        )
                        continue
                    suggestions = SUGGESTIONS.get(field)
                    yield LabelledField(
                        field,
                        field_id=field,
                        value=values[field],
                        suggester=SuggestFromList(suggestions) if suggestions else None,
                        placeholder="tokens: the model's context window"
                        if field == "context_length"
                        else "",
                    )
            yield Static("▼ more below: scroll, or tab on", id="more-below")
            yield Static(id="form-problems")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Apply (ctrl+s)", variant="primary", id="submit")
                yield Button("Cancel (esc)", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#default", Input).focus()
        self.query_one("#form-problems").display = False
        self.watch(self.query_one(FormBody), "more_below", self._show_more_below)

    def _show_more_below(self, more: bool) -> None:
        self.query_one("#more-below").display = more

    def changes(self) -> BaseChanges:
        changed: BaseChanges = {}
        for field in FIELDS:
            if field == "api_key":
                secret = self.query_one(SecretField).value
                if secret != self._loaded["api_key"]:
                    changed[field] = secret
                continue
            typed = self.query_one(f"#{field}", Input).value.strip()
            if typed == self._values[field].strip():
                continue
            if not typed:
                changed[field] = None
            elif field == "context_length":
                changed[field] = typed_scalar(self._loaded[field], typed)
            else:
                changed[field] = typed
        return changed

    def problems(self) -> list[str]:
        """A field inherited through `<<: *anchor` that was cleared: it cannot be removed."""
        changes = self.changes()
        return [
            f"{why}: clearing it here cannot remove it. Give the block its own value, or "
            "change the anchor."
            for field, why in self._inherited.items()
            if field in changes and changes[field] is None
        ]

    def _show(self, lines: list[str], blocking: bool) -> None:
        problems = self.query_one("#form-problems", Static)
        problems.update(Text("\n".join(f"✖ {line}" for line in lines)))
        problems.set_class(blocking, "-blocking")
        problems.display = bool(lines)

    @on(Input.Changed)
    @on(SecretField.Changed)
    def _changed(self) -> None:
        self._show(self.problems(), True)

    @on(Input.Submitted)
    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        problems = self.problems()
        if problems:
            self._show(problems, True)
            return
        changes = self.changes()
        if not changes:
            self.notify("No changes.")
            self.dismiss(False)
            return
        refusal = self._attempt(changes)
        if refusal is not None:
            self._show([f"Not applied: {refusal}"], True)
            return
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        close_form(self, bool(self.changes()))
