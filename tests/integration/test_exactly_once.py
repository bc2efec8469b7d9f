"""The windows of issue 11 in which a message could be lost or doubled, closed.

Each test drives the real integration against the emulator over loopback and
asserts only what a user sees: events on the bus, HTTP answers to the gateway,
flows, entity states and log lines. The crash cases (SIGKILL of a real Home
Assistant) are in ``tests/e2e/test_exactly_once.py``.
"""

from __future__ import annotations

import base64
from datetime import timedelta
import json
import logging
from typing import TYPE_CHECKING, Any, cast

from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.ejoin.const import (
    CONF_INBOX_POLLING,
    CONF_PUSH,
    CONF_WEBHOOK_BASE_URL,
    CONF_WEBHOOK_ID,
    DOMAIN,
    EVENT_DELIVERY_REPORT,
    EVENT_MMS_RECEIVED,
    EVENT_SMS_RECEIVED,
    EVENT_SMS_SENT,
)
from custom_components.ejoin.journal import Journal
from emulator.mms import MmsFile, build_mms

from .conftest import entry_state, on_api, state_of
from .messaging_helpers import (  # noqa: F401 - fixtures
    base_url,
    capture,
    push_options_fixture,
    settle_pushes_fixture,
    webhook_client_fixture,
    webhook_path,
)

if TYPE_CHECKING:
    from aiohttp.test_utils import TestClient
    from freezegun.api import FrozenDateTimeFactory
    from homeassistant.core import HomeAssistant
    from pytest_homeassistant_custom_component.common import MockConfigEntry

    from emulator import RunningEmulator

STATUS = "sensor.ejoin_b575_port_1_slot_01_status"
JSON = "application/json;charset=utf-8"
#: Push on, inbox polling off: a push is the only way a message comes in.
PUSH_ONLY = {CONF_INBOX_POLLING: False}


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _recv_sms(*texts: str, stamp: int = 1_796_000_000) -> dict[str, Any]:
    rows = [[0, "1.01", stamp, "+4917600000", "+155500101", _b64(t)] for t in texts]
    return {"type": "recv-sms", "sms_num": len(rows), "sms": rows}


def _status_report(tid: int) -> dict[str, Any]:
    """A status report of one recipient of task ``tid`` (doc 4.2 shape)."""
    return {
        "type": "status-report",
        "rpt_num": 1,
        "rpts": [
            {
                "tid": tid,
                "sending": 0,
                "sent": 1,
                "failed": 0,
                "unsent": 0,
                "sdr": [[0, "+4917612345", 1_796_000_000, "1.01", 1]],
            }
        ],
    }


async def _post(
    client: TestClient[Any, Any],
    entry: MockConfigEntry,
    body: bytes | dict[str, Any],
    *,
    content_type: str = JSON,
    headers: dict[str, str] | None = None,
) -> int:
    data = json.dumps(body).encode() if isinstance(body, dict) else body
    response = await client.post(
        webhook_path(entry),
        data=data,
        headers={"Content-Type": content_type, **(headers or {})},
    )
    return response.status


async def _setup(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry_state(entry) is ConfigEntryState.LOADED


# ------------------------------------------- window 2: a push during a reload


@pytest.mark.parametrize("options", [PUSH_ONLY], indirect=True)
async def test_sms_pushed_while_the_entry_is_unloaded_fires_once_loaded(
    hass: HomeAssistant,
    emulator: RunningEmulator,
    webhook_client: TestClient[Any, Any],
    mock_config_entry: MockConfigEntry,
) -> None:
    """Unloaded (as during a reload), with polling off: the pushed SMS is kept.

    Home Assistant answers 200 to a push for a webhook nobody registered; the
    gateway then counts the SMS delivered, and it would be gone for good.
    """
    await _setup(hass, mock_config_entry)
    events = capture(hass, EVENT_SMS_RECEIVED)
    assert await hass.config_entries.async_unload(mock_config_entry.entry_id)
    await hass.async_block_till_done()

    emulator.inject_sms("1.01", "+4917600001", "pushed during the reload")
    await emulator.settle()
    (push,) = emulator.pushes("recv-sms")
    assert push.status == 200
    assert events == []

    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert [event.data["text"] for event in events] == ["pushed during the reload"]
    # Once: a reload later, nothing fires again.
    assert await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert len(events) == 1


@pytest.mark.parametrize("options", [PUSH_ONLY], indirect=True)
async def test_reports_and_mms_pushed_while_unloaded_fire_once_loaded(
    hass: HomeAssistant,
    emulator: RunningEmulator,
    webhook_client: TestClient[Any, Any],
    mock_config_entry: MockConfigEntry,
) -> None:
    """Send outcomes and MMS, which no inbox keeps, wait too."""
    await _setup(hass, mock_config_entry)
    sent = capture(hass, EVENT_SMS_SENT)
    mms = capture(hass, EVENT_MMS_RECEIVED)
    assert await hass.config_entries.async_unload(mock_config_entry.entry_id)
    await hass.async_block_till_done()

    assert await _post(webhook_client, mock_config_entry, _status_report(77)) == 200
    message = build_mms(
        subject="Hi",
        sender="+4917600002",
        recipient="+155500101",
        text="picture",
        parts=[MmsFile(filename="a.jpg", content_type="image/jpeg", data=b"\xff")],
        timestamp=1_796_000_000,
        boundary_serial=1,
    )
    status = await _post(
        webhook_client,
        mock_config_entry,
        message.body,
        content_type=message.content_type,
        headers={k: v for k, v in message.headers.items() if k != "Content-Type"},
    )
    assert status == 200
    assert (sent, mms) == ([], [])

    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert [event.data["tid"] for event in sent] == [77]
    assert [event.data["subject"] for event in mms] == ["Hi"]


@pytest.mark.parametrize("options", [PUSH_ONLY], indirect=True)
async def test_sms_pushed_while_setup_waits_for_the_gateway_fires_once_loaded(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    emulator: RunningEmulator,
    webhook_client: TestClient[Any, Any],
    mock_config_entry: MockConfigEntry,
) -> None:
    """Not ready (the gateway did not answer at set-up): pushes wait until it is."""
    await _setup(hass, mock_config_entry)
    events = capture(hass, EVENT_SMS_RECEIVED)
    emulator.go_offline()
    await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert entry_state(mock_config_entry) is ConfigEntryState.SETUP_RETRY

    body = _recv_sms("pushed while not ready")
    assert await _post(webhook_client, mock_config_entry, body) == 200
    emulator.go_online()
    freezer.tick(timedelta(minutes=2))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry_state(mock_config_entry) is ConfigEntryState.LOADED
    assert [event.data["text"] for event in events] == ["pushed while not ready"]


async def test_push_for_a_deleted_entry_is_refused(
    hass: HomeAssistant,
    emulator: RunningEmulator,
    webhook_client: TestClient[Any, Any],
    mock_config_entry: MockConfigEntry,
) -> None:
    """A deleted entry's webhook answers an error: the gateway knows it failed."""
    await _setup(hass, mock_config_entry)
    path = webhook_path(mock_config_entry)
    assert await hass.config_entries.async_remove(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    response = await webhook_client.post(
        path, data=json.dumps(_recv_sms("too late")), headers={"Content-Type": JSON}
    )
    assert response.status >= 400


# ------------------------------------------------- window 5: get_inbox delete


# Deleting from the inbox is API v2.1's (v3 has no delete: test_v3_actions.py).
@pytest.mark.parametrize("gateway_api", ["v2"])
@pytest.mark.parametrize("options", [{CONF_PUSH: False, CONF_INBOX_POLLING: False}])
async def test_get_inbox_delete_through_a_dropped_connection_loses_nothing(
    hass: HomeAssistant, emulator: RunningEmulator, mock_config_entry: MockConfigEntry
) -> None:
    """The connection drops after the gateway answered: nothing is deleted unseen.

    aiohttp sends an idempotent request (a GET) once more after a dropped
    connection. A GET that deletes would have deleted the messages the first
    time and returned nothing the second.
    """
    await _setup(hass, mock_config_entry)
    events = capture(hass, EVENT_SMS_RECEIVED)
    texts = [f"inbox message {number}" for number in range(3)]
    for text in texts:
        emulator.inject_sms("1.01", "+4917600003", text)
    emulator.set_fault("drop", count=1)
    response = await hass.services.async_call(
        DOMAIN, "get_inbox", {"delete": True}, blocking=True, return_response=True
    )
    assert response is not None
    messages = cast("list[dict[str, Any]]", response["messages"])
    returned = [message["text"] for message in messages]
    fired = [event.data["text"] for event in events]
    for text in texts:
        assert text in returned or text in fired, (text, returned, fired)
    # They were deleted only after they were shown.
    assert len(emulator.gateway.inbox) == 0


# ------------------------------------------- window 6: pushes we cannot read


async def test_mms_for_another_gateway_is_refused(
    hass: HomeAssistant,
    emulator: RunningEmulator,
    webhook_client: TestClient[Any, Any],
    init_integration: MockConfigEntry,
) -> None:
    """An MMS naming another gateway's MAC is not this gateway's: 400, no event."""
    events = capture(hass, EVENT_MMS_RECEIVED)
    message = build_mms(
        subject="Not ours",
        sender="+4917600004",
        recipient="+155500101",
        text="",
        parts=[],
        timestamp=1_796_000_000,
        boundary_serial=1,
        extra_headers={"Emms-Mac": "02:00:00:00:00:01"},
    )
    status = await _post(
        webhook_client,
        init_integration,
        message.body,
        content_type=message.content_type,
        headers={k: v for k, v in message.headers.items() if k != "Content-Type"},
    )
    assert status == 400
    await hass.async_block_till_done()
    assert events == []


async def test_sms_push_without_a_readable_row_is_refused_and_said_once(
    hass: HomeAssistant,
    caplog: pytest.LogCaptureFixture,
    webhook_client: TestClient[Any, Any],
    init_integration: MockConfigEntry,
) -> None:
    """A push of rows the integration cannot read is not acknowledged.

    The log says which shape it was, once; the same shape again is quiet.
    """
    events = capture(hass, EVENT_SMS_RECEIVED)
    objects = {
        "type": "recv-sms",
        "sms_num": 1,
        "sms": [{"port": 1, "slot": 1, "ts": 1, "sender": "+1", "text": "x"}],
    }
    five_fields = {"type": "recv-sms", "sms_num": 1, "sms": [[0, "1.01", 1, "a", "b"]]}
    for body in (objects, five_fields, objects):
        assert await _post(webhook_client, init_integration, body) == 400
    await hass.async_block_till_done()
    assert events == []
    warnings = [
        record.getMessage()
        for record in caplog.get_records("call")
        if record.name.startswith("custom_components.ejoin")
        and record.levelno >= logging.WARNING
    ]
    assert len(warnings) == 1, warnings
    assert "an object with keys" in warnings[0]


async def test_sms_push_with_some_unreadable_rows_takes_the_rest_and_refuses(
    hass: HomeAssistant,
    webhook_client: TestClient[Any, Any],
    init_integration: MockConfigEntry,
) -> None:
    """The readable rows fire; the push is not acknowledged as wholly taken."""
    events = capture(hass, EVENT_SMS_RECEIVED)
    body = _recv_sms("readable")
    body["sms"].append([0, "1.01"])
    assert await _post(webhook_client, init_integration, body) == 400
    await hass.async_block_till_done()
    assert [event.data["text"] for event in events] == ["readable"]


async def test_delivery_reports_fire_once_when_pushed_twice(
    hass: HomeAssistant,
    webhook_client: TestClient[Any, Any],
    init_integration: MockConfigEntry,
) -> None:
    """A report pushed again (its first answer lost) is the same report."""
    events = capture(hass, EVENT_DELIVERY_REPORT)
    body = {
        "type": "recv-sms",
        "sms_num": 1,
        "sms": [[1, "1.01", 1_796_000_000, "+4917", "+155", "0 26/12/05 10:00:00"]],
    }
    for _ in range(2):
        assert await _post(webhook_client, init_integration, body) == 200
    await hass.async_block_till_done()
    assert len(events) == 1


# ------------------------------------------ window 7: pushes hide a broken poll


async def _status_pushes(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    push: Any,
    *,
    seconds: int,
) -> None:
    """Let ``seconds`` pass in steps of 30 s, with a status push every minute."""
    for step in range(seconds // 30):
        freezer.tick(timedelta(seconds=30))
        if step % 2:
            await push()
        async_fire_time_changed(hass)
        await hass.async_block_till_done(wait_background_tasks=True)


async def test_changed_password_raises_reauth_while_pushes_flow(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    emulator: RunningEmulator,
    webhook_client: TestClient[Any, Any],
    init_integration: MockConfigEntry,
) -> None:
    """The gateway pushes its status every minute; its password changed: reauth.

    A pushed status must not postpone the poll that checks the credentials.
    """
    emulator.gateway.password = "changed-on-the-gateway"
    signal = iter(range(5, 31))

    async def push() -> None:
        # The signal moves, as it does: each push carries news.
        emulator.set_slot("1.01", sig=next(signal))
        emulator.push_status()
        await emulator.settle()

    await _status_pushes(hass, freezer, push, seconds=180)
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]


async def test_pushes_do_not_keep_an_unreachable_gateway_available(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    emulator: RunningEmulator,
    webhook_client: TestClient[Any, Any],
    init_integration: MockConfigEntry,
) -> None:
    """Anyone on the network may post to the webhook: polls decide availability."""
    status = emulator.gateway.status.dev_status(pushed=True, all_slots=True)
    emulator.go_offline()

    async def push() -> None:
        assert await _post(webhook_client, init_integration, status) == 200

    await _status_pushes(hass, freezer, push, seconds=180)
    assert state_of(hass, STATUS).state == STATE_UNAVAILABLE


# ------------------------------------------- window 8: the webhook id in logs


async def test_webhook_id_is_never_logged_above_debug(
    hass: HomeAssistant,
    caplog: pytest.LogCaptureFixture,
    emulator: RunningEmulator,
    webhook_client: TestClient[Any, Any],
    mock_config_entry: MockConfigEntry,
) -> None:
    """A refused push target is worth a warning; its URL shows without the secret."""
    # The gateway answers the status but fails to read or set its SMS push URL.
    path = on_api(emulator, "goip_send_cmd.html", "get_sms_config")
    emulator.set_fault("http500", count=2, path=path)
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_config_entry,
        options={CONF_PUSH: True, CONF_WEBHOOK_BASE_URL: base_url(webhook_client)},
    )
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    webhook_id = mock_config_entry.data[CONF_WEBHOOK_ID]
    loud = [
        record.getMessage()
        for record in caplog.get_records("call")
        if record.name.startswith("custom_components.ejoin")
        and record.levelno > logging.DEBUG
    ]
    assert any("push target" in line for line in loud), loud
    assert not [line for line in loud if webhook_id in line]
    assert any("/api/webhook/" in line for line in loud)


# ------------------------------------------- window 4: what a crash replays


@pytest.mark.parametrize("options", [PUSH_ONLY], indirect=True)
async def test_fired_events_are_recorded_under_steady_traffic(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    webhook_client: TestClient[Any, Any],
    mock_config_entry: MockConfigEntry,
) -> None:
    """One SMS every few seconds: what fired is on disk within two seconds.

    Read back from the disk as a restart after a crash would (nothing
    unloaded), the journal holds every message and nothing left to fire but
    what fired in the last two seconds.
    """
    await _setup(hass, mock_config_entry)
    events = capture(hass, EVENT_SMS_RECEIVED)
    for number in range(20):
        body = _recv_sms(f"steady {number}", stamp=1_796_000_000 + number)
        assert await _post(webhook_client, mock_config_entry, body) == 200
        freezer.tick(timedelta(seconds=3))
        async_fire_time_changed(hass, dt_util.utcnow())
        await hass.async_block_till_done()
    assert len(events) == 20
    body = _recv_sms("the last one", stamp=1_796_000_100)
    assert await _post(webhook_client, mock_config_entry, body) == 200

    on_disk = await Journal(hass, mock_config_entry.entry_id).async_load()
    unfired = [data["text"] for _type, data in on_disk.pending.values()]
    assert unfired == ["the last one"]


async def test_a_broken_character_does_not_make_a_push_unreadable(
    hass: HomeAssistant,
    webhook_client: TestClient[Any, Any],
    init_integration: MockConfigEntry,
) -> None:
    """Half an emoji (a lone JSON surrogate escape) becomes U+FFFD, the SMS fires."""
    events = capture(hass, EVENT_SMS_RECEIVED)
    body = (
        b'{"type": "recv-sms", "sms_num": 1, "sms": [[0, "1.01", 1796000000,'
        b' "+4917", "+155", "half \\ud83d"]]}'
    )
    assert await _post(webhook_client, init_integration, body) == 200
    await hass.async_block_till_done()
    assert [event.data["text"] for event in events] == ["half \ufffd"]


async def test_status_push_without_a_readable_report_is_refused(
    hass: HomeAssistant,
    webhook_client: TestClient[Any, Any],
    init_integration: MockConfigEntry,
) -> None:
    """Reports the integration cannot read are not acknowledged either."""
    sent = capture(hass, EVENT_SMS_SENT)
    body = {"type": "status-report", "rpt_num": 1, "rpts": ["not a report"]}
    assert await _post(webhook_client, init_integration, body) == 400
    mixed = _status_report(78)
    mixed["rpts"].append("not a report")
    assert await _post(webhook_client, init_integration, mixed) == 400
    await hass.async_block_till_done()
    assert [event.data["tid"] for event in sent] == [78]
