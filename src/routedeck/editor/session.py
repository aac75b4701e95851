"""`EditorSession`: one config file being edited, its undo history and its analysis."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from routedeck.agent import (
    AgentMatcher,
    Disagreement,
    InstalledAgent,
    compare_with_agent,
    find_installed_agent,
    open_matcher,
)
from routedeck.document import (
    ConfigDocument,
    DocumentError,
    EditError,
    EmptyDocumentError,
)
from routedeck.document.agent_view import AgentView
from routedeck.document.migration_preview import MigrationPreview, preview_migration
from routedeck.editor.history import EditHistory
from routedeck.routing import CompiledRoutes, Diagnostic, diagnose

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
        """Create the missing file with a small starting config. Raises OSError."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(NEW_CONFIG_TEXT, encoding="utf-8")

    def reload(self) -> None:
        """Take the file as it now is on disk, dropping unsaved edits and the history."""
        document = self._require()
        document.reload()
        self.history.clear()
        self._analyse()

    def _take(self, document: ConfigDocument) -> None:
        self.document = document
        self.history.clear()
        self._analyse()

    def _require(self) -> ConfigDocument:
        if self.document is None:
            raise DocumentError("no file is open")
        return self.document

    # ----- analysis ----------------------------------------------------------------------------

    def _analyse(self) -> None:
        """The engine's view of the current text: compiled once per change, never per keystroke."""
        document = self._require()
        self.view = document.agent_view(self.environ)
        self.compiled = CompiledRoutes(self.view.model_config, self.view.provenance)
        self.revision += 1

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
        if self._matcher is None:
            self._matcher = open_matcher(self.agent)
        return compare_with_agent(self._matcher, self.view.model_config, context)

    def close(self) -> None:
        """Stop the agent's matcher process, if one runs."""
        if self._matcher is not None:
            self._matcher.close()
            self._matcher = None

    # ----- editing -----------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return self.document is not None and self.document.is_dirty

    def apply(self, edit: Edit) -> EditOutcome:
        """Run one document edit as one undo step; a refused edit changes nothing."""
        document = self._require()
        before = document.to_text()
        try:
            edit(document)
        except EditError as error:
            if document.to_text() != before:  # a step of a several-step edit went through
                document.replace_text(before)
            return EditOutcome(refused=str(error))
        if document.to_text() == before:
            return EditOutcome()
        self.history.record(before)
        self._analyse()
        return EditOutcome(changed=True)

    def undo(self) -> bool:
        """Undo the last edit; False when there is nothing to undo."""
        return self._restore(self.history.undo)

    def redo(self) -> bool:
        return self._restore(self.history.redo)

    def _restore(self, take: Callable[[str], str | None]) -> bool:
        document = self._require()
        text = take(document.to_text())
        if text is None:
            return False
        document.replace_text(text)
        self._analyse()
        return True

    def preview_migration(self) -> MigrationPreview:
        """The migration of the current text, not applied (MigrationError, EditError)."""
        return preview_migration(self._require())

    # ----- saving ------------------------------------------------------------------------------

    def save_diff(self) -> str:
        """The masked unified diff of what saving writes (slow on big files: call it off the UI
        thread)."""
        return self._require().diff(mask_secrets=True)

    def save(self, *, force: bool = False) -> Path | None:
        """Write the file; returns the backup's path. Raises ChangedOnDiskError, SaveError."""
        return self._require().save(force=force)
