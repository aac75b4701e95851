"""The routedeck editor app: a view of an `EditorSession` (routedeck.editor).

Launching must feel instant even on a 128 KB config, so the first frame waits for as little as
it can: a small file is read at once with a first look (`editor.Glance`: the route list and the
engine's view, nothing else), the main screen shows it, and the editing session opens right
after that frame. The dialogs, the edit machinery and the analyses are imported when first
used, and the panels beside the list are mounted after it is on screen (`MainScreen`).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import stat
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer

from routedeck.exit_status import ExitStatus
from routedeck.tui.commands import EditorCommands
from routedeck.tui.crash import crash_report
from routedeck.tui.keys import APP, DIALOG_CONTEXTS, MAIN_CONTEXTS, key_sections
from routedeck.tui.terminal_filter import ControlCharacters
from routedeck.words import plural

if TYPE_CHECKING:
    from routedeck.document import ConfigDocument
    from routedeck.editor import EditorSession, EditOutcome, Glance
    from routedeck.editor.session import Edit, SavedFiles, TrafficChange
    from routedeck.routing import CompiledRoutes, Diagnostic

NARROW_BELOW = 110
"""Columns below which the main screen stacks its panels (`-narrow`)."""
SHORT_BELOW = 34
"""Rows below which forms and panels drop their spacing (`-short`)."""
FEW_CHANGES = 3
"""An edit's notice describes its changes when there are at most this many; else it counts."""
TRAFFIC_QUIET = 0.3
"""Seconds without another edit, undo or redo before the notice of what they did to traffic is
computed: holding J moves a route many times, and only their sum is worth a notice (nor is a
diff per keystroke worth the time it takes from typing on a big file)."""
GC_YOUNG_THRESHOLD = 10_000
"""Allocations between the collector's youngest passes while editing (Python's default: 700)."""
DIAGNOSE_AFTER_EDIT = 0.4
"""Seconds after the last edit of a run before its diagnostics are looked for."""


class RouteDeckApp(App[int]):
    """`RouteDeckApp(path).run()` edits the `model.routes` of the config at `path`."""

    CSS_PATH = Path(__file__).with_name("routedeck.tcss")
    TITLE = "routedeck"
    BINDINGS: ClassVar[list[BindingType]] = APP.bindings()
    COMMANDS = App.COMMANDS | {EditorCommands}
    # Textual types these as lists; they are never mutated.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_BELOW, "-wide")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = [(0, "-short"), (SHORT_BELOW, "-tall")]  # noqa: RUF012

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
        self.glance: Glance | None = None
        """The first look at the file, shown until the session opens (None from then on)."""
        self.exit_status = ExitStatus.OK
        self._pending_traffic: tuple[TrafficChange, list[str]] | None = None
        """The changes since the last notice of what they did to traffic, and their kinds."""
        self._traffic_timer: Timer | None = None
        self._filters.append(ControlCharacters())
        self._diagnose_later: Timer | None = None
        self._loader: threading.Thread | None = None

    # ----- what the screens read ---------------------------------------------------------------

    @property
    def document(self) -> ConfigDocument | None:
        return self.session.document if self.session else None

    @property
    def compiled(self) -> CompiledRoutes | None:
        if self.session is not None:
            return self.session.compiled
        return self.glance.compiled if self.glance else None

    @property
    def routes(self) -> list[Any] | None:
        """`model.routes` as written: the session's, or the first look's until it opens."""
        if self.session is not None:
            return self.session.document.routes if self.session.document else None
        return self.glance.routes if self.glance else None

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return self.session.diagnostics if self.session else []

    # ----- loading -----------------------------------------------------------------------------

    def on_load(self) -> None:
        # No collection until the first frame is on screen: Textual's start and the first look
        # at the file make few reference cycles, and passes over the young objects they
        # allocate would only delay that frame (on_mount enables it again after the frame).
        gc.disable()

    def on_mount(self) -> None:
        self.call_after_refresh(gc.enable)
        self.title = self.path.name
        if is_small_file(self.path):  # read at once: the first frame is the route list
            if not self._show_first_look():
                self.open_session(self._new_session())
            return
        from routedeck.tui.screens.dialogs import ConfirmScreen
        from routedeck.tui.screens.loading import LoadingScreen

        self.push_screen(LoadingScreen(self.path.name))
        if may_exist(self.path):
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

    def _show_first_look(self) -> bool:
        """Show the route list from a first look at the file (the main screen opens the session
        as soon as that frame is up: `open_first_look`); False when the file cannot be read so
        (opening the session says why)."""
        from routedeck.document.errors import DocumentError
        from routedeck.editor import glance
        from routedeck.tui.screens.main import MainScreen

        try:
            first_look = glance(self.path, self.environ)
        except (DocumentError, OSError):
            return False
        self.glance = first_look
        self.show_screen(MainScreen())
        return True

    def open_first_look(self) -> None:
        """Open the session on the first look on screen, if one is waiting for it."""
        if self.glance is not None and self.session is None:
            self.open_session(self._new_session(), first_look=self.glance)

    def _create_answered(self, create: bool | None) -> None:
        if not create:
            self.exit(ExitStatus.FAILED)
            return
        from routedeck.document import DocumentError

        session = self._new_session()
        try:
            session.create()
        except DocumentError as error:
            self.show_load_error(f"cannot create the file: {error.message}", None, None)
            return
        self.notify(f"Created {self.path}", markup=False)
        self.load_document()

    def _new_session(self) -> EditorSession:
        from routedeck.editor import EditorSession

        return EditorSession(self.path, environ=self.environ)

    def load_document(self) -> None:
        """Read and analyse a big file off the event loop, behind the loading screen, in a
        daemon thread: quitting while it reads (ctrl+q answers at once) does not wait for it,
        and reading writes nothing that could be left half done."""
        self._loader = threading.Thread(
            target=self._load_in_thread, name="routedeck-load", daemon=True
        )
        self._loader.start()

    @property
    def still_loading(self) -> bool:
        """The file is still being read in the background (the user quit meanwhile)."""
        return self._loader is not None and self._loader.is_alive()

    def _load_in_thread(self) -> None:
        with contextlib.suppress(RuntimeError):  # the app was quit while the file was read
            try:
                self.open_session(self._new_session(), call=self.call_from_thread)
            except Exception as error:  # a bug: the app's crash report, not a raw traceback
                self.call_from_thread(self._handle_exception, error)

    def open_session(
        self,
        session: EditorSession,
        *,
        call: Callable[..., object] | None = None,
        first_look: Glance | None = None,
    ) -> None:
        """Open the file (on what `first_look` read, if given) and show it, or why it cannot be
        opened; `call` runs what touches the screen (`call_from_thread` from the loading
        thread)."""
        from routedeck.document import DocumentError

        show = call or (lambda function, *args: function(*args))
        try:
            notice = session.open(first_look)
        except DocumentError as error:
            show(self.show_load_error, error.message, error.line, error.column)
            return
        except OSError as error:
            show(
                self.show_load_error, f"cannot read the file: {error.strerror or error}", None, None
            )
            return
        show(self._session_opened, session, notice)

    def _session_opened(self, session: EditorSession, notice: str | None) -> None:
        from routedeck.tui.screens.main import MainScreen

        self.session = session
        self.glance = None
        if notice:
            self.notify(notice, markup=False)
        for other in session.others_editing():
            self.notify(other, title="Also open elsewhere", severity="warning", markup=False)
        if not any(isinstance(screen, MainScreen) for screen in self.screen_stack):
            self.show_screen(MainScreen())  # else it shows the first look already
        self.session_changed()
        self.call_after_refresh(self.find_agent)
        self.call_after_refresh(self.prepare_editing)
        # A 10,000-route file makes a big heap: keep the collector from walking it mid-keystroke,
        # and from running its full passes again and again while an edit builds the engine's
        # new view (at the default threshold they took a third of an edit at 10,000 routes).
        self.call_after_refresh(gc.freeze)
        gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])

    def show_screen(self, screen: Screen[Any]) -> None:
        """Show `screen` in place of the loading or editing screen (on top of the app's default
        screen when the file was read before the first frame)."""
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def show_load_error(self, message: str, line: int | None, column: int | None) -> None:
        from routedeck.document import DocumentError, read_regular_file
        from routedeck.document.agent_reading import BROKEN_FILE_STAKE, agent_cannot_read
        from routedeck.tui.screens.load_error import LoadErrorScreen

        self.exit_status = ExitStatus.UNUSABLE

        try:
            raw, _ = read_regular_file(self.path)
        except (OSError, DocumentError):  # not a regular file, too big, gone: no excerpt
            raw = b""
        source = raw.decode("utf-8", errors="replace")
        stake = BROKEN_FILE_STAKE if raw and agent_cannot_read(raw) else ""
        screen = LoadErrorScreen(self.path.name, message, line, column, source, stake)
        self.show_screen(screen)

    # ----- following the session ---------------------------------------------------------------

    def session_changed(self, what: str | None = None) -> None:
        """Show the session's new revision and find its diagnostics: at once after a load or a
        save; a moment after the last of a run of changes (`what`: Edit, Undo, Redo), so that
        neither the frame that shows a change nor the typing that follows it shares the
        processor with them. A notice of what the changes did to traffic follows them."""
        session = self.session
        if session is None:
            return
        self.dirty = session.dirty
        self.revision = session.revision
        if self._diagnose_later is not None:
            self._diagnose_later.stop()
            self._diagnose_later = None
        if what is None:
            self.call_after_refresh(self.find_diagnostics)
        else:
            self._diagnose_later = self.set_timer(DIAGNOSE_AFTER_EDIT, self.find_diagnostics)
        self._traffic_changed(session.last_change, what or "Edit")

    def _traffic_changed(self, change: TrafficChange | None, what: str) -> None:
        """Add a change to the ones waiting for their notice (a load drops them), and compute
        the notice once no other change follows for TRAFFIC_QUIET seconds."""
        if self._traffic_timer is not None:
            self._traffic_timer.stop()
            self._traffic_timer = None
        if change is None:
            self._pending_traffic = None
            return
        if self._pending_traffic is not None:
            earlier, whats = self._pending_traffic
            self._pending_traffic = (earlier.then(change), [*whats, what])
        else:
            self._pending_traffic = (change, [what])
        self._traffic_timer = self.set_timer(TRAFFIC_QUIET, self._report_pending_traffic)

    def _report_pending_traffic(self) -> None:
        self._traffic_timer = None
        if self._pending_traffic is not None:
            change, whats = self._pending_traffic
            self._pending_traffic = None
            self.report_traffic(change, changes_word(whats))

    # The description is given: by default it is the repr of the arguments, two whole model
    # blocks here (megabytes at 10,000 routes, kept with the worker).
    @work(thread=True, exclusive=True, group="traffic", description="report_traffic")
    def report_traffic(self, change: TrafficChange, what: str) -> None:
        """A notice of what edits, undos and redos did to routing: computed in a thread (it
        can take a while on a big file), shown only while their last is the last change."""
        diff = change.diff()
        session = self.session
        if session is None or session.revision != change.revision:
            return
        few = len(diff.changes) <= FEW_CHANGES
        summary = diff.summary(limit=FEW_CHANGES if few else 0)
        message = summary[:1].upper() + summary[1:] + "."
        title = f"{what}: routing unchanged" if diff.same else f"{what}: routing changed"
        self.call_from_thread(self._notify_traffic, change.revision, message, title)

    def _notify_traffic(self, revision: int, message: str, title: str) -> None:
        if self.session is not None and self.session.revision == revision:
            self.notify(message, title=title, markup=False)

    @work(thread=True, exclusive=True, group="diagnose")
    def find_diagnostics(self) -> None:
        """Diagnostics take a while on big files: typing and the list never wait for them."""
        session = self.session
        if session is None:
            return
        revision, _ = session.diagnose()
        self.call_from_thread(self._diagnosed, revision)

    @work(thread=True, exclusive=True, group="prepare")
    def prepare_editing(self) -> None:
        """The edit machinery is imported here, off the UI thread, once the list is on screen
        (the first edit would otherwise wait for it)."""
        if self.session is not None:
            self.session.prepare_editing()

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

    def run_edit(
        self, change: Callable[[EditorSession], EditOutcome], *, report: bool = True
    ) -> str | None:
        """Run one session edit as one undo step; returns why it was refused (also notified when
        `report`: a form shows it itself), or None."""
        if self.session is None:
            return "no file is open"
        outcome = change(self.session)
        if outcome.refused is not None:
            if report:
                self.notify(outcome.refused, title="Edit refused", severity="error", markup=False)
            return outcome.refused
        if outcome.changed:
            self.session_changed("Edit")
        return None

    def apply_edit(self, edit: Edit) -> bool:
        """Run any document edit as one undo step; a refused edit is reported, not raised."""
        return self.run_edit(lambda session: session.apply(edit)) is None

    def undo(self) -> None:
        self._step(lambda session: session.undo(), "Undo", "Nothing to undo.")

    def redo(self) -> None:
        self._step(lambda session: session.redo(), "Redo", "Nothing to redo.")

    def _step(self, step: Callable[[EditorSession], bool], what: str, nothing: str) -> None:
        if self.session is None:
            return
        if step(self.session):
            self.session_changed(what)
        else:
            self.notify(nothing)

    # ----- saving and quitting -----------------------------------------------------------------

    @work(exclusive=True, group="save")
    async def save_flow(self, quit_after: bool = False, save_as: bool = False) -> None:
        """Preview the diff, then write in a thread; a file changed on disk asks what to do, and
        one that cannot be written offers to save elsewhere."""
        session = self.session
        if session is None:
            return
        if not session.dirty and not save_as:
            self.notify("No unsaved changes.")
            if quit_after:
                self.exit(ExitStatus.OK)
            return
        if not save_as:
            from routedeck.tui.screens.diff_preview import SavePreviewScreen

            diff = await asyncio.to_thread(session.save_diff)
            _, diagnostics = await asyncio.to_thread(session.diagnose)
            traffic = await asyncio.to_thread(session.traffic_since_saved)
            preview = SavePreviewScreen(
                self.path.name,
                diff,
                problems_summary(diagnostics),
                scenario_verdict=scenario_verdict(session),
                traffic=traffic,
                scenarios=(
                    session.scenarios.path.name,
                    session.scenarios_diff(),
                    len(session.scenarios.pinned),
                ),
            )
            answer = await self.push_screen_wait(preview)
            if answer == "back":
                return
            save_as = answer == "save_as"
        saved = await (self._save_as(session) if save_as else self._write(session))
        if saved and quit_after:
            self.exit(ExitStatus.OK)

    async def _write(
        self, session: EditorSession, *, force: bool = False, force_scenarios: bool = False
    ) -> bool:
        from routedeck.document import ChangedOnDiskError, SaveError
        from routedeck.editor.scenarios import ScenariosChangedOnDiskError, ScenariosNotSavedError
        from routedeck.tui.screens.dialogs import ChangedOnDiskScreen, SaveFailedScreen

        try:
            saved = await asyncio.to_thread(
                lambda: session.save(force=force, force_scenarios=force_scenarios)
            )
        except ScenariosChangedOnDiskError:
            return await self._scenarios_changed(session, force=force)
        except ScenariosNotSavedError as error:
            self.dirty = session.dirty
            self.notify(str(error), title="Scenarios not saved", severity="error", markup=False)
            return False
        except ChangedOnDiskError:
            if force:
                raise
            screen = ChangedOnDiskScreen(self.path.name, can_reapply=session.can_replay)
            choice = await self.push_screen_wait(screen)
            if choice == "overwrite":
                return await self._write(session, force=True)
            if choice == "reapply":
                return await self._reapply(session)
            if choice == "reload":
                await self._reload(session)
            return False
        except SaveError as error:
            failed = await self.push_screen_wait(SaveFailedScreen(self.path.name, str(error)))
            return failed == "save_as" and await self._save_as(session)
        self._saved(session, saved)
        return True

    async def _scenarios_changed(self, session: EditorSession, *, force: bool) -> bool:
        """The scenario file changed on disk since it was read: pin the scenarios into it as it
        is now (then review and save again), overwrite it, or save nothing."""
        from routedeck.document import DocumentError
        from routedeck.tui.screens.dialogs import ScenariosChangedScreen

        name = session.scenarios.path.name
        choice = await self.push_screen_wait(ScenariosChangedScreen(name))
        if choice == "overwrite":
            return await self._write(session, force=force, force_scenarios=True)
        if choice == "reapply":
            try:
                count = await asyncio.to_thread(session.scenarios.reapply)
            except DocumentError as error:
                message = f"{error} Nothing was saved: your pinned scenarios are still here."
                self.notify(message, title="Cannot re-apply", severity="error", markup=False)
                return False
            session.run_scenarios()
            self.screen_scenarios_changed()
            self.notify(
                f"{plural(count, 'pinned scenario')} re-applied on {name} as "
                "it is now. Nothing was saved yet: review the preview and save (ctrl+s).",
                title=f"{name} read again",
                markup=False,
            )
        return False

    def screen_scenarios_changed(self) -> None:
        """Redraw the scenarios panel, if the main screen is under the dialogs."""
        from routedeck.tui.screens.main import MainScreen

        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.show_scenarios()

    def _saved(self, session: EditorSession, saved: SavedFiles) -> None:
        self.dirty = session.dirty  # the text did not change: its analysis still holds
        files = [(self.path.name, saved.config_backup)] if saved.config_saved else []
        if saved.scenarios_saved:
            files.append((session.scenarios.path.name, saved.scenarios_backup))
        where = "\n".join(
            f"Backup of {name}: {backup}" if backup else f"{name} is new: no backup needed"
            for name, backup in files
        )
        names = " and ".join(name for name, _ in files)
        self.notify(where, title=f"Saved {names}", markup=False)

    async def _save_as(self, session: EditorSession) -> bool:
        """Ask for a path and save there; the editor then edits that file."""
        from routedeck.document import SaveError
        from routedeck.tui.screens.dialogs import ConfirmScreen, SaveAsScreen

        suggested = self.path.with_name(f"{self.path.stem}-edited{self.path.suffix}")
        target = await self.push_screen_wait(SaveAsScreen(suggested))
        if target is None:
            return False
        other = target.resolve() != self.path.resolve()
        if other and target.exists():
            question = ConfirmScreen(
                f"{target.name} exists",
                f"{target}\nReplace it with this config? Its content is kept in {target.name}.bak.",
                confirm_label="Replace (y)",
                cancel_label="Back (n)",
                destructive=True,
            )
            if not await self.push_screen_wait(question):
                return False
        if not other:
            return await self._write(session)
        try:
            saved = await asyncio.to_thread(lambda: session.save(target, force=True))
        except SaveError as error:
            self.notify(str(error), title="Not saved", severity="error", markup=False)
            return False
        self.path = session.path
        self._saved(session, saved)
        self.title = self.path.name
        return True

    async def _reapply(self, session: EditorSession) -> bool:
        """Replay the session's edits on the file as it now is, show the result as a diff
        against the file on disk, and save it once confirmed."""
        from routedeck.document import DocumentError
        from routedeck.tui.screens.diff_preview import SavePreviewScreen

        try:
            replay = await asyncio.to_thread(session.replay_on_disk)
        except (DocumentError, OSError) as error:
            message = str(error) + " Nothing was changed: your edits are still here."
            self.notify(message, title="Cannot re-apply", severity="error", markup=False)
            return False
        steps = plural(len(replay.steps), "edit")
        title = f"Save {self.path.name} with your {steps} re-applied on the file as it is now?"
        traffic = await asyncio.to_thread(replay.traffic)
        answer = await self.push_screen_wait(
            SavePreviewScreen(self.path.name, replay.diff, title=title, traffic=traffic)
        )
        if answer == "back":
            return False
        session.adopt(replay)
        self.session_changed()
        if answer == "save_as":
            return await self._save_as(session)
        return await self._write(session)

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
        gc.enable()  # quit before the first frame
        if self.session is not None:
            self.session.close()

    def action_request_quit(self) -> None:
        from routedeck.tui.screens.dialogs import QuitScreen

        if isinstance(self.screen, QuitScreen):
            return
        if self.session is None or not self.session.dirty:
            self.exit(self.exit_status)
            return
        document = self.session.document
        names = [self.path.name] if document is not None and document.is_dirty else []
        if self.session.scenarios.dirty:
            names.append(self.session.scenarios.path.name)
        self.push_screen(QuitScreen(" and ".join(names)), self._quit_answered)

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
        from routedeck.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        sections = key_sections((*MAIN_CONTEXTS, *DIALOG_CONTEXTS))
        self.push_screen(HelpScreen(sections, str(self.path)))

    def action_help_quit(self) -> None:
        """ctrl+c: people press it to quit, so say how (it copies in a text field)."""
        self.notify(
            "Press ctrl+q to quit (q on the route list); you are asked first when there are "
            "unsaved changes.",
            title="Quit?",
            markup=False,
        )

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's own commands; routedeck's come from `EditorCommands`, with their keys."""
        for command in super().get_system_commands(screen):
            if command.title != "Quit":
                yield command
        if getattr(screen, "palette_commands", None) is None:
            yield SystemCommand(
                "Quit", "Quit (asks when there are unsaved changes)", self.action_request_quit
            )


def changes_word(whats: list[str]) -> str:
    """`Edit`, `3 edits`, `2 undos`, or `4 changes` when they are of several kinds."""
    if len(whats) == 1:
        return whats[0]
    kinds = set(whats)
    word = f"{whats[0].lower()}s" if len(kinds) == 1 else "changes"
    return f"{len(whats)} {word}"


def scenario_verdict(session: EditorSession) -> str:
    """What the scenarios say of the text about to be saved, when it is worth a line: some
    fail, or the scenario file has problems (so none could be run); else ""."""
    name, problems = session.scenarios.path.name, len(session.scenarios.problems)
    if problems:
        return f"{name} has {plural(problems, 'problem')}: no scenario was run (see Scenarios)."
    run = session.scenario_run
    if run is None or not run.failed:
        return ""
    return f"{run.failed} of {len(run.results)} scenarios fail with it (see Scenarios)."


def problems_summary(diagnostics: list[Diagnostic]) -> str:
    """Errors and warnings to mention before saving, or "" when there are none."""
    from routedeck.tui.widgets.diagnostics import problem_counts

    if not any(d.severity in ("error", "warning") for d in diagnostics):
        return ""
    return problem_counts(diagnostics)


def may_exist(path: Path) -> bool:
    """False only when there is no file at `path` (nothing, or a dangling symlink): the editor
    then offers to create it. A path that cannot even be looked at (a symlink loop, a folder
    without permission) may be a file: loading it says what is wrong."""
    try:
        path.stat()
    except FileNotFoundError:
        return False
    except OSError:
        return True
    return True


SMALL_FILE_BYTES = 256 * 1024
"""Files up to this size are read before the first frame (a few milliseconds), so the editor
opens straight onto the route list; bigger ones are read behind a loading screen."""


def is_small_file(path: Path) -> bool:
    """A regular file small enough to read before the first frame."""
    try:
        status = path.stat()
    except OSError:
        return False
    return stat.S_ISREG(status.st_mode) and status.st_size <= SMALL_FILE_BYTES
