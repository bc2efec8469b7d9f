"""Sending: ``goip_post_sms.html``, status reports, task control and the SMS loop."""

from __future__ import annotations

import asyncio
import base64
from email import message_from_bytes
from email.message import Message
import re
from typing import TYPE_CHECKING, Any

import aiohttp
import pytest

from emulator.testing import DeviceCaller

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from emulator import RunningEmulator
    from emulator.testing import PushReceiver

B64 = base64.b64encode(b"hello").decode()


@pytest.fixture
async def device(emulator: RunningEmulator) -> AsyncIterator[DeviceCaller]:
    async with aiohttp.ClientSession() as session:
        yield DeviceCaller(emulator, session)


async def send(device: DeviceCaller, *tasks: dict[str, Any], **extra: Any) -> list[str]:
    reply = await device.post(
        "goip_post_sms.html",
        {"type": "send-sms", "task_num": len(tasks), "tasks": list(tasks), **extra},
    )
    assert reply["code"] == 200
    assert reply["reason"] == "OK"
    assert reply["type"] == "task-status"
    return [item["status"] for item in reply["status"]]


async def test_send_and_status_report(
    device: DeviceCaller, push_receiver: PushReceiver
) -> None:
    statuses = await send(
        device,
        {"tid": 1, "from": "1", "to": "+4915100001,0009", "sms": "hi", "sdr": 1},
        sr_url=push_receiver.url("/sr"),
        sr_cnt=1,
        sr_prd=1,
    )
    assert statuses == ["0 OK"]
    rows: dict[str, list[Any]] = {"sdr": [], "fdr": []}

    def done(message: Any) -> bool:
        for rpt in message["rpts"]:
            rows["sdr"] += rpt.get("sdr", [])
            rows["fdr"] += rpt.get("fdr", [])
        return bool(rows["sdr"]) and bool(rows["fdr"])

    await push_receiver.wait_for(
        lambda item: item.type == "status-report" and done(item.json)
    )
    report = push_receiver.of_type("status-report")[-1]
    assert report["rpt_num"] == len(report["rpts"])
    rpt = report["rpts"][-1]
    assert rpt["tid"] == 1
    assert {"sending", "sent", "failed", "unsent"} <= set(rpt)
    index, number, port, when = rows["sdr"][0]
    assert (index, number, port) == (1, "+4915100001", "1.01")
    assert isinstance(when, int)
    fdr = rows["fdr"][0]
    assert fdr[:3] == [2, "0009", "1.01"]
    assert fdr[4] == "6 Timeout"
    assert fdr[5]


async def test_report_without_sdr_by_default(
    device: DeviceCaller, push_receiver: PushReceiver
) -> None:
    await send(
        device,
        {"tid": 3, "to": "12345", "sms": "x", "sr_cnt": 1},
        sr_url=push_receiver.url(),
    )
    report = await push_receiver.wait_type("status-report")
    rpt = report["rpts"][0]
    assert rpt["sent"] == 1
    assert "sdr" not in rpt
    assert rpt["fdr"] == []
    await send(
        device,
        {"tid": 4, "to": "0001", "sms": "x", "sr_cnt": 1, "fdr": 0},
        sr_url=push_receiver.url(),
    )
    report = await push_receiver.wait_type(
        "status-report", lambda m: m["rpts"][0]["tid"] == 4
    )
    assert report["rpts"][0]["failed"] == 1
    assert "fdr" not in report["rpts"][0]


@pytest.mark.parametrize(
    ("task", "status"),
    [
        ({"to": "1", "sms": "x"}, "11 TID Expected"),
        ({"tid": "abc", "to": "1", "sms": "x"}, "11 TID Expected"),
        ({"tid": 1, "sms": "x"}, "9 TO expected"),
        ({"tid": 1, "to": " , ", "sms": "x"}, "9 TO expected"),
        ({"tid": 1, "to": "1"}, "8 SMS expected"),
        ({"tid": 1, "to": "1", "sms": ""}, "8 SMS expected"),
        ({"tid": 1, "to": "1", "sms": "x", "from": "9"}, "2 Invalid Port"),
        ({"tid": 1, "to": "1", "sms": "x", "from": "1.07"}, "2 Invalid Port"),
        ({"tid": 1, "to": "1", "sms": "x", "smstype": 1}, "17 MMS Title expected"),
        (
            {
                "tid": 1,
                "to": "1",
                "smstype": 1,
                "smstitle": "t",
                "attachments": ";".join([f"txt|{B64}"] * 6),
            },
            "18 Too Many MMS Attachments",
        ),
        (
            {
                "tid": 1,
                "to": "1",
                "smstype": 1,
                "smstitle": "t",
                "attachments": "jpg|" + base64.b64encode(b"x" * 102_401).decode(),
            },
            "20 MMS Attachments Cache size Overlimit",
        ),
        (
            {"tid": 1, "to": "1", "smstype": 1, "smstitle": "t"},
            "19 MMS Attachments expected",
        ),
        (
            {
                "tid": 1,
                "to": "1",
                "smstype": 1,
                "smstitle": "",
                "attachments": "png|AA==",
            },
            "19 MMS Attachments expected",
        ),
        ({"tid": 1, "to": "1", "sms": "!!", "chs": "base64"}, "8 SMS expected"),
    ],
)
async def test_task_refusals(
    device: DeviceCaller, task: dict[str, Any], status: str
) -> None:
    assert await send(device, task) == [status]


async def test_duplicates_and_queue_limit(
    device: DeviceCaller, emulator: RunningEmulator
) -> None:
    emulator.configure(max_queued_tasks=2, send_time=10.0)
    statuses = await send(
        device,
        {"tid": 1, "to": "1", "sms": "x"},
        {"tid": 1, "to": "1", "sms": "x"},
        {"tid": 2, "to": "1", "sms": "x"},
        {"tid": 3, "to": "1", "sms": "x"},
        "not a task",  # type: ignore[arg-type]
    )
    assert statuses == [
        "0 OK",
        "13 Duplicated TaskId",
        "0 OK",
        "16 Too Many Task",
        "11 TID Expected",
    ]


async def test_mms_tasks_are_accepted_in_both_attachment_forms(
    device: DeviceCaller,
) -> None:
    statuses = await send(
        device,
        {
            "tid": 10,
            "to": "1",
            "smstype": 1,
            "smstitle": "pic",
            "attachments": f"jpg|{B64};txt|{B64}",
        },
        {
            "tid": 11,
            "to": "1",
            "smstype": 1,
            "smstitle": "",
            "attachments": f"txt {B64};gif {B64}",
        },
        {
            "tid": 12,
            "to_title_array": [["1", "a"], ["2", "b"]],
            "smstype": 2,
            "sms": "x",
        },
    )
    assert statuses == ["0 OK", "0 OK", "0 OK"]


async def test_get_form_and_bare_array(
    device: DeviceCaller, emulator: RunningEmulator
) -> None:
    reply = await device.get("goip_post_sms.html", tid=41, to="123", sms="hello get")
    assert reply["status"] == [{"tid": 41, "status": "0 OK"}]
    task = emulator.gateway.task(41)
    assert task is not None
    assert task.text == "hello get"
    reply = await device.post(
        "goip_post_sms.html", [{"tid": 42, "to": "1", "sms": "x"}]
    )
    assert reply["status"][0]["status"] == "0 OK"
    _, reply = await device.call("goip_post_sms.html", method="POST", data="{nope")
    assert reply["code"] == 15
    reply = await device.post("goip_post_sms.html", {"type": "send-sms"})
    assert reply["code"] == 15


async def test_sms_to_an_own_number_loops_back(
    device: DeviceCaller, emulator: RunningEmulator, push_receiver: PushReceiver
) -> None:
    statuses = await send(
        device,
        {
            "tid": 7,
            "from": "1",
            "to": "+155500203",
            "sms": base64.b64encode("Grüße 👋".encode()).decode(),
            "chs": "base64",
        },
        sms_url=push_receiver.url("/sms"),
    )
    assert statuses == ["0 OK"]
    pushed = await push_receiver.wait_type("recv-sms")
    assert pushed["sms_num"] == 1
    flag, port, ts, sender, recipient, content = pushed["sms"][0]
    assert (flag, port, sender, recipient) == (0, "2.03", "+155500101", "+155500203")
    assert isinstance(ts, int)
    assert base64.b64decode(content).decode() == "Grüße 👋"
    inbox = await device.get("goip_get_sms.html")
    assert inbox["data"] == pushed["sms"]
    assert emulator.gateway.param("sms_url") == push_receiver.url("/sms")


async def test_delivery_reports(
    device: DeviceCaller, emulator: RunningEmulator, push_receiver: PushReceiver
) -> None:
    await send(
        device,
        {"tid": 1, "from": "5", "to": "+4915100002,9991234", "sms": "x", "dr": 1},
        sms_url=push_receiver.url("/sms"),
    )
    await push_receiver.wait_for(lambda _: len(push_receiver.of_type("recv-sms")) == 2)
    rows = [push["sms"][0] for push in push_receiver.of_type("recv-sms")]
    by_recipient = {row[4]: row for row in rows}
    ok = by_recipient["+4915100002"]
    assert ok[0] == 1
    assert ok[1] == "5.01"
    assert ok[3].startswith("+")  # the SMS centre
    code, scts = ok[5].split(" ", 1)
    assert code == "0"
    assert re.fullmatch(r"\d\d/\d\d/\d\d,\d\d:\d\d:\d\d\+\d\d", scts)
    assert by_recipient["9991234"][5].startswith("64 ")
    stats = emulator.gateway.statistics.sms(ports="5")["stats"][0]
    assert stats["received"] == 0  # reports are not received SMS


async def test_mms_to_an_own_number_is_pushed_as_mms(
    device: DeviceCaller, emulator: RunningEmulator, push_receiver: PushReceiver
) -> None:
    emulator.configure(mms_url=push_receiver.url("/mms"))
    jpg = base64.b64encode(b"\xff\xd8jpegdata").decode()
    await send(
        device,
        {
            "tid": 1,
            "from": "1",
            "to": "+155500501",
            "smstype": 1,
            "smstitle": "Holiday",
            "sms": "see picture",
            "attachments": f"jpg|{jpg}",
        },
    )
    received = await push_receiver.wait_for(lambda item: item.path == "/mms")
    assert (
        base64.b64decode(received.headers["Emms-Subject"].split(";")[0]) == b"Holiday"
    )
    assert (
        base64.b64decode(received.headers["Emms-From"].split(";")[0]) == b"+155500101"
    )
    parsed = message_from_bytes(
        b"Content-Type: "
        + received.headers["Content-Type"].encode()
        + b"\r\n\r\n"
        + received.body
    )
    parts = [part for part in parsed.walk() if not part.is_multipart()]
    assert [p.get_content_type() for p in parts] == [
        "application/smil",
        "image/jpeg",
        "text/plain",
    ]
    image = parts[1]
    assert isinstance(image, Message)
    assert image["Content-Location"] == "attachment_1.jpg"
    assert image.get_payload(decode=True) == b"\xff\xd8jpegdata"
    assert parts[2].get_payload(decode=True) == b"see picture"


async def test_pause_resume_remove_and_get_tasks(
    device: DeviceCaller, emulator: RunningEmulator
) -> None:
    emulator.configure(send_time=30.0)  # the first recipient blocks port 1
    await send(
        device,
        {"tid": 1, "from": "1", "to": "1", "sms": "first"},
        {"tid": 2, "from": "1", "to": "2,3", "sms": "second"},
        {"tid": 3, "from": "1", "to": "4", "sms": "third", "chs": "utf8", "coding": 2},
        {"tid": 4, "from": "2", "to": "5", "sms": "other port"},
    )
    await emulator.wait_for(lambda: emulator.gateway.tasks.lane(1).inflight is not None)
    listing = await device.get("goip_get_tasks.html", port=1, pos=0, has_content=1)
    assert listing["code"] == 200
    assert listing["total_num"] == listing["task_num"] == 2
    assert listing["tasks"][0] == {
        "tid": 2,
        "state": 0,
        "from": "1",
        "to": "2,3",
        "chs": "utf8",
        "coding": 0,
        "sms": "second",
    }
    page = await device.get("goip_get_tasks.html", port=1, pos=1, num=5)
    assert [task["tid"] for task in page["tasks"]] == [3]
    assert "sms" not in page["tasks"][0]
    assert page["total_num"] == 2

    reply = await device.post("goip_pause_sms.html", {"tids": [2, 99]})
    assert reply == {
        "code": 200,
        "reason": "OK",
        "results": [
            {"tid": 2, "status": "0 OK"},
            {"tid": 99, "status": "11 TID Expected"},
        ],
    }
    listing = await device.get("goip_get_tasks.html", port=1, pos=0)
    assert [(t["tid"], t["state"]) for t in listing["tasks"]] == [(2, 1), (3, 0)]

    reply = await device.post("goip_remove_sms.html", {"tids": [3]})
    assert reply["results"] == [{"tid": 3, "status": "0 OK"}]
    listing = await device.get("goip_get_tasks.html", port=1, pos=0)
    assert [t["tid"] for t in listing["tasks"]] == [2]

    # Without tids: everything; pause and remove then carry no results.
    reply = await device.post("goip_pause_sms.html", {})
    assert reply == {"code": 200, "reason": "OK"}
    reply = await device.post("goip_resume_sms.html", {})
    assert {item["tid"] for item in reply["results"]} == {1, 2, 4}
    reply = await device.post("goip_resume_sms.html", {"tids": "2,3"})
    assert [item["status"] for item in reply["results"]] == ["0 OK", "11 TID Expected"]

    emulator.configure(send_time=0.01)
    emulator.gateway.tasks.lane(1).inflight_done = 0  # finish the blocking send now
    emulator.runtime.wake()
    task = emulator.gateway.task(2)
    assert task is not None
    await emulator.wait_for(lambda: not task.active)
    assert task.sent == 2
    removed = emulator.gateway.task(3)
    assert removed is not None
    assert removed.sent == 0
    assert removed.removed
    reply = await device.post("goip_remove_sms.html", {"tids": [2]})
    assert reply["results"][0]["status"] == "11 TID Expected"
    assert (await device.get("goip_get_tasks.html", port=99))["code"] == 2


async def test_paused_task_is_not_sent_until_resumed(
    device: DeviceCaller, emulator: RunningEmulator
) -> None:
    emulator.configure(send_time=0.3)
    await send(device, {"tid": 1, "from": "2", "to": "1,2", "sms": "x"})
    task = emulator.gateway.task(1)
    assert task is not None
    await emulator.wait_for(lambda: task.sending == 1)
    await device.post("goip_pause_sms.html", {"tids": [1]})
    await emulator.wait_for(lambda: task.sent == 1, within=2)
    await asyncio.sleep(0.4)
    assert (task.sent, task.sending, task.unsent) == (1, 0, 1)
    await device.post("goip_resume_sms.html", {"tids": [1]})
    await emulator.wait_for(lambda: task.sent == 2)
