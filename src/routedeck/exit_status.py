"""The exit statuses of every routedeck command and of the editor: one home for them."""

from enum import IntEnum


class ExitStatus(IntEnum):
    OK = 0
    """Done; for `check`, clean or warnings only; for `diff`, the same behaviour."""
    FAILED = 1
    """Done, with a negative answer: errors found, a scenario or expectation failed, behaviour
    differs, something left to migrate; for the editor, a missing file the user chose not to
    create."""
    UNUSABLE = 2
    """Nothing was done: a usage error, or a file that cannot be read, parsed or written."""
    CRASHED = 70
    """routedeck itself failed (a bug): EX_SOFTWARE of sysexits.h."""
    INTERRUPTED = 130
    """Stopped by ctrl+c (128 + SIGINT), as shells report it."""
