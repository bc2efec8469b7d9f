"""The entities of API v3: locate switch, network type select, serving-cell sensors.

On a v2.1 gateway none of them exists; on a v3 one they act on the gateway and
show what it reports.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from homeassistant.components.select import (
    ATTR_OPTION,
    ATTR_OPTIONS,
    DOMAIN as SELECT_DOMAIN,
    SERVICE_SELECT_OPTION,
)
from homeassistant.const import (
    ATTR_ENTITY_ID,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    STATE_OFF,
    STATE_ON,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
    EntityCategory,
    Platform,
)
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.ejoin.const import CELL_SCAN_WAIT, RADIO_INTERVAL

from .conftest import state_of

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant
    from pytest_homeassistant_custom_component.common import MockConfigEntry

    from emulator import RunningEmulator

LOCATE = "switch.ejoin_b575_port_1_locate"
NETWORK_TYPE = "select.ejoin_b575_port_2_network_type"
CELL = "sensor.ejoin_b575_port_1_serving_cell_{}"
CELL_KEYS = ("operator", "technology", "id", "band", "earfcn", "pci", "rsrp")


async def _later(hass: HomeAssistant, delta: timedelta) -> None:
    async_fire_time_changed(hass, dt_util.utcnow() + delta)
    await hass.async_block_till_done(wait_background_tasks=True)


@pytest.mark.parametrize("gateway_api", ["v2"])
async def test_none_on_a_v2_gateway(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    init_integration: MockConfigEntry,
) -> None:
    entities = er.async_entries_for_config_entry(
        entity_registry, init_integration.entry_id
    )
    keys = {entity.unique_id.rsplit("_port_", 1)[-1] for entity in entities}
    assert not any("locate" in key or "network_type" in key for key in keys)
    assert not any("cell" in key for key in keys)
    assert init_integration.runtime_data.radio is None


@pytest.mark.parametrize("gateway_api", ["v3"])
async def test_locate_lights_the_port(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    emulator: RunningEmulator,
    init_integration: MockConfigEntry,
) -> None:
    entry = entity_registry.async_get(LOCATE)
    assert entry is not None
    assert entry.entity_category is EntityCategory.CONFIG
    gateway = emulator.gateway
    lit = any(gateway.slot_state(1, slot).led for slot in (1, 2, 3, 4))
    assert state_of(hass, LOCATE).state == (STATE_ON if lit else STATE_OFF)
    await hass.services.async_call(
        Platform.SWITCH, SERVICE_TURN_ON, {ATTR_ENTITY_ID: LOCATE}, blocking=True
    )
    assert [gateway.slot_state(1, slot).led for slot in (1, 2, 3, 4)] == [1, 1, 1, 1]
    assert state_of(hass, LOCATE).state == STATE_ON
    await hass.services.async_call(
        Platform.SWITCH, SERVICE_TURN_OFF, {ATTR_ENTITY_ID: LOCATE}, blocking=True
    )
    assert [gateway.slot_state(1, slot).led for slot in (1, 2, 3, 4)] == [0, 0, 0, 0]
    # A second command's refresh waits for the first one's short cooldown.
    await _later(hass, timedelta(seconds=1.5))
    assert state_of(hass, LOCATE).state == STATE_OFF
    # The gateway lost its LEDs (an older 8.x firmware): a clear error.
    emulator.set_fault("http500", path="on_leds")
    with pytest.raises(HomeAssistantError):
        await hass.services.async_call(
            Platform.SWITCH, SERVICE_TURN_ON, {ATTR_ENTITY_ID: LOCATE}, blocking=True
        )


@pytest.mark.parametrize("gateway_api", ["v3"])
async def test_locate_of_an_endpoint_the_firmware_lacks(
    hass: HomeAssistant, emulator: RunningEmulator, init_integration: MockConfigEntry
) -> None:
    emulator.configure(api="v2")  # every v3 endpoint answers 404 now
    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call(
            Platform.SWITCH, SERVICE_TURN_ON, {ATTR_ENTITY_ID: LOCATE}, blocking=True
        )
    assert err.value.translation_key == "not_supported"


@pytest.mark.parametrize("gateway_api", ["v3"])
async def test_network_type(
    hass: HomeAssistant, emulator: RunningEmulator, init_integration: MockConfigEntry
) -> None:
    state = state_of(hass, NETWORK_TYPE)
    assert state.state == "auto"
    assert state.attributes[ATTR_OPTIONS] == ["auto", "gsm", "wcdma", "lte"]
    await hass.services.async_call(
        SELECT_DOMAIN,
        SERVICE_SELECT_OPTION,
        {ATTR_ENTITY_ID: NETWORK_TYPE, ATTR_OPTION: "lte"},
        blocking=True,
    )
    await hass.async_block_till_done()
    assert emulator.gateway.port_state(2).network_type == "lte"
    assert emulator.gateway.port_state(1).network_type == "auto"
    assert state_of(hass, NETWORK_TYPE).state == "lte"
    assert state_of(hass, "select.ejoin_b575_port_1_network_type").state == "auto"
    # Changed on the gateway itself: the slow poll shows it.
    emulator.gateway.radio.set_network_type([2], "gsm")
    await _later(hass, RADIO_INTERVAL)
    assert state_of(hass, NETWORK_TYPE).state == "gsm"
    emulator.go_offline()
    await _later(hass, RADIO_INTERVAL)
    assert state_of(hass, NETWORK_TYPE).state == STATE_UNAVAILABLE


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize("gateway_api", ["v3"])
async def test_serving_cell(
    hass: HomeAssistant, emulator: RunningEmulator, init_integration: MockConfigEntry
) -> None:
    """Enabled, a port's sensors have it scanned; the scan shows a while later."""
    gateway = emulator.gateway
    emulator.configure(cell_scan_time=1.0)
    for key in CELL_KEYS:
        assert state_of(hass, CELL.format(key)).state == STATE_UNKNOWN
    scans = emulator.requests("scan_serving_cells")
    assert scans
    await emulator.wait_for(
        lambda: gateway.radio.serving_cell(1)["status"] == "completed", within=10
    )
    await _later(hass, CELL_SCAN_WAIT)
    # The read started the next scan: its result (the same cell) once done.
    await emulator.wait_for(
        lambda: gateway.radio.serving_cell(1)["status"] == "completed", within=10
    )
    cell = gateway.radio.serving_cell(1)
    assert state_of(hass, CELL.format("operator")).state == cell["operator"]
    assert state_of(hass, CELL.format("technology")).state == "LTE"
    assert state_of(hass, CELL.format("id")).state == cell["cid"]
    assert state_of(hass, CELL.format("earfcn")).state == str(cell["earfcn"])
    assert state_of(hass, CELL.format("pci")).state == str(cell["pci"])
    assert state_of(hass, CELL.format("band")).state.isdigit()
    rsrp = state_of(hass, CELL.format("rsrp"))
    assert rsrp.state == str(cell["rsrp"])
    assert rsrp.attributes["unit_of_measurement"] == "dBm"
    # Each poll reads the last scan and starts the next one.
    before = len(emulator.requests("scan_serving_cells"))
    await _later(hass, RADIO_INTERVAL)
    assert len(emulator.requests("scan_serving_cells")) > before


@pytest.mark.parametrize("gateway_api", ["v3"])
async def test_serving_cell_sensors_are_disabled_diagnostics(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    emulator: RunningEmulator,
    init_integration: MockConfigEntry,
) -> None:
    """Disabled by default: no port is scanned until one is enabled."""
    for key in CELL_KEYS:
        entry = entity_registry.async_get(CELL.format(key))
        assert entry is not None
        assert entry.disabled_by is er.RegistryEntryDisabler.INTEGRATION
        assert entry.entity_category is EntityCategory.DIAGNOSTIC
    await _later(hass, RADIO_INTERVAL)
    assert emulator.requests("scan_serving_cells") == []
    assert emulator.requests("get_serving_cells") == []
