"""Every screen usable at 80×24, and the width used at 160×45."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.text import Text
from textual.containers import VerticalScroll

from routedeck.tui.screens.diff_preview import CONTINUED, SavePreviewScreen, wrap_diff_line
from routedeck.tui.screens.route_form import RouteFormScreen
from routedeck.tui.widgets.result_panel import ResultField, ResultLines, ResultPanel
from routedeck.tui.widgets.route_table import STATUS, RouteTable

SMALL = (80, 24)
LARGE = (160, 45)
STRANGER = {"platform": "discord", "source_kind": "stranger"}


def inside_screen(widget, size: tuple[int, int]) -> bool:
    region = widget.region
    return region.height > 0 and region.bottom <= size[1] and region.right <= size[0]


async def test_at_80x24_the_panels_stack_and_the_result_scrolls(
    make_app, loaded, demo_path: Path
) -> None:
    async with make_app(demo_path, context=STRANGER).run_test(size=SMALL) as pilot:
        await loaded(pilot)
        screen = pilot.app.screen
        assert screen.has_class("-narrow", "-short")
        routes, result = screen.query_one("#routes-pane"), screen.query_one(ResultPanel)
        assert result.region.y > routes.region.bottom - 1  # below the list, not beside it
        assert inside_screen(result, SMALL)
        result.focus()
        await pilot.pause()
        assert result.max_scroll_y > 0  # more than it shows: it scrolls
        await pilot.press("end")
        await pilot.pause()
        assert result.scroll_y == result.max_scroll_y
        for field in ("base_url", "api_key", "api_mode"):
            assert field in result.text(result.content_region.width)


async def test_at_160x45_the_panels_sit_side_by_side_and_every_reason_fits(
    make_app, loaded, demo_path: Path
) -> None:
    async with make_app(demo_path, context=STRANGER).run_test(size=LARGE) as pilot:
        await loaded(pilot)
        screen = pilot.app.screen
        assert screen.has_class("-wide", "-tall")
        table = screen.query_one(RouteTable)
        assert screen.query_one(ResultPanel).region.x > table.region.right - 1
        statuses = [table.cell_text(row, STATUS) for row in table.visible_row_range()]
        assert max(len(status) for status in statuses) > 40
        assert all(len(status) <= table._widths[STATUS] for status in statuses)
        result = screen.query_one(ResultPanel)
        lines = result.text(result.content_region.width).splitlines()
        assert any("https://openrouter.ai/api/v1" in line for line in lines)


async def test_at_80x24_a_long_form_scrolls_with_its_buttons_in_view(
    make_app, loaded, tricky_path: Path
) -> None:
    async with make_app(tricky_path).run_test(size=SMALL) as pilot:
        await loaded(pilot)
        await pilot.press("j", "j", "enter")  # typo-key: an extra row for `modle`
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, RouteFormScreen)
        body = form.query_one("#form-body", VerticalScroll)
        assert body.max_scroll_y > 0
        assert form.query_one("#more-below").display  # a visible sign that it goes on
        assert inside_screen(form.query_one("#submit"), SMALL)
        assert inside_screen(form.query_one("#cancel"), SMALL)
        body.scroll_end(animate=False)
        await pilot.pause()
        await pilot.pause()
        assert not form.query_one("#more-below").display
        assert inside_screen(form.query_one("#submit"), SMALL)


async def test_at_80x24_the_save_preview_shows_a_screenful_of_diff(
    make_app, loaded, demo_path: Path
) -> None:
    async with make_app(demo_path).run_test(size=SMALL) as pilot:
        await loaded(pilot)
        await pilot.press("m", "enter", "ctrl+s")  # the migration: a long diff
        for _ in range(50):
            if isinstance(pilot.app.screen, SavePreviewScreen):
                break
            await pilot.pause(0.02)
        diff = pilot.app.screen.query_one("#diff", VerticalScroll)
        assert diff.content_region.height >= 14
        assert inside_screen(pilot.app.screen.query_one("#confirm"), SMALL)


def test_a_wrapped_diff_line_keeps_its_sign_on_every_row() -> None:
    line = "+      base_url: https://example.com/" + "very/long/" * 8
    rows = wrap_diff_line(line, 30)
    assert len(rows) > 2
    assert rows[0].plain == line[:30]
    assert all(row.plain.startswith(f"+{CONTINUED}") for row in rows[1:])
    assert "".join([rows[0].plain, *(row.plain[2:] for row in rows[1:])]) == line
    removed = wrap_diff_line("-" + "x" * 50, 20)
    assert all(row.plain.startswith("-") for row in removed)
    wide = wrap_diff_line("+" + "所有者" * 10, 9)  # two cells a character
    assert all(row.cell_len <= 9 for row in wide) and wide[0].cell_len == 9


def test_a_url_that_fits_the_panel_is_never_broken() -> None:
    url = "https://litellm-1.int.exe.xyz/v1"
    fields = [ResultField("base_url", Text(url), "model.base_url")]
    console = Console(width=200)
    for width in range(len(url) + 2, 70):
        lines = [line.plain for line in ResultLines(fields, None).lines(width, console)]
        assert any(url in line for line in lines), width
        options = console.options.update_width(width)
        rendered = console.render_lines(ResultLines(fields, None), options)
        assert any(url in "".join(segment.text for segment in row) for row in rendered), width
