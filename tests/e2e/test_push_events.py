"""The gateway pushes to the webhook the integration registered; events follow.

The emulator makes the pushes a real gateway makes (``recv-sms``, delivery reports,
``status-report``, ``port-status``, the MMS push); the tests watch the event bus and
the states through Home Assistant's websocket API.
"""

from __future__ import annotations

import asyncio
import base64
from datetime import UTC, datetime, timedelta
import json
from pathlib import Path
from typing import TYPE_CHECKING
import uuid

import aiohttp

from .conftest import DOMAIN, Gateway, Sims, ensure_gateway
from .ha_client import JSON, HassClient, poll
from .inventory import read_inventory

if TYPE_CHECKING:
    from .emulator_client import EmulatorControl
    from .harness import EmulatorInstance, HassInstance

#: The emulator's SMS centre number: the sender of delivery reports.
SMSC = "+15550000000"
#: The emulator fails to send to numbers starting with 000 (see emulator/).
FAILING_NUMBER = "0001234567"
#: A tiny valid GIF (1x1 pixel) as an MMS attachment.
GIF_1PX = base64.b64decode(
    "R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw=="
)
#: Seconds to keep watching for a duplicate after an event arrived.
DUPLICATE_WINDOW = 2.0


def _unique(text: str) -> str:
    return f"{text} [{uuid.uuid4().hex[:8]}]"


def _recent_utc(value: str) -> datetime:
    """Parse an ISO 8601 timestamp; it must carry UTC and lie around now."""
    stamp = datetime.fromisoformat(value)
    assert stamp.utcoffset() == timedelta(0), f"{value} is not UTC"
    now = datetime.now(UTC)
    assert now - timedelta(minutes=10) < stamp < now + timedelta(minutes=1), value
    return stamp


def _assert_ids(data: JSON, gateway: Gateway) -> None:
    """Every event names its config entry, the gateway's device and its MAC."""
    assert data["config_entry_id"] == gateway.entry_id, data
    assert data["device_id"] == gateway.device_id, data
    assert data["mac"] == gateway.mac, data


async def test_received_sms_fires_once(
    ha: HassClient,
    gateway: Gateway,
    gateway_emulator: EmulatorInstance,
    emulator_ctl: EmulatorControl,
    sims: Sims,
) -> None:
    """A pushed SMS is one ``ejoin_sms_received``, also after the entry reloads.

    The gateway's event entity shows it too.
    """
    inventory = await read_inventory(ha, gateway.entry_id, gateway.mac)
    (event_entity,) = [
        entity["entity_id"]
        for key, entity in inventory.gateway_entities.items()
        if key.startswith("event.")
    ]
    before = (await ha.states())[event_entity]["state"]
    events = await ha.subscribe_events("ejoin_sms_received")
    text = _unique("Grüße aus dem Emulator \N{WAVING HAND SIGN} Привет")
    sender = "+4915112345678"
    slot = sims.sender
    pushes = len(await emulator_ctl.pushes("recv-sms"))
    await emulator_ctl.sms(slot, sender, text)

    (data,) = await events.wait_for(lambda d: d.get("text") == text)
    _assert_ids(data, gateway)
    assert data["slot"] == slot
    assert data["port"] == sims.port(slot)
    assert data["slot_index"] == int(slot.split(".")[1])
    assert data["sender"] == sender
    assert data["recipient"] == sims.numbers[slot]
    _recent_utc(data["received_at"])
    push = await emulator_ctl.wait_for_push("recv-sms", after=pushes)
    assert push["status"] == 200, push

    async def entity_fired() -> JSON | None:
        state: JSON = (await ha.states())[event_entity]
        return state if state["state"] != before else None

    state = await poll(entity_fired, within=10, what=f"{event_entity} to fire")
    assert text in json.dumps(state["attributes"], ensure_ascii=False), state

    # Reloading reads the inbox again (the SMS is still there): no second event.
    await ha.rest("POST", f"/api/config/config_entries/entry/{gateway.entry_id}/reload")
    await ensure_gateway(ha, gateway_emulator, emulator_ctl)
    await asyncio.sleep(DUPLICATE_WINDOW)
    assert len(events.matching(lambda d: d.get("text") == text)) == 1


async def test_delivery_reports_fire_events(
    ha: HassClient, gateway: Gateway, emulator_ctl: EmulatorControl, sims: Sims
) -> None:
    """Delivery reports in the SMS stream are ``ejoin_delivery_report`` events."""
    events = await ha.subscribe_events("ejoin_delivery_report")
    sms_events = await ha.subscribe_events("ejoin_sms_received")
    delivered_to, failed_to = "+15557770001", "+15557770002"
    scts = "26/11/25 10:11:12+00"
    slot = sims.receiver
    await emulator_ctl.sms(
        slot, SMSC, f"0 {scts}", recipient=delivered_to, delivery_report=True
    )
    await emulator_ctl.sms(
        slot, SMSC, f"64 {scts}", recipient=failed_to, delivery_report=True
    )

    by_recipient = {
        d["recipient"]: d
        for d in await events.wait_for(
            lambda d: d.get("recipient") in {delivered_to, failed_to}, count=2
        )
    }
    delivered, failed = by_recipient[delivered_to], by_recipient[failed_to]
    for data in (delivered, failed):
        _assert_ids(data, gateway)
        assert data["slot"] == slot
        assert data["scts"] == scts, data
        _recent_utc(data["received_at"])
    assert delivered["delivered"] is True
    assert delivered["code"] == 0
    assert failed["delivered"] is False
    assert failed["code"] == 64
    await asyncio.sleep(DUPLICATE_WINDOW / 2)
    assert not sms_events.matching(lambda d: d.get("sender") == SMSC), (
        "a delivery report was also fired as an SMS"
    )


async def test_sent_sms_reports_and_delivery_to_own_sim(
    ha: HassClient, gateway: Gateway, sims: Sims
) -> None:
    """``send_sms`` with ``wait``: status reports become ``ejoin_sms_sent``.

    One recipient is a SIM of the same gateway, so the message also comes back as
    an ``ejoin_sms_received`` with its delivery report; one recipient fails.
    """
    sent = await ha.subscribe_events("ejoin_sms_sent")
    received = await ha.subscribe_events("ejoin_sms_received")
    reports = await ha.subscribe_events("ejoin_delivery_report")
    own_number = sims.numbers[sims.receiver]
    sending_port = sims.port(sims.sender)
    text = _unique("Loop back through the network")

    response = await ha.call_service(
        DOMAIN,
        "send_sms",
        {
            "to": f"{own_number}, {FAILING_NUMBER}",
            "message": text,
            "ports": str(sending_port),
            "delivery_report": True,
            "wait": True,
        },
        return_response=True,
    )
    (task,) = response["tasks"]
    assert set(task) >= {"tid", "status_code", "status"}
    assert task["status_code"] == 0, task
    results = {r["number"]: r for r in response["results"]}
    assert set(results) == {own_number, FAILING_NUMBER}, response
    assert results[own_number]["success"] is True
    assert results[FAILING_NUMBER]["success"] is False

    outcomes = await sent.wait_for(lambda d: d.get("tid") == task["tid"], count=2)
    by_number = {d["number"]: d for d in outcomes}
    for data in outcomes:
        _assert_ids(data, gateway)
        assert set(data) >= {
            "tid",
            "index",
            "number",
            "slot",
            "sent_at",
            "success",
            "reason",
            "carrier_reason",
        }
        assert isinstance(data["index"], int)
        assert sims.port(str(data["slot"])) == sending_port, data
    ok, failed = by_number[own_number], by_number[FAILING_NUMBER]
    assert ok["success"] is True
    _recent_utc(ok["sent_at"])
    assert failed["success"] is False
    assert failed["reason"], failed
    assert failed["carrier_reason"], failed

    (incoming,) = await received.wait_for(lambda d: d.get("text") == text)
    assert incoming["slot"] == sims.receiver
    assert incoming["recipient"] == own_number
    (report,) = await reports.wait_for(lambda d: d.get("recipient") == own_number)
    assert report["delivered"] is True
    assert sims.port(str(report["slot"])) == sending_port
    await asyncio.sleep(DUPLICATE_WINDOW)
    assert len(sent.matching(lambda d: d.get("tid") == task["tid"])) == 2
    assert len(received.matching(lambda d: d.get("text") == text)) == 1


async def test_port_status_push_updates_states(
    ha: HassClient,
    gateway: Gateway,
    gateway_emulator: EmulatorInstance,
    emulator_ctl: EmulatorControl,
    sims: Sims,
) -> None:
    """A ``port-status`` push changes the slot's entities at once (no poll needed)."""
    slot = sims.receiver
    inventory = await read_inventory(ha, gateway.entry_id, gateway.mac)
    signal = inventory.slot_entity_id(slot, "sensor.signal")
    balance = inventory.slot_entity_id(slot, "sensor.balance")
    status = await emulator_ctl.device_status(
        gateway_emulator.username, gateway_emulator.password
    )
    row = next(r for r in status["status"] if r["port"] == slot)
    pushes = len(await emulator_ctl.pushes("port-status"))
    try:
        await emulator_ctl.set_slot(slot, sig=9, bal=7.25)
        push = await emulator_ctl.wait_for_push("port-status", after=pushes)
        assert push["status"] == 200, push

        async def updated() -> bool:
            states = await ha.states()
            return (
                states[signal]["state"] == str(-113 + 2 * 9)
                and float(states[balance]["state"]) == 7.25
            )

        await poll(
            updated, within=10, what=f"{signal} and {balance} to follow the push"
        )
    finally:
        await emulator_ctl.set_slot(slot, sig=row["sig"], bal=float(row["bal"]))


async def test_received_mms_fires_event_with_saved_attachments(
    ha: HassClient,
    gateway: Gateway,
    ha_process: HassInstance,
    emulator_ctl: EmulatorControl,
    sims: Sims,
) -> None:
    """The MMS push (URL set in the gateway's web UI) is ``ejoin_mms_received``."""
    await emulator_ctl.configure(mms_url=gateway.webhook_url)
    events = await ha.subscribe_events("ejoin_mms_received")
    subject = _unique("Holiday photo")
    pushes = len(await emulator_ctl.pushes("mms"))
    await emulator_ctl.mms(
        sender="+4917600000001",
        subject=subject,
        text="Look at this pixel",
        slot=sims.sender,
        attachments=[
            {
                "filename": "pixel.gif",
                "content_type": "image/gif",
                "data_base64": base64.b64encode(GIF_1PX).decode(),
            }
        ],
    )
    (data,) = await events.wait_for(lambda d: d.get("subject") == subject)
    _assert_ids(data, gateway)
    assert data["sender"] == "+4917600000001"
    assert data["recipient"] == sims.numbers[sims.sender]
    assert data["text"] == "Look at this pixel"
    _recent_utc(data["date"])
    (attachment,) = data["attachments"]
    assert attachment["content_type"] == "image/gif"
    assert attachment["filename"]
    assert attachment["size"] == len(GIF_1PX)
    saved = Path(attachment["path"])
    assert await asyncio.to_thread(saved.read_bytes) == GIF_1PX, attachment
    media = ha_process.config_dir / "media"
    assert saved.is_relative_to(media), f"{saved} is not in {media}"
    push = await emulator_ctl.wait_for_push("mms", after=pushes)
    assert push["status"] == 200, push


async def test_webhook_refuses_malformed_bodies(
    ha: HassClient, gateway: Gateway
) -> None:
    """Unknown or malformed pushes get HTTP 400, never a 500, and fire nothing."""
    events = await ha.subscribe_events()
    bodies: list[tuple[bytes, str]] = [
        (b"{not json", "application/json"),
        (b'{"type": "no-such-push"}', "application/json"),
        (b'{"type": "recv-sms", "sms": "nope"}', "application/json"),
        (b"\x00\x01garbage", "multipart/related; boundary=x"),
        (b"", "text/plain"),
    ]
    async with aiohttp.ClientSession() as session:
        for body, content_type in bodies:
            async with session.post(
                gateway.webhook_url, data=body, headers={"Content-Type": content_type}
            ) as response:
                assert response.status == 400, (body, content_type, response.status)
    await asyncio.sleep(0.5)
    fired = [e for e in events.events if str(e["event_type"]).startswith("ejoin_")]
    assert not fired, fired
