"""`routedeck simulate FILE KEY=VALUE...`: which route wins for a context, and the result."""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from routedeck.agent import (
    AgentMatcherError,
    Disagreement,
    compare_with_agent,
    find_installed_agent,
    open_matcher,
)
from routedeck.cli.common import (
    CommandError,
    CommandParser,
    UsageError,
    command_parser,
    load_document,
    parse_pairs,
)
from routedeck.cli.dotenv import read_env_file
from routedeck.cli.output import print_json, print_table, show_value, winner_json
from routedeck.exit_status import ExitStatus
from routedeck.routing import (
    ALWAYS_SHOWN_FIELDS,
    EXPECT_FIELDS,
    Explanation,
    Scenario,
    explain,
    reference_problems,
    run_scenarios,
)
from routedeck.routing.secrets import mask_text, mask_value

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
    parser.add_argument(
        "--expect",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="exit 1 unless the result has this (repeatable); FIELD is route (a route's name, "
        "routes[N], platforms.NAME or by_source.KIND) or a result field (model, provider, "
        "base_url, api_mode, command, args, api_key); an empty VALUE means none",
    )
    parser.add_argument(
        "--matcher",
        choices=("routedeck", "agent"),
        default="routedeck",
        help="whose apply_route decides: routedeck's engine, or the installed hermes-agent's own "
        "(a disagreement is reported as a routedeck bug)",
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
    """How result values are printed: every secret masked (an `api_key`, credentials in a
    `base_url` or in `args`) unless the user asked to see them."""

    def __init__(self, show_secrets: bool) -> None:
        self.show_secrets = show_secrets

    def value(self, field: str, value: Any) -> Any:
        if value is None or self.show_secrets:
            return value
        return mask_value(value, field)

    def text(self, text: str) -> str:
        """A sentence that may quote a value (a verdict, a diagnostic)."""
        return text if self.show_secrets else mask_text(text)


def run(argv: Sequence[str]) -> int:
    args = parser().parse_args(argv)
    context = parse_pairs(args.pairs)
    expected = expectations(args.expect)
    env = expansion_env(args)
    document = load_document(args.file)
    view = document.agent_view(env)
    explanation = explain(view.model_config, context, base_sources=view.provenance)
    if env is None:
        note_unexpanded_references(explanation)
    shown = Shown(args.show_secrets)
    disagreement = None
    if args.matcher == "agent":
        disagreement = ask_the_agent(view.model_config, context)
    if args.json:
        data = simulation_json(explanation, context, shown, args.explain)
        data["matcher"] = args.matcher
        if disagreement is not None:
            data["disagreement"] = disagreement.describe(args.show_secrets)
        print_json(data)
    else:
        print_simulation(explanation, context, shown, args.explain)
    if disagreement is not None:
        print(f"routedeck: {disagreement.describe(args.show_secrets)}", file=sys.stderr)
        return ExitStatus.FAILED
    if expected and not meets(view.model_config, context, expected, args.show_secrets):
        return ExitStatus.FAILED
    return ExitStatus.OK


def expectations(pairs: Sequence[str]) -> dict[str, Any]:
    """`--expect FIELD=VALUE` as a scenario's `expect`: an empty VALUE is null (no route, or
    the field unset)."""
    expected: dict[str, Any] = parse_pairs(pairs, what="--expect")
    for field in expected:
        if field not in EXPECT_FIELDS:
            close = difflib.get_close_matches(field, EXPECT_FIELDS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise UsageError(f"--expect {field}: not a result field{hint}")
    return {field: value or None for field, value in expected.items()}


def meets(model_config: Any, context: Context, expected: dict[str, Any], show: bool) -> bool:
    """Whether the result has every expected field; each one it lacks is said on stderr."""
    scenario = Scenario(context, expected)
    problems = reference_problems(model_config, [scenario])
    if problems:
        raise UsageError(f"--expect route: {problems[0][1]}")
    result = run_scenarios(model_config, [scenario]).results[0]
    for failure in result.failures:
        print(f"expectation not met: {failure.describe(show_secrets=show)}", file=sys.stderr)
    return result.passed


def ask_the_agent(model_config: Any, context: Context) -> Disagreement | None:
    """The installed agent's own apply_route on the same inputs: None when it agrees."""
    agent = find_installed_agent()
    if agent is None:
        raise CommandError("--matcher agent: no installed hermes-agent was found")
    if not agent.has_routing:
        raise CommandError(f"--matcher agent: {agent.describe()}")
    try:
        with open_matcher(agent) as matcher:
            return compare_with_agent(matcher, model_config, context)
    except AgentMatcherError as error:
        raise CommandError(f"--matcher agent: {agent.name}: {error}") from error


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
            name: {
                "value": shown.value(name, field.value),
                "from": field.provenance,
                **({"note": field.note} if field.note else {}),
            }
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
                "reason": shown.text(verdict.describe()),
            }
            for verdict in explanation.verdicts
        ]
    return data


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
        [name, field.note or show_value(shown.value(name, field.value)), field.provenance]
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
                    shown.text(verdict.describe()),
                ]
                for verdict in explanation.verdicts
            ],
            title="routes",
        )
