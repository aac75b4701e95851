import pytest

from routedeck.routing import (
    MigrationError,
    Origin,
    apply_route,
    base_of,
    counterexamples,
    effective_routes,
    plan_migration,
    prove_equivalent,
)
from routedeck.routing import migration as migration_module

LEGACY = {
    "default": "base",
    "routes": [{"match": {"source_kind": "owner"}, "model": "strong"}],
    "platforms": {
        "telegram": "cheap",
        "slack": {"model": "s", "base_url": "u"},
        "discord": "",
    },
    "by_source": {"stranger": {"model": "scout"}, "cron": "text-is-ignored"},
}


def test_plan_appends_synthesized_routes_in_evaluation_order_and_removes_them():
    plan = plan_migration(LEGACY)
    assert plan.routes == [
        (Origin("platforms", "telegram"), {"match": {"platform": "telegram"}, "model": "cheap"}),
        (
            Origin("platforms", "slack"),
            {"match": {"platform": "slack"}, "model": "s", "base_url": "u"},
        ),
        (Origin("by_source", "stranger"), {"match": {"source_kind": "stranger"}, "model": "scout"}),
    ]
    assert all(next(iter(route)) == "match" for _, route in plan.routes)
    assert plan.remove == [
        Origin("platforms", "telegram"),
        Origin("platforms", "slack"),
        Origin("by_source", "stranger"),
    ]
    assert [str(item.origin) for item in plan.ignored] == ["platforms.discord", "by_source.cron"]
    assert plan.proof.holds and plan.proof.method == "exhaustive"
    assert plan.proof.describe() == f"proved on {plan.proof.contexts_checked} contexts"


def test_apply_to_gives_the_migrated_block_and_keeps_ignored_entries():
    migrated = plan_migration(LEGACY).apply_to(LEGACY)
    assert migrated == {
        "default": "base",
        "routes": [
            {"match": {"source_kind": "owner"}, "model": "strong"},
            {"match": {"platform": "telegram"}, "model": "cheap"},
            {"match": {"platform": "slack"}, "model": "s", "base_url": "u"},
            {"match": {"source_kind": "stranger"}, "model": "scout"},
        ],
        "platforms": {"discord": ""},
        "by_source": {"cron": "text-is-ignored"},
    }
    assert LEGACY["platforms"]["telegram"] == "cheap"  # input untouched


def test_sections_left_empty_are_removed_and_routes_created():
    model_config = {"default": "b", "platforms": {"cli": "x"}}
    assert plan_migration(model_config).apply_to(model_config) == {
        "default": "b",
        "routes": [{"match": {"platform": "cli"}, "model": "x"}],
    }


def test_an_already_migrated_config_gives_an_empty_plan():
    migrated = plan_migration(LEGACY).apply_to(LEGACY)
    again = plan_migration(migrated)
    assert again.is_empty
    assert again.apply_to(migrated) == migrated
    assert plan_migration("bare").is_empty and plan_migration(None).is_empty


def test_a_legacy_match_override_is_carried_as_is():
    model_config = {"platforms": {"tg": {"match": {"source_kind": "owner"}, "model": "m"}}}
    assert plan_migration(model_config).routes[0][1] == {
        "match": {"source_kind": "owner"},
        "model": "m",
    }


def test_routes_that_is_not_a_list_is_refused():
    with pytest.raises(MigrationError, match="not a list"):
        plan_migration({"routes": "oops", "platforms": {"cli": "x"}})


def test_proof_finds_contexts_that_resolve_differently():
    after = {"default": "base", "routes": [{"match": {"platform": "telegram"}, "model": "other"}]}
    before = {"default": "base", "platforms": {"telegram": "cheap"}}
    found = counterexamples(before, after)
    assert found and all(c.get("platform") == "telegram" for c in found)
    assert not prove_equivalent(before, after).holds


def test_proof_covers_unseen_values_and_absence():
    proof = prove_equivalent({"routes": [{"match": {"a": "1", "b": "2"}, "model": "m"}]}, {})
    # a: {1, unseen, absent} × b: {2, unseen, absent}; only a=1,b=2 differs
    assert proof.contexts_checked == 9
    assert proof.counterexamples == ({"a": "1", "b": "2"},)


def test_a_plan_that_fails_the_proof_is_refused(monkeypatch):
    def wrong_apply_to(self, model_config):
        return {"default": "base"}

    monkeypatch.setattr(migration_module.MigrationPlan, "apply_to", wrong_apply_to)
    with pytest.raises(MigrationError, match="would change routing"):
        plan_migration({"default": "base", "platforms": {"cli": "x"}})


def test_huge_context_spaces_are_proved_structurally(monkeypatch):
    monkeypatch.setattr(migration_module, "PROOF_BUDGET", 10)
    plan = plan_migration(LEGACY)
    assert plan.proof.method == "structural" and plan.proof.holds
    different = {
        "default": "base",
        "routes": [{"match": {"platform": "telegram"}, "model": "other"}],
    }
    assert not prove_equivalent(LEGACY, different).holds


def test_migration_keeps_every_resolution_of_the_legacy_example():
    migrated = plan_migration(LEGACY).apply_to(LEGACY)
    assert [r.route for r in effective_routes(migrated).routes] == [
        r.route for r in effective_routes(LEGACY).routes
    ]
    model, runtime = base_of(LEGACY)
    context = {"platform": "slack", "source_kind": "stranger"}
    assert (
        apply_route(model, runtime, migrated, context)
        == apply_route(model, runtime, LEGACY, context)
        == ("s", {"base_url": "u"})
    )


def test_an_empty_plan_needs_no_proof():
    plan = plan_migration({"default": "b", "routes": [{"match": {"platform": "cli"}}]})
    assert plan.is_empty and plan.proof is not None and plan.proof.holds
    assert plan.proof.describe() == "nothing to migrate: routing stays as it is"
