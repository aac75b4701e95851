from routedeck.routing import Origin, base_of, effective_routes


def test_origins_render_as_in_the_spec():
    assert str(Origin("routes", 3)) == "routes[3]"
    assert str(Origin("platforms", "telegram")) == "platforms.telegram"
    assert str(Origin("by_source", "stranger")) == "by_source.stranger"
    assert str(Origin("platforms", True)) == "platforms.True"


def test_effective_list_has_positions_origins_names_and_legacy_flags():
    model_config = {
        "routes": [
            {"name": "owner", "match": {"source_kind": "owner"}, "model": "a"},
            "junk",
            {"match": {}, "model": "never"},
        ],
        "platforms": {"telegram": "t"},
        "by_source": {"stranger": {"model": "s"}},
    }
    routes = effective_routes(model_config).routes
    assert [(r.position, str(r.origin), r.name, r.legacy) for r in routes] == [
        (0, "routes[0]", "owner", False),
        (1, "routes[2]", None, False),
        (2, "platforms.telegram", None, True),
        (3, "by_source.stranger", None, True),
    ]
    assert routes[2].route == {"match": {"platform": "telegram"}, "model": "t"}
    assert routes[3].route == {"match": {"source_kind": "stranger"}, "model": "s"}
    assert routes[0].label == "routes[0] (owner)"
    assert not routes[1].can_match


def test_skipped_items_have_a_reason_and_a_diagnostic_code():
    model_config = {
        "routes": ["text", {"model": "x"}, {"match": ["platform"]}],
        "platforms": {"a": "", "b": 5},
        "by_source": {"owner": "strong", "cron": None},
    }
    skipped = effective_routes(model_config).skipped
    assert [(str(s.origin), s.code) for s in skipped] == [
        ("routes[0]", "not-a-mapping"),
        ("routes[1]", "missing-match"),
        ("routes[2]", "invalid-match"),
        ("platforms.a", "ignored-legacy"),
        ("platforms.b", "ignored-legacy"),
        ("by_source.owner", "ignored-legacy"),
        ("by_source.cron", "ignored-legacy"),
    ]
    assert "string" in skipped[0].reason
    assert "empty" in skipped[3].reason
    assert "by_source entries must be mappings" in skipped[5].reason


def test_sections_of_the_wrong_type_are_skipped_as_a_whole():
    skipped = effective_routes({"routes": "x", "platforms": [1], "by_source": 2}).skipped
    assert [(str(s.origin), s.code) for s in skipped] == [
        ("model.routes", "invalid-routes"),
        ("model.platforms", "ignored-legacy"),
        ("model.by_source", "ignored-legacy"),
    ]


def test_non_mapping_model_blocks_have_no_routes():
    for model_config in (None, "m", 3, ["a"]):
        assert effective_routes(model_config).routes == []


def test_a_route_matching_later_keeps_its_dict_identity():
    item = {"match": {"platform": "cli"}}
    assert effective_routes({"routes": [item]}).routes[0].route is item


def test_base_of_reads_the_model_block():
    assert base_of("bare") == ("bare", {})
    assert base_of(None) == (None, {})
    assert base_of({"model": "alias"}) == ("alias", {})
    assert base_of({"model": "alias", "default": "wins"}) == ("wins", {})
    block = {
        "default": "d",
        "provider": "p",
        "base_url": "u",
        "api_key": "k",
        "api_mode": "m",
        "context_length": 5,
    }
    assert base_of(block) == (
        "d",
        {"provider": "p", "base_url": "u", "api_key": "k", "api_mode": "m"},
    )
    assert base_of({"default": "", "provider": ""}) == (None, {})
