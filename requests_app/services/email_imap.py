"""Poll an IMAP mailbox for authorities' replies (issue 14): one of the three ways in.

Each message in the folder of ``INBOUND_IMAP_URL`` is fetched whole, filed by
``email_inbound.email_file(raw, source="imap")`` and only then moved to
``INBOUND_IMAP_PROCESSED_FOLDER``. Filing commits before the move, and filing the same
Message-ID again finds the message already filed, so:

- a poller that dies between filing and moving leaves the message in the folder, and the next
  poll files it again, which changes nothing: every message is filed exactly once;
- two pollers at once keep out of each other's way one message at a time: on PostgreSQL each
  takes a session advisory lock on a message before touching it and skips a message another
  holds (its lock dies with a dead poller's connection, so nothing is ever waited out), and
  filing the same Message-ID twice files it once in any case.

A message whose filing raises stays where it is and is tried again by the next poll, after
the fresh messages (it never blocks them). Each try is counted on the message itself, as an
IMAP keyword (``FoiTrackerAttempt<n>``) set *before* filing, so a message that kills the
process outright is counted too; after ``INBOUND_IMAP_MAX_ATTEMPTS`` tries it is moved to
``INBOUND_IMAP_ERROR_FOLDER`` and logged as an error. Nothing is deleted: the mailbox keeps
every message, and filing has stored its raw bytes before parsing them.

Standard-library ``imaplib``, addressing messages by UID throughout (sequence numbers shift
when another poller moves a message).
"""

from __future__ import annotations

import contextlib
import hashlib
import imaplib
import logging
import re
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connection

from foitracker.env import ImapMailbox
from requests_app.services.email_inbound import email_file

logger = logging.getLogger(__name__)

ATTEMPT_KEYWORD = "FoiTrackerAttempt"
_ATTEMPT = re.compile(rb"\b" + ATTEMPT_KEYWORD.encode() + rb"(\d+)\b")
_UID = re.compile(rb"\bUID (\d+)\b")
_FLAGS = re.compile(rb"\bFLAGS \(([^)]*)\)")


class ImapError(Exception):
    """The server refused a command the poll cannot do without (login, select, search)."""


@dataclass
class PollResult:
    found: int = 0  # messages in the folder when the poll began
    filed: int = 0  # filed (or found already filed) and moved to the processed folder
    failed: int = 0  # filing raised: left in the folder for the next poll
    quarantined: int = 0  # moved to the error folder after too many tries
    gone: int = 0  # moved away by another poller before this one fetched it
    busy: int = 0  # being handled by another poller at that moment: left to it

    def __str__(self) -> str:
        return (
            f"found {self.found}, filed {self.filed}, failed {self.failed}, "
            f"quarantined {self.quarantined}, gone {self.gone}, busy {self.busy}"
        )


def imap_poll(
    *,
    mailbox: ImapMailbox | None = None,
    batch: int | None = None,
    file: Callable[[bytes], object] | None = None,
) -> PollResult:
    """One poll of the configured mailbox (``settings.INBOUND_IMAP``); a no-op without one.

    ``file`` files one raw message; it defaults to ``email_file(raw, source="imap")``."""
    mailbox = mailbox or settings.INBOUND_IMAP
    result = PollResult()
    if mailbox is None:
        return result
    with _session(mailbox) as client:
        for folder in (settings.INBOUND_IMAP_PROCESSED_FOLDER, settings.INBOUND_IMAP_ERROR_FOLDER):
            client.create(_quote(folder))  # NO [ALREADYEXISTS] after the first poll: fine
        _check(client.select(_quote(mailbox.folder)), f"SELECT {mailbox.folder}")
        _, validity = client.response("UIDVALIDITY")
        poll = _Poll(client, mailbox, file or _email_file, _keywords_allowed(client))
        queue = _pending(client)
        result.found = len(queue)
        for uid, attempts in queue[: batch or settings.INBOUND_IMAP_BATCH]:
            with _message_claim(mailbox, validity[0] if validity else None, uid) as claimed:
                outcome = poll.handle(uid, attempts) if claimed else "busy"
            setattr(result, outcome, getattr(result, outcome) + 1)
    if result.found:
        logger.info("IMAP poll of %s@%s: %s", mailbox.user, mailbox.host, result)
    return result


@dataclass
class _Poll:
    client: imaplib.IMAP4
    mailbox: ImapMailbox
    file: Callable[[bytes], object]
    counts_attempts: bool

    def handle(self, uid: str, attempts: int) -> str:
        """File one message and move it; the PollResult field to count it under."""
        limit = settings.INBOUND_IMAP_MAX_ATTEMPTS
        if attempts >= limit:
            folder = settings.INBOUND_IMAP_ERROR_FOLDER
            _move(self.client, uid, folder)
            logger.error(
                "IMAP message UID %s failed to file %s times: moved to %r", uid, attempts, folder
            )
            return "quarantined"
        raw = _fetch(self.client, uid)
        if raw is None:
            return "gone"
        if self.counts_attempts:
            self.client.uid("STORE", uid, "+FLAGS", f"({ATTEMPT_KEYWORD}{attempts + 1})")
        try:
            self.file(raw)
        except Exception:
            logger.exception(
                "IMAP message UID %s could not be filed (try %s of %s); left in %r",
                uid,
                attempts + 1,
                limit,
                self.mailbox.folder,
            )
            return "failed"
        _move(self.client, uid, settings.INBOUND_IMAP_PROCESSED_FOLDER)
        return "filed"


def message_lock_key(mailbox: ImapMailbox, validity: bytes | None, uid: str) -> int:
    """The advisory lock's key (a signed 64-bit integer) for one message of one mailbox: by
    user, folder, UIDVALIDITY and UID, not by host and port, which differ between pollers
    reaching one server by different routes (a name and an address, TLS and plain)."""
    name = f"imap:{mailbox.user}:{mailbox.folder}:{validity!r}:{uid}"
    return int.from_bytes(
        hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True
    )


@contextlib.contextmanager
def _message_claim(mailbox: ImapMailbox, validity: bytes | None, uid: str) -> Iterator[bool]:
    """Whether this poller may handle the message now: on PostgreSQL, a session advisory
    lock on (mailbox, UIDVALIDITY, UID), tried without waiting and released after the move.

    Two sessions moving one message at once would each copy it (Dovecot's MOVE is a copy and
    an expunge), leaving two copies in the processed folder. A poller that dies holding the
    lock loses it with its connection, so there is never a stale lock to wait out."""
    if connection.vendor != "postgresql":
        yield True  # SQLite: one process, no concurrent pollers to keep apart
        return
    key = message_lock_key(mailbox, validity, uid)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        claimed = bool(cursor.fetchone()[0])
    try:
        yield claimed
    finally:
        if claimed:
            # A connection that died while filing took the lock with it.
            with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def _email_file(raw: bytes) -> object:
    return email_file(raw, source="imap")


@contextlib.contextmanager
def _session(mailbox: ImapMailbox) -> Iterator[imaplib.IMAP4]:
    timeout = settings.INBOUND_IMAP_TIMEOUT
    client: imaplib.IMAP4
    if mailbox.tls == "ssl":
        client = imaplib.IMAP4_SSL(
            mailbox.host, mailbox.port, ssl_context=_tls_context(), timeout=timeout
        )
    else:
        client = imaplib.IMAP4(mailbox.host, mailbox.port, timeout=timeout)
        if mailbox.tls == "starttls":
            client.starttls(ssl_context=_tls_context())
    try:
        try:
            client.login(mailbox.user, mailbox.password)
        except imaplib.IMAP4.error as exc:
            raise ImapError(
                f"IMAP login as {mailbox.user} at {mailbox.host} refused: {exc}"
            ) from None
        # Servers announce more (MOVE, UIDPLUS) once logged in than in their greeting.
        _, data = client.capability()
        client.capabilities = tuple(data[0].decode().upper().split()) if data else ()
        yield client
    finally:
        with contextlib.suppress(Exception):
            client.logout()


def _tls_context() -> ssl.SSLContext:
    context = ssl.create_default_context()
    if settings.INBOUND_IMAP_CA_FILE:
        context.load_verify_locations(cafile=settings.INBOUND_IMAP_CA_FILE)
    return context


def _quote(folder: str) -> str:
    # imaplib sends arguments as they are; a folder name with a space must be quoted.
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _check(response: tuple[str, list], command: str) -> list:
    status, data = response
    if status != "OK":
        raise ImapError(f"IMAP {command} refused: {data!r}")
    return data


def _keywords_allowed(client: imaplib.IMAP4) -> bool:
    """Whether the folder keeps keywords of our own (PERMANENTFLAGS lists ``\\*``)."""
    _, data = client.response("PERMANENTFLAGS")
    return any(item and b"\\*" in item for item in data)


def _pending(client: imaplib.IMAP4) -> list[tuple[str, int]]:
    """(UID, tries so far) of every message not marked deleted: fresh ones first, then the
    ones that failed before, each group oldest first."""
    _, found = client.uid("SEARCH", "UNDELETED")
    uids = found[0].split() if found and found[0] else []
    if not uids:
        return []
    _, data = client.uid("FETCH", "1:*", "(FLAGS)")  # one short command however many
    attempts: dict[bytes, int] = {}
    for item in data:
        line = item[0] if isinstance(item, tuple) else item
        uid = _UID.search(line or b"")
        flags = _FLAGS.search(line or b"")
        if uid:
            tries = [int(n) for n in _ATTEMPT.findall(flags.group(1) if flags else b"")]
            attempts[uid.group(1)] = max(tries, default=0)
    queue = [(uid.decode(), attempts.get(uid, 0)) for uid in uids]
    return sorted(queue, key=lambda pair: (pair[1] > 0, int(pair[0])))


def _fetch(client: imaplib.IMAP4, uid: str) -> bytes | None:
    """The message's exact bytes, without marking it read; None if it is no longer there."""
    _, data = client.uid("FETCH", uid, "(BODY.PEEK[])")
    for item in data:
        if isinstance(item, tuple) and len(item) == 2:
            return item[1]
    return None


def _move(client: imaplib.IMAP4, uid: str, folder: str) -> None:
    """Move one message. Already moved (another poller) is not an error: the server answers
    OK with nothing moved, or NO, and either way the message has left the folder."""
    if "MOVE" in client.capabilities:
        status, data = client.uid("MOVE", uid, _quote(folder))
    else:  # RFC 3501 only: copy, flag deleted, expunge (just this UID where UIDPLUS allows)
        status, data = client.uid("COPY", uid, _quote(folder))
        if status == "OK":
            client.uid("STORE", uid, "+FLAGS", "(\\Deleted)")
            if "UIDPLUS" in client.capabilities:
                client.uid("EXPUNGE", uid)
            else:
                client.expunge()
    if status != "OK":
        logger.warning("IMAP message UID %s not moved to %r: %r", uid, folder, data)
