"""The ``session_handshake`` option: firmware with and without the secure session."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

import aiohttp
import pytest

from emulator.testing import DeviceCaller

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from emulator import RunningEmulator


def md5(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


@pytest.fixture
async def device(emulator: RunningEmulator) -> AsyncIterator[DeviceCaller]:
    async with aiohttp.ClientSession() as session:
        yield DeviceCaller(emulator, session)


async def _handshake(device: DeviceCaller) -> tuple[int, object]:
    emu = device.emulator
    params = {
        "username": emu.username,
        "cnonce": "c0ffee",
        "auth": md5(emu.username + emu.password + "c0ffee" + "/crypt_sess.json"),
    }
    return await device.call("crypt_sess.json", params=params, auth=False)


async def test_handshake_answered_by_default(
    device: DeviceCaller, emulator: RunningEmulator
) -> None:
    status, reply = await _handshake(device)
    assert status == 200
    assert isinstance(reply, dict)
    assert reply["code"] == 0
    assert emulator.state()["options"]["session_handshake"] == "answer"


async def test_firmware_without_the_page(
    device: DeviceCaller, emulator: RunningEmulator
) -> None:
    """``not_found``: HTTP 404, no session; password requests still work."""
    emulator.configure(session_handshake="not_found")
    status, _ = await _handshake(device)
    assert status == 404
    assert emulator.gateway.auth.session_count == 0
    assert (await device.get("goip_get_status.html"))["max-ports"] == 8
    # Logged like every device request.
    assert emulator.requests("crypt_sess.json")[-1].method == "GET"


@pytest.mark.parametrize(
    ("style", "expected"),
    [("http", (401, None)), ("json", (200, 1)), ("json14", (200, 14))],
)
async def test_firmware_that_checks_the_password_first(
    device: DeviceCaller,
    emulator: RunningEmulator,
    style: str,
    expected: tuple[int, int | None],
) -> None:
    """``auth_error``: answered like wrong credentials, in the configured style."""
    emulator.configure(session_handshake="auth_error", auth_error=style)
    status, reply = await _handshake(device)
    code = reply.get("code") if isinstance(reply, dict) else None
    assert (status, code) == expected
    assert emulator.gateway.auth.session_count == 0


async def test_option_choices_are_checked(emulator: RunningEmulator) -> None:
    with pytest.raises(ValueError, match="session_handshake"):
        emulator.configure(session_handshake="maybe")
