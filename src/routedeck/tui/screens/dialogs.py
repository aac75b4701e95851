"""Small modal dialogs, each returning a typed answer through `dismiss`, each with its own keys in
its own footer (the editor's keys do nothing while a dialog is open)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, Literal, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Static
from textual.widgets._button import ButtonVariant

from routedeck.routing.text import terminal_safe, terminal_safe_lines
from routedeck.tui.keys import (
    CHANGED_ON_DISK,
    CONFIRM,
    QUIT,
    SAVE_AS,
    SAVE_FAILED,
    SCENARIOS_CHANGED,
)
from routedeck.tui.screens import DIALOGS_CSS
from routedeck.tui.widgets.fields import TextInput

QuitChoice = Literal["save", "discard", "cancel"]
DiskChoice = Literal["reapply", "reload", "overwrite", "cancel"]
ScenariosDiskChoice = Literal["reapply", "overwrite", "cancel"]
SaveFailedChoice = Literal["save_as", "cancel"]
ChoiceT = TypeVar("ChoiceT")
ButtonSpec = tuple[str, str, ButtonVariant]


class ChoiceDialog(ModalScreen[ChoiceT]):
    """A title, a message and one button per answer."""

    CSS_PATH = DIALOGS_CSS

    BUTTONS: ClassVar[tuple[ButtonSpec, ...]] = ()
    """(answer, label, variant) of each button, in order."""

    def __init__(self, title: str, message: str) -> None:
        super().__init__(classes="dialog-screen")
        self._title = title
        self._message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(terminal_safe(self._title)), classes="dialog-title")
            yield Static(Text(terminal_safe_lines(self._message)), classes="dialog-message")
            with Horizontal(classes="dialog-buttons"):
                for answer, label, variant in self.buttons():
                    yield Button(label, variant=variant, id=f"answer-{answer}")
        yield Footer()

    def buttons(self) -> tuple[ButtonSpec, ...]:
        return self.BUTTONS

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_choose(str(event.button.id).removeprefix("answer-"))

    def action_choose(self, answer: str) -> None:
        if any(spec[0] == answer for spec in self.buttons()) or answer == "cancel":
            self.dismiss(self.answer_for(answer))

    def answer_for(self, answer: str) -> ChoiceT:
        raise NotImplementedError


class ConfirmScreen(ChoiceDialog[bool]):
    """Yes or no: `y` or the first button confirms, escape or `n` declines."""

    BINDINGS: ClassVar[list[BindingType]] = CONFIRM.bindings()

    def __init__(
        self,
        title: str,
        message: str,
        *,
        confirm_label: str = "Yes",
        cancel_label: str = "Cancel",
        destructive: bool = False,
    ) -> None:
        super().__init__(title, message)
        variant: ButtonVariant = "error" if destructive else "primary"
        self._buttons: tuple[ButtonSpec, ...] = (
            ("confirm", confirm_label, variant),
            ("cancel", cancel_label, "default"),
        )

    def buttons(self) -> tuple[ButtonSpec, ...]:
        return self._buttons

    def answer_for(self, answer: str) -> bool:
        return answer == "confirm"


class QuitScreen(ChoiceDialog[QuitChoice]):
    """Unsaved changes: save, discard them, or keep editing."""

    BINDINGS: ClassVar[list[BindingType]] = QUIT.bindings()
    BUTTONS = (
        ("save", "Save and quit (s)", "primary"),
        ("discard", "Discard changes (d)", "error"),
        ("cancel", "Keep editing (esc)", "default"),
    )

    def __init__(self, file_names: str) -> None:
        """`file_names`: `config.yaml`, or `config.yaml and config.scenarios.yaml`."""
        verb = "have" if " and " in file_names else "has"
        super().__init__(
            f"{file_names} {verb} unsaved changes",
            "Save them before quitting, quit without saving, or go back to the editor?",
        )

    def answer_for(self, answer: str) -> QuitChoice:
        return "save" if answer == "save" else "discard" if answer == "discard" else "cancel"


class ChangedOnDiskScreen(ChoiceDialog[DiskChoice]):
    """The file changed since it was loaded: re-apply the edits on it, reload it, overwrite it,
    or cancel the save."""

    BINDINGS: ClassVar[list[BindingType]] = CHANGED_ON_DISK.bindings()

    def __init__(self, file_name: str, *, can_reapply: bool = True) -> None:
        reapply = (
            "Re-apply reloads the file and replays your edits on it, each checked, then shows "
            "the diff before saving; "
            if can_reapply
            else "Your edits cannot be re-applied (an undo went back past the last save); "
        )
        super().__init__(
            f"{file_name} changed on disk",
            "Another program changed the file since routedeck loaded it.\n"
            f"{reapply}reload drops your edits and loads the file from disk; overwrite replaces "
            "the file with your version (a backup is kept); cancel keeps editing without saving.",
        )
        self._can_reapply = can_reapply

    def buttons(self) -> tuple[ButtonSpec, ...]:
        reapply: tuple[ButtonSpec, ...] = (
            (("reapply", "Re-apply (a)", "primary"),) if self._can_reapply else ()
        )
        return (
            *reapply,
            ("reload", "Reload (r)", "warning"),
            ("overwrite", "Overwrite (o)", "error"),
            ("cancel", "Cancel (esc)", "default"),
        )

    def answer_for(self, answer: str) -> DiskChoice:
        choices: tuple[DiskChoice, ...] = ("reapply", "reload", "overwrite")
        return next((choice for choice in choices if choice == answer), "cancel")


class ScenariosChangedScreen(ChoiceDialog[ScenariosDiskChoice]):
    """The scenario file changed since it was read: pin the scenarios into it as it is now,
    overwrite it, or cancel the save (nothing was written)."""

    BINDINGS: ClassVar[list[BindingType]] = SCENARIOS_CHANGED.bindings()
    BUTTONS = (
        ("reapply", "Re-apply (a)", "primary"),
        ("overwrite", "Overwrite (o)", "error"),
        ("cancel", "Cancel (esc)", "default"),
    )

    def __init__(self, file_name: str) -> None:
        super().__init__(
            f"{file_name} changed on disk",
            "Another program changed the scenario file since routedeck read it; nothing was "
            "saved, neither it nor the config.\nRe-apply reads it again and pins your new "
            "scenarios into it (then review and save again); overwrite replaces it with your "
            "version (a backup is kept); cancel keeps editing without saving.",
        )

    def answer_for(self, answer: str) -> ScenariosDiskChoice:
        choices: tuple[ScenariosDiskChoice, ...] = ("reapply", "overwrite")
        return next((choice for choice in choices if choice == answer), "cancel")


class SaveFailedScreen(ChoiceDialog[SaveFailedChoice]):
    """The file cannot be written (read-only, say): save the edits to another file instead."""

    BINDINGS: ClassVar[list[BindingType]] = SAVE_FAILED.bindings()
    BUTTONS = (
        ("save_as", "Save as… (a)", "primary"),
        ("cancel", "Cancel (esc)", "default"),
    )

    def __init__(self, file_name: str, reason: str) -> None:
        super().__init__(
            f"{file_name} was not saved",
            f"{reason}\nNothing was written and your edits are still here. Save them to another "
            "file, or cancel and keep editing.",
        )

    def answer_for(self, answer: str) -> SaveFailedChoice:
        return "save_as" if answer == "save_as" else "cancel"


class SaveAsScreen(ModalScreen[Path | None]):
    """A path to save to: a folder that exists, a name that is not a folder."""

    CSS_PATH = DIALOGS_CSS

    BINDINGS: ClassVar[list[BindingType]] = SAVE_AS.bindings()
    AUTO_FOCUS = "#save-as-path"

    def __init__(self, suggested: Path) -> None:
        super().__init__(classes="dialog-screen")
        self._suggested = suggested

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("Save as"), classes="dialog-title")
            yield Static(
                "The editor then edits the new file; the original is left as it is.",
                classes="dialog-message",
            )
            yield TextInput(str(self._suggested), id="save-as-path", compact=True)
            yield Static(id="save-as-problem", classes="form-problem")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (enter)", variant="primary", id="save-as-submit")
                yield Button("Cancel (esc)", id="save-as-cancel")
        yield Footer()

    def problem(self, typed: str) -> str:
        """Why the typed path cannot be saved to, or ""."""
        if not typed.strip():
            return "Type a file name."
        path = Path(typed.strip()).expanduser()
        if path.is_dir():
            return f"{path} is a folder: add a file name."
        if not path.parent.is_dir():
            return f"The folder {path.parent} does not exist."
        return ""

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        problem = self.query_one("#save-as-problem", Static)
        problem.update(Text(self.problem(event.value)))

    @on(Input.Submitted)
    @on(Button.Pressed, "#save-as-submit")
    def action_submit(self) -> None:
        typed = self.query_one("#save-as-path", Input).value
        problem = self.problem(typed)
        if problem:
            self.query_one("#save-as-problem", Static).update(Text(problem))
            return
        self.dismiss(Path(typed.strip()).expanduser())

    @on(Button.Pressed, "#save-as-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def close_form(form: ModalScreen[bool], typed_something: bool) -> None:
    """Escape on a form: close it at once, or ask first when something was typed into it
    (closing gives False: nothing was applied)."""
    if not typed_something:
        form.dismiss(False)
        return
    question = ConfirmScreen(
        "Discard what you typed?",
        "The changes in this form are not applied yet; closing it loses them.",
        confirm_label="Discard (y)",
        cancel_label="Keep editing (n)",
        destructive=True,
    )

    def answered(discard: bool | None) -> None:
        if discard:
            form.dismiss(False)

    form.app.push_screen(question, answered)
