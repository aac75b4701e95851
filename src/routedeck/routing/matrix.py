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
    platforms: tuple[str, ...]
    source_kinds: tuple[str, ...]
    user_ids: tuple[str | None, ...] = (ANY_USER,)
    """ANY_USER first, then every user_id a route matches on."""
    cells: dict[Cell, EffectiveRoute | None] = field(default_factory=dict)
    models: dict[Cell, Any] = field(default_factory=dict)
    """The model each cell resolves to (with the model block's base)."""

    def distinct_user_ids(self, platform: str) -> tuple[str, ...]:
        """The named user_ids whose row for `platform` differs from the "any other" row."""
        return tuple(
            user_id
            for user_id in self.user_ids
            if user_id is not ANY_USER
            and any(self._differs(platform, kind, user_id) for kind in self.source_kinds)
        )

    def _differs(self, platform: str, kind: str, user_id: str) -> bool:
        cell, anyone = (platform, kind, user_id), (platform, kind, ANY_USER)
        return self.cells[cell] != self.cells[anyone] or self.models[cell] != self.models[anyone]


def routing_matrix(model_config: Any) -> RoutingMatrix:
    """SPEC's platforms and source kinds, plus any other value the file matches on."""
    compiled = CompiledRoutes(model_config)
    platforms = _with(KNOWN_PLATFORMS, _matched_values(compiled, "platform"))
    platforms = _with(platforms, _legacy_platform_names(model_config))
    source_kinds = _with(SOURCE_KINDS, _matched_values(compiled, "source_kind"))
    user_ids: tuple[str | None, ...] = (ANY_USER, *_with((), _matched_values(compiled, "user_id")))
    cells: dict[Cell, EffectiveRoute | None] = {}
    models: dict[Cell, Any] = {}
    for platform in platforms:
        for source_kind in source_kinds:
            for user_id in user_ids:
                context = {"platform": platform, "source_kind": source_kind}
                if user_id is not ANY_USER:
                    context["user_id"] = user_id
                result = compiled.explain(context, with_verdicts=False)
                cells[platform, source_kind, user_id] = result.winner
                models[platform, source_kind, user_id] = result.model
    return RoutingMatrix(platforms, source_kinds, user_ids, cells, models)


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
