"""What the route list shows: one row per route or legacy entry, as text that is never markup."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text

from routedeck.routing import EXPLAINED_FIELDS, Origin
from routedeck.routing.runtime import route_sets
from routedeck.routing.secrets import mask_value
from routedeck.routing.text import terminal_safe

if TYPE_CHECKING:
    from routedeck.routing import EffectiveRoute, RouteList, Verdict

WINNER_MARK = "▶ WINS"


@dataclass(frozen=True)
class RouteRow:
    """One line of the route list: a route, a legacy entry, or an item the runtime skips."""

    origin: Origin
    item: object
    """The entry as written (a legacy entry as the runtime synthesizes it)."""
    effective: EffectiveRoute | None
    """None when the runtime skips the entry."""
    skip_reason: str | None = None

    @property
    def legacy(self) -> bool:
        return self.origin.legacy

    @property
    def route_index(self) -> int | None:
        """Index in `model.routes`, None for legacy entries."""
        key = self.origin.key
        return key if isinstance(key, int) and not self.legacy else None

    @property
    def name(self) -> str:
        if isinstance(self.item, Mapping) and self.item.get("name") is not None:
            return str(self.item["name"])
        return ""


def build_rows(route_list: RouteList, routes: list[object]) -> list[RouteRow]:
    """Explicit routes in file order (skipped ones included, so they can be fixed), then legacy.
    Looked up by index, not by Origin: this runs on every edit, at 10,000 routes too."""
    effective: dict[object, EffectiveRoute] = {}
    legacy = []
    for route in route_list.routes:
        if route.legacy:
            legacy.append(route)
        else:
            effective[route.origin.key] = route
    skipped = {
        item.origin.key: item.reason for item in route_list.skipped if not item.origin.legacy
    }
    rows = []
    for index, item in enumerate(routes):
        found = effective.get(index)
        origin = found.origin if found is not None else Origin.route(index)
        rows.append(RouteRow(origin, item, found, skipped.get(index)))
    rows.extend(RouteRow(route.origin, route.route, route) for route in legacy)
    rows.extend(
        RouteRow(item.origin, None, None, item.reason)
        for item in route_list.skipped
        if item.origin.legacy
    )
    return rows


def one_line(value: object) -> str:
    """A value from the file as a single line of text safe for the terminal: whitespace runs
    become one space, any other control character shows as an escape (`\x1b`)."""
    return terminal_safe(" ".join(str(value).split())) if value is not None else ""


def cell(value: str, style: str = "") -> Text:
    """A table cell: literal text (never markup), cut with an ellipsis when too wide."""
    return Text(value, style=style, no_wrap=True, overflow="ellipsis", end="")


def format_match(item: object) -> str:
    """`platform=discord source_kind=stranger`, or what is wrong with the match."""
    if not isinstance(item, Mapping):
        return f"(not a mapping: {one_line(item)})"
    if "match" not in item:
        return "(no match)"
    match = item["match"]
    if not isinstance(match, Mapping):
        return f"(match is not a mapping: {one_line(match)})"
    if not match:
        return "(empty match)"
    return " ".join(f"{one_line(key)}={one_line(value)}" for key, value in match.items())


def format_value(field: str, value: object) -> str:
    """A route or result value for display: every secret masked (an api_key, credentials in a
    base_url or in args), args joined."""
    shown = mask_value(value, field)
    if isinstance(shown, list | tuple):
        return " ".join(one_line(arg) for arg in shown)
    return one_line(shown)


def format_overrides(item: object) -> str:
    """`gpt-4.1-mini · provider=copilot · api_key=sk…`: the fields the runtime would apply."""
    if not isinstance(item, Mapping):
        return ""
    parts = []
    for field in EXPLAINED_FIELDS:
        if not route_sets(item, field):
            continue
        shown = format_value(field, item[field])
        parts.append(shown if field == "model" else f"{field}={shown}")
    return " · ".join(parts) if parts else "(overrides nothing)"


def route_label(row: RouteRow) -> str:
    """The route's name, else where it is written: `discord-strangers`, `routes[6]`,
    `platforms.telegram` (a legacy entry's key is its name)."""
    return one_line(row.name) if row.name and not row.legacy else str(row.origin)


def index_label(row: RouteRow) -> str:
    """The N of `routes[N]` (what messages call the route by); `·` for legacy shorthand."""
    return "·" if row.route_index is None else str(row.route_index)


def model_of(item: object) -> str:
    return one_line(item.get("model")) if isinstance(item, Mapping) else ""


def filter_text(row: RouteRow) -> str:
    """What the list's filter searches, case folded: the row's name, origin, match and model
    (a tab between them, so a search cannot match across two of them)."""
    written = (one_line(row.name), str(row.origin), format_match(row.item), model_of(row.item))
    return "\t".join(written).casefold()


def status_text(row: RouteRow, verdict: Verdict | None, shadowed_by: Origin | None = None) -> Text:
    """The status cell: the winner mark, why the row lost, or why the runtime skips it.

    A route an earlier one always shadows says so whenever it is not ruled out by the context
    itself (with no context, too): that is the reason it loses, whatever the turn.
    """
    if row.effective is None:
        return cell(one_line(row.skip_reason), "italic")
    shadowed = f"shadowed by {shadowed_by}: can never win" if shadowed_by else ""
    if verdict is None:
        return cell(shadowed, "dim")
    if verdict.status == "shadowed_here" and shadowed:
        return cell(shadowed, "dim")
    if verdict.status == "winner":
        return cell(WINNER_MARK, "bold green")
    if verdict.status == "no_match":
        return cell("; ".join(one_line(mismatch) for mismatch in verdict.mismatches))
    return cell(one_line(verdict.describe()), "dim")


def row_cells(row: RouteRow) -> tuple[Text, ...]:
    """All cells of a row except the status (which depends on the simulated context)."""
    style = "italic" if row.legacy else ""
    return (
        cell(index_label(row), style),
        cell(route_label(row), style),
        cell(format_match(row.item) if row.effective or not row.legacy else "", style),
        cell(format_overrides(row.item), style),
    )
