"""Credentials, both auth-error styles and the secure session of section 3."""

from __future__ import annotations

import asyncio
import hashlib
from typing import TYPE_CHECKING, Any

import aiohttp
import pytest

from emulator import running_emulator
from emulator.testing import DeviceCaller

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from emulator import RunningEmulator

ENDPOINTS = [
    "goip_get_status.html",
    "goip_send_cmd.html",
    "goip_post_sms.html",
    "goip_pause_sms.html",
    "goip_resume_sms.html",
    "goip_remove_sms.html",
    "goip_get_tasks.html",
    "goip_get_sms.html",
    "goip_get_sms_stat.html",
    "goip_get_call_stat.html",
]


def md5(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


@pytest.fixture
async def device(emulator: RunningEmulator) -> AsyncIterator[DeviceCaller]:
    async with aiohttp.ClientSession() as session:
        yield DeviceCaller(emulator, session)


@pytest.mark.parametrize("path", ENDPOINTS)
async def test_wrong_password_is_http_401(device: DeviceCaller, path: str) -> None:
    status, body = await device.call(
        path, params={"username": "root", "password": "nope"}
    )
    assert status == 401
    assert "Unauthorized" in body
    status, _ = await device.call(path, auth=False)
    assert status == 401


@pytest.mark.parametrize(
    ("style", "code", "reason"),
    [("json", 1, "Invalid User"), ("json14", 14, "Unauthorized")],
)
async def test_json_auth_error_styles(
    device: DeviceCaller,
    emulator: RunningEmulator,
    style: str,
    code: int,
    reason: str,
) -> None:
    emulator.configure(auth_error=style)
    for path in ENDPOINTS:
        status, body = await device.call(path, params={"password": "nope"})
        assert status == 200
        assert body == {"code": code, "reason": reason}


async def test_auth_error_chosen_at_start(socket_enabled: None) -> None:
    async with (
        running_emulator(auth_error="json", password="x") as emu,
        aiohttp.ClientSession() as session,
    ):
        caller = DeviceCaller(emu, session)
        _, body = await caller.call("goip_get_status.html", params={"password": "y"})
        assert body["code"] == 1


async def test_parameter_names_are_case_insensitive(device: DeviceCaller) -> None:
    status, body = await device.call(
        "goip_get_status.html",
        params={"Username": "root", "PASSWORD": device.emulator.password},
        auth=False,
    )
    assert status == 200
    assert body["type"] == "dev-status"


async def test_credentials_in_the_json_body(device: DeviceCaller) -> None:
    body = {
        "username": "root",
        "password": device.emulator.password,
        "type": "command",
        "op": "save",
    }
    status, reply = await device.call(
        "goip_send_cmd.html", method="POST", json_body=body, auth=False
    )
    assert (status, reply["code"]) == (200, 200)
    body["password"] = "wrong"
    status, _ = await device.call(
        "goip_send_cmd.html", method="POST", json_body=body, auth=False
    )
    assert status == 401


async def handshake(
    device: DeviceCaller, **extra: Any
) -> tuple[int, dict[str, Any] | str]:
    emu = device.emulator
    cnonce = "abc123"
    params = {
        "username": emu.username,
        "cnonce": cnonce,
        "auth": md5(emu.username + emu.password + cnonce + "/crypt_sess.json"),
        **extra,
    }
    return await device.call("crypt_sess.json", params=params, auth=False)


def signed(
    device: DeviceCaller, session: str, seq: int, resource: str
) -> dict[str, str]:
    emu = device.emulator
    digest = md5(emu.username + emu.password + session + str(seq) + resource)
    return {"seq": str(seq), "session": session, "auth": digest}


async def test_secure_session(device: DeviceCaller, emulator: RunningEmulator) -> None:
    status, reply = await handshake(device, expires=120)
    assert status == 200
    assert isinstance(reply, dict)
    assert reply["code"] == 0
    assert reply["desc"] == "OK"
    assert reply["expires"] == 120
    session = reply["session"]
    assert len(session) == 16

    params = signed(device, session, 11, "/goip_get_status.html")
    status, body = await device.call("goip_get_status.html", params=params, auth=False)
    assert status == 200
    assert body["type"] == "dev-status"
    # The same seq again, a lower one, or a digest for another resource fail.
    for bad in (
        params,
        signed(device, session, 5, "/goip_get_status.html"),
        signed(device, session, 20, "/goip_get_sms.html"),
        {**signed(device, session, 21, "/goip_get_status.html"), "auth": "0" * 32},
        signed(device, "ffffffffffffffff", 22, "/goip_get_status.html"),
    ):
        status, _ = await device.call("goip_get_status.html", params=bad, auth=False)
        assert status == 401
    # A POST endpoint with the session instead of the password.
    status, reply = await device.call(
        "goip_send_cmd.html",
        method="POST",
        params=signed(device, session, 30, "/goip_send_cmd.html"),
        json_body={"type": "command", "op": "lock", "ports": "1A"},
        auth=False,
    )
    assert status == 200
    assert emulator.gateway.slot_state(1, 1).locked
    # A reboot forgets every session.
    emulator.reboot()
    status, _ = await device.call(
        "goip_get_status.html",
        params=signed(device, session, 31, "/goip_get_status.html"),
        auth=False,
    )
    assert status == 401


async def test_secure_session_expires(device: DeviceCaller) -> None:
    _, reply = await handshake(device, expires=0.2)
    assert isinstance(reply, dict)
    session = reply["session"]
    params = signed(device, session, 1, "/goip_get_sms.html")
    status, _ = await device.call("goip_get_sms.html", params=params, auth=False)
    assert status == 200
    await asyncio.sleep(0.3)
    params = signed(device, session, 2, "/goip_get_sms.html")
    status, _ = await device.call("goip_get_sms.html", params=params, auth=False)
    assert status == 401


async def test_handshake_variants_and_failures(
    device: DeviceCaller, emulator: RunningEmulator
) -> None:
    emu = device.emulator
    # Digest without the resource (the other reading of section 3.3) is accepted.
    status, reply = await device.call(
        "crypt_sess.json",
        params={
            "username": emu.username,
            "cnonce": "n",
            "auth": md5(emu.username + emu.password + "n"),
        },
        auth=False,
    )
    assert status == 200
    assert isinstance(reply, dict)
    assert reply["expires"] == 180
    status, _ = await device.call(
        "crypt_sess.json",
        params={"username": emu.username, "cnonce": "n", "auth": "x"},
        auth=False,
    )
    assert status == 401
    emulator.configure(auth_error="json")
    status, reply = await device.call(
        "crypt_sess.json", params={"username": "root"}, auth=False
    )
    assert status == 200
    assert reply == {"code": 1, "reason": "Invalid User", "desc": "Invalid User"}
    assert emulator.gateway.request_counts["crypt_sess.json"] == 3


async def test_get_with_a_json_content_type_is_rejected(
    device: DeviceCaller, emulator: RunningEmulator
) -> None:
    headers = {"Content-Type": "application/json;charset=utf-8"}
    status, _ = await device.call("goip_get_status.html", headers=headers)
    assert status == 400
    emulator.configure(reject_json_get=False)
    status, _ = await device.call("goip_get_status.html", headers=headers)
    assert status == 200


async def test_request_log_shows_where_the_password_went(
    device: DeviceCaller, emulator: RunningEmulator
) -> None:
    """The log lets a test prove that session requests carry no password."""
    _, reply = await handshake(device)
    assert isinstance(reply, dict)
    session = reply["session"]
    emulator.gateway.clear_log()
    params = signed(device, session, 1, "/goip_get_sms.html")
    await device.call("goip_get_sms.html", params=params, auth=False)
    params = signed(device, session, 2, "/goip_send_cmd.html")
    await device.call(
        "goip_send_cmd.html",
        method="POST",
        params=params,
        json_body={"op": "lock", "ports": "1A"},
        auth=False,
    )
    await device.get("goip_get_status.html")  # the password, once

    def carries_password(query: tuple[tuple[str, str], ...], body: str) -> bool:
        return emulator.password in body or any(
            emulator.password in value for _, value in query
        )

    shown = [carries_password(r.query, r.body) for r in emulator.requests()]
    assert shown == [False, False, True]
