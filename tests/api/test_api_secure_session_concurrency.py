"""The secure session under concurrent requests, against the emulator.

The emulator refuses a ``seq`` not greater than the last one it accepted, as the
document asks (3.2.3): requests sent at once must reach it in ``seq`` order. The
client sends one request at a time while a session is open, so none is refused.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import aiohttp
import pytest

from custom_components.ejoin.api import EjoinClient, SmsTask
from emulator import RunningEmulator, running_emulator

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

pytestmark = pytest.mark.usefixtures("socket_enabled")

PASSWORD = "pa&ss#1"  # needs URL encoding


@pytest.fixture
async def emu() -> AsyncIterator[RunningEmulator]:
    async with running_emulator(ports=4, slots=2, password=PASSWORD, seed=3) as running:
        yield running


@pytest.fixture
async def client(emu: RunningEmulator) -> AsyncIterator[EjoinClient]:
    async with aiohttp.ClientSession() as session:
        yield EjoinClient(emu.host, port=emu.port, session=session, password=PASSWORD)


def _seqs(emu: RunningEmulator) -> list[int]:
    """Return the ``seq`` of every session request, in the order they arrived."""
    return [
        int(value)
        for request in emu.requests()
        for name, value in request.query
        if name == "seq"
    ]


async def test_concurrent_requests_reach_the_gateway_in_seq_order(
    emu: RunningEmulator, client: EjoinClient
) -> None:
    """Sixty reads and writes at once: all answered, one handshake, seq rising."""
    await client.start_secure_session()
    emu.inject_sms("1.01", "+1", "x")
    calls = []
    for round_ in range(10):
        calls += [
            client.get_status(),
            client.get_sms(),
            client.get_parameters("sms_url"),
            client.set_parameters({"sms_cnt": 1}),
            client.lock("2"),
            client.send_sms(SmsTask(tid=100 + round_, to=("+1555",), message="m")),
        ]
    results = await asyncio.gather(*calls)
    assert len(results) == 60
    seqs = _seqs(emu)
    assert len(seqs) == 60
    assert seqs == sorted(set(seqs))
    assert emu.gateway.request_counts["crypt_sess.json"] == 1
    assert all(
        name != "password" and PASSWORD not in value
        for request in emu.requests()
        for name, value in request.query
    )


async def test_renewed_before_it_expires(
    emu: RunningEmulator, client: EjoinClient
) -> None:
    """A lifetime within the renewal margin: every request opens a new session,
    and none is refused for being late.
    """
    await client.start_secure_session(expires=5)
    await asyncio.gather(*(client.get_status() for _ in range(5)))
    # The start's handshake, then one before each request.
    assert emu.gateway.request_counts["crypt_sess.json"] == 6
    assert emu.gateway.auth.session_count == 6
