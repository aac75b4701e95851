"""`routedeck [FILE]` (the default command): open the editor."""

from __future__ import annotations

import shutil
import signal
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from routedeck import __version__
from routedeck.cli.common import (
    CommandError,
    CommandParser,
    UsageError,
    command_parser,
    parse_pairs,
)
from routedeck.exit_status import ExitStatus
from routedeck.paths import copy_demo_config, default_config_path


def parser() -> CommandParser:
    parser = command_parser(
        "edit",
        "Open the route editor. Other commands: simulate, check, migrate, matrix, diff, test, "
        "serve (see 'routedeck COMMAND --help').",
        "  routedeck --demo\n"
        "  routedeck ~/.hermes/config.yaml --context platform=discord "
        "--context source_kind=stranger",
    )
    parser.add_argument(
        "file",
        type=Path,
        nargs="?",
        help="the config to edit (default: $HERMES_HOME/config.yaml when HERMES_HOME is set, "
        "else ~/.hermes/config.yaml; a missing file is offered to be created)",
    )
    parser.add_argument("--demo", action="store_true", help="open a bundled example, in a copy")
    parser.add_argument(
        "--context",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="pre-fill the simulator (repeatable)",
    )
    parser.add_argument("--version", action="version", version=f"routedeck {__version__}")
    return parser


def run(argv: Sequence[str]) -> int:
    args = parser().parse_args(argv)
    context = parse_pairs(args.context)
    from routedeck.tui import run_editor

    with config_to_edit(args.file, demo=args.demo) as path:
        return run_editor(path, context=context)


@contextmanager
def config_to_edit(file: Path | None, *, demo: bool) -> Iterator[Path]:
    """The config the editor opens: FILE, a temporary copy of the demo, or the default path
    (SPEC §1); never a folder."""
    if demo and file is not None:
        raise UsageError("give either FILE or --demo, not both")
    if demo:
        with demo_copy() as path:
            yield path
        return
    path = file or default_config_path()
    if path.is_dir():
        raise CommandError(f"{path}: is a folder, not a config file")
    yield path


@contextmanager
def demo_copy() -> Iterator[Path]:
    """A temporary copy of the bundled demo, removed on the way out, also when the terminal
    goes away (SIGHUP would otherwise end the process before any cleanup)."""
    path = copy_demo_config()
    previous = signal.signal(signal.SIGHUP, _hang_up)
    try:
        yield path
    finally:
        signal.signal(signal.SIGHUP, previous)
        shutil.rmtree(path.parent, ignore_errors=True)


def _hang_up(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(ExitStatus.INTERRUPTED)
