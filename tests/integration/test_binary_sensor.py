"""Tests of the slot binary sensors: SIM inserted and active slot."""

from __future__ import annotations

from typing import TYPE_CHECKING

from homeassistant.const import STATE_OFF, STATE_ON, STATE_UNKNOWN, Platform
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    snapshot_platform,
)

from .conftest import poll, setup_platforms, state_of
from .mixed import mixed_emulator_fixture  # noqa: F401 - fixture

if TYPE_CHECKING:
    from freezegun.api import FrozenDateTimeFactory
    from homeassistant.core import HomeAssistant
    from homeassistant.helpers import entity_registry as er
    from syrupy.assertion import SnapshotAssertion

    from emulator import RunningEmulator


async def test_binary_sensors(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Every slot binary sensor, its registry entry and its state."""
    await setup_platforms(hass, mock_config_entry, Platform.BINARY_SENSOR)
    await snapshot_platform(hass, entity_registry, snapshot, mock_config_entry.entry_id)


@pytest.mark.parametrize(
    ("entity_id", "state"),
    [
        ("binary_sensor.ejoin_b575_port_1_slot_01_sim_inserted", STATE_ON),
        ("binary_sensor.ejoin_b575_port_1_slot_02_sim_inserted", STATE_OFF),
        (
            "binary_sensor.ejoin_b575_port_2_slot_02_sim_inserted",
            STATE_ON,
        ),  # locked with SIM
        ("binary_sensor.ejoin_b575_port_1_slot_01_active", STATE_ON),
        ("binary_sensor.ejoin_b575_port_1_slot_02_active", STATE_OFF),
        (
            "binary_sensor.ejoin_b575_port_2_slot_01_active",
            STATE_ON,
        ),  # locked, still current
        ("binary_sensor.ejoin_b575_port_4_slot_02_active", STATE_OFF),
    ],
)
async def test_binary_sensor_states(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    entity_id: str,
    state: str,
) -> None:
    """Each kind of slot shows what a user expects."""
    assert state_of(hass, entity_id).state == state


async def test_reduced_rows(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    emulator: RunningEmulator,
    init_integration: MockConfigEntry,
) -> None:
    """Rows with only port, state and IMEI say what they can and no more."""
    emulator.set_slot("4.02", inserted=False)
    await poll(hass, freezer)
    # An empty slot: no SIM; an empty locked slot could hold one or not.
    assert (
        state_of(hass, "binary_sensor.ejoin_b575_port_1_slot_02_sim_inserted").state
        == STATE_OFF
    )
    assert (
        state_of(hass, "binary_sensor.ejoin_b575_port_4_slot_02_sim_inserted").state
        == STATE_UNKNOWN
    )
    # Without "active" flags the other slots of the port tell which is current.
    assert (
        state_of(hass, "binary_sensor.ejoin_b575_port_1_slot_02_active").state
        == STATE_OFF
    )
    # A port where no slot carries the flag does not know its current slot.
    emulator.set_slot("5.01", inserted=False)
    await poll(hass, freezer)
    assert (
        state_of(hass, "binary_sensor.ejoin_b575_port_5_slot_01_active").state
        == STATE_UNKNOWN
    )
