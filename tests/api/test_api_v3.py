"""Tests of the API v3 transport's wire format, quirks and detection.

Against the scripted server of test_api_client.py: the exact requests (method,
query, body) and how each v3 answer maps to the shared models and errors. The
round trips against the stateful emulator are in test_api_v3_emulator.py.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aiohttp import web
import pytest

from custom_components.ejoin.api import (
    ApiVersion,
    CellScanStatus,
    EjoinAuthenticationError,
    EjoinClient,
    EjoinRefusedError,
    EjoinResponseError,
    EjoinUnsupportedError,
    Feature,
    MmsAttachment,
    NetworkType,
    PortSelection,
    PortState,
    SlotAddress,
    SmsCoding,
    SmsTask,
    SmsType,
    StatPeriod,
    lte_band,
)
from custom_components.ejoin.api.transport import HttpChannel, Transport

if TYPE_CHECKING:
    import aiohttp

    from tests.api.fake_gateway import FakeGateway

FIXTURES = Path(__file__).parent / "fixtures"
PASSWORD = "s3cr#t&pa=ss"  # characters that need URL encoding
USERNAME = "admin"

pytestmark = pytest.mark.usefixtures("socket_enabled")


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def json_reply(payload: Any) -> web.Response:
    return web.Response(text=json.dumps(payload), content_type="application/json")


def empty_reply() -> web.Response:
    return web.Response(status=200)


def not_found() -> web.Response:
    return web.Response(status=404, text="404 Not Found")


@pytest.fixture
def client(gateway: FakeGateway, session: aiohttp.ClientSession) -> EjoinClient:
    return EjoinClient(
        gateway.host,
        session=session,
        port=gateway.port,
        username=USERNAME,
        password=PASSWORD,
        request_timeout=2,
        apis=("v3",),
    )


def sms_config(url: str = "") -> dict[str, Any]:
    return {
        "sms_status_url": url,
        "sms_status_max": 100,
        "sms_status_period": 30,
        "recv_sms_url": url,
        "recv_sms_max": 1,
        "recv_sms_period": 30,
    }


def requests_to(gateway: FakeGateway, path: str) -> list[Any]:
    return [request for request in gateway.requests if request.path == path]


# -------------------------------------------------------------------- status


async def test_status_from_the_document(
    client: EjoinClient, gateway: FakeGateway
) -> None:
    gateway.reply(
        "/get_device_status", json_reply(fixture("v3_device_status_doc.json"))
    )
    status = await client.get_status()
    assert status.mac == "00:30:f1:01:02:03"
    assert status.firmware == "532-604-924-041-100-80D"
    assert (status.max_ports, status.slots_per_port) == (32, 4)
    slot = status.slots[SlotAddress(1, 1)]
    assert slot.state is PortState.LOCKED_BY_DEVICE
    assert slot.operator_code == "46000"
    assert status.slots[SlotAddress(2, 1)].led is True
    request = gateway.last
    assert request.method == "GET"
    assert request.query == {"username": USERNAME, "password": PASSWORD}
    assert request.content_type is None
    assert request.body == b""


async def test_empty_status_reply_is_rejected_credentials(
    client: EjoinClient, gateway: FakeGateway
) -> None:
    """Field notes: wrong credentials are answered ``[]``."""
    gateway.reply("/get_device_status", json_reply([]))
    with pytest.raises(EjoinAuthenticationError, match="empty reply"):
        await client.get_status()


async def test_status_reply_without_status(
    client: EjoinClient, gateway: FakeGateway
) -> None:
    gateway.reply("/get_device_status", json_reply({"code": 0, "reason": "OK"}))
    with pytest.raises(EjoinResponseError, match="no status"):
        await client.get_status()
    gateway.reply("/get_device_status", json_reply([1, 2]))
    with pytest.raises(EjoinResponseError, match="not a JSON object"):
        await client.get_status()


async def test_coded_refusal_in_an_object(
    client: EjoinClient, gateway: FakeGateway
) -> None:
    gateway.reply(
        "/get_device_status", json_reply({"code": 14, "reason": "Unauthorized"})
    )
    with pytest.raises(EjoinAuthenticationError):
        await client.get_status()
    gateway.reply("/get_sms_config", json_reply({"code": 7, "reason": "Server Error"}))
    with pytest.raises(EjoinRefusedError) as err:
        await client.get_sms_url()
    assert err.value.code == 7


@pytest.mark.parametrize(
    ("status_reply", "error"),
    [
        (fixture("v3_device_status_doc.json"), EjoinRefusedError),
        ([], EjoinAuthenticationError),
    ],
    ids=["body_refused", "credentials_rejected"],
)
async def test_empty_reply_to_a_command(
    client: EjoinClient,
    gateway: FakeGateway,
    status_reply: Any,
    error: type[Exception],
) -> None:
    """``[]`` is a refused body unless the status is refused too (credentials)."""
    gateway.reply("/lock_sims", json_reply([]))
    gateway.reply("/get_device_status", json_reply(status_reply))
    with pytest.raises(error):
        await client.lock("3")
    assert [request.path for request in gateway.requests] == [
        "/lock_sims",
        "/get_device_status",
    ]
    if error is EjoinRefusedError:
        with pytest.raises(EjoinRefusedError) as refused:
            await client.lock("3")
        assert (refused.value.code, refused.value.reason) == (
            -1,
            "Refused without a reason",
        )


async def test_status_push_server(client: EjoinClient, gateway: FakeGateway) -> None:
    gateway.reply("/set_status_report_server", empty_reply())
    assert await client.register_status_push("http://ha/api/webhook/x", 60) is None
    assert gateway.last.method == "POST"
    assert gateway.last.json == {
        "enable": True,
        "url": "http://ha/api/webhook/x",
        "period": 60,
    }
    await client.cancel_status_push()
    assert gateway.last.json == {"enable": False, "url": "", "period": 0}


async def test_sms_url_keeps_the_other_settings(
    client: EjoinClient, gateway: FakeGateway
) -> None:
    config = sms_config("http://old") | {"sms_status_max": 7}
    gateway.reply("/get_sms_config", json_reply(config))
    gateway.reply("/set_sms_config", empty_reply())
    gateway.reply("/save_config", empty_reply())
    assert await client.get_sms_url() == "http://old"
    await client.set_sms_url("http://ha/hook", save=True)
    written = requests_to(gateway, "/set_sms_config")[-1].json
    assert written == config | {
        "recv_sms_url": "http://ha/hook",
        "sms_status_url": "http://ha/hook",
    }
    assert gateway.last.path == "/save_config"


async def test_clearing_the_sms_url_keeps_a_report_url_of_another(
    client: EjoinClient, gateway: FakeGateway
) -> None:
    gateway.reply(
        "/get_sms_config",
        json_reply(sms_config("http://ha/hook") | {"sms_status_url": "http://other"}),
    )
    gateway.reply("/set_sms_config", empty_reply())
    await client.set_sms_url("")
    written = requests_to(gateway, "/set_sms_config")[-1].json
    assert (written["recv_sms_url"], written["sms_status_url"]) == ("", "http://other")
    gateway.reply("/get_sms_config", json_reply(sms_config("http://ha/hook")))
    await client.set_sms_url("")
    written = requests_to(gateway, "/set_sms_config")[-1].json
    assert (written["recv_sms_url"], written["sms_status_url"]) == ("", "")


# ------------------------------------------------------------------ commands


async def test_commands_and_their_patterns(
    client: EjoinClient, gateway: FakeGateway
) -> None:
    for path in (
        "/lock_sims",
        "/unlock_sims",
        "/switch_sims",
        "/reboot_modems",
        "/on_leds",
        "/off_leds",
        "/save_config",
        "/reboot_device",
    ):
        gateway.reply(path, empty_reply())
    await client.lock("1.02,3-4")
    assert (gateway.last.path, gateway.last.json) == (
        "/lock_sims",
        {"slots_pattern": "1.02,3-4"},
    )
    await client.unlock("all")
    assert gateway.last.json == {"slots_pattern": "all"}
    await client.switch("2B")
    assert (gateway.last.path, gateway.last.json) == (
        "/switch_sims",
        {"slots_pattern": "2.02"},
    )
    await client.reset("2.01,5")
    assert (gateway.last.path, gateway.last.json) == (
        "/reboot_modems",
        {"ports_pattern": "2,5"},
    )
    await client.set_leds("7", on=True)
    assert (gateway.last.path, gateway.last.json) == (
        "/on_leds",
        {"slots_pattern": "7"},
    )
    await client.set_leds("7", on=False)
    assert gateway.last.path == "/off_leds"
    await client.save()
    assert (gateway.last.method, gateway.last.body) == ("POST", b"")
    await client.reboot()
    assert gateway.last.path == "/reboot_device"
    gateway.requests.clear()
    await client.run_commands([("lock", "1"), ("switch", "2.03"), ("reset", "4")])
    assert [request.path for request in gateway.requests] == [
        "/lock_sims",
        "/switch_sims",
        "/reboot_modems",
    ]


async def test_numbers_and_imeis(client: EjoinClient, gateway: FakeGateway) -> None:
    for path in ("/set_numbers", "/set_imeis", "/save_config"):
        gateway.reply(path, empty_reply())
    await client.set_sim_number("3.02", "+4911", 4)
    assert gateway.last.json == [{"port": 3, "slot": 2, "number": "+4911"}]
    await client.set_sim_imei("3.02", "490154203237518", 4, save=True)
    imeis = requests_to(gateway, "/set_imeis")[-1].json
    assert imeis == [{"port": 3, "slot": 2, "imei": "490154203237518"}]
    assert gateway.last.path == "/save_config"
    with pytest.raises(EjoinUnsupportedError):
        await client.set_parameters({"a": 1})
    with pytest.raises(EjoinUnsupportedError):
        await client.get_parameters("a")


# ------------------------------------------------------------------- sending


async def test_text_task_leaves_sms_type_out(
    client: EjoinClient, gateway: FakeGateway
) -> None:
    gateway.reply(
        "/submit_sms_tasks", json_reply([{"id": 7, "code": 0, "reason": "OK"}])
    )
    task = SmsTask(
        tid=7,
        to=("+49170", "+49171"),
        message="Grüße",
        from_ports=None,
        coding=SmsCoding.UCS2,
        interval_ms=500,
        timeout_s=20,
        report_success=True,
        report_failure=True,
        delivery_report=False,
        sr_prd=1,
        sr_cnt=2,
        smsc="+4917",
    )
    results = await client.send_sms(task)
    assert [(result.tid, result.ok) for result in results] == [(7, True)]
    assert gateway.last.method == "POST"
    assert gateway.last.json == [
        {
            "id": 7,
            "recipients": ["+49170", "+49171"],
            "sms": "Grüße",
            "coding": 1,
            "interval_min": 500,
            "interval_max": 500,
            "timeout": 20,
            "sdr": True,
            "fdr": True,
            "dr": False,
            "sms_count": 2,
            "sms_period": 1,
            "smsc": "+4917",
        }
    ]


async def test_mms_tasks(client: EjoinClient, gateway: FakeGateway) -> None:
    gateway.reply(
        "/submit_sms_tasks",
        json_reply(
            [{"id": 8, "code": 0, "reason": "OK"}, {"id": 9, "code": 0, "reason": "OK"}]
        ),
    )
    picture = MmsAttachment("jpg", b"\xff\xd8")
    await client.send_sms(
        [
            SmsTask(
                tid=8,
                to=("+1",),
                message="see",
                from_ports=None,
                sms_type=SmsType.MMS,
                title="Door",
                attachments=(picture,),
            ),
            SmsTask(
                tid=9,
                to=(),
                sms_type=SmsType.MMS_MULTI,
                to_titles=(("+1", "A"), ("+2", "B")),
            ),
        ]
    )
    first, second = gateway.last.json
    assert first["sms_type"] == 1
    assert first["subject"] == "Door"
    assert first["attachments"] == [
        {"type": "jpg", "content": base64.b64encode(b"\xff\xd8").decode()}
    ]
    assert second["recipients"] == ["+1", "+2"]
    assert second["subjects"] == [
        {"recipient": "+1", "subject": "A"},
        {"recipient": "+2", "subject": "B"},
    ]


async def test_send_from_ports_names_ports(
    client: EjoinClient, gateway: FakeGateway
) -> None:
    gateway.reply(
        "/submit_sms_tasks", json_reply([{"id": 1, "code": 0, "reason": "OK"}])
    )
    await client.send_sms(
        SmsTask(tid=1, to=("+1",), message="x", from_ports=PortSelection.parse("2,4"))
    )
    assert gateway.last.json[0]["from"] == "2,4"


async def test_send_from_a_slot_is_refused(
    client: EjoinClient, gateway: FakeGateway
) -> None:
    """v3's ``from`` names ports: a slot would go out from the port's active SIM."""
    task = SmsTask(
        tid=1, to=("+1",), message="x", from_ports=PortSelection.parse("2.02,4")
    )
    with pytest.raises(EjoinUnsupportedError):
        await client.send_sms(task)
    assert gateway.requests == []


async def test_report_url_is_set_once(
    client: EjoinClient, gateway: FakeGateway
) -> None:
    """v3 has no per-task report URL: the gateway's is set before the first send."""
    gateway.reply("/get_sms_config", json_reply(sms_config()))
    gateway.reply("/set_sms_config", empty_reply())
    gateway.reply(
        "/submit_sms_tasks", json_reply([{"id": 1, "code": 0, "reason": "OK"}])
    )
    task = SmsTask(tid=1, to=("+1",), message="x")
    await client.send_sms(task, sr_url="http://ha/hook", sr_cnt=10, sr_prd=1)
    await client.send_sms(task, sr_url="http://ha/hook", sr_cnt=10, sr_prd=1)
    assert [request.path for request in gateway.requests] == [
        "/get_sms_config",
        "/set_sms_config",
        "/submit_sms_tasks",
        "/submit_sms_tasks",
    ]
    assert gateway.requests[1].json["sms_status_url"] == "http://ha/hook"
    assert gateway.requests[1].json["recv_sms_url"] == ""


@pytest.mark.parametrize(
    ("reply", "error"),
    [
        ([{"id": 1, "code": 1, "reason": "Invalid User"}], EjoinAuthenticationError),
        ([{"id": 1}], EjoinResponseError),
        ({"ids": []}, EjoinResponseError),
    ],
)
async def test_send_errors(
    client: EjoinClient, gateway: FakeGateway, reply: Any, error: type[Exception]
) -> None:
    gateway.reply("/submit_sms_tasks", json_reply(reply))
    with pytest.raises(error):
        await client.send_sms(SmsTask(tid=1, to=("+1",), message="x"))


async def test_refused_task_names_its_reason(
    client: EjoinClient, gateway: FakeGateway
) -> None:
    gateway.reply(
        "/submit_sms_tasks",
        json_reply([{"id": 1, "code": 16, "reason": ["Too Many Task"]}]),
    )
    (result,) = await client.send_sms(SmsTask(tid=1, to=("+1",), message="x"))
    assert (result.code, result.reason) == (16, "Too Many Task")


async def test_task_actions(client: EjoinClient, gateway: FakeGateway) -> None:
    results = [{"id": 3, "code": 0, "reason": "OK"}, {"id": 4, "code": 11}]
    for path in ("/pause_sms_tasks", "/resume_sms_tasks", "/remove_sms_tasks"):
        gateway.reply(path, json_reply(results))
    paused = await client.pause_tasks([3, 4])
    assert [(result.tid, result.code) for result in paused] == [(3, 0), (4, 11)]
    assert paused[1].reason == "TID Expected"
    assert gateway.last.json == {"ids": [3, 4]}
    await client.resume_tasks([3])
    assert gateway.last.path == "/resume_sms_tasks"
    await client.remove_tasks([4])
    assert gateway.last.path == "/remove_sms_tasks"


async def test_every_queued_task_is_read_port_by_port(
    client: EjoinClient, gateway: FakeGateway
) -> None:
    """v3 has no "all tasks": every port's queue is read, then the ids named."""
    status = fixture("v3_device_status_doc.json") | {"max-ports": 3, "status": []}
    gateway.reply("/get_device_status", json_reply(status))

    async def queue(request: web.Request) -> web.StreamResponse:
        port = int(request.query["port"])
        tasks = [{"id": 10 * port, "from": port, "recipients": ["1"], "status": 0}]
        return json_reply(tasks if port != 2 else [])

    gateway.reply("/get_sms_tasks", queue)
    gateway.reply("/pause_sms_tasks", json_reply([]))
    with pytest.raises(EjoinRefusedError):
        await client.pause_tasks()
    assert requests_to(gateway, "/pause_sms_tasks")[0].json == {"ids": [10, 30]}
    gateway.requests.clear()
    gateway.reply("/get_sms_tasks", json_reply([]))
    assert await client.resume_tasks() == ()
    assert not requests_to(gateway, "/resume_sms_tasks")


async def test_queued_tasks(client: EjoinClient, gateway: FakeGateway) -> None:
    gateway.reply("/get_sms_tasks", json_reply(fixture("v3_sms_tasks_doc.json")))
    query = await client.get_tasks(3, 0, 10, include_content=True)
    assert query.total == 2
    first, second = query.tasks
    assert (first.tid, first.paused, first.to, first.message) == (
        5,
        False,
        ("10086",),
        "101",
    )
    assert (second.paused, second.message, second.coding) == (
        True,
        "Hello",
        SmsCoding.UCS2,
    )
    request = gateway.last
    assert request.method == "GET"
    # Scalars in the query (public clients), the document's JSON body too.
    assert request.query["need_content"] == "1"
    assert request.json == {"port": 3, "index": 0, "num": 10, "need_content": True}
    gateway.reply("/get_sms_tasks", json_reply([]))
    gateway.reply(
        "/get_device_status", json_reply(fixture("v3_device_status_doc.json"))
    )
    assert (await client.get_tasks(3, 5, 10)).total == 5


async def test_empty_queue_with_wrong_credentials(
    client: EjoinClient, gateway: FakeGateway
) -> None:
    gateway.reply("/get_sms_tasks", json_reply([]))
    gateway.reply("/get_device_status", json_reply([]))
    with pytest.raises(EjoinAuthenticationError):
        await client.get_tasks(1)


# ----------------------------------------------------------------- receiving


async def test_inbox_from_the_document(
    client: EjoinClient, gateway: FakeGateway
) -> None:
    gateway.reply(
        "/get_received_smses", json_reply(fixture("v3_received_smses_doc.json"))
    )
    page = await client.get_sms(1, 0)
    assert page.ssrc == "2cc11d7f57ee0db6c0aa0b7483d02aa4"
    assert (page.next_id, page.first_id, page.ids_certain) == (3, 1, True)
    report, sms = (message.sms for message in page.messages)
    assert report.is_delivery_report
    assert (report.delivered, report.report_code, report.slot) == (
        True,
        0,
        SlotAddress(1, 1),
    )
    assert sms.text == "尊敬的客户\uff0c您当前话费余额41.01元\u3002"
    assert sms.sender == "10086"
    assert sms.received_at is not None
    assert int(sms.received_at.timestamp()) == 1745915985
    assert gateway.last.query["id"] == "1"
    assert gateway.last.json == {"id": 1, "num": 0}


async def test_inbox_reply_errors(client: EjoinClient, gateway: FakeGateway) -> None:
    gateway.reply("/get_received_smses", json_reply({"ssrc": "x", "smses": "no"}))
    with pytest.raises(EjoinResponseError):
        await client.get_sms()
    gateway.reply("/get_received_smses", json_reply([]))
    gateway.reply("/get_device_status", json_reply([]))
    with pytest.raises(EjoinAuthenticationError):
        await client.get_sms()


async def test_no_inbox_delete_in_v3(client: EjoinClient, gateway: FakeGateway) -> None:
    with pytest.raises(EjoinUnsupportedError) as err:
        await client.delete_sms(1, 1)
    assert err.value.operation == Feature.INBOX_DELETE
    assert gateway.requests == []


# ---------------------------------------------------------------- statistics


async def test_statistics(client: EjoinClient, gateway: FakeGateway) -> None:
    row = {
        "port": 2,
        "slot": 1,
        "received": 5,
        "sent": 1,
        "sent_ok": 1,
        "sent_failed": 0,
        "con_failed": 0,
        "unsent": 0,
        "sending": 0,
    }
    gateway.reply("/get_sms_stats", json_reply([row]))
    (stats,) = await client.get_sms_statistics("1-2", period="today")
    assert (stats.address, stats.received) == (SlotAddress(2, 1), 5)
    assert gateway.last.query["slots_pattern"] == "1-2"
    assert gateway.last.json == {"type": 2, "slots_pattern": "1-2"}
    gateway.reply(
        "/get_device_status", json_reply(fixture("v3_device_status_doc.json"))
    )
    await client.get_sms_statistics("3", slots="1-2")
    assert gateway.last.json["slots"] == [
        {"port": 3, "slot": 1},
        {"port": 3, "slot": 2},
    ]
    await client.get_sms_statistics("3", slots="all")
    assert len(gateway.last.json["slots"]) == 4
    gateway.reply(
        "/goip_get_call_stat.html",
        json_reply({"code": 200, "stats": [{"port": 1, "slot": 1, "calls": 4}]}),
    )
    (calls,) = await client.get_call_statistics("1")
    assert calls.calls == 4
    gateway.reply("/get_sms_stats", json_reply([]))
    assert await client.get_sms_statistics("1") == ()


# ------------------------------------------------------------ modem and radio


async def test_ussd(client: EjoinClient, gateway: FakeGateway) -> None:
    gateway.reply(
        "/send_ussds",
        json_reply(
            [
                {"port": 1, "code": 0, "resp": "your balance is 50.00$"},
                {"port": 2, "code": 5, "resp": "unavailable"},
            ]
        ),
    )
    ok, failed = await client.send_ussd([1, 2], " *100# ", wait_seconds=20)
    assert (ok.ok, ok.text, ok.reason) == (True, "your balance is 50.00$", "OK")
    assert (failed.ok, failed.text, failed.reason) == (False, None, "Unavailable")
    assert gateway.last.method == "POST"
    assert gateway.last.json == [{"ports": [1, 2], "ussd": "*100#", "timeout": 20}]
    with pytest.raises(ValueError, match="USSD"):
        await client.send_ussd([1], " ")
    with pytest.raises(ValueError, match="Ports"):
        await client.send_ussd([], "*100#")
    with pytest.raises(ValueError, match="wait"):
        await client.send_ussd([1], "*100#", wait_seconds=0)


async def test_ussd_waits_longer_than_a_request(
    client: EjoinClient, gateway: FakeGateway
) -> None:
    """The gateway answers a USSD when the network did: beyond the request timeout."""

    async def slow(request: web.Request) -> web.StreamResponse:
        await gateway.release.wait()
        return json_reply([{"port": 1, "code": 0, "resp": "late"}])

    gateway.reply("/send_ussds", slow)
    task = asyncio.create_task(client.send_ussd([1], "*100#", wait_seconds=5))
    await asyncio.sleep(2.5)  # longer than the client's 2 s request timeout
    assert not task.done()
    gateway.release.set()
    (reply,) = await task
    assert reply.text == "late"


async def test_at_command_is_never_logged(
    client: EjoinClient, gateway: FakeGateway, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="custom_components.ejoin")
    gateway.reply(
        "/send_ats",
        json_reply([{"port": 3, "code": 0, "resp": 'AT+CPIN="4711"\r\nOK\r\n'}]),
    )
    reply = await client.send_at(3, 'AT+CPIN="4711"')
    assert reply.ok
    assert reply.response == 'AT+CPIN="4711"\r\nOK\r\n'
    assert "4711" not in repr(reply)
    assert gateway.last.json == [{"ports": [3], "at": 'AT+CPIN="4711"', "timeout": 10}]
    assert "4711" not in caplog.text
    gateway.reply("/send_ats", json_reply([{"port": 3, "code": 15, "resp": "invalid"}]))
    refused = await client.send_at(3, "ATX")
    assert (refused.ok, refused.reason) == (False, "Invalid AT")
    with pytest.raises(ValueError, match="one line"):
        await client.send_at(3, "AT\r\nAT")
    with pytest.raises(ValueError, match="Port"):
        await client.send_at(0, "AT")
    gateway.reply(
        "/send_ats",
        json_reply([{"port": 4, "code": 0, "resp": "x"}, {"port": 5, "code": 0}]),
    )
    with pytest.raises(EjoinResponseError, match="port 3"):
        await client.send_at(3, "AT")


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ({"type": "LTE"}, {1: NetworkType.LTE, 2: NetworkType.LTE}),
        (
            [{"port": 1, "type": "gsm"}, {"port": 2, "type": "5g"}, {"port": 9}],
            {1: NetworkType.GSM, 2: None},
        ),
    ],
    ids=["document_one_type", "per_port"],
)
async def test_network_types(
    client: EjoinClient,
    gateway: FakeGateway,
    reply: Any,
    expected: dict[int, NetworkType | None],
) -> None:
    gateway.reply("/get_network_type", json_reply(reply))
    assert await client.get_network_types([1, 2]) == expected
    assert gateway.last.query["ports_pattern"] == "1-2"
    gateway.reply("/set_network_type", empty_reply())
    await client.set_network_type([2], "wcdma")
    assert gateway.last.json == {"type": "wcdma", "ports": [2]}
    with pytest.raises(ValueError, match="5g"):
        await client.set_network_type([2], "5g")


async def test_serving_cells(client: EjoinClient, gateway: FakeGateway) -> None:
    gateway.reply("/scan_serving_cells", web.Response(status=202))
    await client.scan_serving_cells([1, 2])
    assert (gateway.last.method, gateway.last.json) == ("POST", [1, 2])
    gateway.reply(
        "/get_serving_cells", json_reply(fixture("v3_serving_cells_doc.json"))
    )
    first, second = await client.get_serving_cells([1, 2])
    assert gateway.last.json == [1, 2]
    assert first.completed
    assert (first.operator, first.earfcn, first.band, first.technology) == (
        "46001",
        1650,
        3,
        "lte",
    )
    assert (first.pci, first.cell_id, first.rsrp) == (114, "6161001", -86)
    assert (second.status, second.band, second.technology) == (
        CellScanStatus.WAITING,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("earfcn", "band"),
    [(0, 1), (1650, 3), (3590, 8), (6300, 20), (38000, 38), (66500, 66), (5000, None)],
)
def test_lte_bands(earfcn: int, band: int | None) -> None:
    assert lte_band(earfcn) == band


async def test_v2_has_no_v3_features(session: aiohttp.ClientSession) -> None:
    client = EjoinClient("127.0.0.1", session=session, password="x")
    assert client.api is ApiVersion.V2
    assert not client.supports(Feature.USSD)
    assert client.supports(Feature.INBOX_DELETE)
    for call in (
        client.send_ussd([1], "*100#"),
        client.send_at(1, "AT"),
        client.set_leds("1", on=True),
        client.get_network_types([1]),
        client.set_network_type([1], "lte"),
        client.scan_serving_cells([1]),
        client.get_serving_cells([1]),
    ):
        with pytest.raises(EjoinUnsupportedError, match=r"v2\.1"):
            await call


# ------------------------------------------------------- fallback, detection


async def test_a_generation_that_lacks_it_hands_over(
    gateway: FakeGateway, session: aiohttp.ClientSession
) -> None:
    """v3 preferred: an endpoint it answers 404 goes to v2.1, as does a delete."""
    client = EjoinClient(
        gateway.host,
        session=session,
        port=gateway.port,
        password=PASSWORD,
        apis=("v3", "v2.1"),
    )
    assert client.features >= {Feature.USSD, Feature.INBOX_DELETE}
    gateway.reply("/get_device_status", not_found())
    gateway.reply(
        "/goip_get_status.html",
        json.dumps(fixture("v3_device_status_doc.json") | {"type": "dev-status"}),
    )
    status = await client.get_status()
    assert status.max_ports == 32
    gateway.reply(
        "/goip_get_sms.html",
        json.dumps({"code": 0, "ssrc": "s", "next_sms": 2, "data": []}),
    )
    await client.delete_sms(1, 1)
    assert gateway.last.path == "/goip_get_sms.html"
    assert gateway.last.method == "POST"
    gateway.reply("/send_ats", not_found())
    with pytest.raises(EjoinUnsupportedError):
        await client.send_at(1, "AT")  # v3's endpoint missing, v2.1 has none
    assert gateway.last.path == "/send_ats"


def _detecting(gateway: FakeGateway, session: aiohttp.ClientSession) -> EjoinClient:
    return EjoinClient(gateway.host, session=session, port=gateway.port, password="pw")


V2_STATUS = json.dumps(fixture("v3_device_status_doc.json") | {"type": "dev-status"})


@pytest.mark.parametrize(
    ("v2", "v3", "apis"),
    [
        (V2_STATUS, not_found(), (ApiVersion.V2,)),
        (
            not_found(),
            json_reply(fixture("v3_device_status_doc.json")),
            (ApiVersion.V3,),
        ),
        (
            V2_STATUS,
            json_reply(fixture("v3_device_status_doc.json")),
            (ApiVersion.V3, ApiVersion.V2),
        ),
        (
            "<html>index</html>",
            json_reply(fixture("v3_device_status_doc.json")),
            (ApiVersion.V3,),
        ),
        (V2_STATUS, json_reply([]), (ApiVersion.V2,)),
        (V2_STATUS, "<html>index</html>", (ApiVersion.V2,)),
    ],
    ids=[
        "v2_only",
        "v3_only",
        "both",
        "v2_page_not_found_as_html",
        "v3_refuses_what_v2_takes",
        "v3_page_not_found_as_html",
    ],
)
async def test_detection(
    gateway: FakeGateway,
    session: aiohttp.ClientSession,
    v2: Any,
    v3: Any,
    apis: tuple[ApiVersion, ...],
) -> None:
    gateway.reply("/goip_get_status.html", v2)
    gateway.reply("/get_device_status", v3)
    client = _detecting(gateway, session)
    status = await client.detect_api()
    assert client.apis == apis
    assert status.mac == "00:30:f1:01:02:03"
    # v2.1 is asked first: an unreachable gateway fails at once.
    assert gateway.requests[0].path == "/goip_get_status.html"


@pytest.mark.parametrize(
    ("v2", "v3", "error"),
    [
        (web.Response(status=401), not_found(), EjoinAuthenticationError),
        (not_found(), json_reply([]), EjoinAuthenticationError),
        (not_found(), not_found(), EjoinUnsupportedError),
        ("<html>x</html>", not_found(), EjoinResponseError),
    ],
    ids=["v2_rejects", "v3_only_rejects", "neither", "garbage"],
)
async def test_detection_errors(
    gateway: FakeGateway,
    session: aiohttp.ClientSession,
    v2: Any,
    v3: Any,
    error: type[Exception],
) -> None:
    gateway.reply("/goip_get_status.html", v2)
    gateway.reply("/get_device_status", v3)
    client = _detecting(gateway, session)
    with pytest.raises(error):
        await client.detect_api()
    assert client.apis == (ApiVersion.V2,)


def test_api_generations_are_checked(session: aiohttp.ClientSession) -> None:
    with pytest.raises(ValueError, match="At least one"):
        EjoinClient("h", session=session, password="x", apis=())
    with pytest.raises(ValueError, match="v4"):
        EjoinClient("h", session=session, password="x", apis=("v4",))
    client = EjoinClient("h", session=session, password="x", apis=("v3", "v3", "v2.1"))
    assert client.apis == (ApiVersion.V3, ApiVersion.V2)
    assert "api=v3" in repr(client)


async def test_what_a_transport_does_not_implement(
    session: aiohttp.ClientSession,
) -> None:
    """The base transport lacks everything: each operation names itself."""
    channel = HttpChannel(
        "127.0.0.1",
        session=session,
        port=9,
        username="u",
        password="p",
        request_timeout=1,
    )

    class Nothing(Transport):
        api = ApiVersion.V3

    transport = Nothing(channel)
    selection = PortSelection.parse("1")
    slot = SlotAddress(1, 1)
    calls = [
        transport.get_status(),
        transport.register_status_push("u"),
        transport.cancel_status_push(),
        transport.get_sms_url(),
        transport.set_sms_url("u"),
        transport.lock(selection),
        transport.unlock(selection),
        transport.switch(slot),
        transport.reset(selection),
        transport.save(),
        transport.reboot(),
        transport.run_commands([]),
        transport.get_parameters("a"),
        transport.set_parameters({"a": 1}),
        transport.set_sim_imei(slot, "1", 1),
        transport.set_sim_number(slot, "1", 1),
        transport.send_sms([]),
        transport.pause_tasks(None),
        transport.resume_tasks(None),
        transport.remove_tasks(None),
        transport.get_tasks(1, 0, 1, include_content=False),
        transport.get_sms(1, 0),
        transport.get_sms_statistics(selection, None, StatPeriod.TODAY),
        transport.get_call_statistics(selection, None, StatPeriod.TODAY),
        transport.start_secure_session(),
    ]
    for call in calls:
        with pytest.raises(EjoinUnsupportedError, match="API v3 of the gateway lacks"):
            await call
    assert not transport.secure_session_active
    transport.end_secure_session()
