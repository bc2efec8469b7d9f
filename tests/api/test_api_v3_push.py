"""Tests of the parser of API v3 pushes: objects where v2.1 sends arrays."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from custom_components.ejoin.api import (
    DevStatusPush,
    EjoinResponseError,
    MmsReportPush,
    PortState,
    PortStatusPush,
    ReceivedSmsPush,
    SlotAddress,
    StatusReportPush,
    parse_push,
)
from custom_components.ejoin.api.v3_shapes import read_sms

FIXTURES = Path(__file__).parent / "fixtures"


def body(name: str, **changes: Any) -> bytes:
    data = json.loads((FIXTURES / name).read_text(encoding="utf-8")) | changes
    return json.dumps(data).encode()


def test_received_sms_objects_carry_the_sim() -> None:
    push = parse_push(body("v3_recv_sms_push.json"), "application/json")
    assert isinstance(push, ReceivedSmsPush)
    sms, report = push.messages
    assert not sms.is_delivery_report
    assert (sms.slot, sms.sender, sms.recipient, sms.text) == (
        SlotAddress(3, 2),
        "+4917012345",
        "+155500302",
        "Hallo Welt",
    )
    assert (sms.iccid, sms.imsi, sms.imei) == (
        "89490200001234567890",
        "262011234567890",
        "867390752420011",
    )
    assert sms.received_at is not None
    assert int(sms.received_at.timestamp()) == 1790000000
    assert report.is_delivery_report
    assert (report.delivered, report.report_code, report.scts) == (True, 0, None)
    assert report.recipient == "+4917012345"


def test_received_sms_under_smses_and_without_type() -> None:
    data = json.loads(body("v3_recv_sms_push.json"))
    rows = data.pop("sms")
    del data["type"]
    push = parse_push(json.dumps(data | {"smses": rows}).encode())
    assert isinstance(push, ReceivedSmsPush)
    assert len(push.messages) == 2


def test_mixed_and_unreadable_rows() -> None:
    """v2.1 arrays and v3 objects may meet in one push; the unreadable are named."""
    rows = [
        [0, "1.01", 1790000000, "+1", "+2", base64.b64encode(b"array").decode()],
        {"port": 1, "slot": 1, "ts": 1790000001, "from": "+1", "sms": "b2JqZWN0"},
        {"port": 1, "slot": 1, "text": "no message keys"},
    ]
    push = parse_push(json.dumps({"type": "recv-sms", "sms": rows}).encode())
    assert isinstance(push, ReceivedSmsPush)
    assert [message.text for message in push.messages] == ["array", "object"]
    assert push.unreadable == ("an object with keys port, slot, text",)


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            {"is_report": 1, "status": 64, "sms": "0 2507121212"},
            (False, 64, "2507121212"),
        ),
        ({"is_report": True, "sms": "MCAyNTA3MTIxMjEy"}, (True, 0, "2507121212")),
        ({"is_report": "true", "status": "0"}, (True, 0, None)),
        ({"is_report": True}, (False, None, None)),
    ],
    ids=["status_wins", "base64_content", "text_flags", "no_outcome"],
)
def test_delivery_report_objects(
    row: dict[str, Any], expected: tuple[bool, int | None, str | None]
) -> None:
    sms = read_sms({"port": "2.01", "from": "+1", "to": "+2", **row})
    assert sms.slot == SlotAddress(2, 1)
    assert (sms.delivered, sms.report_code, sms.scts) == expected


def test_message_without_a_slot() -> None:
    sms = read_sms({"port": "north", "from": "+1", "sms": "aGk="})
    assert (sms.slot, sms.text) == (None, "hi")
    assert read_sms({"port": 0, "from": "+1"}).slot is None


def test_sms_sent_status_from_the_document() -> None:
    push = parse_push(body("v3_sms_sent_status_doc.json"))
    assert isinstance(push, StatusReportPush)
    ok, failed = push.reports
    assert (ok.tid, ok.sent, ok.failed, ok.unsent, ok.sending) == (5, 1, 0, 0, None)
    (success,) = ok.outcomes
    assert success.success
    assert (success.index, success.number, success.slot) == (
        1,
        "10086",
        SlotAddress(1, 1),
    )
    assert success.sent_at is not None
    (failure,) = failed.outcomes
    assert not failure.success
    assert (failure.reason, failure.reason_code, failure.carrier_reason) == (
        "7 Server Error",
        7,
        "350",
    )
    assert failure.slot == SlotAddress(3, 1)


def test_sms_sent_status_variants() -> None:
    data = json.loads(body("v3_sms_sent_status_doc.json"))
    del data["type"]
    data["statuses"].append({"sent": 1})  # no tid: skipped
    push = parse_push(json.dumps(data).encode())
    assert isinstance(push, StatusReportPush)
    assert [report.tid for report in push.reports] == [5, 6]
    with pytest.raises(EjoinResponseError, match="statuses"):
        parse_push(b'{"type": "sms-sent-status", "statuses": {}}')


def test_device_and_port_status_from_the_document() -> None:
    dev = parse_push(body("v3_device_status_doc.json"))
    assert isinstance(dev, DevStatusPush)
    assert (dev.status.max_ports, dev.status.slots_per_port) == (32, 4)
    port = parse_push(body("v3_port_status_push_doc.json"))
    assert isinstance(port, PortStatusPush)
    slot = port.slot
    assert slot.address == SlotAddress(2, 2)
    assert slot.state is PortState.REGISTERED
    assert (slot.led, slot.network, slot.signal) == (True, "4", 29)


def test_mms_reception_report() -> None:
    push = parse_push(body("v3_mms_report_doc.json"), "application/json")
    assert isinstance(push, MmsReportPush)
    report = push.report
    assert report.failed
    assert (report.slot, report.state, report.reason) == (
        SlotAddress(1, 1),
        "failed",
        "MMSC unreachable",
    )
    assert (report.tid, report.mac, report.iccid) == (
        "T0001",
        "00:00:00:00:00:00",
        "8930261010806301721",
    )
    assert report.reported_at is not None
    done = parse_push(body("v3_mms_report_doc.json", state="SUCCESS", reason=None))
    assert isinstance(done, MmsReportPush)
    assert not done.report.failed
    assert done.report.state == "success"
