"""The secure session: the password off the wire wherever the gateway offers it.

Every check reads the emulator's request log (each request as it arrived, with its
query pairs and body): after the handshake, no request may carry the password.
The session belongs to API v2.1 (v3 knows none): these tests run against v2.1
and against a gateway that answers both, the last test against a v3-only one.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from homeassistant.config_entries import (
    SOURCE_REAUTH,
    SOURCE_RECONFIGURE,
    SOURCE_USER,
    ConfigEntryState,
)
from homeassistant.const import CONF_PASSWORD, CONF_USERNAME
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.ejoin.const import (
    CONF_API,
    CONF_INBOX_POLLING,
    CONF_PUSH,
    CONF_SECURE_SESSION,
    CONF_WEBHOOK_BASE_URL,
    DOMAIN,
)
from custom_components.ejoin.diagnostics import async_get_config_entry_diagnostics
from custom_components.ejoin.secure_session import PLAIN_RECHECK

from .conftest import entry_state, poll, state_of

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from aiohttp.test_utils import TestClient
    from freezegun.api import FrozenDateTimeFactory
    from homeassistant.core import HomeAssistant
    from pytest_homeassistant_custom_component.common import MockConfigEntry
    from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

    from emulator import RunningEmulator
    from emulator.device.request_log import LoggedRequest

#: v2.1 alone, and v2.1 beside v3 (firmware 8.0d and later); see the last test
#: for a gateway of v3 alone.
pytestmark = pytest.mark.parametrize("gateway_api", ["v2", "both"])

HANDSHAKE = "/crypt_sess.json"
AUTH_SENSOR = "sensor.ejoin_b575_api_authentication"
STATUS = "sensor.ejoin_b575_port_1_slot_01_status"
#: A 15-digit IMEI with a valid check digit.
IMEI = "490154203237518"


def carrying_password(
    requests: list[LoggedRequest], password: str
) -> list[LoggedRequest]:
    """Return the requests whose query or body holds the password (or its name)."""
    forms = {password, quote(password, safe="")}
    return [
        request
        for request in requests
        if any(name.lower() == "password" for name, _ in request.query)
        or any(form in value for _, value in request.query for form in forms)
        or any(form in request.body for form in forms)
    ]


def since_first_handshake(emulator: RunningEmulator) -> list[LoggedRequest]:
    """Return the logged requests from the first handshake on (it included)."""
    log = emulator.requests()
    paths = [request.path for request in log]
    assert HANDSHAKE in paths, paths
    return log[paths.index(HANDSHAKE) :]


def status_push_registered(emulator: RunningEmulator) -> bool:
    """Return whether the gateway pushes its status somewhere."""
    return emulator.gateway.status_registration is not None


async def advance(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """Let every timer of the integration run once (status and inbox polls)."""
    freezer.tick(timedelta(minutes=6))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)


@pytest.fixture
async def push_base_url(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
    emulator: RunningEmulator,
) -> AsyncIterator[str]:
    """Serve Home Assistant's HTTP app on loopback; return where the gateway pushes.

    The emulator's pushes end before the server stops.
    """
    assert await async_setup_component(hass, "webhook", {})
    client: TestClient[Any, Any] = await hass_client_no_auth()
    yield str(client.make_url("/")).rstrip("/")
    await emulator.settle()


async def _call(
    hass: HomeAssistant, action: str, data: dict[str, Any], *, response: bool = False
) -> Any:
    return await hass.services.async_call(
        DOMAIN, action, data, blocking=True, return_response=response
    )


# ------------------------------------------------------ secure from the start


async def test_no_password_after_the_handshake(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    emulator: RunningEmulator,
    mock_config_entry: MockConfigEntry,
    push_base_url: str,
) -> None:
    """Set-up, polls, push registration, every action, a reload and the removal.

    The handshake is the first request, carries no password itself, and no
    request after it does.
    """
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_config_entry,
        options={CONF_PUSH: True, CONF_WEBHOOK_BASE_URL: push_base_url},
    )
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert entry_state(mock_config_entry) is ConfigEntryState.LOADED
    assert emulator.requests()[0].path == HANDSHAKE
    assert mock_config_entry.data[CONF_SECURE_SESSION] is True
    assert state_of(hass, AUTH_SENSOR).state == "secure_session"
    # Push registration went through the session.
    assert status_push_registered(emulator)
    assert str(emulator.gateway.param("sms_url")).startswith(push_base_url)

    # Pushes and inbox reads, then polls.
    emulator.inject_sms("1.01", "+4917000001", "through the session")
    await emulator.settle()
    for _ in range(3):
        await advance(hass, freezer)

    # Every action that talks to the gateway.
    await _call(hass, "send_sms", {"to": "+4917000002", "message": "hi"})
    await _call(hass, "send_mms", {"to": "+4917000002", "subject": "s", "message": "m"})
    for action in ("lock_ports", "unlock_ports", "reset_ports"):
        await _call(hass, action, {"ports": "3"})
    await _call(hass, "switch_sim", {"slot": "1.02"})
    await _call(hass, "save_config", {})
    for action in ("pause_sms_tasks", "resume_sms_tasks", "delete_sms_tasks"):
        await _call(hass, action, {}, response=True)
    await _call(hass, "get_sms_tasks", {"port": 1}, response=True)
    await _call(hass, "get_inbox", {"delete": True}, response=True)
    await _call(hass, "get_sms_statistics", {}, response=True)
    await _call(hass, "get_call_statistics", {}, response=True)
    await _call(hass, "set_sim_number", {"slot": "1.01", "number": "+15550101"})
    await _call(hass, "set_imei", {"slot": "1.01", "imei": IMEI})
    await _call(hass, "reboot", {})
    await hass.async_block_till_done(wait_background_tasks=True)
    await advance(hass, freezer)

    handshakes = emulator.gateway.request_counts["crypt_sess.json"]
    assert await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert emulator.gateway.request_counts["crypt_sess.json"] == handshakes + 1
    await advance(hass, freezer)
    await hass.config_entries.async_remove(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert not status_push_registered(emulator)

    requests = since_first_handshake(emulator)
    paths = {request.path for request in requests}
    assert {
        "/goip_get_status.html",
        "/goip_send_cmd.html",
        "/goip_post_sms.html",
        "/goip_pause_sms.html",
        "/goip_resume_sms.html",
        "/goip_remove_sms.html",
        "/goip_get_tasks.html",
        "/goip_get_sms.html",
        "/goip_get_sms_stat.html",
        "/goip_get_call_stat.html",
    } <= paths
    assert carrying_password(emulator.requests(), emulator.password) == []
    # The session's seq only grew: the gateway refused none of them.
    assert not hass.config_entries.flow.async_progress_by_handler(DOMAIN)


async def test_session_lost_in_a_reboot_is_established_again(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    emulator: RunningEmulator,
    init_integration: MockConfigEntry,
) -> None:
    """A rebooted gateway forgot the session: one new handshake, no reauth."""
    handshakes = emulator.gateway.request_counts["crypt_sess.json"]
    emulator.reboot()
    await poll(hass, freezer)
    assert emulator.gateway.request_counts["crypt_sess.json"] == handshakes + 1
    assert state_of(hass, STATUS).state != "unavailable"
    assert not hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert carrying_password(emulator.requests(), emulator.password) == []


async def test_rejected_again_is_reported(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    emulator: RunningEmulator,
    init_integration: MockConfigEntry,
) -> None:
    """A new password on the gateway: the session is rejected, re-established once
    (refused too), then reported: reauthentication, still without the password.
    """
    old_password = emulator.password
    emulator.gateway.password = "changed-pass"
    before = len(emulator.requests())
    await poll(hass, freezer)
    # Each rejected request (the poll's, the inbox read's) is followed by one
    # handshake, refused as well, and no further try.
    paths = [request.path for request in emulator.requests()[before:]]
    assert paths[1::2] == [HANDSHAKE] * (len(paths) // 2)
    assert HANDSHAKE not in paths[::2]
    assert len(paths) % 2 == 0
    assert state_of(hass, STATUS).state == "unavailable"
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    assert carrying_password(emulator.requests(), old_password) == []

    result = await hass.config_entries.flow.async_configure(
        flows[0]["flow_id"], {CONF_USERNAME: "root", CONF_PASSWORD: "changed-pass"}
    )
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()
    assert entry_state(init_integration) is ConfigEntryState.LOADED
    assert init_integration.data[CONF_SECURE_SESSION] is True
    assert carrying_password(emulator.requests(), "changed-pass") == []


async def test_diagnostics_say_which_mode(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    diagnostics = await async_get_config_entry_diagnostics(hass, init_integration)
    assert diagnostics["authentication"] == "secure_session"
    assert diagnostics["entry"]["data"][CONF_SECURE_SESSION] is True


# ------------------------------------------------------- gateways without one


@pytest.mark.parametrize("refusal", ["not_found", "auth_error"])
async def test_gateway_without_secure_session_works_as_before(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    emulator: RunningEmulator,
    mock_config_entry: MockConfigEntry,
    refusal: str,
) -> None:
    """A refused handshake: the password, as before; the device and diagnostics
    say so.
    """
    emulator.configure(session_handshake=refusal)
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert entry_state(mock_config_entry) is ConfigEntryState.LOADED
    assert state_of(hass, STATUS).state == "registered"
    assert state_of(hass, AUTH_SENSOR).state == "plain"
    assert mock_config_entry.data.get(CONF_SECURE_SESSION, False) is False
    diagnostics = await async_get_config_entry_diagnostics(hass, mock_config_entry)
    assert diagnostics["authentication"] == "plain"
    # One handshake at set-up, none while polls succeed.
    await poll(hass, freezer)
    await poll(hass, freezer)
    assert emulator.gateway.request_counts["crypt_sess.json"] == 1
    assert carrying_password(emulator.requests(), emulator.password)


async def test_reconnection_tries_the_handshake_again(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    emulator: RunningEmulator,
    mock_config_entry: MockConfigEntry,
) -> None:
    """A gateway that comes back from an outage with sessions gets one.

    (Inbox reads off, as in the next test.)
    """
    emulator.configure(session_handshake="not_found")
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_config_entry, options={CONF_PUSH: False, CONF_INBOX_POLLING: False}
    )
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert state_of(hass, AUTH_SENSOR).state == "plain"

    emulator.go_offline()
    await poll(hass, freezer)
    assert state_of(hass, STATUS).state == "unavailable"
    emulator.configure(session_handshake="answer")
    emulator.go_online()
    before = len(emulator.requests())
    await poll(hass, freezer)
    assert state_of(hass, STATUS).state == "registered"
    assert state_of(hass, AUTH_SENSOR).state == "secure_session"
    assert mock_config_entry.data[CONF_SECURE_SESSION] is True
    after = emulator.requests()[before:]
    assert after[0].path == HANDSHAKE
    assert carrying_password(after, emulator.password) == []


async def test_new_firmware_tries_the_handshake_again(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    emulator: RunningEmulator,
    mock_config_entry: MockConfigEntry,
    gateway_api: str,
) -> None:
    """New firmware may bring the session: the poll after it tries the handshake.

    (Inbox reads off: one started before the handshake may still carry the
    password, this test looks at the order of the poll's own requests.)
    """
    emulator.configure(session_handshake="not_found")
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_config_entry, options={CONF_PUSH: False, CONF_INBOX_POLLING: False}
    )
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    emulator.configure(session_handshake="answer", ver="532-604-924-041-200-000")
    await poll(hass, freezer)  # sees the new firmware
    if gateway_api == "both":
        # The API check after the new firmware finds the session: v3 would carry
        # the password, so the entry goes back to v2.1 alone and reloads.
        await hass.async_block_till_done(wait_background_tasks=True)
        assert mock_config_entry.data[CONF_API] == ["v2.1"]
        assert state_of(hass, AUTH_SENSOR).state == "secure_session"
        return
    assert state_of(hass, AUTH_SENSOR).state == "plain"
    before = len(emulator.requests())
    await poll(hass, freezer)
    assert state_of(hass, AUTH_SENSOR).state == "secure_session"
    after = emulator.requests()[before:]
    assert after[0].path == HANDSHAKE
    assert carrying_password(after, emulator.password) == []


async def test_password_mode_offers_the_handshake_hourly(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    emulator: RunningEmulator,
    mock_config_entry: MockConfigEntry,
) -> None:
    """A refusal may have been a passing fault: the handshake is tried again."""
    emulator.configure(session_handshake="not_found")
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    emulator.configure(session_handshake="answer")
    await poll(hass, freezer)
    assert state_of(hass, AUTH_SENSOR).state == "plain"
    freezer.tick(PLAIN_RECHECK)
    await poll(hass, freezer)
    assert state_of(hass, AUTH_SENSOR).state == "secure_session"


# ------------------------------------------------ no silent fall back to plain


async def test_refused_after_answering_gets_no_password(
    hass: HomeAssistant,
    emulator: RunningEmulator,
    init_integration: MockConfigEntry,
) -> None:
    """Whatever answers at the address of a gateway that offered sessions and now
    refuses them gets no password: set-up waits, and says why.
    """
    emulator.configure(session_handshake="not_found")
    assert await hass.config_entries.async_reload(init_integration.entry_id) is False
    await hass.async_block_till_done()
    assert entry_state(init_integration) is ConfigEntryState.SETUP_RETRY
    assert init_integration.reason is not None
    assert "secure-session handshake" in init_integration.reason
    assert carrying_password(emulator.requests(), emulator.password) == []

    # Removing the entry asks nothing of it either: only a handshake is tried.
    before = len(emulator.requests())
    await hass.config_entries.async_remove(init_integration.entry_id)
    await hass.async_block_till_done()
    assert [request.path for request in emulator.requests()[before:]] == [HANDSHAKE]
    assert carrying_password(emulator.requests(), emulator.password) == []


async def test_refused_while_loaded_keeps_the_password_back(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    emulator: RunningEmulator,
    init_integration: MockConfigEntry,
) -> None:
    """Refused at the handshake after an outage: unavailable, no password."""
    emulator.go_offline()
    await poll(hass, freezer)
    emulator.configure(session_handshake="auth_error", auth_error="json")
    emulator.go_online()
    await poll(hass, freezer)
    assert state_of(hass, STATUS).state == "unavailable"
    # An authentication error from a gateway that offered sessions: reauth.
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    emulator.configure(session_handshake="not_found")
    await poll(hass, freezer)
    assert state_of(hass, STATUS).state == "unavailable"
    assert carrying_password(emulator.requests(), emulator.password) == []


async def test_reconfigure_accepts_a_gateway_without_sessions(
    hass: HomeAssistant,
    emulator: RunningEmulator,
    init_integration: MockConfigEntry,
) -> None:
    """Reauth keeps the password back; reconfiguring is how a user accepts it."""
    emulator.configure(session_handshake="not_found")
    result = await init_integration.start_reauth_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_USERNAME: emulator.username, CONF_PASSWORD: emulator.password},
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "secure_session_refused"}
    assert carrying_password(emulator.requests(), emulator.password) == []

    result = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_RECONFIGURE, "entry_id": init_integration.entry_id},
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"host": emulator.host, "port": emulator.port}
    )
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    assert init_integration.data[CONF_SECURE_SESSION] is False
    assert entry_state(init_integration) is ConfigEntryState.LOADED
    assert state_of(hass, AUTH_SENSOR).state == "plain"


# ----------------------------------------------------------------- the flow


async def test_user_step_on_a_gateway_without_sessions(
    hass: HomeAssistant, emulator: RunningEmulator
) -> None:
    emulator.configure(session_handshake="not_found")
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            "host": emulator.host,
            "port": emulator.port,
            CONF_USERNAME: emulator.username,
            CONF_PASSWORD: emulator.password,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_SECURE_SESSION] is False
    await hass.async_block_till_done()


async def test_user_step_proves_the_credentials_with_the_handshake(
    hass: HomeAssistant, emulator: RunningEmulator
) -> None:
    """Right credentials: no request with the password at all. Wrong ones: the
    handshake is refused, and the password request decides.
    """
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    user_input = {
        "host": emulator.host,
        "port": emulator.port,
        CONF_USERNAME: emulator.username,
        CONF_PASSWORD: "wrong-pass",
    }
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input
    )
    assert result["errors"] == {"base": "invalid_auth"}
    assert emulator.gateway.auth.session_count == 0
    emulator.gateway.requests.clear()
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**user_input, CONF_PASSWORD: emulator.password}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert emulator.requests()[0].path == HANDSHAKE
    assert carrying_password(emulator.requests(), emulator.password) == []
    assert er.async_get(hass).async_get(AUTH_SENSOR) is not None
