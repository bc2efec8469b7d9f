"""The emulator's API v3 (``--api v3``/``both``): its endpoints, quirks and pushes.

The same state stands behind both generations: what one changes, the other reads.
"""

from __future__ import annotations

import asyncio
import base64
import json
from typing import TYPE_CHECKING, Any

import aiohttp
import pytest

from emulator import running_emulator
from emulator.__main__ import build_parser
from emulator.testing import DeviceCaller, PushReceiver

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from emulator import RunningEmulator

PASSWORD = "v3-pass"


@pytest.fixture
async def v3(socket_enabled: None) -> AsyncIterator[RunningEmulator]:
    """A v3-only gateway, 4 ports x 2 slots, every SIM registered (slot 1 active)."""
    async with running_emulator(
        ports=4, slots=2, seed=3, profile="all_registered", password=PASSWORD, api="v3"
    ) as running:
        yield running


@pytest.fixture
async def device(v3: RunningEmulator) -> AsyncIterator[DeviceCaller]:
    async with aiohttp.ClientSession() as session:
        yield DeviceCaller(v3, session)


async def test_generations_served(socket_enabled: None) -> None:
    """v2: goip_* only; v3: the v3 endpoints and the v3 call statistics; both: all."""
    expected = {
        "v2": {"goip_get_status.html": 200, "get_device_status": 404},
        "v3": {
            "goip_get_status.html": 404,
            "get_device_status": 200,
            "goip_get_call_stat.html": 200,
        },
        "both": {"goip_get_status.html": 200, "get_device_status": 200},
    }
    async with aiohttp.ClientSession() as session:
        for api, answers in expected.items():
            async with running_emulator(api=api, password=PASSWORD) as running:
                caller = DeviceCaller(running, session)
                for path, status in answers.items():
                    params = {"slots_pattern": "1"} if "call_stat" in path else {}
                    got, _ = await caller.call(path, params=params)
                    assert got == status, (api, path)
                # Requests to an endpoint not served are logged all the same.
                assert len(running.requests()) == len(answers)


async def test_wrong_credentials_and_bodies_are_answered_empty(
    device: DeviceCaller,
) -> None:
    for path, method in (
        ("get_device_status", "GET"),
        ("submit_sms_tasks", "POST"),
        ("lock_sims", "POST"),
        ("send_ussds", "POST"),
    ):
        assert await device.call(path, method=method, auth=False) == (200, [])
    # A body that names nothing, or is not what the endpoint reads.
    assert await device.post("lock_sims", {}) == []
    assert await device.post("lock_sims", {"slots_pattern": "9"}) == []
    assert await device.post("submit_sms_tasks", "text") == []
    assert await device.post("pause_sms_tasks", {"ids": "1"}) == []
    assert await device.post("send_ussds", [{"ports": [1]}]) == []
    assert await device.post("set_network_type", {"type": "5g"}) == []
    assert await device.post("set_sms_config", {}) == []
    assert await device.post("set_imeis", [{"port": 1, "slot": 1, "imei": "12"}]) == []
    status, body = await device.call(
        "get_device_status",
        data=b"{broken",
        headers={"Content-Type": "application/json"},
    )
    assert (status, body["type"]) == (200, "dev-status")


async def test_status_and_ports(device: DeviceCaller, v3: RunningEmulator) -> None:
    status = await device.get("get_device_status")
    assert status["mac"] == v3.gateway.mac
    assert len(status["status"]) == 8  # every slot
    ports = await device.call(
        "get_ports_status", json_body={"ports_pattern": "2"}
    )  # a GET with the document's JSON body
    assert ports[0] == 200
    assert [row["port"] for row in ports[1]] == ["2.01", "2.02"]
    assert ports[1][0]["st"] == "3"
    assert ports[1][0]["network"] == 4
    assert await device.get("get_ports_status", ports_pattern="9") == []


async def test_sending_and_inbox_through_v3(
    device: DeviceCaller, v3: RunningEmulator
) -> None:
    number = v3.gateway.slot_sn(v3.gateway.slot_state(2, 1))
    reply = await device.post(
        "submit_sms_tasks",
        [
            {"id": 11, "from": "1", "recipients": [number], "sms": "über v3"},
            {"id": 2**31, "recipients": [number], "sms": "too big"},
            {"id": 12, "recipients": [number], "sms": "mms", "sms_type": 1},
            {"id": 13, "recipients": [number], "sms": "aGk=", "charset": "Base64"},
        ],
    )
    assert reply == [
        {"id": 11, "code": 0, "reason": "OK"},
        {"id": 2**31, "code": 11, "reason": "TID Expected"},
        {"id": 12, "code": 17, "reason": "MMS Title expected"},
        {"id": 13, "code": 0, "reason": "OK"},
    ]
    await v3.wait_for(lambda: len(v3.gateway.inbox) == 2)
    inbox = await device.get("get_received_smses", id=1, num=0)
    assert inbox["ssrc"] == v3.gateway.ssrc
    assert inbox["next_id"] == 3
    first = inbox["smses"][0]
    assert first["port"] == 2
    assert first["slot"] == 1
    assert first["is_report"] is False
    assert base64.b64decode(first["sms"]).decode() == "über v3"
    assert first["timestamp"].isdigit()
    assert "iccid" not in first  # the document's inbox rows carry no SIM
    assert base64.b64decode(inbox["smses"][1]["sms"]).decode() == "hi"
    assert (await device.get("get_received_smses", id=3))["smses"] == []
    # The same messages through v2.1 when both are served.
    v3.configure(api="both")
    v2 = await device.get("goip_get_sms.html")
    assert v2["sms_num"] == 2


async def test_tasks_queue_pause_resume_remove(
    device: DeviceCaller, v3: RunningEmulator
) -> None:
    v3.set_slot("3.01", registering=True)
    v3.configure(register_delay=30.0)
    await device.post(
        "submit_sms_tasks",
        [{"id": 21, "from": "3", "recipients": ["1", "2"], "sms": "later"}],
    )
    tasks = await device.call(
        "get_sms_tasks",
        json_body={"port": 3, "index": 0, "num": 10, "need_content": True},
    )
    assert tasks[1] == [
        {
            "id": 21,
            "from": "3",
            "recipients": ["1", "2"],
            "status": 0,
            "charset": "utf8",
            "coding": "none",
            "sms": "later",
        }
    ]
    assert await device.post("pause_sms_tasks", {"ids": [21, 99]}) == [
        {"id": 21, "code": 0, "reason": "OK"},
        {"id": 99, "code": 11, "reason": "TID Expected"},
    ]
    paused = await device.get("get_sms_tasks", port=3, need_content="false")
    assert paused[0]["status"] == 1
    assert "sms" not in paused[0]
    # The document's example: a bare array of ids.
    assert await device.post("resume_sms_tasks", [21]) == [
        {"id": 21, "code": 0, "reason": "OK"}
    ]
    assert await device.post("remove_sms_tasks", {"ids": [21]}) == [
        {"id": 21, "code": 0, "reason": "OK"}
    ]
    assert await device.get("get_sms_tasks", port=3) == []
    assert await device.get("get_sms_tasks") == []  # no port: nothing to read


async def test_v3_pushes(v3: RunningEmulator, push_receiver: PushReceiver) -> None:
    """SMS as objects with the SIM, sms-sent-status, port-status with led/network."""
    gateway = v3.gateway
    url = push_receiver.url("/hook")
    gateway.sms_config.set(
        {"recv_sms_url": url, "sms_status_url": url, "sms_status_max": 1}
    )
    gateway.status.register(url, 60, all_slots=True)
    gateway.tasks.submit(
        {
            "tasks": [
                {"tid": 31, "from": "1", "to": "000123", "sms": "x", "fdr": 1},
                {"tid": 32, "from": "1", "to": "+1", "sms": "y", "sdr": 1},
            ],
            "sr_cnt": 1,
            "sr_prd": 1,
        }
    )
    v3.inject_sms("2.01", "+4917", "hello")
    sms = await push_receiver.wait_type("recv-sms")
    (row,) = sms["sms"]
    state = gateway.slot_state(2, 1)
    assert row["port"] == 2
    assert row["slot"] == 1
    assert row["from"] == "+4917"
    assert base64.b64decode(row["sms"]).decode() == "hello"
    assert (row["iccid"], row["imsi"], row["imei"]) == (
        state.sim.iccid,
        state.sim.imsi,
        gateway.slot_imei(state),
    )
    assert isinstance(row["ts"], int)
    statuses: list[dict[str, Any]] = []

    def both_reported(message: Any) -> bool:
        statuses.extend(message["statuses"])
        return {status["tid"] for status in statuses} >= {31, 32}

    await push_receiver.wait_type("sms-sent-status", both_reported)
    by_tid = {status["tid"]: status for status in statuses}
    (failure,) = by_tid[31]["fdr"]
    assert failure["code"] == 6
    assert failure["gsm_cause"] == 21
    assert (failure["port"], failure["slot"], failure["number"]) == (1, 1, "000123")
    (success,) = by_tid[32]["sdr"]
    assert success["cost"] == 20
    v3.set_slot("1.01", led=1)
    port = await push_receiver.wait_type("port-status", lambda m: m["led"] == 1)
    assert port["port"] == "1.01"
    assert port["st"] == "3"
    assert port["network"] == 4
    assert "status" not in port


async def test_mms_push_with_reception_report(
    v3: RunningEmulator, push_receiver: PushReceiver
) -> None:
    v3.configure(mms_url=push_receiver.url("/mms"))
    v3.inject_mms(sender="+1", subject="s", text="t", slot="2.01")
    mms = await push_receiver.wait_for(
        lambda item: item.headers.get("Emms-Port") == "2.01"
    )
    assert mms.headers["Emms-Iccid"] == v3.gateway.slot_state(2, 1).sim.iccid
    report = await push_receiver.wait_for(lambda item: b'"state"' in item.body)
    assert report.json["state"] == "success"
    assert (report.json["port"], report.json["slot"]) == (2, 1)


async def test_settings_through_v3_are_v2_state(
    device: DeviceCaller, v3: RunningEmulator
) -> None:
    gateway = v3.gateway
    assert (
        await device.post(
            "set_sms_config",
            {
                "sms_status_url": "http://a/sr",
                "sms_status_max": 5,
                "sms_status_period": 2,
                "recv_sms_url": "http://a/sms",
                "recv_sms_max": 3,
                "recv_sms_period": 4,
            },
        )
        == ""
    )
    assert gateway.param("sms_url") == "http://a/sms"
    assert gateway.param("sr_url") == "http://a/sr"
    assert await device.get("get_sms_config") == {
        "sms_status_url": "http://a/sr",
        "sms_status_max": 5,
        "sms_status_period": 2,
        "recv_sms_url": "http://a/sms",
        "recv_sms_max": 3,
        "recv_sms_period": 4,
    }
    assert await device.get("get_status_report_server") == {
        "enable": False,
        "period": 0,
        "url": "",
    }
    await device.post(
        "set_status_report_server", {"enbale": True, "url": "http://a/st", "period": 90}
    )
    assert await device.get("get_status_report_server") == {
        "enable": True,
        "period": 90,
        "url": "http://a/st",
    }
    await device.post("set_status_report_server", {"enable": False, "url": "x"})
    assert gateway.status_registration is None
    await device.post("set_numbers", [{"port": 2, "slot": 2, "number": "+4911"}])
    await device.post("set_imeis", [{"port": 2, "slot": 2, "imei": "490154203237518"}])
    assert gateway.param("sim_number(3)") == "+4911"
    numbers = {
        (row["port"], row["slot"]): row["number"]
        for row in await device.get("get_numbers")
    }
    imeis = {
        (row["port"], row["slot"]): row["imei"] for row in await device.get("get_imeis")
    }
    assert (numbers[2, 2], imeis[2, 2]) == ("+4911", "490154203237518")
    await device.post("save_config", None)
    assert gateway.saved_param("sim_number(3)") == "+4911"


async def test_commands(device: DeviceCaller, v3: RunningEmulator) -> None:
    gateway = v3.gateway
    await device.post("lock_sims", {"slots": [{"port": 1, "slot": 2}]})
    assert gateway.slot_state(1, 2).locked
    await device.post("unlock_sims", {"slots_pattern": "1"})
    assert not gateway.slot_state(1, 2).locked
    await device.post("switch_sims", {"slots_pattern": "2.02"})
    assert gateway.port_state(2).active_slot == 2
    await device.post("on_leds", {"slots_pattern": "3"})
    assert [gateway.slot_state(3, slot).led for slot in (1, 2)] == [1, 1]
    await device.post("off_leds", {"slots_pattern": "3.02"})
    assert gateway.slot_state(3, 2).led == 0
    await device.post("reboot_modems", {"ports": [{"port": 4}]})
    assert gateway.port_state(4).registering_until is not None
    await device.post("reboot_device", None)
    assert gateway.reboots == 1


async def test_statistics(device: DeviceCaller, v3: RunningEmulator) -> None:
    rows = await device.call(
        "get_sms_stats", json_body={"slots_pattern": "1-2", "type": 3}
    )
    assert [(row["port"], row["slot"]) for row in rows[1]] == [(1, 1), (2, 1)]
    rows = await device.call(
        "goip_get_call_stat.html", json_body={"slots": [{"port": 3, "slot": 2}]}
    )
    assert [(row["port"], row["slot"]) for row in rows[1]] == [(3, 2)]
    assert await device.get("get_sms_stats") == []
    v3.configure(api="both")
    v2 = await device.get("goip_get_call_stat.html", ports="1")
    assert v2["code"] == 200  # the v2.1 form still answers v2.1's way
    v3_form = await device.get("goip_get_call_stat.html", slots_pattern="1")
    assert isinstance(v3_form, list)


async def test_ussd(device: DeviceCaller, v3: RunningEmulator) -> None:
    gateway = v3.gateway
    v3.set_slot("2.01", bal=12.5)
    v3.set_slot("3.01", locked=True)
    reply = await device.post(
        "send_ussds",
        [
            {"ports_pattern": "1-3", "ussd": "*100#"},
            {"ports": [2], "ussd": "*101#"},
            {"ports": [1], "ussd": "*123#"},
        ],
    )
    balance = gateway.slot_state(1, 1).balance
    number = gateway.slot_sn(gateway.slot_state(2, 1))
    assert reply == [
        {"port": 1, "code": 0, "resp": f"Your balance is {balance:.2f} EUR."},
        {"port": 2, "code": 0, "resp": "Your balance is 12.50 EUR."},
        {"port": 3, "code": 5, "resp": "unavailable"},
        {"port": 2, "code": 0, "resp": f"Your number is {number}."},
        {"port": 1, "code": 0, "resp": "Unknown service code."},
    ]
    assert v3.state()["ussd"][0] == [1, "*100#"]


async def test_ussd_takes_the_network_s_time(
    device: DeviceCaller, v3: RunningEmulator
) -> None:
    v3.configure(ussd_delay=0.3)
    loop = asyncio.get_running_loop()
    started = loop.time()
    (reply,) = await device.post("send_ussds", [{"ports": [1], "ussd": "*100#"}])
    assert reply["code"] == 0
    assert loop.time() - started >= 0.3
    (late,) = await device.post(
        "send_ussds", [{"ports": [1], "ussd": "*100#", "timeout": 0.1}]
    )
    assert late == {"port": 1, "code": 6, "resp": "timeout"}


async def test_at_commands(device: DeviceCaller, v3: RunningEmulator) -> None:
    gateway = v3.gateway
    state = gateway.slot_state(1, 1)
    reply = await device.post(
        "send_ats",
        [
            {"ports": [1], "at": "AT+CSQ"},
            {"ports_pattern": "2", "at": "ati"},
            {"ports": [1], "at": 'AT+CPIN="1234"'},
            {"ports": [1], "at": "AT+NOPE"},
            {"ports": [1], "at": "hello"},
        ],
    )
    assert reply[0] == {
        "port": 1,
        "code": 0,
        "resp": f"AT+CSQ\r\n+CSQ: {state.sig},99\r\n\r\nOK\r\n",
    }
    assert reply[1]["resp"].startswith("ati\r\nQuectel")
    assert reply[2]["resp"] == 'AT+CPIN="1234"\r\nOK\r\n'
    assert reply[3]["resp"] == "AT+NOPE\r\nERROR\r\n"
    assert reply[4] == {"port": 1, "code": 15, "resp": "invalid AT"}
    # The log keeps the ports, never a command (it may hold a PIN).
    assert v3.state()["at_ports"] == [1, 2, 1, 1, 1]
    assert "1234" not in json.dumps(v3.state()["at_ports"])
    v3.set_slot("4.01", registering=True)
    v3.configure(register_delay=30.0)
    v3.set_slot("4.01", registering=True)
    (registering,) = await device.post("send_ats", [{"ports": [4], "at": "AT"}])
    assert registering["code"] == 5


async def test_busy_module(device: DeviceCaller, v3: RunningEmulator) -> None:
    """A module sending an SMS answers 4 to a USSD request or an AT command."""
    v3.configure(send_time=30.0)
    await device.post(
        "submit_sms_tasks", [{"id": 41, "from": "1", "recipients": ["+1"], "sms": "x"}]
    )
    await v3.wait_for(lambda: v3.gateway.tasks.lane(1).inflight is not None)
    (ussd,) = await device.post("send_ussds", [{"ports": [1], "ussd": "*100#"}])
    (at,) = await device.post("send_ats", [{"ports": [1], "at": "AT"}])
    assert (ussd["code"], at["code"]) == (4, 4)


async def test_network_type_and_serving_cells(
    device: DeviceCaller, v3: RunningEmulator
) -> None:
    gateway = v3.gateway
    assert await device.get("get_network_type") == {"type": "auto"}
    await device.post("set_network_type", {"type": "gsm", "ports": [2]})
    assert await device.get("get_network_type", ports_pattern="1-2") == [
        {"port": 1, "type": "auto"},
        {"port": 2, "type": "gsm"},
    ]
    await device.post("set_network_type", {"type": "lte"})
    assert {module.network_type for module in gateway.modules.modules} == {"lte"}
    cells = await device.call("get_serving_cells", json_body=[1])
    assert cells[1] == [{"port": 1, "status": "idle"}]
    v3.configure(cell_scan_time=0.3)
    status, body = await device.call(
        "scan_serving_cells", method="POST", json_body=[{"ports": 1}, 2]
    )
    assert (status, body) == (202, "")
    (waiting,) = (await device.call("get_serving_cells", json_body=[1]))[1]
    assert waiting == {"port": 1, "status": "waitting"}
    await v3.wait_for(lambda: gateway.radio.serving_cell(2)["status"] != "waitting")
    v3.set_slot("2.01", locked=True)
    first, second = (await device.call("get_serving_cells", json_body=[1, 2]))[1]
    assert first["status"] == "completed"
    assert first["operator"] == gateway.slot_state(1, 1).sim.opr_code
    assert {"earfcn", "pci", "cid", "rsrp"} <= first.keys()
    assert second == {"port": 2, "status": "timeout"}
    assert v3.state()["radio"]["1"]["serving_cell"]["status"] == "completed"


def test_command_line_api() -> None:
    assert build_parser().parse_args([]).api == "v2"
    assert build_parser().parse_args(["--api", "v3"]).api == "v3"
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--api", "v4"])
