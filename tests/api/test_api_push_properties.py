"""Property tests of every push parser: only our typed error escapes; valid round-trips.

The near-valid and random shapes come from ``tests/strategies.py``; the round trips
build pushes the way the emulator (written from the document, not from our code)
builds them, and check that the parser reads back what was put in.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime
import json
from typing import Any

from hypothesis import HealthCheck, example, given, settings, strategies as st

from custom_components.ejoin.api import (
    DevStatusPush,
    EjoinResponseError,
    MmsPush,
    PortStatusPush,
    Push,
    ReceivedSmsPush,
    SlotAddress,
    StatusReportPush,
    parse_push,
)
from emulator.mms import MmsFile, build_mms
from tests.strategies import pushes, webhook_requests

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
PUSH_TYPES = (DevStatusPush, PortStatusPush, ReceivedSmsPush, StatusReportPush, MmsPush)

#: Text that survives the round trip: no control characters (the tolerant decoder
#: keeps such "base64" as it is), no lone surrogates, no blanks at the ends (values
#: are stripped).
TEXT = st.text(
    st.characters(
        blacklist_categories=("Cs", "Cc"),
        blacklist_characters="\x7f",
    ),
    max_size=80,
)
NAME = TEXT.map(str.strip).filter(bool)
PHONE = st.from_regex(r"\A\+?[0-9]{3,15}\Z")
ADDRESSES = st.builds(SlotAddress, st.integers(1, 512), st.integers(1, 32))


def _parse(
    body: bytes,
    content_type: str,
    headers: dict[str, str] | None = None,
    query: dict[str, str] | None = None,
) -> Push | None:
    """Parse; None for our error; anything else fails the test."""
    try:
        push = parse_push(body, content_type, headers, query)
    except EjoinResponseError:
        return None
    assert isinstance(push, PUSH_TYPES)
    return push


def _check_invariants(push: Push | None) -> None:
    """What every parsed push guarantees, whatever the input."""
    if isinstance(push, ReceivedSmsPush):
        for message in push.messages:
            assert isinstance(message.text, str)
            assert message.slot is None or isinstance(message.slot, SlotAddress)
            assert message.received_at is None or message.received_at.tzinfo
            assert message.is_delivery_report or message.report_code is None
    elif isinstance(push, StatusReportPush):
        for report in push.reports:
            assert isinstance(report.tid, int)
            assert all(outcome.tid == report.tid for outcome in report.outcomes)
    elif isinstance(push, DevStatusPush):
        status = push.status
        assert status.max_ports >= 1
        assert status.slots_per_port >= 1
        assert all(address.port <= status.max_ports for address in status.slots)
        assert all(slot.address == address for address, slot in status.slots.items())
    elif isinstance(push, MmsPush):
        assert isinstance(push.message.text, str)
        assert all(isinstance(part.data, bytes) for part in push.message.parts)


@SETTINGS
@given(pushes())
@example(("multipart/related; boundary=\x00", b"--\x00\r\n\r\n", {}, {}))
@example(
    (
        "",
        b'{"type":"recv-sms","sms":[[0,"1.01",1,"+1","+2","' + b"=" * 9 + b'"]]}',
        {},
        {},
    )
)
def test_any_push_gives_a_push_or_our_error(
    drawn: tuple[str, bytes, dict[str, str], dict[str, str]],
) -> None:
    """Headers, query, body and content type of any shape: never another error."""
    content_type, body, headers, query = drawn
    _check_invariants(_parse(body, content_type, headers, query))


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(webhook_requests())
def test_webhook_bodies_give_a_push_or_our_error(drawn: tuple[str, bytes]) -> None:
    """The webhook's bodies, big ones included, parse or fail with our error."""
    content_type, body = drawn
    _check_invariants(_parse(body, content_type))


@SETTINGS
@given(
    st.lists(
        st.tuples(
            st.booleans(),
            ADDRESSES,
            st.sampled_from(["dotted", "letter", "short"]),
            st.integers(1_000_000_000, 4_000_000_000),
            PHONE,
            PHONE,
            TEXT,
            st.integers(0, 255),
        ),
        max_size=8,
    ),
    st.sampled_from(["application/json;charset=utf-8", "text/plain", ""]),
)
def test_recv_sms_round_trip(rows: list[Any], content_type: str) -> None:
    """Every row of a ``recv-sms`` push comes back with its text and fields."""
    sms: list[list[Any]] = []
    for is_report, address, style, stamp, sender, recipient, text, code in rows:
        if style == "letter" and address.slot <= 26:
            port = address.letter_form
        elif style == "short":
            port = f"{address.port}.{address.slot}"
        else:
            port = str(address)
        content = (
            f"{code} 25/01/01 10:00:00+04"
            if is_report
            else base64.b64encode(text.encode()).decode()
        )
        sms.append([int(is_report), port, stamp, sender, recipient, content])
    body = json.dumps({"type": "recv-sms", "sms_num": len(sms), "sms": sms})
    push = _parse(body.encode(), content_type)
    assert isinstance(push, ReceivedSmsPush)
    assert len(push.messages) == len(rows)
    for message, row in zip(push.messages, rows, strict=True):
        is_report, address, _, stamp, sender, recipient, text, code = row
        assert message.is_delivery_report is is_report
        assert message.slot == address
        assert message.received_at == datetime.fromtimestamp(stamp, UTC)
        assert message.sender == sender
        assert message.recipient == recipient
        if is_report:
            assert message.report_code == code
            assert message.delivered is (code == 0)
        else:
            assert message.text == text.rstrip("\x00")


@SETTINGS
@given(
    st.lists(
        st.tuples(
            st.integers(1, 2**31),
            st.lists(st.tuples(PHONE, ADDRESSES), max_size=4),
            st.lists(st.tuples(PHONE, ADDRESSES, st.integers(1, 99)), max_size=4),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_status_report_round_trip(tasks: list[Any]) -> None:
    """Each ``sdr``/``fdr`` row becomes one outcome of its task."""
    rpts = []
    for tid, successes, failures in tasks:
        rpts.append(
            {
                "tid": tid,
                "sending": 0,
                "sent": len(successes),
                "failed": len(failures),
                "unsent": 0,
                "sdr": [
                    [index, number, str(address), 1_790_000_000]
                    for index, (number, address) in enumerate(successes)
                ],
                "fdr": [
                    [index, number, str(address), 1_790_000_000, f"{code} X", "c"]
                    for index, (number, address, code) in enumerate(failures)
                ],
            }
        )
    push = _parse(json.dumps({"type": "status-report", "rpts": rpts}).encode(), "")
    assert isinstance(push, StatusReportPush)
    assert [report.tid for report in push.reports] == [task[0] for task in tasks]
    for report, (_, successes, failures) in zip(push.reports, tasks, strict=True):
        assert report.sent == len(successes)
        assert report.failed == len(failures)
        good = [item for item in report.outcomes if item.success]
        bad = [item for item in report.outcomes if not item.success]
        assert [(item.number, item.slot) for item in good] == successes
        assert [(item.number, item.slot, item.reason_code) for item in bad] == failures


@SETTINGS
@given(
    st.dictionaries(
        ADDRESSES,
        st.tuples(st.integers(0, 16), st.integers(0, 31) | st.just(99)),
        min_size=1,
        max_size=10,
    ),
    st.sampled_from(["max-slot", "max-slots"]),
)
def test_dev_status_round_trip(
    slots: dict[SlotAddress, tuple[int, int]], slot_key: str
) -> None:
    """A ``dev-status`` push lists the slots it carries, inside its size."""
    max_ports = max(address.port for address in slots)
    max_slots = max(address.slot for address in slots)
    data = {
        "type": "dev-status",
        "seq": 1,
        "expires": 60,
        "mac": "00-30-F1-01-02-03",
        "max-ports": max_ports,
        slot_key: str(max_slots),
        "status": [
            {"port": str(address), "st": state, "sig": signal}
            for address, (state, signal) in slots.items()
        ],
    }
    push = _parse(json.dumps(data).encode(), "application/json")
    assert isinstance(push, DevStatusPush)
    assert push.status.mac == "00:30:f1:01:02:03"
    assert (push.status.max_ports, push.status.slots_per_port) == (max_ports, max_slots)
    assert set(push.status.slots) == set(slots)
    for address, (state, _) in slots.items():
        assert push.status.slots[address].state_code == state
    _check_invariants(push)


@SETTINGS
@given(ADDRESSES, st.integers(0, 16), st.sampled_from(["st", "status"]))
def test_port_status_round_trip(address: SlotAddress, state: int, key: str) -> None:
    """A ``port-status`` push names its slot and state (``"3 OK"`` strings)."""
    data = {"type": "port-status", "port": address.letter_form, key: f"{state} X"}
    push = _parse(json.dumps(data).encode(), "application/json")
    assert isinstance(push, PortStatusPush)
    assert push.slot.address == address
    assert push.slot.state_code == state


@SETTINGS
@given(
    NAME,
    PHONE,
    PHONE,
    TEXT.map(str.strip),
    st.lists(
        st.tuples(
            st.sampled_from(["image/jpeg", "image/gif", "audio/mpeg"]),
            st.binary(max_size=300),
        ),
        max_size=3,
    ),
)
def test_mms_round_trip(
    subject: str,
    sender: str,
    recipient: str,
    text: str,
    attachments: list[tuple[str, bytes]],
) -> None:
    """The emulator's MMS push: subject, addresses, text and every attachment."""
    parts = [
        MmsFile(filename=f"file{index}.bin", content_type=kind, data=data)
        for index, (kind, data) in enumerate(attachments)
    ]
    mms = build_mms(
        subject=subject,
        sender=sender,
        recipient=recipient,
        text=text,
        parts=parts,
        timestamp=1_790_000_000,
        boundary_serial=1,
    )
    push = _parse(mms.body, mms.content_type, mms.headers)
    assert isinstance(push, MmsPush)
    message = push.message
    assert message.subject == subject
    assert message.sender == sender
    assert message.recipient == recipient
    assert message.text == text
    assert message.date == datetime.fromtimestamp(1_790_000_000, UTC)
    binary = [part for part in message.parts if part.content_type != "text/plain"]
    assert [(part.content_type, part.data) for part in binary] == attachments


@SETTINGS
@given(
    ADDRESSES.filter(lambda address: address.slot <= 26),
    PHONE,
    TEXT.map(lambda text: text.rstrip("\r\n\x00")),
    st.booleans(),
)
def test_sms_to_http_round_trip(
    address: SlotAddress, sender: str, text: str, with_mac: bool
) -> None:
    """The octet-stream push: slot and sender from the query, text after the head."""
    query = {"port": address.letter_form, "sender": sender}
    if with_mac:
        query["mac"] = "0030F1010203"
    body = f"Sender: {sender}\nReceiver: +1555\nTime: 2025-01-01 10:00:00\n\n{text}"
    push = _parse(body.encode(), "application/octet-stream", {}, query)
    assert isinstance(push, ReceivedSmsPush)
    (message,) = push.messages
    assert message.slot == address
    assert message.sender == sender
    assert message.text == text
    assert push.mac == ("00:30:f1:01:02:03" if with_mac else None)
