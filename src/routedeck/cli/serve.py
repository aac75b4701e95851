"""`routedeck serve [FILE]`: the same editor in a web browser, through textual-serve."""

from __future__ import annotations

import logging
import shlex
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from rich.logging import RichHandler
from textual_serve.server import Server

from routedeck.cli.common import (
    CommandParser,
    command_parser,
    parse_pairs,
)
from routedeck.cli.edit import config_to_edit
from routedeck.exit_status import ExitStatus

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def parser() -> CommandParser:
    parser = command_parser(
        "serve",
        "Serve the editor to a web browser (each page opens its own editor on FILE).\n"
        "The page can read and write the config and shows what it holds: keep it on\n"
        "localhost unless every machine that can reach the port may do that.",
        "  routedeck serve ~/.hermes/config.yaml --port 8000   # then open http://127.0.0.1:8000",
    )
    parser.add_argument(
        "file",
        type=Path,
        nargs="?",
        help="the config to edit (default: $HERMES_HOME/config.yaml, else ~/.hermes/config.yaml)",
    )
    parser.add_argument("--demo", action="store_true", help="serve a bundled example, in a copy")
    parser.add_argument(
        "--context",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="pre-fill the simulator of every page (repeatable)",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (8000)")
    return parser


class EditorServer(Server):
    """textual-serve's server, logging without local variables in tracebacks (they could hold
    what the editor shows)."""

    def initialize_logging(self) -> None:
        handler = RichHandler(show_path=False, show_time=False, console=self.console)
        logging.basicConfig(level="INFO", format="%(message)s", handlers=[handler])


def editor_command(path: Path, context: Mapping[str, str]) -> str:
    """The shell command textual-serve runs for each page: this routedeck, on `path`."""
    pairs = [f"--context={key}={value}" for key, value in context.items()]
    return shlex.join([sys.executable, "-m", "routedeck", str(path.resolve()), *pairs])


def run(argv: Sequence[str]) -> int:
    args = parser().parse_args(argv)
    context = parse_pairs(args.context)
    with config_to_edit(args.file, demo=args.demo) as path:
        return serve(path, context, args.host, args.port)


def serve(path: Path, context: Mapping[str, str], host: str, port: int) -> int:
    """Serve until ctrl+c."""
    if host not in LOCAL_HOSTS:
        print(
            f"routedeck serve: warning: listening on {host}: anyone who can reach port "
            f"{port} can read and write {path}, secrets included",
            file=sys.stderr,
        )
    server = EditorServer(editor_command(path, context), host=host, port=port, title="routedeck")
    server.serve()
    return ExitStatus.OK
