"""behaviour_diff (SPEC §7): the context classes that get another result, against apply_route."""

import copy
import json

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from routedeck.paths import demo_config_text
from routedeck.routing import (
    ABSENT,
    UNSEEN,
    ValueSet,
    apply_route,
    base_of,
    behaviour_diff,
    context_space,
    explain,
)
from routedeck.routing.behaviour import _frozen

from .test_routing_properties import contexts, model_configs

DEMO = yaml.safe_load(demo_config_text())["model"]
BASE = {"default": "base", "provider": "openrouter", "api_key": "sk-or-v1-0123456789abcdef"}


def with_routes(*routes, **base):
    return {**BASE, **base, "routes": list(routes)}


def resolve(model_config, context):
    model, runtime = base_of(model_config)
    return apply_route(model, runtime, model_config, context)


def test_identical_blocks_change_nothing():
    diff = behaviour_diff(DEMO, copy.deepcopy(DEMO))
    assert diff.same and diff.complete and diff.changes == ()
    assert diff.classes_checked == diff.classes_total == context_space([DEMO]).size
    assert diff.summary() == "no context changes its result"


def test_a_moved_route_that_overlaps_no_other_is_no_change():
    first = {"match": {"platform": "telegram"}, "model": "t"}
    second = {"match": {"platform": "slack"}, "model": "s"}
    assert behaviour_diff(with_routes(first, second), with_routes(second, first)).same


def test_another_route_giving_the_same_result_is_no_change():
    owner = {"match": {"source_kind": "owner"}, "model": "strong", "name": "owner"}
    cli_owner = {"match": {"platform": "cli", "source_kind": "owner"}, "model": "strong"}
    assert behaviour_diff(with_routes(owner), with_routes(cli_owner, owner)).same


def test_a_changed_model_is_one_change_with_user_id_any():
    before = copy.deepcopy(DEMO)
    after = copy.deepcopy(DEMO)
    after["routes"][3]["model"] = "gpt-4o"
    diff = behaviour_diff(before, after)
    assert not diff.same and diff.complete
    (change,) = diff.changes
    assert change.context == {"platform": "discord", "source_kind": "stranger", "user_id": "any"}
    assert change.excepted == {}
    assert change.count == 2  # user_id: any other, absent
    assert change.fields == ("model",)
    assert (change.before.model, change.after.model) == ("gpt-4.1-mini", "gpt-4o")
    assert (
        change.before.winner.label == change.after.winner.label == "routes[3] (discord-strangers)"
    )
    assert diff.summary() == (
        "2 context classes changed: platform=discord source_kind=stranger → gpt-4o "
        "(routes[3] discord-strangers)"
    )


def test_a_new_route_under_an_earlier_one_shows_any_with_the_exception():
    hub = {"match": {"platform": "hub"}, "model": "peer"}
    everyone = {"match": {"user_id": "42"}, "model": "special"}
    diff = behaviour_diff(with_routes(hub), with_routes(hub, everyone))
    (change,) = diff.changes
    assert change.context == {"platform": "any", "source_kind": "any", "user_id": "42"}
    assert change.excepted == {"platform": ("hub",)}
    assert change.where() == "platform≠hub user_id=42"
    assert change.before.winner is None and change.after.winner.origin.key == 1
    assert change.count == 2 * 2  # platform: * or -, source_kind: * or -


def test_classes_are_merged_only_over_keys_whose_every_class_changes_alike():
    before = with_routes(
        {"match": {"platform": "a"}, "model": "x"},
        {"match": {"platform": "b"}, "model": "y"},
    )
    after = with_routes(
        {"match": {"platform": "a"}, "model": "x2"},
        {"match": {"platform": "b"}, "model": "y"},
    )
    (change,) = behaviour_diff(before, after).changes
    assert change.context["platform"] == "a"
    assert change.context["source_kind"] == change.context["user_id"] == "any"


def test_a_base_change_reaches_every_class_no_route_overrides():
    before = with_routes({"match": {"platform": "cli"}, "model": "m"})
    after = with_routes({"match": {"platform": "cli"}, "model": "m"}, default="other")
    (change,) = behaviour_diff(before, after).changes
    assert change.context["platform"] == "any" and change.excepted == {"platform": ("cli",)}
    assert change.describe() == "platform≠cli → other (no route)"


def test_types_count_as_the_runtime_sees_them():
    one = with_routes({"match": {"platform": "a"}, "api_mode": 1})
    true = with_routes({"match": {"platform": "a"}, "api_mode": True})
    assert not behaviour_diff(one, true).same
    assert behaviour_diff(one, copy.deepcopy(one)).same


def test_a_route_the_runtime_cannot_apply_is_the_winner_with_the_unrouted_result():
    broken = with_routes({"match": {"platform": "a"}, "model": "m", "args": 5})
    assert behaviour_diff(broken, with_routes()).same  # the turn falls back: same traffic
    fixed = with_routes({"match": {"platform": "a"}, "model": "m", "args": ["5"]})
    (change,) = behaviour_diff(broken, fixed).changes
    assert change.before.winner.origin.key == 0
    assert (change.before.model, change.after.model) == ("base", "m")
    assert change.fields == ("model", "args")


def test_api_key_is_compared_but_shown_masked():
    secret = "sk-ant-api03-abcdefghijklmnop"
    after = with_routes({"match": {"platform": "a"}, "api_key": secret})
    diff = behaviour_diff(with_routes(), after)
    (change,) = diff.changes
    assert change.fields == ("api_key",)
    assert secret not in change.describe() and secret not in diff.summary()
    assert secret not in json.dumps(diff.to_json())
    assert secret in change.describe(show_secrets=True)
    assert json.dumps(diff.to_json(show_secrets=True)).count(secret) == 1


def test_json_has_the_shape_of_spec_section_7():
    after = copy.deepcopy(DEMO)
    after["routes"][3]["model"] = "gpt-4o"
    shown = json.loads(json.dumps(behaviour_diff(DEMO, after).to_json()))
    assert set(shown) >= {"changes", "classes_checked"}
    (change,) = shown["changes"]
    assert change["context"] == {"platform": "discord", "source_kind": "stranger", "user_id": "any"}
    assert change["before"]["winner"] == {
        "index": 3,
        "origin": "routes[3]",
        "name": "discord-strangers",
    }
    assert change["after"]["model"] == "gpt-4o"
    assert change["after"]["runtime"]["provider"] == "copilot"


def test_a_diff_stopped_at_its_budget_never_reads_as_no_change():
    before = with_routes(*({"match": {"user_id": str(i)}, "model": "a"} for i in range(20)))
    after = with_routes(*({"match": {"user_id": str(i)}, "model": "b"} for i in range(20)))
    diff = behaviour_diff(before, after, budget=3)
    assert not diff.complete and not diff.same
    assert 0 < diff.classes_checked < diff.classes_total
    assert diff.summary().startswith("stopped after it checked ")
    silent = behaviour_diff(
        with_routes({"match": {"platform": "a"}, "model": "m"}),
        with_routes(
            {"match": {"platform": "a"}, "model": "m"},
            {"match": {"platform": "a", "user_id": "1"}, "model": "n"},
        ),
        budget=1,
    )
    assert not silent.changes and not silent.same
    assert silent.summary().endswith("no change among those")


def test_other_and_absent_are_their_own_classes():
    before = with_routes({"match": {"tier": "gold"}, "model": "g"})
    after = with_routes({"match": {"tier": "gold"}, "model": "g"}, {"match": {"tier": "x"}})
    assert behaviour_diff(before, after).same  # the new route overrides nothing
    space = context_space([before, after])
    assert space.keys == ("platform", "source_kind", "user_id", "tier")
    assert space.values("tier") == ("gold", "x", UNSEEN, ABSENT)
    assert space.representative({"tier": UNSEEN}) == {"tier": "<other>"}


def test_keys_equal_as_dict_keys_are_one_key():
    space = context_space([with_routes({"match": {1: "a"}}, {"match": {True: "b"}})])
    assert space.named[1] == ("a", "b")


def test_non_mapping_model_blocks():
    diff = behaviour_diff("model-a", "model-b")
    (change,) = diff.changes
    assert change.where() == "every context" and change.count == diff.classes_total == 8
    assert behaviour_diff(None, {}).same


def test_value_sets_join_as_sets_of_classes():
    domain = ("a", "b", UNSEEN, ABSENT)
    a, b = ValueSet(frozenset({"a"})), ValueSet(frozenset({"b"}))
    not_ab = ValueSet(frozenset({"a", "b"}), True)
    assert a.union(b).union(not_ab).normalized(domain).is_any
    assert a.union(not_ab) == ValueSet(frozenset({"b"}), True)
    assert ValueSet(frozenset({"a", "b", UNSEEN}), True).normalized(domain) == ValueSet(
        frozenset({ABSENT})
    )
    assert not_ab.pick(domain) is ABSENT


def test_an_edit_among_a_thousand_routes_is_one_change():
    routes = [
        {"match": {"platform": f"p{i % 40}", "user_id": str(i)}, "model": f"m{i % 7}"}
        for i in range(1_000)
    ]
    before = with_routes(*routes)
    after = copy.deepcopy(before)
    after["routes"][500]["model"] = "new"
    diff = behaviour_diff(before, after)
    assert diff.complete and len(diff.changes) == 1
    assert diff.changes[0].context["user_id"] == "500"


# ---------------------------------------------------------------- properties against apply_route

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))


@st.composite
def edited(draw, model_config):
    """The model block after an editor-like edit: move, delete, duplicate or change a route."""
    if not isinstance(model_config, dict) or not isinstance(model_config.get("routes"), list):
        return draw(model_configs)
    after = copy.deepcopy(model_config)
    routes = after["routes"]
    if not routes:
        return after
    index = draw(st.integers(0, len(routes) - 1))
    action = draw(st.sampled_from(["move", "delete", "duplicate", "model", "base"]))
    if action == "move":
        routes.insert(draw(st.integers(0, len(routes) - 1)), routes.pop(index))
    elif action == "delete":
        routes.pop(index)
    elif action == "duplicate":
        routes.insert(index, copy.deepcopy(routes[index]))
    elif action == "model" and isinstance(routes[index], dict):
        routes[index]["model"] = draw(st.sampled_from(["m1", "m2", None]))
    else:
        after["default"] = draw(st.sampled_from(["base", "other"]))
    return after


@st.composite
def pairs(draw):
    before = draw(model_configs)
    return before, draw(st.one_of(edited(before), model_configs))


def class_of(space, context):
    found = {}
    for key in space.keys:
        value = context.get(key)
        if value is None:
            found[key] = ABSENT
        else:
            found[key] = str(value) if str(value) in space.named[key] else UNSEEN
    return found


def holders(diff, space, context):
    seen = class_of(space, context)
    return [
        change
        for change in diff.changes
        if all((seen[key] in values.values) != values.excluded for key, values in change.classes)
    ]


@SETTINGS
@given(pairs(), contexts)
def test_a_context_resolves_differently_exactly_when_its_class_is_reported(pair, context):
    before, after = pair
    diff = behaviour_diff(before, after)
    space = context_space([before, after])
    assert diff.complete and diff.classes_checked == diff.classes_total == space.size
    samples = [context or {}] + (list(space.contexts()) if space.size <= 2_000 else [])
    for each in samples:
        result_before, result_after = resolve(before, each), resolve(after, each)
        found = holders(diff, space, each)
        differs = _frozen(result_before) != _frozen(result_after)
        assert len(found) == (1 if differs else 0)
        if differs:
            (change,) = found
            assert _frozen((change.before.model, change.before.runtime)) == _frozen(result_before)
            assert _frozen((change.after.model, change.after.runtime)) == _frozen(result_after)
            assert change.before.winner == explain(before, each).winner
            assert change.after.winner == explain(after, each).winner


@SETTINGS
@given(pairs())
def test_every_reported_change_really_differs_and_counts_its_classes(pair):
    before, after = pair
    diff = behaviour_diff(before, after)
    space = context_space([before, after])
    for change in diff.changes:
        assert _frozen(resolve(before, change.example)) != _frozen(resolve(after, change.example))
        assert holders(diff, space, change.example) == [change]
        assert change.fields or change.before.winner != change.after.winner
    if space.size <= 2_000:
        differing = sum(
            _frozen(resolve(before, c)) != _frozen(resolve(after, c)) for c in space.contexts()
        )
        assert diff.changed_classes == differing


@SETTINGS
@given(pairs(), st.integers(1, 6))
def test_a_diff_stopped_early_reports_only_real_changes(pair, budget):
    before, after = pair
    diff = behaviour_diff(before, after, budget=budget)
    assert diff.complete == (diff.classes_checked == diff.classes_total)
    assert not diff.same or behaviour_diff(before, after).same
    for change in diff.changes:
        assert _frozen(resolve(before, change.example)) != _frozen(resolve(after, change.example))


@pytest.mark.parametrize("swap", [False, True])
def test_the_diff_is_symmetric(swap):
    after = copy.deepcopy(DEMO)
    after["routes"].insert(0, after["routes"].pop(3))
    after["routes"][0]["model"] = "gpt-4o"
    a, b = (after, DEMO) if swap else (DEMO, after)
    forward, backward = behaviour_diff(a, b), behaviour_diff(b, a)
    assert forward.changed_classes == backward.changed_classes
    assert [c.example for c in forward.changes] == [c.example for c in backward.changes]


def test_the_summary_describes_a_few_changes_and_counts_the_rest():
    before = with_routes(*({"match": {"platform": f"p{i}"}, "model": "a"} for i in range(5)))
    after = with_routes(*({"match": {"platform": f"p{i}"}, "model": "b"} for i in range(5)))
    diff = behaviour_diff(before, after)
    assert diff.summary(limit=2) == (
        "20 context classes changed: platform=p0 → b (routes[0]); "
        "platform=p1 → b (routes[1]); and 3 more"
    )
    assert diff.summary(limit=0) == "20 context classes changed"
