"""A unified diff to confirm: the save preview, the migration preview and the re-applied edits."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar, Literal

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Footer, Static

from routedeck.routing.text import terminal_safe
from routedeck.tui.keys import PREVIEW, SAVE_PREVIEW
from routedeck.tui.screens import DIALOGS_CSS
from routedeck.words import plural

if TYPE_CHECKING:
    from routedeck.editor.traffic import NotCompared
    from routedeck.routing import BehaviourDiff

PreviewAnswer = Literal["confirm", "save_as", "back"]
LINE_STYLES = (("+++", "bold"), ("---", "bold"), ("@@", "cyan"), ("+", "green"), ("-", "red"))
CONTINUED = "↪"
"""Starts the continuation of a diff line too long for the screen, after the line's own sign."""


def line_style(line: str) -> str:
    return next((style for prefix, style in LINE_STYLES if line.startswith(prefix)), "")


def fitting(text: Text, width: int) -> int:
    """How many characters of `text` fit in `width` cells (at least one)."""
    used = 0
    for index, character in enumerate(text.plain):
        used += cell_len(character)
        if used > width:
            return max(index, 1)
    return len(text.plain)


def wrap_diff_line(line: str, width: int) -> list[Text]:
    """One diff line in rows of at most `width` cells; every continuation row starts with the
    line's own sign (`+`, `-` or a space) and ↪, so no row of an added line looks unchanged."""
    style = line_style(line)
    text = Text(terminal_safe(line.expandtabs()), no_wrap=True, overflow="ignore")
    text.stylize(style)
    if text.cell_len <= width or width < 4:
        return [text]
    is_change = line[:1] in "+- " and not line.startswith(("+++", "---"))
    sign = line[:1] if is_change else " "
    first, rest = text.divide([fitting(text, width)])
    rows = [first]
    while rest.plain:
        chunk, rest = rest.divide([fitting(rest, width - 2)])
        row = Text.assemble((f"{sign}{CONTINUED}", style), chunk, no_wrap=True, overflow="ignore")
        rows.append(row)
    return rows


class WrappedDiff:
    """A unified diff, coloured by line kind (the signs stay: colour is never the only cue),
    its long lines wrapped at the width it is drawn at."""

    def __init__(self, diff: str) -> None:
        self.diff = diff

    def __str__(self) -> str:
        return self.diff

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        for line in self.diff.splitlines():
            yield from wrap_diff_line(line, width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = max((len(line) for line in self.diff.splitlines()), default=0)
        return Measurement(min(4, widest), widest)


def changed_lines(diff: str) -> int:
    return sum(
        1
        for line in diff.splitlines()
        if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))
    )


class DiffPreviewScreen(ModalScreen[PreviewAnswer]):
    """Enter confirms, escape goes back; the diff scrolls with the arrow keys."""

    CSS_PATH = DIALOGS_CSS

    BINDINGS: ClassVar[list[BindingType]] = PREVIEW.bindings()
    AUTO_FOCUS = "#diff"
    BUTTONS: ClassVar[tuple[tuple[PreviewAnswer, str], ...]] = ()

    def __init__(self, title: str, summary: str, diff: str, *, confirm_label: str) -> None:
        super().__init__()
        self._title = title
        self._summary = summary
        self.diff = diff
        self._confirm_label = confirm_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="preview"):
            yield Static(Text(self._title), classes="dialog-title")
            yield Static(Text(self._summary), classes="preview-summary")
            with VerticalScroll(id="diff"):
                yield from self.body()
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self._confirm_label} (enter)", variant="primary", id="confirm")
                yield from self.extra_buttons()
                yield Button("Back (esc)", id="back")
        yield Footer()

    def body(self) -> Iterable[Widget]:
        """What the preview scrolls through: the diff."""
        content = WrappedDiff(self.diff) if self.diff else Text("(no changes)")
        yield Static(content, id="diff-text")

    def extra_buttons(self) -> Iterable[Button]:
        return ()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        answer = str(event.button.id).replace("-", "_")
        self.action_answer(answer)

    def action_answer(self, answer: str) -> None:
        choices: tuple[PreviewAnswer, ...] = ("confirm", "save_as")
        self.dismiss(next((choice for choice in choices if choice == answer), "back"))


class SavePreviewScreen(DiffPreviewScreen):
    """What saving will change: in routing first (the context classes that get another result
    than with the file on disk), then the text of the config and of the scenario file (secrets
    masked); `a` saves to another file."""

    BINDINGS: ClassVar[list[BindingType]] = SAVE_PREVIEW.bindings()

    def __init__(
        self,
        file_name: str,
        diff: str,
        problems: str = "",
        *,
        title: str = "",
        scenario_verdict: str = "",
        traffic: BehaviourDiff | NotCompared | None = None,
        scenarios: tuple[str, str, int] | None = None,
    ) -> None:
        """`scenario_verdict`: a line on failing scenarios, or ""; `traffic`: the behaviour diff
        against the file on disk; `scenarios`: the scenario file's name, the diff of the
        scenarios pinned since it was read, and how many."""
        self.traffic = traffic
        self.traffic_diff = traffic_lines(traffic) if traffic is not None else ""
        """The behaviour changes as diff lines ("" when none)."""
        self.scenarios_name, self.scenarios_diff, pinned = scenarios or ("", "", 0)
        what = []
        if diff or not self.scenarios_diff:
            what.append(f"{plural(changed_lines(diff), 'line')} added or removed in {file_name}")
        if self.scenarios_diff:
            what.append(f"{plural(pinned, 'scenario')} pinned in {self.scenarios_name}")
        if len(what) == 2:
            backups = "A backup of each file is kept."
        else:
            backups = "A backup of the current file is kept."
            if not diff and self.scenarios_diff:
                backups += f" {file_name} is unchanged."
        summary = "; ".join(what) + ". " + backups
        if problems:
            summary += f"\nThe file will have {problems}: see Diagnostics."
        if scenario_verdict:
            summary += f"\n{scenario_verdict}"
        saved = file_name if diff or not self.scenarios_diff else self.scenarios_name
        super().__init__(title or f"Save {saved}?", summary, diff, confirm_label="Save")
        self.file_name = file_name

    def body(self) -> Iterable[Widget]:
        if self.traffic is not None:
            yield Static(traffic_heading(self.traffic), id="traffic-summary")
            if self.traffic_diff:
                yield Static(WrappedDiff(self.traffic_diff), id="traffic-diff")
        if self.diff or not self.scenarios_diff:
            yield from super().body()
        else:
            yield Static(Text(f"{self.file_name}: no changes"), id="diff-text")
        if self.scenarios_diff:
            yield Static(WrappedDiff(self.scenarios_diff), id="scenarios-diff")

    def extra_buttons(self) -> Iterable[Button]:
        yield Button("Save as… (a)", id="save-as")


TRAFFIC_SHOWN = 100
"""Changes listed in the save preview; the rest are counted (`routedeck diff` lists all)."""


def traffic_heading(traffic: BehaviourDiff | NotCompared) -> Text:
    """`Routing: 3 context classes changed` against the file on disk, in words."""
    summary = traffic.summary(limit=0)
    return Text.assemble(
        ("Routing, against the file on disk: ", "bold"), summary[:1].upper() + summary[1:] + "."
    )


def traffic_lines(traffic: BehaviourDiff | NotCompared) -> str:
    """The changes as diff lines (`@@ where`, `-` before, `+` after), the first hundred."""
    from routedeck.editor.traffic import change_lines

    lines = [line for change in traffic.changes[:TRAFFIC_SHOWN] for line in change_lines(change)]
    more = len(traffic.changes) - TRAFFIC_SHOWN
    if more > 0:
        lines.append(f"… and {more:,} more changes (`routedeck diff` lists them all)")
    return "\n".join(lines)


class MigrationPreviewScreen(DiffPreviewScreen):
    """The legacy shorthand turned into explicit routes, before it is applied."""

    def __init__(self, summary: str, diff: str) -> None:
        super().__init__(
            "Migrate legacy shorthand into routes?",
            summary,
            diff,
            confirm_label="Apply migration",
        )
