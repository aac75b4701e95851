"""`routedeck diff OLD NEW`: what a change of the config does to routing (SPEC §7)."""

from __future__ import annotations

import os
import select
import stat
from collections.abc import Sequence
from pathlib import Path

from routedeck.cli.common import CommandError, CommandParser, command_parser, error_position
from routedeck.cli.output import print_json, show_value, write_diff
from routedeck.document import ConfigDocument, DocumentError
from routedeck.exit_status import ExitStatus
from routedeck.routing import BehaviourChange, Outcome, behaviour_diff
from routedeck.routing.secrets import mask_value
from routedeck.words import plural

MAX_INPUT_BYTES = 64 << 20
"""The largest config read, from a file or a pipe."""
PIPE_WAIT_SECONDS = 60.0
"""How long a pipe (`<(git show …)`) may stay silent before routedeck gives up on it."""


def parser() -> CommandParser:
    parser = command_parser(
        "diff",
        "What changing OLD into NEW does to routing: every class of contexts that now gets\n"
        "another route, model, provider, endpoint or key (api_key masked unless asked).\n"
        "Exit status: 0 same behaviour, 1 different, 2 unreadable.",
        "  routedeck diff <(git show HEAD:config.yaml) config.yaml\n"
        "  routedeck diff old.yaml new.yaml --json",
    )
    parser.add_argument("old", type=Path, metavar="OLD", help="the config before the change")
    parser.add_argument("new", type=Path, metavar="NEW", help="the config after the change")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--show-secrets", action="store_true", help="show api_key unmasked")
    return parser


def read_config(path: Path) -> ConfigDocument:
    """A config from a regular file or a pipe a shell names (`<(git show HEAD:config.yaml)`);
    never a folder, a device, or more than MAX_INPUT_BYTES."""
    try:
        text = read_text(path)
        return ConfigDocument.from_text(text, path)
    except DocumentError as error:
        raise CommandError(f"{path}:{error_position(error)} {error.message}") from error
    except OSError as error:
        raise CommandError(f"{path}: {error.strerror or error}") from error


def read_text(path: Path) -> str:
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        mode = os.fstat(fd).st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):
            kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file or a pipe"
            raise CommandError(f"{path}: {kind}, not a config file")
        raw = read_all(fd, path=path)
    finally:
        os.close(fd)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CommandError(f"{path}: not UTF-8 text (byte {error.start})") from error


def read_all(fd: int, *, path: Path) -> bytes:
    """Everything until end of file. A pipe whose writer is still working is waited for (at
    most PIPE_WAIT_SECONDS of silence); a FIFO nobody writes to reads as empty at once."""
    chunks: list[bytes] = []
    size = 0
    while True:
        try:
            chunk = os.read(fd, 1 << 16)
        except BlockingIOError:
            if not select.select([fd], [], [], PIPE_WAIT_SECONDS)[0]:
                waited = f"{PIPE_WAIT_SECONDS:.0f} s"
                raise CommandError(f"{path}: nothing arrived from the pipe in {waited}") from None
            continue
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > MAX_INPUT_BYTES:
            raise CommandError(f"{path}: larger than {MAX_INPUT_BYTES >> 20} MB")
        chunks.append(chunk)


def run(argv: Sequence[str]) -> int:
    args = parser().parse_args(argv)
    old, new = read_config(args.old), read_config(args.new)
    result = behaviour_diff(old.agent_view().model_config, new.agent_view().model_config)
    if args.json:
        print_json(result.to_json(show_secrets=args.show_secrets))
    else:
        for change in result.changes:
            write_diff("".join(line + "\n" for line in change_lines(change, args.show_secrets)))
        print(result.summary(limit=0, show_secrets=args.show_secrets))
    return ExitStatus.OK if result.same else ExitStatus.FAILED


def change_lines(change: BehaviourChange, show_secrets: bool) -> list[str]:
    """A changed set of context classes, its before and after: the winning route and the
    result fields that differ (`-`/`+`, so colour is never the only cue)."""
    count = plural(change.count, "context class", "context classes")
    return [
        f"@@ {change.where()} ({count})",
        f"-{outcome_text(change.before, change.fields, show_secrets)}",
        f"+{outcome_text(change.after, change.fields, show_secrets)}",
    ]


def outcome_text(outcome: Outcome, fields: Sequence[str], show_secrets: bool) -> str:
    shown = []
    for name in fields:
        value = outcome.value(name)
        if value is not None and not show_secrets:
            value = mask_value(value, name)
        shown.append(f"{name} {'unset' if value is None else show_value(value)}")
    return f" {outcome.label}: " + ", ".join(shown or ["the same fields"])
