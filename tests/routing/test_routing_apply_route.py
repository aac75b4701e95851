"""SPEC §2, rule by rule."""

import pytest

from routedeck.routing import apply_route

BASE_RUNTIME = {"provider": "openrouter", "api_key": "${KEY}"}


def route(match, **fields):
    return {"match": match, **fields}


def config(*routes, **sections):
    return {"default": "base", "routes": list(routes), **sections}


@pytest.mark.parametrize("context", [None, {}])
def test_no_context_returns_the_very_same_objects(context):
    runtime = dict(BASE_RUNTIME)
    result = apply_route("base", runtime, config(route({"platform": "cli"}, model="x")), context)
    assert result[0] == "base"
    assert result[1] is runtime


@pytest.mark.parametrize("model_config", [None, "a-model", 5, ["x"], {"routes": []}, {}])
def test_no_effective_routes_returns_inputs_unchanged(model_config):
    runtime = dict(BASE_RUNTIME)
    model, new_runtime = apply_route("base", runtime, model_config, {"platform": "cli"})
    assert (model, new_runtime is runtime) == ("base", True)


def test_no_match_returns_the_same_objects():
    runtime = dict(BASE_RUNTIME)
    model_config = config(route({"platform": "discord"}, model="x"))
    model, new_runtime = apply_route("base", runtime, model_config, {"platform": "slack"})
    assert model == "base" and new_runtime is runtime


def test_a_matching_route_gets_a_copy_and_leaves_inputs_alone():
    runtime = dict(BASE_RUNTIME)
    model_config = config(route({"platform": "cli"}, model="strong", base_url="http://x"))
    model, new_runtime = apply_route("base", runtime, model_config, {"platform": "cli"})
    assert model == "strong"
    assert new_runtime == {**BASE_RUNTIME, "base_url": "http://x"}
    assert new_runtime is not runtime
    assert runtime == BASE_RUNTIME


def test_none_runtime_counts_as_empty():
    model_config = config(route({"platform": "cli"}, provider="anthropic"))
    assert apply_route("base", None, model_config, {"platform": "cli"}) == (
        "base",
        {"provider": "anthropic"},
    )


def test_first_match_wins_even_when_it_overrides_nothing():
    model_config = config(
        route({"platform": "cli"}, name="stop"), route({"platform": "cli"}, model="x")
    )
    model, runtime = apply_route("base", {}, model_config, {"platform": "cli"})
    assert (model, runtime) == ("base", {})


def test_compound_match_needs_every_key():
    model_config = config(route({"platform": "discord", "source_kind": "stranger"}, model="x"))
    assert (
        apply_route("b", {}, model_config, {"platform": "discord", "source_kind": "owner"})[0]
        == "b"
    )
    both = {"platform": "discord", "source_kind": "stranger"}
    assert apply_route("b", {}, model_config, both)[0] == "x"


def test_values_are_compared_as_strings_case_sensitively():
    model_config = config(route({"user_id": 123}, model="int"), route({"flag": True}, model="bool"))
    assert apply_route("b", {}, model_config, {"user_id": "123"})[0] == "int"
    assert apply_route("b", {}, model_config, {"flag": "True"})[0] == "bool"
    assert apply_route("b", {}, model_config, {"flag": "true"})[0] == "b"
    assert apply_route("b", {}, model_config, {"user_id": 123.0})[0] == "b"


def test_context_ints_are_compared_with_str():
    model_config = config(route({"user_id": "42"}, model="x"))
    assert apply_route("b", {}, model_config, {"user_id": 42})[0] == "x"


def test_a_context_value_of_none_never_matches_even_the_text_none():
    model_config = config(
        route({"platform": "None"}, model="x"), route({"platform": None}, model="y")
    )
    assert apply_route("b", {}, model_config, {"platform": None})[0] == "b"
    assert apply_route("b", {}, model_config, {"platform": "None"})[0] == "x"


def test_missing_context_key_never_matches():
    model_config = config(route({"user_id": "1"}, model="x"))
    assert apply_route("b", {}, model_config, {"platform": "cli"})[0] == "b"


def test_empty_match_never_matches():
    model_config = config(route({}, model="x"))
    assert apply_route("b", {}, model_config, {"platform": "cli"})[0] == "b"


def test_list_and_mapping_match_values_compare_by_their_str():
    model_config = config(route({"platform": ["a"]}, model="x"))
    assert apply_route("b", {}, model_config, {"platform": "['a']"})[0] == "x"


@pytest.mark.parametrize(
    "item", ["text", 5, None, ["x"], {"model": "no match key"}, {"match": "platform", "model": "x"}]
)
def test_invalid_route_items_are_skipped_silently(item):
    model_config = config(item, route({"platform": "cli"}, model="good"))
    assert apply_route("b", {}, model_config, {"platform": "cli"})[0] == "good"


def test_routes_that_is_not_a_list_is_ignored():
    model_config = {"routes": {"match": {"platform": "cli"}, "model": "x"}}
    assert apply_route("b", {}, model_config, {"platform": "cli"})[0] == "b"


def test_explicit_routes_come_before_platforms_before_by_source():
    model_config = {
        "by_source": {"owner": {"model": "from-by-source"}},
        "platforms": {"cli": {"model": "from-platforms"}},
        "routes": [route({"source_kind": "owner", "platform": "cli"}, model="explicit")],
    }
    assert (
        apply_route("b", {}, model_config, {"platform": "cli", "source_kind": "owner"})[0]
        == "explicit"
    )
    assert (
        apply_route("b", {}, model_config, {"platform": "cli", "source_kind": "x"})[0]
        == "from-platforms"
    )
    assert (
        apply_route("b", {}, model_config, {"platform": "y", "source_kind": "owner"})[0]
        == "from-by-source"
    )


def test_legacy_entries_apply_in_file_order():
    model_config = {
        "platforms": {
            "a": {"match": {"k": "v"}, "model": "first"},
            "b": {"match": {"k": "v"}, "model": "second"},
        }
    }
    assert apply_route("b", {}, model_config, {"k": "v"})[0] == "first"


def test_platform_string_shorthand_sets_the_model():
    model_config = {"platforms": {"telegram": "cheap"}}
    assert apply_route("b", {"p": 1}, model_config, {"platform": "telegram"}) == ("cheap", {"p": 1})


def test_platform_mapping_shorthand_sets_every_field():
    model_config = {"platforms": {"slack": {"model": "m", "base_url": "u", "provider": "p"}}}
    assert apply_route("b", {}, model_config, {"platform": "slack"}) == (
        "m",
        {"base_url": "u", "provider": "p"},
    )


def test_non_string_platform_names_are_matched_by_their_str():
    model_config = {"platforms": {True: "bool-name", 5: "int-name"}}
    assert apply_route("b", {}, model_config, {"platform": "True"})[0] == "bool-name"
    assert apply_route("b", {}, model_config, {"platform": 5})[0] == "int-name"


def test_a_match_inside_shorthand_replaces_the_synthesized_one():
    model_config = {"platforms": {"telegram": {"match": {"source_kind": "owner"}, "model": "m"}}}
    assert apply_route("b", {}, model_config, {"platform": "telegram"})[0] == "b"
    assert apply_route("b", {}, model_config, {"source_kind": "owner"})[0] == "m"


@pytest.mark.parametrize("value", ["", None, {}, [], 5, ["x"]])
def test_empty_or_odd_platform_values_are_skipped(value):
    assert apply_route("b", {}, {"platforms": {"cli": value}}, {"platform": "cli"})[0] == "b"


@pytest.mark.parametrize("value", ["strong", "", None, {}, [1]])
def test_by_source_needs_a_non_empty_mapping(value):
    assert apply_route("b", {}, {"by_source": {"owner": value}}, {"source_kind": "owner"})[0] == "b"


def test_by_source_mapping_applies():
    model_config = {"by_source": {"owner": {"model": "strong"}}}
    assert apply_route("b", {}, model_config, {"source_kind": "owner"})[0] == "strong"


@pytest.mark.parametrize("sections", [{"platforms": "x"}, {"platforms": ["a"]}, {"by_source": 3}])
def test_legacy_sections_that_are_not_mappings_are_ignored(sections):
    assert apply_route("b", {}, sections, {"platform": "x", "source_kind": "3"})[0] == "b"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("m", "m"),
        (True, "True"),
        (7, "7"),
        (0, "b"),
        (False, "b"),
        ("", "b"),
        (None, "b"),
        ([], "b"),
    ],
)
def test_model_is_applied_as_str_only_when_truthy(value, expected):
    model_config = config(route({"platform": "cli"}, model=value))
    assert apply_route("b", {}, model_config, {"platform": "cli"})[0] == expected


@pytest.mark.parametrize("field", ["api_key", "base_url", "provider", "api_mode", "command"])
@pytest.mark.parametrize("value", [0, False, {}, "x", 1.5])
def test_falsy_but_not_empty_values_are_applied(field, value):
    model_config = config(route({"platform": "cli"}, **{field: value}))
    _, runtime = apply_route("b", {field: "base"}, model_config, {"platform": "cli"})
    assert runtime[field] == value and type(runtime[field]) is type(value)


@pytest.mark.parametrize(
    "field", ["api_key", "base_url", "provider", "api_mode", "command", "args"]
)
@pytest.mark.parametrize("value", [None, "", []])
def test_none_empty_string_and_empty_list_are_no_opinion(field, value):
    model_config = config(route({"platform": "cli"}, **{field: value}))
    _, runtime = apply_route("b", {field: "base"}, model_config, {"platform": "cli"})
    assert runtime == {field: "base"}


@pytest.mark.parametrize(
    ("args", "expected"),
    [(["--a", 1], ["--a", 1]), ("ab", ["a", "b"]), ({"k": 1}, ["k"]), ({}, [])],
)
def test_args_becomes_a_new_list(args, expected):
    model_config = config(route({"platform": "cli"}, args=args))
    _, runtime = apply_route("b", {}, model_config, {"platform": "cli"})
    assert runtime["args"] == expected
    assert runtime["args"] is not args


@pytest.mark.parametrize("args", [5, 1.5, True])
def test_args_the_runtime_cannot_list_falls_back_to_the_unrouted_inputs(args):
    runtime = {"provider": "p"}
    model_config = config(
        route({"platform": "cli"}, model="x", args=args), route({"platform": "cli"}, model="y")
    )
    model, new_runtime = apply_route("b", runtime, model_config, {"platform": "cli"})
    assert model == "b" and new_runtime is runtime


def test_other_keys_are_ignored():
    model_config = config(
        route({"platform": "cli"}, name="n", context_length=5, modle="typo", model="x")
    )
    assert apply_route("b", {}, model_config, {"platform": "cli"}) == ("x", {})


def test_non_mapping_context_is_no_routing():
    model_config = config(route({"platform": "cli"}, model="x"))
    assert apply_route("b", {}, model_config, ["platform"])[0] == "b"
