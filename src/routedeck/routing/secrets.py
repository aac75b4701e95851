"""Masking of `api_key` values wherever they are shown."""

import re

ENV_REFERENCE = re.compile(r"\$\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)\}")
"""A `${VAR}` / `${env:VAR}` reference; group 1 is the variable's name."""
_SECRET_IN_LINE = re.compile(r"""["']?api_key["']?\s*:[ \t]*(?=\S)""")


def is_env_reference(value: object) -> bool:
    """True for a value that is only a `${VAR}` / `${env:VAR}` reference (not a secret itself)."""
    return isinstance(value, str) and ENV_REFERENCE.fullmatch(value.strip()) is not None


def mask_secret(value: object) -> str:
    """Show enough of a secret to recognise it, never enough to use it.

    `${VAR}` references are shown as they are: they name a secret, they are not one.
    """
    if value is None:
        return ""
    text = str(value)
    if is_env_reference(text) or text == "":
        return text
    if len(text) <= 8:
        return "•" * 8
    return f"{text[:3]}…{text[-2:]}" if len(text) >= 16 else f"{text[:2]}…"


def mask_secrets_in_line(line: str) -> str:
    """A line of text that cannot be parsed (an error excerpt) with everything after an
    `api_key:` masked: without a parse the value's end is unknown, so the rest of the line goes."""
    found = _SECRET_IN_LINE.search(line)
    if found is None:
        return line
    return line[: found.end()] + mask_secret(line[found.end() :].strip())
