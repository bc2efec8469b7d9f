"""Fixtures of the end-to-end tests: the emulator, a real Home Assistant, clients.

The processes live for the whole session (one Home Assistant for all API tests; the
browser test has its own, not yet onboarded). They are plain pytest fixtures, not
the Home Assistant test plugin's: the tests talk to the processes over loopback HTTP
only. Every process is stopped by its fixture's finalizer, by ``pytest_sessionfinish``
if a finalizer did not run, and by the kernel if the test process dies.
"""

from __future__ import annotations

from dataclasses import dataclass
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiohttp
import pytest
import pytest_socket

from .emulator_client import EmulatorControl
from .ha_client import JSON, HassClient, confirm_http_settings, onboard, poll
from .harness import EmulatorInstance, HassInstance
from .processes import STARTED, stop_all

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Generator, Iterator

HASS_USERNAME = "e2e"
HASS_PASSWORD = "e2e-password-for-tests"
DOMAIN = "ejoin"


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``e2e`` marker."""
    config.addinivalue_line(
        "markers",
        "e2e: end-to-end test against the emulator and a real Home Assistant process",
    )


#: The modules of the core flows (config flow, push events, actions): they run
#: against a v3-only gateway too, with a Home Assistant of its own.
V3_MODULES = frozenset({"test_config_flow", "test_push_events", "test_actions"})
#: What only API v3 offers: against the v3-only gateway alone.
V3_ONLY_MODULES = frozenset({"test_v3_features"})


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Give the session's gateway an API generation: v2.1, and v3 for the core."""
    if "gateway_emulator" not in metafunc.fixturenames:
        return
    module = metafunc.module.__name__.rsplit(".", 1)[-1]
    apis = ["v2", "v3"] if module in V3_MODULES else ["v2"]
    if module in V3_ONLY_MODULES:
        apis = ["v3"]
    metafunc.parametrize(
        "gateway_emulator",
        apis,
        indirect=True,
        scope="session",
        ids=[f"api_{api}" for api in apis],
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test of this folder ``e2e`` (select them with ``-m e2e``)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Attach the tail of every process log to a failing e2e test's report."""
    report = yield
    if report.failed and item.get_closest_marker("e2e"):
        for process in STARTED:
            report.sections.append(
                (
                    f"{process.name} log ({process.log_path}), last lines",
                    process.log_tail(150),
                )
            )
    return report


def pytest_sessionfinish() -> None:
    """Stop whatever a fixture finalizer did not (interrupted runs)."""
    stop_all()


# ------------------------------------------------------------------ processes


@pytest.fixture(scope="session")
def e2e_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh folder for the configurations and logs of this session."""
    return tmp_path_factory.mktemp("e2e")


def allow_loopback() -> None:
    """Let a process fixture open sockets (it only ever talks to 127.0.0.1).

    The Home Assistant test plugin blocks sockets before each test's fixtures run;
    the tests themselves get ``socket_enabled``.
    """
    pytest_socket.enable_socket()


@pytest.fixture(scope="session")
def gateway_emulator(
    request: pytest.FixtureRequest, e2e_dir: Path
) -> Iterator[EmulatorInstance]:
    """The gateway emulator (8 ports x 4 slots) for the API tests.

    It serves the API generation of the parameter (``v2``, or ``v3`` alone); each
    has its own Home Assistant. ``EJOIN_E2E_SEED`` picks another seeded gateway
    (which SIMs are where).
    """
    allow_loopback()
    instance = EmulatorInstance.create(
        e2e_dir,
        seed=int(os.environ.get("EJOIN_E2E_SEED", "0")),
        api=getattr(request, "param", "v2"),
    )
    try:
        instance.start()
        yield instance
    finally:
        instance.process.stop()


@pytest.fixture(scope="session")
def ha_process(
    e2e_dir: Path, gateway_emulator: EmulatorInstance
) -> Iterator[HassInstance]:
    """A running Home Assistant (not onboarded until ``hass_token`` is used).

    Its log is checked after each start and once more when it has stopped: an
    integration that could not be set up fails the run, by name.
    """
    allow_loopback()
    instance = HassInstance.create(e2e_dir / f"hass-{gateway_emulator.api}")
    try:
        instance.start()
        yield instance
    finally:
        instance.stop()
    instance.check_setup()


@pytest.fixture(scope="session")
def hass_token(ha_process: HassInstance) -> str:
    """Onboard through the API (user, core config, analytics, integrations)."""
    allow_loopback()
    token = onboard(ha_process.base_url, username=HASS_USERNAME, password=HASS_PASSWORD)
    ha_process.wait_running(token)
    confirm_http_settings(ha_process.base_url, token)
    return token


# -------------------------------------------------------------------- clients


@pytest.fixture(autouse=True)
def _e2e_sockets(socket_enabled: None) -> None:
    """Let the tests of this folder open loopback connections."""


@pytest.fixture
async def ha(ha_process: HassInstance, hass_token: str) -> AsyncIterator[HassClient]:
    """An authenticated REST and websocket client of the session's Home Assistant."""
    async with HassClient(ha_process.base_url, hass_token) as client:
        yield client


@pytest.fixture
async def emulator_ctl(
    gateway_emulator: EmulatorInstance,
) -> AsyncIterator[EmulatorControl]:
    """The control API of the session's emulator."""
    async with aiohttp.ClientSession(
        timeout=aiohttp.ClientTimeout(total=30)
    ) as session:
        yield EmulatorControl(gateway_emulator.base_url, session)


@dataclass(slots=True, frozen=True)
class Gateway:
    """The configured gateway as Home Assistant knows it."""

    entry_id: str
    title: str
    mac: str
    device_id: str
    webhook_url: str


async def ensure_gateway(
    ha: HassClient, gateway_emulator: EmulatorInstance, ctl: EmulatorControl
) -> Gateway:
    """Return the emulator's config entry, creating it through the flow if needed.

    Waits until the entry is loaded, its gateway device exists and the gateway's
    status push points at the entry's webhook.
    """
    entries = await ha.config_entries(DOMAIN)
    entry: JSON | None = next((e for e in entries if e["state"] == "loaded"), None)
    if entry is None:
        for stale in entries:
            await ha.remove_entry(stale["entry_id"])
        flow = await ha.start_flow(DOMAIN)
        result = await ha.flow_step(flow["flow_id"], gateway_emulator.user_input())
        assert result["type"] == "create_entry", result
        entry = result["result"]
    entry_id = str(entry["entry_id"])

    async def loaded() -> JSON | None:
        for item in await ha.config_entries(DOMAIN):
            if item["entry_id"] == entry_id and item["state"] == "loaded":
                return item
        return None

    entry = await poll(loaded, within=30, what="the ejoin entry to load")

    async def gateway_device() -> JSON | None:
        for device in await ha.devices():
            if ["mac", gateway_emulator.mac] in device["connections"] and (
                device["config_entry_id"] == entry_id
                or entry_id in device["config_entries"]
            ):
                return device
        return None

    device = await poll(gateway_device, within=30, what="the gateway device")

    async def webhook_url() -> str | None:
        state: dict[str, Any] = await ctl.state()
        push = state.get("status_push") or {}
        url = str(push.get("url") or "")
        return url if "/api/webhook/" in url else None

    url = await poll(webhook_url, within=30, what="the gateway's status push URL")
    return Gateway(
        entry_id=entry_id,
        title=str(entry["title"]),
        mac=gateway_emulator.mac,
        device_id=str(device["id"]),
        webhook_url=url,
    )


@dataclass(slots=True, frozen=True)
class Sims:
    """Registered SIMs of the emulator, chosen when a test starts.

    Which slots hold a registered SIM depends on the emulator's seed; the tests ask
    the gateway instead of naming slots. Every usable port contributes its active
    slot, in port order; the emulator guarantees ports 1 and 2.
    """

    usable: tuple[str, ...]
    numbers: dict[str, str]

    @property
    def sender(self) -> str:
        """The SIM the tests send from (port 1's)."""
        return self.usable[0]

    @property
    def receiver(self) -> str:
        """A SIM on another port: messages to its number come back."""
        return self.usable[1]

    @property
    def spare(self) -> str:
        """The SIM of the last usable port: locked, renumbered, given slow tasks."""
        return self.usable[-1]

    @staticmethod
    def port(slot: str) -> int:
        """The port of a slot address (``"3.02"`` -> 3)."""
        return int(slot.split(".", 1)[0])


@pytest.fixture
async def sims(
    gateway_emulator: EmulatorInstance, emulator_ctl: EmulatorControl
) -> Sims:
    """The emulator's registered SIMs (active slot, ``st`` 3), as it reports them.

    Waits while modules register (after a reset or a reboot).
    """
    rows: list[JSON] = []

    async def registered() -> Sims | None:
        status = await emulator_ctl.device_status(
            gateway_emulator.username, gateway_emulator.password
        )
        rows[:] = status["status"]
        usable = tuple(
            row["port"] for row in rows if row.get("active") and int(row["st"]) == 3
        )
        if len(usable) < 2:
            return None
        numbers = {row["port"]: str(row.get("sn") or "") for row in rows}
        return Sims(usable=usable, numbers=numbers)

    try:
        return await poll(registered, within=15, what="two registered SIMs")
    except AssertionError as err:
        raise AssertionError(f"{err}; the gateway reports {rows}") from None


@pytest.fixture
async def gateway(
    ha: HassClient, gateway_emulator: EmulatorInstance, emulator_ctl: EmulatorControl
) -> Gateway:
    """The emulator, configured in Home Assistant (through the config flow)."""
    return await ensure_gateway(ha, gateway_emulator, emulator_ctl)
