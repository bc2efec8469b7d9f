"""Fixtures shared by every test suite: the emulated Ejoin gateway on loopback."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from emulator import RunningEmulator, running_emulator
from emulator.testing import PushReceiver

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

EMULATOR_USERNAME = "root"
EMULATOR_PASSWORD = "s3cret-pass"


@pytest.fixture
async def emulator(socket_enabled: None) -> AsyncIterator[RunningEmulator]:
    """Run an 8-port, 4-slot gateway (mixed state, seed 1) on 127.0.0.1.

    ``socket_enabled`` (pytest-socket) lifts the test plugin's socket ban; only
    loopback connections stay allowed.
    """
    async with running_emulator(
        ports=8,
        slots=4,
        seed=1,
        username=EMULATOR_USERNAME,
        password=EMULATOR_PASSWORD,
    ) as running:
        yield running


@pytest.fixture
async def push_receiver(socket_enabled: None) -> AsyncIterator[PushReceiver]:
    """Record every request POSTed to ``push_receiver.url(...)`` (127.0.0.1)."""
    async with PushReceiver() as receiver:
        yield receiver
