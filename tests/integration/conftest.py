from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from tests.integration.dovecot import DOVECOT, Dovecot
from tests.integration.services import unavailable


@pytest.fixture
def dovecot(tmp_path, require_services) -> Iterator[Dovecot]:
    """A private Dovecot with an empty INBOX and a Processed folder, stopped after the test.

    Missing Dovecot skips the test, or fails it under REQUIRE_SERVICES=1 (CI), where
    .ci/system-deps installs Debian's dovecot-imapd."""
    if not DOVECOT.exists() or not shutil.which("openssl"):
        unavailable(
            require_services,
            f"no Dovecot at {DOVECOT} (or no openssl): apt-get install dovecot-imapd",
        )
    server = Dovecot(tmp_path / "dovecot")
    server.directory.mkdir()
    server.start()
    yield server
    server.stop()
