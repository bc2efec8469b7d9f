"""Security: secrets stay out of the logs, untrusted input stays contained.

* the log check of ``tests/conftest.py`` sees debug records and catches a leak;
  a password that needs URL encoding survives every failure path unlogged;
* pushes are unauthenticated: they cannot add ports, and an MMS of thousands of
  parts is refused before it is parsed or saved;
* the webhook ignores callers outside the local network unless allowed;
* MMS attachment names of any shape are written inside ``<media>/ejoin/<mac>``;
* ``send_mms`` reads no file outside ``allowlist_external_dirs``.
"""

from __future__ import annotations

from datetime import UTC, datetime
import json
import logging
import os
from pathlib import Path
import tempfile
from typing import TYPE_CHECKING, Any

from homeassistant.components import webhook
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_PORT, CONF_USERNAME
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.helpers.device_registry import format_mac
from homeassistant.util.aiohttp import MockRequest
from hypothesis import given, settings, strategies as st
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ejoin.api import MmsPart
from custom_components.ejoin.api.push import MAX_MMS_PARTS
from custom_components.ejoin.const import (
    CONF_PUSH,
    CONF_PUSH_SOURCE_CHECK,
    CONF_WEBHOOK_ID,
    CONF_WEBHOOK_LOCAL_ONLY,
    DOMAIN,
    EVENT_MMS_RECEIVED,
    EVENT_SMS_RECEIVED,
)
from custom_components.ejoin.mms import media_folder, save_attachments
from emulator import running_emulator

from .conftest import state_of
from .messaging_helpers import (  # noqa: F401 - fixtures
    capture,
    settle_pushes_fixture,
    webhook_client_fixture,
    webhook_path,
)

if TYPE_CHECKING:
    from aiohttp.test_utils import TestClient
    from homeassistant.core import HomeAssistant

    from emulator import RunningEmulator
    from tests.conftest import LogSecrets

#: A password with every character that needs URL encoding, and more.
HOSTILE_PASSWORD = "p@ss w0rd&=%/?#+;ü"
SMS_PUSH = {"type": "recv-sms", "sms": [[0, "1.01", 1790000000, "+1", "+2", "eA=="]]}


# ------------------------------------------------------------------ the logs


async def test_leak_check_sees_debug_records(
    caplog: pytest.LogCaptureFixture,
    log_secrets: LogSecrets,
    emulator: RunningEmulator,
) -> None:
    """Debug records of the integration and the emulator are captured and checked."""
    logging.getLogger("custom_components.ejoin.api.client").debug(
        "GET /x?password=%s", emulator.password
    )
    logging.getLogger("emulator.core").debug(
        "login %s:%s", emulator.username, emulator.password
    )
    logging.getLogger("custom_components.ejoin").debug("nothing secret")
    leaks = log_secrets.leaks(caplog.get_records("call"))
    assert {leak.split(" ", 1)[0] for leak in leaks} == {
        "custom_components.ejoin.api.client",
        "emulator.core",
    }
    # Forget the planted records, or the check after the test would fail it.
    caplog.clear()
    assert log_secrets.leaks(caplog.get_records("call")) == []


def test_short_passwords_only_in_pairs(log_secrets: LogSecrets) -> None:
    """A password that is a plain word is looked for next to its user name only."""
    log_secrets.add("root", "root")
    assert log_secrets.found_in("logged in as root") == []
    assert log_secrets.found_in("auth root:root") == ["root:root"]
    assert log_secrets.found_in("?username=root&password=root") == ["password=root"]
    log_secrets.add(HOSTILE_PASSWORD)
    assert log_secrets.found_in("p%40ss%20w0rd%26%3D%25%2F%3F%23%2B%3B%C3%BC")


async def test_hostile_password_never_logged(
    hass: HomeAssistant,
    caplog: pytest.LogCaptureFixture,
    log_secrets: LogSecrets,
    socket_enabled: None,
) -> None:
    """Every failure path, with debug logs on: the password shows nowhere."""
    async with running_emulator(
        ports=2,
        slots=1,
        profile="all_registered",
        password=HOSTILE_PASSWORD,
        register_delay=0.0,
        send_time=0.0,
    ) as emu:
        log_secrets.add(HOSTILE_PASSWORD, emu.username)
        entry = MockConfigEntry(
            domain=DOMAIN,
            unique_id=format_mac(emu.gateway.mac),
            data={
                CONF_HOST: emu.host,
                CONF_PORT: emu.port,
                CONF_USERNAME: emu.username,
                CONF_PASSWORD: HOSTILE_PASSWORD,
            },
            options={CONF_PUSH: False},
        )
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        assert entry.state is ConfigEntryState.LOADED
        coordinator = entry.runtime_data.coordinator

        for fault in ("http500", "garbage", "truncated", "html", "drop"):
            emu.set_fault(fault, count=1)
            await coordinator.async_refresh()
        emu.go_offline()
        await coordinator.async_refresh()
        with pytest.raises(HomeAssistantError):
            await hass.services.async_call(
                DOMAIN, "send_sms", {"to": "+1", "message": "x"}, blocking=True
            )
        emu.go_online()
        await coordinator.async_refresh()
        assert coordinator.last_update_success
        emu.set_fault("drop", count=1)
        await hass.services.async_call(
            DOMAIN, "send_sms", {"to": "+1", "message": "x"}, blocking=True
        )
        # The gateway's password changes: rejected credentials, reauth.
        emu.gateway.password = "n3w-" + HOSTILE_PASSWORD
        log_secrets.add(emu.gateway.password, emu.username)
        await coordinator.async_refresh()
        await hass.async_block_till_done()
        assert not coordinator.last_update_success
        assert any(
            record.levelno == logging.DEBUG
            and record.name.startswith("custom_components.ejoin")
            for record in caplog.get_records("call")
        )
        assert log_secrets.leaks(caplog.get_records("call")) == []
        assert await hass.config_entries.async_unload(entry.entry_id)


# ----------------------------------------------------------------- pushes


async def test_pushes_cannot_add_ports(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    webhook_client: TestClient[Any, Any],
) -> None:
    """A push naming a port or slot beyond the polled size changes nothing."""
    entry = init_integration
    before = (
        len(dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)),
        len(er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)),
    )
    pushes: list[dict[str, Any]] = [
        {"type": "port-status", "port": "600000.01", "st": "3 OK"},
        {"type": "port-status", "port": "1.32", "st": "3 OK"},
        {
            "type": "dev-status",
            "max-ports": 100000,
            "max-slot": 32,
            "status": [{"port": "99999.01", "st": 3}, {"port": "1.01", "st": 12}],
        },
    ]
    for body in pushes:
        response = await webhook_client.post(
            webhook_path(entry),
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        assert response.status == 200
    await hass.async_block_till_done()
    coordinator = entry.runtime_data.coordinator
    assert (coordinator.data.max_ports, coordinator.data.slots_per_port) == (8, 4)
    assert max(address.port for address in coordinator.known_slots) == 8
    after = (
        len(dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)),
        len(er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)),
    )
    assert after == before
    # The slot within the gateway was updated: pushes still work.
    assert (
        state_of(hass, "sensor.ejoin_b575_port_1_slot_01_status").state == "user_locked"
    )


async def test_mms_of_too_many_parts_is_refused(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    webhook_client: TestClient[Any, Any],
    tmp_path: Path,
) -> None:
    """Thousands of tiny parts: 400 at once, no event, no file."""
    hass.config.media_dirs = {"local": str(tmp_path)}
    events = capture(hass, EVENT_MMS_RECEIVED)
    part = b"--b\r\nContent-Type: image/gif\r\n\r\nx\r\n"
    for count, status in ((MAX_MMS_PARTS, 200), (MAX_MMS_PARTS + 1, 400), (10**5, 400)):
        response = await webhook_client.post(
            webhook_path(init_integration),
            data=part * count + b"--b--\r\n",
            headers={"Content-Type": "multipart/related; boundary=b"},
        )
        assert response.status == status, count
    await hass.async_block_till_done()
    assert len(events) == 1
    assert len(events[0].data["attachments"]) == MAX_MMS_PARTS
    files = await hass.async_add_executor_job(lambda: list(tmp_path.rglob("*.gif")))
    assert len(files) == MAX_MMS_PARTS


@pytest.mark.parametrize(
    ("options", "remote", "fired"),
    [
        # The source check is the next layer (tests/integration/test_push_source.py).
        ({CONF_PUSH: False, CONF_PUSH_SOURCE_CHECK: False}, "203.0.113.9", 0),
        ({CONF_PUSH: False, CONF_PUSH_SOURCE_CHECK: False}, "192.168.1.20", 1),
        (
            {
                CONF_PUSH: False,
                CONF_PUSH_SOURCE_CHECK: False,
                CONF_WEBHOOK_LOCAL_ONLY: False,
            },
            "203.0.113.9",
            1,
        ),
    ],
)
async def test_webhook_is_local_only_by_default(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    webhook_client: TestClient[Any, Any],
    remote: str,
    fired: int,
) -> None:
    """Without the option, a push from outside the local network is ignored."""
    received = capture(hass, EVENT_SMS_RECEIVED)
    request = MockRequest(
        content=json.dumps(SMS_PUSH).encode(),
        mock_source="test",
        method="POST",
        headers={"Content-Type": "application/json"},
        remote=remote,
    )
    response = await webhook.async_handle_webhook(
        hass, init_integration.data[CONF_WEBHOOK_ID], request
    )
    assert response.status == 200
    await hass.async_block_till_done()
    assert len(received) == fired


# -------------------------------------------------------------------- MMS


NAMES = st.one_of(
    st.sampled_from(
        [
            "..",
            "../../../../etc/passwd",
            "/etc/passwd",
            "/",
            "a/../../b.jpg",
            "..\\..\\x.gif",
            "C:\\Windows\\x.ini",
            "x\x00y.jpg",
            "\x00",
            "nul\x00/../../z",
            ".hidden",
            "~/.ssh/id_rsa",
            "a" * 5000,
            "%2e%2e%2fetc",
            "\u202egnp.exe",
        ]
    ),
    st.text(max_size=60),
    st.lists(st.sampled_from(["..", ".", "", "a", "\x00", "~"]), max_size=8).map(
        "/".join
    ),
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(NAMES, st.sampled_from(["image/jpeg", "x/y", ""])), max_size=6)
)
def test_any_attachment_name_stays_in_the_folder(
    names: list[tuple[str, str]],
) -> None:
    """``..``, absolute paths, NUL, long or empty names: files land in the folder."""
    with tempfile.TemporaryDirectory() as base:
        root = Path(base)
        folder = root / "media" / "ejoin" / "0030f1010203"
        parts = tuple(
            MmsPart(
                content_type=kind, filename=name, data=name.encode(errors="replace")
            )
            for name, kind in names
        )
        saved = save_attachments(folder, parts, datetime(2025, 1, 1, tzinfo=UTC))
        assert len(saved) == len(parts)
        resolved = folder.resolve()
        for item in saved:
            assert item.path is not None
            path = Path(item.path)
            assert path.parent == resolved
            assert path.name == item.filename
            assert "\x00" not in item.filename
            assert not item.filename.startswith(".")
            assert len(item.filename) < 120
        written = [
            Path(dirpath) / name
            for dirpath, _, files in os.walk(root)
            for name in files
        ]
        assert sorted(written) == sorted(Path(item.path or "") for item in saved)


def test_media_folder_is_under_media_ejoin(hass: HomeAssistant, tmp_path: Path) -> None:
    """The folder of a gateway is ``<media>/ejoin/<mac without separators>``."""
    hass.config.media_dirs = {"local": str(tmp_path)}
    assert (
        media_folder(hass, "00:30:F1:01:02:03") == tmp_path / "ejoin" / "0030f1010203"
    )
    assert media_folder(hass, "../..") == tmp_path / "ejoin" / "gateway"


# --------------------------------------------------------------- send_mms


async def test_send_mms_reads_only_allowed_files(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: RunningEmulator,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Links, relative paths, NUL bytes, folders: nothing outside is ever read."""
    allowed = tmp_path_factory.mktemp("allowed")
    outside = tmp_path_factory.mktemp("outside")
    hass.config.allowlist_external_dirs = {str(allowed)}
    secret = outside / "secret.jpg"
    secret.write_bytes(b"\xff\xd8 secret")
    (allowed / "link.jpg").symlink_to(secret)
    (allowed / "dirlink").symlink_to(outside, target_is_directory=True)
    (allowed / "folder.jpg").mkdir()
    refused = [
        str(secret),
        str(allowed / "link.jpg"),
        str(allowed / "dirlink" / "secret.jpg"),
        str(allowed / ".." / outside.name / "secret.jpg"),
        "secret.jpg",
        f"{allowed}/x\x00.jpg",
        f"file://{secret}",
        str(allowed / "folder.jpg"),
    ]
    for path in refused:
        with pytest.raises(ServiceValidationError) as err:
            await hass.services.async_call(
                DOMAIN,
                "send_mms",
                {"to": "+15550001111", "subject": "s", "attachments": [path]},
                blocking=True,
            )
        assert err.value.translation_key in {
            "path_not_allowed",
            "attachment_unreadable",
        }, path
    assert emulator.gateway.request_counts["goip_post_sms.html"] == 0
