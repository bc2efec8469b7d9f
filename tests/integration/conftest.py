"""Fixtures of the integration tests: a config entry of the emulated gateway."""

from __future__ import annotations

from contextlib import asynccontextmanager, contextmanager
from datetime import timedelta
from typing import TYPE_CHECKING
from unittest.mock import PropertyMock, patch

from homeassistant.const import (
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_USERNAME,
    Platform,
)
from homeassistant.helpers.device_registry import format_mac
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.syrupy import HomeAssistantSnapshotExtension

from custom_components.ejoin.const import CONF_PUSH, DOMAIN
from emulator import running_emulator
from tests.conftest import standard_emulator

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Generator, Iterator
    from pathlib import Path

    from freezegun.api import FrozenDateTimeFactory
    from homeassistant.config_entries import ConfigEntry, ConfigEntryState
    from homeassistant.core import HomeAssistant, State
    from syrupy.assertion import SnapshotAssertion

    from emulator import RunningEmulator
    from tests.conftest import LogSecrets


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load the integration from custom_components."""


#: The API generations every integration test runs against: a gateway of v2.1
#: (``goip_*`` only) and one of firmware 8.0d and later that answers only API v3.
GATEWAY_APIS = ("v2", "v3")


@pytest.fixture(params=GATEWAY_APIS, ids=("api_v2.1", "api_v3"))
def gateway_api(request: pytest.FixtureRequest) -> str:
    """Return the API generation the test's emulated gateway serves."""
    api: str = request.param
    return api


@pytest.fixture
async def emulator(
    socket_enabled: None, log_secrets: LogSecrets, gateway_api: str
) -> AsyncIterator[RunningEmulator]:
    """Run the standard gateway, serving one API generation (``gateway_api``)."""
    async with standard_emulator(log_secrets, api=gateway_api) as running:
        yield running


@pytest.fixture(autouse=True)
def entry_secrets(
    request: pytest.FixtureRequest, hass: HomeAssistant, log_secrets: LogSecrets
) -> Iterator[None]:
    """Add the test's gateway and config entry passwords to ``log_secrets``.

    The gateway of a module's own ``emulator`` fixture (see :func:`mixed_gateway`)
    is registered before the test, the entries' passwords after it (a flow may
    have created or changed them).
    """
    if "emulator" in request.fixturenames:
        running: RunningEmulator = request.getfixturevalue("emulator")
        log_secrets.add(running.password, running.username)
    yield
    for entry in hass.config_entries.async_entries(DOMAIN):
        password = entry.data.get(CONF_PASSWORD)
        if isinstance(password, str):
            log_secrets.add(password, entry.data.get(CONF_USERNAME))


@pytest.fixture(autouse=True)
def config_dir(hass: HomeAssistant, tmp_path: Path) -> Path:
    """Give Home Assistant a configuration folder of the test's own.

    The message journal and the push spool are files in ``.storage`` (the Store is
    mocked, they are not): in the test plugin's shared folder they would outlive
    the test and meet those of other runs.
    """
    folder = tmp_path / "config"
    folder.mkdir()
    hass.config.config_dir = str(folder)
    return folder


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Serialize Home Assistant's states and registry entries in a stable way."""
    return snapshot.use_extension(HomeAssistantSnapshotExtension)


@pytest.fixture(autouse=True)
def loopback_internal_url(hass: HomeAssistant) -> None:
    """Give Home Assistant an internal URL on loopback where nothing listens.

    Entries with push on point the gateway at it; the emulator's pushes then fail
    quickly instead of going to the test network's made-up address.
    """
    hass.config.internal_url = "http://127.0.0.1:9"


@pytest.fixture
def options() -> dict[str, object]:
    """Return the options of the entry: push off, so only polls drive the state."""
    return {CONF_PUSH: False}


@pytest.fixture
def mock_config_entry(
    emulator: RunningEmulator, options: dict[str, object]
) -> MockConfigEntry:
    """Return a config entry of the emulated gateway."""
    mac = format_mac(emulator.gateway.mac)
    return MockConfigEntry(
        domain=DOMAIN,
        title=f"Ejoin {emulator.gateway.max_ports}-port gateway ({mac})",
        unique_id=mac,
        data={
            CONF_HOST: emulator.host,
            CONF_PORT: emulator.port,
            CONF_USERNAME: emulator.username,
            CONF_PASSWORD: emulator.password,
        },
        options=options,
    )


@pytest.fixture
async def init_integration(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> MockConfigEntry:
    """Set up the integration for the emulated gateway."""
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    return mock_config_entry


async def poll(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """Let the next status poll happen and finish."""
    freezer.tick(timedelta(seconds=91))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)


@pytest.fixture
def entity_registry_enabled_by_default() -> Generator[None]:
    """Create every entity enabled, also those disabled by default."""
    with patch(
        "homeassistant.helpers.entity.Entity.entity_registry_enabled_default",
        new_callable=PropertyMock,
        return_value=True,
    ):
        yield


@contextmanager
def only_platforms(*platforms: Platform) -> Iterator[None]:
    """Set up only these platforms of the integration (for platform snapshots)."""
    with patch("custom_components.ejoin.PLATFORMS", list(platforms)):
        yield


@asynccontextmanager
async def mixed_gateway(api: str = "v2") -> AsyncIterator[RunningEmulator]:
    """Run a 5-port, 2-slot gateway with one of every kind of slot.

    ======  ==========================================  ========================
    port    slot 1 (active)                             slot 2
    ======  ==========================================  ========================
    1       registered, full signal                     empty
    2       locked (the whole port is locked)           locked
    3       registration failed                         idle SIM, no balance left
    4       no balance, signal unknown (99)             locked on its own
    5       undefined state code 10                     empty
    ======  ==========================================  ========================
    """
    async with running_emulator(
        ports=5,
        slots=2,
        seed=1,
        profile="all_registered",
        username="root",
        password="s3cret-pass",
        api=api,
    ) as running:
        running.set_slot("1.01", sig=31, bal=12.34)
        running.set_slot("1.02", inserted=False)
        running.set_slot("2.01", locked=True)
        running.set_slot("2.02", locked=True)
        running.set_slot("3.01", st=6)
        running.set_slot("3.02", bal=0)
        running.set_slot("4.01", st=5, sig=99)
        running.set_slot("4.02", locked=True)
        running.set_slot("5.01", st=10)
        running.set_slot("5.02", inserted=False)
        yield running


def on_api[T](emulator: RunningEmulator, v2: T, v3: T) -> T:
    """Return what the test expects of the emulator's API generation."""
    return v3 if emulator.gateway.options.api == "v3" else v2


def state_of(hass: HomeAssistant, entity_id: str) -> State:
    """Return the state of an entity that must exist."""
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state


def entry_state(entry: ConfigEntry) -> ConfigEntryState:
    """Return the state of a config entry (a call, so checks do not narrow it)."""
    return entry.state


async def setup_platforms(
    hass: HomeAssistant, entry: MockConfigEntry, *platforms: Platform
) -> None:
    """Set up ``entry`` with only these platforms of the integration."""
    entry.add_to_hass(hass)
    with only_platforms(*platforms):
        await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
