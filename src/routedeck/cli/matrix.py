"""`routedeck matrix FILE`: the winning route for every platform × source_kind."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from routedeck.cli.common import CommandParser, command_parser, load_document
from routedeck.cli.output import print_json, print_table, winner_json
from routedeck.exit_status import ExitStatus
from routedeck.routing import EffectiveRoute, routing_matrix


def parser() -> CommandParser:
    parser = command_parser(
        "matrix",
        "The winning route for every platform × source_kind a caller can send.",
        "  routedeck matrix ~/.hermes/config.yaml --json",
    )
    parser.add_argument("file", type=Path, help="the config.yaml to read")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def run(argv: Sequence[str]) -> int:
    args = parser().parse_args(argv)
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
                        "winner": winner_json(matrix.cells[(platform, kind)]),
                    }
                    for platform in matrix.platforms
                    for kind in matrix.source_kinds
                ],
            }
        )
        return ExitStatus.OK
    rows = [
        [platform, *(cell(matrix.cells[(platform, kind)]) for kind in matrix.source_kinds)]
        for platform in matrix.platforms
    ]
    print_table(["platform", *matrix.source_kinds], rows)
    return ExitStatus.OK


def cell(route: EffectiveRoute | None) -> str:
    return "base" if route is None else route.label
