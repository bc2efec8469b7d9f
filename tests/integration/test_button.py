"""Tests of the buttons: reset a port, reboot the gateway, save its configuration."""

from __future__ import annotations

from typing import TYPE_CHECKING

from homeassistant.components.button.const import SERVICE_PRESS
from homeassistant.const import ATTR_ENTITY_ID, Platform
from homeassistant.exceptions import HomeAssistantError
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

REBOOT = "button.ejoin_b575_reboot"
SAVE = "button.ejoin_b575_save_configuration"


async def test_buttons(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Every button, its registry entry and its state."""
    await setup_platforms(hass, mock_config_entry, Platform.BUTTON)
    await snapshot_platform(hass, entity_registry, snapshot, mock_config_entry.entry_id)


async def _press(hass: HomeAssistant, entity_id: str) -> None:
    await hass.services.async_call(
        Platform.BUTTON, SERVICE_PRESS, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )


async def test_reset_a_port(
    hass: HomeAssistant, emulator: RunningEmulator, init_integration: MockConfigEntry
) -> None:
    """Reset restarts the port's module, which registers again."""
    await _press(hass, "button.ejoin_b575_port_1_reset")
    assert emulator.gateway.port_state(1).registering_until is not None
    assert emulator.gateway.port_state(2).registering_until is None
    assert (
        state_of(hass, "sensor.ejoin_b575_port_1_slot_01_status").state == "registering"
    )


async def test_reboot(
    hass: HomeAssistant, emulator: RunningEmulator, init_integration: MockConfigEntry
) -> None:
    """Reboot restarts the gateway."""
    await _press(hass, REBOOT)
    assert emulator.gateway.reboots == 1


async def test_save_config(
    hass: HomeAssistant, emulator: RunningEmulator, init_integration: MockConfigEntry
) -> None:
    """Save keeps the running configuration over a reboot."""
    emulator.gateway.set_params([("sms_url", "http://example.com/sms")])
    assert emulator.state()["saved_params"] == {}
    await _press(hass, SAVE)
    assert emulator.state()["saved_params"] == {"sms_url": "http://example.com/sms"}


async def test_unreachable_gateway(
    hass: HomeAssistant, emulator: RunningEmulator, init_integration: MockConfigEntry
) -> None:
    """A press the gateway never gets fails with a translated error."""
    emulator.go_offline()
    with pytest.raises(HomeAssistantError) as err:
        await _press(hass, REBOOT)
    assert err.value.translation_key == "communication_error"
    assert emulator.gateway.reboots == 0
