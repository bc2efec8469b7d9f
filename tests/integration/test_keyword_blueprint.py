"""The keyword blueprint and ``ejoin.check_secret``, in Home Assistant itself.

An automation made from ``blueprints/automation/ejoin/keyword_runs_script.yaml``
gets ``ejoin_sms_received`` events straight on the bus: only an allowed sender,
the keyword and the secret together run the script. The end-to-end test
(``tests/e2e/test_blueprints.py``) does the same with SMS from the emulator.
"""

from __future__ import annotations

from pathlib import Path
import shutil
from typing import TYPE_CHECKING, Any

from homeassistant.exceptions import ServiceValidationError
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import async_capture_events

from custom_components.ejoin.const import DOMAIN, EVENT_SMS_RECEIVED

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant

BLUEPRINT = Path(__file__).parents[2] / "blueprints/automation/ejoin"
ALLOWED = "+491700000001"
SECRET = "0042"
RAN = "test_keyword_script_ran"


@pytest.fixture
def config_dir(config_dir: Path) -> Path:
    """The test's configuration folder, with the blueprint where imports put it."""
    shutil.copytree(BLUEPRINT, config_dir / "blueprints/automation/ejoin")
    return config_dir


@pytest.fixture
async def ran(hass: HomeAssistant) -> list[Any]:
    """Set up the actions, a script, and an automation from the blueprint."""
    assert await async_setup_component(hass, DOMAIN, {})
    assert await async_setup_component(
        hass,
        "script",
        {
            "script": {
                "gate": {
                    "fields": {"arguments": {}, "sender": {}},
                    "sequence": [
                        {
                            "event": RAN,
                            "event_data": {
                                "run": "{{ {'arguments': arguments, 'sender': sender} }}"
                            },
                        }
                    ],
                }
            }
        },
    )
    assert await async_setup_component(
        hass,
        "automation",
        {
            "automation": {
                "alias": "gate by SMS",
                "use_blueprint": {
                    "path": "ejoin/keyword_runs_script.yaml",
                    "input": {
                        "allowed_numbers": [ALLOWED],
                        "keyword": "open",
                        "secret": SECRET,
                        "script": "script.gate",
                    },
                },
            }
        },
    )
    await hass.async_block_till_done()
    assert hass.states.get("automation.gate_by_sms") is not None
    events: list[Any] = async_capture_events(hass, RAN)
    return events


async def _sms(hass: HomeAssistant, sender: str, text: str) -> None:
    hass.bus.async_fire(
        EVENT_SMS_RECEIVED,
        {
            "config_entry_id": "e",
            "device_id": "d",
            "mac": "00:30:f1:00:00:01",
            "slot": "1.01",
            "port": 1,
            "slot_index": 1,
            "sender": sender,
            "recipient": "+15550000101",
            "text": text,
            "received_at": "2026-12-05T10:00:00+00:00",
        },
    )
    await hass.async_block_till_done(wait_background_tasks=True)


@pytest.mark.parametrize(
    ("sender", "text", "arguments"),
    [
        (ALLOWED, "open 0042 garage", "garage"),
        (ALLOWED, "  Open: 0042", ""),
        (ALLOWED, "OPEN 0042 - the back door", "the back door"),
    ],
)
async def test_keyword_with_the_secret_runs_the_script(
    hass: HomeAssistant, ran: list[Any], sender: str, text: str, arguments: str
) -> None:
    await _sms(hass, sender, text)
    assert [event.data["run"] for event in ran] == [
        {"arguments": arguments, "sender": sender}
    ]


@pytest.mark.parametrize(
    ("sender", "text"),
    [
        (ALLOWED, "open garage"),  # no secret: a forged sender is enough
        (ALLOWED, "open"),
        (ALLOWED, "open 0043 garage"),
        (ALLOWED, "open 42 garage"),  # "0042" is no number
        (ALLOWED, "open 00421 garage"),
        (ALLOWED, "open 0042, garage"),  # the secret ends at a blank
        (ALLOWED, "0042 open garage"),
        (ALLOWED, "opener 0042"),
        ("+491700000002", "open 0042 garage"),  # not an allowed number
    ],
)
async def test_anything_else_runs_nothing(
    hass: HomeAssistant, ran: list[Any], sender: str, text: str
) -> None:
    await _sms(hass, sender, text)
    assert ran == []


async def test_check_secret(hass: HomeAssistant) -> None:
    """Equal or not, case included; an empty secret is refused, not matched."""
    assert await async_setup_component(hass, DOMAIN, {})

    async def check(value: str, secret: str) -> Any:
        response = await hass.services.async_call(
            DOMAIN,
            "check_secret",
            {"value": value, "secret": secret},
            blocking=True,
            return_response=True,
        )
        assert response is not None
        return response["match"]

    assert await check("0042", "0042") is True
    assert await check("Sesam", "sesam") is False
    assert await check("", "0042") is False
    assert await check("0042" * 100, "0042") is False
    assert await check("Grüße", "Grüße") is True
    with pytest.raises(ServiceValidationError) as err:
        await check("", "")
    assert err.value.translation_key == "empty_secret"
