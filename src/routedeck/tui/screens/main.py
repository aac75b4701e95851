"""The main screen: the route list beside the context simulator, the result and the diagnostics."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from copy import deepcopy
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, Literal, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static

from routedeck.routing import (
    KNOWN_PLATFORMS,
    PRESETS,
    SOURCE_KINDS,
    EffectiveRoute,
    MigrationError,
    Origin,
)
from routedeck.tui.rows import (
    RouteRow,
    build_rows,
    format_match,
    format_overrides,
    one_line,
    status_text,
)
from routedeck.tui.screens.base_form import BaseModelScreen
from routedeck.tui.screens.dialogs import ConfirmScreen
from routedeck.tui.screens.diff_preview import MigrationPreviewScreen
from routedeck.tui.screens.route_form import Route, RouteFormScreen
from routedeck.tui.widgets.diagnostics import DiagnosticsList, problem_counts
from routedeck.tui.widgets.result_panel import ResultPanel
from routedeck.tui.widgets.route_table import RouteTable
from routedeck.tui.widgets.simulator import ContextSimulator

if TYPE_CHECKING:
    from routedeck.document import ConfigDocument
    from routedeck.routing import MigrationPlan, Verdict
    from routedeck.tui.editor_app import EditorApp

Where = Literal["above", "below"]
PaletteCommand = tuple[str, str, Callable[[], Any]]
SHADOWING = {"shadowed-route", "shadowed-legacy"}
"""Diagnostics whose origins are (the route that can never win, the route that shadows it)."""
NOT_IN_PALETTE = {"routes.focus"}
PALETTE_TITLES = {
    "route.edit": "Edit route",
    "route.add-below": "Add route below",
    "route.add-above": "Add route above",
    "route.duplicate": "Duplicate route",
    "route.delete": "Delete route",
    "route.move-up": "Move route up",
    "route.move-down": "Move route down",
    "base.edit": "Edit base model",
    "legacy.migrate": "Migrate legacy shorthand",
    "context.focus": "Edit context",
}


def winner_text(context: Mapping[str, str], winner: EffectiveRoute | None) -> Text:
    """The winner in words, so the answer never depends on colour."""
    if not context:
        return Text("No context: the agent does not route this turn; the base model block applies.")
    if winner is None:
        return Text("No route matches: the base model block applies.")
    legacy = " (legacy shorthand)" if winner.legacy else ""
    return Text.assemble(("▶ Winner: ", "bold"), (f"{winner.label}{legacy}", "bold"))


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


class MainScreen(Screen[None]):
    """Everything happens here; the app holds the document and its analysis."""

    AUTO_FOCUS = "#routes"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter,e", "edit_route", "Edit", tooltip="Edit the selected route", id="route.edit"
        ),
        Binding(
            "a", "add_route('below')", "Add", tooltip="Add a route below", id="route.add-below"
        ),
        Binding(
            "A",
            "add_route('above')",
            "Add above",
            show=False,
            tooltip="Add a route above",
            id="route.add-above",
        ),
        Binding(
            "d",
            "duplicate_route",
            "Duplicate",
            tooltip="Duplicate the selected route below itself",
            id="route.duplicate",
        ),
        Binding(
            "delete,x",
            "delete_route",
            "Delete",
            tooltip="Delete the selected route (asks first)",
            id="route.delete",
        ),
        Binding(
            "alt+up,shift+up,K",
            "move_route(-1)",
            "Move up",
            tooltip="Move the route up: it is tried earlier",
            id="route.move-up",
        ),
        Binding(
            "alt+down,shift+down,J",
            "move_route(1)",
            "Move down",
            tooltip="Move the route down: it is tried later",
            id="route.move-down",
        ),
        Binding(
            "b",
            "edit_base",
            "Base model",
            tooltip="Edit the base model block (default, provider, base_url, api_key, api_mode)",
            id="base.edit",
        ),
        Binding(
            "m",
            "migrate",
            "Migrate",
            tooltip="Turn the legacy platforms / by_source shorthand into routes (diff first)",
            id="legacy.migrate",
        ),
        Binding("ctrl+z", "undo", "Undo", tooltip="Undo the last edit", id="history.undo"),
        Binding("ctrl+y", "redo", "Redo", tooltip="Redo the last undone edit", id="history.redo"),
        Binding(
            "ctrl+s",
            "save",
            "Save",
            tooltip="Preview the diff, then save (a backup is kept)",
            id="file.save",
        ),
        Binding(
            "c",
            "focus_context",
            "Context",
            show=False,
            tooltip="Type a context in the simulator",
            id="context.focus",
        ),
        Binding(
            "w",
            "go_to_winner",
            "Go to winner",
            show=False,
            tooltip="Select the route that wins for the context",
            id="route.go-to-winner",
        ),
        Binding(
            "escape",
            "focus_routes",
            "Route list",
            show=False,
            tooltip="Back to the route list",
            id="routes.focus",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.context: dict[str, str] = {}
        self.winner: EffectiveRoute | None = None
        self._row_of: dict[Origin, int] = {}
        self._shadowed_by: dict[Origin, Origin] = {}

    @property
    def rdapp(self) -> EditorApp:
        return cast("EditorApp", self.app)

    @property
    def document(self) -> ConfigDocument | None:
        return self.rdapp.document

    @property
    def table(self) -> RouteTable:
        return self.query_one(RouteTable)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            with Vertical(id="left"):
                with Vertical(id="routes-pane"):
                    yield Static(Text("Loading…"), id="winner")
                    yield RouteTable(id="routes")
                    yield Static(id="route-detail")
                with Vertical(id="diagnostics-pane"):
                    yield DiagnosticsList(id="diagnostics")
            with Vertical(id="side"):
                yield ContextSimulator(PRESETS, KNOWN_PLATFORMS, SOURCE_KINDS, id="simulator")
                yield ResultPanel(id="result")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#routes-pane").border_title = "Routes"
        self.query_one("#diagnostics-pane").border_title = "Diagnostics"
        self.query_one("#simulator").border_title = "Context (type to simulate a turn)"
        self.query_one("#result").border_title = "Result"
        self.watch(self.app, "revision", self.document_changed)
        self.watch(self.app, "diagnostics_revision", self._show_diagnostics)
        self.query_one(ContextSimulator).set_context(self.rdapp.initial_context)

    # ----- showing the document -------------------------------------------------------------

    def document_changed(self) -> None:
        """Rebuild the list, the diagnostics and the simulation after a load or an edit."""
        document, compiled = self.document, self.rdapp.compiled
        if document is None or compiled is None:
            return
        rows = build_rows(compiled.route_list, document.routes)
        self._row_of = {row.origin: index for index, row in enumerate(rows)}
        table = self.table
        table.show_rows(rows)
        if self.focused is None:
            table.focus()
        explicit = sum(1 for row in rows if not row.legacy)
        title = f"Routes ({explicit} + {len(rows) - explicit} legacy)"
        self.query_one("#routes-pane").border_title = title
        self.query_one(ContextSimulator).add_platform_suggestions(self._platform_values(rows))
        self.refresh_simulation()

    def _show_diagnostics(self) -> None:
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

    @staticmethod
    def _platform_values(rows: list[RouteRow]) -> Iterator[str]:
        for row in rows:
            match = row.effective.match if row.effective else None
            if isinstance(match, Mapping) and "platform" in match:
                yield str(match["platform"])

    # ----- simulation ------------------------------------------------------------------------

    @on(ContextSimulator.Changed)
    def _context_changed(self, event: ContextSimulator.Changed) -> None:
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
        self.query_one(ResultPanel).show(compiled.explain(self.context, with_verdicts=False))
        session = self.rdapp.session
        if session is not None and session.agent is not None and session.agent.has_routing:
            self.rdapp.ask_agent(dict(self.context))

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
        compiled = self.rdapp.compiled
        positions = [row.effective.position for row in rows if row.effective]
        if compiled is None or not self.context or not positions:
            return {}
        found = compiled.verdicts(self.context, min(positions), max(positions) + 1)
        return {verdict.route.position: verdict for verdict in found}

    @on(RouteTable.VisibleRowsChanged)
    def _visible_rows_changed(self) -> None:
        self.refresh_statuses()

    @on(RouteTable.RowHighlighted)
    def show_route_detail(self) -> None:
        row = self.table.selected_row
        detail = self.query_one("#route-detail", Static)
        if row is None:
            message = "No routes yet: press a to add one, b to edit the base model."
            detail.update(Text(message), layout=False)
            return
        name = f" ({one_line(row.name)})" if row.name else ""
        legacy = "  [legacy shorthand: press m to migrate]" if row.legacy else ""
        text = Text.assemble((f"{row.origin}{name}", "bold"), legacy, "\n")
        text.append(f"match {format_match(row.item)} → {format_overrides(row.item)}\n")
        text.append_text(self._status(row, self._verdict_of(row, self._verdicts([row]))))
        detail.update(text, layout=False)

    @staticmethod
    def _verdict_of(row: RouteRow, verdicts: dict[int, Verdict]) -> Verdict | None:
        return verdicts.get(row.effective.position) if row.effective else None

    @on(OptionList.OptionSelected, "#diagnostics")
    def _diagnostic_selected(self, event: OptionList.OptionSelected) -> None:
        diagnostics = self.query_one(DiagnosticsList).diagnostics
        if not diagnostics:
            return
        diagnostic = diagnostics[event.option_index]
        for origin in diagnostic.origins:
            if origin in self._row_of:
                self.select_origin(origin)
                self.table.focus()
                return
        self.notify("This diagnostic concerns the whole model block, not one route.")

    def select_origin(self, origin: Origin) -> None:
        if origin in self._row_of:
            self.table.select_row(self._row_of[origin])

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
        message = (
            f"{row.origin} is legacy shorthand (model.{row.origin.section}). It is evaluated "
            "after every route and cannot be edited as a route. Migrate all the shorthand into "
            "explicit routes? You will see the change as a diff first."
        )
        screen = ConfirmScreen("Legacy shorthand", message, confirm_label="Migrate… (y)")
        self.app.push_screen(screen, lambda yes: self.action_migrate() if yes else None)

    def action_edit_route(self) -> None:
        row = self._explicit_row()
        if row is None or row.route_index is None:
            return
        index = row.route_index
        title = f"Edit {row.origin}" + (f" ({one_line(row.name)})" if row.name else "")
        self.app.push_screen(
            RouteFormScreen(title, row.item if isinstance(row.item, Mapping) else None),
            lambda route: self._apply_route_edit(index, route),
        )

    def _apply_route_edit(self, index: int, route: Route | None) -> None:
        if route is not None and self._edit(lambda doc: doc.update_route(index, route)):
            self.select_origin(Origin.route(index))

    @on(RouteTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_edit_route()

    def action_add_route(self, where: Where) -> None:
        if self.document is None:
            return
        index = self._insert_index(where)
        self.app.push_screen(
            RouteFormScreen(f"New route at routes[{index}]"),
            lambda route: self._insert(index, route),
        )

    def _insert_index(self, where: Where) -> int:
        row = self.table.selected_row
        if row is None or row.route_index is None:
            return len(self.document.routes) if self.document else 0
        return row.route_index + (1 if where == "below" else 0)

    def _insert(self, index: int, route: Route | None) -> None:
        if route is not None and self._edit(lambda doc: doc.insert_route(index, route)):
            self.select_origin(Origin.route(index))

    def action_duplicate_route(self) -> None:
        row = self._explicit_row()
        if row is None or row.route_index is None:
            return
        copy = deepcopy(row.item)
        if isinstance(copy, dict) and copy.get("name"):
            copy["name"] = f"{copy['name']}-copy"
        self._insert(row.route_index + 1, cast("Route", copy))

    def action_delete_route(self) -> None:
        row = self._explicit_row()
        if row is None or row.route_index is None:
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
        self._edit(lambda doc: doc.delete_route(index))

    def action_move_route(self, offset: int) -> None:
        row = self._explicit_row()
        if row is None or row.route_index is None or self.document is None:
            return
        source, target = row.route_index, row.route_index + offset
        if not 0 <= target < len(self.document.routes):
            where = "first" if offset < 0 else "last; legacy shorthand always comes after routes"
            self.notify(f"{row.origin} is already {where}.", markup=False)
            return
        if self._edit(lambda doc: doc.move_route(source, target)):
            self.select_origin(Origin.route(target))

    def action_edit_base(self) -> None:
        if self.document is None:
            return
        self.app.push_screen(
            BaseModelScreen(base_values(self.document.model_config)), self._apply_base_changes
        )

    def _apply_base_changes(self, changes: dict[str, str | None] | None) -> None:
        if not changes:
            return

        def set_fields(doc: ConfigDocument) -> None:
            for field, value in changes.items():
                doc.set_base_field(field, value)

        self._edit(set_fields)

    def action_migrate(self) -> None:
        session = self.rdapp.session
        if session is None:
            return
        from routedeck.document import EditError

        try:
            preview = session.preview_migration()
        except (MigrationError, EditError) as error:
            self.notify(str(error), title="Cannot migrate", severity="error", markup=False)
            return
        if not preview.changes_anything:
            self.notify("There is no legacy shorthand to migrate.")
            return
        migrated = preview.text  # already verified: confirming applies it as it was shown

        def answered(apply: bool | None) -> None:
            if apply:
                self._edit(lambda doc: doc.replace_text(migrated))

        self.app.push_screen(
            MigrationPreviewScreen(migration_summary(preview.plan), preview.diff), answered
        )

    def _edit(self, edit: Callable[[ConfigDocument], object]) -> bool:
        return self.rdapp.apply_edit(edit)

    def action_undo(self) -> None:
        self.rdapp.undo()

    def action_redo(self) -> None:
        self.rdapp.redo()

    def action_save(self) -> None:
        self.rdapp.save_flow()

    def action_focus_context(self) -> None:
        self.query_one("#platform").focus()

    def action_focus_routes(self) -> None:
        self.table.focus()

    def action_go_to_winner(self) -> None:
        if self.winner is None:
            self.notify("No route wins for this context.")
            return
        self.select_origin(self.winner.origin)
        self.table.focus()

    def palette_commands(self) -> Iterator[PaletteCommand]:
        """Every editor action for the command palette, made from the bindings themselves."""
        for binding in self.BINDINGS:
            if isinstance(binding, Binding) and binding.id not in NOT_IN_PALETTE:
                title = PALETTE_TITLES.get(binding.id or "", binding.description)
                yield title, binding.tooltip, partial(self.run_action, binding.action)
        yield from self._preset_commands()

    def _preset_commands(self) -> Iterator[PaletteCommand]:
        simulator = self.query_one(ContextSimulator)
        for label, context in PRESETS.items():
            shown = " ".join(f"{key}={value}" for key, value in context.items())

            def apply(context: Mapping[str, str] = context) -> None:
                simulator.set_context(context)

            yield (f"Simulate: {label}", shown, apply)
