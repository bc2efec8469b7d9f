"""Tests of the model parsing, against JSON fixtures from the doc and field notes."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import UTC, datetime
from decimal import Decimal
import json
from pathlib import Path
from typing import Any

import pytest

from custom_components.ejoin.api import (
    MAX_PORTS,
    MAX_SLOTS,
    CallMinuteLimit,
    CallStatistics,
    DeviceStatus,
    EjoinResponseError,
    InboxPage,
    MmsAttachment,
    PortState,
    QueuedTask,
    ReceivedSms,
    RecipientOutcome,
    SlotAddress,
    SlotStatus,
    SmsCoding,
    SmsStatistics,
    SmsTask,
    SmsType,
    StatPeriod,
    StatusReport,
    TaskQuery,
    TaskResult,
    TaskStatusCode,
)
from custom_components.ejoin.api._convert import (
    decode_base64_text,
    normalize_mac,
    split_code,
    to_bool,
    to_datetime,
    to_decimal,
    to_int,
    to_str,
)

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def test_port_state_codes() -> None:
    expected = {
        0: "NO_SIM",
        1: "IDLE_SIM",
        2: "REGISTERING",
        3: "REGISTERED",
        4: "CALL_CONNECTED",
        5: "NO_BALANCE",
        6: "REGISTER_FAILED",
        7: "LOCKED_BY_DEVICE",
        8: "LOCKED_BY_OPERATOR",
        9: "SIM_ERROR",
        11: "CARD_DETECTED",
        12: "USER_LOCKED",
        13: "INTER_CALLING",
        14: "INTER_CALLING_HOLDING",
        15: "ACCESS_MOBILE_NETWORK",
        16: "MODULE_RESPONSE_TIMEOUT",
    }
    assert {state.value: state.name for state in PortState} == expected
    assert PortState.from_code(10) is None
    assert PortState.from_code(17) is None
    assert PortState.from_code(None) is None
    assert PortState.from_code(3) is PortState.REGISTERED


def test_task_status_codes() -> None:
    assert [code.value for code in TaskStatusCode] == list(range(21))
    assert TaskStatusCode.from_code(16) is TaskStatusCode.TOO_MANY_TASK
    assert TaskStatusCode.from_code(99) is None
    assert TaskStatusCode.from_code(None) is None


def test_enums_parse() -> None:
    assert SmsCoding.parse("auto") is SmsCoding.AUTO
    assert SmsCoding.parse(" UCS2 ") is SmsCoding.UCS2
    assert SmsCoding.parse("7bit") is SmsCoding.GSM_7BIT
    assert SmsCoding.parse(2) is SmsCoding.GSM_7BIT
    assert SmsCoding.parse(SmsCoding.UCS2) is SmsCoding.UCS2
    with pytest.raises(ValueError, match="Unknown SMS coding"):
        SmsCoding.parse("utf7")
    assert StatPeriod.parse("last_hour") is StatPeriod.LAST_HOUR
    assert StatPeriod.parse("last_2_hours") is StatPeriod.LAST_2_HOURS
    assert StatPeriod.parse("Today") is StatPeriod.TODAY
    assert StatPeriod.parse(3) is StatPeriod.CUMULATIVE
    assert StatPeriod.parse(StatPeriod.TODAY) is StatPeriod.TODAY
    with pytest.raises(ValueError, match="Unknown statistics period"):
        StatPeriod.parse("yesterday")


def test_device_status_doc_example() -> None:
    status = DeviceStatus.from_dict(load("dev_status_doc.json"))
    assert status.mac == "00:30:f1:00:6c:55"
    assert status.ip == "192.168.1.67"
    assert status.firmware == "532-604-924-041-100-000"
    assert status.max_ports == 32
    assert status.slots_per_port == 4
    assert status.expires == 60
    assert status.seq == 3
    assert list(status.slots) == [SlotAddress(1, 1)]
    slot = status.slot("1.01")
    assert slot is not None
    assert slot is status.slot(SlotAddress(1, 1))
    assert slot.state is PortState.REGISTERED
    assert slot.state_code == 3
    assert slot.state_text is None
    assert slot.balance == Decimal("0.00")
    assert slot.operator_code == "46001"
    assert slot.operator_name == "CHINA UNICOM GSM"
    assert slot.sim_number is None
    assert slot.sim is None
    assert slot.imei == "898610599441327"
    assert slot.imsi == "460014978212473"
    assert slot.iccid == "89860116289910033431"
    assert slot.signal == 15
    assert slot.signal_dbm == -83
    assert slot.seq == 8
    assert slot.total_minutes == CallMinuteLimit(0, None)
    assert slot.month_minutes == CallMinuteLimit(0, None)
    assert slot.day_minutes == CallMinuteLimit(0, None)
    assert slot.port == 1
    assert slot.slot == 1
    assert slot.has_sim is True
    assert status.port_numbers == tuple(range(1, 33))
    # A single reported slot with no "active" flags is the port's card.
    assert status.active_slot(1) is slot
    assert status.active_slot(2) is None
    assert hash(status) == hash(status)


def test_device_status_push_letters_and_strings() -> None:
    status = DeviceStatus.from_dict(load("dev_status_push_letters.json"))
    assert status.mac == "00:30:f1:01:02:03"
    assert status.max_ports == 32
    assert status.slots_per_port == 4
    assert status.firmware is None
    assert list(status.slots) == [
        SlotAddress(1, 1),
        SlotAddress(2, 2),
        SlotAddress(32, 4),
    ]
    first = status.slots[SlotAddress(1, 1)]
    assert first.state is PortState.REGISTERED
    assert first.state_text == "OK"
    assert first.balance == Decimal("12.5")
    assert first.active is True
    assert first.inserted is True
    assert first.enabled is True
    assert first.led is False
    assert first.sim_number == "+35191000001"
    locked = status.slots[SlotAddress(2, 2)]
    assert locked.state is PortState.LOCKED_BY_DEVICE
    assert locked.state_text == "SIM Card Locked By Device"
    assert locked.operator_code is None
    assert locked.operator_name is None
    assert locked.signal is None
    assert locked.signal_dbm is None
    assert locked.iccid is None
    assert locked.enabled is False
    assert locked.led is True
    empty = status.slots[SlotAddress(32, 4)]
    assert empty.state is PortState.NO_SIM
    assert empty.inserted is None
    assert empty.has_sim is False
    assert empty.balance is None
    assert status.active_slot(1) is first
    assert status.active_slot(2) is None


def test_device_status_32_slots() -> None:
    status = DeviceStatus.from_dict(load("dev_status_32_slots.json"))
    assert status.mac == "00:30:f1:aa:bb:cc"
    assert status.max_ports == 8
    assert status.slots_per_port == 32
    assert status.expires == -1
    assert status.slot("1.32") is not None
    assert status.slot("8.17") is not None
    assert [slot.slot for slot in status.slots_of(1)] == [1, 32]
    assert status.slots[SlotAddress(1, 1)].signal_dbm == -51


def test_device_status_field_variants() -> None:
    status = DeviceStatus.from_dict(load("dev_status_field_variants.json"))
    assert status.slots_per_port == 2
    # Rows without a usable port are skipped, the rest is kept.
    assert list(status.slots) == [
        SlotAddress(1, 1),
        SlotAddress(1, 2),
        SlotAddress(2, 1),
        SlotAddress(3, 1),
        SlotAddress(3, 2),
    ]
    unknown = status.slots[SlotAddress(1, 1)]
    assert unknown.state is None
    assert unknown.state_code == 10
    assert unknown.has_sim is None
    access = status.slots[SlotAddress(1, 2)]
    assert access.state is PortState.ACCESS_MOBILE_NETWORK
    assert access.state_text == "Access Mobile Network"
    assert access.signal == 18
    assert access.balance == Decimal("-3.25")
    assert access.operator_code == "46000"
    assert access.operator_name is None
    assert access.active is True
    assert access.network == "4G"
    assert access.total_minutes == CallMinuteLimit(12, 100)
    assert access.total_minutes.remaining == 88
    assert access.month_minutes == CallMinuteLimit(3, 50)
    assert access.day_minutes is None
    timeout = status.slots[SlotAddress(2, 1)]
    assert timeout.state is PortState.MODULE_RESPONSE_TIMEOUT
    assert timeout.signal is None
    assert timeout.balance is None
    textual = status.slots[SlotAddress(3, 1)]
    assert textual.state is None
    assert textual.state_code is None
    assert textual.state_text == "Registered"
    assert textual.signal is None  # 45 is out of the 0-31 scale
    assert status.slots[SlotAddress(3, 2)].state is None


def test_device_status_defaults_and_growth() -> None:
    status = DeviceStatus.from_dict(
        {"status": [{"port": "3.05", "st": 3}], "mac": "weird-mac"}
    )
    assert status.slots_per_port == 5
    assert status.max_ports == 3
    assert status.mac == "weird-mac"
    minimal = DeviceStatus.from_dict({"mac": "00:30:F1:01:02:03"})
    assert minimal.max_ports == 1
    assert minimal.slots_per_port == 1
    assert minimal.slots == {}
    with pytest.raises(EjoinResponseError, match="not an array"):
        DeviceStatus.from_dict({"status": "x"})
    with pytest.raises(EjoinResponseError, match="JSON object"):
        DeviceStatus.from_dict([])  # type: ignore[arg-type]


def test_device_status_beyond_512_ports_of_32_slots() -> None:
    """A broken or forged reply cannot make a gateway of millions of slots."""
    status = DeviceStatus.from_dict(
        {
            "max-ports": 1_000_000,
            "max-slot": 999,
            "status": [
                {"port": "1.01", "st": 3},
                {"port": "70000.01", "st": 3},
                {"port": "1.999", "st": 3},
            ],
        }
    )
    assert (status.max_ports, status.slots_per_port) == (MAX_PORTS, MAX_SLOTS)
    assert list(status.slots) == [SlotAddress(1, 1)]
    assert status.out_of_range == 4
    # A plain reply stays as it is, and the count takes no part in equality.
    fine = DeviceStatus.from_dict({"status": [{"port": "512.32", "st": 3}]})
    assert (fine.max_ports, fine.slots_per_port, fine.out_of_range) == (512, 32, 0)


def test_device_status_with_slot() -> None:
    status = DeviceStatus.from_dict(load("dev_status_32_slots.json"))
    switched = SlotStatus(
        address=SlotAddress(1, 32), state=PortState.REGISTERING, active=True
    )
    updated = status.with_slot(switched)
    assert updated.slots[SlotAddress(1, 32)] is switched
    assert updated.slots[SlotAddress(1, 1)].active is False
    assert updated.active_slot(1) is switched
    assert status.slots[SlotAddress(1, 1)].active is True  # original untouched
    grown = status.with_slot(SlotStatus(address=SlotAddress(9, 33)))
    assert grown.max_ports == 9
    assert grown.slots_per_port == 33
    assert list(grown.slots)[-1] == SlotAddress(9, 33)
    plain = status.with_slot(SlotStatus(address=SlotAddress(2, 1), active=False))
    assert plain.slots[SlotAddress(1, 1)].active is True


def test_device_status_is_frozen() -> None:
    status = DeviceStatus.from_dict(load("dev_status_doc.json"))
    with pytest.raises(FrozenInstanceError):
        status.max_ports = 3  # type: ignore[misc]


def test_device_status_plain_text() -> None:
    status = DeviceStatus.from_text((FIXTURES / "status_plain.txt").read_text())
    assert status.mac is None
    assert status.max_ports == 3
    assert status.slots_per_port == 1
    first = status.slots[SlotAddress(1, 1)]
    assert first.state is PortState.REGISTERED
    assert first.state_text == "Registered"
    assert first.sim_number == "13800000001"
    assert first.operator_name == "CHINA MOBILE"
    assert first.balance == Decimal("5.00")
    assert first.signal == 20
    assert status.slots[SlotAddress(2, 1)].state is PortState.NO_SIM
    assert status.slots[SlotAddress(3, 1)].state is PortState.REGISTER_FAILED


def test_device_status_plain_text_variants() -> None:
    text = "mac=00-30-f1-01-02-03;max-ports=2<br>port=2B;st=3<br/>port=x;st=3<br>junk\n"
    status = DeviceStatus.from_text(text)
    assert status.mac == "00:30:f1:01:02:03"
    assert status.max_ports == 2
    assert status.slots_per_port == 2
    assert list(status.slots) == [SlotAddress(2, 2)]
    with pytest.raises(EjoinResponseError, match="key=value"):
        DeviceStatus.from_text("<html>nothing</html>")


def test_slot_status_push_doc_example() -> None:
    slot = SlotStatus.from_dict(load("port_status_push_doc.json"))
    assert slot.address == SlotAddress(2, 2)
    assert slot.state is PortState.REGISTERED
    assert slot.state_text == "OK"
    assert slot.balance == Decimal("100.00")
    assert slot.operator_code == "46000"
    assert slot.operator_name == "China Mobile"
    assert slot.sim_number == "139xxxxxxxx"


def test_slot_status_errors_and_operator() -> None:
    with pytest.raises(EjoinResponseError, match="port"):
        SlotStatus.from_dict({"st": 3})
    with pytest.raises(EjoinResponseError, match="port"):
        SlotStatus.from_dict({"port": 0})
    assert SlotStatus.from_dict({"port": 4}).address == SlotAddress(4, 1)
    named = SlotStatus.from_dict({"port": "1.01", "opr": "Vodafone"})
    assert named.operator_code is None
    assert named.operator_name == "Vodafone"
    zero = SlotStatus.from_dict({"port": "1.01", "opr": "0 ", "st": True})
    assert zero.operator_code is None
    assert zero.operator_name is None
    assert zero.state_code is None


def test_task_result() -> None:
    ok = TaskResult.from_dict({"tid": 1, "status": "0 OK"})
    assert ok.ok
    assert ok.status is TaskStatusCode.OK
    assert str(ok) == "0 OK"
    busy = TaskResult.from_dict({"tid": "2", "status": "16 Too Many Task"})
    assert not busy.ok
    assert busy.code == 16
    assert busy.reason == "Too Many Task"
    bare = TaskResult.from_dict({"tid": 3, "status": 13})
    assert bare.reason == "Duplicated TaskId"
    assert bare.status is TaskStatusCode.DUPLICATED_TASK_ID
    odd = TaskResult.from_dict({"tid": 4, "status": "77"})
    assert odd.reason == "Unknown"
    assert odd.status is None
    with pytest.raises(EjoinResponseError, match="tid"):
        TaskResult.from_dict({"status": "0 OK"})
    with pytest.raises(EjoinResponseError, match="status code"):
        TaskResult.from_dict({"tid": 1, "status": "OK"})


def test_sms_task_validation() -> None:
    task = SmsTask(tid=1, to=("123",), message="hi")
    assert task.coding is SmsCoding.AUTO
    with pytest.raises(ValueError, match="negative"):
        SmsTask(tid=-1, to=("1",))
    with pytest.raises(TypeError, match="tuple"):
        SmsTask(tid=1, to="123")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="recipient"):
        SmsTask(tid=1, to=())
    with pytest.raises(ValueError, match="comma-free"):
        SmsTask(tid=1, to=("1,2",))
    with pytest.raises(ValueError, match="MMS task type"):
        SmsTask(tid=1, to=("1",), attachments=(MmsAttachment("txt", b"x"),))
    with pytest.raises(ValueError, match="At most 5"):
        SmsTask(
            tid=1,
            to=("1",),
            sms_type=SmsType.MMS,
            attachments=tuple(MmsAttachment("txt", b"x") for _ in range(6)),
        )
    with pytest.raises(ValueError, match="above the gateway limit"):
        SmsTask(
            tid=1,
            to=("1",),
            sms_type=SmsType.MMS,
            attachments=(MmsAttachment("jpg", b"x" * (100 * 1024 + 1)),),
        )
    with pytest.raises(ValueError, match="Unsupported MMS attachment type"):
        MmsAttachment("png", b"")
    multi = SmsTask(
        tid=2, to=(), sms_type=SmsType.MMS_MULTI, to_titles=(("1", "a"), ("2", "b"))
    )
    assert multi.to == ()


def test_status_report_push_rows() -> None:
    data = load("status_report_push.json")
    report = StatusReport.from_dict(data["rpts"][0])
    assert (report.tid, report.sending, report.sent, report.failed, report.unsent) == (
        1223,
        0,
        2,
        1,
        0,
    )
    assert len(report.outcomes) == 3
    first, _, failed = report.outcomes
    assert first == RecipientOutcome(
        tid=1223,
        index=1,
        number="13686876620",
        slot=SlotAddress(1, 1),
        sent_at=datetime(2016, 6, 21, 10, 54, 37, tzinfo=UTC),
        success=True,
    )
    assert not failed.success
    assert failed.reason == "6 Timeout"
    assert failed.reason_code == 6
    assert failed.carrier_reason == "38 Network out of order"
    assert failed.slot == SlotAddress(2, 1)
    empty = StatusReport.from_dict(data["rpts"][1])
    assert empty.outcomes == ()
    # A single flat row ("one list for one num") is accepted too.
    flat = StatusReport.from_dict(
        {"tid": 5, "fdr": [1, "555", "1A", 0, "2 Invalid Port"]}
    )
    assert flat.outcomes[0].reason_code == 2
    assert flat.outcomes[0].carrier_reason is None
    with pytest.raises(EjoinResponseError, match="tid"):
        StatusReport.from_dict({"sent": 1})
    with pytest.raises(EjoinResponseError, match="not an array"):
        RecipientOutcome.from_row(1, "x", success=True)


def test_received_sms_rows() -> None:
    rows = load("recv_sms_push.json")["sms"]
    sms = ReceivedSms.from_row(rows[0])
    assert not sms.is_delivery_report
    assert sms.slot == SlotAddress(1, 1)
    assert sms.received_at == datetime(2024, 3, 28, 9, 47, 10, tzinfo=UTC)
    assert sms.sender == "+8613800000000"
    assert sms.recipient == "+8613900000000"
    assert sms.text == "Hello, 世界!"
    assert sms.raw_content == "SGVsbG8sIOS4lueVjCE="
    assert sms.delivered is None
    assert sms.report_code is None
    report = ReceivedSms.from_row(rows[1])
    assert report.is_delivery_report
    assert report.delivered is True
    assert report.report_code == 0
    assert report.scts == "240328094710+08"
    assert report.text == "0 240328094710+08"
    failed = ReceivedSms.from_row(rows[2])
    assert failed.delivered is False
    assert failed.report_code == 65
    assert failed.slot == SlotAddress(3, 2)
    assert failed.received_at == datetime(2024, 3, 28, 9, 47, 12, tzinfo=UTC)


def test_received_sms_tolerant_content() -> None:
    plain = ReceivedSms.from_row([0, "1.01", 0, "a", "b", "Hello world"])
    assert plain.text == "Hello world"
    short = ReceivedSms.from_row([0, "1.01", 0, "a", "b", "Test"])
    assert short.text == "Test"  # valid base64 but not UTF-8 text
    control = ReceivedSms.from_row([0, "1.01", 0, "a", "b", "AAECAw=="])
    assert control.text == "AAECAw=="  # decodes to control bytes: kept
    wrapped = ReceivedSms.from_row([1, "1.01", 0, "a", "b", "MCAyNDAzMjg="])
    assert wrapped.report_code == 0
    assert wrapped.text == "0 240328"
    unreadable = ReceivedSms.from_row([1, "1.01", 0, "a", "b", "delivered?"])
    assert unreadable.report_code is None
    assert unreadable.delivered is False
    numeric = ReceivedSms.from_row([0, None, None, 123, None, 456])
    assert numeric.slot is None
    assert numeric.received_at is None
    assert numeric.sender == "123"
    assert numeric.text == "456"
    with pytest.raises(EjoinResponseError, match="six fields"):
        ReceivedSms.from_row([0, "1.01"])
    built = ReceivedSms.build(
        is_delivery_report=False,
        slot=None,
        received_at=None,
        sender=None,
        recipient=None,
        content="SGVsbG8=",
        content_is_encoded=False,
    )
    assert built.text == "SGVsbG8="


def test_inbox_doc_example() -> None:
    page = InboxPage.from_dict(load("inbox_doc.json"))
    assert page.ssrc == "0123456789abcdef"
    assert page.next_id == 3
    assert [message.id for message in page.messages] == [1, 2]
    first, second = page.messages
    # The doc's own first row is not valid UTF-8 once decoded (its base64 was
    # mangled in the document): it is kept as it is rather than garbled.
    assert first.sms.text == first.sms.raw_content
    assert second.sms.text == "尊敬的用户\uff0c"
    assert second.sms.slot == SlotAddress(1, 2)


def test_inbox_ids() -> None:
    row = [0, "1.01", 1, "a", "b", "SGk="]
    # next_sms consistent: ids are the ones just before it.
    page = InboxPage.from_dict({"next_sms": 10, "data": [row, row]}, start_id=1)
    assert [message.id for message in page.messages] == [8, 9]
    assert not page.ids_certain
    page = InboxPage.from_dict({"next_sms": 10, "data": [row, row]}, start_id=8)
    assert [message.id for message in page.messages] == [8, 9]
    assert page.ids_certain
    # next_sms missing or inconsistent: counted from the start id.
    page = InboxPage.from_dict({"data": [row, "bad", row]}, start_id=5)
    assert [message.id for message in page.messages] == [5, 7]
    page = InboxPage.from_dict({"next_sms": 2, "data": [row, row]}, start_id=5)
    assert [message.id for message in page.messages] == [5, 6]
    empty = InboxPage.from_dict({"code": 0, "ssrc": "x", "next_sms": 1})
    assert empty.messages == ()
    with pytest.raises(EjoinResponseError, match="not an array"):
        InboxPage.from_dict({"data": {}})


def test_task_query_doc_example() -> None:
    query = TaskQuery.from_dict(load("tasks_reply_doc.json"))
    assert query.total == 5
    assert [task.tid for task in query.tasks] == [2, 3, 4]
    first, second, third = query.tasks
    assert first == QueuedTask(
        tid=2,
        paused=False,
        from_ports=None,
        to=("13686876820",),
        message="hello123",
        charset="utf8",
        coding=SmsCoding.AUTO,
    )
    assert second.paused is True
    assert second.from_ports == "1A,2-3"
    assert second.to == ("13686876820", "10086")
    assert second.message == "hello world"
    assert second.coding is SmsCoding.UCS2
    assert third.coding is SmsCoding.GSM_7BIT
    bare = TaskQuery.from_dict({"tasks": [{"tid": 1, "coding": 9, "sms": 5}]})
    assert bare.total == 1
    assert bare.tasks[0].coding is None
    assert bare.tasks[0].message is None
    undecodable = QueuedTask.from_dict({"tid": 1, "chs": "base64", "sms": "%%"})
    assert undecodable.message == "%%"


def test_statistics() -> None:
    sms = [SmsStatistics.from_dict(row) for row in load("sms_stats.json")["stats"]]
    assert sms[0] == SmsStatistics(
        address=SlotAddress(1, 1),
        received=10,
        sent=50,
        sent_ok=48,
        sent_failed=2,
        consecutive_failed=0,
        unsent=5,
        sending=1,
    )
    assert sms[1].address == SlotAddress(2, 3)
    calls = CallStatistics.from_dict(load("call_stats.json")["stats"][0])
    assert calls == CallStatistics(
        address=SlotAddress(1, 1),
        calls=100,
        alerted=90,
        connected=80,
        failed=20,
        nc_success=15,
        nc_total=20,
        pdd=5,
        acd=120,
        asr=80,
        total_minutes=160,
        actual_seconds=9600,
    )
    assert SmsStatistics.from_dict({"port": "2"}).address == SlotAddress(2, 1)
    assert CallStatistics.from_dict({"port": 2, "nc": "x"}).nc_total is None
    with pytest.raises(EjoinResponseError, match="port"):
        SmsStatistics.from_dict({"slot": 1})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3, 3),
        ("3", 3),
        (" -1 ", -1),
        (3.0, 3),
        (3.5, None),
        (float("nan"), None),
        (True, 1),
        ("x", None),
        ("9" * 31, None),
        (None, None),
    ],
)
def test_to_int(value: object, expected: int | None) -> None:
    assert to_int(value) == expected


def test_conversions() -> None:
    assert to_str(" a ") == "a"
    assert to_str("  ") is None
    assert to_str(5) == "5"
    assert to_str(True) is None  # noqa: FBT003
    assert to_str([1]) is None
    assert to_bool("yes") is True
    assert to_bool("off") is False
    assert to_bool("maybe") is None
    assert to_bool(None) is None
    assert to_bool(False) is False  # noqa: FBT003
    assert to_decimal(1.5) == Decimal("1.5")
    assert to_decimal(7) == Decimal(7)
    assert to_decimal(float("inf")) is None
    assert to_decimal("NaN") is None
    assert to_decimal("1" * 65) is None
    assert to_decimal(True) is None  # noqa: FBT003
    assert to_decimal([1]) is None
    assert split_code("3 OK") == (3, "OK")
    assert split_code(3.0) == (3, None)
    assert split_code("") == (None, None)
    assert split_code(["x"]) == (None, None)
    assert split_code("9" * 31 + " x") == (None, "9" * 31 + " x")


def test_to_datetime() -> None:
    expected = datetime(2024, 3, 28, 9, 47, 10, tzinfo=UTC)
    assert to_datetime(1711619230) == expected
    assert to_datetime("1711619230") == expected
    assert to_datetime(1711619230000) == expected
    assert to_datetime(1711619230.0) == expected
    assert to_datetime("2024-03-28T09:47:10") == expected
    assert to_datetime("2024-03-28T10:47:10+01:00") == expected
    assert to_datetime("not a date") is None
    assert to_datetime(-5) is None
    assert to_datetime(10**20) is None
    assert to_datetime(float("inf")) is None
    assert to_datetime(True) is None  # noqa: FBT003
    assert to_datetime([1]) is None


def test_decode_base64_and_mac() -> None:
    assert decode_base64_text("SGVs\nbG8=") == "Hello"
    assert decode_base64_text("") is None
    assert decode_base64_text("abc") is None
    assert decode_base64_text("////") is None
    assert normalize_mac("00-30-F1-01-02-03") == "00:30:f1:01:02:03"
    assert normalize_mac("0030.f101.0203") == "00:30:f1:01:02:03"
    assert normalize_mac("") is None
    assert normalize_mac("zz:30:f1:01:02:03:04") == "zz:30:f1:01:02:03:04"
