"""Every key of the editor, in one table: the bindings, the footer's order, the help screen, the
command palette and the README's key table are all made from it.

Each `Key` belongs to the context where it acts (the route list, a text field, the editor as a
whole…); a context's `bindings()` go on the widget or screen of that context, so a key acts only
where it is about and the footer shows the focused context's keys. `FOOTER_ORDER` ranks them by
importance: the footer shows the most important first, whatever widget they are bound on.

`python -m routedeck.tui.keys` prints the README's key table.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from textual.binding import Binding, BindingType

KEY_NAMES = {
    "up": "↑",
    "down": "↓",
    "question_mark": "?",
    "slash": "/",
    "escape": "esc",
}


def key_name(key: str) -> str:
    """`alt+up` → `alt+↑`, `question_mark` → `?`: a key as the user reads it."""
    *modifiers, last = key.split("+")
    return "+".join([*modifiers, KEY_NAMES.get(last, last)])


@dataclass(frozen=True)
class Key:
    """One action and the keys bound to it (comma separated, the one to show first)."""

    id: str
    keys: str
    action: str
    label: str
    """Its name in the footer: one or two words."""
    help: str
    """What it does, in a sentence: the tooltip, the help screen and the README say this."""
    palette: str | None = None
    """Its title in the command palette; None keeps it out."""
    show: bool = True
    """False keeps it out of the footer (the help screen still lists it)."""
    priority: bool = False
    group: str | None = None
    """Keys of one group share one label in the footer (`K J Move`)."""

    @property
    def shown_keys(self) -> str:
        """`enter, e`, `alt+↑, shift+↑, K`."""
        return ", ".join(key_name(key) for key in self.keys.split(","))

    @property
    def first_key(self) -> str:
        return self.keys.split(",")[0]

    def binding(self, namespace: str = "") -> Binding:
        """The binding; an action without a namespace of its own runs on `namespace` ("screen",
        "app") when one is given."""
        action = self.action
        if namespace and "." not in action.split("(")[0]:
            action = f"{namespace}.{action}"
        return Binding(
            self.keys,
            action,
            self.label,
            show=self.show,
            priority=self.priority,
            tooltip=self.help,
            id=self.id,
            group=Binding.Group(self.group) if self.group else None,
        )


@dataclass(frozen=True)
class Context:
    """Where a group of keys acts, as the help screen and the README name it."""

    name: str
    keys: tuple[Key, ...]
    namespace: str = ""
    """The namespace of the actions when the keys are bound on a widget inside the screen."""

    def bindings(self) -> list[BindingType]:
        return [key.binding(self.namespace) for key in self.keys]

    def key(self, key_id: str) -> Key:
        return next(key for key in self.keys if key.id == key_id)


# ----- the route list ---------------------------------------------------------------------------

ROUTE_LIST = Context(
    "On the route list",
    (
        Key("route.edit", "enter,e", "edit_route", "Edit", "Edit the selected route", "Edit route"),
        Key(
            "route.add-below",
            "a",
            "add_route('below')",
            "Add",
            "Add a route below the selected one",
            "Add route below",
        ),
        Key(
            "route.add-above",
            "A",
            "add_route('above')",
            "Add above",
            "Add a route above the selected one",
            "Add route above",
        ),
        Key(
            "route.duplicate",
            "d",
            "duplicate_route",
            "Duplicate",
            "Duplicate the selected route below itself",
            "Duplicate route",
        ),
        Key(
            "route.delete",
            "x,delete",
            "delete_route",
            "Delete",
            "Delete the selected route or legacy entry (asks first)",
            "Delete route",
        ),
        Key(
            "route.move-up",
            "K,alt+up,shift+up",
            "move_route(-1)",
            "Up",
            "Move the route up: it is tried earlier",
            "Move route up",
            group="Move",
        ),
        Key(
            "route.move-down",
            "J,alt+down,shift+down",
            "move_route(1)",
            "Down",
            "Move the route down: it is tried later",
            "Move route down",
            group="Move",
        ),
        Key(
            "routes.filter",
            "slash",
            "filter_routes",
            "Filter",
            "Show only the routes whose name, match or model contain a text",
            "Filter routes",
        ),
        Key(
            "route.go-to-winner",
            "w",
            "go_to_winner",
            "Winner",
            "Select the route that wins for the context",
            "Go to the winning route",
        ),
        Key(
            "context.focus",
            "c",
            "focus_context",
            "Context",
            "Type a context in the simulator",
            "Edit context",
        ),
        Key(
            "base.edit",
            "b",
            "edit_base",
            "Base",
            "Edit the base model block: what applies when no route matches",
            "Edit base model",
        ),
        Key(
            "legacy.migrate",
            "m",
            "migrate",
            "Migrate",
            "Turn the legacy platforms / by_source shorthand into routes (diff first)",
            "Migrate legacy shorthand",
        ),
        Key(
            "routes.quit",
            "q",
            "app.request_quit",
            "Quit",
            "Quit (asks when there are unsaved changes)",
        ),
    ),
    namespace="screen",
)
"""Bound on the route list: none of them acts while typing in the simulator."""

ROUTE_LIST_MOVES = Context(
    "Moving on the route list",
    (
        Key("routes.down", "j,down", "cursor(1)", "Down", "Next route", show=False),
        Key("routes.up", "k,up", "cursor(-1)", "Up", "Previous route", show=False),
        Key("routes.first", "g,home", "first", "First", "First route", show=False),
        Key("routes.last", "G,end", "last", "Last", "Last route", show=False),
        Key("routes.page-down", "pagedown", "page(1)", "Page down", "A page down", show=False),
        Key("routes.page-up", "pageup", "page(-1)", "Page up", "A page up", show=False),
    ),
)
"""The route table's own cursor keys (vim and lazygit habits included)."""

FILTER = Context(
    "In the route filter",
    (
        Key(
            "filter.done",
            "enter",
            "filter_done",
            "Keep filter",
            "Back to the list, keeping the filter",
        ),
        Key(
            "filter.clear",
            "escape",
            "filter_clear",
            "Clear filter",
            "Back to the list, showing every route",
        ),
    ),
    namespace="screen",
)

DIAGNOSTICS = Context(
    "On the diagnostics",
    (
        Key(
            "diagnostics.go",
            "enter",
            "select",
            "Go to route",
            "Select the route the diagnostic is about",
        ),
    ),
)

SCENARIOS = Context(
    "On the scenarios",
    (
        Key(
            "scenarios.load",
            "enter",
            "select",
            "Simulate",
            "Load the scenario's context into the simulator",
        ),
        Key(
            "scenarios.unpin",
            "x,delete",
            "unpin",
            "Unpin",
            "Take back a scenario pinned since the last save",
        ),
        Key(
            "scenarios.reload",
            "r",
            "reload",
            "Re-read",
            "Read the scenario file again (after fixing it in another editor)",
        ),
    ),
)
"""Bound on the scenarios panel."""

# ----- anywhere on the main screen --------------------------------------------------------------

EDITOR = Context(
    "Anywhere in the editor",
    (
        Key(
            "file.save",
            "ctrl+s",
            "save",
            "Save",
            "Preview the diff, then save (a backup is kept)",
            "Save",
        ),
        Key(
            "history.undo",
            "ctrl+z",
            "undo",
            "Undo",
            "Undo the last edit (in a text field: its typing)",
            "Undo",
        ),
        Key(
            "history.redo",
            "ctrl+y",
            "redo",
            "Redo",
            "Redo the last undone edit (in a text field: its typing)",
            "Redo",
        ),
        Key(
            "scenario.pin",
            "ctrl+t,p",
            "pin_scenario",
            "Pin",
            "Pin the simulated context and its result as a new scenario (saved with the config)",
            "Pin the context as a scenario",
        ),
        Key(
            "panel.zoom",
            "z",
            "zoom",
            "Zoom",
            "Maximize the focused panel, or restore it (escape restores too)",
            "Maximize or restore the panel",
        ),
        Key("routes.focus", "escape", "focus_routes", "Route list", "Back to the route list"),
    ),
)
"""Bound on the main screen; `z` and the letters never act while a text field has the focus."""

TEXT_FIELD = Context(
    "In a text field",
    (
        Key(
            "input.undo",
            "ctrl+z",
            "undo_typing",
            "Undo typing",
            "Undo the typing in this field (never a route edit)",
        ),
        Key(
            "input.redo",
            "ctrl+y",
            "redo_typing",
            "Redo typing",
            "Redo the typing in this field",
            show=False,
        ),
    ),
)

APP = Context(
    "Everywhere",
    (
        Key(
            "app.quit",
            "ctrl+q",
            "app.request_quit",
            "Quit",
            "Quit (asks when there are unsaved changes)",
            "Quit",
            priority=True,
        ),
        Key(
            "app.help",
            "f1,question_mark",
            "help",
            "Help",
            "Every key, and what the screen shows",
            "Help",
        ),
    ),
)

# ----- forms and dialogs ------------------------------------------------------------------------

ROUTE_FORM = Context(
    "In the route and base model forms",
    (
        Key(
            "form.submit", "ctrl+s", "submit", "Apply", "Apply the form (enter in a field does too)"
        ),
        Key(
            "form.cancel",
            "escape",
            "cancel",
            "Cancel",
            "Close the form (asks first when something was typed)",
        ),
        Key("form.add-match", "ctrl+n", "add_match", "Match key", "Add a match key row"),
        Key(
            "form.add-other",
            "ctrl+o",
            "add_other",
            "Other key",
            "Add a row for another key (one the form has no field for)",
        ),
    ),
)

BASE_FORM = Context("In the base model form", (ROUTE_FORM.keys[0], ROUTE_FORM.keys[1]))

PREVIEW = Context(
    "In a diff preview",
    (
        Key(
            "preview.confirm",
            "enter",
            "answer('confirm')",
            "Confirm",
            "Apply what the preview shows",
        ),
        Key("preview.back", "escape", "answer('back')", "Back", "Go back without applying"),
    ),
)

SAVE_PREVIEW = Context(
    "In the save preview",
    (
        Key(
            "preview.confirm",
            "enter",
            "answer('confirm')",
            "Save",
            "Save the file as the preview shows",
        ),
        Key("preview.save-as", "a", "answer('save_as')", "Save as", "Save to another file instead"),
        Key("preview.back", "escape", "answer('back')", "Back", "Go back without saving"),
    ),
)

CONFIRM = Context(
    "In a yes / no question",
    (
        Key("confirm.yes", "y", "choose('confirm')", "Yes", "Yes"),
        Key("confirm.no", "n,escape", "choose('cancel')", "No", "No"),
    ),
)

QUIT = Context(
    "When quitting with unsaved changes",
    (
        Key("quit.save", "s", "choose('save')", "Save", "Save (after the preview), then quit"),
        Key("quit.discard", "d", "choose('discard')", "Discard", "Quit without saving"),
        Key("quit.keep", "k,escape", "choose('cancel')", "Keep editing", "Back to the editor"),
    ),
)

SCENARIOS_CHANGED = Context(
    "When the scenario file changed on disk",
    (
        Key(
            "scenarios-disk.reapply",
            "a",
            "choose('reapply')",
            "Re-apply",
            "Read the scenario file again and pin my scenarios into it (review, then save)",
        ),
        Key(
            "scenarios-disk.overwrite",
            "o",
            "choose('overwrite')",
            "Overwrite",
            "Overwrite the scenario file with my version (a backup is kept)",
        ),
        Key("scenarios-disk.cancel", "escape", "choose('cancel')", "Cancel", "Keep editing"),
    ),
)

CHANGED_ON_DISK = Context(
    "When the file changed on disk",
    (
        Key(
            "disk.reapply",
            "a",
            "choose('reapply')",
            "Re-apply",
            "Reload the file and re-apply my edits on it (diff first)",
        ),
        Key("disk.reload", "r", "choose('reload')", "Reload", "Reload the file, dropping my edits"),
        Key(
            "disk.overwrite",
            "o",
            "choose('overwrite')",
            "Overwrite",
            "Overwrite the file with my version (a backup is kept)",
        ),
        Key("disk.cancel", "escape", "choose('cancel')", "Cancel", "Keep editing without saving"),
    ),
)

SAVE_FAILED = Context(
    "When the file cannot be written",
    (
        Key("failed.save-as", "a", "choose('save_as')", "Save as", "Save to another file"),
        Key("failed.cancel", "escape", "choose('cancel')", "Cancel", "Keep editing without saving"),
    ),
)

SAVE_AS = Context(
    "When saving as",
    (
        Key("save-as.confirm", "enter", "submit", "Save", "Save to the path typed"),
        Key("save-as.cancel", "escape", "cancel", "Cancel", "Go back without saving"),
    ),
)

HELP = Context(
    "In the help",
    (Key("help.close", "escape,f1,question_mark,q", "dismiss", "Close", "Close the help"),),
)

MAIN_CONTEXTS = (
    ROUTE_LIST,
    ROUTE_LIST_MOVES,
    FILTER,
    DIAGNOSTICS,
    SCENARIOS,
    EDITOR,
    TEXT_FIELD,
    APP,
)
"""What the help screen and the README list: the editor's own keys."""
DIALOG_CONTEXTS = (ROUTE_FORM, SAVE_PREVIEW, CHANGED_ON_DISK, SCENARIOS_CHANGED, QUIT)

FOOTER_ORDER = (
    "route.edit",
    "diagnostics.go",
    "scenarios.load",
    "scenarios.unpin",
    "scenarios.reload",
    "filter.done",
    "filter.clear",
    "route.add-below",
    "route.delete",
    "route.move-up",
    "route.move-down",
    "scenario.pin",
    "file.save",
    "app.help",
    "routes.filter",
    "route.go-to-winner",
    "context.focus",
    "history.undo",
    "input.undo",
    "routes.focus",
    "base.edit",
    "legacy.migrate",
    "route.duplicate",
    "route.add-above",
    "history.redo",
    "panel.zoom",
    "routes.quit",
    "app.quit",
)
"""The most important first: the footer is cut at the terminal's width."""
_RANK = {key_id: rank for rank, key_id in enumerate(FOOTER_ORDER)}


def footer_rank(binding_id: str | None) -> int:
    """Where a binding goes in the footer (unranked ones, such as dialogs' keys, keep their
    order after the ranked ones)."""
    return _RANK.get(binding_id or "", len(_RANK))


PALETTE_ONLY = (("Save as…", "Save to another file (when this one is read-only, say)", "save_as"),)
"""(title, help, screen action) of the commands no key is bound to."""


def palette_keys(contexts: Iterable[Context]) -> Iterator[tuple[Key, Context]]:
    for context in contexts:
        for key in context.keys:
            if key.palette is not None:
                yield key, context


def key_sections(contexts: Iterable[Context] = MAIN_CONTEXTS) -> Iterator[tuple[str, list[Key]]]:
    """(context name, its keys) for the help screen and the README."""
    for context in contexts:
        yield context.name, list(context.keys)


README_START = (
    "<!-- keys: made by `python -m routedeck.tui.keys` from src/routedeck/tui/keys.py -->"
)
README_END = "<!-- /keys -->"


def readme_table() -> str:
    """The README's key tables, one per context, made from the bindings themselves (a test
    checks that the README holds exactly this between README_START and README_END)."""
    lines: list[str] = []
    for name, keys in key_sections((*MAIN_CONTEXTS, *DIALOG_CONTEXTS)):
        lines += [f"**{name}**", "", "| key | action |", "|---|---|"]
        lines += [f"| {key.shown_keys} | {key.help} |" for key in keys]
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(README_START, readme_table(), README_END, sep="\n")
