"""The routedeck editor app: a view of an `EditorSession` (routedeck.editor).

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

from rich.text import Text
from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen

from routedeck.exit_status import ExitStatus
from routedeck.tui.crash import crash_report
from routedeck.tui.screens.dialogs import ChangedOnDiskScreen, ConfirmScreen, QuitScreen
from routedeck.tui.screens.diff_preview import SavePreviewScreen
from routedeck.tui.screens.help import HelpScreen
from routedeck.tui.screens.load_error import LoadErrorScreen
from routedeck.tui.screens.loading import LoadingScreen

if TYPE_CHECKING:
    from routedeck.document import ConfigDocument
    from routedeck.editor import EditorSession
    from routedeck.editor.session import Edit
    from routedeck.routing import CompiledRoutes, Diagnostic


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
    """The session's revision on screen: the main screen redraws when it changes."""
    diagnostics_revision: reactive[int] = reactive(0, init=False)
    """The revision the diagnostics on screen are for (they are computed in a thread)."""
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
        self.session: EditorSession | None = None
        self.exit_status = ExitStatus.OK

    # ----- what the screens read ---------------------------------------------------------------

    @property
    def document(self) -> ConfigDocument | None:
        return self.session.document if self.session else None

    @property
    def compiled(self) -> CompiledRoutes | None:
        return self.session.compiled if self.session else None

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return self.session.diagnostics if self.session else []

    # ----- loading -----------------------------------------------------------------------------

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

    def _create_answered(self, create: bool | None) -> None:
        if not create:
            self.exit(ExitStatus.FAILED)
            return
        session = self._new_session()
        try:
            session.create()
        except OSError as error:
            self.show_load_error(f"cannot create the file: {error.strerror}", None, None)
            return
        self.notify(f"Created {self.path}", markup=False)
        self.load_document()

    def _new_session(self) -> EditorSession:
        from routedeck.editor import EditorSession

        return EditorSession(self.path, environ=self.environ)

    @work(thread=True, exclusive=True, group="load")
    def load_document(self) -> None:
        """Read and analyse the file off the event loop, so the screen paints at once."""
        from routedeck.document import DocumentError

        session = self._new_session()
        try:
            notice = session.open()
        except DocumentError as error:
            self.call_from_thread(self.show_load_error, error.message, error.line, error.column)
            return
        except OSError as error:
            message = f"cannot read the file: {error.strerror or error}"
            self.call_from_thread(self.show_load_error, message, None, None)
            return
        self.call_from_thread(self._session_opened, session, notice)

    def _session_opened(self, session: EditorSession, notice: str | None) -> None:
        from routedeck.tui.screens.main import MainScreen

        self.session = session
        if notice:
            self.notify(notice, markup=False)
        self.switch_screen(MainScreen())
        self.session_changed()
        self.find_agent()
        # A 10,000-route file makes a big heap: keep the collector from walking it mid-keystroke.
        self.call_after_refresh(gc.freeze)

    def show_load_error(self, message: str, line: int | None, column: int | None) -> None:
        from routedeck.document.agent_view import BROKEN_FILE_STAKE, agent_cannot_read

        self.exit_status = ExitStatus.UNUSABLE
        try:
            raw = self.path.read_bytes() if self.path.is_file() else b""
        except OSError:
            raw = b""
        source = raw.decode("utf-8", errors="replace")
        stake = BROKEN_FILE_STAKE if raw and agent_cannot_read(raw) else ""
        screen = LoadErrorScreen(self.path.name, message, line, column, source, stake)
        self.switch_screen(screen)

    # ----- following the session ---------------------------------------------------------------

    def session_changed(self) -> None:
        """Show the session's new revision, and start finding its diagnostics."""
        if self.session is None:
            return
        self.dirty = self.session.dirty
        self.revision = self.session.revision
        self.find_diagnostics()

    @work(thread=True, exclusive=True, group="diagnose")
    def find_diagnostics(self) -> None:
        """Diagnostics take a while on big files: typing and the list never wait for them."""
        session = self.session
        if session is None:
            return
        revision, _ = session.diagnose()
        self.call_from_thread(self._diagnosed, revision)

    @work(thread=True, exclusive=True, group="agent")
    def find_agent(self) -> None:
        """Whether the installed agent reads routes: it may take a subprocess to tell."""
        session = self.session
        if session is not None and session.find_agent() is not None:
            self.call_from_thread(self._agent_found, session)

    def _agent_found(self, session: EditorSession) -> None:
        agent = session.agent
        if agent is None:
            return
        warning = session.routes_warning
        if warning:
            self.notify(warning, title="Routes not read", severity="warning", markup=False)
        if agent.has_routing:
            self.sub_title = f"results checked by {agent.name}'s own apply_route"
            self.ask_agent(self.screen_context())

    def screen_context(self) -> dict[str, str]:
        context = getattr(self.screen, "context", None)
        return dict(context) if isinstance(context, dict) else {}

    @work(thread=True, exclusive=True, group="ask-agent")
    def ask_agent(self, context: dict[str, str]) -> None:
        """Compare routedeck's answer with the agent's own for the simulated context."""
        from routedeck.agent import AgentMatcherError

        session = self.session
        if session is None or not context:
            return
        try:
            disagreement = session.ask_agent(context)
        except AgentMatcherError as error:
            message = f"cannot ask the installed agent: {error}"
            self.call_from_thread(self.notify, message, severity="warning", markup=False)
            return
        if disagreement is not None:
            self.call_from_thread(
                self.notify,
                disagreement.describe(),
                title="routedeck bug",
                severity="error",
                timeout=30,
                markup=False,
            )

    def _diagnosed(self, revision: int) -> None:
        if self.session is not None and revision == self.session.revision:
            self.diagnostics_revision = revision

    def watch_dirty(self, dirty: bool) -> None:
        self.title = f"● {self.path.name}" if dirty else self.path.name

    # ----- editing -----------------------------------------------------------------------------

    def apply_edit(self, edit: Edit) -> bool:
        """Run one document edit as one undo step; a refused edit is reported, not raised."""
        if self.session is None:
            return False
        outcome = self.session.apply(edit)
        if outcome.refused is not None:
            self.notify(outcome.refused, title="Edit refused", severity="error", markup=False)
            return False
        if outcome.changed:
            self.session_changed()
        return True

    def undo(self) -> None:
        self._step(lambda session: session.undo(), "Nothing to undo.")

    def redo(self) -> None:
        self._step(lambda session: session.redo(), "Nothing to redo.")

    def _step(self, step: Callable[[EditorSession], bool], nothing: str) -> None:
        if self.session is None:
            return
        if step(self.session):
            self.session_changed()
        else:
            self.notify(nothing)

    # ----- saving and quitting -----------------------------------------------------------------

    @work(exclusive=True, group="save")
    async def save_flow(self, quit_after: bool = False) -> None:
        """Preview the diff, then write in a thread; a file changed on disk asks what to do."""
        session = self.session
        if session is None:
            return
        if not session.dirty:
            self.notify("No unsaved changes.")
            if quit_after:
                self.exit(ExitStatus.OK)
            return
        diff = await asyncio.to_thread(session.save_diff)
        _, diagnostics = await asyncio.to_thread(session.diagnose)
        preview = SavePreviewScreen(self.path.name, diff, problems_summary(diagnostics))
        if not await self.push_screen_wait(preview):
            return
        if await self._write(session) and quit_after:
            self.exit(ExitStatus.OK)

    async def _write(self, session: EditorSession, *, force: bool = False) -> bool:
        from routedeck.document import ChangedOnDiskError, SaveError

        try:
            backup = await asyncio.to_thread(lambda: session.save(force=force))
        except ChangedOnDiskError:
            if force:
                raise
            choice = await self.push_screen_wait(ChangedOnDiskScreen(self.path.name))
            if choice == "overwrite":
                return await self._write(session, force=True)
            if choice == "reload":
                await self._reload(session)
            return False
        except SaveError as error:
            self.notify(str(error), title="Not saved", severity="error", markup=False)
            return False
        self.dirty = False  # the text did not change: its analysis still holds
        where = f"Backup: {backup}" if backup else "No backup was needed."
        self.notify(where, title=f"Saved {self.path.name}", markup=False)
        return True

    async def _reload(self, session: EditorSession) -> None:
        """Take the file as it now is on disk; one that no longer loads shows the error screen."""
        from routedeck.document import DocumentError

        try:
            await asyncio.to_thread(session.reload)
        except DocumentError as error:
            self.show_load_error(error.message, error.line, error.column)
            return
        except OSError as error:
            self.show_load_error(f"cannot read the file: {error.strerror or error}", None, None)
            return
        self.session_changed()
        self.notify(f"Reloaded {self.path.name} from disk.", markup=False)

    def on_unmount(self) -> None:
        if self.session is not None:
            self.session.close()

    def action_request_quit(self) -> None:
        if isinstance(self.screen, QuitScreen):
            return
        if self.session is None or not self.session.dirty:
            self.exit(self.exit_status)
            return
        self.push_screen(QuitScreen(self.path.name), self._quit_answered)

    def _quit_answered(self, choice: str | None) -> None:
        if choice == "save":
            self.save_flow(quit_after=True)
        elif choice == "discard":
            self.exit(ExitStatus.OK)

    # ----- crashes -----------------------------------------------------------------------------

    def _handle_exception(self, error: Exception) -> None:
        super()._handle_exception(error)
        self._return_code = ExitStatus.CRASHED

    def _fatal_error(self) -> None:
        """Textual's report prints every frame's locals (the config and its secrets): print
        `crash_report` instead."""
        self.bell()
        error = self._exception
        report = crash_report(error) if error is not None else "routedeck stopped."
        self._exit_renderables.append(Text(report))
        self._close_messages_no_wait()

    # ----- help and command palette ------------------------------------------------------------

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

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
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


def problems_summary(diagnostics: list[Diagnostic]) -> str:
    """Errors and warnings to mention before saving, or "" when there are none."""
    from routedeck.tui.widgets.diagnostics import problem_counts

    if not any(d.severity in ("error", "warning") for d in diagnostics):
        return ""
    return problem_counts(diagnostics)
