"""What the editor prints when routedeck itself fails: where, never which values.

Textual's own report shows every frame's local variables, which hold the config's text and its
secrets; this one names the exception type, its message with secrets masked and control
characters escaped, and the frames as `file:line in function`.
"""

from __future__ import annotations

import traceback

from routedeck.routing.secrets import mask_text
from routedeck.routing.text import terminal_safe

HEADER = "routedeck stopped on an unexpected error (a bug: please report it with these lines)."


def crash_report(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    lines = [HEADER]
    lines += [f"  {frame.filename}:{frame.lineno} in {frame.name}" for frame in frames]
    message = terminal_safe(mask_text(" ".join(str(error).splitlines())))
    lines.append(f"{type(error).__name__}: {message}" if message else type(error).__name__)
    return "\n".join(terminal_safe(line) for line in lines)
