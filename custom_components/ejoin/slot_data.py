"""One SIM slot as plain data: for actions and the dashboard card, entities or not.

A large gateway gives only some slots entities (:mod:`.entity_budget`); this
is how their data stays reachable. The same shape is the card's ``Slot`` object
(``frontend/PROTOCOL.md``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from .api import PortState

if TYPE_CHECKING:
    from .api import DeviceStatus, SlotStatus

#: The card's five states (and "unknown"), from the gateway's state codes.
CARD_STATES: Final[dict[PortState, str]] = {
    PortState.REGISTERED: "registered",
    PortState.CALL_CONNECTED: "registered",
    PortState.INTER_CALLING: "registered",
    PortState.INTER_CALLING_HOLDING: "registered",
    PortState.IDLE_SIM: "idle",
    PortState.REGISTERING: "idle",
    PortState.CARD_DETECTED: "idle",
    PortState.ACCESS_MOBILE_NETWORK: "idle",
    PortState.NO_SIM: "no_sim",
    PortState.NO_BALANCE: "failed",
    PortState.REGISTER_FAILED: "failed",
    PortState.SIM_ERROR: "failed",
    PortState.MODULE_RESPONSE_TIMEOUT: "failed",
    PortState.LOCKED_BY_DEVICE: "locked",
    PortState.LOCKED_BY_OPERATOR: "locked",
    PortState.USER_LOCKED: "locked",
}
#: Signal bars (0-4) from the module's 0-31 signal value.
_BAR_FLOORS: Final = (2, 10, 15, 20)


def slot_data(status: DeviceStatus, slot: SlotStatus) -> dict[str, Any]:
    """Return one slot's data (see the module docstring)."""
    active = slot.active
    if active is None:
        current = status.active_slot(slot.port)
        active = current is not None and current.address == slot.address
    return {
        "slot": str(slot.address),
        "port": slot.port,
        "index": slot.slot,
        "state": "unknown" if slot.state is None else CARD_STATES[slot.state],
        "status": None if slot.state is None else slot.state.name.lower(),
        "active": active,
        "signal_dbm": slot.signal_dbm,
        "signal_bars": None
        if slot.signal is None
        else sum(slot.signal >= floor for floor in _BAR_FLOORS),
        "balance": None if slot.balance is None else str(slot.balance),
        "operator": slot.operator_name,
        "number": slot.sim_number,
        "iccid": slot.iccid,
        "imsi": slot.imsi,
        "imei": slot.imei,
    }
