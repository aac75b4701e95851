"""Scenarios (SPEC §8): verdicts, route references, coverage and pins, against apply_route."""

import copy
import json

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from routedeck.paths import demo_config_text
from routedeck.routing import (
    EXPECT_FIELDS,
    CompiledRoutes,
    Scenario,
    apply_route,
    base_of,
    effective_routes,
    explain,
    reference_problems,
    run_scenarios,
    scenario_from_result,
)

from .test_routing_properties import contexts, model_configs

DEMO = yaml.safe_load(demo_config_text())["model"]
CLI_OWNER = {"platform": "cli", "source_kind": "owner"}
OWNER_EXPECT = {
    "route": "owner-everywhere",
    "model": "anthropic/claude-opus-4.6",
    "provider": "anthropic",
    "api_key": "${ANTHROPIC_API_KEY}",
}


def run_one(expect, context=CLI_OWNER, model_config=DEMO):
    return run_scenarios(model_config, [Scenario(context, expect)]).results[0]


def test_a_scenario_passes_when_every_expected_field_matches():
    result = run_one(OWNER_EXPECT)
    assert result.passed and result.failures == ()
    assert result.winner.label == "routes[0] (owner-everywhere)"


def test_each_differing_field_is_a_failure_with_expected_and_actual():
    result = run_one({"model": "gpt-4o", "provider": "anthropic", "base_url": None})
    assert not result.passed
    assert [(f.field, f.expected, f.actual) for f in result.failures] == [
        ("model", "gpt-4o", "anthropic/claude-opus-4.6"),
        ("base_url", None, "https://api.anthropic.com"),
    ]
    assert result.failures[0].describe() == "model: expected gpt-4o, got anthropic/claude-opus-4.6"
    assert result.failures[1].describe().startswith("base_url: expected nothing, got https://")


def test_routes_are_named_by_name_origin_or_null():
    assert run_one({"route": "routes[0]"}).passed
    assert run_one({"route": "hub-peers"}, {"platform": "hub"}).passed
    assert run_one({"route": "platforms.telegram"}, {"platform": "telegram"}).passed
    assert run_one({"route": "by_source.stranger"}, {"source_kind": "stranger"}).passed
    assert run_one({"route": None}, {"platform": "webhook"}).passed
    failed = run_one({"route": None})
    assert failed.failures[0].describe() == (
        "route: expected no route, got routes[0] (owner-everywhere)"
    )


def test_a_reference_that_names_no_route_fails_with_a_did_you_mean():
    (failure,) = run_one({"route": "owner-everywher"}).failures
    assert failure.note == "`owner-everywher` names no route (did you mean `owner-everywhere`?)"
    assert run_one({"route": "routes[9]"}).failures[0].note == (
        "there is no routes[9]: model.routes has 4 items"
    )
    assert (
        "did you mean `platforms.telegram`"
        in run_one({"route": "platforms.telegrm"}).failures[0].note
    )
    skipped = {"routes": [{"match": {"platform": "cli"}, "model": "m"}, {"model": "no-match"}]}
    assert run_one({"route": "routes[1]"}, model_config=skipped).failures[0].note == (
        "routes[1] is not a route the runtime evaluates: has no `match`: skipped"
    )


def test_reference_problems_list_the_scenarios_that_name_no_route():
    scenarios = [
        Scenario(CLI_OWNER, {"route": "owner-everywhere"}),
        Scenario(CLI_OWNER, {"model": "x"}),
        Scenario(CLI_OWNER, {"route": "discord-strangerz"}),
    ]
    assert reference_problems(DEMO, scenarios) == [
        (2, "`discord-strangerz` names no route (did you mean `discord-strangers`?)")
    ]


def test_values_compare_as_text_args_as_a_list_and_null_as_unset():
    model_config = {
        "default": "base",
        "routes": [{"match": {"platform": "a"}, "model": 1.5, "args": ["-v", 2], "api_mode": 0}],
    }
    context = {"platform": "a"}
    assert run_one({"model": 1.5, "args": ["-v", "2"], "api_mode": 0}, context, model_config).passed
    assert not run_one({"args": ["-v"]}, context, model_config).passed
    assert not run_one({"model": "1.50"}, context, model_config).passed
    assert not run_one({"command": "x"}, context, model_config).passed
    assert run_one({"command": None, "provider": None}, context, model_config).passed
    assert not run_one({"model": "Base"}, {"platform": "b"}, model_config).passed


def test_api_key_compares_as_written_and_shows_masked():
    secret = "sk-live-abcdefghijklmnopqrstuvwxyz"
    model_config = {"routes": [{"match": {"platform": "a"}, "api_key": secret}]}
    result = run_one({"api_key": "${KEY}"}, {"platform": "a"}, model_config)
    (failure,) = result.failures
    assert secret not in failure.describe() and secret not in json.dumps(result.to_json())
    assert secret in failure.describe(show_secrets=True)
    assert run_one({"api_key": secret}, {"platform": "a"}, model_config).passed


def test_coverage_lists_the_routes_no_scenario_reaches_as_winner():
    run = run_scenarios(
        DEMO,
        [
            Scenario(CLI_OWNER, OWNER_EXPECT),
            Scenario({"platform": "telegram", "source_kind": "stranger"}, {"model": "x"}),
        ],
    )
    assert [str(route.origin) for route in run.uncovered] == [
        "routes[1]",
        "routes[2]",
        "routes[3]",
        "platforms.slack",
        "by_source.stranger",
    ]
    assert (run.passed, run.failed) == (1, 1)
    assert [result.passed for result in run.failures_first()] == [False, True]


def test_json_has_the_shape_of_spec_section_8():
    run = run_scenarios(DEMO, [Scenario(CLI_OWNER, {"model": "x"}, "owner on the CLI")])
    shown = json.loads(json.dumps(run.to_json()))
    assert shown["passed"] == 0 and shown["failed"] == 1
    assert shown["scenarios"][0] == {
        "name": "owner on the CLI",
        "passed": False,
        "context": CLI_OWNER,
        "winner": {"index": 0, "origin": "routes[0]", "name": "owner-everywhere"},
        "failures": [{"field": "model", "expected": "x", "actual": "anthropic/claude-opus-4.6"}],
    }
    assert "routes[1]" in shown["uncovered"]


def test_a_given_compiled_list_and_base_are_used():
    compiled = CompiledRoutes(DEMO)
    run = run_scenarios(
        DEMO,
        [Scenario({"platform": "webhook"}, {"model": "other-base"})],
        compiled=compiled,
        base=("other-base", {}),
    )
    assert run.results[0].passed


def test_pinning_a_context_keeps_its_result():
    context = {"platform": "discord", "source_kind": "stranger", "user_id": None, "x": "1"}
    pinned = scenario_from_result(context, explain(DEMO, context), effective_routes(DEMO))
    assert pinned.context == {"platform": "discord", "source_kind": "stranger", "x": "1"}
    assert pinned.expect == {
        "route": "discord-strangers",
        "model": "gpt-4.1-mini",
        "provider": "copilot",
        "base_url": "https://openrouter.ai/api/v1",
        "api_key": "${OPENROUTER_API_KEY}",
    }
    assert run_scenarios(DEMO, [pinned]).results[0].passed


def test_pinning_never_copies_a_plaintext_key_and_names_routes_unambiguously():
    model_config = {
        "api_key": "sk-plain-abcdefghijklmnop",
        "routes": [
            {"name": "twin", "match": {"platform": "a"}, "model": "m"},
            {"name": "twin", "match": {"platform": "b"}, "model": "n"},
        ],
    }
    context = {"platform": "b"}
    pinned = scenario_from_result(
        context, explain(model_config, context), effective_routes(model_config)
    )
    assert pinned.expect == {"route": "routes[1]", "model": "n"}
    nothing = scenario_from_result(
        {"platform": "z"}, explain(model_config, {"platform": "z"}), effective_routes(model_config)
    )
    assert nothing.expect == {"route": None}


def test_a_thousand_scenarios_on_ten_thousand_routes():
    routes = [
        {"name": f"r{i}", "match": {"platform": f"p{i % 50}", "user_id": str(i)}, "model": "m"}
        for i in range(10_000)
    ]
    scenarios = [
        Scenario({"platform": f"p{i * 7 % 50}", "user_id": str(i * 7)}, {"route": f"r{i * 7}"})
        for i in range(1_000)
    ]
    run = run_scenarios({"routes": routes}, scenarios)
    assert run.passed == 1_000 and len(run.uncovered) == 9_000


# ---------------------------------------------------------------- properties against apply_route

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
OTHER_VALUES = st.sampled_from(["x", "", "m1", 0, None, ["--a"]])


@SETTINGS
@given(model_configs, contexts, st.data())
def test_a_scenario_passes_exactly_when_apply_route_gives_the_expected_fields(
    model_config, context, data
):
    context = {k: v for k, v in (context or {}).items() if v is not None} or {"platform": "a"}
    model, runtime = base_of(model_config)
    got_model, got_runtime = apply_route(model, runtime, model_config, context)
    got = {"model": got_model} | {
        field: (got_runtime or {}).get(field) for field in EXPECT_FIELDS[2:]
    }
    fields = data.draw(st.lists(st.sampled_from(EXPECT_FIELDS[1:]), min_size=1, unique=True))
    expect = {field: copy.deepcopy(got[field]) for field in fields}
    assert run_one(expect, context, model_config).passed
    field = data.draw(st.sampled_from(fields))
    expect[field] = data.draw(OTHER_VALUES)
    verdict = run_one(expect, context, model_config)
    same = _as_compared(expect[field]) == _as_compared(got[field])
    assert verdict.passed == same
    assert [f.field for f in verdict.failures] == ([] if same else [field])


def _as_compared(value):
    if isinstance(value, list):
        return [str(item) for item in value]
    return value if value is None else str(value)


@SETTINGS
@given(model_configs, contexts)
def test_the_route_expectation_names_the_winner_that_explain_finds(model_config, context):
    context = {k: v for k, v in (context or {}).items() if v is not None} or {"platform": "a"}
    winner = explain(model_config, context).winner
    reference = None if winner is None else str(winner.origin)
    assert run_one({"route": reference}, context, model_config).passed
    if winner is not None:
        assert not run_one({"route": None}, context, model_config).passed
        assert winner.position not in {
            route.position
            for route in run_scenarios(
                model_config, [Scenario(context, {"route": reference})]
            ).uncovered
        }
