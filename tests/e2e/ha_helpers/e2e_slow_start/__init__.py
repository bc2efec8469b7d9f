"""Hold Home Assistant's start open (an end-to-end test helper).

A real start can take minutes (a slow integration, a slow disk); Home Assistant
fires "started" only when every integration is set up. While the file
``e2e_hold_start`` exists in the configuration folder, this integration's set-up
does not finish, so Home Assistant stays "starting" for as long as a test needs.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant
    from homeassistant.helpers.typing import ConfigType

DOMAIN = "e2e_slow_start"
HOLD_FILE = "e2e_hold_start"
#: Give up holding after this long: a forgotten file must not hang a run.
MAX_HOLD = 120.0


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Wait while the hold file exists."""
    hold = Path(hass.config.path(HOLD_FILE))
    loop = asyncio.get_running_loop()
    deadline = loop.time() + MAX_HOLD
    # A file, not an event: the test runs in another process.
    while loop.time() < deadline and await hass.async_add_executor_job(hold.exists):  # noqa: ASYNC110
        await asyncio.sleep(0.1)
    return True
