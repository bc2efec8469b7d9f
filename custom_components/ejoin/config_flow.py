"""Config flow of the Ejoin GSM Gateway integration."""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast, override

from homeassistant.config_entries import (
    ConfigEntry,
    ConfigFlow,
    ConfigFlowResult,
    ConfigSubentryFlow,
    OptionsFlowWithReload,
)
from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_PORT, CONF_USERNAME
from homeassistant.core import callback
from homeassistant.generated.currencies import ACTIVE_CURRENCIES
from homeassistant.helpers.aiohttp_client import async_get_clientsession
import homeassistant.helpers.config_validation as cv
from homeassistant.helpers.device_registry import format_mac
from homeassistant.helpers.selector import (
    BooleanSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
import voluptuous as vol
from yarl import URL

from .api import (
    DeviceStatus,
    EjoinAuthenticationError,
    EjoinClient,
    EjoinConnectionError,
    EjoinError,
    PortSelection,
)
from .const import (
    CONF_API,
    CONF_CURRENCY,
    CONF_ENTITY_PORTS,
    CONF_HISTORY_SIZE,
    CONF_INBOX_POLLING,
    CONF_PUSH,
    CONF_PUSH_SOURCE_CHECK,
    CONF_PUSH_SOURCES,
    CONF_SECURE_SESSION,
    CONF_WEBHOOK_BASE_URL,
    CONF_WEBHOOK_LOCAL_ONLY,
    DEFAULT_HISTORY_SIZE,
    DEFAULT_INBOX_POLLING,
    DEFAULT_PORT,
    DEFAULT_PUSH,
    DEFAULT_PUSH_SOURCE_CHECK,
    DEFAULT_USERNAME,
    DEFAULT_WEBHOOK_LOCAL_ONLY,
    DOMAIN,
    LOGGER,
    MAX_HISTORY_SIZE,
)
from .generation import api_data
from .push_source import parse_networks
from .recipient_flow import RecipientSubentryFlow
from .recipients import SUBENTRY_RECIPIENT
from .secure_session import (
    AuthMode,
    SecureSessionRefusedError,
    async_negotiate,
    password_allowed,
)
from .webhook import webhook_push_url

if TYPE_CHECKING:
    from collections.abc import Mapping

    from homeassistant.data_entry_flow import FlowHandler
    import probatio

    from .data import EjoinConfigEntry

_PORT_SELECTOR = NumberSelector(
    NumberSelectorConfig(min=1, max=65535, mode=NumberSelectorMode.BOX)
)
_PASSWORD_SELECTOR = TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD))

USER_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_HOST): TextSelector(),
        vol.Required(CONF_PORT, default=DEFAULT_PORT): _PORT_SELECTOR,
        vol.Required(CONF_USERNAME, default=DEFAULT_USERNAME): TextSelector(),
        vol.Required(CONF_PASSWORD): _PASSWORD_SELECTOR,
    }
)
REAUTH_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_USERNAME): TextSelector(),
        vol.Required(CONF_PASSWORD): _PASSWORD_SELECTOR,
    }
)
RECONFIGURE_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_HOST): TextSelector(),
        vol.Required(CONF_PORT): _PORT_SELECTOR,
    }
)


def _suggested(
    flow: FlowHandler[Any, Any, Any],
    schema: vol.Schema,
    values: Mapping[str, Any] | None,
) -> probatio.Schema:
    """Return ``schema`` with ``values`` filled in as suggestions.

    Under Home Assistant, ``voluptuous`` is probatio's shim: its schema is a
    probatio schema at runtime, which the cast tells the type checker.
    """
    return flow.add_suggested_values_to_schema(cast("probatio.Schema", schema), values)


def entry_title(status: DeviceStatus) -> str:
    """Return the title of a gateway's entry: its model and MAC (or IP)."""
    where = format_mac(status.mac) if status.mac else status.ip
    return f"Ejoin {status.max_ports}-port gateway ({where})"


def _normalize_host(host: str) -> str:
    """Return the host of ``host``, also when a URL was entered."""
    host = host.strip()
    if "://" in host:
        try:
            return URL(host).host or host
        except ValueError:
            return host  # the client refuses it: invalid_host
    return host


@dataclass(frozen=True, slots=True)
class _Found:
    """A gateway that answered: its status, its secure session, its API generations."""

    status: DeviceStatus
    secure_session: bool
    apis: list[str]

    @property
    def entry_data(self) -> dict[str, Any]:
        """Return what the entry keeps of the answer."""
        return {CONF_SECURE_SESSION: self.secure_session, CONF_API: self.apis}


async def _async_get_status(
    flow: ConfigFlow, data: Mapping[str, Any], *, allow_password: bool = True
) -> tuple[_Found | None, dict[str, str]]:
    """Ask the gateway for its status; return it, or the form errors.

    The secure-session handshake comes first; when the gateway answers it, that
    proves the credentials and the status is read through the session, so the
    password never travels. When it refuses, the status read with the password
    decides (unless ``allow_password`` is False: the entry's gateway answered
    the handshake before, see :mod:`.secure_session`). Reading the status also
    finds out the API generations the gateway speaks (v3 has no secure session:
    its requests carry the password, see :mod:`.generation`).
    """
    try:
        client = EjoinClient(
            data[CONF_HOST],
            session=async_get_clientsession(flow.hass),
            port=int(data[CONF_PORT]),
            username=data[CONF_USERNAME],
            password=data[CONF_PASSWORD],
        )
    except ValueError:
        return None, {CONF_HOST: "invalid_host"}
    try:
        mode = await async_negotiate(client, allow_password=allow_password)
        status = await client.detect_api()
    except SecureSessionRefusedError:
        return None, {"base": "secure_session_refused"}
    except EjoinAuthenticationError:
        return None, {"base": "invalid_auth"}
    except EjoinConnectionError:
        return None, {"base": "cannot_connect"}
    except EjoinError as err:
        LOGGER.debug("Unexpected answer of the gateway at %s: %s", data[CONF_HOST], err)
        return None, {"base": "unknown"}
    except Exception:  # noqa: BLE001
        LOGGER.exception("Unexpected error talking to the gateway")
        return None, {"base": "unknown"}
    if status.mac is None:
        return None, {"base": "no_mac"}
    return _Found(status, mode is AuthMode.SECURE_SESSION, api_data(client)), {}


class EjoinConfigFlow(ConfigFlow, domain=DOMAIN):
    """Set up an Ejoin gateway: it must answer before the entry is created."""

    VERSION = 1
    MINOR_VERSION = 1

    @staticmethod
    @callback
    @override
    def async_get_options_flow(config_entry: EjoinConfigEntry) -> EjoinOptionsFlow:
        """Return the options flow."""
        return EjoinOptionsFlow()

    @classmethod
    @callback
    @override
    def async_get_supported_subentry_types(
        cls, config_entry: ConfigEntry
    ) -> dict[str, type[ConfigSubentryFlow]]:
        """Return the subentries of a gateway: the recipients of its SMS."""
        return {SUBENTRY_RECIPIENT: RecipientSubentryFlow}

    @override
    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the gateway's address and credentials."""
        errors: dict[str, str] = {}
        if user_input is not None:
            user_input[CONF_HOST] = _normalize_host(user_input[CONF_HOST])
            user_input[CONF_PORT] = int(user_input[CONF_PORT])
            found, errors = await _async_get_status(self, user_input)
            if found is not None:
                await self.async_set_unique_id(format_mac(found.status.mac or ""))
                self._abort_if_unique_id_configured(
                    updates={
                        CONF_HOST: user_input[CONF_HOST],
                        CONF_PORT: user_input[CONF_PORT],
                        **found.entry_data,
                    }
                )
                return self.async_create_entry(
                    title=entry_title(found.status),
                    data={**user_input, **found.entry_data},
                )
        return self.async_show_form(
            step_id="user",
            data_schema=_suggested(self, USER_SCHEMA, user_input),
            errors=errors,
        )

    async def async_step_reauth(
        self, entry_data: Mapping[str, Any]
    ) -> ConfigFlowResult:
        """Start reauthentication after the gateway rejected the credentials."""
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the gateway's new credentials."""
        entry = self._get_reauth_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            found, errors = await _async_get_status(
                self,
                {**entry.data, **user_input},
                allow_password=password_allowed(entry.data),
            )
            if found is not None:
                await self.async_set_unique_id(format_mac(found.status.mac or ""))
                self._abort_if_unique_id_mismatch(reason="wrong_device")
                return self.async_update_reload_and_abort(
                    entry,
                    data_updates={**user_input, **found.entry_data},
                )
        suggested = user_input or {CONF_USERNAME: entry.data[CONF_USERNAME]}
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=_suggested(self, REAUTH_SCHEMA, suggested),
            description_placeholders={"host": entry.data[CONF_HOST]},
            errors=errors,
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the gateway's address; it must still be the same gateway."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            user_input[CONF_HOST] = _normalize_host(user_input[CONF_HOST])
            user_input[CONF_PORT] = int(user_input[CONF_PORT])
            # The password is allowed here: reconfiguring is how a user accepts a
            # gateway that no longer answers the handshake (new firmware).
            found, errors = await _async_get_status(self, {**entry.data, **user_input})
            if found is not None:
                await self.async_set_unique_id(format_mac(found.status.mac or ""))
                self._abort_if_unique_id_mismatch(reason="wrong_device")
                return self.async_update_reload_and_abort(
                    entry,
                    data_updates={**user_input, **found.entry_data},
                )
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=_suggested(self, RECONFIGURE_SCHEMA, user_input or entry.data),
            errors=errors,
        )


class EjoinOptionsFlow(OptionsFlowWithReload):
    """Change how the gateway's state and messages reach Home Assistant."""

    config_entry: EjoinConfigEntry

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Show and store the options; the entry reloads when they change."""
        errors: dict[str, str] = {}
        if user_input is not None:
            if url := user_input.get(CONF_WEBHOOK_BASE_URL):
                try:
                    user_input[CONF_WEBHOOK_BASE_URL] = cv.url(url).rstrip("/")
                except vol.Invalid:
                    errors[CONF_WEBHOOK_BASE_URL] = "invalid_url"
            else:
                user_input.pop(CONF_WEBHOOK_BASE_URL, None)
            # Addresses or networks the gateway's pushes may come from (NAT).
            if sources := [
                value.strip()
                for value in user_input.get(CONF_PUSH_SOURCES, [])
                if value.strip()
            ]:
                try:
                    parse_networks(sources)
                except ValueError:
                    errors[CONF_PUSH_SOURCES] = "invalid_push_source"
                user_input[CONF_PUSH_SOURCES] = sources
            else:
                user_input.pop(CONF_PUSH_SOURCES, None)
            if ports := str(user_input.get(CONF_ENTITY_PORTS) or "").strip():
                try:
                    user_input[CONF_ENTITY_PORTS] = str(PortSelection.parse(ports))
                except ValueError:
                    errors[CONF_ENTITY_PORTS] = "invalid_ports"
            else:
                user_input.pop(CONF_ENTITY_PORTS, None)
            # The number selector gives a float.
            user_input[CONF_HISTORY_SIZE] = int(user_input[CONF_HISTORY_SIZE])
            if not errors:
                return self.async_create_entry(data=user_input)
        currency = self.hass.config.currency
        schema = vol.Schema(
            {
                vol.Required(CONF_PUSH, default=DEFAULT_PUSH): BooleanSelector(),
                vol.Optional(CONF_WEBHOOK_BASE_URL): TextSelector(
                    TextSelectorConfig(type=TextSelectorType.URL)
                ),
                vol.Required(
                    CONF_WEBHOOK_LOCAL_ONLY, default=DEFAULT_WEBHOOK_LOCAL_ONLY
                ): BooleanSelector(),
                vol.Required(
                    CONF_PUSH_SOURCE_CHECK, default=DEFAULT_PUSH_SOURCE_CHECK
                ): BooleanSelector(),
                vol.Optional(CONF_PUSH_SOURCES): TextSelector(
                    TextSelectorConfig(multiple=True)
                ),
                vol.Required(
                    CONF_INBOX_POLLING, default=DEFAULT_INBOX_POLLING
                ): BooleanSelector(),
                vol.Optional(CONF_ENTITY_PORTS): TextSelector(),
                vol.Required(CONF_CURRENCY, default=currency): SelectSelector(
                    SelectSelectorConfig(
                        options=sorted(ACTIVE_CURRENCIES),
                        mode=SelectSelectorMode.DROPDOWN,
                        sort=True,
                    )
                ),
                # The message history of the card and ejoin.get_history.
                vol.Required(
                    CONF_HISTORY_SIZE, default=DEFAULT_HISTORY_SIZE
                ): NumberSelector(
                    NumberSelectorConfig(
                        min=0, max=MAX_HISTORY_SIZE, step=1, mode=NumberSelectorMode.BOX
                    )
                ),
            }
        )
        return self.async_show_form(
            step_id="init",
            data_schema=_suggested(
                self, schema, user_input or self.config_entry.options
            ),
            description_placeholders=self._description_placeholders(),
            errors=errors,
        )

    def _description_placeholders(self) -> dict[str, str]:
        """Return the placeholders of the options form's description.

        Hook for messaging: the URL to paste as the gateway's MMS push target.
        """
        return {"mms_url": webhook_push_url(self.hass, self.config_entry) or "-"}
