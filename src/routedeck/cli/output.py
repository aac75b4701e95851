"""Printing results: aligned tables (rich on a terminal, plain text when piped) and JSON."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from routedeck.routing import EffectiveRoute

if TYPE_CHECKING:
    from rich.console import Console


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


def colour_console() -> Console | None:
    """A console that colours, on a terminal unless NO_COLOR is set (rich also honours it and
    TERM=dumb); None when the output is piped: plain text then, as ruff and git do."""
    if not stdout_is_terminal() or os.environ.get("NO_COLOR"):
        return None
    from rich.console import Console

    return Console(markup=False, highlight=False, soft_wrap=True, force_terminal=True)


SEVERITY_STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}
DIFF_STYLES = (("+++", "bold"), ("---", "bold"), ("@@", "cyan"), ("+", "green"), ("-", "red"))


def print_finding(location: str, severity: str, diagnostic_id: str, message: str) -> None:
    """`FILE:LINE:COL: SEVERITY ID message`, coloured on a terminal."""
    console = colour_console()
    if console is None:
        print(f"{location}: {severity} {diagnostic_id} {message}")
        return
    from rich.text import Text

    console.print(
        Text.assemble(
            (f"{location}:", "bold"),
            " ",
            (severity, SEVERITY_STYLES.get(severity, "")),
            " ",
            (diagnostic_id, "dim"),
            " ",
            message,
        )
    )


def write_diff(diff: str) -> None:
    """A unified diff, each line coloured by its kind on a terminal (the +/- stay)."""
    console = colour_console()
    if console is None:
        sys.stdout.write(diff)
        return
    from rich.text import Text

    for line in diff.splitlines():
        style = next((style for prefix, style in DIFF_STYLES if line.startswith(prefix)), "")
        console.print(Text(line, style=style))


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
