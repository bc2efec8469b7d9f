"""Tests of the webhook, the pushes and the push registration."""

from __future__ import annotations

import base64
import json
import time
from typing import TYPE_CHECKING, Any
from unittest.mock import patch

from homeassistant.components import webhook
from homeassistant.config_entries import ConfigEntryState
from homeassistant.exceptions import ConfigEntryNotReady
from homeassistant.helpers import device_registry as dr, issue_registry as ir
from homeassistant.helpers.network import NoURLAvailableError
from homeassistant.util.aiohttp import MockRequest
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ejoin import messaging as messaging_module
from custom_components.ejoin.const import (
    CONF_PUSH,
    CONF_WEBHOOK_ID,
    CONF_WEBHOOK_LOCAL_ONLY,
    DOMAIN,
    EVENT_DELIVERY_REPORT,
    EVENT_SMS_RECEIVED,
    EVENT_SMS_SENT,
    INBOX_INTERVAL_POLL,
    INBOX_INTERVAL_PUSH,
    STATUS_INTERVAL_POLL,
    STATUS_INTERVAL_PUSH,
    WEBHOOK_MAX_BODY,
)

from .messaging_helpers import (  # noqa: F401 - fixtures
    capture,
    push_options_fixture,
    settle_pushes_fixture,
    wait_for,
    webhook_client_fixture,
    webhook_path,
    webhook_url,
)

if TYPE_CHECKING:
    from aiohttp.test_utils import TestClient
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


# --------------------------------------------------------------- registration


async def test_setup_points_the_gateway_at_the_webhook(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: RunningEmulator,
    webhook_client: TestClient[Any, Any],
) -> None:
    """Status push and SMS push go to the webhook; the SMS URL is saved."""
    url = webhook_url(webhook_client, init_integration)
    registration = emulator.gateway.status_registration
    assert registration is not None
    assert registration.url == url
    assert registration.period == 60
    assert emulator.gateway.param("sms_url") == url
    assert emulator.gateway.saved_param("sms_url") == url
    messaging = init_integration.runtime_data.messaging
    assert messaging.push_active
    assert messaging.webhook_url == url
    coordinator = init_integration.runtime_data.coordinator
    assert coordinator.update_interval == STATUS_INTERVAL_PUSH
    # The first dev-status push arrived: the watchdog is content.
    await emulator.settle()
    assert messaging._last_status_push is not None


async def test_setup_again_does_not_rewrite_the_sms_url(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """The gateway's configuration is saved only when the URL changes."""
    commands = emulator.gateway.request_counts["goip_send_cmd.html"]
    await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done()
    # Only the op=get of sms_url; no op=set, no op=save.
    assert emulator.gateway.request_counts["goip_send_cmd.html"] == commands + 1


async def test_turning_push_off_stops_the_pushes(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """The status push is cancelled and our SMS URL cleared; polling takes over."""
    hass.config_entries.async_update_entry(
        init_integration,
        options={**init_integration.options, CONF_PUSH: False},
    )
    await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done()
    assert emulator.gateway.status_registration is None
    assert emulator.gateway.param("sms_url") == ""
    assert init_integration.runtime_data.messaging.ledger.push_url is None
    coordinator = init_integration.runtime_data.coordinator
    assert coordinator.update_interval == STATUS_INTERVAL_POLL


async def test_removing_the_entry_stops_the_pushes(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """Removing the entry cancels the status push and forgets the ledger."""
    assert await hass.config_entries.async_remove(init_integration.entry_id)
    await hass.async_block_till_done()
    assert emulator.gateway.status_registration is None
    assert emulator.gateway.param("sms_url") == ""


async def test_removing_an_unreachable_gateway(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """A gateway that is gone does not block the removal."""
    emulator.go_offline()
    assert await hass.config_entries.async_remove(init_integration.entry_id)
    await hass.async_block_till_done()
    emulator.go_online()
    assert emulator.gateway.status_registration is not None


async def test_no_url_raises_a_repair_issue(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    emulator: RunningEmulator,
    issue_registry: ir.IssueRegistry,
) -> None:
    """Without a URL for the gateway, a repair issue says what to set."""
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(mock_config_entry, options={CONF_PUSH: True})
    with patch.object(messaging_module, "get_url", side_effect=NoURLAvailableError):
        await hass.config_entries.async_setup(mock_config_entry.entry_id)
        await hass.async_block_till_done()
    issue_id = f"no_webhook_url_{mock_config_entry.entry_id}"
    issue = issue_registry.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_key == "no_webhook_url"
    assert issue.translation_placeholders == {"title": mock_config_entry.title}
    assert emulator.gateway.status_registration is None
    assert mock_config_entry.runtime_data.coordinator.update_interval == (
        STATUS_INTERVAL_POLL
    )
    # With Home Assistant's own URL known, the issue goes away.
    await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None
    assert emulator.gateway.status_registration is not None


async def test_failed_registration_polls_and_retries(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """The watchdog registers again; until then the inbox is polled often."""
    messaging = init_integration.runtime_data.messaging
    coordinator = init_integration.runtime_data.coordinator
    messaging._last_status_push = time.monotonic() - 1000
    emulator.go_offline()
    await messaging._async_push_watchdog(None)
    assert not messaging.push_active
    assert coordinator.update_interval == STATUS_INTERVAL_POLL
    emulator.go_online()
    emulator.gateway.get_status(period=0)  # the gateway forgot us
    await messaging._async_push_watchdog(None)
    assert messaging.push_active
    assert coordinator.update_interval == STATUS_INTERVAL_PUSH
    assert emulator.gateway.status_registration is not None
    # Pushes arriving in time: nothing to do.
    calls = emulator.gateway.request_counts["goip_get_status.html"]
    messaging._last_status_push = time.monotonic()
    await messaging._async_push_watchdog(None)
    assert emulator.gateway.request_counts["goip_get_status.html"] == calls


async def test_poll_intervals_follow_push(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Slow inbox polls while push works, every minute otherwise."""
    messaging = init_integration.runtime_data.messaging
    with patch.object(
        messaging_module,
        "async_track_time_interval",
        wraps=lambda *a, **k: lambda: None,
    ) as track:
        messaging._apply_intervals()
        assert track.call_args.args[2] == INBOX_INTERVAL_PUSH
        messaging._set_push_active(active=False)
        assert track.call_args.args[2] == INBOX_INTERVAL_POLL
    messaging._set_push_active(active=True)


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
    assert messaging_module.webhook_push_url(hass, init_integration) == webhook_url(
        webhook_client, init_integration
    )
    # An entry never set up has no webhook yet.
    assert (
        messaging_module.webhook_push_url(hass, MockConfigEntry(domain=DOMAIN)) is None
    )


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
    assert received[0].data == ids | {
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
    await init_integration.runtime_data.messaging.async_poll_inbox()
    assert len(received) == 1


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
    assert failed["carrier_reason"] == "21 Short message transfer rejected"


async def test_status_report_with_rewritten_numbers(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    webhook_client: TestClient[Any, Any],
) -> None:
    """A waiting send settles on counters even when the gateway rewrites numbers."""
    messaging = init_integration.runtime_data.messaging
    waiter = messaging_module._TaskWaiter(5, ("+15550001111", "+15550002222"))
    messaging._waiters[5] = waiter
    body = {
        "type": "status-report",
        "rpt_num": 1,
        "rpts": [
            {
                "tid": 5,
                "sending": 0,
                "sent": 2,
                "failed": 0,
                "unsent": 0,
                "sdr": [
                    [1, "15550002222", "1.01", 1790000000],
                    [0, "15550001111", "1.01", 1790000001],
                ],
            }
        ],
    }
    assert await _post(webhook_client, init_integration, body) == 200
    assert waiter.done.is_set()
    results = waiter.results()
    assert [item["number"] for item in results] == ["+15550001111", "+15550002222"]
    assert [item["index"] for item in results] == [0, 1]
    messaging._waiters.clear()


# ------------------------------------------------------------------- bad input


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
    """Unknown or malformed bodies are answered 400 with a debug log."""
    caplog.set_level("DEBUG", logger="custom_components.ejoin")
    status = await _post(
        webhook_client, init_integration, body, content_type=content_type
    )
    assert status == 400
    assert "unreadable push" in caplog.text


async def test_oversized_push_gets_413(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    webhook_client: TestClient[Any, Any],
) -> None:
    """A body over the limit is not read."""
    body = b"{" + b" " * WEBHOOK_MAX_BODY + b"}"
    assert await _post(webhook_client, init_integration, body) == 413


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
        options={CONF_PUSH: False, CONF_WEBHOOK_LOCAL_ONLY: local_only},
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


async def test_unload_unregisters_the_webhook(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    webhook_client: TestClient[Any, Any],
) -> None:
    """After unloading, pushes go nowhere."""
    received = capture(hass, EVENT_SMS_RECEIVED)
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    body = {"type": "recv-sms", "sms": [[0, "1.01", 1790000000, "+1", "+2", _b64("x")]]}
    assert await _post(webhook_client, init_integration, body) == 200
    await hass.async_block_till_done()
    assert received == []


async def test_watchdog_registers_again_after_silence(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """No status push for three periods: the same URL is registered again."""
    messaging = init_integration.runtime_data.messaging
    calls = emulator.gateway.request_counts["goip_get_status.html"]
    messaging._last_status_push = time.monotonic() - 1000
    await messaging._async_push_watchdog(None)
    assert emulator.gateway.request_counts["goip_get_status.html"] == calls + 1
    assert messaging.push_active
    # Once unloaded, the watchdog and the poller do nothing.
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    messaging._last_status_push = time.monotonic() - 1000
    await messaging._async_push_watchdog(None)
    await messaging._async_poll_quietly()
    assert emulator.gateway.request_counts["goip_get_status.html"] == calls + 1
    assert emulator.gateway.request_counts["goip_get_sms.html"] == 1


async def test_unreadable_sms_url_is_set_anyway(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """A gateway that cannot tell its SMS URL gets ours."""
    messaging = init_integration.runtime_data.messaging
    emulator.set_fault("garbage", count=1)
    assert await messaging._async_current_sms_url() is None
    emulator.set_fault("http500", count=1)
    assert await messaging._async_current_sms_url() is None


async def test_reboot_registers_the_pushes_again(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """A new inbox session (gateway reboot) makes setup point the gateway again."""
    messaging = init_integration.runtime_data.messaging
    await emulator.settle()
    emulator.gateway.get_status(period=0)
    emulator.reboot()
    await messaging.async_poll_inbox()
    await hass.async_block_till_done(wait_background_tasks=True)
    assert emulator.gateway.status_registration is not None


async def test_removal_leaves_a_foreign_sms_url(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """An SMS URL the user changed on the gateway is not ours to clear."""
    emulator.gateway.set_params([("sms_url", "http://elsewhere/sms")])
    assert await hass.config_entries.async_remove(init_integration.entry_id)
    await hass.async_block_till_done()
    assert emulator.gateway.status_registration is None
    assert emulator.gateway.param("sms_url") == "http://elsewhere/sms"


@pytest.mark.parametrize("options", [{CONF_PUSH: False}])
async def test_removal_of_an_entry_that_never_pushed(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """Only the status push is cancelled; the SMS URL is left alone."""
    emulator.gateway.set_params([("sms_url", "http://elsewhere/sms")])
    assert await hass.config_entries.async_remove(init_integration.entry_id)
    await hass.async_block_till_done()
    assert emulator.gateway.param("sms_url") == "http://elsewhere/sms"


async def test_failed_setup_releases_the_webhook(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """When setup fails after messaging started, a retry can register again."""
    mock_config_entry.add_to_hass(hass)
    with patch.object(
        hass.config_entries,
        "async_forward_entry_setups",
        side_effect=ConfigEntryNotReady("later"),
    ):
        await hass.config_entries.async_setup(mock_config_entry.entry_id)
        await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.SETUP_RETRY
    assert await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
