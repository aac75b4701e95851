"""The effective result of the simulated turn, field by field, with where each value came from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from routedeck.routing import ALWAYS_SHOWN_FIELDS
from routedeck.tui.rows import format_value

if TYPE_CHECKING:
    from routedeck.routing import Explanation


class ResultPanel(Static):
    """model, provider, base_url, api_mode, api_key (masked), and command/args when set; a long
    value folds onto more lines rather than losing its end."""

    def show(self, explanation: Explanation) -> None:
        table = Table.grid(padding=(0, 1), expand=True)
        table.add_column("field", style="bold", no_wrap=True)
        table.add_column("value", ratio=1, overflow="fold")
        table.add_column("from", no_wrap=True, style="italic")
        for name, field in explanation.fields.items():
            if name not in ALWAYS_SHOWN_FIELDS and field.value in (None, "", []):
                continue
            shown = format_value(name, field.value) if field.value is not None else "–"
            origin = "base" if field.origin is None else str(field.origin)
            table.add_row(Text(name), Text(shown or "–"), Text(origin))
        if explanation.fallback:
            table.add_row(Text("note", style="bold"), Text(explanation.fallback), Text(""))
        self.update(table, layout=False)
