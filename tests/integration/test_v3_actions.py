"""The actions of API v3: ``send_ussd`` and ``send_at``; what v3 cannot do.

On a v2.1 gateway both refuse with a clear, translated error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import async_capture_events
import voluptuous as vol

from custom_components.ejoin.api import PortSelection, SmsTask
from custom_components.ejoin.const import DOMAIN, EVENT_USSD_RECEIVED

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant
    from pytest_homeassistant_custom_component.common import MockConfigEntry

    from emulator import RunningEmulator

#: A PIN-like secret in an AT command (the log check looks for it everywhere).
PIN = "9X3k2q"


async def _call(
    hass: HomeAssistant, action: str, data: dict[str, Any], *, response: bool = True
) -> Any:
    return await hass.services.async_call(
        DOMAIN, action, data, blocking=True, return_response=response
    )


def _current(emulator: RunningEmulator, port: int) -> str:
    return f"{port}.{emulator.gateway.port_state(port).active_slot:02d}"


@pytest.mark.parametrize("gateway_api", ["v2"])
@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("send_ussd", {"slot": "1", "code": "*100#"}),
        ("send_at", {"port": "1", "command": "AT"}),
    ],
)
async def test_refused_on_v2(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    action: str,
    data: dict[str, Any],
) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, action, data)
    assert err.value.translation_key == "needs_api_v3"
    assert err.value.translation_placeholders == {"title": init_integration.title}


@pytest.mark.parametrize("gateway_api", ["v3"])
async def test_ussd_balance_of_a_slot(
    hass: HomeAssistant, emulator: RunningEmulator, init_integration: MockConfigEntry
) -> None:
    events = async_capture_events(hass, EVENT_USSD_RECEIVED)
    slot = _current(emulator, 1)
    emulator.set_slot(slot, bal=41.01)
    response = await _call(hass, "send_ussd", {"slot": slot, "code": "*100#"})
    expected = {
        "slot": slot,
        "port": 1,
        "code": "*100#",
        "success": True,
        "status_code": 0,
        "status": "OK",
        "text": "Your balance is 41.01 EUR.",
    }
    assert response == {"replies": [expected]}
    await hass.async_block_till_done()
    (event,) = events
    device = init_integration.runtime_data.device_id
    assert event.data == expected | {
        "config_entry_id": init_integration.entry_id,
        "device_id": device,
        "mac": init_integration.unique_id,
    }


@pytest.mark.parametrize("gateway_api", ["v3"])
async def test_ussd_from_several_ports(
    hass: HomeAssistant, emulator: RunningEmulator, init_integration: MockConfigEntry
) -> None:
    """Every port answers; one whose SIM cannot reach the network says so."""
    events = async_capture_events(hass, EVENT_USSD_RECEIVED)
    # Port 4's SIM failed to register (the seeded gateway).
    response = await _call(hass, "send_ussd", {"ports": "1-4", "code": "*101#"})
    replies = response["replies"]
    assert [reply["port"] for reply in replies] == [1, 2, 3, 4]
    assert replies[0]["success"]
    assert replies[0]["text"].startswith("Your number is")
    assert [(reply["success"], reply["status"]) for reply in replies[3:]] == [
        (False, "Unavailable")
    ]
    assert replies[3]["text"] is None
    await hass.async_block_till_done()
    assert len(events) == 4
    assert emulator.state()["ussd"] == [[port, "*101#"] for port in (1, 2, 3, 4)]


@pytest.mark.parametrize("gateway_api", ["v3"])
async def test_ussd_without_waiting(
    hass: HomeAssistant, emulator: RunningEmulator, init_integration: MockConfigEntry
) -> None:
    """Without ``wait`` the action returns at once; the reply comes as an event."""
    events = async_capture_events(hass, EVENT_USSD_RECEIVED)
    response = await _call(
        hass, "send_ussd", {"slot": "1", "code": "*100#", "wait": False}
    )
    assert response == {"replies": []}
    await hass.async_block_till_done(wait_background_tasks=True)
    (event,) = events
    assert event.data["text"].startswith("Your balance is")
    assert (
        await _call(
            hass,
            "send_ussd",
            {"slot": "1", "code": "*100#", "wait": False},
            response=False,
        )
        is None
    )


@pytest.mark.parametrize("gateway_api", ["v3"])
async def test_ussd_failure_in_the_background_is_logged(
    hass: HomeAssistant,
    caplog: pytest.LogCaptureFixture,
    emulator: RunningEmulator,
    init_integration: MockConfigEntry,
) -> None:
    emulator.set_fault("http500", path="send_ussds")
    await _call(hass, "send_ussd", {"slot": "1", "code": "*100#", "wait": False})
    await hass.async_block_till_done(wait_background_tasks=True)
    assert "USSD request *100# on" in caplog.text


@pytest.mark.parametrize("gateway_api", ["v3"])
@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"slot": "1.04", "code": "*100#"}, "slot_not_current"),
        ({"slot": "1-2", "code": "*100#"}, "one_slot_expected"),
        ({"slot": "9", "code": "*100#"}, "port_not_found"),
        ({"ports": "7-9", "code": "*100#"}, "port_not_found"),
    ],
)
async def test_ussd_input_that_does_not_fit(
    hass: HomeAssistant,
    emulator: RunningEmulator,
    init_integration: MockConfigEntry,
    data: dict[str, Any],
    key: str,
) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, "send_ussd", data)
    assert err.value.translation_key == key
    assert emulator.state()["ussd"] == []


@pytest.mark.parametrize("gateway_api", ["v3"])
@pytest.mark.parametrize(
    "data",
    [
        {"slot": "1", "ports": "2", "code": "*100#"},
        {"code": "*100#"},
        {"slot": "1", "code": "balance please"},
        {"port": "1", "command": "AT\nATZ"},
    ],
    ids=["slot_and_ports", "neither", "not_a_code", "two_lines"],
)
async def test_malformed_input(
    hass: HomeAssistant, init_integration: MockConfigEntry, data: dict[str, Any]
) -> None:
    action = "send_at" if "command" in data else "send_ussd"
    with pytest.raises(vol.Invalid):
        await _call(hass, action, data)


@pytest.mark.parametrize("gateway_api", ["v3"])
async def test_port_in_a_call_is_busy(
    hass: HomeAssistant, emulator: RunningEmulator, init_integration: MockConfigEntry
) -> None:
    """A call (state 4) keeps the module busy: no USSD, no AT command."""
    emulator.set_slot(_current(emulator, 1), st=4)
    await init_integration.runtime_data.coordinator.async_refresh()
    for action, data in (
        ("send_ussd", {"slot": "1", "code": "*100#"}),
        ("send_at", {"port": "1", "command": "AT"}),
    ):
        with pytest.raises(ServiceValidationError) as err:
            await _call(hass, action, data)
        assert err.value.translation_key == "port_busy"
        assert err.value.translation_placeholders == {"port": "1"}


@pytest.mark.parametrize("gateway_api", ["v3"])
async def test_at_command(
    hass: HomeAssistant,
    caplog: pytest.LogCaptureFixture,
    emulator: RunningEmulator,
    init_integration: MockConfigEntry,
) -> None:
    """The answer comes back; the command (a PIN here) is never logged.

    Home Assistant's own debug log of the bus shows every action's data; the
    integration's and the gateway's logs (debug included) never do.
    """
    command = f'AT+CLCK="SC",0,"{PIN}"'
    response = await _call(hass, "send_at", {"port": "2", "command": command})
    assert response == {
        "port": 2,
        "status_code": 0,
        "status": "OK",
        "response": f"{command}\r\nERROR\r\n",
    }
    signal = await _call(hass, "send_at", {"port": 2, "command": "AT+CSQ"})
    sig = emulator.gateway.slot_state(2, emulator.gateway.port_state(2).active_slot).sig
    assert f"+CSQ: {sig},99" in signal["response"]
    assert emulator.state()["at_ports"] == [2, 2]
    ours = [
        record.getMessage()
        for record in caplog.records
        if record.name.startswith(("custom_components.ejoin", "emulator"))
    ]
    assert ours
    assert not [line for line in ours if PIN in line]


@pytest.mark.parametrize("gateway_api", ["v3"])
async def test_at_command_refusals(
    hass: HomeAssistant, emulator: RunningEmulator, init_integration: MockConfigEntry
) -> None:
    with pytest.raises(HomeAssistantError) as err:
        await _call(hass, "send_at", {"port": "1", "command": "ZZ"})
    assert err.value.translation_key == "at_failed"
    assert err.value.translation_placeholders == {
        "port": "1",
        "code": "15",
        "reason": "Invalid AT",
    }
    with pytest.raises(ServiceValidationError) as invalid:
        await _call(hass, "send_at", {"port": "1-2", "command": "AT"})
    assert invalid.value.translation_key == "one_port_expected"
    with pytest.raises(ServiceValidationError) as missing:
        await _call(hass, "send_at", {"port": "9", "command": "AT"})
    assert missing.value.translation_key == "port_not_found"


@pytest.mark.parametrize("gateway_api", ["v3"])
async def test_at_command_waits_for_the_send_queue(
    hass: HomeAssistant, emulator: RunningEmulator, init_integration: MockConfigEntry
) -> None:
    """SMS waiting to be sent on the port, or one being sent: busy."""
    gateway = emulator.gateway
    emulator.configure(send_time=60.0)
    client = init_integration.runtime_data.client
    port_1 = PortSelection.parse("1")
    await client.send_sms(
        [
            SmsTask(tid=1, to=("+1",), message="a", from_ports=port_1),
            SmsTask(tid=2, to=("+2",), message="b", from_ports=port_1),
        ]
    )
    await emulator.wait_for(lambda: gateway.tasks.lane(1).inflight is not None)
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, "send_at", {"port": "1", "command": "AT"})
    assert err.value.translation_key == "port_busy"
    await client.remove_tasks([2])
    # Only the one being sent now: the gateway itself answers busy.
    with pytest.raises(ServiceValidationError) as busy:
        await _call(hass, "send_at", {"port": "1", "command": "AT"})
    assert busy.value.translation_key == "port_busy"
    assert emulator.state()["at_ports"] == [1]


@pytest.mark.parametrize("gateway_api", ["v3"])
async def test_no_inbox_delete_on_v3(
    hass: HomeAssistant, emulator: RunningEmulator, init_integration: MockConfigEntry
) -> None:
    """v3 reads the inbox but cannot delete from it: said clearly, nothing lost."""
    emulator.inject_sms("1.01", "+4917", "keep me")
    with pytest.raises(HomeAssistantError) as err:
        await _call(hass, "get_inbox", {"delete": True})
    assert err.value.translation_key == "not_supported"
    assert err.value.translation_placeholders == {"operation": "inbox_delete"}
    assert len(emulator.gateway.inbox) == 1
    page = await _call(hass, "get_inbox", {})
    assert [message["text"] for message in page["messages"]] == ["keep me"]
