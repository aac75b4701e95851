"""Where things are in the text: the lines of mapping entries and sequence items, from node marks.

An *entry* is one `key: value` of a block mapping or one `- item` of a block sequence: its
lines run from the key (or dash) line to the last line holding its content. The comment lines
directly above an entry (no blank line between) are its *attached* comments, and the comment
lines directly below it that are indented deeper than it are its *trailing* comments (such as a
commented-out key): both travel with it when it moves and go when it is deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import yaml
from yaml.nodes import CollectionNode, MappingNode, Node, ScalarNode, SequenceNode

from routedeck.document.errors import EditError
from routedeck.document.parse import MERGE_TAG, STR_TAG, Parsed
from routedeck.routing import WHOLE_SECTION, Origin


@dataclass(frozen=True)
class Entry:
    """One entry; lines are 0-based indexes into `Parsed.lines`, `last` inclusive."""

    first: int
    last: int
    col: int
    key: ScalarNode | None
    value: Node
    alias: bool = False  # a `- *name` item: its value is the node it names, written elsewhere


def is_blank(line: str) -> bool:
    return not line.strip()


def is_comment(line: str) -> bool:
    return line.lstrip().startswith("#")


def is_block(node: Node) -> bool:
    """A non-empty block collection (edits splice its lines)."""
    return isinstance(node, MappingNode | SequenceNode) and not node.flow_style and bool(node.value)


def is_empty_value(node: Node) -> bool:
    """An empty value an edit may replace by a block: `key:`, `key: ~`/`null`, `{}` or `[]`."""
    one_line = bool(node.start_mark.line == node.end_mark.line)
    if isinstance(node, ScalarNode):
        return node.tag == "tag:yaml.org,2002:null" and one_line
    return (
        isinstance(node, CollectionNode) and bool(node.flow_style) and not node.value and one_line
    )


def last_line(p: Parsed, node: Node) -> int:
    """The last line holding text of `node`. A block scalar ends before its trailing blank
    lines, unless it keeps them (`|+`, `>+`): they are then part of its value."""
    end: int = node.end_mark.line
    if isinstance(node, ScalarNode):
        if node.style not in ("|", ">"):
            return end
        line = end - (1 if node.end_mark.column == 0 else 0)
        if keeps_trailing_lines(p, node):
            return line
        while line > node.start_mark.line and is_blank(p.lines[line]):
            line -= 1
        return line
    if not isinstance(node, CollectionNode) or node.flow_style or not node.value:
        return end
    if isinstance(node, MappingNode):
        key, value = node.value[-1]
        return entry_last_line(p, key, value)
    last = node.value[-1]
    if p.aliases:
        written = _last_dash_line(p, node)
        if last.start_mark.line < written:  # an alias: its node's marks are the anchor's
            return _alias_line(p, written, node.start_mark.column + 1)
    return max(int(last.start_mark.line), last_line(p, last))


def entry_last_line(p: Parsed, key: Node, value: Node) -> int:
    """The last line holding text of the mapping entry `key: value`."""
    end = key.end_mark
    if p.aliases and (value.start_mark.line, value.start_mark.column) < (end.line, end.column):
        return _alias_line(p, end.line, end.column)  # an alias: its node's marks are the anchor's
    return max(int(end.line), last_line(p, value))


# An alias (`*name`) stands for the anchored node itself, so that node's marks say where the
# anchor is, always earlier in the text: where the alias is written is read from the text.
# Only a file with aliases is read so (its marks are fresh: it is re-read whole on each edit).


def _alias_line(p: Parsed, line: int, column: int) -> int:
    """The line of an alias written after `column` of `line` (after a key or a dash): that
    line when the alias is on it, else the next line that holds more than blanks and
    comments."""
    rest = p.lines[line][column:].split("#", 1)[0].strip(" :-\t\r\n")
    if rest:
        return line
    following = line + 1
    while following < len(p.lines) - 1 and (
        is_blank(p.lines[following]) or is_comment(p.lines[following])
    ):
        following += 1
    return following


def _last_dash_line(p: Parsed, sequence: Node) -> int:
    """The line of the last item's dash of a block sequence: dashes are in the column of the
    first one, and a line that is less indented, or as indented without a dash, ends it."""
    column = sequence.start_mark.column
    last = sequence.start_mark.line
    for line in range(last + 1, len(p.lines)):
        text = p.lines[line]
        if is_blank(text) or is_comment(text):
            continue
        indent = len(text) - len(text.lstrip(" "))
        if indent < column or (indent == column and not text[column:].startswith("-")):
            break
        if indent == column:
            last = line
    return last


def keeps_trailing_lines(p: Parsed, node: ScalarNode) -> bool:
    """Whether a block scalar's header says `+` (keep): its trailing blank lines are content."""
    header = p.lines[node.start_mark.line][node.start_mark.column :]
    start = min((header.find(c) for c in "|>" if c in header), default=-1)
    indicators = header[start + 1 :].split("#", 1)[0].split()
    return bool(indicators) and "+" in indicators[0]


def mapping_entries(p: Parsed, node: MappingNode) -> list[Entry]:
    return [
        Entry(
            key.start_mark.line,
            entry_last_line(p, key, value),
            key.start_mark.column,
            key if isinstance(key, ScalarNode) else None,
            value,
        )
        for key, value in node.value
    ]


MERGE: Any = object()  # the key of a `<<:` entry


def key_value(key: Node | None) -> Any:
    """A mapping key as the agent reads it (`on:` is True); MERGE for `<<`; None for keys that
    are not scalars."""
    if not isinstance(key, ScalarNode):
        return None
    if key.tag == STR_TAG:
        return key.value
    if key.tag == MERGE_TAG:
        return MERGE
    return yaml.load(key.value, Loader=yaml.CSafeLoader)


def same_key(a: Any, b: Any) -> bool:
    """Keys equal as the agent reads them (`True` is not `1`)."""
    return type(a) is type(b) and a == b


def find_entry(p: Parsed, node: MappingNode, name: str) -> Entry | None:
    for key, value in node.value:
        if isinstance(key, ScalarNode) and key.tag == STR_TAG and key.value == name:
            line = key.start_mark.line
            return Entry(line, max(line, last_line(p, value)), key.start_mark.column, key, value)
    return None


def item_entry(p: Parsed, seq: SequenceNode, index: int) -> Entry:
    """Route item `index` of a block list, from its `-` line to its last line."""
    if p.aliases:
        return _item_entries(p, seq)[index]
    return _genuine_item(p, seq.value[index], index)


def _genuine_item(p: Parsed, item: Node, index: int) -> Entry:
    """The entry of an item written where its node is (not an alias)."""
    line, col = item.start_mark.line, item.start_mark.column
    prefix = p.lines[line][:col]
    if prefix.strip().startswith("-"):
        return Entry(line, last_line(p, item), len(prefix) - len(prefix.lstrip()), None, item)
    for k in range(line - 1, -1, -1):
        stripped = p.lines[k].lstrip()
        if stripped.startswith("-"):
            return Entry(k, last_line(p, item), len(p.lines[k]) - len(stripped), None, item)
        if stripped and not stripped.startswith("#"):
            break
    raise EditError(f"the dash of route {index} was not found")


def _item_entries(p: Parsed, seq: SequenceNode) -> list[Entry]:
    """Every item of a block list in a file with aliases: an item whose node starts before the
    end of the previous one is an alias (`- *name`), written on its own dash line."""
    key = ("items", id(seq))
    if key not in p.cache:
        entries: list[Entry] = []
        cursor = seq.start_mark.line - 1
        for index, item in enumerate(seq.value):
            if item.start_mark.line > cursor:
                entries.append(_genuine_item(p, item, index))
            else:
                entries.append(_alias_item(p, item, index, cursor))
            cursor = entries[-1].last
        p.cache[key] = entries
    return cast(list[Entry], p.cache[key])


def _alias_item(p: Parsed, item: Node, index: int, after: int) -> Entry:
    line = next_content_line(p, after + 1)
    stripped = p.lines[line].lstrip() if line < len(p.lines) else ""
    if not (stripped.startswith("-") and stripped[1:].lstrip().startswith("*")):
        raise EditError(f"route {index} is an alias routedeck cannot find in the text")
    return Entry(line, line, len(p.lines[line]) - len(stripped), None, item, alias=True)


def next_content_line(p: Parsed, line: int) -> int:
    """The first line from `line` on that is neither blank nor a comment (len(lines) if none)."""
    while line < len(p.lines) and (is_blank(p.lines[line]) or is_comment(p.lines[line])):
        line += 1
    return line


def indentation(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def attached_start(p: Parsed, first: int, floor: int) -> int:
    """First line of the comment lines directly above line `first` (no blank line between),
    never at or above `floor`; the top ones indented deeper than line `first` are not attached
    (they trail the entry above, see `trailing_end`)."""
    start = first
    while start - 1 > floor and is_comment(p.lines[start - 1]):
        start -= 1
    col = indentation(p.lines[first])
    while start < first and indentation(p.lines[start]) > col:
        start += 1
    return start


def trailing_end(p: Parsed, entry: Entry) -> int:
    """The last line of `entry` with the comment lines directly below it that are indented
    deeper than it: they comment its content (e.g. a commented-out key) and go with it."""
    last = entry.last
    while (
        last + 1 < len(p.lines)
        and is_comment(p.lines[last + 1])
        and indentation(p.lines[last + 1]) > entry.col
    ):
        last += 1
    return last


def value_span(node: Node) -> tuple[int, int, int] | None:
    """(line, start column, end column) of a value written on one line, else None."""
    if node.start_mark.line != node.end_mark.line:
        return None
    if isinstance(node, ScalarNode) and node.style in ("|", ">"):
        return None
    return node.start_mark.line, node.start_mark.column, node.end_mark.column


def source_text(p: Parsed, node: Node) -> str:
    """The text of `node` as written."""
    start, end = node.start_mark, node.end_mark
    if start.line == end.line:
        return p.lines[start.line][start.column : end.column]
    parts = [p.lines[start.line][start.column :]]
    parts.extend(p.lines[start.line + 1 : end.line])
    parts.append(p.lines[end.line][: end.column] if end.line < len(p.lines) else "")
    return "".join(parts).rstrip()


def split_comment(line: str, after: int) -> tuple[str, str]:
    """Split `line` (no line break) at column `after` into (code, end-of-line comment with the
    spaces before it); the comment is "" when there is none."""
    rest = line[after:]
    stripped = rest.lstrip(" \t")
    if stripped.startswith("#") and (len(stripped) < len(rest) or after == 0):
        return line[:after], rest
    return line, ""


def strip_break(line: str) -> tuple[str, str]:
    """(line without its line break, the break)."""
    body = line.rstrip("\r\n")
    return body, line[len(body) :]


def value_of(node: Node | None, name: str) -> Node | None:
    """The value node of the string key `name` in a mapping node; None when there is none."""
    if not isinstance(node, MappingNode):
        return None
    pairs: list[tuple[Node, Node]] = node.value
    for key, value in pairs:
        if isinstance(key, ScalarNode) and key.tag == STR_TAG and key.value == name:
            return value
    return None


def entry_node(model: Node | None, origin: Origin) -> Node | None:
    """Under the `model:` value node: the node of a route item, or of a legacy shorthand
    entry's value; None when there is no such entry."""
    if origin.key is WHOLE_SECTION:
        return None
    section = value_of(model, origin.section)
    if not origin.legacy:
        if isinstance(section, SequenceNode) and isinstance(origin.key, int):
            items: list[Node] = section.value
            return items[origin.key] if 0 <= origin.key < len(items) else None
        return None
    if isinstance(section, MappingNode):
        pairs: list[tuple[Node, Node]] = section.value
        for key, value in pairs:
            if same_key(key_value(key), origin.key):
                return value
    return None
