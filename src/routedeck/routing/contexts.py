"""The context classes of SPEC §7: every way one or more model blocks can tell contexts apart.

Rule 3 compares `str(context[key])` with `str(expected)` and treats a missing or None value as
absent. So for a key, a context value only matters through which of the values named for that
key in some `match` it equals: all values named in no match behave alike (`*`, "any other"),
and so do all ways of leaving the key out (`-`). Keys that no match names cannot change any
outcome. A *class* picks one of these per key; every context belongs to exactly one class and
resolves exactly as the class's representative does. The migration proof and the behaviour
diff both work on this space.
"""

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import product
from math import prod
from typing import Any

from routedeck.routing.constants import CONTEXT_KEYS
from routedeck.routing.routes import RouteList, effective_routes


class Marker:
    """A class value that is not a value named in a match: `*` (any other) or `-` (absent)."""

    def __init__(self, shown: str) -> None:
        self.shown = shown

    def __repr__(self) -> str:
        return self.shown

    __str__ = __repr__


UNSEEN = Marker("*")
"""The class of every value named for a key in no match ("any other")."""
ABSENT = Marker("-")
"""The class of contexts without the key (or with it set to None)."""

ClassValue = str | Marker


@dataclass(frozen=True)
class ContextSpace:
    """The class space of some model blocks.

    `keys`: platform, source_kind and user_id (those callers provide) first, then every other
    key some `match` names, in first-seen order. `named[key]`: the str() of every value named
    for it, in first-seen order. Keys equal as dict keys (`1`, `True`) are one key, as for the
    runtime's `context.get`.
    """

    keys: tuple[Any, ...]
    named: Mapping[Any, tuple[str, ...]]

    def values(self, key: Any) -> tuple[ClassValue, ...]:
        """The classes of one key: each named value, then `*`, then `-`."""
        return (*self.named[key], UNSEEN, ABSENT)

    def width(self, key: Any) -> int:
        return len(self.named[key]) + 2

    @property
    def size(self) -> int:
        """The number of context classes (the product of the widths)."""
        return prod(self.width(key) for key in self.keys)

    def unseen(self, key: Any) -> str:
        """A concrete value named for `key` in no match: the representative of `*`."""
        candidate = "<other>"
        while candidate in self.named[key]:
            candidate += "'"
        return candidate

    def representative(self, assignment: Mapping[Any, ClassValue]) -> dict[Any, str]:
        """A context of the class that picks `assignment[key]` for each key (absent when a key
        is not in `assignment`)."""
        context: dict[Any, str] = {}
        for key in self.keys:
            value = assignment.get(key, ABSENT)
            if value is UNSEEN:
                context[key] = self.unseen(key)
            elif isinstance(value, str):
                context[key] = value
        return context

    def contexts(self) -> Iterator[dict[Any, str]]:
        """One representative context per class (`size` of them): for small spaces and tests."""
        for combination in product(*(self.values(key) for key in self.keys)):
            yield self.representative(dict(zip(self.keys, combination, strict=True)))


def context_space(
    model_configs: Iterable[Any], always: Iterable[Any] = CONTEXT_KEYS
) -> ContextSpace:
    """The space of classes that the given model blocks could tell apart, with the `always`
    keys included even when no match names them (SPEC §7 names platform, source_kind and
    user_id)."""
    return space_of_routes((effective_routes(config) for config in model_configs), always)


def space_of_routes(
    route_lists: Iterable[RouteList], always: Iterable[Any] = CONTEXT_KEYS
) -> ContextSpace:
    """`context_space` for effective route lists already built."""
    named: dict[Any, dict[str, None]] = {key: {} for key in always}
    for route_list in route_lists:
        for route in route_list.routes:
            if route.can_match:
                for key, value in route.match.items():
                    named.setdefault(key, {})[str(value)] = None
    return ContextSpace(tuple(named), {key: tuple(values) for key, values in named.items()})
