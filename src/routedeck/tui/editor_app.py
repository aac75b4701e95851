"""What the screens need of the app, as a protocol: screens depend on this, never on the app
module itself (which imports the screens)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from routedeck.document import ConfigDocument
    from routedeck.editor import EditorSession, EditOutcome
    from routedeck.editor.session import Edit
    from routedeck.routing import CompiledRoutes, Diagnostic


class EditorApp(Protocol):
    """The editor app as its screens use it: the session on screen and the edit actions."""

    initial_context: dict[str, str]
    dirty: bool
    diagnostics_revision: int

    @property
    def session(self) -> EditorSession | None: ...

    @property
    def document(self) -> ConfigDocument | None: ...

    @property
    def compiled(self) -> CompiledRoutes | None: ...

    @property
    def routes(self) -> list[Any] | None: ...

    @property
    def diagnostics(self) -> list[Diagnostic]: ...

    def run_edit(
        self, change: Callable[[EditorSession], EditOutcome], *, report: bool = True
    ) -> str | None: ...

    def apply_edit(self, edit: Edit) -> bool: ...

    def undo(self) -> None: ...

    def open_first_look(self) -> None: ...

    def redo(self) -> None: ...

    def save_flow(self, quit_after: bool = False, save_as: bool = False) -> object: ...

    def ask_agent(self, context: dict[str, str]) -> object: ...
