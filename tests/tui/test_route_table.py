"""The route list widget: colours follow the theme, and its messages say which row."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import App, ComposeResult

from routedeck.routing import Origin, effective_routes
from routedeck.tui.rows import build_rows
from routedeck.tui.widgets.route_table import RouteTable

MODEL = {
    "routes": [
        {"name": "first", "match": {"platform": "cli"}, "model": "a"},
        {"name": "second", "match": {"platform": "cron"}, "model": "b"},
    ]
}


class TableApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.highlighted: list[tuple[int, str | None]] = []

    def compose(self) -> ComposeResult:
        yield RouteTable(id="routes")

    def on_mount(self) -> None:
        table = self.query_one(RouteTable)
        table.show_rows(build_rows(effective_routes(MODEL), MODEL["routes"]))
        table.focus()

    @on(RouteTable.RowHighlighted)
    def _highlighted(self, event: RouteTable.RowHighlighted) -> None:
        row = event.row
        self.highlighted.append((event.cursor_row, row.name if row else None))


def cursor_colours(table: RouteTable) -> set[str]:
    strip = table.render_line(1)  # line 0 is the header
    return {
        str(segment.style.bgcolor) for segment in strip if segment.style and segment.text.strip()
    }


async def test_a_theme_change_recolours_rows_already_drawn(tmp_path: Path) -> None:
    app = TableApp()
    async with app.run_test(size=(100, 10)) as pilot:
        await pilot.pause()
        table = app.query_one(RouteTable)
        before = cursor_colours(table)
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        assert cursor_colours(table) != before


async def test_row_messages_carry_the_row(tmp_path: Path) -> None:
    app = TableApp()
    async with app.run_test(size=(100, 10)) as pilot:
        await pilot.press("down")
        await pilot.pause()
        assert app.highlighted[-1] == (1, "second")
        table = app.query_one(RouteTable)
        assert table.selected_row is not None
        assert table.selected_row.origin == Origin.route(1)
