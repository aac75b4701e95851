"""Comments and their owners, checked around every edit with ruamel's comment-aware scanner.

PyYAML drops comments, and a `#` inside a quoted string or a block scalar is no comment, so a
text search will not do: ruamel.yaml's round-trip scanner is the one Python YAML scanner that
keeps them. An edit re-reads only the lines around it (a *window*); the comments found there
before and after the edit are given owners by SPEC §6, and every comment must still be there
with the same owner, except the comments of a route or key the edit removed.

Owners (tuples): `()` no route; `("route", id, path)` a route's comment (`path` is the key path
of the entry whose line ends with it, `()` for the route's own lines, attached comments above
its dash and trailing comments below it); `("above", id)` a comment no route owns, directly
above route `id`; `("model", path)` the end-of-line comment of a `model:` entry;
`("legacy", section, key)` the comments of a `platforms:` / `by_source:` entry, and
`("section", section)` the heading of such a section.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from routedeck.document.errors import EditError
from routedeck.document.layout import (
    Entry,
    attached_start,
    indentation,
    is_comment,
    item_entry,
    key_value,
    mapping_entries,
    strip_break,
    trailing_end,
)
from routedeck.document.parse import Parsed
from routedeck.document.reread import Part, window_of

if TYPE_CHECKING:
    from ruamel.yaml.tokens import CommentToken

Owner = tuple[Any, ...]
LEGACY = ("platforms", "by_source")


@dataclass(frozen=True)
class Comment:
    """One comment line: its text from `#` on, the line it is on (0-based, in its window),
    whether code comes before it on that line, and its owner."""

    text: str
    line: int
    eol: bool
    owner: Owner = ()


# ---------------------------------------------------------------- finding comments


def scan_comments(lines: list[str]) -> list[Comment]:
    """Every comment line in `lines` (a whole YAML text), found by ruamel's scanner.

    A run of comment lines comes as one token, whose mark may be on the run's first line or on
    a line before it; the lines of each comment are found in the text, in order, from there.
    ruamel is imported here, on the first edit, not while the editor starts."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError as RuamelError

    text = "".join(lines)
    try:
        tokens = list(YAML(typ="rt").scan(text))
    except RuamelError as exc:
        raise EditError(f"routedeck cannot check the comments around this edit ({exc})") from None
    seen: dict[int, CommentToken] = {}
    for token in tokens:  # comments found later are attached to earlier tokens: scan first
        for found_token in _comment_tokens(token):
            seen.setdefault(id(found_token), found_token)
    ordered = sorted(seen.values(), key=lambda c: (c.start_mark.line, c.start_mark.column))
    found: list[Comment] = []
    cursor = 0
    for token in ordered:
        cursor = max(cursor, token.start_mark.line - 2)
        value: str = token.value
        for piece in value.split("\n"):
            comment = piece.strip()
            if comment:
                at = _line_ending_with(lines, comment, cursor)
                body = strip_break(lines[at])[0].rstrip()
                found.append(Comment(comment, at, bool(body[: -len(comment)].strip())))
                cursor = at + 1
    return found


def _line_ending_with(lines: list[str], comment: str, start: int) -> int:
    for at in range(start, len(lines)):
        body = strip_break(lines[at])[0].rstrip()
        if body.endswith(comment) and body[: -len(comment)][-1:] in ("", " ", "\t"):
            return at
    raise EditError("routedeck cannot check the comments around this edit")


def _comment_tokens(token: Any) -> Iterator[CommentToken]:
    from ruamel.yaml.tokens import CommentToken

    stack = [token if isinstance(token, CommentToken) else getattr(token, "_comment", None)]
    while stack:
        item = stack.pop()
        if isinstance(item, CommentToken):
            yield item
        elif isinstance(item, list):
            stack.extend(item)


# ---------------------------------------------------------------- owners


@dataclass(frozen=True)
class Window:
    """A window's text as parsed alone: `p` (lines and nodes), where its own lines start
    (after the synthetic lines that give it its place), the route ids of its route items
    (by position in the window), and the id and dash column of the route right after it."""

    p: Parsed
    start: int
    route_id: Callable[[int], Hashable]
    after: tuple[Hashable, int] | None


def owned_comments(window: Window) -> list[Comment]:
    """The comments of the window's own lines, each with its owner. A full-line comment is
    owned by a route (or legacy entry) or sits above one, or is owned by no one; only an
    end-of-line comment is owned by a key."""
    p = window.p
    owners: dict[int, Owner] = {}
    root = p.root
    model = _value_of(root, "model") if root is not None else None
    if isinstance(model, MappingNode):
        _model_owners(window, model, owners)
    if root is not None:
        _root_owners(p, root, model, owners)
    found = []
    for comment in scan_comments(p.lines):
        if comment.line < window.start:
            continue
        owner = owners.get(comment.line, ())
        if not comment.eol and owner and owner[0] in ("route", "model", "root"):
            owner = ("route", owner[1], ()) if owner[0] == "route" else ()
        found.append(Comment(comment.text, comment.line, comment.eol, owner))
    return found


def _value_of(mapping: Node, name: str) -> Node | None:
    if not isinstance(mapping, MappingNode):
        return None
    for key, value in mapping.value:
        if isinstance(key, ScalarNode) and key.value == name:
            node: Node = value
            return node
    return None


def _root_owners(
    p: Parsed, root: MappingNode, model: Node | None, owners: dict[int, Owner]
) -> None:
    """End-of-line comments on top-level entries other than a block `model:`; a bare-string
    `model: x  # c` is `{default: x}`, so its comment is the default's."""
    for entry in mapping_entries(p, root):
        name = key_value(entry.key)
        if name == "model":
            owners.setdefault(entry.first, ("model", ("default",) if _is_bare(model) else ()))
            if isinstance(model, MappingNode) and model.value and not model.flow_style:
                continue
            path: Owner = ("default",) if _is_bare(model) else ()
            for line in range(entry.first, entry.last + 1):
                owners.setdefault(line, ("model", path))
        else:
            for line, path in _eol_paths(entry, (name,)):
                owners.setdefault(line, ("root", path))


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null" and not node.value


def _is_block_list(node: Node) -> bool:
    return isinstance(node, SequenceNode) and not node.flow_style


def _is_bare(node: Node | None) -> bool:
    return isinstance(node, ScalarNode) and node.tag != "tag:yaml.org,2002:null"


def _model_owners(window: Window, model: MappingNode, owners: dict[int, Owner]) -> None:
    p = window.p
    if not model.value or model.flow_style:
        return
    for entry in mapping_entries(p, model):
        name = key_value(entry.key)
        value = entry.value
        if name == "routes" and (_is_null(value) or _is_block_list(value)):
            owners.setdefault(entry.first, ("model", ("routes",)))
            items = []
            if isinstance(value, SequenceNode):
                items = [item_entry(p, value, index) for index in range(len(value.value))]
            _unit_owners(p, entry.first, items, window.route_id, window.after, owners)
        elif name in LEGACY and isinstance(value, MappingNode) and not value.flow_style:
            entries = mapping_entries(p, value) if value.value else []
            ids = [("legacy", name, key_value(e.key)) for e in entries]
            _unit_owners(p, entry.first, entries, ids.__getitem__, None, owners)
            heading = attached_start(p, entry.first, entry.first - 1 - _comments_above(p, entry))
            for line in range(heading, trailing_end(p, entry) + 1):
                owners.setdefault(line, ("section", name))
        else:
            for line, path in _eol_paths(entry, (name,)):
                owners.setdefault(line, ("model", path))


def _comments_above(p: Parsed, entry: Entry) -> int:
    count = 0
    while entry.first - count - 1 >= 0 and is_comment(p.lines[entry.first - count - 1]):
        count += 1
    return count


def _unit_owners(
    p: Parsed,
    floor: int,
    units: list[Entry],
    unit_id: Callable[[int], Hashable],
    after: tuple[Hashable, int] | None,
    owners: dict[int, Owner],
) -> None:
    """Owners of the lines below line `floor` where `units` are routes (or legacy entries): the
    attached comments above a unit's first line, its own lines and the deeper comments trailing
    it are its; a run that no unit owns, directly above one, is "above" it."""
    for number, unit in enumerate(units):
        rid = unit_id(number)
        _gap_owners(p, floor, unit.first, unit.col, rid, owners)
        end = trailing_end(p, unit)
        for line in range(unit.first, end + 1):
            owners[line] = ("route", rid, ())
        if not unit.alias and not _is_flow(unit.value):
            heads = _heads(unit.value, ())
            for line in range(unit.first, unit.last + 1):
                owners[line] = ("route", rid, _path_at(heads, line))
        floor = end
    if after is not None:
        _gap_owners(p, floor, len(p.lines), after[1], after[0], owners)


def _gap_owners(
    p: Parsed, floor: int, first: int, col: int, rid: Hashable, owners: dict[int, Owner]
) -> None:
    """The comment run directly above a unit's first line (`first`, at column `col`) and below
    line `floor`: its lines from the first one not indented deeper than `col` are the unit's
    (attached), those above are "above" it."""
    top = first
    while top - 1 > floor and is_comment(p.lines[top - 1]):
        top -= 1
    start = top
    while start < first and indentation(p.lines[start]) > col:
        start += 1
    for line in range(top, start):
        owners[line] = ("above", rid)
    for line in range(start, first):
        owners[line] = ("route", rid, ())


def _is_flow(node: Node) -> bool:
    return isinstance(node, MappingNode | SequenceNode) and bool(node.flow_style)


Head = tuple[int, int, int, Owner]  # (line of the key or dash, depth, last line, path)


def _heads(node: Node, path: Owner, depth: int = 1) -> list[Head]:
    """Every mapping entry and list item under `node`, with the line it starts on."""
    heads: list[Head] = []
    if isinstance(node, MappingNode):
        for key, value in node.value:
            sub = (*path, key_value(key))
            heads.append((key.start_mark.line, depth, value.end_mark.line, sub))
            heads += _heads(value, sub, depth + 1)
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            sub = (*path, index)
            heads.append((item.start_mark.line, depth, item.end_mark.line, sub))
            heads += _heads(item, sub, depth + 1)
    return heads


def _path_at(heads: list[Head], line: int) -> Owner:
    """The owner path of an end-of-line comment on `line`: the shallowest entry starting on it,
    else the deepest entry spanning it, else the whole unit."""
    starting = [head for head in heads if head[0] == line]
    if starting:
        return min(starting, key=lambda head: head[1])[3]
    spanning = [head for head in heads if head[0] < line <= head[2]]
    return max(spanning, key=lambda head: head[1])[3] if spanning else ()


def _eol_paths(entry: Entry, path: Owner) -> list[tuple[int, Owner]]:
    """(line, owner path) for the lines of a mapping entry whose key path is `path`."""
    heads = [(entry.first, 0, entry.last, path), *_heads(entry.value, path)]
    return [(line, _path_at(heads, line)) for line in range(entry.first, entry.last + 1)]


# ---------------------------------------------------------------- the check


Rule = Callable[[Owner], tuple[Callable[[Owner], bool], Hashable | None]]
"""For an owner before the edit: which owners after it are right, and, when the comment may
also go (its route or key was removed), the route or scope it may end up anywhere in."""


def check(before: list[Comment], after: list[Comment], rule: Rule) -> None:
    """EditError naming the first comment the edit would lose, or move to another owner."""
    pool: dict[str, Counter[Owner]] = {}
    for comment in after:
        pool.setdefault(comment.text, Counter())[comment.owner] += 1
    loose: list[tuple[Comment, Hashable]] = []
    for comment in before:
        accepts, scope = rule(comment.owner)
        owners = pool.get(comment.text, Counter())
        owner = next((o for o in owners if accepts(o)), None)
        if owner is not None:
            _take(owners, owner)
        elif scope is None:
            raise EditError(
                f"the edit would lose or move the comment {comment.text!r} "
                f"(line {comment.line + 1}); nothing changed"
            )
        else:
            loose.append((comment, scope))
    for comment, scope in loose:  # a removed key's comment may stay elsewhere in its scope
        owners = pool.get(comment.text, Counter())
        owner = next((o for o in owners if _scope(o) == scope), None)
        if owner is not None:
            _take(owners, owner)
    for text, owners in pool.items():
        for owner in owners:
            raise EditError(
                f"the edit would put the comment {text!r} under {describe(owner)}; nothing changed"
            )


def _take(owners: Counter[Owner], owner: Owner) -> None:
    owners[owner] -= 1
    if not owners[owner]:
        del owners[owner]


def _scope(owner: Owner) -> Hashable:
    if owner and owner[0] == "route":
        return ("route", owner[1])
    return owner[:1]


def describe(owner: Owner) -> str:
    if not owner:
        return "a place no route owns"
    kind = owner[0]
    if kind in ("route", "above"):
        return f"route {owner[1]}" if isinstance(owner[1], int) else "a new route"
    if kind == "model":
        return "model." + ".".join(map(str, owner[1])) if owner[1] else "model:"
    return " ".join(map(str, owner))


# ---------------------------------------------------------------- what an edit means


@dataclass(frozen=True)
class Intent:
    """What an edit does to the routes, for the comment check: `model`, the model block as it
    must read after the edit; `origin(i)`, the old index of new route i (None for a new one);
    `target(i)`, the new index of old route i (None when deleted); `converted`, the new index
    of the route made from each legacy entry (section, key) a migration converts."""

    model: Any
    origin: Callable[[int], int | None]
    target: Callable[[int], int | None]
    converted: dict[tuple[str, Any], int]

    def route_id(self, new_index: int) -> Hashable:
        old = self.origin(new_index)
        return ("new", new_index) if old is None else old

    def rule(self, owner: Owner) -> tuple[Callable[[Owner], bool], Hashable | None]:
        """Which owners are right after the edit for a comment owned by `owner` before it, and
        the scope it may end up anywhere in, or go, when its route or key was removed."""
        exact = owner.__eq__
        if not owner or owner[0] == "root":
            return exact, None
        kind = owner[0]
        if kind == "model":
            found = _has(_as_mapping(self.model), owner[1])
            return (exact, None) if found else (_never, ("model",))
        if kind == "section":
            if isinstance(_as_mapping(self.model).get(owner[1]), dict):
                return exact, None
            made: set[Hashable] = {
                ("new", i) for (section, _), i in self.converted.items() if section == owner[1]
            }
            return _in_routes(made) if made else (exact, None)
        if isinstance(owner[1], tuple) and owner[1][0] == "legacy":
            index = self.converted.get(owner[1][1:])
            return _in_routes({("new", index)}) if index is not None else (exact, None)
        if kind == "above":
            return (lambda new: new in (owner, ())), None
        new_index = self.target(owner[1])
        if new_index is None:
            return _never, ("route", owner[1])
        routes = _as_mapping(self.model).get("routes")
        if not owner[2] or (isinstance(routes, list) and _has(routes[new_index], owner[2])):
            return exact, None
        return _never, ("route", owner[1])


def _never(owner: Owner) -> bool:
    return False


def _in_routes(ids: set[Hashable]) -> tuple[Callable[[Owner], bool], None]:
    return (lambda new: bool(new) and new[0] in ("route", "above") and new[1] in ids), None


def _as_mapping(model: Any) -> dict[Any, Any]:
    if isinstance(model, dict):
        return model
    return {} if model is None or model == {} else {"default": model}


def _has(value: Any, path: Owner) -> bool:
    """Whether `path` (keys and list indexes) leads somewhere in `value`."""
    for step in path:
        if isinstance(value, list) and isinstance(step, int):
            if not 0 <= step < len(value):
                return False
        elif not isinstance(value, dict) or step not in value:
            return False
        value = value[step]
    return True


def check_edit(parts: list[Part], intent: Intent) -> None:
    """EditError when the edit would lose a comment, or give it another owner (see `check`)."""
    shift = 0  # routes added minus removed by the windows above
    before: list[Comment] = []
    after: list[Comment] = []
    for part in parts:
        prefix = part.region.prefix
        old, new = window_of(prefix, part.old_lines), window_of(prefix, part.new_lines)
        first, follower = part.region.routes[0], part.region.after
        was = owned_comments(Window(old, len(prefix), _offset(first), follower))
        now = owned_comments(Window(new, len(prefix), _new_ids(intent, first + shift), follower))
        before += _placed(was, part.region.start - len(prefix))
        after += _placed(now, part.new_start - len(prefix))
        shift += _route_count(new) - _route_count(old)
    check(before, after, intent.rule)


def _offset(first: int) -> Callable[[int], Hashable]:
    return lambda number: first + number


def _new_ids(intent: Intent, first: int) -> Callable[[int], Hashable]:
    return lambda number: intent.route_id(first + number)


def _placed(comments: list[Comment], offset: int) -> list[Comment]:
    return [Comment(c.text, c.line + offset, c.eol, c.owner) for c in comments]


def _route_count(window: Parsed) -> int:
    model = _value_of(window.root, "model") if window.root is not None else None
    routes = _value_of(model, "routes") if model is not None else None
    return len(routes.value) if isinstance(routes, SequenceNode) else 0
