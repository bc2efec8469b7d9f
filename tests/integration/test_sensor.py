"""Tests of the slot sensors on a gateway with every kind of slot."""

from __future__ import annotations

from typing import TYPE_CHECKING

from homeassistant.components.sensor import ATTR_OPTIONS, SensorDeviceClass
from homeassistant.const import (
    ATTR_DEVICE_CLASS,
    ATTR_UNIT_OF_MEASUREMENT,
    STATE_UNKNOWN,
    EntityCategory,
    Platform,
)
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    snapshot_platform,
)

from custom_components.ejoin.api import PortState
from custom_components.ejoin.const import CONF_CURRENCY, CONF_PUSH

from .conftest import setup_platforms, state_of
from .mixed import mixed_emulator_fixture  # noqa: F401 - fixture

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant
    from syrupy.assertion import SnapshotAssertion


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_sensors(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Every slot sensor, its registry entry and its state."""
    await setup_platforms(hass, mock_config_entry, Platform.SENSOR)
    await snapshot_platform(hass, entity_registry, snapshot, mock_config_entry.entry_id)


@pytest.mark.parametrize(
    ("entity_id", "state"),
    [
        ("sensor.ejoin_b575_port_1_slot_01_status", "registered"),
        ("sensor.ejoin_b575_port_1_slot_02_status", "no_sim"),
        ("sensor.ejoin_b575_port_2_slot_01_status", "user_locked"),
        ("sensor.ejoin_b575_port_3_slot_01_status", "register_failed"),
        ("sensor.ejoin_b575_port_3_slot_02_status", "idle_sim"),
        ("sensor.ejoin_b575_port_4_slot_01_status", "no_balance"),
        (
            "sensor.ejoin_b575_port_5_slot_01_status",
            STATE_UNKNOWN,
        ),  # code 10 is undefined
        ("sensor.ejoin_b575_port_1_slot_01_signal", "-51"),  # 31 on the module's scale
        ("sensor.ejoin_b575_port_4_slot_01_signal", STATE_UNKNOWN),  # 99: unknown
        ("sensor.ejoin_b575_port_3_slot_02_signal", STATE_UNKNOWN),  # inactive slot
        ("sensor.ejoin_b575_port_1_slot_01_balance", "12.34"),
        ("sensor.ejoin_b575_port_3_slot_02_balance", "0.00"),
        ("sensor.ejoin_b575_port_1_slot_02_balance", STATE_UNKNOWN),  # empty slot
        ("sensor.ejoin_b575_port_1_slot_02_operator", STATE_UNKNOWN),
    ],
)
async def test_sensor_states(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    entity_id: str,
    state: str,
) -> None:
    """Each kind of slot shows what a user expects."""
    assert state_of(hass, entity_id).state == state


async def test_status_is_a_translated_enum(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """The status options are the port states' names, each translated."""
    state = state_of(hass, "sensor.ejoin_b575_port_1_slot_01_status")
    assert state.attributes[ATTR_DEVICE_CLASS] == SensorDeviceClass.ENUM
    assert state.attributes[ATTR_OPTIONS] == [s.name.lower() for s in PortState]
    assert "undefined" not in state.attributes[ATTR_OPTIONS]


async def test_signal_in_dbm(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """The signal is a signal strength in dBm."""
    state = state_of(hass, "sensor.ejoin_b575_port_1_slot_01_signal")
    assert state.attributes[ATTR_DEVICE_CLASS] == SensorDeviceClass.SIGNAL_STRENGTH
    assert state.attributes[ATTR_UNIT_OF_MEASUREMENT] == "dBm"


async def test_balance_in_home_assistant_currency(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """Without the option, the balance is in Home Assistant's currency."""
    hass.config.currency = "CHF"
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    state = state_of(hass, "sensor.ejoin_b575_port_1_slot_01_balance")
    assert state.attributes[ATTR_DEVICE_CLASS] == SensorDeviceClass.MONETARY
    assert state.attributes[ATTR_UNIT_OF_MEASUREMENT] == "CHF"


@pytest.mark.parametrize("options", [{CONF_PUSH: False, CONF_CURRENCY: "GBP"}])
async def test_balance_in_configured_currency(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """The currency option sets the balance's unit."""
    state = state_of(hass, "sensor.ejoin_b575_port_1_slot_01_balance")
    assert state.attributes[ATTR_UNIT_OF_MEASUREMENT] == "GBP"


async def test_identifiers_are_diagnostic_and_rare_ones_disabled(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    init_integration: MockConfigEntry,
) -> None:
    """Operator and number are shown; ICCID, IMSI and IMEI must be enabled first."""
    for key in ("operator", "sim_number", "iccid", "imsi", "imei"):
        entry = entity_registry.async_get(f"sensor.ejoin_b575_port_1_slot_01_{key}")
        assert entry is not None, key
        assert entry.entity_category is EntityCategory.DIAGNOSTIC
        disabled = key in {"iccid", "imsi", "imei"}
        assert (entry.disabled_by is er.RegistryEntryDisabler.INTEGRATION) is disabled
        assert (hass.states.get(entry.entity_id) is None) is disabled
    entry = entity_registry.async_get("sensor.ejoin_b575_port_1_slot_01_status")
    assert entry is not None
    assert entry.unique_id == f"{init_integration.unique_id}_1.01_status"
