"""The context simulator: the turn to dry-run, typed field by field or picked from a preset."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Select, Static

from routedeck.routing import CONTEXT_KEYS
from routedeck.tui.widgets.fields import LabelledField


def parse_extra(text: str) -> tuple[dict[str, str], list[str]]:
    """`key=value` pairs separated by spaces or commas; returns the pairs and unreadable words."""
    pairs: dict[str, str] = {}
    unreadable: list[str] = []
    for word in text.replace(",", " ").split():
        key, equals, value = word.partition("=")
        if equals and key:
            pairs[key] = value
        else:
            unreadable.append(word)
    return pairs, unreadable


class ContextSimulator(Vertical):
    """Inputs for the context keys callers set, an `extra` input, and the callers' presets."""

    class Changed(Message):
        """The simulated context changed (posted on every keystroke)."""

        def __init__(self, context: dict[str, str]) -> None:
            super().__init__()
            self.context = context

    def __init__(
        self,
        presets: Mapping[str, Mapping[str, str]],
        platforms: Iterable[str],
        source_kinds: Iterable[str],
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._presets = list(presets.items())
        self._known_platforms = list(platforms)
        self._source_kinds = list(source_kinds)

    def compose(self) -> ComposeResult:
        yield LabelledField(
            "platform",
            field_id="platform",
            placeholder="discord, cli, cron…",
            suggester=SuggestFromList(self._known_platforms),
        )
        yield LabelledField(
            "source_kind",
            field_id="source_kind",
            placeholder="owner, stranger…",
            suggester=SuggestFromList(self._source_kinds),
        )
        yield LabelledField("user_id", field_id="user_id", placeholder="absent")
        yield LabelledField("extra", field_id="extra", placeholder="key=value key2=value2")
        yield Static(id="extra-problem")
        with Horizontal(classes="field", id="preset-row"):
            yield Label("preset", classes="field-label")
            yield Select(
                [(label, index) for index, (label, _) in enumerate(self._presets)],
                prompt="a caller's context…",
                compact=True,
                id="preset",
            )

    @property
    def context(self) -> dict[str, str]:
        """The context as the caller would pass it: empty fields are absent."""
        extra, _ = parse_extra(self.query_one("#extra", Input).value)
        context = {key: value for key, value in extra.items() if value}
        for key in CONTEXT_KEYS:
            value = self.query_one(f"#{key}", Input).value.strip()
            if value:
                context[key] = value
        return context

    def set_context(self, context: Mapping[str, str]) -> None:
        """Fill the inputs from a context (unknown keys go to `extra`), reported as one change."""
        with self.prevent(Input.Changed):
            for key in CONTEXT_KEYS:
                self.query_one(f"#{key}", Input).value = str(context.get(key, ""))
            extra = " ".join(f"{k}={v}" for k, v in context.items() if k not in CONTEXT_KEYS)
            self.query_one("#extra", Input).value = extra
        self._report_change()

    def add_platform_suggestions(self, values: Iterable[str]) -> None:
        """Suggest the platforms the file names, besides the known ones."""
        extra = sorted(set(values) - set(self._known_platforms))
        self.query_one("#platform", Input).suggester = SuggestFromList(
            self._known_platforms + extra
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._report_change()

    @on(Select.Changed, "#preset")
    def _preset_chosen(self, event: Select.Changed) -> None:
        """A preset fills the fields; the select goes back to its prompt, since the fields may
        be edited from there on."""
        event.stop()
        if isinstance(event.value, int):
            self.set_context(self._presets[event.value][1])
            event.select.clear()

    def choose_preset(self, label: str) -> None:
        """Fill the fields with the preset named `label`."""
        self.set_context(dict(self._presets)[label])

    def _report_change(self) -> None:
        _, unreadable = parse_extra(self.query_one("#extra", Input).value)
        problem = self.query_one("#extra-problem", Static)
        if unreadable:
            problem.update(Text(f"ignored (not key=value): {' '.join(unreadable)}"))
        if problem.display != bool(unreadable):
            problem.display = bool(unreadable)
        self.post_message(self.Changed(self.context))
