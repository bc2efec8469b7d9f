"""Which API generation a gateway speaks: found out, kept in the entry, checked again.

Firmware 8.0d and later speaks the JSON API v3 beside or instead of the ``goip_*``
endpoints of v2.1. The config flow asks the gateway (v3 first) when the entry is
created or reconfigured and keeps the answer in the entry's data
(:data:`~.const.CONF_API`, preferred first); an entry from before keeps v2.1 until
it is asked once at set-up. When the gateway reports another firmware version, it
is asked again, and the entry reloads if the answer changed; so it is when a status
poll meets an endpoint the gateway no longer has (a firmware downgrade).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from homeassistant.core import callback
from homeassistant.exceptions import ConfigEntryAuthFailed, ConfigEntryNotReady
from homeassistant.helpers import entity_registry as er

from .api import ApiVersion, EjoinAuthenticationError, EjoinError
from .const import CONF_API, DOMAIN, LOGGER
from .secure_session import (
    AuthMode,
    SecureSessionRefusedError,
    async_negotiate,
    password_allowed,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from homeassistant.core import HomeAssistant

    from .api import DeviceStatus, EjoinClient
    from .data import EjoinConfigEntry


def entry_apis(data: Mapping[str, Any]) -> tuple[ApiVersion, ...] | None:
    """Return the API generations an entry's data names, None when it names none."""
    names = data.get(CONF_API)
    if not isinstance(names, list | tuple) or not names:
        return None
    try:
        return tuple(ApiVersion(name) for name in names)
    except ValueError:
        return None


def api_data(client: EjoinClient) -> list[str]:
    """Return the client's API generations as they are kept in an entry's data."""
    return [str(api) for api in client.apis]


async def async_ensure_api(
    hass: HomeAssistant, entry: EjoinConfigEntry, client: EjoinClient
) -> AuthMode | None:
    """Ask a gateway whose entry names no API generation which ones it speaks.

    Its failures fail the set-up as the first status poll's would: rejected
    credentials start the reauthentication, anything else retries later. The
    secure-session handshake comes first, so the question carries no password
    where the gateway offers the session; its outcome is returned (None when
    the entry names its API generations and nothing was asked).
    """
    if entry_apis(entry.data) is not None:
        return None
    try:
        mode = await async_negotiate(
            client, allow_password=password_allowed(entry.data)
        )
        await client.detect_api()
    except EjoinAuthenticationError as err:
        raise ConfigEntryAuthFailed(
            translation_domain=DOMAIN, translation_key="auth_failed"
        ) from err
    except SecureSessionRefusedError as err:
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN, translation_key="secure_session_refused"
        ) from err
    except EjoinError as err:
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN,
            translation_key="update_failed",
            translation_placeholders={"error": str(err)},
        ) from err
    hass.config_entries.async_update_entry(
        entry, data={**entry.data, CONF_API: api_data(client)}
    )
    return mode


@callback
def forget_entities(
    hass: HomeAssistant, entry: EjoinConfigEntry, keys: Iterable[str]
) -> None:
    """Remove the port entities of ``keys`` that the gateway's API no longer has.

    After a firmware downgrade to v2.1 the v3 entities would stay behind as
    unavailable "no longer provided" entries.
    """
    suffixes = tuple(f"_{key}" for key in keys)
    registry = er.async_get(hass)
    for entity in er.async_entries_for_config_entry(registry, entry.entry_id):
        if "_port_" in entity.unique_id and entity.unique_id.endswith(suffixes):
            registry.async_remove(entity.entity_id)


async def async_check_api(
    hass: HomeAssistant, entry: EjoinConfigEntry, client: EjoinClient
) -> None:
    """Ask again after a firmware change; reload the entry when the answer changed.

    ``client`` is a new client of the entry's gateway (it changes its APIs); it
    asks through a secure session where the gateway offers one.
    """
    try:
        await async_negotiate(client, allow_password=password_allowed(entry.data))
        status: DeviceStatus = await client.detect_api()
    except (EjoinError, SecureSessionRefusedError) as err:
        LOGGER.debug("Could not ask %s for its API generation: %s", entry.title, err)
        return
    if client.apis == entry_apis(entry.data):
        return
    LOGGER.info(
        "Gateway %s (firmware %s) now speaks API %s: reloading it",
        entry.title,
        status.firmware,
        ", ".join(api_data(client)),
    )
    hass.config_entries.async_update_entry(
        entry, data={**entry.data, CONF_API: api_data(client)}
    )
    hass.config_entries.async_schedule_reload(entry.entry_id)
