"""Tests of the logbook descriptions of the message events."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from homeassistant.core import Event
from homeassistant.helpers import device_registry as dr
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.ejoin.const import (
    DOMAIN,
    EVENT_DELIVERY_REPORT,
    EVENT_MMS_RECEIVED,
    EVENT_SMS_RECEIVED,
    EVENT_SMS_SENT,
)
from custom_components.ejoin.logbook import async_describe_events

if TYPE_CHECKING:
    from collections.abc import Callable

    from homeassistant.components.recorder.core import Recorder
    from homeassistant.core import HomeAssistant
    from pytest_homeassistant_custom_component.common import MockConfigEntry
    from pytest_homeassistant_custom_component.typing import WebSocketGenerator


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(
    recorder_mock: Recorder, enable_custom_integrations: None
) -> None:
    """Start the recorder before Home Assistant (the logbook reads from it)."""


async def test_logbook_shows_the_events(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """The activity log names the gateway (its device name) and what happened."""
    assert await async_setup_component(hass, "logbook", {})
    await hass.async_block_till_done()
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, init_integration.unique_id), init_integration.entry_id
    )
    assert device is not None
    assert device.name == "Ejoin B575"
    start = dt_util.utcnow()
    ids = {
        "config_entry_id": init_integration.entry_id,
        "device_id": device.id,
        "mac": init_integration.unique_id,
    }
    hass.bus.async_fire(
        EVENT_SMS_RECEIVED,
        ids | {"sender": "+15550009999", "slot": "1.02", "text": "x"},
    )
    hass.bus.async_fire(
        EVENT_DELIVERY_REPORT,
        ids | {"recipient": "+15550001111", "delivered": False, "code": 64},
    )
    hass.bus.async_fire(
        EVENT_SMS_SENT,
        ids | {"number": "+15550001111", "slot": "1.01", "success": True},
    )
    hass.bus.async_fire(
        EVENT_MMS_RECEIVED,
        ids | {"sender": "+15550009999", "subject": "Pic", "attachments": [{}, {}]},
    )
    await async_wait_recording_done(hass)
    client = await hass_ws_client(hass)
    await client.send_json_auto_id(
        {
            "type": "logbook/get_events",
            "start_time": start.isoformat(),
            "device_ids": [device.id],
        }
    )
    response = await client.receive_json()
    assert response["success"]
    entries = [(entry["name"], entry["message"]) for entry in response["result"]]
    assert entries == [
        (device.name, "received an SMS from +15550009999 on SIM 1.02"),
        (
            device.name,
            "reports that the SMS to +15550001111 was not delivered (code 64)",
        ),
        (device.name, "sent an SMS to +15550001111 on SIM 1.01"),
        (
            device.name,
            "received an MMS “Pic” from +15550009999 with 2 attachments",
        ),
    ]


@pytest.mark.parametrize(
    ("event_type", "data", "message"),
    [
        (EVENT_SMS_RECEIVED, {}, "received an SMS from an unknown sender"),
        (
            EVENT_DELIVERY_REPORT,
            {"recipient": "+1", "delivered": True},
            "reports that the SMS to +1 was delivered",
        ),
        (
            EVENT_SMS_SENT,
            {"number": "+1", "success": False, "reason": "6 Timeout"},
            "could not send an SMS to +1: 6 Timeout",
        ),
        (
            EVENT_SMS_SENT,
            {"number": "+1", "success": False},
            "could not send an SMS to +1: unknown reason",
        ),
        (
            EVENT_MMS_RECEIVED,
            {"attachments": [{}]},
            "received an MMS from an unknown sender with 1 attachment",
        ),
        (EVENT_MMS_RECEIVED, {"sender": "+2"}, "received an MMS from +2"),
    ],
)
async def test_descriptions_without_a_device(
    hass: HomeAssistant, event_type: str, data: dict[str, Any], message: str
) -> None:
    """Events of a removed gateway are still described."""
    described: dict[str, Callable[[Event[dict[str, Any]]], dict[str, str]]] = {}

    def describe(
        domain: str,
        name: str,
        callback: Callable[[Event[dict[str, Any]]], dict[str, str]],
    ) -> None:
        assert domain == DOMAIN
        described[name] = callback

    async_describe_events(hass, describe)
    assert set(described) == {
        EVENT_SMS_RECEIVED,
        EVENT_DELIVERY_REPORT,
        EVENT_SMS_SENT,
        EVENT_MMS_RECEIVED,
    }
    result = described[event_type](Event(event_type, {"device_id": "gone", **data}))
    assert result == {"name": "Ejoin GSM Gateway", "message": message}
