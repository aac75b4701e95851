"""Scenarios (SPEC §8): contexts operators care about and what each must get, checked live.

A scenario's `expect` names result fields (`model`, `provider`, `base_url`, `api_mode`,
`command`, `args`, `api_key`) and optionally `route`: the winning route, by its `name`, by its
origin (`routes[N]`, `platforms.NAME`, `by_source.KIND`), or null for "no route applies".
Results are computed as `apply_route` computes them (§2), on the model block as loaded: pass
the data as written (`doc.model_config`, not the `${VAR}`-expanded runtime view), so that an
expected `api_key: ${KEY}` compares with the `${KEY}` the route holds.

Comparison: an expected null means the field is unset; scalars compare by `str()` (both files
are read by the same YAML 1.1 loader, so `1.10` and `on` read alike on both sides, and case and
spaces count); `args` compares item by item, as a list.
"""

import difflib
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from routedeck.routing.compiled import CompiledRoutes
from routedeck.routing.constants import CONTEXT_KEYS
from routedeck.routing.explanation import Explanation
from routedeck.routing.routes import ROUTES, EffectiveRoute, RouteList
from routedeck.routing.secrets import is_env_reference, mask_value

ROUTE = "route"
RESULT_FIELDS: tuple[str, ...] = (
    "model",
    "provider",
    "base_url",
    "api_mode",
    "command",
    "args",
    "api_key",
)
"""The result fields a scenario may expect, in the order results show them."""
EXPECT_FIELDS: tuple[str, ...] = (ROUTE, *RESULT_FIELDS)
"""Every key an `expect` mapping may hold."""


@dataclass(frozen=True)
class Scenario:
    """A context and what it must get. `expect` maps EXPECT_FIELDS to expected values."""

    context: Mapping[Any, Any]
    expect: Mapping[str, Any]
    name: str | None = None

    @property
    def label(self) -> str:
        """The name, else the context: `platform=cli source_kind=owner`."""
        return self.name or describe_context(self.context)


def describe_context(context: Mapping[Any, Any]) -> str:
    return " ".join(f"{key}={value}" for key, value in context.items())


@dataclass(frozen=True)
class Failure:
    """One expected field the result does not have. `note` explains a route reference that
    names no route."""

    field: str
    expected: Any
    actual: Any
    note: str | None = None

    def describe(self, *, show_secrets: bool = False) -> str:
        """`model: expected opus, got haiku` (api_key masked unless `show_secrets`)."""
        expected, actual = (
            _shown(self.field, value, show_secrets) for value in (self.expected, self.actual)
        )
        text = f"{self.field}: expected {expected}, got {actual}"
        return f"{text} ({self.note})" if self.note else text

    def to_json(self, *, show_secrets: bool = False) -> dict[str, Any]:
        shown = {
            "field": self.field,
            "expected": _json_value(self.field, self.expected, show_secrets),
            "actual": _json_value(self.field, self.actual, show_secrets),
        }
        return shown | ({"note": self.note} if self.note else {})


@dataclass(frozen=True)
class ScenarioResult:
    """What a scenario's context got: the winner, the result, and what differs from `expect`."""

    scenario: Scenario
    winner: EffectiveRoute | None
    model: Any
    runtime: Any
    failures: tuple[Failure, ...] = ()

    @property
    def passed(self) -> bool:
        return not self.failures

    def to_json(self, *, show_secrets: bool = False) -> dict[str, Any]:
        """`{"name", "passed", "context", "winner", "failures"}` (SPEC §8)."""
        winner = self.winner
        return {
            "name": self.scenario.name,
            "passed": self.passed,
            "context": {str(key): value for key, value in self.scenario.context.items()},
            "winner": None
            if winner is None
            else {"index": winner.position, "origin": str(winner.origin), "name": winner.name},
            "failures": [f.to_json(show_secrets=show_secrets) for f in self.failures],
        }


@dataclass(frozen=True)
class ScenarioRun:
    """Every scenario's result, in file order, and the routes no scenario reaches as winner."""

    results: tuple[ScenarioResult, ...]
    uncovered: tuple[EffectiveRoute, ...]

    @property
    def passed(self) -> int:
        return sum(result.passed for result in self.results)

    @property
    def failed(self) -> int:
        return len(self.results) - self.passed

    def failures_first(self) -> list[ScenarioResult]:
        """Failing scenarios first, each group in file order (for a panel)."""
        return sorted(self.results, key=lambda result: result.passed)

    def to_json(self, *, show_secrets: bool = False) -> dict[str, Any]:
        """`{"passed", "failed", "scenarios", "uncovered"}` (SPEC §8)."""
        return {
            "passed": self.passed,
            "failed": self.failed,
            "scenarios": [r.to_json(show_secrets=show_secrets) for r in self.results],
            "uncovered": [str(route.origin) for route in self.uncovered],
        }


def run_scenarios(
    model_config: Any,
    scenarios: Iterable[Scenario],
    *,
    compiled: CompiledRoutes | None = None,
    base: tuple[Any, Any] | None = None,
) -> ScenarioRun:
    """Evaluate every scenario against a model block (SPEC §8), with coverage.

    `compiled`: the CompiledRoutes of `model_config` when the caller has it (the editor builds
    one per edit). `base`: the (model, runtime_kwargs) routes apply to; default the block's own.
    """
    compiled = CompiledRoutes(model_config) if compiled is None else compiled
    references = RouteReferences(compiled.route_list)
    model, runtime = (None, None) if base is None else base
    results = []
    reached: set[int] = set()
    for scenario in scenarios:
        winner = compiled.winner(scenario.context)
        if winner is not None:
            reached.add(winner.position)
        result_model, result_runtime = compiled.resolve(scenario.context, model, runtime)
        failures = _failures(scenario.expect, winner, result_model, result_runtime, references)
        results.append(ScenarioResult(scenario, winner, result_model, result_runtime, failures))
    uncovered = tuple(r for r in compiled.route_list.routes if r.position not in reached)
    return ScenarioRun(tuple(results), uncovered)


def _failures(
    expect: Mapping[str, Any],
    winner: EffectiveRoute | None,
    model: Any,
    runtime: Any,
    references: "RouteReferences",
) -> tuple[Failure, ...]:
    found = []
    for field, expected in expect.items():
        if field == ROUTE:
            found += _route_failure(expected, winner, references)
            continue
        actual = model if field == "model" else _runtime_value(runtime, field)
        if not _matches(expected, actual):
            found.append(Failure(field, expected, actual))
    return tuple(found)


def _route_failure(
    expected: Any, winner: EffectiveRoute | None, references: "RouteReferences"
) -> list[Failure]:
    actual = None if winner is None else winner.label
    if expected is None:
        return [] if winner is None else [Failure(ROUTE, None, actual)]
    if winner is not None and references.names(expected, winner):
        return []
    return [Failure(ROUTE, expected, actual, references.problem(expected))]


def _runtime_value(runtime: Any, field: str) -> Any:
    return runtime.get(field) if isinstance(runtime, Mapping) else None


def _matches(expected: Any, actual: Any) -> bool:
    if expected is None or actual is None:
        return expected is None and actual is None
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(expected) == len(actual)
            and all(map(_matches, expected, actual))
        )
    if isinstance(expected, Mapping) or isinstance(actual, list | Mapping):
        return bool(expected == actual)
    return str(expected) == str(actual)


class RouteReferences:
    """What the `route:` of an expectation may name in one effective route list. Whether a
    reference names the winner is answered from the winner alone; the index of every name is
    made only when a reference names another route or none (a run of passing scenarios on a
    big file never pays for it)."""

    def __init__(self, route_list: RouteList) -> None:
        self.route_list = route_list

    @functools.cached_property
    def _by_text(self) -> dict[str, None]:
        """Every origin and name, in route order (the did-you-mean's candidates)."""
        texts: dict[str, None] = {}
        for route in self.route_list.routes:
            texts[str(route.origin)] = None
            if route.name is not None:
                texts[route.name] = None
        return texts

    @functools.cached_property
    def _skipped(self) -> dict[str, str]:
        return {str(item.origin): item.reason for item in self.route_list.skipped}

    def names(self, reference: Any, route: EffectiveRoute) -> bool:
        """Whether `reference` names `route` (by its name or its origin)."""
        text = str(reference)
        return text == route.name or text == str(route.origin)

    def problem(self, reference: Any) -> str | None:
        """None when `reference` names a route (or is null), else a plain sentence why not,
        with a did-you-mean."""
        if reference is None or str(reference) in self._by_text:
            return None
        text = str(reference)
        if text in self._skipped:
            return f"{text} is not a route the runtime evaluates: {self._skipped[text]}"
        index = _route_index(text)
        if index is not None and index >= self._route_items():
            count = self._route_items()
            return f"there is no {text}: model.routes has {count} item{'' if count == 1 else 's'}"
        section = text.partition("[")[0] if index is not None else text.partition(".")[0]
        if _looks_like_origin(text):
            candidates = [
                t for t in self._by_text if _looks_like_origin(t) and t.startswith(section)
            ]
        else:
            candidates = list(self._by_text)
        close = difflib.get_close_matches(text, candidates, n=1)
        hint = f" (did you mean `{close[0]}`?)" if close else ""
        return f"`{text}` names no route{hint}"

    def _route_items(self) -> int:
        """How many items `model.routes` has (evaluated or skipped)."""
        origins = [r.origin for r in self.route_list.routes] + [
            item.origin for item in self.route_list.skipped
        ]
        indexes = [o.key for o in origins if o.section == ROUTES and isinstance(o.key, int)]
        return max(indexes, default=-1) + 1


def _route_index(text: str) -> int | None:
    """N for `routes[N]`, else None."""
    inner = text.removeprefix(f"{ROUTES}[").removesuffix("]")
    if len(inner) + len(ROUTES) + 2 != len(text) or not inner.isdigit():
        return None
    return int(inner)


def _looks_like_origin(text: str) -> bool:
    return text.startswith((f"{ROUTES}[", "platforms.", "by_source."))


def reference_problems(
    model_config: Any, scenarios: Sequence[Scenario], *, compiled: CompiledRoutes | None = None
) -> list[tuple[int, str]]:
    """(scenario index, sentence) for every `route:` expectation that names no route."""
    compiled = CompiledRoutes(model_config) if compiled is None else compiled
    references = RouteReferences(compiled.route_list)
    found = []
    for index, scenario in enumerate(scenarios):
        if ROUTE in scenario.expect:
            problem = references.problem(scenario.expect[ROUTE])
            if problem is not None:
                found.append((index, problem))
    return found


def scenario_from_result(
    context: Mapping[Any, Any],
    explanation: Explanation,
    route_list: RouteList,
    name: str | None = None,
) -> Scenario:
    """The scenario that pins a context to the result it gets now (the editor's pin key).

    `route` is the winner's name when no other route shares it, else its origin, else null;
    then every result field that is set. An `api_key` is pinned only when it is a `${VAR}`
    reference: a plaintext key is never copied into another file.
    """
    expect: dict[str, Any] = {ROUTE: _reference_to(explanation.winner, route_list)}
    values = {"model": explanation.model} | {
        field: _runtime_value(explanation.runtime, field) for field in RESULT_FIELDS[1:]
    }
    for field in RESULT_FIELDS:
        value = values[field]
        if value is None or (field == "api_key" and not is_env_reference(value)):
            continue
        expect[field] = list(value) if isinstance(value, list) else value
    pinned = {key: value for key, value in context.items() if value is not None}
    return Scenario(_ordered_context(pinned), expect, name)


def _reference_to(winner: EffectiveRoute | None, route_list: RouteList) -> str | None:
    if winner is None:
        return None
    name = winner.name
    if name is None or _looks_like_origin(name):
        return str(winner.origin)
    sharing = [route for route in route_list.routes if route.name == name]
    origins = {str(route.origin) for route in route_list.routes}
    return name if len(sharing) == 1 and name not in origins else str(winner.origin)


def _ordered_context(context: Mapping[Any, Any]) -> dict[Any, Any]:
    """The caller keys (platform, source_kind, user_id) first, then the others as given."""
    known = [key for key in CONTEXT_KEYS if key in context]
    return {key: context[key] for key in [*known, *(k for k in context if k not in known)]}


def _shown(field: str, value: Any, show_secrets: bool) -> str:
    if value is None:
        return "nothing" if field != ROUTE else "no route"
    return str(value if show_secrets else mask_value(value, field))


def _json_value(field: str, value: Any, show_secrets: bool) -> Any:
    return value if show_secrets or value is None else mask_value(value, field)
