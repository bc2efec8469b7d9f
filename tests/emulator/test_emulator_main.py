"""The command line and the app factory."""

from __future__ import annotations

import asyncio

import pytest

from emulator import Gateway, create_app, running_emulator
from emulator.__main__ import build_parser


def test_parser_defaults_and_limits() -> None:
    args = build_parser().parse_args([])
    assert (args.host, args.port, args.ports, args.slots) == ("127.0.0.1", 8080, 8, 4)
    args = build_parser().parse_args(
        ["--ports", "512", "--slots", "32", "--auth-error", "json", "--seed", "3"]
    )
    assert (args.ports, args.slots, args.auth_error, args.seed) == (512, 32, "json", 3)
    for bad in (["--ports", "0"], ["--ports", "513"], ["--slots", "33"]):
        with pytest.raises(SystemExit):
            build_parser().parse_args(bad)


def test_create_app_routes() -> None:
    app = create_app(Gateway())
    paths = {resource.canonical for resource in app.router.resources()}
    assert "/goip_get_status.html" in paths
    assert "/crypt_sess.json" in paths
    assert "/_emulator/state" in paths


async def test_running_emulator_with_a_given_gateway(socket_enabled: None) -> None:
    gateway = Gateway(ports=2, slots=1, profile="all_registered", password="pw")
    async with running_emulator(gateway=gateway) as emu:
        assert emu.gateway is gateway
        assert emu.password == "pw"
        assert emu.base_url == f"http://127.0.0.1:{emu.port}"
        assert emu.url("goip_get_sms.html") == emu.base_url + "/goip_get_sms.html"


async def test_serve_runs_until_cancelled(socket_enabled: None) -> None:
    from emulator.__main__ import _serve

    args = build_parser().parse_args(["--port", "0", "--ports", "2", "--slots", "2"])
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.2):
            await _serve(args)
