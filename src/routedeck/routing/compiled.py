"""A route list compiled once per edit, answering contexts without scanning every route.

Routes are grouped by their *signature*, the set of keys their `match` names. Within a group a
route matches a context exactly when the tuple of `str()` of the context's values for those keys
equals the tuple of `str()` of the route's expected values, so each group is a dict from that
tuple to the first route (lowest position) that has it. The winner is the lowest position over
the groups whose keys are all present (not None) in the context: one dict lookup per group
instead of one comparison per route. Routes that can never match are in no group.
"""

from collections.abc import Mapping
from typing import Any

from routedeck.routing.explanation import (
    Explanation,
    Verdict,
    build_explanation,
    resolve_winner,
    routing_context,
    verdicts_of,
)
from routedeck.routing.routes import EffectiveRoute, RouteList, effective_routes

_Group = tuple[tuple[Any, ...], dict[tuple[str, ...], EffectiveRoute]]


class CompiledRoutes:
    """The effective route list of a model block, indexed for fast winner lookups."""

    def __init__(self, model_config: Any, base_sources: Mapping[str, str] | None = None) -> None:
        """`base_sources`: where the agent read each base field (`agent_view().provenance`),
        carried into every explanation's `FieldValue.source`."""
        self.model_config = model_config
        self.base_sources = base_sources
        self.route_list: RouteList = effective_routes(model_config)
        self._groups: list[_Group] = _index(self.route_list)

    def winner(self, context: Any) -> EffectiveRoute | None:
        """The first route that matches `context`, as `apply_route` would pick it."""
        seen = routing_context(context)
        if not seen:
            return None
        best: EffectiveRoute | None = None
        for keys, by_values in self._groups:
            values = _context_values(seen, keys)
            found = None if values is None else by_values.get(values)
            if found is not None and (best is None or found.position < best.position):
                best = found
        return best

    def resolve(
        self, context: Any, model: Any = None, runtime_kwargs: Any = None
    ) -> tuple[Any, Any]:
        """What `apply_route` returns, with the model block's base for a None model/runtime."""
        result_model, result_runtime, _ = resolve_winner(
            self.model_config, self.winner(context), model, runtime_kwargs
        )
        return result_model, result_runtime

    def verdicts(self, context: Any, start: int = 0, stop: int | None = None) -> list[Verdict]:
        """Verdicts for the routes at positions start..stop-1 (a screenful)."""
        return verdicts_of(self.route_list.routes[start:stop], context, self.winner(context))

    def explain(
        self,
        context: Any,
        model: Any = None,
        runtime_kwargs: Any = None,
        *,
        with_verdicts: bool = True,
    ) -> Explanation:
        """Same as `explain(model_config, context, model, runtime_kwargs, base_sources=...)`.

        `with_verdicts=False` leaves `verdicts` empty: the winner and the result stay fast at
        any size, for a screen that asks `verdicts()` for just the rows it shows.
        """
        winner = self.winner(context)
        return build_explanation(
            self.model_config,
            self.route_list if with_verdicts else RouteList(),
            context,
            winner,
            model,
            runtime_kwargs,
            self.base_sources,
        )


def _index(route_list: RouteList) -> list[_Group]:
    groups: dict[frozenset[Any], _Group] = {}
    for route in route_list.routes:
        if not route.can_match:
            continue
        match: Mapping[Any, Any] = route.match
        signature = frozenset(match)
        if signature not in groups:
            groups[signature] = (tuple(match), {})
        keys, by_values = groups[signature]
        by_values.setdefault(tuple(str(match[key]) for key in keys), route)
    return list(groups.values())


def _context_values(context: Mapping[Any, Any], keys: tuple[Any, ...]) -> tuple[str, ...] | None:
    values = []
    for key in keys:
        actual = context.get(key)
        if actual is None:
            return None
        values.append(str(actual))
    return tuple(values)
