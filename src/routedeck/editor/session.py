"""`EditorSession`: one config file being edited, its undo history and its analysis."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from routedeck.document import (
    Change,
    ConfigDocument,
    DocumentError,
    EditError,
    EmptyDocumentError,
    UnsavedEditsMarker,
    create_config,
    others_with_unsaved_edits,
)
from routedeck.document.agent_view import AgentView, Expander
from routedeck.document.entries import inherited_keys
from routedeck.document.migration_preview import MigrationPreview, preview_migration
from routedeck.editor.history import EditHistory
from routedeck.editor.operations import (
    DeleteLegacyEntry,
    DeleteRoute,
    InsertRoute,
    Migrate,
    MoveRoute,
    Operation,
    ReplayConflict,
    SetBaseFields,
    UpdateRoute,
    base_value,
    is_operation,
)
from routedeck.routing import CompiledRoutes, Diagnostic, MigrationPlan, Origin, diagnose

if TYPE_CHECKING:  # the agent is looked for after the first frame: its modules load then
    from routedeck.agent import AgentMatcher, Disagreement, InstalledAgent

NEW_CONFIG_TEXT = """\
# Hermes agent configuration, created by routedeck.
# routedeck edits only the `model:` section; everything else in this file is yours.

model:
  # The base model block: used for every turn no route matches.
  # default: "anthropic/claude-sonnet-4.5"
  provider: auto
"""

Edit = Callable[[ConfigDocument], object]


@dataclass(frozen=True)
class EditOutcome:
    """What an edit did: `refused` holds the reason when it was refused (the text is unchanged)."""

    refused: str | None = None
    changed: bool = False

    @property
    def applied(self) -> bool:
        return self.refused is None


@dataclass(frozen=True)
class Replay:
    """The session's edits replayed on the file as it now is on disk, not adopted yet."""

    document: ConfigDocument
    steps: list[Operation] = field(default_factory=list)

    @property
    def diff(self) -> str:
        """What saving the replayed text would change in the file on disk (secrets masked)."""
        return self.document.diff(mask_secrets=True)


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

    # ----- opening -----------------------------------------------------------------------------

    def open(self) -> str | None:
        """Read the file; returns a notice for the user, if any. Raises DocumentError or OSError
        (FileNotFoundError when there is no file: `create()` it first)."""
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
        """Take the file as it now is on disk, dropping unsaved edits and the history."""
        document = self._require()
        document.reload()
        self.history.clear()
        self._reset_journal()
        self._analyse()

    def _take(self, document: ConfigDocument) -> None:
        self.document = document
        self.history.clear()
        self._reset_journal()
        self._analyse()

    def _reset_journal(self, steps: list[Operation | None] | None = None) -> None:
        self._journal = list(steps or [])
        self._undone.clear()
        self._journal_lost = False

    def _require(self) -> ConfigDocument:
        if self.document is None:
            raise DocumentError("no file is open")
        return self.document

    # ----- analysis ----------------------------------------------------------------------------

    def _analyse(self) -> None:
        """The engine's view of the current text: compiled once per change, never per keystroke."""
        document = self._require()
        self.view = document.agent_view(self.environ, expander=self._expander)
        self.compiled = CompiledRoutes(self.view.model_config, self.view.provenance)
        self.revision += 1
        self._show_unsaved()

    def _show_unsaved(self) -> None:
        if self.dirty:
            self._marker.set()
        else:
            self._marker.clear()

    def others_editing(self) -> list[str]:
        """Other routedeck processes holding unsaved edits of this file, in a sentence each."""
        return [other.describe(self.path.name) for other in others_with_unsaved_edits(self.path)]

    def diagnose(self) -> tuple[int, list[Diagnostic]]:
        """(revision, diagnostics) of the current text; also kept in `diagnostics`."""
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
        return self.document is not None and self.document.is_dirty

    def apply(self, edit: Edit) -> EditOutcome:
        """Run one document edit as one undo step; a refused edit changes nothing. An
        `Operation` (the methods below make them) can also be replayed on the file as another
        program changed it (`replay_on_disk`); any other callable cannot."""
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
        routes = self._require().routes
        before = routes[index] if 0 <= index < len(routes) else None
        return self.apply(UpdateRoute(index, before, route))

    def insert_route(self, index: int, route: dict[str, Any]) -> EditOutcome:
        return self.apply(InsertRoute.at(self._require().routes, index, route))

    def delete_route(self, index: int) -> EditOutcome:
        routes = self._require().routes
        return self.apply(DeleteRoute(index, routes[index] if 0 <= index < len(routes) else None))

    def move_route(self, source: int, target: int) -> EditOutcome:
        routes = self._require().routes
        if not (0 <= source < len(routes) and 0 <= target < len(routes)):
            return EditOutcome(refused=f"there is no route at index {source} or {target}")
        return self.apply(MoveRoute.of(routes, source, target))

    def set_base_fields(self, changes: Mapping[str, Any]) -> EditOutcome:
        """Set fields of the base model block (None removes one), as one step."""
        model = self._require().model_config
        before = {name: (base_value(model, name), value) for name, value in changes.items()}
        return self.apply(SetBaseFields(before))

    def migrate(self, plan: MigrationPlan) -> EditOutcome:
        """Apply a migration plan (from `preview_migration`), as one step."""
        return self.apply(Migrate(plan))

    def delete_legacy_entry(self, origin: Origin) -> EditOutcome:
        """Delete one `platforms` / `by_source` entry, leaving the others as they are."""
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
        if not self.can_replay:
            raise ReplayConflict("these edits cannot be replayed (an undo went past the last save)")
        fresh = ConfigDocument.load(self.path, allow_empty=True)
        steps = [step for step in self._journal if step is not None]
        for number, step in enumerate(steps, 1):
            try:
                step.replay(fresh)
            except EditError as error:
                raise ReplayConflict(
                    f"edit {number} of {len(steps)}, the {step.describe()}, does not fit the "
                    f"file as it is now: {error}"
                ) from None
        return Replay(fresh, steps)

    def adopt(self, replay: Replay) -> None:
        """Take the replayed text: the file as it is on disk with the edits on top (unsaved)."""
        self.document = replay.document
        self.history.clear()
        self._reset_journal(list(replay.steps))
        self._analyse()

    def preview_migration(self) -> MigrationPreview:
        """The migration of the current text, not applied (MigrationError, EditError)."""
        return preview_migration(self._require())

    # ----- saving ------------------------------------------------------------------------------

    def save_diff(self) -> str:
        """The masked unified diff of what saving writes (slow on big files: call it off the UI
        thread)."""
        return self._require().diff(mask_secrets=True)

    def save(self, path: Path | None = None, *, force: bool = False) -> Path | None:
        """Write the file (to `path` when given: the session then edits that file); returns the
        backup's path. Raises ChangedOnDiskError (also when `path` exists, unless `force`),
        SaveError."""
        backup = self._require().save(path, force=force)
        if path is not None:
            self._marker.clear()
            self.path = Path(path)
            self._marker = UnsavedEditsMarker(self.path)
        self._reset_journal()
        self._show_unsaved()
        return backup


def undo_changes(document: ConfigDocument, changes: Sequence[Change]) -> None:
    """Take back Changes the document made, newest first."""
    for change in reversed(changes):
        document.apply_change(change.inverted())
