"""The mixed gateway as the ``emulator`` fixture, for the modules that import it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from .conftest import mixed_gateway

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from emulator import RunningEmulator


@pytest.fixture(name="emulator")
async def mixed_emulator_fixture(
    socket_enabled: None, gateway_api: str
) -> AsyncIterator[RunningEmulator]:
    """Use the gateway with one of every kind of slot, of either API generation."""
    async with mixed_gateway(gateway_api) as running:
        yield running
