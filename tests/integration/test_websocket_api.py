"""The card's websocket commands (frontend/PROTOCOL.md) against the emulator.

The gateway is the mixed one (one slot of every kind), so the snapshot shows each
of the card's states; changes reach the subscription through the coordinator and
the message history, and only the slots that changed are sent again.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_PORT, CONF_USERNAME
from homeassistant.helpers.device_registry import format_mac
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.ejoin.const import CONF_PUSH, DOMAIN
from custom_components.ejoin.slot_data import signal_bars
from custom_components.ejoin.websocket_api import SLOT_UPDATE_DELAY
from emulator import running_emulator

from .conftest import mixed_gateway, poll, setup_platforms

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from freezegun.api import FrozenDateTimeFactory
    from homeassistant.core import HomeAssistant
    from pytest_homeassistant_custom_component.typing import (
        MockHAClientWebSocket,
        WebSocketGenerator,
    )

    from emulator import RunningEmulator
    from tests.conftest import LogSecrets


@pytest.fixture
async def emulator(
    socket_enabled: None, log_secrets: LogSecrets
) -> AsyncIterator[RunningEmulator]:
    """The mixed gateway of :func:`mixed_gateway` (5 ports x 2 slots)."""
    async with mixed_gateway() as running:
        log_secrets.add(running.password, running.username)
        yield running


async def _command(client: MockHAClientWebSocket, **message: Any) -> Any:
    await client.send_json_auto_id(message)
    reply = await client.receive_json()
    assert reply["success"], reply
    return reply["result"]


async def _error(client: MockHAClientWebSocket, **message: Any) -> dict[str, Any]:
    await client.send_json_auto_id(message)
    reply = await client.receive_json()
    assert not reply["success"], reply
    error: dict[str, Any] = reply["error"]
    return error


async def _subscribe(
    client: MockHAClientWebSocket, entry: MockConfigEntry
) -> tuple[int, dict[str, Any]]:
    """Subscribe; return the subscription's id and its snapshot."""
    await client.send_json_auto_id(
        {"type": "ejoin/subscribe", "config_entry_id": entry.entry_id}
    )
    reply = await client.receive_json()
    assert reply["success"], reply
    assert reply["result"] is None
    snapshot = await _event(client, reply["id"])
    assert snapshot["type"] == "snapshot"
    return reply["id"], snapshot


async def _event(client: MockHAClientWebSocket, subscription: int) -> dict[str, Any]:
    message = await client.receive_json()
    assert message["type"] == "event", message
    assert message["id"] == subscription
    event: dict[str, Any] = message["event"]
    return event


async def _next_slots_or_gateway(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """Let a poll happen and the subscription send what changed."""
    await poll(hass, freezer)
    freezer.tick(timedelta(seconds=SLOT_UPDATE_DELAY + 0.1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


async def _nothing_more(client: MockHAClientWebSocket) -> None:
    """The next message is the reply to a ping: nothing was sent before it."""
    await client.send_json_auto_id({"type": "ping"})
    assert (await client.receive_json())["type"] == "pong"


async def _take_inbox(hass: HomeAssistant) -> None:
    await hass.services.async_call(
        DOMAIN, "get_inbox", {}, blocking=True, return_response=True
    )
    await hass.async_block_till_done()


def test_signal_bars() -> None:
    assert [signal_bars(value) for value in (None, 0, 2, 3, 5, 8, 11, 12, 31)] == [
        None,
        0,
        0,
        1,
        2,
        3,
        3,
        4,
        4,
    ]


async def test_gateways_lists_every_entry(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    client = await hass_ws_client(hass)
    result = await _command(client, type="ejoin/gateways")
    assert result == {
        "gateways": [
            {
                "config_entry_id": init_integration.entry_id,
                "title": init_integration.title,
                "mac": init_integration.unique_id,
                "ports": 5,
                "slots_per_port": 2,
                "loaded": True,
            }
        ]
    }
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    result = await _command(client, type="ejoin/gateways")
    assert result["gateways"][0]["loaded"] is False
    assert result["gateways"][0]["ports"] is None
    assert result["gateways"][0]["slots_per_port"] is None


async def test_snapshot_shows_every_slot_in_the_cards_terms(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    hass.config.currency = "EUR"
    client = await hass_ws_client(hass)
    _, snapshot = await _subscribe(client, init_integration)
    gateway = snapshot["gateway"]
    assert gateway["config_entry_id"] == init_integration.entry_id
    assert gateway["title"] == init_integration.title
    assert gateway["mac"] == init_integration.unique_id
    assert gateway["firmware"]
    assert (gateway["ports"], gateway["slots_per_port"]) == (5, 2)
    assert gateway["available"] is True
    assert snapshot["messages"] == []

    slots = {slot["slot"]: slot for slot in snapshot["slots"]}
    assert list(slots) == [
        "1.01",
        "1.02",
        "2.01",
        "2.02",
        "3.01",
        "3.02",
        "4.01",
        "4.02",
        "5.01",
        "5.02",
    ]
    states = {address: slot["state"] for address, slot in slots.items()}
    assert states == {
        "1.01": "registered",
        "1.02": "no_sim",
        "2.01": "locked",
        "2.02": "locked",
        "3.01": "failed",
        "3.02": "idle",
        "4.01": "failed",
        "4.02": "locked",
        "5.01": "unknown",
        "5.02": "no_sim",
    }
    first = slots["1.01"]
    assert first["port"] == 1
    assert first["index"] == 1
    assert first["status"] == "registered"
    assert first["active"] is True
    assert first["signal_dbm"] == -51
    assert first["signal_bars"] == 4
    assert first["balance"] == "12.34 EUR"
    assert first["operator"]
    assert first["iccid"]
    assert first["imsi"]
    assert first["imei"]
    assert slots["1.02"]["active"] is False
    assert slots["4.01"]["status"] == "no_balance"
    assert slots["4.01"]["signal_dbm"] is None
    assert slots["4.01"]["signal_bars"] is None
    # Code 10 is defined nowhere: the card's "unknown", no detailed status.
    assert slots["5.01"]["status"] is None


async def test_only_changed_slots_are_sent(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: RunningEmulator,
    hass_ws_client: WebSocketGenerator,
    freezer: FrozenDateTimeFactory,
) -> None:
    client = await hass_ws_client(hass)
    subscription, _ = await _subscribe(client, init_integration)

    # An unchanged poll sends nothing.
    await _next_slots_or_gateway(hass, freezer)
    await _nothing_more(client)

    emulator.set_slot("1.01", sig=6)
    await _next_slots_or_gateway(hass, freezer)
    event = await _event(client, subscription)
    assert event["type"] == "slots"
    assert [(slot["slot"], slot["signal_bars"]) for slot in event["slots"]] == [
        ("1.01", 2)
    ]
    await _nothing_more(client)


async def test_a_slot_left_out_of_a_poll_is_sent_as_unknown(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: RunningEmulator,
    hass_ws_client: WebSocketGenerator,
    freezer: FrozenDateTimeFactory,
) -> None:
    client = await hass_ws_client(hass)
    subscription, _ = await _subscribe(client, init_integration)
    # Empty slots left out of the status, as some firmware does.
    emulator.configure(empty_slots="omit")
    await _next_slots_or_gateway(hass, freezer)
    event = await _event(client, subscription)
    assert event["type"] == "slots"
    assert [(slot["slot"], slot["state"]) for slot in event["slots"]] == [
        ("1.02", "unknown"),
        ("5.02", "unknown"),
    ]


async def test_a_smaller_gateway_starts_the_card_over(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    freezer: FrozenDateTimeFactory,
) -> None:
    client = await hass_ws_client(hass)
    subscription, _ = await _subscribe(client, init_integration)
    # The emulator cannot lose a port: the coordinator is told of a smaller
    # gateway, as its poll of one would tell it.
    coordinator = init_integration.runtime_data.coordinator
    status = coordinator.data
    coordinator.async_set_updated_data(
        replace(
            status,
            max_ports=4,
            slots={a: s for a, s in status.slots.items() if a.port <= 4},
        )
    )
    freezer.tick(timedelta(seconds=SLOT_UPDATE_DELAY + 0.1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    snapshot = await _event(client, subscription)
    assert snapshot["type"] == "snapshot"
    assert snapshot["gateway"]["ports"] == 4


async def test_a_pushed_equal_slot_is_not_sent_again(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: RunningEmulator,
    hass_ws_client: WebSocketGenerator,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A slot that changed and changed back before it was sent is not sent."""
    client = await hass_ws_client(hass)
    await _subscribe(client, init_integration)
    coordinator = init_integration.runtime_data.coordinator
    emulator.set_slot("1.01", sig=6)
    await coordinator.async_refresh()
    emulator.set_slot("1.01", sig=31)
    await coordinator.async_refresh()
    freezer.tick(timedelta(seconds=SLOT_UPDATE_DELAY + 0.1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    await _nothing_more(client)


async def test_unreachable_gateway_is_sent_as_unavailable(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: RunningEmulator,
    hass_ws_client: WebSocketGenerator,
    freezer: FrozenDateTimeFactory,
) -> None:
    client = await hass_ws_client(hass)
    subscription, _ = await _subscribe(client, init_integration)
    emulator.go_offline()
    await _next_slots_or_gateway(hass, freezer)
    event = await _event(client, subscription)
    assert event == {
        "type": "gateway",
        "gateway": event["gateway"] | {"available": False},
    }
    emulator.go_online()
    await _next_slots_or_gateway(hass, freezer)
    event = await _event(client, subscription)
    assert event["type"] == "gateway"
    assert event["gateway"]["available"] is True


async def test_messages_and_clearing_reach_the_card(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: RunningEmulator,
    hass_ws_client: WebSocketGenerator,
) -> None:
    client = await hass_ws_client(hass)
    subscription, _ = await _subscribe(client, init_integration)
    emulator.inject_sms("1.01", "+15550001111", "Hello card")
    await _take_inbox(hass)
    event = await _event(client, subscription)
    assert event["type"] == "message"
    message = event["message"]
    assert message["kind"] == "sms_received"
    assert message["text"] == "Hello card"
    assert message["sender"] == "+15550001111"
    assert message["slot"] == "1.01"

    # A second card gets it in its snapshot.
    other = await hass_ws_client(hass)
    _, snapshot = await _subscribe(other, init_integration)
    assert snapshot["messages"] == [message]

    await hass.services.async_call(DOMAIN, "clear_history", {}, blocking=True)
    assert await _event(client, subscription) == {"type": "history_cleared"}


async def test_a_reloaded_entry_sends_a_new_snapshot(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: RunningEmulator,
    hass_ws_client: WebSocketGenerator,
    freezer: FrozenDateTimeFactory,
) -> None:
    client = await hass_ws_client(hass)
    subscription, _ = await _subscribe(client, init_integration)
    emulator.set_slot("1.01", bal=7)
    assert await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done()
    gone = await _event(client, subscription)
    assert gone["type"] == "gateway"
    assert gone["gateway"]["available"] is False
    snapshot = await _event(client, subscription)
    assert snapshot["type"] == "snapshot"
    assert snapshot["gateway"]["available"] is True
    first = next(slot for slot in snapshot["slots"] if slot["slot"] == "1.01")
    assert first["balance"].startswith("7")

    # A change pending when the entry unloads is dropped with it.
    emulator.set_slot("1.01", sig=6)
    await poll(hass, freezer)
    # Unloaded, it stays quiet; loaded again, it starts over.
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    assert (await _event(client, subscription))["gateway"]["available"] is False
    await _nothing_more(client)
    assert await hass.config_entries.async_setup(init_integration.entry_id)
    await hass.async_block_till_done()
    assert (await _event(client, subscription))["type"] == "snapshot"


async def test_unsubscribing_stops_the_events(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: RunningEmulator,
    hass_ws_client: WebSocketGenerator,
) -> None:
    client = await hass_ws_client(hass)
    subscription, _ = await _subscribe(client, init_integration)
    await _command(client, type="unsubscribe_events", subscription=subscription)
    emulator.inject_sms("1.01", "+15550001111", "nobody listens")
    await _take_inbox(hass)
    assert await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done()
    await _nothing_more(client)


async def test_subscribe_to_a_missing_gateway(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    client = await hass_ws_client(hass)
    error = await _error(client, type="ejoin/subscribe", config_entry_id="nope")
    assert error["code"] == "not_found"
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    assert init_integration.state is ConfigEntryState.NOT_LOADED
    error = await _error(
        client, type="ejoin/subscribe", config_entry_id=init_integration.entry_id
    )
    assert error["code"] == "not_found"


async def test_read_only_users_may_follow_a_gateway(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hass_read_only_access_token: str,
) -> None:
    client = await hass_ws_client(hass, hass_read_only_access_token)
    assert (await _command(client, type="ejoin/gateways"))["gateways"]
    _, snapshot = await _subscribe(client, init_integration)
    assert len(snapshot["slots"]) == 10


async def test_slot_statistics(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: RunningEmulator,
    hass_ws_client: WebSocketGenerator,
) -> None:
    emulator.inject_sms("1.01", "+15550001111", "counted")
    client = await hass_ws_client(hass)
    entry_id = init_integration.entry_id
    result = await _command(
        client, type="ejoin/slot_statistics", config_entry_id=entry_id, slot="1.01"
    )
    assert result == {
        "slot": "1.01",
        "sms": {"sent": 0, "failed": 0, "received": 1},
    }
    # The letter form names the same slot.
    result = await _command(
        client, type="ejoin/slot_statistics", config_entry_id=entry_id, slot="1B"
    )
    assert result["slot"] == "1.02"

    error = await _error(
        client, type="ejoin/slot_statistics", config_entry_id=entry_id, slot="x"
    )
    assert error["code"] == "invalid_format"
    error = await _error(
        client, type="ejoin/slot_statistics", config_entry_id=entry_id, slot="6.01"
    )
    assert error["code"] == "not_found"
    error = await _error(
        client, type="ejoin/slot_statistics", config_entry_id="nope", slot="1.01"
    )
    assert error["code"] == "not_found"


async def test_slot_statistics_when_the_gateway_cannot_say(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: RunningEmulator,
    hass_ws_client: WebSocketGenerator,
) -> None:
    client = await hass_ws_client(hass)
    entry_id = init_integration.entry_id
    # Firmware without the page answers 404: the counters are unknown.
    emulator.set_fault("http500", path="goip_get_sms_stat.html")
    result = await _command(
        client, type="ejoin/slot_statistics", config_entry_id=entry_id, slot="1.01"
    )
    assert result == {"slot": "1.01", "sms": None}
    # An unreachable gateway is an error the card shows.
    emulator.set_fault("none")
    emulator.go_offline()
    error = await _error(
        client, type="ejoin/slot_statistics", config_entry_id=entry_id, slot="1.01"
    )
    assert error["code"] == "home_assistant_error"
    assert error["translation_key"] == "communication_error"


async def test_read_only_users_cannot_clear_the_history(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hass_read_only_access_token: str,
) -> None:
    client = await hass_ws_client(hass, hass_read_only_access_token)
    error = await _error(
        client,
        type="call_service",
        domain=DOMAIN,
        service="clear_history",
        service_data={"config_entry_id": init_integration.entry_id},
    )
    # Home Assistant's call_service reports the refusal as an error of the call.
    assert error["code"] == "home_assistant_error"
    assert error["message"] == "Unauthorized"


async def test_a_512_x_32_gateway_without_entities_sends_only_what_changed(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    freezer: FrozenDateTimeFactory,
    socket_enabled: None,
    log_secrets: LogSecrets,
) -> None:
    """The card needs no entity: all 16,384 slots, then one changed slot."""
    async with running_emulator(
        ports=512, slots=32, seed=3, username="root", password="s3cret-pass"
    ) as running:
        log_secrets.add(running.password, running.username)
        entry = MockConfigEntry(
            domain=DOMAIN,
            title="Ejoin 512-port gateway",
            unique_id=format_mac(running.gateway.mac),
            data={
                CONF_HOST: running.host,
                CONF_PORT: running.port,
                CONF_USERNAME: running.username,
                CONF_PASSWORD: running.password,
            },
            options={CONF_PUSH: False},
        )
        # No entity platform at all: per-slot entities disabled, or over the limit.
        await setup_platforms(hass, entry)
        assert hass.states.async_entity_ids() == []
        client = await hass_ws_client(hass)
        subscription, snapshot = await _subscribe(client, entry)
        assert len(snapshot["slots"]) == 512 * 32
        running.set_slot("300.01", sig=6)
        await _next_slots_or_gateway(hass, freezer)
        event = await _event(client, subscription)
        assert [slot["slot"] for slot in event["slots"]] == ["300.01"]
        await _nothing_more(client)
        assert await hass.config_entries.async_unload(entry.entry_id)
