"""A private Dovecot IMAP server for the tests: a subprocess with its own config, no system
service.

Everything lives in one temporary directory: the config, a passwd-file with one user, that
user's Maildir (INBOX and a ``Processed`` folder), the runtime sockets and the log. It
listens on two free ports on 127.0.0.1: plain IMAP (plain-text login allowed, it is
localhost) and IMAPS with a self-signed certificate made for the run (``ca_file`` trusts it).

Dovecot refuses to run its login processes as root, or to give mail to UID 0. Run as root
(CI containers), the login processes use Debian's ``dovenull`` user, the mail is owned by the
package's ``dovecot`` user (so the mail directory is created under /tmp and given to it), and
the auth processes stay root so they can read the passwd-file in the pytest tmp directory.
Run as anyone else, every process is that user, with no chroot (Dovecot's "rootless" mode;
checked as ``nobody``).
"""

from __future__ import annotations

import contextlib
import grp
import imaplib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

DOVECOT = Path("/usr/sbin/dovecot")
USER = "foi-inbox"
PASSWORD = "correct horse battery staple"
PROCESSED = "Processed"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost, valid for a day, and its key."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-days", "1", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


class Dovecot:
    def __init__(self, directory: Path):
        self.directory = directory
        self.port = free_port()
        self.tls_port = free_port()
        self.user, self.password = USER, PASSWORD
        self.log = directory / "dovecot.log"
        self.process: subprocess.Popen | None = None
        self._mail_dir: Path | None = None

    # --- lifecycle ---------------------------------------------------------------------------

    def start(self, timeout: float = 20) -> None:
        self.ca_file, key = self_signed_certificate(self.directory)
        config = self._write_config(self.ca_file, key)
        self.process = subprocess.Popen(
            [str(DOVECOT), "-F", "-c", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=open(self.directory / "dovecot.stderr", "wb"),  # noqa: SIM115 - Popen owns it
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while True:
            try:
                with self.connect():
                    return
            except (OSError, imaplib.IMAP4.error):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    output = self.output()
                    self.stop()
                    raise RuntimeError(f"Dovecot did not start:\n{output}") from None
                time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            # Everything it has is in the test's directories: no graceful shutdown (which
            # takes a second) is needed. Its children share its process group.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        if self._mail_dir is not None:
            shutil.rmtree(self._mail_dir, ignore_errors=True)

    def output(self) -> str:
        parts = [
            p.read_text(errors="replace")
            for p in (self.log, self.directory / "dovecot.stderr")
            if p.exists()
        ]
        return "\n".join(parts)[-4000:]

    def _write_config(self, cert: Path, key: Path) -> Path:
        run_dir = self.directory / "run"
        run_dir.mkdir()
        (self.directory / "state").mkdir()
        if os.geteuid() == 0:
            mail_owner = pwd.getpwnam("dovecot")
            login_user, internal_user, internal_group = "dovenull", "dovecot", "dovecot"
            # Reachable by the mail user: pytest's tmp directories are root-only (0700).
            self._mail_dir = Path(tempfile.mkdtemp(prefix="dovecot-mail-"))
            os.chown(self._mail_dir, mail_owner.pw_uid, mail_owner.pw_gid)
            services = "service auth {\n  user = root\n}\nservice auth-worker {\n  user = root\n}\n"
        else:
            mail_owner = pwd.getpwuid(os.geteuid())
            login_user = internal_user = mail_owner.pw_name
            internal_group = grp.getgrgid(os.getegid()).gr_name
            self._mail_dir = Path(tempfile.mkdtemp(prefix="dovecot-mail-", dir=self.directory))
            # Without root there is no chroot: the rootless set-up turns it off.
            services = "service anvil {\n  chroot =\n}\nservice imap-login {\n  chroot =\n}\n"
        passwd = self.directory / "passwd"
        passwd.write_text(
            f"{self.user}:{{PLAIN}}{self.password}:{mail_owner.pw_uid}:{mail_owner.pw_gid}"
            f"::{self._mail_dir}\n"
        )
        config = self.directory / "dovecot.conf"
        config.write_text(
            f"""
protocols = imap
listen = 127.0.0.1
base_dir = {run_dir}
state_dir = {self.directory / "state"}
instance_name = foitracker-test-{self.port}
log_path = {self.log}
default_internal_user = {internal_user}
default_internal_group = {internal_group}
default_login_user = {login_user}
first_valid_uid = 1
first_valid_gid = 1
ssl = yes
ssl_cert = <{cert}
ssl_key = <{key}
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {passwd}
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {passwd}
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.tls_port}
    ssl = yes
  }}
}}
namespace inbox {{
  inbox = yes
  mailbox {PROCESSED} {{
    auto = create
  }}
}}
{services}"""
        )
        return config

    # --- what a test needs -------------------------------------------------------------------

    def url(self, *, tls: bool = False, folder: str = "INBOX", port: int | None = None) -> str:
        from urllib.parse import quote

        scheme = "imaps" if tls else "imap"
        port = port or (self.tls_port if tls else self.port)
        return f"{scheme}://{self.user}:{quote(self.password, safe='')}@127.0.0.1:{port}/{folder}"

    @contextlib.contextmanager
    def connect(self):
        client = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        try:
            client.login(self.user, self.password)
            yield client
        finally:
            with contextlib.suppress(Exception):
                client.logout()

    def append(self, raw: bytes, folder: str = "INBOX") -> None:
        with self.connect() as client:
            status, detail = client.append(folder, None, None, raw)
            assert status == "OK", detail

    def message_ids(self, folder: str = "INBOX") -> list[str]:
        """The Message-ID header of each message in ``folder``, in UID order."""
        import email

        with self.connect() as client:
            client.select(f'"{folder}"', readonly=True)
            _, data = client.uid("FETCH", "1:*", "(BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
        ids = []
        for item in data:
            if isinstance(item, tuple):
                ids.append(str(email.message_from_bytes(item[1])["Message-ID"]).strip("<> "))
        return ids

    def folders(self) -> list[str]:
        with self.connect() as client:
            _, data = client.list()
        return [line.decode().rsplit(" ", 1)[-1].strip('"') for line in data]
