"""USSD requests and AT commands (API v3): the ``send_ussd`` and ``send_at`` actions.

A port's module does one thing at a time: a port with a USSD request or an AT
command of ours under way, a call, or (for AT) a send queue is busy, and a new
request for it is refused. Every USSD reply fires ``ejoin_ussd_received``. An AT
command and its answer may hold secrets (a PIN): neither is ever logged, and an
error names the device's code only.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Final, cast

from homeassistant.core import SupportsResponse, callback
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
import homeassistant.helpers.config_validation as cv
import voluptuous as vol

from .api import EjoinError, Feature, PortState, SlotAddress
from .const import (
    AT_WAIT,
    ATTR_CONFIG_ENTRY_ID,
    DOMAIN,
    EVENT_USSD_RECEIVED,
    LOGGER,
    USSD_WAIT,
)
from .helpers import call_entry, current_slot, run_query
from .service_schemas import ATTR_PORT, ATTR_PORTS, ATTR_SLOT, ATTR_WAIT, port_selection

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from homeassistant.core import HomeAssistant, ServiceCall, ServiceResponse
    import probatio

    from .api import DeviceStatus, PortSelection, UssdReply
    from .data import EjoinConfigEntry

ATTR_CODE: Final = "code"
ATTR_COMMAND: Final = "command"

#: States of a port's current SIM during which its module is busy with a call.
_CALL_STATES: Final = frozenset(
    {
        PortState.CALL_CONNECTED,
        PortState.INTER_CALLING,
        PortState.INTER_CALLING_HOLDING,
    }
)
_USSD_CODE: Final = vol.All(cv.string, vol.Strip, vol.Match(r"^[0-9*#+]{1,64}$"))

SEND_USSD_SCHEMA: Final = vol.Schema(
    vol.All(
        {
            vol.Optional(ATTR_CONFIG_ENTRY_ID): cv.string,
            vol.Exclusive(ATTR_SLOT, "target"): port_selection,
            vol.Exclusive(ATTR_PORTS, "target"): port_selection,
            vol.Required(ATTR_CODE): _USSD_CODE,
            vol.Optional(ATTR_WAIT, default=True): cv.boolean,
        },
        cv.has_at_least_one_key(ATTR_SLOT, ATTR_PORTS),
    )
)
SEND_AT_SCHEMA: Final = vol.Schema(
    {
        vol.Optional(ATTR_CONFIG_ENTRY_ID): cv.string,
        vol.Required(ATTR_PORT): port_selection,
        vol.Required(ATTR_COMMAND): vol.All(
            cv.string, vol.Strip, vol.Length(min=2, max=512), vol.Match(r"^[^\r\n]+$")
        ),
    }
)


def _texts(**placeholders: object) -> dict[str, str]:
    return {name: str(value) for name, value in placeholders.items()}


def require(entry: EjoinConfigEntry, feature: Feature) -> None:
    """Refuse what the gateway's API generation does not offer (API v3 features)."""
    if not entry.runtime_data.client.supports(feature):
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="needs_api_v3",
            translation_placeholders=_texts(title=entry.title),
        )


class ModemCommands:
    """One gateway's USSD requests and AT commands, one at a time per port."""

    def __init__(self, entry: EjoinConfigEntry) -> None:
        """Serve the gateway of ``entry`` (its runtime data must be set)."""
        self._entry = entry
        self._busy: set[int] = set()

    def _status(self) -> DeviceStatus:
        return self._entry.runtime_data.coordinator.data

    def check_idle(self, ports: Iterable[int]) -> None:
        """Refuse a port busy with a request of ours or a call."""
        status = self._status()
        for port in ports:
            current = current_slot(status, port)
            slot = None if current is None else status.slots.get(current)
            if port in self._busy or (slot is not None and slot.state in _CALL_STATES):
                raise ServiceValidationError(
                    translation_domain=DOMAIN,
                    translation_key="port_busy",
                    translation_placeholders=_texts(port=port),
                )

    @contextmanager
    def _using(self, ports: Iterable[int]) -> Iterator[None]:
        ports = set(ports)
        self._busy |= ports
        try:
            yield
        finally:
            self._busy -= ports

    def ports_of(self, data: dict[str, Any]) -> tuple[int, ...]:
        """Return the ports a ``send_ussd`` call names, checked against the gateway.

        ``slot`` names one SIM: a bare port means its current SIM, a slot must
        be the current one of its port (a request goes out through it).
        """
        status = self._status()
        if (selection := data.get(ATTR_SLOT)) is not None:
            return (self._current_port(status, selection),)
        ports_selection: PortSelection = data[ATTR_PORTS]
        return _ports(status, ports_selection)

    def _current_port(self, status: DeviceStatus, selection: PortSelection) -> int:
        ports = _ports(status, selection)
        if len(ports) != 1:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="one_slot_expected",
                translation_placeholders=_texts(value=selection),
            )
        port = ports[0]
        named = [item for item in selection.items if isinstance(item, SlotAddress)]
        current = current_slot(status, port)
        if named and named[0] != current:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="slot_not_current",
                translation_placeholders=_texts(
                    slot=named[0], current=current or "-", port=port
                ),
            )
        return port

    async def async_ussd(
        self, ports: tuple[int, ...], code: str
    ) -> list[dict[str, Any]]:
        """Send ``code`` from ``ports``; fire and return every reply."""
        self.check_idle(ports)
        runtime = self._entry.runtime_data
        with self._using(ports):
            replies = await runtime.client.send_ussd(
                ports, code, wait_seconds=USSD_WAIT
            )
        status = self._status()
        results = [_ussd_data(status, code, reply) for reply in replies]
        for result in results:
            runtime.receiver.events.fire(EVENT_USSD_RECEIVED, result)
        return results

    async def async_at(self, port: int, command: str) -> dict[str, Any]:
        """Send one AT command to ``port``; return the module's answer.

        Refused while the port has SMS waiting to be sent: a command could
        disturb the module in the middle of them.
        """
        self.check_idle((port,))
        client = self._entry.runtime_data.client
        with self._using((port,)):
            queue = await client.get_tasks(port, 0, 1)
            if queue.total or queue.tasks:
                raise ServiceValidationError(
                    translation_domain=DOMAIN,
                    translation_key="port_busy",
                    translation_placeholders=_texts(port=port),
                )
            reply = await client.send_at(port, command, wait_seconds=AT_WAIT)
        if reply.code == 4:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="port_busy",
                translation_placeholders=_texts(port=port),
            )
        if not reply.ok:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="at_failed",
                translation_placeholders=_texts(
                    port=port, code=reply.code, reason=reply.reason
                ),
            )
        LOGGER.debug("AT command answered on port %s", port)
        return {
            "port": port,
            "status_code": reply.code,
            "status": reply.reason,
            "response": reply.response,
        }


def _ports(status: DeviceStatus, selection: PortSelection) -> tuple[int, ...]:
    """Return the ports of a selection; refuse a port the gateway lacks."""
    for item in () if selection.is_all else selection.items:
        port = item.port if isinstance(item, SlotAddress) else item.last
        if port > status.max_ports:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="port_not_found",
                translation_placeholders=_texts(port=port, max_ports=status.max_ports),
            )
    return selection.ports(status.max_ports)


def _ussd_data(status: DeviceStatus, code: str, reply: UssdReply) -> dict[str, Any]:
    """Return the ``ejoin_ussd_received`` fields (and response entry) of a reply."""
    slot = current_slot(status, reply.port)
    return {
        "slot": None if slot is None else str(slot),
        "port": reply.port,
        "code": code,
        "success": reply.ok,
        "status_code": reply.code,
        "status": reply.reason,
        "text": reply.text,
    }


# --------------------------------------------------------------------- actions

SERVICE_SEND_USSD: Final = "send_ussd"
SERVICE_SEND_AT: Final = "send_at"


async def _async_send_ussd(call: ServiceCall) -> ServiceResponse:
    """Send a USSD request; the network's replies (also fired as events).

    Without ``wait`` the action returns at once and the replies come as events.
    """
    entry = call_entry(call)
    require(entry, Feature.USSD)
    runtime = entry.runtime_data
    modem = runtime.modem
    ports = modem.ports_of(call.data)
    code: str = call.data[ATTR_CODE]
    if call.data[ATTR_WAIT]:
        replies = await run_query(
            runtime.coordinator, lambda: modem.async_ussd(ports, code)
        )
        return cast("ServiceResponse", {"replies": replies})
    modem.check_idle(ports)

    async def in_background() -> None:
        try:
            await modem.async_ussd(ports, code)
        except (EjoinError, HomeAssistantError) as err:
            LOGGER.warning("USSD request %s on %s failed: %s", code, entry.title, err)

    entry.async_create_background_task(
        call.hass, in_background(), f"{DOMAIN} USSD {code}"
    )
    return {"replies": []}


async def _async_send_at(call: ServiceCall) -> ServiceResponse:
    """Send one AT command to one port; return the module's answer."""
    entry = call_entry(call)
    require(entry, Feature.AT_COMMANDS)
    runtime = entry.runtime_data
    selection: PortSelection = call.data[ATTR_PORT]
    ports = _ports(runtime.coordinator.data, selection)
    if len(ports) != 1:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="one_port_expected",
            translation_placeholders=_texts(value=selection),
        )
    command: str = call.data[ATTR_COMMAND]
    return await run_query(
        runtime.coordinator, lambda: runtime.modem.async_at(ports[0], command)
    )


@callback
def async_setup_modem_services(hass: HomeAssistant) -> None:
    """Register ``send_ussd`` and ``send_at``."""
    hass.services.async_register(
        DOMAIN,
        SERVICE_SEND_USSD,
        _async_send_ussd,
        schema=cast("probatio.Schema", SEND_USSD_SCHEMA),
        supports_response=SupportsResponse.OPTIONAL,
    )
    hass.services.async_register(
        DOMAIN,
        SERVICE_SEND_AT,
        _async_send_at,
        schema=cast("probatio.Schema", SEND_AT_SCHEMA),
        supports_response=SupportsResponse.ONLY,
    )
