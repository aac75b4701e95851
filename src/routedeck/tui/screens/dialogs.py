"""Small modal dialogs, each returning a typed answer through `dismiss`."""

from __future__ import annotations

from typing import ClassVar, Literal, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static
from textual.widgets._button import ButtonVariant

QuitChoice = Literal["save", "discard", "cancel"]
DiskChoice = Literal["reload", "overwrite", "cancel"]
ChoiceT = TypeVar("ChoiceT")
ButtonSpec = tuple[str, str, ButtonVariant]


class ChoiceDialog(ModalScreen[ChoiceT]):
    """A title, a message and one button per answer; escape gives the `cancel` answer."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "choose('cancel')", "Cancel", id="dialog.cancel"),
    ]
    BUTTONS: ClassVar[tuple[ButtonSpec, ...]] = ()
    """(answer, label, variant) of each button, in order."""

    def __init__(self, title: str, message: str) -> None:
        super().__init__(classes="dialog-screen")
        self._title = title
        self._message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self._title), classes="dialog-title")
            yield Static(Text(self._message), classes="dialog-message")
            with Horizontal(classes="dialog-buttons"):
                for answer, label, variant in self.buttons():
                    yield Button(label, variant=variant, id=f"answer-{answer}")

    def buttons(self) -> tuple[ButtonSpec, ...]:
        return self.BUTTONS

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_choose(str(event.button.id).removeprefix("answer-"))

    def action_choose(self, answer: str) -> None:
        self.dismiss(self.answer_for(answer))

    def answer_for(self, answer: str) -> ChoiceT:
        raise NotImplementedError


class ConfirmScreen(ChoiceDialog[bool]):
    """Yes or no: `y` or the first button confirms, escape or `n` declines."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "choose('confirm')", "Yes", id="confirm.yes"),
        Binding("n", "choose('cancel')", "No", id="confirm.no"),
    ]

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

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "choose('save')", "Save", id="quit.save"),
        Binding("d", "choose('discard')", "Discard", id="quit.discard"),
        Binding("k", "choose('cancel')", "Keep editing", id="quit.keep"),
    ]
    BUTTONS = (
        ("save", "Save and quit (s)", "primary"),
        ("discard", "Discard changes (d)", "error"),
        ("cancel", "Keep editing (esc)", "default"),
    )

    def __init__(self, file_name: str) -> None:
        super().__init__(
            f"{file_name} has unsaved changes",
            "Save them before quitting, quit without saving, or go back to the editor?",
        )

    def answer_for(self, answer: str) -> QuitChoice:
        return "save" if answer == "save" else "discard" if answer == "discard" else "cancel"


class ChangedOnDiskScreen(ChoiceDialog[DiskChoice]):
    """The file changed since it was loaded: reload it, overwrite it, or cancel the save."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "choose('reload')", "Reload", id="disk.reload"),
        Binding("o", "choose('overwrite')", "Overwrite", id="disk.overwrite"),
    ]
    BUTTONS = (
        ("reload", "Reload from disk (r)", "warning"),
        ("overwrite", "Overwrite (o)", "error"),
        ("cancel", "Cancel (esc)", "default"),
    )

    def __init__(self, file_name: str) -> None:
        super().__init__(
            f"{file_name} changed on disk",
            "Another program changed the file since routedeck loaded it.\n"
            "Reload discards your edits and loads the file from disk; overwrite replaces the "
            "file with your version (a backup is kept); cancel keeps editing without saving.",
        )

    def answer_for(self, answer: str) -> DiskChoice:
        return (
            "reload" if answer == "reload" else "overwrite" if answer == "overwrite" else "cancel"
        )


def close_form(form: ModalScreen[ChoiceT | None], typed_something: bool) -> None:
    """Escape on a form: close it at once, or ask first when something was typed into it."""
    if not typed_something:
        form.dismiss(None)
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
            form.dismiss(None)

    form.app.push_screen(question, answered)
