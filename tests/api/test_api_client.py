"""Tests of the client's requests and error mapping against a scripted HTTP server.

A small aiohttp server on 127.0.0.1 records each request and answers what the test
scripted, so the exact wire format (query, Content-Type, body) is checked. The
end-to-end behaviour against the stateful emulator is in test_api_emulator.py.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
import hashlib
import logging
from pathlib import Path
import socket
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

import aiohttp
from aiohttp import web
import pytest

from custom_components.ejoin.api import (
    CommandOp,
    EjoinAuthenticationError,
    EjoinClient,
    EjoinConnectionError,
    EjoinError,
    EjoinRefusedError,
    EjoinResponseError,
    EjoinTimeoutError,
    MmsAttachment,
    PortSelection,
    PortState,
    SlotAddress,
    SmsCoding,
    SmsTask,
    SmsType,
    StatPeriod,
    transport as transport_module,
    v2 as v2_module,
)

if TYPE_CHECKING:
    from tests.api.fake_gateway import FakeGateway

FIXTURES = Path(__file__).parent / "fixtures"
PASSWORD = "s3cr#t&pa=ss"  # characters that need URL encoding
USERNAME = "admin"

pytestmark = pytest.mark.usefixtures("socket_enabled")


@pytest.fixture
def client(gateway: FakeGateway, session: aiohttp.ClientSession) -> EjoinClient:
    return EjoinClient(
        gateway.host,
        session=session,
        port=gateway.port,
        username=USERNAME,
        password=PASSWORD,
        request_timeout=2,
    )


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def is_secure(client: EjoinClient) -> bool:
    return client.secure_session_active


def md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()  # noqa: S324


# --------------------------------------------------------------------- basics


def test_invalid_host(session: aiohttp.ClientSession) -> None:
    with pytest.raises(ValueError, match="Host"):
        EjoinClient("http://1.2.3.4", session=session, password=PASSWORD)
    assert EjoinClient("::1", session=session, password="x").base_url == "http://[::1]"


def test_repr_and_properties(client: EjoinClient, gateway: FakeGateway) -> None:
    text = repr(client)
    assert PASSWORD not in text
    assert USERNAME not in text
    assert text == f"EjoinClient(host='127.0.0.1', port={gateway.port}, api=v2.1)"
    assert client.host == "127.0.0.1"
    assert client.port == gateway.port
    assert client.base_url == f"http://127.0.0.1:{gateway.port}"
    assert not is_secure(client)


async def test_get_status(client: EjoinClient, gateway: FakeGateway) -> None:
    gateway.reply("/goip_get_status.html", fixture_text("dev_status_doc.json"))
    status = await client.get_status()
    assert status.mac == "00:30:f1:00:6c:55"
    assert status.slots[SlotAddress(1, 1)].state is PortState.REGISTERED
    request = gateway.last
    assert request.method == "GET"
    assert request.content_type is None  # no JSON Content-Type on GET
    assert request.query == {
        "username": USERNAME,
        "password": PASSWORD,
        "all_slots": "1",
    }
    await client.get_status(all_slots=False, all_sims=True)
    assert gateway.last.query["all_slots"] == "0"
    assert gateway.last.query["all_sims"] == "1"


async def test_a_reply_without_end_is_refused(
    client: EjoinClient, gateway: FakeGateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reply over the limit is an error, declared or streamed."""
    monkeypatch.setattr(transport_module, "MAX_REPLY_BYTES", 1000)
    gateway.reply("/goip_get_status.html", web.Response(body=b"x" * 5000))
    with pytest.raises(EjoinResponseError, match="over the limit"):
        await client.get_status()

    async def streamed(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()
        await response.prepare(request)
        for _ in range(10):
            await response.write(b"y" * 400)
        return response

    gateway.reply("/goip_get_status.html", streamed)
    with pytest.raises(EjoinResponseError, match="over the limit"):
        await client.get_status()


async def test_a_big_status_is_parsed_in_a_thread(
    client: EjoinClient, gateway: FakeGateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above the threshold the reply is parsed off the event loop, same result."""
    monkeypatch.setattr(v2_module, "_PARSE_IN_THREAD", 10)
    gateway.reply("/goip_get_status.html", fixture_text("dev_status_doc.json"))
    status = await client.get_status()
    assert status.slots[SlotAddress(1, 1)].state is PortState.REGISTERED


async def test_a_big_reply_is_put_together_in_a_thread(
    client: EjoinClient, gateway: FakeGateway
) -> None:
    """A reply of many pieces, a character split between two, reads as sent."""
    values = {f"name{number}": f"Zürich ✓ {number}" for number in range(20_000)}
    body = "".join(f"{name}={value}\n" for name, value in values.items()).encode()
    assert len(body) > transport_module.DECODE_IN_THREAD

    async def streamed(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/plain"})
        await response.prepare(request)
        # Pieces of an odd size: "ü" and "✓" are cut between two of them.
        for start in range(0, len(body), 4093):
            await response.write(body[start : start + 4093])
        return response

    gateway.reply("/goip_send_cmd.html", streamed)
    assert await client.get_parameters("name0") == values


async def test_get_status_plain_text(client: EjoinClient, gateway: FakeGateway) -> None:
    gateway.reply("/goip_get_status.html", fixture_text("status_plain.txt"))
    status = await client.get_status()
    assert status.max_ports == 3
    assert status.slots[SlotAddress(1, 1)].state is PortState.REGISTERED


@pytest.mark.parametrize(
    ("reply", "error", "message"),
    [
        ("<html>login</html>", EjoinResponseError, "key=value"),
        ('{"code": 200, "reason": "OK"}', EjoinResponseError, "no status"),
        ("{broken", EjoinResponseError, "not JSON"),
        ("[1]", EjoinResponseError, "key=value"),
        (
            '{"code": 1, "reason": "Invalid User"}',
            EjoinAuthenticationError,
            "Invalid User",
        ),
        (
            '{"code": 14, "reason": "Unauthorized"}',
            EjoinAuthenticationError,
            "Unauthorized",
        ),
    ],
)
async def test_get_status_errors(
    client: EjoinClient,
    gateway: FakeGateway,
    reply: str,
    error: type[EjoinError],
    message: str,
) -> None:
    gateway.reply("/goip_get_status.html", reply)
    with pytest.raises(error, match=message):
        await client.get_status()


async def test_status_push_registration(
    client: EjoinClient, gateway: FakeGateway
) -> None:
    gateway.reply("/goip_get_status.html", fixture_text("dev_status_doc.json"))
    url = "http://192.168.1.5:8123/api/webhook/abc?x=1&y=2"
    status = await client.register_status_push(url, 120)
    assert status is not None
    assert status.max_ports == 32
    assert gateway.last.query["url"] == url
    assert gateway.last.query["period"] == "120"
    assert (
        "url=http%3A%2F%2F192.168.1.5%3A8123%2Fapi%2Fwebhook%2Fabc%3Fx%3D1%26y%3D2"
        in (gateway.last.query_string)
    )
    gateway.reply("/goip_get_status.html", {"code": 0, "reason": "OK"})
    assert await client.register_status_push(url) is None
    assert gateway.last.query["period"] == "60"
    await client.cancel_status_push()
    assert gateway.last.query["period"] == "0"
    assert "url" not in gateway.last.query
    with pytest.raises(ValueError, match="60 s or more"):
        await client.register_status_push(url, 30)


# ------------------------------------------------------------------- commands


async def test_commands(client: EjoinClient, gateway: FakeGateway) -> None:
    await client.lock("1A,2B,3C,4-32")
    request = gateway.last
    assert request.method == "POST"
    assert request.path == "/goip_send_cmd.html"
    assert request.content_type == "application/json;charset=utf-8"
    assert request.query["version"] == "1.1"
    assert request.json == {"type": "command", "op": "lock", "ports": "1A,2B,3C,4-32"}
    await client.unlock(PortSelection.all_ports())
    assert gateway.last.json == {"type": "command", "op": "unlock", "ports": "all"}
    await client.unlock(["3.02", 5])
    assert gateway.last.json["ports"] == "3B,5"
    await client.switch("2B")
    assert gateway.last.json == {"type": "command", "op": "switch", "ports": "2.02"}
    await client.switch(SlotAddress(1, 32))
    assert gateway.last.json["ports"] == "1.32"
    await client.reset("1A,2-3")
    assert gateway.last.json == {"type": "command", "op": "reset", "ports": "1-3"}
    await client.save()
    assert gateway.last.json == {"type": "command", "op": "save"}
    await client.reboot()
    assert gateway.last.json == {"type": "command", "op": "reboot"}


async def test_run_commands(client: EjoinClient, gateway: FakeGateway) -> None:
    await client.run_commands(
        [
            (CommandOp.LOCK, "1A"),
            ("switch", "2B"),
            ("reset", "3.02"),
            (CommandOp.UNLOCK, ["4", "5"]),
        ]
    )
    assert gateway.last.json == {
        "type": "command",
        "op": "multiple",
        "ops": [
            {"op": "lock", "ports": "1A"},
            {"op": "switch", "ports": "2.02"},
            {"op": "reset", "ports": "3"},
            {"op": "unlock", "ports": "4,5"},
        ],
    }
    with pytest.raises(ValueError, match="No commands"):
        await client.run_commands([])
    with pytest.raises(ValueError, match="exactly one slot"):
        await client.run_commands([("switch", ["1A", "2A"])])
    with pytest.raises(ValueError, match="not a valid CommandOp"):
        await client.run_commands([("explode", "1")])


@pytest.mark.parametrize(
    "ok", [{"code": 0, "reason": "OK"}, {"code": "200"}, {}, {"reason": "OK"}]
)
async def test_success_codes(
    client: EjoinClient, gateway: FakeGateway, ok: dict[str, Any]
) -> None:
    gateway.reply("/goip_send_cmd.html", ok)
    await client.save()


@pytest.mark.parametrize(
    ("reply", "status", "error", "message"),
    [
        (
            {"code": 1, "reason": "Invalid User"},
            200,
            EjoinAuthenticationError,
            "credentials",
        ),
        (
            {"code": 14, "reason": "Unauthorized"},
            200,
            EjoinAuthenticationError,
            "credentials",
        ),
        (
            {"code": 500, "reason": "unauthorized"},
            200,
            EjoinAuthenticationError,
            "credentials",
        ),
        ({"reason": "Invalid User"}, 200, EjoinAuthenticationError, "credentials"),
        (
            {"code": 2, "reason": "Invalid Port"},
            200,
            EjoinRefusedError,
            "2 Invalid Port",
        ),
        ({"code": 77}, 200, EjoinRefusedError, "77 Unknown"),
        ({"code": "15 Invalid CMD"}, 200, EjoinRefusedError, "15 Invalid CMD"),
        ({"code": "x"}, 200, EjoinResponseError, "unreadable result code"),
        ({"code": 0}, 401, EjoinAuthenticationError, "HTTP 401"),
        ({"code": 0}, 403, EjoinAuthenticationError, "HTTP 403"),
        ({"code": 0}, 500, EjoinResponseError, "HTTP 500"),
        ({"code": 0}, 404, EjoinResponseError, "HTTP 404"),
        ({"code": 0}, 302, EjoinResponseError, "HTTP 302"),
    ],
)
async def test_error_mapping(  # noqa: PLR0917
    client: EjoinClient,
    gateway: FakeGateway,
    reply: dict[str, Any],
    status: int,
    error: type[EjoinError],
    message: str,
) -> None:
    gateway.reply("/goip_send_cmd.html", web.json_response(reply, status=status))
    with pytest.raises(error, match=message) as info:
        await client.lock("1")
    assert PASSWORD not in str(info.value)
    if isinstance(info.value, EjoinRefusedError):
        assert info.value.code in {2, 15, 77}
        assert info.value.reason


@pytest.mark.parametrize("body", ["not json", "", "[1,2]", "\x00"])
async def test_malformed_json(
    client: EjoinClient, gateway: FakeGateway, body: str
) -> None:
    gateway.reply("/goip_send_cmd.html", body)
    with pytest.raises(EjoinResponseError):
        await client.save()


async def test_json_with_padding(client: EjoinClient, gateway: FakeGateway) -> None:
    gateway.reply("/goip_send_cmd.html", '\ufeff {"code": 200, "reason": "OK"}\x00\x00')
    await client.save()


# ----------------------------------------------------------------- parameters


async def test_get_parameters(client: EjoinClient, gateway: FakeGateway) -> None:
    gateway.reply(
        "/goip_send_cmd.html",
        {
            "code": 0,
            "reason": "OK",
            "sms_url": "http://x/y",
            "sim_imei(3)": 5,
            "list": [1],
        },
    )
    values = await client.get_parameters("sms_url", "sim_imei(3)", "list")
    assert values == {"sms_url": "http://x/y", "sim_imei(3)": "5", "list": "[1]"}
    request = gateway.last
    assert request.method == "GET"
    assert request.content_type is None
    assert request.query_string.endswith("op=get&sms_url&sim_imei(3)&list")
    gateway.reply(
        "/goip_send_cmd.html",
        {"code": 0, "reason": "OK", "par_get": 1, "params": {"sms_url": "http://z"}},
    )
    assert await client.get_parameters("sms_url") == {"sms_url": "http://z"}
    gateway.reply("/goip_send_cmd.html", "sms_url=http://x/y\r\nsw_ver=1.2&junk")
    assert await client.get_parameters("sms_url") == {
        "sms_url": "http://x/y",
        "sw_ver": "1.2",
    }
    with pytest.raises(ValueError, match="No parameter"):
        await client.get_parameters()
    with pytest.raises(ValueError, match="Invalid parameter name"):
        await client.get_parameters("a&b")


async def test_set_parameters(client: EjoinClient, gateway: FakeGateway) -> None:
    gateway.reply("/goip_send_cmd.html", {"code": 0, "reason": "OK", "par_set": 2})
    count = await client.set_parameters(
        {"sim_imei(21)": "865847053403202", "x": "a&b=c d"}
    )
    assert count == 2
    request = gateway.last
    assert request.method == "POST"
    assert request.query["op"] == "set"
    assert request.content_type == "text/plain;charset=utf-8"
    assert request.body == b"sim_imei(21)=865847053403202&x=a%26b%3Dc%20d"
    gateway.reply("/goip_send_cmd.html", {"code": 0, "reason": "OK"})
    assert await client.set_parameters({"a": 1}) == 1
    with pytest.raises(ValueError, match="No parameters"):
        await client.set_parameters({})
    with pytest.raises(ValueError, match="Invalid parameter name"):
        await client.set_parameters({"a=b": "1"})


async def test_set_parameters_and_save(
    client: EjoinClient, gateway: FakeGateway
) -> None:
    gateway.reply("/goip_send_cmd.html", {"code": 0, "reason": "OK", "par_set": 1})
    await client.set_parameters({"a": "1"}, save=True)
    assert [request.body for request in gateway.requests] == [
        b"a=1",
        b'{"type": "command", "op": "save"}',
    ]


async def test_per_slot_parameters(client: EjoinClient, gateway: FakeGateway) -> None:
    gateway.reply("/goip_send_cmd.html", {"code": 0, "reason": "OK", "par_set": 1})
    await client.set_sim_imei("6B", "490154203237518", 4)
    assert gateway.last.body == b"sim_imei(21)=490154203237518"
    await client.set_sim_number(SlotAddress(25, 5), "+123456762221", 8, save=True)
    assert gateway.requests[-2].body == b"sim_number(196)=%2B123456762221"
    assert gateway.last.json == {"type": "command", "op": "save"}
    await client.set_sms_url("http://192.168.1.5:8123/api/webhook/abc")
    assert gateway.last.body == b"sms_url=http://192.168.1.5:8123/api/webhook/abc"
    with pytest.raises(ValueError, match="check digit"):
        await client.set_sim_imei("1A", "865847053403202", 4)
    with pytest.raises(ValueError, match="does not exist"):
        await client.set_sim_number("1E", "1", 4)
    gateway.reply("/goip_send_cmd.html", {"code": 0, "reason": "OK", "par_set": 0})
    with pytest.raises(EjoinRefusedError, match="did not set sms_url") as info:
        await client.set_sms_url("http://x")
    assert info.value.code == -1


# -------------------------------------------------------------------- sending


async def test_send_sms(client: EjoinClient, gateway: FakeGateway) -> None:
    gateway.reply("/goip_post_sms.html", fixture_text("send_sms_reply.json"))
    tasks = [
        SmsTask(tid=1223, to=("13686876620",), message="hello123"),
        SmsTask(
            tid=1224,
            to=("1", "2"),
            message="héllo",
            from_ports=PortSelection.parse("1A,2-3"),
            coding=SmsCoding.UCS2,
            interval_ms=500,
            timeout_s=60,
            report_success=True,
            report_failure=False,
            delivery_report=True,
            sr_prd=30,
            sr_cnt=5,
            smsc="+8613800200500",
        ),
        SmsTask(
            tid=1225,
            to=("3",),
            message="see attached",
            sms_type=SmsType.MMS,
            title="Subject",
            attachments=(
                MmsAttachment("txt", b"hi"),
                MmsAttachment("jpg", b"\xff\xd8"),
            ),
        ),
    ]
    results = await client.send_sms(
        tasks,
        sr_url="http://x/sr",
        sr_cnt=1,
        sr_prd=5,
        sms_url="http://x/sms",
        sms_cnt=2,
        sms_prd=3,
    )
    assert [
        (result.tid, result.code, result.reason, result.ok) for result in results
    ] == [
        (1223, 0, "OK", True),
        (1224, 16, "Too Many Task", False),
        (1225, 13, "Duplicated TaskId", False),
    ]
    request = gateway.last
    assert request.method == "POST"
    assert request.content_type == "application/json;charset=utf-8"
    assert request.query["version"] == "1.1"
    assert request.json == {
        "type": "send-sms",
        "task_num": 3,
        "sr_url": "http://x/sr",
        "sr_cnt": 1,
        "sr_prd": 5,
        "sms_url": "http://x/sms",
        "sms_cnt": 2,
        "sms_prd": 3,
        "tasks": [
            {"tid": 1223, "to": "13686876620", "sms": "hello123"},
            {
                "tid": 1224,
                "to": "1,2",
                "sms": "héllo",
                "from": "1A,2-3",
                "coding": 1,
                "intvl": "500",
                "tmo": 60,
                "sdr": 1,
                "fdr": 0,
                "dr": 1,
                "sr_prd": 30,
                "sr_cnt": 5,
                "smc": "+8613800200500",
                "smsc": "+8613800200500",
            },
            {
                "tid": 1225,
                "to": "3",
                "sms": "see attached",
                "smstype": 1,
                "smstitle": "Subject",
                "attachments": "txt|aGk=;jpg|/9g=",
            },
        ],
    }


async def test_send_mms_multi(client: EjoinClient, gateway: FakeGateway) -> None:
    gateway.reply(
        "/goip_post_sms.html",
        {"code": 200, "reason": "OK", "results": [{"tid": 1, "status": "0 OK"}]},
    )
    task = SmsTask(
        tid=1,
        to=(),
        sms_type=SmsType.MMS_MULTI,
        to_titles=(("111", "Hi A"), ("222", "Hi B")),
    )
    (result,) = await client.send_sms(task)
    assert result.ok
    assert gateway.last.json["tasks"] == [
        {
            "tid": 1,
            "to": "111,222",
            "sms": "",
            "smstype": 2,
            "smstitle": "",
            "to_title_array": [["111", "Hi A"], ["222", "Hi B"]],
        }
    ]


async def test_send_sms_errors(client: EjoinClient, gateway: FakeGateway) -> None:
    with pytest.raises(ValueError, match="No SMS tasks"):
        await client.send_sms([])
    task = SmsTask(tid=1, to=("1",))
    with pytest.raises(ValueError, match="unique"):
        await client.send_sms([task, task])
    gateway.reply(
        "/goip_post_sms.html",
        {
            "code": 200,
            "reason": "OK",
            "status": [{"tid": 1, "status": "1 Invalid User"}],
        },
    )
    with pytest.raises(EjoinAuthenticationError, match="1 Invalid User"):
        await client.send_sms(task)
    gateway.reply("/goip_post_sms.html", {"code": 200, "reason": "OK"})
    assert await client.send_sms(task) == ()
    gateway.reply("/goip_post_sms.html", {"code": 200, "status": {"tid": 1}})
    with pytest.raises(EjoinResponseError, match="not an array"):
        await client.send_sms(task)
    gateway.reply("/goip_post_sms.html", {"code": 200, "status": [{"tid": 1}]})
    with pytest.raises(EjoinResponseError, match="status code"):
        await client.send_sms(task)
    gateway.reply("/goip_post_sms.html", {"code": 16, "reason": "Too Many Task"})
    with pytest.raises(EjoinRefusedError) as info:
        await client.send_sms(task)
    assert (info.value.code, info.value.reason) == (16, "Too Many Task")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("pause_tasks", "/goip_pause_sms.html"),
        ("resume_tasks", "/goip_resume_sms.html"),
        ("remove_tasks", "/goip_remove_sms.html"),
    ],
)
async def test_task_actions(
    client: EjoinClient, gateway: FakeGateway, method: str, path: str
) -> None:
    gateway.reply(
        path,
        {
            "code": 200,
            "reason": "OK",
            "results": [
                {"tid": 2, "status": "0 OK"},
                {"tid": 3, "status": "2 Invalid Port"},
            ],
        },
    )
    results = await getattr(client, method)([2, 3])
    assert [(result.tid, result.ok) for result in results] == [(2, True), (3, False)]
    assert gateway.last.json == {"tids": [2, 3]}
    assert gateway.last.query["version"] == "1.1"
    gateway.reply(path, {"code": 200, "reason": "OK"})
    assert await getattr(client, method)() == ()
    assert gateway.last.json == {}
    assert gateway.last.content_type == "application/json;charset=utf-8"


async def test_get_tasks(client: EjoinClient, gateway: FakeGateway) -> None:
    gateway.reply("/goip_get_tasks.html", fixture_text("tasks_reply_doc.json"))
    query = await client.get_tasks(1, include_content=True)
    assert query.total == 5
    assert [task.tid for task in query.tasks] == [2, 3, 4]
    assert gateway.last.method == "GET"
    assert gateway.last.query == {
        "username": USERNAME,
        "password": PASSWORD,
        "version": "1.1",
        "port": "1",
        "pos": "0",
        "num": "10",
        "has_content": "1",
    }
    await client.get_tasks(3, 5, 20)
    assert gateway.last.query["pos"] == "5"
    assert gateway.last.query["num"] == "20"
    assert gateway.last.query["has_content"] == "0"
    with pytest.raises(ValueError, match="Port must be 1 or more"):
        await client.get_tasks(0)


# ------------------------------------------------------------------ receiving


async def test_get_sms(client: EjoinClient, gateway: FakeGateway) -> None:
    gateway.reply("/goip_get_sms.html", fixture_text("inbox_doc.json"))
    page = await client.get_sms()
    assert page.ssrc == "0123456789abcdef"
    assert page.next_id == 3
    assert [message.id for message in page.messages] == [1, 2]
    assert gateway.last.query == {
        "username": USERNAME,
        "password": PASSWORD,
        "sms_id": "1",
        "sms_num": "0",
        "sms_del": "0",
    }
    assert gateway.last.method == "GET"
    assert (page.first_id, page.row_count) == (1, 2)
    gateway.reply(
        "/goip_get_sms.html",
        {"code": 0, "reason": "OK", "ssrc": "a", "next_sms": 7, "data": []},
    )
    page = await client.delete_sms(7, 5)
    assert page.messages == ()
    assert gateway.last.method == "POST"
    assert gateway.last.query["sms_id"] == "7"
    assert gateway.last.query["sms_num"] == "5"
    assert gateway.last.query["sms_del"] == "1"
    assert gateway.last.json == {"sms_id": 7, "sms_num": 5, "sms_del": 1}
    with pytest.raises(ValueError, match="start_id"):
        await client.get_sms(0)
    with pytest.raises(ValueError, match="start_id"):
        await client.delete_sms(1, 0)


async def test_delete_sms_is_never_sent_twice(
    client: EjoinClient, gateway: FakeGateway
) -> None:
    """A delete whose connection drops is not re-sent: it would delete more.

    aiohttp re-sends a GET once after a dropped connection; a deleting GET
    re-sent deletes the next messages, which nobody was shown.
    """

    async def drop(request: web.Request) -> web.StreamResponse:
        assert request.transport is not None
        request.transport.close()
        return web.Response()

    gateway.reply("/goip_get_sms.html", drop)
    with pytest.raises(EjoinConnectionError):
        await client.delete_sms(1, 2)
    assert [request.method for request in gateway.requests] == ["POST"]
    # Reading is harmless to repeat: aiohttp may, and nothing is lost.
    with pytest.raises(EjoinConnectionError):
        await client.get_sms()
    assert [request.method for request in gateway.requests[1:]] in (
        ["GET"],
        ["GET", "GET"],
    )


async def test_statistics(client: EjoinClient, gateway: FakeGateway) -> None:
    gateway.reply("/goip_get_sms_stat.html", fixture_text("sms_stats.json"))
    gateway.reply("/goip_get_call_stat.html", fixture_text("call_stats.json"))
    stats = await client.get_sms_statistics()
    assert [row.address for row in stats] == [SlotAddress(1, 1), SlotAddress(2, 3)]
    assert gateway.last.query == {
        "username": USERNAME,
        "password": PASSWORD,
        "version": "1.1",
        "ports": "all",
        "type": "0",
    }
    await client.get_sms_statistics("1-2,4", "all", StatPeriod.TODAY)
    assert gateway.last.query["ports"] == "1-2,4"
    assert gateway.last.query["slots"] == "all"
    assert gateway.last.query["type"] == "2"
    calls = await client.get_call_statistics(["1A", "3"], [1, 2, 3, 5], "cumulative")
    assert calls[0].asr == 80
    assert gateway.last.path == "/goip_get_call_stat.html"
    assert gateway.last.query["ports"] == "1,3"
    assert gateway.last.query["slots"] == "1-3,5"
    assert gateway.last.query["type"] == "3"
    await client.get_call_statistics(slots=2)
    assert gateway.last.query["slots"] == "2"
    await client.get_call_statistics(slots="4, 1-2")
    assert gateway.last.query["slots"] == "1-2,4"
    await client.get_call_statistics(slots="*")
    assert gateway.last.query["slots"] == "all"
    for bad in ("x", "3-1", "0", [], [0]):
        with pytest.raises(ValueError, match=r"(?i)slot"):
            await client.get_call_statistics(slots=bad)
    gateway.reply("/goip_get_call_stat.html", {"code": 200, "stats": {}})
    with pytest.raises(EjoinResponseError, match="not an array"):
        await client.get_call_statistics()


# ---------------------------------------------------------- transport errors


async def test_timeout(gateway: FakeGateway, session: aiohttp.ClientSession) -> None:
    async def slow(_: web.Request) -> web.StreamResponse:
        await asyncio.wait_for(gateway.release.wait(), 5)
        return web.json_response({"code": 200})

    gateway.reply("/goip_send_cmd.html", slow)
    client = EjoinClient(
        gateway.host,
        session=session,
        port=gateway.port,
        password=PASSWORD,
        request_timeout=0.1,
    )
    with pytest.raises(EjoinTimeoutError, match=r"Timeout after 0\.1 s") as info:
        await client.save()
    assert isinstance(info.value, EjoinConnectionError)
    assert PASSWORD not in str(info.value)
    gateway.release.set()


async def test_connection_refused(session: aiohttp.ClientSession) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free_port = probe.getsockname()[1]
    client = EjoinClient(
        "127.0.0.1", session=session, port=free_port, password=PASSWORD
    )
    with pytest.raises(
        EjoinConnectionError, match=r"Error talking to 127\.0\.0\.1"
    ) as info:
        await client.get_status()
    assert not isinstance(info.value, EjoinTimeoutError)
    assert PASSWORD not in str(info.value)
    assert info.value.__cause__ is None


async def test_broken_connection(gateway: FakeGateway, client: EjoinClient) -> None:
    async def drop(request: web.Request) -> web.StreamResponse:
        assert request.transport is not None
        request.transport.close()
        return web.Response()

    gateway.reply("/goip_get_status.html", drop)
    with pytest.raises(EjoinConnectionError):
        await client.get_status()


def test_redact(client: EjoinClient) -> None:
    text = f"Cannot reach http://h/x?username=a&password={PASSWORD} ({PASSWORD})"
    redacted = client._redact(text)
    assert PASSWORD not in redacted
    assert "?<redacted>" in redacted


# ------------------------------------------------------------ secure session


@dataclass
class SessionGateway:
    """Server side of the secure session, checking the doc's MD5s."""

    gateway: FakeGateway
    session_id: str = "srv-1"
    expires: int = 180
    last_seq: int = 0
    handshakes: int = 0
    reject_next: int = 0

    def install(self) -> None:
        self.gateway.reply("/crypt_sess.json", self.handshake)
        for path in (
            "/goip_get_status.html",
            "/goip_send_cmd.html",
            "/goip_get_sms.html",
        ):
            self.gateway.reply(path, self.request)

    async def handshake(self, request: web.Request) -> web.StreamResponse:
        query = request.query
        expected = md5(USERNAME + PASSWORD + query["cnonce"] + "/crypt_sess.json")
        if query.get("username") != USERNAME or query.get("auth") != expected:
            return web.json_response({"code": 1, "desc": "Invalid User"})
        self.handshakes += 1
        self.session_id = f"srv-{self.handshakes}"
        self.last_seq = 0
        return web.json_response(
            {
                "code": 0,
                "desc": "OK",
                "session": self.session_id,
                "expires": self.expires,
            }
        )

    async def request(self, request: web.Request) -> web.StreamResponse:
        query = request.query
        if "seq" not in query:
            assert query["password"] == PASSWORD
            return web.json_response({"code": 200, "reason": "OK"})
        seq = int(query["seq"])
        expected = md5(
            USERNAME + PASSWORD + self.session_id + query["seq"] + request.path
        )
        if (
            self.reject_next
            or query.get("session") != self.session_id
            or query.get("auth") != expected
            or seq <= self.last_seq
        ):
            self.reject_next = max(self.reject_next - 1, 0)
            return web.json_response({"code": 14, "reason": "Unauthorized"})
        self.last_seq = seq
        if request.path == "/goip_get_status.html":
            return web.Response(text=fixture_text("dev_status_doc.json"))
        return web.json_response({"code": 200, "reason": "OK"})


async def test_secure_session(client: EjoinClient, gateway: FakeGateway) -> None:
    server = SessionGateway(gateway)
    server.install()
    await client.start_secure_session(expires=300)
    assert is_secure(client)
    assert "secure" in repr(client)
    handshake = gateway.last
    assert handshake.path == "/crypt_sess.json"
    assert handshake.query["expires"] == "300"
    assert "password" not in handshake.query
    assert len(handshake.query["cnonce"]) >= 16
    status = await client.get_status()
    assert status.max_ports == 32
    await client.save()
    await client.lock("1")
    seqs = [int(request.query["seq"]) for request in gateway.requests[1:]]
    assert seqs == [1, 2, 3]
    for request in gateway.requests:
        assert PASSWORD not in unquote(request.query_string)
        assert "password" not in request.query
    assert server.handshakes == 1
    client.end_secure_session()
    assert not is_secure(client)
    await client.save()
    assert gateway.last.query["password"] == PASSWORD


async def test_secure_session_rejected_once(
    client: EjoinClient, gateway: FakeGateway
) -> None:
    server = SessionGateway(gateway)
    server.install()
    await client.start_secure_session()
    server.reject_next = 1
    await client.save()
    assert server.handshakes == 2
    assert gateway.last.query["session"] == "srv-2"
    server.reject_next = 2
    with pytest.raises(EjoinAuthenticationError):
        await client.save()
    assert server.handshakes == 3


async def test_secure_session_expiry(client: EjoinClient, gateway: FakeGateway) -> None:
    server = SessionGateway(gateway, expires=1)  # below the renewal margin
    server.install()
    await client.start_secure_session(expires=1)
    await client.save()
    await client.save()
    assert server.handshakes == 3
    async with client as same:
        assert same is client
    assert not is_secure(client)


async def test_secure_session_errors(
    client: EjoinClient, gateway: FakeGateway, session: aiohttp.ClientSession
) -> None:
    SessionGateway(gateway).install()
    wrong = EjoinClient(
        gateway.host,
        session=session,
        port=gateway.port,
        username=USERNAME,
        password="nope",
    )
    with pytest.raises(EjoinAuthenticationError):
        await wrong.start_secure_session()
    assert not is_secure(wrong)
    gateway.reply("/crypt_sess.json", {"code": 0, "desc": "OK"})
    with pytest.raises(EjoinResponseError, match="session id"):
        await client.start_secure_session()
    gateway.reply("/crypt_sess.json", {"code": 0, "Session": "abc"})
    await client.start_secure_session()
    assert gateway.last.query["expires"] == "180"
    with pytest.raises(ValueError, match="1 s or more"):
        await client.start_secure_session(0)


async def test_concurrent_secure_requests(
    client: EjoinClient, gateway: FakeGateway
) -> None:
    server = SessionGateway(gateway)
    server.install()
    await client.start_secure_session()
    await asyncio.gather(*(client.save() for _ in range(10)))
    assert server.last_seq == 10


# ------------------------------------------------------------- no credentials


async def test_password_never_logged(
    client: EjoinClient, gateway: FakeGateway, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="custom_components.ejoin.api")
    gateway.reply(
        "/goip_get_status.html", fixture_text("dev_status_field_variants.json")
    )
    await client.get_status()
    gateway.reply("/goip_send_cmd.html", web.json_response({}, status=401))
    with pytest.raises(EjoinAuthenticationError) as info:
        await client.save()
    assert PASSWORD not in str(info.value)
    assert caplog.records
    for record in caplog.records:
        assert PASSWORD not in record.getMessage()
        assert "password" not in record.getMessage()
