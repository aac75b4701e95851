"""Secrets, wherever routedeck shows them: one mask, one format, every spelling of a secret.

The format (`mask_secret`): six characters whatever the secret's length, `••••` then the last
two characters of a secret of 16 or more characters (enough to tell two keys apart, never
enough to use one), else `••••••`. A `${VAR}` reference is shown as it is: it names a secret,
it is not one.

What counts as a secret:
* the value of a key named like a credential (`is_secret_key`): `api_key`, `API_KEY`, `apiKey`,
  `x-api-key`, `token`, `access_token`, `secret`, `client_secret`, `password`, … but not
  `max_tokens` or `token_limit`; also the `value` of a `{name: API_KEY, value: …}` pair;
* in any text (`mask_text`): the password of a URL (`https://user:…@host`), URL parameters and
  `name=value` pairs named like a credential or `key`/`sig` (`?key=…`, `token=…`), the value
  of a command-line flag named like one (`--api-key sk-…`, `--api-key=sk-…`), `Bearer …`, and
  tokens whose shape gives them away (`sk-…`, `ghp_…`, `xoxb-…`, `AIza…`, `hf_…`, JWTs);
* in an argument list (`mask_args`): the word after a flag named like a credential.

Entry points: `mask_value(value, key)` for data (the engine's results, a route's fields),
`mask_text(text)` for a line of free text, `mask_unparsed_text(text)` for a whole file that
does not parse (the load-error excerpt), where the YAML structure has to be guessed from the
lines: block scalars, explicit `? key` entries, multi-line values and anchors aliased by a
secret key are followed. This module is standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

ENV_REFERENCE = re.compile(r"\$\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)\}")
"""A `${VAR}` / `${env:VAR}` reference; group 1 is the variable's name."""

HIDDEN = "••••"
_SHORTEST_WITH_TAIL = 16
_SECRET_LAST_WORDS = frozenset(
    {
        "apikey",
        "token",
        "secret",
        "password",
        "passwd",
        "passphrase",
        "pwd",
        "credential",
        "credentials",
        "signature",
        "authorization",
        "privatekey",
        "accesskey",
        "secretkey",
    }
)
_KEY_QUALIFIERS = frozenset(
    {"api", "access", "private", "secret", "auth", "signing", "encryption", "master", "client"}
)
_URL_PARAMETER_NAMES = frozenset({"key", "sig", "code", "auth"})
_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z]|\b|[^A-Za-z]|$)|[A-Z]?[a-z]+|[0-9]+|[A-Z]+")

_URL_USERINFO = re.compile(
    r"(?P<head>\b[A-Za-z][A-Za-z0-9+.-]*://)(?P<user>[^/?#@\s:'\"]*)"
    r"(?::(?P<password>[^/?#@\s'\"]*))?@"
)
_NAME_VALUE = re.compile(
    r"(?P<head>(?:^|(?<=[?&;#\s,(\[{]))(?P<name>[A-Za-z_][\w.-]*)=)"
    r"(?P<value>\"[^\"]*\"|'[^']*'|[^\s&#;,'\")\]}]+)"
)
_FLAG_VALUE = re.compile(
    r"(?P<head>(?:^|(?<=[\s\[,'\"]))(?P<flag>--?[A-Za-z][\w-]*)(?:=|[ \t]+))"
    r"(?P<value>\"[^\"]*\"|'[^']*'|[^\s,'\"\]]+)"
)
_BEARER = re.compile(r"(?P<head>\b(?:Bearer|Basic|Token)[ \t]+)(?P<value>[A-Za-z0-9._~+/=-]{8,})")
_TOKEN_SHAPES = re.compile(
    r"(?<![\w-])(?:"
    r"sk-[A-Za-z0-9_-]{16,}"
    r"|(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}"
    r"|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_\w{20,}"
    r"|xox[abprs]-[A-Za-z0-9-]{10,}"
    r"|AIza[0-9A-Za-z_-]{30,}"
    r"|hf_[A-Za-z0-9]{20,}|glpat-[A-Za-z0-9_-]{20,}|gsk_[A-Za-z0-9]{20,}|r8_[A-Za-z0-9]{20,}"
    r"|nvapi-[A-Za-z0-9_-]{20,}|pplx-[A-Za-z0-9]{20,}"
    r"|A[KS]IA[0-9A-Z]{16}"
    r"|eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"
    r")"
)
_MIGHT_HOLD_A_SECRET = re.compile(
    r"://|=|--|Bearer|Basic|Token|sk-|sk_|rk_|pk_|gh[pousr]_|github_pat_|xox|AIza|hf_|glpat-"
    r"|gsk_|r8_|nvapi-|pplx-|[AS]KIA|eyJ"
)


def is_env_reference(value: object) -> bool:
    """True for a value that is only a `${VAR}` / `${env:VAR}` reference (not a secret itself)."""
    return isinstance(value, str) and ENV_REFERENCE.fullmatch(value.strip()) is not None


def mask_secret(value: object) -> str:
    """The one masked form of a secret (see the module doc); "" for None or ""."""
    if value is None:
        return ""
    text = str(value)
    if text == "" or is_env_reference(text):
        return text
    tail = text[-2:] if len(text) >= _SHORTEST_WITH_TAIL else "••"
    return HIDDEN + tail


def is_secret_key(key: object) -> bool:
    """Whether a key (or flag, or URL parameter) names a credential: its last word is token,
    secret, password, … or it ends in `<api|access|private|secret|auth|…> key`."""
    return isinstance(key, str) and _names_a_credential(key)


@lru_cache(maxsize=4096)
def _names_a_credential(key: str) -> bool:
    """Cached: a file repeats the same few keys over and over."""
    words = [word.lower() for word in _WORD.findall(key)]
    if not words:
        return False
    if words[-1] in _SECRET_LAST_WORDS:
        return True
    return words[-1] == "key" and len(words) >= 2 and words[-2] in _KEY_QUALIFIERS


def mask_text(text: str) -> str:
    """`text` with every secret it visibly holds masked (URL passwords, credential parameters
    and flags, bearer tokens, tokens of a known shape); other text unchanged."""
    if not _MIGHT_HOLD_A_SECRET.search(text):
        return text
    text = _URL_USERINFO.sub(_masked_userinfo, text)
    text = _NAME_VALUE.sub(_masked_pair(_is_secret_parameter), text)
    text = _FLAG_VALUE.sub(_masked_pair(_is_secret_flag), text)
    text = _BEARER.sub(lambda m: m["head"] + mask_secret(m["value"]), text)
    return _TOKEN_SHAPES.sub(lambda m: mask_secret(m[0]), text)


def mask_args(args: Iterable[Any]) -> list[Any]:
    """An argument list with the word after a credential flag (`--api-key sk-…`) masked, and
    every word masked as text (`--api-key=sk-…`)."""
    shown: list[Any] = []
    after_secret_flag = False
    for arg in args:
        if after_secret_flag and not _is_flag(arg):
            shown.append(mask_secret(arg))
            after_secret_flag = False
            continue
        after_secret_flag = _is_flag(arg) and _is_secret_flag(str(arg))
        shown.append(mask_value(arg))
    return shown


def mask_value(value: Any, key: object = None) -> Any:
    """`value` as it may be shown: the whole of it masked when `key` names a credential,
    else its secrets masked wherever they are (strings, argument lists, nested mappings).
    Mappings and lists come back as new dicts and lists; other values unchanged."""
    if is_secret_key(key):
        return _mask_everything(value)
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, Mapping):
        secret_pair = _names_a_secret(value)
        return {
            k: _mask_everything(v) if secret_pair and k == "value" else mask_value(v, k)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return mask_args(value)
    return value


def _mask_everything(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _mask_everything(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_mask_everything(item) for item in value]
    return mask_secret(value)


def _names_a_secret(mapping: Mapping[Any, Any]) -> bool:
    """`{name: API_KEY, value: …}` (Kubernetes-style environment lists)."""
    name = mapping.get("name", mapping.get("key"))
    return "value" in mapping and is_secret_key(name)


def _is_flag(arg: object) -> bool:
    return isinstance(arg, str) and arg.startswith("-") and "=" not in arg and len(arg) > 1


def _is_secret_flag(flag: str) -> bool:
    return is_secret_key(flag.lstrip("-"))


def _is_secret_parameter(name: str) -> bool:
    return is_secret_key(name) or name.lower() in _URL_PARAMETER_NAMES


def _masked_userinfo(found: re.Match[str]) -> str:
    user, password = found["user"], found["password"]
    if password is not None:
        return f"{found['head']}{user}:{mask_secret(password) if password else ''}@"
    if len(user) >= _SHORTEST_WITH_TAIL or _TOKEN_SHAPES.fullmatch(user):
        return f"{found['head']}{mask_secret(user)}@"  # a token as the user name
    return found[0]


def _masked_pair(is_secret: Any) -> Any:
    def replace(found: re.Match[str]) -> str:
        name = found["name"] if "name" in found.groupdict() else None
        name = name if name is not None else found["flag"]
        if not is_secret(name):
            return found[0]
        return found["head"] + _masked_keeping_quotes(found["value"])

    return replace


def _masked_keeping_quotes(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[0] + mask_secret(value[1:-1]) + value[0]
    return mask_secret(value)


# ---------------------------------------------------------------- text that does not parse

_KEY = re.compile(
    r"(?:^|(?<=[\s{,\[?-]))(?P<quote>[\"']?)(?P<key>[A-Za-z_$][\w.$-]*)(?P=quote)[ \t]*:(?=[ \t]|$)"
)
_EXPLICIT_KEY = re.compile(
    r"^(?P<indent>[ \t]*(?:-[ \t]+)*)\?[ \t]+(?P<q>[\"']?)(?P<key>[^\"'#]+?)(?P=q)[ \t]*$"
)
_ALIASED_BY_SECRET = re.compile(
    r"(?:^|(?<=[\s{,\[?-]))[\"']?(?P<key>[A-Za-z_$][\w.$-]*)[\"']?"
    r"[ \t]*:[ \t]*\*(?P<anchor>[^\s,\]}]+)"
)
_ANCHOR = re.compile(r"&(?P<anchor>[^\s,\[\]{}]+)")
_BLOCK_INDICATOR = re.compile(r"^[|>][-+0-9]*[ \t]*(?:#.*)?$")
_PROPERTIES = re.compile(r"^(?:(?:&[^\s]+|![^\s]*)[ \t]*)+")


def mask_unparsed_text(text: str) -> str:
    """`text` (a file that may not parse) with every secret masked, line by line; the lines,
    their breaks and everything before a masked value keep their place, so that a line and
    column still point at the same spot.

    Masked: the values of keys named like a credential, also written `"API_KEY":`, `? api_key`
    then `: value`, as a `>-` / `|` block, as a quoted or plain value going on over more lines;
    the value of an anchor that a secret key aliases (`vault: &k sk-…` … `api_key: *k`); the
    same inside comments (`# api_key: sk-old…`); and whatever `mask_text` masks in any line.
    """
    secret_anchors = {
        found["anchor"]
        for found in _ALIASED_BY_SECRET.finditer(text)
        if is_secret_key(found["key"])
    }
    masker = _LineMasker(secret_anchors)
    return "".join(masker.line(line) for line in text.splitlines(keepends=True))


class _LineMasker:
    """The state carried from line to line: an open multi-line secret, a pending `? key`."""

    def __init__(self, secret_anchors: set[str]) -> None:
        self.secret_anchors = secret_anchors
        self.continuation_indent: int | None = None  # hide deeper lines than this
        self.open_quote: str | None = None  # hide lines until this quote closes
        self.explicit_indent: int | None = None  # a `? secret` waits for its `: value`

    def line(self, line: str) -> str:
        body = line.rstrip("\r\n")
        brk = line[len(body) :]
        return self._body(body) + brk

    def _body(self, body: str) -> str:
        indent = len(body) - len(body.lstrip(" \t"))
        if self.open_quote is not None:
            return self._inside_quote(body, indent)
        if self.continuation_indent is not None:
            if not body.strip() or indent > self.continuation_indent:
                return _hidden_line(body, indent)
            self.continuation_indent = None
        if self.explicit_indent is not None:
            explicit, self.explicit_indent = self.explicit_indent, None
            if indent == explicit and body[indent:].startswith(":"):
                return self._value(body, indent + 1, explicit, flow=False)
        explicit_key = _EXPLICIT_KEY.match(body)
        if explicit_key and is_secret_key(explicit_key["key"].strip()):
            self.explicit_indent = len(explicit_key["indent"])
            return body
        return mask_text(self._keys(body))

    def _keys(self, body: str) -> str:
        """Mask the value of every secret key and secret anchor on the line."""
        position = 0
        shown = []
        while True:
            key = _next_secret(body, position, self.secret_anchors)
            if key is None:
                shown.append(body[position:])
                return "".join(shown)
            value_start, key_column, flow = key
            shown.append(body[position:value_start])
            end, masked = self._value_span(body, value_start, key_column, flow)
            shown.append(masked)
            position = end

    def _value(self, body: str, start: int, key_column: int, flow: bool) -> str:
        _, masked = self._value_span(body, start, key_column, flow)
        return mask_text(body[:start]) + masked

    def _value_span(self, body: str, start: int, key_column: int, flow: bool) -> tuple[int, str]:
        """(end, masked text) of the value starting at `start`; opens a continuation when the
        value goes on below."""
        rest = body[start:]
        lead = len(rest) - len(rest.lstrip(" \t"))
        value = rest[lead:]
        properties = _PROPERTIES.match(value)
        kept = rest[:lead] + (properties[0] if properties else "")
        value = value[len(kept) - lead :]
        if flow:
            end = _flow_end(body, start + len(kept))
            return end, kept + _masked_keeping_quotes(body[start + len(kept) : end].strip())
        value_start = start + len(kept)
        if not value or _BLOCK_INDICATOR.match(value) or value.startswith("#"):
            self._continue_below(key_column)
            return len(body), kept + value
        if value.startswith("*"):  # an alias names an anchor: it is not the secret
            return value_start, kept
        if value[0] in "'\"":
            closing = _closing_index(value[1:], value[0])
            if closing is None:
                self.open_quote = value[0]
                return len(body), kept + value[0] + HIDDEN + "••"
            return value_start + 1 + closing, kept + _masked_keeping_quotes(value[: closing + 1])
        self._continue_below(key_column)  # a plain value may go on over deeper lines
        comment = re.search(r"[ \t]#", value)
        end = value_start + (comment.start() if comment else len(value))
        written = body[value_start:end]
        return end, kept + mask_secret(written.rstrip()) + written[len(written.rstrip()) :]

    def _continue_below(self, key_column: int) -> None:
        if self.continuation_indent is None or key_column < self.continuation_indent:
            self.continuation_indent = key_column

    def _inside_quote(self, body: str, indent: int) -> str:
        assert self.open_quote is not None
        closing = _closing_index(body, self.open_quote)
        if closing is None:
            return _hidden_line(body, indent)
        self.open_quote = None
        return body[:indent] + HIDDEN + "••" + body[closing - 1 :]


def _next_secret(
    body: str, position: int, secret_anchors: set[str]
) -> tuple[int, int, bool] | None:
    """(value start, key column, in a flow collection) of the next secret value on the line:
    after a secret key's colon, or after an anchor a secret key aliases."""
    candidates = []
    for found in _KEY.finditer(body, position):
        if is_secret_key(found["key"]):
            candidates.append((found.end(), found.start(), _in_flow(body, found.start())))
            break
    for found in _ANCHOR.finditer(body, position):
        if found["anchor"] in secret_anchors:
            key = body.rfind(":", 0, found.start())
            column = len(body) - len(body.lstrip(" \t")) if key < 0 else _key_column(body, key)
            candidates.append((found.end(), column, _in_flow(body, found.start())))
            break
    return min(candidates, default=None)


def _key_column(body: str, colon: int) -> int:
    start = colon
    while start > 0 and body[start - 1] not in " \t{,[-?":
        start -= 1
    return start


def _in_flow(body: str, column: int) -> bool:
    depth = 0
    for char in body[:column]:
        if char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
    return depth > 0


def _flow_end(body: str, start: int) -> int:
    """Where a value in a flow collection ends: its closing quote, else `,` `}` `]`."""
    index = start
    while index < len(body) and body[index] in " \t":
        index += 1
    if index < len(body) and body[index] in "'\"":
        closing = _closing_index(body[index + 1 :], body[index])
        return len(body) if closing is None else index + 1 + closing
    while index < len(body) and body[index] not in ",}]":
        index += 1
    return index


def _closes(rest: str, quote: str) -> bool:
    return _closing_index(rest, quote) is not None


def _closing_index(text: str, quote: str) -> int | None:
    """The index just past the quote that closes a scalar whose opening quote came before
    `text`; None when it does not close in `text`."""
    index = 0
    while index < len(text):
        char = text[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and text[index + 1 : index + 2] == "'":
                index += 2
                continue
            return index + 1
        index += 1
    return None


def _hidden_line(body: str, indent: int) -> str:
    return body[:indent] + (HIDDEN + "••" if body.strip() else "")
