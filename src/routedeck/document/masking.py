"""The lines of a text with every `api_key` value masked, found by node position (so quoted,
explicit, flow, folded and multi-line spellings are all caught, wherever they are in the file)."""

from __future__ import annotations

from collections.abc import Iterator

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from routedeck.document.layout import key_value, strip_break
from routedeck.document.parse import Parsed
from routedeck.routing.secrets import mask_secret

SECRET_KEYS = ("api_key",)


def masked_lines(p: Parsed) -> list[str]:
    """`p.lines` without line breaks, each secret scalar shown by `mask_secret` instead; the
    other lines of a multi-line secret keep only their indentation."""
    lines = [strip_break(line)[0] for line in p.lines]
    last_first = sorted(
        _secret_scalars(p.root),
        key=lambda node: (node.start_mark.line, node.start_mark.column),
        reverse=True,
    )
    for node in last_first:  # masking a value shifts the columns of what follows it
        _mask(lines, node)
    return lines


def _secret_scalars(root: Node | None) -> Iterator[ScalarNode]:
    seen: set[int] = set()
    stack = [] if root is None else [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            for key, value in node.value:
                stack.append(key)
                stack.append(value)
                if key_value(key) in SECRET_KEYS:
                    yield from _scalars(value)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)


def _scalars(node: Node) -> Iterator[ScalarNode]:
    if isinstance(node, ScalarNode):
        yield node
    elif isinstance(node, SequenceNode):
        for item in node.value:
            yield from _scalars(item)
    elif isinstance(node, MappingNode):
        for pair in node.value:
            for item in pair:
                yield from _scalars(item)


def _mask(lines: list[str], node: ScalarNode) -> None:
    start, end = node.start_mark, node.end_mark
    shown = mask_secret(node.value)
    if node.style in ('"', "'"):
        shown = node.style + shown + node.style
    if start.line == end.line:
        line = lines[start.line]
        lines[start.line] = line[: start.column] + shown + line[end.column :]
        return
    lines[start.line] = lines[start.line][: start.column] + shown
    for index in range(start.line + 1, min(end.line + 1, len(lines))):
        line = lines[index]
        cut = end.column if index == end.line else len(line)
        indent = len(line) - len(line.lstrip(" \t"))
        lines[index] = line[: min(indent, cut)] + line[cut:]
