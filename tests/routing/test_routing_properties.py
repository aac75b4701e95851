"""Hypothesis properties: every fast or explanatory path agrees with `apply_route`."""

import contextlib
import copy
from itertools import product

from hypothesis import HealthCheck, given, settings, strategies as st

from routedeck.routing import (
    CompiledRoutes,
    MigrationError,
    apply_route,
    base_of,
    diagnose,
    effective_routes,
    explain,
    plan_migration,
    routing_matrix,
)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# A small vocabulary, so that routes match each other and contexts often.
KEYS = st.sampled_from(["platform", "source_kind", "user_id", 1, True])
VALUES = st.sampled_from(["a", "b", "1", "True", 1, True, 1.0, None])
FIELD_VALUES = st.sampled_from([None, "", [], 0, False, {}, "x", "y", 2])
ARGS = st.sampled_from([None, [], ["--a"], "ab", 5, {"k": 1}])

matches = st.one_of(
    st.dictionaries(KEYS, VALUES, max_size=3),
    st.sampled_from([{}, None, "platform", ["a"]]),
)
route_dicts = st.fixed_dictionaries(
    {"match": matches},
    optional={
        "model": st.sampled_from([None, "", "m1", "m2", 0, True]),
        "provider": FIELD_VALUES,
        "api_key": FIELD_VALUES,
        "base_url": FIELD_VALUES,
        "args": ARGS,
        "name": st.sampled_from(["n", ""]),
    },
)
route_items = st.one_of(
    route_dicts, route_dicts, route_dicts, st.sampled_from(["junk", 3, None, {"model": "m"}])
)
legacy_values = st.one_of(
    st.sampled_from(["legacy", "", None, 5, {}]),
    st.fixed_dictionaries(
        {},
        optional={"model": st.sampled_from(["lm", ""]), "match": matches, "base_url": FIELD_VALUES},
    ),
)
model_configs = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "default": st.sampled_from(["base", "", None]),
            "provider": FIELD_VALUES,
            "routes": st.one_of(st.lists(route_items, max_size=8), st.sampled_from([None, "x"])),
            "platforms": st.dictionaries(
                st.sampled_from(["a", "b", True, 1]), legacy_values, max_size=3
            ),
            "by_source": st.dictionaries(
                st.sampled_from(["a", "owner", 1]), legacy_values, max_size=3
            ),
        },
    ),
    st.sampled_from([None, "bare", 5, ["x"]]),
)
contexts = st.one_of(st.dictionaries(KEYS, VALUES, max_size=4), st.none())
base_models = st.sampled_from([None, "base", ""])
runtime_dicts = st.dictionaries(
    st.sampled_from(["provider", "api_key", "extra"]), FIELD_VALUES, max_size=2
)
runtimes = st.none() | runtime_dicts

# Everything PyYAML safe_load can produce: scalars (dates and !!binary included), lists,
# mappings with hashable keys, and !!set.
yaml_keys = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=6),
    st.dates(),
    st.binary(max_size=3),
    st.sampled_from(["routes", "platforms", "by_source", "match", "args", "model"]),
)
yaml_scalars = yaml_keys | st.datetimes()
yaml_data = st.recursive(
    yaml_scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(yaml_keys, children, max_size=4)
        | st.sets(yaml_keys, max_size=3)
    ),
    max_leaves=25,
)


def contexts_from(model_config):
    """Contexts that hit each route's match exactly, so matches are exercised, not just misses."""
    found = []
    for route in effective_routes(model_config).routes:
        if route.can_match:
            found.append({key: str(value) for key, value in route.match.items()})
    return found


@SETTINGS
@given(model_configs, contexts, base_models, runtimes)
def test_explain_agrees_with_apply_route(model_config, context, model, runtime):
    base_model, base_runtime = base_of(model_config)
    used_model = base_model if model is None else model
    used_runtime = base_runtime if runtime is None else runtime
    for each in [context, *contexts_from(model_config)]:
        explanation = explain(model_config, each, model, runtime)
        expected = apply_route(used_model, used_runtime, model_config, each)
        assert (explanation.model, explanation.runtime) == expected
        if explanation.winner is None or explanation.fallback:
            assert expected[1] is used_runtime
        statuses = [verdict.status for verdict in explanation.verdicts]
        if explanation.winner is None:
            assert {"winner", "shadowed_here"}.isdisjoint(statuses)
        else:
            position = explanation.winner.position
            assert statuses[position] == "winner"
            assert {"winner", "shadowed_here"}.isdisjoint(statuses[:position])
            assert "winner" not in statuses[position + 1 :]


@SETTINGS
@given(model_configs, contexts, st.sampled_from(["base", "other"]), runtime_dicts)
def test_compiled_routes_agree_with_apply_route_and_explain(model_config, context, model, runtime):
    compiled = CompiledRoutes(model_config)
    for each in [context, *contexts_from(model_config)]:
        plain = explain(model_config, each)
        assert compiled.winner(each) == plain.winner
        assert compiled.resolve(each, model, runtime) == apply_route(
            model, runtime, model_config, each
        )
        assert compiled.verdicts(each, 1, 4) == plain.verdicts[1:4]


@SETTINGS
@given(model_configs, contexts)
def test_a_migration_plan_never_changes_any_resolution(model_config, context):
    try:
        plan = plan_migration(model_config)
    except MigrationError:
        assert isinstance(model_config, dict) and model_config.get("routes") == "x"
        return
    migrated = plan.apply_to(model_config)
    assert plan.proof.holds
    assert base_of(migrated) == base_of(model_config)
    model, runtime = base_of(model_config)
    for each in [context, *contexts_from(model_config)]:
        assert apply_route(model, runtime, migrated, each) == apply_route(
            model, runtime, model_config, each
        )
    assert plan_migration(migrated).is_empty


@SETTINGS
@given(model_configs, contexts)
def test_a_route_reported_as_shadowed_never_wins(model_config, context):
    shadowed = {
        d.origins[0]
        for d in diagnose(model_config)
        if d.id in ("shadowed-route", "shadowed-legacy")
    }
    compiled = CompiledRoutes(model_config)
    candidates = contexts_from(model_config)
    unions = [{**first, **second} for first in candidates for second in candidates]
    for each in [context, *candidates, *unions]:
        winner = compiled.winner(each)
        assert winner is None or winner.origin not in shadowed


@settings(max_examples=300, deadline=None)
@given(yaml_data, yaml_data, yaml_data, yaml_data)
def test_apply_route_never_raises_nor_mutates_on_yaml_like_data(
    model, runtime, model_config, context
):
    snapshot = copy.deepcopy((model, runtime, model_config, context))
    apply_route(model, runtime, model_config, context)
    apply_route("m", {}, model_config, {"platform": "a"})
    assert (model, runtime, model_config, context) == snapshot


@settings(max_examples=150, deadline=None)
@given(
    yaml_data,
    st.dictionaries(st.sampled_from(["platform", "source_kind"]), yaml_scalars, max_size=2),
)
def test_the_whole_engine_accepts_any_yaml_like_model_block(model_config, context):
    snapshot = copy.deepcopy(model_config)
    explain(model_config, context)
    CompiledRoutes(model_config).explain(context)
    diagnose(model_config)
    routing_matrix(model_config)
    with contextlib.suppress(MigrationError):
        plan_migration(model_config)
    assert [model_config] == [snapshot]  # in a list, so that a NaN equals its own copy


@SETTINGS
@given(model_configs)
def test_every_matrix_cell_is_what_apply_route_gives(model_config):
    matrix = routing_matrix(model_config)
    base, runtime = base_of(model_config)
    for platform, kind, user_id in product(matrix.platforms, matrix.source_kinds, matrix.user_ids):
        context = {"platform": platform, "source_kind": kind}
        if user_id is not None:
            context["user_id"] = user_id
        assert (
            matrix.model(platform, kind, user_id)
            == apply_route(base, runtime, model_config, context)[0]
        )
        winner = matrix.winner(platform, kind, user_id)
        assert winner == CompiledRoutes(model_config).winner(context)
