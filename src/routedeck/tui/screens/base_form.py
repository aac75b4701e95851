"""The base model block form: what applies when no route matches."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Footer, Input, Static

from routedeck.routing import API_MODES, BASE_FIELDS, KNOWN_PROVIDERS
from routedeck.tui.screens.dialogs import close_form
from routedeck.tui.screens.route_form import shown
from routedeck.tui.widgets.fields import LabelledField, SecretField

BaseChanges = dict[str, str | None]


class BaseModelScreen(ModalScreen[BaseChanges | None]):
    """Returns only the fields that changed (None clears a field), or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="base.cancel"),
        Binding("ctrl+s", "submit", "Save", id="base.submit"),
    ]

    def __init__(self, values: Mapping[str, Any]) -> None:
        super().__init__()
        self._values = {field: shown(values.get(field)) for field in BASE_FIELDS}

    def compose(self) -> ComposeResult:
        values = self._values
        with Vertical(classes="form base-form"):
            yield Static(Text("Base model block"), classes="dialog-title")
            yield Static(
                "Used for every turn no route matches, and the starting point routes override.",
                classes="form-note",
            )
            yield LabelledField("default", field_id="default", value=values["default"])
            yield LabelledField(
                "provider",
                field_id="provider",
                value=values["provider"],
                suggester=SuggestFromList(KNOWN_PROVIDERS),
            )
            yield LabelledField("base_url", field_id="base_url", value=values["base_url"])
            yield SecretField("api_key", field_id="api_key", value=values["api_key"])
            yield LabelledField(
                "api_mode",
                field_id="api_mode",
                value=values["api_mode"],
                suggester=SuggestFromList(API_MODES),
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (enter)", variant="primary", id="submit")
                yield Button("Cancel (esc)", id="cancel")
        yield Footer()

    def changes(self) -> BaseChanges:
        changed: BaseChanges = {}
        for field in BASE_FIELDS:
            typed = self.query_one(f"#{field}", Input).value.strip()
            if typed != self._values[field].strip():
                changed[field] = typed or None
        return changed

    @on(Input.Submitted)
    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        self.dismiss(self.changes())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        close_form(self, bool(self.changes()))
