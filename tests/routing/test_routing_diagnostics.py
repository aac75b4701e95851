"""One test (at least) per diagnostic id."""

import time

import pytest

from routedeck.routing import SEVERITY, Origin, diagnose


def ids(model_config, value_sources=None):
    return [d.id for d in diagnose(model_config, value_sources)]


def only(model_config, diagnostic_id, value_sources=None):
    found = [d for d in diagnose(model_config, value_sources) if d.id == diagnostic_id]
    assert len(found) == 1, found
    return found[0]


def routes(*items, **sections):
    return {"default": "base", "api_key": "${KEY}", "routes": list(items), **sections}


CLEAN_ROUTE = {"match": {"platform": "cli"}, "model": "m"}


def test_a_clean_config_has_no_diagnostics():
    assert (
        diagnose(
            routes(CLEAN_ROUTE, {"match": {"source_kind": "owner", "user_id": "1"}, "model": "x"})
        )
        == []
    )
    assert diagnose("bare-model") == []
    assert [d.id for d in diagnose(None)] == ["no-model-block"]


def test_every_diagnostic_has_a_documented_severity():
    assert set(SEVERITY.values()) == {"error", "warning", "info"}
    model_config = routes({"match": {}, "modle": "x", "api_key": "sk-live"})
    assert all(d.severity == SEVERITY[d.id] for d in diagnose(model_config))


def test_shadowed_route_names_both_routes():
    model_config = routes(
        {"match": {"platform": "discord"}, "model": "a"},
        {
            "name": "strangers",
            "match": {"platform": "discord", "source_kind": "stranger"},
            "model": "b",
        },
    )
    diagnostic = only(model_config, "shadowed-route")
    assert diagnostic.severity == "error"
    assert (
        diagnostic.message
        == "routes[1] (strangers) can never win: routes[0] matches everything it matches"
    )
    assert diagnostic.origins == (Origin("routes", 1), Origin("routes", 0))


def test_shadowing_compares_with_str_like_the_runtime():
    model_config = routes(
        {"match": {"user_id": 42}, "model": "a"}, {"match": {"user_id": "42"}, "model": "b"}
    )
    assert only(model_config, "shadowed-route").message.startswith(
        "routes[1] can never win: routes[0]"
    )


def test_a_route_with_a_different_value_or_fewer_keys_is_not_shadowed():
    model_config = routes(
        {"match": {"platform": "discord", "source_kind": "stranger"}, "model": "a"},
        {"match": {"platform": "discord"}, "model": "b"},
        {"match": {"platform": "slack", "source_kind": "stranger"}, "model": "c"},
    )
    assert "shadowed-route" not in ids(model_config)


def test_shadowing_names_the_earliest_shadowing_route():
    model_config = routes(
        {"match": {"platform": "a"}, "model": "1"},
        {"match": {"platform": "a", "user_id": "u"}, "model": "2"},
        {"match": {"platform": "a", "user_id": "u", "source_kind": "s"}, "model": "3"},
    )
    found = [d.origins for d in diagnose(model_config) if d.id == "shadowed-route"]
    assert found == [
        (Origin("routes", 1), Origin("routes", 0)),
        (Origin("routes", 2), Origin("routes", 0)),
    ]


def test_shadowing_of_routes_with_many_keys():
    wide = {f"k{i}": str(i) for i in range(10)}
    model_config = routes(
        *({"match": {f"k{i}": str(i)}, "model": str(i)} for i in range(3)),
        {"match": wide, "model": "w"},
    )
    assert only(model_config, "shadowed-route").origins == (
        Origin("routes", 3),
        Origin("routes", 0),
    )


def test_shadowed_legacy_is_a_warning():
    model_config = routes(
        {"match": {"platform": "telegram"}, "model": "explicit"},
        platforms={"telegram": "legacy", "slack": "s"},
        by_source={"x": {"match": {"platform": "slack"}, "model": "dup"}},
    )
    found = [(d.message, d.severity) for d in diagnose(model_config) if d.id == "shadowed-legacy"]
    assert found == [
        (
            "platforms.telegram (legacy) can never win: routes[0] matches everything it matches",
            "warning",
        ),
        (
            "by_source.x (legacy) can never win: platforms.slack matches everything it matches",
            "warning",
        ),
    ]


@pytest.mark.parametrize(
    ("item", "diagnostic_id"),
    [
        ({"match": {}, "model": "x"}, "empty-match"),
        ({"model": "x"}, "missing-match"),
        ({"match": "platform: cli", "model": "x"}, "invalid-match"),
        ("just text", "not-a-mapping"),
    ],
)
def test_routes_that_never_match_or_are_skipped_are_errors(item, diagnostic_id):
    diagnostic = only(routes(item), diagnostic_id)
    assert diagnostic.severity == "error"
    assert diagnostic.origins == (Origin("routes", 0),)
    assert diagnostic.message.startswith("routes[0]")


def test_a_legacy_entry_with_a_non_mapping_match_never_matches():
    diagnostic = only({"platforms": {"cli": {"match": "x", "model": "m"}}}, "invalid-match")
    assert (
        diagnostic.message == "platforms.cli: `match` is a string, not a mapping: it never matches"
    )


def test_invalid_routes_and_model_blocks():
    assert only({"routes": {"a": 1}}, "invalid-routes").severity == "error"
    assert ids(["a"]) == ["invalid-model"]


def test_overrides_nothing():
    diagnostic = only(
        routes({"name": "stop", "match": {"platform": "cli"}, "model": ""}), "overrides-nothing"
    )
    assert diagnostic.severity == "warning"
    assert diagnostic.message.startswith("routes[0] (stop) matches but overrides nothing")
    assert "overrides-nothing" not in ids(routes({"match": {"platform": "cli"}, "provider": False}))


def test_unknown_key_suggests_the_close_one():
    diagnostic = only(
        routes({"match": {"platform": "cli"}, "modle": "x", "model": "m"}), "unknown-key"
    )
    assert (
        diagnostic.message
        == "routes[0]: unknown key `modle`, ignored by the router (did you mean `model`?)"
    )
    assert diagnostic.key == "modle"


@pytest.mark.parametrize("key", ["context_length", "max_tokens", "default"])
def test_ignored_keys_are_info(key):
    diagnostic = only(routes({"match": {"platform": "cli"}, "model": "m", key: 5}), "ignored-key")
    assert diagnostic.severity == "info"
    assert f"`{key}` is ignored by the router" in diagnostic.message


def test_match_keys_no_caller_provides():
    diagnostic = only(routes({"match": {"plaform": "cli"}, "model": "m"}), "unprovided-match-key")
    assert diagnostic.severity == "warning"
    assert "(did you mean `platform`?)" in diagnostic.message


def test_unknown_platform_and_source_kind_suggest():
    model_config = routes({"match": {"platform": "discrod", "source_kind": "onwer"}, "model": "m"})
    assert "(did you mean `discord`?)" in only(model_config, "unknown-platform").message
    assert "(did you mean `owner`?)" in only(model_config, "unknown-source-kind").message


def test_plugin_platforms_and_legacy_platform_names_are_checked():
    assert "unknown-platform" not in ids(routes({"match": {"platform": "teams"}, "model": "m"}))
    assert only({"platforms": {"telegarm": "x"}}, "unknown-platform").origins == (
        Origin("platforms", "telegarm"),
    )


def test_yaml11_values_with_source_text():
    model_config = routes({"match": {"platform": True, "user_id": 83}, "model": "m"})
    sources = {(Origin("routes", 0), "platform"): "on", (Origin("routes", 0), "user_id"): "0123"}
    messages = [d.message for d in diagnose(model_config, sources) if d.id == "yaml11-value"]
    assert messages == [
        'routes[0]: `on` is read as boolean true, so this matches platform == "True"',
        'routes[0]: `0123` is read as number 83, so this matches user_id == "83"',
    ]


def test_numbers_written_as_they_are_read_are_fine_with_source_text():
    model_config = routes({"match": {"user_id": 123456789}, "model": "m"})
    assert ids(model_config, {(Origin("routes", 0), "user_id"): "123456789"}) == []


def test_yaml11_values_without_source_text_still_flag_non_strings():
    diagnostic = only(routes({"match": {"platform": False}, "model": "m"}), "yaml11-value")
    assert (
        diagnostic.message
        == 'routes[0]: match platform is the boolean false, compared as "False"; '
        "quote it if you meant other text"
    )


def test_yaml11_legacy_names_loaded_as_non_strings():
    sources = {(Origin("platforms", True), "platform"): "on"}
    diagnostic = only({"platforms": {True: "m"}}, "yaml11-value", sources)
    assert (
        diagnostic.message
        == 'platforms.True: `on` is read as boolean true, so this matches platform == "True"'
    )


def test_non_scalar_match_values():
    diagnostic = only(
        routes({"match": {"platform": ["a", "b"]}, "model": "m"}), "non-scalar-match-value"
    )
    assert diagnostic.severity == "error"


def test_plaintext_secrets_are_flagged_without_showing_them():
    model_config = {
        "default": "m",
        "api_key": "sk-base-secret",
        "routes": [{"match": {"platform": "cli"}, "api_key": "sk-route-secret"}],
    }
    found = [d for d in diagnose(model_config) if d.id == "plaintext-secret"]
    assert [(d.origins, d.key) for d in found] == [
        ((), "api_key"),
        ((Origin("routes", 0),), "api_key"),
    ]
    assert not any(
        "secret" in d.message.split("plaintext")[0] + d.message.split("api_key")[1] for d in found
    )
    assert all("sk-" not in d.message for d in found)
    assert "plaintext-secret" not in ids(
        routes({"match": {"platform": "cli"}, "api_key": "${env:ANTHROPIC_API_KEY}"})
    )


def test_unknown_provider_and_api_mode():
    model_config = routes(
        {"match": {"platform": "cli"}, "provider": "antropic", "api_mode": "chat"}
    )
    assert "(did you mean `anthropic`?)" in only(model_config, "unknown-provider").message
    assert only(model_config, "unknown-api-mode").severity == "warning"
    fine = routes(
        {
            "match": {"platform": "cli"},
            "provider": "custom:local",
            "api_mode": "codex_responses",
            "api_key": "${LOCAL_KEY}",
        }
    )
    assert diagnose(fine) == []
    assert "unknown-provider" in ids(routes({"match": {"platform": "cli"}, "provider": "custom:"}))


def test_a_route_switching_provider_sends_the_base_api_key_along():
    model_config = {
        "provider": "openrouter",
        "base_url": "https://user:pw@openrouter.ai:8443/api/v1",
        "api_key": "sk-or-v1-abcdefghijklmnop",
        "routes": [{"name": "strangers", "match": {"platform": "discord"}, "provider": "copilot"}],
    }
    found = [d for d in diagnose(model_config) if d.id == "inherited-credentials"]
    assert [(d.key, d.severity, d.origins) for d in found] == [
        ("api_key", "warning", (Origin("routes", 0),)),
        ("base_url", "warning", (Origin("routes", 0),)),
    ]
    assert found[0].message == (
        "routes[0] (strangers) sends the base block's api_key to provider copilot: "
        "give the route its own api_key"
    )
    assert found[1].message.startswith(
        "routes[0] (strangers) switches provider to copilot but inherits the base block's "
        "base_url (openrouter.ai:8443): its turns still go to that endpoint"
    )
    for diagnostic in found:
        assert "sk-or" not in diagnostic.message and "pw" not in diagnostic.message


def test_a_route_switching_base_url_sends_the_base_api_key_along():
    model_config = {
        "base_url": "${BASE}",
        "api_key": "${KEY}",
        "routes": [{"match": {"platform": "cli"}, "base_url": "http://127.0.0.1:11434/v1"}],
        "platforms": {"slack": {"model": "s", "base_url": "${BASE}"}},
    }
    (found,) = [d for d in diagnose(model_config) if d.id == "inherited-credentials"]
    assert found.key == "api_key"
    assert "sends the base block's api_key to 127.0.0.1:11434" in found.message


@pytest.mark.parametrize(
    "route",
    [
        {"match": {"platform": "a"}, "provider": "copilot", "api_key": "${C}", "base_url": "u"},
        {"match": {"platform": "a"}, "provider": "openrouter"},
        {"match": {"platform": "a"}, "provider": "", "base_url": None, "model": "m"},
        {"match": {}, "provider": "copilot"},
    ],
)
def test_routes_that_keep_or_replace_the_credentials_are_fine(route):
    model_config = {
        "provider": "openrouter",
        "base_url": "u0",
        "api_key": "${K}",
        "routes": [route],
    }
    assert "inherited-credentials" not in ids(model_config)


def test_no_inherited_credentials_without_base_credentials():
    model_config = {"provider": "openrouter", "routes": [{"match": {"a": "1"}, "provider": "x"}]}
    assert "inherited-credentials" not in ids(model_config)
    legacy = {"api_key": "${K}", "by_source": {"stranger": {"model": "m", "provider": "nous"}}}
    (found,) = [d for d in diagnose(legacy) if d.id == "inherited-credentials"]
    assert found.origins == (Origin("by_source", "stranger"),)


@pytest.mark.parametrize(
    ("args", "needle"), [(5, "raises"), ("--fast", "single characters"), ({"a": 1}, "['a']")]
)
def test_invalid_args(args, needle):
    diagnostic = only(routes({"match": {"platform": "cli"}, "args": args}), "invalid-args")
    assert diagnostic.severity == "error" and needle in diagnostic.message


def test_ignored_legacy_entries():
    model_config = {"platforms": {"a": "", "b": None}, "by_source": {"owner": "strong-model"}}
    found = [(d.origins, d.severity) for d in diagnose(model_config) if d.id == "ignored-legacy"]
    assert found == [
        ((Origin("platforms", "a"),), "warning"),
        ((Origin("platforms", "b"),), "warning"),
        ((Origin("by_source", "owner"),), "warning"),
    ]


def test_diagnostics_come_in_file_order_base_block_first():
    model_config = {
        "api_key": "plain",
        "routes": [{"match": {"platform": "cli"}, "modle": "x"}, {"match": {}}],
        "platforms": {"slack": "s"},
        "by_source": {"owner": "text"},
    }
    order = [str(d.origins[0]) if d.origins else "base" for d in diagnose(model_config)]
    assert order == sorted(
        order, key=["base", "routes[0]", "routes[1]", "platforms.slack", "by_source.owner"].index
    )


def test_diagnose_1000_routes_is_fast():
    items = [
        {"match": {"platform": f"p{i % 40}", "user_id": str(i)}, "model": "m"} for i in range(1000)
    ]
    start = time.perf_counter()
    diagnose({"routes": items})
    assert time.perf_counter() - start < 1.0  # the 100 ms budget is checked by the benchmark


def test_a_quoted_yaml_keyword_platform_says_how_yaml_reads_it_not_a_lookalike() -> None:
    found = diagnose({"routes": [{"match": {"platform": "on"}, "model": "m"}]})
    [message] = [d.message for d in found if d.id == "unknown-platform"]
    assert "did you mean" not in message
    assert "written bare, `on` is read as true" in message
