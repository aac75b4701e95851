"""The routedeck command line: `edit` (the default), `simulate`, `check`, `migrate`, `matrix`.

Every command works on the data exactly as the agent reads the file (YAML 1.1) and reports
problems as one line on stderr with a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from routedeck import __version__
from routedeck.paths import copy_demo_config, default_config_path
from routedeck.routing import ALWAYS_SHOWN_FIELDS

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_UNREADABLE = 2

COMMANDS = ("edit", "simulate", "check", "migrate", "matrix")


class UsageError(Exception):
    """A mistake on the command line: shown as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line on stderr, not a usage dump."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _parser(command: str, description: str, example: str) -> _Parser:
    prog = "routedeck" if command == "edit" else f"routedeck {command}"
    return _Parser(
        prog=prog,
        description=description,
        epilog=f"example:\n{example}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def parse_pairs(pairs: Sequence[str]) -> dict[str, str]:
    """Turn `KEY=VALUE` words into a context; every value is a string, as callers send them."""
    context: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"expected KEY=VALUE, got {pair!r}")
        context[key.strip()] = value
    return context


def read_env_file(path: Path) -> dict[str, str]:
    """Read a dotenv file: `KEY=VALUE` lines, `#` comments, optional `export` and quotes."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise UsageError(f"cannot read env file {path}: {error.strerror or error}") from error
    env: dict[str, str] = {}
    for line in lines:
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        stripped = stripped.removeprefix("export ").strip()
        key, sep, value = stripped.partition("=")
        if not sep:
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        env[key.strip()] = value
    return env


# --- loading -----------------------------------------------------------------------------------


class Unreadable(Exception):
    """The file cannot be loaded: exit status 2."""


def load_document(path: Path) -> Any:
    """Load a config, turning every failure into one plain sentence."""
    from routedeck.document import ConfigDocument, DocumentError

    if not path.exists():
        raise Unreadable(f"{path}: no such file")
    if path.is_dir():
        raise Unreadable(f"{path}: is a folder, not a config file")
    try:
        return ConfigDocument.load(path)
    except DocumentError as error:
        raise Unreadable(f"{path}:{_error_position(error)} {error.message}") from error
    except OSError as error:
        raise Unreadable(f"{path}: {error.strerror or error}") from error


def _error_position(error: Any) -> str:
    if error.line is None:
        return ""
    column = error.column if error.column is not None else 1
    return f"{error.line}:{column}:"


# --- output helpers ----------------------------------------------------------------------------


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]], title: str = "") -> None:
    """A rich table on a terminal; plain, aligned, uncoloured columns when piped."""
    if _stdout_is_terminal():
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


def print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def _show(value: Any) -> str:
    if value is None:
        return "—"
    return value if isinstance(value, str) else json.dumps(value, default=str)


# --- simulate ----------------------------------------------------------------------------------


def _simulate_parser() -> _Parser:
    parser = _parser(
        "simulate",
        "Which route wins for a context, and the model and runtime the agent would use.",
        "  routedeck simulate ~/.hermes/config.yaml platform=discord source_kind=stranger "
        "user_id=42 --explain",
    )
    parser.add_argument("file", type=Path, help="the config.yaml to read")
    parser.add_argument("pairs", nargs="+", metavar="KEY=VALUE", help="the turn's context")
    parser.add_argument("--explain", action="store_true", help="show every route's verdict")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--show-secrets", action="store_true", help="print api_key unmasked")
    parser.add_argument(
        "--env",
        action="store_true",
        help="expand ${VAR} references from the environment, as the agent does",
    )
    parser.add_argument(
        "--env-file", type=Path, help="expand ${VAR} references from this dotenv file"
    )
    return parser


def _expansion_env(args: argparse.Namespace) -> dict[str, str] | None:
    import os

    if args.env_file is None and not args.env:
        return None
    env = dict(os.environ) if args.env else {}
    if args.env_file is not None:
        env.update(read_env_file(args.env_file))
    return env


def run_simulate(argv: Sequence[str]) -> int:
    from routedeck.routing import explain
    from routedeck.routing.secrets import mask_secret

    args = _simulate_parser().parse_args(argv)
    context = parse_pairs(args.pairs)
    env = _expansion_env(args)
    document = load_document(args.file)
    model_config = document.model_config if env is None else document.runtime_view(env)
    explanation = explain(model_config, context)
    if env is None:
        _note_unexpanded_references(explanation)

    def secret(field: str, value: Any) -> Any:
        if field == "api_key" and value is not None and not args.show_secrets:
            return mask_secret(value)
        return value

    if args.json:
        print_json(_simulate_json(explanation, context, secret, args.explain))
        return EXIT_OK
    _print_simulation(explanation, context, secret, args.explain)
    return EXIT_OK


def _note_unexpanded_references(explanation: Any) -> None:
    """A route that lost on a `${VAR}` match value might win once the agent expands it."""
    origins = [
        str(verdict.route.origin)
        for verdict in explanation.verdicts
        if any("${" in str(mismatch.expected) for mismatch in verdict.mismatches)
    ]
    if origins:
        print(
            f"note: {', '.join(origins)} match on a ${{VAR}} reference, compared unexpanded; "
            "add --env or --env-file to expand it as the agent does",
            file=sys.stderr,
        )


def _winner_json(route: Any) -> dict[str, Any] | None:
    if route is None:
        return None
    return {"index": route.position, "origin": str(route.origin), "name": route.name}


def _simulate_json(
    explanation: Any, context: dict[str, str], secret: Callable[[str, Any], Any], verdicts: bool
) -> dict[str, Any]:
    runtime = {key: secret(key, value) for key, value in explanation.runtime.items()}
    data: dict[str, Any] = {
        "context": context,
        "winner": _winner_json(explanation.winner),
        "model": explanation.model,
        "runtime": runtime,
        "fields": {
            name: {"value": secret(name, field.value), "from": _provenance(field.origin)}
            for name, field in explanation.fields.items()
        },
    }
    if verdicts:
        data["verdicts"] = [
            {
                "index": verdict.route.position,
                "origin": str(verdict.route.origin),
                "name": verdict.route.name,
                "status": verdict.status,
                "reason": verdict.describe(),
            }
            for verdict in explanation.verdicts
        ]
    return data


def _provenance(origin: Any) -> str:
    return "base" if origin is None else str(origin)


def _print_simulation(
    explanation: Any, context: dict[str, str], secret: Callable[[str, Any], Any], verdicts: bool
) -> None:
    print("context: " + " ".join(f"{key}={value}" for key, value in context.items()))
    if explanation.winner is None:
        print("winner:  none; no route matches, the base model block applies")
    else:
        print(f"winner:  {explanation.winner.label}")
    print()
    rows = [
        [name, _show(secret(name, field.value)), _provenance(field.origin)]
        for name, field in explanation.fields.items()
        if field.value is not None or name in ALWAYS_SHOWN_FIELDS
    ]
    print_table(["field", "value", "from"], rows, title="result")
    if verdicts:
        print()
        print_table(
            ["#", "route", "name", "verdict"],
            [
                [
                    str(verdict.route.position),
                    str(verdict.route.origin),
                    verdict.route.name or "",
                    verdict.describe(),
                ]
                for verdict in explanation.verdicts
            ],
            title="routes",
        )


# --- check -------------------------------------------------------------------------------------


def _check_parser() -> _Parser:
    parser = _parser(
        "check",
        "Report shadowed routes, typos, unknown values and plaintext secrets.\n"
        "Exit status: 0 clean or warnings only, 1 errors (or warnings with --strict), "
        "2 unreadable.",
        "  routedeck check ~/.hermes/config.yaml --strict",
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="config files")
    parser.add_argument("--strict", action="store_true", help="warnings fail the check too")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def _diagnostic_position(document: Any, diagnostic: Any) -> tuple[int, int]:
    for origin in diagnostic.origins:
        location = document.location(origin)
        if location is not None:
            return location
    return document.model_location(diagnostic.key) or (1, 1)


def _check_one(path: Path) -> tuple[list[dict[str, Any]], str | None]:
    """The diagnostics of one file as dicts, or the sentence that says why it is unreadable."""
    from routedeck.routing import diagnose

    try:
        document = load_document(path)
    except Unreadable as error:
        return [], str(error)
    found = []
    for diagnostic in diagnose(document.model_config, document.value_sources()):
        line, column = _diagnostic_position(document, diagnostic)
        found.append(
            {
                "file": str(path),
                "line": line,
                "column": column,
                "severity": diagnostic.severity,
                "id": diagnostic.id,
                "message": diagnostic.message,
                "routes": [str(origin) for origin in diagnostic.origins],
            }
        )
    return found, None


def _summary(found: list[dict[str, Any]], files: int) -> dict[str, int]:
    counts = {"files": files, "error": 0, "warning": 0, "info": 0}
    for item in found:
        counts[item["severity"]] += 1
    return counts


def _summary_line(counts: dict[str, int], unreadable: int) -> str:
    if not (counts["error"] or counts["warning"] or counts["info"] or unreadable):
        noun = "file" if counts["files"] == 1 else "files"
        return f"All clear: no problems in {counts['files']} {noun}."
    parts = [
        f"{counts[severity]} {severity}{'' if counts[severity] == 1 else 's'}"
        for severity in ("error", "warning", "info")
        if counts[severity]
    ]
    if unreadable:
        parts.append(f"{unreadable} unreadable file{'' if unreadable == 1 else 's'}")
    return "Found " + ", ".join(parts) + "."


def run_check(argv: Sequence[str]) -> int:
    args = _check_parser().parse_args(argv)
    found: list[dict[str, Any]] = []
    unreadable: list[str] = []
    for path in args.files:
        diagnostics, error = _check_one(path)
        found.extend(diagnostics)
        if error is not None:
            unreadable.append(error)
    counts = _summary(found, len(args.files))
    if args.json:
        print_json({"diagnostics": found, "unreadable": unreadable, "summary": counts})
    else:
        for item in found:
            print(
                f"{item['file']}:{item['line']}:{item['column']}: "
                f"{item['severity']} {item['id']} {item['message']}"
            )
        if len(unreadable) < len(args.files):
            print(_summary_line(counts, len(unreadable)))
    for error in unreadable:
        print(f"routedeck: {error}", file=sys.stderr)
    if unreadable:
        return EXIT_UNREADABLE
    failing = counts["error"] + (counts["warning"] if args.strict else 0)
    return EXIT_PROBLEMS if failing else EXIT_OK


# --- migrate -----------------------------------------------------------------------------------


def _migrate_parser() -> _Parser:
    parser = _parser(
        "migrate",
        "Turn the legacy model.platforms / model.by_source shorthand into explicit routes.\n"
        "Prints the change as a unified diff; --write applies it (atomic, with a backup) once\n"
        "every context is proved to resolve exactly as before.",
        "  routedeck migrate ~/.hermes/config.yaml            # review the diff\n"
        "  routedeck migrate ~/.hermes/config.yaml --write    # apply it",
    )
    parser.add_argument("file", type=Path, help="the config.yaml to migrate")
    parser.add_argument("--write", action="store_true", help="save the migrated file")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--show-secrets", action="store_true", help="print api_key values unmasked in --json"
    )
    return parser


def run_migrate(argv: Sequence[str]) -> int:
    from routedeck.document import DocumentError
    from routedeck.routing import MigrationError, plan_migration

    args = _migrate_parser().parse_args(argv)
    document = load_document(args.file)
    try:
        plan = plan_migration(document.model_config)
    except MigrationError as error:
        raise Unreadable(f"{args.file}: migration refused: {error}") from error
    if plan.routes:
        try:
            document.apply_migration(plan)
        except DocumentError as error:
            raise Unreadable(f"{args.file}: migration refused: {error.message}") from error
    diff = document.diff()
    backup = _save(document) if args.write and document.is_dirty else None
    if args.json:
        print_json(_migrate_json(diff, plan, args.write, backup, args.show_secrets))
        return EXIT_OK
    _print_migration(args.file, diff, plan, args.write, backup)
    return EXIT_OK


def _save(document: Any) -> Path | None:
    from routedeck.document import SaveError

    try:
        return document.save()
    except SaveError as error:
        raise Unreadable(str(error)) from error


def _migrate_json(
    diff: str, plan: Any, write: bool, backup: Path | None, show_secrets: bool
) -> dict[str, Any]:
    return {
        "changed": bool(plan.routes),
        "diff": diff,
        "routes_added": [
            {"from": str(origin), "route": route if show_secrets else _masked(route)}
            for origin, route in plan.routes
        ],
        "removed": [str(origin) for origin in plan.remove],
        "ignored": [{"origin": str(item.origin), "reason": item.reason} for item in plan.ignored],
        "written": write and bool(plan.routes),
        "backup": str(backup) if backup else None,
    }


def _masked(route: dict[str, Any]) -> dict[str, Any]:
    from routedeck.routing.secrets import mask_secret

    if route.get("api_key") is None:
        return route
    return {**route, "api_key": mask_secret(route["api_key"])}


def _print_migration(path: Path, diff: str, plan: Any, write: bool, backup: Path | None) -> None:
    for item in plan.ignored:
        print(
            f"note: {item.origin} is ignored by the agent and was kept: {item.reason}",
            file=sys.stderr,
        )
    if not plan.routes:
        print(f"{path}: nothing to migrate.", file=sys.stderr)
        return
    count = len(plan.routes)
    summary = f"{count} legacy entr{'y' if count == 1 else 'ies'} into explicit routes"
    if write:
        where = f"; backup in {backup}" if backup else ""
        print(f"{path}: migrated {summary}{where}.", file=sys.stderr)
        return
    sys.stdout.write(diff)
    print(f"{path}: would migrate {summary}; run with --write to apply.", file=sys.stderr)


# --- matrix ------------------------------------------------------------------------------------


def _matrix_parser() -> _Parser:
    parser = _parser(
        "matrix",
        "The winning route for every platform × source_kind a caller can send.",
        "  routedeck matrix ~/.hermes/config.yaml --json",
    )
    parser.add_argument("file", type=Path, help="the config.yaml to read")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def run_matrix(argv: Sequence[str]) -> int:
    from routedeck.routing import routing_matrix

    args = _matrix_parser().parse_args(argv)
    document = load_document(args.file)
    matrix = routing_matrix(document.model_config)
    if args.json:
        print_json(
            {
                "platforms": matrix.platforms,
                "source_kinds": matrix.source_kinds,
                "cells": [
                    {
                        "platform": platform,
                        "source_kind": kind,
                        "winner": _winner_json(matrix.cells[(platform, kind)]),
                    }
                    for platform in matrix.platforms
                    for kind in matrix.source_kinds
                ],
            }
        )
        return EXIT_OK
    rows = [
        [platform, *(_cell(matrix.cells[(platform, kind)]) for kind in matrix.source_kinds)]
        for platform in matrix.platforms
    ]
    print_table(["platform", *matrix.source_kinds], rows)
    return EXIT_OK


def _cell(route: Any) -> str:
    return "base" if route is None else route.label


# --- edit --------------------------------------------------------------------------------------


def _edit_parser() -> _Parser:
    parser = _parser(
        "edit",
        "Open the route editor. Other commands: simulate, check, migrate, matrix "
        "(see 'routedeck COMMAND --help').",
        "  routedeck --demo\n"
        "  routedeck ~/.hermes/config.yaml --context platform=discord "
        "--context source_kind=stranger",
    )
    parser.add_argument("file", type=Path, nargs="?", help="config file (default: SPEC §1 path)")
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


def run_edit(argv: Sequence[str]) -> int:
    args = _edit_parser().parse_args(argv)
    if args.demo and args.file is not None:
        raise UsageError("give either FILE or --demo, not both")
    context = parse_pairs(args.context)
    from routedeck.tui import run_editor

    if args.demo:
        path = copy_demo_config()
        try:
            return run_editor(path, context=context)
        finally:
            shutil.rmtree(path.parent, ignore_errors=True)
    path = args.file or default_config_path()
    if path.is_dir():
        raise Unreadable(f"{path}: is a folder, not a config file")
    return run_editor(path, context=context)


def _refuse_mistyped_command(word: str) -> None:
    """`routedeck simulte x.yaml` is a typo, not a request to create a file named `simulte`."""
    import difflib

    if Path(word).exists():
        return
    close = difflib.get_close_matches(word, COMMANDS, n=1, cutoff=0.75)
    if close:
        raise UsageError(f"unknown command '{word}' (did you mean '{close[0]}'?)")


RUNNERS: dict[str, Callable[[Sequence[str]], int]] = {
    "edit": run_edit,
    "simulate": run_simulate,
    "check": run_check,
    "migrate": run_migrate,
    "matrix": run_matrix,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch to a command; `routedeck [FILE]` with no command opens the editor."""
    words = list(sys.argv[1:] if argv is None else argv)
    command = words[0] if words and words[0] in COMMANDS else "edit"
    rest = words[1:] if words and words[0] == command else words
    try:
        if words and words[0] not in COMMANDS:
            _refuse_mistyped_command(words[0])
        return RUNNERS[command](rest)
    except UsageError as error:
        prefix = "routedeck" if command == "edit" else f"routedeck {command}"
        print(f"{prefix}: error: {error}", file=sys.stderr)
        return EXIT_UNREADABLE
    except Unreadable as error:
        print(f"routedeck: {error}", file=sys.stderr)
        return EXIT_UNREADABLE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
