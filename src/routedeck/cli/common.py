"""What every command shares: its errors, its argument parser, the context words and loading."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from routedeck.document import ConfigDocument, DocumentError


class CommandError(Exception):
    """The command cannot do its work (an unreadable file, a refused migration, a failed save):
    one line on stderr, exit status 2."""


class UsageError(Exception):
    """A mistake on the command line: one line on stderr, exit status 2."""


class CommandParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line on stderr, not a usage dump."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def command_parser(command: str, description: str, example: str) -> CommandParser:
    """The parser of `routedeck COMMAND`, whose help ends with an example."""
    prog = "routedeck" if command == "edit" else f"routedeck {command}"
    return CommandParser(
        prog=prog,
        description=description,
        epilog=f"example:\n{example}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def parse_pairs(pairs: Sequence[str], what: str = "context") -> dict[str, str]:
    """`KEY=VALUE` words as a mapping; every value is a string, as callers send them. A key given
    twice is a mistake (which one did the user mean?), not a silent last-one-wins."""
    parsed: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UsageError(f"expected KEY=VALUE, got {pair!r}")
        if key in parsed:
            raise UsageError(
                f"{what} key {key!r} is given twice ({key}={parsed[key]} and {key}={value})"
            )
        parsed[key] = value
    return parsed


def load_document(path: Path) -> ConfigDocument:
    """Load a config, turning every failure into one plain sentence."""
    if not path.exists():
        raise CommandError(f"{path}: no such file")
    if path.is_dir():
        raise CommandError(f"{path}: is a folder, not a config file")
    try:
        return ConfigDocument.load(path)
    except DocumentError as error:
        raise CommandError(f"{path}:{error_position(error)} {error.message}") from error
    except OSError as error:
        raise CommandError(f"{path}: {error.strerror or error}") from error


def error_position(error: DocumentError) -> str:
    """`4:1:` for an error at line 4, column 1; "" when the position is unknown."""
    if error.line is None:
        return ""
    column = error.column if error.column is not None else 1
    return f"{error.line}:{column}:"
