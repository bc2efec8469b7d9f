"""Tests of the actions against the emulated gateway."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any
from unittest.mock import patch

from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_PORT, CONF_USERNAME
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers.device_registry import format_mac
from homeassistant.helpers.network import NoURLAvailableError
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
import voluptuous as vol

from custom_components.ejoin import sender as sender_module, webhook as webhook_module
from custom_components.ejoin.const import (
    CONF_INBOX_POLLING,
    CONF_PUSH,
    CONF_WEBHOOK_ID,
    DOMAIN,
    EVENT_SMS_RECEIVED,
)
from emulator import running_emulator

from .conftest import on_api
from .messaging_helpers import (  # noqa: F401 - fixtures
    capture,
    poll_inbox,
    push_options_fixture,
    settle_pushes_fixture,
    webhook_client_fixture,
)

if TYPE_CHECKING:
    from pathlib import Path

    from homeassistant.core import HomeAssistant

    from emulator import RunningEmulator
    from emulator.device.sending import SendTask


def _task(emulator: RunningEmulator, tid: int) -> SendTask:
    task = emulator.gateway.task(tid)
    assert task is not None
    return task


async def _call(
    hass: HomeAssistant,
    service: str,
    data: dict[str, Any] | None = None,
    *,
    response: bool = False,
) -> Any:
    return await hass.services.async_call(
        DOMAIN, service, data or {}, blocking=True, return_response=response
    )


# ------------------------------------------------------------------ send_sms


async def test_send_sms_to_several_recipients(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """One task for all recipients, with the options and our report URL."""
    response = await _call(
        hass,
        "send_sms",
        {
            "to": "+15550001111, +1 (555) 000-2222",
            "message": "Hello",
            "ports": "1-2",
            "coding": "ucs2",
            "interval": 500,
            "timeout": 20,
            "delivery_report": True,
        },
        response=True,
    )
    assert len(response["tasks"]) == 1
    result = response["tasks"][0]
    assert result["status_code"] == 0
    assert result["status"] == "OK"
    assert "results" not in response
    task = _task(emulator, result["tid"])
    assert task is not None
    assert task.to_spec == "+15550001111,+15550002222"
    assert task.text == "Hello"
    assert task.from_spec == "1-2"
    assert task.coding == 1
    assert task.intvl_ms == 500
    assert task.tmo == 20
    assert task.dr
    assert task.sdr
    assert task.fdr
    assert task.sr_prd == sender_module.REPORT_PERIOD
    assert task.sr_cnt == 2
    webhook_id = init_integration.data[CONF_WEBHOOK_ID]
    assert task.sr_url.endswith(f"/api/webhook/{webhook_id}")


@pytest.mark.parametrize("options", [{CONF_PUSH: False}])
async def test_send_sms_wait_needs_a_webhook_url(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """Without any URL the gateway could report to, wait is refused."""
    mock_config_entry.add_to_hass(hass)
    with patch.object(webhook_module, "get_url", side_effect=NoURLAvailableError):
        await hass.config_entries.async_setup(mock_config_entry.entry_id)
        await hass.async_block_till_done()
    with pytest.raises(ServiceValidationError) as err:
        await _call(
            hass, "send_sms", {"to": "+15550001111", "message": "x", "wait": True}
        )
    assert err.value.translation_key == "wait_needs_webhook"
    # Without wait, the message is still sent.
    await _call(hass, "send_sms", {"to": "+15550001111", "message": "x"})


async def test_send_sms_refused_names_the_reason(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """A task the gateway does not take raises with its code and reason."""
    emulator.configure(max_queued_tasks=0)
    with pytest.raises(HomeAssistantError) as err:
        await _call(hass, "send_sms", {"to": "+15550001111", "message": "x"})
    assert err.value.translation_key == "command_refused"
    assert err.value.translation_placeholders == {
        "code": "16",
        "reason": "Too Many Task",
    }


async def test_send_sms_unreachable_gateway(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """A gateway that stays away: the error says so."""
    emulator.go_offline()
    with pytest.raises(HomeAssistantError) as err:
        await _call(hass, "send_sms", {"to": "+15550001111", "message": "x"})
    assert err.value.translation_key == "communication_error"


@pytest.mark.parametrize(
    "data",
    [
        {"to": "", "message": "x"},
        {"to": "+49 abc", "message": "x"},
        {"to": [True], "message": "x"},
        {"to": "+15550001111", "message": ""},
        {"to": "+15550001111", "message": "x", "ports": "1-x"},
        {"to": "+15550001111", "message": "x", "ports": [None]},
        {"to": "+15550001111", "message": "x", "ports": True},
        {"to": "+15550001111", "message": "x", "coding": "utf16"},
        {"to": "+15550001111", "message": "x", "interval": -1},
        {"to": "+15550001111", "message": "x", "timeout": 0},
    ],
)
async def test_send_sms_schema(
    hass: HomeAssistant, init_integration: MockConfigEntry, data: dict[str, Any]
) -> None:
    """Malformed input is refused by the schema."""
    with pytest.raises(vol.Invalid):
        await _call(hass, "send_sms", data)


async def test_send_sms_port_the_gateway_lacks(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """A well-formed port beyond the gateway's is a validation error."""
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, "send_sms", {"to": "1", "message": "x", "ports": "9"})
    assert err.value.translation_key == "port_not_found"
    assert err.value.translation_placeholders == {"port": "9", "max_ports": "8"}
    assert str(err.value) == "The gateway has no port 9: its ports are 1 to 8"


# ------------------------------------------------------------------ send_mms


@pytest.fixture
def allowed_dir(hass: HomeAssistant, tmp_path: Path) -> Path:
    """Return a folder Home Assistant may read."""
    hass.config.allowlist_external_dirs = {str(tmp_path)}
    return tmp_path


async def test_send_mms_encodes_the_attachments(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: RunningEmulator,
    allowed_dir: Path,
) -> None:
    """The files are read and sent with their kinds."""
    photo = allowed_dir / "door.JPEG"
    photo.write_bytes(b"\xff\xd8\xff\xe0jpeg")
    note = allowed_dir / "note.txt"
    note.write_text("hello")
    response = await _call(
        hass,
        "send_mms",
        {
            "to": "+15550001111",
            "subject": "Door",
            "message": "Someone is there",
            "attachments": [str(photo), str(note)],
            "ports": "1",
        },
        response=True,
    )
    task = _task(emulator, response["tasks"][0]["tid"])
    assert task.smstype == 1
    assert task.smstitle == "Door"
    assert task.text == "Someone is there"
    assert [(item.kind, item.data) for item in task.attachments] == [
        ("jpg", b"\xff\xd8\xff\xe0jpeg"),
        ("txt", b"hello"),
    ]


@pytest.mark.parametrize(
    ("files", "key"),
    [
        (
            {"a.jpg": 1, "b.jpg": 1, "c.jpg": 1, "d.jpg": 1, "e.jpg": 1, "f.jpg": 1},
            "too_many_attachments",
        ),
        ({"a.png": 1}, "unsupported_attachment"),
        ({"a.jpg": 60_000, "b.gif": 60_000}, "attachments_too_large"),
        ({"missing.jpg": None}, "attachment_unreadable"),
    ],
)
@pytest.mark.usefixtures("init_integration")
async def test_send_mms_checks_the_limits(
    hass: HomeAssistant,
    emulator: RunningEmulator,
    allowed_dir: Path,
    files: dict[str, int | None],
    key: str,
) -> None:
    """Count, kinds, size and readability are checked before sending."""
    paths = []
    for name, size in files.items():
        path = allowed_dir / name
        if size is not None:
            path.write_bytes(b"x" * size)
        paths.append(str(path))
    with pytest.raises(ServiceValidationError) as err:
        await _call(
            hass,
            "send_mms",
            {"to": "+15550001111", "subject": "s", "attachments": paths},
        )
    assert err.value.translation_key == key
    assert emulator.gateway.request_counts["goip_post_sms.html"] == 0


async def test_send_mms_only_from_allowed_paths(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: RunningEmulator,
    allowed_dir: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """A file outside the allow-list is never read."""
    secret = tmp_path_factory.mktemp("private") / "secrets.txt"
    secret.write_text("password")
    for path in (str(secret), str(allowed_dir / ".." / secret.parent.name / "x.txt")):
        with pytest.raises(ServiceValidationError) as err:
            await _call(
                hass,
                "send_mms",
                {"to": "+15550001111", "subject": "s", "attachments": path},
            )
        assert err.value.translation_key == "path_not_allowed"


async def test_send_mms_refused(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """An MMS without content is refused by the gateway (19)."""
    with pytest.raises(HomeAssistantError) as err:
        await _call(hass, "send_mms", {"to": "+15550001111", "subject": "s"})
    assert err.value.translation_placeholders == {
        "code": "19",
        "reason": "MMS Attachments expected",
    }


# --------------------------------------------------------------- port commands


@pytest.mark.parametrize("ports", ["3", "3.01,3.02,3.03,3.04", ["3A", "3B", "3-3"]])
async def test_lock_and_unlock_ports(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: RunningEmulator,
    ports: str | list[str],
) -> None:
    """Every notation names the same slots."""
    await _call(hass, "lock_ports", {"ports": ports})
    assert all(emulator.gateway.slot_state(3, slot).locked for slot in range(1, 5))
    await _call(hass, "unlock_ports", {"ports": ports})
    assert not any(emulator.gateway.slot_state(3, slot).locked for slot in range(1, 5))


async def test_lock_single_slot_and_all(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """A slot alone, then every port."""
    await _call(hass, "unlock_ports", {"ports": "all"})
    await _call(hass, "lock_ports", {"ports": "2B"})
    assert emulator.gateway.slot_state(2, 2).locked
    assert not emulator.gateway.slot_state(2, 1).locked
    await _call(hass, "lock_ports", {"ports": "*"})
    assert all(emulator.gateway.slot_state(8, slot).locked for slot in range(1, 5))


async def test_reset_ports(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """Resetting restarts the modules (they register again)."""
    await _call(hass, "reset_ports", {"ports": "1,2.03"})
    assert emulator.gateway.port_state(1).registering_until is not None
    assert emulator.gateway.port_state(2).registering_until is not None
    assert emulator.gateway.port_state(3).registering_until is None


async def test_port_command_validation(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """A slot beyond the gateway's, and malformed notation."""
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, "lock_ports", {"ports": "1.05"})
    assert err.value.translation_key == "slot_not_found"
    assert err.value.translation_placeholders == {"slot": "1.05", "slots_per_port": "4"}
    with pytest.raises(ServiceValidationError):
        await _call(hass, "reset_ports", {"ports": "1-12"})
    with pytest.raises(vol.Invalid):
        await _call(hass, "lock_ports", {"ports": "one"})
    with pytest.raises(vol.Invalid):
        await _call(hass, "lock_ports", {})


async def test_port_command_refused(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """A port the gateway does not know (it shrank): its refusal is named.

    (v3 answers a request it refuses with an empty ``[]``: no code, no reason.)
    """
    coordinator = init_integration.runtime_data.coordinator
    coordinator.data = replace(coordinator.data, max_ports=9)
    with pytest.raises(HomeAssistantError) as err:
        await _call(hass, "lock_ports", {"ports": "9"})
    assert err.value.translation_placeholders == on_api(
        emulator,
        {"code": "2", "reason": "Invalid Port"},
        {"code": "-1", "reason": "Refused without a reason"},
    )


async def test_switch_sim(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """One slot, or one slot on each of several ports."""
    await _call(hass, "switch_sim", {"slot": "3.02"})
    assert emulator.gateway.port_state(3).active_slot == 2
    await _call(hass, "switch_sim", {"slot": ["4C", "5.04"]})
    assert emulator.gateway.port_state(4).active_slot == 3
    assert emulator.gateway.port_state(5).active_slot == 4


async def test_switch_sim_slot_rendered_as_number(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """A template renders ``"3.02"`` as the float 3.02, and ``"4.10"`` as 4.1."""
    assert await async_setup_component(
        hass,
        "script",
        {
            "script": {
                "switch_by_template": {
                    "sequence": [
                        {
                            "action": "ejoin.switch_sim",
                            "data": {"slot": "{{ slot }}"},
                        }
                    ]
                }
            }
        },
    )
    await hass.services.async_call(
        "script", "switch_by_template", {"slot": "3.02"}, blocking=True
    )
    assert emulator.gateway.port_state(3).active_slot == 2

    await _call(hass, "unlock_ports", {"ports": "all"})
    await _call(hass, "lock_ports", {"ports": [4.01, "5"]})
    assert emulator.gateway.slot_state(4, 1).locked
    assert not emulator.gateway.slot_state(4, 2).locked
    assert all(emulator.gateway.slot_state(5, slot).locked for slot in range(1, 5))

    # 4.1 is what "4.10" renders as, and also an unquoted 4.1 (slot 1): refused.
    with pytest.raises(vol.Invalid, match=r'ambiguous.*"4.10" or "4.01"'):
        await _call(hass, "switch_sim", {"slot": 4.1})


@pytest.mark.parametrize(
    ("slot", "key"),
    [
        ("3", "one_slot_per_port"),
        ("3.01,3.02", "one_slot_per_port"),
        ("3.07", "slot_not_found"),
    ],
)
async def test_switch_sim_validation(
    hass: HomeAssistant, init_integration: MockConfigEntry, slot: str, key: str
) -> None:
    """A port has one active slot: a whole port or two slots of it are refused."""
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, "switch_sim", {"slot": slot})
    assert err.value.translation_key == key


async def test_reboot_and_save_config(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """Both go to the gateway."""
    await _call(hass, "save_config")
    await _call(hass, "reboot")
    assert emulator.gateway.reboots == 1


# ------------------------------------------------------------------ task queue


async def _queued_task(hass: HomeAssistant, emulator: RunningEmulator) -> int:
    """Send a task that stays queued on port 1 (the module is busy for a while)."""
    emulator.configure(send_time=30.0)
    response = await _call(
        hass,
        "send_sms",
        {"to": "+15550001111,+15550002222,+15550003333", "message": "q", "ports": "1"},
        response=True,
    )
    return int(response["tasks"][0]["tid"])


async def test_pause_resume_and_delete_tasks(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """Each returns the per-task results."""
    tid = await _queued_task(hass, emulator)
    result = await _call(hass, "pause_sms_tasks", {"tids": [tid]}, response=True)
    assert result == {"results": [{"tid": tid, "status_code": 0, "status": "OK"}]}
    assert _task(emulator, tid).paused
    result = await _call(hass, "resume_sms_tasks", {"tids": str(tid)}, response=True)
    assert result["results"][0]["status_code"] == 0
    assert not _task(emulator, tid).paused
    # Every task: v2.1 answers without per-task results, v3 with them.
    result = await _call(hass, "pause_sms_tasks", response=True)
    assert all(item["status_code"] == 0 for item in result["results"])
    assert bool(result["results"]) is on_api(emulator, False, True)  # noqa: FBT003
    assert _task(emulator, tid).paused
    result = await _call(
        hass, "delete_sms_tasks", {"tids": [tid, 999999]}, response=True
    )
    assert result["results"] == [
        {"tid": tid, "status_code": 0, "status": "OK"},
        {"tid": 999999, "status_code": 11, "status": "TID Expected"},
    ]
    assert _task(emulator, tid).removed


async def test_task_action_refused(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """When the gateway refuses every task, its reason is raised."""
    with pytest.raises(HomeAssistantError) as err:
        await _call(hass, "pause_sms_tasks", {"tids": [424242]})
    assert err.value.translation_placeholders == {
        "code": "11",
        "reason": "TID Expected",
    }
    with pytest.raises(vol.Invalid):
        await _call(hass, "pause_sms_tasks", {"tids": ["x"]})


async def test_get_sms_tasks(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """The queue of one port, with or without the text."""
    tid = await _queued_task(hass, emulator)
    result = await _call(
        hass, "get_sms_tasks", {"port": "1", "include_content": True}, response=True
    )
    assert result == {
        "total": 1,
        "tasks": [
            {
                "tid": tid,
                "paused": False,
                "from": "1",
                "to": ["+15550001111", "+15550002222", "+15550003333"],
                "coding": "auto",
                "message": "q",
            }
        ],
    }
    result = await _call(
        hass, "get_sms_tasks", {"port": 1, "position": 1, "count": 5}, response=True
    )
    assert result == {"total": 1, "tasks": []}
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, "get_sms_tasks", {"port": "1-2"}, response=True)
    assert err.value.translation_key == "one_port_expected"


# ----------------------------------------------------------------------- inbox


async def test_get_inbox_decodes_messages(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """Messages come back decoded like their events, and can be deleted."""
    emulator.inject_sms("1.01", "+15550009999", "Grüße")
    emulator.inject_sms(
        "2.02", "+15550000000", "", delivery_report=True, recipient="+1555"
    )
    result = await _call(hass, "get_inbox", response=True)
    messages = result["messages"]
    assert result["next_id"] == messages[-1]["id"] + 1
    assert result["ssrc"] == emulator.gateway.ssrc
    sms, report = messages[-2:]
    assert sms["type"] == "sms"
    assert sms["text"] == "Grüße"
    assert sms["slot"] == "1.01"
    assert sms["port"] == 1
    assert sms["slot_index"] == 1
    assert sms["sender"] == "+15550009999"
    assert report["type"] == "delivery_report"
    assert report["delivered"] is True
    assert report["code"] == 0
    assert report["recipient"] == "+1555"
    query = {"start_id": sms["id"], "count": 1, "delete": True}
    if on_api(emulator, v2=False, v3=True):
        # The v3 API cannot delete from the inbox: a clear error, nothing read.
        with pytest.raises(HomeAssistantError) as err:
            await _call(hass, "get_inbox", query, response=True)
        assert err.value.translation_key == "not_supported"
        assert len(emulator.gateway.inbox) == 2
        return
    result = await _call(hass, "get_inbox", query, response=True)
    assert [item["id"] for item in result["messages"]] == [sms["id"]]
    # Exactly what was read is deleted.
    left = [message.id for message in emulator.gateway.inbox]
    assert sms["id"] not in left
    assert report["id"] in left


async def test_read_only_actions_do_not_refresh(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """Reading the gateway leaves the status alone; a command refreshes it.

    (A v3 gateway's empty answer costs a status request that tells it from
    rejected credentials: requests are no measure, refreshes are.)
    """
    refreshes: list[None] = []
    coordinator = init_integration.runtime_data.coordinator
    remove = coordinator.async_add_listener(lambda: refreshes.append(None))
    await _call(hass, "get_inbox", response=True)
    await _call(hass, "get_sms_statistics", response=True)
    await _call(hass, "get_call_statistics", response=True)
    await _call(hass, "get_sms_tasks", {"port": "1"}, response=True)
    await hass.async_block_till_done()
    assert refreshes == []
    await _call(hass, "save_config")
    await hass.async_block_till_done()
    assert len(refreshes) == 1
    remove()


@pytest.mark.parametrize("options", [{CONF_PUSH: False}])
async def test_get_inbox_fires_unseen_messages_once(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """A message read (and deleted) by the action before the poll still fires."""
    events = capture(hass, EVENT_SMS_RECEIVED)
    emulator.inject_sms("1.01", "+15550009999", "first")
    # (v3 cannot delete: the read alone, then.)
    delete = on_api(emulator, v2=True, v3=False)
    await _call(hass, "get_inbox", {"delete": delete}, response=True)
    await hass.async_block_till_done()
    assert [event.data["text"] for event in events] == ["first"]
    await _call(hass, "get_inbox", response=True)
    assert await poll_inbox(init_integration) == 0
    assert len(events) == 1


# ------------------------------------------------------------------ statistics


async def test_get_sms_statistics(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Counters per slot, for the ports and slots asked."""
    result = await _call(
        hass,
        "get_sms_statistics",
        {"ports": "1-2", "slots": "all", "period": "cumulative"},
        response=True,
    )
    stats = result["stats"]
    assert [row["slot"] for row in stats] == [
        f"{port}.{slot:02d}" for port in (1, 2) for slot in range(1, 5)
    ]
    assert set(stats[0]) == {
        "slot",
        "port",
        "slot_index",
        "received",
        "sent",
        "sent_ok",
        "sent_failed",
        "consecutive_failed",
        "unsent",
        "sending",
    }


async def test_get_call_statistics(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Call counters; without ports all of them, slot lists accepted."""
    result = await _call(hass, "get_call_statistics", {"slots": [1, 2]}, response=True)
    stats = result["stats"]
    assert {row["port"] for row in stats} == set(range(1, 9))
    assert {row["slot_index"] for row in stats} == {1, 2}
    assert "asr" in stats[0]
    result = await _call(hass, "get_call_statistics", response=True)
    assert len(result["stats"]) == 8


async def test_statistics_validation(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """A slot number beyond the gateway's, and malformed slot lists."""
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, "get_sms_statistics", {"slots": "1-5"}, response=True)
    assert err.value.translation_key == "slot_number_not_found"
    for slots in ("a", True, "1,,2"):
        with pytest.raises(vol.Invalid):
            await _call(hass, "get_sms_statistics", {"slots": slots}, response=True)
    with pytest.raises(vol.Invalid):
        await _call(hass, "get_sms_statistics", {"period": "week"}, response=True)


# ---------------------------------------------------------- SIM number, IMEI


async def test_set_sim_number_saves(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """The number is set for the slot's index and saved."""
    await _call(hass, "set_sim_number", {"slot": "2B", "number": "+15551234567"})
    # n = (port - 1) * slots_per_port + (slot - 1)
    assert emulator.gateway.saved_param("sim_number(5)") == "+15551234567"


async def test_set_imei_saves(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """A valid IMEI is set and saved."""
    await _call(hass, "set_imei", {"slot": "3.04", "imei": "490154203237518"})
    assert emulator.gateway.saved_param("sim_imei(11)") == "490154203237518"


async def test_set_imei_validation(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """Check digit, length, slot count."""
    commands = emulator.gateway.request_counts["goip_send_cmd.html"]
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, "set_imei", {"slot": "1.01", "imei": "490154203237519"})
    assert err.value.translation_key == "invalid_imei"
    assert str(err.value).startswith("490154203237519 is not a valid IMEI")
    with pytest.raises(vol.Invalid):
        await _call(hass, "set_imei", {"slot": "1.01", "imei": "49015420323751"})
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, "set_imei", {"slot": "1", "imei": "490154203237518"})
    assert err.value.translation_key == "one_slot_expected"
    with pytest.raises(vol.Invalid):
        await _call(hass, "set_sim_number", {"slot": "1.01", "number": "call me"})
    assert emulator.gateway.request_counts["goip_send_cmd.html"] == commands


async def test_single_slot_gateway_takes_a_bare_port(
    hass: HomeAssistant, socket_enabled: None
) -> None:
    """On one slot per port, ``3`` is slot 3.01."""
    async with running_emulator(ports=4, slots=1, seed=3) as gateway:
        entry = MockConfigEntry(
            domain=DOMAIN,
            unique_id=format_mac(gateway.gateway.mac),
            data={
                CONF_HOST: gateway.host,
                CONF_PORT: gateway.port,
                CONF_USERNAME: gateway.username,
                CONF_PASSWORD: gateway.password,
            },
            options={CONF_PUSH: False},
        )
        entry.add_to_hass(hass)
        await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        await _call(hass, "set_sim_number", {"slot": "3", "number": "123"})
        assert gateway.gateway.saved_param("sim_number(2)") == "123"
        await hass.config_entries.async_unload(entry.entry_id)


# -------------------------------------------------------------- gateway choice


async def test_two_gateways_need_a_config_entry_id(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: RunningEmulator,
    socket_enabled: None,
) -> None:
    """Ambiguous without an id; with it, the right gateway is used."""
    async with running_emulator(ports=2, slots=1, seed=7) as other:
        entry = MockConfigEntry(
            domain=DOMAIN,
            unique_id=format_mac(other.gateway.mac),
            data={
                CONF_HOST: other.host,
                CONF_PORT: other.port,
                CONF_USERNAME: other.username,
                CONF_PASSWORD: other.password,
            },
            options={CONF_PUSH: False},
        )
        entry.add_to_hass(hass)
        await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        with pytest.raises(ServiceValidationError) as err:
            await _call(hass, "save_config")
        assert (
            err.value.translation_key
            == "service_found_multiple_config_entry_for_domain"
        )
        await _call(hass, "reboot", {"config_entry_id": entry.entry_id})
        assert other.gateway.reboots == 1
        assert emulator.gateway.reboots == 0
        await hass.config_entries.async_unload(entry.entry_id)


@pytest.mark.parametrize("options", [{CONF_PUSH: False, CONF_INBOX_POLLING: False}])
async def test_get_inbox_without_polling_fires_nothing(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """Without a starting point, an inbox read cannot tell old from new."""
    events = capture(hass, EVENT_SMS_RECEIVED)
    emulator.inject_sms("1.01", "+15550009999", "old or new?")
    result = await _call(hass, "get_inbox", response=True)
    assert result["messages"]
    assert events == []


async def test_get_sms_tasks_without_content(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """Without include_content, no message text."""
    tid = await _queued_task(hass, emulator)
    result = await _call(hass, "get_sms_tasks", {"port": "1"}, response=True)
    assert result["tasks"][0]["tid"] == tid
    assert "message" not in result["tasks"][0]
