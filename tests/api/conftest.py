"""Fixtures of the client tests: a scripted gateway and an HTTP session."""

from __future__ import annotations

from typing import TYPE_CHECKING

import aiohttp
from aiohttp import web
import pytest

from tests.api.fake_gateway import FakeGateway

if TYPE_CHECKING:
    from collections.abc import AsyncIterator


@pytest.fixture
async def gateway() -> AsyncIterator[FakeGateway]:
    fake = FakeGateway()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", fake.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    fake.port = runner.addresses[0][1]
    yield fake
    fake.release.set()
    await runner.cleanup()


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client_session:
        yield client_session
