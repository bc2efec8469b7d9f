"""Tests of the inbox poller and the exactly-once path: pushes, polls, restarts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import json
import time
from typing import TYPE_CHECKING, Any
from unittest.mock import patch

from homeassistant.helpers.event import async_track_time_interval
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.ejoin import inbox as inbox_module, ledger as ledger_module
from custom_components.ejoin.api import (
    EjoinConnectionError,
    InboxMessage,
    InboxPage,
    ReceivedSms,
    SlotAddress,
)
from custom_components.ejoin.const import (
    CONF_INBOX_POLLING,
    CONF_PUSH,
    EVENT_DELIVERY_REPORT,
    EVENT_SMS_RECEIVED,
    INBOX_INTERVAL_POLL,
    INBOX_INTERVAL_PUSH,
)
from custom_components.ejoin.events import message_event
from custom_components.ejoin.inbox import RECHECK_DELAY
from custom_components.ejoin.ledger import content_key

from .messaging_helpers import (  # noqa: F401 - fixtures
    capture,
    poll_inbox,
    push_options_fixture,
    settle_pushes_fixture,
    store_ledger,
    stored_ledger,
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


def _sms(text: str, *, stamp: int = 1_790_000_000) -> ReceivedSms:
    return ReceivedSms.build(
        is_delivery_report=False,
        slot=SlotAddress.parse("1.01"),
        received_at=datetime.fromtimestamp(stamp, UTC),
        sender="+15550009999",
        recipient="+15550001111",
        content=text,
        content_is_encoded=False,
    )


# ------------------------------------------------------------------ first setup


def _inbox_reads(emulator: RunningEmulator) -> int:
    """Return how many times the gateway's inbox was read, in either API."""
    counts = emulator.gateway.request_counts
    return counts["goip_get_sms.html"] + counts["get_received_smses"]


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
    ledger = mock_config_entry.runtime_data.receiver.ledger
    assert ledger.initialized
    assert ledger.ssrc == emulator.gateway.ssrc
    assert ledger.next_id == 3
    assert await poll_inbox(mock_config_entry) == 0
    emulator.inject_sms("1.01", "+15550009999", "new")
    assert await poll_inbox(mock_config_entry) == 1
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
    assert not mock_config_entry.runtime_data.receiver.ledger.initialized
    assert await poll_inbox(mock_config_entry) == 0
    assert mock_config_entry.runtime_data.receiver.ledger.initialized
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
    assert await poll_inbox(init_integration) == 2
    emulator.inject_sms("2.01", "+15550009999", "two")
    assert await poll_inbox(init_integration) == 1
    assert await poll_inbox(init_integration) == 0
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
    assert await poll_inbox(init_integration) == 0
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
    assert await poll_inbox(init_integration) == 1
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
            hass.async_create_task(poll_inbox(init_integration))
    await emulator.settle()
    await hass.async_block_till_done()
    await poll_inbox(init_integration)
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
    assert await poll_inbox(init_integration) == 1
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
    assert await poll_inbox(init_integration) == 2
    assert await poll_inbox(init_integration) == 0
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
    assert await poll_inbox(init_integration) == 0
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
    reads = _inbox_reads(emulator)
    _twins(emulator)
    await emulator.settle()
    await hass.async_block_till_done()
    assert [push.status for push in emulator.pushes("recv-sms")] == [200, 200]
    assert _texts(received) == ["twin"]
    assert _inbox_reads(emulator) == reads

    async_fire_time_changed(
        hass, dt_util.utcnow() + timedelta(seconds=RECHECK_DELAY + 1)
    )
    await wait_for(emulator, lambda: len(received) == 2)
    assert _inbox_reads(emulator) == reads + 1
    assert await poll_inbox(init_integration) == 0
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
    assert _inbox_reads(emulator) == 0
    assert _texts(received) == ["twin"]


async def test_identical_sms_one_polled_between_the_pushes(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """A poll that lists only the first copy leaves the second for the next poll."""
    received = capture(hass, EVENT_SMS_RECEIVED)
    second = _twins(emulator, count=1)
    await wait_for(emulator, lambda: len(received) == 1)
    assert await poll_inbox(init_integration) == 0
    emulator.inject_sms("1.01", "+15550009999", "twin", timestamp=second + 0.9)
    await emulator.settle()
    await hass.async_block_till_done()
    assert len(received) == 1
    assert await poll_inbox(init_integration) == 1
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
    assert await poll_inbox(init_integration) == 0
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
    assert await poll_inbox(init_integration) == 2
    ssrc = emulator.gateway.ssrc
    emulator.reboot()
    emulator.gateway.ssrc = ssrc  # firmware that keeps its ssrc across reboots
    emulator.inject_sms("1.01", "+15550009999", "c")
    assert await poll_inbox(init_integration) == 1
    emulator.inject_sms("1.01", "+15550009999", "d")
    assert await poll_inbox(init_integration) == 1
    assert await poll_inbox(init_integration) == 0
    emulator.reboot()
    emulator.gateway.ssrc = ssrc
    emulator.inject_sms("1.01", "+15550009999", "e")
    assert await poll_inbox(init_integration) == 1
    assert _texts(received) == ["a", "b", "c", "d", "e"]


@pytest.mark.parametrize("options", POLL_ONLY)
async def test_identical_sms_relisted_after_a_reboot(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """A reboot lists both under new ids: nothing fires again, a new one does."""
    emulator.configure(reboot_keep_inbox=10)
    received = capture(hass, EVENT_SMS_RECEIVED)
    _twins(emulator)
    assert await poll_inbox(init_integration) == 2
    emulator.reboot()
    assert await poll_inbox(init_integration) == 0
    _twins(emulator, count=1, text="after")
    assert await poll_inbox(init_integration) == 1
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
    assert await poll_inbox(init_integration) == 1
    assert await poll_inbox(init_integration) == 0
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
    second = _twins(emulator, text="before")
    await emulator.settle()
    await hass.async_block_till_done()
    await poll_inbox(init_integration)
    assert _texts(received) == ["before", "before"]
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    # On disk: two messages with that content, a third would be new.
    stored = await stored_ledger(hass, init_integration.entry_id)
    twin = _sms("before", stamp=int(second))
    ops = stored.take_messages([twin] * 3, [message_event(twin)] * 3)
    assert [op[0] for op in ops] == ["new"]
    _twins(emulator, text="while stopped")
    await emulator.settle()
    await hass.config_entries.async_setup(init_integration.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    expected = ["before", "before", "while stopped", "while stopped"]
    assert _texts(received) == expected
    # Restarted again after a gateway reboot: all four are re-listed, none fires.
    emulator.configure(reboot_keep_inbox=10)
    emulator.reboot()
    assert await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert await poll_inbox(init_integration) == 0
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
    store_ledger(
        hass_storage,
        mock_config_entry,
        emulator,
        next_id=1,
        seen=[[content_key(pushed), second]],
    )
    received = capture(hass, EVENT_SMS_RECEIVED)
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert _texts(received) == ["twin"]
    assert await poll_inbox(mock_config_entry) == 0


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

    With push on, the gateway's pushes meanwhile wait in the spool: they and the
    inbox's catch-up read bring the same messages, each fires once.
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
    await poll_inbox(init_integration)
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    stored = await stored_ledger(hass, init_integration.entry_id)
    assert stored.ssrc == emulator.gateway.ssrc
    assert stored.next_id == 2
    assert stored.pending == {}
    emulator.inject_sms("1.01", "+15550009999", "while stopped 1")
    emulator.inject_sms("2.01", "+15550009999", "while stopped 2")
    await emulator.settle()
    await hass.config_entries.async_setup(init_integration.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
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
    store_ledger(
        hass_storage, mock_config_entry, emulator, next_id=3, next_tid=2_000_000_000
    )
    received = capture(hass, EVENT_SMS_RECEIVED)
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert _texts(received) == ["message 2", "message 3"]
    response: Any = await hass.services.async_call(
        "ejoin",
        "send_sms",
        {"to": "+15550001111", "message": "x"},
        blocking=True,
        return_response=True,
    )
    assert response["tasks"][0]["tid"] == 2_000_000_000


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
    assert await poll_inbox(init_integration) == 2
    old_ssrc = emulator.gateway.ssrc
    emulator.reboot()
    assert emulator.gateway.ssrc != old_ssrc
    await emulator.wait_for(
        lambda: emulator.gateway.usable(
            emulator.gateway.slot_state(1, emulator.gateway.port_state(1).active_slot)
        )
    )
    emulator.inject_sms("1.01", "+15550009999", "C")
    assert await poll_inbox(init_integration) == 1
    assert _texts(received) == ["A", "B", "C"]
    ledger = init_integration.runtime_data.receiver.ledger
    assert ledger.ssrc == emulator.gateway.ssrc
    emulator.inject_sms("1.01", "+15550009999", "D")
    assert await poll_inbox(init_integration) == 1
    assert _texts(received) == ["A", "B", "C", "D"]


@pytest.mark.parametrize("options", POLL_ONLY)
async def test_reboot_while_stopped_keeps_old_messages_quiet(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: RunningEmulator,
) -> None:
    """Re-read after a reboot, messages the ledger forgot stay quiet."""
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    emulator.configure(reboot_keep_inbox=10)
    emulator.inject_sms("1.01", "+15550009999", "old")
    # The catch-up read takes it, and the bound forgets it at once: only the
    # horizon remembers.
    with patch.object(ledger_module, "MAX_MESSAGES", 0):
        await hass.config_entries.async_setup(init_integration.entry_id)
        await hass.async_block_till_done(wait_background_tasks=True)
    ledger = init_integration.runtime_data.receiver.ledger
    assert ledger.remembered == 0
    assert ledger.horizon == emulator.gateway.inbox[-1].ts
    received = capture(hass, EVENT_SMS_RECEIVED)
    emulator.reboot()
    assert await poll_inbox(init_integration) == 0
    assert received == []


# ---------------------------------------------------------------- the poller


async def test_poll_interval_follows_push(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """The inbox is read every five minutes while push works, every minute else."""
    inbox = init_integration.runtime_data.inbox
    with patch(
        "custom_components.ejoin.inbox.async_track_time_interval",
        wraps=async_track_time_interval,
    ) as track:
        inbox.set_push_working(False)
        assert track.call_args.args[2] == INBOX_INTERVAL_POLL
        inbox.set_push_working(False)
        assert track.call_count == 1
        inbox.set_push_working(True)
        assert track.call_args.args[2] == INBOX_INTERVAL_PUSH


@pytest.mark.parametrize("options", POLL_ONLY)
async def test_stopped_poller_reads_nothing(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """Once the entry is unloaded, neither a timer nor a recheck reads the inbox."""
    inbox = init_integration.runtime_data.inbox
    reads = _inbox_reads(emulator)
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    await inbox.async_poll_quietly()
    inbox.schedule_recheck()
    async_fire_time_changed(hass, dt_util.utcnow() + INBOX_INTERVAL_POLL)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert _inbox_reads(emulator) == reads


@pytest.mark.parametrize("options", POLL_ONLY)
async def test_a_recheck_is_scheduled_once(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """Several repeats in a row make one inbox read."""
    inbox = init_integration.runtime_data.inbox
    reads = _inbox_reads(emulator)
    inbox.schedule_recheck()
    inbox.schedule_recheck()
    async_fire_time_changed(
        hass, dt_util.utcnow() + timedelta(seconds=RECHECK_DELAY + 1)
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    assert _inbox_reads(emulator) == reads + 1


def test_cursor_after_a_page() -> None:
    """``next_sms`` when given, else past the last message, else where it was."""
    message = InboxMessage(id=4, sms=_sms("x"))
    assert inbox_module._next_id(InboxPage(ssrc="s", next_id=9), 7) == 9
    page = InboxPage(ssrc="s", next_id=None, messages=(message,))
    assert inbox_module._next_id(page, 1) == 5
    assert inbox_module._next_id(InboxPage(ssrc="s", next_id=None), 7) == 7
