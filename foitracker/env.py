"""Typed environment helpers for ``foitracker/settings.py``.

Each fails loudly (ImproperlyConfigured) on a value it cannot parse, so a typo in production
is a crash at start-up rather than a silently wrong setting. No Django settings here: this
module is imported by the settings, and by the code that needs a parsed value's type
(``ImapMailbox``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false/1/0), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


SUPPORTED_DATABASE_ENGINES = {"django.db.backends.postgresql", "django.db.backends.sqlite3"}


def env_database(name: str, default: str) -> dict[str, Any]:
    raw = os.environ.get(name) or default
    try:
        config = dj_database_url.parse(raw, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is not a valid database URL: {exc}") from None
    if not config.get("ENGINE"):
        raise ImproperlyConfigured(f"{name} names an unknown database scheme: {raw!r}")
    # Only the two engines the product is built and tested on; another would fail later and
    # less clearly (a missing driver, or SQL the migrations never ran against).
    if config["ENGINE"] not in SUPPORTED_DATABASE_ENGINES:
        raise ImproperlyConfigured(f"{name} must be a postgres:// or sqlite:// URL, got {raw!r}")
    settings: dict[str, Any] = dict(config)
    if settings["ENGINE"] == "django.db.backends.postgresql":
        options = settings.setdefault("OPTIONS", {})
        # No JIT compilation: a page's query whose estimate passes jit_above_cost (a search
        # walking the list's order, a filter the planner thinks rare) spent 35-80 ms
        # compiling to run in 40 (issue 15); the app's long statements gain nothing either
        # (the CSV COPY of 883k rows: 11.8 s without, 13.6 s with). Startup option: no query.
        options["options"] = " ".join(filter(None, [options.get("options", ""), "-c jit=off"]))
    return settings


def env_broker(name: str, default: str) -> str:
    raw = os.environ.get(name) or default
    scheme = raw.split("://", 1)[0] if "://" in raw else ""
    if scheme not in {"redis", "rediss", "filesystem", "memory", "amqp", "pyamqp"}:
        raise ImproperlyConfigured(
            f"{name} must be a redis://, filesystem:// or memory:// URL, got {raw!r}"
        )
    return raw


@dataclass(frozen=True)
class ImapMailbox:
    """Where the IMAP poller reads replies (INBOUND_IMAP_URL): ``tls`` is "ssl" (imaps://,
    TLS from the start), "starttls" (imap+starttls://) or "" (imap://, plain: localhost only)."""

    host: str
    port: int
    tls: str
    user: str
    password: str
    folder: str


_IMAP_SCHEMES = {"imaps": ("ssl", 993), "imap+starttls": ("starttls", 143), "imap": ("", 143)}


def env_imap_folder(name: str, folder: str) -> str:
    # IMAP spells other characters in "modified UTF-7", which the poller does not write.
    if not folder.isascii() or not folder.isprintable():
        raise ImproperlyConfigured(f"{name}: folder names must be plain ASCII, got {folder!r}")
    return folder


def env_imap_url(name: str) -> ImapMailbox | None:
    """``imaps://user:password@host:993/INBOX`` (user, password and folder percent-encoded);
    empty or unset is None (no polling)."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    shown = re.sub(r"(?<=://)[^/]*@", "***@", raw)  # never print the credentials
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is not a valid URL ({exc}): {shown!r}") from None
    if parts.scheme not in _IMAP_SCHEMES:
        raise ImproperlyConfigured(
            f"{name} must start imaps://, imap+starttls:// or imap://, got {shown!r}"
        )
    if not parts.hostname or not parts.username or parts.password is None:
        raise ImproperlyConfigured(f"{name} needs user:password@host, got {shown!r}")
    if parts.query or parts.fragment:
        raise ImproperlyConfigured(f"{name} takes no ?query or #fragment, got {shown!r}")
    tls, default_port = _IMAP_SCHEMES[parts.scheme]
    folder = env_imap_folder(name, unquote(parts.path.lstrip("/")) or "INBOX")
    return ImapMailbox(
        host=parts.hostname,
        port=port or default_port,
        tls=tls,
        user=unquote(parts.username),
        password=unquote(parts.password),
        folder=folder,
    )


def cache_config(url: str, timeout: float) -> dict[str, Any]:
    """In-memory without a URL; Redis otherwise, through a backend that carries on without it.

    While Redis is down, statistics are computed uncached and throttles let calls through
    (``requests_app/cache_backend.py``); short socket timeouts keep each try brief.
    """
    if not url.startswith("redis"):
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    options = {"socket_connect_timeout": timeout, "socket_timeout": timeout}
    return {
        "default": {
            "BACKEND": "requests_app.cache_backend.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": options,
        }
    }
