"""The "Add recipient" flow: a person's name, phone number and sending ports.

A config subentry flow of the gateway's entry, also used to change a recipient
(reconfigure); removing one is Home Assistant's own "Delete" on the subentry.
One phone number per recipient, and one recipient per number.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from homeassistant.config_entries import (
    ConfigEntryState,
    ConfigSubentryFlow,
    SubentryFlowResult,
)
from homeassistant.const import CONF_NAME
from homeassistant.helpers.selector import (
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
import voluptuous as vol

from .recipients import CONF_NUMBER, CONF_PORTS, recipient_subentries
from .service_schemas import port_selection, recipients

if TYPE_CHECKING:
    from collections.abc import Mapping

    import probatio

    from .data import EjoinConfigEntry

RECIPIENT_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_NAME): TextSelector(),
        vol.Required(CONF_NUMBER): TextSelector(
            TextSelectorConfig(type=TextSelectorType.TEL)
        ),
        vol.Optional(CONF_PORTS): TextSelector(),
    }
)


class RecipientSubentryFlow(ConfigSubentryFlow):
    """Add or change a recipient of the gateway's SMS notifications."""

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Ask for a new recipient."""
        errors: dict[str, str] = {}
        if user_input is not None:
            data, errors = self._validate(user_input, None)
            if not errors:
                return self.async_create_entry(
                    title=user_input[CONF_NAME].strip(),
                    data=data,
                    unique_id=data[CONF_NUMBER],
                )
        return self._form("user", user_input, errors)

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Change a recipient's name, number or ports."""
        subentry = self._get_reconfigure_subentry()
        errors: dict[str, str] = {}
        if user_input is not None:
            data, errors = self._validate(user_input, subentry.subentry_id)
            if not errors:
                return self.async_update_and_abort(
                    self._get_entry(),
                    subentry,
                    title=user_input[CONF_NAME].strip(),
                    data=data,
                    unique_id=data[CONF_NUMBER],
                )
        current = user_input or {CONF_NAME: subentry.title, **subentry.data}
        return self._form("reconfigure", current, errors)

    def _form(
        self, step_id: str, values: Mapping[str, Any] | None, errors: dict[str, str]
    ) -> SubentryFlowResult:
        # Under Home Assistant, voluptuous is probatio's shim (see config_flow).
        schema = cast("probatio.Schema", RECIPIENT_SCHEMA)
        return self.async_show_form(
            step_id=step_id,
            data_schema=self.add_suggested_values_to_schema(schema, values),
            errors=errors,
        )

    def _validate(
        self, user_input: dict[str, Any], editing: str | None
    ) -> tuple[dict[str, str], dict[str, str]]:
        """Return the subentry data, or the form's errors."""
        errors: dict[str, str] = {}
        data: dict[str, str] = {}
        if not user_input[CONF_NAME].strip():
            errors[CONF_NAME] = "name_missing"
        try:
            numbers = recipients(user_input[CONF_NUMBER])
        except vol.Invalid:
            numbers = []
        if len(numbers) != 1:
            errors[CONF_NUMBER] = "invalid_number"
        else:
            data[CONF_NUMBER] = numbers[0]
            entry = self._get_entry()
            if any(
                subentry.unique_id == numbers[0] and subentry_id != editing
                for subentry_id, subentry in recipient_subentries(entry).items()
            ):
                errors[CONF_NUMBER] = "number_configured"
        if ports := (user_input.get(CONF_PORTS) or "").strip():
            if error := self._check_ports(ports):
                errors[CONF_PORTS] = error
            data[CONF_PORTS] = ports
        return data, errors

    def _check_ports(self, ports: str) -> str | None:
        """Return the error of a sending port selection, None when it fits."""
        try:
            selection = port_selection(ports)
        except vol.Invalid:
            return "invalid_ports"
        entry: EjoinConfigEntry = cast("EjoinConfigEntry", self._get_entry())
        if entry.state is ConfigEntryState.LOADED:
            status = entry.runtime_data.coordinator.data
            try:
                selection.slots(status.max_ports, status.slots_per_port)
            except ValueError:
                return "ports_not_found"
        return None
