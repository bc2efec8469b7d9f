"""Tests of push parsing: every push type, and malformed pushes."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import HTTP
import json
from pathlib import Path

import pytest

from custom_components.ejoin.api import (
    DevStatusPush,
    EjoinResponseError,
    MmsPush,
    PortState,
    PortStatusPush,
    ReceivedSmsPush,
    SlotAddress,
    SlotRowMemo,
    StatusReportPush,
    parse_push,
)

FIXTURES = Path(__file__).parent / "fixtures"
JSON = "application/json;charset=utf-8"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_dev_status_push() -> None:
    push = parse_push(fixture("dev_status_push_letters.json"), JSON)
    assert isinstance(push, DevStatusPush)
    assert push.status.mac == "00:30:f1:01:02:03"
    assert push.status.expires == 180
    assert len(push.status.slots) == 3


def test_dev_status_pushes_with_a_memo_repeat_unchanged_slots() -> None:
    """Slots a push repeats are the objects of the last push; changed ones are new."""
    memo = SlotRowMemo()
    body = json.loads(fixture("dev_status_push_letters.json"))
    first = parse_push(json.dumps(body).encode(), JSON, memo=memo)
    body["status"][0]["sig"] = 5
    second = parse_push(json.dumps(body).encode(), JSON, memo=memo)
    assert isinstance(first, DevStatusPush)
    assert isinstance(second, DevStatusPush)
    (changed, *same) = first.status.slots
    assert second.status.slots[changed] is not first.status.slots[changed]
    assert second.status.slots[changed].signal == 5
    assert all(second.status.slots[a] is first.status.slots[a] for a in same)


def test_port_status_push() -> None:
    push = parse_push(fixture("port_status_push_doc.json"), JSON)
    assert isinstance(push, PortStatusPush)
    assert push.slot.address == SlotAddress(2, 2)
    assert push.slot.state is PortState.REGISTERED


def test_recv_sms_push() -> None:
    push = parse_push(fixture("recv_sms_push.json"), JSON)
    assert isinstance(push, ReceivedSmsPush)
    assert push.mac is None
    assert [message.is_delivery_report for message in push.messages] == [
        False,
        True,
        True,
    ]
    assert push.messages[0].text == "Hello, 世界!"
    assert push.messages[1].delivered is True
    assert push.messages[2].delivered is False


def test_recv_sms_push_skips_bad_rows() -> None:
    body = json.dumps(
        {
            "type": "recv-sms",
            "sms_num": 2,
            "sms": [[0, "1.01"], [0, "1.01", 1, "a", "b", "SGk="]],
        }
    ).encode()
    push = parse_push(body, "text/plain")
    assert isinstance(push, ReceivedSmsPush)
    assert [message.text for message in push.messages] == ["Hi"]
    # The push says what it could not read, so it is not acknowledged as taken.
    assert push.unreadable == ("an array of 2 fields",)


@pytest.mark.parametrize(
    ("rows", "shape"),
    [
        (
            [{"port": 1, "slot": 1, "ts": 1, "sender": "a", "text": "Hi"}],
            "an object with keys port, sender, slot, text, ts",
        ),
        ([[0, "1.01", 1, "a", "b"]], "an array of 5 fields"),
        (["text"], "a str"),
    ],
)
def test_recv_sms_push_without_a_readable_row(rows: list[object], shape: str) -> None:
    """A push of nothing readable is malformed, and the error names its shape."""
    body = json.dumps({"type": "recv-sms", "sms_num": 1, "sms": rows}).encode()
    with pytest.raises(EjoinResponseError, match=f"no readable row.*{shape}"):
        parse_push(body, JSON)


def test_recv_sms_push_of_nothing() -> None:
    push = parse_push(b'{"type": "recv-sms", "sms_num": 0, "sms": []}', JSON)
    assert isinstance(push, ReceivedSmsPush)
    assert push.messages == ()
    assert push.unreadable == ()


def test_status_report_push() -> None:
    push = parse_push(fixture("status_report_push.json"), JSON)
    assert isinstance(push, StatusReportPush)
    assert [report.tid for report in push.reports] == [1223, 1224]
    body = json.dumps({"type": "status-report", "rpts": [{"sent": 1}, {"tid": 9}]})
    push = parse_push(body.encode(), JSON)
    assert isinstance(push, StatusReportPush)
    assert [report.tid for report in push.reports] == [9]


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        ({"rpts": []}, StatusReportPush),
        ({"sms": []}, ReceivedSmsPush),
        ({"status": [], "mac": "00:30:f1:01:02:03"}, DevStatusPush),
        ({"port": "1.01", "st": 3}, PortStatusPush),
        ({"port": "1.01", "status": "3 OK"}, PortStatusPush),
    ],
)
def test_json_push_without_type(data: dict[str, object], kind: type) -> None:
    assert isinstance(parse_push(json.dumps(data).encode(), JSON), kind)


def test_json_push_with_bom_and_octet_stream_type() -> None:
    body = b"\xef\xbb\xbf" + fixture("port_status_push_doc.json")
    assert isinstance(parse_push(body, "application/octet-stream"), PortStatusPush)


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        (b"", JSON, "Unknown push"),
        (b"hello", "text/plain", "Unknown push"),
        (b"{", JSON, "not valid JSON"),
        (b"{\xff}", JSON, "not valid JSON"),
        (b"[1, 2]", JSON, "Unknown push"),
        (b'{"type": "bogus"}', JSON, "Unknown push type"),
        (b'{"type": 5}', JSON, "not a string"),
        (b'{"a": 1}', JSON, "no 'type'"),
        (b'{"type": "recv-sms", "sms": 5}', JSON, "'sms' array"),
        (b'{"type": "status-report"}', JSON, "'rpts' array"),
        (b'{"type": "port-status", "st": 3}', JSON, "port"),
        (b'{"type": "dev-status", "status": 3}', JSON, "not an array"),
        (b"{" * 100000, JSON, "not valid JSON"),
    ],
)
def test_malformed_json_push(body: bytes, content_type: str, message: str) -> None:
    with pytest.raises(EjoinResponseError, match=message):
        parse_push(body, content_type)


def test_non_bytes_body() -> None:
    with pytest.raises(EjoinResponseError, match="bytes"):
        parse_push("text", JSON)  # type: ignore[arg-type]


def test_unexpected_errors_become_response_errors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def boom(_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("custom_components.ejoin.api.push.SlotStatus.from_dict", boom)
    with pytest.raises(EjoinResponseError, match="RuntimeError"):
        parse_push(fixture("port_status_push_doc.json"), JSON)


def test_sms_to_http_push() -> None:
    body = (
        b"Sender: +8613800000000\r\nReceiver: +8613900000000\r\nSMSC: +8613800200500\r\n"
        b"\r\nHello \xe4\xb8\x96\xe7\x95\x8c\r\nsecond line\r\n"
    )
    push = parse_push(
        body,
        "application/octet-stream",
        query={
            "port": "61A",
            "sender": "+8613800000000",
            "mac": "00-30-F1-01-02-03",
            "iccid": "8986",
        },
    )
    assert isinstance(push, ReceivedSmsPush)
    assert push.mac == "00:30:f1:01:02:03"
    (message,) = push.messages
    assert message.slot == SlotAddress(61, 1)
    assert message.sender == "+8613800000000"
    assert message.recipient == "+8613900000000"
    assert message.text == "Hello 世界\r\nsecond line"
    assert message.iccid == "8986"
    assert not message.is_delivery_report
    assert message.received_at is not None
    assert message.received_at.tzinfo is UTC
    # No time line: the time of arrival stands in, and the parser says so.
    assert message.time_estimated
    dated = parse_push(
        b"Sender: +1\r\nTime: 2026-12-05 10:00:00\r\n\r\nHi",
        "application/octet-stream",
        query={"port": "1A"},
    )
    assert isinstance(dated, ReceivedSmsPush)
    assert dated.messages[0].received_at == datetime(2026, 12, 5, 10, tzinfo=UTC)
    assert not dated.messages[0].time_estimated


def test_sms_to_http_push_variants() -> None:
    # No mac, no header block, text that looks like base64 stays as it is.
    push = parse_push(
        b"SGVsbG8=", "application/octet-stream", query={"port": "2.03", "sender": "1"}
    )
    assert isinstance(push, ReceivedSmsPush)
    assert push.mac is None
    assert push.messages[0].text == "SGVsbG8="
    assert push.messages[0].slot == SlotAddress(2, 3)
    # Everything from the header lines; an unreadable port is tolerated.
    body = b"port=bogus\nfrom=+1\ntime=1711619230\n\ntext\n"
    push = parse_push(body, "application/octet-stream")
    assert isinstance(push, ReceivedSmsPush)
    message = push.messages[0]
    assert message.slot is None
    assert message.sender == "+1"
    assert message.received_at == datetime(2024, 3, 28, 9, 47, 10, tzinfo=UTC)
    assert message.text == "text"


def _mms_message() -> EmailMessage:
    message = EmailMessage(policy=HTTP)
    message.make_related()
    smil = EmailMessage()
    smil.set_content(b"<smil/>", maintype="application", subtype="smil")
    smil["Content-ID"] = "<0.smil>"
    message.attach(smil)
    image = EmailMessage()
    image.set_content(
        b"\xff\xd8\xff\xe0jpeg",
        maintype="image",
        subtype="jpeg",
        filename="IMG_3337.jpg",
    )
    image["Content-Location"] = "IMG_3337.jpg"
    message.attach(image)
    text = EmailMessage()
    text.set_content("content00 \u4e16", charset="utf-8")
    text["Content-Location"] = "text_1.txt"
    message.attach(text)
    located = EmailMessage()
    located.set_content(b"ID3", maintype="audio", subtype="mpeg")
    del located["Content-Disposition"]
    located["Content-Location"] = "tune.mp3"
    message.attach(located)
    return message


def _split_http(message: EmailMessage) -> tuple[str, bytes]:
    raw = message.as_bytes(policy=HTTP)
    head, _, body = raw.partition(b"\r\n\r\n")
    content_type = next(
        line.split(b":", 1)[1].strip().decode()
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-type:")
    )
    return content_type, body


def test_mms_push() -> None:
    content_type, body = _split_http(_mms_message())
    headers = {
        "Date": "Thu, 28 Mar 2024 09:47:10 GMT",
        "Emms-Subject": "c3ViamVjdDAw; charset=US-ASCII",
        "Emms-From": "Kzg2MTM3NTEwNjQxMjk=; type=PLMN; charset=UTF-8",
        "Emms-To": base64.b64encode(b"8613580256847/TYPE=PLMN").decode()
        + "; type=PLMN",
        "Content-Type": content_type,
    }
    push = parse_push(body, content_type, headers)
    assert isinstance(push, MmsPush)
    mms = push.message
    assert mms.subject == "subject00"
    assert mms.sender == "+8613751064129"
    assert mms.recipient == "8613580256847"
    assert mms.date == datetime(2024, 3, 28, 9, 47, 10, tzinfo=UTC)
    assert mms.text == "content00 \u4e16"
    assert [part.content_type for part in mms.parts] == [
        "image/jpeg",
        "text/plain",
        "audio/mpeg",
    ]
    assert [part.filename for part in mms.parts] == [
        "IMG_3337.jpg",
        "text_1.txt",
        "tune.mp3",
    ]
    assert mms.parts[0].data == b"\xff\xd8\xff\xe0jpeg"
    assert mms.parts[0].size == 8


def test_mms_push_doc_example_shape() -> None:
    body = (
        b"--032817471092001110508\r\n"
        b"Content-Type: application/smil\r\nContent-ID: <0.smil>\r\n\r\n<smil/>\r\n"
        b"--032817471092001110508\r\n"
        b'Content-Type: image/jpeg; name="IMG_3337.jpg"\r\nContent-Location: IMG_3337.jpg\r\n\r\n'
        b"....\r\n"
        b"--032817471092001110508\r\n"
        b"Content-Type: text/plain; charset=US-ASCII\r\nContent-Location: text_1.txt\r\n\r\n"
        b"content00\r\n"
        b"--032817471092001110508--\r\n"
    )
    content_type = (
        'multipart/related; boundary=032817471092001110508; type="application/smil"; '
        'start="<0.smil>"'
    )
    push = parse_push(
        body,
        content_type,
        {"emms-subject": "c3ViamVjdDAw; charset=US-ASCII", "date": "garbage"},
    )
    assert isinstance(push, MmsPush)
    assert push.message.subject == "subject00"
    assert push.message.sender is None
    assert push.message.date is None
    assert push.message.text == "content00"
    assert [part.filename for part in push.message.parts] == [
        "IMG_3337.jpg",
        "text_1.txt",
    ]


def test_mms_push_tolerant_headers() -> None:
    # Not base64, unknown charset, naive date, single-part body, odd text charset.
    push = parse_push(
        b"plain body",
        "text/plain; charset=x-unknown",
        {
            "Emms-Subject": "not base64!; charset=UTF-8",
            "Emms-From": base64.b64encode(b"+1").decode() + "; charset=x-unknown",
            "Date": "Thu, 28 Mar 2024 09:47:10 -0000",
        },
    )
    assert isinstance(push, MmsPush)
    assert push.message.subject == "not base64!"
    assert push.message.sender == "+1"
    assert push.message.date == datetime(2024, 3, 28, 9, 47, 10, tzinfo=UTC)
    assert push.message.text == "plain body"
    empty = parse_push(b"", "", {"Emms-To": ""})
    assert isinstance(empty, MmsPush)
    assert empty.message.recipient is None


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"no boundary here", "multipart/related"),
        (b"x", "multipart/related; boundary=abc\r\nInjected: 1"),
    ],
)
def test_malformed_mms(body: bytes, content_type: str) -> None:
    with pytest.raises(EjoinResponseError):
        parse_push(body, content_type, {"Emms-Subject": "eA=="})
