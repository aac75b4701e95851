"""Edits of the `model:` block as splices of whole lines of the original text.

Every edit function takes a parsed text and returns its `Splice`s: line ranges of that text and
the lines that replace them. Nothing here verifies the result (the document does, by re-reading
what the splices wrote). Lines outside the spliced ranges are never touched, so every comment
outside them survives by construction; inside them, comments travel with what owns them
(SPEC §6): a route's attached and trailing comments with the route, a key's end-of-line comment
with the key, whatever its new value.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, replace
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from routedeck.document.compare import same
from routedeck.document.errors import EditError
from routedeck.document.layout import (
    MERGE,
    Entry,
    attached_start,
    find_entry,
    is_blank,
    is_block,
    is_comment,
    is_empty_value,
    item_entry,
    keeps_trailing_lines,
    key_value,
    last_line,
    mapping_entries,
    source_text,
    split_comment,
    strip_break,
    trailing_end,
    value_span,
)
from routedeck.document.parse import STR_TAG, Parsed
from routedeck.document.render import Style, entry_lines, flow, item_lines, route_lines, scalar
from routedeck.routing import BASE_FIELDS

BASE_KEYS = (*BASE_FIELDS, "model", "context_length")


@dataclass(frozen=True)
class Splice:
    """Replace lines [start, end) by `lines` (each with its line break)."""

    start: int
    end: int
    lines: list[str]


def finish(p: Parsed, splices: list[Splice]) -> list[Splice]:
    """The splices made ready to apply: sorted, adjacent ones merged, every written line ending
    with the file's line break except where the file has no final one (it keeps lacking one),
    and no line rewritten as itself."""
    merged: list[Splice] = []
    for splice in sorted(splices, key=lambda s: (s.start, s.end)):
        lines = [line if line.endswith(("\n", "\r")) else line + p.newline for line in splice.lines]
        if merged and merged[-1].end >= splice.start:
            last = merged.pop()
            if last.end > splice.start:
                raise EditError("routedeck placed two parts of this edit on the same lines")
            splice = Splice(last.start, splice.end, last.lines + lines)
        else:
            splice = Splice(splice.start, splice.end, lines)
        merged.append(splice)
    if merged and p.lines and not p.lines[-1].endswith(("\n", "\r")):
        merged = _without_final_break(p, merged)
    return trimmed(p, merged)


def trimmed(p: Parsed, splices: list[Splice]) -> list[Splice]:
    """The splices without the lines they would rewrite unchanged."""
    return [found for splice in splices if (found := _trimmed(p, splice)) is not None]


def _without_final_break(p: Parsed, splices: list[Splice]) -> list[Splice]:
    """For a file without a final line break: the splice that reaches the end leaves the last
    line without one (taking in the line above when it deletes the end, or the splice that
    writes that line, so that no two splices ever cover the same line)."""
    *earlier, last = splices
    end = len(p.lines)
    if last.end < end:
        return splices
    start, lines = last.start, list(last.lines)
    if start == end and start > 0:  # appending after a last line that has no break
        start, lines = start - 1, [p.lines[start - 1] + p.newline, *lines]
    while not lines:  # deleting the end: the last line above that is not blank becomes the last
        while start > 0 and is_blank(p.lines[start - 1]):
            start -= 1
        if earlier and earlier[-1].end >= start:  # that line is one another splice writes
            previous = earlier.pop()
            start, lines = previous.start, list(previous.lines)
            while lines and is_blank(lines[-1]):
                lines.pop()
            continue
        if start > 0:
            start, lines = start - 1, [p.lines[start - 1]]
        break
    if lines:
        lines[-1] = lines[-1].rstrip("\r\n")
    return [*earlier, Splice(start, end, lines)]


def _trimmed(p: Parsed, splice: Splice) -> Splice | None:
    """The splice without the lines it would rewrite unchanged (None when that is all)."""
    start, end, lines = splice.start, splice.end, splice.lines
    head = 0
    while head < len(lines) and start + head < end and lines[head] == p.lines[start + head]:
        head += 1
    tail = 0
    while (
        tail < len(lines) - head
        and end - tail > start + head
        and lines[-1 - tail] == p.lines[end - 1 - tail]
    ):
        tail += 1
    start, end, lines = start + head, end - tail, lines[head : len(lines) - tail]
    return Splice(start, end, lines) if lines or start < end else None


# ---------------------------------------------------------------- where the model block is


@dataclass(frozen=True)
class Model:
    """The `model:` entry of a parsed text and, when it is a block mapping, its `routes:`."""

    p: Parsed
    entry: Entry | None

    @classmethod
    def of(cls, p: Parsed) -> Model:
        return cls(p, find_entry(p, p.root, "model") if p.root is not None else None)

    @property
    def mapping(self) -> MappingNode | None:
        node = self.entry.value if self.entry else None
        return node if isinstance(node, MappingNode) and is_block(node) else None

    def find(self, name: str) -> Entry | None:
        return find_entry(self.p, self.mapping, name) if self.mapping else None

    def routes(self) -> tuple[Entry, SequenceNode]:
        """The `routes:` entry and its block list; EditError when it is not one."""
        entry = self.find("routes")
        seq = entry.value if entry is not None else None
        if entry is None or not isinstance(seq, SequenceNode) or not seq.value:
            raise EditError("there is no route list to edit")
        if seq.flow_style:
            raise EditError("model.routes is written on one line ([...]); make it a block list")
        return entry, seq


# ---------------------------------------------------------------- the file's style


def file_indents(p: Parsed) -> tuple[int, int]:
    """(mapping indentation step, sequence dash offset under its key), as first used in the
    file; (2, 2) when it has no block mapping or list to learn from."""
    if "indents" not in p.cache:
        p.cache["indents"] = _file_indents(p)
    found: tuple[int, int] = p.cache["indents"]
    return found


def _file_indents(p: Parsed) -> tuple[int, int]:
    step: int | None = None
    offset: int | None = None
    queue: deque[Node] = deque([p.root] if p.root is not None else [])
    seen: set[int] = set()
    while queue and (step is None or offset is None):
        node = queue.popleft()
        if id(node) in seen or not isinstance(node, MappingNode) or node.flow_style:
            continue
        seen.add(id(node))
        for key, value in node.value:
            if isinstance(value, MappingNode) and is_block(value):
                queue.append(value)
                gap = value.value[0][0].start_mark.column - key.start_mark.column
                step = step or (gap if gap > 0 else None)
            elif isinstance(value, SequenceNode) and is_block(value) and offset is None:
                offset = _dash_offset(p, value, key)
    return step or 2, 2 if offset is None else offset


def _dash_offset(p: Parsed, seq: SequenceNode, key: Node) -> int | None:
    try:
        return item_entry(p, seq, 0).col - key.start_mark.column
    except EditError:
        return None


def root_column(p: Parsed) -> int:
    """The column of the top-level keys."""
    return p.root.value[0][0].start_mark.column if p.root is not None and p.root.value else 0


def route_style(p: Parsed, model: Model) -> Style:
    """The style of new route items: learnt from the existing routes, else from the file."""
    step, offset = file_indents(p)
    routes = model.find("routes")
    seq = routes.value if routes and isinstance(routes.value, SequenceNode) else None
    first = _first_written_item(p, seq) if seq is not None and is_block(seq) else None
    one_line = False
    if first is not None:
        item = first.value
        on_dash = isinstance(item, MappingNode) and item.start_mark.line == first.first
        dash, key_col = first.col, item.start_mark.column if on_dash else first.col + 2
        one_line = isinstance(item, MappingNode) and bool(item.flow_style) and on_dash
    else:
        base = model.entry.col + step if model.entry else step
        if model.mapping is not None:
            base = model.mapping.value[0][0].start_mark.column
        dash = (routes.col if routes else base) + offset
        key_col = dash + 2
    quoting = _quoting(_pairs(seq) or _pairs(model.mapping))
    style = Style(dash, key_col, step, one_line=one_line, newline=p.newline, **quoting)
    return _match_style(p, seq, style) if isinstance(seq, SequenceNode) else style


def _first_written_item(p: Parsed, seq: SequenceNode) -> Entry | None:
    """The first item of a block list that is written out (not an alias), among the first 50."""
    for index in range(min(len(seq.value), 50)):
        entry = item_entry(p, seq, index)
        if not entry.alias:
            return entry
    return None


def _match_style(p: Parsed, seq: SequenceNode, style: Style) -> Style:
    """`style` with the block/flow `match` of the first route that has a non-empty one."""
    for item in seq.value[:50]:
        match = find_entry(p, item, "match") if isinstance(item, MappingNode) else None
        if match is None or not isinstance(match.value, MappingNode) or not match.value.value:
            continue
        if match.value.flow_style:
            spaced = source_text(p, match.value)[1:2] == " "
            return replace(style, flow_match=True, flow_spaces=spaced)
        step = match.value.value[0][0].start_mark.column - match.col
        return replace(style, flow_match=False, step=step)
    return style


def _quoting(pairs: list[tuple[Any, Node]]) -> dict[str, Any]:
    """Style fields learnt from (key, value node) pairs: the quote character used most ('"'
    when none), whether quoted strings outnumber plain ones, and that per key."""
    counts: dict[Any, list[int]] = {}
    for key, node in pairs:
        if isinstance(node, ScalarNode) and node.tag == STR_TAG and node.style not in ("|", ">"):
            tally = counts.setdefault(key, [0, 0, 0])  # plain, double, single
            tally[("", '"', "'").index(node.style or "")] += 1
    plain, double, single = (sum(t[i] for t in counts.values()) for i in range(3))
    return {
        "quote": "'" if single > double else '"',
        "always_quote": double + single > plain,
        "quoted": frozenset(k for k, t in counts.items() if t[1] + t[2] > t[0]),
        "plain": frozenset(k for k, t in counts.items() if t[1] + t[2] <= t[0]),
    }


def _pairs(node: Node | None, limit: int = 40) -> list[tuple[Any, Node]]:
    """(key, value node) of a mapping, of the mappings in a list (the first `limit`), and of
    their `match` mappings (as key "match")."""
    if isinstance(node, SequenceNode):
        return [pair for item in node.value[:limit] for pair in _pairs(item, limit)]
    if not isinstance(node, MappingNode):
        return []
    pairs: list[tuple[Any, Node]] = []
    for key, value in node.value[:limit]:
        name = key.value if isinstance(key, ScalarNode) else None
        if name == "match" and isinstance(value, MappingNode):
            pairs += [("match", inner) for _, inner in value.value]
        else:
            pairs.append((name, value))
    return pairs


# ---------------------------------------------------------------- route list edits


def insert_route(p: Parsed, index: int, route: Any) -> list[Splice]:
    """Insert `route` at `index`, above the comments attached to the route now there; blank
    lines separate it from its neighbours when they are separated so."""
    model = Model.of(p)
    style = route_style(p, model)
    new = [line + p.newline for line in route_lines(route, style)]
    routes = model.find("routes")
    if routes is None or not is_block(routes.value):
        return create_entry(p, model, "routes", new)
    entry, seq = model.routes()
    return [_insertion(p, entry, seq, index, new, keeps_blank_lines=False)]


def _insertion(
    p: Parsed,
    routes: Entry,
    seq: SequenceNode,
    index: int,
    unit: list[str],
    keeps_blank_lines: bool,
) -> Splice:
    """The splice that puts the lines of a whole route (`unit`) at `index` of `seq`. A comment
    left directly above it that is not its own (one that no route owns) is kept apart from it
    by a blank line; no blank line is added where a block scalar that keeps its trailing blank
    lines (`|+`) would take it in."""
    blank = [p.newline] if is_blank_separated(p, seq) else []
    count = len(seq.value)
    if index >= count:
        last = item_entry(p, seq, count - 1)
        at = trailing_end(p, last) + 1
        lead = [] if ends_keeping_blank_lines(p, last.value) else blank
        return Splice(at, at, lead + unit)
    floor = trailing_end(p, item_entry(p, seq, index - 1)) if index else routes.first
    at = attached_start(p, item_entry(p, seq, index).first, floor)
    apart = [p.newline] if at - 1 > floor and is_comment(p.lines[at - 1]) else []
    return Splice(at, at, apart + unit + ([] if keeps_blank_lines else blank))


def ends_keeping_blank_lines(p: Parsed, node: Node) -> bool:
    """Whether `node` ends with a block scalar that keeps its trailing blank lines (`|+`)."""
    while isinstance(node, MappingNode | SequenceNode) and node.value and not node.flow_style:
        last = node.value[-1]
        node = last[1] if isinstance(node, MappingNode) else last
    return (
        isinstance(node, ScalarNode) and node.style in ("|", ">") and keeps_trailing_lines(p, node)
    )


def is_blank_separated(p: Parsed, seq: SequenceNode) -> bool:
    """Whether the items are separated by blank lines (judged between the first two)."""
    if len(seq.value) < 2:
        return False
    first, second = item_entry(p, seq, 0), item_entry(p, seq, 1)
    return any(is_blank(line) for line in p.lines[first.last + 1 : second.first])


@dataclass(frozen=True)
class _Unit:
    """A route's lines with its attached and trailing comments: [start, end), and the last line
    of the route before it (or the `routes:` line)."""

    entry: Entry
    floor: int
    start: int
    end: int


def _unit(p: Parsed, routes: Entry, seq: SequenceNode, index: int) -> _Unit:
    item = item_entry(p, seq, index)
    floor = trailing_end(p, item_entry(p, seq, index - 1)) if index else routes.first
    return _Unit(item, floor, attached_start(p, item.first, floor), trailing_end(p, item) + 1)


def delete_route(p: Parsed, index: int) -> list[Splice]:
    """Delete a route with its attached and trailing comments; the last one leaves
    `routes: []`."""
    routes, seq = Model.of(p).routes()
    unit = _unit(p, routes, seq, index)
    if len(seq.value) == 1:
        return [_key_line(p, routes, " []"), Splice(unit.start, unit.end, [])]
    return [_removal(p, seq, index, unit)]


def _removal(p: Parsed, seq: SequenceNode, index: int, unit: _Unit) -> Splice:
    """The splice that takes a route's lines out, with one of the blank-line gaps around it. A
    comment that no route owns, left directly above the next route, is kept apart from it by a
    blank line."""
    start, end = unit.start, unit.end
    if index:
        if all(is_blank(line) for line in p.lines[unit.floor + 1 : start]):
            start = unit.floor + 1
    else:
        after = attached_start(p, item_entry(p, seq, 1).first, end - 1)
        if all(is_blank(line) for line in p.lines[end:after]):
            end = after
    followed = index < len(seq.value) - 1 and end < len(p.lines) and not is_blank(p.lines[end])
    above = start - 1 > unit.floor and is_comment(p.lines[start - 1])
    return Splice(start, end, [p.newline] if followed and above else [])


def move_route(p: Parsed, src: int, dst: int) -> list[Splice]:
    """Move route `src` (its lines and attached and trailing comments) so it ends up at index
    `dst`: it is taken out as a delete does and put in as an insert does, so the blank lines and
    the comments no route owns stay between the routes they were between."""
    if src == dst:
        return []
    routes, seq = Model.of(p).routes()
    unit = _unit(p, routes, seq, src)
    lines = p.lines[unit.start : unit.end]
    keeps = ends_keeping_blank_lines(p, unit.entry.value) and not unit.entry.alias
    before = dst + 1 if dst > src else dst
    return [
        _removal(p, seq, src, unit),
        _insertion(p, routes, seq, before, lines, keeps_blank_lines=keeps),
    ]


def update_route(p: Parsed, index: int, old: Any, new: Any) -> list[Splice]:
    """Make route `index` equal to `new`, rewriting only the keys that changed."""
    model = Model.of(p)
    _, seq = model.routes()
    item = item_entry(p, seq, index)
    style = route_style(p, model)
    node = item.value
    both_mappings = isinstance(old, dict) and isinstance(new, dict)
    if not item.alias and isinstance(node, MappingNode) and is_block(node) and both_mappings:
        splice = update_mapping(p, node, old, new, style)
        if splice is not None:
            return [splice]
    span = value_span(node)
    if not item.alias and node.start_mark.line == item.first and span is not None:
        body, brk = strip_break(p.lines[item.first])
        spaced = replace(style, flow_spaces=source_text(p, node)[1:2] == " ")
        return [Splice(item.first, item.first + 1, [_in_line(body, span, flow(new, spaced)) + brk])]
    style = replace(style, dash_col=item.col, key_col=item.col + style.key_col - style.dash_col)
    notes = _comment_lines(p, item.first + 1, item.last, item.col)
    dash_note = _dash_comment(p, item)  # `-  # c` or `- *name  # c`: the route's comment
    if dash_note:
        notes.insert(0, " " * item.col + dash_note + p.newline)
    lines = [line + p.newline for line in route_lines(new, replace(style, one_line=False))]
    return [Splice(item.first, item.last + 1, notes + lines)]


def _dash_comment(p: Parsed, item: Entry) -> str:
    """The end-of-line comment of a dash line that holds no key: `-  # c`, `- *name  # c`."""
    body = strip_break(p.lines[item.first])[0].lstrip()[1:].lstrip()
    if item.alias:
        body = body.split(None, 1)[1] if len(body.split(None, 1)) > 1 else ""
    elif item.value.start_mark.line == item.first:
        return ""
    return body.strip() if body.strip().startswith("#") else ""


def _comment_lines(p: Parsed, first: int, last: int, col: int) -> list[str]:
    """The full-line comments among lines [first, last], re-indented to column `col`."""
    return [" " * col + line.lstrip() for line in p.lines[first : last + 1] if is_comment(line)]


# ---------------------------------------------------------------- mapping edits


def update_mapping(
    p: Parsed,
    node: MappingNode,
    old: dict[Any, Any],
    new: dict[Any, Any],
    style: Style,
    after: tuple[str, ...] | None = None,
) -> Splice | None:
    """Rewrite the entries of a block mapping so it reads as `new`: unchanged entries keep their
    lines, a changed value is replaced in place (keeping its end-of-line comment), removed keys
    lose their lines, new keys are appended (after the last entry whose key is in `after`, when
    given). None when nothing of the mapping would remain (the caller re-renders it)."""
    entries = mapping_entries(p, node)
    keys = [key_value(entry.key) for entry in entries]
    present = set(keys)
    added = [
        (k, v) for k, v in new.items() if k not in present and (k not in old or not same(old[k], v))
    ]
    col = entries[0].col
    added_lines = [line + p.newline for k, v in added for line in entry_lines(k, v, col, style)]
    anchor = _anchor(entries, keys, after)
    out: list[str] = []
    head: int | None = None  # where the first surviving or added entry starts in `out`
    cursor = entries[0].first
    for entry, key in zip(entries, keys, strict=True):
        out += p.lines[cursor : entry.first]
        kept = key is MERGE or (key in new and same(old.get(key), new[key]))
        if kept or key in new:
            head = len(out) if head is None else head
            out += (
                p.lines[entry.first : entry.last + 1]
                if kept
                else replace_entry(p, entry, key, old.get(key), new[key], style)
            )
        cursor = entry.last + 1
        if entry is anchor and added_lines:  # below the comments trailing the anchor
            below = trailing_end(p, entry) + 1
            out += p.lines[cursor:below]
            cursor = below
            head = len(out) if head is None else head
            out += added_lines
    if head is None:
        return None
    prefix = p.lines[entries[0].first][:col]
    if prefix.strip() == "-" and not out[head].startswith(prefix):
        out = _dash_moved(out, head, prefix, col)
    return Splice(entries[0].first, max(entries[-1].last + 1, cursor), out)


def _dash_moved(out: list[str], head: int, prefix: str, col: int) -> list[str]:
    """The item's lines with its dash moved to its new first key (`out[head]`); the comment
    lines that were between the dash and that key go above the dash, at its column, where they
    still read as the route's (indented under the route above, they would read as its)."""
    dash_col = len(prefix) - len(prefix.lstrip())
    above = [" " * dash_col + line.lstrip() if is_comment(line) else line for line in out[:head]]
    return [*above, prefix + out[head][col:], *out[head + 1 :]]


def _anchor(entries: list[Entry], keys: list[Any], after: tuple[str, ...] | None) -> Entry:
    if after is not None:
        for index in reversed(range(len(entries))):
            if keys[index] in after:
                return entries[index]
    return entries[-1]


def replace_entry(p: Parsed, entry: Entry, key: Any, old: Any, new: Any, style: Style) -> list[str]:
    """The lines of `key: new` replacing `entry` (whose value reads as `old`). The end-of-line
    comment of the key line stays on it whatever the new value, and the comment lines inside
    the old value stay below it."""
    value = entry.value
    body, brk = strip_break(p.lines[entry.first])
    span = value_span(value)
    on_key_line = span is not None and span[0] == entry.first and entry.last == entry.first
    block_match = (
        key == "match" and isinstance(new, dict) and bool(new) and not style.flow_match
    ) and not (isinstance(value, MappingNode) and value.flow_style)
    if on_key_line and span is not None and not block_match:
        if isinstance(value, ScalarNode) and not isinstance(new, dict | list):
            return [_in_line(body, span, _like(value, new, style)) + brk]
        if isinstance(value, MappingNode | SequenceNode) and value.value:
            style = replace(style, flow_spaces=source_text(p, value)[1:2] == " ")
        return [_in_line(body, span, flow(new, style.for_key(key))) + brk]
    nested = isinstance(old, dict) and isinstance(new, dict) and bool(new)
    if nested and isinstance(value, MappingNode) and is_block(value):
        inner = update_mapping(p, value, old, new, style)
        if inner is not None:
            return (
                p.lines[entry.first : inner.start]
                + inner.lines
                + p.lines[inner.end : entry.last + 1]
            )
    comment = _key_comment(p, entry)
    prefix = body[: entry.col]
    if isinstance(value, SequenceNode) and is_block(value) and isinstance(new, list) and new:
        lines = _block_list(p, entry, value, new, style, comment)
    else:
        lines = entry_lines(key, new, entry.col, style, prefix, comment)
    notes = _comment_lines(p, entry.first + 1, entry.last, entry.col + style.step)
    return [line + p.newline for line in lines] + notes


def _block_list(
    p: Parsed, entry: Entry, seq: SequenceNode, new: list[Any], style: Style, comment: str
) -> list[str]:
    """`key:` and a block list of `new`, in the old list's indentation; item i keeps the
    end-of-line comment of the old item i."""
    key_end = entry.key.end_mark.column if entry.key is not None else entry.col
    head = strip_break(p.lines[entry.first])[0][:key_end] + ":" + comment
    dash_col = item_entry(p, seq, 0).col
    lines = [head]
    for number, value in enumerate(new):
        note = ""
        if number < len(seq.value):
            item = item_entry(p, seq, number)
            note = _eol_after(p, item.first, last_line(p, item.value), item.value)
        lines += item_lines(value, dash_col, style, note)
    return lines


def _key_comment(p: Parsed, entry: Entry) -> str:
    """The end-of-line comment of an entry's key line, with the spaces before it ("" if none)."""
    value = entry.value
    if value.start_mark.line == entry.first:
        if value.end_mark.line != entry.first:
            return ""
        return _eol_after(p, entry.first, entry.first, value)
    body, _ = strip_break(p.lines[entry.first])
    return split_comment(body, _colon(body, entry) + 1)[1]


def _colon(body: str, entry: Entry) -> int:
    """The column of the colon after an entry's key on its key line."""
    key = entry.key
    colon = body.find(":", key.end_mark.column if key is not None else entry.col)
    if colon < 0:  # `? key` written over several lines
        raise EditError("a key written as `? key` is not one routedeck can edit; write `key:`")
    return colon


def _eol_after(p: Parsed, line: int, last: int, node: Node) -> str:
    """The end-of-line comment after `node` when it is written on `line` alone."""
    if line != last or node.end_mark.line != line:
        return ""
    body, _ = strip_break(p.lines[line])
    return split_comment(body, node.end_mark.column)[1]


def _like(node: ScalarNode, value: Any, style: Style) -> str:
    """`value` as a scalar quoted the way `node` was (when the value allows it)."""
    if node.style in ('"', "'"):
        return scalar(value, node.style, plain=False)
    return scalar(value, style.quote)


def _in_line(body: str, span: tuple[int, int, int], text: str) -> str:
    """Replace columns [start, end) of the span's line by `text`; an end-of-line comment keeps
    its column when the padding before it allows (and at least its original padding, up to two
    spaces)."""
    _, start, end = span
    if start == end:
        text = " " + text
    rest = body[end:]
    if rest.strip().startswith("#"):
        pad = len(rest) - len(rest.lstrip(" "))
        rest = " " * max(min(pad, 2), pad - (len(text) - (end - start))) + rest.lstrip(" ")
    return body[:start] + text + rest


# ---------------------------------------------------------------- creating model: / routes:


def create_entry(p: Parsed, model: Model, name: str, child: list[str]) -> list[Splice]:
    """Give `model.<name>` the block `child` lines (already indented for it), creating
    `model:` or `<name>:` as needed."""
    step, _ = file_indents(p)
    if model.entry is None:
        col = root_column(p)
        head = [" " * col + "model:" + p.newline, " " * (col + step) + name + ":" + p.newline]
        return [Splice(len(p.lines), len(p.lines), head + child)]
    entry = model.find(name)
    if entry is not None:
        if not is_empty_value(entry.value) or entry.value.start_mark.line != entry.first:
            raise EditError(f"model.{name} is not a block list or mapping routedeck can edit")
        return [Splice(entry.first, entry.first + 1, [_open_key_line(p, entry), *child])]
    col, at = _model_children(p, model.entry, model.mapping, step)
    return [Splice(at.start, at.end, [*at.lines, " " * col + name + ":" + p.newline, *child])]


def _model_children(
    p: Parsed, entry: Entry, mapping: MappingNode | None, step: int
) -> tuple[int, Splice]:
    """(column of model's keys, a splice that ends right where a new key of model goes):
    after the last entry of a block mapping; an empty or bare-string `model:` is opened."""
    if mapping is not None:
        entries = mapping_entries(p, mapping)
        at = trailing_end(p, entries[-1]) + 1
        return entries[0].col, Splice(at, at, [])
    col = entry.col + step
    if is_empty_value(entry.value) and entry.value.start_mark.line == entry.first:
        return col, Splice(entry.first, entry.first + 1, [_open_key_line(p, entry)])
    return col, _bare_to_mapping(p, entry, col)


def _open_key_line(p: Parsed, entry: Entry) -> str:
    """The key line of an empty value with the value taken out: `routes: []  # c` becomes
    `routes:  # c`."""
    body, brk = strip_break(p.lines[entry.first])
    value = entry.value
    _, comment = split_comment(body, value.end_mark.column)
    return body[: value.start_mark.column].rstrip() + comment + brk


def _bare_to_mapping(p: Parsed, entry: Entry, col: int) -> Splice:
    """`model: "x"  # c` becomes `model:` + `  default: "x"  # c`."""
    value = entry.value
    span = value_span(value)
    if not isinstance(value, ScalarNode) or span is None or span[0] != entry.first:
        raise EditError("model: is neither a mapping nor a one-line string routedeck can edit")
    body, brk = strip_break(p.lines[entry.first])
    text = body[span[1] : span[2]]
    _, comment = split_comment(body, span[2])
    key_line = body[: span[1]].rstrip() + brk
    default_line = " " * col + "default: " + text + comment + brk
    return Splice(entry.first, entry.first + 1, [key_line, default_line])


# ---------------------------------------------------------------- base model fields


def set_base_field(p: Parsed, old: dict[Any, Any], new: dict[Any, Any]) -> list[Splice]:
    """Rewrite `model:` so it reads as `new` (a mapping differing from `old`, the model block as
    a mapping, in one base field). A bare-string `model:` stays bare while only `default`
    changes; it becomes a mapping (keeping its comment) when another field is set."""
    model = Model.of(p)
    step, _ = file_indents(p)
    pairs = _pairs(model.mapping) or ([("default", model.entry.value)] if model.entry else [])
    style = Style(step=step, newline=p.newline, flow_match=False, **_quoting(pairs))
    entry = model.entry
    if entry is not None and model.mapping is not None:
        splice = update_mapping(p, model.mapping, old, new, style, after=BASE_KEYS)
        if splice is None:  # the last field went: `model: {}`
            return [_key_line(p, entry, " {}"), Splice(entry.first + 1, entry.last + 1, [])]
        return [splice]
    value = entry.value if entry is not None else None
    if (
        entry is not None
        and value is not None
        and (isinstance(value, ScalarNode) or is_empty_value(value))
    ):
        bare = isinstance(value, ScalarNode) and not is_empty_value(value)
        if bare and isinstance(value, ScalarNode) and set(new) <= {"default"}:
            text = _like(value, new["default"], style) if new else "{}"
            return [_whole_value(p, entry, text)]
        fields = {k: v for k, v in new.items() if not (bare and k == "default")}
        return _open_model(p, entry, fields, style)
    if entry is not None:
        raise EditError("model: is written in a form routedeck cannot edit ({...})")
    return _open_model(p, None, new, style)


def _open_model(
    p: Parsed, entry: Entry | None, fields: dict[Any, Any], style: Style
) -> list[Splice]:
    """Turn a missing, empty or bare-string `model:` into a block mapping with `fields` added."""
    if entry is None:
        col = root_column(p)
        head = Splice(len(p.lines), len(p.lines), [" " * col + "model:" + p.newline])
        col += style.step
    else:
        col, head = _model_children(p, entry, None, style.step)
    child = [
        line + p.newline
        for key, value in fields.items()
        for line in entry_lines(key, value, col, style)
    ]
    return [Splice(head.start, head.end, head.lines + child)]


def _key_line(p: Parsed, entry: Entry, text: str) -> Splice:
    """Put `text` right after the colon of the key line of `entry` (before any comment)."""
    body, brk = strip_break(p.lines[entry.first])
    colon = _colon(body, entry)
    line = body[: colon + 1] + text + body[colon + 1 :] + brk
    return Splice(entry.first, entry.first + 1, [line])


def _whole_value(p: Parsed, entry: Entry, text: str) -> Splice:
    """Replace the one-line value of `entry` by `text`."""
    span = value_span(entry.value)
    if span is None or span[0] != entry.first:
        raise EditError("model: is written over several lines; routedeck cannot rewrite it")
    body, brk = strip_break(p.lines[entry.first])
    return Splice(entry.first, entry.first + 1, [_in_line(body, span, text) + brk])
