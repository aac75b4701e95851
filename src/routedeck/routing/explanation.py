"""Why each route did or did not win for a context, and where each result field comes from."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from routedeck.routing.constants import RUNTIME_FIELDS
from routedeck.routing.routes import (
    EffectiveRoute,
    Origin,
    RouteList,
    base_of,
    effective_routes,
    kind_of,
)
from routedeck.routing.runtime import RouteApplyError, apply_one, route_matches, route_sets

Status = Literal["winner", "shadowed_here", "no_match", "never_matches"]
EXPLAINED_FIELDS: tuple[str, ...] = (
    "model",
    "provider",
    "base_url",
    "api_key",
    "api_mode",
    "command",
    "args",
)
"""The route keys the runtime applies, in the order explanations and screens show them."""
ALWAYS_SHOWN_FIELDS: tuple[str, ...] = ("model", "provider", "base_url", "api_mode", "api_key")
"""The result fields a screen shows even when unset (command and args only when set)."""


@dataclass(frozen=True)
class KeyMismatch:
    """One `match` key the context fails. `actual` is None when the key is missing."""

    key: Any
    expected: Any
    actual: Any = None
    missing: bool = False

    def __str__(self) -> str:
        if self.missing:
            return f"{self.key}: not in context"
        return f"{self.key}: wants {self.expected}, got {self.actual}"


@dataclass(frozen=True)
class Verdict:
    route: EffectiveRoute
    status: Status
    mismatches: tuple[KeyMismatch, ...] = ()
    winner: EffectiveRoute | None = None

    def describe(self) -> str:
        """One line for the screen, e.g. `matched, but routes[0] won`."""
        if self.status == "winner":
            return "wins"
        if self.status == "shadowed_here" and self.winner is not None:
            return f"matched, but {self.winner.label} won"
        if self.status == "never_matches":
            match = self.route.match
            what = "empty" if isinstance(match, Mapping) else _a(kind_of(match))
            return f"never matches: match is {what}"
        return "no match: " + "; ".join(str(m) for m in self.mismatches)


def _a(kind: str) -> str:
    """`a list`, but `null` alone."""
    return kind if kind == "null" else f"a {kind}"


AGENT_RESOLVES_API_KEY = "from the provider's credentials"
"""What the agent does for an `api_key` nobody sets: shown instead of an empty value."""
BASE_SOURCE_KEYS = {"model": "default"}
"""Result fields whose base value the model block writes under another key."""


@dataclass(frozen=True)
class FieldValue:
    """A result field.

    `origin`: the route that set it; None means the base model block.
    `source`: for a base value, where the agent read it (the document's agent view provenance,
    e.g. `model.name (stands in for default)`, `top-level provider`); None when not known.
    `resolved_by_agent`: nothing sets it and the agent fills it itself (an `api_key`, taken
    from the provider's credentials); the value is then None, not a guess.
    """

    value: Any
    origin: Origin | None = None
    source: str | None = None
    resolved_by_agent: bool = False

    @property
    def provenance(self) -> str:
        """Where the value comes from, for a screen: `routes[2]`, `top-level provider`, `base`."""
        if self.origin is not None:
            return str(self.origin)
        return self.source or "base"

    @property
    def note(self) -> str | None:
        """What to show instead of an empty value, when the agent fills it itself."""
        return AGENT_RESOLVES_API_KEY if self.resolved_by_agent else None


@dataclass(frozen=True)
class Explanation:
    """`model`/`runtime` are what `apply_route` returns. `fallback` says why a winner that
    matched was not applied (the runtime would raise, so the turn stays unrouted)."""

    context: Any
    winner: EffectiveRoute | None
    verdicts: list[Verdict]
    model: Any
    runtime: Any
    fields: dict[str, FieldValue] = field(default_factory=dict)
    fallback: str | None = None


def routing_context(context: Any) -> Mapping[Any, Any]:
    """The context rule 3 sees: no context (or not a mapping) means no key is present."""
    return context if context and isinstance(context, Mapping) else {}


def mismatches_of(match: Mapping[Any, Any], context: Mapping[Any, Any]) -> tuple[KeyMismatch, ...]:
    found = []
    for key, expected in match.items():
        actual = context.get(key)
        if actual is None:
            found.append(KeyMismatch(key, expected, None, missing=True))
        elif str(actual) != str(expected):
            found.append(KeyMismatch(key, expected, actual))
    return tuple(found)


def verdict_of(
    route: EffectiveRoute, context: Mapping[Any, Any], winner: EffectiveRoute | None
) -> Verdict:
    if not route.can_match:
        return Verdict(route, "never_matches", (), winner)
    failing = mismatches_of(route.match, context)
    if failing:
        return Verdict(route, "no_match", failing, winner)
    status: Status = (
        "winner" if winner is not None and winner.position == route.position else "shadowed_here"
    )
    return Verdict(route, status, (), winner)


def verdicts_of(
    routes: Sequence[EffectiveRoute], context: Any, winner: EffectiveRoute | None
) -> list[Verdict]:
    seen = routing_context(context)
    return [verdict_of(route, seen, winner) for route in routes]


def explain(
    model_config: Any,
    context: Any,
    model: Any = None,
    runtime_kwargs: Any = None,
    *,
    base_sources: Mapping[str, str] | None = None,
) -> Explanation:
    """Explain the routing of one turn. `model` / `runtime_kwargs` default to the model block's.

    `base_sources`: where the agent read each base field, keyed by model-block key (`default`,
    `provider`, …): the document's `agent_view().provenance`. It becomes `FieldValue.source`
    of the fields that keep their base value.
    """
    route_list = effective_routes(model_config)
    seen = routing_context(context)
    winner = next((r for r in route_list.routes if route_matches(r.route, seen)), None)
    return build_explanation(
        model_config, route_list, context, winner, model, runtime_kwargs, base_sources
    )


def build_explanation(
    model_config: Any,
    route_list: RouteList,
    context: Any,
    winner: EffectiveRoute | None,
    model: Any = None,
    runtime_kwargs: Any = None,
    base_sources: Mapping[str, str] | None = None,
) -> Explanation:
    """The Explanation for a winner already found (by a scan or by CompiledRoutes' index)."""
    result_model, result_runtime, fallback = resolve_winner(
        model_config, winner, model, runtime_kwargs
    )
    sources = _sources_of_base(base_sources, model is None, runtime_kwargs is None)
    return Explanation(
        context=context,
        winner=winner,
        verdicts=verdicts_of(route_list.routes, context, winner),
        model=result_model,
        runtime=result_runtime,
        fields=_fields(result_model, result_runtime, None if fallback else winner, sources),
        fallback=fallback,
    )


def resolve_winner(
    model_config: Any, winner: EffectiveRoute | None, model: Any = None, runtime_kwargs: Any = None
) -> tuple[Any, Any, str | None]:
    """Apply `winner` as `apply_route` does: (model, runtime, why it fell back or None).

    A None `model` / `runtime_kwargs` stands for the model block's own (`base_of`).
    """
    base_model, base_runtime = base_of(model_config)
    model = base_model if model is None else model
    runtime_kwargs = base_runtime if runtime_kwargs is None else runtime_kwargs
    if winner is None:
        return model, runtime_kwargs, None
    try:
        return (*apply_one(winner.route, model, runtime_kwargs), None)
    except RouteApplyError as error:
        return (
            model,
            runtime_kwargs,
            f"{winner.label} matched but the runtime raises ({error}): unrouted",
        )


def _sources_of_base(
    base_sources: Mapping[str, str] | None, base_model: bool, base_runtime: bool
) -> dict[str, str]:
    """`base_sources` by result field name, for the parts of the base the caller did not
    replace with its own `model` / `runtime_kwargs`."""
    if not base_sources:
        return {}
    found = {}
    for key, source in base_sources.items():
        name = next((n for n, k in BASE_SOURCE_KEYS.items() if k == key), key)
        if base_model if name == "model" else base_runtime:
            found[name] = source
    return found


def _fields(
    model: Any, runtime: Any, applied: EffectiveRoute | None, sources: Mapping[str, str]
) -> dict[str, FieldValue]:
    runtime = runtime if isinstance(runtime, Mapping) else {}
    values = {"model": model} | {name: runtime.get(name) for name in RUNTIME_FIELDS}
    values |= {name: value for name, value in runtime.items() if name not in values}
    ordered = [*EXPLAINED_FIELDS, *(name for name in values if name not in EXPLAINED_FIELDS)]
    return {name: _field_value(name, values[name], applied, sources) for name in ordered}


def _field_value(
    name: Any, value: Any, applied: EffectiveRoute | None, sources: Mapping[str, str]
) -> FieldValue:
    origin = _origin(applied, name)
    if origin is not None:
        return FieldValue(value, origin)
    unset = value is None or value == ""
    source = None if unset else sources.get(name)
    return FieldValue(value, None, source, resolved_by_agent=unset and name == "api_key")


def _origin(applied: EffectiveRoute | None, name: Any) -> Origin | None:
    if applied is None or name not in EXPLAINED_FIELDS:
        return None
    return applied.origin if route_sets(applied.route, name) else None
