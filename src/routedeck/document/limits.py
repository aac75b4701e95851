"""Limits on what a composed YAML document may make routedeck do: refused at load, in linear time.

A YAML alias is the same node as its anchor, so composing a "billion laughs" file is cheap, and
so is PyYAML's construction (it shares one Python object per node). What explodes is anything
that walks the data as a tree afterwards: comparing the agent's view after an edit, `str()` of a
match value, JSON output. Those walks cost the *expanded* size, so that is what is bounded here,
on the nodes, before any of it happens:

* `MAX_ALIAS_VALUES`: the values that aliases add when expanded (a `*ref` to a mapping of three
  keys adds seven: the mapping, three keys, three values). Real files stay far below: the 131
  `<<:` merges of the Sentry compose file add about 2,000, a 100,000-route config that merges a
  five-key anchor into every route 1.1 million.
* `MAX_DEPTH`: nesting of collections, aliases followed. Real configs nest about a dozen levels;
  the agent's own loader and the copies and comparisons made of its data recurse once or twice
  per level, against Python's recursion limit of 1,000.
* A collection that contains an alias of itself is refused: its data is infinite when expanded.
* An integer whose decimal form passes Python's 4,300-digit limit (`0x` followed by 4,000 hex
  digits loads, but every `str()` of it raises).

Scalars are not memoized: a scalar alias adds one value and cannot multiply, so only collections
are tracked, which keeps the walk to a few dict operations per collection.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import cast

from yaml.nodes import CollectionNode, MappingNode, Node, ScalarNode, SequenceNode

from routedeck.document.errors import DocumentError

MAX_ALIAS_VALUES = 2_000_000
MAX_DEPTH = 100
INT_TAG = "tag:yaml.org,2002:int"
_SHORTEST_TOO_LONG_INT = 1_000
"""No integer written with fewer characters can pass the limit (binary needs the most bits)."""
_DIGITS_PER_BIT = 0.30103  # log10(2): decimal digits per bit of an integer


@dataclass(frozen=True)
class Shape:
    """What the walk learned: every distinct mapping once, in document order of first use."""

    mappings: list[MappingNode]


def check_limits(root: Node, may_alias: bool = True) -> Shape:
    """Raise DocumentError (with the line and column where the limit is passed) for a document
    whose aliases expand too far, that nests too deep, loops, or holds an integer too long to
    print; else return its shape.

    `may_alias`: False when the text holds no `&` (so no anchor, so no alias): the nodes are
    then a tree, and a plain walk measures it at less cost.
    """
    if not may_alias:
        return _check_tree(root)
    sizes: dict[int, tuple[int, int]] = {}  # id(collection) -> (expanded values, depth)
    own_values = 0  # values written in the text (each collection and its direct scalars once)
    mappings: list[MappingNode] = []
    entered: set[int] = set()
    # (collection, None) to enter it; (collection, (child collections, scalars)) to measure it
    stack: list[tuple[CollectionNode, tuple[list[CollectionNode], int] | None]] = []
    if isinstance(root, CollectionNode):
        stack.append((root, None))
    while stack:
        node, content = stack.pop()
        if content is not None:
            kids, scalars = content
            size, depth = 1 + scalars, 1
            for kid in kids:
                kid_size, kid_depth = sizes[id(kid)]
                size += kid_size
                depth = max(depth, kid_depth + 1)
            sizes[id(node)] = (size, depth)
            own_values += 1 + scalars
            if size - own_values > MAX_ALIAS_VALUES:
                raise _too_many_values(node)
            if depth > MAX_DEPTH:
                raise _too_deep(node, sizes)
            continue
        if id(node) in sizes:
            continue
        if id(node) in entered:
            raise DocumentError(
                "an alias refers to a collection that contains it: its data would be infinite",
                node.start_mark.line + 1,
                node.start_mark.column + 1,
            )
        entered.add(id(node))
        if isinstance(node, MappingNode):
            mappings.append(node)
        kids, scalars = _content(node)
        stack.append((node, (kids, scalars)))
        stack.extend((kid, None) for kid in reversed(kids) if id(kid) not in sizes)
    return Shape(mappings)


def _check_tree(root: Node) -> Shape:
    mappings: list[MappingNode] = []
    stack: list[tuple[CollectionNode, int]] = []
    if isinstance(root, CollectionNode):
        stack.append((root, 1))
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _too_deep_here(node)
        if isinstance(node, MappingNode):
            mappings.append(node)
        kids, _ = _content(node)
        stack.extend((kid, depth + 1) for kid in reversed(kids))
    return Shape(mappings)


def _content(node: CollectionNode) -> tuple[list[CollectionNode], int]:
    """The child collections of a collection (keys too), and how many scalars it holds
    directly; checks those scalars that are long integers."""
    if isinstance(node, MappingNode):
        children: Iterable[Node] = [item for pair in node.value for item in pair]
    else:
        children = node.value
    kids: list[CollectionNode] = []
    scalars = 0
    for child in children:
        if isinstance(child, CollectionNode):
            kids.append(child)
            continue
        scalars += 1
        if child.tag == INT_TAG and len(child.value) >= _SHORTEST_TOO_LONG_INT:
            _check_int(cast(ScalarNode, child))
    return kids, scalars


def _children(node: CollectionNode) -> Iterator[Node]:
    if isinstance(node, MappingNode):
        for key, value in node.value:
            yield key
            yield value
    elif isinstance(node, SequenceNode):
        yield from node.value


def _too_many_values(node: Node) -> DocumentError:
    return DocumentError(
        f"aliases expand to more than {MAX_ALIAS_VALUES:,} values (an alias bomb?); "
        "routedeck refuses to read it",
        node.start_mark.line + 1,
        node.start_mark.column + 1,
    )


def _too_deep(node: CollectionNode, sizes: dict[int, tuple[int, int]]) -> DocumentError:
    """Point at the collection that sits deeper than the limit, following the deepest path."""
    for _ in range(MAX_DEPTH):
        deeper = [c for c in _children(node) if isinstance(c, CollectionNode)]
        node = max(deeper, key=lambda child: sizes[id(child)][1])
    return _too_deep_here(node)


def _too_deep_here(node: Node) -> DocumentError:
    return DocumentError(
        f"the YAML is nested deeper than {MAX_DEPTH} levels; routedeck refuses to read it",
        node.start_mark.line + 1,
        node.start_mark.column + 1,
    )


def _check_int(node: ScalarNode) -> None:
    """An integer too long to print. Its value is only built when its text is long; a text that
    is not an integer at all is left to construction, which reports it."""
    from yaml.constructor import SafeConstructor

    digits = node.value.replace("_", "").lstrip("+-")
    if digits.isdigit() and not digits.startswith("0"):
        too_long = len(digits) > _int_digits_limit()
    else:
        try:
            value = SafeConstructor().construct_yaml_int(node)
        except ValueError:
            return
        too_long = value.bit_length() * _DIGITS_PER_BIT > _int_digits_limit()
    if too_long:
        raise too_long_int(node)


def _int_digits_limit() -> int:
    return sys.get_int_max_str_digits() or 4300


def too_long_int(node: ScalarNode) -> DocumentError:
    return DocumentError(
        f"an integer with more than {_int_digits_limit():,} digits: neither the agent's loader nor "
        "routedeck can use it",
        node.start_mark.line + 1,
        node.start_mark.column + 1,
    )
