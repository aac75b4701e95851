"""Rendering new YAML text in the file's own style, so that every reader the agent or its
operators use reads it back as the intended value.

Whether a string may be written plain is decided by PyYAML's own emitter (the library the agent
loads with: it knows which characters its pure-Python scanner refuses in a flow collection, such
as `?` in `{user_id: who?}`) and by two resolvers: PyYAML's (YAML 1.1: `on`, `0123`, `12:30`,
`1_000`) and ruamel's YAML 1.2 one (what ruamel and yq read: `0o17`, `083`, `1e3`, `+.5`). A
string any of them would read as something else is quoted. Plain strings are judged by the
stricter flow-context rules everywhere, so a value reads the same in `key: v` and `{key: v}`.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

import yaml
import yaml.emitter
from yaml.nodes import ScalarNode

from routedeck.document.errors import EditError
from routedeck.document.parse import STR_TAG

MAX_KEY_LENGTH = 1024  # YAML readers look no further for the `:` of a key written on its line
_YAML_1_1: Any = yaml.resolver.Resolver()  # neither resolver has type hints
_ANALYZER = yaml.emitter.Emitter(io.StringIO(), allow_unicode=True)


@dataclass(frozen=True)
class Style:
    """How the file writes a route list.

    `dash_col`: column of each item's `-`; `key_col`: column of the item's keys; `step`: extra
    indentation of a block mapping's children; `flow_match`: `match: { a: b }` rather than a
    block; `flow_spaces`: `{ a: b }` rather than `{a: b}`; `one_line`: each route written as one
    flow mapping (`- {match: {...}, model: x}`); `quote`: the quote used when one is needed;
    `always_quote`: quote strings that need no quotes too (when the neighbours do), refined per
    key by `quoted` / `plain` (keys whose values the neighbours write quoted or plain; "match"
    stands for the values inside `match`); `newline`: the file's line break.
    """

    dash_col: int = 4
    key_col: int = 6
    step: int = 2
    flow_match: bool = True
    flow_spaces: bool = True
    one_line: bool = False
    quote: str = '"'
    always_quote: bool = False
    quoted: frozenset[Any] = frozenset()
    plain: frozenset[Any] = frozenset()
    newline: str = "\n"

    def for_key(self, key: Any) -> Style:
        """The style for the value of `key`."""
        if key in self.quoted:
            return replace(self, always_quote=True)
        if key in self.plain:
            return replace(self, always_quote=False)
        return self


@cache
def _yaml_1_2_resolver() -> tuple[Any, type[Any]]:
    """ruamel's YAML 1.2 resolver and its scalar node type, imported on the first edit (not
    while the editor starts: ruamel is only needed to write)."""
    from ruamel.yaml.nodes import ScalarNode as RuamelScalarNode
    from ruamel.yaml.resolver import VersionedResolver

    return VersionedResolver(version=(1, 2)), RuamelScalarNode


def reads_as_string(text: str) -> bool:
    """Whether YAML 1.1 (PyYAML) and YAML 1.2 (ruamel, yq) readers both take the plain
    scalar `text` for a string."""
    if _YAML_1_1.resolve(ScalarNode, text, (True, False)) != STR_TAG:
        return False
    resolver, node_type = _yaml_1_2_resolver()
    return bool(resolver.resolve(node_type, text, (True, False)) == STR_TAG)


def scalar(value: Any, quote: str = '"', plain: bool = True) -> str:
    """One scalar as text that reads back as `value`, in block or flow context. `plain=False`
    quotes strings that could be written plain."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    if not isinstance(value, str):
        raise TypeError(f"not a scalar: {type(value).__name__}")
    analysis = _ANALYZER.analyze_scalar(value)
    if plain and analysis.allow_flow_plain and not analysis.multiline and reads_as_string(value):
        return value
    if quote == "'" and analysis.allow_single_quoted and not analysis.multiline:
        return "'" + value.replace("'", "''") + "'"
    return _double_quoted(value)


def _double_quoted(text: str) -> str:
    """PyYAML's own double-quoted form (escapes as its reader expects), never folded."""
    dumped = yaml.dump(text, default_style='"', width=2**31, allow_unicode=True)
    return dumped.rstrip("\n")


def _float(value: float) -> str:
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value)
    if "." not in text:
        mantissa, _, exponent = text.partition("e")
        text = f"{mantissa}.0" + (f"e{exponent}" if exponent else "")
    return text


def key_text(key: Any, quote: str) -> str:
    """A mapping key; EditError for a key too long for YAML readers to find its colon."""
    text = scalar(key, quote)
    if len(text) >= MAX_KEY_LENGTH:
        shown = text[:20] + "…"
        raise EditError(
            f"the key {shown} is {len(text):,} characters long; YAML readers accept keys of "
            f"fewer than {MAX_KEY_LENGTH:,} characters"
        )
    return text


def flow(value: Any, style: Style) -> str:
    """A value on one line: a scalar, or a flow collection (`{ a: b }`, `[a, b]`)."""
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = ", ".join(f"{key_text(k, style.quote)}: {flow(v, style)}" for k, v in value.items())
        return f"{{ {inner} }}" if style.flow_spaces else f"{{{inner}}}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(flow(v, style) for v in value) + "]"
    return scalar(value, style.quote, plain=not style.always_quote)


def entry_lines(
    key: Any, value: Any, col: int, style: Style, prefix: str | None = None, comment: str = ""
) -> list[str]:
    """`key: value` at column `col` (lines without breaks); `prefix` replaces the indentation of
    the first line (e.g. `    - ` for the first key of a sequence item) and `comment` (with its
    leading spaces) ends it. `match` follows the file's block/flow choice; other containers are
    written in flow style."""
    head = (" " * col if prefix is None else prefix) + key_text(key, style.quote) + ":"
    own = style.for_key(key)
    if key == "match" and isinstance(value, dict) and value and not style.flow_match:
        child = " " * (col + style.step)
        return [head + comment] + [
            f"{child}{key_text(k, own.quote)}: {flow(v, own)}" for k, v in value.items()
        ]
    return [f"{head} {flow(value, own)}{comment}"]


def item_lines(value: Any, col: int, style: Style, comment: str = "") -> list[str]:
    """One `- value` item of a block list at column `col`."""
    return [" " * col + "- " + flow(value, style) + comment]


def route_lines(route: Any, style: Style) -> list[str]:
    """A whole route item, `-` first (lines without breaks)."""
    dash = " " * style.dash_col + "-" + " " * (style.key_col - style.dash_col - 1)
    if not isinstance(route, dict) or not route or style.one_line:
        return [dash + flow(route, style)]
    lines: list[str] = []
    for number, (key, value) in enumerate(route.items()):
        lines += entry_lines(key, value, style.key_col, style, dash if number == 0 else None)
    return lines
