"""`routedeck migrate FILE`: the legacy shorthand as explicit routes, shown as a diff or written."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from routedeck.cli.common import CommandError, CommandParser, command_parser, load_document
from routedeck.cli.output import print_json, write_diff
from routedeck.document import ConfigDocument, DocumentError, SaveError
from routedeck.document.migration_preview import MigrationPreview, preview_migration
from routedeck.exit_status import ExitStatus
from routedeck.routing import MigrationError, MigrationPlan
from routedeck.routing.secrets import mask_value
from routedeck.words import plural


def parser() -> CommandParser:
    parser = command_parser(
        "migrate",
        "Turn the legacy model.platforms / model.by_source shorthand into explicit routes.\n"
        "Prints the change as a unified diff (secrets masked, so for review unless\n"
        "--show-secrets is given); --write applies it (atomic, with a backup) once every\n"
        "context is proved to resolve exactly as before. Exit status: 0 done, 1 with --check\n"
        "when something is left to migrate, 2 unreadable or refused.",
        "  routedeck migrate ~/.hermes/config.yaml            # review the diff\n"
        "  routedeck migrate ~/.hermes/config.yaml --check    # exit 1 if anything is left\n"
        "  routedeck migrate ~/.hermes/config.yaml --write    # apply it",
    )
    parser.add_argument("file", type=Path, help="the config.yaml to migrate")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--write", action="store_true", help="save the migrated file")
    action.add_argument(
        "--check", action="store_true", help="exit 1 when there is something to migrate"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--show-secrets",
        action="store_true",
        help="show api_key values unmasked (the diff then applies with patch)",
    )
    return parser


def run(argv: Sequence[str]) -> int:
    args = parser().parse_args(argv)
    document = load_document(args.file)
    try:
        preview = preview_migration(document, mask_secrets=not args.show_secrets)
    except (MigrationError, DocumentError) as error:
        reason = error.message if isinstance(error, DocumentError) else str(error)
        raise CommandError(f"{args.file}: migration refused: {reason}") from error
    backup = write(document, preview) if args.write and preview.changes_anything else None
    if args.json:
        print_json(migration_json(preview, args.write, backup, args.show_secrets))
    else:
        print_migration(args.file, preview, args.write, backup)
    if args.check and preview.changes_anything:
        return ExitStatus.FAILED
    return ExitStatus.OK


def write(document: ConfigDocument, preview: MigrationPreview) -> Path | None:
    try:
        document.replace_text(preview.text)
        return document.save()
    except SaveError as error:
        raise CommandError(str(error)) from error


def migration_json(
    preview: MigrationPreview, write: bool, backup: Path | None, show_secrets: bool
) -> dict[str, Any]:
    plan = preview.plan
    return {
        "changed": preview.changes_anything,
        "diff": preview.diff,
        "routes_added": [
            {"from": str(origin), "route": route if show_secrets else masked(route)}
            for origin, route in plan.routes
        ],
        "removed": [str(origin) for origin in plan.remove],
        "ignored": [{"origin": str(item.origin), "reason": item.reason} for item in plan.ignored],
        "written": write and preview.changes_anything,
        "backup": str(backup) if backup else None,
    }


def masked(route: dict[Any, Any]) -> dict[Any, Any]:
    shown: dict[Any, Any] = mask_value(route)
    return shown


def print_migration(
    path: Path, preview: MigrationPreview, write: bool, backup: Path | None
) -> None:
    plan: MigrationPlan = preview.plan
    for item in plan.ignored:
        print(
            f"note: {item.origin} is ignored by the agent and was kept: {item.reason}",
            file=sys.stderr,
        )
    if not preview.changes_anything:
        print(f"{path}: nothing to migrate.", file=sys.stderr)
        return
    summary = f"{plural(len(plan.routes), 'legacy entry', 'legacy entries')} into explicit routes"
    if write:
        where = f"; backup in {backup}" if backup else ""
        print(f"{path}: migrated {summary}{where}.", file=sys.stderr)
        return
    write_diff(preview.diff)
    print(f"{path}: would migrate {summary}; run with --write to apply.", file=sys.stderr)
