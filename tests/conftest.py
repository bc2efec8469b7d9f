"""Fixtures shared by every test suite: the emulated Ejoin gateway on loopback.

Every test also runs under :func:`no_secrets_in_logs`: the debug logs of the
integration and the emulator are captured, and a test whose logs show a known
password (see :func:`log_secrets`) fails.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
import logging
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pytest

from emulator import RunningEmulator, running_emulator
from emulator.testing import PushReceiver

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterable, Iterator

EMULATOR_USERNAME = "root"
EMULATOR_PASSWORD = "s3cret-pass"

#: Loggers whose debug records every test captures and checks for secrets.
CHECKED_LOGGERS = ("custom_components.ejoin", "emulator")
#: Passwords at least this long and not a plain word are looked for on their own;
#: others (the emulator's factory default ``root`` is also the user name, a test's
#: ``changed`` is in every ``state_changed`` event) only in pairs.
_MIN_BARE_SECRET = 6


class LogSecrets:
    """The secrets no log record of the current test may contain.

    The ``emulator`` fixture adds its credentials, the integration tests the
    passwords of their config entries; a test may :meth:`add` its own.
    """

    def __init__(self) -> None:
        """Start without secrets."""
        self.secrets: set[str] = set()

    def add(self, password: str, username: str | None = None) -> None:
        """Register a password, and the forms it takes next to its user name."""
        if not password:
            return
        encoded = quote(password, safe="")
        forms = {f"password={password}", f"password={encoded}"}
        if username:
            forms |= {f"{username}:{password}", f"{username}/{password}"}
        if len(password) >= _MIN_BARE_SECRET and not password.isalpha():
            forms |= {password, encoded}
        self.secrets |= forms

    def found_in(self, text: str) -> list[str]:
        """Return the registered secrets that occur in ``text``."""
        return sorted(secret for secret in self.secrets if secret in text)

    def leaks(self, records: Iterable[logging.LogRecord]) -> list[str]:
        """Describe every secret that a log record shows (traceback included)."""
        return [
            f"{record.name} {record.levelname}: {secret!r}"
            for record in records
            for secret in self.found_in(_record_text(record))
        ]


@pytest.fixture
def log_secrets() -> LogSecrets:
    """Return the registry of secrets the test's logs must not contain."""
    return LogSecrets()


def _record_text(record: logging.LogRecord) -> str:
    """Return everything a log record would print, traceback included."""
    text = record.getMessage()
    if record.exc_info:
        text += "\n" + logging.Formatter().formatException(record.exc_info)
    if record.stack_info:
        text += "\n" + record.stack_info
    return text


@pytest.fixture(autouse=True)
def no_secrets_in_logs(
    caplog: pytest.LogCaptureFixture, log_secrets: LogSecrets
) -> Iterator[None]:
    """Fail the test when a captured log record (debug ones too) shows a secret."""
    for name in CHECKED_LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    yield
    leaks = log_secrets.leaks(
        record
        for phase in ("setup", "call", "teardown")
        for record in caplog.get_records(phase)
    )
    if leaks:
        pytest.fail("Secrets in the logs:\n" + "\n".join(leaks), pytrace=False)


@asynccontextmanager
async def standard_emulator(
    log_secrets: LogSecrets, **options: Any
) -> AsyncIterator[RunningEmulator]:
    """Run an 8-port, 4-slot gateway (mixed state, seed 1) on 127.0.0.1.

    ``options`` are emulator options (``api="v3"``). Its credentials join
    ``log_secrets``.
    """
    async with running_emulator(
        ports=8,
        slots=4,
        seed=1,
        username=EMULATOR_USERNAME,
        password=EMULATOR_PASSWORD,
        **options,
    ) as running:
        log_secrets.add(running.password, running.username)
        yield running
        # A test may have changed the gateway's password: that one is secret too.
        log_secrets.add(running.gateway.password, running.gateway.username)


@pytest.fixture
async def emulator(
    socket_enabled: None, log_secrets: LogSecrets
) -> AsyncIterator[RunningEmulator]:
    """Run the standard gateway of API v2.1 (see :func:`standard_emulator`).

    ``socket_enabled`` (pytest-socket) lifts the test plugin's socket ban; only
    loopback connections stay allowed. The integration tests run every test
    against each API generation (their own ``emulator`` fixture).
    """
    async with standard_emulator(log_secrets) as running:
        yield running


@pytest.fixture
async def push_receiver(socket_enabled: None) -> AsyncIterator[PushReceiver]:
    """Record every request POSTed to ``push_receiver.url(...)`` (127.0.0.1)."""
    async with PushReceiver() as receiver:
        yield receiver
