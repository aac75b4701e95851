"""Starting, the route list and the live context simulator."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from textual.widgets import Input, Select, Static

from routedeck.tui.screens.main import MainScreen
from routedeck.tui.widgets.result_panel import ResultPanel
from routedeck.tui.widgets.route_table import STATUS_COLUMN, RouteTable


def status(app, row: int) -> str:
    return app.screen.query_one(RouteTable).cell_text(row, STATUS_COLUMN)


def winner_line(app) -> str:
    return str(app.screen.query_one("#winner", Static).render())


def result_text(app, width: int = 200) -> str:
    return app.screen.query_one(ResultPanel).text(width)


async def type_into(pilot, field: str, text: str) -> None:
    pilot.app.screen.query_one(f"#{field}", Input).focus()
    await pilot.press(*text)
    await pilot.pause()


def test_import_is_cheap() -> None:
    code = "import sys, routedeck.tui; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False"


async def test_start_lists_routes_then_legacy_with_first_route_focused(
    open_editor, demo_path: Path
) -> None:
    async with open_editor(demo_path) as pilot:
        app = pilot.app
        table = app.screen.query_one(RouteTable)
        assert isinstance(app.screen, MainScreen)
        assert app.focused is table
        assert table.cursor_row == 0
        labels = [
            (table.cell_text(row, 0), table.cell_text(row, 1))
            for row in range(len(table.rows_shown))
        ]
        assert labels == [
            ("0", "owner-everywhere"),
            ("1", "hub-peers"),
            ("2", "cron-local"),
            ("3", "discord-strangers"),
            ("·", "platforms.telegram"),
            ("·", "platforms.slack"),
            ("·", "by_source.stranger"),
        ]
        assert table.cell_text(3, 2) == "platform=discord source_kind=stranger"
        assert app.title == "config.yaml"


async def test_context_option_prefills_the_simulator(open_editor, demo_path: Path) -> None:
    async with open_editor(
        demo_path, context={"platform": "discord", "source_kind": "stranger"}
    ) as pilot:
        app = pilot.app
        assert app.screen.query_one("#platform", Input).value == "discord"
        assert "Winner: routes[3] (discord-strangers)" in winner_line(app)
        assert status(app, 3) == "▶ WINS"
        assert status(app, 0) == "source_kind: wants owner, got stranger"
        assert status(app, 1) == "platform: wants hub, got discord"
        assert status(app, 5) == "platform: wants slack, got discord"
        assert status(app, 6) == "matched, but routes[3] (discord-strangers) won"
        assert "gpt-4.1-mini" in result_text(app)
        assert "routes[3]" in result_text(app)


async def test_every_keystroke_updates_the_winner_without_submit(
    open_editor, demo_path: Path
) -> None:
    async with open_editor(demo_path) as pilot:
        app = pilot.app
        assert "No context" in winner_line(app)
        await type_into(pilot, "platform", "hu")
        assert "No route matches" in winner_line(app)
        assert status(app, 1) == "platform: wants hub, got hu"
        await pilot.press("b")
        await pilot.pause()
        assert "Winner: routes[1] (hub-peers)" in winner_line(app)
        assert status(app, 1) == "▶ WINS"
        assert status(app, 0) == "source_kind: not in context"
        result = result_text(app)
        assert "openrouter/auto" in result
        assert "${OPENROUTER_API_KEY}" in result  # a reference, not a secret


async def test_presets_and_extra_pairs(open_editor, demo_path: Path) -> None:
    async with open_editor(demo_path) as pilot:
        app = pilot.app
        app.screen.query_one("#preset", Select).value = 1  # cron job
        await pilot.pause()
        assert app.screen.query_one("#preset", Select).is_blank()  # back to its prompt
        assert app.screen.context == {"platform": "cron", "source_kind": "cron"}
        assert "Winner: routes[2] (cron-local)" in winner_line(app)
        assert "qwen3-coder" in result_text(app)
        await type_into(pilot, "extra", "team=blue oops")
        assert app.screen.context["team"] == "blue"
        problem = app.screen.query_one("#extra-problem", Static)
        assert "oops" in str(problem.render())


async def test_legacy_winner_and_masked_api_key(open_editor, corpus_copy) -> None:
    path = corpus_copy("hermes-provisioner-config.yaml")
    async with open_editor(
        path, context={"platform": "discord", "user_id": "{owner_discord_user_id}"}
    ) as pilot:
        app = pilot.app
        assert "Winner: routes[1]" in winner_line(app)
        result = result_text(app)
        assert "slate-3" in result
        assert "unused" not in result  # api_key is masked
        assert "••••" in result


async def test_markup_emoji_and_long_values_show_literally(open_editor, tricky_path: Path) -> None:
    async with open_editor(tricky_path, context={"source_kind": "owner"}) as pilot:
        app = pilot.app
        table = app.screen.query_one(RouteTable)
        assert table.cell_text(0, 1) == "[bold]owners[/bold] 🚀"
        assert "[link=https://example.com]opus[/link]" in table.cell_text(0, 3)
        assert table.cell_text(1, 1) == "所有者の重複"
        assert "Winner: routes[0] ([bold]owners[/bold] 🚀)" in winner_line(app)
        await pilot.press("down", "down", "down")
        await pilot.pause()
        detail = str(app.screen.query_one("#route-detail", Static).render())
        assert "claude-with-a-very-long-name" in detail
        result = result_text(app)  # a long value folds onto more lines, literally
        unfolded = "".join(line.strip() for line in result.splitlines())
        assert "[link=https://example.com]opus[/link]" in unfolded


async def test_diagnostics_count_and_selection_selects_the_route(
    open_editor, tricky_path: Path
) -> None:
    async with open_editor(tricky_path) as pilot:
        app = pilot.app
        pane = app.screen.query_one("#diagnostics-pane")
        assert str(pane.border_title).startswith("Diagnostics (12")
        diagnostics = app.screen.query_one("#diagnostics")
        diagnostics.focus()
        await pilot.press("down", "down", "down", "enter")  # routes[2] typo-key
        await pilot.pause()
        table = app.screen.query_one(RouteTable)
        assert app.focused is table
        assert table.cursor_row == 2


async def test_thousand_routes_stay_usable(open_editor, tmp_path: Path) -> None:
    lines = ["model:", "  default: base", "  routes:"]
    for index in range(1000):
        lines += [f"    - match: {{ platform: p{index} }}", f"      model: m{index}"]
    path = tmp_path / "config.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    async with open_editor(path) as pilot:
        app = pilot.app
        await type_into(pilot, "platform", "p999")
        assert "Winner: routes[999]" in winner_line(app)
        await pilot.press("escape", "w")
        await pilot.pause()
        table = app.screen.query_one(RouteTable)
        assert table.cursor_row == 999
        assert status(app, 999) == "▶ WINS"
        diagnostics = app.screen.query_one("#diagnostics")
        assert str(app.screen.query_one("#diagnostics-pane").border_title).startswith(
            "Diagnostics (1000"
        )
        assert diagnostics.option_count == 201  # 200 shown, then "… 800 more"


async def test_items_the_runtime_skips_are_listed_with_the_reason(open_editor, tricky_path) -> None:
    async with open_editor(tricky_path, context={"platform": "slack"}) as pilot:
        table = pilot.app.screen.query_one(RouteTable)
        assert table.cell_text(6, 1) == "no-match"
        assert table.cell_text(6, 0) == "6"  # the N of routes[N], as messages name it
        assert table.cell_text(6, STATUS_COLUMN) == "has no `match`: skipped"
        assert table.cell_text(7, 1) == "platforms.slack"
        assert table.cell_text(7, 0) == "·"
        assert table.cell_text(7, STATUS_COLUMN) == "▶ WINS"
        await pilot.press(*["down"] * 6, "enter")  # a skipped route can be fixed in the form
        assert type(pilot.app.screen).__name__ == "RouteFormScreen"


async def test_small_terminal_and_resize_keep_working(demo_path, loaded) -> None:
    from routedeck.tui.app import RouteDeckApp

    app = RouteDeckApp(demo_path, environ={}, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await type_into(pilot, "platform", "hub")
        assert "Winner: routes[1]" in winner_line(app)
        await pilot.resize_terminal(200, 60)
        await pilot.pause()
        assert status(app, 1) == "▶ WINS"


SHADOWED = """\
model:
  routes:
    - match: { platform: discord }
      model: discord-model
    - match: { platform: discord, source_kind: stranger }
      model: stranger-model
"""


async def test_a_shadowed_route_says_by_whom_it_is_shadowed(open_editor, tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(SHADOWED)
    async with open_editor(path) as pilot:
        app = pilot.app
        assert status(app, 1) == "shadowed by routes[0]: can never win"
        await type_into(pilot, "platform", "discord")
        await type_into(pilot, "source_kind", "stranger")
        assert status(app, 0) == "▶ WINS"
        assert status(app, 1) == "shadowed by routes[0]: can never win"
        await type_into(pilot, "platform", "x")  # the context itself now rules it out
        assert status(app, 1) == "platform: wants discord, got x"


def test_columns_give_way_so_the_status_stays_readable() -> None:
    from routedeck.tui.widgets.route_table import COLUMNS, MATCH, OVERRIDES, STATUS, column_widths

    natural = [3, 30, 30, 40, 48]
    wide = column_widths(170, natural)
    assert wide == [3, 30, 30, 40, 57]  # the status takes the room left
    squeezed = column_widths(140, natural)
    assert squeezed[STATUS] == 48 and squeezed[OVERRIDES] < 40  # the widest gave way first
    assert sum(squeezed) + 2 * len(COLUMNS) == 140
    medium = column_widths(110, natural)  # the status would be cut: overrides go first
    assert medium[OVERRIDES] == 0 and medium[MATCH] > 0 and medium[STATUS] >= 48
    narrow = column_widths(76, natural)
    assert narrow[MATCH] == narrow[OVERRIDES] == 0
    assert narrow[STATUS] >= 36 and narrow[1] == 30  # names stay whole
    no_context = column_widths(76, [3, 30, 30, 40, 0])  # no status yet: match and overrides
    assert no_context[STATUS] == 0 and no_context[MATCH] >= 16 and no_context[OVERRIDES] >= 20
