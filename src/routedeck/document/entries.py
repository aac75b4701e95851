"""What the editor's forms need of single entries beyond `ConfigDocument`'s own edits: the keys
an entry only has through a `<<: *anchor` merge (which an edit of the entry cannot remove), and
deleting one legacy shorthand entry without migrating the others.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from routedeck.document.document import ConfigDocument
from routedeck.document.layout import MERGE, entry_node, key_value, same_key, value_of
from routedeck.routing import Origin


@dataclass(frozen=True)
class Inherited:
    """A key an entry takes from a merged mapping: the anchor's name (None for a mapping written
    in place after `<<:`) and the 1-based line where that mapping starts."""

    key: Any
    anchor: str | None
    line: int

    def describe(self) -> str:
        """`provider comes from anchor &defaults (line 3), merged with `<<: *defaults``."""
        if self.anchor is None:
            return f"`{self.key}` comes from the mapping merged with `<<:` at line {self.line}"
        return (
            f"`{self.key}` comes from anchor &{self.anchor} (line {self.line}), "
            f"merged in with `<<: *{self.anchor}`"
        )


def inherited_keys(document: ConfigDocument, origin: Origin | None = None) -> dict[Any, Inherited]:
    """The keys that the model block (`origin` None), a route or a legacy entry has only through
    a `<<:` merge, each with where it comes from. Keys the entry writes itself are not listed.

    An edit that removes such a key is refused (the merge would bring it back): this says why.
    """
    text = document.to_text()
    if "<<" not in text:
        return {}
    loader = _AnchorLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError:
        return {}
    finally:
        loader.dispose()
    entry = _entry_node(root, origin)
    if not isinstance(entry, MappingNode):
        return {}
    own = [key_value(key) for key, _ in entry.value if key_value(key) is not MERGE]
    found: dict[Any, Inherited] = {}
    for source in _merged_sources(entry):
        anchor, line = loader.anchored.get(id(source), (None, source.start_mark.line + 1))
        for key in _keys_of(source):
            known = any(same_key(key, other) for other in [*own, *found])
            if not known:
                found[key] = Inherited(key, anchor, line)
    return found


class _AnchorLoader(yaml.SafeLoader):
    """Composes nodes as PyYAML does (merges not applied), noting each anchored node's name."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.anchored: dict[int, tuple[str, int]] = {}

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        node = super().compose_node(parent, index)
        anchor = getattr(event, "anchor", None)
        if node is not None and anchor is not None and not isinstance(event, yaml.AliasEvent):
            self.anchored[id(node)] = (str(anchor), event.start_mark.line + 1)
        return node


def _entry_node(root: Node | None, origin: Origin | None) -> Node | None:
    model = value_of(root, "model")
    return model if origin is None else entry_node(model, origin)


def _merged_sources(node: MappingNode) -> Iterator[MappingNode]:
    """The mappings merged into `node`, in the order they take precedence."""
    for key, value in node.value:
        if key_value(key) is not MERGE:
            continue
        if isinstance(value, MappingNode):
            yield value
        elif isinstance(value, SequenceNode):
            yield from (item for item in value.value if isinstance(item, MappingNode))


def _keys_of(node: MappingNode) -> Iterator[Any]:
    """Every key a merged mapping brings: its own, then those of its own merges."""
    for key, _ in node.value:
        value = key_value(key)
        if value is not MERGE:
            yield value
    for source in _merged_sources(node):
        yield from _keys_of(source)
