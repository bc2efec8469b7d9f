"""Fixtures and helpers shared by the messaging tests (webhook, inbox, actions).

Import the fixtures into a test module with ``from messaging_helpers import ...``
(they are registered under the name given in ``@pytest.fixture(name=...)``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from unittest.mock import patch

from homeassistant.helpers.storage import Store
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import async_capture_events

from custom_components.ejoin.const import (
    CONF_PUSH,
    CONF_WEBHOOK_BASE_URL,
    CONF_WEBHOOK_ID,
)
from custom_components.ejoin.journal import Journal, _SnapshotStore

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Awaitable, Callable, Iterator

    from aiohttp.test_utils import TestClient
    from homeassistant.core import Event, HomeAssistant
    from pytest_homeassistant_custom_component.common import MockConfigEntry

    from custom_components.ejoin.ledger import MessageLedger
    from emulator import RunningEmulator

#: The ``Store`` methods that Home Assistant's test plugin replaces by a dict, as
#: they are when this module is imported (collection, before any test runs).
_REAL_STORE = {
    name: Store.__dict__[name]
    for name in ("_async_load", "_async_write_data", "async_remove")
}


@pytest.fixture(name="webhook_client")
async def webhook_client_fixture(
    hass: HomeAssistant,
    hass_client_no_auth: Callable[[], Awaitable[TestClient[Any, Any]]],
) -> TestClient[Any, Any]:
    """Serve Home Assistant's HTTP API on loopback; the emulator pushes to it."""
    assert await async_setup_component(hass, "webhook", {})
    return await hass_client_no_auth()


@pytest.fixture(name="settle_pushes", autouse=True)
async def settle_pushes_fixture(
    emulator: RunningEmulator, webhook_client: TestClient[Any, Any]
) -> AsyncIterator[None]:
    """Let the emulator finish its pushes before Home Assistant's server stops."""
    yield
    await emulator.settle()


@pytest.fixture(name="options")
def push_options_fixture(
    request: pytest.FixtureRequest, webhook_client: TestClient[Any, Any]
) -> dict[str, object]:
    """Return entry options with push on, pointed at the test HTTP server.

    Parametrized indirectly, the parameter adds to these options.
    """
    return {
        CONF_PUSH: True,
        CONF_WEBHOOK_BASE_URL: base_url(webhook_client),
        **getattr(request, "param", {}),
    }


def base_url(client: TestClient[Any, Any]) -> str:
    """Return ``http://127.0.0.1:<port>`` of the test HTTP server."""
    return str(client.make_url("/")).rstrip("/")


def webhook_path(entry: MockConfigEntry) -> str:
    """Return the path of the entry's webhook."""
    return f"/api/webhook/{entry.data[CONF_WEBHOOK_ID]}"


def webhook_url(client: TestClient[Any, Any], entry: MockConfigEntry) -> str:
    """Return the full URL of the entry's webhook on the test server."""
    return base_url(client) + webhook_path(entry)


def capture(hass: HomeAssistant, event_type: str) -> list[Event[dict[str, Any]]]:
    """Record the events of one type."""
    events: list[Event[dict[str, Any]]] = async_capture_events(hass, event_type)
    return events


async def wait_for(
    emulator: RunningEmulator, predicate: Callable[[], bool], within: float = 5.0
) -> None:
    """Let the emulator push until ``predicate()`` holds."""
    await emulator.wait_for(predicate, within)


async def poll_inbox(entry: MockConfigEntry) -> int:
    """Read the entry's inbox now; return how many messages were new."""
    new: int = await entry.runtime_data.inbox.async_poll()
    return new


async def stored_ledger(hass: HomeAssistant, entry_id: str) -> MessageLedger:
    """Return the ledger an entry's journal holds on disk (snapshot and logs)."""
    journal = Journal(hass, entry_id)
    ledger = await journal.async_load()
    await journal.async_close()
    return ledger


@pytest.fixture(name="real_snapshots")
def real_snapshots_fixture() -> Iterator[None]:
    """Write the journal's snapshots to files, as outside the tests.

    The test plugin keeps every ``Store`` in a dict: a snapshot would then have
    no file, whose size the journal compares its log with.
    """
    with (
        patch.object(_SnapshotStore, "_async_load", _REAL_STORE["_async_load"]),
        patch.object(
            _SnapshotStore, "_async_write_data", _REAL_STORE["_async_write_data"]
        ),
        patch.object(_SnapshotStore, "async_remove", _REAL_STORE["async_remove"]),
    ):
        yield


def store_ledger(
    hass_storage: dict[str, Any],
    entry: MockConfigEntry,
    emulator: RunningEmulator,
    *,
    next_id: int,
    next_tid: int = 1,
    seen: list[list[Any]] | None = None,
) -> None:
    """Put a ledger in storage as version 1 of the integration left it (no counts)."""
    hass_storage[f"ejoin.{entry.entry_id}"] = {
        "version": 1,
        "minor_version": 1,
        "key": f"ejoin.{entry.entry_id}",
        "data": {
            "initialized": True,
            "ssrc": emulator.gateway.ssrc,
            "next_id": next_id,
            "horizon": None,
            "next_tid": next_tid,
            "seen": seen or [],
            "loose": [],
        },
    }
