"""The routing engine: SPEC §2 as a library, plus explanations, diagnostics and migration.

Plain Python data in and out; imports only the standard library (no YAML, no UI).
"""

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
from routedeck.routing.diagnostics import SEVERITY, Diagnostic, diagnose
from routedeck.routing.explain import (
    AGENT_RESOLVES_API_KEY,
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
    BY_SOURCE,
    LEGACY_MATCH_KEY,
    LEGACY_SECTIONS,
    PLATFORMS,
    ROUTES,
    WHOLE_SECTION,
    EffectiveRoute,
    Origin,
    RouteList,
    SkippedItem,
    base_of,
    effective_routes,
)
from routedeck.routing.runtime import apply_route

__all__ = [
    "AGENT_RESOLVES_API_KEY",
    "ALWAYS_SHOWN_FIELDS",
    "API_MODES",
    "BASE_FIELDS",
    "BY_SOURCE",
    "CONTEXT_KEYS",
    "EXPLAINED_FIELDS",
    "KNOWN_PLATFORMS",
    "KNOWN_PROVIDERS",
    "LEGACY_MATCH_KEY",
    "LEGACY_SECTIONS",
    "PLATFORMS",
    "PRESETS",
    "ROUTES",
    "ROUTE_KEYS",
    "RUNTIME_FIELDS",
    "SEVERITY",
    "SOURCE_KINDS",
    "WHOLE_SECTION",
    "CompiledRoutes",
    "Diagnostic",
    "EffectiveRoute",
    "Explanation",
    "FieldValue",
    "KeyMismatch",
    "MigrationError",
    "MigrationPlan",
    "Origin",
    "Proof",
    "RouteList",
    "RoutingMatrix",
    "SkippedItem",
    "Verdict",
    "apply_route",
    "base_of",
    "counterexamples",
    "diagnose",
    "effective_routes",
    "explain",
    "plan_migration",
    "prove_equivalent",
    "routing_matrix",
]
