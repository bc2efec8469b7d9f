"""Per-entry runtime data of the Ejoin integration."""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from homeassistant.config_entries import ConfigEntry

if TYPE_CHECKING:
    from .api import EjoinClient
    from .coordinator import EjoinCoordinator
    from .messaging import EjoinMessaging

type EjoinConfigEntry = ConfigEntry[EjoinRuntimeData]


@dataclass
class EjoinRuntimeData:
    """What one configured gateway needs while it is loaded."""

    client: EjoinClient
    coordinator: EjoinCoordinator
    messaging: EjoinMessaging = field(init=False)
