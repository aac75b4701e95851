"""The lines of a text with every secret masked, found by node position (so quoted, explicit,
flow, folded and multi-line spellings are all caught, wherever they are in the file), plus the
secrets of commented-out lines (`# api_key: sk-old…`).

What is a secret is decided by `routing.secrets`: every scalar under a key named like a
credential (`api_key`, `API_KEY`, `apiKey`, `token`, `password`, …, and an anchor such a key
aliases, since an alias is its anchor's node), the `value` of a `{name: API_KEY, value: …}`
pair, the word after a credential flag in a list (`[--api-key, sk-…]`), and the secret parts of
any other string (`https://user:…@host`, `?key=…`, `--api-key=…`, `sk-…`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Collection, Iterator

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from routedeck.document.layout import key_value, strip_break
from routedeck.document.parse import STR_TAG, Parsed
from routedeck.routing.secrets import (
    is_secret_key,
    mask_secret,
    mask_text,
    mask_unparsed_text,
)

_COMMENT_START = re.compile(r"(?:^|(?<=[ \t]))#")


def masked_lines(p: Parsed, only: Collection[int] | None = None) -> list[str]:
    """`p.lines` without line breaks, each secret shown masked; the other lines of a multi-line
    secret keep only their indentation.

    `only`: the 0-based indexes of the lines that will be shown (a diff's hunks); the others
    come back unmasked and the nodes wholly outside them are not visited, which keeps a diff of
    a 100,000-route file cheap. None masks every line.
    """
    lines = [strip_break(line)[0] for line in p.lines]
    wanted = None if only is None else sorted(set(only))
    last_first = sorted(
        _secret_scalars(p.root, wanted),
        key=lambda found: (found[0].start_mark.line, found[0].start_mark.column),
        reverse=True,
    )
    for node, shown in last_first:  # masking a value shifts the columns of what follows it
        _replace(lines, node, shown)
    _mask_comments(lines, wanted)
    return lines


def _secret_scalars(
    root: Node | None, wanted: list[int] | None
) -> Iterator[tuple[ScalarNode, str]]:
    """(scalar, how to show it) for every scalar that holds a secret."""
    seen: dict[int, bool] = {}
    stack: list[tuple[Node, bool]] = [] if root is None else [(root, False)]
    while stack:
        node, secret = stack.pop()
        if seen.get(id(node)) in (secret, True) or not _visible(node, wanted):
            continue
        seen[id(node)] = secret
        if isinstance(node, MappingNode):
            stack.extend(_mapping_children(node, secret))
        elif isinstance(node, SequenceNode):
            stack.extend(_sequence_children(node, secret))
        elif isinstance(node, ScalarNode):
            shown = _shown(node, secret)
            if shown is not None:
                yield node, shown


def _visible(node: Node, wanted: list[int] | None) -> bool:
    """Whether some line of the node is shown."""
    if wanted is None:
        return True
    index = bisect_left(wanted, node.start_mark.line)
    return index < len(wanted) and wanted[index] <= node.end_mark.line


def _mapping_children(node: MappingNode, secret: bool) -> Iterator[tuple[Node, bool]]:
    names = {key_value(key): value for key, value in node.value}
    named = names.get("name", names.get("key"))
    secret_pair = isinstance(named, ScalarNode) and is_secret_key(named.value) and "value" in names
    for key, value in node.value:
        name = key_value(key)
        yield key, False
        yield value, secret or is_secret_key(name) or (secret_pair and name == "value")


def _sequence_children(node: SequenceNode, secret: bool) -> Iterator[tuple[Node, bool]]:
    after_secret_flag = False
    for item in node.value:
        flag = isinstance(item, ScalarNode) and _is_flag(item.value)
        yield item, secret or (after_secret_flag and not flag)
        after_secret_flag = flag and is_secret_key(item.value.lstrip("-"))


def _is_flag(text: str) -> bool:
    return text.startswith("-") and "=" not in text and len(text) > 1


def _shown(node: ScalarNode, secret: bool) -> str | None:
    """How a scalar is shown, None when as written."""
    if secret:
        shown = mask_secret(node.value)
    elif node.tag == STR_TAG and (masked := mask_text(node.value)) != node.value:
        shown = masked
    else:
        return None
    if node.style in ('"', "'"):
        shown = node.style + shown + node.style
    return shown


def _replace(lines: list[str], node: ScalarNode, shown: str) -> None:
    start, end = node.start_mark, node.end_mark
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


def _mask_comments(lines: list[str], wanted: list[int] | None) -> None:
    """Mask secrets in comments: a run of whole-line comments is read as one commented-out text
    (so a commented-out block scalar is followed); an end-of-line comment alone."""
    indexes = range(len(lines)) if wanted is None else [i for i in wanted if i < len(lines)]
    run: list[int] = []
    for index in indexes:
        line = lines[index]
        if line.lstrip(" \t").startswith("#") and (not run or run[-1] == index - 1):
            run.append(index)
            continue
        _mask_comment_run(lines, run)
        run = [index] if line.lstrip(" \t").startswith("#") else []
        if not run and "#" in line:
            found = _COMMENT_START.search(line)
            if found is not None:
                cut = found.start() + 1
                lines[index] = line[:cut] + mask_unparsed_text(line[cut:])
    _mask_comment_run(lines, run)


def _mask_comment_run(lines: list[str], run: list[int]) -> None:
    if not run:
        return
    cuts = [lines[index].index("#") + 1 for index in run]
    text = "\n".join(lines[index][cut:] for index, cut in zip(run, cuts, strict=True))
    for index, cut, masked in zip(run, cuts, mask_unparsed_text(text).split("\n"), strict=True):
        lines[index] = lines[index][:cut] + masked
