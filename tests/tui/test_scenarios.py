"""The scenarios panel, the pin key, the notice of what an edit does to traffic, the save
preview's behaviour changes and the inherited-credential warning, driven with the pilot."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Input

from routedeck.document import ScenarioProblem
from routedeck.paths import demo_scenarios_text
from routedeck.tui.app import DIAGNOSE_AFTER_EDIT, TRAFFIC_QUIET
from routedeck.tui.screens.dialogs import QuitScreen, ScenariosChangedScreen
from routedeck.tui.screens.diff_preview import SavePreviewScreen
from routedeck.tui.screens.main import MainScreen
from routedeck.tui.widgets.result_panel import ResultPanel
from routedeck.tui.widgets.route_table import RouteTable
from routedeck.tui.widgets.scenarios_panel import MARK_WIDTH, ScenariosPanel

from .test_keys import shown_keys

SCENARIOS = demo_scenarios_text()
STRANGER = {"platform": "discord", "source_kind": "stranger"}


@pytest.fixture
def with_scenarios(demo_path: Path) -> Path:
    demo_path.with_name("config.scenarios.yaml").write_text(SCENARIOS, encoding="utf-8")
    return demo_path


def title(app) -> str:
    return str(app.screen.query_one("#scenarios-pane").border_title)


def listed(app) -> list[tuple[str, bool]]:
    """(label, passed) of each scenario, in the panel's order."""
    panel = app.screen.query_one(ScenariosPanel)
    return [
        (entry.text.plain.splitlines()[0], entry.mark.plain.startswith("✔"))
        for entry in panel.entries
        if entry.scenario is not None
    ]


def notices(app, title_start: str) -> list[str]:
    return [note.message for note in app._notifications if note.title.startswith(title_start)]


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def reported(pilot) -> None:
    """The notice of what the last changes did to traffic is up."""
    await pilot.pause(max(TRAFFIC_QUIET, DIAGNOSE_AFTER_EDIT) + 0.1)
    await settle(pilot)


async def wait_for_screen(pilot, kind: type) -> None:
    for _ in range(200):
        if isinstance(pilot.app.screen, kind):
            return
        await pilot.pause(0.02)
    raise AssertionError(f"{kind.__name__} never showed; {pilot.app.screen} did")


async def test_failures_come_first_and_the_count_follows_every_edit_undo_and_redo(
    open_editor, with_scenarios: Path
) -> None:
    async with open_editor(with_scenarios) as pilot:
        app = pilot.app
        assert title(app) == "Scenarios (3, all passing)"
        await pilot.press("j", "x", "y")  # delete hub-peers
        await settle(pilot)
        assert title(app) == "Scenarios (1 failing / 3)"
        assert listed(app)[0] == ("hub peers stay cheap", False)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert title(app) == "Scenarios (3, all passing)"
        assert listed(app)[0] == ("owner on the CLI gets the strong model", True)
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert title(app) == "Scenarios (1 failing / 3)"


async def test_enter_on_a_scenario_simulates_its_context(open_editor, with_scenarios) -> None:
    async with open_editor(with_scenarios) as pilot:
        app = pilot.app
        app.screen.query_one(ScenariosPanel).focus()
        await pilot.press("down", "enter")  # the second: hub peers
        await pilot.pause()
        assert app.screen.query_one("#platform", Input).value == "hub"
        assert app.screen.query_one("#source_kind", Input).value == ""
        assert app.screen.winner is not None and app.screen.winner.name == "hub-peers"
        assert isinstance(app.focused, ScenariosPanel)  # the next scenario is one key away


async def test_the_pin_key_pins_from_the_list_and_the_simulator_and_saves_with_the_config(
    open_editor, with_scenarios: Path
) -> None:
    scenarios_path = with_scenarios.with_name("config.scenarios.yaml")
    async with open_editor(with_scenarios, context=STRANGER) as pilot:
        app = pilot.app
        assert "Pin" in shown_keys(app.screen)  # on the list
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert title(app) == "Scenarios (4, all passing)"
        assert app.title == "● config.yaml" and app.dirty  # the title bar counts the pin
        assert notices(app, "Scenario pinned")
        await pilot.press("c", "ctrl+u", *"telegram")  # in the simulator, ctrl+t still pins
        assert "Pin" in shown_keys(app.screen)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert title(app) == "Scenarios (5, all passing)"
        assert app.screen.query_one("#platform", Input).value == "telegram"  # nothing typed
        assert scenarios_path.read_text() == SCENARIOS  # in memory until saved

        await pilot.press("escape", "q")
        await wait_for_screen(pilot, QuitScreen)
        assert "config.scenarios.yaml has unsaved changes" in str(
            app.screen.query_one(".dialog-title").render()
        )
        await pilot.press("k")  # keep editing
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, SavePreviewScreen)
        preview = app.screen
        summary = str(preview.query_one(".preview-summary").render())
        assert summary.startswith("2 scenarios pinned in config.scenarios.yaml.")
        assert "config.yaml is unchanged" in summary and "each file" not in summary
        assert str(preview.query_one(".dialog-title").render()) == "Save config.scenarios.yaml?"
        assert "source_kind: stranger" in preview.scenarios_diff
        assert "config.yaml: no changes" in str(preview.query_one("#diff-text").render())
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and app.title == "config.yaml"
        written = scenarios_path.read_text()
        assert written.startswith(SCENARIOS) and "route: discord-strangers" in written
        assert "platform: telegram" in written
        assert scenarios_path.with_name("config.scenarios.yaml.bak").read_text() == SCENARIOS
        assert not with_scenarios.with_name("config.yaml.bak").exists()  # it was not written
        saved = [note.message for note in app._notifications if note.title.startswith("Saved")]
        assert saved == [f"Backup of config.scenarios.yaml: {scenarios_path}.bak"]
        assert notices(app, "Saved config.scenarios.yaml") == saved  # not "config.yaml and …"


async def test_x_on_the_panel_takes_back_a_pin_not_a_scenario_of_the_file(
    open_editor, with_scenarios: Path
) -> None:
    async with open_editor(with_scenarios, context=STRANGER) as pilot:
        app = pilot.app
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert title(app) == "Scenarios (4, all passing)" and app.dirty
        panel = app.screen.query_one(ScenariosPanel)
        panel.focus()
        await pilot.press("G", "x")
        await pilot.pause()
        assert notices(app, "Unpinned") == [
            "platform=discord source_kind=stranger is no longer pinned."
        ]
        assert title(app) == "Scenarios (3, all passing)" and not app.dirty
        await pilot.press("g", "x")
        await pilot.pause()
        (refused,) = notices(app, "Not unpinned")
        assert "edit the file to remove the others" in refused
        assert title(app) == "Scenarios (3, all passing)"


async def test_a_pinned_context_no_route_matches_expects_no_route(
    open_editor, demo_path: Path
) -> None:
    async with open_editor(demo_path, context={"platform": "irc"}) as pilot:
        await pilot.press("ctrl+t")
        await pilot.pause()
        (pinned,) = notices(pilot.app, "Scenario pinned")
        assert pinned.startswith("platform=irc expects no route, model ")


async def test_the_save_preview_says_which_scenarios_the_text_fails(
    open_editor, with_scenarios: Path
) -> None:
    async with open_editor(with_scenarios) as pilot:
        app = pilot.app
        await pilot.press("j", "x", "y")  # hub-peers deleted: "hub peers stay cheap" fails
        await settle(pilot)
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, SavePreviewScreen)
        summary = str(app.screen.query_one(".preview-summary").render())
        assert summary.startswith("6 lines added or removed in config.yaml.")
        assert summary.endswith("1 of 3 scenarios fail with it (see Scenarios).")


async def test_pinning_without_a_context_says_why_nothing_was_pinned(
    open_editor, demo_path: Path
) -> None:
    async with open_editor(demo_path) as pilot:
        app = pilot.app
        assert title(app) == "Scenarios (none yet)"
        await pilot.press("p")
        await pilot.pause()
        (refused,) = notices(app, "Nothing pinned")
        assert "the simulator has no context" in refused
        assert not app.dirty and title(app) == "Scenarios (none yet)"


async def test_an_invalid_scenario_file_shows_its_problems_and_is_never_written(
    open_editor, demo_path: Path
) -> None:
    scenarios_path = demo_path.with_name("config.scenarios.yaml")
    broken = "scenarios:\n  - context: {}\n    expect: {modle: x}\n"
    scenarios_path.write_text(broken, encoding="utf-8")
    async with open_editor(demo_path, context=STRANGER) as pilot:
        app = pilot.app
        assert title(app).startswith("Scenarios (file has 2 problems) · ")
        panel = app.screen.query_one(ScenariosPanel)
        shown = [entry.mark.plain + entry.text.plain for entry in panel.entries]
        assert shown[0].startswith("✖ config.scenarios.yaml:2:14: `context` is empty")
        assert shown[1].startswith("✖ config.scenarios.yaml:3:14: unknown expect field `modle`")
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert any("has problems" in note for note in notices(app, "Nothing pinned"))
        await pilot.press("J", "ctrl+s")
        await wait_for_screen(pilot, SavePreviewScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert scenarios_path.read_text() == broken
        assert not scenarios_path.with_name("config.scenarios.yaml.bak").exists()
        scenarios_path.write_text(SCENARIOS, encoding="utf-8")
        panel.focus()
        await pilot.press("r")  # read it again once fixed
        await pilot.pause()
        assert title(app).startswith("Scenarios (")
        assert "failing" in title(app) or "passing" in title(app)


async def test_each_edit_undo_and_redo_says_what_it_did_to_traffic(
    open_editor, demo_path: Path
) -> None:
    async with open_editor(demo_path) as pilot:
        app = pilot.app
        await pilot.press("J")  # owner-everywhere below hub-peers
        await reported(pilot)
        (edit,) = notices(app, "Edit: routing changed")
        assert edit.startswith("2 context classes changed: platform=hub source_kind=owner")
        assert "(routes[0] hub-peers)" in edit
        await pilot.press("ctrl+z")
        await reported(pilot)
        (undo,) = notices(app, "Undo: routing changed")
        assert "→ anthropic/claude-opus-4.6" in undo
        await pilot.press("ctrl+y")
        await reported(pilot)
        assert notices(app, "Redo: routing changed") == [edit]
        session = app.session
        route = dict(session.document.routes[0])
        app.run_edit(lambda s: s.update_route(0, {**route, "name": "owner-anywhere"}))
        await reported(pilot)
        assert notices(app, "Edit: routing unchanged") == ["No context changes its result."]


async def test_changes_in_quick_succession_get_one_notice_of_their_sum(
    open_editor, demo_path: Path
) -> None:
    async with open_editor(demo_path) as pilot:
        app = pilot.app
        await pilot.press("J", "J", "J")  # owner-everywhere down to the last route
        await reported(pilot)
        (moved,) = notices(app, "3 edits: routing changed")  # one notice, of all three
        assert moved.startswith("2 context classes changed: platform=hub source_kind=owner")
        assert not notices(app, "Edit")
        await pilot.press("ctrl+z", "ctrl+z", "ctrl+z", "ctrl+y", "ctrl+z")
        await reported(pilot)
        assert notices(app, "5 changes: routing changed")  # from 3 moves down to none
        await pilot.press("g", "J", "ctrl+z")
        await reported(pilot)
        assert notices(app, "2 changes: routing unchanged") == ["No context changes its result."]


async def test_the_save_preview_shows_the_behaviour_changes_above_the_text_diff(
    open_editor, demo_path: Path
) -> None:
    async with open_editor(demo_path) as pilot:
        app = pilot.app
        await pilot.press("J", "ctrl+s")
        await wait_for_screen(pilot, SavePreviewScreen)
        preview = app.screen
        heading = str(preview.query_one("#traffic-summary").render())
        assert heading == "Routing, against the file on disk: 2 context classes changed."
        assert preview.traffic_diff.splitlines()[0] == (
            "@@ platform=hub source_kind=owner (2 context classes)"
        )
        order = [child.id for child in preview.query_one("#diff").children]
        assert order.index("traffic-summary") < order.index("diff-text")
        await pilot.press("escape")
        await pilot.pause()
        session = app.session
        app.run_edit(lambda s: s.move_route(1, 0))  # back: only a rename remains
        route = dict(session.document.routes[1])
        app.run_edit(lambda s: s.update_route(1, {**route, "name": "hub-friends"}))
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, SavePreviewScreen)
        heading = str(app.screen.query_one("#traffic-summary").render())
        assert heading == "Routing, against the file on disk: No context changes its result."


async def test_a_scenario_file_changed_on_disk_is_re_applied_before_saving(
    open_editor, with_scenarios: Path
) -> None:
    scenarios_path = with_scenarios.with_name("config.scenarios.yaml")
    async with open_editor(with_scenarios, context=STRANGER) as pilot:
        app = pilot.app
        await pilot.press("ctrl+t")
        theirs = SCENARIOS + "  - context: {platform: slack}\n    expect: {model: x}\n"
        scenarios_path.write_text(theirs, encoding="utf-8")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, SavePreviewScreen)
        await pilot.press("enter")
        await wait_for_screen(pilot, ScenariosChangedScreen)
        await pilot.press("a")
        await settle(pilot)
        assert scenarios_path.read_text() == theirs  # nothing written: review first
        assert title(app) == "Scenarios (1 failing / 5)"  # theirs fails: slack gets haiku
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, SavePreviewScreen)
        await pilot.press("enter")
        await settle(pilot)
        written = scenarios_path.read_text()
        assert written.startswith(theirs) and "source_kind: stranger" in written
        assert not app.dirty


async def test_the_result_panel_says_when_a_credential_is_inherited(
    open_editor, demo_path: Path
) -> None:
    async with open_editor(demo_path, context=STRANGER) as pilot:
        app = pilot.app
        await settle(pilot)
        text = app.screen.query_one(ResultPanel).text()
        assert "⚠ inherited from the base block: goes to provider copilot" in text
        assert "⚠ inherited from the base block: provider copilot still sends its turns" in text
        lines = text.splitlines()
        api_key = next(i for i, line in enumerate(lines) if line.startswith("api_key"))
        assert any("goes to provider copilot" in line for line in lines[api_key:])
        app.screen.query_one("#source_kind", Input).value = "owner"
        await settle(pilot)
        assert "inherited" not in app.screen.query_one(ResultPanel).text()


async def test_the_panel_is_focusable_and_maximizable_at_80x24(
    make_app, with_scenarios: Path
) -> None:
    async with make_app(with_scenarios).run_test(size=(80, 24)) as pilot:
        from .conftest import wait_until_loaded

        await wait_until_loaded(pilot)
        app = pilot.app
        panel = app.screen.query_one(ScenariosPanel)
        assert panel.region.height == 1 and panel.region.width > 70  # one line, full width
        panel.focus()
        await pilot.press("z")
        await pilot.pause()
        assert app.screen.maximized is not None and panel.region.height > 10
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.maximized is None
        assert app.screen.query_one(RouteTable).region.height >= 4


class PanelApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ScenariosPanel()


async def test_the_panel_uses_the_column_its_scrollbar_leaves_when_it_goes() -> None:
    app = PanelApp()
    async with app.run_test(size=(50, 8)) as pilot:
        panel = app.query_one(ScenariosPanel)
        many = [ScenarioProblem(Path("s.yaml"), line, 1, "bad") for line in range(1, 30)]
        panel.show(None, many)
        await pilot.pause()
        assert panel.show_vertical_scrollbar
        # One problem that fills the panel's whole width once no scrollbar takes a column.
        prefix = "s.yaml:1:1: "
        message = "x" * (panel.size.width - MARK_WIDTH - len(prefix))
        panel.show(None, [ScenarioProblem(Path("s.yaml"), 1, 1, message)])
        await pilot.pause()
        assert not panel.show_vertical_scrollbar
        assert panel.virtual_size.height == 1  # on one line, not wrapped at the old width
