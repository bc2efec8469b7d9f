"""Tests of the port switch: off locks the port, on unlocks it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from homeassistant.config_entries import SOURCE_REAUTH
from homeassistant.const import (
    ATTR_ENTITY_ID,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    STATE_OFF,
    STATE_ON,
    STATE_UNAVAILABLE,
    Platform,
)
from homeassistant.exceptions import HomeAssistantError
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    snapshot_platform,
)

from custom_components.ejoin.const import DOMAIN

from .conftest import on_api, setup_platforms, state_of
from .mixed import mixed_emulator_fixture  # noqa: F401 - fixture

if TYPE_CHECKING:
    from freezegun.api import FrozenDateTimeFactory
    from homeassistant.core import HomeAssistant
    from homeassistant.helpers import entity_registry as er
    from syrupy.assertion import SnapshotAssertion

    from emulator import RunningEmulator

PORT_1 = "switch.ejoin_b575_port_1_enabled"


async def test_switches(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Every port switch, its registry entry and its state."""
    await setup_platforms(hass, mock_config_entry, Platform.SWITCH)
    await snapshot_platform(hass, entity_registry, snapshot, mock_config_entry.entry_id)


async def _switch(hass: HomeAssistant, service: str, entity_id: str) -> None:
    await hass.services.async_call(
        Platform.SWITCH, service, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )


async def test_lock_and_unlock_a_port(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    emulator: RunningEmulator,
    init_integration: MockConfigEntry,
) -> None:
    """Turning a port off locks all its slots; on unlocks them all."""
    assert state_of(hass, PORT_1).state == STATE_ON
    assert state_of(hass, "switch.ejoin_b575_port_2_enabled").state == STATE_OFF
    # Only the port's current slot counts: 4.02 is locked, 4.01 is not.
    assert state_of(hass, "switch.ejoin_b575_port_4_enabled").state == STATE_ON

    await _switch(hass, SERVICE_TURN_OFF, PORT_1)
    assert state_of(hass, PORT_1).state == STATE_OFF
    assert emulator.gateway.slot_state(1, 1).locked
    assert emulator.gateway.slot_state(1, 2).locked
    assert (
        state_of(hass, "sensor.ejoin_b575_port_1_slot_01_status").state == "user_locked"
    )

    await _switch(hass, SERVICE_TURN_ON, "switch.ejoin_b575_port_2_enabled")
    # A second command's refresh waits for the first one's short cooldown.
    freezer.tick(1.5)
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert state_of(hass, "switch.ejoin_b575_port_2_enabled").state == STATE_ON
    assert not emulator.gateway.slot_state(2, 1).locked
    assert not emulator.gateway.slot_state(2, 2).locked


async def test_unreachable_gateway(
    hass: HomeAssistant, emulator: RunningEmulator, init_integration: MockConfigEntry
) -> None:
    """A command the gateway never gets fails, and shows it unavailable at once."""
    emulator.go_offline()
    with pytest.raises(HomeAssistantError) as err:
        await _switch(hass, SERVICE_TURN_OFF, PORT_1)
    assert err.value.translation_key == "communication_error"
    assert state_of(hass, PORT_1).state == STATE_UNAVAILABLE
    assert (
        state_of(hass, "sensor.ejoin_b575_port_3_slot_01_status").state
        == STATE_UNAVAILABLE
    )


async def test_rejected_credentials_start_reauth(
    hass: HomeAssistant, emulator: RunningEmulator, init_integration: MockConfigEntry
) -> None:
    """Credentials rejected on a command start the reauth flow."""
    emulator.gateway.password = "changed"
    with pytest.raises(HomeAssistantError) as err:
        await _switch(hass, SERVICE_TURN_OFF, PORT_1)
    assert err.value.translation_key == "auth_failed"
    await hass.async_block_till_done()
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]


async def test_refused_command(
    hass: HomeAssistant, emulator: RunningEmulator, init_integration: MockConfigEntry
) -> None:
    """A refusal names the device's code and reason."""
    emulator.gateway.max_ports = 4  # port 5 is no longer known to the gateway
    with pytest.raises(HomeAssistantError) as err:
        await _switch(hass, SERVICE_TURN_OFF, "switch.ejoin_b575_port_5_enabled")
    assert err.value.translation_key == "command_refused"
    # API v3 refuses with an empty reply, which carries no reason.
    assert err.value.translation_placeholders == on_api(
        emulator,
        {"code": "2", "reason": "Invalid Port"},
        {"code": "-1", "reason": "Refused without a reason"},
    )


async def test_garbled_answer(
    hass: HomeAssistant, emulator: RunningEmulator, init_integration: MockConfigEntry
) -> None:
    """An answer that cannot be understood is an error of its own."""
    emulator.set_fault("garbage", count=1)
    with pytest.raises(HomeAssistantError) as err:
        await _switch(hass, SERVICE_TURN_OFF, PORT_1)
    assert err.value.translation_key == "invalid_response"
    assert state_of(hass, PORT_1).state == STATE_ON
