"""`ConfigDocument`: a config file whose original text is the source of truth.

Loading keeps the exact text (BOM, line breaks, no final newline…) and reads it once with
PyYAML's C parser for both the node positions and the agent's view. Every edit splices whole
lines of the `model:` block and, in one place (`_apply`), re-reads what it wrote with both of
the agent's loaders (see `reread`), checks that the agent's view is the old one with exactly the
intended change and that every comment kept its owner (see `comments`), then records it and
returns it as a `Change`; otherwise it raises EditError and keeps the text.
"""

from __future__ import annotations

import os
from bisect import bisect_right
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from routedeck.document import edits
from routedeck.document.agent_reading import AgentView, Expander, agent_view
from routedeck.document.change import Change, SourceEdit
from routedeck.document.compare import same, same_view
from routedeck.document.edits import Model, Splice, finish, trimmed
from routedeck.document.errors import DocumentError, EditError, SaveError
from routedeck.document.files import read_regular_file
from routedeck.document.layout import (
    entry_node,
    find_entry,
    item_entry,
    key_value,
    same_key,
    source_text,
    strip_break,
)
from routedeck.document.parse import Parsed, decode, parse
from routedeck.document.saving import Fingerprint, save_file
from routedeck.document.tree import as_written
from routedeck.routing import BASE_FIELDS, WHOLE_SECTION, Origin

if TYPE_CHECKING:  # the edit machinery is imported by the first edit, not when a file opens
    from routedeck.document.comments import Intent
    from routedeck.routing import MigrationPlan

EDITABLE_BASE_FIELDS = (*BASE_FIELDS, "context_length")


class ConfigDocument:
    """One config file. Create with `load(path)` or `from_text(text, path=None)`.

    Decisions callers rely on:
    * An empty, blank or comment-only file raises EmptyDocumentError (a DocumentError) unless
      opened with `allow_empty=True`; then it is an empty config and edits append `model:`.
    * Deleting the last route leaves `routes: []` (the key and its comments stay).
    * Edits raise EditError (a DocumentError) and leave the text untouched when they cannot be
      placed (flow-style `routes: [...]`, aliased routes, a flow `model: {...}`) or would not
      read back exactly as intended.
    * `save()` keeps the previous content in `<file>.bak` beside the real file.
    * `data`, `model_config` and `routes` are shared with the document: do not mutate them.
    """

    def __init__(
        self,
        text: str,
        path: str | os.PathLike[str] | None = None,
        *,
        allow_empty: bool = False,
        fingerprint: Fingerprint | None = None,
        parsed: Parsed | None = None,
    ) -> None:
        self._parsed = parse(text, allow_empty=allow_empty) if parsed is None else parsed
        self._loaded_text = text
        self._allow_empty = allow_empty
        self._fingerprint = fingerprint
        self._sources: dict[int, tuple[Any, list[tuple[Any, str]]]] = {}
        self._recorders: list[list[Change]] = []
        self.path: Path | None = Path(path) if path is not None else None

    # ------------------------------------------------------------ opening

    @classmethod
    def load(cls, path: str | os.PathLike[str], *, allow_empty: bool = False) -> ConfigDocument:
        """Read `path` (UTF-8, BOM kept, line breaks untouched).

        Raises DocumentError for unreadable or invalid files (among them NotARegularFileError
        for a folder, FIFO, device or a file over 64 MB, refused without blocking on it),
        EmptyDocumentError for a file with no YAML (empty, blank or comments only) unless
        `allow_empty`, in which case the document is an empty config that edits add `model:`
        to. A missing file raises FileNotFoundError (the caller offers to create one).
        """
        path = Path(path)
        raw, status = read_regular_file(path)
        text = decode(raw)
        return cls(text, path, allow_empty=allow_empty, fingerprint=Fingerprint.of(raw, status))

    @classmethod
    def of_read(
        cls, raw: bytes, status: os.stat_result, path: str | os.PathLike[str], parsed: Parsed
    ) -> ConfigDocument:
        """The document `load(path)` makes of `raw` (read with `status`) once it is parsed
        (`parsed`, from `parse(decode(raw))`): for a caller that read and parsed it already."""
        return cls(parsed.text, path, fingerprint=Fingerprint.of(raw, status), parsed=parsed)

    @classmethod
    def from_text(
        cls, text: str, path: str | os.PathLike[str] | None = None, *, allow_empty: bool = False
    ) -> ConfigDocument:
        """A document for `text`; `path` is where `save()` writes (nothing is read from it, so
        saving there refuses to overwrite an existing file unless forced)."""
        return cls(text, path, allow_empty=allow_empty)

    def reload(self) -> None:
        """Re-read the file from disk, dropping any unsaved edit."""
        if self.path is None:
            raise DocumentError("this document has no file to reload")
        fresh = ConfigDocument.load(self.path, allow_empty=self._allow_empty)
        self._parsed, self._loaded_text = fresh._parsed, fresh._loaded_text
        self._fingerprint = fresh._fingerprint

    # ------------------------------------------------------------ reading

    def to_text(self) -> str:
        return self._parsed.text

    @property
    def is_dirty(self) -> bool:
        return self._parsed.text != self._loaded_text

    @property
    def data(self) -> dict[Any, Any]:
        """The whole file as the agent reads it (YAML 1.1). Shared: do not mutate."""
        return self._parsed.data

    @property
    def model_config(self) -> Any:
        """`data["model"]` (None when absent). Shared: do not mutate."""
        return self._parsed.data.get("model")

    @property
    def routes(self) -> list[Any]:
        """`model.routes` as the agent reads it; [] when missing or not a list."""
        return self._parsed.routes

    def agent_view(
        self, env: Mapping[str, str] | None = None, *, expander: Expander | None = None
    ) -> AgentView:
        """The model block as the agent uses it (SPEC §1): normalized as hermes-agent's
        `load_config()` does, with `${NAME}` expanded from `env` (None: left as written), and
        where each base field was read. What the engine should be given. `expander`: an
        `Expander` of `env` kept between calls, so that an edit re-expands only what changed."""
        return agent_view(self.data, env, expander=expander)

    def value_sources(self) -> dict[tuple[Origin, Any], str]:
        """{(origin, match key): the value as written} for every `match` value of every route,
        and for the platform / source_kind keys synthesized from `platforms:` / `by_source:`
        entries (the shorthand key as written), so that diagnostics can say "`on` is read as
        true"."""
        mapping = Model.of(self._parsed).mapping
        if mapping is None:
            return {}
        p = self._parsed
        sources: dict[tuple[Origin, Any], str] = {}
        routes = find_entry(p, mapping, "routes")
        if routes is not None and isinstance(routes.value, SequenceNode):
            items = routes.value.value
            known, self._sources = self._sources, {}
            for index, item in enumerate(as_written(items)):
                cached = known.get(id(item))
                if cached is None or cached[0] is not item:  # read the text of new routes only
                    cached = (item, _match_sources(p, items[index]))
                self._sources[id(item)] = cached
                origin = Origin("routes", index)
                sources.update({(origin, key): text for key, text in cached[1]})
        for section, synthesized in (("platforms", "platform"), ("by_source", "source_kind")):
            entry = find_entry(p, mapping, section)
            if entry is None or not isinstance(entry.value, MappingNode):
                continue
            for key, value in entry.value.value:
                origin = Origin(section, key_value(key))
                sources[(origin, synthesized)] = source_text(p, key)
                sources.update({(origin, k): text for k, text in _match_sources(p, value)})
        return sources

    def location(self, origin: Origin) -> tuple[int, int] | None:
        """1-based (line, column) of a route's `-` (or its first key in a flow list), of a
        legacy shorthand key, or for `WHOLE_SECTION` of the section's key; None when there is
        no such entry."""
        entry = Model.of(self._parsed).find(origin.section)
        if entry is None:
            return None
        if origin.key is WHOLE_SECTION:
            return entry.first + 1, entry.col + 1
        if origin.section == "routes":
            return self._route_location(entry.value, origin.key)
        if isinstance(entry.value, MappingNode):
            for key, _ in entry.value.value:
                if same_key(key_value(key), origin.key):
                    return key.start_mark.line + 1, key.start_mark.column + 1
        return None

    def key_location(
        self, origin: Origin, key: str, *, in_match: bool = False
    ) -> tuple[int, int] | None:
        """1-based (line, column) of `key` in a route or legacy entry (in its `match` when
        `in_match`), keys compared as text; None when the entry does not write that key (e.g.
        a value it inherits)."""
        node = self._entry_node(origin)
        if in_match and isinstance(node, MappingNode):
            node = next(
                (v for k, v in node.value if isinstance(k, ScalarNode) and k.value == "match"),
                None,
            )
        if not isinstance(node, MappingNode):
            return None
        for key_node, _ in node.value:
            if str(key_value(key_node)) == key:
                return key_node.start_mark.line + 1, key_node.start_mark.column + 1
        return None

    def _entry_node(self, origin: Origin) -> Node | None:
        """The node of a route item or of a legacy shorthand entry's value."""
        model = Model.of(self._parsed).entry
        return entry_node(model.value if model is not None else None, origin)

    def model_location(self, key: str | None = None) -> tuple[int, int] | None:
        """1-based (line, column) of `model.<key>` when it is written, else of `model:` itself;
        None when the file has no `model:`."""
        model = Model.of(self._parsed)
        if model.entry is None:
            return None
        entry = (model.find(key) if key else None) or model.entry
        return entry.first + 1, entry.col + 1

    def _route_location(self, seq: Any, index: Any) -> tuple[int, int] | None:
        if not isinstance(seq, SequenceNode) or not isinstance(index, int):
            return None
        if not 0 <= index < len(seq.value):
            return None
        if seq.flow_style:
            mark = seq.value[index].start_mark
            return mark.line + 1, mark.column + 1
        try:
            item = item_entry(self._parsed, seq, index)
        except EditError:
            return None
        return item.first + 1, item.col + 1

    # ------------------------------------------------------------ route edits

    def move_route(self, src: int, dst: int) -> Change:
        """Move route `src` so that it ends up at index `dst`, with its attached and trailing
        comments; the blank lines and the comments no route owns stay where they were."""
        routes = self.routes
        self._check_index(src, len(routes))
        self._check_index(dst, len(routes))
        new = list(routes)
        new.insert(dst, new.pop(src))
        lo, hi, step = (src, dst, 1) if src < dst else (dst, src, -1)

        def origin(i: int) -> int:
            return src if i == dst else i + step if lo <= i <= hi else i

        def target(i: int) -> int:
            return dst if i == src else i - step if lo <= i <= hi else i

        for anchored, user, label in self._alias_uses():
            if target(user) < target(anchored):
                raise EditError(
                    f"routes[{user}]{' ' + label if label else ''} would come before "
                    f"routes[{anchored}], whose anchor it uses; nothing changed"
                )
        return self._edit(
            lambda p: edits.move_route(p, src, dst),
            self._with_routes(new),
            _intent(self._model_of(new), origin, target, {}),
        )

    def insert_route(self, index: int, route: dict[str, Any]) -> Change:
        """Insert `route` so that it is at `index` (== len(routes) appends), in the style of the
        other routes; creates `routes:` and `model:` when missing."""
        routes = self.routes
        self._check_index(index, len(routes) + 1)
        new = list(routes)
        new.insert(index, route)
        return self._edit(
            lambda p: edits.insert_route(p, index, route),
            self._with_routes(new),
            _intent(
                self._model_of(new),
                lambda i: None if i == index else i - (i > index),
                lambda i: i + (i >= index),
                {},
            ),
        )

    def delete_route(self, index: int) -> Change:
        """Delete a route and its attached and trailing comments. Deleting the last route
        leaves `routes: []` (keeping the key and its comments)."""
        routes = self.routes
        self._check_index(index, len(routes))
        self._refuse_if_aliased(index)
        new = routes[:index] + routes[index + 1 :]
        return self._edit(
            lambda p: edits.delete_route(p, index),
            self._with_routes(new),
            _intent(
                self._model_of(new),
                lambda i: i + (i >= index),
                lambda i: None if i == index else i - (i > index),
                {},
            ),
        )

    def update_route(self, index: int, route: dict[str, Any]) -> Change:
        """Make route `index` equal to `route`: a changed value is replaced in place (keeping its
        end-of-line comment), a new key is appended as a line, a removed key loses its line."""
        routes = self.routes
        self._check_index(index, len(routes))
        old = routes[index]
        if same(old, route):
            return Change((), ())
        self._refuse_if_aliased(index)
        new = list(routes)
        new[index] = route
        return self._edit(
            lambda p: edits.update_route(p, index, old, route),
            self._with_routes(new),
            _intent(self._model_of(new), _same_index, _same_index, {}),
        )

    def set_base_field(self, key: str, value: Any) -> Change:
        """Set a field of the base model block (default, provider, base_url, api_key, api_mode,
        context_length) to a single value (text, number, true/false); None removes it. `default`
        updates the `model:` alias key when that is how the block names it. A bare-string
        `model:` becomes a mapping only when needed."""
        if key not in EDITABLE_BASE_FIELDS:
            raise EditError(f"{key} is not a field of the base model block")
        if isinstance(value, dict | list | tuple | set):
            raise EditError(f"{key} takes a single value (text or a number), not a list or mapping")
        old = self._base_mapping()
        if key == "default" and "default" not in old and "model" in old:
            key = "model"
        if value is None and key not in old:
            return Change((), ())
        new = dict(old)
        if value is None:
            del new[key]
        else:
            new[key] = value
        if same(old, new):
            return Change((), ())
        model_new: Any = new
        if isinstance(self.model_config, str | int | float) and set(new) <= {"default"}:
            model_new = new.get("default", {})
        return self._edit(
            lambda p: edits.set_base_field(p, old, new),
            self._with_model(model_new),
            _intent(model_new, _same_index, _same_index, {}),
        )

    def apply_migration(self, plan: MigrationPlan) -> Change:
        """Apply a `routing.plan_migration` plan: append its routes after the existing ones
        (carrying each legacy entry's comments), delete the converted shorthand entries and
        any `platforms:` / `by_source:` left empty. Verified against `plan.apply_to`."""
        from routedeck.document.migration import apply_plan

        model_new = plan.apply_to(self.model_config)
        count = len(self.routes)
        converted = {
            (origin.section, origin.key): count + number
            for number, (origin, _) in enumerate(plan.routes)
        }
        return self._edit(
            lambda p: apply_plan(p, plan),
            self._with_model(model_new),
            _intent(model_new, lambda i: i if i < count else None, _same_index, converted),
        )

    def delete_legacy_entry(self, origin: Origin) -> Change:
        """Delete one `model.platforms` / `model.by_source` entry with its attached comments
        (the section too when it was the last entry); the other entries stay. EditError when
        there is no such entry or it cannot be placed."""
        from routedeck.document.migration import remove_entries

        model = self.model_config
        section = model.get(origin.section) if isinstance(model, dict) and origin.legacy else None
        if not isinstance(section, dict) or not any(same_key(k, origin.key) for k in section):
            raise EditError(f"there is no legacy entry {origin}")
        rest = {key: value for key, value in section.items() if not same_key(key, origin.key)}
        model_new = {key: value for key, value in model.items() if key != origin.section}
        if rest:
            model_new = {**model, origin.section: rest}
        return self._edit(
            lambda p: remove_entries(p, [origin], set()),
            self._with_model(model_new),
            _intent(model_new, _same_index, _same_index, {}),
        )

    @contextmanager
    def recording(self) -> Iterator[list[Change]]:
        """The Changes made to the text while the block runs, in order: an editor's one undo
        step may be several edits (undo applies their `inverted()` in reverse)."""
        changes: list[Change] = []
        self._recorders.append(changes)
        try:
            yield changes
        finally:
            self._recorders.remove(changes)

    def apply_change(self, change: Change) -> None:
        """Make a Change this document returned earlier (or its `inverted()`, to undo it) on the
        current text, re-reading what it writes as an edit does. EditError, and nothing changes,
        when the text no longer holds what the change replaces, or the result cannot be read."""
        p = self._parsed
        if change.is_empty:
            return
        if not change.applies_to(p.text):
            raise EditError("this change does not fit the current text; nothing changed")
        self._apply(p, trimmed(p, _line_splices(p, change.edits)), change, None, None)

    def replace_text(self, text: str) -> None:
        """Set the current text (undo/redo); EditError if it cannot be read as a config."""
        try:
            self._parsed = parse(text, allow_empty=self._allow_empty)
        except DocumentError as exc:
            raise EditError(exc.message, exc.line, exc.column) from None

    # ------------------------------------------------------------ saving

    def diff(self, mask_secrets: bool = True) -> str:
        """Unified diff of the loaded text against the current one (`a/NAME`, `b/NAME`), with
        every secret masked unless `mask_secrets` is False. Costs what changed: "" at once when
        nothing did, and only the lines shown are masked."""
        if self._parsed.text == self._loaded_text:
            return ""
        name = self.path.name if self.path else "config.yaml"
        loaded = parse(self._loaded_text, allow_empty=True)
        from routedeck.document.diffing import masked_diff

        return masked_diff(loaded, self._parsed, name, mask_secrets=mask_secrets)

    def save(self, path: str | os.PathLike[str] | None = None, force: bool = False) -> Path | None:
        """Write the current text to `path` (default: the loaded path), through a symlink to
        its target, keeping its permission bits, owner, group and hard links (see
        `saving.save_file`: one critical section under the file's save lock). The previous
        content is kept in `<file>.bak` beside the real file; returns that path (None for a
        new file, created with the loaded file's mode, else 0600).

        Raises ChangedOnDiskError when the file changed on disk since it was loaded (or, for a
        document not read from it, already exists) unless `force`; SaveError with a plain
        sentence when it cannot be written, is read-only, is not the user's to write, or is no
        longer a regular file (the file is then unchanged, even with `force`). Afterwards the
        saved text counts as loaded.
        """
        target = Path(path) if path is not None else self.path
        if target is None:
            raise SaveError("there is no file name to save to")
        data = self.to_text().encode("utf-8")
        mode = self._fingerprint.mode if self._fingerprint is not None else None
        expected = self._expected_on_disk(target)
        backup = save_file(target, data, expected=expected, force=force, new_mode=mode)
        self._loaded_text = self.to_text()
        self._fingerprint = Fingerprint(Fingerprint.of(data).sha256, mode)
        self.path = target
        return backup

    def _expected_on_disk(self, target: Path) -> Fingerprint | None:
        """What `target` must hold for a save without force: what was loaded from it when it is
        the loaded file; None (it must not exist) for any other file."""
        own = self.path is not None and os.path.realpath(self.path) == os.path.realpath(target)
        return self._fingerprint if own else None

    # ------------------------------------------------------------ internals

    @staticmethod
    def _check_index(index: int, size: int) -> None:
        if not isinstance(index, int) or not 0 <= index < size:
            raise EditError(f"there is no route at index {index}")

    def _base_mapping(self) -> dict[Any, Any]:
        """The model block as a mapping: a bare string `s` is `{default: s}`."""
        model = self.model_config
        if isinstance(model, dict):
            return model
        return {} if model is None else {"default": model}

    def _with_model(self, model: Any) -> dict[Any, Any]:
        data = dict(self.data)
        data["model"] = model
        return data

    def _with_routes(self, routes: list[Any]) -> dict[Any, Any]:
        model = dict(self._base_mapping())
        model["routes"] = routes
        return self._with_model(model)

    def _model_of(self, routes: list[Any]) -> dict[Any, Any]:
        model = dict(self._base_mapping())
        model["routes"] = routes
        return model

    def _refuse_if_aliased(self, index: int) -> None:
        """EditError naming the routes that use an anchor of route `index` through an alias:
        changing or removing the route would change or break them."""
        users = [
            f"routes[{user}] {label}".rstrip()
            for anchored, user, label in self._alias_uses()
            if anchored == index
        ]
        if users:
            raise EditError(
                f"route {index} is used elsewhere through its anchor ({', '.join(users)}); "
                "change or delete those first"
            )

    def _alias_uses(self) -> list[tuple[int, int, str]]:
        """(route holding an anchor, route using it through an alias, "(*name)" when the whole
        route is the alias) for every such pair."""
        return alias_uses(self._parsed) if self._parsed.aliases else []

    def _edit(
        self, make: Callable[[Parsed], list[Splice]], expected: dict[Any, Any], intent: Intent
    ) -> Change:
        """Compute an edit's splices on the current text and apply them (see `_apply`)."""
        p = self._parsed
        splices = finish(p, make(p))
        if not splices:
            if not same_view(p.data, expected):  # e.g. a key that only a `<<:` merge sets
                raise EditError("the edit would not read back as intended; nothing changed")
            return Change((), ())
        change = Change.between(p.text, _source_edits(p, splices))
        self._apply(p, splices, change, expected, intent)
        return change

    def _apply(
        self,
        p: Parsed,
        splices: list[Splice],
        change: Change,
        expected: dict[Any, Any] | None,
        intent: Intent | None,
    ) -> None:
        """The one place where the text changes: re-read what `splices` write, as the agent
        would; check that it reads as `expected` and that every comment kept its owner (for a
        new edit), then record it. EditError, and nothing changes, otherwise."""
        from routedeck.document.comments import check_edit
        from routedeck.document.reread import parts_of, reread

        parts = parts_of(p, splices)
        lines = _spliced_lines(p.lines, splices)
        parsed = reread(p, parts, change.apply(p.text), lines)
        if expected is not None and not same_view(parsed.data, expected):
            raise EditError("the edit would not read back as intended; nothing changed")
        if intent is not None:
            check_edit(parts, intent)
        self._parsed = parsed
        for recorder in self._recorders:
            recorder.append(change)


def _same_index(index: int) -> int:
    return index


def _intent(
    model: Any,
    origin: Callable[[int], int | None],
    target: Callable[[int], int | None],
    converted: dict[tuple[str, Any], int],
) -> Intent:
    """The comment check's `Intent` (its module, with ruamel, is imported by the first edit,
    not when a file is opened)."""
    from routedeck.document.comments import Intent

    return Intent(model, origin, target, converted)


def _spliced_lines(lines: list[str], splices: list[Splice]) -> list[str]:
    out: list[str] = []
    cursor = 0
    for splice in splices:
        out += lines[cursor : splice.start]
        out += splice.lines
        cursor = splice.end
    return out + lines[cursor:]


def _source_edits(p: Parsed, splices: list[Splice]) -> list[SourceEdit]:
    """Line splices as character replacements of the text (the BOM comes first)."""
    found: list[SourceEdit] = []
    offset, line = len(p.bom), 0
    for splice in splices:
        offset += sum(map(len, p.lines[line : splice.start]))
        length = sum(map(len, p.lines[splice.start : splice.end]))
        found.append(SourceEdit(offset, length, "".join(splice.lines)))
        offset, line = offset + length, splice.end
    return found


def _line_splices(p: Parsed, replacements: tuple[SourceEdit, ...]) -> list[Splice]:
    """Character replacements as splices of the whole lines they touch (a line without a
    final line break takes in what is written after it)."""
    starts = list(accumulate(map(len, p.lines), initial=len(p.bom)))
    count = len(p.lines)
    open_end = count > 0 and not p.lines[-1].endswith(("\n", "\r"))
    splices: list[Splice] = []
    for edit in replacements:
        first = bisect_right(starts, edit.offset) - 1
        if first >= count:
            first = count - 1 if open_end else count
        end = edit.offset + edit.length
        stop = min(bisect_right(starts, end), count) if end < len(p.text) else count
        stop = max(stop, min(first + 1, count))
        before = p.text[starts[first] : edit.offset]
        after = p.text[end : starts[stop]]
        new = (before + edit.replacement + after).splitlines(keepends=True)
        splices.append(Splice(first, stop, new))
    return splices


def alias_uses(p: Parsed) -> list[tuple[int, int, str]]:
    """(route holding an anchor, route using it through an alias, "(*name)" when the whole
    route is the alias) for every pair of routes so linked."""
    try:
        _, seq = Model.of(p).routes()
        entries = [item_entry(p, seq, index) for index in range(len(seq.value))]
    except EditError:
        return []
    holder: dict[int, int] = {}  # node id: the route written around the node
    uses: set[tuple[int, int, str]] = set()
    for user, entry in enumerate(entries):
        label = ""
        if entry.alias:
            name = strip_break(p.lines[entry.first])[0].strip().lstrip("- ").split()[0]
            label = f"({name})"
        for node in _node_ids(entry.value, stop=holder):
            if node in holder:
                uses.add((holder[node], user, label))
            elif not entry.alias:
                holder[node] = user
    return sorted(uses)


def _node_ids(node: Any, stop: Mapping[int, int]) -> set[int]:
    """The ids of `node` and the nodes under it, not going below a node in `stop`."""
    found: set[int] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in found:
            continue
        found.add(id(current))
        if id(current) in stop:
            continue
        if isinstance(current, MappingNode):
            stack.extend(child for pair in current.value for child in pair)
        elif isinstance(current, SequenceNode):
            stack.extend(current.value)
    return found


def _match_sources(p: Parsed, item: Any) -> list[tuple[Any, str]]:
    """(match key, the value as written) for each key of an item's `match:`."""
    if not isinstance(item, MappingNode):
        return []
    for key, value in item.value:
        if isinstance(key, ScalarNode) and key.value == "match" and isinstance(value, MappingNode):
            return [(key_value(k), source_text(p, v)) for k, v in value.value]
    return []
