"""Tests of the config flow, the reauth and reconfigure steps and the options flow."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from homeassistant.config_entries import SOURCE_USER, ConfigEntryState
from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_PORT, CONF_USERNAME
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers.device_registry import format_mac
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ejoin.const import (
    CONF_API,
    CONF_CURRENCY,
    CONF_HISTORY_SIZE,
    CONF_INBOX_POLLING,
    CONF_PUSH,
    CONF_PUSH_SOURCE_CHECK,
    CONF_SECURE_SESSION,
    CONF_WEBHOOK_BASE_URL,
    CONF_WEBHOOK_LOCAL_ONLY,
    DOMAIN,
)
from emulator import running_emulator

from .conftest import on_api

if TYPE_CHECKING:
    from collections.abc import Callable

    from homeassistant.core import HomeAssistant

    from emulator import RunningEmulator


def _user_input(emulator: RunningEmulator, **changes: Any) -> dict[str, Any]:
    return {
        CONF_HOST: emulator.host,
        CONF_PORT: emulator.port,
        CONF_USERNAME: emulator.username,
        CONF_PASSWORD: emulator.password,
    } | changes


async def test_user_flow_creates_the_entry(
    hass: HomeAssistant, emulator: RunningEmulator
) -> None:
    """The gateway answers: the entry is named after its model and MAC."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == {}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        # The frontend's number selector sends floats; a pasted URL is accepted.
        _user_input(
            emulator, host=f"http://{emulator.host}/", port=float(emulator.port)
        ),
    )

    mac = format_mac(emulator.gateway.mac)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == f"Ejoin 8-port gateway ({mac})"
    # The entry keeps the API generation the gateway speaks (issue 13) and
    # whether it answered the secure-session handshake (v3 has none).
    api = on_api(emulator, ["v2.1"], ["v3"])
    secure = on_api(emulator, True, False)  # noqa: FBT003
    assert result["data"] == _user_input(emulator) | {
        CONF_API: api,
        CONF_SECURE_SESSION: secure,
    }
    assert result["result"].unique_id == mac
    await hass.async_block_till_done()
    assert result["result"].state is ConfigEntryState.LOADED


async def test_user_flow_defaults(hass: HomeAssistant) -> None:
    """Port 80 and user root are the defaults; nothing is asked of the gateway."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    schema = result["data_schema"]
    assert schema is not None
    defaults = {
        str(key): key.default()
        for key in schema.schema
        if callable(getattr(key, "default", None))
    }
    assert defaults == {CONF_PORT: 80, CONF_USERNAME: "root"}


@pytest.mark.parametrize(
    ("breakage", "changes", "errors"),
    [
        (lambda emulator: emulator.go_offline(), {}, {"base": "cannot_connect"}),
        (lambda _: None, {CONF_PASSWORD: "wrong"}, {"base": "invalid_auth"}),
        (
            lambda emulator: emulator.configure(auth_error="json"),
            {CONF_PASSWORD: "wrong"},
            {"base": "invalid_auth"},
        ),
        (lambda emulator: emulator.set_fault("garbage"), {}, {"base": "unknown"}),
        (lambda emulator: emulator.set_fault("http500"), {}, {"base": "unknown"}),
        (lambda _: None, {CONF_HOST: "not a host"}, {CONF_HOST: "invalid_host"}),
        (lambda _: None, {CONF_HOST: "http://[bad"}, {CONF_HOST: "invalid_host"}),
    ],
    ids=[
        "offline",
        "wrong_password",
        "wrong_password_json",
        "garbage",
        "http500",
        "invalid_host",
        "invalid_url",
    ],
)
async def test_user_flow_errors_and_recovery(
    hass: HomeAssistant,
    emulator: RunningEmulator,
    breakage: Callable[[RunningEmulator], object],
    changes: dict[str, Any],
    errors: dict[str, str],
) -> None:
    """Each failure shows its error; once fixed, the same flow creates the entry."""
    breakage(emulator)
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(emulator, **changes)
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == errors

    emulator.go_online()
    emulator.set_fault("none")
    emulator.configure(plain_text_status=False, auth_error="http")
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(emulator)
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()


@pytest.mark.parametrize("gateway_api", ["v2"])
async def test_user_flow_no_mac_on_plain_text_firmware(
    hass: HomeAssistant, emulator: RunningEmulator
) -> None:
    """Old firmware's plain-text status has no MAC: the flow says so.

    A v2.1 case only: every v3 status carries the MAC.
    """
    emulator.configure(plain_text_status=True)
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(emulator)
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "no_mac"}


async def test_user_flow_already_configured(
    hass: HomeAssistant,
    emulator: RunningEmulator,
    init_integration: MockConfigEntry,
) -> None:
    """The same gateway (same MAC) at a new address updates the existing entry."""
    async with running_emulator(
        ports=8,
        slots=4,
        seed=1,
        username=emulator.username,
        password=emulator.password,
        api=emulator.gateway.options.api,
    ) as twin:
        assert twin.gateway.mac == emulator.gateway.mac
        result = await hass.config_entries.flow.async_init(
            DOMAIN, context={"source": SOURCE_USER}
        )
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], _user_input(twin)
        )
        assert result["type"] is FlowResultType.ABORT
        assert result["reason"] == "already_configured"
        assert init_integration.data[CONF_PORT] == twin.port
        await hass.async_block_till_done()
        assert len(hass.config_entries.async_entries(DOMAIN)) == 1


async def test_reauth_flow(
    hass: HomeAssistant,
    emulator: RunningEmulator,
    init_integration: MockConfigEntry,
) -> None:
    """New credentials are checked against the gateway, then stored."""
    emulator.gateway.password = "n3w-pass"
    result = await init_integration.start_reauth_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reauth_confirm"
    assert result["description_placeholders"]["host"] == emulator.host

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: "root", CONF_PASSWORD: "still-wrong"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "invalid_auth"}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: "root", CONF_PASSWORD: "n3w-pass"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert init_integration.data[CONF_PASSWORD] == "n3w-pass"
    await hass.async_block_till_done()
    assert init_integration.state is ConfigEntryState.LOADED


async def test_reauth_flow_other_gateway(
    hass: HomeAssistant, emulator: RunningEmulator
) -> None:
    """Credentials that open another gateway (another MAC) are not taken."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Ejoin 8-port gateway (00:11:22:33:44:55)",
        unique_id="00:11:22:33:44:55",
        data=_user_input(emulator, password="old"),
    )
    entry.add_to_hass(hass)
    result = await entry.start_reauth_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_USERNAME: emulator.username, CONF_PASSWORD: emulator.password},
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_device"
    assert entry.data[CONF_PASSWORD] == "old"


async def test_reconfigure_flow(
    hass: HomeAssistant,
    emulator: RunningEmulator,
    init_integration: MockConfigEntry,
) -> None:
    """The gateway moved: the new address must answer as the same gateway."""
    result = await init_integration.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reconfigure"

    async with running_emulator(
        ports=8,
        slots=4,
        seed=1,
        username=emulator.username,
        password=emulator.password,
        api=emulator.gateway.options.api,
    ) as moved:
        emulator.go_offline()
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_HOST: emulator.host, CONF_PORT: emulator.port}
        )
        assert result["type"] is FlowResultType.FORM
        assert result["errors"] == {"base": "cannot_connect"}

        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_HOST: moved.host, CONF_PORT: moved.port}
        )
        assert result["type"] is FlowResultType.ABORT
        assert result["reason"] == "reconfigure_successful"
        assert init_integration.data[CONF_PORT] == moved.port
        assert init_integration.data[CONF_PASSWORD] == emulator.password
        await hass.async_block_till_done()
        assert init_integration.state is ConfigEntryState.LOADED
        await hass.config_entries.async_unload(init_integration.entry_id)


async def test_reconfigure_flow_other_gateway(
    hass: HomeAssistant,
    emulator: RunningEmulator,
    init_integration: MockConfigEntry,
) -> None:
    """Another gateway (another MAC) at the new address aborts the change."""
    result = await init_integration.start_reconfigure_flow(hass)
    async with running_emulator(
        ports=8,
        slots=4,
        seed=2,
        username=emulator.username,
        password=emulator.password,
        api=emulator.gateway.options.api,
    ) as other:
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_HOST: other.host, CONF_PORT: other.port}
        )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_device"
    assert init_integration.data[CONF_PORT] == emulator.port


async def test_options_flow(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """The options are validated and stored; the entry reloads with them."""
    hass.config.currency = "EUR"
    result = await hass.config_entries.options.async_init(init_integration.entry_id)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "init"

    options = {
        CONF_PUSH: False,
        CONF_WEBHOOK_BASE_URL: "not a url",
        CONF_WEBHOOK_LOCAL_ONLY: True,
        CONF_PUSH_SOURCE_CHECK: True,
        CONF_INBOX_POLLING: False,
        CONF_CURRENCY: "USD",
        CONF_HISTORY_SIZE: 50,
    }
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], options
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_WEBHOOK_BASE_URL: "invalid_url"}

    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        options | {CONF_WEBHOOK_BASE_URL: "https://ha.example.com:8123/"},
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert init_integration.options == options | {
        CONF_WEBHOOK_BASE_URL: "https://ha.example.com:8123"
    }
    await hass.async_block_till_done()
    assert init_integration.state is ConfigEntryState.LOADED


async def test_options_flow_defaults(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """Push, local-only webhook and inbox polling are on; the currency is HA's."""
    hass.config.currency = "EUR"
    mock_config_entry.add_to_hass(hass)
    result = await hass.config_entries.options.async_init(mock_config_entry.entry_id)
    result = await hass.config_entries.options.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert mock_config_entry.options == {
        CONF_PUSH: True,
        CONF_WEBHOOK_LOCAL_ONLY: True,
        CONF_PUSH_SOURCE_CHECK: True,
        CONF_INBOX_POLLING: True,
        CONF_CURRENCY: "EUR",
        CONF_HISTORY_SIZE: 500,
    }
