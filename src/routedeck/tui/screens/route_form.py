"""The route form: every field of one route, the keys it has no field for, and what the
diagnostics would say about the route once it is in place (shadowing included), live.

The form applies itself through `attempt`: a refused edit keeps the form open with what was
typed and says why (a value inherited through `<<: *anchor`, for one, cannot be cleared here).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Footer, Input, Label, Static
from textual.worker import get_current_worker

from routedeck.routing import (
    API_MODES,
    CONTEXT_KEYS,
    KNOWN_PLATFORMS,
    KNOWN_PROVIDERS,
    SOURCE_KINDS,
    diagnose,
)
from routedeck.tui.keys import ROUTE_FORM
from routedeck.tui.rows import one_line
from routedeck.tui.screens import DIALOGS_CSS
from routedeck.tui.screens.dialogs import close_form
from routedeck.tui.widgets.diagnostics import severity_mark
from routedeck.tui.widgets.fields import FormBody, LabelledField, SecretField, TextInput

if TYPE_CHECKING:
    from routedeck.routing import Diagnostic

Route = dict[str, Any]
Findings = Callable[[Route], list["Diagnostic"]]
Attempt = Callable[[Route], "str | None"]
TEXT_FIELDS = ("model", "provider", "base_url", "api_mode", "command")
FORM_KEYS = {"name", "match", "api_key", "args", *TEXT_FIELDS}
"""The keys the form has a field for; any other key gets a row of its own."""


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


def typed_scalar(original: Any, typed: str) -> Any:
    """A value typed for a key the form knows nothing of: the loaded value when unchanged; a
    number or true/false read as one (a route's `context_length: 8192` is a number); else text."""
    if original is not None and shown(original) == typed:
        return original
    if typed.lower() in ("true", "false"):
        return typed.lower() == "true"
    for kind in (int, float):
        try:
            return kind(typed)
        except ValueError:
            continue
    return typed


def this_route(message: str, label: str) -> str:
    """A diagnostic about the route being edited, naming it "this route"."""
    return message.replace(label, "this route", 1) if label in message else message


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
        yield Button("✕", classes="remove-row", compact=True, tooltip="Remove this key")

    @property
    def pair(self) -> tuple[str, str]:
        inputs = list(self.query(Input))
        if len(inputs) != 2:  # being removed
            return "", ""
        key, value = inputs
        return key.value.strip(), value.value


class OtherRow(Vertical):
    """A key the form has no field for (a typo, a model-block key such as `context_length`),
    editable as `key: value`, with what the diagnostics say about it underneath. A list or a
    mapping is shown, not edited: the form would lose its structure."""

    def __init__(self, key: str = "", value: Any = None, *, focus: bool = False) -> None:
        super().__init__(classes="other-row")
        self.original_key = key or None
        self.original = value
        self.editable = not isinstance(value, dict | list)
        self._focus = focus

    def on_mount(self) -> None:
        if self._focus:
            self.query_one(".other-key", Input).focus()

    def compose(self) -> ComposeResult:
        with Horizontal(classes="other-pair"):
            yield TextInput(
                self.original_key or "", placeholder="key", classes="other-key", compact=True
            )
            yield Label(":", classes="match-equals")
            value = TextInput(
                shown(self.original) if self.editable else one_line(self.original),
                placeholder="value",
                classes="other-value",
                compact=True,
            )
            value.disabled = not self.editable
            yield value
            yield Button("✕", classes="remove-row", compact=True, tooltip="Remove this key")
        yield Static(classes="other-note")

    @property
    def key(self) -> str:
        keys = list(self.query(".other-key").results(Input))
        return keys[0].value.strip() if keys else ""

    @property
    def value(self) -> Any:
        values = list(self.query(".other-value").results(Input))
        if not self.editable or not values:
            return self.original
        return typed_scalar(self.original, values[0].value.strip())

    def show_note(self, notes: list[str]) -> None:
        note = self.query_one(".other-note", Static)
        note.update(Text("\n".join(notes)))
        note.display = bool(notes)


class RouteFormScreen(ModalScreen[bool]):
    """Dismissed with True once its route is applied, False when closed without a change."""

    CSS_PATH = DIALOGS_CSS

    BINDINGS: ClassVar[list[BindingType]] = ROUTE_FORM.bindings()

    def __init__(
        self,
        title: str,
        route: Mapping[str, Any] | None = None,
        *,
        index: int = 0,
        findings: Findings | None = None,
        attempt: Attempt | None = None,
        inherited: Mapping[str, str] | None = None,
        debounce: float = 0.0,
    ) -> None:
        """`debounce`: seconds of quiet typing before the findings are looked for (a big file
        takes a while to check: keystrokes in between start no check)."""
        super().__init__()
        self._debounce = debounce
        self._title = title
        self._original: Route = dict(route) if isinstance(route, Mapping) else {}
        self._is_new = route is None
        self._index = index
        self._findings = findings or (lambda candidate: diagnose({"routes": [candidate]}))
        self._attempt = attempt or (lambda candidate: None)
        self._inherited = dict(inherited or {})
        self._blocking: list[str] = []
        self._refusal: str | None = None
        self._as_opened: Route = {}
        """What the form described when it opened: escape asks first once that changed."""

    def compose(self) -> ComposeResult:
        original = self._original
        match = original.get("match")
        pairs = list(match.items()) if isinstance(match, Mapping) else []
        with Vertical(classes="form"):
            yield Static(Text(self._title), classes="dialog-title")
            with FormBody(classes="form-body", id="form-body"):
                yield LabelledField("name", field_id="name", value=shown(original.get("name")))
                yield Static("match: every key must equal the turn's value", classes="form-note")
                with Vertical(id="match-rows"):
                    for key, value in pairs or [("", "")]:
                        yield MatchRow(shown(key), shown(value))
                yield Button("+ match key (ctrl+n)", id="add-match", compact=True)
                yield from self._override_fields()
                yield Static(
                    "other keys: the router ignores them (a typo, or a model-block key)",
                    classes="form-note",
                )
                with Vertical(id="other-rows"):
                    for key, value in original.items():
                        if key not in FORM_KEYS:
                            yield OtherRow(str(key), value)
                yield Button("+ other key (ctrl+o)", id="add-other", compact=True)
            yield Static("▼ more below: scroll, or tab on", id="more-below")
            yield Static(id="form-problems")
            with Horizontal(classes="dialog-buttons"):
                label = "Add route" if self._is_new else "Apply"
                yield Button(f"{label} (ctrl+s)", variant="primary", id="submit")
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
        api_key = value("api_key")
        yield SecretField(
            "api_key", field_id="api_key", value=None if api_key is None else shown(api_key)
        )
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
        self.watch(self.query_one(FormBody), "more_below", self._show_more_below)
        self.validate()

    def _show_more_below(self, more: bool) -> None:
        self.query_one("#more-below").display = more

    # ----- the route the form describes ------------------------------------------------------

    def route(self) -> Route:
        """The route the form describes; untouched values keep their loaded type and order."""
        original = self._original
        route: Route = dict(original)
        self._set(route, "name", self.query_one("#name", Input).value)
        route["match"] = self._match()
        for field in TEXT_FIELDS:
            self._set(route, field, self.query_one(f"#{field}", Input).value)
        secret = self.query_one(SecretField).value
        if secret is None:
            route.pop("api_key", None)
        else:
            route["api_key"] = kept_or_typed(original.get("api_key"), secret)
        args_text = self.query_one("#args", Input).value.strip()
        if shown(original.get("args")) != args_text:
            route["args"] = parse_args(args_text)
            if not args_text:
                route.pop("args")
        for row in self.other_rows:
            if row.original_key is not None:
                route.pop(row.original_key, None)
        for row in self.other_rows:
            if row.key and row.is_attached:
                route[row.key] = row.value
        return route

    @property
    def other_rows(self) -> list[OtherRow]:
        return list(self.query(OtherRow))

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

    # ----- validation ------------------------------------------------------------------------

    def form_errors(self) -> list[str]:
        """Problems that stop the form from applying (the engine's findings only warn)."""
        errors = []
        pairs = [row.pair for row in self.query(MatchRow)]
        keys = [key for key, _ in pairs]
        for key in sorted({key for key in keys if key and keys.count(key) > 1}):
            errors.append(f"match key `{key}` appears twice")
        if any(not key and value.strip() for key, value in pairs):
            errors.append("a match value needs a key")
        for key in [key for key, value in pairs if key and not value.strip()]:
            errors.append(f"match key `{key}` needs a value (or remove the row)")
        errors += self._other_key_errors()
        route = self.route()
        for field, why in self._inherited.items():
            if field not in route:
                errors.append(
                    f"{why}: clearing it here cannot remove it. Give this route its own "
                    "value, or change the anchor."
                )
        return errors

    def _other_key_errors(self) -> list[str]:
        errors = []
        keys = [row.key for row in self.other_rows if row.key]
        for key in sorted({key for key in keys if keys.count(key) > 1}):
            errors.append(f"the key `{key}` appears twice")
        for key in sorted(set(keys) & FORM_KEYS):
            if key == "name" or key == "match" or self._field_text(key):
                errors.append(f"`{key}` has a field above: set it there and remove its row")
        return errors

    def _field_text(self, field: str) -> str:
        if field == "api_key":
            return self.query_one(SecretField).value or ""
        return self.query_one(f"#{field}", Input).value.strip()

    def validate(self) -> None:
        self._refusal = None
        self._blocking = self.form_errors()
        self._show_problems([])
        if not self._blocking:
            self.find_problems(self.route())

    def _show_problems(self, findings: list[Diagnostic]) -> None:
        lines = [f"✖ {error}" for error in self._blocking]
        if self._refusal:
            lines.append(f"✖ Not applied: {self._refusal}")
        by_key: dict[str, list[str]] = {}
        label = self.label()
        for diagnostic in findings:
            text = f"{severity_mark(diagnostic.severity)} {this_route(diagnostic.message, label)}"
            other = diagnostic.key is not None and any(
                row.key == diagnostic.key for row in self.other_rows
            )
            if other and diagnostic.key is not None:
                by_key.setdefault(diagnostic.key, []).append(text)
            else:
                lines.append(text)
        for row in self.other_rows:
            row.show_note(by_key.get(row.key, []))
        problems = self.query_one("#form-problems", Static)
        problems.update(Text("\n".join(lines)))
        problems.set_class(bool(self._blocking or self._refusal), "-blocking")
        problems.display = bool(lines)

    @work(thread=True, exclusive=True, group="findings")
    def find_problems(self, route: Route) -> None:
        """What the diagnostics would say once the route is in place (the whole file is
        checked, for shadowing: off the UI thread, so typing never waits)."""
        worker = get_current_worker()
        if self._debounce:
            time.sleep(self._debounce)
        if worker.is_cancelled:
            return
        found = self._findings(route)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._found, route, found)

    def _found(self, route: Route, found: list[Diagnostic]) -> None:
        if self.is_attached and not self._blocking and route == self.route():
            self._show_problems(found)

    def label(self) -> str:
        """How the diagnostics name this route: `routes[4] (name)` or `routes[4]`."""
        name = self.route().get("name")
        named = name is not None and name != ""
        return f"routes[{self._index}] ({name})" if named else f"routes[{self._index}]"

    @on(Input.Changed)
    @on(SecretField.Changed)
    def _input_changed(self) -> None:
        self.validate()

    @on(Input.Submitted)
    def _input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    # ----- rows ------------------------------------------------------------------------------

    @on(Button.Pressed, "#add-match")
    def action_add_match(self) -> None:
        row = MatchRow()
        self.query_one("#match-rows").mount(row)
        self.call_after_refresh(lambda: row.query_one(Input).focus())

    @on(Button.Pressed, "#add-other")
    def action_add_other(self) -> None:
        self.query_one("#other-rows").mount(OtherRow(focus=True))

    @on(Button.Pressed, ".remove-row")
    def _remove_row(self, event: Button.Pressed) -> None:
        event.stop()
        for row in event.button.ancestors:
            if isinstance(row, MatchRow | OtherRow):
                row.remove()
                break
        self.call_after_refresh(self.validate)

    # ----- applying --------------------------------------------------------------------------

    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        self._blocking = self.form_errors()
        if self._blocking:
            self._show_problems([])
            self.notify("Fix the problems marked ✖ first.", severity="error")
            return
        route = self.route()
        if route == self._as_opened:
            nothing = "Nothing was added: the form is empty." if self._is_new else "No changes."
            self.notify(nothing)
            self.dismiss(False)
            return
        refusal = self._attempt(route)
        if refusal is not None:
            self._refusal = refusal
            self._show_problems([])
            self.notify("Not applied: see the form.", severity="error")
            return
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        close_form(self, self.route() != self._as_opened)
