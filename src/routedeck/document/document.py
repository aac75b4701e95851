"""`ConfigDocument`: a config file whose original text is the source of truth.

Loading keeps the exact text (BOM, line breaks, no final newline…) and reads it once with
PyYAML's C parser for both the node positions and the agent's view. Every edit splices whole
lines of the `model:` block, then re-reads the new text and checks that the agent's view is
the old one with exactly the intended change; otherwise it raises EditError and keeps the text.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from routedeck.document import edits, migration
from routedeck.document.compare import same, same_view
from routedeck.document.diffing import grouped_opcodes
from routedeck.document.edits import Model
from routedeck.document.envvars import expand
from routedeck.document.errors import DocumentError, EditError, SaveError
from routedeck.document.files import read_regular_file
from routedeck.document.layout import (
    find_entry,
    item_entry,
    key_value,
    same_key,
    source_text,
    strip_break,
)
from routedeck.document.masking import masked_lines
from routedeck.document.parse import Parsed, decode, parse
from routedeck.document.saving import Fingerprint, save_file
from routedeck.routing import BASE_FIELDS, WHOLE_SECTION, Origin

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
    ) -> None:
        self._parsed = parse(text, allow_empty=allow_empty)
        self._loaded_text = text
        self._allow_empty = allow_empty
        self._fingerprint = fingerprint
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
        model = self.model_config
        routes = model.get("routes") if isinstance(model, dict) else None
        return routes if isinstance(routes, list) else []

    def runtime_view(self, env: Mapping[str, str] | None = None) -> Any:
        """`model_config` with `${VAR}` / `${env:VAR}` in string values expanded from `env`
        (default: os.environ); unset variables stay verbatim, bare `$VAR` is not expanded."""
        return expand(self.model_config, os.environ if env is None else env)

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
            for index, item in enumerate(routes.value.value):
                sources.update(_match_sources(p, Origin("routes", index), item))
        for section, synthesized in (("platforms", "platform"), ("by_source", "source_kind")):
            entry = find_entry(p, mapping, section)
            if entry is None or not isinstance(entry.value, MappingNode):
                continue
            for key, value in entry.value.value:
                origin = Origin(section, key_value(key))
                sources[(origin, synthesized)] = source_text(p, key)
                sources.update(_match_sources(p, origin, value))
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

    def move_route(self, src: int, dst: int) -> None:
        """Move route `src` so that it ends up at index `dst`, with its attached comments."""
        routes = self.routes
        self._check_index(src, len(routes))
        self._check_index(dst, len(routes))
        new = list(routes)
        new.insert(dst, new.pop(src))
        self._edit(lambda p: edits.move_route(p, src, dst), self._with_routes(new))

    def insert_route(self, index: int, route: dict[str, Any]) -> None:
        """Insert `route` so that it is at `index` (== len(routes) appends), in the style of the
        other routes; creates `routes:` and `model:` when missing."""
        routes = self.routes
        self._check_index(index, len(routes) + 1)
        new = list(routes)
        new.insert(index, route)
        self._edit(lambda p: edits.insert_route(p, index, route), self._with_routes(new))

    def delete_route(self, index: int) -> None:
        """Delete a route and the comment lines attached above it. Deleting the last route
        leaves `routes: []` (keeping the key and its comments)."""
        routes = self.routes
        self._check_index(index, len(routes))
        new = routes[:index] + routes[index + 1 :]
        self._edit(lambda p: edits.delete_route(p, index), self._with_routes(new))

    def update_route(self, index: int, route: dict[str, Any]) -> None:
        """Make route `index` equal to `route`: a changed value is replaced in place (keeping its
        end-of-line comment), a new key is appended as a line, a removed key loses its line."""
        routes = self.routes
        self._check_index(index, len(routes))
        old = routes[index]
        if same(old, route):
            return
        new = list(routes)
        new[index] = route
        self._edit(lambda p: edits.update_route(p, index, old, route), self._with_routes(new))

    def set_base_field(self, key: str, value: Any) -> None:
        """Set a field of the base model block (default, provider, base_url, api_key, api_mode,
        context_length); None removes it. `default` updates the `model:` alias key when that is
        how the block names it. A bare-string `model:` becomes a mapping only when needed."""
        if key not in EDITABLE_BASE_FIELDS:
            raise EditError(f"{key} is not a field of the base model block")
        old = self._base_mapping()
        if key == "default" and "default" not in old and "model" in old:
            key = "model"
        if value is None and key not in old:
            return
        new = dict(old)
        if value is None:
            del new[key]
        else:
            new[key] = value
        if same(old, new):
            return
        model_new: Any = new
        if isinstance(self.model_config, str | int | float) and set(new) <= {"default"}:
            model_new = new.get("default", {})
        self._edit(lambda p: edits.set_base_field(p, old, new), self._with_model(model_new))

    def apply_migration(self, plan: Any) -> None:
        """Apply a `routing.plan_migration` plan: append its routes after the existing ones
        (carrying each legacy entry's comments), delete the converted shorthand entries and
        any `platforms:` / `by_source:` left empty. Verified against `plan.apply_to`."""
        expected = self._with_model(plan.apply_to(self.model_config))
        self._edit(lambda p: migration.apply_plan(p, plan), expected)

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
        old, new = _shown(loaded, False), _shown(self._parsed, False)
        groups = list(grouped_opcodes(old, new))
        if mask_secrets:
            old_shown = {i for group in groups for _, i1, i2, _, _ in group for i in range(i1, i2)}
            new_shown = {j for group in groups for _, _, _, j1, j2 in group for j in range(j1, j2)}
            old, new = _shown(loaded, True, old_shown), _shown(self._parsed, True, new_shown)
        lines = [f"--- a/{name}", f"+++ b/{name}"]
        for group in groups:
            lines += _hunk(group, old, new)
        return "".join(line + "\n" for line in lines) if len(lines) > 2 else ""

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

    def _edit(self, splice: Any, expected: dict[Any, Any]) -> None:
        """Run `splice(parsed) -> new text`, re-read, verify, then accept; else EditError."""
        try:
            text = splice(self._parsed)
        except EditError:
            raise
        except (ValueError, IndexError, AttributeError, TypeError, KeyError) as exc:
            raise EditError(f"routedeck could not place this edit in the text ({exc})") from None
        try:
            parsed = parse(text, allow_empty=True)
        except DocumentError as exc:
            raise EditError(
                f"the edit would make the file unreadable ({exc}); nothing changed"
            ) from None
        if not same_view(parsed.data, expected):
            raise EditError("the edit would not read back as intended; nothing changed")
        self._parsed = parsed


def _match_sources(p: Parsed, origin: Origin, item: Any) -> dict[tuple[Origin, Any], str]:
    if not isinstance(item, MappingNode):
        return {}
    for key, value in item.value:
        if isinstance(key, ScalarNode) and key.value == "match" and isinstance(value, MappingNode):
            return {(origin, key_value(k)): source_text(p, v) for k, v in value.value}
    return {}


def _shown(p: Parsed, mask_secrets: bool, only: Collection[int] | None = None) -> list[str]:
    """The lines of a text as a diff shows them (the BOM, if any, starts the first one);
    `only`: the lines to mask (the others are not shown)."""
    lines = masked_lines(p, only) if mask_secrets else [strip_break(line)[0] for line in p.lines]
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
