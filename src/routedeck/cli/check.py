"""`routedeck check FILE...`: diagnostics as `FILE:LINE:COL: SEVERITY ID message`, for CI."""

from __future__ import annotations

import difflib
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from routedeck.agent import find_installed_agent
from routedeck.cli.common import (
    CommandError,
    CommandParser,
    UsageError,
    command_parser,
    load_document,
)
from routedeck.cli.output import print_finding, print_json
from routedeck.document import ConfigDocument
from routedeck.document.agent_reading import BROKEN_FILE_STAKE, agent_cannot_read
from routedeck.document.suppressions import is_suppressed
from routedeck.exit_status import ExitStatus
from routedeck.routing import SEVERITY, Diagnostic, diagnose
from routedeck.routing.secrets import mask_text
from routedeck.words import plural

SEVERITIES = ("error", "warning", "info")


def parser() -> CommandParser:
    parser = command_parser(
        "check",
        "Report shadowed routes, typos, unknown values and plaintext secrets.\n"
        "Exit status: 0 clean or warnings only, 1 errors (or warnings with --strict), "
        "2 unreadable.",
        "  routedeck check ~/.hermes/config.yaml --strict",
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="config files")
    parser.add_argument("--strict", action="store_true", help="warnings fail the check too")
    parser.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="ID",
        help="do not report this diagnostic id (repeatable); in the file, a comment "
        "`# routedeck: ignore[ID]` on a finding's line or the line above silences it there",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


@dataclass
class Findings:
    """What `check` found over all its files."""

    files: int
    ignored_ids: frozenset[str] = frozenset()
    diagnostics: list[dict[str, Any]] = field(default_factory=list)
    suppressed: list[dict[str, Any]] = field(default_factory=list)
    """Findings silenced by --ignore or an inline `# routedeck: ignore[ID]` comment."""
    unreadable: list[str] = field(default_factory=list)
    with_routes: int = 0
    """Files that have a `model.routes` list: only then does the installed agent's routing
    support matter."""

    def count(self, severity: str) -> int:
        return sum(1 for item in self.diagnostics if item["severity"] == severity)

    def summary(self) -> dict[str, int]:
        counts = {severity: self.count(severity) for severity in SEVERITIES}
        return {"files": self.files} | counts | {"suppressed": len(self.suppressed)}

    def summary_line(self) -> str:
        counts = [(severity, self.count(severity)) for severity in SEVERITIES]
        if not any(n for _, n in counts) and not self.unreadable:
            silenced = f" ({len(self.suppressed)} suppressed)" if self.suppressed else ""
            return f"All clear: no problems in {plural(self.files, 'file')}{silenced}."
        parts = [plural(n, severity) for severity, n in counts if n]
        if self.suppressed:
            parts.append(f"{len(self.suppressed)} suppressed")
        if self.unreadable:
            parts.append(plural(len(self.unreadable), "unreadable file"))
        return "Found " + ", ".join(parts) + "."

    def exit_status(self, strict: bool) -> ExitStatus:
        if self.unreadable:
            return ExitStatus.UNUSABLE
        failing = self.count("error") + (self.count("warning") if strict else 0)
        return ExitStatus.FAILED if failing else ExitStatus.OK


MATCH_KEY_FINDINGS = frozenset(
    {
        "unknown-platform",
        "unknown-source-kind",
        "yaml11-value",
        "unprovided-match-key",
        "non-scalar-match-value",
    }
)
"""Findings about a key inside a route's `match` (the others name a key of the route itself)."""


def diagnostic_position(document: ConfigDocument, diagnostic: Diagnostic) -> tuple[int, int]:
    """Where a finding is: the key it is about, in the route (or legacy entry) it names; else
    that route; for the base block, its key, else `model:`."""
    if diagnostic.origins and diagnostic.key is not None:
        in_match = diagnostic.id in MATCH_KEY_FINDINGS
        found = document.key_location(diagnostic.origins[0], diagnostic.key, in_match=in_match)
        if found is not None:
            return found
    for origin in diagnostic.origins:
        location = document.location(origin)
        if location is not None:
            return location
    return document.model_location(diagnostic.key) or (1, 1)


def check_file(path: Path, findings: Findings) -> None:
    """Add the diagnostics of one file as JSON-ready dicts; CommandError when it is unreadable
    (saying what that costs when the agent cannot read it either)."""
    try:
        document = load_document(path)
    except CommandError as error:
        raise CommandError(f"{error} {stake_of(path)}".rstrip()) from error
    findings.with_routes += bool(document.routes)
    lines = document.to_text().splitlines()
    for diagnostic in diagnose(document.model_config, document.value_sources()):
        line, column = diagnostic_position(document, diagnostic)
        route_lines = [
            found[0] for found in map(document.location, diagnostic.origins[:1]) if found
        ]
        silenced = diagnostic.id in findings.ignored_ids or is_suppressed(
            lines, diagnostic.id, [line, *route_lines]
        )
        (findings.suppressed if silenced else findings.diagnostics).append(
            {
                "file": str(path),
                "line": line,
                "column": column,
                "severity": diagnostic.severity,
                "id": diagnostic.id,
                "message": mask_text(diagnostic.message),
                "routes": [str(origin) for origin in diagnostic.origins],
            }
        )


def stake_of(path: Path) -> str:
    """What a file routedeck cannot read costs at runtime, when the agent cannot read it too."""
    try:
        raw = path.read_bytes() if path.is_file() and path.stat().st_size < 64 << 20 else None
    except OSError:
        raw = None
    return f"({BROKEN_FILE_STAKE})" if raw is not None and agent_cannot_read(raw) else ""


def known_ids(ids: Sequence[str]) -> frozenset[str]:
    """The --ignore ids, each one a diagnostic routedeck has (a typo would silence nothing)."""
    for word in ids:
        if word not in SEVERITY:
            close = difflib.get_close_matches(word, list(SEVERITY), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise UsageError(f"--ignore {word}: no diagnostic has this id{hint}")
    return frozenset(ids)


def run(argv: Sequence[str]) -> int:
    args = parser().parse_args(argv)
    findings = Findings(len(args.files), known_ids(args.ignore))
    for path in args.files:
        try:
            check_file(path, findings)
        except CommandError as error:
            findings.unreadable.append(str(error))
    agent = find_installed_agent() if findings.with_routes else None
    warning = agent.routes_warning if agent else None
    if args.json:
        print_json(
            {
                "diagnostics": findings.diagnostics,
                "suppressed": findings.suppressed,
                "unreadable": findings.unreadable,
                "summary": findings.summary(),
                "agent_warning": warning,
            }
        )
    else:
        for item in findings.diagnostics:
            location = f"{item['file']}:{item['line']}:{item['column']}"
            print_finding(location, item["severity"], item["id"], item["message"])
        if len(findings.unreadable) < len(args.files):
            print(findings.summary_line())
    for sentence in findings.unreadable:
        print(f"routedeck: {sentence}", file=sys.stderr)
    if warning:
        print(f"routedeck: warning: {warning}", file=sys.stderr)
    return findings.exit_status(args.strict)
