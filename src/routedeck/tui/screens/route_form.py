"""The route form: every field of one route, with inline validation from the engine."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Footer, Input, Label, Static

from routedeck.routing import (
    API_MODES,
    CONTEXT_KEYS,
    KNOWN_PLATFORMS,
    KNOWN_PROVIDERS,
    SOURCE_KINDS,
    diagnose,
    effective_routes,
)
from routedeck.tui.screens.dialogs import close_form
from routedeck.tui.widgets.diagnostics import severity_mark
from routedeck.tui.widgets.fields import LabelledField, SecretField, TextInput

Route = dict[str, Any]
TEXT_FIELDS = ("model", "provider", "base_url", "api_key", "api_mode", "command")


def shown(value: Any) -> str:
    """How a loaded value appears in an input."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


def parse_args(text: str) -> list[str]:
    """`a, b c` style: comma separated when there is a comma, else space separated."""
    if "," in text:
        return [part.strip() for part in text.split(",") if part.strip()]
    return text.split()


def kept_or_typed(original: Any, typed: str) -> Any:
    """Keep the loaded value (with its YAML type) when the input still shows it unchanged."""
    return original if original is not None and shown(original) == typed else typed


class MatchRow(Horizontal):
    """One `key = value` pair of the match, with a button that removes it."""

    def __init__(self, key: str = "", value: str = "") -> None:
        super().__init__(classes="match-row")
        self._key = key
        self._value = value

    def compose(self) -> ComposeResult:
        yield TextInput(
            self._key,
            placeholder="key",
            suggester=SuggestFromList(CONTEXT_KEYS),
            classes="match-key",
            compact=True,
        )
        yield Label("=", classes="match-equals")
        yield TextInput(
            self._value,
            placeholder="value",
            suggester=SuggestFromList([*KNOWN_PLATFORMS, *SOURCE_KINDS]),
            classes="match-value",
            compact=True,
        )
        yield Button("✕", classes="remove-match", compact=True, tooltip="Remove this key")

    @property
    def pair(self) -> tuple[str, str]:
        key, value = self.query(Input)
        return key.value.strip(), value.value


class RouteFormScreen(ModalScreen[Route | None]):
    """Returns the edited route as a plain dict, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "submit", "Save route", id="form.submit"),
        Binding("ctrl+n", "add_match", "Add match key", id="form.add-match"),
    ]

    def __init__(self, title: str, route: Mapping[str, Any] | None = None) -> None:
        super().__init__()
        self._title = title
        self._original: Route = dict(route) if isinstance(route, Mapping) else {}
        self._blocking: list[str] = []
        self._as_opened: Route = {}
        """What the form described when it opened: escape asks first once that changed."""

    def compose(self) -> ComposeResult:
        original = self._original
        match = original.get("match")
        pairs = list(match.items()) if isinstance(match, Mapping) else []
        with Vertical(classes="form"):
            yield Static(Text(self._title), classes="dialog-title")
            with VerticalScroll(classes="form-body"):
                yield LabelledField("name", field_id="name", value=shown(original.get("name")))
                yield Static("match: every key must equal the turn's value", classes="form-note")
                with Vertical(id="match-rows"):
                    for key, value in pairs or [("", "")]:
                        yield MatchRow(shown(key), shown(value))
                yield Button("+ match key (ctrl+n)", id="add-match", compact=True)
                yield from self._override_fields()
            yield Static(id="form-problems")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save route (enter)", variant="primary", id="submit")
                yield Button("Cancel (esc)", id="cancel")
        yield Footer()

    def _override_fields(self) -> ComposeResult:
        value = self._original.get
        yield LabelledField("model", field_id="model", value=shown(value("model")))
        yield LabelledField(
            "provider",
            field_id="provider",
            value=shown(value("provider")),
            suggester=SuggestFromList(KNOWN_PROVIDERS),
        )
        yield LabelledField("base_url", field_id="base_url", value=shown(value("base_url")))
        yield SecretField("api_key", field_id="api_key", value=shown(value("api_key")))
        yield LabelledField(
            "api_mode",
            field_id="api_mode",
            value=shown(value("api_mode")),
            suggester=SuggestFromList(API_MODES),
        )
        yield LabelledField("command", field_id="command", value=shown(value("command")))
        yield LabelledField(
            "args",
            field_id="args",
            value=shown(value("args")),
            placeholder="comma or space separated",
        )

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()
        self._as_opened = self.route()
        self.validate()

    def route(self) -> Route:
        """The route the form describes; untouched values keep their loaded type and order."""
        original = self._original
        route: Route = dict(original)
        self._set(route, "name", self.query_one("#name", Input).value)
        route["match"] = self._match()
        for field in TEXT_FIELDS:
            self._set(route, field, self.query_one(f"#{field}", Input).value)
        args_text = self.query_one("#args", Input).value.strip()
        if shown(original.get("args")) != args_text:
            route["args"] = parse_args(args_text)
            if not args_text:
                route.pop("args")
        return route

    def _set(self, route: Route, field: str, typed: str) -> None:
        """Typed text sets the field; clearing a shown value removes it. An empty value as
        written (`provider: ""  # later`) looks the same as no field, so it stays as it is."""
        if typed.strip():
            route[field] = kept_or_typed(self._original.get(field), typed.strip())
        elif shown(self._original.get(field)):
            route.pop(field, None)

    def _match(self) -> dict[Any, Any]:
        original = self._original.get("match")
        loaded = dict(original) if isinstance(original, Mapping) else {}
        loaded_by_text = {shown(key): key for key in loaded}
        match: dict[Any, Any] = {}
        for key_text, value_text in (row.pair for row in self.query(MatchRow)):
            if not key_text:
                continue
            key = loaded_by_text.get(key_text, key_text)
            match[key] = kept_or_typed(loaded.get(key), value_text.strip())
        return match

    def form_errors(self) -> list[str]:
        """Problems that stop the form from saving (the engine's findings only warn)."""
        errors = []
        keys = [key for key, _ in (row.pair for row in self.query(MatchRow))]
        for key in sorted({key for key in keys if key and keys.count(key) > 1}):
            errors.append(f"match key `{key}` appears twice")
        pairs = [row.pair for row in self.query(MatchRow)]
        if any(not key and value.strip() for key, value in pairs):
            errors.append("a match value needs a key")
        for key in [key for key, value in pairs if key and not value.strip()]:
            errors.append(f"match key `{key}` needs a value (or remove the row)")
        return errors

    def engine_findings(self, route: Route) -> list[str]:
        """What `diagnose` says about this route on its own, naming it "this route"."""
        listed = effective_routes({"routes": [route]}).routes
        label = listed[0].label if listed else "routes[0]"
        return [
            f"{severity_mark(d.severity)} {d.message.replace(label, 'this route', 1)}"
            for d in diagnose({"routes": [route]})
            if d.id != "shadowed-route"
        ]

    def validate(self) -> None:
        self._blocking = self.form_errors()
        lines = [f"✖ {error}" for error in self._blocking]
        if not self._blocking:
            lines += self.engine_findings(self.route())
        problems = self.query_one("#form-problems", Static)
        problems.update(Text("\n".join(lines)))
        problems.set_class(bool(self._blocking), "-blocking")
        problems.display = bool(lines)

    @on(Input.Changed)
    def _input_changed(self) -> None:
        self.validate()

    @on(Input.Submitted)
    def _input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    @on(Button.Pressed, "#add-match")
    def action_add_match(self) -> None:
        row = MatchRow()
        self.query_one("#match-rows").mount(row)
        self.call_after_refresh(lambda: row.query_one(Input).focus())

    @on(Button.Pressed, ".remove-match")
    def _remove_match(self, event: Button.Pressed) -> None:
        event.stop()
        for row in event.button.ancestors:
            if isinstance(row, MatchRow):
                row.remove()
                break
        self.call_after_refresh(self.validate)

    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        self.validate()
        if self._blocking:
            self.notify("Fix the problems marked ✖ first.", severity="error")
            return
        route = self.route()
        self.dismiss(None if route == self._as_opened else route)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        close_form(self, self.route() != self._as_opened)
