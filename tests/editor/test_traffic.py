"""edit_diff: the behaviour diff narrowed to an edit gives exactly the full diff's changes."""

from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings, strategies as st

from routedeck.editor.traffic import NotCompared, edit_diff
from routedeck.routing import (
    ABSENT,
    UNSEEN,
    BehaviourDiff,
    ContextSpace,
    apply_route,
    base_of,
    behaviour_diff,
    context_space,
    explain,
)
from routedeck.routing.behaviour import _frozen

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))

# A small vocabulary, so that routes overlap and shadow each other often.
KEYS = st.sampled_from(["platform", "source_kind", "user_id", "chat", 1])
VALUES = st.sampled_from(["a", "b", "c", "1", 1, True, None])
matches = st.one_of(
    st.dictionaries(KEYS, VALUES, min_size=1, max_size=3),
    st.sampled_from([{}, None, "platform"]),
)
routes = st.fixed_dictionaries(
    {"match": matches},
    optional={
        "model": st.sampled_from(["m1", "m2", "m3", None, ""]),
        "provider": st.sampled_from(["p1", "p2", None]),
        "api_key": st.sampled_from(["k1", "${K}", ""]),
        "args": st.sampled_from([None, ["--a"], 5]),
        "name": st.sampled_from(["n", "o", ""]),
    },
)
blocks = st.fixed_dictionaries(
    {"routes": st.lists(st.one_of(routes, routes, routes, st.just("junk")), max_size=9)},
    optional={
        "default": st.sampled_from(["base", "other"]),
        "provider": st.sampled_from(["p1", "p2"]),
        "api_key": st.sampled_from(["k1", "k2"]),
        "platforms": st.dictionaries(
            st.sampled_from(["a", "b", "z"]),
            st.sampled_from(["lm", "", {"model": "lm2"}]),
            max_size=2,
        ),
        "by_source": st.dictionaries(
            st.sampled_from(["a", "owner"]), st.sampled_from([{"model": "bm"}, "x"]), max_size=2
        ),
    },
)


@st.composite
def edits(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """A block and the same block after one or two of the editor's edits."""
    before = draw(blocks)
    after = copy.deepcopy(before)
    for _ in range(draw(st.integers(1, 2))):
        items = after["routes"]
        action = draw(
            st.sampled_from(
                ["move", "swap", "delete", "insert", "update", "match", "base", "legacy"]
            )
        )
        if action == "insert" or not items:
            items.insert(draw(st.integers(0, len(items))), draw(routes))
            continue
        index = draw(st.integers(0, len(items) - 1))
        if action == "move":
            items.insert(draw(st.integers(0, len(items) - 1)), items.pop(index))
        elif action == "swap" and index + 1 < len(items):
            items[index], items[index + 1] = items[index + 1], items[index]
        elif action == "delete":
            items.pop(index)
        elif action == "update" and isinstance(items[index], dict):
            items[index] = {**items[index], "model": draw(st.sampled_from(["m1", "m9", None]))}
        elif action == "match" and isinstance(items[index], dict):
            items[index] = {**items[index], "match": draw(matches)}
        elif action == "base":
            after["default"] = draw(st.sampled_from(["base", "changed"]))
        elif action == "legacy":
            after["platforms"] = {"a": "changed"}
    return before, after


def resolve(block: Any, context: dict[Any, Any]) -> Any:
    model, runtime = base_of(block)
    return _frozen(apply_route(model, runtime, block, context))


def class_of(space: ContextSpace, context: dict[Any, Any]) -> dict[Any, Any]:
    found = {}
    for key in space.keys:
        value = context.get(key)
        if value is None:
            found[key] = ABSENT
        else:
            found[key] = str(value) if str(value) in space.named[key] else UNSEEN
    return found


def holders(diff: BehaviourDiff, space: ContextSpace, context: dict[Any, Any]) -> list[Any]:
    seen = class_of(space, context)
    return [
        change
        for change in diff.changes
        if all((seen[key] in values.values) != values.excluded for key, values in change.classes)
    ]


@SETTINGS
@given(edits())
def test_every_class_is_reported_exactly_when_it_resolves_differently(pair) -> None:
    before, after = pair
    diff = edit_diff(before, after)
    assert isinstance(diff, BehaviourDiff) and diff.complete
    space = context_space([before, after])
    assert diff.classes_checked == diff.classes_total == space.size
    assert diff.keys == space.keys
    differing = 0
    for context in space.contexts():
        changed = resolve(before, context) != resolve(after, context)
        differing += changed
        found = holders(diff, space, context)
        assert len(found) == (1 if changed else 0), context
        if changed:
            (change,) = found
            assert _frozen((change.before.model, change.before.runtime)) == resolve(before, context)
            assert _frozen((change.after.model, change.after.runtime)) == resolve(after, context)
    assert diff.changed_classes == differing == behaviour_diff(before, after).changed_classes


@SETTINGS
@given(edits())
def test_every_change_names_the_real_winners_and_an_example_in_it(pair) -> None:
    before, after = pair
    diff = edit_diff(before, after)
    space = context_space([before, after])
    for change in diff.changes:
        example = change.example
        assert resolve(before, example) != resolve(after, example)
        assert holders(diff, space, example) == [change]
        for block, outcome in ((before, change.before), (after, change.after)):
            winner = explain(block, example).winner
            assert (outcome.winner.origin if outcome.winner else None) == (
                winner.origin if winner else None
            )


def test_a_swap_of_routes_naming_different_keys_among_thousands_is_quick() -> None:
    """The full diff needs seconds for this at 3,000 routes (minutes at 10,000), too long to
    start after an edit; narrowed, it is two routes."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    import yaml
    from bench_tui import routes_config

    before = yaml.safe_load(routes_config(3_000))["model"]
    after = copy.deepcopy(before)
    after["routes"][5], after["routes"][6] = after["routes"][6], after["routes"][5]
    assert isinstance(edit_diff(before, {**after, "default": "x"}), NotCompared)
    diff = edit_diff(before, after)
    assert isinstance(diff, BehaviourDiff) and diff.complete
    assert diff.summary() == (
        "3 context classes changed: platform=p6 user_id=u5 → m6 (routes[5] route-6)"
    )


def test_an_edit_too_big_to_compare_in_time_says_so() -> None:
    routes = [{"match": {"platform": f"p{index}"}, "model": "m"} for index in range(50)]
    before = {"default": "base", "routes": routes}
    after = {**before, "default": "other"}  # the base block changed: nothing to narrow
    skipped = edit_diff(before, after, seconds=0.0)
    assert isinstance(skipped, NotCompared) and not skipped.same and not skipped.complete
    assert skipped.summary().startswith("not compared: 100 routes would take too long")
    assert edit_diff(before, after).summary() == behaviour_diff(before, after).summary()
