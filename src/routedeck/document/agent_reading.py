"""The model block as the agent uses it: hermes-agent 0.19.0's `load_config()`, in one place.

SPEC §1. After reading the file (PyYAML, YAML 1.1) the agent:

1. lays the file over its built-in defaults, where `model` is `""`: an absent `model:` is `""`;
2. normalizes the model block (`_normalize_root_model_keys`), but only when there is something
   to normalize: a truthy top-level `provider`, `base_url`, `context_length` or `api_base`, a
   truthy `model.api_base`, or a truthy `model.model` / `model.name`. Otherwise the block stays
   exactly as written (a bare string stays a string, an empty `api_base: ""` stays). When it
   acts, a non-mapping block becomes `{default: <block>}` (`{}` when falsy), then, each only
   filling a falsy value:
   - top-level `provider`, `base_url`, `context_length` fill `model.<key>`;
   - top-level `api_base`, then `model.api_base`, fill `model.base_url` (both are removed);
   - `model.model`, then `model.name`, fill `model.default`; once `default` is truthy both
     aliases are removed;
3. expands every string value of the whole block, routes included (keys are not expanded):
   `${NAME}` becomes the environment variable named by everything between the braces, and
   stays verbatim when that is unset (so `${env:KEY}` looks up a variable named `env:KEY`);
   a bare `$VAR` is not expanded.

`agent_view()` replays these steps on the file's data and records, for each base field, where
its value came from. `tests/agent` compares it with the real `load_config()` on generated files.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from routedeck.routing import BASE_FIELDS

BROKEN_FILE_STAKE = (
    "hermes-agent cannot read this file either: a running agent keeps its last good config "
    "and ignores every edit until the file is fixed, and a freshly started one runs on "
    "built-in defaults, dropping every user setting (it only warns once, on stderr and in "
    "its logs)."
)
"""What a file the agent cannot read costs (verified on hermes-agent 0.19.0): one sentence for
`check` and the editor's error screen, shown when `agent_cannot_read()` says so."""

AGENT_DEFAULT_MODEL = ""
"""The agent's built-in `model` value, which an absent `model:` leaves in place."""
ROOT_FALLBACKS = ("provider", "base_url", "context_length")
"""Top-level keys that fill an empty `model.<key>`."""
MODEL_ID_ALIASES = ("model", "name")
"""Keys that stand in for an empty `model.default`, in this order."""
PROVENANCE_FIELDS = (*BASE_FIELDS, "context_length")
"""The base fields whose provenance the view records."""
REFERENCE = re.compile(r"\$\{([^}]+)\}")
"""`${NAME}` exactly as the agent matches it: NAME is everything between the braces."""


@dataclass(frozen=True)
class AgentView:
    """The model block as the agent uses it.

    `model_config`: what `load_config()["model"]` is (`""` when the file has no `model:`; a
    bare string when nothing made the agent normalize it). Feed it to the engine
    (`routing.base_of`, `explain`, `CompiledRoutes`).
    `provenance`: for each base field (`default`, `provider`, `base_url`, `api_key`,
    `api_mode`, `context_length`) the agent gets a value for, where that value was read, e.g.
    `model.name (stands in for default)`, `top-level provider`, `model.api_key (${KEY} from
    the environment)`. Pass it to `explain(..., base_sources=view.provenance)`.
    `unset_references`: the `${NAME}` names kept verbatim because the environment given lacks
    them (empty when no environment was given).
    """

    model_config: Any
    provenance: Mapping[str, str] = field(default_factory=dict)
    unset_references: tuple[str, ...] = ()


def agent_view(
    data: Any, env: Mapping[str, str] | None = None, *, expander: Expander | None = None
) -> AgentView:
    """The model block of `data` (the whole file as PyYAML loads it) as the agent uses it.

    `env` None leaves `${NAME}` references as written (what routedeck shows when the agent's
    environment is unknown); otherwise they are expanded from `env` as the agent does.
    `expander`: an `Expander` for `env` kept between calls, which expands only what changed
    since its last call (an editor re-reads the view after every edit). `data` is not changed.
    """
    if not isinstance(data, dict):  # the agent cannot use such a file: it runs on defaults
        return AgentView(AGENT_DEFAULT_MODEL)
    block, where = _normalized(data)
    provenance = {key: where[key] for key in PROVENANCE_FIELDS if key in where}
    if env is None:
        return AgentView(block, _only_set(block, provenance))
    expanded, references = (expander or Expander(env)).expand(block)
    notes = {key: _expansion_note(_field(block, key), env) for key in provenance}
    provenance = {
        key: f"{place} ({notes[key]})" if notes[key] else place for key, place in provenance.items()
    }
    unset = tuple(dict.fromkeys(name for name in references if name not in env))
    return AgentView(expanded, _only_set(expanded, provenance), unset)


def expand_references(value: Any, env: Mapping[str, str]) -> Any:
    """A copy of `value` with `${NAME}` in every string replaced from `env` (unset: verbatim);
    keys, numbers, booleans and None are left alone. The agent's `_expand_env_vars`."""
    return Expander(env).expand(value)[0]


class Expander:
    """`${NAME}` expansion from one environment that remembers, between calls, what it made of
    each mapping and list it was given (by identity: an edit's new data shares every part it
    did not change), so that after an edit only the changed parts are walked again. It keeps
    only what its last call used, so it never holds an old document alive."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self.env = env
        self._made: dict[int, tuple[Any, Any, tuple[str, ...]]] = {}
        self._used: dict[int, tuple[Any, Any, tuple[str, ...]]] = {}

    def expand(self, value: Any) -> tuple[Any, tuple[str, ...]]:
        """(a copy of `value` expanded, the names of the references it holds)."""
        self._used = {}
        try:
            return self._expand(value)
        finally:
            self._made, self._used = self._used, {}

    def _expand(self, value: Any) -> tuple[Any, tuple[str, ...]]:
        if isinstance(value, str):
            if "${" not in value:
                return value, ()
            names = tuple(REFERENCE.findall(value))
            return REFERENCE.sub(lambda m: self.env.get(m.group(1), m.group(0)), value), names
        if not isinstance(value, dict | list):
            return value, ()
        known = self._made.get(id(value))
        if known is not None and known[0] is value:
            self._used[id(value)] = known
            return known[1], known[2]
        if isinstance(value, dict):
            parts = {key: self._expand(item) for key, item in value.items()}
            made: Any = {key: part[0] for key, part in parts.items()}
            names = tuple(name for part in parts.values() for name in part[1])
        else:
            pieces = [self._expand(item) for item in value]
            made = [piece[0] for piece in pieces]
            names = tuple(name for piece in pieces for name in piece[1])
        if not names:  # nothing to expand: the value itself (read-only, as all loaded data)
            made = value
        self._used[id(value)] = (value, made, names)
        return made, names


def agent_cannot_read(raw: bytes) -> bool:
    """True when hermes-agent fails to load this file content, so that `BROKEN_FILE_STAKE`
    applies: text that is not UTF-8, YAML its loader (libyaml's CSafeLoader when PyYAML has
    it, as the agent picks) rejects, a top level that is a non-empty list or a single value,
    or a top-level `max_turns` beside an `agent:` that is not a mapping: whatever raises in the
    agent's `try` around its load (it catches every Exception). Duplicate keys and the like,
    which routedeck refuses but the agent reads, are not failures here."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(raw.decode("utf-8"), Loader=loader) or {}
        if "max_turns" in data:
            dict(data.get("agent") or {})
        return not isinstance(data, dict)
    except Exception:
        return True


# ------------------------------------------------------------------ normalization


def _normalized(data: dict[Any, Any]) -> tuple[Any, dict[str, str]]:
    """`_normalize_root_model_keys` on the model block, with where each base field was read."""
    block = data.get("model", AGENT_DEFAULT_MODEL)
    if not _agent_normalizes(data, block):
        return block, _as_written(block)
    where = _as_written(block)
    model: dict[Any, Any] = dict(block) if isinstance(block, dict) else {}
    if not isinstance(block, dict) and block:
        model["default"] = block
    for key in ROOT_FALLBACKS:
        if data.get(key) and not model.get(key):
            model[key] = data[key]
            where[key] = f"top-level {key}"
    aliases = (
        ("top-level api_base", data.get("api_base")),
        ("model.api_base", model.get("api_base")),
    )
    for place, alias in aliases:
        if alias and not model.get("base_url"):
            model["base_url"] = alias
            where["base_url"] = f"{place} (stands in for base_url)"
    model.pop("api_base", None)
    if not model.get("default"):
        alias_key = next((key for key in MODEL_ID_ALIASES if model.get(key)), None)
        if alias_key is not None:
            model["default"] = model[alias_key]
            where["default"] = f"model.{alias_key} (stands in for default)"
    if model.get("default"):
        for key in MODEL_ID_ALIASES:
            model.pop(key, None)
    return model, where


def _agent_normalizes(data: dict[Any, Any], block: Any) -> bool:
    """The agent's guard: it rewrites the block only when one of these is truthy."""
    if any(data.get(key) for key in (*ROOT_FALLBACKS, "api_base")):
        return True
    if not isinstance(block, dict):
        return False
    return bool(block.get("api_base") or block.get("model") or block.get("name"))


def _as_written(block: Any) -> dict[str, str]:
    if isinstance(block, dict):
        return {key: f"model.{key}" for key in PROVENANCE_FIELDS if key in block}
    return {"default": f"model (a bare {'string' if isinstance(block, str) else 'value'})"}


def _field(block: Any, key: str) -> Any:
    if isinstance(block, dict):
        return block.get(key)
    return block if key == "default" and isinstance(block, str) else None


def _only_set(block: Any, provenance: dict[str, str]) -> dict[str, str]:
    """Provenance of the fields the agent gets a value for, counted as `routing.base_of` does:
    the model id when truthy, any other field unless None or ""."""
    return {key: place for key, place in provenance.items() if _is_set(key, _field(block, key))}


def _is_set(key: str, value: Any) -> bool:
    if key == "default":
        return bool(value)
    return value is not None and not (isinstance(value, str) and value == "")


def _expansion_note(value: Any, env: Mapping[str, str]) -> str:
    if not isinstance(value, str):
        return ""
    names = list(dict.fromkeys(REFERENCE.findall(value)))
    found = [f"${{{name}}}" for name in names if name in env]
    missing = [f"${{{name}}}" for name in names if name not in env]
    notes = []
    if found:
        notes.append(f"{', '.join(found)} from the environment")
    if missing:
        notes.append(f"{', '.join(missing)} not set: kept as written")
    return "; ".join(notes)
