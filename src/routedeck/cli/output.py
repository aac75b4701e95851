"""Printing results: aligned tables (rich on a terminal, plain text when piped) and JSON."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

from routedeck.routing import EffectiveRoute


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]], title: str = "") -> None:
    """A rich table on a terminal; plain, aligned, uncoloured columns when piped."""
    if stdout_is_terminal():
        from rich.console import Console
        from rich.table import Table

        table = Table(*headers, title=title or None, title_justify="left", highlight=False)
        for row in rows:
            table.add_row(*row)
        Console(markup=False, highlight=False).print(table)
        return
    if title:
        print(title)
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    for row in [list(headers), *rows]:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )


def print_json(data: object) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def show_value(value: Any) -> str:
    """A result value as one cell: `—` for unset, JSON for anything but a string."""
    if value is None:
        return "—"
    return value if isinstance(value, str) else json.dumps(value, default=str)


def plural(count: int, noun: str, plural_noun: str | None = None) -> str:
    """`1 line`, `2 lines`, `1 entry`, `3 entries`."""
    return f"{count} {noun if count == 1 else plural_noun or noun + 's'}"


def winner_json(route: EffectiveRoute | None) -> dict[str, Any] | None:
    """SPEC §5's `winner`: null, or the position, origin and name of the winning route."""
    if route is None:
        return None
    return {"index": route.position, "origin": str(route.origin), "name": route.name}
