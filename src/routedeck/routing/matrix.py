"""The winner for every platform × source_kind, as the CLI and cron callers and the gateway
would build the context (`{platform, source_kind}`; `user_id` is left out, so routes that
match on it never show here)."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from routedeck.routing.compiled import CompiledRoutes
from routedeck.routing.constants import KNOWN_PLATFORMS, SOURCE_KINDS
from routedeck.routing.routes import PLATFORMS, EffectiveRoute

Cell = tuple[str, str]


@dataclass(frozen=True)
class RoutingMatrix:
    platforms: tuple[str, ...]
    source_kinds: tuple[str, ...]
    cells: dict[Cell, EffectiveRoute | None] = field(default_factory=dict)
    # The model each cell resolves to (with the model block's base), for display.
    models: dict[Cell, Any] = field(default_factory=dict)


def routing_matrix(model_config: Any) -> RoutingMatrix:
    """SPEC's platforms and source kinds, plus any other value the file matches on."""
    compiled = CompiledRoutes(model_config)
    platforms = _with_values_in_file(KNOWN_PLATFORMS, compiled, "platform")
    platforms = _with(platforms, _legacy_platform_names(model_config))
    source_kinds = _with_values_in_file(SOURCE_KINDS, compiled, "source_kind")
    cells: dict[Cell, EffectiveRoute | None] = {}
    models: dict[Cell, Any] = {}
    for platform in platforms:
        for source_kind in source_kinds:
            context = {"platform": platform, "source_kind": source_kind}
            result = compiled.explain(context, with_verdicts=False)
            cells[platform, source_kind] = result.winner
            models[platform, source_kind] = result.model
    return RoutingMatrix(platforms, source_kinds, cells, models)


def _with_values_in_file(
    known: tuple[str, ...], compiled: CompiledRoutes, key: str
) -> tuple[str, ...]:
    found = [
        str(route.match[key])
        for route in compiled.route_list.routes
        if route.can_match and key in route.match
    ]
    return _with(known, found)


def _legacy_platform_names(model_config: Any) -> list[str]:
    legacy = model_config.get(PLATFORMS) if isinstance(model_config, Mapping) else None
    return [str(name) for name in legacy] if isinstance(legacy, Mapping) else []


def _with(known: tuple[str, ...], extra: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*known, *extra]))
