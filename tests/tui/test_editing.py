"""Editing routes and the base block, migration, undo and redo: asserted on the document."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from routedeck.tui.screens.base_form import BaseModelScreen
from routedeck.tui.screens.dialogs import ConfirmScreen
from routedeck.tui.screens.diff_preview import MigrationPreviewScreen
from routedeck.tui.screens.main import MainScreen
from routedeck.tui.screens.route_form import RouteFormScreen
from routedeck.tui.widgets.route_table import RouteTable


def names(app) -> list[str | None]:
    return [route.get("name") for route in app.document.routes]


async def replace_input(pilot, field: str, text: str) -> None:
    widget = pilot.app.screen.query_one(f"#{field}", Input)
    widget.value = text
    await settle(pilot)


async def settle(pilot) -> None:
    """Let the form's findings (a worker thread) arrive."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_enter_opens_the_form_and_saving_it_updates_the_route(
    open_editor, demo_path: Path
) -> None:
    async with open_editor(demo_path) as pilot:
        app = pilot.app
        await pilot.press("down", "enter")
        assert isinstance(app.screen, RouteFormScreen)
        assert app.screen.query_one("#name", Input).value == "hub-peers"
        await replace_input(pilot, "model", "openrouter/cheap")
        await replace_input(pilot, "provider", "openrouter")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        route = app.document.routes[1]
        assert route["model"] == "openrouter/cheap"
        assert route["provider"] == "openrouter"
        assert route["max_tokens"] == 2048  # keys the form does not show are kept
        assert app.title == "● config.yaml"
        assert "openrouter/cheap  # cheapest capable model" in app.document.to_text()
        assert "# Agent-to-agent traffic on the Hub stays cheap." in app.document.to_text()


async def test_escape_cancels_the_form(open_editor, demo_path: Path) -> None:
    async with open_editor(demo_path) as pilot:
        app = pilot.app
        await pilot.press("enter")
        await pilot.press("escape")  # nothing typed: closes at once
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.press("a", "escape")  # an empty new route, too
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.press("enter")
        await replace_input(pilot, "model", "something-else")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)  # typed something: asks first
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, RouteFormScreen)
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert not app.document.is_dirty
        assert app.title == "config.yaml"


async def test_form_match_rows_args_secret_and_validation(open_editor, demo_path: Path) -> None:
    async with open_editor(demo_path) as pilot:
        app = pilot.app
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, RouteFormScreen)
        await settle(pilot)
        problems = form.query_one("#form-problems", Static)
        assert "empty" in str(problems.render())  # a route with no match never matches
        key, value = form.query(".match-row Input")
        key.value = "platform"
        await settle(pilot)
        assert "match key `platform` needs a value" in str(problems.render())
        value.value = "slack"
        await pilot.press("ctrl+n")
        await pilot.pause()
        second_key, second_value = list(form.query(".match-row Input"))[2:]
        second_key.value, second_value.value = "platform", "x"
        await settle(pilot)
        assert "appears twice" in str(problems.render())
        await pilot.click(".match-row:last-of-type .remove-row")
        await settle(pilot)
        await replace_input(pilot, "model", "slack-model")
        await replace_input(pilot, "provider", "anthropc")
        assert "did you mean `anthropic`" in str(problems.render())
        await replace_input(pilot, "provider", "anthropic")
        api_key = form.query_one("#api_key", Input)
        await replace_input(pilot, "api_key", "sk-typed-in-full")
        assert api_key.password  # a key is hidden while it is typed
        await replace_input(pilot, "api_key", "${SLACK_KEY}")
        assert not api_key.password  # a reference is not a secret
        await replace_input(pilot, "args", "--fast, --quiet")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.document.routes[1] == {
            "match": {"platform": "slack"},
            "model": "slack-model",
            "provider": "anthropic",
            "api_key": "${SLACK_KEY}",
            "args": ["--fast", "--quiet"],
        }


async def test_add_above_below_duplicate_and_delete(open_editor, demo_path: Path) -> None:
    async with open_editor(demo_path) as pilot:
        app = pilot.app
        await pilot.press("down", "A")  # above routes[1]
        await replace_input(pilot, "name", "above")
        form = app.screen
        key, value = form.query(".match-row Input")
        key.value, value.value = "user_id", "42"
        await pilot.press("enter")
        await pilot.pause()
        assert names(app)[:3] == ["owner-everywhere", "above", "hub-peers"]
        assert app.screen.query_one(RouteTable).cursor_row == 1
        await pilot.press("d")  # duplicate below
        await pilot.pause()
        assert names(app)[:4] == ["owner-everywhere", "above", "above-copy", "hub-peers"]
        await pilot.press("a")
        await replace_input(pilot, "name", "below")
        key, value = app.screen.query(".match-row Input")
        key.value, value.value = "platform", "email"
        await pilot.press("enter")
        await pilot.pause()
        assert names(app)[2:5] == ["above-copy", "below", "hub-peers"]
        await pilot.press("delete")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert "below" in names(app)
        await pilot.press("x", "y")
        await pilot.pause()
        assert names(app) == [
            "owner-everywhere",
            "above",
            "above-copy",
            "hub-peers",
            "cron-local",
            "discord-strangers",
        ]


async def test_move_with_alt_shift_and_vim_keys(open_editor, demo_path: Path) -> None:
    async with open_editor(demo_path) as pilot:
        app = pilot.app
        table = app.screen.query_one(RouteTable)
        await pilot.press("alt+down")
        await pilot.pause()
        assert names(app)[:2] == ["hub-peers", "owner-everywhere"]
        assert table.cursor_row == 1
        await pilot.press("shift+down", "J")
        await pilot.pause()
        assert names(app) == ["hub-peers", "cron-local", "discord-strangers", "owner-everywhere"]
        await pilot.press("J")  # already last: legacy entries always come after routes
        await pilot.pause()
        assert names(app)[-1] == "owner-everywhere"
        await pilot.press("K", "shift+up", "alt+up")
        await pilot.pause()
        assert names(app) == ["owner-everywhere", "hub-peers", "cron-local", "discord-strangers"]
        assert table.cursor_row == 0


async def test_undo_and_redo_every_edit(open_editor, demo_path: Path) -> None:
    original = demo_path.read_text(encoding="utf-8")
    async with open_editor(demo_path) as pilot:
        app = pilot.app
        await pilot.press("alt+down", "d", "x", "y")
        await pilot.pause()
        edited = app.document.to_text()
        for _ in range(3):
            await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.document.to_text() == original
        assert app.title == "config.yaml"
        await pilot.press("ctrl+z")  # nothing left: a notification, no change
        for _ in range(3):
            await pilot.press("ctrl+y")
        await pilot.pause()
        assert app.document.to_text() == edited
        assert app.title == "● config.yaml"


async def test_base_model_form(open_editor, demo_path: Path) -> None:
    async with open_editor(demo_path) as pilot:
        app = pilot.app
        await pilot.press("b")
        assert isinstance(app.screen, BaseModelScreen)
        assert app.screen.query_one("#default", Input).value == "anthropic/claude-sonnet-4.5"
        await replace_input(pilot, "default", "anthropic/claude-haiku-4.5")
        await replace_input(pilot, "base_url", "")
        await pilot.press("enter")
        await pilot.pause()
        model = app.document.model_config
        assert model["default"] == "anthropic/claude-haiku-4.5"
        assert "base_url" not in model
        assert model["provider"] == "openrouter"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert not app.document.is_dirty


async def test_migration_preview_then_apply(open_editor, demo_path: Path) -> None:
    async with open_editor(demo_path) as pilot:
        app = pilot.app
        await pilot.press("m")
        assert isinstance(app.screen, MigrationPreviewScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not app.document.is_dirty
        await pilot.press("m", "enter")
        await pilot.pause()
        model = app.document.model_config
        assert "platforms" not in model and "by_source" not in model
        assert [route["match"] for route in app.document.routes[4:]] == [
            {"platform": "telegram"},
            {"platform": "slack"},
            {"source_kind": "stranger"},
        ]
        assert "# cheap and fast for chat" in app.document.to_text()
        await pilot.press("m")  # nothing left to migrate
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_enter_on_a_legacy_row_explains_and_offers_migration(
    open_editor, demo_path: Path
) -> None:
    async with open_editor(demo_path) as pilot:
        app = pilot.app
        await pilot.press(*["down"] * 6, "enter")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, MigrationPreviewScreen)


async def test_command_palette_lists_and_runs_routedeck_actions(
    open_editor, demo_path: Path
) -> None:
    async with open_editor(demo_path) as pilot:
        app = pilot.app
        commands = {command.title: command.keys for command in app.screen.palette_commands()}
        expected = {"Edit route", "Add route below", "Add route above", "Duplicate route"}
        expected |= {"Delete route", "Move route up", "Move route down", "Edit base model"}
        expected |= {"Migrate legacy shorthand", "Undo", "Redo", "Save", "Quit", "Help"}
        expected |= {"Filter routes", "Save as…"}
        assert expected <= set(commands)
        assert commands["Edit route"] == "enter, e"  # the palette shows each action's key
        assert commands["Save"] == "ctrl+s"
        system = {command.title for command in app.get_system_commands(app.screen)}
        assert "Quit" not in system  # Textual's own quit skips the unsaved-changes question
        await pilot.press("ctrl+p", *"Duplicate route")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert names(app)[:2] == ["owner-everywhere", "owner-everywhere-copy"]


async def test_help_opens_with_f1_and_question_mark(open_editor, demo_path: Path) -> None:
    async with open_editor(demo_path) as pilot:
        app = pilot.app
        for key in ("f1", "question_mark"):
            await pilot.press(key)
            assert type(app.screen).__name__ == "HelpScreen"
            await pilot.press("escape")
            assert isinstance(app.screen, MainScreen)
