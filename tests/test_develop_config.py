"""What scripts/develop starts Home Assistant with: valid, and no problem on page one.

An invalid core section sends Home Assistant into recovery mode, where no custom
integration loads: a newcomer's first run would show nothing. And the first page a
newcomer opens should show no repair and no failed integration: no ``http:`` block
(deprecated in 2026.10), HTTP settings in storage instead, and onboarding's Radio
Browser ignored (it cannot set up without the internet).
"""

import json
from pathlib import Path
import subprocess
import sys
from typing import TYPE_CHECKING, Any

from homeassistant import config_entries
from homeassistant.components.http.config import (
    ActiveConfigType,
    async_get_and_load_store,
    async_load_config,
)
from homeassistant.core_config import async_process_ha_core_config
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.util.yaml import load_yaml_dict
import pytest

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant
    from homeassistant.helpers import issue_registry as ir

REPO = Path(__file__).parent.parent
CONFIGURATION = REPO / "config" / "configuration.yaml"
SEED = REPO / "scripts" / "seed_develop_storage.py"


def _seed(config_dir: Path) -> list[str]:
    """Run the script as scripts/develop does; return the lines it printed."""
    result = subprocess.run(  # noqa: S603 - our own script, no user input
        [sys.executable, str(SEED), str(config_dir)],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.splitlines()


async def test_develop_core_config_is_valid(hass: HomeAssistant) -> None:
    """The homeassistant: section passes Home Assistant's own schema."""
    config = await hass.async_add_executor_job(load_yaml_dict, CONFIGURATION)

    await async_process_ha_core_config(hass, config["homeassistant"])

    assert hass.config.internal_url == "http://127.0.0.1:8123"
    assert hass.config.currency == "EUR"


@pytest.fixture
def seeded(tmp_path: Path, hass_storage: dict[str, Any]) -> list[Path]:
    """A config folder seeded by the script, as the mocked storage of ``hass``."""
    _seed(tmp_path)
    written = sorted((tmp_path / ".storage").iterdir())
    for path in written:
        hass_storage[path.name] = json.loads(path.read_text())
    return written


async def test_http_on_loopback_without_yaml_repair_or_confirmation(
    seeded: list[Path], hass: HomeAssistant, issue_registry: ir.IssueRegistry
) -> None:
    """HTTP listens on 127.0.0.1:8123 as confirmed settings: no repair, no dialog."""
    config = await hass.async_add_executor_job(load_yaml_dict, CONFIGURATION)
    assert "http" not in config

    conf = await async_load_config(hass, config)

    assert conf["server_host"] == ["127.0.0.1"]
    assert conf["server_port"] == 8123
    store = await async_get_and_load_store(hass)
    # Not a pending trial: nothing to confirm, nothing reverted after five minutes.
    assert store.active_config_type is ActiveConfigType.STABLE
    assert store.revert_deadline is None
    assert not issue_registry.issues


async def test_onboarding_leaves_radio_browser_out(
    seeded: list[Path], hass: HomeAssistant
) -> None:
    """Radio Browser is ignored, so finishing onboarding does not add it."""
    entries = config_entries.ConfigEntries(hass, {})
    await entries.async_initialize()
    (ignored,) = entries.async_entries("radio_browser", include_ignore=True)
    assert ignored.source == config_entries.SOURCE_IGNORE

    result = await entries.flow.async_init(
        "radio_browser", context={"source": "onboarding"}
    )

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "single_instance_allowed"


def test_seeding_keeps_what_exists(tmp_path: Path) -> None:
    """An instance in use keeps its own settings and entries."""
    assert len(_seed(tmp_path)) == 2
    http = tmp_path / ".storage" / "http"
    http.write_text("{}")

    assert _seed(tmp_path) == []
    assert http.read_text() == "{}"
