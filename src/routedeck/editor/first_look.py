"""A first look at a config file: its route list and the engine's view of it, read before the
editing session opens.

The editor draws its first frame from a `Glance`, so that the routes are on screen before the
session's modules (the document with its positions, the history, the scenarios) are even
imported; the session opens right after that frame and takes over. A glance reads the file
with the same checks as a session (a regular file under the size cap, the parser's limits).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from routedeck.document.agent_reading import agent_view
from routedeck.document.files import read_regular_file
from routedeck.document.parse import Parsed, decode, parse
from routedeck.routing.compiled import CompiledRoutes


@dataclass(frozen=True)
class Glance:
    """`compiled`: the engine's view of the model block as the agent uses it with `environ`,
    as the session compiles it. `raw`, `status` and `parsed`: what was read, so that the
    session opens on the same bytes without reading and parsing them again
    (`EditorSession.open(first_look)`)."""

    compiled: CompiledRoutes
    raw: bytes
    status: os.stat_result
    parsed: Parsed

    @property
    def routes(self) -> list[Any]:
        """`model.routes` as written."""
        return self.parsed.routes


def glance(path: Path, environ: Mapping[str, str]) -> Glance:
    """Read `path` for a first look. Raises what opening a session would: DocumentError
    (EmptyDocumentError for a file with no YAML), OSError."""
    raw, status = read_regular_file(path)
    parsed = parse(decode(raw))
    view = agent_view(parsed.data, environ)
    compiled = CompiledRoutes(view.model_config, view.provenance)
    return Glance(compiled, raw, status, parsed)
