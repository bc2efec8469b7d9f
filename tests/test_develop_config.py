"""The configuration scripts/develop starts Home Assistant with must be valid.

An invalid core section sends Home Assistant into recovery mode, where no custom
integration loads: a newcomer's first run would show nothing.
"""

from pathlib import Path
from typing import TYPE_CHECKING

from homeassistant.core_config import async_process_ha_core_config
from homeassistant.util.yaml import load_yaml_dict

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant

CONFIGURATION = Path(__file__).parent.parent / "config" / "configuration.yaml"


async def test_develop_core_config_is_valid(hass: HomeAssistant) -> None:
    """The homeassistant: section passes Home Assistant's own schema."""
    config = await hass.async_add_executor_job(load_yaml_dict, CONFIGURATION)

    await async_process_ha_core_config(hass, config["homeassistant"])

    assert hass.config.internal_url == "http://127.0.0.1:8123"
    assert hass.config.currency == "EUR"
