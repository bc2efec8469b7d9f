"""The message history: what it keeps, how it is stored, its two actions.

Messages reach the integration the way they reach it from a real gateway: SMS and
delivery reports are read from the emulator's inbox (``ejoin.get_inbox``), send
outcomes are pushed by the emulator to the webhook.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import Context
from homeassistant.exceptions import ServiceValidationError, Unauthorized
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_fire_time_changed,
)
import voluptuous as vol

from custom_components.ejoin.const import (
    CONF_HISTORY_SIZE,
    CONF_PUSH,
    CONF_WEBHOOK_BASE_URL,
    CONF_WEBHOOK_ID,
    DOMAIN,
)
from custom_components.ejoin.diagnostics import async_get_config_entry_diagnostics
from custom_components.ejoin.history import SAVE_DELAY

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Awaitable, Callable

    from aiohttp.test_utils import TestClient
    from freezegun.api import FrozenDateTimeFactory
    from homeassistant.core import HomeAssistant
    from pytest_homeassistant_custom_component.common import MockUser

    from emulator import RunningEmulator


async def _call(
    hass: HomeAssistant,
    service: str,
    data: dict[str, Any] | None = None,
    *,
    response: bool = False,
    **kwargs: Any,
) -> Any:
    return await hass.services.async_call(
        DOMAIN, service, data or {}, blocking=True, return_response=response, **kwargs
    )


async def take_inbox(hass: HomeAssistant) -> None:
    """Read the emulator's inbox: new messages fire their events."""
    await _call(hass, "get_inbox", response=True)
    await hass.async_block_till_done()


async def history(hass: HomeAssistant, **data: Any) -> list[dict[str, Any]]:
    """Return ``ejoin.get_history``'s messages."""
    result = await _call(hass, "get_history", data, response=True)
    messages: list[dict[str, Any]] = result["messages"]
    return messages


def _storage_key(entry: MockConfigEntry) -> str:
    return f"ejoin.{entry.entry_id}.history"


async def test_received_sms_and_reports_are_kept_newest_first(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    emulator.inject_sms("1.01", "+15550001111", "first")
    emulator.inject_sms("2.01", "+15550002222", "second")
    emulator.inject_sms(
        "2.01", "+15550003333", "", recipient="+15550003333", delivery_report=True
    )
    await take_inbox(hass)

    messages = await history(hass)
    assert [message["kind"] for message in messages] == [
        "delivery_report",
        "sms_received",
        "sms_received",
    ]
    report, second, first = messages
    assert first["sender"] == "+15550001111"
    assert first["text"] == "first"
    assert first["slot"] == "1.01"
    assert first["at"].endswith("+00:00")
    assert second["slot"] == "2.01"
    assert report["recipient"] == "+15550003333"
    assert report["delivered"] is True
    assert isinstance(report["code"], int)
    assert len({message["id"] for message in messages}) == 3


async def test_get_history_filters(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    emulator.inject_sms("1.01", "+15550001111", "one")
    emulator.inject_sms("1.02", "+15550002222", "two")
    emulator.inject_sms("3.01", "DHL", "three")
    emulator.inject_sms(
        "3.01", "+15550003333", "", recipient="+15550003333", delivery_report=True
    )
    await take_inbox(hass)

    def texts(messages: list[dict[str, Any]]) -> list[str]:
        return [message.get("text", message["kind"]) for message in messages]

    assert texts(await history(hass, slot="1")) == ["two", "one"]
    assert texts(await history(hass, slot="1.02")) == ["two"]
    assert texts(await history(hass, slot="3A")) == ["delivery_report", "three"]
    assert texts(await history(hass, slot="2-8")) == ["delivery_report", "three"]
    assert texts(await history(hass, number="dhl")) == ["three"]
    assert texts(await history(hass, number="0003333")) == ["delivery_report"]
    assert texts(await history(hass, kind="delivery_report")) == ["delivery_report"]
    assert texts(await history(hass, kind=["sms_received"], limit=2)) == [
        "three",
        "two",
    ]
    assert texts(await history(hass, slot="3", kind="sms_received")) == ["three"]

    with pytest.raises(ServiceValidationError) as err:
        await history(hass, slot="9")
    assert err.value.translation_key == "port_not_found"
    with pytest.raises(vol.Invalid):
        await history(hass, kind="mms_received")
    with pytest.raises(vol.Invalid):
        await history(hass, limit=0)


async def test_history_is_written_with_a_delay_and_read_after_a_reload(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: RunningEmulator,
    hass_storage: dict[str, Any],
    freezer: FrozenDateTimeFactory,
) -> None:
    key = _storage_key(init_integration)
    emulator.inject_sms("1.01", "+15550001111", "kept")
    await take_inbox(hass)
    # A burst of messages costs one write, SAVE_DELAY seconds later.
    assert key not in hass_storage
    freezer.tick(timedelta(seconds=SAVE_DELAY + 1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    stored = hass_storage[key]["data"]["messages"]
    assert [message["text"] for message in stored] == ["kept"]

    # What came since the last write is written when the entry unloads.
    emulator.inject_sms("1.01", "+15550001111", "at unload")
    await take_inbox(hass)
    assert await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done()
    stored = hass_storage[key]["data"]["messages"]
    assert [message["text"] for message in stored] == ["kept", "at unload"]
    assert [message["text"] for message in await history(hass)] == [
        "at unload",
        "kept",
    ]
    # Ids are counted per run, after the run's own ULID: never one of before.
    emulator.inject_sms("1.01", "+15550001111", "after the reload")
    await take_inbox(hass)
    assert len({message["id"] for message in await history(hass)}) == 3


@pytest.mark.parametrize("options", [{CONF_PUSH: False, CONF_HISTORY_SIZE: 2}])
async def test_history_keeps_the_last_n_messages(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    emulator: RunningEmulator,
    hass_storage: dict[str, Any],
) -> None:
    hass_storage[_storage_key(mock_config_entry)] = {
        "version": 1,
        "key": _storage_key(mock_config_entry),
        "data": {
            "messages": [
                {
                    "id": str(number),
                    "kind": "sms_received",
                    "at": "2026-05-04T08:00:00+00:00",
                    "slot": "1.01",
                    "sender": "+15550001111",
                    "recipient": None,
                    "text": f"stored {number}",
                }
                for number in range(5)
            ]
        },
    }
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert [message["text"] for message in await history(hass)] == [
        "stored 4",
        "stored 3",
    ]
    emulator.inject_sms("1.01", "+15550001111", "new")
    await take_inbox(hass)
    assert [message["text"] for message in await history(hass)] == [
        "new",
        "stored 4",
    ]
    assert await hass.config_entries.async_unload(mock_config_entry.entry_id)
    stored = hass_storage[_storage_key(mock_config_entry)]["data"]["messages"]
    assert [message["text"] for message in stored] == ["stored 4", "new"]


@pytest.mark.parametrize("options", [{CONF_PUSH: False, CONF_HISTORY_SIZE: 0}])
async def test_history_size_zero_keeps_nothing_and_deletes_what_was_kept(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    emulator: RunningEmulator,
    hass_storage: dict[str, Any],
) -> None:
    key = _storage_key(mock_config_entry)
    hass_storage[key] = {"version": 1, "key": key, "data": {"messages": []}}
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert key not in hass_storage
    emulator.inject_sms("1.01", "+15550001111", "not kept")
    await take_inbox(hass)
    assert await history(hass) == []
    await _call(hass, "clear_history")
    assert await hass.config_entries.async_unload(mock_config_entry.entry_id)
    assert key not in hass_storage


async def test_clear_history_is_for_administrators(  # noqa: PLR0917
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: RunningEmulator,
    hass_admin_user: MockUser,
    hass_read_only_user: MockUser,
    hass_storage: dict[str, Any],
) -> None:
    emulator.inject_sms("1.01", "+15550001111", "secret")
    await take_inbox(hass)
    with pytest.raises(Unauthorized):
        await _call(
            hass, "clear_history", context=Context(user_id=hass_read_only_user.id)
        )
    assert len(await history(hass)) == 1

    await _call(hass, "clear_history", context=Context(user_id=hass_admin_user.id))
    assert await history(hass) == []
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    assert hass_storage[_storage_key(init_integration)]["data"] == {"messages": []}


async def test_removing_the_entry_deletes_its_history(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: RunningEmulator,
    hass_storage: dict[str, Any],
) -> None:
    emulator.inject_sms("1.01", "+15550001111", "bye")
    await take_inbox(hass)
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    assert _storage_key(init_integration) in hass_storage
    await hass.config_entries.async_remove(init_integration.entry_id)
    await hass.async_block_till_done()
    assert _storage_key(init_integration) not in hass_storage


async def test_diagnostics_show_no_message_text(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    emulator.inject_sms("1.01", "+15550001111", "a private text")
    await take_inbox(hass)
    assert len(await history(hass)) == 1
    diagnostics = await async_get_config_entry_diagnostics(hass, init_integration)
    assert "a private text" not in str(diagnostics)
    assert "+15550001111" not in str(diagnostics)


# ---------------------------------------------------------- send outcomes


@pytest.fixture
async def pushing_entry(
    hass: HomeAssistant,
    hass_client_no_auth: Callable[[], Awaitable[TestClient[Any, Any]]],
    mock_config_entry: MockConfigEntry,
    emulator: RunningEmulator,
) -> AsyncIterator[MockConfigEntry]:
    """The gateway with push on, to a test server: the emulator reports there."""
    assert await async_setup_component(hass, "webhook", {})
    client = await hass_client_no_auth()
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=mock_config_entry.title,
        unique_id=mock_config_entry.unique_id,
        data=dict(mock_config_entry.data),
        options={
            CONF_PUSH: True,
            CONF_WEBHOOK_BASE_URL: str(client.make_url("/")).rstrip("/"),
        },
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    yield entry
    # The emulator's pushes end before the test server stops.
    await emulator.settle()


async def test_send_outcomes_are_kept(
    hass: HomeAssistant, pushing_entry: MockConfigEntry
) -> None:
    assert pushing_entry.state is ConfigEntryState.LOADED
    response = await _call(
        hass,
        "send_sms",
        {"to": ["+15550004444"], "message": "outgoing", "ports": "1", "wait": True},
        response=True,
    )
    result = response["results"][0]
    await hass.async_block_till_done()
    messages = await history(hass, kind="sms_sent")
    assert len(messages) == 1
    sent = messages[0]
    assert sent["number"] == "+15550004444"
    assert sent["success"] is result["success"]
    assert sent["tid"] == result["tid"]
    assert sent["slot"] == result["slot"]
    assert sent["at"]
    assert "reason" in sent


async def test_mms_are_not_kept(
    hass: HomeAssistant, pushing_entry: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """The history holds SMS, reports and send outcomes; MMS have their event."""
    received = async_capture_events(hass, "ejoin_mms_received")
    webhook = pushing_entry.options[CONF_WEBHOOK_BASE_URL] + (
        f"/api/webhook/{pushing_entry.data[CONF_WEBHOOK_ID]}"
    )
    emulator.configure(mms_url=webhook)
    emulator.inject_mms(sender="+15550005555", subject="Photo", text="Look")
    await emulator.wait_for(lambda: bool(received))
    await hass.async_block_till_done()
    assert await history(hass) == []
