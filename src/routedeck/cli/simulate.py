"""`routedeck simulate FILE KEY=VALUE...`: which route wins for a context, and the result."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from routedeck.cli.common import CommandParser, command_parser, load_document, parse_pairs
from routedeck.cli.dotenv import read_env_file
from routedeck.cli.output import print_json, print_table, show_value, winner_json
from routedeck.exit_status import ExitStatus
from routedeck.routing import ALWAYS_SHOWN_FIELDS, Explanation, explain
from routedeck.routing.secrets import mask_secret

Context = dict[str, str]


def parser() -> CommandParser:
    parser = command_parser(
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


def expansion_env(args: argparse.Namespace) -> dict[str, str] | None:
    """The variables `${VAR}` references expand from: None when the user asked for none."""
    if args.env_file is None and not args.env:
        return None
    env = dict(os.environ) if args.env else {}
    if args.env_file is not None:
        env.update(read_env_file(args.env_file))
    return env


class Shown:
    """How result values are printed: `api_key` masked unless the user asked to see it."""

    def __init__(self, show_secrets: bool) -> None:
        self.show_secrets = show_secrets

    def value(self, field: str, value: Any) -> Any:
        if field == "api_key" and value is not None and not self.show_secrets:
            return mask_secret(value)
        return value


def run(argv: Sequence[str]) -> int:
    args = parser().parse_args(argv)
    context = parse_pairs(args.pairs)
    env = expansion_env(args)
    document = load_document(args.file)
    model_config = document.model_config if env is None else document.runtime_view(env)
    explanation = explain(model_config, context)
    if env is None:
        note_unexpanded_references(explanation)
    shown = Shown(args.show_secrets)
    if args.json:
        print_json(simulation_json(explanation, context, shown, args.explain))
    else:
        print_simulation(explanation, context, shown, args.explain)
    return ExitStatus.OK


def note_unexpanded_references(explanation: Explanation) -> None:
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


def simulation_json(
    explanation: Explanation, context: Context, shown: Shown, verdicts: bool
) -> dict[str, Any]:
    runtime = explanation.runtime if isinstance(explanation.runtime, dict) else {}
    data: dict[str, Any] = {
        "context": context,
        "winner": winner_json(explanation.winner),
        "model": explanation.model,
        "runtime": {key: shown.value(key, value) for key, value in runtime.items()},
        "fields": {
            name: {"value": shown.value(name, field.value), "from": provenance(field.origin)}
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


def provenance(origin: object) -> str:
    return "base" if origin is None else str(origin)


def print_simulation(
    explanation: Explanation, context: Context, shown: Shown, verdicts: bool
) -> None:
    print("context: " + " ".join(f"{key}={value}" for key, value in context.items()))
    if explanation.winner is None:
        print("winner:  none; no route matches, the base model block applies")
    else:
        print(f"winner:  {explanation.winner.label}")
    print()
    rows = [
        [name, show_value(shown.value(name, field.value)), provenance(field.origin)]
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
