"""Broken answers of the emulator: every client method raises its typed error."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import aiohttp
import pytest

from custom_components.ejoin.api import (
    EjoinClient,
    EjoinConnectionError,
    EjoinError,
    EjoinResponseError,
    EjoinTimeoutError,
    SmsTask,
)

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from emulator import RunningEmulator

Call = Callable[[EjoinClient], Awaitable[Any]]

#: One call of each kind of reply: status, inbox, parameters, commands, tasks.
CALLS: dict[str, Call] = {
    "get_status": lambda client: client.get_status(),
    "get_sms": lambda client: client.get_sms(start_id=1),
    "get_parameters": lambda client: client.get_parameters("sms_url"),
    "lock": lambda client: client.lock("1"),
    "send_sms": lambda client: client.send_sms(
        SmsTask(tid=5, to=("+15550001111",), message="x")
    ),
    "get_tasks": lambda client: client.get_tasks(port=1),
}

#: Each fault and the error it must surface as.
FAULTS: dict[str, type[EjoinError]] = {
    "http500": EjoinResponseError,
    "garbage": EjoinResponseError,
    "truncated": EjoinResponseError,
    "html": EjoinResponseError,
    "drop": EjoinConnectionError,
    "slow": EjoinTimeoutError,
}


async def _error_of(call: Awaitable[Any]) -> EjoinError | None:
    """Return the client error ``call`` raises, None when it succeeds."""
    try:
        await call
    except EjoinError as err:
        return err
    return None


#: The client's timeout, and how long a ``slow`` fault keeps it waiting: far
#: apart, so a busy machine neither times out a healthy request nor answers the
#: slow one in time.
TIMEOUT = 10.0
SLOW_TIMEOUT = 1.0
SLOW_DELAY = 30.0


def _client(
    emulator: RunningEmulator, session: aiohttp.ClientSession, timeout: float
) -> EjoinClient:
    return EjoinClient(
        emulator.host,
        session=session,
        port=emulator.port,
        username=emulator.username,
        password=emulator.password,
        request_timeout=timeout,
    )


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
def client(emulator: RunningEmulator, session: aiohttp.ClientSession) -> EjoinClient:
    return _client(emulator, session, TIMEOUT)


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("call", list(CALLS))
async def test_fault_raises_its_error(
    emulator: RunningEmulator,
    session: aiohttp.ClientSession,
    client: EjoinClient,
    fault: str,
    call: str,
) -> None:
    """The one broken request raises the fault's error; the next one works.

    A GET whose connection drops may be sent again by aiohttp on its own (it
    retries idempotent requests once): then it simply succeeds.
    """
    emulator.set_fault(fault, delay=SLOW_DELAY, count=1)
    impatient = _client(emulator, session, SLOW_TIMEOUT)
    error = await _error_of(CALLS[call](impatient if fault == "slow" else client))
    if error is None:
        assert fault == "drop", f"{call} did not raise under {fault}"
        assert emulator.gateway.request_counts.total() == 2
    else:
        assert isinstance(error, FAULTS[fault]), repr(error)
        assert emulator.password not in str(error)
    assert emulator.gateway.fault is None
    if call != "send_sms":  # a dropped task was queued: sending it again is 13
        await CALLS[call](client)


async def test_html_status_page_is_not_an_empty_gateway(
    emulator: RunningEmulator, client: EjoinClient
) -> None:
    """An HTML page answered with HTTP 200 is no (plain-text) status at all."""
    emulator.set_fault("html", count=1)
    with pytest.raises(EjoinResponseError, match="key=value"):
        await client.get_status()
    assert (await client.get_status()).max_ports == 8
