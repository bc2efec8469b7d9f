"""Tests of the webhook: reading, parsing and routing pushes, across reloads."""

from __future__ import annotations

import base64
import json
import logging
import os
import time
from typing import TYPE_CHECKING, Any, cast
from unittest.mock import patch

from homeassistant.components import webhook
from homeassistant.config_entries import ConfigEntryState
from homeassistant.exceptions import ConfigEntryNotReady
from homeassistant.helpers import device_registry as dr, issue_registry as ir
from homeassistant.util.aiohttp import MockRequest
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ejoin import spool as spool_module, webhook as webhook_module
from custom_components.ejoin.const import (
    CONF_PUSH,
    CONF_PUSH_SOURCE_CHECK,
    CONF_WEBHOOK_BASE_URL,
    CONF_WEBHOOK_ID,
    CONF_WEBHOOK_LOCAL_ONLY,
    DOMAIN,
    EVENT_DELIVERY_REPORT,
    EVENT_SMS_RECEIVED,
    EVENT_SMS_SENT,
    WEBHOOK_MAX_BODY,
)
from custom_components.ejoin.spool import PushSpool, SpooledPush

from .conftest import entry_state, on_api
from .messaging_helpers import (  # noqa: F401 - fixtures
    capture,
    poll_inbox,
    push_options_fixture,
    settle_pushes_fixture,
    wait_for,
    webhook_client_fixture,
    webhook_path,
    webhook_url,
)

if TYPE_CHECKING:
    from aiohttp.test_utils import TestClient
    from aiohttp.web import Request
    from homeassistant.core import HomeAssistant

    from emulator import RunningEmulator

BALANCE = "sensor.ejoin_b575_port_1_slot_01_balance"


def _balance(hass: HomeAssistant) -> float:
    state = hass.states.get(BALANCE)
    assert state is not None
    return float(state.state)


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


async def _post(
    client: TestClient[Any, Any],
    entry: MockConfigEntry,
    body: bytes | str | dict[str, Any],
    *,
    content_type: str = "application/json;charset=utf-8",
    params: dict[str, str] | None = None,
) -> int:
    data = json.dumps(body).encode() if isinstance(body, dict) else body
    response = await client.post(
        webhook_path(entry),
        data=data,
        headers={"Content-Type": content_type},
        params=params,
    )
    return response.status


# ----------------------------------------------------------------------- URLs


async def test_options_flow_shows_the_mms_url(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    webhook_client: TestClient[Any, Any],
) -> None:
    """The URL for the gateway's MMS settings page is in the options form."""
    result = await hass.config_entries.options.async_init(init_integration.entry_id)
    placeholders = result["description_placeholders"]
    assert placeholders is not None
    assert placeholders["mms_url"] == webhook_url(webhook_client, init_integration)
    assert webhook_module.webhook_push_url(hass, init_integration) == webhook_url(
        webhook_client, init_integration
    )
    # An entry never set up has no webhook yet.
    assert webhook_module.webhook_push_url(hass, MockConfigEntry(domain=DOMAIN)) is None


# ---------------------------------------------------------------- status pushes


async def test_port_status_push_updates_entities_at_once(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """A port-status push changes the entity without a poll."""
    emulator.set_slot("1.01", bal=42.5)
    await wait_for(emulator, lambda: _balance(hass) == 42.5)


async def test_dev_status_push_updates_entities_at_once(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """A dev-status push replaces the status."""
    await emulator.settle()
    emulator.gateway.slot_state(1, 1).balance = 7.25
    emulator.push_status()
    await wait_for(emulator, lambda: _balance(hass) == 7.25)


async def test_dev_status_of_another_gateway_is_refused(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    webhook_client: TestClient[Any, Any],
) -> None:
    """A push naming another MAC is not taken."""
    body = {
        "type": "dev-status",
        "mac": "00-11-22-33-44-55",
        "max-ports": 8,
        "status": [{"port": "1.01", "st": 3, "bal": "99.00"}],
    }
    assert await _post(webhook_client, init_integration, body) == 400
    assert _balance(hass) != 99


# ------------------------------------------------------------------ SMS pushes


async def test_recv_sms_push_fires_events(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """A received SMS and a delivery report, each with the contract's fields."""
    received = capture(hass, EVENT_SMS_RECEIVED)
    reports = capture(hass, EVENT_DELIVERY_REPORT)
    message = emulator.inject_sms("2.03", "+15550009999", "Hello 👋")
    emulator.inject_sms(
        "1.01",
        "+15550000000",
        "0 260101120000+04",
        recipient="+15550001111",
        delivery_report=True,
    )
    await wait_for(emulator, lambda: len(received) == 1 and len(reports) == 1)
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, init_integration.unique_id), init_integration.entry_id
    )
    assert device is not None
    ids = {
        "config_entry_id": init_integration.entry_id,
        "device_id": device.id,
        "mac": init_integration.unique_id,
    }
    # API v3 pushes name the SIM and the module (issue 13); v2.1 pushes do not.
    sim = {key: received[0].data[key] for key in ("iccid", "imsi", "imei")}
    if on_api(emulator, v2=True, v3=False):
        assert sim == dict.fromkeys(sim)
    else:
        assert all(str(value).isdigit() for value in sim.values()), sim
    assert received[0].data == ids | sim | {
        "slot": "2.03",
        "port": 2,
        "slot_index": 3,
        "sender": "+15550009999",
        "recipient": message.recipient,
        "text": "Hello 👋",
        "received_at": received[0].data["received_at"],
    }
    assert received[0].data["received_at"].endswith("+00:00")
    assert reports[0].data == ids | {
        "slot": "1.01",
        "recipient": "+15550001111",
        "delivered": True,
        "code": 0,
        "scts": "260101120000+04",
        "received_at": reports[0].data["received_at"],
    }


async def test_sms_to_http_push(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: RunningEmulator,
    webhook_client: TestClient[Any, Any],
) -> None:
    """The octet-stream push is an incoming SMS; a polled copy does not repeat."""
    received = capture(hass, EVENT_SMS_RECEIVED)
    emulator.gateway.configure(
        http_sms_url=webhook_url(webhook_client, init_integration)
    )
    emulator.gateway.get_params(["sms_url"])
    emulator.gateway.set_params([("sms_url", "")])  # only the octet-stream push
    emulator.inject_sms("3.01", "+15550004444", "via http")
    await wait_for(emulator, lambda: len(received) == 1)
    assert received[0].data["slot"] == "3.01"
    assert received[0].data["sender"] == "+15550004444"
    assert received[0].data["text"] == "via http"
    assert await poll_inbox(init_integration) == 0
    assert len(received) == 1


@pytest.mark.parametrize("options", [{CONF_PUSH: False}], indirect=True)
async def test_sms_to_http_push_during_a_reload(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    webhook_client: TestClient[Any, Any],
) -> None:
    """The spool keeps the query, which names the sender and the port."""
    received = capture(hass, EVENT_SMS_RECEIVED)
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    status = await _post(
        webhook_client,
        init_integration,
        b"Sender: +15550004444\n\nwhile away",
        content_type="application/octet-stream",
        params={"port": "3A", "sender": "+15550004444"},
    )
    assert status == 200
    await hass.config_entries.async_setup(init_integration.entry_id)
    await hass.async_block_till_done()
    assert [(e.data["slot"], e.data["sender"]) for e in received] == [
        ("3.01", "+15550004444")
    ]


async def test_sms_to_http_push_of_another_gateway(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    webhook_client: TestClient[Any, Any],
) -> None:
    """An SMS to HTTP push carrying another MAC is refused."""
    received = capture(hass, EVENT_SMS_RECEIVED)
    status = await _post(
        webhook_client,
        init_integration,
        b"Sender: +1555\n\nhello",
        content_type="application/octet-stream",
        params={"port": "1A", "sender": "+1555", "mac": "001122334455"},
    )
    assert status == 400
    status = await _post(
        webhook_client,
        init_integration,
        b"hello without mac",
        content_type="application/octet-stream",
        params={"port": "1A", "sender": "+1555"},
    )
    assert status == 200
    await hass.async_block_till_done()
    assert [event.data["text"] for event in received] == ["hello without mac"]


async def test_big_push_fires_every_message_quickly(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    webhook_client: TestClient[Any, Any],
) -> None:
    """A push of 1,000 messages fires 1,000 events within a second."""
    received = capture(hass, EVENT_SMS_RECEIVED)
    rows = [
        [
            0,
            f"{port}.0{slot}",
            1_790_000_000 + n,
            f"+1555{n:06d}",
            "+1555",
            _b64(f"m{n}"),
        ]
        for n in range(1000)
        for port, slot in [(n % 8 + 1, n % 4 + 1)]
    ]
    body = {"type": "recv-sms", "sms_num": len(rows), "sms": rows}
    started = time.perf_counter()
    assert await _post(webhook_client, init_integration, body) == 200
    await hass.async_block_till_done()
    elapsed = time.perf_counter() - started
    assert len(received) == 1000
    assert elapsed < 1.0
    # The same push again fires nothing.
    assert await _post(webhook_client, init_integration, body) == 200
    await hass.async_block_till_done()
    assert len(received) == 1000


# ---------------------------------------------------------------- send reports


async def test_status_report_fires_sms_sent(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: RunningEmulator,
) -> None:
    """Every recipient outcome fires ejoin_sms_sent."""
    sent = capture(hass, EVENT_SMS_SENT)
    response: Any = await hass.services.async_call(
        DOMAIN,
        "send_sms",
        {"to": "+15550001111,0009999", "message": "Hi", "ports": "1"},
        blocking=True,
        return_response=True,
    )
    tid = response["tasks"][0]["tid"]
    await wait_for(emulator, lambda: len(sent) == 2)
    by_number = {event.data["number"]: event.data for event in sent}
    ok = by_number["+15550001111"]
    assert ok["tid"] == tid
    assert ok["success"] is True
    assert ok["slot"] == f"1.0{emulator.gateway.port_state(1).active_slot}"
    assert ok["sent_at"].endswith("+00:00")
    assert ok["index"] in {0, 1, 2}
    assert ok["config_entry_id"] == init_integration.entry_id
    failed = by_number["0009999"]
    assert failed["success"] is False
    assert failed["reason"] == "6 Timeout"
    # v3 reports the carrier's cause as a bare number.
    assert failed["carrier_reason"] == on_api(
        emulator, "21 Short message transfer rejected", "21"
    )


async def test_status_report_pushed_twice_fires_once(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    webhook_client: TestClient[Any, Any],
) -> None:
    """A status report the gateway sends again is not a second outcome."""
    sent = capture(hass, EVENT_SMS_SENT)
    body = {
        "type": "status-report",
        "rpt_num": 1,
        "rpts": [
            {
                "tid": 77,
                "sending": 0,
                "sent": 1,
                "failed": 0,
                "unsent": 0,
                "sdr": [[0, "15550001111", "1.01", 1790000000]],
            }
        ],
    }
    for _ in range(2):
        assert await _post(webhook_client, init_integration, body) == 200
    await hass.async_block_till_done()
    assert [event.data["tid"] for event in sent] == [77]


# ------------------------------------------------------------------- bad input


async def test_numbers_no_gateway_sends_are_refused(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    webhook_client: TestClient[Any, Any],
) -> None:
    """A task id or port beyond 64 bits is not read (the journal could not keep
    it): nothing fires, nothing breaks, and the next push is taken as usual.
    """
    sent = capture(hass, EVENT_SMS_SENT)
    received = capture(hass, EVENT_SMS_RECEIVED)
    report = {
        "type": "status-report",
        "rpt_num": 1,
        "rpts": [{"tid": 2**70, "sdr": [[0, "15550001111", "1.01", 1790000000]]}],
    }
    assert await _post(webhook_client, init_integration, report) in (200, 400)
    sms = _sms_push("big port")
    sms["sms"][0][1] = 10**20
    assert await _post(webhook_client, init_integration, sms) == 400
    assert await _post(webhook_client, init_integration, _sms_push("fine")) == 200
    await hass.async_block_till_done()
    assert sent == []
    assert _texts(received) == ["fine"]


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"{not json", "application/json"),
        (b'{"type": "reboot-now"}', "application/json"),
        (b'{"type": "recv-sms", "sms": "x"}', "application/json"),
        (b'{"type": "port-status"}', "application/json"),
        (b"[1, 2, 3]", "application/json"),
        (b"", ""),
        (b"\xff\xfe garbage", "text/html"),
        (b"--x\r\nbroken", "multipart/related; boundary"),
    ],
)
async def test_malformed_pushes_get_400(
    init_integration: MockConfigEntry,
    webhook_client: TestClient[Any, Any],
    body: bytes,
    content_type: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Unknown or malformed bodies are answered 400 with a warning."""
    status = await _post(
        webhook_client, init_integration, body, content_type=content_type
    )
    assert status == 400
    assert "that cannot be read" in caplog.text


async def test_oversized_push_gets_413(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    webhook_client: TestClient[Any, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A body over the limit is not read; it is said once, and as a repair issue."""
    body = b"{" + b" " * WEBHOOK_MAX_BODY + b"}"
    assert await _post(webhook_client, init_integration, body) == 413
    assert await _post(webhook_client, init_integration, body) == 413
    warnings = [
        record
        for record in caplog.get_records("call")
        if record.levelno >= logging.WARNING and "bigger than" in record.getMessage()
    ]
    assert len(warnings) == 1
    issue = ir.async_get(hass).async_get_issue(
        DOMAIN, f"push_too_big_{init_integration.entry_id}"
    )
    assert issue is not None


async def test_oversized_chunked_push_gets_413(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    webhook_client: TestClient[Any, Any],
) -> None:
    """A body without Content-Length is cut off at the limit too."""

    async def chunks() -> Any:
        for _ in range(WEBHOOK_MAX_BODY // 65536 + 2):
            yield b" " * 65536

    response = await webhook_client.post(
        webhook_path(init_integration),
        data=chunks(),
        headers={"Content-Type": "application/json"},
    )
    assert response.status == 413


async def test_only_post_is_accepted(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    webhook_client: TestClient[Any, Any],
) -> None:
    """GET and PUT are refused by the webhook component."""
    response = await webhook_client.get(webhook_path(init_integration))
    assert response.status == 405
    response = await webhook_client.put(webhook_path(init_integration), data=b"{}")
    assert response.status == 405


@pytest.mark.parametrize(("local_only", "fired"), [(True, 0), (False, 1)])
async def test_local_only_webhook(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    webhook_client: TestClient[Any, Any],
    local_only: bool,
    fired: int,
) -> None:
    """A push from outside the local network is ignored unless allowed."""
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_config_entry,
        # The source check is the next layer (tests/integration/test_push_source.py).
        options={
            CONF_PUSH: False,
            CONF_PUSH_SOURCE_CHECK: False,
            CONF_WEBHOOK_LOCAL_ONLY: local_only,
        },
    )
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.LOADED
    received = capture(hass, EVENT_SMS_RECEIVED)
    body = {"type": "recv-sms", "sms": [[0, "1.01", 1790000000, "+1", "+2", _b64("x")]]}
    request = MockRequest(
        content=json.dumps(body).encode(),
        mock_source="test",
        method="POST",
        headers={"Content-Type": "application/json"},
        remote="203.0.113.9",
    )
    response = await webhook.async_handle_webhook(
        hass, mock_config_entry.data[CONF_WEBHOOK_ID], request
    )
    assert response.status == 200
    await hass.async_block_till_done()
    assert len(received) == fired


async def test_push_url_and_its_log_form(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """The options' base URL wins; logs show the URL with the webhook id masked."""
    webhook_id = init_integration.data[CONF_WEBHOOK_ID]
    hass.config_entries.async_update_entry(
        init_integration,
        options={**init_integration.options, CONF_WEBHOOK_BASE_URL: "http://ha:1/"},
    )
    assert webhook_module.webhook_push_url(hass, init_integration) == (
        f"http://ha:1/api/webhook/{webhook_id}"
    )
    assert webhook_module.masked_url(f"http://ha:1/api/webhook/{webhook_id}?x=1") == (
        "http://ha:1/api/webhook/********?x=1"
    )


# ------------------------------------------------------- while not loaded


def _sms_push(text: str, stamp: int = 1_790_000_000) -> dict[str, Any]:
    return {
        "type": "recv-sms",
        "sms_num": 1,
        "sms": [[0, "1.01", stamp, "+15550009999", "+15550001111", _b64(text)]],
    }


def _texts(events: list[Any]) -> list[str]:
    return [event.data["text"] for event in events]


def _spool(hass: HomeAssistant, entry: MockConfigEntry) -> PushSpool:
    """Return the spool of pushes waiting for ``entry``."""
    return hass.data[webhook_module.DATA_WEBHOOKS].spool(hass, entry.entry_id)


@pytest.mark.parametrize("options", [{CONF_PUSH: False}], indirect=True)
async def test_pushes_wait_while_the_entry_is_unloaded(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    webhook_client: TestClient[Any, Any],
) -> None:
    """A push during a reload is kept and processed once the entry is back.

    Status pushes are answered and dropped: set-up reads a fresh status.
    """
    received = capture(hass, EVENT_SMS_RECEIVED)
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    assert await _post(webhook_client, init_integration, _sms_push("kept")) == 200
    status = {"type": "port-status", "port": "1.01", "st": 3, "bal": "99.00"}
    assert await _post(webhook_client, init_integration, status) == 200
    assert await _post(webhook_client, init_integration, b"{", content_type="") == 400
    await hass.async_block_till_done()
    assert received == []
    spooled = await _spool(hass, init_integration).async_read()
    assert len(spooled) == 1

    await hass.config_entries.async_setup(init_integration.entry_id)
    await hass.async_block_till_done()
    assert _texts(received) == ["kept"]
    assert _balance(hass) != 99
    assert await _spool(hass, init_integration).async_read() == []
    # Processed once: a reload does not process it again.
    assert await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done()
    assert _texts(received) == ["kept"]


@pytest.mark.parametrize("options", [{CONF_PUSH: False}], indirect=True)
async def test_a_full_spool_refuses_pushes(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    webhook_client: TestClient[Any, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """When too many pushes wait, the next is refused (503): not delivered."""
    received = capture(hass, EVENT_SMS_RECEIVED)
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    with patch.object(spool_module, "MAX_SPOOL_PUSHES", 2):
        for text in ("one", "two"):
            assert await _post(webhook_client, init_integration, _sms_push(text)) == 200
        assert await _post(webhook_client, init_integration, _sms_push("3")) == 503
    assert "too many pushes wait" in caplog.text
    with patch.object(spool_module, "MAX_SPOOL_BYTES", 10):
        assert await _post(webhook_client, init_integration, _sms_push("4")) == 503
    await hass.config_entries.async_setup(init_integration.entry_id)
    await hass.async_block_till_done()
    assert _texts(received) == ["one", "two"]


@pytest.mark.parametrize("options", [{CONF_PUSH: False}], indirect=True)
async def test_a_damaged_spool_line_is_skipped(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    webhook_client: TestClient[Any, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A line of the spool that cannot be read is skipped; the others are taken."""
    received = capture(hass, EVENT_SMS_RECEIVED)
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    assert await _post(webhook_client, init_integration, _sms_push("first")) == 200
    spool = _spool(hass, init_integration)
    await hass.async_add_executor_job(spool._append, b'{"b": 1}\n')
    await hass.async_add_executor_job(spool._append, b"not json\n")
    # A whole line whose push does not read: skipped as it would be at once.
    unreadable = SpooledPush(b"{oops", "application/json", {}, {})
    assert await spool.async_add(unreadable)
    body = _sms_push("second", stamp=1_790_000_001)
    assert await _post(webhook_client, init_integration, body) == 200
    await hass.config_entries.async_setup(init_integration.entry_id)
    await hass.async_block_till_done()
    assert _texts(received) == ["first", "second"]
    assert caplog.text.count("Skipping a damaged line") == 2
    assert "cannot be read" in caplog.text
    assert await spool.async_read() == []


async def test_a_push_during_a_set_up_retry_waits(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    webhook_client: TestClient[Any, Any],
) -> None:
    """The webhook stays registered when set-up fails; its pushes wait for it."""
    received = capture(hass, EVENT_SMS_RECEIVED)
    mock_config_entry.add_to_hass(hass)
    with patch.object(
        hass.config_entries,
        "async_forward_entry_setups",
        side_effect=ConfigEntryNotReady("later"),
    ):
        await hass.config_entries.async_setup(mock_config_entry.entry_id)
        await hass.async_block_till_done()
    assert entry_state(mock_config_entry) is ConfigEntryState.SETUP_RETRY
    assert await _post(webhook_client, mock_config_entry, _sms_push("early")) == 200
    assert received == []
    assert await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert entry_state(mock_config_entry) is ConfigEntryState.LOADED
    assert _texts(received) == ["early"]


@pytest.mark.parametrize("options", [{CONF_PUSH: False}], indirect=True)
async def test_pushes_that_cannot_be_recorded_wait_in_the_spool(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    webhook_client: TestClient[Any, Any],
) -> None:
    """The journal fails while waiting pushes are processed: they stay in the
    spool, and the reload that follows takes them, once.
    """
    received = capture(hass, EVENT_SMS_RECEIVED)
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    assert await _post(webhook_client, init_integration, _sms_push("later")) == 200
    real_forward = hass.config_entries.async_forward_entry_setups
    broken: list[int] = []

    async def forward_then_break(*args: Any, **kwargs: Any) -> None:
        await real_forward(*args, **kwargs)
        if broken:
            return
        # The disk fails after set-up, right before the spool is drained.
        journal = init_integration.runtime_data.receiver.journal
        assert journal._fd is not None
        broken.append(journal._fd)
        journal._fd = os.open(os.devnull, os.O_RDONLY)

    with patch.object(
        hass.config_entries, "async_forward_entry_setups", forward_then_break
    ):
        await hass.config_entries.async_setup(init_integration.entry_id)
        await hass.async_block_till_done(wait_background_tasks=True)
    os.close(broken[0])
    assert init_integration.state is ConfigEntryState.LOADED
    assert _texts(received) == ["later"]
    assert await _spool(hass, init_integration).async_read() == []


async def test_deleted_entry_answers_gone(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    webhook_client: TestClient[Any, Any],
    hass_storage: dict[str, Any],
) -> None:
    """A push for a removed entry is refused (410), also after a restart."""
    assert await hass.config_entries.async_remove(init_integration.entry_id)
    await hass.async_block_till_done()
    assert await _post(webhook_client, init_integration, _sms_push("x")) == 410
    gone = hass_storage["ejoin.removed_webhooks"]["data"]
    assert gone == [init_integration.data[CONF_WEBHOOK_ID]]
    # The handler of a webhook whose entry vanished answers the same.
    registry = hass.data[webhook_module.DATA_WEBHOOKS]
    registry.entries["orphan"] = ("no such entry", False)
    request = MockRequest(content=b"{}", mock_source="test", method="POST")
    response = await webhook_module._async_handle_push(
        hass, "orphan", cast("Request", request)
    )
    assert response.status == 410


async def test_removing_an_entry_that_never_loaded(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: RunningEmulator,
    webhook_client: TestClient[Any, Any],
) -> None:
    """An entry added and removed without a set-up has no webhook to take back."""
    entry = MockConfigEntry(
        domain=DOMAIN, data=dict(init_integration.data) | {CONF_WEBHOOK_ID: ""}
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    # The loaded entry keeps its webhook.
    assert await _post(webhook_client, init_integration, _sms_push("x")) == 200


async def test_webhooks_of_deleted_entries_are_known_at_start(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    webhook_client: TestClient[Any, Any],
    mock_config_entry: MockConfigEntry,
) -> None:
    """The ids of deleted entries are stored: a new start answers 410 too."""
    hass_storage["ejoin.removed_webhooks"] = {
        "version": 1,
        "minor_version": 1,
        "key": "ejoin.removed_webhooks",
        "data": ["deleted-one"],
    }
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    response = await webhook_client.post("/api/webhook/deleted-one", data=b"{}")
    assert response.status == 410


async def test_a_failing_push_is_not_acknowledged(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    webhook_client: TestClient[Any, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An error while processing answers 500 (Home Assistant would answer 200)."""
    receiver = init_integration.runtime_data.receiver
    with patch.object(receiver, "take_pushed", side_effect=RuntimeError("bug")):
        status = await _post(webhook_client, init_integration, _sms_push("x"))
    assert status == 500
    assert "Error processing a push" in caplog.text


@pytest.mark.parametrize(
    "options", [{CONF_PUSH: False, CONF_PUSH_SOURCE_CHECK: False}], indirect=True
)
async def test_changing_local_only_registers_again(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Allowing pushes from outside takes effect with the reload of the options."""
    received = capture(hass, EVENT_SMS_RECEIVED)
    hass.config_entries.async_update_entry(
        init_integration,
        options={**init_integration.options, CONF_WEBHOOK_LOCAL_ONLY: False},
    )
    await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done()
    request = MockRequest(
        content=json.dumps(_sms_push("from afar")).encode(),
        mock_source="test",
        method="POST",
        headers={"Content-Type": "application/json"},
        remote="203.0.113.9",
    )
    response = await webhook.async_handle_webhook(
        hass, init_integration.data[CONF_WEBHOOK_ID], request
    )
    assert response.status == 200
    await hass.async_block_till_done()
    assert _texts(received) == ["from afar"]


async def test_unreadable_pushes_are_logged_now_and_then(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    webhook_client: TestClient[Any, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """One warning per kind of problem every ten minutes; the rest at debug."""
    for _ in range(3):
        assert await _post(webhook_client, init_integration, b"{oops") == 400
    warnings = [
        record
        for record in caplog.records
        if record.levelname == "WARNING" and "cannot be read" in record.getMessage()
    ]
    assert len(warnings) == 1
    assert caplog.text.count("cannot be read") == 3
