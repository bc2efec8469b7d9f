"""The repository's blueprints, imported into a real Home Assistant and triggered.

The harness copies ``blueprints/automation/ejoin/*.yaml`` to the configuration's
``blueprints/automation/ejoin/`` (where importing them from GitHub puts them). The
tests create automations from them the way the automation editor does (the config
REST API, which validates, writes ``automations.yaml`` and reloads), then let the
emulator deliver SMS and watch what the automations do:

- ``forward_sms_to_notify``: the test configuration's ``notify.e2e_phone`` (the
  ``e2e_notify`` helper fires ``e2e_notify_message`` for each message it gets) and
  the ``notify.persistent_notification`` action, typed as a name;
- ``keyword_runs_script``: a script, created through the script editor's API, fires
  ``e2e_keyword_script_ran`` with the variables it got; the reply is an
  ``ejoin.send_sms`` whose outcome comes back as ``ejoin_sms_sent``. The SMS has
  to carry the secret after the keyword (``ejoin.check_secret``): an allowed
  number (which anyone can forge) without it runs nothing.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
import re
from typing import TYPE_CHECKING, Any
import uuid

import pytest

from .ha_client import JSON, HassClient, poll, sync_request

if TYPE_CHECKING:
    from collections.abc import Iterator

    from .conftest import Gateway, Sims
    from .emulator_client import EmulatorControl
    from .harness import HassInstance

FORWARD = "ejoin/forward_sms_to_notify.yaml"
KEYWORD = "ejoin/keyword_runs_script.yaml"
NOTIFY_ENTITY = "notify.e2e_phone"
NOTIFY_EVENT = "e2e_notify_message"
SCRIPT_ID = "e2e_keyword_script"
SCRIPT_EVENT = "e2e_keyword_script_ran"
#: Automation ids (``automations.yaml``), removed again after this module.
FORWARD_TO_ENTITY = "e2e_blueprint_forward_to_entity"
FORWARD_TO_ACTION = "e2e_blueprint_forward_to_action"
FORWARD_ELSEWHERE = "e2e_blueprint_forward_other_device"
KEYWORD_AUTOMATION = "e2e_blueprint_keyword"
AUTOMATION_IDS = (
    FORWARD_TO_ENTITY,
    FORWARD_TO_ACTION,
    FORWARD_ELSEWHERE,
    KEYWORD_AUTOMATION,
)

ACTION_TITLE = "Forwarded by the blueprint"
ELSEWHERE_TITLE = "Sent for another device: must not happen"
ALLOWED = "+4915100000042"
ALLOWED_AS_00 = "+4915100000044"  # allowed as "0049 151 00000044"
STRANGER = "+4915100000043"
SECRET = "4711"
#: Seconds to keep watching for duplicates (and for what must not happen).
QUIET_WINDOW = 2.0

#: The script the keyword automation runs: it reports its variables. They are
#: rendered as one mapping, so "+49..." stays a string.
SCRIPT_CONFIG: JSON = {
    "alias": "E2E keyword script",
    "mode": "queued",
    "fields": {
        name: {"name": name}
        for name in ("sender", "text", "arguments", "slot", "port", "slot_index")
    },
    "sequence": [
        {
            "event": SCRIPT_EVENT,
            "event_data": {
                "run": (
                    "{{ {'sender': sender, 'text': text, 'arguments': arguments,"
                    " 'slot': slot, 'port': port, 'slot_index': slot_index,"
                    " 'recipient': recipient, 'device_id': device_id} }}"
                )
            },
        }
    ],
}


@pytest.fixture(scope="module")
def _remove_blueprint_automations(
    ha_process: HassInstance, hass_token: str
) -> Iterator[None]:
    """After this module: delete the automations and the script it created."""
    yield
    paths = [f"/api/config/automation/config/{key}" for key in AUTOMATION_IDS]
    paths.append(f"/api/config/script/config/{SCRIPT_ID}")
    for path in paths:
        status, body = sync_request(
            "DELETE", ha_process.base_url + path, token=hass_token
        )
        # 404: a test failed before it was created.
        assert status in {200, 404}, (path, status, body)


@dataclass(slots=True, frozen=True)
class Automations:
    """The automations made from the blueprints: automation id -> entity id."""

    entity_ids: dict[str, str]


async def _save(ha: HassClient, kind: str, key: str, config: JSON) -> None:
    """Save an automation or script as the editor does (validated, then reloaded)."""
    result = await ha.rest("POST", f"/api/config/{kind}/config/{key}", json_body=config)
    assert result == {"result": "ok"}, result


@pytest.fixture
async def automations(
    ha: HassClient,
    gateway: Gateway,
    _remove_blueprint_automations: None,
) -> Automations:
    """Create the script and the four automations; wait until they are on."""
    devices = await ha.devices()
    other_device = next(
        d["id"] for d in devices if d["via_device_id"] == gateway.device_id
    )
    await _save(ha, "script", SCRIPT_ID, SCRIPT_CONFIG)
    configs: dict[str, JSON] = {
        FORWARD_TO_ENTITY: {
            "alias": "E2E forward SMS to the phone",
            "use_blueprint": {
                "path": FORWARD,
                "input": {
                    "notify_entities": [NOTIFY_ENTITY],
                    "gateways": [gateway.device_id],
                },
            },
        },
        FORWARD_TO_ACTION: {
            "alias": "E2E forward SMS to a notify action",
            "use_blueprint": {
                "path": FORWARD,
                "input": {
                    # Without "notify.": the blueprint adds it.
                    "notify_action": "persistent_notification",
                    "title": ACTION_TITLE,
                    "message": (
                        "{{ sms.sender }} wrote to {{ sms.slot }} on"
                        " {{ sms.gateway }}: {{ sms.text }}"
                    ),
                },
            },
        },
        FORWARD_ELSEWHERE: {
            "alias": "E2E forward SMS of another device",
            "use_blueprint": {
                "path": FORWARD,
                "input": {
                    "notify_entities": [NOTIFY_ENTITY],
                    "gateways": [other_device],
                    "title": ELSEWHERE_TITLE,
                },
            },
        },
        KEYWORD_AUTOMATION: {
            "alias": "E2E keyword runs a script",
            "use_blueprint": {
                "path": KEYWORD,
                "input": {
                    "allowed_numbers": ["+49 151 0000-0042", "0049 151 00000044"],
                    "keyword": "Open",
                    "secret": SECRET,
                    "script": f"script.{SCRIPT_ID}",
                    "reply": "Opening {{ sms.arguments }} for {{ sms.sender }}",
                    "gateways": [gateway.device_id],
                },
            },
        },
    }
    for key, config in configs.items():
        await _save(ha, "automation", key, config)

    async def all_on() -> dict[str, str] | None:
        states = await ha.states()
        if f"script.{SCRIPT_ID}" not in states:
            return None
        found = {
            str(state["attributes"].get("id")): entity_id
            for entity_id, state in states.items()
            if entity_id.startswith("automation.") and state["state"] == "on"
        }
        if not set(configs) <= set(found):
            return None
        return {key: found[key] for key in configs}

    return Automations(
        await poll(all_on, within=30, what="the blueprint automations to be on")
    )


async def test_blueprints_load_as_automations(
    ha: HassClient, automations: Automations
) -> None:
    """Home Assistant lists both blueprints; automations made from them are on."""
    listed: dict[str, Any] = await ha.command("blueprint/list", domain="automation")
    for path in (FORWARD, KEYWORD):
        assert path in listed, sorted(listed)
        assert "error" not in listed[path], listed[path]
        metadata = listed[path]["metadata"]
        assert metadata["domain"] == "automation"
        assert metadata["source_url"].endswith(f"/blueprints/automation/{path}")
    for key in AUTOMATION_IDS:
        config = await ha.rest("GET", f"/api/config/automation/config/{key}")
        assert config["use_blueprint"]["path"] in {FORWARD, KEYWORD}, config
    states = await ha.states()
    for entity_id in automations.entity_ids.values():
        assert states[entity_id]["state"] == "on", states[entity_id]


async def _notifications(ha: HassClient) -> list[JSON]:
    result: list[JSON] = await ha.command("persistent_notification/get")
    return result


async def test_forward_sms_to_notify(
    ha: HassClient,
    automations: Automations,
    gateway: Gateway,
    emulator_ctl: EmulatorControl,
    sims: Sims,
) -> None:
    """One SMS: one message to the phone entity, one to the action, none elsewhere."""
    phone = await ha.subscribe_events(NOTIFY_EVENT)
    tag = uuid.uuid4().hex[:8]
    text = f"Forward me \N{ENVELOPE} {tag}\nsecond line"
    sender = "+4915100000099"
    slot = sims.sender
    recipient = sims.numbers[slot]
    device = next(d for d in await ha.devices() if d["id"] == gateway.device_id)
    gateway_name = device["name_by_user"] or device["name"]
    await emulator_ctl.sms(slot, sender, text)

    (message,) = await phone.wait_for(lambda d: tag in str(d.get("message")))
    assert message["entity_id"] == NOTIFY_ENTITY
    assert message["title"] == f"SMS from {sender}"
    assert message["message"] == f"SMS from {sender} to {recipient}:\n{text}"

    expected = f"{sender} wrote to {slot} on {gateway_name}: {text}"

    async def forwarded() -> list[JSON] | None:
        found = [
            item
            for item in await _notifications(ha)
            if item.get("title") == ACTION_TITLE and tag in item.get("message", "")
        ]
        return found or None

    notified = await poll(forwarded, within=15, what="the notify action's message")
    assert [item["message"] for item in notified] == [expected]

    await asyncio.sleep(QUIET_WINDOW)
    assert len(phone.matching(lambda d: tag in str(d.get("message")))) == 1
    assert not phone.matching(lambda d: d.get("title") == ELSEWHERE_TITLE), (
        "the automation filtered to another device forwarded the SMS"
    )
    assert len(await forwarded() or []) == 1
    # The test configuration's own automation saw it too, under a rendered id
    # (its YAML holds Jinja braces that are never str.format()ed).
    own = [
        item
        for item in await _notifications(ha)
        if item.get("title") == "ejoin_sms_received" and tag in item["message"]
    ]
    assert len(own) == 1, own
    assert re.fullmatch(r"e2e_sms_\w+", own[0]["notification_id"]), own


async def test_keyword_runs_script_for_allowed_numbers_only(
    ha: HassClient,
    automations: Automations,
    gateway: Gateway,
    emulator_ctl: EmulatorControl,
    sims: Sims,
) -> None:
    """The keyword and the secret from an allowed number run the script once and
    are answered.

    The same from another number, or another word from an allowed number, does
    nothing.
    """
    runs = await ha.subscribe_events(SCRIPT_EVENT)
    sent = await ha.subscribe_events("ejoin_sms_sent")
    tag = uuid.uuid4().hex[:8]
    slot = sims.sender
    messages = [
        (ALLOWED, f"  OPEN: {SECRET} garage {tag}"),
        (STRANGER, f"open {SECRET} garage {tag}"),
        (ALLOWED, f"opener {SECRET} {tag}"),
        (ALLOWED_AS_00, f"Open {SECRET} door {tag}"),
    ]
    for sender, text in messages:
        await emulator_ctl.sms(slot, sender, text)

    def mine(data: JSON) -> bool:
        return tag in str(data["run"]["text"])

    found = await runs.wait_for(mine, count=2)
    by_sender = {data["run"]["sender"]: data["run"] for data in found}
    assert set(by_sender) == {ALLOWED, ALLOWED_AS_00}, found
    run = by_sender[ALLOWED]
    assert run["text"] == f"  OPEN: {SECRET} garage {tag}"
    assert run["arguments"] == f"garage {tag}"
    assert run["slot"] == slot
    assert run["port"] == sims.port(slot)
    assert run["slot_index"] == int(slot.split(".")[1])
    assert run["recipient"] == sims.numbers[slot]
    assert run["device_id"] == gateway.device_id
    assert by_sender[ALLOWED_AS_00]["arguments"] == f"door {tag}"

    # The replies leave from the SIM that got the command.
    replies = await sent.wait_for(
        lambda d: d.get("number") in {ALLOWED, ALLOWED_AS_00}, count=2
    )
    for reply in replies:
        assert reply["success"] is True, reply
        assert reply["slot"] == slot, reply
        assert reply["config_entry_id"] == gateway.entry_id

    await asyncio.sleep(QUIET_WINDOW)
    assert len(runs.matching(mine)) == 2, runs.matching(mine)
    assert not sent.matching(lambda d: d.get("number") == STRANGER)
    assert len(sent.matching(lambda d: d.get("number") == ALLOWED)) == 1
    assert len(sent.matching(lambda d: d.get("number") == ALLOWED_AS_00)) == 1


async def test_keyword_without_the_secret_runs_nothing(
    ha: HassClient,
    automations: Automations,
    emulator_ctl: EmulatorControl,
    sims: Sims,
) -> None:
    """An allowed number and the keyword are not enough: sender numbers can be
    forged. Without the secret, or with a wrong one, nothing runs and nothing is
    answered; with it, the script runs.
    """
    runs = await ha.subscribe_events(SCRIPT_EVENT)
    sent = await ha.subscribe_events("ejoin_sms_sent")
    tag = uuid.uuid4().hex[:8]
    slot = sims.sender
    for text in (
        f"open garage {tag}",
        f"open 4712 garage {tag}",
        f"open {SECRET}0 garage {tag}",
    ):
        await emulator_ctl.sms(slot, ALLOWED, text)
    await emulator_ctl.sms(slot, ALLOWED, f"open {SECRET} gate {tag}")

    def mine(data: JSON) -> bool:
        return tag in str(data["run"]["text"])

    (run,) = await runs.wait_for(mine)
    assert run["run"]["arguments"] == f"gate {tag}"
    await sent.wait_for(lambda d: d.get("number") == ALLOWED)
    await asyncio.sleep(QUIET_WINDOW)
    assert [data["run"]["text"] for data in runs.matching(mine)] == [
        f"open {SECRET} gate {tag}"
    ]
    assert len(sent.matching(lambda d: d.get("number") == ALLOWED)) == 1
