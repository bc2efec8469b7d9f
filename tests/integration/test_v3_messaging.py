"""Messages of an API v3 gateway: its pushes' shapes, the same events, once each.

The emulator pushes v3 shapes (messages as objects with the SIM's ICCID, IMSI
and IMEI, ``sms-sent-status`` reports, the MMS reception report) to the entry's
webhook on Home Assistant's test server.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import async_capture_events

from custom_components.ejoin.const import (
    CONF_INBOX_POLLING,
    CONF_PUSH,
    CONF_WEBHOOK_BASE_URL,
    CONF_WEBHOOK_ID,
    DOMAIN,
    EVENT_DELIVERY_REPORT,
    EVENT_SMS_RECEIVED,
    EVENT_SMS_SENT,
)

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Awaitable, Callable

    from aiohttp.test_utils import TestClient
    from homeassistant.core import HomeAssistant
    from pytest_homeassistant_custom_component.common import MockConfigEntry

    from emulator import RunningEmulator


@pytest.fixture
async def webhook_client(
    hass: HomeAssistant,
    hass_client_no_auth: Callable[[], Awaitable[TestClient[Any, Any]]],
) -> TestClient[Any, Any]:
    """Serve Home Assistant's HTTP API on loopback; the emulator pushes to it."""
    assert await async_setup_component(hass, "webhook", {})
    return await hass_client_no_auth()


@pytest.fixture
def options(webhook_client: TestClient[Any, Any]) -> dict[str, object]:
    """Push on, to the test server; the inbox is read at set-up only."""
    return {
        CONF_PUSH: True,
        CONF_WEBHOOK_BASE_URL: str(webhook_client.make_url("/")).rstrip("/"),
        CONF_INBOX_POLLING: False,
    }


@pytest.fixture(autouse=True)
async def settle(emulator: RunningEmulator) -> AsyncIterator[None]:
    """Let the emulator finish its pushes before the test server stops."""
    yield
    await emulator.settle()


def _webhook(entry: MockConfigEntry) -> str:
    return f"/api/webhook/{entry.data[CONF_WEBHOOK_ID]}"


def _number(emulator: RunningEmulator, port: int) -> str:
    gateway = emulator.gateway
    return gateway.slot_sn(
        gateway.slot_state(port, gateway.port_state(port).active_slot)
    )


@pytest.mark.parametrize("gateway_api", ["v3"])
async def test_pushes_point_at_the_webhook(
    emulator: RunningEmulator,
    webhook_client: TestClient[Any, Any],
    init_integration: MockConfigEntry,
) -> None:
    """Status reports, SMS and send reports of a v3 gateway go to the webhook."""
    url = str(webhook_client.make_url(_webhook(init_integration)))
    registration = emulator.gateway.status_registration
    assert registration is not None
    assert registration.url == url
    config = emulator.gateway.sms_config.get()
    assert (config["recv_sms_url"], config["sms_status_url"]) == (url, url)
    assert emulator.gateway.saved_param("sms_url") == url


@pytest.mark.parametrize("gateway_api", ["v3"])
async def test_sms_push_carries_the_sim(
    hass: HomeAssistant, emulator: RunningEmulator, init_integration: MockConfigEntry
) -> None:
    """ICCID, IMSI and IMEI of the receiving SIM; fired once, push or inbox."""
    received = async_capture_events(hass, EVENT_SMS_RECEIVED)
    emulator.inject_sms("2.03", "+4917600001", "Grüße über v3")
    await emulator.wait_for_push("recv-sms")
    await hass.async_block_till_done()
    (event,) = received
    state = emulator.gateway.slot_state(2, 3)
    assert event.data["slot"] == "2.03"
    assert event.data["text"] == "Grüße über v3"
    assert event.data["sender"] == "+4917600001"
    assert (event.data["iccid"], event.data["imsi"], event.data["imei"]) == (
        state.sim.iccid,
        state.sim.imsi,
        emulator.gateway.slot_imei(state),
    )
    # Read again through the inbox (no SIM in the document's rows): not again.
    page: Any = await hass.services.async_call(
        DOMAIN, "get_inbox", {}, blocking=True, return_response=True
    )
    assert [message["text"] for message in page["messages"]] == ["Grüße über v3"]
    await hass.async_block_till_done()
    assert len(received) == 1


@pytest.mark.parametrize("gateway_api", ["v2"])
async def test_sms_of_v2_has_no_sim(
    hass: HomeAssistant, emulator: RunningEmulator, init_integration: MockConfigEntry
) -> None:
    received = async_capture_events(hass, EVENT_SMS_RECEIVED)
    emulator.inject_sms("1.01", "+4917600001", "v2.1")
    await emulator.wait_for_push("recv-sms")
    await hass.async_block_till_done()
    (event,) = received
    assert (event.data["iccid"], event.data["imsi"], event.data["imei"]) == (
        None,
        None,
        None,
    )


@pytest.mark.parametrize("gateway_api", ["v3"])
async def test_send_wait_and_reports(
    hass: HomeAssistant, emulator: RunningEmulator, init_integration: MockConfigEntry
) -> None:
    """Outcomes (``sms-sent-status``), delivery reports and the SMS itself."""
    sent = async_capture_events(hass, EVENT_SMS_SENT)
    reports = async_capture_events(hass, EVENT_DELIVERY_REPORT)
    received = async_capture_events(hass, EVENT_SMS_RECEIVED)
    to = _number(emulator, 2)
    response: Any = await hass.services.async_call(
        DOMAIN,
        "send_sms",
        {
            "to": [to, "0001234"],
            "message": "hello v3",
            "ports": "1",
            "delivery_report": True,
            "wait": True,
        },
        blocking=True,
        return_response=True,
    )
    tid = response["tasks"][0]["tid"]
    assert response["tasks"][0]["status_code"] == 0
    results = {result["number"]: result for result in response["results"]}
    assert results[to]["success"] is True
    assert results[to]["slot"] == f"1.{emulator.gateway.port_state(1).active_slot:02d}"
    assert results["0001234"]["success"] is False
    assert results["0001234"]["reason"] == "6 Timeout"
    assert results["0001234"]["carrier_reason"] == "21"
    # The SMS and its delivery report arrive as two pushes, in either order.
    await emulator.wait_for(
        lambda: len(received) == 1 and len(reports) == 1 and len(sent) == 2,
        within=30,
    )
    await hass.async_block_till_done()
    assert sorted(event.data["number"] for event in sent) == sorted([to, "0001234"])
    assert {event.data["tid"] for event in sent} == {tid}
    assert [event.data["text"] for event in received] == ["hello v3"]
    (report,) = reports
    assert (report.data["delivered"], report.data["code"]) == (True, 0)
    assert report.data["recipient"] == to
    # A v3 task's text is sent without sms_type (field notes).
    submitted = json.loads(emulator.requests("submit_sms_tasks")[-1].body)
    assert "sms_type" not in submitted[0]


@pytest.mark.parametrize("gateway_api", ["v3"])
async def test_lost_reply_sends_once(
    hass: HomeAssistant, emulator: RunningEmulator, init_integration: MockConfigEntry
) -> None:
    """The task got through, its reply was lost: sent again under its id, it is
    a duplicate (13), and the SMS goes out once.
    """
    received = async_capture_events(hass, EVENT_SMS_RECEIVED)
    emulator.set_fault("drop", count=1, path="submit_sms_tasks")
    response: Any = await hass.services.async_call(
        DOMAIN,
        "send_sms",
        {"to": _number(emulator, 2), "message": "reply lost", "ports": "1"},
        blocking=True,
        return_response=True,
    )
    assert response["tasks"][0]["status_code"] == 0
    assert len(emulator.requests("submit_sms_tasks")) == 2
    await emulator.wait_for(
        lambda: any(message.text == "reply lost" for message in emulator.gateway.inbox)
    )
    await emulator.wait_for_push("recv-sms")
    await hass.async_block_till_done()
    assert [message.text for message in emulator.gateway.inbox] == ["reply lost"]
    assert [event.data["text"] for event in received] == ["reply lost"]


@pytest.mark.parametrize("gateway_api", ["v3"])
async def test_mms_reception_report(
    hass: HomeAssistant,
    caplog: pytest.LogCaptureFixture,
    webhook_client: TestClient[Any, Any],
    emulator: RunningEmulator,
    init_integration: MockConfigEntry,
) -> None:
    """Answered 200; a failed reception is said once, a success quietly."""
    report = {
        "ts": 1790000000,
        "tid": "T1",
        "mac": emulator.gateway.mac,
        "port": 1,
        "slot": 1,
        "iccid": "8949",
        "state": "failed",
        "reason": "MMSC unreachable",
    }
    for body in (report, report, report | {"state": "success", "reason": None}):
        answer = await webhook_client.post(
            _webhook(init_integration),
            data=json.dumps(body),
            headers={"Content-Type": "application/json"},
        )
        assert answer.status == 200
    warnings = [
        record.getMessage()
        for record in caplog.records
        if record.name.startswith("custom_components.ejoin")
        and record.levelno >= logging.WARNING
    ]
    assert warnings == [
        (
            f"The gateway {init_integration.title} could not receive an MMS on slot"
            " 1.01: MMSC unreachable"
        )
    ]


@pytest.mark.parametrize("gateway_api", ["v3"])
async def test_removing_the_entry_stops_the_pushes(
    hass: HomeAssistant, emulator: RunningEmulator, init_integration: MockConfigEntry
) -> None:
    await hass.config_entries.async_remove(init_integration.entry_id)
    await hass.async_block_till_done()
    assert emulator.gateway.status_registration is None
    config = emulator.gateway.sms_config.get()
    assert (config["recv_sms_url"], config["sms_status_url"]) == ("", "")


@pytest.mark.parametrize("gateway_api", ["v3"])
async def test_reboot_mid_send_sends_once(
    hass: HomeAssistant, emulator: RunningEmulator, init_integration: MockConfigEntry
) -> None:
    """The gateway takes the task and reboots (losing it) before answering: the
    same id again is new to it, and the SMS goes out once.
    """
    received = async_capture_events(hass, EVENT_SMS_RECEIVED)
    emulator.set_fault("reboot", delay=0, count=1, path="submit_sms_tasks")
    response: Any = await hass.services.async_call(
        DOMAIN,
        "send_sms",
        {"to": _number(emulator, 2), "message": "through the reboot", "ports": "1"},
        blocking=True,
        return_response=True,
    )
    assert emulator.gateway.reboots == 1
    assert response["tasks"][0]["status_code"] == 0
    assert len(emulator.requests("submit_sms_tasks")) == 2
    await emulator.wait_for(
        lambda: any(
            message.text == "through the reboot" for message in emulator.gateway.inbox
        )
    )
    await emulator.wait_for_push("recv-sms")
    await hass.async_block_till_done()
    assert [message.text for message in emulator.gateway.inbox] == [
        "through the reboot"
    ]
    assert [event.data["text"] for event in received] == ["through the reboot"]


@pytest.mark.parametrize("gateway_api", ["v3"])
async def test_delivery_report_once_with_or_without_its_scts(
    hass: HomeAssistant, emulator: RunningEmulator, init_integration: MockConfigEntry
) -> None:
    """Pushed with its SCTS, listed by the inbox without: one report."""
    reports = async_capture_events(hass, EVENT_DELIVERY_REPORT)
    emulator.inject_sms(
        "1.01",
        "+15550000000",
        "64 26/11/25 10:11:12+00",
        recipient="+4917",
        delivery_report=True,
    )
    await emulator.wait_for_push("recv-sms")
    await hass.async_block_till_done()
    (report,) = reports
    assert (report.data["code"], report.data["delivered"]) == (64, False)
    assert report.data["scts"] == "26/11/25 10:11:12+00"
    await hass.services.async_call(
        DOMAIN, "get_inbox", {}, blocking=True, return_response=True
    )
    await hass.async_block_till_done()
    assert len(reports) == 1
