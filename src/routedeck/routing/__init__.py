"""The routing engine: SPEC §2 as a library, plus explanations, diagnostics and migration.

Plain Python data in and out; imports only the standard library (no YAML, no UI).
"""

from routedeck.routing.behaviour import (
    BehaviourChange,
    BehaviourDiff,
    Outcome,
    ValueSet,
    behaviour_diff,
    shown_runtime,
)
from routedeck.routing.compiled import CompiledRoutes
from routedeck.routing.constants import (
    API_MODES,
    CONTEXT_KEYS,
    KNOWN_PLATFORMS,
    KNOWN_PROVIDERS,
    PRESETS,
    ROUTE_KEYS,
    RUNTIME_FIELDS,
    SOURCE_KINDS,
)
from routedeck.routing.contexts import ABSENT, UNSEEN, ContextSpace, context_space
from routedeck.routing.diagnostics import SEVERITY, Diagnostic, diagnose
from routedeck.routing.explain import (
    ALWAYS_SHOWN_FIELDS,
    EXPLAINED_FIELDS,
    Explanation,
    FieldValue,
    KeyMismatch,
    Verdict,
    explain,
)
from routedeck.routing.matrix import RoutingMatrix, routing_matrix
from routedeck.routing.migration import (
    MigrationError,
    MigrationPlan,
    Proof,
    counterexamples,
    plan_migration,
    prove_equivalent,
)
from routedeck.routing.routes import (
    BASE_FIELDS,
    WHOLE_SECTION,
    EffectiveRoute,
    Origin,
    RouteList,
    SkippedItem,
    base_of,
    effective_routes,
)
from routedeck.routing.runtime import apply_route
from routedeck.routing.scenarios import (
    EXPECT_FIELDS,
    RESULT_FIELDS,
    Failure,
    RouteReferences,
    Scenario,
    ScenarioResult,
    ScenarioRun,
    describe_context,
    reference_problems,
    run_scenarios,
    scenario_from_result,
)

__all__ = [
    "ABSENT",
    "ALWAYS_SHOWN_FIELDS",
    "API_MODES",
    "BASE_FIELDS",
    "CONTEXT_KEYS",
    "EXPECT_FIELDS",
    "EXPLAINED_FIELDS",
    "KNOWN_PLATFORMS",
    "KNOWN_PROVIDERS",
    "PRESETS",
    "RESULT_FIELDS",
    "ROUTE_KEYS",
    "RUNTIME_FIELDS",
    "SEVERITY",
    "SOURCE_KINDS",
    "UNSEEN",
    "WHOLE_SECTION",
    "BehaviourChange",
    "BehaviourDiff",
    "CompiledRoutes",
    "ContextSpace",
    "Diagnostic",
    "EffectiveRoute",
    "Explanation",
    "Failure",
    "FieldValue",
    "KeyMismatch",
    "MigrationError",
    "MigrationPlan",
    "Origin",
    "Outcome",
    "Proof",
    "RouteList",
    "RouteReferences",
    "RoutingMatrix",
    "Scenario",
    "ScenarioResult",
    "ScenarioRun",
    "SkippedItem",
    "ValueSet",
    "Verdict",
    "apply_route",
    "base_of",
    "behaviour_diff",
    "context_space",
    "counterexamples",
    "describe_context",
    "diagnose",
    "effective_routes",
    "explain",
    "plan_migration",
    "prove_equivalent",
    "reference_problems",
    "routing_matrix",
    "run_scenarios",
    "scenario_from_result",
    "shown_runtime",
]
