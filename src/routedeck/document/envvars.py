"""`${VAR}` / `${env:VAR}` expansion in string values, as the agent does after loading."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from routedeck.routing.secrets import ENV_REFERENCE


def expand(value: Any, env: Mapping[str, str]) -> Any:
    """A copy of `value` with references in its strings replaced from `env`; an unset variable
    stays as written, a bare `$VAR` is not a reference. Keys are not expanded."""
    if isinstance(value, str):
        return ENV_REFERENCE.sub(lambda m: env.get(m.group(1), m.group(0)), value)
    if isinstance(value, dict):
        return {key: expand(item, env) for key, item in value.items()}
    if isinstance(value, list):
        return [expand(item, env) for item in value]
    return value
