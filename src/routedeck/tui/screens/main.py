"""The main screen: the route list beside the context simulator, the result, the scenarios and
the diagnostics.

Below 110 columns the panels stack: the list on top, the simulator and the result side by side
under it, the scenarios in a strip below them. Each key acts only in its panel (the route
list's keys are bound on the list), and the footer shows the focused panel's keys, the most
important first (`keys.FOOTER_ORDER`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from copy import deepcopy
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, Literal, cast

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import ActiveBinding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widget import MountError
from textual.widgets import Footer, Header, Input, OptionList, Static

from routedeck.routing import (
    KNOWN_PLATFORMS,
    PRESETS,
    SOURCE_KINDS,
    EffectiveRoute,
    Origin,
)
from routedeck.tui.commands import PaletteCommand
from routedeck.tui.keys import (
    APP,
    EDITOR,
    FILTER,
    PALETTE_ONLY,
    ROUTE_LIST,
    footer_rank,
    palette_keys,
)
from routedeck.tui.rows import (
    RouteRow,
    build_rows,
    filter_text,
    format_match,
    format_overrides,
    format_value,
    one_line,
    status_text,
)
from routedeck.tui.widgets.fields import TextInput
from routedeck.tui.widgets.route_table import RouteTable
from routedeck.words import plural

if TYPE_CHECKING:
    from routedeck.document import ConfigDocument
    from routedeck.editor import EditorSession, EditOutcome
    from routedeck.routing import Diagnostic, Explanation, MigrationPlan, Scenario, Verdict
    from routedeck.tui.editor_app import EditorApp
    from routedeck.tui.screens.route_form import Route
    from routedeck.tui.widgets.scenarios_panel import ScenariosPanel
    from routedeck.tui.widgets.simulator import ContextSimulator

Where = Literal["above", "below"]
BIG_FILE_ROUTES = 500
FINDINGS_DEBOUNCE = 0.3
"""Above BIG_FILE_ROUTES, a form checks the whole file once typing pauses this long."""
SHADOWING = {"shadowed-route", "shadowed-legacy"}
"""Diagnostics whose origins are (the route that can never win, the route that shadows it)."""


def winner_text(context: Mapping[str, str], winner: EffectiveRoute | None) -> Text:
    """The winner in words, so the answer never depends on colour."""
    if not context:
        return Text("No context: the turn is not routed; the base model block applies.")
    if winner is None:
        return Text("No route matches: the base model block applies.")
    legacy = " (legacy shorthand)" if winner.legacy else ""
    return Text.assemble(("▶ Winner: ", "bold"), (f"{one_line(winner.label)}{legacy}", "bold"))


def breakpoint_classes(app: App[Any]) -> list[str]:
    """The breakpoint classes Textual gives a screen at the app's size (`-wide`, `-tall`…), to
    set when the screen is made: its first frame is then styled once, not again on its first
    resize."""
    size = app.size
    classes = []
    for dimension, breakpoints in (
        (size.width, app.HORIZONTAL_BREAKPOINTS),
        (size.height, app.VERTICAL_BREAKPOINTS),
    ):
        reached = [name for edge, name in sorted(breakpoints or []) if dimension >= edge]
        classes.extend(reached[-1:])
    return classes


def base_values(model_config: object) -> dict[str, Any]:
    """The base block's fields as written (`default` falls back to its alias `model`)."""
    if isinstance(model_config, str):
        return {"default": model_config}
    if not isinstance(model_config, Mapping):
        return {}
    values = dict(model_config)
    values["default"] = model_config.get("default", model_config.get("model"))
    return values


def migration_summary(plan: MigrationPlan) -> str:
    summary = (
        f"{len(plan.routes)} legacy entries become routes appended after the existing ones; "
        f"{len(plan.remove)} are removed from the shorthand. Every context resolves as before."
    )
    if plan.ignored:
        summary += f" {len(plan.ignored)} entries the runtime ignores are kept as they are."
    return summary


def runs(positions: list[int]) -> Iterator[tuple[int, int]]:
    """(start, stop) of each run of consecutive numbers in sorted `positions`."""
    start = previous = positions[0]
    for position in positions[1:]:
        if position != previous + 1:
            yield start, previous + 1
            start = position
        previous = position
    yield start, previous + 1


class Panel(Vertical):
    """A bordered panel of the main screen; `z` maximizes the one holding the focus."""

    ALLOW_MAXIMIZE: ClassVar[bool | None] = True


class RouteList(RouteTable):
    """The route table with the route-list actions: they act only when the list has the focus."""

    BINDINGS: ClassVar[list[BindingType]] = ROUTE_LIST.bindings()


class FilterInput(TextInput):
    """`/` on the list: enter goes back to the list keeping the filter, escape clears it."""

    BINDINGS: ClassVar[list[BindingType]] = FILTER.bindings()


class MainScreen(Screen[None]):
    """Everything happens here; the app holds the session and its analysis."""

    AUTO_FOCUS = "#routes"
    BINDINGS: ClassVar[list[BindingType]] = EDITOR.bindings()

    def __init__(self) -> None:
        super().__init__()
        self.add_class(*breakpoint_classes(self.app))
        self.context: dict[str, str] = {}
        self.winner: EffectiveRoute | None = None
        self.rows: list[RouteRow] = []
        """Every row of the file; the table shows those the filter lets through."""
        self.filter_text = ""
        self._filter_texts: list[str] | None = None
        """What the filter searches in each row (made on first use after a change)."""
        self._row_of: dict[Origin, int] = {}
        self._platforms_suggested: frozenset[str] = frozenset()
        self._shadowed_by: dict[Origin, Origin] = {}
        self.panels_mounted = False
        """The panels beside the list are there (they are mounted after the first frame)."""

    @property
    def rdapp(self) -> EditorApp:
        return cast("EditorApp", self.app)

    @property
    def session(self) -> EditorSession | None:
        return self.rdapp.session

    @property
    def document(self) -> ConfigDocument | None:
        return self.rdapp.document

    @property
    def table(self) -> RouteTable:
        return self.query_one(RouteTable)

    @property
    def simulator(self) -> ContextSimulator:
        """The context simulator (mounted after the first frame: see `panels_mounted`)."""
        return cast("ContextSimulator", self.query_one("#simulator"))

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            with Vertical(id="left"):
                with Panel(id="routes-pane"):
                    yield Static(Text("Loading…"), id="winner")
                    yield RouteList(id="routes")
                    yield Static(id="route-detail")
                yield Panel(id="diagnostics-pane")
            yield Vertical(id="side")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#routes-pane").border_title = "Routes"
        self.query_one("#diagnostics-pane").border_title = "Diagnostics"
        self.context = dict(self.rdapp.initial_context)
        self.watch(self.app, "revision", self.document_changed)
        self.call_after_refresh(self._after_first_frame)

    async def _after_first_frame(self) -> None:
        """Once the list is on screen: open the editing session when the list came from a first
        look at the file (edits wait for it), then mount the panels beside the list (as
        Textual's `Lazy` does, but awaited, so that they are filled as soon as they are
        there). Launching shows the routes at once, and the rest follows a frame later. The
        panels' modules, the dialogs' and the forms' are imported when first needed, for the
        same reason."""
        if not self.is_attached:  # the user quit as the first frame came
            return
        self.rdapp.open_first_look()
        from routedeck.tui.widgets.diagnostics import DiagnosticsList
        from routedeck.tui.widgets.result_panel import ResultPanel
        from routedeck.tui.widgets.scenarios_panel import ScenariosPanel
        from routedeck.tui.widgets.simulator import ContextSimulator

        try:
            await self.query_one("#side").mount_all(
                [
                    ContextSimulator(PRESETS, KNOWN_PLATFORMS, SOURCE_KINDS, id="simulator"),
                    ResultPanel(id="result"),
                    Panel(ScenariosPanel(id="scenarios"), id="scenarios-pane"),
                ]
            )
            await self.query_one("#diagnostics-pane").mount(DiagnosticsList(id="diagnostics"))
        except MountError:
            if self.is_attached:
                raise
            return  # the user quit while they were mounted
        if not self.is_attached:
            return
        self.query_one("#simulator").border_title = "Context (type to simulate a turn)"
        self.query_one("#result").border_title = "Result"
        self.query_one("#scenarios-pane").border_title = "Scenarios"
        self.panels_mounted = True
        self._suggest_platforms()
        self.show_scenarios()
        self.watch(self.app, "diagnostics_revision", self._show_diagnostics)
        self.simulator.set_context(self.context)

    # ----- keys ------------------------------------------------------------------------------

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The focused panel's keys and the editor's, the most important first (the footer
        shows them in this order and is cut at the terminal's width)."""
        bindings = super().active_bindings
        ranked = sorted(bindings.items(), key=lambda item: footer_rank(item[1].binding.id))
        return dict(ranked)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "focus_routes":
            return not self.table.has_focus
        return True

    # ----- showing the document -------------------------------------------------------------

    def document_changed(self) -> None:
        """Rebuild the list, the diagnostics and the simulation after a load or an edit (or
        from the first look at the file, until the session opens)."""
        routes, compiled = self.rdapp.routes, self.rdapp.compiled
        if routes is None or compiled is None:
            return
        self.rows = build_rows(compiled.route_list, routes)
        self._filter_texts = None
        self._show_rows()
        if self.focused is None:
            self.table.focus()
        self._suggest_platforms()
        self.refresh_simulation()
        self.show_scenarios()

    def _suggest_platforms(self) -> None:
        """Offer the file's platforms in the simulator (most edits name no new platform)."""
        platforms = frozenset(self._platform_values())
        if self.panels_mounted and platforms != self._platforms_suggested:
            self._platforms_suggested = platforms
            self.simulator.add_platform_suggestions(platforms)

    def _show_rows(self, *, same_rows: bool = False) -> None:
        """The rows the filter lets through, the cursor kept on the same route if it can be."""
        table = self.table
        selected = table.selected_row.origin if table.selected_row else None
        shown = self._filtered()
        self._row_of = {row.origin: index for index, row in enumerate(shown)}
        table.show_rows(shown, same_rows=same_rows)
        if selected in self._row_of:
            table.select_row(self._row_of[selected])
        explicit = sum(1 for row in self.rows if not row.legacy)
        title = f"Routes ({explicit} + {len(self.rows) - explicit} legacy)"
        if self.filter_text:
            title += f" · {len(shown)} shown for “{self.filter_text}”"
        self.query_one("#routes-pane").border_title = Text(title)  # typed text: not markup

    def _filtered(self) -> list[RouteRow]:
        if not self.filter_text:
            return self.rows
        if self._filter_texts is None:
            self._filter_texts = [filter_text(row) for row in self.rows]
        wanted = self.filter_text.casefold()
        return [
            row for row, text in zip(self.rows, self._filter_texts, strict=True) if wanted in text
        ]

    def _show_diagnostics(self) -> None:
        from routedeck.tui.widgets.diagnostics import DiagnosticsList, problem_counts

        diagnostics = self.rdapp.diagnostics
        pane = self.query_one("#diagnostics-pane")
        pane.border_title = f"Diagnostics ({len(diagnostics)}: {problem_counts(diagnostics)})"
        self.query_one(DiagnosticsList).show(diagnostics)
        self._shadowed_by = {
            diagnostic.origins[0]: diagnostic.origins[1]
            for diagnostic in diagnostics
            if diagnostic.id in SHADOWING and len(diagnostic.origins) == 2
        }
        self.refresh_statuses()
        self.show_route_detail()
        self.show_result()

    def _platform_values(self) -> Iterator[str]:
        for row in self.rows:
            match = row.effective.match if row.effective else None
            if isinstance(match, Mapping) and "platform" in match:
                yield str(match["platform"])

    # ----- simulation ------------------------------------------------------------------------

    def on_context_simulator_changed(self, event: ContextSimulator.Changed) -> None:
        self.context = event.context
        self.refresh_simulation()

    def refresh_simulation(self) -> None:
        compiled = self.rdapp.compiled
        if compiled is None:
            return
        self.winner = compiled.winner(self.context) if self.context else None
        self.query_one("#winner", Static).update(
            winner_text(self.context, self.winner), layout=False
        )
        self.refresh_statuses()
        self.show_route_detail()
        self.show_result()
        session = self.session
        if session is not None and session.agent is not None and session.agent.has_routing:
            self.rdapp.ask_agent(dict(self.context))

    def show_result(self) -> None:
        """The result of the simulated context, with a warning beside an inherited credential
        once the diagnostics of this revision are in."""
        compiled, session = self.rdapp.compiled, self.session
        if compiled is None or session is None or not self.panels_mounted:
            return
        explanation = compiled.explain(self.context, with_verdicts=False)
        from routedeck.tui.widgets.result_panel import ResultPanel

        self.query_one(ResultPanel).show(explanation, self._credential_warnings(explanation))

    def _credential_warnings(self, explanation: Explanation) -> dict[str, str]:
        from routedeck.editor.credentials import inherited_credentials

        session = self.session
        if session is None or self.rdapp.diagnostics_revision != session.revision:
            return {}  # the diagnostics on hand are those of an earlier text
        return inherited_credentials(explanation, self.rdapp.diagnostics)

    def refresh_statuses(self) -> None:
        """Fill the status cells of the rows on screen (a 10,000-route file stays fast)."""
        compiled, table = self.rdapp.compiled, self.table
        if compiled is None:
            return
        rows = table.rows_shown
        visible = table.visible_row_range()
        verdicts = self._verdicts([rows[index] for index in visible])
        table.set_statuses(
            {
                index: self._status(rows[index], self._verdict_of(rows[index], verdicts))
                for index in visible
            }
        )

    def _status(self, row: RouteRow, verdict: Verdict | None) -> Text:
        return status_text(row, verdict, self._shadowed_by.get(row.origin))

    def _verdicts(self, rows: list[RouteRow]) -> dict[int, Verdict]:
        """The verdicts of these rows, asked for each run of consecutive positions (a filtered
        list shows rows thousands of positions apart)."""
        compiled = self.rdapp.compiled
        positions = sorted(row.effective.position for row in rows if row.effective)
        if compiled is None or not self.context or not positions:
            return {}
        found: dict[int, Verdict] = {}
        for start, stop in runs(positions):
            for verdict in compiled.verdicts(self.context, start, stop):
                found[verdict.route.position] = verdict
        return found

    @on(RouteTable.VisibleRowsChanged)
    def _visible_rows_changed(self) -> None:
        self.refresh_statuses()

    @on(RouteTable.RowHighlighted)
    def show_route_detail(self) -> None:
        row = self.table.selected_row
        detail = self.query_one("#route-detail", Static)
        if row is None:
            message = (
                f"No route matches the filter “{self.filter_text}”: escape on the filter shows all."
                if self.filter_text and self.rows
                else "No routes yet: press a to add one, b to edit the base model."
            )
            detail.update(Text(message), layout=False)
            return
        name = f" ({one_line(row.name)})" if row.name else ""
        legacy = "  legacy shorthand: m migrates it, x deletes it" if row.legacy else ""
        text = Text.assemble((f"{row.origin}{name}", "bold"), (legacy, "italic"), "\n")
        text.append(f"match {format_match(row.item)} → {format_overrides(row.item)}\n")
        text.append_text(self._status(row, self._verdict_of(row, self._verdicts([row]))))
        detail.update(text, layout=False)

    @staticmethod
    def _verdict_of(row: RouteRow, verdicts: dict[int, Verdict]) -> Verdict | None:
        return verdicts.get(row.effective.position) if row.effective else None

    @on(OptionList.OptionSelected, "#diagnostics")
    def _diagnostic_selected(self, event: OptionList.OptionSelected) -> None:
        from routedeck.tui.widgets.diagnostics import DiagnosticsList

        diagnostics = self.query_one(DiagnosticsList).diagnostics
        if not diagnostics or event.option_index >= len(diagnostics):
            return
        diagnostic = diagnostics[event.option_index]
        for origin in diagnostic.origins:
            if any(row.origin == origin for row in self.rows):
                self.select_origin(origin)
                self.table.focus()
                return
        self.notify("This diagnostic concerns the whole model block, not one route.")

    def select_origin(self, origin: Origin) -> None:
        """Select a route's row; a filter that hides it is cleared first."""
        if origin not in self._row_of and self.filter_text:
            self.clear_filter()
        if origin in self._row_of:
            self.table.select_row(self._row_of[origin])

    # ----- scenarios -------------------------------------------------------------------------

    def show_scenarios(self) -> None:
        """The scenarios run on the current text (or the scenario file's problems)."""
        session = self.session
        if session is None or not self.panels_mounted:
            return
        from routedeck.tui.widgets.scenarios_panel import ScenariosPanel, scenarios_title

        run, problems = session.scenario_run, session.scenarios.problems
        self.query_one(ScenariosPanel).show(run, problems)
        title = scenarios_title(run, problems)
        if problems:
            title += f" · {session.scenarios.path}"
        self.query_one("#scenarios-pane").border_title = Text(one_line(title))

    def on_scenarios_panel_chosen(self, event: ScenariosPanel.Chosen) -> None:
        self.simulate(event.scenario)

    def simulate(self, scenario: Scenario) -> None:
        """Load a scenario's context into the simulator: the list and the result follow."""
        context = {str(key): str(value) for key, value in scenario.context.items()}
        self.simulator.set_context(context)

    def _scenarios_edited(
        self, session: EditorSession, outcome: EditOutcome, refused_title: str
    ) -> bool:
        """Show a pin or an unpin: the reason it was refused, or the panel and the unsaved
        mark; whether it was made."""
        if outcome.refused is not None:
            self.notify(outcome.refused, title=refused_title, severity="warning", markup=False)
            return False
        self.rdapp.dirty = session.dirty
        self.show_scenarios()
        return True

    def on_scenarios_panel_unpin(self, event: ScenariosPanel.Unpin) -> None:
        session = self.session
        if session is None:
            return
        outcome = session.unpin_scenario(event.scenario)
        if not self._scenarios_edited(session, outcome, "Not unpinned"):
            return
        label = one_line(event.scenario.label)
        self.notify(f"{label} is no longer pinned.", title="Unpinned", markup=False)

    def on_scenarios_panel_reread(self) -> None:
        session = self.session
        if session is None:
            return
        refused = session.reload_scenarios()
        if refused is not None:
            self.notify(refused, title="Not read again", severity="warning", markup=False)
            return
        self.show_scenarios()
        name, problems = session.scenarios.path.name, len(session.scenarios.problems)
        if problems:
            still = plural(problems, "problem")
            message = f"Read {name} again: it still has {still} (see Scenarios)."
            self.notify(message, severity="warning", markup=False)
        else:
            self.notify(f"Read {name} again.", markup=False)

    def action_pin_scenario(self) -> None:
        """Pin the simulated context and its result as a new scenario (in memory until saved)."""
        session = self.session
        if session is None:
            return
        outcome = session.pin_scenario(self.context)
        if not self._scenarios_edited(session, outcome, "Nothing pinned"):
            return
        pinned = session.scenarios.pinned[-1]
        expects = ", ".join(
            f"{field} {format_value(field, value)}" if value is not None else "no route"
            for field, value in pinned.expect.items()
        )
        self.notify(
            f"{one_line(pinned.label)} expects {expects}. Saved with the config (ctrl+s) into "
            f"{session.scenarios.path.name}; x on the Scenarios panel takes it back.",
            title="Scenario pinned",
            markup=False,
        )

    # ----- the filter ------------------------------------------------------------------------

    async def action_filter_routes(self) -> None:
        """Show the filter under the list (made on the first `/`: most sessions never filter,
        and the first frame does not wait for it) and type in it."""
        field = self.query_one_optional("#filter", Input)
        if field is None:
            field = FilterInput(
                placeholder="filter by name, match or model", id="filter", compact=True
            )
            await self.query_one("#routes-pane").mount(field, after="#routes")
        field.display = True
        field.focus()

    @on(Input.Changed, "#filter")
    def _filter_typed(self, event: Input.Changed) -> None:
        event.stop()
        self.filter_text = event.value.strip()
        self._show_rows(same_rows=True)
        self.refresh_statuses()
        self.show_route_detail()

    def action_filter_done(self) -> None:
        self.query_one("#filter", Input).display = bool(self.filter_text)
        self.table.focus()

    def action_filter_clear(self) -> None:
        self.clear_filter()
        self.table.focus()

    def clear_filter(self) -> None:
        field = self.query_one_optional("#filter", Input)
        if field is not None:  # made on the first `/`
            with self.prevent(Input.Changed):
                field.value = ""
            field.display = False
        self.filter_text = ""
        self._show_rows(same_rows=True)
        self.refresh_statuses()

    # ----- editing ---------------------------------------------------------------------------

    def _explicit_row(self) -> RouteRow | None:
        """The selected row if it is a route; a legacy row explains itself and offers migration."""
        row = self.table.selected_row
        if row is None:
            self.notify("No route selected: press a to add one.")
        elif row.legacy:
            self._offer_migration(row)
            return None
        return row

    def _offer_migration(self, row: RouteRow) -> None:
        from routedeck.tui.screens.dialogs import ConfirmScreen

        message = (
            f"{row.origin} is legacy shorthand (model.{row.origin.section}). It is evaluated "
            "after every route and cannot be edited as a route. Migrate all the shorthand into "
            "explicit routes? You will see the change as a diff first. (x deletes this one entry.)"
        )
        screen = ConfirmScreen("Legacy shorthand", message, confirm_label="Migrate… (y)")
        self.app.push_screen(screen, lambda yes: self.action_migrate() if yes else None)

    def _route_form(self, title: str, index: int, route: Mapping[str, Any] | None) -> None:
        """The route form for routes[index], editing it (`route` given) or adding one there."""
        from routedeck.tui.screens.route_form import RouteFormScreen

        session = self.session
        if session is None:
            return
        replacing = route is not None
        inherited = session.inherited(Origin.route(index)) if replacing else {}

        def findings(candidate: Route) -> list[Diagnostic]:
            return session.route_findings(candidate, index, replacing=replacing)

        def attempt(candidate: Route) -> str | None:
            if replacing:
                return self.rdapp.run_edit(lambda s: s.update_route(index, candidate), report=False)
            return self.rdapp.run_edit(lambda s: s.insert_route(index, candidate), report=False)

        form = RouteFormScreen(
            title,
            route,
            index=index,
            findings=findings,
            attempt=attempt,
            inherited=inherited,
            debounce=FINDINGS_DEBOUNCE if len(self.rows) > BIG_FILE_ROUTES else 0.0,
        )
        self.app.push_screen(
            form, lambda done: self.select_origin(Origin.route(index)) if done else None
        )

    def action_edit_route(self) -> None:
        row = self._explicit_row()
        if row is None or row.route_index is None:
            return
        title = f"Edit {row.origin}" + (f" ({one_line(row.name)})" if row.name else "")
        item = row.item if isinstance(row.item, Mapping) else {}
        self._route_form(title, row.route_index, item)

    @on(RouteTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_edit_route()

    def action_add_route(self, where: Where) -> None:
        if self.document is None:
            return
        index = self._insert_index(where)
        self._route_form(f"New route at routes[{index}]", index, None)

    def _insert_index(self, where: Where) -> int:
        row = self.table.selected_row
        if row is None or row.route_index is None:
            return len(self.document.routes) if self.document else 0
        return row.route_index + (1 if where == "below" else 0)

    def action_duplicate_route(self) -> None:
        row = self._explicit_row()
        if row is None or row.route_index is None:
            return
        copy = deepcopy(row.item)
        if isinstance(copy, dict) and copy.get("name"):
            copy["name"] = f"{copy['name']}-copy"
        index = row.route_index + 1
        if self.rdapp.run_edit(lambda s: s.insert_route(index, cast("Route", copy))) is None:
            self.select_origin(Origin.route(index))

    def action_delete_route(self) -> None:
        from routedeck.tui.screens.dialogs import ConfirmScreen

        row = self.table.selected_row
        if row is None:
            self.notify("No route selected: press a to add one.")
            return
        if row.legacy:
            self._confirm_delete_legacy(row)
            return
        if row.route_index is None:
            return
        index = row.route_index
        name = f" ({one_line(row.name)})" if row.name else ""
        screen = ConfirmScreen(
            f"Delete {row.origin}{name}?",
            f"match {format_match(row.item)} → {format_overrides(row.item)}\n"
            "You can undo this with ctrl+z until you quit.",
            confirm_label="Delete (y)",
            cancel_label="Keep (n)",
            destructive=True,
        )
        self.app.push_screen(screen, lambda yes: self._delete(index) if yes else None)

    def _delete(self, index: int) -> None:
        self.rdapp.run_edit(lambda s: s.delete_route(index))

    def _confirm_delete_legacy(self, row: RouteRow) -> None:
        from routedeck.tui.screens.dialogs import ConfirmScreen

        origin = row.origin
        screen = ConfirmScreen(
            f"Delete the legacy entry {origin}?",
            f"match {format_match(row.item)} → {format_overrides(row.item)}\n"
            "Only this entry goes; the rest of the shorthand stays (m migrates it all into "
            "routes). You can undo this with ctrl+z until you quit.",
            confirm_label="Delete (y)",
            cancel_label="Keep (n)",
            destructive=True,
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.rdapp.run_edit(lambda s: s.delete_legacy_entry(origin))

        self.app.push_screen(screen, answered)

    def action_move_route(self, offset: int) -> None:
        row = self._explicit_row()
        if row is None or row.route_index is None or self.document is None:
            return
        source, target = row.route_index, row.route_index + offset
        if not 0 <= target < len(self.document.routes):
            where = "first" if offset < 0 else "last; legacy shorthand always comes after routes"
            self.notify(f"{row.origin} is already {where}.", markup=False)
            return
        if self.rdapp.run_edit(lambda s: s.move_route(source, target)) is None:
            self.select_origin(Origin.route(target))

    def action_edit_base(self) -> None:
        from routedeck.tui.screens.base_form import BaseModelScreen

        session = self.session
        if self.document is None or session is None:
            return

        def attempt(changes: dict[str, Any]) -> str | None:
            return self.rdapp.run_edit(lambda s: s.set_base_fields(changes), report=False)

        self.app.push_screen(
            BaseModelScreen(
                base_values(self.document.model_config),
                attempt=attempt,
                inherited=session.inherited(None),
            )
        )

    def action_migrate(self) -> None:
        session = self.session
        if session is None:
            return
        from routedeck.document import EditError
        from routedeck.routing import MigrationError
        from routedeck.tui.screens.diff_preview import MigrationPreviewScreen

        try:
            preview = session.preview_migration()
        except (MigrationError, EditError) as error:
            self.notify(str(error), title="Cannot migrate", severity="error", markup=False)
            return
        if not preview.changes_anything:
            self.notify("There is no legacy shorthand to migrate.")
            return

        def answered(answer: str | None) -> None:
            if answer == "confirm":
                self.rdapp.run_edit(lambda s: s.migrate(preview.plan))

        self.app.push_screen(
            MigrationPreviewScreen(migration_summary(preview.plan), preview.diff), answered
        )

    def action_undo(self) -> None:
        self.rdapp.undo()

    def action_redo(self) -> None:
        self.rdapp.redo()

    def action_save(self) -> None:
        self.rdapp.save_flow()

    def action_save_as(self) -> None:
        self.rdapp.save_flow(save_as=True)

    def action_focus_context(self) -> None:
        if self.panels_mounted:
            self.query_one("#platform").focus()

    def action_focus_routes(self) -> None:
        self.table.focus()

    def action_zoom(self) -> None:
        """Maximize the panel holding the focus, or restore it."""
        if self.maximized is not None:
            self.minimize()
        elif self.focused is not None:
            self.maximize(self.focused)

    def action_go_to_winner(self) -> None:
        if self.winner is None:
            self.notify("No route wins for this context.")
            return
        self.select_origin(self.winner.origin)
        self.table.focus()

    # ----- the command palette ---------------------------------------------------------------

    def palette_commands(self) -> Iterator[PaletteCommand]:
        """Every editor action for the command palette, made from the bindings themselves."""
        for key, _context in palette_keys((ROUTE_LIST, EDITOR, APP)):
            title = key.palette or key.label
            yield PaletteCommand(
                title, key.help, partial(self.run_action, key.action), key.shown_keys
            )
        for title, help_text, action in PALETTE_ONLY:
            yield PaletteCommand(title, help_text, partial(self.run_action, action))
        if not self.panels_mounted:
            return
        simulator = self.simulator
        for label, context in PRESETS.items():
            shown = " ".join(f"{key}={value}" for key, value in context.items())
            yield PaletteCommand(
                f"Simulate: {label}", shown, partial(simulator.choose_preset, label)
            )
