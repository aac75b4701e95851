"""The route and base model forms: what they show before applying, and what they never lose."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, Input, Static

from routedeck.routing.secrets import mask_secret
from routedeck.tui.screens.base_form import BaseModelScreen
from routedeck.tui.screens.dialogs import ConfirmScreen
from routedeck.tui.screens.main import MainScreen
from routedeck.tui.screens.route_form import OtherRow, RouteFormScreen
from routedeck.tui.widgets.fields import SecretField
from routedeck.tui.widgets.route_table import RouteTable


async def settle(pilot) -> None:
    """Let the form's findings (a worker thread) arrive."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def problems(app) -> str:
    return str(app.screen.query_one("#form-problems", Static).render())


async def set_value(pilot, selector: str, text: str) -> None:
    pilot.app.screen.query_one(selector, Input).value = text
    await settle(pilot)


async def test_applying_an_untouched_new_route_says_nothing_was_added(
    open_editor, demo_path: Path
) -> None:
    async with open_editor(demo_path) as pilot:
        app = pilot.app
        await pilot.press("a", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert any("Nothing was added" in note.message for note in app._notifications)
        assert not app.dirty


async def test_the_add_form_shows_shadowing_before_the_route_is_added(
    open_editor, demo_path: Path
) -> None:
    async with open_editor(demo_path) as pilot:
        app = pilot.app
        await pilot.press("a")  # below routes[0] (owner-everywhere: source_kind=owner)
        key, value = app.screen.query(".match-row Input")
        key.value, value.value = "source_kind", "owner"
        await set_value(pilot, "#model", "never-used")
        shown = problems(app)
        assert "this route can never win: routes[0] (owner-everywhere)" in shown
        assert not app.dirty  # nothing is applied yet

        await set_value(pilot, ".match-row .match-value", "hub_peer")  # now it shadows nothing
        assert "can never win" not in problems(app)


async def test_a_route_that_would_shadow_a_later_one_says_so(open_editor, demo_path: Path) -> None:
    async with open_editor(demo_path) as pilot:
        app = pilot.app
        await pilot.press("A")  # above routes[0]
        key, value = app.screen.query(".match-row Input")
        key.value, value.value = "platform", "discord"
        await set_value(pilot, "#model", "catch-all")
        assert "routes[4] (discord-strangers) can never win: this route" in problems(app)


MERGED = """\
defaults: &defaults
  provider: openrouter
  base_url: https://openrouter.ai/api/v1
model:
  default: base
  routes:
    - <<: *defaults
      name: merged
      match: { platform: cli }
      model: m
"""


async def test_clearing_a_value_inherited_through_an_anchor_explains_and_keeps_the_form(
    open_editor, tmp_path: Path
) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(MERGED, encoding="utf-8")
    async with open_editor(path) as pilot:
        app = pilot.app
        await pilot.press("enter")
        await set_value(pilot, "#model", "typed-model")
        await set_value(pilot, "#provider", "")
        assert "comes from anchor &defaults (line 1)" in problems(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RouteFormScreen)  # still open, nothing lost
        assert app.screen.query_one("#model", Input).value == "typed-model"
        assert not app.dirty
        await set_value(pilot, "#provider", "anthropic")  # its own value: fine
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.document.routes[0]["provider"] == "anthropic"
        assert app.document.routes[0]["model"] == "typed-model"
        assert "<<: *defaults" in app.document.to_text()


async def test_a_refused_edit_keeps_the_form_open_with_what_was_typed(
    open_editor, tmp_path: Path
) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("model:\n  routes: [{match: {platform: cli}, model: m}]\n", encoding="utf-8")
    async with open_editor(path) as pilot:
        app = pilot.app
        await pilot.press("a")
        key, value = app.screen.query(".match-row Input")
        key.value, value.value = "platform", "cron"
        await set_value(pilot, "#model", "kept")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RouteFormScreen)  # a one-line list takes no new item
        assert "Not applied: model.routes is not a block list" in problems(app)
        assert app.screen.query_one("#model", Input).value == "kept"
        assert not app.dirty


async def test_unknown_and_model_block_keys_are_shown_with_their_diagnostic_and_editable(
    open_editor, tricky_path: Path
) -> None:
    async with open_editor(tricky_path) as pilot:
        app = pilot.app
        await pilot.press("j", "j", "enter")  # typo-key: `modle: gpt-4.1`
        await settle(pilot)
        rows = {row.key: row for row in app.screen.query(OtherRow)}
        assert set(rows) == {"modle"}
        note = str(rows["modle"].query_one(".other-note", Static).render())
        assert "unknown key `modle`" in note and "did you mean `model`" in note
        await set_value(pilot, ".other-key", "model")  # fix the typo where it is
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        route = app.document.routes[2]
        assert route["model"] == "gpt-4.1" and "modle" not in route

        await pilot.press("enter", "ctrl+o")
        await pilot.pause()
        keys = app.screen.query(".other-key")
        keys.last().value = "context_length"
        app.screen.query(".other-value").last().value = "8192"
        await settle(pilot)
        rows = {row.key: row for row in app.screen.query(OtherRow)}
        assert "ignored by the router" in str(
            rows["context_length"].query_one(".other-note", Static).render()
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.document.routes[2]["context_length"] == 8192  # a number, not "8192"


async def test_the_base_form_edits_context_length(open_editor, demo_path: Path) -> None:
    async with open_editor(demo_path) as pilot:
        app = pilot.app
        await pilot.press("b")
        assert isinstance(app.screen, BaseModelScreen)
        await set_value(pilot, "#context_length", "200000")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.document.model_config["context_length"] == 200000


async def test_a_stored_key_is_never_in_the_input_nor_its_length(
    open_editor, tricky_path: Path
) -> None:
    secret = "sk-plaintext-secret-1234567890"
    async with open_editor(tricky_path) as pilot:
        app = pilot.app
        await pilot.press("b")
        field = app.screen.query_one(SecretField)
        api_key = app.screen.query_one("#api_key", Input)
        assert api_key.value == ""
        assert api_key.placeholder == f"{mask_secret(secret)} (kept; type to replace)"
        assert field.value == secret  # untouched: kept
        await pilot.click("#api_key-reveal")
        await pilot.pause(0.3)  # a button ignores a second press while it flashes
        assert api_key.value == secret and not api_key.password
        await pilot.click("#api_key-reveal")  # hidden again: out of the input
        await pilot.pause(0.3)
        assert api_key.value == "" and field.value == secret
        await pilot.click("#api_key-remove")
        await pilot.pause(0.3)
        assert field.value is None
        assert str(app.screen.query_one("#api_key-remove", Button).label) == "Keep"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "api_key" not in app.document.model_config


async def test_one_legacy_entry_is_deleted_without_migrating_the_rest(
    open_editor, demo_path: Path
) -> None:
    async with open_editor(demo_path) as pilot:
        app = pilot.app
        await pilot.press(*["j"] * 5)  # platforms.slack
        table = app.screen.query_one(RouteTable)
        assert str(table.selected_row.origin) == "platforms.slack"
        await pilot.press("x")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        model = app.document.model_config
        assert list(model["platforms"]) == ["telegram"] and "by_source" in model
        assert len(app.document.routes) == 4
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert not app.dirty
