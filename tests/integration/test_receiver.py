"""Tests of the receiver: decide, persist, then fire; events wait for the start."""

from __future__ import annotations

from datetime import timedelta
import json
import os
from typing import TYPE_CHECKING, Any

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import (
    EVENT_HOMEASSISTANT_FINAL_WRITE,
    EVENT_HOMEASSISTANT_STARTED,
)
from homeassistant.core import CoreState
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.ejoin.const import CONF_PUSH, EVENT_SMS_RECEIVED
from custom_components.ejoin.journal import JournalError
from custom_components.ejoin.receiver import MARK_DELAY

from .messaging_helpers import (  # noqa: F401 - fixtures
    capture,
    poll_inbox,
    push_options_fixture,
    settle_pushes_fixture,
    store_ledger,
    stored_ledger,
    webhook_client_fixture,
    webhook_path,
)

if TYPE_CHECKING:
    from aiohttp.test_utils import TestClient
    from homeassistant.core import HomeAssistant
    from pytest_homeassistant_custom_component.common import MockConfigEntry

    from emulator import RunningEmulator

POLL_ONLY = [{CONF_PUSH: False}]


def _texts(events: list[Any]) -> list[str]:
    return [event.data["text"] for event in events]


def _push(text: str) -> bytes:
    """Return a ``recv-sms`` push of one message."""
    row = [0, "1.01", 1_790_000_000, "+15550009999", "+15550001111", text]
    return json.dumps({"type": "recv-sms", "sms_num": 1, "sms": [row]}).encode()


async def _set_up_starting(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Set the entry up while Home Assistant is still starting."""
    hass.set_state(CoreState.starting)
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)


def _started(hass: HomeAssistant) -> None:
    """Finish Home Assistant's start: running, and its "started" event fired."""
    hass.set_state(CoreState.running)
    hass.bus.async_fire(EVENT_HOMEASSISTANT_STARTED)


@pytest.mark.parametrize("options", POLL_ONLY)
async def test_events_wait_until_home_assistant_has_started(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    emulator: RunningEmulator,
    hass_storage: dict[str, Any],
) -> None:
    """Messages read during the start are on disk, and fire once it has started."""
    emulator.inject_sms("1.01", "+15550009999", "waiting")
    store_ledger(hass_storage, mock_config_entry, emulator, next_id=1)
    received = capture(hass, EVENT_SMS_RECEIVED)
    await _set_up_starting(hass, mock_config_entry)
    receiver = mock_config_entry.runtime_data.receiver
    assert receiver.starting
    assert received == []
    stored = await stored_ledger(hass, mock_config_entry.entry_id)
    assert [data["text"] for _, data in stored.pending.values()] == ["waiting"]

    _started(hass)
    await hass.async_block_till_done()
    assert _texts(received) == ["waiting"]
    assert not receiver.starting


@pytest.mark.parametrize("options", POLL_ONLY)
async def test_more_than_ten_thousand_held_events_all_fire_at_the_start(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """Home Assistant refuses over 10,000 events fired inside one event's dispatch:
    what waits for "started" fires after that event, not inside it.
    """
    count = 10_050
    await _set_up_starting(hass, mock_config_entry)
    received = capture(hass, EVENT_SMS_RECEIVED)
    emulator.inject_sms_many(
        {"slot": "1.01", "sender": "+15550009999", "text": f"held {n}"}
        for n in range(count)
    )
    while await poll_inbox(mock_config_entry):
        pass
    assert len(mock_config_entry.runtime_data.receiver.ledger.pending) == count

    _started(hass)
    await hass.async_block_till_done()
    assert _texts(received) == [f"held {n}" for n in range(count)]


@pytest.mark.parametrize("options", POLL_ONLY)
async def test_stopped_right_after_the_start_fires_nothing(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """Stopped between "started" and the release: what waits stays waiting."""
    await _set_up_starting(hass, mock_config_entry)
    received = capture(hass, EVENT_SMS_RECEIVED)
    emulator.inject_sms("1.01", "+15550009999", "held")
    assert await poll_inbox(mock_config_entry) == 1
    receiver = mock_config_entry.runtime_data.receiver

    _started(hass)
    await receiver.async_stop()
    await hass.async_block_till_done()
    assert received == []
    stored = await stored_ledger(hass, mock_config_entry.entry_id)
    assert [data["text"] for _, data in stored.pending.values()] == ["held"]


@pytest.mark.parametrize("options", POLL_ONLY)
async def test_unloaded_during_the_start(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """Events held back stay on disk when the entry unloads; the next set-up fires
    them, once.
    """
    await _set_up_starting(hass, mock_config_entry)
    received = capture(hass, EVENT_SMS_RECEIVED)
    emulator.inject_sms("1.01", "+15550009999", "held")
    assert await poll_inbox(mock_config_entry) == 1
    assert await hass.config_entries.async_unload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert received == []

    hass.set_state(CoreState.running)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert _texts(received) == ["held"]
    assert await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert _texts(received) == ["held"]


@pytest.mark.parametrize("options", POLL_ONLY)
async def test_fired_events_are_recorded_within_the_mark_delay(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """What fired is on disk as fired within a second: a crash after that does not
    fire it again.
    """
    receiver = init_integration.runtime_data.receiver
    received = capture(hass, EVENT_SMS_RECEIVED)
    emulator.inject_sms("1.01", "+15550009999", "one")
    emulator.inject_sms("1.01", "+15550009999", "two")
    assert await poll_inbox(init_integration) == 2
    assert _texts(received) == ["one", "two"]
    assert receiver.unrecorded == 2
    # A crash now would fire both again: the one exception, bounded in time.
    stored = await stored_ledger(hass, init_integration.entry_id)
    assert len(stored.pending) == 2

    async_fire_time_changed(
        hass, dt_util.utcnow() + timedelta(seconds=MARK_DELAY + 0.1)
    )
    await hass.async_block_till_done()
    assert receiver.unrecorded == 0
    stored = await stored_ledger(hass, init_integration.entry_id)
    assert stored.pending == {}


@pytest.mark.parametrize("options", POLL_ONLY)
async def test_final_write_records_what_fired(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """Home Assistant stops without unloading: the marks are written before it goes."""
    receiver = init_integration.runtime_data.receiver
    emulator.inject_sms("1.01", "+15550009999", "last words")
    assert await poll_inbox(init_integration) == 1
    assert receiver.unrecorded == 1
    hass.bus.async_fire(EVENT_HOMEASSISTANT_FINAL_WRITE)
    await hass.async_block_till_done()
    assert receiver.unrecorded == 0
    assert not receiver.journal.unsynced
    stored = await stored_ledger(hass, init_integration.entry_id)
    assert stored.pending == {}


async def test_a_journal_that_cannot_be_written_reloads_the_entry(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    webhook_client: TestClient[Any, Any],
    emulator: RunningEmulator,
) -> None:
    """A push that cannot be recorded is refused (503), and the entry reloads from
    what is on disk; nothing of the push fired.
    """
    await emulator.settle()
    received = capture(hass, EVENT_SMS_RECEIVED)
    receiver = init_integration.runtime_data.receiver
    journal = receiver.journal
    writable = journal._fd
    assert writable is not None
    journal._fd = os.open(
        hass.config.path(".storage", f"ejoin.{init_integration.entry_id}.log.0"),
        os.O_RDONLY,
    )
    try:
        response = await webhook_client.post(
            webhook_path(init_integration),
            data=_push("bG9zdA=="),
            headers={"Content-Type": "application/json"},
        )
        assert response.status == 503
        assert received == []
        # Until the reload, nothing else counts as taken either.
        with pytest.raises(JournalError):
            receiver.commit([])
        await hass.async_block_till_done(wait_background_tasks=True)
    finally:
        os.close(writable)
    assert init_integration.state is ConfigEntryState.LOADED
    assert init_integration.runtime_data.receiver is not receiver
    response = await webhook_client.post(
        webhook_path(init_integration),
        data=_push("bG9zdA=="),
        headers={"Content-Type": "application/json"},
    )
    assert response.status == 200
    await hass.async_block_till_done()
    assert _texts(received) == ["lost"]


@pytest.mark.parametrize("options", POLL_ONLY)
async def test_marks_that_cannot_be_written_are_logged(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: RunningEmulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The record of what fired fails: a warning; the events stay pending on disk
    (a crash would fire them again, never lose them).
    """
    receiver = init_integration.runtime_data.receiver
    emulator.inject_sms("1.01", "+15550009999", "fired")
    assert await poll_inbox(init_integration) == 1
    journal = receiver.journal
    writable = journal._fd
    assert writable is not None
    journal._fd = os.open(os.devnull, os.O_RDONLY)
    try:
        async_fire_time_changed(
            hass, dt_util.utcnow() + timedelta(seconds=MARK_DELAY + 0.1)
        )
        await hass.async_block_till_done()
    finally:
        os.close(journal._fd)
        journal._fd = writable
    assert "Could not record 1 fired events" in caplog.text
    assert receiver.unrecorded == 0
    stored = await stored_ledger(hass, init_integration.entry_id)
    assert len(stored.pending) == 1
