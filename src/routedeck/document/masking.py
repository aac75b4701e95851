"""The lines of a text with every `api_key` value masked, found by node position (so quoted,
explicit, flow, folded and multi-line spellings are all caught, wherever they are in the file)."""

from __future__ import annotations

import difflib
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


def masked_diff(old: Parsed, new: Parsed, name: str, *, mask_secrets: bool = True) -> str:
    """Unified diff (`a/NAME`, `b/NAME`) of two parsed texts, compared as written but shown with
    every secret masked unless `mask_secrets` is False (a changed key still shows as changed,
    masked on both sides). "" when the texts are equal."""
    before, after = _shown(old, False), _shown(new, False)
    shown = (_shown(old, mask_secrets), _shown(new, mask_secrets))
    lines = [f"--- a/{name}", f"+++ b/{name}"]
    for group in difflib.SequenceMatcher(None, before, after).get_grouped_opcodes(3):
        lines += _hunk(group, *shown)
    return "".join(line + "\n" for line in lines) if len(lines) > 2 else ""


def _shown(p: Parsed, mask_secrets: bool) -> list[str]:
    """The lines of a text as a diff shows them (the BOM, if any, starts the first one)."""
    lines = masked_lines(p) if mask_secrets else [strip_break(line)[0] for line in p.lines]
    if p.bom:
        return [p.bom + (lines[0] if lines else ""), *lines[1:]]
    return lines


def _hunk(group: list[tuple[str, int, int, int, int]], old: list[str], new: list[str]) -> list[str]:
    """One `@@` hunk of a unified diff, as difflib writes it."""
    first, last = group[0], group[-1]
    lines = [f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@"]
    for tag, i1, i2, j1, j2 in group:
        if tag == "equal":
            lines += [" " + line for line in old[i1:i2]]
            continue
        lines += ["-" + line for line in old[i1:i2]]
        lines += ["+" + line for line in new[j1:j2]]
    return lines


def _range(start: int, stop: int) -> str:
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f"{start + 1 if length else start},{length}"
