"""`EditorSession`: one config file being edited, its undo history and its analysis.

Opening a file needs the reading half of the document layer and the engine's core only: the
edit operations, the traffic diff, the diagnostics and the migration are imported when first
used, so that the editor's first frame does not wait for them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from routedeck.document import (
    Change,
    ConfigDocument,
    DocumentError,
    EditError,
    EmptyDocumentError,
    SaveError,
    UnsavedEditsMarker,
    create_config,
    others_with_unsaved_edits,
    save_lock,
)
from routedeck.document.agent_reading import AgentView, Expander
from routedeck.editor.history import EditHistory
from routedeck.editor.scenarios import EditorScenarios, ScenariosNotSavedError
from routedeck.routing import (
    CompiledRoutes,
    Origin,
    RouteList,
    Scenario,
    ScenarioRun,
    effective_routes,
)

if TYPE_CHECKING:  # the agent is looked for after the first frame: its modules load then
    from routedeck.agent import AgentMatcher, Disagreement, InstalledAgent
    from routedeck.document.migration_preview import MigrationPreview
    from routedeck.editor.first_look import Glance
    from routedeck.editor.operations import Operation
    from routedeck.editor.traffic import NotCompared
    from routedeck.routing import BehaviourDiff, Diagnostic, MigrationPlan

NEW_CONFIG_TEXT = """\
# Hermes agent configuration, created by routedeck.
# routedeck edits only the `model:` section; everything else in this file is yours.

model:
  # The base model block: used for every turn no route matches.
  # default: "anthropic/claude-sonnet-4.5"
  provider: auto
"""

Edit = Callable[[ConfigDocument], object]
EDITING_MODULES = (
    "ruamel.yaml",
    "routedeck.document.comments",
    "routedeck.document.reread",
    "routedeck.editor.operations",
    "routedeck.editor.traffic",
)
"""What an edit and its notice import on first use (see the module's docstring)."""


@dataclass(frozen=True)
class EditOutcome:
    """What an edit did: `refused` holds the reason when it was refused (the text is unchanged)."""

    refused: str | None = None
    changed: bool = False

    @property
    def applied(self) -> bool:
        return self.refused is None


@dataclass(frozen=True)
class Traffic:
    """The model block as written (`${VAR}` kept) at one revision, as `routedeck diff` and
    `routedeck test` read it."""

    model_config: Any

    @cached_property
    def routes(self) -> RouteList:
        """Its effective route list, made once (off the UI thread, by the first diff)."""
        return effective_routes(self.model_config)


@dataclass(frozen=True)
class TrafficChange:
    """What a change of the text did to routing: the diff from `before` to `after`, for the
    session's `revision` (computed off the UI thread: `diff()`)."""

    revision: int
    before: Traffic
    after: Traffic

    def then(self, later: TrafficChange) -> TrafficChange:
        """This change followed by `later`: from this one's before to the later one's after."""
        return TrafficChange(later.revision, self.before, later.after)

    def diff(self, seconds: float | None = None) -> BehaviourDiff | NotCompared:
        """The diff, given `seconds` (by default `traffic.SECONDS`) before it says how far it
        got."""
        from routedeck.editor.traffic import SECONDS, edit_diff

        routes = (self.before.routes, self.after.routes)
        return edit_diff(
            self.before.model_config,
            self.after.model_config,
            seconds=SECONDS if seconds is None else seconds,
            routes=routes,
        )


@dataclass(frozen=True)
class SavedFiles:
    """What a save wrote: the backups (None for a file that did not exist) of the config and,
    when pinned scenarios were saved with it, of the scenario file."""

    config_backup: Path | None
    scenarios_saved: bool = False
    scenarios_backup: Path | None = None
    config_saved: bool = True
    """False when only pinned scenarios were saved (the config's text had not changed)."""


@dataclass(frozen=True)
class Replay:
    """The session's edits replayed on the file as it now is on disk, not adopted yet."""

    document: ConfigDocument
    steps: list[Operation] = field(default_factory=list)
    on_disk: Traffic | None = None
    """The model block of the file on disk, before the edits were replayed on it."""

    @property
    def diff(self) -> str:
        """What saving the replayed text would change in the file on disk (secrets masked)."""
        return self.document.diff(mask_secrets=True)

    def traffic(self, seconds: float | None = None) -> BehaviourDiff | NotCompared:
        """What saving the replayed text changes in routing, against the file on disk (given
        `seconds`, by default `traffic.SAVE_SECONDS`)."""
        from routedeck.editor.traffic import SAVE_SECONDS

        after = Traffic(self.document.agent_view().model_config)
        return TrafficChange(0, self.on_disk or after, after).diff(
            SAVE_SECONDS if seconds is None else seconds
        )


class EditorSession:
    """A config file opened for editing. Not thread-safe: one caller edits at a time.

    `compiled` (the engine's view, for the list, the simulator and the result) is rebuilt after
    every load, edit, undo and redo; `diagnostics` are slower, so they are computed on request
    (`diagnose()`), possibly in another thread, and each answer says which revision it is for.
    """

    def __init__(self, path: Path, *, environ: Mapping[str, str]) -> None:
        self.path = Path(path)
        self.environ = environ
        self.document: ConfigDocument | None = None
        self.compiled: CompiledRoutes | None = None
        self.view: AgentView | None = None
        """The model block as the agent uses it, `${VAR}` expanded from `environ`."""
        self.diagnostics: list[Diagnostic] = []
        self.revision = 0
        """Bumped after every load and every change of the text."""
        self.history = EditHistory()
        self.agent: InstalledAgent | None = None
        """The installed hermes-agent, once `find_agent()` looked for it."""
        self._matcher: AgentMatcher | None = None
        self._marker = UnsavedEditsMarker(self.path)
        self._expander = Expander(environ)
        """Expands `${VAR}` from `environ` again only where an edit changed the model block."""
        """Tells another routedeck opening the same file that this one holds unsaved edits."""
        self._journal: list[Operation | None] = []
        """The edits since the text was loaded or saved (None: one that cannot be replayed)."""
        self._undone: list[Operation | None] = []
        self._journal_lost = False
        """An undo went back past the loaded text: the edits can no longer be replayed."""
        self.scenarios = EditorScenarios(self.path)
        """The scenario file beside the config (SPEC §8), read when the config is opened."""
        self.scenario_run: ScenarioRun | None = None
        """The scenarios run on the current revision (None while the file has problems)."""
        self.last_change: TrafficChange | None = None
        """What the last edit, undo or redo did to routing (None after a load)."""
        self._traffic: Traffic | None = None
        self._on_disk: Traffic | None = None
        """The model block of the file as last read or saved: the save preview compares with
        it."""
        self._file_compiled: tuple[int, CompiledRoutes] | None = None

    # ----- opening -----------------------------------------------------------------------------

    def open(self, first_look: Glance | None = None) -> str | None:
        """Read the file; returns a notice for the user, if any. Raises DocumentError or OSError
        (FileNotFoundError when there is no file: `create()` it first). With the `first_look`
        taken at this file, open on what it read instead of reading the file again."""
        if first_look is not None:
            raw, status, parsed = first_look.raw, first_look.status, first_look.parsed
            self._take(ConfigDocument.of_read(raw, status, self.path, parsed))
            return None
        notice = None
        try:
            document = ConfigDocument.load(self.path)
        except EmptyDocumentError:
            notice = f"{self.path.name} is empty: your first edit adds a model: block."
            document = ConfigDocument.load(self.path, allow_empty=True)
        self._take(document)
        return notice

    def create(self) -> None:
        """Create the missing file with a small starting config, mode 0600 (it may come to hold
        secrets). Raises SaveError (a DocumentError)."""
        create_config(self.path, NEW_CONFIG_TEXT)

    def reload(self) -> None:
        """Take the file as it now is on disk, dropping unsaved edits and the history (and
        read the scenario file again, unless it holds scenarios pinned since)."""
        document = self._require()
        document.reload()
        self.history.clear()
        self._reset_journal()
        if not self.scenarios.dirty:
            self.scenarios.load()
        self._analyse(loaded=True)

    def _take(self, document: ConfigDocument) -> None:
        self.document = document
        self.history.clear()
        self._reset_journal()
        self.scenarios.load()
        self._analyse(loaded=True)

    def _reset_journal(self, steps: list[Operation | None] | None = None) -> None:
        self._journal = list(steps or [])
        self._undone.clear()
        self._journal_lost = False

    def _require(self) -> ConfigDocument:
        if self.document is None:
            raise DocumentError("no file is open")
        return self.document

    # ----- analysis ----------------------------------------------------------------------------

    def _analyse(self, *, loaded: bool = False) -> None:
        """The engine's view of the current text: compiled once per change, never per keystroke;
        the scenarios run on it, and what the change did to routing kept for `last_change`
        (`loaded`: the text is the file as on disk, no change of the user's)."""
        document = self._require()
        self.view = document.agent_view(self.environ, expander=self._expander)
        self.compiled = CompiledRoutes(self.view.model_config, self.view.provenance)
        self.revision += 1
        before = self._traffic
        # As written, it shares every part the edit did not change with the previous revision:
        # keeping that one for the notice costs next to nothing (an expanded view is a copy).
        self._traffic = Traffic(document.agent_view().model_config)
        if loaded or before is None:
            self.last_change = None
            self._on_disk = self._traffic
        else:
            self.last_change = TrafficChange(self.revision, before, self._traffic)
        self.run_scenarios()
        self._show_unsaved()

    def _expands_nothing(self) -> bool:
        """Whether the environment changes nothing in the text (no `${VAR}` to expand): the
        engine's view is then the model block as written too."""
        return not self.environ or "${" not in self._require().to_text()

    @property
    def file_compiled(self) -> CompiledRoutes:
        """The compiled model block as written (`${VAR}` kept), as `routedeck test` runs
        scenarios on it: `compiled` itself when the environment changes nothing."""
        document = self._require()
        if self.compiled is not None and self._expands_nothing():
            return self.compiled
        if self._file_compiled is None or self._file_compiled[0] != self.revision:
            view = document.agent_view()
            self._file_compiled = (self.revision, CompiledRoutes(view.model_config))
        return self._file_compiled[1]

    # ----- traffic and scenarios ---------------------------------------------------------------

    def traffic_since_saved(self, seconds: float | None = None) -> BehaviourDiff | NotCompared:
        """What saving changes in routing: the file on disk (as last read or saved) against
        the current text (given `seconds`, by default `traffic.SAVE_SECONDS`). Slow on big
        files: call it off the UI thread."""
        from routedeck.editor.traffic import SAVE_SECONDS

        document = self._require()
        after = self._traffic or Traffic(document.agent_view().model_config)
        before = self._on_disk or after
        return TrafficChange(self.revision, before, after).diff(
            SAVE_SECONDS if seconds is None else seconds
        )

    def run_scenarios(self) -> ScenarioRun | None:
        """Run the scenarios on the current text (kept in `scenario_run`)."""
        if self._traffic is None or self.compiled is None:
            return None
        # With no scenario to run, any compiled view gives the same coverage: every route.
        compiled = self.file_compiled if self.scenarios.scenarios else self.compiled
        self.scenario_run = self.scenarios.run(self._traffic.model_config, compiled)
        return self.scenario_run

    def pin_scenario(self, context: Mapping[str, str]) -> EditOutcome:
        """Pin `context` and the result it gets now as a new scenario, appended to the scenario
        file in memory (saved with the config); refused with the reason why nothing was
        pinned."""
        self._require()
        refused = self.scenarios.pin(context, self.file_compiled)
        if refused is not None:
            return EditOutcome(refused=refused)
        self.run_scenarios()
        self._show_unsaved()
        return EditOutcome(changed=True)

    def unpin_scenario(self, scenario: Scenario) -> EditOutcome:
        """Take back a scenario pinned since the scenario file was saved (refused, with the
        reason, for one that is in the file)."""
        refused = self.scenarios.unpin(scenario)
        if refused is not None:
            return EditOutcome(refused=refused)
        self.run_scenarios()
        self._show_unsaved()
        return EditOutcome(changed=True)

    def reload_scenarios(self) -> str | None:
        """Read the scenario file again (after it was fixed elsewhere); returns why not when it
        holds scenarios pinned since."""
        if self.scenarios.dirty:
            return (
                f"the scenarios you pinned are not saved into {self.scenarios.path.name} "
                "yet: save first (ctrl+s)"
            )
        self.scenarios.load()
        self.run_scenarios()
        return None

    def _show_unsaved(self) -> None:
        if self.dirty:
            self._marker.set()
        else:
            self._marker.clear()

    def prepare_editing(self) -> None:
        """Import what the first edit needs: an app calls it off its UI thread once the file
        is on screen, so that neither the launch nor the first edit waits for it."""
        for name in EDITING_MODULES:
            import_module(name)

    def others_editing(self) -> list[str]:
        """Other routedeck processes holding unsaved edits of this file, in a sentence each."""
        return [other.describe(self.path.name) for other in others_with_unsaved_edits(self.path)]

    def diagnose(self) -> tuple[int, list[Diagnostic]]:
        """(revision, diagnostics) of the current text; also kept in `diagnostics`."""
        from routedeck.routing import diagnose

        document = self._require()
        revision = self.revision
        found = diagnose(document.model_config, document.value_sources())
        if revision == self.revision:
            self.diagnostics = found
        return revision, found

    # ----- the installed agent -----------------------------------------------------------------

    def find_agent(self) -> InstalledAgent | None:
        """Look for the installed hermes-agent (slow: it may ask the agent's interpreter)."""
        from routedeck.agent import find_installed_agent

        self.agent = find_installed_agent(path=self.environ.get("PATH", ""))
        return self.agent

    @property
    def routes_warning(self) -> str | None:
        """The installed agent ignores routes that this file has."""
        if self.agent is None or self.document is None or not self.document.routes:
            return None
        return self.agent.routes_warning

    def ask_agent(self, context: Mapping[str, str]) -> Disagreement | None:
        """Run `context` through the installed agent's own apply_route too: None when it agrees
        with routedeck's engine (or there is no agent that routes). Slow: call it off the UI
        thread. AgentMatcherError when the agent cannot be asked."""
        if self.agent is None or not self.agent.has_routing or self.view is None:
            return None
        from routedeck.agent import compare_with_agent, open_matcher

        if self._matcher is None:
            self._matcher = open_matcher(self.agent)
        return compare_with_agent(self._matcher, self.view.model_config, context)

    def close(self) -> None:
        """Stop the agent's matcher process, if one runs, and withdraw the unsaved-edits marker."""
        self._marker.clear()
        if self._matcher is not None:
            self._matcher.close()
            self._matcher = None

    # ----- editing -----------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        """Unsaved edits of the config, or scenarios pinned and not saved yet."""
        return self.document is not None and (self.document.is_dirty or self.scenarios.dirty)

    def apply(self, edit: Edit) -> EditOutcome:
        """Run one document edit as one undo step; a refused edit changes nothing. An
        `Operation` (the methods below make them) can also be replayed on the file as another
        program changed it (`replay_on_disk`); any other callable cannot."""
        from routedeck.editor.operations import is_operation

        document = self._require()
        refused = None
        with document.recording() as changes:
            try:
                edit(document)
            except EditError as error:
                refused = str(error)
        if refused is not None:
            undo_changes(document, changes)  # the steps of a several-step edit that went through
            return EditOutcome(refused=refused)
        if not changes:
            return EditOutcome()
        self.history.record(tuple(changes))
        self._journal.append(edit if is_operation(edit) else None)  # type: ignore[arg-type]
        self._undone.clear()
        self._analyse()
        return EditOutcome(changed=True)

    def update_route(self, index: int, route: dict[str, Any]) -> EditOutcome:
        from routedeck.editor.operations import UpdateRoute

        routes = self._require().routes
        before = routes[index] if 0 <= index < len(routes) else None
        return self.apply(UpdateRoute(index, before, route))

    def insert_route(self, index: int, route: dict[str, Any]) -> EditOutcome:
        from routedeck.editor.operations import InsertRoute

        return self.apply(InsertRoute.at(self._require().routes, index, route))

    def delete_route(self, index: int) -> EditOutcome:
        from routedeck.editor.operations import DeleteRoute

        routes = self._require().routes
        return self.apply(DeleteRoute(index, routes[index] if 0 <= index < len(routes) else None))

    def move_route(self, source: int, target: int) -> EditOutcome:
        from routedeck.editor.operations import MoveRoute

        routes = self._require().routes
        if not (0 <= source < len(routes) and 0 <= target < len(routes)):
            return EditOutcome(refused=f"there is no route at index {source} or {target}")
        return self.apply(MoveRoute.of(routes, source, target))

    def set_base_fields(self, changes: Mapping[str, Any]) -> EditOutcome:
        """Set fields of the base model block (None removes one), as one step."""
        from routedeck.editor.operations import SetBaseFields, base_value

        model = self._require().model_config
        before = {name: (base_value(model, name), value) for name, value in changes.items()}
        return self.apply(SetBaseFields(before))

    def migrate(self, plan: MigrationPlan) -> EditOutcome:
        """Apply a migration plan (from `preview_migration`), as one step."""
        from routedeck.editor.operations import Migrate

        return self.apply(Migrate(plan))

    def delete_legacy_entry(self, origin: Origin) -> EditOutcome:
        """Delete one `platforms` / `by_source` entry, leaving the others as they are."""
        from routedeck.editor.operations import DeleteLegacyEntry

        model = self._require().model_config
        section = model.get(origin.section) if isinstance(model, Mapping) else None
        value = section.get(origin.key) if isinstance(section, Mapping) else None
        return self.apply(DeleteLegacyEntry(origin, value))

    def undo(self) -> bool:
        """Undo the last edit; False when there is nothing to undo."""
        step = self.history.undo()
        if step is None:
            return False
        undo_changes(self._require(), step)
        self._analyse()
        if self._journal:
            self._undone.append(self._journal.pop())
        else:
            self._journal_lost = True  # back before the text that was loaded or saved
        return True

    def redo(self) -> bool:
        step = self.history.redo()
        if step is None:
            return False
        document = self._require()
        for change in step:
            document.apply_change(change)
        self._analyse()
        if self._undone:
            self._journal.append(self._undone.pop())
        else:
            self._journal_lost = True
        return True

    # ----- what the forms ask ------------------------------------------------------------------

    def inherited(self, origin: Origin | None = None) -> dict[str, str]:
        """{field: why it cannot be removed here} for the fields the model block (`origin` None)
        or a route has only through a `<<: *anchor` merge."""
        from routedeck.document.entries import inherited_keys

        document = self._require()
        return {
            str(key): found.describe() for key, found in inherited_keys(document, origin).items()
        }

    def route_findings(
        self, route: Mapping[str, Any], index: int, *, replacing: bool
    ) -> list[Diagnostic]:
        """What the diagnostics would say about `route` once it is at routes[index] (replacing
        the route there, or inserted before it): shadowing, by an earlier route or of a later
        one, included. Slow on big files: call it off the UI thread."""
        from routedeck.routing import diagnose

        document = self._require()
        model = document.model_config
        block = dict(model) if isinstance(model, Mapping) else {"default": model}
        routes = list(document.routes)
        if replacing and 0 <= index < len(routes):
            routes[index] = route
        else:
            routes.insert(index, route)
        block["routes"] = routes
        origin = Origin.route(index)
        return [found for found in diagnose(block) if origin in found.origins]

    # ----- the file changed on disk ------------------------------------------------------------

    @property
    def can_replay(self) -> bool:
        """Whether every unsaved edit can be replayed on another version of the file."""
        return bool(self._journal) and not self._journal_lost and None not in self._journal

    def replay_on_disk(self) -> Replay:
        """The unsaved edits replayed, one by one and each verified, on the file as it now is
        on disk; the session is left as it is until `adopt()`. Raises ReplayConflict (an
        EditError) naming the edit that no longer fits, DocumentError or OSError."""
        from routedeck.editor.operations import ReplayConflict

        if not self.can_replay:
            raise ReplayConflict("these edits cannot be replayed (an undo went past the last save)")
        fresh = ConfigDocument.load(self.path, allow_empty=True)
        on_disk = Traffic(fresh.agent_view().model_config)
        steps = [step for step in self._journal if step is not None]
        for number, step in enumerate(steps, 1):
            try:
                step.replay(fresh)
            except EditError as error:
                raise ReplayConflict(
                    f"edit {number} of {len(steps)}, the {step.describe()}, does not fit the "
                    f"file as it is now: {error}"
                ) from None
        return Replay(fresh, steps, on_disk)

    def adopt(self, replay: Replay) -> None:
        """Take the replayed text: the file as it is on disk with the edits on top (unsaved)."""
        self.document = replay.document
        self.history.clear()
        self._reset_journal(list(replay.steps))
        self._analyse(loaded=True)
        self._on_disk = replay.on_disk

    def preview_migration(self) -> MigrationPreview:
        """The migration of the current text, not applied (MigrationError, EditError)."""
        from routedeck.document.migration_preview import preview_migration

        return preview_migration(self._require())

    # ----- saving ------------------------------------------------------------------------------

    def save_diff(self) -> str:
        """The masked unified diff of what saving writes (slow on big files: call it off the UI
        thread)."""
        return self._require().diff(mask_secrets=True)

    def scenarios_diff(self) -> str:
        """The masked unified diff of the scenarios pinned since the scenario file was read or
        saved ("" when none)."""
        return self.scenarios.diff()

    def save(
        self, path: Path | None = None, *, force: bool = False, force_scenarios: bool = False
    ) -> SavedFiles:
        """Write the config (to `path` when given: the session then edits that file) and the
        scenarios pinned since the scenario file was read, together under the config's save
        lock; each file is replaced atomically and its previous content kept as `.bak`.

        Raises ChangedOnDiskError (also when `path` exists, unless `force`) and
        ScenariosChangedOnDiskError (unless `force_scenarios`) before writing anything;
        SaveError when the config cannot be written; ScenariosNotSavedError when the config
        was written but the scenario file could not be (its pins stay unsaved)."""
        document = self._require()
        write_config = document.is_dirty or path is not None
        write_scenarios = self.scenarios.dirty
        with save_lock(path or self.path):
            if write_scenarios and not force_scenarios:
                self.scenarios.check_on_disk()
            backup = document.save(path, force=force) if write_config else None
            if write_config:
                self._on_disk = self._traffic
                self._after_config_saved(path)
            try:
                scenarios_backup = self.scenarios.save(force=force_scenarios)
            except SaveError as error:
                raise ScenariosNotSavedError(
                    f"{self.path.name} was saved, but {self.scenarios.path.name} was not "
                    f"({error.message}): the pinned scenarios are still unsaved"
                ) from error
        self._show_unsaved()
        return SavedFiles(backup, write_scenarios, scenarios_backup, config_saved=write_config)

    def _after_config_saved(self, path: Path | None) -> None:
        if path is not None:
            self._marker.clear()
            self.path = Path(path)
            self._marker = UnsavedEditsMarker(self.path)
        self._reset_journal()


def undo_changes(document: ConfigDocument, changes: Sequence[Change]) -> None:
    """Take back Changes the document made, newest first."""
    for change in reversed(changes):
        document.apply_change(change.inverted())
