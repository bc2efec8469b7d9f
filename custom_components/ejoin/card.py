"""Serving the gateway card's bundle and loading it into every dashboard.

The integration ships its card (``frontend/ejoin-gateway-card.js``, built from
the repository's ``frontend/`` sources), so a HACS user installs nothing else: the
file is served by Home Assistant's HTTP server and added to the modules the
frontend loads, once for the domain. Its URL carries a hash of its content, so
browsers cache it for long and fetch it again as soon as an update changes it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Final

from homeassistant.components.frontend import add_extra_js_url
from homeassistant.components.http.server import StaticPathConfig

from .const import LOGGER

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant

CARD_FILE: Final = Path(__file__).parent / "frontend" / "ejoin-gateway-card.js"
CARD_URL: Final = "/ejoin_static/ejoin-gateway-card.js"


def _content_version(path: Path) -> str:
    """Return a short hash of the file's content (executor: reads the disk)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


async def async_register_card(hass: HomeAssistant) -> None:
    """Serve the card and have the frontend load it.

    A Home Assistant without its frontend (it is set up before this integration
    whenever it is set up at all) has no dashboard to show the card in.
    """
    if "frontend" not in hass.config.components:
        LOGGER.debug("No frontend: the gateway card is not served")
        return
    version = await hass.async_add_executor_job(_content_version, CARD_FILE)
    await hass.http.async_register_static_paths(
        [StaticPathConfig(CARD_URL, str(CARD_FILE), cache_headers=True)]
    )
    add_extra_js_url(hass, f"{CARD_URL}?v={version}")
