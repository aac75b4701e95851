from routedeck.routing import (
    API_MODES,
    KNOWN_PLATFORMS,
    KNOWN_PROVIDERS,
    PRESETS,
    ROUTE_KEYS,
    SOURCE_KINDS,
    Origin,
    apply_route,
    routing_matrix,
)

MODEL_CONFIG = {
    "default": "base",
    "routes": [
        {"match": {"source_kind": "owner"}, "model": "strong"},
        {"match": {"platform": "discord", "source_kind": "stranger"}, "model": "compliance"},
        {"match": {"platform": "my-plugin"}, "model": "plugin"},
        {"match": {"user_id": "1"}, "model": "user"},
    ],
    "platforms": {"legacy-chat": "legacy"},
    "by_source": {"auditor": {"model": "audit"}},
}


def test_constants_follow_the_spec():
    assert len(KNOWN_PLATFORMS) == 24 + 3 + 2
    assert {"cli", "cron", "hub", "irc", "line", "teams"} <= set(KNOWN_PLATFORMS)
    assert SOURCE_KINDS == ("owner", "hub_peer", "stranger", "cron")
    assert "lmstudio" in KNOWN_PROVIDERS and "bedrock_converse" in API_MODES
    assert ROUTE_KEYS == (
        "match",
        "name",
        "model",
        "api_key",
        "base_url",
        "provider",
        "api_mode",
        "command",
        "args",
    )


def test_presets_are_the_callers_contexts():
    assert PRESETS["CLI"] == {"platform": "cli", "source_kind": "owner"}
    assert PRESETS["cron job"] == {"platform": "cron", "source_kind": "cron"}
    assert (
        PRESETS["hub peer"]["platform"] == "hub"
        and PRESETS["hub peer"]["source_kind"] == "hub_peer"
    )
    assert "user_id" not in PRESETS["webhook (no user_id)"]
    assert {p["source_kind"] for p in PRESETS.values()} <= set(SOURCE_KINDS)


def test_matrix_axes_include_values_from_the_file():
    matrix = routing_matrix(MODEL_CONFIG)
    assert matrix.platforms[: len(KNOWN_PLATFORMS)] == KNOWN_PLATFORMS
    assert matrix.platforms[len(KNOWN_PLATFORMS) :] == ("my-plugin", "legacy-chat")
    assert matrix.source_kinds == (*SOURCE_KINDS, "auditor")


def test_matrix_cells_are_the_winners_without_user_id():
    matrix = routing_matrix(MODEL_CONFIG)
    assert matrix.cells["telegram", "owner"].origin == Origin("routes", 0)
    assert matrix.cells["discord", "stranger"].origin == Origin("routes", 1)
    assert matrix.cells["legacy-chat", "stranger"].origin == Origin("platforms", "legacy-chat")
    assert matrix.cells["slack", "auditor"].origin == Origin("by_source", "auditor")
    assert matrix.cells["slack", "stranger"] is None
    assert matrix.models["slack", "stranger"] == "base"
    for (platform, kind), model in matrix.models.items():
        context = {"platform": platform, "source_kind": kind}
        assert apply_route("base", {}, MODEL_CONFIG, context)[0] == model


def test_matrix_of_a_block_without_routes():
    matrix = routing_matrix("bare")
    assert set(matrix.cells.values()) == {None}
    assert set(matrix.models.values()) == {"bare"}
