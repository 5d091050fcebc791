"""Keeping secrets out of everything aglod prints: one function, ``redact``, that every
message, exception text, traceback and JSON summary of the loader passes through
(``store/remote.py`` builds its errors with it; the CLI applies it to every error and
traceback it prints, and to all that ``load`` prints).

What counts as a secret:

- the credentials aglod reads from the environment (``AGLOD_ENDPOINT_TOKEN``,
  ``AGLOD_ENDPOINT_PASSWORD``), in every form a message could carry them: as they
  are, with control characters escaped (``repr``, as in a ``ValueError`` about a
  header) or folded to spaces, percent-encoded, and base64-encoded (alone and as
  ``user:password``, the Basic header's form);
- the value of an ``Authorization`` header (``Bearer …``, ``Basic …``), wherever a
  message or a server's answer repeats one;
- the user-information part of any URL (``scheme://user:password@host``): everything
  from its ``://`` to the last ``@`` before a space or quote, so that a password
  holding ``/``, ``?`` or ``#`` (which make a URL parser see another host) is hidden
  whole;
- the password of a URL given to aglod that a parser cannot read
  (``remember_url``), since a parser's error may quote a piece of it;
- the values of query parameters whose names say they are credentials
  (``token``, ``access_token``, ``key``, ``password``, ``secret``, ``signature``...).

A value shorter than ``MIN_LENGTH`` is redacted only where it stands alone (not
inside a longer word), so that a one-letter password does not blank every message.
"""

from __future__ import annotations

import base64
import os
import re
import urllib.parse

from .sources.inputs import one_line

MASK = "***"
MIN_LENGTH = 4
SECRET_ENV = ("AGLOD_ENDPOINT_TOKEN", "AGLOD_ENDPOINT_PASSWORD")
USER_ENV = "AGLOD_ENDPOINT_USER"

# a run of text that may be a URL: no space, quote or angle bracket
_RUN = re.compile(r"[^\s'\"<>]+")
# the value of an Authorization header: its scheme, then the credentials
_AUTH_VALUE = re.compile(r"\b(Bearer|Basic|Digest|Negotiate)[ \t]+[^\s'\"<>]+")
# a query parameter: its name (checked by _CREDENTIAL_NAME) and its value
_PARAM = re.compile(r"([?&;][\w.\-]{1,64}=)([^&#\s'\"<>]*)")
_CREDENTIAL_NAME = re.compile(
    r"token|key|secret|password|passwd|pwd|auth|signature|sig|credential", re.IGNORECASE
)


def _hide_userinfo(run: re.Match[str]) -> str:
    """A run of text with the user information of the URL in it masked: from after
    its first ``://`` to its last ``@``."""
    text = run.group(0)
    start = text.find("://")
    at = text.rfind("@", start + 3) if start >= 0 else -1
    return text if at < 0 else text[: start + 3] + MASK + text[at:]


def _hide_credential_param(param: re.Match[str]) -> str:
    """``name=value`` of a query, the value masked if the name says it is a credential."""
    name, value = param.group(1), param.group(2)
    return name + MASK if value and _CREDENTIAL_NAME.search(name) else param.group(0)


_remembered: set[str] = set()


def remember_url(url: str) -> None:
    """Note the user information of ``url`` (everything before the last ``@`` after
    the scheme, or before the last ``@`` at all when there is no scheme) as secrets:
    the password whole and each piece of it a parser may quote on its own."""
    rest = url.split("://", 1)[1] if "://" in url else url
    if "@" not in rest:
        return
    userinfo = rest.rsplit("@", 1)[0]
    password = userinfo.split(":", 1)[1] if ":" in userinfo else userinfo
    pieces = {userinfo, password, urllib.parse.unquote(password)}
    pieces |= set(re.split(r"[:/?#@\[\]\s]+", password))
    _remembered.update(p for p in pieces if p)


def secret_values() -> set[str]:
    """The secrets known now: the credentials in the environment, the Basic header's
    ``user:password`` and the URL passwords noted by ``remember_url``."""
    values = {os.environ.get(name, "") for name in SECRET_ENV}
    password = os.environ.get("AGLOD_ENDPOINT_PASSWORD", "")
    user = os.environ.get(USER_ENV, "")
    if user:
        values.add(f"{user}:{password}")
    return {v for v in values | _remembered if v.strip()}


def _forms(secret: str) -> set[str]:
    """The ways ``secret`` can show in a message: of itself, and of itself without
    its surrounding spaces and control characters (as a reader may have cut it)."""
    forms: set[str] = set()
    for value in {secret, secret.strip(), one_line(secret)}:
        forms |= {value, repr(value)[1:-1], repr(value.encode("utf-8", "replace"))[2:-1]}
        forms |= {urllib.parse.quote(value, safe=""), urllib.parse.quote(value)}
        forms.add(urllib.parse.quote_plus(value))
        forms.add(base64.b64encode(value.encode("utf-8", "replace")).decode("ascii"))
    return {f for f in forms if f.strip()}


def redact(text: str) -> str:
    """``text`` with every secret (see the module's description) replaced by ``***``."""
    if "://" in text:
        text = _RUN.sub(_hide_userinfo, text)
    text = _AUTH_VALUE.sub(lambda m: f"{m.group(1)} {MASK}", text)
    if "=" in text:
        text = _PARAM.sub(_hide_credential_param, text)
    forms: set[str] = set()
    for secret in secret_values():
        forms |= _forms(secret)
    for form in sorted(forms, key=len, reverse=True):  # the longest first: no piece left
        if form == MASK:
            continue
        if len(form) >= MIN_LENGTH:
            text = text.replace(form, MASK)
        else:
            text = re.sub(rf"(?<!\w){re.escape(form)}(?!\w)", MASK, text)
    return text
