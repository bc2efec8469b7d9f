"""Config flow of the end-to-end notifier: imported from YAML, one entry."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult

from . import DOMAIN


class E2ENotifyFlow(ConfigFlow, domain=DOMAIN):
    """Create the one entry."""

    VERSION = 1

    async def async_step_import(self, import_data: dict[str, Any]) -> ConfigFlowResult:
        """Create the entry from ``e2e_notify:`` in configuration.yaml."""
        await self.async_set_unique_id(DOMAIN)
        self._abort_if_unique_id_configured()
        return self.async_create_entry(title="End-to-end phone", data={})
