"""Tests of the gateway's message event entity."""

from __future__ import annotations

from datetime import timedelta
import json
from typing import TYPE_CHECKING, Any

from homeassistant.components.event import ATTR_EVENT_TYPE, ATTR_EVENT_TYPES
from homeassistant.const import EVENT_STATE_CHANGED, STATE_UNKNOWN
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    async_capture_events,
    async_fire_time_changed,
)

from custom_components.ejoin.const import EVENT_SMS_RECEIVED
from custom_components.ejoin.event import WRITE_INTERVAL

from .messaging_helpers import (  # noqa: F401 - fixtures
    push_options_fixture,
    settle_pushes_fixture,
    wait_for,
    webhook_client_fixture,
    webhook_path,
    webhook_url,
)

if TYPE_CHECKING:
    from aiohttp.test_utils import TestClient
    from homeassistant.core import HomeAssistant, State
    from pytest_homeassistant_custom_component.common import MockConfigEntry

    from emulator import RunningEmulator


def _state(hass: HomeAssistant, entity_id: str) -> State:
    state = hass.states.get(entity_id)
    assert state is not None
    return state


def _entity_id(hass: HomeAssistant, entry: MockConfigEntry) -> str:
    entity_id = er.async_get(hass).async_get_entity_id(
        "event", "ejoin", f"{entry.unique_id}_message"
    )
    assert entity_id is not None
    return entity_id


async def test_event_entity(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: RunningEmulator,
    webhook_client: TestClient[Any, Any],
) -> None:
    """One entity per gateway shows the latest SMS, report and MMS."""
    entity_id = _entity_id(hass, init_integration)
    entry = er.async_get(hass).async_get(entity_id)
    assert entry is not None
    assert entry.translation_key == "message"
    state = _state(hass, entity_id)
    assert state.state == STATE_UNKNOWN
    assert state.attributes[ATTR_EVENT_TYPES] == [
        "sms_received",
        "delivery_report",
        "mms_received",
    ]
    assert state.attributes["friendly_name"].endswith("Messages")

    emulator.inject_sms("1.02", "+15550009999", "Hi there")
    await wait_for(
        emulator,
        lambda: (
            _state(hass, entity_id).attributes.get(ATTR_EVENT_TYPE) == "sms_received"
        ),
    )
    state = _state(hass, entity_id)
    assert state.state != STATE_UNKNOWN
    assert state.attributes["sender"] == "+15550009999"
    assert state.attributes["text"] == "Hi there"
    assert state.attributes["slot"] == "1.02"
    assert "config_entry_id" not in state.attributes

    emulator.inject_sms("1.01", "+15550000000", "", delivery_report=True)
    await wait_for(
        emulator,
        lambda: (
            _state(hass, entity_id).attributes.get(ATTR_EVENT_TYPE) == "delivery_report"
        ),
    )
    assert _state(hass, entity_id).attributes["delivered"] is True

    emulator.configure(mms_url=webhook_url(webhook_client, init_integration))
    emulator.inject_mms(sender="+15550007777", subject="Pic", text="see")
    await wait_for(
        emulator,
        lambda: (
            _state(hass, entity_id).attributes.get(ATTR_EVENT_TYPE) == "mms_received"
        ),
    )
    attributes = _state(hass, entity_id).attributes
    assert attributes["subject"] == "Pic"
    assert attributes["attachments"] == []


async def test_event_entity_stops_listening_when_unloaded(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Unloading removes the entity's listener."""
    events = init_integration.runtime_data.receiver.events
    assert len(events._listeners) == 2  # the entity's and the message history's
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    assert events._listeners == []


async def test_a_burst_writes_the_event_entity_once(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    webhook_client: TestClient[Any, Any],
) -> None:
    """Fifty SMS in one push: fifty bus events, one state write (the newest)."""
    entity_id = _entity_id(hass, init_integration)
    writes = async_capture_events(hass, EVENT_STATE_CHANGED)
    received = async_capture_events(hass, EVENT_SMS_RECEIVED)
    rows = [
        [0, "1.01", 1_796_000_000 + n, "+4917", "+155", f"burst {n}"] for n in range(50)
    ]
    body = {"type": "recv-sms", "sms_num": len(rows), "sms": rows}
    response = await webhook_client.post(
        webhook_path(init_integration),
        data=json.dumps(body),
        headers={"Content-Type": "application/json"},
    )
    assert response.status == 200
    await hass.async_block_till_done()
    assert len(received) == 50
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=WRITE_INTERVAL))
    await hass.async_block_till_done()
    shown = [
        event.data["new_state"].attributes["text"]
        for event in writes
        if event.data["entity_id"] == entity_id
    ]
    assert shown == ["burst 49"]
