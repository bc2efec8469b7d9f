"""Webhook hygiene: pushes only from the gateway's address (or allowed ones).

The emulator pushes from 127.0.0.1, the address of the entries' host, over real
sockets; pushes from elsewhere go through Home Assistant's webhook dispatch as
``MockRequest``s with another remote address.
"""

from __future__ import annotations

from datetime import timedelta
import json
import logging
import socket
from typing import TYPE_CHECKING, Any
from unittest.mock import patch

from homeassistant.components import webhook
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.setup import async_setup_component
from homeassistant.util.aiohttp import MockRequest
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)

from custom_components.ejoin.const import (
    CONF_PUSH,
    CONF_PUSH_SOURCE_CHECK,
    CONF_PUSH_SOURCES,
    CONF_WEBHOOK_BASE_URL,
    CONF_WEBHOOK_ID,
    DOMAIN,
    EVENT_SMS_RECEIVED,
)
from custom_components.ejoin.push_source import (
    ISSUE_PUSH_SOURCE,
    RESOLVE_INTERVAL,
    async_source_allowed,
)

from .conftest import entry_state

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from aiohttp.test_utils import TestClient
    from freezegun.api import FrozenDateTimeFactory
    from homeassistant.core import HomeAssistant
    from homeassistant.helpers import issue_registry as ir
    from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

    from emulator import RunningEmulator

#: Another device on the local network.
INTRUDER = "192.168.1.66"
SMS_PUSH = {"type": "recv-sms", "sms": [[0, "1.01", 1790000000, "+1", "+2", "eA=="]]}


@pytest.fixture
async def webhook_ready(hass: HomeAssistant) -> None:
    assert await async_setup_component(hass, "webhook", {})


async def _push(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    remote: str,
    body: bytes = json.dumps(SMS_PUSH).encode(),
    headers: dict[str, str] | None = None,
) -> int:
    """Post a push from ``remote`` through Home Assistant's webhook dispatch."""
    request = MockRequest(
        content=body,
        mock_source="test",
        method="POST",
        headers=headers or {"Content-Type": "application/json"},
        remote=remote,
    )
    response = await webhook.async_handle_webhook(
        hass, entry.data[CONF_WEBHOOK_ID], request
    )
    await hass.async_block_till_done()
    return response.status


async def _set_up(
    hass: HomeAssistant, entry: MockConfigEntry, **options: Any
) -> MockConfigEntry:
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(entry, options={CONF_PUSH: False, **options})
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry_state(entry) is ConfigEntryState.LOADED
    return entry


# ------------------------------------------------------------- on the wire


@pytest.fixture
async def push_base_url(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
    emulator: RunningEmulator,
    webhook_ready: None,
) -> AsyncIterator[str]:
    """Serve Home Assistant's HTTP app on loopback; return where the gateway pushes."""
    client: TestClient[Any, Any] = await hass_client_no_auth()
    yield str(client.make_url("/")).rstrip("/")
    await emulator.settle()


async def test_pushes_from_the_gateway_are_taken(
    hass: HomeAssistant,
    emulator: RunningEmulator,
    mock_config_entry: MockConfigEntry,
    push_base_url: str,
) -> None:
    """The check is on by default; the gateway's own pushes pass it."""
    received = async_capture_events(hass, EVENT_SMS_RECEIVED)
    await _set_up(
        hass,
        mock_config_entry,
        **{CONF_PUSH: True, CONF_WEBHOOK_BASE_URL: push_base_url},
    )
    emulator.inject_sms("1.01", "+4917000001", "from the gateway")
    push = await emulator.wait_for_push("recv-sms")
    await hass.async_block_till_done()
    assert push.status == 200
    assert [event.data["text"] for event in received] == ["from the gateway"]


# ---------------------------------------------------------------- refusals


async def test_push_from_elsewhere_is_refused_before_it_is_read(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
    mock_config_entry: MockConfigEntry,
    webhook_ready: None,
) -> None:
    """403 (a failure for the sender), whatever the body: it is never read.

    (A ``MockRequest`` has no ``content_length``: reading its body would raise,
    and Home Assistant answer 200.)
    """
    received = async_capture_events(hass, EVENT_SMS_RECEIVED)
    entry = await _set_up(hass, mock_config_entry)
    assert await _push(hass, entry, INTRUDER) == 403
    assert await _push(hass, entry, INTRUDER, b"not json") == 403
    assert received == []
    # The same pushes from the gateway's address, over a real socket: taken, or
    # refused for what they are.
    client = await hass_client_no_auth()
    path = f"/api/webhook/{entry.data[CONF_WEBHOOK_ID]}"
    response = await client.post(path, json=SMS_PUSH)
    assert response.status == 200
    response = await client.post(
        path, data=b"not json", headers={"Content-Type": "application/json"}
    )
    assert response.status == 400
    await hass.async_block_till_done()
    assert len(received) == 1


async def test_repeated_refusals_raise_one_issue(
    hass: HomeAssistant,
    caplog: pytest.LogCaptureFixture,
    issue_registry: ir.IssueRegistry,
    mock_config_entry: MockConfigEntry,
    webhook_ready: None,
) -> None:
    """No log line per push: one repair issue, gone when the entry is set up again."""
    entry = await _set_up(hass, mock_config_entry)
    issue_id = f"{ISSUE_PUSH_SOURCE}_{entry.entry_id}"
    with caplog.at_level(logging.WARNING, logger="custom_components.ejoin"):
        for count in range(1, 11):
            assert await _push(hass, entry, INTRUDER) == 403
            if count < 3:
                assert issue_registry.async_get_issue(DOMAIN, issue_id) is None
    issue = issue_registry.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_key == ISSUE_PUSH_SOURCE
    assert issue.translation_placeholders == {
        "title": entry.title,
        "source": INTRUDER,
        "expected": "127.0.0.1",
    }
    warnings = [
        record
        for record in caplog.records
        if record.name.startswith("custom_components.ejoin")
        and record.levelno >= logging.WARNING
    ]
    assert len(warnings) == 1, warnings
    assert [
        key for key in issue_registry.issues if key[1].startswith(ISSUE_PUSH_SOURCE)
    ] == [(DOMAIN, issue_id)]

    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None


# ----------------------------------------------------------------- options


async def test_allowed_sources_for_nat(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    webhook_ready: None,
) -> None:
    """Listed addresses and networks may push too."""
    entry = await _set_up(
        hass, mock_config_entry, **{CONF_PUSH_SOURCES: ["192.168.1.0/24", "fd00::7"]}
    )
    assert await _push(hass, entry, INTRUDER) == 200
    assert await _push(hass, entry, "fd00::7") == 200
    assert await _push(hass, entry, "192.168.2.1") == 403
    assert await _push(hass, entry, "127.0.0.1") == 200


async def test_check_turned_off(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    webhook_ready: None,
) -> None:
    entry = await _set_up(hass, mock_config_entry, **{CONF_PUSH_SOURCE_CHECK: False})
    assert await _push(hass, entry, INTRUDER) == 200


async def test_options_flow_checks_the_sources(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    entry = await _set_up(hass, mock_config_entry)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_PUSH_SOURCES: ["192.168.1.1", "router.lan"]}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_PUSH_SOURCES: "invalid_push_source"}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {CONF_PUSH_SOURCE_CHECK: True, CONF_PUSH_SOURCES: [" 10.0.0.0/8 ", ""]},
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options[CONF_PUSH_SOURCES] == ["10.0.0.0/8"]
    await hass.async_block_till_done()
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_PUSH_SOURCES: []}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert CONF_PUSH_SOURCES not in entry.options
    await hass.async_block_till_done()


# ------------------------------------------------------- the gateway's address


def _named_entry(host: str) -> MockConfigEntry:
    """An entry (not set up) whose host is a name."""
    return MockConfigEntry(
        domain=DOMAIN, title="named", data={CONF_HOST: host, CONF_PORT: 80}
    )


async def test_host_name_is_resolved(hass: HomeAssistant) -> None:
    """``localhost`` resolves to 127.0.0.1 (the system's resolver, /etc/hosts)."""
    entry = _named_entry("localhost")
    entry.add_to_hass(hass)
    assert await async_source_allowed(hass, entry, "127.0.0.1")
    assert await async_source_allowed(hass, entry, "::ffff:127.0.0.1")
    assert not await async_source_allowed(hass, entry, INTRUDER)
    assert not await async_source_allowed(hass, entry, None)
    assert not await async_source_allowed(hass, entry, "not an address")


async def test_unknown_address_is_not_checked_and_moves_are_followed(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """A name that does not resolve: no address to compare with, pushes pass.

    Once it resolves, it is checked; a push from elsewhere resolves it again (at
    most once a minute), so a gateway that DHCP moved is followed.
    """
    entry = _named_entry("gateway.lan")
    entry.add_to_hass(hass)
    answers: list[str] = []

    async def resolver(host: str, *_args: Any, **_kwargs: Any) -> list[Any]:
        assert host == "gateway.lan"
        if not answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (answers[-1], 0))]

    with patch.object(hass.loop, "getaddrinfo", resolver):
        assert await async_source_allowed(hass, entry, INTRUDER)
        freezer.tick(timedelta(seconds=RESOLVE_INTERVAL))
        answers.append("192.168.1.50")
        assert await async_source_allowed(hass, entry, "192.168.1.50")
        assert not await async_source_allowed(hass, entry, "192.168.1.51")
        # Moved: not re-resolved within the minute, then followed.
        answers.append("192.168.1.51")
        assert not await async_source_allowed(hass, entry, "192.168.1.51")
        freezer.tick(timedelta(seconds=RESOLVE_INTERVAL))
        assert await async_source_allowed(hass, entry, "192.168.1.51")
        # A failing resolver keeps the last known address.
        answers.clear()
        freezer.tick(timedelta(seconds=RESOLVE_INTERVAL))
        assert not await async_source_allowed(hass, entry, INTRUDER)
        assert await async_source_allowed(hass, entry, "192.168.1.51")
