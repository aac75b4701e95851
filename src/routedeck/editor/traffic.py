"""What an edit does to traffic, fast: the behaviour diff of SPEC §7 narrowed to what changed.

`routing.behaviour_diff` splits the whole class space, and on big files an edit it cannot see
as small (two routes naming different keys swapped, say) costs it minutes. Yet an edit of a
few routes can only change contexts in a small *region*, and only routes that can match a
context there decide what those contexts get:

* The two effective route lists share a head and a tail (same routes, same order). Between
  them, the routes of one side with no equal on the other are the *changed* ones, the others
  are common to both.
* A context none of whose matching routes is a changed one, and that matches no two common
  routes whose order the edit swapped, meets its matching routes in the same order on both
  sides: its first match, hence its result, is the same. So the region is the union of the
  changed routes' matches and of the matches of each swapped pair (a conjunction: a *cube*).
* A route that cannot match any context of the region (it asks another value of a key some
  cube fixes, for every cube) decides nothing there; nor does a route of the common tail for
  a cube whose every context matches a changed or swapped route on both sides (a route's
  match edited, two routes swapped): such a context never gets that far. Dropping those
  routes from both sides leaves every context of the region resolving as before, and every
  context outside it resolving alike on both sides: the changed contexts are exactly those of
  the full diff.

The narrowed blocks keep every route's origin (a dropped route becomes an item the runtime
skips; a dropped legacy entry is left out of its section), so the changes name the real
routes. The narrowed class space names fewer values: each change's classes are translated
back to the full space (a narrowed `*` stands for the values only dropped routes name, too),
so counts and `summary()` read as `routedeck diff` would. The base block must be the same on
both sides, and the changed part small; otherwise the full diff runs, with its budget.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from math import prod
from typing import Any

from routedeck.routing import (
    BY_SOURCE,
    PLATFORMS,
    ROUTES,
    UNSEEN,
    BehaviourChange,
    BehaviourDiff,
    ContextSpace,
    EffectiveRoute,
    Outcome,
    RouteList,
    ValueSet,
    base_of,
    behaviour_diff,
    effective_routes,
)
from routedeck.routing.behaviour import DIFF_BUDGET, common_ends, context_classes
from routedeck.routing.compare import same
from routedeck.routing.contexts import space_of_routes
from routedeck.routing.secrets import mask_value

SECONDS = 1.0
"""How long an edit's diff may take (in a worker thread) before it says how far it got."""
SAVE_SECONDS = 5 * SECONDS
"""How long the diff of what saving changes may take (the save preview waits for it)."""
FIRST_BUDGET = 1_000
"""Cubes the first try may settle (see `routing.behaviour`): a narrowed edit needs a handful.
A diff that stops there is tried again with twice the budget while the time allows, so a full
diff (a base block edit, a migration) of a 10,000-route file stops after about `seconds` and
says how many classes it checked."""
COMPARED_ROUTES = 5_000
"""Routes (both blocks together) a diff that cannot be narrowed may start with, for about a
second: its first split alone grows with the cube of the routes when a key names many values
(measured on 2 cores: 50 ms at 2,000, 1.7 s at 6,000, 6 s at 10,000). `compared_routes` scales
it to other times."""
SMALL_CHANGE = 64
"""At most this many routes between the common head and tail: more, and the full diff runs."""

EVERY_CLASS = ValueSet(frozenset(), True)
Cube = dict[Any, str]
"""Match items a context must all have (`str()` of each value, as rule 3 compares them)."""


@dataclass(frozen=True)
class NotCompared:
    """A diff not even started: it would take far longer than the time it was given."""

    routes: int
    """The routes (both blocks together) it would have had to compare."""

    changes: tuple[BehaviourChange, ...] = ()
    complete: bool = False
    same: bool = False

    def summary(self, limit: int = 3, *, show_secrets: bool = False) -> str:
        return (
            f"not compared: {self.routes:,} routes would take too long to compare here "
            "(`routedeck diff` compares two files in full)"
        )


def edit_diff(
    model_a: Any,
    model_b: Any,
    *,
    seconds: float = SECONDS,
    routes: tuple[RouteList, RouteList] | None = None,
) -> BehaviourDiff | NotCompared:
    """The context classes model block B resolves differently from A, as
    `behaviour_diff(model_a, model_b)` finds them, narrowed to the routes an edit can affect
    when the edit is small (see the module doc), and stopped after about `seconds` (the diff
    then says how far it got). NotCompared when even its first step would take far longer:
    more routes to compare than `compared_routes(seconds)`.
    `routes`: the effective route lists of both blocks, when the caller has them."""
    started = time.perf_counter()
    routes_a, routes_b = routes or (effective_routes(model_a), effective_routes(model_b))
    base_a, base_b = base_of(model_a), base_of(model_b)
    region = _Region.of(routes_a.routes, routes_b.routes) if same(base_a, base_b) else None
    if region is None:
        if len(routes_a) + len(routes_b) > compared_routes(seconds):
            return NotCompared(len(routes_a) + len(routes_b))
        return _within(
            lambda budget: behaviour_diff(model_a, model_b, budget=budget), started, seconds
        )
    kept_a, kept_b = (
        region.kept(routes_a.routes, region.tail_a),
        region.kept(routes_b.routes, region.tail_b),
    )
    if len(kept_a) + len(kept_b) > compared_routes(seconds):
        return NotCompared(len(kept_a) + len(kept_b))
    narrowed_a, narrowed_b = _narrowed(model_a, kept_a), _narrowed(model_b, kept_b)
    narrowed = _within(
        lambda budget: behaviour_diff(
            narrowed_a, narrowed_b, base_a=base_a, base_b=base_b, budget=budget
        ),
        started,
        seconds,
    )
    full = space_of_routes((routes_a, routes_b))
    small = space_of_routes((RouteList(kept_a), RouteList(kept_b)))
    return _translated(narrowed, small, full)


def compared_routes(seconds: float) -> int:
    """The most routes (both blocks together) a diff is started with, given `seconds`."""
    return int(COMPARED_ROUTES * max(seconds, 0.0) ** (1 / 3))


def _within(run: Callable[[int], BehaviourDiff], started: float, seconds: float) -> BehaviourDiff:
    """`run(budget)` with budgets doubling from FIRST_BUDGET until it completes, or until the
    next try (about twice the last) would end after `seconds`."""
    budget = FIRST_BUDGET
    while True:
        tried = time.perf_counter()
        diff = run(budget)
        now = time.perf_counter()
        if diff.complete or budget >= DIFF_BUDGET or now + 2 * (now - tried) > started + seconds:
            return diff
        budget *= 2


def change_lines(change: BehaviourChange) -> list[str]:
    """A change as diff lines, as `routedeck diff` prints it: `@@ where (N context classes)`,
    then `-` the result before and `+` the result after (the fields that differ, secrets
    masked), so that colour is never the only cue."""
    return [
        f"@@ {change.where()} ({context_classes(change.count)})",
        f"-{_outcome_text(change.before, change.fields)}",
        f"+{_outcome_text(change.after, change.fields)}",
    ]


def _outcome_text(outcome: Outcome, fields: Sequence[str]) -> str:
    shown = []
    for name in fields:
        value = outcome.value(name)
        if value is None:
            shown.append(f"{name} unset")
            continue
        masked = mask_value(value, name)
        text = masked if isinstance(masked, str) else json.dumps(masked, default=str)
        shown.append(f"{name} {text}")
    return f" {outcome.label}: " + ", ".join(shown or ["the same fields"])


# ---------------------------------------------------------------- the region


def _items(route: EffectiveRoute) -> Cube | None:
    """The match as rule 3 reads it; None when the route can never match."""
    if not route.can_match:
        return None
    return {key: str(value) for key, value in route.match.items()}


def _equal(first: EffectiveRoute, second: EffectiveRoute) -> bool:
    return first.route is second.route or same(first.route, second.route)


@dataclass(frozen=True)
class _Region:
    """Where an edit can change results (module doc): `cubes`; the routes of both lists before
    `head` are the same, and so are those from `tail_a` in A and `tail_b` in B."""

    cubes: list[Cube]
    open_cubes: list[Cube]
    """The cubes some context of which matches no changed route on one side: only there can
    a route of the common tail decide a result."""
    head: int
    tail_a: int
    tail_b: int

    @classmethod
    def of(
        cls, routes_a: Sequence[EffectiveRoute], routes_b: Sequence[EffectiveRoute]
    ) -> _Region | None:
        """None when the changed part is too big to narrow."""
        head, tail = common_ends(routes_a, routes_b, _equal)
        middle_a = list(routes_a[head : len(routes_a) - tail])
        middle_b = list(routes_b[head : len(routes_b) - tail])
        if len(middle_a) + len(middle_b) > SMALL_CHANGE:
            return None
        cubes = _cubes(middle_a, middle_b)
        items_a = [items for route in middle_a if (items := _items(route)) is not None]
        items_b = [items for route in middle_b if (items := _items(route)) is not None]
        open_cubes = [
            cube for cube in cubes if not (_covers(items_a, cube) and _covers(items_b, cube))
        ]
        return cls(cubes, open_cubes, head, len(routes_a) - tail, len(routes_b) - tail)

    def kept(self, routes: Sequence[EffectiveRoute], tail: int) -> list[EffectiveRoute]:
        """The routes that can decide the result of a context of the region."""
        return [
            route
            for index, route in enumerate(routes)
            if _reaches(route, self.cubes if index < tail else self.open_cubes)
        ]


def _cubes(middle_a: list[EffectiveRoute], middle_b: list[EffectiveRoute]) -> list[Cube]:
    """The matches of the routes of one middle with no equal in the other, and of each pair of
    routes in both whose order the edit swapped."""
    partner = _pair(middle_a, middle_b)
    paired_b = set(partner.values())
    changed = [r for i, r in enumerate(middle_a) if i not in partner]
    changed += [r for j, r in enumerate(middle_b) if j not in paired_b]
    cubes = [items for route in changed if (items := _items(route)) is not None]
    common = sorted(partner)  # indices in A; partner[i] is the index of the same route in B
    for first, i in enumerate(common):
        for j in common[first + 1 :]:
            if partner[i] > partner[j]:
                both = _conjunction(_items(middle_a[i]), _items(middle_a[j]))
                if both is not None:
                    cubes.append(both)
    return cubes


def _covers(matches: list[Cube], cube: Cube) -> bool:
    """Whether every context of the cube matches one of `matches`."""
    return any(all(cube.get(key) == value for key, value in items.items()) for items in matches)


def _pair(middle_a: list[EffectiveRoute], middle_b: list[EffectiveRoute]) -> dict[int, int]:
    """{index in middle_a: index in middle_b} of equal routes, each used once, in order."""
    partner: dict[int, int] = {}
    taken: set[int] = set()
    for i, route in enumerate(middle_a):
        for j, other in enumerate(middle_b):
            if j not in taken and _equal(route, other):
                partner[i] = j
                taken.add(j)
                break
    return partner


def _conjunction(first: Cube | None, second: Cube | None) -> Cube | None:
    """The contexts matching both (None: no context does)."""
    if first is None or second is None:
        return None
    if any(second[key] != value for key, value in first.items() if key in second):
        return None
    return {**first, **second}


def _reaches(route: EffectiveRoute, region: list[Cube]) -> bool:
    """Whether some context of the region matches the route."""
    items = _items(route)
    return items is not None and any(_conjunction(items, cube) is not None for cube in region)


def _narrowed(model: Any, kept: list[EffectiveRoute]) -> dict[Any, Any]:
    """The block with only `kept` routes, each at its own origin: other `routes` items become
    None (the runtime skips them), other legacy entries are left out."""
    if not isinstance(model, Mapping):
        return {}
    block = dict(model)
    keep = {(route.origin.section, route.origin.key) for route in kept}
    items = model.get(ROUTES)
    if isinstance(items, list):
        block[ROUTES] = [
            item if (ROUTES, index) in keep else None for index, item in enumerate(items)
        ]
    for section in (PLATFORMS, BY_SOURCE):
        entries = model.get(section)
        if isinstance(entries, Mapping):
            block[section] = {
                key: value for key, value in entries.items() if (section, key) in keep
            }
    return block


# ---------------------------------------------------------------- back to the full space


def _translated(diff: BehaviourDiff, small: ContextSpace, full: ContextSpace) -> BehaviourDiff:
    """The narrowed diff's changes and counts in the full class space."""
    changes = tuple(_change(change, small, full) for change in diff.changes)
    if diff.complete:
        return BehaviourDiff(changes, full.size, full.size, full.keys)
    # Stopped at its budget: the classes left unsettled, each standing for at most the most
    # classes one narrowed class stands for; what is certainly settled is the rest.
    widest = prod(_widest_preimage(key, small, full) for key in full.keys)
    unsettled = (diff.classes_total - diff.classes_checked) * widest
    return BehaviourDiff(changes, max(full.size - unsettled, 0), full.size, full.keys)


def _change(change: BehaviourChange, small: ContextSpace, full: ContextSpace) -> BehaviourChange:
    narrowed = dict(change.classes)
    classes = tuple(
        (key, _values(narrowed[key], key, small, full) if key in narrowed else EVERY_CLASS)
        for key in full.keys
    )
    count = prod(_size(values, full.width(key)) for key, values in classes)
    return BehaviourChange(classes, change.before, change.after, count, change.example)


def _only_full(key: Any, small: ContextSpace, full: ContextSpace) -> list[str]:
    """Values of `key` only dropped routes name: a narrowed `*` stands for them too."""
    named = set(small.named[key]) if key in small.named else set()
    return [value for value in full.named[key] if value not in named]


def _values(values: ValueSet, key: Any, small: ContextSpace, full: ContextSpace) -> ValueSet:
    expanded: set[Any] = set()
    for value in values.values:
        if value is UNSEEN:
            expanded.update(_only_full(key, small, full))
        expanded.add(value)
    return ValueSet(frozenset(expanded), values.excluded).normalized(full.values(key))


def _size(values: ValueSet, width: int) -> int:
    return width - len(values.values) if values.excluded else len(values.values)


def _widest_preimage(key: Any, small: ContextSpace, full: ContextSpace) -> int:
    if key not in small.named:
        return full.width(key)
    return max(len(_only_full(key, small, full)) + 1, 1)
