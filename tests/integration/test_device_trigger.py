"""Tests of the gateway's device triggers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from homeassistant.components.device_automation import DeviceAutomationType
from homeassistant.helpers import device_registry as dr
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import async_get_device_automations
import voluptuous as vol

from custom_components.ejoin import device_trigger
from custom_components.ejoin.const import DOMAIN

from .messaging_helpers import (  # noqa: F401 - fixtures
    push_options_fixture,
    settle_pushes_fixture,
    wait_for,
    webhook_client_fixture,
    webhook_url,
)

if TYPE_CHECKING:
    from aiohttp.test_utils import TestClient
    from homeassistant.core import HomeAssistant, ServiceCall
    from pytest_homeassistant_custom_component.common import MockConfigEntry

    from emulator import RunningEmulator


def _gateway(hass: HomeAssistant, entry: MockConfigEntry) -> dr.DeviceEntry:
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, entry.unique_id), entry.entry_id
    )
    assert device is not None
    return device


async def test_get_triggers(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """The gateway offers its three triggers; its ports none."""
    device = _gateway(hass, init_integration)
    triggers = await async_get_device_automations(
        hass, DeviceAutomationType.TRIGGER, device.id
    )
    ours = [trigger for trigger in triggers if trigger["domain"] == DOMAIN]
    assert sorted(trigger["type"] for trigger in ours) == [
        "delivery_report",
        "mms_received",
        "sms_received",
    ]
    assert all(trigger["device_id"] == device.id for trigger in ours)
    port = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, f"{init_integration.unique_id}_port_1"), init_integration.entry_id
    )
    assert port is not None
    assert await device_trigger.async_get_triggers(hass, port.id) == []
    assert await device_trigger.async_get_triggers(hass, "no-such-device") == []


async def test_trigger_capabilities(hass: HomeAssistant) -> None:
    """SMS and MMS triggers can be narrowed to a sender."""
    base = {"platform": "device", "domain": DOMAIN, "device_id": "x"}
    capabilities = await device_trigger.async_get_trigger_capabilities(
        hass, base | {"type": "sms_received"}
    )
    assert capabilities["extra_fields"]({"sender": "+1555"}) == {"sender": "+1555"}
    assert (
        await device_trigger.async_get_trigger_capabilities(
            hass, base | {"type": "delivery_report"}
        )
        == {}
    )
    device_trigger.TRIGGER_SCHEMA(base | {"type": "mms_received", "sender": "+1"})
    with pytest.raises(vol.Invalid):
        device_trigger.TRIGGER_SCHEMA(
            base | {"type": "delivery_report", "sender": "+1"}
        )
    with pytest.raises(vol.Invalid):
        device_trigger.TRIGGER_SCHEMA(base | {"type": "call_received"})


async def test_triggers_fire(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: RunningEmulator,
    webhook_client: TestClient[Any, Any],
    service_calls: list[ServiceCall],
) -> None:
    """The automations fire for their gateway, kind and sender only."""
    device = _gateway(hass, init_integration)

    def automation_config(alias: str, trigger: dict[str, str]) -> dict[str, object]:
        return {
            "alias": alias,
            "triggers": {
                "platform": "device",
                "domain": DOMAIN,
                "device_id": device.id,
                **trigger,
            },
            "actions": {
                "action": "test.automation",
                "data_template": {
                    "alias": alias,
                    "text": "{{ trigger.event.data.text or trigger.event.data.delivered }}",
                },
            },
        }

    assert await async_setup_component(
        hass,
        "automation",
        {
            "automation": [
                automation_config("any sms", {"type": "sms_received"}),
                automation_config(
                    "trusted sms", {"type": "sms_received", "sender": "+15550001111"}
                ),
                automation_config("report", {"type": "delivery_report"}),
                automation_config("mms", {"type": "mms_received"}),
            ]
        },
    )
    emulator.inject_sms("1.01", "+15550009999", "stranger")
    emulator.inject_sms("1.01", "+15550001111", "friend")
    emulator.inject_sms("1.01", "+15550000000", "", delivery_report=True)
    emulator.configure(mms_url=webhook_url(webhook_client, init_integration))
    emulator.inject_mms(sender="+15550009999", subject="s", text="picture")
    await wait_for(emulator, lambda: len(service_calls) == 5)
    await hass.async_block_till_done()
    fired = sorted((call.data["alias"], call.data["text"]) for call in service_calls)
    assert fired == [
        ("any sms", "friend"),
        ("any sms", "stranger"),
        ("mms", "picture"),
        ("report", True),
        ("trusted sms", "friend"),
    ]
