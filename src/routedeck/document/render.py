"""Rendering new YAML text in the file's own style, so that the agent (YAML 1.1) reads it back as
the intended value: strings PyYAML would read as something else (`on`, `0123`, `12:30`, `~`) are
quoted."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import yaml
from yaml.nodes import ScalarNode

from routedeck.document.parse import STR_TAG

_RESOLVER = yaml.resolver.Resolver()
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_FLOW_CHARS = set(",[]{}")
_ESCAPES = {"\0": "\\0", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\\": "\\\\", '"': '\\"'}


@dataclass(frozen=True)
class Style:
    """How the file writes a route list.

    `dash_col`: column of each item's `-`; `key_col`: column of the item's keys; `step`: extra
    indentation of a block mapping's children; `flow_match`: `match: { a: b }` rather than a
    block; `flow_spaces`: `{ a: b }` rather than `{a: b}`; `quote`: the quote used when one is
    needed; `always_quote`: quote strings that need no quotes too (when the neighbours do),
    refined per key by `quoted` / `plain` (keys whose values the neighbours write quoted or
    plain; "match" stands for the values inside `match`); `newline`: the file's line break.
    """

    dash_col: int = 4
    key_col: int = 6
    step: int = 2
    flow_match: bool = True
    flow_spaces: bool = True
    quote: str = '"'
    always_quote: bool = False
    quoted: frozenset[str] = frozenset()
    plain: frozenset[str] = frozenset()
    newline: str = "\n"

    def for_key(self, key: Any) -> Style:
        """The style for the value of `key`."""
        if key in self.quoted:
            return replace(self, always_quote=True)
        if key in self.plain:
            return replace(self, always_quote=False)
        return self


def scalar(value: Any, quote: str = '"', plain: bool = True) -> str:
    """One scalar as YAML 1.1 text that reads back as `value` (in block or flow context)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    text = str(value)
    if plain and _plain_ok(text):
        return text
    if quote == "'" and text.isprintable():
        return "'" + text.replace("'", "''") + "'"
    return '"' + "".join(_escape(ch) for ch in text) + '"'


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


def _plain_ok(text: str) -> bool:
    if not text or text != text.strip() or not text.isprintable() or text[0] in _INDICATORS:
        return False
    if ": " in text or " #" in text or text.endswith(":") or _FLOW_CHARS & set(text):
        return False
    return _RESOLVER.resolve(ScalarNode, text, (True, False)) == STR_TAG


def _escape(ch: str) -> str:
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    if ch.isprintable() and ch not in "\u2028\u2029\ufeff\x85":
        return ch
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def flow(value: Any, style: Style) -> str:
    """A value on one line: a scalar, or a flow collection (`{ a: b }`, `[a, b]`)."""
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = ", ".join(f"{scalar(k, style.quote)}: {flow(v, style)}" for k, v in value.items())
        return f"{{ {inner} }}" if style.flow_spaces else f"{{{inner}}}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(flow(v, style) for v in value) + "]"
    return scalar(value, style.quote, plain=not style.always_quote)


def entry_lines(
    key: Any, value: Any, col: int, style: Style, prefix: str | None = None
) -> list[str]:
    """`key: value` at column `col` (lines without breaks); `prefix` replaces the indentation of
    the first line (e.g. `    - ` for the first key of a sequence item). `match` follows the
    file's block/flow choice; other containers are written in flow style."""
    head = (" " * col if prefix is None else prefix) + scalar(key, style.quote) + ":"
    own = style.for_key(key)
    if key == "match" and isinstance(value, dict) and value and not style.flow_match:
        child = " " * (col + style.step)
        return [head] + [f"{child}{scalar(k, own.quote)}: {flow(v, own)}" for k, v in value.items()]
    return [f"{head} {flow(value, own)}"]


def route_lines(route: Any, style: Style) -> list[str]:
    """A whole route item, `-` first (lines without breaks)."""
    dash = " " * style.dash_col + "-" + " " * (style.key_col - style.dash_col - 1)
    if not isinstance(route, dict) or not route:
        return [dash + flow(route, style)]
    lines: list[str] = []
    for number, (key, value) in enumerate(route.items()):
        lines += entry_lines(key, value, style.key_col, style, dash if number == 0 else None)
    return lines
