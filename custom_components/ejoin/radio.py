"""The radio of each port (API v3): its network type and the cell it is camped on.

A coordinator of its own, polled slowly: the network types take one request for
every port. Serving cells are read only for the ports whose serving-cell sensors
are enabled (they are disabled by default): a gateway measures a cell only when
asked (``scan_serving_cells``), so each poll reads the latest scan and starts the
next one, and a first scan is read again :data:`~.const.CELL_SCAN_WAIT` later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, override

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.event import async_call_later
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed

from .api import EjoinError, Feature
from .const import CELL_SCAN_WAIT, DOMAIN, LOGGER, RADIO_INTERVAL

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime

    from .api import EjoinClient, NetworkType, ServingCell
    from .coordinator import EjoinCoordinator
    from .data import EjoinConfigEntry


@dataclass(frozen=True, slots=True)
class RadioData:
    """Network type and latest serving cell of each port."""

    network_types: Mapping[int, NetworkType | None] = field(default_factory=dict)
    cells: Mapping[int, ServingCell] = field(default_factory=dict)


class RadioCoordinator(DataUpdateCoordinator[RadioData]):
    """Reads the radio settings and serving cells of one gateway's ports."""

    config_entry: EjoinConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: EjoinConfigEntry,
        client: EjoinClient,
        gateway: EjoinCoordinator,
    ) -> None:
        """Poll slowly; no serving cell is read until a sensor asks for its port."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{DOMAIN} radio {entry.title}",
            update_interval=RADIO_INTERVAL,
            always_update=False,
        )
        self.client = client
        self.gateway = gateway
        # Nothing is known until the first poll (the entities show unknown).
        self.data = RadioData()
        #: Ports with an enabled serving-cell sensor, and how many each has.
        self._cell_sensors: dict[int, int] = {}
        self._unsub_reread: CALLBACK_TYPE | None = None

    @callback
    def watch_cell(self, port: int) -> CALLBACK_TYPE:
        """Read ``port``'s serving cell from now on, until the callback is called."""
        self._cell_sensors[port] = self._cell_sensors.get(port, 0) + 1

        @callback
        def unwatch() -> None:
            self._cell_sensors[port] -= 1
            if not self._cell_sensors[port]:
                del self._cell_sensors[port]

        return unwatch

    @override
    async def async_shutdown(self) -> None:
        """Stop the pending re-read too."""
        self._cancel_reread()
        await super().async_shutdown()

    @callback
    def _cancel_reread(self) -> None:
        if self._unsub_reread is not None:
            self._unsub_reread()
            self._unsub_reread = None

    @override
    async def _async_update_data(self) -> RadioData:
        """Read the network types, and the serving cells of the watched ports."""
        if not self.gateway.last_update_success:
            # The gateway's own poll reports the outage (once), and the radio
            # entities are unavailable with it: no second error for the same.
            return self.data
        ports = self.gateway.data.port_numbers
        watched = sorted(port for port in self._cell_sensors if port in ports)
        client = self.client
        try:
            types = (
                await client.get_network_types(ports)
                if client.supports(Feature.NETWORK_TYPE)
                else {}
            )
            cells = dict(self.data.cells)
            if watched:
                for cell in await client.get_serving_cells(watched):
                    # A scan still running (or failed) keeps the last values.
                    if cell.completed or cell.port not in cells:
                        cells[cell.port] = cell
                await client.scan_serving_cells(watched)
        except EjoinError as err:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="update_failed",
                translation_placeholders={"error": str(err)},
            ) from err
        if watched and not all(
            port in cells and cells[port].completed for port in watched
        ):
            self._schedule_reread()
        return RadioData(network_types=types, cells=cells)

    @callback
    def _schedule_reread(self) -> None:
        """Read again once the scan just started has had time to finish."""
        self._cancel_reread()

        @callback
        def reread(_now: datetime) -> None:
            self._unsub_reread = None
            self.config_entry.async_create_background_task(
                self.hass, self.async_request_refresh(), f"{DOMAIN} serving cells"
            )

        self._unsub_reread = async_call_later(self.hass, CELL_SCAN_WAIT, reread)


def radio_coordinator(
    hass: HomeAssistant,
    entry: EjoinConfigEntry,
    client: EjoinClient,
    gateway: EjoinCoordinator,
) -> RadioCoordinator | None:
    """Return the radio coordinator of a gateway that has a radio API (v3), or None."""
    if not (
        client.supports(Feature.NETWORK_TYPE) or client.supports(Feature.SERVING_CELLS)
    ):
        return None
    return RadioCoordinator(hass, entry, client, gateway)
