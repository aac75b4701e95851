"""The agent's own apply_route as the matcher, and disagreements reported as routedeck bugs."""

import itertools

import pytest

from routedeck.agent import (
    AgentMatcherError,
    AgentRaised,
    compare_with_agent,
    find_installed_agent,
    open_matcher,
)
from routedeck.agent.worker import decode, dumps, loads
from routedeck.routing import PRESETS, apply_route, base_of

MODEL_CONFIG = {
    "default": "base",
    "provider": "openrouter",
    "api_key": "sk-or-v1-0123456789abcdef",
    "routes": [
        {"match": {"platform": "cli", "source_kind": "owner"}, "model": "strong"},
        {"match": {"platform": "discord", "on_call": True}, "model": "pager"},
        {"match": {"user_id": 42}, "provider": "anthropic", "args": ["--x"]},
        {"match": {"platform": "slack"}, "args": 5},
        {"match": {}, "model": "never"},
    ],
    "platforms": {"telegram": "tg-model", "hub": {"provider": "nous"}},
    "by_source": {"cron": {"model": "cheap"}},
}
CONTEXTS = [
    None,
    {},
    {"platform": "cli", "source_kind": "owner"},
    {"platform": "discord", "on_call": "True"},
    {"platform": "discord", "on_call": True},
    {"user_id": "42"},
    {"platform": "slack"},
    {"platform": "telegram", "source_kind": "cron"},
    {"platform": "hub", "source_kind": "hub_peer"},
    *(dict(preset) for preset in PRESETS.values()),
]


@pytest.fixture
def path_without_hermes(tmp_path):
    return str(tmp_path / "empty")


def test_the_agents_apply_route_in_process_agrees(fakes, importable_agent, path_without_hermes):
    importable_agent(routing=fakes.FAITHFUL)
    agent = find_installed_agent(path=path_without_hermes)
    with open_matcher(agent) as matcher:
        for context in CONTEXTS:
            assert compare_with_agent(matcher, MODEL_CONFIG, context) is None, context
        model, runtime = base_of(MODEL_CONFIG)
        assert matcher.apply_route(model, runtime, MODEL_CONFIG, {"user_id": 42}) == apply_route(
            model, runtime, MODEL_CONFIG, {"user_id": 42}
        )


def test_the_agents_apply_route_through_its_interpreter_agrees(fakes, hermes_on_path):
    agent = find_installed_agent(path=hermes_on_path(routing=fakes.FAITHFUL))
    assert agent is not None and agent.interpreter is not None
    with open_matcher(agent) as matcher:
        for context in CONTEXTS:
            assert compare_with_agent(matcher, MODEL_CONFIG, context) is None, context


def test_a_disagreement_is_a_routedeck_bug_with_its_context(fakes, hermes_on_path):
    agent = find_installed_agent(path=hermes_on_path(routing=fakes.MISREADS_BOOLEANS))
    with open_matcher(agent) as matcher:
        found = compare_with_agent(
            matcher, MODEL_CONFIG, {"platform": "discord", "on_call": "True"}
        )
    assert found is not None
    assert (found.routedeck.model, found.theirs.model) == ("pager", "base")
    text = found.describe()
    assert text.startswith("routedeck bug: for context {'platform': 'discord', 'on_call': 'True'}")
    assert "hermes-agent 9.2.0's own apply_route" in text
    assert "sk-or-v1-0123456789abcdef" not in text
    assert "sk-or-v1-0123456789abcdef" in found.describe(show_secrets=True)


def test_an_agent_that_raises_falls_back_like_the_gateway(fakes, importable_agent, tmp_path):
    importable_agent(routing=fakes.FAITHFUL)
    agent = find_installed_agent(path=str(tmp_path / "empty"))
    with open_matcher(agent) as matcher:
        with pytest.raises(AgentRaised, match="TypeError"):
            matcher.apply_route("m", {}, MODEL_CONFIG, {"platform": "slack"})
        assert compare_with_agent(matcher, MODEL_CONFIG, {"platform": "slack"}) is None


MUTATES_ITS_INPUT = """
_real = apply_route


def apply_route(model, runtime_kwargs, model_config, context):
    result = _real(model, runtime_kwargs, model_config, context)
    model_config["routes"].clear()
    return result
"""


def test_the_agent_cannot_change_routedecks_data(fakes, importable_agent, tmp_path):
    mutating = fakes.FAITHFUL + MUTATES_ITS_INPUT
    importable_agent(routing=mutating)
    config = {"routes": [{"match": {"a": "1"}, "model": "x"}]}
    with open_matcher(find_installed_agent(path=str(tmp_path / "empty"))) as matcher:
        assert matcher.apply_route(None, {}, config, {"a": "1"}) == ("x", {})
    assert config["routes"]


def test_an_agent_without_routing_has_no_matcher(importable_agent, tmp_path):
    importable_agent(version="0.19.0")
    agent = find_installed_agent(path=str(tmp_path / "empty"))
    with pytest.raises(AgentMatcherError, match=r"hermes-agent 0\.19\.0 has no"):
        open_matcher(agent)


def test_a_worker_that_hangs_is_given_up_on(fakes, hermes_on_path):
    slow = fakes.FAITHFUL + "\nimport time\ndef apply_route(*args):\n    time.sleep(30)\n"
    agent = find_installed_agent(path=hermes_on_path(routing=slow))
    matcher = open_matcher(agent, timeout=0.5)
    with pytest.raises(AgentMatcherError, match=r"did not answer within 0\.5 seconds"):
        matcher.apply_route("m", {}, MODEL_CONFIG, {"platform": "cli"})
    with pytest.raises(AgentMatcherError, match="stopped"):
        matcher.apply_route("m", {}, MODEL_CONFIG, {"platform": "cli"})


def test_what_the_agent_prints_does_not_break_the_conversation(fakes, hermes_on_path):
    chatty = "print('loading routes...')\n" + fakes.FAITHFUL.replace(
        "    if not context", "    print('routing', context)\n    if not context", 1
    )
    with open_matcher(find_installed_agent(path=hermes_on_path(routing=chatty))) as matcher:
        assert matcher.apply_route("m", {}, MODEL_CONFIG, {"platform": "telegram"}) == (
            "tg-model",
            {},
        )


def test_a_routing_module_that_breaks_when_served_is_reported(fakes, hermes_on_path, monkeypatch):
    agent = find_installed_agent(path=hermes_on_path(routing=fakes.FAITHFUL))
    monkeypatch.setenv("PYTHONPATH", "/nonexistent")
    with pytest.raises(AgentMatcherError, match="cannot be loaded: ModuleNotFoundError"):
        open_matcher(agent)


@pytest.mark.parametrize(
    "value",
    [
        {1: "a", False: "b", None: [1.0, 2, "x"], "k": {"nested": [{}]}},
        {"z": 1, "a": 2},
        [b"\x00bytes", {1, 2}, float("inf")],
        __import__("datetime").date(2024, 1, 2),
        __import__("datetime").datetime(2024, 1, 2, 3, 4, 5),
    ],
)
def test_the_wire_keeps_types_keys_and_order(value):
    back = loads(dumps(value))
    assert back == value
    assert [type(x) for x in _walk(back)] == [type(x) for x in _walk(value)]
    if isinstance(value, dict):
        assert list(back) == list(value)


def test_unknown_objects_cross_as_their_repr():
    assert decode({"$repr": "<object>"}) == "<object>"
    assert loads(dumps(object())).startswith("<object object at")


def _walk(value):
    yield value
    if isinstance(value, dict):
        for item in itertools.chain.from_iterable(value.items()):
            yield from _walk(item)
    elif isinstance(value, list | set):
        for item in value:
            yield from _walk(item)
