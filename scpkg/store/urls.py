"""Store URLs as they may be printed: no password anywhere, whoever prints them (status, errors, logs)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

SECRET_KEYS = frozenset({"password", "pass", "pwd", "passwd", "secret", "token", "auth", "credentials"})
"""Query or fragment keys whose values are credentials (compared case-insensitively)."""

HIDDEN = "***"


def _redact_pairs(text: str) -> str:
    """``a=1&password=x`` -> ``a=1&password=***``; text that is not key=value pairs is hidden whole,
    since a fragment such as ``#hunter2`` may be nothing but a password."""
    if not text:
        return text
    pairs = parse_qsl(text, keep_blank_values=True)
    if not pairs or "=" not in text:
        return HIDDEN
    return urlencode([(k, HIDDEN if k.lower() in SECRET_KEYS else v) for k, v in pairs], safe="*")


def redact(url: str) -> str:
    """The URL without user:password, and with secret query values and any fragment hidden."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:  # a malformed URL (bad port, brackets): print nothing of it that could be a secret
        return url.split("://", 1)[0] + "://" + HIDDEN if "://" in url else HIDDEN
    netloc = parts.netloc
    if parts.username or parts.password or "@" in netloc:
        netloc = f"{HIDDEN}@{host or ''}" + (f":{port}" if port else "")
    query, fragment = _redact_pairs(parts.query), _redact_pairs(parts.fragment)
    if (netloc, query, fragment) == (parts.netloc, parts.query, parts.fragment):
        return url  # nothing secret: printed as given (urlunsplit would drop falkordb:///'s empty host)
    text = f"{parts.scheme}://{netloc}{parts.path}" if parts.scheme else f"{netloc}{parts.path}"
    return text + (f"?{query}" if parts.query else "") + (f"#{fragment}" if parts.fragment else "")


def scrub(text: str, url: str) -> str:
    """``text`` (an error message, a log line) with ``url`` shown redacted and every secret it holds
    (the password of its userinfo, secret query or fragment values, the fragment) replaced."""
    if not url:
        return text
    text = text.replace(url, redact(url))
    secrets: set[str] = set()
    try:
        parts = urlsplit(url)
        if parts.password:
            secrets.add(parts.password)
        for section in (parts.query, parts.fragment):
            pairs = parse_qsl(section, keep_blank_values=True)
            secrets |= {v for k, v in pairs if k.lower() in SECRET_KEYS}
            if section and "=" not in section:
                secrets.add(section)
    except ValueError:
        pass
    for secret in sorted((s for s in secrets if len(s) >= 2), key=len, reverse=True):
        text = text.replace(secret, HIDDEN)
    return text
