"""The editor's edits as operations that can be replayed on another version of the file.

Each operation applies itself to the document it was made for (`op(document)`), and can be
replayed on the file as another program left it (`op.replay(document)`): a route is found by
its content, not its index, and a position by the neighbours it had; when the target is not
there as it was, the replay raises `ReplayConflict` rather than editing something else.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from routedeck.document import ConfigDocument, EditError
from routedeck.routing import MigrationPlan, Origin, plan_migration
from routedeck.routing.compare import same


class ReplayConflict(EditError):
    """An operation's target changed on disk: replaying it would edit something else."""


class Operation(Protocol):
    def __call__(self, document: ConfigDocument) -> None: ...

    def replay(self, document: ConfigDocument) -> None: ...

    def describe(self) -> str: ...


def route_name(route: Any) -> str:
    """`routes[3] (discord-strangers)`-style suffix: ` (discord-strangers)` or ``."""
    name = route.get("name") if isinstance(route, Mapping) else None
    return f" ({name})" if name else ""


def find_route(routes: Sequence[Any], route: Any, hint: int) -> int:
    """The index of `route` in `routes`: `hint` when it is still there, else the copy nearest
    to it. ReplayConflict when no route is equal to it any more."""
    if 0 <= hint < len(routes) and same(routes[hint], route):
        return hint
    found = [index for index, candidate in enumerate(routes) if same(candidate, route)]
    if not found:
        raise ReplayConflict(
            f"routes[{hint}]{route_name(route)} is no longer in the file as it was"
        )
    return min(found, key=lambda index: abs(index - hint))


def neighbours(routes: Sequence[Any], index: int) -> tuple[Any, Any]:
    """The routes just before and just after `index` (None at either end)."""
    before = routes[index - 1] if index > 0 else None
    after = routes[index + 1] if index + 1 < len(routes) else None
    return before, after


def place(routes: Sequence[Any], index: int, before: Any, after: Any) -> int:
    """Where a route that sat at `index` between `before` and `after` goes in `routes`."""
    if before is None:
        return 0
    try:
        return find_route(routes, before, index - 1) + 1
    except ReplayConflict:
        if after is None:
            raise
    return find_route(routes, after, index)


@dataclass(frozen=True)
class UpdateRoute:
    index: int
    before: Any
    after: dict[str, Any]

    def __call__(self, document: ConfigDocument) -> None:
        document.update_route(self.index, self.after)

    def replay(self, document: ConfigDocument) -> None:
        document.update_route(find_route(document.routes, self.before, self.index), self.after)

    def describe(self) -> str:
        return f"edit of routes[{self.index}]{route_name(self.before)}"


@dataclass(frozen=True)
class InsertRoute:
    index: int
    route: dict[str, Any]
    before: Any
    """The route just above the new one when it was added (None: it was first)."""
    after: Any

    @classmethod
    def at(cls, routes: Sequence[Any], index: int, route: dict[str, Any]) -> InsertRoute:
        before = routes[index - 1] if index > 0 else None
        after = routes[index] if index < len(routes) else None
        return cls(index, route, before, after)

    def __call__(self, document: ConfigDocument) -> None:
        document.insert_route(self.index, self.route)

    def replay(self, document: ConfigDocument) -> None:
        document.insert_route(
            place(document.routes, self.index, self.before, self.after), self.route
        )

    def describe(self) -> str:
        return f"new route at routes[{self.index}]{route_name(self.route)}"


@dataclass(frozen=True)
class DeleteRoute:
    index: int
    route: Any

    def __call__(self, document: ConfigDocument) -> None:
        document.delete_route(self.index)

    def replay(self, document: ConfigDocument) -> None:
        document.delete_route(find_route(document.routes, self.route, self.index))

    def describe(self) -> str:
        return f"deletion of routes[{self.index}]{route_name(self.route)}"


@dataclass(frozen=True)
class MoveRoute:
    source: int
    target: int
    route: Any
    before: Any
    """The routes around it once moved: where a replay puts it."""
    after: Any

    @classmethod
    def of(cls, routes: Sequence[Any], source: int, target: int) -> MoveRoute:
        moved = list(routes)
        moved.insert(target, moved.pop(source))
        return cls(source, target, routes[source], *neighbours(moved, target))

    def __call__(self, document: ConfigDocument) -> None:
        document.move_route(self.source, self.target)

    def replay(self, document: ConfigDocument) -> None:
        routes = document.routes
        source = find_route(routes, self.route, self.source)
        rest = routes[:source] + routes[source + 1 :]
        document.move_route(source, place(rest, self.target, self.before, self.after))

    def describe(self) -> str:
        return f"move of routes[{self.source}]{route_name(self.route)} to routes[{self.target}]"


def base_value(model_config: Any, field: str) -> Any:
    """A field of the base block as written (`default` falls back to its alias `model`)."""
    if isinstance(model_config, str) and field == "default":
        return model_config
    if not isinstance(model_config, Mapping):
        return None
    if field == "default" and "default" not in model_config:
        return model_config.get("model")
    return model_config.get(field)


@dataclass(frozen=True)
class SetBaseFields:
    changes: dict[str, tuple[Any, Any]]
    """field → (the value before, the value set; None removes the field)."""

    def __call__(self, document: ConfigDocument) -> None:
        for field, (_, new) in self.changes.items():
            document.set_base_field(field, new)

    def replay(self, document: ConfigDocument) -> None:
        for field, (old, new) in self.changes.items():
            current = base_value(document.model_config, field)
            if same(current, new):
                continue
            if not same(current, old):
                raise ReplayConflict(f"model.{field} changed on disk")
            document.set_base_field(field, new)

    def describe(self) -> str:
        return "edit of the base model block (" + ", ".join(self.changes) + ")"


@dataclass(frozen=True)
class Migrate:
    plan: MigrationPlan

    def __call__(self, document: ConfigDocument) -> None:
        document.apply_migration(self.plan)

    def replay(self, document: ConfigDocument) -> None:
        plan = plan_migration(document.model_config)
        if not plan.is_empty:
            document.apply_migration(plan)

    def describe(self) -> str:
        return "migration of the legacy shorthand"


@dataclass(frozen=True)
class DeleteLegacyEntry:
    origin: Origin
    value: Any

    def __call__(self, document: ConfigDocument) -> None:
        document.delete_legacy_entry(self.origin)

    def replay(self, document: ConfigDocument) -> None:
        model = document.model_config
        section = model.get(self.origin.section) if isinstance(model, Mapping) else None
        current = section.get(self.origin.key) if isinstance(section, Mapping) else None
        if current is None or not same(current, self.value):
            raise ReplayConflict(f"{self.origin} is no longer in the file as it was")
        document.delete_legacy_entry(self.origin)

    def describe(self) -> str:
        return f"deletion of {self.origin}"


def is_operation(edit: object) -> bool:
    return callable(getattr(edit, "replay", None)) and callable(getattr(edit, "describe", None))
