"""Home Assistant stops, SMS arrive meanwhile, it starts again: each fires once.

Two observers count the events. The test configuration's ``e2e_event_log`` helper
listens on the bus from the first moment. A user's automation turns every
``ejoin_sms_received`` into a persistent notification of its own: what an
automation sees is the point of the event, and automations only listen once Home
Assistant has started.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from typing import TYPE_CHECKING
import uuid

from .conftest import Gateway, Sims, ensure_gateway
from .ha_client import JSON, HassClient, poll
from .inventory import read_inventory

if TYPE_CHECKING:
    from .emulator_client import EmulatorControl
    from .harness import EmulatorInstance, HassInstance

#: Seconds to keep watching for duplicates once every SMS was seen.
DUPLICATE_WINDOW = 4.0
#: Disabled by default; enabled before the stop, they exist after the start.
IDENTITY_KEYS = ("sensor.iccid", "sensor.imsi", "sensor.imei")


async def _seen_texts(ha: HassClient) -> list[str]:
    """Texts of the SMS the automation turned into notifications, with repeats."""
    notifications: list[JSON] = await ha.command("persistent_notification/get")
    texts = []
    for item in notifications:
        if item.get("title") != "ejoin_sms_received":
            continue
        texts.append(str(json.loads(item["message"]).get("text")))
    return texts


async def _bus_texts(ha: HassClient) -> list[tuple[str, str]]:
    """``(text, Home Assistant's state when fired)`` of every SMS on the bus."""
    log: list[JSON] = await ha.command("e2e_event_log/list")
    return [
        (str(item["data"].get("text")), str(item["core_state"]))
        for item in log
        if item["event_type"] == "ejoin_sms_received"
    ]


async def _before_the_stop(
    ha: HassClient, gateway: Gateway, ctl: EmulatorControl, identity_slot: str
) -> str:
    """Receive one SMS normally; enable the identity sensors of a slot."""
    text = f"before the stop {uuid.uuid4().hex[:6]}"
    await ctl.sms("2.04", "+4915100000001", text)

    async def seen() -> bool:
        return text in await _seen_texts(ha)

    await poll(
        seen, within=15, what="the automation to see the SMS sent before the stop"
    )

    inventory = await read_inventory(ha, gateway.entry_id, gateway.mac)
    for key in IDENTITY_KEYS:
        await ha.command(
            "config/entity_registry/update",
            entity_id=inventory.slot_entity_id(identity_slot, key),
            disabled_by=None,
        )
    return text


async def test_sms_that_arrive_while_stopped_fire_once(
    ha_process: HassInstance,
    hass_token: str,
    gateway_emulator: EmulatorInstance,
    emulator_ctl: EmulatorControl,
    sims: Sims,
) -> None:
    """Stop, three SMS arrive (their pushes fail), start: each is seen once."""
    identity_slot = sims.sender
    async with HassClient(ha_process.base_url, hass_token) as ha:
        gateway = await ensure_gateway(ha, gateway_emulator, emulator_ctl)
        before = await _before_the_stop(ha, gateway, emulator_ctl, identity_slot)

    await asyncio.to_thread(ha_process.stop)
    failed_pushes = len(await emulator_ctl.pushes("recv-sms"))
    tag = uuid.uuid4().hex[:6]
    texts = [
        f"while stopped 1 {tag}",
        f"while stopped 2 \N{SATELLITE ANTENNA} {tag}",
        f"while stopped 3 {'long ' * 40}{tag}",
    ]
    for number, text in enumerate(texts, start=1):
        await emulator_ctl.sms(f"{number}.0{number}", f"+491510000000{number}", text)
    for push in (await emulator_ctl.pushes("recv-sms"))[failed_pushes:]:
        assert push["status"] != 200, f"Home Assistant was stopped: {push}"

    # The gateway answers Home Assistant's first request a little late, so the
    # test's event log (set up at the same stage as the integration) listens first.
    await emulator_ctl.set_fault("slow", delay=1.5, count=1)
    started = time.monotonic()
    await asyncio.to_thread(ha_process.start, hass_token)
    async with HassClient(ha_process.base_url, hass_token) as ha:
        gateway = await ensure_gateway(ha, gateway_emulator, emulator_ctl)

        async def all_seen() -> bool:
            seen = await _seen_texts(ha)
            return all(text in seen for text in texts)

        async def all_fired() -> bool:
            fired = [text for text, _state in await _bus_texts(ha)]
            return all(text in fired for text in texts)

        await poll(all_fired, within=30, what="the SMS that arrived while stopped")
        elapsed = time.monotonic() - started
        with contextlib.suppress(AssertionError):  # judged below, with the reason
            await poll(all_seen, within=10, what="the automation to see those SMS")
        await asyncio.sleep(DUPLICATE_WINDOW)
        fired = await _bus_texts(ha)
        seen = await _seen_texts(ha)

        # On the bus: each exactly once, and not the one handled before the stop.
        for text in texts:
            count = sum(1 for fired_text, _state in fired if fired_text == text)
            assert count == 1, f"{text!r} fired {count} times: {fired}"
        assert before not in [text for text, _state in fired], "fired again"
        # The identity sensors enabled before the stop now show the SIM's data.
        inventory = await read_inventory(ha, gateway.entry_id, gateway.mac)
        status = await emulator_ctl.device_status(
            gateway_emulator.username, gateway_emulator.password
        )
        row = next(r for r in status["status"] if r["port"] == identity_slot)
        states = await ha.states()
        for key, field in zip(IDENTITY_KEYS, ("iccid", "imsi", "imei"), strict=True):
            entity_id = inventory.slot_entity_id(identity_slot, key)
            assert states[entity_id]["state"] == row[field], (entity_id, row)

        # In a user's automation: each exactly once too.
        for text in texts:
            assert seen.count(text) == 1, (
                f"the automation saw {text!r} {seen.count(text)} times; the events "
                f"fired while Home Assistant was {[s for t, s in fired if t == text]} "
                "(automations listen once it has started)"
            )
        assert before not in seen, "an SMS handled before the stop fired again"
        assert elapsed < 60
