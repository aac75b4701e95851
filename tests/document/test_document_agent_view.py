"""The agent view: the model block as hermes-agent 0.19.0's `load_config()` normalizes it.

Each rule of SPEC §1 as an example, then properties. `tests/agent/test_agent_loader_parity.py`
compares the view with the real loader.
"""

import copy

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from routedeck.document import (
    BROKEN_FILE_STAKE,
    AgentView,
    ConfigDocument,
    agent_cannot_read,
    agent_view,
)
from routedeck.document.agent_reading import PROVENANCE_FIELDS, expand_references
from routedeck.routing import base_of, explain


def view_of(text: str, env: dict[str, str] | None = None) -> AgentView:
    return ConfigDocument.from_text(text, allow_empty=True).agent_view(env)


# ------------------------------------------------------------------ the model id


@pytest.mark.parametrize(
    ("text", "model", "where"),
    [
        ("model: {default: d, model: m, name: n}\n", "d", "model.default"),
        ("model: {model: m, name: n}\n", "m", "model.model (stands in for default)"),
        ("model: {name: claude-x}\n", "claude-x", "model.name (stands in for default)"),
        ("model: {default: '', name: n}\n", "n", "model.name (stands in for default)"),
        ("model: {default: null, model: '', name: n}\n", "n", "model.name (stands in for default)"),
        ("model: bare\n", "bare", "model (a bare string)"),
    ],
)
def test_the_model_id_is_default_else_model_else_name(text: str, model: str, where: str) -> None:
    view = view_of(text)
    assert base_of(view.model_config)[0] == model
    assert view.provenance["default"] == where


def test_aliases_are_dropped_once_default_holds_the_id() -> None:
    assert view_of("model: {default: d, model: m, name: n}\n").model_config == {"default": "d"}
    assert view_of("model: {name: n, provider: p}\n").model_config == {
        "provider": "p",
        "default": "n",
    }


def test_a_block_with_nothing_to_normalize_stays_as_written() -> None:
    assert view_of("model: bare\n").model_config == "bare"
    written = {"default": "", "model": "", "name": 0, "api_base": ""}
    assert view_of("model: {default: '', model: '', name: 0, api_base: ''}\n").model_config == (
        written
    )


def test_an_absent_model_is_the_agents_default_an_empty_string() -> None:
    assert view_of("a: 1\n").model_config == ""
    assert view_of("").model_config == ""
    assert view_of("model:\n").model_config is None
    assert view_of("a: 1\n").provenance == {}


# ------------------------------------------------------------------ base_url and api_base


def test_api_base_stands_in_for_an_empty_base_url() -> None:
    view = view_of("model: {default: m, api_base: http://a}\n")
    assert view.model_config == {"default": "m", "base_url": "http://a"}
    assert view.provenance["base_url"] == "model.api_base (stands in for base_url)"


def test_top_level_api_base_is_tried_before_model_api_base() -> None:
    view = view_of("model: {name: n, api_base: http://model}\napi_base: http://top\n")
    assert view.model_config == {"base_url": "http://top", "default": "n"}
    assert view.provenance["base_url"] == "top-level api_base (stands in for base_url)"


def test_an_explicit_base_url_wins_over_every_stand_in() -> None:
    text = "model: {base_url: http://b, api_base: http://a}\nbase_url: http://t\napi_base: x\n"
    view = view_of(text)
    assert view.model_config == {"base_url": "http://b"}
    assert view.provenance["base_url"] == "model.base_url"


def test_top_level_base_url_comes_before_any_api_base() -> None:
    view = view_of("model: {api_base: http://a}\nbase_url: http://t\n")
    assert view.model_config == {"base_url": "http://t"}
    assert view.provenance["base_url"] == "top-level base_url"


# ------------------------------------------------------------------ top-level fallbacks


def test_top_level_keys_fill_empty_model_fields_only() -> None:
    text = "model: {default: m, provider: ''}\nprovider: anthropic\ncontext_length: 8000\n"
    view = view_of(text)
    assert view.model_config == {"default": "m", "provider": "anthropic", "context_length": 8000}
    assert view.provenance == {
        "default": "model.default",
        "provider": "top-level provider",
        "context_length": "top-level context_length",
    }
    kept = view_of("model: {provider: openrouter}\nprovider: anthropic\n")
    assert kept.model_config == {"provider": "openrouter"}
    assert kept.provenance == {"provider": "model.provider"}


def test_top_level_keys_turn_a_bare_string_into_a_mapping() -> None:
    view = view_of("model: claude\nprovider: anthropic\n")
    assert view.model_config == {"default": "claude", "provider": "anthropic"}
    assert view.provenance["default"] == "model (a bare string)"
    assert view_of("provider: anthropic\n").model_config == {"provider": "anthropic"}
    assert view_of("model: ''\nprovider: p\n").model_config == {"provider": "p"}


def test_routes_shorthand_and_unknown_keys_pass_through() -> None:
    text = "model:\n  name: n\n  routes: [{match: {platform: cli}, model: x}]\n  odd: 1\n"
    assert view_of(text).model_config == {
        "routes": [{"match": {"platform": "cli"}, "model": "x"}],
        "odd": 1,
        "default": "n",
    }


# ------------------------------------------------------------------ ${NAME} expansion


def test_references_are_expanded_only_when_an_environment_is_given() -> None:
    text = 'model:\n  default: "${M}"\n  routes: [{match: {user_id: "${OWNER}"}, model: x}]\n'
    assert view_of(text).model_config["default"] == "${M}"
    view = view_of(text, {"M": "qwen", "OWNER": "42"})
    assert view.model_config["default"] == "qwen"
    assert view.model_config["routes"][0]["match"] == {"user_id": "42"}


def test_the_name_is_everything_between_the_braces() -> None:
    env = {"KEY": "k", "env:KEY": "colon", " KEY ": "spaced"}
    assert expand_references("${env:KEY} ${ KEY } ${KEY} $KEY ${} ${UNSET}", env) == (
        "colon spaced k $KEY ${} ${UNSET}"
    )
    assert expand_references("${env:KEY}", {"KEY": "k"}) == "${env:KEY}"


def test_expansion_is_one_pass_and_leaves_keys_and_non_strings_alone() -> None:
    env = {"A": "${B}", "B": "b", "K": "x"}
    value = {"${K}": ["${A}", 1, None, True, {"n": "${B}"}]}
    assert expand_references(value, env) == {"${K}": ["${B}", 1, None, True, {"n": "b"}]}


def test_top_level_fallbacks_are_expanded_too() -> None:
    view = view_of('provider: "${P}"\nmodel: m\n', {"P": "anthropic"})
    assert view.model_config == {"default": "m", "provider": "anthropic"}
    assert view.provenance["provider"] == "top-level provider (${P} from the environment)"


def test_provenance_says_which_references_were_expanded_or_kept() -> None:
    text = 'model:\n  api_key: "${KEY}"\n  base_url: "${HOST}/v1/${PATH_PART}"\n'
    view = view_of(text, {"HOST": "http://h"})
    assert view.provenance["api_key"] == "model.api_key (${KEY} not set: kept as written)"
    assert view.provenance["base_url"] == (
        "model.base_url (${HOST} from the environment; ${PATH_PART} not set: kept as written)"
    )
    assert view.unset_references == ("KEY", "PATH_PART")
    assert view_of(text).unset_references == ()


def test_a_reference_that_expands_to_nothing_leaves_the_field_unset() -> None:
    view = view_of('model:\n  default: m\n  api_key: "${KEY}"\n', {"KEY": ""})
    assert view.model_config["api_key"] == ""
    assert "api_key" not in view.provenance


# ------------------------------------------------------------------ the engine reads it


def test_explain_shows_where_each_base_value_came_from() -> None:
    view = view_of("model: {name: claude-x}\nprovider: anthropic\napi_base: http://a\n")
    fields = explain(view.model_config, {"platform": "cli"}, base_sources=view.provenance).fields
    assert fields["model"].value == "claude-x"
    assert fields["model"].provenance == "model.name (stands in for default)"
    assert fields["provider"].provenance == "top-level provider"
    assert fields["base_url"].provenance == "top-level api_base (stands in for base_url)"
    assert fields["api_key"].value is None
    assert fields["api_key"].note == "from the provider's credentials"


# ------------------------------------------------------------------ a file the agent cannot read


@pytest.mark.parametrize(
    "raw",
    [
        b"model: {default: x\n  y: [\n",
        b"- a\n- b\n",
        b"just a sentence\n",
        b"5\n",
        b"model: \xff\n",
        b"max_turns: 3\nagent: 5\n",
    ],
)
def test_the_agent_cannot_read(raw: bytes) -> None:
    assert agent_cannot_read(raw)


@pytest.mark.parametrize(
    "raw", [b"", b"# only a comment\n", b"[]\n", b"0\n", b"model: x\nmodel: y\n", b"max_turns: 3\n"]
)
def test_the_agent_reads(raw: bytes) -> None:
    assert not agent_cannot_read(raw)


def test_the_stake_of_a_broken_file_is_one_sentence() -> None:
    assert BROKEN_FILE_STAKE.count(". ") == 0 and BROKEN_FILE_STAKE.endswith(".")
    assert "last good config" in BROKEN_FILE_STAKE
    assert "built-in defaults" in BROKEN_FILE_STAKE


# ------------------------------------------------------------------ properties

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SCALARS = st.sampled_from([None, "", 0, False, True, 5, "m", "x", "${A}", "${env:A}", "$A", []])
BLOCK_KEYS = st.sampled_from(
    ["default", "model", "name", "provider", "base_url", "api_base", "api_key", "api_mode"]
)
blocks = st.one_of(
    SCALARS,
    st.dictionaries(BLOCK_KEYS | st.just("context_length"), SCALARS, max_size=6),
)
files = st.fixed_dictionaries(
    {},
    optional={
        "model": blocks,
        "provider": SCALARS,
        "base_url": SCALARS,
        "api_base": SCALARS,
        "context_length": SCALARS,
    },
)
envs = st.one_of(st.none(), st.dictionaries(st.sampled_from(["A", "env:A"]), st.text(max_size=3)))


@SETTINGS
@given(files, envs)
def test_the_view_never_changes_the_files_data(data: dict, env: dict | None) -> None:
    before = copy.deepcopy(data)
    agent_view(data, env)
    assert data == before


@SETTINGS
@given(files)
def test_the_view_is_already_normal(data: dict) -> None:
    """The agent writes the normalized block back on save: loading that changes nothing."""
    block = agent_view(data).model_config
    assert agent_view({"model": block}).model_config == block


@SETTINGS
@given(files)
def test_a_value_written_in_the_block_is_never_overridden(data: dict) -> None:
    block = data.get("model")
    view = agent_view(data).model_config
    if isinstance(block, dict):
        for key in ("default", "provider", "base_url", "context_length"):
            if block.get(key):
                assert view[key] == block[key]


@SETTINGS
@given(files, envs)
def test_every_value_the_agent_gets_has_a_provenance(data: dict, env: dict | None) -> None:
    view = agent_view(data, env)
    model, runtime = base_of(view.model_config)
    assert ("default" in view.provenance) == (model is not None)
    assert {key for key in view.provenance if key != "default"} == set(runtime) | (
        {"context_length"}
        if isinstance(view.model_config, dict)
        and view.model_config.get("context_length") not in (None, "")
        else set()
    )
    assert set(view.provenance) <= set(PROVENANCE_FIELDS)


@SETTINGS
@given(files)
def test_an_empty_environment_expands_nothing(data: dict) -> None:
    assert agent_view(data, {}).model_config == agent_view(data).model_config
