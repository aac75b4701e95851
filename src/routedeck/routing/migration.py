"""Turning legacy `platforms` / `by_source` shorthand into explicit routes, with a proof.

The plan appends, after the existing routes and in evaluation order, exactly the routes the
runtime synthesizes from the shorthand, and removes those shorthand entries (a section left
empty is removed too). Entries the runtime ignores are reported and kept as they are.

The proof compares `apply_route` before and after, each config with its own base block, on
every combination of the values that occur in any `match` (per key: every str() value seen,
one unseen value, and absence). Keys that no match names cannot change any outcome, and a
context value only matters through which of those seen strings it equals, so these contexts
cover every class of context. When that product would cost more than PROOF_BUDGET route
evaluations, the proof is structural instead: identical base blocks and, once routes that
can never match are dropped, the same sequence of (match items compared as str(), effect of
applying the route) imply the same first match and the same result for every context.
"""

import copy
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from itertools import product
from math import prod
from typing import Any, Literal

from routedeck.routing.routes import (
    ROUTES,
    Origin,
    SkippedItem,
    base_of,
    effective_routes,
)
from routedeck.routing.runtime import RouteApplyError, apply_one, apply_route

# Route evaluations the exhaustive proof may spend (contexts × routes, before and after).
PROOF_BUDGET = 500_000
_ABSENT = object()
_UNSET_MODEL = object()


class MigrationError(Exception):
    """The model block cannot be migrated safely; the message says why."""


@dataclass(frozen=True)
class Proof:
    method: Literal["exhaustive", "structural", "unchanged"]
    contexts_checked: int
    counterexamples: tuple[dict[Any, str], ...] = ()
    holds: bool = True

    def describe(self) -> str:
        if not self.holds:
            return f"NOT equivalent ({len(self.counterexamples)} contexts differ)"
        if self.method == "exhaustive":
            return f"proved on {self.contexts_checked} contexts"
        if self.method == "unchanged":
            return "nothing to migrate: routing stays as it is"
        return "proved structurally (same routes, same order, same effects)"


@dataclass(frozen=True)
class MigrationPlan:
    routes: list[tuple[Origin, dict[Any, Any]]] = field(default_factory=list)
    remove: list[Origin] = field(default_factory=list)
    ignored: list[SkippedItem] = field(default_factory=list)
    proof: Proof | None = None

    @property
    def is_empty(self) -> bool:
        """Nothing to append or remove (ignored entries may still be reported)."""
        return not self.routes and not self.remove

    def apply_to(self, model_config: Any) -> Any:
        """The migrated model block as plain data; the input is not modified."""
        migrated = copy.deepcopy(model_config)
        if self.is_empty:
            return migrated
        if not isinstance(migrated, Mapping):
            raise MigrationError(f"model: is a {type(model_config).__name__}, not a mapping")
        migrated = dict(migrated)
        migrated[ROUTES] = [
            *_existing_routes(migrated),
            *(copy.deepcopy(r) for _, r in self.routes),
        ]
        for origin in self.remove:
            section = migrated[origin.section]
            del section[origin.key]
            if not section:
                del migrated[origin.section]
        return migrated


def _existing_routes(model_config: Mapping[Any, Any]) -> list[Any]:
    routes = model_config.get(ROUTES)
    if routes is None:
        return []
    if not isinstance(routes, list):
        raise MigrationError("model.routes is not a list: fix it before migrating")
    return routes


def plan_migration(model_config: Any) -> MigrationPlan:
    """The plan that removes the convertible legacy shorthand, proved equivalent."""
    route_list = effective_routes(model_config)
    legacy = [route for route in route_list.routes if route.legacy]
    plan = MigrationPlan(
        routes=[(route.origin, copy.deepcopy(dict(route.route))) for route in legacy],
        remove=[route.origin for route in legacy],
        ignored=[item for item in route_list.skipped if item.origin.legacy],
    )
    if plan.is_empty:  # nothing changes: no copy to make, nothing to prove
        return replace(plan, proof=Proof("unchanged", 0))
    proof = prove_equivalent(model_config, plan.apply_to(model_config))
    if not proof.holds:
        shown = ", ".join(map(str, proof.counterexamples[:3]))
        raise MigrationError(f"the migration would change routing for {shown}")
    return replace(plan, proof=proof)


def prove_equivalent(before: Any, after: Any) -> Proof:
    """Whether every context resolves the same under both model blocks (see module doc)."""
    configs = (before, after)
    keys, options = _context_space(configs)
    evaluations = prod(len(values) for values in options) * sum(
        len(effective_routes(c)) + 1 for c in configs
    )
    if evaluations > PROOF_BUDGET:
        return Proof("structural", 0, holds=_meaning(before) == _meaning(after))
    contexts = list(_contexts(keys, options))
    differing = tuple(c for c in contexts if _resolve(before, c) != _resolve(after, c))
    return Proof("exhaustive", len(contexts), differing, holds=not differing)


def counterexamples(before: Any, after: Any) -> list[dict[Any, str]]:
    """Contexts that resolve differently (empty when equivalent, or when proved structurally)."""
    return list(prove_equivalent(before, after).counterexamples)


def _resolve(model_config: Any, context: dict[Any, str]) -> tuple[Any, Any]:
    model, runtime = base_of(model_config)
    return apply_route(model, runtime, model_config, context)


def _context_space(configs: tuple[Any, ...]) -> tuple[list[Any], list[list[Any]]]:
    seen: dict[Any, dict[str, None]] = {}
    for config in configs:
        for route in effective_routes(config).routes:
            if route.can_match:
                for key, value in route.match.items():
                    seen.setdefault(key, {})[str(value)] = None
    keys = list(seen)
    options = [[*seen[key], _unseen(seen[key]), _ABSENT] for key in keys]
    return keys, options


def _unseen(values: Mapping[str, None]) -> str:
    candidate = "<unseen>"
    while candidate in values:
        candidate += "'"
    return candidate


def _contexts(keys: list[Any], options: list[list[Any]]) -> Iterator[dict[Any, str]]:
    for combination in product(*options):
        yield {
            key: value for key, value in zip(keys, combination, strict=True) if value is not _ABSENT
        }


def _meaning(model_config: Any) -> tuple[Any, list[tuple[frozenset[tuple[Any, str]], Any]]]:
    """What routing does, independent of where routes are written (see module doc)."""
    matchable = [route for route in effective_routes(model_config).routes if route.can_match]
    return base_of(model_config), [
        (frozenset((k, str(v)) for k, v in route.match.items()), _effect(route.route))
        for route in matchable
    ]


def _effect(route: Mapping[Any, Any]) -> Any:
    try:
        return apply_one(route, _UNSET_MODEL, {})
    except RouteApplyError:
        return "raises"
