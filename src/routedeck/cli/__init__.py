"""The routedeck command line: `edit` (the default), `simulate`, `check`, `migrate`, `matrix`,
`diff`, `test`, `serve`.

Every command works on the data exactly as the agent reads the file (YAML 1.1) and reports
problems as one line on stderr with a non-zero exit status, never a traceback. Each command is a
module with `parser()` and `run(argv) -> exit status`.
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from routedeck.cli import check, diff, edit, matrix, migrate, serve, simulate, test
from routedeck.cli.common import CommandError, UsageError
from routedeck.cli.output import print_json, terminal_safe_output
from routedeck.exit_status import ExitStatus
from routedeck.routing.text import terminal_safe

COMMANDS: dict[str, Callable[[Sequence[str]], int]] = {
    "edit": edit.run,
    "simulate": simulate.run,
    "check": check.run,
    "migrate": migrate.run,
    "matrix": matrix.run,
    "diff": diff.run,
    "test": test.run,
    "serve": serve.run,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch to a command; `routedeck [FILE]` with no command opens the editor."""
    words = list(sys.argv[1:] if argv is None else argv)
    command = words[0] if words and words[0] in COMMANDS else "edit"
    rest = words[1:] if words and words[0] == command else words
    try:
        if words and words[0] not in COMMANDS:
            refuse_mistyped_command(words[0])
        with terminal_safe_output():
            return COMMANDS[command](rest)
    except UsageError as error:
        prefix = "routedeck" if command == "edit" else f"routedeck {command}"
        print(f"{prefix}: error: {terminal_safe(str(error))}", file=sys.stderr)
        return ExitStatus.UNUSABLE
    except CommandError as error:
        if "--json" in rest and command != "check":  # check --json reports it in its object
            print_json({"error": str(error)})
        for line in str(error).splitlines():
            print(f"routedeck: {terminal_safe(line)}", file=sys.stderr)
        return ExitStatus.UNUSABLE
    except SystemExit as stop:  # --help and --version, or the terminal hanging up
        return stop.code if isinstance(stop.code, int) else ExitStatus.OK
    except KeyboardInterrupt:
        return ExitStatus.INTERRUPTED
    except BrokenPipeError:
        return ExitStatus.OK


def refuse_mistyped_command(word: str) -> None:
    """`routedeck simulte x.yaml` is a typo, not a request to create a file named `simulte`."""
    if Path(word).exists():
        return
    close = difflib.get_close_matches(word, list(COMMANDS), n=1, cutoff=0.75)
    if close:
        raise UsageError(f"unknown command '{word}' (did you mean '{close[0]}'?)")
