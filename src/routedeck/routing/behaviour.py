"""What a change does to traffic (SPEC §7): the context classes whose result differs.

The class space (`contexts.context_space`) is a product: hundreds of user_ids times dozens of
platforms times every other key quickly makes millions of classes, so they are not listed one
by one. Instead the space is split like a decision tree, on one key at a time, and a whole
sub-space (a *cube*: some keys fixed to one value, some to "none of these values", the rest
free) is settled at once:

* In a cube, each model block's candidates are its routes whose `match` the cube does not
  contradict, with the items the cube already satisfies removed, in order, followed by the base
  block as a route that always matches; the list stops at the first candidate with nothing left
  to satisfy: it wins wherever no earlier one matches, so nothing after it can ever win there.
* When both lists are down to that one candidate, every class of the cube gets one result from
  each block: compared, and recorded if different.
* When both lists are identical (same remaining items, same result, in the same order), or every
  candidate of both gives the same result, no class of the cube can change.
* Otherwise the cube is split on the key with the fewest distinct values among the candidates:
  one child per such value, and one child for all the key's other classes (other named values,
  `*` and `-`), where every candidate naming the key drops out.

Every class lies in exactly one settled cube, so `classes_checked` counts classes, not cubes.
Results are compared as the traffic sees them (model and runtime bundle, types included): a
route that only moved, or another route giving the same result, is no change. Changed cubes are
then merged: entries with the same before and after that differ in one key only are joined, and
a key whose joined classes are all of its classes shows `any` (SPEC §7); a key joined to all
classes but a few shows `any` with those few in `excepted` (the tree's "none of these" cubes
and first-match order make that shape common, and listing each of hundreds of user_ids instead
would bury the change). The split stops after `budget` cubes; the result then says how many
classes it settled and never reads as "no change".
"""

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import reduce
from typing import Any, TypeVar

from routedeck.routing.constants import RUNTIME_FIELDS
from routedeck.routing.contexts import (
    ABSENT,
    UNSEEN,
    ClassValue,
    ContextSpace,
    space_of_routes,
)
from routedeck.routing.routes import EffectiveRoute, RouteList, base_of, effective_routes
from routedeck.routing.runtime import RouteApplyError, apply_one
from routedeck.routing.secrets import mask_value

_T = TypeVar("_T")

DIFF_BUDGET = 100_000
"""Cubes the split may settle before it stops and reports how far it got (reversing 1,000
realistic routes needs about 30,000)."""
CHANGED_BUDGET = 20_000
"""Changed cubes after which the split stops too: past that the list is past reading, and
merging it would cost more than the split."""

Base = tuple[Any, Any]
"""A base (model, runtime_kwargs), as `base_of` gives it."""

_SHOWN_ANY = "any"


@dataclass(frozen=True)
class Outcome:
    """What one model block gives a class: the winning route (None: no route applies), and the
    model and runtime bundle that `apply_route` returns."""

    winner: EffectiveRoute | None
    model: Any
    runtime: Any

    @property
    def label(self) -> str:
        return self.winner.label if self.winner is not None else "no route"

    def value(self, name: str) -> Any:
        """A result field: `model` or a runtime field (None when unset)."""
        if name == "model":
            return self.model
        return self.runtime.get(name) if isinstance(self.runtime, Mapping) else None

    def to_json(self, *, show_secrets: bool = False) -> dict[str, Any]:
        """`{"winner": null | {"index", "origin", "name"}, "model", "runtime"}` (SPEC §7),
        `api_key` masked unless `show_secrets`."""
        winner = self.winner
        return {
            "winner": None
            if winner is None
            else {"index": winner.position, "origin": str(winner.origin), "name": winner.name},
            "model": self.model,
            "runtime": shown_runtime(self.runtime, show_secrets=show_secrets),
        }


def shown_runtime(runtime: Any, *, show_secrets: bool = False) -> dict[Any, Any]:
    """A runtime bundle for display: a copy with every secret (`api_key`, credentials in
    `base_url` or `args`) masked unless `show_secrets`."""
    shown = dict(runtime) if isinstance(runtime, Mapping) else {}
    if show_secrets:
        return shown
    return {key: value if value is None else mask_value(value, key) for key, value in shown.items()}


@dataclass(frozen=True)
class ValueSet:
    """The classes of one key that a change covers: exactly `values`, or (`excluded`) every
    class of the key but `values`. `ValueSet(frozenset(), True)` is every class: `any`."""

    values: frozenset[ClassValue]
    excluded: bool = False

    @property
    def is_any(self) -> bool:
        return self.excluded and not self.values

    def union(self, other: "ValueSet") -> "ValueSet":
        if not self.excluded and not other.excluded:
            return ValueSet(self.values | other.values)
        if self.excluded and other.excluded:
            return ValueSet(self.values & other.values, True)
        kept, dropped = (self, other) if self.excluded else (other, self)
        return ValueSet(kept.values - dropped.values, True)

    def normalized(self, domain: tuple[ClassValue, ...]) -> "ValueSet":
        """`any` when it holds every class; one value when it excludes all but one."""
        if not self.excluded and self.values >= set(domain):
            return ValueSet(frozenset(), True)
        if self.excluded:
            rest = [value for value in domain if value not in self.values]
            if len(rest) == 1:
                return ValueSet(frozenset(rest))
        return self

    def pick(self, domain: tuple[ClassValue, ...]) -> ClassValue:
        """One class in the set, absence and "any other" first (the plainest example)."""
        if not self.excluded:
            return min(self.values, key=domain.index)
        for value in (ABSENT, UNSEEN, *domain):
            if value not in self.values:
                return value
        raise ValueError("an empty set of classes")

    def shown(self) -> str:
        """`any`, `*`, `-` or the value (a set of several values is shown by `excepted`)."""
        if self.excluded:
            return _SHOWN_ANY
        return ", ".join(sorted(str(value) for value in self.values))


ANY = ValueSet(frozenset(), True)


@dataclass(frozen=True)
class BehaviourChange:
    """A set of context classes that all get `before` from A and `after` from B, which differ.

    `classes` gives, for every key of the space, the classes of that key it covers; `count` is
    the number of context classes it stands for; `example` is one context in it (load it into a
    simulator to see the change).
    """

    classes: tuple[tuple[Any, ValueSet], ...]
    before: Outcome
    after: Outcome
    count: int
    example: dict[Any, str]

    @property
    def context(self) -> dict[Any, str]:
        """SPEC §7's context: per key a value, `*` (any other), `-` (absent) or `any`."""
        return {key: values.shown() for key, values in self.classes}

    @property
    def excepted(self) -> dict[Any, tuple[str, ...]]:
        """For keys shown as `any` that leave some classes out: those classes."""
        return {
            key: _sorted_shown(values.values)
            for key, values in self.classes
            if values.excluded and values.values
        }

    @property
    def fields(self) -> tuple[str, ...]:
        """The result fields that differ (`model`, then runtime fields in the runtime's order)."""
        names = ["model", *RUNTIME_FIELDS]
        for outcome in (self.before, self.after):
            if isinstance(outcome.runtime, Mapping):
                names += [str(name) for name in outcome.runtime if name not in names]
        return tuple(
            name
            for name in names
            if _frozen(self.before.value(name)) != _frozen(self.after.value(name))
        )

    def describe(self, *, show_secrets: bool = False) -> str:
        """One line: `platform=discord source_kind=stranger → gpt-4o (routes[2])`."""
        shown = []
        for name in self.fields:
            value = self.after.value(name)
            if value is None:
                shown.append(f"{name} unset")
                continue
            if not show_secrets:
                value = mask_value(value, name)
            shown.append(str(value) if name == "model" else f"{name} {value}")
        what = ", ".join(shown) or "another runtime bundle"
        return f"{self.where()} → {what} ({_short_label(self.after)})"

    def where(self) -> str:
        """The classes in short: `platform=discord user_id≠1,2`; `every context` when free."""
        parts = []
        for key, values in self.classes:
            if values.is_any:
                continue
            if values.excluded:
                parts.append(f"{key}≠{_few(_sorted_shown(values.values))}")
            else:
                parts.append(f"{key}={values.shown()}")
        return " ".join(parts) or "every context"

    def to_json(self, *, show_secrets: bool = False) -> dict[str, Any]:
        """`{"context", "before", "after"}` (SPEC §7), plus `"except"` when a key shown as `any`
        leaves some classes out, and `"classes"`, the number of classes it stands for."""
        shown: dict[str, Any] = {
            "context": {str(key): value for key, value in self.context.items()},
            "before": self.before.to_json(show_secrets=show_secrets),
            "after": self.after.to_json(show_secrets=show_secrets),
            "classes": self.count,
        }
        if self.excepted:
            shown["except"] = {str(key): list(values) for key, values in self.excepted.items()}
        return shown


@dataclass(frozen=True)
class BehaviourDiff:
    """The changed classes of two model blocks. `complete` is False when the split stopped at
    its budget: then `classes_checked` < `classes_total` and the changes are those found so far.
    """

    changes: tuple[BehaviourChange, ...]
    classes_checked: int
    classes_total: int
    keys: tuple[Any, ...] = ()

    @property
    def complete(self) -> bool:
        return self.classes_checked == self.classes_total

    @property
    def same(self) -> bool:
        """True only when every class was checked and none changed."""
        return self.complete and not self.changes

    @property
    def changed_classes(self) -> int:
        return sum(change.count for change in self.changes)

    def summary(self, limit: int = 3, *, show_secrets: bool = False) -> str:
        """One line for a notice: `3 context classes changed: platform=discord → gpt-4o
        (routes[2]); …` (at most `limit` changes described), or `no context changes its
        result`; a diff stopped at its budget says how far it got."""
        changed = f"{context_classes(self.changed_classes)} changed"
        if not self.complete:
            checked = f"{_count(self.classes_checked)} of {_count(self.classes_total)}"
            head = f"stopped after it checked {checked} context classes: "
            found = f"{changed} among those" if self.changes else "no change among those"
            return head + found + self._listed(limit, show_secrets)
        if not self.changes:
            return "no context changes its result"
        return changed + self._listed(limit, show_secrets)

    def _listed(self, limit: int, show_secrets: bool) -> str:
        shown = [c.describe(show_secrets=show_secrets) for c in self.changes[: max(limit, 0)]]
        if not shown:
            return ""
        more = len(self.changes) - len(shown)
        return ": " + "; ".join(shown) + (f"; and {more} more" if more else "")

    def to_json(self, *, show_secrets: bool = False) -> dict[str, Any]:
        """`{"changes": [...], "classes_checked": N}` (SPEC §7), plus `classes_total` and
        `complete`. Runtime values are as loaded (a YAML date stays a date: dump with a
        `default=str`)."""
        return {
            "changes": [change.to_json(show_secrets=show_secrets) for change in self.changes],
            "classes_checked": self.classes_checked,
            "classes_total": self.classes_total,
            "complete": self.complete,
        }


def behaviour_diff(
    model_a: Any,
    model_b: Any,
    *,
    base_a: Base | None = None,
    base_b: Base | None = None,
    budget: int = DIFF_BUDGET,
) -> BehaviourDiff:
    """The context classes (SPEC §7) that model block B resolves differently from A.

    `base_a` / `base_b`: the (model, runtime_kwargs) each block's routes apply to, default
    `base_of` of the block (pass the normalized base when the file's top level stands in for
    some of it). `budget`: cubes the split may settle before it stops (see module doc).
    """
    routes_a, routes_b = effective_routes(model_a), effective_routes(model_b)
    space = space_of_routes((routes_a, routes_b))
    split = _Split(space, budget)
    split.run(
        _candidates(routes_a, base_of(model_a) if base_a is None else base_a),
        _candidates(routes_b, base_of(model_b) if base_b is None else base_b),
    )
    changes = _merged(space, split.changed)
    return BehaviourDiff(tuple(changes), split.checked, space.size, space.keys)


# ---------------------------------------------------------------- the split


@dataclass(frozen=True, eq=False)
class _Rule:
    """A route (or the base, winner None) with the result it gives; `key` compares results."""

    outcome: Outcome
    key: Hashable


_Candidate = tuple[dict[Any, str], _Rule]
_Assignment = dict[Any, ValueSet]


def _candidates(route_list: RouteList, base: Base) -> list[_Candidate]:
    model, runtime = base
    found: list[_Candidate] = []
    for route in route_list.routes:
        if route.can_match:
            items = {key: str(value) for key, value in route.match.items()}
            try:
                result = apply_one(route.route, model, runtime)
            except RouteApplyError:  # the runtime falls back to the unrouted inputs
                result = (model, runtime)
            found.append((items, _rule(route, *result)))
    found.append(({}, _rule(None, model, runtime)))
    return _cut(found)


def _rule(winner: EffectiveRoute | None, model: Any, runtime: Any) -> _Rule:
    return _Rule(Outcome(winner, model, runtime), (_frozen(model), _frozen(runtime)))


def _cut(candidates: list[_Candidate]) -> list[_Candidate]:
    """The candidates up to the first that matches the whole cube."""
    for index, (items, _) in enumerate(candidates):
        if not items:
            return candidates[: index + 1]
    return candidates


@dataclass
class _Split:
    space: ContextSpace
    budget: int
    checked: int = 0
    changed: list[tuple[_Assignment, int, _Rule, _Rule]] = field(default_factory=list)

    def run(self, list_a: list[_Candidate], list_b: list[_Candidate]) -> None:
        stack: list[tuple[_Assignment, int, list[_Candidate], list[_Candidate]]] = [
            ({}, self.space.size, list_a, list_b)
        ]
        settled = 0
        while stack and settled < self.budget and len(self.changed) < CHANGED_BUDGET:
            assignment, count, cands_a, cands_b = stack.pop()
            if len(cands_a) == 1 and len(cands_b) == 1:
                settled += 1
                self.checked += count
                rule_a, rule_b = cands_a[0][1], cands_b[0][1]
                if rule_a.key != rule_b.key:
                    self.changed.append((assignment, count, rule_a, rule_b))
            elif _one_result(cands_a, cands_b) or _same_candidates(cands_a, cands_b):
                settled += 1
                self.checked += count
            else:
                stack.extend(self._children(assignment, count, cands_a, cands_b))

    def _children(
        self,
        assignment: _Assignment,
        count: int,
        cands_a: list[_Candidate],
        cands_b: list[_Candidate],
    ) -> list[tuple[_Assignment, int, list[_Candidate], list[_Candidate]]]:
        key, values = _split_key(self.space, cands_a, cands_b)
        current = assignment.get(key, ANY)
        width = self.space.width(key) - len(current.values)  # only excluded sets are split
        parts_a, rest_a = _split(cands_a, key, values)
        parts_b, rest_b = _split(cands_b, key, values)
        children = [
            ({**assignment, key: ValueSet(frozenset([value]))}, count // width, part_a, part_b)
            for value, part_a, part_b in zip(values, parts_a, parts_b, strict=True)
        ]
        others = ValueSet(current.values | frozenset(values), True)
        children.append(
            ({**assignment, key: others}, count // width * (width - len(values)), rest_a, rest_b)
        )
        return children


def _one_result(cands_a: list[_Candidate], cands_b: list[_Candidate]) -> bool:
    """Every candidate of both blocks gives the same result."""
    first = cands_a[0][1].key
    return all(rule.key == first for _, rule in cands_a) and all(
        rule.key == first for _, rule in cands_b
    )


def _same_candidates(cands_a: list[_Candidate], cands_b: list[_Candidate]) -> bool:
    return len(cands_a) == len(cands_b) and all(map(_same, cands_a, cands_b))


SMALL_EDIT = 8
"""At most this many candidates outside the common head and tail of the two lists: split off
only the values they name (see `_split_key`)."""


def _split_key(
    space: ContextSpace, cands_a: list[_Candidate], cands_b: list[_Candidate]
) -> tuple[Any, list[str]]:
    """A key to split on and the values to split off, in first-seen order.

    When the lists differ only in a few candidates (an edit of one route: changed, moved,
    added or deleted) that all name one key, only their values of that key are split off: the
    child for the key's other classes drops all of them, which leaves the common head and tail,
    identical lists settled at once. An edit then costs a few splits however long the lists.
    Otherwise the split is on the key with the fewest values among all candidates, splitting
    off every value they name (ties: space order).
    """
    middle = _differing(cands_a, cands_b)
    shared = _shared_keys(middle) if len(middle) <= SMALL_EDIT else []
    named: dict[Any, dict[str, None]] = {key: {} for key in shared}
    for items, _ in middle if shared else (*cands_a, *cands_b):
        for key, value in items.items():
            if shared and key not in named:
                continue
            named.setdefault(key, {})[value] = None
    order = {key: rank for rank, key in enumerate(space.keys)}
    key = min(named, key=lambda k: (len(named[k]), order[k]))
    return key, list(named[key])


def _shared_keys(candidates: list[_Candidate]) -> list[Any]:
    """The keys every candidate names (none when one of them is the base or names nothing)."""
    if not candidates:
        return []
    shared = dict.fromkeys(candidates[0][0])
    for items, _ in candidates[1:]:
        shared = {key: None for key in shared if key in items}
    return list(shared)


def common_ends(
    first: Sequence[_T], second: Sequence[_T], same: Callable[[_T, _T], bool]
) -> tuple[int, int]:
    """(head, tail): how many items the two sequences share at their start, then at their end
    (never overlapping the head)."""
    shortest = min(len(first), len(second))
    head = 0
    while head < shortest and same(first[head], second[head]):
        head += 1
    tail = 0
    while tail < shortest - head and same(first[-1 - tail], second[-1 - tail]):
        tail += 1
    return head, tail


def _differing(cands_a: list[_Candidate], cands_b: list[_Candidate]) -> list[_Candidate]:
    """The candidates of both lists outside their longest common head and tail."""
    head, tail = common_ends(cands_a, cands_b, _same)
    return [*cands_a[head : len(cands_a) - tail], *cands_b[head : len(cands_b) - tail]]


def _same(first: _Candidate, second: _Candidate) -> bool:
    return first[0] == second[0] and first[1].key == second[1].key


def _split(
    candidates: list[_Candidate], key: Any, values: list[str]
) -> tuple[list[list[_Candidate]], list[_Candidate]]:
    """The candidate lists of the child for each of `values` of `key`, and of the child for the
    key's other classes (where a candidate naming a value not in `values` still waits for it),
    each cut after its first candidate with nothing left to satisfy."""
    parts: dict[str, list[_Candidate]] = {value: [] for value in values}
    open_values = dict.fromkeys(values)
    rest: list[_Candidate] = []
    for items, rule in candidates:
        if key in items:
            value = items[key]
            if value in open_values:
                left = {k: v for k, v in items.items() if k != key}
                parts[value].append((left, rule))
                if not left:
                    del open_values[value]
            elif value not in parts:  # a value not split off: it stays open in the rest
                rest.append((items, rule))
            continue
        for value in open_values:
            parts[value].append((items, rule))
        rest.append((items, rule))
        if not items:  # the base, or a route the cube satisfies: it closes every child
            break
    return [parts[value] for value in values], rest


# ---------------------------------------------------------------- merging


def _merged(
    space: ContextSpace, changed: list[tuple[_Assignment, int, _Rule, _Rule]]
) -> list[BehaviourChange]:
    """The changed cubes, joined (see module doc) and sorted in space order."""
    merger = _Merger([space.values(key) for key in space.keys])
    entries = [
        (tuple(merger.intern(assignment.get(key, ANY)) for key in space.keys), count, a, b)
        for assignment, count, a, b in changed
    ]
    position, idle = 0, 0
    while idle < len(space.keys):  # stop once every key was tried since the last join
        entries, merged = merger.merge_on(entries, position)
        idle = 0 if merged else idle + 1
        position = (position + 1) % len(space.keys)
    changes = []
    for ids, count, rule_a, rule_b in entries:
        sets = [merger.sets[each] for each in ids]
        example = {
            key: values.pick(domain)
            for key, values, domain in zip(space.keys, sets, merger.domains, strict=True)
        }
        changes.append(
            BehaviourChange(
                tuple(zip(space.keys, sets, strict=True)),
                rule_a.outcome,
                rule_b.outcome,
                count,
                space.representative(example),
            )
        )
    changes.sort(key=lambda change: _sort_key(change, merger.domains))
    return changes


_Entry = tuple[tuple[int, ...], int, _Rule, _Rule]


class _Merger:
    """Joins changed cubes; each distinct ValueSet is numbered so that grouping hashes ints."""

    def __init__(self, domains: list[tuple[ClassValue, ...]]) -> None:
        self.domains = domains
        self.sets: list[ValueSet] = []
        self._ids: dict[ValueSet, int] = {}

    def intern(self, values: ValueSet) -> int:
        found = self._ids.get(values)
        if found is None:
            found = self._ids[values] = len(self.sets)
            self.sets.append(values)
        return found

    def merge_on(self, entries: list[_Entry], position: int) -> tuple[list[_Entry], bool]:
        """Join entries that differ only at `position` and share before and after, when
        together they cover all the key's classes or all but some."""
        groups: dict[Hashable, list[_Entry]] = defaultdict(list)
        for entry in entries:
            ids, _, rule_a, rule_b = entry
            groups[(ids[:position], ids[position + 1 :], rule_a, rule_b)].append(entry)
        if len(groups) == len(entries):
            return entries, False
        result: list[_Entry] = []
        merged = False
        for members in groups.values():
            joined = self._joined([ids[position] for ids, _, _, _ in members], position)
            if len(members) == 1 or not joined.excluded:
                result.extend(members)
                continue
            ids, _, rule_a, rule_b = members[0]
            total = sum(count for _, count, _, _ in members)
            ids = (*ids[:position], self.intern(joined), *ids[position + 1 :])
            result.append((ids, total, rule_a, rule_b))
            merged = True
        return result, merged

    def _joined(self, ids: list[int], position: int) -> ValueSet:
        joined = reduce(ValueSet.union, (self.sets[each] for each in ids))
        return joined.normalized(self.domains[position])


def _sort_key(change: BehaviourChange, domains: list[tuple[ClassValue, ...]]) -> tuple[int, ...]:
    """Per key in space order: named values first, then `*`, `-`, `any` but some, `any`."""
    return tuple(
        _rank(values, domain) for (_, values), domain in zip(change.classes, domains, strict=True)
    )


def _rank(values: ValueSet, domain: tuple[ClassValue, ...]) -> int:
    if values.excluded:
        return len(domain) + (1 if values.is_any else 0)
    return min(domain.index(value) for value in values.values)


# ---------------------------------------------------------------- helpers


def _frozen(value: Any) -> Hashable:
    """A hashable stand-in equal exactly when the runtime would see equal values (types
    included: `1`, `True` and `1.0` differ; `.nan` equals `.nan`)."""
    if value is None or type(value) is str:  # a str equals no other type: no tag needed
        return value
    if isinstance(value, Mapping):
        return ("map", frozenset((_frozen(k), _frozen(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return (type(value).__name__, tuple(_frozen(item) for item in value))
    if isinstance(value, set | frozenset):
        return ("set", frozenset(_frozen(item) for item in value))
    if isinstance(value, float) and value != value:
        return ("float", "nan")
    try:
        hash(value)
    except TypeError:
        return (type(value).__name__, repr(value))
    return (type(value).__name__, value)


def _sorted_shown(values: Iterable[ClassValue]) -> tuple[str, ...]:
    named = sorted(str(value) for value in values if isinstance(value, str))
    markers = [str(marker) for marker in (UNSEEN, ABSENT) if marker in values]
    return (*named, *markers)


def _few(values: tuple[str, ...], limit: int = 3) -> str:
    shown = ",".join(values[:limit])
    return shown + (f" +{len(values) - limit} more" if len(values) > limit else "")


def _short_label(outcome: Outcome) -> str:
    winner = outcome.winner
    if winner is None:
        return "no route"
    return f"{winner.origin} {winner.name}" if winner.name else str(winner.origin)


def context_classes(count: int) -> str:
    """`1 context class`, `12,000 context classes` (`about 10^18` past a quadrillion)."""
    return f"{_count(count)} context class" + ("" if count == 1 else "es")


def _count(number: int) -> str:
    return f"{number:,}" if number < 10**15 else f"about 10^{len(str(number)) - 1}"
