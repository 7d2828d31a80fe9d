"""Processes for the IMAP integration tests: pollers as separate processes (``manage.py
poll_imap``, a Celery worker), and a proxy that holds a poller's move out of INBOX."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
WAIT = 60  # seconds: the longest any one step may take before the test fails


class HoldingProxy:
    """A TCP proxy in front of Dovecot's plain IMAP port that forwards everything until the
    client sends ``UID MOVE``, then holds that command (never forwards it) and sets
    ``held``: the poller has filed the message and is waiting to move it."""

    def __init__(self, upstream_port: int):
        self.upstream_port = upstream_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.held = threading.Event()
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                client, _ = self.listener.accept()
                upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
                self.sockets += [client, upstream]
                threading.Thread(
                    target=self._pipe, args=(client, upstream, True), daemon=True
                ).start()
                threading.Thread(
                    target=self._pipe, args=(upstream, client, False), daemon=True
                ).start()

    def _pipe(self, source: socket.socket, sink: socket.socket, from_client: bool) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                if from_client and b"UID MOVE" in data.upper():
                    self.held.set()
                    while source.recv(65536):  # swallow until the client is gone
                        pass
                    break
                sink.sendall(data)
        for sock in (source, sink):
            with contextlib.suppress(OSError):
                sock.close()

    def close(self) -> None:
        for sock in (self.listener, *self.sockets):
            with contextlib.suppress(OSError):
                sock.close()


class Process:
    def __init__(self, args: list[str], env: dict[str, str], name: str):
        self.log = tempfile.NamedTemporaryFile(prefix=f"{name}-", suffix=".log", delete=False)  # noqa: SIM115
        self.process = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: a kill reaches its children
        )  # fmt: skip

    def output(self) -> str:
        return Path(self.log.name).read_text(errors="replace")[-4000:]

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def wait(self, timeout: float = WAIT) -> int:
        return self.process.wait(timeout=timeout)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.kill()
        Path(self.log.name).unlink(missing_ok=True)


def poll_imap(env: dict[str, str], processes: list[Process], name: str = "poll") -> Process:
    """``manage.py poll_imap`` in its own process, as cron or an operator runs it."""
    process = Process([sys.executable, "manage.py", "poll_imap"], env, name)
    processes.append(process)
    return process


def celery_worker(env: dict[str, str], processes: list[Process], name: str) -> Process:
    process = Process(
        [
            str(VENV_BIN / "celery"), "-A", "foitracker", "worker", "--pool=solo",
            "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
            f"--hostname={name}-{os.getpid()}@%h",
        ],
        env,
        name,
    )  # fmt: skip
    processes.append(process)
    deadline = time.monotonic() + WAIT
    while b" ready." not in Path(process.log.name).read_bytes():
        if process.process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"the worker did not start:\n{process.output()}")
        time.sleep(0.2)
    return process


def wait_for(condition, what: str, timeout: float = WAIT, output=lambda: "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout}s waiting for {what}\n{output()}")
        time.sleep(0.1)


# --------------------------------------------------------------------------------------------
# Mail
