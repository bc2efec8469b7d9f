"""Faults of the gateway, played by the emulator: the entry always heals by itself.

Every outage is reported by one log line (not one per poll) and its end by one
more; entities turn unavailable and come back without intervention; no message is
lost or fired twice, also when the gateway reboots in the middle of a send.
"""

from __future__ import annotations

from datetime import timedelta
import logging
from typing import TYPE_CHECKING, Any
from unittest.mock import patch

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.ejoin.const import (
    CONF_PUSH,
    CONF_WEBHOOK_BASE_URL,
    DOMAIN,
    EVENT_SMS_RECEIVED,
)

from .conftest import entry_state, on_api, poll, state_of
from .messaging_helpers import (  # noqa: F401 - fixtures
    base_url,
    capture,
    settle_pushes_fixture,
    webhook_client_fixture,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from aiohttp.test_utils import TestClient
    from freezegun.api import FrozenDateTimeFactory
    from homeassistant.core import Event, HomeAssistant
    from pytest_homeassistant_custom_component.common import MockConfigEntry

    from emulator import RunningEmulator

#: The client's timeout in these tests: "slow" and "hang" outlast it.
TIMEOUT = 0.3
#: Seconds a rebooting gateway stays away (real time: polls take milliseconds).
DOWNTIME = 1.0
STATUS = "sensor.ejoin_b575_port_1_slot_01_status"
WATCHED = (
    STATUS,
    "sensor.ejoin_b575_port_1_slot_01_balance",
    "binary_sensor.ejoin_b575_port_1_slot_01_active",
    "switch.ejoin_b575_port_1_enabled",
    "select.ejoin_b575_port_1_active_slot",
    "button.ejoin_b575_port_1_reset",
)

#: Every way the gateway can fail, as emulator calls.
FAULTS: dict[str, Callable[[RunningEmulator], None]] = {
    "refused": lambda emu: emu.go_offline(),
    "hang": lambda emu: emu.go_offline(mode="hang"),
    "slow": lambda emu: emu.set_fault("slow", delay=30),
    "http500": lambda emu: emu.set_fault("http500"),
    "garbage": lambda emu: emu.set_fault("garbage"),
    "truncated": lambda emu: emu.set_fault("truncated"),
    "html": lambda emu: emu.set_fault("html"),
}


@pytest.fixture(autouse=True)
def short_timeout() -> Iterator[None]:
    """Let requests time out after :data:`TIMEOUT` seconds instead of ten."""
    with patch("custom_components.ejoin.REQUEST_TIMEOUT", TIMEOUT):
        yield


async def advance(hass: HomeAssistant, seconds: float = 91) -> None:
    """Fire the timers due within ``seconds`` (the next poll) and let them finish.

    Unlike ``freezer``, this leaves the event loop's clock running: the client's
    timeout and the emulator's own timers (registration after a reboot, sending)
    need it.
    """
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=seconds))
    await hass.async_block_till_done(wait_background_tasks=True)


def _repair(emulator: RunningEmulator) -> None:
    emulator.go_online()
    emulator.set_fault("none")


def _problems(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Return the warnings and errors of the integration during the test."""
    return [
        record.getMessage()
        for record in caplog.get_records("call")
        if record.name.startswith("custom_components.ejoin")
        and record.levelno >= logging.WARNING
    ]


def _recoveries(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.get_records("call")
        if record.name.startswith("custom_components.ejoin")
        and record.levelno == logging.INFO
        and "recovered" in record.getMessage()
    ]


def _texts(events: list[Event[dict[str, Any]]]) -> list[str]:
    return [event.data["text"] for event in events]


def _registry_sizes(hass: HomeAssistant, entry: MockConfigEntry) -> tuple[int, int]:
    devices = dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
    entities = er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
    return len(devices), len(entities)


async def _wait_until_registered(emulator: RunningEmulator, port: int) -> None:
    """Wait until the gateway is back and the SIM of ``port`` is on the network."""
    gateway = emulator.gateway
    await emulator.wait_for(
        lambda: (
            gateway.offline_mode is None
            and gateway.usable(
                gateway.slot_state(port, gateway.port_state(port).active_slot)
            )
        )
    )


def _own_number(emulator: RunningEmulator, port: int) -> str:
    """Return the number of the active SIM of ``port`` (SMS to it loop back)."""
    return f"+1555{port:03d}{emulator.gateway.port_state(port).active_slot:02d}"


# --------------------------------------------------------------- at setup


async def test_offline_at_setup_then_recovers_by_itself(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    emulator: RunningEmulator,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Unreachable at start: setup is retried (ConfigEntryNotReady) until it works."""
    emulator.go_offline()
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert entry_state(mock_config_entry) is ConfigEntryState.SETUP_RETRY
    assert mock_config_entry.reason is not None
    assert "127.0.0.1" in mock_config_entry.reason
    # Each retry starts with the secure-session handshake.
    requests = emulator.gateway.request_counts.total()

    # Several retries while it stays away, with the back-off Home Assistant uses.
    for _ in range(3):
        freezer.tick(timedelta(minutes=2))
        async_fire_time_changed(hass)
        await hass.async_block_till_done(wait_background_tasks=True)
        assert entry_state(mock_config_entry) is ConfigEntryState.SETUP_RETRY
    assert emulator.gateway.request_counts.total() > requests
    assert _problems(caplog) == []

    emulator.go_online()
    freezer.tick(timedelta(minutes=2))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry_state(mock_config_entry) is ConfigEntryState.LOADED
    assert state_of(hass, STATUS).state == "registered"
    assert _problems(caplog) == []


@pytest.mark.parametrize("fault", ["http500", "garbage", "truncated", "html"])
async def test_broken_answers_at_setup_retry(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    emulator: RunningEmulator,
    mock_config_entry: MockConfigEntry,
    fault: str,
) -> None:
    """An answer that is no status is not a gateway without ports: retry later."""
    FAULTS[fault](emulator)
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert entry_state(mock_config_entry) is ConfigEntryState.SETUP_RETRY
    _repair(emulator)
    freezer.tick(timedelta(minutes=2))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry_state(mock_config_entry) is ConfigEntryState.LOADED
    devices, _ = _registry_sizes(hass, mock_config_entry)
    assert devices == 1 + emulator.gateway.max_ports


# ------------------------------------------------------------ while running


@pytest.mark.parametrize("fault", list(FAULTS))
async def test_outage_is_logged_once_and_heals(
    hass: HomeAssistant,
    caplog: pytest.LogCaptureFixture,
    emulator: RunningEmulator,
    init_integration: MockConfigEntry,
    fault: str,
) -> None:
    """Several failed polls: one error, entities unavailable, then back by themselves.

    Messages that arrive meanwhile are read once the gateway answers again; none
    is lost, none fires twice; no device or entity is lost to a broken answer.
    """
    received = capture(hass, EVENT_SMS_RECEIVED)
    sizes = _registry_sizes(hass, init_integration)
    emulator.inject_sms("1.01", "+15550009999", "before")
    await advance(hass)
    assert _texts(received) == ["before"]

    FAULTS[fault](emulator)
    emulator.inject_sms("1.01", "+15550009999", "during")
    for _ in range(4):
        await advance(hass)
        for entity_id in WATCHED:
            assert state_of(hass, entity_id).state == STATE_UNAVAILABLE, entity_id
    problems = _problems(caplog)
    assert len(problems) == 1, problems
    assert problems[0].startswith("Error fetching")
    assert _recoveries(caplog) == []
    assert _registry_sizes(hass, init_integration) == sizes

    _repair(emulator)
    await advance(hass)
    for entity_id in WATCHED:
        assert state_of(hass, entity_id).state != STATE_UNAVAILABLE, entity_id
    assert state_of(hass, STATUS).state == "registered"
    assert len(_recoveries(caplog)) == 1
    for _ in range(2):
        await advance(hass)
    assert _texts(received) == ["before", "during"]
    assert len(_problems(caplog)) == 1
    assert len(_recoveries(caplog)) == 1
    assert _registry_sizes(hass, init_integration) == sizes


async def test_outage_with_push_on_is_logged_once(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    emulator: RunningEmulator,
    *,
    mock_config_entry: MockConfigEntry,
    webhook_client: TestClient[Any, Any],
) -> None:
    """Push on: the push watchdog's attempts during the outage add no line."""
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_config_entry,
        options={CONF_PUSH: True, CONF_WEBHOOK_BASE_URL: base_url(webhook_client)},
    )
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    await emulator.settle()
    push_target = mock_config_entry.runtime_data.push_target
    assert push_target.active

    emulator.go_offline()
    # Twenty minutes away: many polls and several watchdog runs.
    for _ in range(14):
        await poll(hass, freezer)
    assert state_of(hass, STATUS).state == STATE_UNAVAILABLE
    problems = _problems(caplog)
    assert len(problems) == 1, problems
    assert problems[0].startswith("Error fetching")
    assert not push_target.active

    emulator.go_online()
    for _ in range(3):
        await poll(hass, freezer)
    await emulator.settle()
    await hass.async_block_till_done()
    assert state_of(hass, STATUS).state == "registered"
    assert len(_problems(caplog)) == 1
    assert len(_recoveries(caplog)) == 1
    assert push_target.active
    assert emulator.gateway.status_registration is not None


async def test_refused_push_registration_is_logged_once(
    hass: HomeAssistant,
    caplog: pytest.LogCaptureFixture,
    emulator: RunningEmulator,
    webhook_client: TestClient[Any, Any],
    mock_config_entry: MockConfigEntry,
) -> None:
    """A reachable gateway that refuses the push target: one warning, then one
    line when it takes it again; the watchdog keeps trying in between.
    """
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_config_entry,
        options={CONF_PUSH: True, CONF_WEBHOOK_BASE_URL: base_url(webhook_client)},
    )
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    push_target = mock_config_entry.runtime_data.push_target
    assert push_target.active
    emulator.gateway.get_status(period=0)  # the gateway forgot us

    for _ in range(3):
        emulator.set_fault("http500", count=1)
        push_target._last_status_push = None
        push_target._registered_at = None
        await push_target._async_watchdog(dt_util.utcnow())
        assert not push_target.active
    problems = _problems(caplog)
    assert len(problems) == 1, problems
    assert "push target" in problems[0]

    await push_target._async_watchdog(dt_util.utcnow())
    assert push_target.active
    assert emulator.gateway.status_registration is not None
    again = [
        record.getMessage()
        for record in caplog.get_records("call")
        if record.levelno == logging.INFO and "again" in record.getMessage()
    ]
    assert len(again) == 1
    await push_target._async_watchdog(dt_util.utcnow())
    assert len(_problems(caplog)) == 1


async def test_gateway_reboot_while_polling(
    hass: HomeAssistant,
    caplog: pytest.LogCaptureFixture,
    emulator: RunningEmulator,
    init_integration: MockConfigEntry,
) -> None:
    """A reboot with downtime: one error, back afterwards, the inbox read once."""
    received = capture(hass, EVENT_SMS_RECEIVED)
    emulator.configure(reboot_keep_inbox=5)
    emulator.inject_sms("1.01", "+15550009999", "old")
    await advance(hass)
    assert _texts(received) == ["old"]
    ssrc = emulator.gateway.ssrc

    emulator.reboot(downtime=DOWNTIME)
    await advance(hass)
    await advance(hass)
    assert state_of(hass, STATUS).state == STATE_UNAVAILABLE
    await _wait_until_registered(emulator, 1)
    emulator.inject_sms("1.01", "+15550009999", "new")
    await advance(hass)
    await advance(hass)
    assert emulator.gateway.ssrc != ssrc
    assert state_of(hass, STATUS).state == "registered"
    # The kept message has a new id under the new ssrc: it does not fire again.
    assert _texts(received) == ["old", "new"]
    assert len(_problems(caplog)) == 1
    assert len(_recoveries(caplog)) == 1


# ---------------------------------------------------------- sending


async def _send(hass: HomeAssistant, to: str, text: str) -> dict[str, Any]:
    response = await hass.services.async_call(
        DOMAIN,
        "send_sms",
        {"to": to, "message": text, "ports": "1"},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    return dict(response)


async def _delivered(emulator: RunningEmulator, text: str) -> int:
    """Wait for the emulator to finish sending; return the inbox copies of ``text``."""
    gateway = emulator.gateway
    await emulator.wait_for(lambda: any(m.text == text for m in gateway.inbox))
    # Give a second copy (if one were under way) the time to arrive too.
    await emulator.wait_for(
        lambda: (
            not any(
                task.active
                for task in (gateway.task(tid) for tid in _tids(emulator))
                if task is not None
            )
        )
    )
    return sum(message.text == text for message in gateway.inbox)


def _send_path(emulator: RunningEmulator) -> str:
    """Return the endpoint that takes SMS tasks in the emulator's API."""
    return on_api(emulator, "goip_post_sms.html", "submit_sms_tasks")


def _send_requests(emulator: RunningEmulator) -> int:
    """Return how many send requests the gateway received, in either API."""
    counts = emulator.gateway.request_counts
    return counts["goip_post_sms.html"] + counts["submit_sms_tasks"]


def _tids(emulator: RunningEmulator) -> list[int]:
    return [task["tid"] for task in emulator.state()["tasks"]]


async def test_reboot_mid_send_sends_once(
    hass: HomeAssistant,
    emulator: RunningEmulator,
    init_integration: MockConfigEntry,
) -> None:
    """The gateway takes the task, reboots (losing it) and drops the connection.

    The client sends the same task id again: the rebooted gateway takes it as new,
    so the message goes out exactly once and arrives exactly once. The reboot
    also forgot the secure session: the second request is refused for it, and
    sent a third time after a new handshake.
    """
    received = capture(hass, EVENT_SMS_RECEIVED)
    to = _own_number(emulator, 2)
    emulator.set_fault("reboot", delay=0, count=1, path=_send_path(emulator))
    response = await _send(hass, to, "through the reboot")
    assert emulator.gateway.reboots == 1
    assert response["tasks"][0]["status_code"] == 0
    # v3 knows no session: only the dropped request is sent again.
    assert _send_requests(emulator) == on_api(emulator, 3, 2)
    assert await _delivered(emulator, "through the reboot") == 1

    for _ in range(3):
        await advance(hass)
    assert _texts(received) == ["through the reboot"]


async def test_lost_reply_sends_once(
    hass: HomeAssistant,
    emulator: RunningEmulator,
    init_integration: MockConfigEntry,
) -> None:
    """The task got through but the reply was lost: the retry is a duplicate (13)."""
    received = capture(hass, EVENT_SMS_RECEIVED)
    to = _own_number(emulator, 2)
    emulator.set_fault("drop", count=1, path=_send_path(emulator))
    response = await _send(hass, to, "reply lost")
    assert response["tasks"][0]["status_code"] == 0
    assert _send_requests(emulator) == 2
    assert await _delivered(emulator, "reply lost") == 1
    for _ in range(3):
        await advance(hass)
    assert _texts(received) == ["reply lost"]


async def test_reboot_with_downtime_mid_send_fails_loudly_then_heals(
    hass: HomeAssistant,
    caplog: pytest.LogCaptureFixture,
    emulator: RunningEmulator,
    init_integration: MockConfigEntry,
) -> None:
    """The gateway stays down after taking the task: the action fails (no silent
    loss, nothing sent), the entry heals, and the next send goes out once.
    """
    received = capture(hass, EVENT_SMS_RECEIVED)
    to = _own_number(emulator, 2)
    emulator.set_fault("reboot", delay=DOWNTIME, count=1)
    with pytest.raises(HomeAssistantError) as err:
        await _send(hass, to, "lost with the reboot")
    assert err.value.translation_key == "communication_error"
    await advance(hass)
    assert state_of(hass, STATUS).state == STATE_UNAVAILABLE

    await _wait_until_registered(emulator, 1)
    await advance(hass)
    assert state_of(hass, STATUS).state == "registered"
    response = await _send(hass, to, "after the reboot")
    assert response["tasks"][0]["status_code"] == 0
    assert await _delivered(emulator, "after the reboot") == 1
    for _ in range(3):
        await advance(hass)
    assert _texts(received) == ["after the reboot"]
    assert not any(m.text == "lost with the reboot" for m in emulator.gateway.inbox)
    problems = _problems(caplog)
    assert len(problems) == 1, problems
    assert problems[0].startswith("Lost the connection to")
    assert len(_recoveries(caplog)) == 1
