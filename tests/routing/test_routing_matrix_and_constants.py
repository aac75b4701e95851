from itertools import product

from routedeck.routing import (
    API_MODES,
    KNOWN_PLATFORMS,
    KNOWN_PROVIDERS,
    PRESETS,
    ROUTE_KEYS,
    SOURCE_KINDS,
    Origin,
    apply_route,
    diagnose,
    routing_matrix,
)
from routedeck.routing.matrix import ANY_USER

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


SPEC_GATEWAY_PLATFORMS = [
    "telegram",
    "discord",
    "whatsapp",
    "whatsapp_cloud",
    "slack",
    "signal",
    "mattermost",
    "matrix",
    "homeassistant",
    "email",
    "sms",
    "dingtalk",
    "api_server",
    "webhook",
    "msgraph_webhook",
    "feishu",
    "wecom",
    "wecom_callback",
    "weixin",
    "bluebubbles",
    "qqbot",
    "yuanbao",
    "relay",
    "hub",
]
"""SPEC §2's list of gateway platform values, copied as written there."""


def test_no_platform_the_spec_names_is_reported_unknown() -> None:
    named = [*SPEC_GATEWAY_PLATFORMS, "irc", "line", "teams", "cli", "cron"]
    routes = [{"match": {"platform": name}, "model": "m"} for name in named]
    kinds = [{"match": {"source_kind": kind}, "model": "m"} for kind in SOURCE_KINDS]
    found = diagnose({"routes": routes + kinds})
    assert not [d.message for d in found if d.id.startswith("unknown-")]


def test_a_misspelt_platform_is_reported_with_the_spec_spelling() -> None:
    found = diagnose({"routes": [{"match": {"platform": "whatsap_cloud"}, "model": "m"}]})
    unknown = [d.message for d in found if d.id == "unknown-platform"]
    assert unknown == [
        "routes[0]: unknown platform `whatsap_cloud` (did you mean `whatsapp_cloud`?)"
    ]


def test_route_keys_are_the_keys_the_runtime_reads() -> None:
    """A route using every key of ROUTE_KEYS draws no unknown-key or ignored-key finding, and
    each runtime field it sets reaches the runtime bundle."""
    route = {"match": {"platform": "cli"}, "name": "n", "model": "m"}
    route |= {field: f"{field}-value" for field in ROUTE_KEYS if field not in route}
    route["args"] = ["--fast"]
    found = diagnose({"routes": [route]})
    assert not [d for d in found if d.id in ("unknown-key", "ignored-key")]
    _, runtime = apply_route("base", {}, {"routes": [route]}, {"platform": "cli"})
    assert set(runtime) == {"api_key", "base_url", "provider", "api_mode", "command", "args"}
    assert "lmstudio" in KNOWN_PROVIDERS and "bedrock_converse" in API_MODES


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


def test_matrix_cells_are_the_winners_for_any_other_user_id():
    matrix = routing_matrix(MODEL_CONFIG)
    assert matrix.cells["telegram", "owner", ANY_USER].origin == Origin("routes", 0)
    assert matrix.cells["discord", "stranger", ANY_USER].origin == Origin("routes", 1)
    legacy = matrix.cells["legacy-chat", "stranger", ANY_USER]
    assert legacy is not None and legacy.origin == Origin("platforms", "legacy-chat")
    auditor = matrix.cells["slack", "auditor", ANY_USER]
    assert auditor is not None and auditor.origin == Origin("by_source", "auditor")
    assert matrix.cells["slack", "stranger", ANY_USER] is None
    assert matrix.models["slack", "stranger", ANY_USER] == "base"


def test_matrix_has_a_user_id_for_each_one_a_route_names():
    matrix = routing_matrix(MODEL_CONFIG)
    assert matrix.user_ids == (ANY_USER, "1")
    assert matrix.model("slack", "stranger", "1") == "user"
    assert matrix.model("telegram", "owner", "1") == "strong"  # routes[0] comes first
    assert matrix.distinct_user_ids("slack") == ("1",)
    cells = product(matrix.platforms, matrix.source_kinds, matrix.user_ids)
    for platform, kind, user_id in cells:
        model = matrix.model(platform, kind, user_id)
        context = {"platform": platform, "source_kind": kind}
        context |= {} if user_id is ANY_USER else {"user_id": user_id}
        assert apply_route("base", {}, MODEL_CONFIG, context)[0] == model
        if user_id is ANY_USER:  # "any other" also stands for no user_id at all
            context["user_id"] = "someone-no-route-names"
            assert apply_route("base", {}, MODEL_CONFIG, context)[0] == model


def test_matrix_of_a_block_without_routes():
    matrix = routing_matrix("bare")
    assert set(matrix.cells.values()) == {None}
    assert set(matrix.models.values()) == {"bare"}
