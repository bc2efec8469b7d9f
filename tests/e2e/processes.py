"""Subprocesses of the end-to-end tests: start, wait until ready, stop, show logs.

Every process runs in its own session (process group), writes stdout and stderr to a
log file, and is registered in :data:`STARTED` so that a failing test can show the
logs and the session can kill whatever a fixture did not stop.

Three lines of defence end the processes: each fixture's finalizer, then
``pytest_sessionfinish`` and an ``atexit`` hook (:func:`stop_all`), and, when the test
process dies without running either (SIGKILL, ``os._exit``), the kernel: each child
asks for SIGTERM when its parent goes (``PR_SET_PDEATHSIG``).

Linux sends that signal when the *thread* that forked the child ends, not the
process. A test that starts Home Assistant from a worker thread
(``asyncio.to_thread``) would see it killed as soon as the event loop shuts its
executor down. So every process is forked by one spawner thread that lives as long
as the test process.
"""

from __future__ import annotations

import atexit
from concurrent.futures import ThreadPoolExecutor
import contextlib
import ctypes
import functools
import os
import signal
import socket
import subprocess
import time
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from pathlib import Path

__all__ = ["STARTED", "ManagedProcess", "ProcessDiedError", "free_port", "stop_all"]

#: Every process started in this test session, in start order.
STARTED: list[ManagedProcess] = []


def free_port() -> int:
    """Return a TCP port on the loopback interface that nobody listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


#: prctl(2) option: the signal the calling process gets when its parent dies.
PR_SET_PDEATHSIG = 1

#: The one thread that forks every child (see the module docstring). Its worker
#: lives until the interpreter exits; it is not a thread a test's event loop owns.
_SPAWNER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="e2e-spawner")


def _die_with_parent(parent: int) -> None:  # pragma: no cover - runs in the child
    """Have Linux SIGTERM the child when the test process dies (PR_SET_PDEATHSIG).

    If the parent died between the fork and the prctl call, nobody would send the
    signal: the child then leaves at once.
    """
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:
        os._exit(1)


class ProcessDiedError(RuntimeError):
    """A managed process exited while a test waited for it."""


class ManagedProcess:
    """One subprocess with a log file, started and stopped on demand."""

    def __init__(
        self,
        name: str,
        argv: Sequence[str],
        *,
        log_path: Path,
        cwd: Path,
        env: Mapping[str, str] | None = None,
    ) -> None:
        """Describe the process; :meth:`start` runs it."""
        self.name = name
        self.argv = list(argv)
        self.log_path = log_path
        self.cwd = cwd
        self.env = dict(env) if env is not None else None
        self._popen: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self.starts = 0

    @property
    def pid(self) -> int | None:
        """The process id while it runs."""
        return self._popen.pid if self._popen is not None else None

    @property
    def alive(self) -> bool:
        """Whether the process runs."""
        return self._popen is not None and self._popen.poll() is None

    def start(self) -> None:
        """Start the process, appending to its log (a restart keeps the old lines)."""
        if self.alive:
            raise RuntimeError(f"{self.name} is already running")
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("ab")
        self.starts += 1
        self._log.write(
            f"\n===== e2e: start #{self.starts} of {self.name} =====\n".encode()
        )
        self._log.flush()
        log, parent = self._log, os.getpid()

        def spawn() -> subprocess.Popen[bytes]:
            return subprocess.Popen(  # noqa: S603 - our own argv, no shell
                self.argv,
                cwd=self.cwd,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                # A killed test run must not leave Home Assistant or the emulator
                # behind.
                preexec_fn=functools.partial(_die_with_parent, parent),  # noqa: PLW1509 - nothing but prctl runs there
            )

        # Forked by the long-lived spawner thread: PR_SET_PDEATHSIG follows the
        # thread that forked, and a test may call this from a short-lived one.
        self._popen = _SPAWNER.submit(spawn).result()
        if self not in STARTED:
            STARTED.append(self)

    def stop(self, timeout: float = 30.0) -> int | None:
        """Stop the process group: SIGTERM, then SIGKILL after ``timeout`` seconds.

        Returns the exit code (None if it was not running).
        """
        popen = self._popen
        if popen is None:
            return None
        code = popen.poll()
        if code is None:
            self._signal(popen, signal.SIGTERM)
            try:
                code = popen.wait(timeout)
            except subprocess.TimeoutExpired:
                self._signal(popen, signal.SIGKILL)
                code = popen.wait(10)
        # Whatever the leader left behind in its group goes too.
        self._signal(popen, signal.SIGKILL)
        self._popen = None
        if self._log is not None:
            self._log.close()
            self._log = None
        return code

    def kill(self) -> int | None:
        """Kill the process group at once (SIGKILL): a crash, a power cut."""
        popen = self._popen
        if popen is None:
            return None
        self._signal(popen, signal.SIGKILL)
        return self.stop(timeout=10)

    @staticmethod
    def _signal(popen: subprocess.Popen[bytes], sig: signal.Signals) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(popen.pid, sig)

    def log_tail(self, lines: int = 200) -> str:
        """Return the last ``lines`` lines of the log."""
        try:
            text = self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def wait_until(
        self, check: Callable[[], bool], *, timeout: float, what: str
    ) -> None:
        """Poll ``check`` until it holds; fail early if the process exits."""
        deadline = time.monotonic() + timeout
        while True:
            if not self.alive:
                raise ProcessDiedError(
                    f"{self.name} exited while waiting for {what}; log:\n"
                    + self.log_tail(80)
                )
            if check():
                return
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"{self.name}: no {what} after {timeout:.0f} s; log:\n"
                    + self.log_tail(80)
                )
            time.sleep(0.2)

    def __repr__(self) -> str:
        """Name and pid, for test output."""
        return f"<{self.name} pid={self.pid}>"


def stop_all() -> None:
    """Stop every process still running (the last line of defence).

    One process that refuses to die does not keep the others alive.
    """
    errors: list[BaseException] = []
    for process in reversed(STARTED):
        try:
            process.stop(timeout=10)
        except (OSError, subprocess.SubprocessError) as err:
            errors.append(err)
    if errors:
        raise errors[0]


# A run that ends without pytest_sessionfinish (an internal error, sys.exit in a
# plugin) still stops its processes; after a normal run there is nothing left.
atexit.register(stop_all)
