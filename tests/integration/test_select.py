"""Tests of the port select: choosing a slot switches the port's SIM."""

from __future__ import annotations

from typing import TYPE_CHECKING

from homeassistant.components.select import (
    ATTR_OPTION,
    ATTR_OPTIONS,
    DOMAIN as SELECT_DOMAIN,
    SERVICE_SELECT_OPTION,
)
from homeassistant.const import ATTR_ENTITY_ID, Platform
from homeassistant.exceptions import ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    snapshot_platform,
)

from .conftest import setup_platforms, state_of
from .mixed import mixed_emulator_fixture  # noqa: F401 - fixture

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant
    from homeassistant.helpers import entity_registry as er
    from syrupy.assertion import SnapshotAssertion

    from emulator import RunningEmulator

PORT_1 = "select.ejoin_b575_port_1_active_slot"


async def test_selects(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Every port select, its registry entry and its state."""
    await setup_platforms(hass, mock_config_entry, Platform.SELECT)
    await snapshot_platform(hass, entity_registry, snapshot, mock_config_entry.entry_id)


async def _select(hass: HomeAssistant, entity_id: str, option: str) -> None:
    await hass.services.async_call(
        SELECT_DOMAIN,
        SERVICE_SELECT_OPTION,
        {ATTR_ENTITY_ID: entity_id, ATTR_OPTION: option},
        blocking=True,
    )


async def test_switch_the_sim(
    hass: HomeAssistant, emulator: RunningEmulator, init_integration: MockConfigEntry
) -> None:
    """Choosing a slot makes it the port's current SIM."""
    state = state_of(hass, PORT_1)
    assert state.state == "1.01"
    assert state.attributes[ATTR_OPTIONS] == ["1.01", "1.02"]

    await _select(hass, PORT_1, "1.02")
    assert emulator.gateway.port_state(1).active_slot == 2
    assert state_of(hass, PORT_1).state == "1.02"
    assert (
        state_of(hass, "binary_sensor.ejoin_b575_port_1_slot_02_active").state == "on"
    )
    assert (
        state_of(hass, "binary_sensor.ejoin_b575_port_1_slot_01_active").state == "off"
    )


async def test_slot_the_port_does_not_have(
    hass: HomeAssistant, emulator: RunningEmulator, init_integration: MockConfigEntry
) -> None:
    """Only the port's own slots can be chosen."""
    with pytest.raises(ServiceValidationError):
        await _select(hass, PORT_1, "2.01")
    assert emulator.gateway.port_state(1).active_slot == 1
