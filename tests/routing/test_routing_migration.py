import pytest

from routedeck.routing import (
    MigrationError,
    Origin,
    apply_route,
    base_of,
    counterexamples,
    effective_routes,
    migration as migration_module,
    plan_migration,
    prove_equivalent,
)

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
    unnamed = [
        (origin, {k: v for k, v in route.items() if k != "name"}) for origin, route in plan.routes
    ]
    assert unnamed == [
        (Origin("platforms", "telegram"), {"match": {"platform": "telegram"}, "model": "cheap"}),
        (
            Origin("platforms", "slack"),
            {"match": {"platform": "slack"}, "model": "s", "base_url": "u"},
        ),
        (Origin("by_source", "stranger"), {"match": {"source_kind": "stranger"}, "model": "scout"}),
    ]
    # each converted route is named after where it came from, first (the runtime ignores names)
    assert [list(route)[:2] for _, route in plan.routes] == [["name", "match"]] * 3
    assert [route["name"] for _, route in plan.routes] == [
        "platforms.telegram",
        "platforms.slack",
        "by_source.stranger",
    ]
    assert plan.remove == [
        Origin("platforms", "telegram"),
        Origin("platforms", "slack"),
        Origin("by_source", "stranger"),
    ]
    assert [str(item.origin) for item in plan.ignored] == ["platforms.discord", "by_source.cron"]
    assert plan.proof.holds and plan.proof.method == "exhaustive"
    assert plan.proof.describe() == f"proved on {plan.proof.contexts_checked} context classes"


def test_apply_to_gives_the_migrated_block_and_keeps_ignored_entries():
    migrated = plan_migration(LEGACY).apply_to(LEGACY)
    assert migrated == {
        "default": "base",
        "routes": [
            {"match": {"source_kind": "owner"}, "model": "strong"},
            {"name": "platforms.telegram", "match": {"platform": "telegram"}, "model": "cheap"},
            {
                "name": "platforms.slack",
                "match": {"platform": "slack"},
                "model": "s",
                "base_url": "u",
            },
            {"name": "by_source.stranger", "match": {"source_kind": "stranger"}, "model": "scout"},
        ],
        "platforms": {"discord": ""},
        "by_source": {"cron": "text-is-ignored"},
    }
    assert LEGACY["platforms"]["telegram"] == "cheap"  # input untouched


def test_sections_left_empty_are_removed_and_routes_created():
    model_config = {"default": "b", "platforms": {"cli": "x"}}
    assert plan_migration(model_config).apply_to(model_config) == {
        "default": "b",
        "routes": [{"name": "platforms.cli", "match": {"platform": "cli"}, "model": "x"}],
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
        "name": "platforms.tg",
        "match": {"source_kind": "owner"},
        "model": "m",
    }


def test_a_legacy_entry_that_names_itself_keeps_its_name():
    model_config = {"platforms": {"tg": {"name": "telegram-chat", "model": "m"}}}
    assert plan_migration(model_config).routes[0][1]["name"] == "telegram-chat"


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
    # a: {1, unseen, absent} × b: {2, unseen, absent} × platform, source_kind and user_id
    # (SPEC §7 always names them): {unseen, absent} each; only a=1,b=2 differs
    assert proof.contexts_checked == 9 * 2 * 2 * 2
    assert proof.counterexamples == ({"a": "1", "b": "2"},)


def test_a_plan_that_fails_the_proof_is_refused(monkeypatch):
    def wrong_apply_to(self, model_config):
        return {"default": "base"}

    monkeypatch.setattr(migration_module.MigrationPlan, "apply_to", wrong_apply_to)
    with pytest.raises(MigrationError, match="would change routing"):
        plan_migration({"default": "base", "platforms": {"cli": "x"}})


def test_a_huge_context_space_is_proved_at_once():
    platforms = {f"p{i}": f"m{i}" for i in range(3_000)}
    by_source = {f"k{i}": {"model": f"s{i}", "match": {f"x{i}": "1"}} for i in range(300)}
    model_config = {"default": "base", "platforms": platforms, "by_source": by_source}
    plan = plan_migration(model_config)
    assert plan.proof.method == "exhaustive" and plan.proof.holds
    assert plan.proof.contexts_checked == 3_002 * 2 * 2 * 3**300


def test_a_proof_stopped_at_its_budget_does_not_hold(monkeypatch):
    monkeypatch.setattr(migration_module, "PROOF_BUDGET", 1)
    shadowed_twin = {"match": {"platform": "a", "user_id": "1"}, "model": "m"}
    before = {"routes": [{"match": {"platform": "a"}, "model": "m"}, shadowed_twin]}
    after = {"routes": [{"match": {"platform": "a"}, "model": "m"}]}
    proof = prove_equivalent(before, after)
    assert proof.method == "incomplete" and not proof.holds and not proof.counterexamples
    assert proof.describe().startswith("not proved: stopped after")
    monkeypatch.setattr(migration_module, "PROOF_BUDGET", 100)
    assert prove_equivalent(before, after).holds


def test_migration_keeps_every_resolution_of_the_legacy_example():
    migrated = plan_migration(LEGACY).apply_to(LEGACY)
    assert [{**r.route, "name": None} for r in effective_routes(migrated).routes] == [
        {**r.route, "name": None} for r in effective_routes(LEGACY).routes
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
