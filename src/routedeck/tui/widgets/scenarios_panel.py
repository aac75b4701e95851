"""The scenarios of the config (SPEC §8): each with a pass or fail mark, failures first, each
failing field said in words; or the scenario file's problems when it cannot be used.

A Line API widget (like the route list): its lines are wrapped once per content and width,
and an edit that changes no scenario's result redraws nothing, so 200 scenarios cost the
edit nothing but their run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from routedeck.tui.keys import EDITOR, ROUTE_LIST_MOVES, SCENARIOS
from routedeck.tui.rows import one_line
from routedeck.words import plural

if TYPE_CHECKING:
    from routedeck.document import ScenarioProblem
    from routedeck.routing import Scenario, ScenarioResult, ScenarioRun

PASS_MARK = ("✔ ", "pass  ", "green")
FAIL_MARK = ("✖ ", "FAIL  ", "bold red")
"""Symbol, word and colour: the word, never the colour alone, tells them apart. Each span ends
with its spaces (an SVG screenshot drops the spaces a span starts with)."""
MARK_WIDTH = 8
"""`✔ pass  `: the name and the failing fields wrap under the name, not under the mark."""
INDENT_STYLE = Style(italic=False)
"""The indent under the mark is a span of its own: an SVG screenshot drops the spaces a span
starts with (a terminal does not)."""
UNCOVERED_SHOWN = 3
"""Uncovered routes named in the last line; the rest are counted."""
PIN_KEY = EDITOR.key("scenario.pin").shown_keys.split(",")[0]
"""The pin key as the hint names it (`ctrl+t`)."""


def scenarios_title(run: ScenarioRun | None, problems: Sequence[object]) -> str:
    """`Scenarios (2 failing / 14)`, `Scenarios (14, all passing)`, `Scenarios (none yet)`, or
    `Scenarios (file has 3 problems)`."""
    if run is None:
        return f"Scenarios (file has {plural(len(problems), 'problem')})"
    total = len(run.results)
    if not total:
        return "Scenarios (none yet)"
    if run.failed:
        return f"Scenarios ({run.failed} failing / {total})"
    return f"Scenarios ({total}, all passing)"


@dataclass(frozen=True)
class Entry:
    """One item of the panel: a mark (or nothing), its text, and the scenario it is about
    (None: a line to read, not to choose)."""

    mark: Text
    text: Text
    scenario: Scenario | None = None
    coverage: bool = False
    """The last line: the routes no scenario reaches."""


def result_entry(result: ScenarioResult) -> Entry:
    """`✔ pass  name`, or `✖ FAIL  name` with each failing field and the winner below it."""
    symbol, word, style = PASS_MARK if result.passed else FAIL_MARK
    text = Text(one_line(result.scenario.label))
    for failure in result.failures:
        text.append(f"\n{one_line(failure.describe())}")
    if not result.passed:
        winner = result.winner.label if result.winner is not None else "no route"
        text.append(f"\nwinner: {one_line(winner)}", style="dim")
    return Entry(Text.assemble((symbol, style), (word, style)), text, result.scenario)


def uncovered_entry(run: ScenarioRun) -> Entry | None:
    """The routes no scenario reaches (SPEC §8's coverage), the first few named."""
    uncovered = run.uncovered
    if not uncovered:
        return None
    named = ", ".join(one_line(route.label) for route in uncovered[:UNCOVERED_SHOWN])
    more = len(uncovered) - UNCOVERED_SHOWN
    rest = f" and {more:,} more" if more > 0 else ""
    text = Text(f"Reached by no scenario: {named}{rest}", style="dim italic")
    return Entry(Text(), text, coverage=True)


def problem_entry(problem: ScenarioProblem) -> Entry:
    """`✖ config.scenarios.yaml:2:14: sentence` (the folder is in the panel's title)."""
    name = problem.path.name if problem.path is not None else "scenarios"
    text = Text(one_line(f"{name}:{problem.line}:{problem.column}: {problem.message}"))
    return Entry(Text("✖ ", style="bold red"), text)


class ScenariosPanel(ScrollView, can_focus=True):
    """A cursor over the scenarios; enter on one loads its context into the simulator, `r`
    reads the file again, `z` (the screen's) maximizes the panel."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *SCENARIOS.bindings(),
        *ROUTE_LIST_MOVES.bindings(),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"scenarios--cursor"}
    ALLOW_MAXIMIZE = True

    cursor: reactive[int] = reactive(0, init=False)
    """The entry under the cursor (only entries with a scenario can hold it)."""

    class Chosen(Message):
        """A scenario was chosen (enter or a click on it): simulate its context."""

        def __init__(self, scenario: Scenario) -> None:
            super().__init__()
            self.scenario = scenario

    class Reread(Message):
        """`r`: read the scenario file again."""

    class Unpin(Message):
        """`x`: take back the scenario under the cursor (one pinned since the last save)."""

        def __init__(self, scenario: Scenario) -> None:
            super().__init__()
            self.scenario = scenario

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: list[Entry] = []
        self._shown: tuple[object, object] | None = None
        """(what the results say, what the rest says) as last shown."""
        self._lines: list[tuple[int, Text]] = []
        """Every line on screen at the current width: (entry index, text)."""
        self._starts: list[int] = []
        """The first line of each entry."""
        self._width = 0

    @property
    def results(self) -> list[Scenario]:
        """The scenarios listed, in order (failures first)."""
        return [entry.scenario for entry in self.entries if entry.scenario is not None]

    # ----- content ---------------------------------------------------------------------------

    def show(self, run: ScenarioRun | None, problems: Sequence[ScenarioProblem]) -> None:
        """List the run's results, or the file's problems; nothing is redrawn when what the
        panel says did not change (most edits change no scenario's result), and only the
        coverage line when only coverage changed (a route moved)."""
        shown = _signature(run) if run is not None else (None, tuple(map(str, problems)))
        if shown == self._shown:
            return
        previous, self._shown = self._shown, shown
        if run is None:
            entries = [problem_entry(problem) for problem in problems]
        elif previous is not None and previous[0] == shown[0]:
            self._replace_coverage(uncovered_entry(run))
            return
        else:
            entries = [result_entry(result) for result in run.failures_first()]
            if not entries:
                hint = f"No scenarios yet: {PIN_KEY} pins the simulated context and its result."
                entries.append(Entry(Text(), Text(hint, style="italic")))
            uncovered = uncovered_entry(run)
            if uncovered is not None:
                entries.append(uncovered)
        self.entries = entries
        self._wrap()
        self.cursor = self._choosable(min(self.cursor, len(entries) - 1), 1)
        self.refresh()

    def _replace_coverage(self, uncovered: Entry | None) -> None:
        """Only the coverage line changed: rewrap it alone."""
        if self.entries and self.entries[-1].coverage:
            del self._lines[self._starts.pop() :]
            self.entries.pop()
        if uncovered is not None:
            self.entries.append(uncovered)
            self._starts.append(len(self._lines))
            self._lines += self._wrapped(len(self.entries) - 1, uncovered)
        self.virtual_size = Size(self._width, len(self._lines))
        self.refresh()

    def _wrap(self) -> None:
        """Wrap every entry at the panel's width (once per content and width)."""
        self._width = max(self.scrollable_content_region.width, MARK_WIDTH + 8)
        lines: list[tuple[int, Text]] = []
        starts: list[int] = []
        for index, entry in enumerate(self.entries):
            starts.append(len(lines))
            lines += self._wrapped(index, entry)
        self._lines, self._starts = lines, starts
        self.virtual_size = Size(self._width, len(lines))

    def _wrapped(self, index: int, entry: Entry) -> list[tuple[int, Text]]:
        indent = MARK_WIDTH if entry.mark.plain else 0
        wrapped = entry.text.wrap(self.app.console, self._width - indent, overflow="fold")
        under = Text(" " * indent, style=INDENT_STYLE)
        return [
            (index, Text.assemble(entry.mark if number == 0 else under, line, no_wrap=True))
            for number, line in enumerate(wrapped)
        ]

    def _choosable(self, start: int, step: int) -> int:
        """The nearest entry with a scenario from `start` on, in the direction of `step`
        (else the other way; 0 when there is none)."""
        for direction in (step, -step):
            index = start
            while 0 <= index < len(self.entries):
                if self.entries[index].scenario is not None:
                    return index
                index += direction
        return 0

    # ----- cursor and scrolling --------------------------------------------------------------

    def watch_cursor(self) -> None:
        if not self._starts:
            return
        first = self._starts[self.cursor]
        following = self.cursor + 1
        last = self._starts[following] if following < len(self._starts) else len(self._lines)
        visible = max(self.scrollable_content_region.height, 1)
        if first < self.scroll_y or last - first > visible:
            self.scroll_to(y=first, animate=False, immediate=True)
        elif last > self.scroll_y + visible:
            self.scroll_to(y=last - visible, animate=False, immediate=True)
        self.refresh()

    def _move(self, offset: int) -> None:
        target = max(0, min(self.cursor + offset, len(self.entries) - 1))
        self.cursor = self._choosable(target, 1 if offset >= 0 else -1)

    def action_cursor(self, offset: int) -> None:
        self._move(offset)

    def action_page(self, direction: int) -> None:
        line = self._starts[self.cursor] if self._starts else 0
        target = line + direction * max(self.scrollable_content_region.height, 1)
        target = max(0, min(target, len(self._lines) - 1))
        if self._lines:
            self.cursor = self._choosable(self._lines[target][0], direction)

    def action_first(self) -> None:
        self.cursor = self._choosable(0, 1)

    def action_last(self) -> None:
        self.cursor = self._choosable(len(self.entries) - 1, -1)

    def action_select(self) -> None:
        if 0 <= self.cursor < len(self.entries):
            scenario = self.entries[self.cursor].scenario
            if scenario is not None:
                self.post_message(self.Chosen(scenario))

    def action_reload(self) -> None:
        self.post_message(self.Reread())

    def action_unpin(self) -> None:
        if 0 <= self.cursor < len(self.entries):
            scenario = self.entries[self.cursor].scenario
            if scenario is not None:
                self.post_message(self.Unpin(scenario))

    def on_click(self, event: events.Click) -> None:
        line = int(self.scroll_y) + event.y
        if not 0 <= line < len(self._lines):
            return
        index = self._lines[line][0]
        if self.entries[index].scenario is None:
            return
        if index == self.cursor:
            self.action_select()
        self.cursor = index

    def on_resize(self) -> None:
        self._rewrap_if_narrowed_or_widened()

    def watch_show_vertical_scrollbar(self) -> None:
        """The scrollbar came or went: the text has one column less or more (no resize)."""
        self._rewrap_if_narrowed_or_widened()

    def _rewrap_if_narrowed_or_widened(self) -> None:
        if self.scrollable_content_region.width != self._width:
            self._wrap()
            self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # ----- rendering -------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = int(self.scroll_y) + y
        if not 0 <= line < len(self._lines):
            return Strip.blank(width, self.rich_style)
        index, text = self._lines[line]
        style = self.rich_style
        if index == self.cursor and self.entries[index].scenario is not None:
            style += self.get_component_rich_style("scenarios--cursor")
        return self._strip(text, width, style)

    def _strip(self, line: Text, width: int, style: Style) -> Strip:
        strip = Strip(list(line.render(self.app.console))).apply_style(style)
        return strip.crop_extend(0, width, style)

    def text(self) -> str:
        """What the panel says, line by line (for tests)."""
        return "\n".join(text.plain.rstrip() for _, text in self._lines)


def _signature(run: ScenarioRun) -> tuple[object, object]:
    """What the panel shows of a run, comparable from one revision to the next: (the
    results, the coverage line)."""
    results = tuple(
        (
            id(result.scenario),
            result.passed,
            tuple(failure.describe() for failure in result.failures),
            result.winner.label if result.winner is not None and not result.passed else None,
        )
        for result in run.results
    )
    uncovered = tuple(route.label for route in run.uncovered[:UNCOVERED_SHOWN])
    return results, (uncovered, len(run.uncovered))
