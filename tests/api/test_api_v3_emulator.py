"""The client against the emulator serving API v3 (alone, or beside v2.1)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import aiohttp
import pytest

from custom_components.ejoin.api import (
    ApiVersion,
    CellScanStatus,
    EjoinAuthenticationError,
    EjoinClient,
    EjoinUnsupportedError,
    NetworkType,
    PortSelection,
    PortState,
    SlotAddress,
    SmsTask,
)
from emulator import running_emulator

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from emulator import RunningEmulator

PASSWORD = "v3-client"


@pytest.fixture(params=["v3", "both"])
async def emulator(
    request: pytest.FixtureRequest, socket_enabled: None
) -> AsyncIterator[RunningEmulator]:
    async with running_emulator(
        ports=4,
        slots=2,
        seed=5,
        profile="all_registered",
        password=PASSWORD,
        api=request.param,
    ) as running:
        yield running


@pytest.fixture
async def client(emulator: RunningEmulator) -> AsyncIterator[EjoinClient]:
    async with aiohttp.ClientSession() as session:
        client = EjoinClient(
            emulator.host, port=emulator.port, password=PASSWORD, session=session
        )
        await client.detect_api()
        yield client


async def test_detected(client: EjoinClient, emulator: RunningEmulator) -> None:
    both = emulator.gateway.options.api == "both"
    assert client.apis == ((ApiVersion.V3, ApiVersion.V2) if both else (ApiVersion.V3,))
    status = await client.get_status()
    assert status.mac == emulator.gateway.mac.replace("-", ":")
    assert len(status.slots) == 8
    assert status.slots[SlotAddress(1, 1)].state is PortState.REGISTERED


async def test_wrong_password(emulator: RunningEmulator) -> None:
    async with aiohttp.ClientSession() as session:
        client = EjoinClient(
            emulator.host, port=emulator.port, password="wrong", session=session
        )
        with pytest.raises(EjoinAuthenticationError):
            await client.detect_api()


async def test_sms_round_trip(client: EjoinClient, emulator: RunningEmulator) -> None:
    number = emulator.gateway.slot_sn(emulator.gateway.slot_state(2, 1))
    (result,) = await client.send_sms(SmsTask(tid=5, to=(number,), message="über"))
    assert result.ok
    await emulator.wait_for(lambda: len(emulator.gateway.inbox) == 1)
    page = await client.get_sms()
    (message,) = page.messages
    assert (message.id, message.sms.text, message.sms.slot) == (
        1,
        "über",
        SlotAddress(2, 1),
    )
    assert page.ssrc == emulator.gateway.ssrc
    assert (await client.get_sms(page.next_id or 1)).messages == ()
    stats = await client.get_sms_statistics("1", period="cumulative")
    assert stats[0].sent_ok == 1
    calls = await client.get_call_statistics("1-2", slots="1-2")
    assert [row.address for row in calls] == [
        SlotAddress(1, 1),
        SlotAddress(1, 2),
        SlotAddress(2, 1),
        SlotAddress(2, 2),
    ]


async def test_inbox_delete_only_beside_v2(
    client: EjoinClient, emulator: RunningEmulator
) -> None:
    emulator.inject_sms("1.01", "+1", "to delete")
    if emulator.gateway.options.api == "both":
        deleted = await client.delete_sms(1, 1)
        assert [message.sms.text for message in deleted.messages] == ["to delete"]
        assert len(emulator.gateway.inbox) == 0
    else:
        with pytest.raises(EjoinUnsupportedError):
            await client.delete_sms(1, 1)


async def test_commands(client: EjoinClient, emulator: RunningEmulator) -> None:
    gateway = emulator.gateway
    await client.lock("2")
    assert gateway.slot_state(2, 1).locked
    await client.unlock("2")
    await client.switch("3.02")
    assert gateway.port_state(3).active_slot == 2
    await client.reset("4")
    await client.set_leds("1", on=True)
    assert (await client.get_status()).slots[SlotAddress(1, 2)].led
    await client.set_sim_number("1.02", "+4911", 2, save=True)
    await client.set_sim_imei("1.02", "490154203237518", 2, save=True)
    assert gateway.saved_param("sim_number(1)") == "+4911"
    assert gateway.slot_imei(gateway.slot_state(1, 2)) == "490154203237518"


async def test_push_settings(client: EjoinClient, emulator: RunningEmulator) -> None:
    await client.register_status_push("http://127.0.0.1:9/hook", 60)
    registration = emulator.gateway.status_registration
    assert registration is not None
    assert registration.url == "http://127.0.0.1:9/hook"
    await client.cancel_status_push()
    assert emulator.gateway.status_registration is None
    await client.set_sms_url("http://127.0.0.1:9/sms", save=True)
    assert await client.get_sms_url() == "http://127.0.0.1:9/sms"
    assert emulator.gateway.saved_param("sms_url") == "http://127.0.0.1:9/sms"


async def test_task_control(client: EjoinClient, emulator: RunningEmulator) -> None:
    """Tasks wait while port 3 registers: read, paused (all of them), removed."""
    emulator.configure(register_delay=30.0)
    emulator.set_slot("3.01", registering=True)
    port_3 = PortSelection.parse("3")
    await client.send_sms(
        [
            SmsTask(tid=7, to=("+1",), message="a", from_ports=port_3),
            SmsTask(tid=8, to=("+2",), message="b", from_ports=port_3),
        ]
    )
    queue = await client.get_tasks(3, include_content=True)
    assert [(task.tid, task.message) for task in queue.tasks] == [(7, "a"), (8, "b")]
    paused = await client.pause_tasks()  # every queued task, port by port
    assert [(result.tid, result.ok) for result in paused] == [(7, True), (8, True)]
    assert all(task.paused for task in (await client.get_tasks(3)).tasks)
    removed = await client.remove_tasks([7, 8, 9])
    assert [result.code for result in removed] == [0, 0, 11]
    assert (await client.get_tasks(3)).tasks == ()


async def test_ussd_at_and_radio(
    client: EjoinClient, emulator: RunningEmulator
) -> None:
    balance = emulator.gateway.slot_state(1, 1).balance
    (reply,) = await client.send_ussd([1], "*100#")
    assert reply.text == f"Your balance is {balance:.2f} EUR."
    at = await client.send_at(2, "AT+CGSN")
    assert at.ok
    assert at.response is not None
    assert emulator.gateway.port_state(2).module_imei in at.response
    assert await client.get_network_types([1, 2]) == {
        1: NetworkType.AUTO,
        2: NetworkType.AUTO,
    }
    await client.set_network_type([2], NetworkType.LTE)
    assert (await client.get_network_types([2]))[2] is NetworkType.LTE
    emulator.configure(cell_scan_time=0.0)
    await client.scan_serving_cells([1])
    (cell,) = await client.get_serving_cells([1])
    assert cell.status is CellScanStatus.COMPLETED
    assert cell.band is not None
    assert cell.technology == "lte"
