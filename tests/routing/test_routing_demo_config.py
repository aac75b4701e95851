"""The engine on the bundled demo config, read as the agent reads it (PyYAML safe_load)."""

import yaml

from routedeck.paths import demo_config_text
from routedeck.routing import PRESETS, Origin, diagnose, explain, plan_migration, routing_matrix


def demo_model_config():
    return yaml.safe_load(demo_config_text())["model"]


def test_demo_diagnostics_are_the_ignored_max_tokens_and_one_deliberate_inheritance():
    # The demo's good examples set their own credentials; discord-strangers keeps the base
    # block's OpenRouter base_url and api_key on purpose (its comment says so), to show the
    # warning SPEC §3 asks for.
    assert [(d.id, d.origins, d.key) for d in diagnose(demo_model_config())] == [
        ("ignored-key", (Origin("routes", 1),), "max_tokens"),
        ("inherited-credentials", (Origin("routes", 3),), "api_key"),
        ("inherited-credentials", (Origin("routes", 3),), "base_url"),
    ]


def test_demo_presets_resolve_as_the_comments_say():
    model_config = demo_model_config()
    resolved = {label: explain(model_config, context).model for label, context in PRESETS.items()}
    assert resolved == {
        "CLI": "anthropic/claude-opus-4.6",
        "cron job": "qwen3-coder",
        "gateway owner (discord)": "anthropic/claude-opus-4.6",
        "gateway stranger (discord)": "gpt-4.1-mini",
        "hub peer": "openrouter/auto",
        "webhook (no user_id)": "meta-llama/llama-4-scout",
    }


def test_demo_migration_is_proved_and_the_matrix_is_unchanged():
    model_config = demo_model_config()
    plan = plan_migration(model_config)
    assert [str(origin) for origin in plan.remove] == [
        "platforms.telegram",
        "platforms.slack",
        "by_source.stranger",
    ]
    assert plan.proof.holds and plan.proof.contexts_checked > 0
    before, after = routing_matrix(model_config), routing_matrix(plan.apply_to(model_config))
    assert before.models == after.models
