"""The effective result of the simulated turn, field by field, with where each value came from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from routedeck.routing import ALWAYS_SHOWN_FIELDS
from routedeck.tui.rows import format_value

if TYPE_CHECKING:
    from routedeck.routing import Explanation, FieldValue


def shown_value(name: str, field: FieldValue) -> Text:
    """The value as the agent gets it; what the agent fills itself is said, not guessed."""
    if field.value is None:
        return Text(field.note or "–", style="italic" if field.note else "")
    return Text(format_value(name, field.value) or "–")


class ResultPanel(Static):
    """model, provider, base_url, api_mode, api_key (masked), and command/args when set, each
    with its source on the line below (a route, or where in the file the base value is read);
    a long value folds onto more lines rather than losing its end."""

    def show(self, explanation: Explanation) -> None:
        table = Table.grid(padding=(0, 1), expand=True)
        table.add_column("field", style="bold", no_wrap=True)
        table.add_column("value", ratio=1, overflow="fold")
        for name, field in explanation.fields.items():
            if name not in ALWAYS_SHOWN_FIELDS and field.value in (None, "", []):
                continue
            table.add_row(Text(name), shown_value(name, field))
            table.add_row(Text(""), Text(f"↳ {field.provenance}", style="dim italic"))
        if explanation.fallback:
            table.add_row(Text("note", style="bold"), Text(explanation.fallback))
        self.update(table, layout=False)
