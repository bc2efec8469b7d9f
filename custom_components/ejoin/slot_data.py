"""One SIM slot as plain data: the card's ``Slot``, and ``ejoin.get_slot_status``.

A large gateway gives only some slots entities (:mod:`.entity_budget`); this
is how the others' data stays reachable. The shape is the card's ``Slot`` object
(``frontend/PROTOCOL.md``), the same in the action's response.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from .const import CONF_CURRENCY

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant

    from .api import SlotAddress, SlotStatus
    from .data import EjoinConfigEntry

#: The card's six states, from the gateway's ``st`` codes (PROTOCOL.md).
_STATES: Final = {
    **dict.fromkeys((3, 4, 13, 14), "registered"),
    **dict.fromkeys((1, 2, 11, 15), "idle"),
    0: "no_sim",
    **dict.fromkeys((5, 6, 9, 16), "failed"),
    **dict.fromkeys((7, 8, 12), "locked"),
}
#: Signal bars from the module's 0-31 signal: the thresholds of Android's GSM
#: signal levels (2 or less: no bar).
_BAR_THRESHOLDS: Final = (12, 8, 5, 3)


def signal_bars(signal: int | None) -> int | None:
    """Return 0-4 bars for a raw 0-31 signal, None when unknown."""
    if signal is None:
        return None
    for bars, threshold in zip(range(4, 0, -1), _BAR_THRESHOLDS, strict=True):
        if signal >= threshold:
            return bars
    return 0


def slot_payload(
    address: SlotAddress, slot: SlotStatus | None, currency: str
) -> dict[str, Any]:
    """Return the protocol's ``Slot`` of a known slot (None: not reported now)."""
    payload: dict[str, Any] = {
        "slot": str(address),
        "port": address.port,
        "index": address.slot,
        "state": "unknown",
        "status": None,
        "active": False,
        "signal_dbm": None,
        "signal_bars": None,
        "balance": None,
        "operator": None,
        "number": None,
        "iccid": None,
        "imsi": None,
        "imei": None,
    }
    if slot is None:
        return payload
    code = slot.state_code
    payload.update(
        state="unknown" if code is None else _STATES.get(code, "unknown"),
        status=None if slot.state is None else slot.state.name.lower(),
        active=bool(slot.active),
        signal_dbm=slot.signal_dbm,
        signal_bars=signal_bars(slot.signal),
        balance=None if slot.balance is None else f"{slot.balance:f} {currency}",
        operator=slot.operator_name,
        number=slot.sim_number,
        iccid=slot.iccid,
        imsi=slot.imsi,
        imei=slot.imei,
    )
    return payload


def balance_currency(hass: HomeAssistant, entry: EjoinConfigEntry) -> str:
    """Return the currency of the balances, as the balance sensors show it."""
    currency: str = entry.options.get(CONF_CURRENCY) or hass.config.currency
    return currency
