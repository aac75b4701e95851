"""The winner for every platform × source_kind × user_id, as callers build the context.

The user_id axis holds each value some route matches on, plus "any other" (`ANY_USER`): a
user_id no route names, which routes treat exactly like an absent one (a `match` on user_id
then fails either way), so that one column stands for both.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from routedeck.routing.compiled import CompiledRoutes
from routedeck.routing.constants import KNOWN_PLATFORMS, SOURCE_KINDS
from routedeck.routing.routes import PLATFORMS, EffectiveRoute

ANY_USER: Final = None
"""The user_id of the "any other" column: a user_id no route matches on, or none at all."""
Cell = tuple[str, str, str | None]
"""(platform, source_kind, user_id or ANY_USER)."""


@dataclass(frozen=True)
class RoutingMatrix:
    """`cells` / `models` hold every (platform, source_kind, ANY_USER) cell, and a named
    user_id's cell only where it differs from "any other": `winner()` and `model()` answer
    for any cell."""

    platforms: tuple[str, ...]
    source_kinds: tuple[str, ...]
    user_ids: tuple[str | None, ...] = (ANY_USER,)
    """ANY_USER first, then every user_id a route matches on."""
    cells: dict[Cell, EffectiveRoute | None] = field(default_factory=dict)
    models: dict[Cell, Any] = field(default_factory=dict)
    """The model each cell resolves to (with the model block's base)."""

    def winner(self, platform: str, kind: str, user_id: str | None) -> EffectiveRoute | None:
        return self.cells.get((platform, kind, user_id), self.cells[platform, kind, ANY_USER])

    def model(self, platform: str, kind: str, user_id: str | None) -> Any:
        return self.models.get((platform, kind, user_id), self.models[platform, kind, ANY_USER])

    def distinct_user_ids(self, platform: str) -> tuple[str, ...]:
        """The named user_ids whose row for `platform` differs from the "any other" row."""
        named = {user for (shown, _, user) in self.cells if shown == platform and user}
        return tuple(user for user in self.user_ids if user in named)


def routing_matrix(model_config: Any) -> RoutingMatrix:
    """SPEC's platforms and source kinds, plus any other value the file matches on.

    Every platform × source_kind is resolved for "any other" user_id; a named user_id only
    where a route naming it could match, and kept only where its winner differs (a route
    naming a user_id decides nothing for the others): linear in the routes, not in users ×
    platforms × kinds."""
    compiled = CompiledRoutes(model_config)
    platforms = _with(KNOWN_PLATFORMS, _matched_values(compiled, "platform"))
    platforms = _with(platforms, _legacy_platform_names(model_config))
    source_kinds = _with(SOURCE_KINDS, _matched_values(compiled, "source_kind"))
    user_ids: tuple[str | None, ...] = (ANY_USER, *_with((), _matched_values(compiled, "user_id")))
    cells: dict[Cell, EffectiveRoute | None] = {}
    models: dict[Cell, Any] = {}
    for platform in platforms:
        for source_kind in source_kinds:
            context = {"platform": platform, "source_kind": source_kind}
            result = compiled.explain(context, with_verdicts=False)
            cells[platform, source_kind, ANY_USER] = result.winner
            models[platform, source_kind, ANY_USER] = result.model
    for cell in _cells_a_user_id_may_change(compiled, platforms, source_kinds):
        platform, source_kind, user_id = cell
        context = {"platform": platform, "source_kind": source_kind, "user_id": str(user_id)}
        winner = compiled.winner(context)
        if winner != cells[platform, source_kind, ANY_USER]:
            cells[cell] = winner
            models[cell] = compiled.explain(context, with_verdicts=False).model
    return RoutingMatrix(platforms, source_kinds, user_ids, cells, models)


def _cells_a_user_id_may_change(
    compiled: CompiledRoutes, platforms: tuple[str, ...], source_kinds: tuple[str, ...]
) -> dict[Cell, None]:
    """For each route that names a user_id: the cells of that user_id it could match (its
    platform and source_kind when it names them, else every one)."""
    found: dict[Cell, None] = {}
    for route in compiled.route_list.routes:
        match = route.match
        if not route.can_match or "user_id" not in match:
            continue
        user_id = str(match["user_id"])
        route_platforms = [str(match["platform"])] if "platform" in match else platforms
        route_kinds = [str(match["source_kind"])] if "source_kind" in match else source_kinds
        for platform in route_platforms:
            for source_kind in route_kinds:
                found[platform, source_kind, user_id] = None
    return found


def _matched_values(compiled: CompiledRoutes, key: str) -> list[str]:
    return [
        str(route.match[key])
        for route in compiled.route_list.routes
        if route.can_match and key in route.match
    ]


def _legacy_platform_names(model_config: Any) -> list[str]:
    legacy = model_config.get(PLATFORMS) if isinstance(model_config, Mapping) else None
    return [str(name) for name in legacy] if isinstance(legacy, Mapping) else []


def _with(known: tuple[str, ...], extra: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*known, *extra]))
