"""The effective route list of SPEC §2 rule 2, with where each entry comes from.

`walk` is the single encoding of rule 2: `apply_route` consumes it bare (tuples, no objects,
so the runtime mirror stays as cheap as the runtime), `effective_routes` dresses it with
`Origin`s and reasons for the editor.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Final, TypeGuard

ROUTES, PLATFORMS, BY_SOURCE = "routes", "platforms", "by_source"
LEGACY_SECTIONS: tuple[str, ...] = (PLATFORMS, BY_SOURCE)
LEGACY_MATCH_KEY: dict[str, str] = {PLATFORMS: "platform", BY_SOURCE: "source_kind"}
"""The match key each legacy section's entries are synthesized with (rule 2b and 2c)."""


class Section(Enum):
    """The `key` of an Origin that stands for a whole section (`model.routes` itself)."""

    WHOLE = "whole"

    def __repr__(self) -> str:
        return "WHOLE_SECTION"


WHOLE_SECTION: Final = Section.WHOLE
OriginKey = Hashable
"""An index in `model.routes`, a shorthand key exactly as loaded, or WHOLE_SECTION."""


@dataclass(frozen=True)
class Origin:
    """Where an entry of the effective route list comes from.

    `key` is the index in `model.routes`, or the shorthand key exactly as loaded (which may be
    a non-string, e.g. `True` for a YAML `on:` key), or WHOLE_SECTION.
    """

    section: str
    key: OriginKey

    def __str__(self) -> str:
        if self.key is WHOLE_SECTION:
            return f"model.{self.section}"
        if self.section == ROUTES:
            return f"routes[{self.key}]"
        return f"{self.section}.{self.key}"

    @property
    def legacy(self) -> bool:
        return self.section != ROUTES

    @classmethod
    def route(cls, index: int) -> Origin:
        """The origin of `model.routes[index]`."""
        return cls(ROUTES, index)


@dataclass(frozen=True)
class EffectiveRoute:
    """One entry of the effective route list. `route` is the dict as evaluated: the item of
    `model.routes` itself (do not mutate it), or the dict synthesized from legacy shorthand."""

    position: int
    origin: Origin
    route: Mapping[Any, Any]
    name: str | None = None
    legacy: bool = False

    @property
    def label(self) -> str:
        """How messages name the route: `routes[0]` or `routes[0] (owner-everywhere)`."""
        return f"{self.origin} ({self.name})" if self.name else str(self.origin)

    @property
    def match(self) -> Any:
        return self.route.get("match")

    @property
    def can_match(self) -> bool:
        """False when `match` is empty or not a mapping: rule 3 then never matches."""
        return is_matchable(self.match)


@dataclass(frozen=True)
class SkippedItem:
    """An entry the runtime skips silently; `code` is the diagnostic id that reports it."""

    origin: Origin
    reason: str
    code: str = "ignored-legacy"


@dataclass(frozen=True)
class RouteList:
    routes: list[EffectiveRoute] = field(default_factory=list)
    skipped: list[SkippedItem] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.routes)


def is_matchable(match: Any) -> TypeGuard[Mapping[Any, Any]]:
    return isinstance(match, Mapping) and bool(match)


def kind_of(value: Any) -> str:
    """A YAML-ish word for the type of a loaded value, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    if isinstance(value, Mapping):
        return "mapping"
    return type(value).__name__


# (section, key, route, None) for an evaluated entry; (section, key, None, (code, reason)) for
# a skipped one.
WalkEntry = tuple[str, Any, Mapping[Any, Any] | None, tuple[str, str] | None]


def walk(model_config: Any) -> Iterator[WalkEntry]:
    """SPEC §2 rule 2, in evaluation order, including what is skipped and why."""
    if not isinstance(model_config, Mapping):
        return
    yield from _walk_routes(model_config.get(ROUTES))
    yield from _walk_platforms(model_config.get(PLATFORMS))
    yield from _walk_by_source(model_config.get(BY_SOURCE))


def _walk_routes(routes: Any) -> Iterator[WalkEntry]:
    if routes is None:
        return
    if not isinstance(routes, list):
        reason = f"a {kind_of(routes)}, not a list: ignored"
        yield ROUTES, WHOLE_SECTION, None, ("invalid-routes", reason)
        return
    for index, item in enumerate(routes):
        if not isinstance(item, Mapping):
            yield (
                ROUTES,
                index,
                None,
                ("not-a-mapping", f"a {kind_of(item)}, not a mapping: skipped"),
            )
        elif "match" not in item:
            yield ROUTES, index, None, ("missing-match", "has no `match`: skipped")
        elif not isinstance(item["match"], Mapping):
            reason = f"`match` is a {kind_of(item['match'])}, not a mapping: skipped"
            yield ROUTES, index, None, ("invalid-match", reason)
        else:
            yield ROUTES, index, item, None


def _walk_platforms(platforms: Any) -> Iterator[WalkEntry]:
    if platforms is None:
        return
    if not isinstance(platforms, Mapping):
        yield from _skip_section(PLATFORMS, platforms)
        return
    for name, value in platforms.items():
        if isinstance(value, str) and value:
            yield PLATFORMS, name, {"match": _legacy_match(PLATFORMS, name), "model": value}, None
        elif isinstance(value, Mapping) and value:
            yield PLATFORMS, name, {"match": _legacy_match(PLATFORMS, name), **value}, None
        else:
            yield PLATFORMS, name, None, ("ignored-legacy", _legacy_skip_reason(value))


def _walk_by_source(by_source: Any) -> Iterator[WalkEntry]:
    if by_source is None:
        return
    if not isinstance(by_source, Mapping):
        yield from _skip_section(BY_SOURCE, by_source)
        return
    for kind, value in by_source.items():
        if isinstance(value, Mapping) and value:
            yield BY_SOURCE, kind, {"match": _legacy_match(BY_SOURCE, kind), **value}, None
        elif isinstance(value, str) and value:
            reason = "a string: by_source entries must be mappings such as {model: ...}: ignored"
            yield BY_SOURCE, kind, None, ("ignored-legacy", reason)
        else:
            yield BY_SOURCE, kind, None, ("ignored-legacy", _legacy_skip_reason(value))


def _legacy_match(section: str, key: Any) -> dict[str, str]:
    return {LEGACY_MATCH_KEY[section]: str(key)}


def _skip_section(section: str, value: Any) -> Iterator[WalkEntry]:
    reason = f"a {kind_of(value)}, not a mapping: ignored"
    yield section, WHOLE_SECTION, None, ("ignored-legacy", reason)


def _legacy_skip_reason(value: Any) -> str:
    if value is None or value == "" or (isinstance(value, Mapping) and not value):
        return "empty: ignored"
    return f"a {kind_of(value)}, not a model name or mapping: ignored"


def effective_routes(model_config: Any) -> RouteList:
    """The effective route list (rule 2) with origins, and the skipped items with reasons."""
    routes: list[EffectiveRoute] = []
    skipped: list[SkippedItem] = []
    for section, key, route, skip in walk(model_config):
        origin = Origin(section, key)
        if skip is not None:
            skipped.append(SkippedItem(origin, skip[1], skip[0]))
        elif route is not None:
            name = route.get("name")
            label = None if name is None or name == "" else str(name)
            routes.append(EffectiveRoute(len(routes), origin, route, label, origin.legacy))
    return RouteList(routes, skipped)


BASE_RUNTIME_FIELDS: tuple[str, ...] = ("provider", "base_url", "api_key", "api_mode")
BASE_FIELDS: tuple[str, ...] = ("default", *BASE_RUNTIME_FIELDS)
"""The fields of the base model block an editor offers. The agent normalizes its aliases
(`model` and `name` for `default`, `api_base` for `base_url`, top-level fallbacks) when it
loads the file: `routedeck.document`'s agent view does the same before the engine reads it."""


def base_of(model_config: Any) -> tuple[str | None, dict[str, Any]]:
    """The unrouted model and runtime bundle of a model block, read as the agent's runtime
    reads the block it loaded: a bare string is the model id, else `default` (the runtime
    still accepts its alias `model` there); empty values count as unset.

    Pass the block as the agent normalized it (`ConfigDocument.agent_view().model_config`):
    only then do `name`, `api_base` and the top-level fallbacks count.
    """
    if isinstance(model_config, str):
        return (model_config or None), {}
    if not isinstance(model_config, Mapping):
        return None, {}
    model = model_config.get("default") or model_config.get("model")
    runtime = {
        key: model_config[key]
        for key in BASE_RUNTIME_FIELDS
        if model_config.get(key) is not None and model_config.get(key) != ""
    }
    return (str(model) if model else None), runtime
