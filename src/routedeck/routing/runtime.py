"""`apply_route`: SPEC §2 to the letter, kept plain so it can be read against the spec.

One deliberate decision beyond the spec text: when applying the winning route would make the
runtime raise (`args: 5`, since `list(5)` raises; or a `runtime_kwargs` that is not a mapping),
the gateway's "silent fallback on exception — never blocks a turn" means the turn proceeds
with the unrouted inputs. `apply_route` returns exactly that (the same objects) instead of
raising; `diagnose` reports such a route as `invalid-args`.
"""

from collections.abc import Mapping
from typing import Any

from routedeck.routing.constants import RUNTIME_FIELDS
from routedeck.routing.routes import is_matchable, walk


class RouteApplyError(Exception):
    """Applying a route would make the runtime raise (the turn then falls back, unrouted)."""


def is_no_opinion(value: Any) -> bool:
    """None, "" and [] leave a field alone (rule 5); 0, False and {} do not."""
    return value is None or value == "" or value == []


def route_matches(route: Mapping[Any, Any], context: Mapping[Any, Any]) -> bool:
    """Rule 3: a non-empty `match` whose every key is in the context with an equal str()."""
    match = route.get("match")
    if not is_matchable(match):
        return False
    for key, expected in match.items():
        actual = context.get(key)
        if actual is None or str(actual) != str(expected):
            return False
    return True


def route_sets(route: Mapping[Any, Any], field: str) -> bool:
    """Whether applying `route` sets `field` ("model" or one of RUNTIME_FIELDS)."""
    value = route.get(field)
    return bool(value) if field == "model" else not is_no_opinion(value)


def apply_one(
    route: Mapping[Any, Any], model: Any, runtime_kwargs: Any
) -> tuple[Any, dict[Any, Any]]:
    """Rule 5. Raises RouteApplyError where the runtime would raise."""
    if runtime_kwargs is not None and not isinstance(runtime_kwargs, Mapping):
        raise RouteApplyError(f"runtime_kwargs is a {type(runtime_kwargs).__name__}")
    runtime = dict(runtime_kwargs or {})
    new_model = str(route["model"]) if route_sets(route, "model") else model
    for field in RUNTIME_FIELDS:
        if route_sets(route, field):
            runtime[field] = _as_list(route[field]) if field == "args" else route[field]
    return new_model, runtime


def _as_list(value: Any) -> list[Any]:
    try:
        return list(value)
    except TypeError as error:
        raise RouteApplyError(f"args: list() of a {type(value).__name__} raises") from error


def apply_route(
    model: Any, runtime_kwargs: Any, model_config: Any, context: Any
) -> tuple[Any, Any]:
    """SPEC §2: the model and runtime bundle for a turn. Never raises; never mutates inputs."""
    if not context or not isinstance(context, Mapping):
        return model, runtime_kwargs
    for _section, _key, route, _skip in walk(model_config):
        if route is not None and route_matches(route, context):
            try:
                return apply_one(route, model, runtime_kwargs)
            except RouteApplyError:
                return model, runtime_kwargs
    return model, runtime_kwargs
