"""`routedeck matrix FILE`: the winner and model for every platform × source_kind × user_id."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from routedeck.cli.common import CommandParser, command_parser, load_document
from routedeck.cli.output import print_json, print_table, stdout_is_terminal, winner_json
from routedeck.exit_status import ExitStatus
from routedeck.routing import EffectiveRoute, routing_matrix
from routedeck.routing.matrix import ANY_USER, RoutingMatrix

ANY_USER_LABEL = "any other"


def parser() -> CommandParser:
    parser = command_parser(
        "matrix",
        "The winning route and model for every platform × source_kind a caller can send, and\n"
        "for each user_id a route matches on (a row only where it changes something; 'any\n"
        "other' stands for every other user_id and for none). A table when it fits the\n"
        "terminal, else a list per platform.",
        "  routedeck matrix ~/.hermes/config.yaml\n  routedeck matrix ~/.hermes/config.yaml --json",
    )
    parser.add_argument("file", type=Path, help="the config.yaml to read")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--list", action="store_true", help="a list per platform, whatever the width"
    )
    return parser


def run(argv: Sequence[str]) -> int:
    args = parser().parse_args(argv)
    document = load_document(args.file)
    view = document.agent_view()
    matrix = routing_matrix(view.model_config)
    if args.json:
        print_json(matrix_json(matrix))
        return ExitStatus.OK
    headers, rows = table(matrix)
    width = shutil.get_terminal_size().columns
    if args.list or (stdout_is_terminal() and table_width(headers, rows) > width):
        print_list(matrix)
    else:
        print_table(headers, rows)
    return ExitStatus.OK


def matrix_json(matrix: RoutingMatrix) -> dict[str, Any]:
    return {
        "platforms": matrix.platforms,
        "source_kinds": matrix.source_kinds,
        "user_ids": [user_id for user_id in matrix.user_ids if user_id is not ANY_USER],
        "cells": [
            {
                "platform": platform,
                "source_kind": kind,
                "user_id": user_id,
                "winner": winner_json(matrix.winner(platform, kind, user_id)),
                "model": matrix.model(platform, kind, user_id),
            }
            for platform, kind, user_id in matrix.cells
        ],
    }


def rows_of(matrix: RoutingMatrix, platform: str) -> list[str | None]:
    """The user_id rows shown for a platform: any other, then those that change something."""
    return [ANY_USER, *matrix.distinct_user_ids(platform)]


def cell(matrix: RoutingMatrix, platform: str, kind: str, user_id: str | None) -> str:
    winner = winner_label(matrix.winner(platform, kind, user_id))
    return f"{winner} → {model_of(matrix, platform, kind, user_id)}"


def winner_label(route: EffectiveRoute | None) -> str:
    return "base" if route is None else route.label


def model_of(matrix: RoutingMatrix, platform: str, kind: str, user_id: str | None) -> str:
    model = matrix.model(platform, kind, user_id)
    return "—" if model is None else str(model)


def user_label(user_id: str | None) -> str:
    return ANY_USER_LABEL if user_id is ANY_USER else user_id


def table(matrix: RoutingMatrix) -> tuple[list[str], list[list[str]]]:
    """platform | user_id | one column per source_kind holding `winner → model`."""
    headers = ["platform", "user_id", *matrix.source_kinds]
    rows = [
        [
            platform,
            user_label(user_id),
            *(cell(matrix, platform, kind, user_id) for kind in matrix.source_kinds),
        ]
        for platform in matrix.platforms
        for user_id in rows_of(matrix, platform)
    ]
    return headers, rows


def table_width(headers: list[str], rows: list[list[str]]) -> int:
    """The width of the table as print_table draws it on a terminal (borders and padding)."""
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    return sum(widths) + 3 * len(widths) + 1


def print_list(matrix: RoutingMatrix) -> None:
    """One block per platform: source_kind, user_id, winner, model."""
    for platform in matrix.platforms:
        rows = [
            [
                kind,
                user_label(user_id),
                winner_label(matrix.winner(platform, kind, user_id)),
                model_of(matrix, platform, kind, user_id),
            ]
            for user_id in rows_of(matrix, platform)
            for kind in matrix.source_kinds
        ]
        print_table(["source_kind", "user_id", "winner", "model"], rows, title=platform)
