"""Exactly once through crashes, slow starts, reloads and volume, in a real Home Assistant.

A Home Assistant and an emulator of this module's own. Home Assistant is killed
with SIGKILL (nothing runs on the way out, as in a crash or a power cut), held in
its start by the ``e2e_slow_start`` helper, reloaded while the gateway pushes, and
fed ten thousand messages. The ``e2e_event_log`` helper counts what fired on the
bus, from the first moment of each start.

Where a test waits for the integration to have recorded something before it
kills Home Assistant, it reads the integration's journal on disk, and waits at
most :data:`RECORD_WAIT` seconds: a version that never records would otherwise
make the test wait forever instead of failing.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from typing import TYPE_CHECKING, cast
import uuid

import aiohttp
import pytest

from .conftest import (
    HASS_PASSWORD,
    HASS_USERNAME,
    Gateway,
    allow_loopback,
    ensure_gateway,
)
from .emulator_client import EmulatorControl
from .ha_client import HassClient, confirm_http_settings, onboard, poll
from .harness import EmulatorInstance, HassInstance

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator
    from pathlib import Path

    from .ha_client import JSON

SMS_EVENT = "ejoin_sms_received"
#: Seconds to keep watching for a message firing again, once everything fired.
DUPLICATE_WINDOW = 4.0
#: Seconds a test waits for the journal to hold what it needs before a kill.
RECORD_WAIT = 5.0
VOLUME = 10_000


@pytest.fixture(scope="module")
def stack(e2e_dir: Path) -> Iterator[tuple[HassInstance, EmulatorInstance, str]]:
    """Home Assistant (event log, start hold) and an emulator; onboarded."""
    allow_loopback()
    emulator = EmulatorInstance.create(e2e_dir, seed=3)
    hass = HassInstance.create(
        e2e_dir / "hass-once", helpers=("e2e_event_log", "e2e_slow_start")
    )
    try:
        emulator.start()
        hass.start()
        token = onboard(hass.base_url, username=HASS_USERNAME, password=HASS_PASSWORD)
        hass.wait_running(token)
        confirm_http_settings(hass.base_url, token)
        yield hass, emulator, token
    finally:
        hass.stop()
        emulator.process.stop()


@pytest.fixture
async def ctl(
    stack: tuple[HassInstance, EmulatorInstance, str],
) -> AsyncIterator[EmulatorControl]:
    """The control API of this module's emulator."""
    async with aiohttp.ClientSession(
        timeout=aiohttp.ClientTimeout(total=60)
    ) as session:
        yield EmulatorControl(stack[1].base_url, session)


@contextlib.asynccontextmanager
async def _client(hass: HassInstance, token: str) -> AsyncIterator[HassClient]:
    async with HassClient(hass.base_url, token) as client:
        yield client


async def _gateway(
    client: HassClient,
    emulator: EmulatorInstance,
    ctl: EmulatorControl,
    **options: bool,
) -> Gateway:
    """The entry of this module's gateway; ``options`` set through the options flow.

    The flow reloads the entry; this returns once the reload is done.
    """
    if not options:
        return await ensure_gateway(client, emulator, ctl)

    async def loaded() -> list[JSON]:
        return [
            item
            for item in await client.config_entries("ejoin")
            if item["state"] == "loaded"
        ]

    if not (entries := await loaded()):
        # This test runs alone: the flow makes the entry first.
        await ensure_gateway(client, emulator, ctl)
        entries = await loaded()
    (entry,) = entries
    entry_id = str(entry["entry_id"])
    states = await client.subscribe("config_entries/subscribe")
    flow = await client.start_options_flow(entry_id)
    result = await client.options_flow_step(
        flow["flow_id"],
        {
            "push": True,
            "inbox_polling": True,
            "webhook_local_only": True,
            "currency": "EUR",
            **options,
        },
    )
    assert result["type"] == "create_entry", result

    async def reloaded() -> bool:
        seen = [
            change["entry"]["state"]
            for changes in cast("list[list[JSON]]", states.events)
            for change in changes
            if change.get("entry", {}).get("entry_id") == entry_id
        ]
        return "not_loaded" in seen and seen[-1] == "loaded"

    await poll(reloaded, within=60, what="the entry to reload with its new options")
    return (
        await ensure_gateway(client, emulator, ctl)
        if options.get("push", True)
        else Gateway(
            entry_id=entry_id,
            title=entry["title"],
            mac=emulator.mac,
            device_id="",
            webhook_url="",
        )
    )


async def _fired(client: HassClient) -> dict[str, int]:
    """How often each SMS text fired since Home Assistant (re)started."""
    counts: dict[str, int] = await client.command(
        "e2e_event_log/texts", event_type=SMS_EVENT
    )
    return counts


async def _wait_fired(
    client: HassClient, texts: list[str], *, within: float = 60.0
) -> dict[str, int]:
    async def all_fired() -> dict[str, int] | None:
        counts = await _fired(client)
        return counts if all(text in counts for text in texts) else None

    return await poll(all_fired, within=within, what=f"{len(texts)} SMS to fire")


def _journal(hass: HassInstance) -> tuple[dict[int, str], set[int]]:
    """What the integration's journal on disk holds: texts by number, and fired."""
    texts: dict[int, str] = {}
    fired: set[int] = set()
    for path in sorted((hass.config_dir / ".storage").glob("ejoin.*.log.*")):
        for line in path.read_bytes().splitlines():
            with contextlib.suppress(ValueError):
                for op in json.loads(line):
                    if op[0] == "new" and op[8] is not None:
                        texts[op[2]] = str(op[8][1].get("text"))
                    elif op[0] == "fired":
                        fired.update(op[1])
    return texts, fired


async def _wait_recorded_as_fired(hass: HassInstance, texts: list[str]) -> bool:
    """Wait until the journal records ``texts`` as fired (:data:`RECORD_WAIT` at most)."""
    deadline = time.monotonic() + RECORD_WAIT
    while time.monotonic() < deadline:
        held, done = await asyncio.to_thread(_journal, hass)
        numbers = {text: n for n, text in held.items()}
        if all(numbers.get(text) in done for text in texts):
            return True
        await asyncio.sleep(0.1)
    return False


async def _wait_stored(hass: HassInstance, entry_id: str, texts: list[str]) -> None:
    """Wait until the entry's storage holds ``texts``, whichever file keeps them.

    Not by modification times: the kernel stamps files with a clock that ticks
    every few milliseconds, so a write just after a read can look older than it.
    """

    def written() -> bool:
        stored = b"".join(
            path.read_bytes()
            for path in (hass.config_dir / ".storage").glob(f"ejoin.{entry_id}*")
        )
        return all(text.encode() in stored for text in texts)

    async def stored() -> bool:
        return await asyncio.to_thread(written)

    await poll(stored, within=60, what="the integration to store what it read")


async def _restart(
    hass: HassInstance, token: str, *, kill: bool, hold: bool = False
) -> None:
    """Stop (SIGTERM) or kill (SIGKILL) Home Assistant, then start it again."""
    await asyncio.to_thread(hass.kill if kill else hass.stop)
    if hold:
        hass.hold_file.touch()
        await asyncio.to_thread(hass.start)
    else:
        await asyncio.to_thread(hass.start, token)


async def _inbox_reads(ctl: EmulatorControl) -> int:
    state = await ctl.state()
    return int(state["request_counts"].get("goip_get_sms.html", 0))


async def _after_catch_up(ctl: EmulatorControl, reads: int) -> None:
    """Wait until the inbox was read again since ``reads`` (the catch-up read)."""

    async def read() -> bool:
        return await _inbox_reads(ctl) > reads

    await poll(read, within=60, what="the catch-up inbox read")


# -------------------------------------------------------------------- tests


async def test_sigkill_after_steady_traffic_fires_nothing_again(
    stack: tuple[HassInstance, EmulatorInstance, str], ctl: EmulatorControl
) -> None:
    """One SMS every few hundred ms, then a crash: nothing fires twice.

    The old ledger was saved 10 s after the last message, and every message
    postponed the save: under steady traffic nothing was written, and a crash
    replayed it all.
    """
    hass, emulator, token = stack
    tag = uuid.uuid4().hex[:6]
    texts = [f"steady {tag} {number}" for number in range(30)]
    async with _client(hass, token) as client:
        await _gateway(client, emulator, ctl)
        for text in texts:
            await ctl.sms("1.01", "+4915100000001", text)
            await asyncio.sleep(0.15)  # steady traffic, not a burst
        await _wait_fired(client, texts)
    await _wait_recorded_as_fired(hass, texts)
    reads = await _inbox_reads(ctl)

    await _restart(hass, token, kill=True)
    async with _client(hass, token) as client:
        await ensure_gateway(client, emulator, ctl)
        await _after_catch_up(ctl, reads)
        await asyncio.sleep(DUPLICATE_WINDOW)
        again = {text: n for text, n in (await _fired(client)).items() if tag in text}
    assert again == {}, f"fired again after the crash: {again}"


async def test_sigkill_during_start_up_fires_everything_once_after(
    stack: tuple[HassInstance, EmulatorInstance, str], ctl: EmulatorControl
) -> None:
    """SMS came while Home Assistant was down; it crashes while starting.

    The catch-up read takes them during the start, but events wait for
    "started". Killed before that, they must fire after the next start: they
    were on disk, not only in memory.
    """
    hass, emulator, token = stack
    async with _client(hass, token) as client:
        gateway = await _gateway(client, emulator, ctl)
    await asyncio.to_thread(hass.stop)
    tag = uuid.uuid4().hex[:6]
    texts = [f"came while down {tag} {number}" for number in range(3)]
    for text in texts:
        await ctl.sms("2.02", "+4915100000002", text)
    reads = await _inbox_reads(ctl)

    # Held in its start: the integration reads the inbox, nothing fires yet.
    # Killed once what it read is in its storage.
    hass.hold_file.touch()
    await asyncio.to_thread(hass.start)
    await _after_catch_up(ctl, reads)
    await _wait_stored(hass, gateway.entry_id, texts)
    await asyncio.to_thread(hass.kill)

    hass.hold_file.unlink()
    await asyncio.to_thread(hass.start, token)
    async with _client(hass, token) as client:
        counts = await _wait_fired(client, texts)
        await asyncio.sleep(DUPLICATE_WINDOW)
        counts = await _fired(client)
    assert {text: counts.get(text) for text in texts} == dict.fromkeys(texts, 1)


async def test_sms_pushed_during_a_reload_with_polling_off_fires_once(
    stack: tuple[HassInstance, EmulatorInstance, str], ctl: EmulatorControl
) -> None:
    """The gateway pushes while the entry reloads; only the push brings the SMS."""
    hass, emulator, token = stack
    async with _client(hass, token) as client:
        gateway = await _gateway(client, emulator, ctl, push=True, inbox_polling=False)
        # The reload waits three seconds for the gateway's status.
        await ctl.set_fault("slow", delay=3.0, count=1, path="goip_get_status.html")
        reload = asyncio.create_task(
            client.rest(
                "POST", f"/api/config/config_entries/entry/{gateway.entry_id}/reload"
            )
        )

        async def slowed() -> bool:
            return not (await ctl.state())["device"]["faults"]

        await poll(slowed, within=30, what="the reload to ask for the status")
        text = f"pushed during a reload {uuid.uuid4().hex[:6]}"
        pushes = len(await ctl.pushes("recv-sms"))
        await ctl.sms("1.01", "+4915100000003", text)
        push = await ctl.wait_for_push("recv-sms", after=pushes)
        assert not reload.done(), "the push came after the reload"
        await reload
        counts = await _wait_fired(client, [text], within=30)
        await asyncio.sleep(DUPLICATE_WINDOW)
        counts = await _fired(client)
        await _gateway(client, emulator, ctl, inbox_polling=True)
    assert push["status"] == 200
    assert counts[text] == 1


async def test_ten_thousand_messages_then_a_restart_fire_once(
    stack: tuple[HassInstance, EmulatorInstance, str], ctl: EmulatorControl
) -> None:
    """Ten thousand pushed SMS, then a restart whose catch-up read lists them all.

    The old ledger remembered about 2,500 messages (two fingerprints each): the
    read after a restart fired the rest a second time.
    """
    hass, emulator, token = stack
    tag = uuid.uuid4().hex[:6]
    texts = [f"volume {tag} {number}" for number in range(VOLUME)]
    async with _client(hass, token) as client:
        await _gateway(client, emulator, ctl)
        await ctl.sms_many(
            [
                {"slot": f"{1 + number % 8}.01", "sender": "+4915100000004", "text": t}
                for number, t in enumerate(texts)
            ]
        )
        counts = await _wait_fired(client, texts, within=120)
    assert set(counts.values()) == {1}
    reads = await _inbox_reads(ctl)

    await _restart(hass, token, kill=False)
    async with _client(hass, token) as client:
        await ensure_gateway(client, emulator, ctl)
        await _after_catch_up(ctl, reads)
        await asyncio.sleep(DUPLICATE_WINDOW)
        again = {text: n for text, n in (await _fired(client)).items() if tag in text}
    assert len(again) == 0, f"{len(again)} of {VOLUME} fired again after the restart"


async def test_get_inbox_with_delete_through_a_dropped_connection_loses_nothing(
    stack: tuple[HassInstance, EmulatorInstance, str], ctl: EmulatorControl
) -> None:
    """The gateway answers, the connection drops: every message is still seen.

    aiohttp sends a GET once more after a dropped connection; a GET that
    deleted the messages returned nothing the second time.
    """
    hass, emulator, token = stack
    tag = uuid.uuid4().hex[:6]
    texts = [f"kept in the inbox {tag} {number}" for number in range(3)]
    async with _client(hass, token) as client:
        gateway = await _gateway(client, emulator, ctl, push=False, inbox_polling=False)
        for text in texts:
            await ctl.sms("3.01", "+4915100000005", text)
        await ctl.set_fault("drop", count=1, path="goip_get_sms.html")
        response = await client.call_service(
            "ejoin",
            "get_inbox",
            {"config_entry_id": gateway.entry_id, "delete": True},
            return_response=True,
        )
        returned = [message["text"] for message in response["messages"]]
        fired = await _fired(client)
        await _gateway(client, emulator, ctl, push=True, inbox_polling=True)
    for text in texts:
        assert text in returned or text in fired, (text, returned)
