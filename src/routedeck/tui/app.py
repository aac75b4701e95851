"""The routedeck editor app: holds the document, its analysis and the edit history.

The main screen, the engine and the document layer are imported once the first frame is on
screen: launching must feel instant even on a 128 KB config.
"""

from __future__ import annotations

import asyncio
import gc
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen

from routedeck.tui.history import EditHistory
from routedeck.tui.screens.dialogs import ChangedOnDiskScreen, ConfirmScreen, QuitScreen
from routedeck.tui.screens.diff_preview import SavePreviewScreen
from routedeck.tui.screens.help import HelpScreen
from routedeck.tui.screens.load_error import LoadErrorScreen
from routedeck.tui.screens.loading import LoadingScreen

if TYPE_CHECKING:
    from routedeck.document import ConfigDocument
    from routedeck.routing import CompiledRoutes, Diagnostic

NEW_CONFIG_TEXT = """\
# Hermes agent configuration, created by routedeck.
# routedeck edits only the `model:` section; everything else in this file is yours.

model:
  # The base model block: used for every turn no route matches.
  # default: "anthropic/claude-sonnet-4.5"
  provider: auto
"""

EXIT_OK, EXIT_NOT_CREATED, EXIT_UNREADABLE = 0, 1, 2


class RouteDeckApp(App[int]):
    """`RouteDeckApp(path).run()` edits the `model.routes` of the config at `path`."""

    CSS_PATH = Path(__file__).with_name("routedeck.tcss")
    TITLE = "routedeck"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+q",
            "request_quit",
            "Quit",
            priority=True,
            tooltip="Quit (asks when there are unsaved changes)",
            id="app.quit",
        ),
        Binding("f1,question_mark", "help", "Help", tooltip="This help", id="app.help"),
    ]

    revision: reactive[int] = reactive(0, init=False)
    """Bumped after every load and edit; the main screen redraws from it."""
    dirty: reactive[bool] = reactive(False, init=False)

    def __init__(
        self,
        path: Path,
        *,
        context: Mapping[str, str] | None = None,
        environ: Mapping[str, str] | None = None,
        cursor_blink: bool = True,
    ) -> None:
        super().__init__()
        self.path = Path(path)
        self.initial_context = dict(context or {})
        self.environ = os.environ if environ is None else environ
        self.cursor_blink = cursor_blink
        self.document: ConfigDocument | None = None
        self.compiled: CompiledRoutes | None = None
        self.diagnostics: list[Diagnostic] = []
        self.history = EditHistory()
        self.exit_status = EXIT_OK

    def on_mount(self) -> None:
        self.title = self.path.name
        self.push_screen(LoadingScreen(self.path.name))
        if self.path.exists():
            self.call_after_refresh(self.load_document)
        else:
            self.push_screen(
                ConfirmScreen(
                    f"{self.path.name} does not exist",
                    f"{self.path}\nCreate it with an empty model block?",
                    confirm_label="Create (y)",
                    cancel_label="Quit (n)",
                ),
                self._create_answered,
            )

    # ----- loading ---------------------------------------------------------------------------

    def _create_answered(self, create: bool | None) -> None:
        if not create:
            self.exit(EXIT_NOT_CREATED)
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(NEW_CONFIG_TEXT, encoding="utf-8")
        except OSError as error:
            self.show_load_error(f"cannot create the file: {error.strerror}", None, None)
            return
        self.notify(f"Created {self.path}", markup=False)
        self.load_document()

    @work(thread=True, exclusive=True, group="load")
    def load_document(self) -> None:
        """Parse and analyse the file off the event loop, so the screen paints at once."""
        from routedeck.document import DocumentError

        try:
            document = self._read_document()
        except DocumentError as error:
            self.call_from_thread(self.show_load_error, error.message, error.line, error.column)
            return
        except OSError as error:
            message = f"cannot read the file: {error.strerror or error}"
            self.call_from_thread(self.show_load_error, message, None, None)
            return
        compiled, diagnostics = self._analyse(document)
        self.call_from_thread(self._document_loaded, document, compiled, diagnostics)

    def _read_document(self) -> ConfigDocument:
        """The document; an empty file is accepted (the first edit adds a `model:` block)."""
        from routedeck.document import ConfigDocument, EmptyDocumentError

        try:
            return ConfigDocument.load(self.path)
        except EmptyDocumentError:
            message = f"{self.path.name} is empty: your first edit adds a model: block."
            self.call_from_thread(self.notify, message, markup=False)
            return ConfigDocument.load(self.path, allow_empty=True)

    def _document_loaded(
        self, document: ConfigDocument, compiled: CompiledRoutes, diagnostics: list[Diagnostic]
    ) -> None:
        from routedeck.tui.screens.main import MainScreen

        self.document, self.compiled, self.diagnostics = document, compiled, diagnostics
        self.dirty = document.is_dirty
        self.revision += 1
        self.switch_screen(MainScreen())
        # A 10,000-route file makes a big heap: keep the collector from walking it mid-keystroke.
        self.call_after_refresh(gc.freeze)

    def show_load_error(self, message: str, line: int | None, column: int | None) -> None:
        self.exit_status = EXIT_UNREADABLE
        try:
            source = self.path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            source = ""
        self.switch_screen(LoadErrorScreen(self.path.name, message, line, column, source))

    def _analyse(self, document: ConfigDocument) -> tuple[CompiledRoutes, list[Diagnostic]]:
        """The engine's view of the document: compiled once per edit, never per keystroke."""
        from routedeck.routing import CompiledRoutes, diagnose

        compiled = CompiledRoutes(document.runtime_view(self.environ))
        return compiled, diagnose(document.model_config, document.value_sources())

    def refresh_analysis(self) -> None:
        if self.document is None:
            return
        self.compiled, self.diagnostics = self._analyse(self.document)
        self.dirty = self.document.is_dirty
        self.revision += 1

    def watch_dirty(self, dirty: bool) -> None:
        self.title = f"● {self.path.name}" if dirty else self.path.name

    # ----- editing ---------------------------------------------------------------------------

    def apply_edit(self, edit: Callable[[ConfigDocument], object]) -> bool:
        """Run one document edit as one undo step; a refused edit is reported, not raised."""
        from routedeck.document import EditError

        if self.document is None:
            return False
        before = self.document.to_text()
        try:
            edit(self.document)
        except EditError as error:
            if self.document.to_text() != before:  # a step of a several-step edit went through
                self.document.replace_text(before)
            self.notify(str(error), title="Edit refused", severity="error", markup=False)
            return False
        if self.document.to_text() != before:
            self.history.record(before)
        self.refresh_analysis()
        return True

    def undo(self) -> None:
        self._restore(self.history.undo, "Nothing to undo.")

    def redo(self) -> None:
        self._restore(self.history.redo, "Nothing to redo.")

    def _restore(self, take: Callable[[str], str | None], nothing: str) -> None:
        if self.document is None:
            return
        text = take(self.document.to_text())
        if text is None:
            self.notify(nothing)
            return
        self.document.replace_text(text)
        self.refresh_analysis()

    # ----- saving and quitting ---------------------------------------------------------------

    @work(exclusive=True, group="save")
    async def save_flow(self, quit_after: bool = False) -> None:
        """Preview the diff, then write in a thread; a file changed on disk asks what to do."""
        document = self.document
        if document is None:
            return
        if not document.is_dirty:
            self.notify("No unsaved changes.")
            if quit_after:
                self.exit(EXIT_OK)
            return
        diff = await asyncio.to_thread(document.diff, mask_secrets=True)  # 1 s at 10,000 routes
        preview = SavePreviewScreen(self.path.name, diff, self._problems_summary())
        if not await self.push_screen_wait(preview):
            return
        if await self._write(document) and quit_after:
            self.exit(EXIT_OK)

    def _problems_summary(self) -> str:
        """Errors and warnings to mention before saving, or "" when there are none."""
        from routedeck.tui.widgets.diagnostics import problem_counts

        if not any(d.severity in ("error", "warning") for d in self.diagnostics):
            return ""
        return problem_counts(self.diagnostics)

    async def _write(self, document: ConfigDocument) -> bool:
        from routedeck.document import ChangedOnDiskError, SaveError

        try:
            backup = await asyncio.to_thread(document.save)
        except ChangedOnDiskError:
            choice = await self.push_screen_wait(ChangedOnDiskScreen(self.path.name))
            if choice == "overwrite":
                return await self._overwrite(document)
            if choice == "reload":
                await self._reload(document)
            return False
        except SaveError as error:
            self.notify(str(error), title="Not saved", severity="error", markup=False)
            return False
        self._saved(backup)
        return True

    async def _reload(self, document: ConfigDocument) -> None:
        """Take the file as it now is on disk; one that no longer loads shows the error screen."""
        from routedeck.document import DocumentError

        try:
            await asyncio.to_thread(document.reload)
        except DocumentError as error:
            self.show_load_error(error.message, error.line, error.column)
            return
        except OSError as error:
            self.show_load_error(f"cannot read the file: {error.strerror or error}", None, None)
            return
        self.history.clear()
        self.refresh_analysis()
        self.notify(f"Reloaded {self.path.name} from disk.", markup=False)

    async def _overwrite(self, document: ConfigDocument) -> bool:
        from routedeck.document import SaveError

        try:
            backup = await asyncio.to_thread(document.save, None, True)
        except SaveError as error:
            self.notify(str(error), title="Not saved", severity="error", markup=False)
            return False
        self._saved(backup)
        return True

    def _saved(self, backup: Path | None) -> None:
        self.dirty = False  # the text did not change: its analysis still holds
        where = f"Backup: {backup}" if backup else "No backup was needed."
        self.notify(where, title=f"Saved {self.path.name}", markup=False)

    def action_request_quit(self) -> None:
        if isinstance(self.screen, QuitScreen):
            return
        if self.document is None or not self.document.is_dirty:
            self.exit(self.exit_status)
            return
        self.push_screen(QuitScreen(self.path.name), self._quit_answered)

    def _quit_answered(self, choice: str | None) -> None:
        if choice == "save":
            self.save_flow(quit_after=True)
        elif choice == "discard":
            self.exit(EXIT_OK)

    # ----- help and command palette ----------------------------------------------------------

    def action_help(self) -> None:
        from routedeck.tui.screens.main import MainScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self._key_help(MainScreen.BINDINGS), str(self.path)))

    def _key_help(self, screen_bindings: Iterable[BindingType]) -> Iterable[tuple[str, str]]:
        bindings = [*screen_bindings, *self.BINDINGS]
        for binding in bindings:
            if isinstance(binding, Binding) and binding.description:
                keys = " / ".join(
                    self.get_key_display(Binding(key, "")) for key in binding.key.split(",")
                )
                yield keys, str(binding.tooltip or binding.description)
        yield "ctrl+p", "Command palette: every action by name"
        yield "tab / shift+tab", "Move between the list, the simulator and the diagnostics"

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title != "Quit":
                yield command
        yield SystemCommand(
            "Quit", "Quit (asks when there are unsaved changes)", self.action_request_quit
        )
        yield SystemCommand("Help", "Keys and what the screen shows", self.action_help)
        palette_commands = getattr(screen, "palette_commands", None)
        if palette_commands is not None:
            for title, help_text, callback in palette_commands():
                yield SystemCommand(title, help_text, callback)
