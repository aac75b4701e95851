"""Keys act where they are about; the footer, the help, the palette and the README all say
the same keys."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from routedeck.tui.keys import (
    MAIN_CONTEXTS,
    README_END,
    README_START,
    ROUTE_LIST,
    footer_rank,
    readme_table,
)
from routedeck.tui.screens.dialogs import ConfirmScreen, QuitScreen
from routedeck.tui.screens.help import HelpScreen
from routedeck.tui.screens.main import MainScreen
from routedeck.tui.widgets.result_panel import ResultPanel
from routedeck.tui.widgets.route_table import RouteTable

README = Path(__file__).resolve().parents[2] / "README.md"


def names(app) -> list[str | None]:
    return [route.get("name") for route in app.document.routes]


def shown_keys(screen) -> list[str]:
    """The footer's labels, in order (a group of keys such as `K J Move` is one label)."""
    labels = [
        active.binding.group.description if active.binding.group else active.binding.description
        for active in screen.active_bindings.values()
        if active.binding.show and active.enabled
    ]
    return list(dict.fromkeys(labels))


async def test_ctrl_z_in_the_simulator_undoes_its_typing_not_a_route_edit(
    open_editor, demo_path: Path
) -> None:
    async with open_editor(demo_path) as pilot:
        app = pilot.app
        await pilot.press("J")  # a route edit
        await pilot.pause()
        moved = names(app)
        assert moved[:2] == ["hub-peers", "owner-everywhere"]
        await pilot.press("c", *"hub", "space", *"x")
        platform = app.screen.query_one("#platform", Input)
        assert platform.value == "hub x"
        await pilot.press("ctrl+z")
        assert platform.value == "hub "  # the last word typed
        await pilot.press("ctrl+z", "ctrl+z", "ctrl+z")
        assert platform.value == ""
        assert names(app) == moved and app.dirty  # the route edit is still there
        await pilot.press("ctrl+y")
        assert platform.value == "hub"
        await pilot.press("escape", "ctrl+z")
        await pilot.pause()
        assert names(app)[:2] == ["owner-everywhere", "hub-peers"]  # on the list: the edit


async def test_route_list_keys_do_nothing_to_routes_while_typing(
    open_editor, demo_path: Path
) -> None:
    async with open_editor(demo_path) as pilot:
        app = pilot.app
        before = names(app)
        await pilot.press("c", "alt+down", "shift+down", *"dxJK", "delete")
        await pilot.pause()
        assert names(app) == before and not app.dirty
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one("#platform", Input).value == "dxJK"


async def test_vim_keys_filter_and_q_on_the_list(open_editor, demo_path: Path) -> None:
    async with open_editor(demo_path) as pilot:
        app = pilot.app
        table = app.screen.query_one(RouteTable)
        await pilot.press("j", "j")
        assert table.cursor_row == 2
        await pilot.press("k")
        assert table.cursor_row == 1
        await pilot.press("G")
        assert table.cursor_row == len(table.rows_shown) - 1
        await pilot.press("g")
        assert table.cursor_row == 0

        await pilot.press("slash", *"gemini")  # by model
        await pilot.pause()
        assert [row.name or str(row.origin) for row in table.rows_shown] == ["platforms.telegram"]
        await pilot.press("enter")  # back to the list, the filter kept
        assert app.focused is table and len(table.rows_shown) == 1
        assert "1 shown for “gemini”" in str(app.screen.query_one("#routes-pane").border_title)
        await pilot.press("slash", "ctrl+u", *"source_kind=cron")  # by match
        await pilot.pause()
        assert [row.name for row in table.rows_shown] == ["cron-local"]
        await pilot.press("escape")  # clears it
        assert len(table.rows_shown) == 7 and app.focused is table
        await pilot.press("slash", *"[red]x")  # typed text is never markup
        await pilot.pause()
        detail = str(app.screen.query_one("#route-detail").render())
        assert not table.rows_shown and "filter “[red]x”" in detail
        await pilot.press("escape")

        await pilot.press("J", "q")  # an unsaved edit: q asks, as ctrl+q does
        await pilot.pause()
        assert isinstance(app.screen, QuitScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_go_to_a_route_hidden_by_the_filter_clears_the_filter(
    open_editor, demo_path: Path
) -> None:
    async with open_editor(demo_path, context={"platform": "hub"}) as pilot:
        app = pilot.app
        await pilot.press("slash", *"owner", "enter", "w")
        await pilot.pause()
        table = app.screen.query_one(RouteTable)
        assert len(table.rows_shown) == 7
        assert table.selected_row is not None and table.selected_row.name == "hub-peers"


async def test_ctrl_c_says_how_to_quit(open_editor, demo_path: Path) -> None:
    async with open_editor(demo_path) as pilot:
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert any("ctrl+q" in note.message for note in pilot.app._notifications)
        assert isinstance(pilot.app.screen, MainScreen)


async def test_the_footer_shows_the_focused_panels_keys_most_important_first(
    open_editor, tricky_path: Path
) -> None:
    async with open_editor(tricky_path) as pilot:
        app = pilot.app
        on_list = shown_keys(app.screen)
        assert on_list[:4] == ["Edit", "Add", "Delete", "Move"]
        for label in ("Context", "Winner", "Add above", "Save", "Help", "Filter"):
            assert label in on_list
        keys_on_list = set(app.screen.active_bindings)
        assert {"c", "w", "e", "A", "j", "k", "g", "G", "slash", "q"} <= keys_on_list

        app.screen.query_one("#diagnostics").focus()
        await pilot.pause()
        assert shown_keys(app.screen)[0] == "Go to route"
        assert "Edit" not in shown_keys(app.screen)

        app.screen.query_one("#platform").focus()
        await pilot.pause()
        in_field = shown_keys(app.screen)
        assert "Undo typing" in in_field and "Undo" not in in_field
        assert not {"Edit", "Add", "Base", "Zoom"} & set(in_field)


async def test_dialogs_show_their_own_keys(open_editor, demo_path: Path) -> None:
    async with open_editor(demo_path) as pilot:
        app = pilot.app
        await pilot.press("x")
        assert isinstance(app.screen, ConfirmScreen)
        assert shown_keys(app.screen) == ["Yes", "No"]
        assert not {"a", "d", "J", "ctrl+s", "ctrl+z", "f1"} & set(app.screen.active_bindings)
        await pilot.press("a")  # a main-screen key does nothing here
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n", "J", "ctrl+q")
        assert isinstance(app.screen, QuitScreen)
        assert shown_keys(app.screen) == ["Save", "Discard", "Keep editing"]
        await pilot.press("k", "f1")
        assert isinstance(app.screen, HelpScreen)
        assert shown_keys(app.screen) == ["Close"]


async def test_z_maximizes_the_focused_panel_and_escape_restores_it(
    open_editor, demo_path: Path
) -> None:
    async with open_editor(demo_path) as pilot:
        app = pilot.app
        await pilot.press("z")
        assert app.screen.maximized is app.screen.query_one("#routes-pane")
        await pilot.press("escape")
        assert app.screen.maximized is None
        app.screen.query_one(ResultPanel).focus()
        await pilot.press("z")
        assert app.screen.maximized is app.screen.query_one(ResultPanel)
        await pilot.press("z")
        assert app.screen.maximized is None


def test_every_bound_key_is_in_the_footer_order_or_hidden() -> None:
    for context in MAIN_CONTEXTS:
        for key in context.keys:
            if key.show:
                assert footer_rank(key.id) < footer_rank(None), key.id


def test_route_list_actions_are_bound_on_the_list_only() -> None:
    list_actions = {key.action for key in ROUTE_LIST.keys}
    screen_actions = {
        binding.action for binding in MainScreen.BINDINGS if hasattr(binding, "action")
    }
    assert not list_actions & screen_actions


def test_the_readme_key_table_is_made_from_the_bindings() -> None:
    text = README.read_text(encoding="utf-8")
    start = text.index(README_START) + len(README_START) + 1
    end = text.index(README_END)
    assert text[start:end].strip() == readme_table().strip(), "run: python -m routedeck.tui.keys"


def test_runs_of_positions() -> None:
    from routedeck.tui.screens.main import runs

    assert list(runs([1, 2, 3, 7, 8, 10])) == [(1, 4), (7, 9), (10, 11)]
    assert list(runs([5])) == [(5, 6)]


async def test_a_filtered_list_shows_the_reason_of_rows_far_apart(
    open_editor, tmp_path: Path
) -> None:
    lines = ["model:", "  routes:"]
    for index in range(1000):
        lines += [f"    - match: {{ platform: p{index} }}", f"      model: m{index}"]
    path = tmp_path / "config.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    async with open_editor(path, context={"platform": "p500"}) as pilot:
        app = pilot.app
        await pilot.press("slash", *"p50", "enter")
        await pilot.pause()
        table = app.screen.query_one(RouteTable)
        shown = [str(row.origin) for row in table.rows_shown]
        assert shown[:3] == ["routes[50]", "routes[500]", "routes[501]"] and len(shown) == 11
        assert table.cell_text(0, 4) == "platform: wants p50, got p500"
        assert table.cell_text(1, 4) == "▶ WINS"
        assert table.cell_text(2, 4) == "platform: wants p501, got p500"
