from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.dovecot import DOVECOT, Dovecot
from tests.integration.services import unavailable


@pytest.fixture
def dovecot(require_services) -> Iterator[Dovecot]:
    """A private Dovecot with an empty INBOX and a Processed folder, stopped after the test.

    Missing Dovecot skips the test, or fails it under REQUIRE_SERVICES=1 (CI), where
    .ci/system-deps installs Debian's dovecot-imapd."""
    if not DOVECOT.exists() or not shutil.which("openssl"):
        unavailable(
            require_services,
            f"no Dovecot at {DOVECOT} (or no openssl): apt-get install dovecot-imapd",
        )
    # Not pytest's tmp_path: under pytest-xdist it is deep enough that Dovecot's socket paths
    # pass the 108 bytes a Unix socket's address may have, and it will not start.
    directory = Path(tempfile.mkdtemp(prefix="dovecot-", dir="/tmp"))
    server = Dovecot(directory / "d")
    server.directory.mkdir()
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(directory, ignore_errors=True)
