"""Fuzzing of the webhook end to end: any POST gets 200 or 400, never a crash.

Home Assistant's webhook component answers 200 even when a handler raises (it only
logs "Error processing webhook"), so the status alone cannot prove the handler
survived: every test also requires a log free of errors and an entry that still
loads and polls.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from homeassistant.config_entries import ConfigEntryState
from hypothesis import HealthCheck, given, settings, strategies as st

from custom_components.ejoin.const import WEBHOOK_MAX_BODY
from tests.strategies import pushes, webhook_requests

from .conftest import state_of
from .messaging_helpers import (  # noqa: F401 - fixtures
    push_options_fixture,
    settle_pushes_fixture,
    webhook_client_fixture,
    webhook_path,
)

if TYPE_CHECKING:
    from aiohttp.test_utils import TestClient
    from homeassistant.core import HomeAssistant
    import pytest
    from pytest_homeassistant_custom_component.common import MockConfigEntry

FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
STATUS = "sensor.ejoin_b575_port_1_slot_01_status"


async def _post(
    client: TestClient[Any, Any],
    entry: MockConfigEntry,
    content_type: str,
    body: bytes,
    *,
    headers: dict[str, str] | None = None,
    query: dict[str, str] | None = None,
) -> int:
    """POST one body; an empty content type sends none at all."""
    all_headers = dict(headers or {})
    skip: list[str] = []
    if content_type:
        all_headers["Content-Type"] = content_type
    else:
        skip.append("Content-Type")
    response = await client.post(
        webhook_path(entry),
        data=body,
        headers=all_headers,
        params=query,
        skip_auto_headers=skip,
    )
    await response.read()
    return response.status


def _expected(status: int, body: bytes) -> None:
    """200 or 400; 413 only for a body over the limit; never 5xx."""
    if len(body) > WEBHOOK_MAX_BODY:
        assert status == 413, (status, len(body))
    else:
        assert status in (200, 400), status


def _no_errors(caplog: pytest.LogCaptureFixture) -> None:
    errors = [
        f"{record.name}: {record.getMessage()}"
        for record in caplog.get_records("call")
        if record.levelno >= logging.ERROR
    ]
    assert errors == []


async def _still_working(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """The entry is loaded and the next poll still updates the entities."""
    assert entry.state is ConfigEntryState.LOADED
    await entry.runtime_data.coordinator.async_refresh()
    assert state_of(hass, STATUS).state == "registered"
    assert entry.runtime_data.coordinator.last_update_success


@FUZZ
@given(data=st.data())
async def test_any_body_any_content_type(
    hass: HomeAssistant,
    caplog: pytest.LogCaptureFixture,
    init_integration: MockConfigEntry,
    webhook_client: TestClient[Any, Any],
    data: st.DataObject,
) -> None:
    """Random and near-valid pushes of every kind, of any size."""
    content_type, body = data.draw(webhook_requests(), label="request")
    status = await _post(webhook_client, init_integration, content_type, body)
    await hass.async_block_till_done()
    _expected(status, body)
    _no_errors(caplog)


@settings(FUZZ, max_examples=300)
@given(data=st.data())
async def test_any_headers_and_query(
    hass: HomeAssistant,
    caplog: pytest.LogCaptureFixture,
    init_integration: MockConfigEntry,
    webhook_client: TestClient[Any, Any],
    data: st.DataObject,
) -> None:
    """``Emms-*`` headers and "SMS to HTTP" query strings of any shape too."""
    content_type, body, headers, query = data.draw(pushes(), label="request")
    status = await _post(
        webhook_client,
        init_integration,
        content_type,
        body,
        headers=headers,
        query=query,
    )
    await hass.async_block_till_done()
    _expected(status, body)
    _no_errors(caplog)


async def test_entry_survives_the_fuzz(
    hass: HomeAssistant,
    caplog: pytest.LogCaptureFixture,
    init_integration: MockConfigEntry,
    webhook_client: TestClient[Any, Any],
) -> None:
    """After a burst of hostile pushes the entry still loads, polls and updates."""
    bodies: list[tuple[str, bytes]] = [
        ("application/json", b'{"type":"dev-status","status":[{"port":"999.99"}]}'),
        ("application/json", b'{"type":"port-status","port":"1.01","st":"0 "}'),
        ("multipart/related; boundary=x", b"--x\r\n\r\n" * 1000),
        ("application/octet-stream", b"\x00" * 100_000),
        ("", b"{" * 100_000),
        ("application/json", b"[" * 100_000 + b"]" * 100_000),
    ]
    for content_type, body in bodies:
        status = await _post(webhook_client, init_integration, content_type, body)
        _expected(status, body)
    await hass.async_block_till_done()
    await _still_working(hass, init_integration)
    _no_errors(caplog)
