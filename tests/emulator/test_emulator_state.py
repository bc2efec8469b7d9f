"""The gateway state machine on its own: seeded state, clock-driven behaviour."""

from __future__ import annotations

import base64
import json
import re
from typing import Any

import pytest

from emulator import Gateway, OutgoingPush
from emulator.notation import parse_ports
from emulator.seed import luhn_valid

START = 1_700_000_000.0


class FakeClock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now


def make(clock: FakeClock, **kwargs: Any) -> Gateway:
    kwargs.setdefault("seed", 1)
    return Gateway(clock=clock, **kwargs)


def run(gateway: Gateway, clock: FakeClock, seconds: float, step: float = 0.01) -> None:
    """Advance the fake clock, ticking like the runtime does."""
    end = clock.now + seconds
    while True:
        gateway.tick()
        deadline = gateway.next_deadline()
        if deadline is None or deadline > end:
            break
        clock.now = max(clock.now + step / 10, deadline)
    clock.now = end
    gateway.tick()


def pushes(gateway: Gateway, kind: str) -> list[Any]:
    return [push.payload for push in gateway.outbox.drain() if push.kind == kind]


def outbox(gateway: Gateway) -> list[OutgoingPush]:
    return gateway.outbox.drain()


def test_seeded_identity_is_deterministic_and_valid() -> None:
    clock = FakeClock()
    first, again, other = make(clock), make(clock), make(clock, seed=2)
    assert first.mac == again.mac != other.mac
    assert re.fullmatch(r"00-30-f1(-[0-9a-f]{2}){3}", first.mac)
    for port in range(1, 9):
        imei = first.port_state(port).module_imei
        assert imei == again.port_state(port).module_imei
        assert len(imei) == 15
        assert luhn_valid(imei)
        for slot in range(1, 5):
            sim = first.slot_state(port, slot).sim
            assert luhn_valid(sim.iccid)
            assert len(sim.iccid) == 20
            assert len(sim.imsi) == 15
            assert sim.imsi.startswith(sim.opr_code)
            assert sim.msisdn == f"+1555{port:03d}{slot:02d}"


def test_mixed_profile_has_variety_and_usable_ports() -> None:
    gateway = make(FakeClock())
    states = [gateway.slot_state(p, s) for p in range(1, 9) for s in range(1, 5)]
    codes = {gateway.slot_st(state) for state in states}
    assert {0, 1, 3} <= codes
    assert len(codes) >= 4
    assert any(not state.inserted for state in states[:28])
    assert not any(gateway.slot_state(8, slot).inserted for slot in range(1, 5))
    for port in (1, 2):
        active = gateway.port_state(port).active_slot
        assert gateway.slot_st(gateway.slot_state(port, active)) == 3


def test_all_registered_profile() -> None:
    gateway = make(FakeClock(), profile="all_registered")
    for port in range(1, 9):
        assert gateway.port_state(port).active_slot == 1
        for slot in range(1, 5):
            state = gateway.slot_state(port, slot)
            assert state.inserted
            assert gateway.slot_st(state) == (3 if slot == 1 else 1)


@pytest.mark.parametrize(
    "kwargs",
    [{"ports": 0}, {"ports": 513}, {"slots": 0}, {"slots": 33}, {"profile": "x"}],
)
def test_bad_construction(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="must be"):
        Gateway(**kwargs)


def test_large_gateways_are_not_capped() -> None:
    big = Gateway(ports=512, slots=1)
    assert big.status.dev_status()["max-ports"] == 512
    assert len(big.status.rows()) <= 512
    wide = Gateway(ports=2, slots=32, profile="all_registered")
    rows = wide.status.rows(all_slots=True)
    assert rows[-1]["port"] == "2.32"
    assert wide.set_params([("sim_number(63)", "+1")])["par_set"] == 1
    assert wide.set_params([("sim_number(64)", "+1")])["par_set"] == 0


def test_options_are_validated() -> None:
    gateway = make(FakeClock())
    gateway.configure(slot_key_style="max-slots", send_time=1, auth_error="json")
    assert gateway.options.send_time == 1.0
    with pytest.raises(ValueError, match="unknown option"):
        gateway.configure(nope=1)
    with pytest.raises(ValueError, match="one of"):
        gateway.configure(auth_error="basic")
    with pytest.raises(TypeError):
        gateway.configure(plain_text_status="yes")
    with pytest.raises(TypeError):
        gateway.configure(max_queued_tasks=True)
    with pytest.raises(TypeError):
        gateway.configure(mms_url=3)
    with pytest.raises(ValueError, match="negative"):
        gateway.configure(send_time=-1)


def test_reset_registers_after_the_delay() -> None:
    clock = FakeClock()
    gateway = make(clock, profile="all_registered")
    gateway.get_status(url="http://127.0.0.1:9/s", period=600)
    outbox(gateway)
    gateway.modules.reset(parse_ports("1", 8, 4))
    state = gateway.slot_state(1, 1)
    assert gateway.slot_st(state) == 2
    assert gateway.next_deadline() == pytest.approx(START + 0.2)
    run(gateway, clock, 0.1)
    assert gateway.slot_st(state) == 2
    run(gateway, clock, 0.2)
    assert gateway.slot_st(state) == 3
    sts = [push["st"] for push in pushes(gateway, "port-status")]
    assert sts == ["2 Registering", "3 OK"]


def test_periodic_status_push() -> None:
    clock = FakeClock()
    gateway = make(clock)
    gateway.get_status(url="http://127.0.0.1:9/s", period=30)
    first = pushes(gateway, "dev-status")
    assert len(first) == 1
    assert first[0]["expires"] == 30
    run(gateway, clock, 95)
    assert len(pushes(gateway, "dev-status")) == 3
    gateway.configure(min_status_period=60)
    gateway.get_status(period=10)
    registration = gateway.status_registration
    assert registration is not None
    assert registration.period == 60
    gateway.get_status(period=0)
    assert gateway.status_registration is None


def test_sending_honours_intvl_and_batches_reports() -> None:
    clock = FakeClock()
    gateway = make(clock, profile="all_registered")
    reply = gateway.submit_sms(
        {
            "sr_url": "http://127.0.0.1:9/sr",
            "tasks": [
                {
                    "tid": 1,
                    "from": "1",
                    "to": "+491,+492,0003",
                    "sms": "hi",
                    "intvl": "1000",
                    "sdr": 1,
                }
            ],
        }
    )
    assert reply["status"] == [{"tid": 1, "status": "0 OK"}]
    task = gateway.task(1)
    assert task is not None
    run(gateway, clock, 0.5)
    assert (task.sent, task.unsent) == (1, 2)
    run(gateway, clock, 1.0)
    assert (task.sent, task.unsent) == (2, 1)
    run(gateway, clock, 1.0)
    assert (task.sent, task.failed, task.unsent) == (2, 1, 0)
    # Defaults from the field notes: 10 results or 60 s.
    assert pushes(gateway, "status-report") == []
    run(gateway, clock, 60)
    (report,) = pushes(gateway, "status-report")
    assert report["rpt_num"] == 1
    (rpt,) = report["rpts"]
    assert rpt["sent"] == 2
    assert rpt["failed"] == 1
    assert [row[:3] for row in rpt["sdr"]] == [[1, "+491", "1.01"], [2, "+492", "1.01"]]
    assert rpt["fdr"][0][:3] == [3, "0003", "1.01"]
    assert rpt["fdr"][0][4:] == ["6 Timeout", "21 Short message transfer rejected"]


def test_report_period_zero_reports_when_done() -> None:
    clock = FakeClock()
    gateway = make(clock, profile="all_registered")
    gateway.submit_sms(
        {
            "sr_url": "http://127.0.0.1:9/sr",
            "sr_prd": 0,
            "tasks": [{"tid": 5, "to": "1,2", "sms": "x"}],
        }
    )
    run(gateway, clock, 1)
    (report,) = pushes(gateway, "status-report")
    assert report["rpts"][0]["sent"] == 2
    assert "sdr" not in report["rpts"][0]
    assert report["rpts"][0]["fdr"] == []


def test_send_waits_for_registration_until_tmo() -> None:
    clock = FakeClock()
    gateway = make(clock, profile="all_registered", register_delay=100.0)
    gateway.modules.reset(parse_ports("1-2", 8, 4))
    gateway.submit_sms(
        {"tasks": [{"tid": 1, "from": "1", "to": "5", "sms": "x", "tmo": 5}]}
    )
    run(gateway, clock, 4)
    task = gateway.task(1)
    assert task is not None
    assert task.unsent == 1
    run(gateway, clock, 2)
    assert task.failed == 1
    pending = gateway.reports.pending(1)
    assert pending is not None
    assert pending.fdr[0][4] == "6 Timeout"


def test_unregistered_from_port_fails_with_reason_5() -> None:
    clock = FakeClock()
    gateway = make(clock, profile="all_registered")
    gateway.modules.lock(parse_ports("3", 8, 4))
    gateway.submit_sms({"tasks": [{"tid": 1, "from": "3", "to": "5", "sms": "x"}]})
    run(gateway, clock, 1)
    pending = gateway.reports.pending(1)
    assert pending is not None
    assert pending.fdr[0][4] == "5 SIM Unregistered"


def test_no_usable_port_refuses_the_task() -> None:
    gateway = make(FakeClock(), profile="all_registered", ports=2)
    gateway.modules.lock(parse_ports("all", 2, 4))
    reply = gateway.submit_sms({"tasks": [{"tid": 1, "to": "5", "sms": "x"}]})
    assert reply["status"][0]["status"] == "5 SIM Unregistered"


def test_every_port_mode_sends_each_recipient_from_every_port() -> None:
    clock = FakeClock()
    gateway = make(clock, profile="all_registered", multi_port_mode="every_port")
    gateway.submit_sms(
        {"tasks": [{"tid": 1, "from": "1-2", "to": "5,6", "sms": "x", "sdr": 1}]}
    )
    run(gateway, clock, 1)
    task = gateway.task(1)
    assert task is not None
    assert task.total == 4
    pending = gateway.reports.pending(1)
    assert pending is not None
    ports = sorted((row[0], row[2]) for row in pending.sdr)
    assert ports == [(1, "1.01"), (1, "2.01"), (2, "1.01"), (2, "2.01")]


def test_sms_push_batching() -> None:
    clock = FakeClock()
    gateway = make(clock)
    gateway.set_params([("Sms_url", "http://127.0.0.1:9/sms")])
    gateway.submit_sms({"sms_cnt": 3, "sms_prd": 10, "tasks": []})
    gateway.reception.inject_sms("1.01", "+1", "a")
    gateway.reception.inject_sms("1.01", "+1", "b")
    assert pushes(gateway, "recv-sms") == []
    gateway.reception.inject_sms("1.01", "+1", "c")
    gateway.tick()
    (batch,) = pushes(gateway, "recv-sms")
    assert batch["sms_num"] == 3
    gateway.reception.inject_sms("1.01", "+1", "d")
    run(gateway, clock, 9)
    assert pushes(gateway, "recv-sms") == []
    run(gateway, clock, 2)
    (late,) = pushes(gateway, "recv-sms")
    assert base64.b64decode(late["sms"][0][5]) == b"d"


def test_held_sms_arrives_when_the_sim_registers() -> None:
    clock = FakeClock()
    gateway = make(clock, profile="all_registered")
    gateway.submit_sms(
        {"tasks": [{"tid": 1, "from": "1", "to": "+155500202", "sms": "x"}]}
    )
    run(gateway, clock, 1)
    assert list(gateway.inbox) == []  # 2.02 is not the active slot of port 2
    gateway.modules.switch(parse_ports("2B", 8, 4))
    run(gateway, clock, 1)
    (message,) = gateway.inbox
    assert (message.port, message.slot, message.text) == (2, 2, "x")
    assert message.sender == "+155500101"


def test_reboot_reverts_unsaved_params_and_restarts_ids() -> None:
    clock = FakeClock()
    gateway = make(clock, profile="all_registered", reboot_keep_inbox=1)
    gateway.set_params([("Sms_url", "http://a/1"), ("sim_number(0)", "+1")])
    gateway.parameters.save()
    gateway.set_params([("Sms_url", "http://a/2")])
    gateway.reception.inject_sms("1.01", "+1", "old")
    gateway.reception.inject_sms("1.01", "+1", "newest")
    gateway.submit_sms({"tasks": [{"tid": 9, "to": "5", "sms": "x"}]})
    ssrc = gateway.ssrc
    gateway.reboot()
    assert gateway.ssrc != ssrc
    assert gateway.param("Sms_url") == "http://a/1"
    assert gateway.slot_sn(gateway.slot_state(1, 1)) == "+1"
    assert [(m.id, m.text) for m in gateway.inbox] == [(1, "newest")]
    assert gateway.task(9) is None
    assert gateway.slot_st(gateway.slot_state(1, 1)) == 2
    run(gateway, clock, 1)
    assert gateway.slot_st(gateway.slot_state(1, 1)) == 3


def test_reboot_downtime_takes_the_device_offline() -> None:
    clock = FakeClock()
    gateway = make(clock)
    gateway.reboot(downtime=5)
    assert gateway.offline_mode == "refuse"
    run(gateway, clock, 6)
    assert gateway.snapshot()["device"]["offline"] is None
    assert gateway.reboots == 1


def test_statistics_windows() -> None:
    clock = FakeClock()
    gateway = make(clock, profile="all_registered")
    gateway.reception.inject_sms("1.01", "+1", "x")
    clock.now += 3 * 3600
    gateway.reception.inject_sms("1.01", "+1", "y")
    rows = {
        period: gateway.statistics.sms(ports="1", period=period)["stats"][0]["received"]
        for period in range(4)
    }
    assert rows[0] == rows[1] == 1
    assert rows[3] == 2
    assert gateway.statistics.sms(period=7)["code"] == 15
    assert gateway.statistics.sms(ports="99")["code"] == 2
    assert gateway.statistics.sms(slots="x")["code"] == 2


def test_snapshot_is_json() -> None:
    gateway = make(FakeClock())
    gateway.reception.inject_sms("1.01", "+1", "x")
    dump = json.loads(json.dumps(gateway.snapshot()))
    assert dump["device"]["mac"] == gateway.mac
    assert len(dump["slots"]) == 32
    assert dump["inbox"][0]["id"] == 1


def test_each_emulator_process_has_its_own_ssrc() -> None:
    """Two gateways of the same seed (one emulator started twice) differ in ssrc.

    A real gateway names its inbox anew after a power cycle; a restarted emulator
    that repeated its ssrc would make Home Assistant take new messages for old.
    """
    first, second = Gateway(seed=7), Gateway(seed=7)
    assert first.ssrc != second.ssrc
    assert first.snapshot()["slots"] == second.snapshot()["slots"]
