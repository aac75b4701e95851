"""Finding, after PyYAML's constructor failed, the value it could not build, and saying why.

PyYAML's scalar constructors raise ValueError, KeyError or AttributeError with no position
(`2024-02-30`, `!!bool maybe`, `!!int abc`, a 4,301-digit integer). The failing node is found
again by building each scalar on its own, in document order; this only runs on the error path.
The message never quotes the value (it may be a secret under an odd tag), except a date, whose
text is known to look like one.
"""

from __future__ import annotations

from collections.abc import Iterator

from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from routedeck.document.errors import DocumentError
from routedeck.document.limits import too_long_int

_PREFIX = "tag:yaml.org,2002:"
_READ_AS = {
    "int": "an integer",
    "float": "a number",
    "bool": "a boolean (true/false, yes/no, on/off)",
    "null": "null",
    "binary": "base64 binary data",
}
_UNREADABLE = "; the agent's YAML loader fails on the whole file"


def invalid_value(root: Node) -> DocumentError:
    """The DocumentError for the first scalar under `root` that the agent's loader cannot build
    (at the root's position, should none fail on its own)."""
    constructor = SafeConstructor()
    for node in _scalars(root):
        try:
            constructor.construct_object(node)
        except Exception as exc:  # whatever the scalar's parsing raises
            return _error(node, exc)
    return DocumentError(
        "a value cannot be read by the agent's YAML loader" + _UNREADABLE,
        root.start_mark.line + 1,
        root.start_mark.column + 1,
    )


def _scalars(root: Node) -> Iterator[ScalarNode]:
    """Every distinct scalar, in document order (keys before their values)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            yield node
        elif isinstance(node, MappingNode):
            stack.extend(item for pair in reversed(node.value) for item in reversed(pair))
        elif isinstance(node, SequenceNode):
            stack.extend(reversed(node.value))


def _error(node: ScalarNode, exc: Exception) -> DocumentError:
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    tag = node.tag.removeprefix(_PREFIX)
    if tag == "int" and isinstance(exc, ValueError) and "digits" in str(exc):
        return too_long_int(node)
    if tag == "timestamp":
        if isinstance(exc, ValueError):
            message = f"`{node.value}` is not a valid date or time ({exc})"
        else:
            message = "this value is tagged as a date or time but is not one"
        return DocumentError(message + _UNREADABLE, line, column)
    what = _READ_AS.get(tag, f"`!!{tag}`" if node.tag.startswith(_PREFIX) else f"`{node.tag}`")
    return DocumentError(f"this value cannot be read as {what}{_UNREADABLE}", line, column)
