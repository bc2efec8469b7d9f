"""End-to-end tests of the client against the stateful gateway emulator.

The emulator runs on a real loopback socket (``emulator.running_emulator``), and a
second small server on loopback receives the gateway's pushes and parses them with
:func:`parse_push`, so both directions of the protocol are exercised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
import logging
from typing import TYPE_CHECKING, Any

import aiohttp
from aiohttp import web
import pytest

from custom_components.ejoin.api import (
    DevStatusPush,
    EjoinAuthenticationError,
    EjoinClient,
    EjoinConnectionError,
    EjoinRefusedError,
    EjoinResponseError,
    EjoinTimeoutError,
    MmsAttachment,
    MmsPush,
    PortState,
    PortStatusPush,
    Push,
    ReceivedSmsPush,
    SlotAddress,
    SmsTask,
    SmsType,
    StatPeriod,
    StatusReportPush,
    parse_push,
)
from emulator import RunningEmulator, running_emulator

if TYPE_CHECKING:
    from collections.abc import AsyncIterator
    from contextlib import AbstractAsyncContextManager

pytestmark = pytest.mark.usefixtures("socket_enabled")

PASSWORD = "pa&ss#1"  # needs URL encoding
VALID_IMEI = "490154203237518"


@dataclass
class PushReceiver:
    """Collects the gateway's pushes, parsed by the client library."""

    url: str = ""
    pushes: list[Push] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        try:
            push = parse_push(
                body,
                request.headers.get("Content-Type", ""),
                request.headers,
                request.query,
            )
        except EjoinResponseError as err:
            self.errors.append(str(err))
            return web.Response(status=400)
        self.pushes.append(push)
        return web.Response(text="OK")

    def of[T](self, kind: type[T]) -> list[T]:
        return [push for push in self.pushes if isinstance(push, kind)]


@pytest.fixture
async def receiver() -> AsyncIterator[PushReceiver]:
    collected = PushReceiver()
    app = web.Application()
    app.router.add_post("/{tail:.*}", collected.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    collected.url = f"http://127.0.0.1:{runner.addresses[0][1]}/api/webhook/abc"
    yield collected
    await runner.cleanup()


def emulate(**kwargs: Any) -> AbstractAsyncContextManager[RunningEmulator]:
    kwargs.setdefault("password", PASSWORD)
    kwargs.setdefault("register_delay", 0.0)
    kwargs.setdefault("send_time", 0.0)
    return running_emulator(**kwargs)


@pytest.fixture
def emu(emulator: RunningEmulator) -> RunningEmulator:
    """The shared emulator (tests/conftest.py), with instant registration/sending."""
    emulator.configure(register_delay=0.0, send_time=0.0)
    return emulator


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client_session:
        yield client_session


def make_client(
    emu: RunningEmulator,
    session: aiohttp.ClientSession,
    *,
    password: str | None = None,
    timeout: float = 5.0,
) -> EjoinClient:
    return EjoinClient(
        emu.host,
        session=session,
        port=emu.port,
        username=emu.username,
        password=emu.password if password is None else password,
        request_timeout=timeout,
    )


@pytest.fixture
def client(emu: RunningEmulator, session: aiohttp.ClientSession) -> EjoinClient:
    return make_client(emu, session)


# ---------------------------------------------------------------------- status


async def test_status_matches_gateway(
    emu: RunningEmulator, client: EjoinClient
) -> None:
    status = await client.get_status()
    gateway = emu.gateway
    assert status.mac == gateway.mac.replace("-", ":").lower()
    assert status.max_ports == 8
    assert status.slots_per_port == 4
    assert status.firmware == gateway.options.ver
    assert status.expires == -1
    assert len(status.slots) == 32
    for address, slot in status.slots.items():
        state = gateway.slot_state(address.port, address.slot)
        assert slot.state_code == gateway.slot_st(state)
        assert slot.imei == gateway.slot_imei(state)
        if state.inserted:
            assert slot.iccid == state.sim.iccid
            assert slot.balance == Decimal(f"{state.balance:.2f}")
            assert slot.active == (
                gateway.port_state(address.port).active_slot == address.slot
            )
        else:
            assert slot.iccid is None  # reduced row of an empty slot
    for port in status.port_numbers:
        active = status.active_slot(port)
        assert active is not None or not any(
            gateway.slot_state(port, slot).inserted for slot in range(1, 5)
        )
    only_active = await client.get_status(all_slots=False)
    assert len(only_active.slots) == 8


@pytest.mark.parametrize(
    "options",
    [
        {"slot_key_style": "max-slots", "slot_count_as_string": True},
        {"status_port_style": "letter", "empty_slots": "omit"},
        {"empty_slots": "full"},
    ],
)
async def test_status_variants(
    emu: RunningEmulator, client: EjoinClient, options: dict[str, Any]
) -> None:
    emu.configure(**options)
    status = await client.get_status()
    assert status.slots_per_port == 4
    assert status.max_ports == 8
    inserted = sum(
        emu.gateway.slot_state(port, slot).inserted
        for port in range(1, 9)
        for slot in range(1, 5)
    )
    expected = inserted if options.get("empty_slots") == "omit" else 32
    assert len(status.slots) == expected


async def test_plain_text_status(emu: RunningEmulator, client: EjoinClient) -> None:
    emu.configure(plain_text_status=True)
    status = await client.get_status()
    assert status.mac is None
    assert len(status.slots) == 32
    state = emu.gateway.slot_state(1, emu.gateway.port_state(1).active_slot)
    slot = status.slots[SlotAddress(1, state.slot)]
    assert slot.state is PortState.REGISTERED
    assert slot.iccid == state.sim.iccid
    by_port = await client.get_status(all_slots=False)
    assert sorted(by_port.slots) == [SlotAddress(port, 1) for port in range(1, 9)]


@pytest.mark.parametrize(("ports", "slots"), [(8, 32), (512, 1), (64, 32)])
async def test_large_gateways(
    session: aiohttp.ClientSession, ports: int, slots: int
) -> None:
    async with emulate(ports=ports, slots=slots, profile="all_registered") as emu:
        client = make_client(emu, session)
        status = await client.get_status()
        assert status.max_ports == ports
        assert status.slots_per_port == slots
        assert len(status.slots) == ports * slots
        assert status.slots[SlotAddress(ports, 1)].state is PortState.REGISTERED
        last = status.slots[SlotAddress(ports, slots)]
        assert last.state is (PortState.IDLE_SIM if slots > 1 else PortState.REGISTERED)
        if slots == 32:
            await client.switch(SlotAddress(1, 32))
            assert emu.gateway.port_state(1).active_slot == 32
            await client.lock("1.27")
            assert emu.gateway.slot_state(1, 27).locked


# ------------------------------------------------------------ authentication


@pytest.mark.parametrize("style", ["http", "json", "json14"])
async def test_wrong_credentials(session: aiohttp.ClientSession, style: str) -> None:
    async with emulate(auth_error=style) as emu:
        client = make_client(emu, session, password="wrong")
        for call in (
            client.get_status(),
            client.save(),
            client.send_sms(SmsTask(tid=1, to=("1",), message="x")),
            client.get_sms(),
            client.get_tasks(1),
            client.pause_tasks(),
            client.get_sms_statistics(),
            client.set_parameters({"sms_url": "http://x"}),
        ):
            with pytest.raises(EjoinAuthenticationError) as info:
                await call
            assert "wrong" not in str(info.value)
            assert PASSWORD not in str(info.value)


# ------------------------------------------------------------------ commands


async def test_lock_unlock_switch_reset(
    emu: RunningEmulator, client: EjoinClient
) -> None:
    gateway = emu.gateway
    await client.lock("2")
    assert all(gateway.slot_state(2, slot).locked for slot in range(1, 5))
    status = await client.get_status()
    assert {slot.state for slot in status.slots_of(2)} == {PortState.USER_LOCKED}
    # Rows of empty slots are reduced (no slot_active): unknown, not enabled.
    assert {slot.enabled for slot in status.slots_of(2)} <= {False, None}
    await client.unlock(["2A", "2.02"])
    assert not gateway.slot_state(2, 1).locked
    assert not gateway.slot_state(2, 2).locked
    assert gateway.slot_state(2, 3).locked
    await client.unlock("all")
    assert not any(gateway.slot_state(2, slot).locked for slot in range(1, 5))
    await client.switch("3.02")
    assert gateway.port_state(3).active_slot == 2
    await client.reset("1-2")
    await client.run_commands([("switch", "3A"), ("lock", "4B"), ("reset", "4")])
    assert gateway.port_state(3).active_slot == 1
    assert gateway.slot_state(4, 2).locked


async def test_save_and_reboot(emu: RunningEmulator, client: EjoinClient) -> None:
    await client.set_parameters({"sms_url": "http://a/b"})
    assert emu.gateway.saved_param("sms_url") is None
    await client.save()
    assert emu.gateway.saved_param("sms_url") == "http://a/b"
    before = (await client.get_sms()).ssrc
    await client.reboot()
    assert emu.gateway.reboots == 1
    assert (await client.get_sms()).ssrc != before


@pytest.mark.parametrize("code", [0, 200])
async def test_command_success_codes(
    emu: RunningEmulator, client: EjoinClient, code: int
) -> None:
    emu.configure(command_ok_code=code)
    await client.lock("1A")
    assert emu.gateway.slot_state(1, 1).locked


async def test_command_refusals(client: EjoinClient) -> None:
    with pytest.raises(EjoinRefusedError) as info:
        await client.lock("9")  # the emulator has 8 ports
    assert info.value.code == 2
    assert info.value.reason == "Invalid Port"
    with pytest.raises(EjoinRefusedError) as info:
        await client.switch("1.05")
    assert info.value.code == 2


# ---------------------------------------------------------------- parameters


async def test_parameters(emu: RunningEmulator, client: EjoinClient) -> None:
    gateway = emu.gateway
    await client.set_sim_imei("2B", VALID_IMEI, 4)
    assert gateway.param("sim_imei(5)") == VALID_IMEI
    status = await client.get_status()
    assert status.slots[SlotAddress(2, 2)].imei == VALID_IMEI
    assert status.slots[SlotAddress(2, 1)].imei != VALID_IMEI
    await client.set_sim_number(SlotAddress(8, 4), "+15551234567", 4, save=True)
    assert gateway.saved_param("sim_number(31)") == "+15551234567"
    values = await client.get_parameters("sim_imei(5)", "sim_number(31)")
    assert values["sim_imei(5)"] == VALID_IMEI
    assert values["sim_number(31)"] == "+15551234567"
    url = "http://127.0.0.1:8123/api/webhook/x?a=1&b=c d"
    await client.set_sms_url(url)
    assert gateway.param("sms_url") == url
    assert (await client.get_parameters("sms_url"))["sms_url"] == url
    count = await client.set_parameters(
        {"sim_imei(4)": VALID_IMEI, "sim_imei(999)": VALID_IMEI}
    )
    assert count == 1
    with pytest.raises(EjoinRefusedError, match="did not set"):
        await client.set_sim_number(SlotAddress(9, 1), "1", 4)


# ------------------------------------------------------------------- sending


async def test_send_sms_and_status_report(
    emu: RunningEmulator, client: EjoinClient, receiver: PushReceiver
) -> None:
    tasks = [
        SmsTask(
            tid=100,
            to=("+15550001", "000123"),
            message="héllo",
            from_ports=None,
            report_success=True,
            sr_cnt=1,
        ),
        SmsTask(tid=101, to=("+15550002",), message="x", from_ports=None),
    ]
    results = await client.send_sms(tasks, sr_url=receiver.url)
    assert [(result.tid, result.ok) for result in results] == [(100, True), (101, True)]
    await emu.wait_for(
        lambda: (
            not any(
                (task := emu.gateway.task(tid)) is not None and task.active
                for tid in (100, 101)
            )
        )
    )
    emu.gateway.flush_reports()
    await emu.wait_for_push("status-report")
    await emu.settle()
    assert not receiver.errors
    reports = [
        report for push in receiver.of(StatusReportPush) for report in push.reports
    ]
    outcomes = [
        outcome
        for report in reports
        if report.tid == 100
        for outcome in report.outcomes
    ]
    assert {outcome.number: outcome.success for outcome in outcomes} == {
        "+15550001": True,
        "000123": False,
    }
    failed = next(outcome for outcome in outcomes if not outcome.success)
    assert failed.reason_code == 6
    assert failed.carrier_reason
    assert failed.slot is not None
    assert failed.sent_at is not None
    # The same tid again is refused: a retry can never send twice.
    (again,) = await client.send_sms(SmsTask(tid=100, to=("+15550001",), message="x"))
    assert again.code == 13


async def test_send_refusals(emu: RunningEmulator, client: EjoinClient) -> None:
    emu.configure(max_queued_tasks=1, send_time=5.0)
    results = await client.send_sms(
        [
            SmsTask(tid=1, to=("+1",), message="a"),
            SmsTask(tid=2, to=("+1",), message="b"),
            SmsTask(tid=3, to=("+1",), message="b", from_ports=None),
        ]
    )
    assert [result.code for result in results] == [0, 16, 16]
    assert results[1].reason == "Too Many Task"


async def test_send_mms(emu: RunningEmulator, client: EjoinClient) -> None:
    (result,) = await client.send_sms(
        SmsTask(
            tid=7,
            to=("+15550003",),
            message="look",
            sms_type=SmsType.MMS,
            title="Photo",
            attachments=(
                MmsAttachment("jpg", b"\xff\xd8\xff"),
                MmsAttachment("txt", b"hi"),
            ),
        )
    )
    assert result.ok
    task = emu.gateway.task(7)
    assert task is not None
    assert [(item.kind, item.data) for item in task.attachments] == [
        ("jpg", b"\xff\xd8\xff"),
        ("txt", b"hi"),
    ]
    (multi,) = await client.send_sms(
        SmsTask(
            tid=8,
            to=(),
            sms_type=SmsType.MMS_MULTI,
            message="m",
            to_titles=(("+15550004", "A"), ("+15550005", "B")),
        )
    )
    assert multi.ok


async def test_task_queue(emu: RunningEmulator, client: EjoinClient) -> None:
    emu.configure(send_time=30.0)
    await client.send_sms(
        [
            SmsTask(tid=tid, to=("+1", "+2"), message=f"m{tid}", from_ports=None)
            for tid in (11, 12, 13)
        ]
    )
    port = next(port for port in range(1, 9) if emu.gateway.tasks.lane(port).queue)
    query = await client.get_tasks(port, include_content=True)
    assert query.total >= 1
    assert all(task.message is not None for task in query.tasks)
    paused = await client.pause_tasks([11, 12])
    assert [(result.tid, result.ok) for result in paused] == [(11, True), (12, True)]
    assert is_paused(emu, 11)
    query = await client.get_tasks(port, 0, 50)
    assert any(task.paused for task in query.tasks if task.tid in {11, 12})
    assert all(task.message is None for task in query.tasks)
    resumed = await client.resume_tasks()
    assert all(result.ok for result in resumed)
    assert not is_paused(emu, 11)
    removed = await client.remove_tasks([13, 999])
    assert [(result.tid, result.ok) for result in removed] == [(13, True), (999, False)]
    await client.remove_tasks()
    assert (await client.get_tasks(port)).total == 0


def is_paused(emu: RunningEmulator, tid: int) -> bool:
    task = emu.gateway.task(tid)
    assert task is not None
    return task.paused


# ----------------------------------------------------------------- receiving


async def test_inbox(emu: RunningEmulator, client: EjoinClient) -> None:
    emu.inject_sms("1.01", "+4911111", "Hallo Welt, 你好")
    emu.inject_sms("2B", "+4922222", "second")
    emu.inject_sms(
        "3.03", "+15550000000", "", recipient="+4933333", delivery_report=True
    )
    page = await client.get_sms()
    assert [message.id for message in page.messages] == [1, 2, 3]
    assert page.next_id == 4
    first, second, report = (message.sms for message in page.messages)
    assert first.text == "Hallo Welt, 你好"
    assert first.slot == SlotAddress(1, 1)
    assert first.sender == "+4911111"
    assert first.received_at is not None
    assert second.slot == SlotAddress(2, 2)
    assert report.is_delivery_report
    assert report.delivered is True
    assert report.recipient == "+4933333"
    assert report.scts
    page = await client.get_sms(2, 1)
    assert [message.id for message in page.messages] == [2]
    assert page.next_id == 3
    deleted = await client.delete_sms(1, 2)
    assert [message.id for message in deleted.messages] == [1, 2]
    page = await client.get_sms()
    assert [message.id for message in page.messages] == [3]


async def test_inbox_letter_ports(emu: RunningEmulator, client: EjoinClient) -> None:
    emu.configure(inbox_port_style="letter")
    emu.inject_sms("4.03", "+1", "x")
    page = await client.get_sms()
    assert page.messages[0].sms.slot == SlotAddress(4, 3)


# ---------------------------------------------------------------- statistics


async def test_statistics(emu: RunningEmulator, client: EjoinClient) -> None:
    emu.inject_sms("1.01", "+1", "x")
    stats = await client.get_sms_statistics("1", "all", StatPeriod.CUMULATIVE)
    assert [row.address for row in stats] == [
        SlotAddress(1, slot) for slot in range(1, 5)
    ]
    assert stats[0].received == 1
    current = await client.get_sms_statistics()
    assert len(current) == 8
    calls = await client.get_call_statistics("1-2", [1, 2], "today")
    assert [row.address for row in calls] == [
        SlotAddress(1, 1),
        SlotAddress(1, 2),
        SlotAddress(2, 1),
        SlotAddress(2, 2),
    ]
    assert all(row.calls is not None for row in calls)


# ------------------------------------------------------------ secure session


async def test_secure_session(emu: RunningEmulator, client: EjoinClient) -> None:
    await client.start_secure_session(expires=120)
    status = await client.get_status()
    assert status.max_ports == 8
    await client.lock("1A")
    assert emu.gateway.slot_state(1, 1).locked
    emu.inject_sms("1.01", "+1", "x")
    assert len((await client.get_sms()).messages) == 1
    # A reboot forgets sessions: the client handshakes again by itself.
    emu.reboot()
    await client.unlock("1A")
    assert not emu.gateway.slot_state(1, 1).locked
    assert emu.gateway.request_counts["crypt_sess.json"] == 2


async def test_secure_session_wrong_password(
    emu: RunningEmulator, session: aiohttp.ClientSession
) -> None:
    client = make_client(emu, session, password="wrong")
    with pytest.raises(EjoinAuthenticationError):
        await client.start_secure_session()


# ------------------------------------------------------------------- faults


async def test_faults(emu: RunningEmulator, session: aiohttp.ClientSession) -> None:
    client = make_client(emu, session, timeout=0.3)
    emu.set_fault("http500", count=1)
    with pytest.raises(EjoinResponseError, match="HTTP 500"):
        await client.get_status()
    emu.set_fault("garbage", count=1)
    with pytest.raises(EjoinResponseError):
        await client.save()
    emu.set_fault("slow", delay=2.0, count=1)
    with pytest.raises(EjoinTimeoutError):
        await client.get_status()
    emu.go_offline()
    with pytest.raises(EjoinConnectionError):
        await client.get_status()
    emu.go_offline(mode="hang")
    with pytest.raises(EjoinTimeoutError):
        await client.get_status()
    emu.go_online()
    assert (await client.get_status()).max_ports == 8


# -------------------------------------------------------------------- pushes


async def test_status_pushes(
    emu: RunningEmulator, client: EjoinClient, receiver: PushReceiver
) -> None:
    status = await client.register_status_push(receiver.url, 60)
    assert status is not None
    registration = emu.gateway.status_registration
    assert registration is not None
    assert registration.url == receiver.url
    await emu.wait_for_push("dev-status")
    emu.set_slot("2.03", active=True)
    await emu.wait_for_push("port-status")
    await emu.settle()
    assert not receiver.errors
    (dev,) = receiver.of(DevStatusPush)
    assert dev.status.mac == status.mac
    assert dev.status.expires == 60
    changed = [push.slot for push in receiver.of(PortStatusPush)]
    new = next(slot for slot in changed if slot.address == SlotAddress(2, 3))
    assert new.active is True
    updated = dev.status
    for slot in changed:
        updated = updated.with_slot(slot)
    assert updated.active_slot(2) == new
    await client.cancel_status_push()
    assert emu.gateway.status_registration is None


async def test_sms_pushes(
    emu: RunningEmulator, client: EjoinClient, receiver: PushReceiver
) -> None:
    await client.set_sms_url(receiver.url)
    emu.configure(http_sms_url=receiver.url + "?x=1", http_sms_mac=False)
    emu.inject_sms("1.02", "+4911111", "über")
    emu.inject_sms("1.03", "+1", "", delivery_report=True)
    await emu.wait_for(lambda: len(receiver.pushes) >= 3)
    await emu.settle()
    assert not receiver.errors
    received = [
        message for push in receiver.of(ReceivedSmsPush) for message in push.messages
    ]
    texts = sorted((message.text, message.is_delivery_report) for message in received)
    assert ("über", False) in texts
    assert sum(1 for message in received if message.text == "über") == 2  # both formats
    http = next(push for push in receiver.of(ReceivedSmsPush) if push.messages[0].iccid)
    assert http.mac is None
    assert http.messages[0].slot == SlotAddress(1, 2)
    assert http.messages[0].sender == "+4911111"


async def test_http_sms_push_with_mac(
    emu: RunningEmulator, receiver: PushReceiver
) -> None:
    emu.configure(http_sms_url=receiver.url)
    emu.inject_sms("5A", "+1", "line one\nline two")
    await emu.wait_for(lambda: bool(receiver.pushes))
    (push,) = receiver.of(ReceivedSmsPush)
    assert push.mac == emu.gateway.mac.replace("-", ":").lower()
    assert push.messages[0].text == "line one\nline two"
    assert push.messages[0].received_at is not None


@pytest.mark.parametrize("extra", [False, True])
async def test_mms_push(
    emu: RunningEmulator, receiver: PushReceiver, extra: bool
) -> None:
    from emulator import MmsFile as EmulatorPart

    emu.configure(mms_url=receiver.url, mms_extra_headers=extra)
    emu.inject_mms(
        sender="+8613751064129",
        subject="Sujet ü",
        text="content00",
        attachments=[EmulatorPart("IMG_1.jpg", "image/jpeg", b"\xff\xd8\xffdata")],
        slot="2.01",
    )
    await emu.wait_for(lambda: bool(receiver.pushes or receiver.errors))
    assert not receiver.errors
    (push,) = receiver.of(MmsPush)
    mms = push.message
    assert mms.subject == "Sujet ü"
    assert mms.sender == "+8613751064129"
    assert mms.recipient
    assert mms.text == "content00"
    assert mms.date is not None
    image = next(part for part in mms.parts if part.content_type == "image/jpeg")
    assert image.filename == "IMG_1.jpg"
    assert image.data == b"\xff\xd8\xffdata"
    if extra:
        assert mms.slot == SlotAddress(2, 1)
        assert mms.iccid
        assert mms.mac == emu.gateway.mac.replace("-", ":").lower()
    else:
        assert mms.slot is None


# ------------------------------------------------------------- credentials


async def test_no_credentials_in_logs(
    emu: RunningEmulator, client: EjoinClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await client.get_status()
    await client.save()
    emu.go_offline()
    with pytest.raises(EjoinConnectionError) as info:
        await client.get_status()
    assert emu.password not in str(info.value)
    assert emu.password not in repr(client)
    ours = [
        record
        for record in caplog.records
        if record.name.startswith("custom_components")
    ]
    assert ours
    for record in ours:
        assert emu.password not in record.getMessage()


async def test_password_needing_url_encoding(session: aiohttp.ClientSession) -> None:
    async with emulate() as emu:
        assert emu.password == PASSWORD
        client = make_client(emu, session)
        assert (await client.get_status()).max_ports == 8
        await client.set_parameters({"sms_url": "http://x/y?a=1&b=2"})
        assert emu.gateway.param("sms_url") == "http://x/y?a=1&b=2"
        await client.start_secure_session()
        await client.lock("1A")
        assert emu.gateway.slot_state(1, 1).locked
