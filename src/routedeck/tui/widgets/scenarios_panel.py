"""The scenarios of the config (SPEC §8): each with a pass or fail mark, failures first, each
failing field said in words; or the scenario file's problems when it cannot be used."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from rich.text import Text
from textual.binding import BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from routedeck.tui.keys import EDITOR, SCENARIOS
from routedeck.tui.rows import one_line

if TYPE_CHECKING:
    from routedeck.document import ScenarioProblem
    from routedeck.routing import Scenario, ScenarioResult, ScenarioRun

PASS_MARK = ("✔", "pass", "green")
FAIL_MARK = ("✖", "FAIL", "bold red")
"""Symbol, word and colour: the word, never the colour alone, tells them apart. Each span ends
with its spaces (an SVG screenshot drops the spaces a span starts with)."""
UNCOVERED_SHOWN = 3
"""Uncovered routes named in the last line; the rest are counted."""


def scenarios_title(run: ScenarioRun | None, problems: Sequence[object]) -> str:
    """`Scenarios (2 failing / 14)`, `Scenarios (14, all passing)`, `Scenarios (none yet)`, or
    `Scenarios (file has 3 problems)`."""
    if run is None:
        count = len(problems)
        return f"Scenarios (file has {count} problem{'' if count == 1 else 's'})"
    total = len(run.results)
    if not total:
        return "Scenarios (none yet)"
    if run.failed:
        return f"Scenarios ({run.failed} failing / {total})"
    return f"Scenarios ({total}, all passing)"


def result_prompt(result: ScenarioResult) -> Table:
    """`✔ pass  name`, or `✖ FAIL  name` with each failing field and the winner below it; long
    lines wrap under the name, not under the mark."""
    symbol, word, style = PASS_MARK if result.passed else FAIL_MARK
    text = Text(one_line(result.scenario.label))
    for failure in result.failures:
        text.append(f"\n{one_line(failure.describe())}")
    if not result.passed:
        winner = result.winner.label if result.winner is not None else "no route"
        text.append(f"\nwinner: {one_line(winner)}", style="dim")
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(Text.assemble((f"{symbol} ", style), (f"{word} ", style)), text)
    return grid


def uncovered_prompt(run: ScenarioRun) -> Text | None:
    """The routes no scenario reaches (SPEC §8's coverage), the first few named."""
    uncovered = run.uncovered
    if not uncovered:
        return None
    named = ", ".join(one_line(route.label) for route in uncovered[:UNCOVERED_SHOWN])
    more = len(uncovered) - UNCOVERED_SHOWN
    rest = f" and {more:,} more" if more > 0 else ""
    return Text(f"Reached by no scenario: {named}{rest}", style="dim italic")


class ScenariosPanel(OptionList):
    """Enter on a scenario loads its context into the simulator; `z` maximizes the panel."""

    BINDINGS: ClassVar[list[BindingType]] = SCENARIOS.bindings()
    ALLOW_MAXIMIZE = True

    class Chosen(Message):
        """A scenario was chosen (enter or click): simulate its context."""

        def __init__(self, scenario: Scenario) -> None:
            super().__init__()
            self.scenario = scenario

    class Reread(Message):
        """`r`: read the scenario file again."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.results: list[ScenarioResult] = []
        """The scenarios as listed (failures first), one option each."""
        self._shown: object = None

    def show(self, run: ScenarioRun | None, problems: Sequence[ScenarioProblem]) -> None:
        """List the run's results, or the file's problems; nothing is redrawn when what the
        panel says did not change (most edits change no scenario's result)."""
        shown = _signature(run) if run is not None else tuple(str(problem) for problem in problems)
        if shown == self._shown:
            return
        self._shown = shown
        highlighted = self.highlighted
        self.clear_options()
        if run is None:
            self.results = []
            self.add_options(
                Option(Text.assemble(("✖ ", "bold red"), _problem_text(problem)), disabled=True)
                for problem in problems
            )
            return
        self.results = run.failures_first()
        if not self.results:
            hint = f"No scenarios yet: {PIN_KEY} pins the simulated context and its result."
            self.add_option(Option(Text(hint, style="italic"), disabled=True))
        self.add_options(result_prompt(result) for result in self.results)
        uncovered = uncovered_prompt(run)
        if uncovered is not None:
            self.add_option(Option(uncovered, disabled=True))
        if self.results:  # enter loads the first scenario before any cursor move
            self.highlighted = min(highlighted or 0, len(self.results) - 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index < len(self.results):
            self.post_message(self.Chosen(self.results[event.option_index].scenario))

    def action_reload(self) -> None:
        self.post_message(self.Reread())


def _problem_text(problem: ScenarioProblem) -> str:
    """`config.scenarios.yaml:2:14: sentence` (the folder is in the panel's title)."""
    name = problem.path.name if problem.path is not None else "scenarios"
    return one_line(f"{name}:{problem.line}:{problem.column}: {problem.message}")


def _signature(run: ScenarioRun) -> tuple[object, ...]:
    """What the panel shows of a run, comparable from one revision to the next."""
    results = tuple(
        (
            id(result.scenario),
            result.passed,
            tuple(failure.describe() for failure in result.failures),
            result.winner.label if result.winner is not None and not result.passed else None,
        )
        for result in run.results
    )
    return (
        results,
        tuple(route.label for route in run.uncovered[:UNCOVERED_SHOWN]),
        len(run.uncovered),
    )


PIN_KEY = EDITOR.key("scenario.pin").shown_keys.split(",")[0]
"""The pin key as the hint names it (`ctrl+t`)."""
