"""The routing engine: SPEC §2 as a library, plus explanations, diagnostics and migration.

Plain Python data in and out; imports only the standard library (no YAML, no UI).

Each name below is imported from its module when first used (PEP 562): a program that needs
part of the engine, as the editor's first frame does, does not load the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from routedeck.lazy import lazy_exports

EXPORTS: dict[str, tuple[str, ...]] = {
    "behaviour": (
        "BehaviourChange",
        "BehaviourDiff",
        "Outcome",
        "ValueSet",
        "behaviour_diff",
        "shown_runtime",
    ),
    "compiled": ("CompiledRoutes",),
    "constants": (
        "API_MODES",
        "CONTEXT_KEYS",
        "KNOWN_PLATFORMS",
        "KNOWN_PROVIDERS",
        "PRESETS",
        "ROUTE_KEYS",
        "RUNTIME_FIELDS",
        "SOURCE_KINDS",
    ),
    "contexts": (
        "ABSENT",
        "UNSEEN",
        "ContextSpace",
        "context_space",
    ),
    "diagnostics": (
        "SEVERITY",
        "Diagnostic",
        "diagnose",
    ),
    "explanation": (
        "AGENT_RESOLVES_API_KEY",
        "ALWAYS_SHOWN_FIELDS",
        "EXPLAINED_FIELDS",
        "Explanation",
        "FieldValue",
        "KeyMismatch",
        "Verdict",
        "explain",
    ),
    "matrix": (
        "RoutingMatrix",
        "routing_matrix",
    ),
    "migration": (
        "MigrationError",
        "MigrationPlan",
        "Proof",
        "counterexamples",
        "plan_migration",
        "prove_equivalent",
    ),
    "routes": (
        "BASE_FIELDS",
        "BY_SOURCE",
        "LEGACY_MATCH_KEY",
        "LEGACY_SECTIONS",
        "PLATFORMS",
        "ROUTES",
        "WHOLE_SECTION",
        "EffectiveRoute",
        "Origin",
        "RouteList",
        "SkippedItem",
        "base_of",
        "effective_routes",
    ),
    "runtime": ("apply_route",),
    "scenarios": (
        "EXPECT_FIELDS",
        "RESULT_FIELDS",
        "Failure",
        "RouteReferences",
        "Scenario",
        "ScenarioResult",
        "ScenarioRun",
        "describe_context",
        "reference_problems",
        "run_scenarios",
        "scenario_from_result",
    ),
}
"""The names this package exports, by the module that defines them."""

if TYPE_CHECKING:
    from routedeck.routing.behaviour import (
        BehaviourChange as BehaviourChange,
        BehaviourDiff as BehaviourDiff,
        Outcome as Outcome,
        ValueSet as ValueSet,
        behaviour_diff as behaviour_diff,
        shown_runtime as shown_runtime,
    )
    from routedeck.routing.compiled import (
        CompiledRoutes as CompiledRoutes,
    )
    from routedeck.routing.constants import (
        API_MODES as API_MODES,
        CONTEXT_KEYS as CONTEXT_KEYS,
        KNOWN_PLATFORMS as KNOWN_PLATFORMS,
        KNOWN_PROVIDERS as KNOWN_PROVIDERS,
        PRESETS as PRESETS,
        ROUTE_KEYS as ROUTE_KEYS,
        RUNTIME_FIELDS as RUNTIME_FIELDS,
        SOURCE_KINDS as SOURCE_KINDS,
    )
    from routedeck.routing.contexts import (
        ABSENT as ABSENT,
        UNSEEN as UNSEEN,
        ContextSpace as ContextSpace,
        context_space as context_space,
    )
    from routedeck.routing.diagnostics import (
        SEVERITY as SEVERITY,
        Diagnostic as Diagnostic,
        diagnose as diagnose,
    )
    from routedeck.routing.explanation import (
        AGENT_RESOLVES_API_KEY as AGENT_RESOLVES_API_KEY,
        ALWAYS_SHOWN_FIELDS as ALWAYS_SHOWN_FIELDS,
        EXPLAINED_FIELDS as EXPLAINED_FIELDS,
        Explanation as Explanation,
        FieldValue as FieldValue,
        KeyMismatch as KeyMismatch,
        Verdict as Verdict,
        explain as explain,
    )
    from routedeck.routing.matrix import (
        RoutingMatrix as RoutingMatrix,
        routing_matrix as routing_matrix,
    )
    from routedeck.routing.migration import (
        MigrationError as MigrationError,
        MigrationPlan as MigrationPlan,
        Proof as Proof,
        counterexamples as counterexamples,
        plan_migration as plan_migration,
        prove_equivalent as prove_equivalent,
    )
    from routedeck.routing.routes import (
        BASE_FIELDS as BASE_FIELDS,
        BY_SOURCE as BY_SOURCE,
        LEGACY_MATCH_KEY as LEGACY_MATCH_KEY,
        LEGACY_SECTIONS as LEGACY_SECTIONS,
        PLATFORMS as PLATFORMS,
        ROUTES as ROUTES,
        WHOLE_SECTION as WHOLE_SECTION,
        EffectiveRoute as EffectiveRoute,
        Origin as Origin,
        RouteList as RouteList,
        SkippedItem as SkippedItem,
        base_of as base_of,
        effective_routes as effective_routes,
    )
    from routedeck.routing.runtime import (
        apply_route as apply_route,
    )
    from routedeck.routing.scenarios import (
        EXPECT_FIELDS as EXPECT_FIELDS,
        RESULT_FIELDS as RESULT_FIELDS,
        Failure as Failure,
        RouteReferences as RouteReferences,
        Scenario as Scenario,
        ScenarioResult as ScenarioResult,
        ScenarioRun as ScenarioRun,
        describe_context as describe_context,
        reference_problems as reference_problems,
        run_scenarios as run_scenarios,
        scenario_from_result as scenario_from_result,
    )
else:
    __all__, __getattr__, __dir__ = lazy_exports(__name__, EXPORTS)
