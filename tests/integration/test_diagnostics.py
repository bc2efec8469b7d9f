"""Tests of the diagnostics: the entry, its options and the latest status, redacted."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from syrupy.filters import props

from custom_components.ejoin.const import (
    CONF_CURRENCY,
    CONF_PUSH,
    CONF_WEBHOOK_BASE_URL,
)

from .conftest import mixed_gateway

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from homeassistant.core import HomeAssistant
    from pytest_homeassistant_custom_component.common import MockConfigEntry
    from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
    from syrupy.assertion import SnapshotAssertion

    from emulator import RunningEmulator


@pytest.fixture
async def emulator(socket_enabled: None) -> AsyncIterator[RunningEmulator]:
    """Use the gateway with one of every kind of slot."""
    async with mixed_gateway() as running:
        yield running


@pytest.mark.parametrize(
    "options",
    [
        {
            CONF_PUSH: False,
            CONF_CURRENCY: "EUR",
            CONF_WEBHOOK_BASE_URL: "https://my-home.example.com",
        }
    ],
)
async def test_diagnostics(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    snapshot: SnapshotAssertion,
    emulator: RunningEmulator,
    init_integration: MockConfigEntry,
) -> None:
    """Diagnostics show the gateway's state without secrets or identities."""
    diagnostics = await get_diagnostics_for_config_entry(
        hass, hass_client, init_integration
    )
    assert diagnostics == snapshot(
        exclude=props("entry_id", "created_at", "modified_at", "webhook_id", "port")
    )

    text = json.dumps(diagnostics)
    gateway = emulator.gateway
    secrets = [
        emulator.password,
        "my-home.example.com",
        init_integration.unique_id,
        gateway.mac,
    ]
    for port in range(1, gateway.max_ports + 1):
        for slot in range(1, gateway.max_slots + 1):
            state = gateway.slot_state(port, slot)
            secrets += [state.sim.iccid, state.sim.imsi, state.sim.msisdn]
            secrets.append(gateway.slot_imei(state))
    for secret in secrets:
        assert secret not in text
