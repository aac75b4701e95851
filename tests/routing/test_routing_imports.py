import subprocess
import sys

CONTRACT = (
    "apply_route Origin EffectiveRoute SkippedItem RouteList effective_routes base_of KeyMismatch "
    "Verdict FieldValue Explanation explain CompiledRoutes Diagnostic diagnose MigrationPlan "
    "MigrationError plan_migration RoutingMatrix routing_matrix KNOWN_PLATFORMS SOURCE_KINDS "
    "KNOWN_PROVIDERS API_MODES ROUTE_KEYS PRESETS"
)
FORBIDDEN = (
    "textual",
    "ruamel",
    "yaml",
    "rich",
    "routedeck.document",
    "routedeck.tui",
    "routedeck.cli",
)


def test_the_engine_loads_no_ui_and_no_yaml_library():
    code = (
        "import routedeck.routing, sys; "
        f"print(sorted(m for m in sys.modules if m.startswith({FORBIDDEN!r})))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert loaded.stdout.strip() == "[]"


def test_everything_in_the_architecture_contract_is_exported():
    import routedeck.routing as routing

    missing = [
        name
        for name in CONTRACT.split()
        if not hasattr(routing, name) or name not in routing.__all__
    ]
    assert missing == []
