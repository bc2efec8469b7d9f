"""The one way to send something to the gateway: errors mapped, state refreshed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from functools import wraps
from typing import TYPE_CHECKING, Any, cast

from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import service

from .api import (
    DeviceStatus,
    EjoinAuthenticationError,
    EjoinConnectionError,
    EjoinError,
    EjoinRefusedError,
    EjoinUnsupportedError,
    SlotAddress,
)
from .const import ATTR_CONFIG_ENTRY_ID, DOMAIN
from .coordinator import EjoinCoordinator
from .journal import JournalError

if TYPE_CHECKING:
    from homeassistant.core import ServiceCall

    from .data import EjoinConfigEntry
    from .entity import EjoinEntity


def current_slot(status: DeviceStatus, port: int) -> SlotAddress | None:
    """Return the address of a port's current SIM slot, None when unknown.

    The slot flagged ``active``. Rows of empty slots may carry no flag at all: when
    the gateway reports every slot of the port, all flagged ones are inactive and a
    single one has no flag, that one is current.
    """
    if (active := status.active_slot(port)) is not None:
        return active.address
    slots = status.slots_of(port)
    unflagged = [slot for slot in slots if slot.active is None]
    if len(slots) == status.slots_per_port and len(unflagged) == 1:
        return unflagged[0].address
    return None


def _coordinator(owner: EjoinEntity | EjoinCoordinator) -> EjoinCoordinator:
    """Return the coordinator of an entity, or the coordinator itself."""
    return owner if isinstance(owner, EjoinCoordinator) else owner.coordinator


def ejoin_command[FuncT: Callable[..., Coroutine[Any, Any, Any]]](
    func: FuncT,
) -> FuncT:
    """Decorate every method that changes something on the gateway.

    Errors are mapped as by :func:`ejoin_query`. After a successful command the
    coordinator refreshes (debounced), so the entities show what the gateway made
    of it; the gateway's own ``port-status`` pushes usually arrive even sooner.
    """
    return _mapped(func, refresh=True)


def ejoin_query[FuncT: Callable[..., Coroutine[Any, Any, Any]]](
    func: FuncT,
) -> FuncT:
    """Decorate every method that only reads from the gateway.

    The first argument is an entity of the gateway or its coordinator. Client
    errors become a translated :class:`HomeAssistantError`:

    - rejected credentials start the reauthentication flow;
    - an unreachable gateway makes the gateway's entities unavailable at once,
      the next successful poll brings them back;
    - a refusal names the device's code and reason.
    """
    return _mapped(func, refresh=False)


def _mapped[FuncT: Callable[..., Coroutine[Any, Any, Any]]](
    func: FuncT, *, refresh: bool
) -> FuncT:
    @wraps(func)
    async def handler(
        owner: EjoinEntity | EjoinCoordinator, /, *args: Any, **kwargs: Any
    ) -> Any:
        coordinator = _coordinator(owner)
        try:
            result = await func(owner, *args, **kwargs)
        except EjoinAuthenticationError as err:
            coordinator.config_entry.async_start_reauth(coordinator.hass)
            raise HomeAssistantError(
                translation_domain=DOMAIN, translation_key="auth_failed"
            ) from err
        except EjoinConnectionError as err:
            if coordinator.last_update_success:
                # The outage's one log line (the polls that fail next log at
                # debug level; the coordinator logs the recovery).
                coordinator.logger.error(
                    "Lost the connection to %s: %s", coordinator.name, err
                )
                coordinator.last_update_success = False
                coordinator.async_update_listeners()
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="communication_error",
                translation_placeholders={"error": str(err)},
            ) from err
        except EjoinUnsupportedError as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="not_supported",
                translation_placeholders={"operation": err.operation},
            ) from err
        except EjoinRefusedError as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="command_refused",
                translation_placeholders={"code": str(err.code), "reason": err.reason},
            ) from err
        except EjoinError as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="invalid_response",
                translation_placeholders={"error": str(err)},
            ) from err
        except JournalError as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="storage_failed",
                translation_placeholders={"error": str(err)},
            ) from err
        if refresh:
            await coordinator.async_request_refresh()
        return result

    return cast("FuncT", handler)


@ejoin_command
async def run_command[T](
    coordinator: EjoinCoordinator, request: Callable[[], Awaitable[T]]
) -> T:
    """Run a request of an action that changes the gateway; the status refreshes."""
    return await request()


@ejoin_query
async def run_query[T](
    coordinator: EjoinCoordinator, request: Callable[[], Awaitable[T]]
) -> T:
    """Run a request of an action that changes nothing the status shows."""
    return await request()


def call_entry(call: ServiceCall) -> EjoinConfigEntry:
    """Return the loaded entry an action call is for (its ``config_entry_id``)."""
    entry: EjoinConfigEntry = service.async_get_config_entry(
        call.hass, DOMAIN, call.data.get(ATTR_CONFIG_ENTRY_ID)
    )
    return entry
