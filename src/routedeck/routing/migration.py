"""Turning legacy `platforms` / `by_source` shorthand into explicit routes, with a proof.

The plan appends, after the existing routes and in evaluation order, exactly the routes the
runtime synthesizes from the shorthand, and removes those shorthand entries (a section left
empty is removed too). Entries the runtime ignores are reported and kept as they are.

The proof is the behaviour diff of SPEC §7 (`routing.behaviour`): before and after, each with
its own base block, are compared on every context class (`routing.contexts`: per key, every
str() value some match names, one value none names, and absence), which covers every context.
A migration appends exactly the routes the runtime synthesizes, so both route lists are the
same and the diff settles the whole space at once, at any size. Should the diff ever stop at
its budget (PROOF_BUDGET cubes) without finding a difference, the proof says it is incomplete
and does not hold.
"""

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from routedeck.routing.behaviour import DIFF_BUDGET, behaviour_diff
from routedeck.routing.routes import ROUTES, EffectiveRoute, Origin, SkippedItem, effective_routes

# Cubes of context classes the behaviour diff may settle before the proof gives up.
PROOF_BUDGET = DIFF_BUDGET


class MigrationError(Exception):
    """The model block cannot be migrated safely; the message says why."""


@dataclass(frozen=True)
class Proof:
    """`method` is "exhaustive" when every context class was compared, "incomplete" when the
    comparison stopped at its budget (then `holds` is False unless proved otherwise),
    "unchanged" when the plan changes nothing."""

    method: Literal["exhaustive", "incomplete", "unchanged"]
    contexts_checked: int
    counterexamples: tuple[dict[Any, str], ...] = ()
    holds: bool = True

    def describe(self) -> str:
        if self.counterexamples:
            return f"NOT equivalent ({len(self.counterexamples)} sets of contexts differ)"
        if self.method == "unchanged":
            return "nothing to migrate: routing stays as it is"
        if self.method == "incomplete":
            return f"not proved: stopped after {self.contexts_checked} context classes"
        return f"proved on {self.contexts_checked} context classes"


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
        routes=[(route.origin, _named(route)) for route in legacy],
        remove=[route.origin for route in legacy],
        ignored=[item for item in route_list.skipped if item.origin.legacy],
    )
    if plan.is_empty:  # nothing changes: no copy to make, nothing to prove
        return replace(plan, proof=Proof("unchanged", 0))
    proof = prove_equivalent(model_config, plan.apply_to(model_config))
    if proof.counterexamples:
        shown = ", ".join(map(str, proof.counterexamples[:3]))
        raise MigrationError(f"the migration would change routing for {shown}")
    if not proof.holds:
        raise MigrationError(f"the migration could not be proved safe ({proof.describe()})")
    return replace(plan, proof=proof)


def _named(route: EffectiveRoute) -> dict[Any, Any]:
    """The route a legacy entry becomes, named after where it came from (`platforms.telegram`)
    unless the entry names itself; the runtime ignores `name`, so this changes no result."""
    converted = copy.deepcopy(dict(route.route))
    if converted.get("name") is None:
        converted = {"name": str(route.origin), **converted}
    return converted


def prove_equivalent(before: Any, after: Any) -> Proof:
    """Whether every context resolves the same under both model blocks (see module doc).

    `contexts_checked` is the number of context classes (SPEC §7) compared; `counterexamples`
    holds one context of each set of classes that resolves differently.
    """
    diff = behaviour_diff(before, after, budget=PROOF_BUDGET)
    found = tuple(change.example for change in diff.changes)
    method: Literal["exhaustive", "incomplete"] = "exhaustive" if diff.complete else "incomplete"
    return Proof(method, diff.classes_checked, found, holds=diff.same)


def counterexamples(before: Any, after: Any) -> list[dict[Any, str]]:
    """Contexts that resolve differently (empty when equivalent)."""
    return list(prove_equivalent(before, after).counterexamples)
