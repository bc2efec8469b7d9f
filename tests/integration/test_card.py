"""The gateway card is served and loaded by the frontend, with nothing to install."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from homeassistant.components.frontend import DATA_EXTRA_MODULE_URL
from homeassistant.setup import async_setup_component

from custom_components.ejoin.card import CARD_URL

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from aiohttp.test_utils import TestClient
    from homeassistant.core import HomeAssistant
    from pytest_homeassistant_custom_component.common import MockConfigEntry

BUNDLE = (
    Path(__file__).resolve().parents[2]
    / "custom_components"
    / "ejoin"
    / "frontend"
    / "ejoin-gateway-card.js"
)


def _card_urls(hass: HomeAssistant) -> list[str]:
    return [url for url in hass.data[DATA_EXTRA_MODULE_URL].urls if "ejoin" in url]


async def test_card_is_served_and_loaded_once(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    hass_client: Callable[[], Awaitable[TestClient[Any, Any]]],
) -> None:
    # Home Assistant sets its frontend up before integrations (a default one).
    assert await async_setup_component(hass, "frontend", {})
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()

    content = BUNDLE.read_bytes()
    version = hashlib.sha256(content).hexdigest()[:16]
    assert _card_urls(hass) == [f"{CARD_URL}?v={version}"]

    client = await hass_client()
    response = await client.get(f"{CARD_URL}?v={version}")
    assert response.status == 200
    assert await response.read() == content
    assert response.content_type == "text/javascript"
    # Cached for long: a new version has a new URL.
    assert "max-age" in response.headers["Cache-Control"]

    # A reload of the gateway registers nothing again.
    assert await hass.config_entries.async_reload(mock_config_entry.entry_id)
    assert _card_urls(hass) == [f"{CARD_URL}?v={version}"]


async def test_without_a_frontend_no_card_is_served(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    assert "frontend" not in hass.config.components
    assert DATA_EXTRA_MODULE_URL not in hass.data
