"""The route list: explicit routes, then legacy entries, with a status per simulated context.

A Line API widget: each row is rendered once into a `Strip` and cached until its status (or the
cursor) changes, so a keystroke re-renders only the status of the rows on screen, whatever the
size of the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from routedeck.tui.keys import ROUTE_LIST_MOVES
from routedeck.tui.rows import RouteRow, cell, row_cells


@dataclass(frozen=True)
class Column:
    name: str
    minimum: int
    cap: int
    """The widest the column grows to fit its content."""


COLUMNS = (
    Column("#", 1, 6),
    Column("route", 10, 32),
    Column("match", 16, 40),
    Column("overrides", 20, 48),
    Column("status", 16, 96),
)
COLUMN_NAMES = tuple(column.name for column in COLUMNS)
INDEX, ROUTE, MATCH, OVERRIDES, STATUS = range(len(COLUMNS))
STATUS_COLUMN = STATUS
HIDDEN_WHEN_NARROW = (OVERRIDES, MATCH)
"""Overrides, then match, go before the status (the why) is squeezed: the detail lines under
the list still show both for the selected route."""
GIVE_WAY = ((OVERRIDES, MATCH), (STATUS,), (ROUTE,))
"""Who shrinks first when the content does not fit: match and overrides (the one asking most
beyond its minimum first), then the status, then the name."""
SAMPLED_ROWS = 1_000
STRIP_CACHE_SIZE = 1_000
"""Rendered lines kept: several screens' worth, however long the list (as DataTable does)."""
HEADER_HEIGHT = 1


def column_widths(width: int, natural: Sequence[int]) -> list[int]:
    """Width of each column (0 = hidden) in `width` cells, with 1 space either side of each.

    Each column asks for its content's width, between its minimum and its cap; the status
    column is left out while no row has one (no context, nothing shadowed). Overrides, then
    match, are hidden when the minimums do not fit or a status (the why) would be cut; the
    columns shown give way in the order of GIVE_WAY; room left goes to the columns still cut
    short, then to the last one.
    """
    shown = [i for i in range(len(COLUMNS)) if i != STATUS or natural[STATUS]]
    readable = min(natural[STATUS], COLUMNS[STATUS].cap)
    widths: dict[int, int] = {}
    for hidden in (None, *HIDDEN_WHEN_NARROW):
        if hidden is not None:
            shown.remove(hidden)
        widths = _fit(shown, width - 2 * len(shown), natural)
        if widths and widths.get(STATUS, readable) >= readable:
            break
    return [widths.get(i, 0) for i in range(len(COLUMNS))]


def _fit(shown: list[int], room: int, natural: Sequence[int]) -> dict[int, int]:
    """The widths of the `shown` columns in `room` cells; {} when their minimums do not fit."""
    if sum(COLUMNS[i].minimum for i in shown) > room:
        return {}
    wanted = {i: max(COLUMNS[i].minimum, min(natural[i], COLUMNS[i].cap)) for i in shown}
    widths = dict(wanted)
    for group in GIVE_WAY:
        while sum(widths.values()) > room:
            spare = [i for i in group if i in widths and widths[i] > COLUMNS[i].minimum]
            if not spare:
                break
            widest = max(spare, key=lambda i: widths[i] - COLUMNS[i].minimum)
            widths[widest] -= 1
    for i in (MATCH, OVERRIDES, ROUTE):
        if i in widths:
            widths[i] += max(0, min(wanted[i] - widths[i], room - sum(widths.values())))
    widths[max(widths)] += max(0, room - sum(widths.values()))
    return widths


RowKey = tuple[object, int, int | None, str | None]


def row_key(row: RouteRow) -> RowKey:
    """What a row's cells depend on: where it is from, the entry (by identity: loaded data is
    never changed in place), its position in the effective list, and why it is skipped."""
    position = row.effective.position if row.effective is not None else None
    return row.origin, id(row.item), position, row.skip_reason


def join_cells(cells: list[Text], widths: list[int], base: Style) -> Text:
    """One line: each cell cut (with an ellipsis) or padded to its width."""
    line = Text(style=base, no_wrap=True, end="")
    for content, width in zip(cells, widths, strict=True):
        if not width:
            continue
        fitted = content.copy()
        fitted.truncate(width, overflow="ellipsis", pad=True)
        line.append(" ")
        line.append_text(fitted)
        line.append(" ")
    return line


class RouteTable(ScrollView, can_focus=True):
    """A row-cursor list of `RouteRow`s; the screen fills the status cells of visible rows."""

    BINDINGS: ClassVar[list[BindingType]] = ROUTE_LIST_MOVES.bindings()
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "route-table--header",
        "route-table--cursor",
    }

    cursor_row: reactive[int] = reactive(0, init=False)

    class RowHighlighted(Message):
        """The cursor moved to another row (`row` is None when the list is empty)."""

        def __init__(self, table: RouteTable, cursor_row: int, row: RouteRow | None) -> None:
            super().__init__()
            self.table = table
            self.cursor_row = cursor_row
            self.row = row

        @property
        def control(self) -> RouteTable:
            return self.table

    class RowSelected(RowHighlighted):
        """A click on the row under the cursor: the screen opens the route."""

    class VisibleRowsChanged(Message):
        """The rows on screen changed (scrolling or resizing): their statuses need computing."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows_shown: list[RouteRow] = []
        self._cells: dict[RowKey, tuple[RouteRow, tuple[Text, ...], tuple[int, ...]]] = {}
        """The cells of each row except the status, made when the row is first shown, by what
        they show (`row_key`): an edit rebuilds the rows, but every route it did not touch is
        the same object and keeps its cells. The row is kept with them, so the id of its item
        cannot be reused meanwhile."""
        self._statuses: dict[int, Text] = {}
        self._strips: LRUCache[int, tuple[tuple[object, ...], Strip]] = LRUCache(STRIP_CACHE_SIZE)
        """Rendered lines; a key made of what they show tells when one is stale."""
        self._natural: list[int] = [column.minimum for column in COLUMNS]
        self._widths: list[int] = column_widths(100, self._natural)

    # ----- content ---------------------------------------------------------------------------

    def show_rows(self, rows: list[RouteRow], *, same_rows: bool = False) -> None:
        """Replace the content, keeping the cursor on the same line where possible.
        `same_rows`: these rows were shown before (a filter changed), their cells still hold."""
        self.rows_shown = rows
        if not same_rows:
            self._cells = {
                key: self._cells[key] for key in map(row_key, rows) if key in self._cells
            }
        self._statuses.clear()
        self._natural = self._natural_widths()
        self._fit_columns()
        self.virtual_size = Size(self.size.width, len(rows) + HEADER_HEIGHT)
        self.cursor_row = min(self.cursor_row, max(len(rows) - 1, 0))
        self.post_message(self.RowHighlighted(self, self.cursor_row, self.selected_row))
        self.refresh()

    def cell_text(self, row_index: int, column: int) -> str:
        """The text shown in a cell (the status column included)."""
        if column == STATUS_COLUMN:
            return self._statuses.get(row_index, Text()).plain
        return self._row_cells(row_index)[column].plain

    def set_statuses(self, statuses: dict[int, Text]) -> None:
        """The status of each row on screen (rows off screen get theirs when scrolled to). The
        status column widens to the longest shown since the content changed (it narrows only
        when no row has a status, so the columns do not jump at every keystroke)."""
        self._statuses = statuses
        longest = max((status.cell_len for status in statuses.values()), default=0)
        wanted = max(longest, self._natural[STATUS]) if longest else 0
        if wanted != self._natural[STATUS]:
            self._natural[STATUS] = wanted
            self._fit_columns()
            self._strips.clear()
        self.refresh()

    @property
    def selected_row(self) -> RouteRow | None:
        if 0 <= self.cursor_row < len(self.rows_shown):
            return self.rows_shown[self.cursor_row]
        return None

    def visible_row_range(self) -> range:
        """Indexes of the rows currently on screen."""
        first = int(self.scroll_y)
        height = max(self.scrollable_content_region.height - HEADER_HEIGHT, 1)
        return range(first, min(first + height, len(self.rows_shown)))

    def select_row(self, row_index: int) -> None:
        self.cursor_row = max(0, min(row_index, len(self.rows_shown) - 1))

    # ----- cursor and scrolling --------------------------------------------------------------

    def watch_cursor_row(self) -> None:
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.RowHighlighted(self, self.cursor_row, self.selected_row))

    def _scroll_to_cursor(self) -> None:
        visible = max(self.scrollable_content_region.height - HEADER_HEIGHT, 1)
        if self.cursor_row < self.scroll_y:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= self.scroll_y + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False, immediate=True)

    def action_cursor(self, offset: int) -> None:
        self.select_row(self.cursor_row + offset)

    def action_page(self, direction: int) -> None:
        page = max(self.scrollable_content_region.height - HEADER_HEIGHT, 1)
        self.select_row(self.cursor_row + direction * page)

    def action_first(self) -> None:
        self.select_row(0)

    def action_last(self) -> None:
        self.select_row(len(self.rows_shown) - 1)

    def on_click(self, event: events.Click) -> None:
        row = int(self.scroll_y) + event.y - HEADER_HEIGHT
        if event.y < HEADER_HEIGHT or not 0 <= row < len(self.rows_shown):
            return
        if row == self.cursor_row:
            self.post_message(self.RowSelected(self, self.cursor_row, self.selected_row))
        self.select_row(row)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if int(old_value) != int(new_value):
            self.post_message(self.VisibleRowsChanged())

    def notify_style_update(self) -> None:
        """A new theme or stylesheet: every rendered line has the old colours."""
        super().notify_style_update()
        self._strips.clear()
        self.refresh()

    def on_resize(self) -> None:
        self._fit_columns()
        self._strips.clear()
        self.virtual_size = Size(self.size.width, len(self.rows_shown) + HEADER_HEIGHT)
        self.post_message(self.VisibleRowsChanged())

    # ----- rendering -------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y < HEADER_HEIGHT:
            header = [cell(name) for name in COLUMN_NAMES]
            style = self.get_component_rich_style("route-table--header")
            return self._strip(join_cells(header, self._widths, style), width, style)
        row = int(self.scroll_y) + y - HEADER_HEIGHT
        if not 0 <= row < len(self.rows_shown):
            return Strip.blank(width, self.rich_style)
        return self._row_strip(row, width)

    def _row_strip(self, row: int, width: int) -> Strip:
        status = self._statuses.get(row, Text())
        is_cursor = row == self.cursor_row
        row_cells = self._row_cells(row)
        # The row's own cells are in the key (compared by identity first): after an edit, only
        # the lines of the routes it touched are drawn again.
        shown = (status.plain, str(status.style), is_cursor, self.has_focus, width)
        key = (row_cells, tuple(self._widths), *shown)
        cached = self._strips.get(row)
        if cached is not None and cached[0] == key:
            return cached[1]
        style = self.rich_style
        if is_cursor:
            style += self.get_component_rich_style("route-table--cursor")
        cells = [*row_cells, status]
        strip = self._strip(join_cells(cells, self._widths, style), width, style)
        self._strips[row] = (key, strip)
        return strip

    def _natural_widths(self) -> list[int]:
        """How wide each column's content is, over the first rows (enough to choose widths)."""
        widths = [len(name) for name in COLUMN_NAMES]
        for row in range(min(len(self.rows_shown), SAMPLED_ROWS)):
            for column, width in enumerate(self._cached(row)[2]):
                widths[column] = max(widths[column], width)
        widths[STATUS] = 0  # known once the statuses are set
        return widths

    def _fit_columns(self) -> None:
        self._widths = column_widths(self.scrollable_content_region.width, self._natural)

    def _row_cells(self, row: int) -> tuple[Text, ...]:
        return self._cached(row)[1]

    def _cached(self, row: int) -> tuple[RouteRow, tuple[Text, ...], tuple[int, ...]]:
        """A row with its cells and their widths, made once for what it shows."""
        shown = self.rows_shown[row]
        key = row_key(shown)
        cached = self._cells.get(key)
        if cached is None or cached[0].item is not shown.item:
            cells = row_cells(shown)
            cached = (shown, cells, tuple(content.cell_len for content in cells))
            self._cells[key] = cached
        return cached

    def _strip(self, line: Text, width: int, style: Style) -> Strip:
        strip = Strip(list(line.render(self.app.console))).apply_style(style)
        return strip.crop_extend(0, width, style)
