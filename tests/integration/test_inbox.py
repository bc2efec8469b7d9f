"""Tests of the exactly-once path of received messages: pushes, polls, restarts."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
import json
import time
from typing import TYPE_CHECKING, Any
from unittest.mock import patch

from homeassistant.const import EVENT_HOMEASSISTANT_STARTED
from homeassistant.core import CoreState
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.ejoin import inbox as inbox_module
from custom_components.ejoin.api import EjoinConnectionError, ReceivedSms, SlotAddress
from custom_components.ejoin.const import (
    CONF_INBOX_POLLING,
    CONF_PUSH,
    EVENT_DELIVERY_REPORT,
    EVENT_SMS_RECEIVED,
    INBOX_INTERVAL_POLL,
)
from custom_components.ejoin.inbox import MessageLedger
from custom_components.ejoin.messaging import RECHECK_DELAY

from .messaging_helpers import (  # noqa: F401 - fixtures
    capture,
    push_options_fixture,
    settle_pushes_fixture,
    wait_for,
    webhook_client_fixture,
    webhook_path,
)

if TYPE_CHECKING:
    from aiohttp.test_utils import TestClient
    from homeassistant.core import HomeAssistant
    from pytest_homeassistant_custom_component.common import MockConfigEntry

    from emulator import OutgoingPush, RunningEmulator

POLL_ONLY = [{CONF_PUSH: False}]


def _texts(events: list[Any]) -> list[str]:
    return [event.data["text"] for event in events]


async def _poll(entry: MockConfigEntry) -> int:
    fired: int = await entry.runtime_data.messaging.async_poll_inbox()
    return fired


def _store_ledger(
    hass_storage: dict[str, Any],
    entry: MockConfigEntry,
    emulator: RunningEmulator,
    *,
    next_id: int,
    next_tid: int = 1,
    seen: list[list[Any]] | None = None,
) -> None:
    """Put a ledger in storage as a stopped Home Assistant left it (no counts)."""
    hass_storage[f"ejoin.{entry.entry_id}"] = {
        "version": 1,
        "minor_version": 1,
        "key": f"ejoin.{entry.entry_id}",
        "data": {
            "initialized": True,
            "ssrc": emulator.gateway.ssrc,
            "next_id": next_id,
            "horizon": None,
            "next_tid": next_tid,
            "seen": seen or [],
            "loose": [],
        },
    }


def _sms(
    text: str, *, stamp: int | None = 1_790_000_000, slot: str = "1.01"
) -> ReceivedSms:
    return ReceivedSms.build(
        is_delivery_report=False,
        slot=SlotAddress.parse(slot),
        received_at=None if stamp is None else datetime.fromtimestamp(stamp, UTC),
        sender="+15550009999",
        recipient="+15550001111",
        content=text,
        content_is_encoded=False,
    )


# ------------------------------------------------------------------ first setup


@pytest.mark.parametrize("options", POLL_ONLY)
async def test_first_setup_does_not_replay_the_inbox(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """Old messages are skipped; the cursor starts after them."""
    emulator.inject_sms("1.01", "+15550009999", "old one")
    emulator.inject_sms("2.01", "+15550009999", "old two")
    received = capture(hass, EVENT_SMS_RECEIVED)
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    ledger = mock_config_entry.runtime_data.messaging.ledger
    assert ledger.initialized
    assert ledger.ssrc == emulator.gateway.ssrc
    assert ledger.next_id == 3
    assert await _poll(mock_config_entry) == 0
    emulator.inject_sms("1.01", "+15550009999", "new")
    assert await _poll(mock_config_entry) == 1
    assert _texts(received) == ["new"]


@pytest.mark.parametrize("options", POLL_ONLY)
async def test_first_setup_with_an_unreachable_inbox(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """When the first inbox read fails, the next poll only records the cursor."""
    emulator.inject_sms("1.01", "+15550009999", "old")
    received = capture(hass, EVENT_SMS_RECEIVED)
    mock_config_entry.add_to_hass(hass)
    with patch(
        "custom_components.ejoin.api.EjoinClient.get_sms",
        side_effect=EjoinConnectionError("down"),
    ):
        await hass.config_entries.async_setup(mock_config_entry.entry_id)
        await hass.async_block_till_done()
    assert not mock_config_entry.runtime_data.messaging.ledger.initialized
    assert await _poll(mock_config_entry) == 0
    assert mock_config_entry.runtime_data.messaging.ledger.initialized
    assert received == []


# ------------------------------------------------------------ polls and pushes


@pytest.mark.parametrize("options", POLL_ONLY)
async def test_polling_fires_each_message_once(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """Polls move the cursor; nothing fires twice; reports have their event."""
    received = capture(hass, EVENT_SMS_RECEIVED)
    reports = capture(hass, EVENT_DELIVERY_REPORT)
    emulator.inject_sms("1.01", "+15550009999", "one")
    emulator.inject_sms("1.01", "+15550000000", "", delivery_report=True)
    assert await _poll(init_integration) == 2
    emulator.inject_sms("2.01", "+15550009999", "two")
    assert await _poll(init_integration) == 1
    assert await _poll(init_integration) == 0
    assert _texts(received) == ["one", "two"]
    assert len(reports) == 1


@pytest.mark.parametrize("options", POLL_ONLY)
async def test_poll_timer(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """Without push, the inbox is read every minute; failures stay quiet."""
    received = capture(hass, EVENT_SMS_RECEIVED)
    emulator.inject_sms("1.01", "+15550009999", "timer")
    async_fire_time_changed(hass, dt_util.utcnow() + INBOX_INTERVAL_POLL)
    await hass.async_block_till_done(wait_background_tasks=True)
    await wait_for(emulator, lambda: len(received) == 1)
    emulator.go_offline()
    async_fire_time_changed(hass, dt_util.utcnow() + 2 * INBOX_INTERVAL_POLL)
    await hass.async_block_till_done(wait_background_tasks=True)
    emulator.go_online()
    assert _texts(received) == ["timer"]


async def test_pushed_then_polled_fires_once(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """A message pushed and later polled fires once."""
    received = capture(hass, EVENT_SMS_RECEIVED)
    emulator.inject_sms("1.01", "+15550009999", "race")
    await wait_for(emulator, lambda: len(received) == 1)
    assert await _poll(init_integration) == 0
    assert _texts(received) == ["race"]


async def test_polled_then_pushed_fires_once(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: RunningEmulator,
    webhook_client: TestClient[Any, Any],
) -> None:
    """A message polled before its (late) push arrives fires once."""
    received = capture(hass, EVENT_SMS_RECEIVED)
    emulator.gateway.set_params([("sms_url", "")])  # the push is held back
    message = emulator.inject_sms("1.01", "+15550009999", "late push")
    assert await _poll(init_integration) == 1
    body = {
        "type": "recv-sms",
        "sms_num": 1,
        "sms": [emulator.gateway.inbox_row(message)],
    }
    response = await webhook_client.post(
        webhook_path(init_integration),
        data=json.dumps(body),
        headers={"Content-Type": "application/json"},
    )
    assert response.status == 200
    assert _texts(received) == ["late push"]


async def test_concurrent_push_and_poll(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """Pushes and a poll racing over a burst of messages fire each once."""
    received = capture(hass, EVENT_SMS_RECEIVED)
    for number in range(20):
        emulator.inject_sms(f"{number % 2 + 1}.01", "+15550009999", f"burst {number}")
        if number % 5 == 0:
            hass.async_create_task(_poll(init_integration))
    await emulator.settle()
    await hass.async_block_till_done()
    await _poll(init_integration)
    assert sorted(_texts(received)) == sorted(f"burst {n}" for n in range(20))


@pytest.mark.parametrize("options", POLL_ONLY)
async def test_sms_to_http_polled_first(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: RunningEmulator,
    webhook_client: TestClient[Any, Any],
) -> None:
    """A polled message and its later "SMS to HTTP" copy fire once."""
    received = capture(hass, EVENT_SMS_RECEIVED)
    emulator.inject_sms("1.01", "+15550009999", "both ways")
    assert await _poll(init_integration) == 1
    response = await webhook_client.post(
        webhook_path(init_integration),
        params={"port": "1A", "sender": "+15550009999"},
        data=b"Sender: +15550009999\n\nboth ways",
        headers={"Content-Type": "application/octet-stream"},
    )
    assert response.status == 200
    # A second, new message with the same text does fire.
    response = await webhook_client.post(
        webhook_path(init_integration),
        params={"port": "1A", "sender": "+15550009999"},
        data=b"Sender: +15550009999\n\nboth ways",
        headers={"Content-Type": "application/octet-stream"},
    )
    assert _texts(received) == ["both ways", "both ways"]


# ---------------------------------------------------- identical SMS in one second


def _twins(emulator: RunningEmulator, count: int = 2, text: str = "twin") -> float:
    """Deliver ``count`` identical SMS within one second; return that second."""
    second = float(int(time.time()))
    for number in range(count):
        emulator.inject_sms(
            "1.01", "+15550009999", text, timestamp=second + 0.1 + number / 10
        )
    return second


async def _repost(
    client: TestClient[Any, Any], entry: MockConfigEntry, push: OutgoingPush
) -> None:
    """Send a push the emulator made to the webhook again (the gateway repeats it)."""
    response = await client.post(
        webhook_path(entry), data=push.body, headers={"Content-Type": push.content_type}
    )
    assert response.status == 200


@pytest.mark.parametrize("options", POLL_ONLY)
async def test_identical_sms_polled_fire_twice(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """Two inbox ids with the same content are two messages."""
    received = capture(hass, EVENT_SMS_RECEIVED)
    _twins(emulator)
    assert await _poll(init_integration) == 2
    assert await _poll(init_integration) == 0
    assert _texts(received) == ["twin", "twin"]


async def test_identical_sms_in_one_push_fire_twice(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: RunningEmulator,
    webhook_client: TestClient[Any, Any],
) -> None:
    """Two copies in one push fire twice; the poll and a repeat of it add nothing."""
    emulator.gateway.submit_sms({"tasks": [], "sms_cnt": 2})  # batch two a push
    received = capture(hass, EVENT_SMS_RECEIVED)
    _twins(emulator)
    await wait_for(emulator, lambda: len(received) == 2)
    (push,) = emulator.pushes("recv-sms")
    assert push.payload["sms_num"] == 2
    assert await _poll(init_integration) == 0
    await _repost(webhook_client, init_integration, push)
    assert _texts(received) == ["twin", "twin"]


async def test_identical_sms_in_two_pushes_second_fires_at_the_recheck(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """The second push looks like a repeat of the first: the inbox tells them apart.

    A push that looked like a repeat makes the integration read the inbox a moment
    later, so the second SMS fires within seconds, not at the next poll.
    """
    received = capture(hass, EVENT_SMS_RECEIVED)
    reads = emulator.gateway.request_counts["goip_get_sms.html"]
    _twins(emulator)
    await emulator.settle()
    await hass.async_block_till_done()
    assert [push.status for push in emulator.pushes("recv-sms")] == [200, 200]
    assert _texts(received) == ["twin"]
    assert emulator.gateway.request_counts["goip_get_sms.html"] == reads

    async_fire_time_changed(
        hass, dt_util.utcnow() + timedelta(seconds=RECHECK_DELAY + 1)
    )
    await wait_for(emulator, lambda: len(received) == 2)
    assert emulator.gateway.request_counts["goip_get_sms.html"] == reads + 1
    assert await _poll(init_integration) == 0
    assert _texts(received) == ["twin", "twin"]


@pytest.mark.parametrize("options", [{CONF_INBOX_POLLING: False}], indirect=True)
async def test_no_recheck_with_inbox_polling_off(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """With polling off the inbox is never read: the second twin waits for the user."""
    received = capture(hass, EVENT_SMS_RECEIVED)
    _twins(emulator)
    await emulator.settle()
    async_fire_time_changed(
        hass, dt_util.utcnow() + timedelta(seconds=RECHECK_DELAY + 1)
    )
    await hass.async_block_till_done()
    assert emulator.gateway.request_counts["goip_get_sms.html"] == 0
    assert _texts(received) == ["twin"]


async def test_identical_sms_one_polled_between_the_pushes(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """A poll that lists only the first copy leaves the second for the next poll."""
    received = capture(hass, EVENT_SMS_RECEIVED)
    second = _twins(emulator, count=1)
    await wait_for(emulator, lambda: len(received) == 1)
    assert await _poll(init_integration) == 0
    emulator.inject_sms("1.01", "+15550009999", "twin", timestamp=second + 0.9)
    await emulator.settle()
    await hass.async_block_till_done()
    assert len(received) == 1
    assert await _poll(init_integration) == 1
    assert _texts(received) == ["twin", "twin"]


async def test_repeated_push_fires_once(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: RunningEmulator,
    webhook_client: TestClient[Any, Any],
) -> None:
    """A push the gateway sends again is not a second message."""
    received = capture(hass, EVENT_SMS_RECEIVED)
    _twins(emulator, count=1)
    await wait_for(emulator, lambda: len(received) == 1)
    (push,) = emulator.pushes("recv-sms")
    await _repost(webhook_client, init_integration, push)
    await _repost(webhook_client, init_integration, push)
    assert await _poll(init_integration) == 0
    assert _texts(received) == ["twin"]


@pytest.mark.parametrize("options", POLL_ONLY)
async def test_inbox_renumbered_under_the_same_ssrc(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """A gateway that numbers its inbox from 1 again but keeps its ssrc.

    Noticed when the inbox ends before the cursor; the new messages reuse the
    old ids and are new all the same.
    """
    received = capture(hass, EVENT_SMS_RECEIVED)
    emulator.inject_sms("1.01", "+15550009999", "a")
    emulator.inject_sms("1.01", "+15550009999", "b")
    assert await _poll(init_integration) == 2
    ssrc = emulator.gateway.ssrc
    emulator.reboot()
    emulator.gateway.ssrc = ssrc  # firmware that keeps its ssrc across reboots
    emulator.inject_sms("1.01", "+15550009999", "c")
    assert await _poll(init_integration) == 1
    emulator.inject_sms("1.01", "+15550009999", "d")
    assert await _poll(init_integration) == 1
    assert await _poll(init_integration) == 0
    emulator.reboot()
    emulator.gateway.ssrc = ssrc
    emulator.inject_sms("1.01", "+15550009999", "e")
    assert await _poll(init_integration) == 1
    assert _texts(received) == ["a", "b", "c", "d", "e"]


@pytest.mark.parametrize("options", POLL_ONLY)
async def test_identical_sms_relisted_after_a_reboot(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """A reboot lists both under new ids: nothing fires again, a new one does."""
    emulator.configure(reboot_keep_inbox=10)
    received = capture(hass, EVENT_SMS_RECEIVED)
    _twins(emulator)
    assert await _poll(init_integration) == 2
    emulator.reboot()
    assert await _poll(init_integration) == 0
    _twins(emulator, count=1, text="after")
    assert await _poll(init_integration) == 1
    assert _texts(received) == ["twin", "twin", "after"]


async def test_identical_sms_pushed_then_relisted_after_a_reboot(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """The copy held back by the pushes fires when a reboot's re-read lists it."""
    emulator.configure(reboot_keep_inbox=10)
    received = capture(hass, EVENT_SMS_RECEIVED)
    _twins(emulator)
    await emulator.settle()
    await hass.async_block_till_done()
    assert len(received) == 1
    emulator.reboot()
    assert await _poll(init_integration) == 1
    assert await _poll(init_integration) == 0
    assert _texts(received) == ["twin", "twin"]


@pytest.mark.parametrize("push", [False, True])
async def test_identical_sms_across_restarts(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: RunningEmulator,
    hass_storage: dict[str, Any],
    push: bool,
) -> None:
    """Counts survive a restart: waiting twins fire twice, re-listed ones never."""
    if not push:
        hass.config_entries.async_update_entry(
            init_integration, options={CONF_PUSH: False}
        )
        await hass.config_entries.async_reload(init_integration.entry_id)
        await hass.async_block_till_done()
    received = capture(hass, EVENT_SMS_RECEIVED)
    _twins(emulator, text="before")
    await emulator.settle()
    await hass.async_block_till_done()
    await _poll(init_integration)
    assert _texts(received) == ["before", "before"]
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    stored = hass_storage[f"ejoin.{init_integration.entry_id}"]["data"]
    assert [count for _, count in stored["copies"]] == [2]
    _twins(emulator, text="while stopped")
    await emulator.settle()
    await hass.config_entries.async_setup(init_integration.entry_id)
    await hass.async_block_till_done()
    expected = ["before", "before", "while stopped", "while stopped"]
    assert _texts(received) == expected
    # Restarted again after a gateway reboot: all four are re-listed, none fires.
    emulator.configure(reboot_keep_inbox=10)
    emulator.reboot()
    assert await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done()
    assert await _poll(init_integration) == 0
    assert _texts(received) == expected


@pytest.mark.parametrize("options", POLL_ONLY)
async def test_store_without_counts_loads(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    emulator: RunningEmulator,
    hass_storage: dict[str, Any],
) -> None:
    """A store written before the counts were kept: its fingerprints count once.

    One twin was pushed before the update (its fingerprint is stored), both wait in
    the inbox: the pushed one matches the first id, the other fires.
    """
    second = _twins(emulator)
    pushed = _sms("twin", stamp=int(second))
    _store_ledger(
        hass_storage,
        mock_config_entry,
        emulator,
        next_id=1,
        seen=[[inbox_module.content_key(pushed), second]],
    )
    received = capture(hass, EVENT_SMS_RECEIVED)
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert _texts(received) == ["twin"]
    assert await _poll(mock_config_entry) == 0


# ---------------------------------------------------------------- restarts


@pytest.mark.parametrize("push", [False, True])
async def test_messages_waiting_after_a_restart(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: RunningEmulator,
    hass_storage: dict[str, Any],
    push: bool,
) -> None:
    """Messages that arrived while stopped fire after start, once.

    With push on, the gateway's pushes meanwhile reach no webhook (Home Assistant
    answers them anyway), so only the inbox has them.
    """
    if not push:
        hass.config_entries.async_update_entry(
            init_integration, options={CONF_PUSH: False}
        )
        await hass.config_entries.async_reload(init_integration.entry_id)
        await hass.async_block_till_done()
    received = capture(hass, EVENT_SMS_RECEIVED)
    emulator.inject_sms("1.01", "+15550009999", "before")
    await emulator.settle()
    await hass.async_block_till_done()
    await _poll(init_integration)
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    stored = hass_storage[f"ejoin.{init_integration.entry_id}"]["data"]
    assert stored["ssrc"] == emulator.gateway.ssrc
    assert stored["next_id"] == 2
    emulator.inject_sms("1.01", "+15550009999", "while stopped 1")
    emulator.inject_sms("2.01", "+15550009999", "while stopped 2")
    await emulator.settle()
    await hass.config_entries.async_setup(init_integration.entry_id)
    await hass.async_block_till_done()
    assert _texts(received) == ["before", "while stopped 1", "while stopped 2"]


@pytest.mark.parametrize("options", POLL_ONLY)
async def test_cold_start_from_the_store(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    emulator: RunningEmulator,
    hass_storage: dict[str, Any],
) -> None:
    """A stored cursor (Home Assistant was stopped) picks up where it was."""
    for number in range(4):
        emulator.inject_sms("1.01", "+15550009999", f"message {number}")
    _store_ledger(hass_storage, mock_config_entry, emulator, next_id=3, next_tid=1000)
    received = capture(hass, EVENT_SMS_RECEIVED)
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert _texts(received) == ["message 2", "message 3"]
    response: Any = await hass.services.async_call(
        "ejoin",
        "send_sms",
        {"to": "+15550001111", "message": "x"},
        blocking=True,
        return_response=True,
    )
    assert response["tasks"][0]["tid"] == 1000


@pytest.mark.parametrize("options", POLL_ONLY)
@pytest.mark.parametrize("keep", [0, 10])
async def test_gateway_reboot_neither_loses_nor_repeats(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: RunningEmulator,
    keep: int,
) -> None:
    """A reboot renumbers the inbox under a new ssrc; each message fires once."""
    emulator.configure(reboot_keep_inbox=keep)
    received = capture(hass, EVENT_SMS_RECEIVED)
    emulator.inject_sms("1.01", "+15550009999", "A")
    emulator.inject_sms("1.01", "+15550009999", "B")
    assert await _poll(init_integration) == 2
    old_ssrc = emulator.gateway.ssrc
    emulator.reboot()
    assert emulator.gateway.ssrc != old_ssrc
    await emulator.wait_for(
        lambda: emulator.gateway.usable(
            emulator.gateway.slot_state(1, emulator.gateway.port_state(1).active_slot)
        )
    )
    emulator.inject_sms("1.01", "+15550009999", "C")
    assert await _poll(init_integration) == 1
    assert _texts(received) == ["A", "B", "C"]
    ledger = init_integration.runtime_data.messaging.ledger
    assert ledger.ssrc == emulator.gateway.ssrc
    emulator.inject_sms("1.01", "+15550009999", "D")
    assert await _poll(init_integration) == 1
    assert _texts(received) == ["A", "B", "C", "D"]


@pytest.mark.parametrize("options", POLL_ONLY)
async def test_reboot_while_stopped_keeps_old_messages_quiet(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: RunningEmulator,
) -> None:
    """Re-read after a reboot, messages from before the first setup stay quiet."""
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    emulator.configure(reboot_keep_inbox=10)
    emulator.inject_sms("1.01", "+15550009999", "old")
    await hass.config_entries.async_setup(init_integration.entry_id)
    await hass.async_block_till_done()
    received = capture(hass, EVENT_SMS_RECEIVED)
    # Everything the ledger knew is forgotten: only the horizon remembers.
    ledger = init_integration.runtime_data.messaging.ledger
    ledger._seen.clear()
    ledger.raise_horizon(emulator.gateway.inbox[-1].ts)
    emulator.reboot()
    assert await _poll(init_integration) == 0
    assert received == []


# ----------------------------------------------------------------- the ledger


async def test_ledger_persists(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    """What the ledger knows survives a save and a load."""
    ledger = MessageLedger(hass, "entry")
    await ledger.async_load()
    first_tid = ledger.reserve_tids(1)[0]
    assert ledger.accept(_sms("hello"), ssrc="s1", message_id=1)
    assert ledger.accept(_sms("no time", stamp=None), estimated_time=True)
    ledger.set_cursor("s1", 2)
    ledger.push_url = "http://ha/api/webhook/x"
    await ledger.async_save()
    again = MessageLedger(hass, "entry")
    await again.async_load()
    assert again.initialized
    assert (again.ssrc, again.next_id, again.push_url) == ("s1", 2, ledger.push_url)
    assert not again.accept(_sms("hello"))
    assert not again.accept(_sms("other"), ssrc="s1", message_id=1)
    assert not again.accept(_sms("no time", stamp=1_790_000_100))
    assert again.reserve_tids(2) == [first_tid + 1, first_tid + 2]
    await again.async_remove()
    assert "ejoin.entry" not in hass_storage


async def test_ledger_is_bounded(hass: HomeAssistant) -> None:
    """Old fingerprints give way; the horizon keeps re-read messages quiet."""
    ledger = MessageLedger(hass, "entry")
    await ledger.async_load()
    with patch.object(inbox_module, "MAX_FINGERPRINTS", 3):
        for number in range(5):
            assert ledger.accept(_sms(f"m{number}", stamp=1_790_000_000 + number))
    assert len(ledger._seen) == 3
    assert ledger.horizon == 1_790_000_001
    # Re-read from the start after a reboot: old ones are quiet, new ones fire.
    assert not ledger.accept(_sms("m0", stamp=1_790_000_000), resync=True)
    assert ledger.accept(_sms("m9", stamp=1_790_000_009), resync=True)
    ledger.raise_horizon(1000)
    ledger.raise_horizon(None)
    assert ledger.horizon == 1_790_000_001
    # A clock that was not set is not judged by the horizon.
    assert ledger.accept(_sms("m0", stamp=1000), resync=True)


async def test_ledger_counts_identical_messages(hass: HomeAssistant) -> None:
    """Copies per push and ids per ssrc are counted; counts leave with fingerprints."""
    ledger = MessageLedger(hass, "entry")
    await ledger.async_load()
    twins = [_sms("t"), _sms("t")]
    assert ledger.accept_batch(twins) == [True, True]
    assert ledger.accept_batch(twins, ssrc="s", ids=[1, 2]) == [False, False]
    assert ledger.accept_batch(twins, ssrc="s", ids=[1, 2]) == [False, False]
    # A push with three copies holds one more message than were handled.
    assert ledger.accept_batch([*twins, _sms("t")]) == [False, False, True]
    assert ledger.accept_batch(twins, ssrc="rebooted", ids=[1, 2]) == [False, False]
    with patch.object(inbox_module, "MAX_FINGERPRINTS", 3):
        for number in range(3):
            ledger.accept(_sms(f"m{number}", stamp=1_790_000_100 + number))
    assert (ledger._copies, ledger._matched) == ({}, {})
    assert ledger.horizon == 1_790_000_000


async def test_ledger_matches_timestamp_less_copies(hass: HomeAssistant) -> None:
    """One copy with and one without a timestamp pair up, in either order."""
    ledger = MessageLedger(hass, "entry")
    await ledger.async_load()
    assert ledger.accept(_sms("x", stamp=None), estimated_time=True)
    assert not ledger.accept(_sms("x"), ssrc="s", message_id=1)
    assert ledger.accept(_sms("y", stamp=1_790_000_050))
    assert not ledger.accept(_sms("y", stamp=None), estimated_time=True)
    assert ledger.accept(_sms("y", stamp=None), estimated_time=True)
    # Two copies waiting: each partner takes one.
    assert ledger.accept(_sms("w", stamp=None), estimated_time=True)
    assert ledger.accept(_sms("w", stamp=None), estimated_time=True)
    assert not ledger.accept(_sms("w", stamp=1_790_000_001))
    assert not ledger.accept(_sms("w", stamp=1_790_000_002))
    assert ledger.accept(_sms("w", stamp=1_790_000_003))
    # A waiting copy expires after a day.
    assert ledger.accept(_sms("z", stamp=None), estimated_time=True)
    later = time.time() + inbox_module.LOOSE_WINDOW + 1
    with patch("custom_components.ejoin.inbox.time.time", return_value=later):
        assert ledger.accept(_sms("z"))
    with patch.object(inbox_module, "MAX_LOOSE", 2):
        for number in range(4):
            ledger.accept(_sms(f"e{number}", stamp=None), estimated_time=True)
        assert len(ledger._loose) == 2


async def test_ledger_task_ids(hass: HomeAssistant) -> None:
    """A new ledger starts its ids from the clock; ids wrap below 2**31."""
    ledger = MessageLedger(hass, "entry")
    with patch("custom_components.ejoin.inbox.time.time", return_value=1_750_000_500):
        await ledger.async_load()
    assert ledger.reserve_tids(1) == [500]
    ledger._next_tid = inbox_module.MAX_TID
    assert ledger.reserve_tids(2) == [1, 2]


async def test_delivery_report_and_sms_do_not_collide(hass: HomeAssistant) -> None:
    """The kind is part of the fingerprint."""
    ledger = MessageLedger(hass, "entry")
    await ledger.async_load()
    stamp = datetime(2026, 1, 1, tzinfo=UTC)

    def build(*, report: bool, content: str, encoded: bool = False) -> ReceivedSms:
        return ReceivedSms.build(
            is_delivery_report=report,
            slot=SlotAddress(1, 1),
            received_at=stamp,
            sender="+1",
            recipient="+2",
            content=content,
            content_is_encoded=encoded,
        )

    assert ledger.accept(build(report=False, content="0 260101"))
    assert ledger.accept(build(report=True, content="0 260101"))
    # The same text, once base64 (a push) and once plain (SMS to HTTP): one message.
    encoded = base64.b64encode(b"0 260101").decode()
    assert not ledger.accept(build(report=False, content=encoded, encoded=True))


@pytest.mark.parametrize("options", POLL_ONLY)
async def test_events_wait_until_home_assistant_has_started(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    emulator: RunningEmulator,
    hass_storage: dict[str, Any],
) -> None:
    """Messages read during the start fire once it has started (automations listen)."""
    emulator.inject_sms("1.01", "+15550009999", "waiting")
    _store_ledger(hass_storage, mock_config_entry, emulator, next_id=1)
    received = capture(hass, EVENT_SMS_RECEIVED)
    hass.set_state(CoreState.starting)
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert received == []
    hass.set_state(CoreState.running)
    hass.bus.async_fire(EVENT_HOMEASSISTANT_STARTED)
    await hass.async_block_till_done()
    assert _texts(received) == ["waiting"]


@pytest.mark.parametrize("options", POLL_ONLY)
async def test_unloaded_during_the_start(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """Events held back are fired when the entry unloads before the start ends."""
    hass.set_state(CoreState.starting)
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    received = capture(hass, EVENT_SMS_RECEIVED)
    emulator.inject_sms("1.01", "+15550009999", "held")
    await _poll(mock_config_entry)
    assert received == []
    assert await hass.config_entries.async_unload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert _texts(received) == ["held"]
    hass.set_state(CoreState.running)
