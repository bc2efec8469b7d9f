"""Receiving: the inbox (``goip_get_sms.html``) and the receive pushes."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import aiohttp
import pytest

from emulator import MmsFile
from emulator.testing import DeviceCaller

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from emulator import RunningEmulator
    from emulator.testing import PushReceiver


@pytest.fixture
async def device(emulator: RunningEmulator) -> AsyncIterator[DeviceCaller]:
    async with aiohttp.ClientSession() as session:
        yield DeviceCaller(emulator, session)


def text(row: list[object]) -> str:
    content = row[5]
    assert isinstance(content, str)
    return base64.b64decode(content).decode()


async def test_inbox_paging_and_delete(
    device: DeviceCaller, emulator: RunningEmulator
) -> None:
    empty = await device.get("goip_get_sms.html")
    assert empty == {
        "code": 0,
        "reason": "OK",
        "ssrc": emulator.gateway.ssrc,
        "sms_num": 0,
        "next_sms": 1,
        "data": [],
    }
    assert len(empty["ssrc"]) == 16
    for number in range(1, 5):
        emulator.inject_sms("2.03", f"+49{number}", f"message {number}")
    emulator.inject_sms("1B", "+1", "to an idle slot")
    everything = await device.get("goip_get_sms.html")
    assert everything["sms_num"] == 5
    assert everything["next_sms"] == 6
    first = everything["data"][0]
    assert first[:2] == [0, "2.03"]
    assert first[3:5] == ["+491", "+155500203"]
    assert text(first) == "message 1"
    assert everything["data"][4][1] == "1.02"

    page = await device.get("goip_get_sms.html", sms_id=2, sms_num=2)
    assert [text(row) for row in page["data"]] == ["message 2", "message 3"]
    assert page["next_sms"] == 4
    rest = await device.get("goip_get_sms.html", sms_id=page["next_sms"])
    assert rest["sms_num"] == 2
    none = await device.get("goip_get_sms.html", sms_id=6)
    assert (none["sms_num"], none["next_sms"]) == (0, 6)

    deleted = await device.get("goip_get_sms.html", sms_id=1, sms_num=3, sms_del=1)
    assert deleted["sms_num"] == 3
    left = await device.get("goip_get_sms.html")
    assert [text(row) for row in left["data"]] == ["message 4", "to an idle slot"]
    assert left["next_sms"] == 6
    # Parameters may also come in a POST body.
    status, posted = await device.call(
        "goip_get_sms.html", method="POST", json_body={"sms_id": 5}
    )
    assert status == 200
    assert posted["sms_num"] == 1


async def test_reboot_changes_ssrc_and_restarts_ids(
    device: DeviceCaller, emulator: RunningEmulator
) -> None:
    emulator.inject_sms("1.01", "+1", "before")
    before = await device.get("goip_get_sms.html")
    emulator.reboot()
    after = await device.get("goip_get_sms.html", sms_id=before["next_sms"])
    assert after["ssrc"] != before["ssrc"]
    assert after["sms_num"] == 0
    assert after["next_sms"] == 1  # a stale cursor points at the new first id
    emulator.inject_sms("1.01", "+1", "after")
    fresh = await device.get("goip_get_sms.html")
    assert [row[2] for row in fresh["data"]] == [fresh["data"][0][2]]
    assert fresh["next_sms"] == 2
    assert text(fresh["data"][0]) == "after"


async def test_inject_sms_at_a_given_time(
    device: DeviceCaller, emulator: RunningEmulator
) -> None:
    """Two identical SMS in one second: two ids, the same timestamp."""
    emulator.inject_sms("1.01", "+1", "twin", timestamp=1_790_000_000.2)
    emulator.inject_sms("1.01", "+1", "twin", timestamp=1_790_000_000.7)
    rows = (await device.get("goip_get_sms.html"))["data"]
    assert [row[2] for row in rows] == [1_790_000_000, 1_790_000_000]
    assert [text(row) for row in rows] == ["twin", "twin"]
    assert [message.id for message in emulator.gateway.inbox] == [1, 2]


async def test_delivery_report_rows_are_plain_text(
    device: DeviceCaller, emulator: RunningEmulator
) -> None:
    emulator.configure(inbox_port_style="letter")
    emulator.inject_sms("4.03", "+15550000000", "0 24/03/28,09:47:10+08",
                        recipient="+4912345", delivery_report=True)  # fmt: skip
    emulator.inject_sms("4.03", "+15550000000", "", delivery_report=True)
    rows = (await device.get("goip_get_sms.html"))["data"]
    assert rows[0] == [
        1,
        "4C",
        rows[0][2],
        "+15550000000",
        "+4912345",
        "0 24/03/28,09:47:10+08",
    ]
    assert rows[1][5].startswith("0 ")


async def test_recv_sms_push(
    device: DeviceCaller, emulator: RunningEmulator, push_receiver: PushReceiver
) -> None:
    emulator.inject_sms("1.01", "+1", "not pushed: no Sms_url yet")
    await device.call(
        "goip_send_cmd.html",
        method="POST",
        params={"op": "set"},
        data=f"Sms_url={push_receiver.url('/in')}",
    )
    emulator.inject_sms("1.01", "+4917", "Hallo 你好")
    pushed = await push_receiver.wait_type("recv-sms")
    assert pushed["sms_num"] == 1
    assert text(pushed["sms"][0]) == "Hallo 你好"
    assert push_receiver.requests[0].path == "/in"
    dropped = [p for p in emulator.pushes("recv-sms") if p.dropped == "no url"]
    assert len(dropped) == 1


async def test_recv_sms_batching(
    device: DeviceCaller, emulator: RunningEmulator, push_receiver: PushReceiver
) -> None:
    await device.post(
        "goip_post_sms.html",
        {"tasks": [], "sms_url": push_receiver.url(), "sms_cnt": 2, "sms_prd": 0.3},
    )
    for number in range(3):
        emulator.inject_sms("1.01", "+1", f"m{number}")
    first = await push_receiver.wait_type("recv-sms")
    assert first["sms_num"] == 2
    second = await push_receiver.wait_type("recv-sms", lambda m: m["sms_num"] == 1)
    assert text(second["sms"][0]) == "m2"


async def test_http_sms_push(
    emulator: RunningEmulator, push_receiver: PushReceiver
) -> None:
    emulator.configure(http_sms_url=push_receiver.url("/plain") + "?key=1")
    emulator.inject_sms("6C", "+4915", "line one\nline two")
    received = await push_receiver.wait_for(lambda item: item.path == "/plain")
    assert received.headers["Content-Type"] == "application/octet-stream"
    assert received.query == {
        "key": "1",
        "port": "6C",
        "sender": "+4915",
        "mac": emulator.gateway.mac,
        "iccid": emulator.gateway.slot_state(6, 3).sim.iccid,
    }
    assert received.body.split(b"\n\n", 1)[1] == b"line one\nline two"
    emulator.configure(http_sms_mac=False)
    emulator.inject_sms("6C", "+4915", "x")
    await push_receiver.wait_for(lambda _: len(push_receiver.requests) == 2)
    assert "mac" not in push_receiver.requests[1].query


async def test_mms_push(emulator: RunningEmulator, push_receiver: PushReceiver) -> None:
    emulator.configure(mms_url=push_receiver.url("/mms"), mms_extra_headers=True)
    push = emulator.inject_mms(
        sender="+8613751064129",
        recipient="+155500101",
        subject="Grüße",
        text="content00",
        attachments=[MmsFile("IMG_1.jpg", "image/jpeg", b"\xff\xd8\x00")],
    )
    assert push.dropped is None
    received = await push_receiver.wait_for(lambda item: item.path == "/mms")
    headers = received.headers
    subject, _, params = headers["Emms-Subject"].partition(";")
    assert base64.b64decode(subject).decode() == "Grüße"
    assert params.strip() == "charset=UTF-8"
    sender, _, params = headers["Emms-From"].partition(";")
    assert base64.b64decode(sender) == b"+8613751064129"
    assert "type=PLMN" in params
    assert "charset=UTF-8" in params
    assert base64.b64decode(headers["Emms-To"].split(";")[0]) == b"+155500101"
    assert headers["Emms-Port"] == "1.01"
    assert headers["Emms-Mac"] == emulator.gateway.mac
    assert headers["Date"].endswith("GMT")
    content_type = headers["Content-Type"]
    assert content_type.startswith("multipart/related; boundary=")
    assert 'type="application/smil"' in content_type
    boundary = content_type.split("boundary=")[1].split(";")[0]
    body = received.body
    assert body.startswith(f"--{boundary}\r\n".encode())
    assert body.rstrip().endswith(f"--{boundary}--".encode())
    assert b'Content-Type: image/jpeg; name="IMG_1.jpg"' in body
    assert b"Content-Location: IMG_1.jpg" in body
    assert b"Content-ID: <0.smil>" in body
    assert b"\r\n\r\ncontent00\r\n" in body

    emulator.configure(mms_url="")
    assert emulator.inject_mms(sender="+1").dropped == "no url"


def _inbox_texts(emulator: RunningEmulator) -> list[str]:
    return [message.text for message in emulator.gateway.inbox]


@pytest.mark.parametrize("reading", ["query", "json", "json_true", "form"])
async def test_inbox_read_by_post(
    device: DeviceCaller, emulator: RunningEmulator, reading: str
) -> None:
    """Section 8's "GET/POST": a POST's parameters in the query, JSON or a form."""
    for number in range(1, 6):
        emulator.inject_sms("1.01", "+1", f"m{number}")
    wanted: dict[str, object] = {"sms_id": 2, "sms_num": 2, "sms_del": 1}
    if reading == "json_true":
        wanted["sms_del"] = True
    fields = {**device.credentials, **wanted}
    if reading == "query":
        status, reply = await device.call(
            "goip_get_sms.html", method="POST", params=wanted
        )
    elif reading == "form":
        status, reply = await device.call(
            "goip_get_sms.html",
            method="POST",
            auth=False,
            data=urlencode(fields),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    else:
        status, reply = await device.call(
            "goip_get_sms.html", method="POST", auth=False, json_body=fields
        )
    assert status == 200
    assert [text(row) for row in reply["data"]] == ["m2", "m3"]
    assert reply["next_sms"] == 4
    assert _inbox_texts(emulator) == ["m1", "m4", "m5"]
    assert [entry.method for entry in emulator.requests("goip_get_sms.html")] == [
        "POST"
    ]


async def test_delete_takes_exactly_what_the_reply_returned(
    device: DeviceCaller, emulator: RunningEmulator
) -> None:
    """``sms_del=1`` removes the messages of its reply, not one more or less."""
    for number in range(1, 5):
        emulator.inject_sms("1.01", "+1", f"m{number}")
    reply = await device.get("goip_get_sms.html", sms_id=3, sms_del=1)
    assert [text(row) for row in reply["data"]] == ["m3", "m4"]
    emulator.inject_sms("1.01", "+1", "m5")  # after the read: not deleted
    assert _inbox_texts(emulator) == ["m1", "m2", "m5"]
    nothing = await device.get("goip_get_sms.html", sms_id=9, sms_del=1)
    assert nothing["sms_num"] == 0
    assert _inbox_texts(emulator) == ["m1", "m2", "m5"]
    first = await device.get("goip_get_sms.html", sms_num=1, sms_del=1)
    assert [text(row) for row in first["data"]] == ["m1"]
    assert [m.id for m in emulator.gateway.inbox] == [2, 5]


async def test_bulk_injection_through_the_control_api(
    device: DeviceCaller, emulator: RunningEmulator, push_receiver: PushReceiver
) -> None:
    """``POST /_emulator/sms`` with ``messages``: stored and pushed one by one."""
    await device.post(
        "goip_post_sms.html", {"tasks": [], "sms_url": push_receiver.url()}
    )
    batch = [
        {"slot": "1.01", "sender": "+1", "text": "a"},
        {"slot": "2C", "sender": "+2", "text": "b", "recipient": "+99"},
        {"slot": "2.03", "sender": "+3", "text": "", "delivery_report": True},
    ]
    async with device.session.post(
        emulator.url("/_emulator/sms"), json={"messages": batch}
    ) as response:
        assert response.status == 200
        assert await response.json() == {"ok": True, "ids": [1, 2, 3]}
    await emulator.settle()
    pushed = push_receiver.of_type("recv-sms")
    assert [push["sms_num"] for push in pushed] == [1, 1, 1]  # sms_cnt is 1
    rows = [push["sms"][0] for push in pushed]
    assert [row[:2] for row in rows] == [[0, "1.01"], [0, "2.03"], [1, "2.03"]]
    assert rows[1][4] == "+99"
    assert rows[2][5].startswith("0 ")


@pytest.mark.parametrize(
    "body",
    [
        {"messages": [{"slot": "1.01", "text": "ok"}, {"slot": "9.01", "text": "x"}]},
        {"messages": [{"slot": "1.01", "text": "ok"}, {"text": "no slot"}]},
        {"messages": [{"slot": "1.01", "text": "ok"}, "not an object"]},
        {"messages": {"slot": "1.01"}},
    ],
)
async def test_bulk_injection_is_all_or_nothing(
    device: DeviceCaller, emulator: RunningEmulator, body: dict[str, object]
) -> None:
    async with device.session.post(
        emulator.url("/_emulator/sms"), json=body
    ) as response:
        assert response.status == 400
        assert (await response.json())["ok"] is False
    assert len(emulator.gateway.inbox) == 0


async def test_ten_thousand_sms_inbox_and_pushes(
    device: DeviceCaller, emulator: RunningEmulator, push_receiver: PushReceiver
) -> None:
    """10,000 SMS: batched pushes carry each once, paged reads return each once."""
    count = 10_000
    await device.post(
        "goip_post_sms.html",
        {"tasks": [], "sms_url": push_receiver.url(), "sms_cnt": 100, "sms_prd": 60},
    )
    stored = emulator.inject_sms_many(
        {"slot": "1.01", "sender": "+1", "text": f"m{number}"}
        for number in range(count)
    )
    assert [message.id for message in stored] == list(range(1, count + 1))
    await emulator.settle()
    pushes = emulator.pushes("recv-sms")
    assert len(pushes) == count // 100
    assert all(push.outcome == "delivered" for push in pushes)
    pushed = [
        text(row) for body in push_receiver.of_type("recv-sms") for row in body["sms"]
    ]
    assert pushed == [f"m{number}" for number in range(count)]
    read: list[str] = []
    cursor = 1
    while True:
        page = await device.get(
            "goip_get_sms.html", sms_id=cursor, sms_num=500, sms_del=1
        )
        if not page["data"]:
            break
        read += [text(row) for row in page["data"]]
        cursor = page["next_sms"]
    assert read == [f"m{number}" for number in range(count)]
    assert len(emulator.gateway.inbox) == 0
