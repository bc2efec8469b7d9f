"""Tests of the push target: pointing the gateway at the webhook, and keeping it there."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any
from unittest.mock import patch

from homeassistant.helpers.network import NoURLAvailableError
from homeassistant.util import dt as dt_util
import pytest

from custom_components.ejoin import webhook as webhook_module
from custom_components.ejoin.const import (
    CONF_PUSH,
    CONF_WEBHOOK_ID,
    DOMAIN,
    STATUS_INTERVAL_POLL,
    STATUS_INTERVAL_PUSH,
)

from .conftest import on_api
from .messaging_helpers import (  # noqa: F401 - fixtures
    poll_inbox,
    push_options_fixture,
    settle_pushes_fixture,
    stored_ledger,
    webhook_client_fixture,
    webhook_url,
)

if TYPE_CHECKING:
    from aiohttp.test_utils import TestClient
    from homeassistant.core import HomeAssistant
    from homeassistant.helpers import issue_registry as ir
    from pytest_homeassistant_custom_component.common import MockConfigEntry

    from emulator import RunningEmulator


def _registration(emulator: RunningEmulator) -> object:
    """Return the gateway's status push registration (None: it pushes nowhere)."""
    registration: object = emulator.gateway.status_registration
    return registration


async def test_setup_points_the_gateway_at_the_webhook(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: RunningEmulator,
    webhook_client: TestClient[Any, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Status push and SMS push go to the webhook; the SMS URL is saved."""
    url = webhook_url(webhook_client, init_integration)
    registration = emulator.gateway.status_registration
    assert registration is not None
    assert registration.url == url
    assert registration.period == 60
    # Each port's current SIM: a 512 x 32 gateway's full status is a 5 MB push.
    # (v3's status report server has no such choice: it reports every slot.)
    assert registration.all_slots is on_api(emulator, False, True)  # noqa: FBT003
    assert emulator.gateway.param("sms_url") == url
    assert emulator.gateway.saved_param("sms_url") == url
    push_target = init_integration.runtime_data.push_target
    assert push_target.active
    assert push_target.url == url
    coordinator = init_integration.runtime_data.coordinator
    assert coordinator.update_interval == STATUS_INTERVAL_PUSH
    # The URL is kept to take it back when push is turned off.
    assert init_integration.runtime_data.receiver.ledger.push_url == url
    # Just registered: the watchdog is content.
    await emulator.settle()
    calls = emulator.gateway.request_counts["goip_get_status.html"]
    await push_target._async_watchdog(dt_util.utcnow())
    assert emulator.gateway.request_counts["goip_get_status.html"] == calls
    # The log names the URL without the webhook id, a secret.
    setup_log = "\n".join(
        record.getMessage()
        for record in caplog.get_records("setup")
        if record.name.startswith("custom_components.ejoin")
    )
    assert "pushes to http://127.0.0.1" in setup_log
    assert "/api/webhook/********" in setup_log
    assert init_integration.data[CONF_WEBHOOK_ID] not in setup_log


async def test_setup_again_does_not_rewrite_the_sms_url(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """The gateway's configuration is saved only when the URL changes."""
    counts = emulator.gateway.request_counts
    config = on_api(emulator, "goip_send_cmd.html", "get_sms_config")
    before = counts.copy()
    await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done()
    # Only the op=get of sms_url (v3: get_sms_config); no op=set, no op=save.
    assert counts[config] == before[config] + 1
    for path in ("set_sms_config", "save_config"):
        assert counts[path] == before[path]


async def test_turning_push_off_stops_the_pushes(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """The status push is cancelled and our SMS URL cleared; polling takes over."""
    hass.config_entries.async_update_entry(
        init_integration,
        options={**init_integration.options, CONF_PUSH: False},
    )
    await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done()
    assert _registration(emulator) is None
    assert emulator.gateway.param("sms_url") == ""
    assert init_integration.runtime_data.receiver.ledger.push_url is None
    assert (await stored_ledger(hass, init_integration.entry_id)).push_url is None
    coordinator = init_integration.runtime_data.coordinator
    assert coordinator.update_interval == STATUS_INTERVAL_POLL
    # Reloaded again with push off: nothing left to take back.
    commands = emulator.gateway.request_counts["goip_send_cmd.html"]
    await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done()
    assert emulator.gateway.request_counts["goip_send_cmd.html"] == commands


async def test_removing_the_entry_stops_the_pushes(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """Removing the entry cancels the status push and forgets the ledger."""
    assert await hass.config_entries.async_remove(init_integration.entry_id)
    await hass.async_block_till_done()
    assert _registration(emulator) is None
    assert emulator.gateway.param("sms_url") == ""
    assert not (await stored_ledger(hass, init_integration.entry_id)).initialized


async def test_removing_an_unreachable_gateway(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """A gateway that is gone does not block the removal."""
    emulator.go_offline()
    assert await hass.config_entries.async_remove(init_integration.entry_id)
    await hass.async_block_till_done()
    emulator.go_online()
    assert _registration(emulator) is not None


async def test_removal_leaves_a_foreign_sms_url(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """An SMS URL the user changed on the gateway is not ours to clear."""
    emulator.gateway.set_params([("sms_url", "http://elsewhere/sms")])
    assert await hass.config_entries.async_remove(init_integration.entry_id)
    await hass.async_block_till_done()
    assert _registration(emulator) is None
    assert emulator.gateway.param("sms_url") == "http://elsewhere/sms"


@pytest.mark.parametrize("options", [{CONF_PUSH: False}])
async def test_removal_of_an_entry_that_never_pushed(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """Only the status push is cancelled; the SMS URL is left alone."""
    emulator.gateway.set_params([("sms_url", "http://elsewhere/sms")])
    assert await hass.config_entries.async_remove(init_integration.entry_id)
    await hass.async_block_till_done()
    assert emulator.gateway.param("sms_url") == "http://elsewhere/sms"


async def test_no_url_raises_a_repair_issue(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    emulator: RunningEmulator,
    issue_registry: ir.IssueRegistry,
) -> None:
    """Without a URL for the gateway, a repair issue says what to set."""
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(mock_config_entry, options={CONF_PUSH: True})
    with patch.object(webhook_module, "get_url", side_effect=NoURLAvailableError):
        await hass.config_entries.async_setup(mock_config_entry.entry_id)
        await hass.async_block_till_done()
    issue_id = f"no_webhook_url_{mock_config_entry.entry_id}"
    issue = issue_registry.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_key == "no_webhook_url"
    assert issue.translation_placeholders == {"title": mock_config_entry.title}
    assert _registration(emulator) is None
    assert mock_config_entry.runtime_data.coordinator.update_interval == (
        STATUS_INTERVAL_POLL
    )
    # The watchdog has no URL to register either.
    push_target = mock_config_entry.runtime_data.push_target
    await push_target.async_register()
    assert _registration(emulator) is None
    # With Home Assistant's own URL known, the issue goes away.
    await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None
    assert _registration(emulator) is not None
    # Removing the entry removes its issue too.
    with patch.object(webhook_module, "get_url", side_effect=NoURLAvailableError):
        await hass.config_entries.async_reload(mock_config_entry.entry_id)
        await hass.async_block_till_done()
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is not None
    assert await hass.config_entries.async_remove(mock_config_entry.entry_id)
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None


async def test_failed_registration_polls_and_retries(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """The watchdog registers again; until then the gateway is polled often."""
    push_target = init_integration.runtime_data.push_target
    coordinator = init_integration.runtime_data.coordinator
    push_target._last_status_push = time.monotonic() - 1000
    emulator.go_offline()
    await push_target._async_watchdog(dt_util.utcnow())
    assert not push_target.active
    assert coordinator.update_interval == STATUS_INTERVAL_POLL
    emulator.go_online()
    emulator.gateway.get_status(period=0)  # the gateway forgot us
    await push_target._async_watchdog(dt_util.utcnow())
    assert push_target.active
    assert coordinator.update_interval == STATUS_INTERVAL_PUSH
    assert _registration(emulator) is not None
    # Pushes arriving in time: nothing to do.
    calls = emulator.gateway.request_counts["goip_get_status.html"]
    push_target.note_status_push()
    await push_target._async_watchdog(dt_util.utcnow())
    assert emulator.gateway.request_counts["goip_get_status.html"] == calls


async def test_watchdog_registers_again_after_silence(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """No status push for three periods: the same URL is registered again."""
    push_target = init_integration.runtime_data.push_target
    register = on_api(emulator, "goip_get_status.html", "set_status_report_server")
    calls = emulator.gateway.request_counts[register]
    push_target._last_status_push = time.monotonic() - 1000
    await push_target._async_watchdog(dt_util.utcnow())
    assert emulator.gateway.request_counts[register] == calls + 1
    assert push_target.active


async def test_unreadable_sms_url_is_set_anyway(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """A gateway that cannot tell its SMS URL gets ours."""
    push_target = init_integration.runtime_data.push_target
    emulator.set_fault("garbage", count=1)
    assert await push_target._current_sms_url() is None
    emulator.set_fault("http500", count=1)
    assert await push_target._current_sms_url() is None


async def test_reboot_registers_the_pushes_again(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """A new inbox session (gateway reboot) makes set-up point the gateway again."""
    await emulator.settle()
    emulator.gateway.get_status(period=0)
    emulator.reboot()
    await poll_inbox(init_integration)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert _registration(emulator) is not None


@pytest.mark.parametrize("options", [{CONF_PUSH: False}])
async def test_reboot_with_push_off_registers_nothing(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: RunningEmulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Push off: a rebooted gateway is not pointed at Home Assistant."""
    emulator.inject_sms("1.01", "+15550009999", "before")
    await poll_inbox(init_integration)
    emulator.reboot()
    await poll_inbox(init_integration)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert _registration(emulator) is None
    assert not init_integration.runtime_data.push_target.active
    assert "pushes to" not in caplog.text


async def test_refused_registration_is_logged_once(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: RunningEmulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A gateway that refuses the push target: one warning, with the id masked."""
    push_target = init_integration.runtime_data.push_target
    for _ in range(2):
        emulator.set_fault("http500", count=1)
        await push_target.async_register()
    warnings = [
        record.getMessage()
        for record in caplog.records
        if record.levelno == logging.WARNING and "push target" in record.getMessage()
    ]
    assert len(warnings) == 1
    assert "/api/webhook/********" in warnings[0]
    assert init_integration.data[CONF_WEBHOOK_ID] not in warnings[0]
