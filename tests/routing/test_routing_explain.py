from routedeck.routing import CompiledRoutes, FieldValue, KeyMismatch, Origin, explain

MODEL_CONFIG = {
    "default": "base-model",
    "provider": "openrouter",
    "api_key": "${OPENROUTER_API_KEY}",
    "routes": [
        {
            "name": "owner",
            "match": {"source_kind": "owner"},
            "model": "strong",
            "provider": "anthropic",
        },
        {"match": {"platform": "discord", "source_kind": "stranger"}, "model": "compliance"},
        {"match": {"platform": "discord"}, "base_url": "http://discord"},
        {"match": {}, "model": "never"},
        {"match": {"user_id": "1"}, "model": "user"},
    ],
}


def statuses(explanation):
    return [(str(v.route.origin), v.status) for v in explanation.verdicts]


def test_every_route_gets_a_verdict():
    explanation = explain(MODEL_CONFIG, {"platform": "discord", "source_kind": "stranger"})
    assert statuses(explanation) == [
        ("routes[0]", "no_match"),
        ("routes[1]", "winner"),
        ("routes[2]", "shadowed_here"),
        ("routes[3]", "never_matches"),
        ("routes[4]", "no_match"),
    ]
    assert explanation.winner.origin == Origin("routes", 1)


def test_verdicts_describe_themselves():
    explanation = explain(MODEL_CONFIG, {"platform": "slack", "source_kind": "stranger"})
    verdicts = {str(v.route.origin): v for v in explanation.verdicts}
    assert verdicts["routes[0]"].describe() == "no match: source_kind: wants owner, got stranger"
    assert verdicts["routes[1]"].describe() == "no match: platform: wants discord, got slack"
    assert verdicts["routes[3]"].describe() == "never matches: match is empty"
    assert verdicts["routes[4]"].describe() == "no match: user_id: not in context"
    winning = explain(MODEL_CONFIG, {"platform": "discord", "source_kind": "owner"})
    assert winning.verdicts[0].describe() == "wins"
    assert winning.verdicts[2].describe() == "matched, but routes[0] (owner) won"


def test_mismatches_list_every_failing_key():
    explanation = explain(MODEL_CONFIG, {"source_kind": "owner2"})
    assert explanation.verdicts[1].mismatches == (
        KeyMismatch("platform", "discord", None, missing=True),
        KeyMismatch("source_kind", "stranger", "owner2"),
    )
    assert str(explanation.verdicts[1].mismatches[0]) == "platform: not in context"


def test_fields_say_where_each_value_comes_from():
    explanation = explain(MODEL_CONFIG, {"platform": "cli", "source_kind": "owner"})
    assert explanation.model == "strong"
    assert explanation.fields["model"] == FieldValue("strong", Origin("routes", 0))
    assert explanation.fields["provider"] == FieldValue("anthropic", Origin("routes", 0))
    assert explanation.fields["api_key"] == FieldValue("${OPENROUTER_API_KEY}", None)
    assert explanation.fields["base_url"] == FieldValue(None, None)
    assert list(explanation.fields)[:7] == [
        "model",
        "provider",
        "base_url",
        "api_key",
        "api_mode",
        "command",
        "args",
    ]


def test_no_winner_gives_the_base_block():
    explanation = explain(MODEL_CONFIG, {"platform": "cli", "source_kind": "cron"})
    assert explanation.winner is None
    assert (explanation.model, explanation.runtime) == (
        "base-model",
        {"provider": "openrouter", "api_key": "${OPENROUTER_API_KEY}"},
    )
    assert all(field.origin is None for field in explanation.fields.values())


def test_explicit_model_and_runtime_replace_the_base():
    explanation = explain(MODEL_CONFIG, {"platform": "discord"}, model="m", runtime_kwargs={"x": 1})
    assert (explanation.model, explanation.runtime) == ("m", {"x": 1, "base_url": "http://discord"})
    assert explanation.fields["x"] == FieldValue(1, None)
    assert explanation.fields["base_url"] == FieldValue("http://discord", Origin("routes", 2))


def test_no_context_means_no_routing_and_every_key_missing():
    explanation = explain(MODEL_CONFIG, None)
    assert explanation.winner is None
    assert all(v.status in ("no_match", "never_matches") for v in explanation.verdicts)


def test_a_winner_the_runtime_cannot_apply_falls_back_and_says_why():
    model_config = {
        "default": "base",
        "routes": [{"match": {"platform": "cli"}, "model": "x", "args": 5}],
    }
    explanation = explain(model_config, {"platform": "cli"})
    assert explanation.winner.origin == Origin("routes", 0)
    assert explanation.model == "base"
    assert explanation.fields["model"].origin is None
    assert "raises" in explanation.fallback


def test_compiled_verdicts_for_a_window():
    compiled = CompiledRoutes(MODEL_CONFIG)
    window = compiled.verdicts({"platform": "discord", "source_kind": "owner"}, 1, 3)
    assert [(str(v.route.origin), v.status) for v in window] == [
        ("routes[1]", "no_match"),
        ("routes[2]", "shadowed_here"),
    ]
    assert window[1].winner.origin == Origin("routes", 0)


def test_compiled_explain_and_resolve_agree_with_explain():
    compiled = CompiledRoutes(MODEL_CONFIG)
    context = {"platform": "discord", "source_kind": "stranger", "user_id": "1"}
    assert compiled.explain(context) == explain(MODEL_CONFIG, context)
    assert compiled.resolve(context) == (
        "compliance",
        {"provider": "openrouter", "api_key": "${OPENROUTER_API_KEY}"},
    )


def test_compiled_winner_picks_the_lowest_position_across_key_sets():
    model_config = {
        "routes": [
            {"match": {"user_id": "1"}, "model": "user"},
            {"match": {"platform": "cli"}, "model": "cli"},
            {"match": {"platform": "cli", "user_id": "1"}, "model": "both"},
            {"match": {True: "x"}, "model": "bool-key"},
            {"match": {1: "y"}, "model": "int-key"},
        ]
    }
    compiled = CompiledRoutes(model_config)
    assert compiled.winner({"platform": "cli", "user_id": 1}).position == 0
    assert compiled.winner({"platform": "cli", "user_id": 2}).position == 1
    assert compiled.winner({1: "x"}).position == 3
    assert compiled.winner({True: "y"}).position == 4
    assert compiled.winner({"platform": None}) is None
    assert compiled.winner({}) is None


def test_compiled_explain_without_verdicts_gives_the_same_result() -> None:
    config = {
        "default": "base",
        "routes": [
            {"match": {"platform": "cli"}, "model": "small"},
            {"match": {"source_kind": "owner"}, "model": "big", "provider": "anthropic"},
        ],
    }
    context = {"platform": "discord", "source_kind": "owner"}
    full = CompiledRoutes(config).explain(context)
    fast = CompiledRoutes(config).explain(context, with_verdicts=False)
    assert fast.verdicts == []
    assert (fast.winner, fast.model, fast.runtime, fast.fields) == (
        full.winner,
        full.model,
        full.runtime,
        full.fields,
    )
    assert fast.fields["provider"].origin == Origin("routes", 1)


def test_a_legacy_match_that_is_not_a_mapping_is_named_in_yaml_words() -> None:
    config = {"platforms": {"telegram": {"match": None, "model": "x"}, "slack": {"match": [1]}}}
    verdicts = explain(config, {"platform": "telegram"}).verdicts
    assert [v.describe() for v in verdicts] == [
        "never matches: match is null",
        "never matches: match is a list",
    ]


SOURCES = {
    "default": "model.name (stands in for default)",
    "provider": "top-level provider",
    "api_key": "model.api_key",
}


def test_base_values_carry_where_the_agent_read_them():
    explanation = explain(MODEL_CONFIG, {"platform": "discord"}, base_sources=SOURCES)
    fields = explanation.fields
    assert fields["model"] == FieldValue("base-model", None, SOURCES["default"])
    assert fields["model"].provenance == "model.name (stands in for default)"
    assert fields["provider"].provenance == "top-level provider"
    assert fields["base_url"].provenance == "routes[2]"
    assert fields["api_mode"].provenance == "base"


def test_a_value_a_route_replaces_loses_the_base_source():
    explanation = explain(MODEL_CONFIG, {"source_kind": "owner"}, base_sources=SOURCES)
    assert explanation.fields["model"] == FieldValue("strong", Origin("routes", 0))
    assert explanation.fields["provider"].source is None


def test_sources_describe_only_the_base_the_caller_did_not_replace():
    own_model = explain(MODEL_CONFIG, {"platform": "x"}, model="m", base_sources=SOURCES)
    assert own_model.fields["model"].source is None
    assert own_model.fields["provider"].source == "top-level provider"
    own_runtime = explain(MODEL_CONFIG, {"platform": "x"}, runtime_kwargs={}, base_sources=SOURCES)
    assert own_runtime.fields["model"].source == SOURCES["default"]
    assert own_runtime.fields["provider"].source is None


def test_an_api_key_nobody_sets_is_resolved_by_the_agent_not_guessed():
    block = {"default": "m", "api_key": "", "routes": [{"match": {"a": "1"}, "api_key": "k"}]}
    unset = explain(block, {"a": "2"}).fields["api_key"]
    assert (unset.value, unset.resolved_by_agent) == (None, True)
    assert unset.note == "from the provider's credentials"
    routed = explain(block, {"a": "1"}).fields["api_key"]
    assert (routed.value, routed.resolved_by_agent, routed.note) == ("k", False, None)
    assert explain(block, {"a": "2"}).fields["base_url"].note is None


def test_compiled_routes_carry_the_base_sources():
    compiled = CompiledRoutes(MODEL_CONFIG, SOURCES)
    context = {"platform": "discord"}
    assert (
        compiled.explain(context).fields
        == explain(MODEL_CONFIG, context, base_sources=SOURCES).fields
    )
