"""Where SMS and send reports are pushed: v3 ``get_sms_config``/``set_sms_config``.

The same state as v2.1's: ``recv_sms_url`` is the ``Sms_url`` parameter and its
batching the ``sms_cnt``/``sms_prd`` of the reception; ``sms_status_url`` is the
``sr_url`` parameter, where tasks without a URL of their own report. The report
batching of the v3 settings applies to v3 tasks that set none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from emulator.values import as_float, as_int

from .wakeup import mutator

if TYPE_CHECKING:
    from collections.abc import Mapping

    from .parameters import Parameters
    from .reception import Reception
    from .wakeup import Wakeup

__all__ = ["SmsPushConfig"]

#: ``sms_status_max``/``sms_status_period`` defaults of the v3 document.
DEFAULT_STATUS_MAX = 100
DEFAULT_STATUS_PERIOD = 30.0


class SmsPushConfig:
    """The six settings of ``get_sms_config``, on the parts that hold them."""

    def __init__(
        self, *, parameters: Parameters, reception: Reception, wakeup: Wakeup
    ) -> None:
        """Start with the document's report batching."""
        self.parameters = parameters
        self.reception = reception
        self.wakeup = wakeup
        self.status_max = DEFAULT_STATUS_MAX
        self.status_period = DEFAULT_STATUS_PERIOD

    def get(self) -> dict[str, Any]:
        """Return the settings (``get_sms_config``)."""
        return {
            "sms_status_url": self.parameters.get("sr_url") or "",
            "sms_status_max": self.status_max,
            "sms_status_period": _number(self.status_period),
            "recv_sms_url": self.parameters.get("sms_url") or "",
            "recv_sms_max": self.reception.sms_cnt,
            "recv_sms_period": _number(self.reception.sms_prd),
        }

    @mutator
    def set(self, values: Mapping[str, Any]) -> None:
        """Change the settings given (``set_sms_config``); RAM until saved."""
        if "sms_status_url" in values:
            self.parameters.put("sr_url", str(values["sms_status_url"] or ""))
        if "recv_sms_url" in values:
            self.parameters.put("Sms_url", str(values["recv_sms_url"] or ""))
        if "sms_status_max" in values:
            self.status_max = max(1, as_int(values["sms_status_max"], self.status_max))
        if "sms_status_period" in values:
            self.status_period = max(
                0.0, as_float(values["sms_status_period"], self.status_period)
            )
        if "recv_sms_max" in values:
            self.reception.sms_cnt = max(
                1, as_int(values["recv_sms_max"], self.reception.sms_cnt)
            )
        if "recv_sms_period" in values:
            self.reception.sms_prd = max(
                0.0, as_float(values["recv_sms_period"], self.reception.sms_prd)
            )


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value
