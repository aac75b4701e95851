"""Printing results: aligned tables (rich on a terminal, plain text when piped) and JSON."""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TextIO

from routedeck.routing import EffectiveRoute
from routedeck.routing.text import terminal_safe, terminal_safe_lines

if TYPE_CHECKING:
    from rich.console import Console


class TerminalSafeStream(io.TextIOBase):
    """A text stream that shows every control character it is given escaped (`\\x1b`), never
    raw, but line feeds: whatever a config holds (a name with `ESC]52;…`, a value with `ESC[2J`)
    cannot drive the terminal it is printed on. `raw` is the stream underneath, for the one
    writer that emits escape sequences on purpose: the colouring console, which is handed only
    text this module has made safe."""

    def __init__(self, raw: TextIO) -> None:
        super().__init__()
        self.raw = raw

    def write(self, text: str) -> int:
        self.raw.write(terminal_safe_lines(text))
        return len(text)

    def flush(self) -> None:
        self.raw.flush()

    def isatty(self) -> bool:
        return self.raw.isatty()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return str(getattr(self.raw, "encoding", "utf-8"))


@contextmanager
def terminal_safe_output() -> Iterator[None]:
    """Route stdout and stderr through TerminalSafeStream while a command runs."""
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = TerminalSafeStream(stdout), TerminalSafeStream(stderr)
    try:
        yield
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        sys.stdout, sys.stderr = stdout, stderr


def raw_stdout() -> TextIO:
    """The stream under stdout's TerminalSafeStream (for the colouring console only)."""
    stream = sys.stdout
    return stream.raw if isinstance(stream, TerminalSafeStream) else stream


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]], title: str = "") -> None:
    """A rich table on a terminal; plain, aligned, uncoloured columns when piped."""
    if stdout_is_terminal():
        from rich.console import Console
        from rich.table import Table

        table = Table(
            *map(terminal_safe, headers),
            title=terminal_safe(title) or None,
            title_justify="left",
            highlight=False,
        )
        for row in rows:
            table.add_row(*map(terminal_safe, row))
        Console(file=raw_stdout(), markup=False, highlight=False).print(table)
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

    return Console(
        file=raw_stdout(), markup=False, highlight=False, soft_wrap=True, force_terminal=True
    )


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
            (f"{terminal_safe(location)}:", "bold"),
            " ",
            (severity, SEVERITY_STYLES.get(severity, "")),
            " ",
            (diagnostic_id, "dim"),
            " ",
            terminal_safe(message),
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
        console.print(Text(terminal_safe(line), style=style))


def print_json(data: object) -> None:
    """JSON with every non-ASCII character escaped: the data stay exact for a program, and no
    control character (C1 and bidi ones included, which json leaves raw otherwise) reaches a
    terminal."""
    print(json.dumps(data, indent=2, ensure_ascii=True, default=str))


def show_value(value: Any) -> str:
    """A result value as one cell: `—` for unset, JSON for anything but a string."""
    if value is None:
        return "—"
    return value if isinstance(value, str) else json.dumps(value, default=str)


def winner_json(route: EffectiveRoute | None) -> dict[str, Any] | None:
    """SPEC §5's `winner`: null, or the position, origin and name of the winning route."""
    if route is None:
        return None
    return {"index": route.position, "origin": str(route.origin), "name": route.name}
