"""`routedeck test FILE [SCENARIOS]`: the expectations of SPEC §8, with coverage."""

from __future__ import annotations

import gc
from collections.abc import Sequence
from pathlib import Path

from routedeck.cli.common import CommandError, CommandParser, command_parser, load_document
from routedeck.cli.output import colour_console, print_json
from routedeck.document import ScenarioFile, ScenarioFileError, default_scenarios_path
from routedeck.exit_status import ExitStatus
from routedeck.routing import CompiledRoutes, ScenarioResult, ScenarioRun, run_scenarios
from routedeck.words import plural


def parser() -> CommandParser:
    parser = command_parser(
        "test",
        "Run the scenarios of a config: contexts and what each must get (SPEC §8).\n"
        "SCENARIOS defaults to the file beside the config: config.yaml → config.scenarios.yaml.\n"
        "Exit status: 0 all pass, 1 a scenario fails, 2 a file is unreadable or the\n"
        "scenario file is invalid.",
        "  routedeck test ~/.hermes/config.yaml\n"
        "  routedeck test config.yaml ci/scenarios.yaml --json",
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="the config.yaml to test")
    parser.add_argument(
        "scenarios", type=Path, nargs="?", metavar="SCENARIOS", help="the scenario file"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--show-secrets", action="store_true", help="show api_key unmasked")
    return parser


def load_scenarios(path: Path, *, named: bool) -> ScenarioFile:
    """The scenario file; CommandError with every FILE:LINE:COL problem when it is invalid, or
    when a file named on the command line does not exist."""
    try:
        scenarios = ScenarioFile.load(path)
    except ScenarioFileError as error:
        raise CommandError("\n".join(str(problem) for problem in error.problems)) from error
    if named and not scenarios.exists:
        raise CommandError(f"{path}: no such scenario file")
    return scenarios


def run(argv: Sequence[str]) -> int:
    args = parser().parse_args(argv)
    document = load_document(args.file)
    gc.freeze()  # the loaded config stays: collections need not walk it again and again
    path = args.scenarios or default_scenarios_path(args.file)
    scenarios = load_scenarios(path, named=args.scenarios is not None)
    if not scenarios.exists:
        print(f"{args.file}: no scenarios to run ({path.name} does not exist beside it)")
        return ExitStatus.OK
    model_config = document.agent_view().model_config
    compiled = CompiledRoutes(model_config)
    problems = scenarios.reference_problems(model_config, compiled=compiled)
    if problems:
        raise CommandError("\n".join(str(problem) for problem in problems))
    result = run_scenarios(model_config, scenarios.scenarios, compiled=compiled)
    if args.json:
        print_json(result.to_json(show_secrets=args.show_secrets))
    else:
        print_run(result, args.show_secrets)
    return ExitStatus.FAILED if result.failed else ExitStatus.OK


def print_run(result: ScenarioRun, show_secrets: bool) -> None:
    """One line per scenario, failures first with each failing field; then coverage."""
    for outcome in result.failures_first():
        print_result(outcome, show_secrets)
    if result.uncovered:
        labels = ", ".join(route.label for route in result.uncovered)
        print(f"not reached by any scenario: {labels}")
    summary = f"{plural(result.passed, 'scenario')} passed, {result.failed} failed"
    print(
        summary
        + (f"; {plural(len(result.uncovered), 'route')} uncovered" if result.uncovered else "")
    )


def print_result(outcome: ScenarioResult, show_secrets: bool) -> None:
    name = outcome.scenario.label
    winner = outcome.winner.label if outcome.winner is not None else "no route"
    mark, style = ("PASS", "green") if outcome.passed else ("FAIL", "bold red")
    console = colour_console()
    line = f"{mark} {name}" + ("" if outcome.passed else f" (winner: {winner})")
    if console is None:
        print(line)
    else:
        from rich.text import Text

        console.print(Text.assemble((mark, style), line[len(mark) :]))
    for failure in outcome.failures:
        print(f"     {failure.describe(show_secrets=show_secrets)}")
