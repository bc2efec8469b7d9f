"""The requests the device endpoints received: counted, and the newest logged."""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["REQUEST_LOG_SIZE", "LoggedRequest", "RequestLog"]

#: Requests kept in :attr:`RequestLog.entries`.
REQUEST_LOG_SIZE = 10_000


@dataclass(frozen=True, slots=True)
class LoggedRequest:
    """One request to a device endpoint, as it arrived."""

    time: float
    method: str
    #: The HTTP path (``/goip_get_sms.html``).
    path: str
    #: Query parameters in order, repeats kept.
    query: tuple[tuple[str, str], ...]
    #: The body as text (undecodable bytes replaced).
    body: str

    def summary(self) -> dict[str, Any]:
        """Return the JSON-able record of ``GET /_emulator/requests``."""
        return {
            "time": self.time,
            "method": self.method,
            "path": self.path,
            "query": [list(pair) for pair in self.query],
            "body": self.body,
        }


class RequestLog:
    """Count every request per endpoint and keep the newest ones whole."""

    def __init__(self, *, clock: Callable[[], float]) -> None:
        """Start empty."""
        self.clock = clock
        #: Requests per device endpoint (``goip_get_status.html`` ...).
        self.counts: Counter[str] = Counter()
        #: The newest requests, oldest first (at most :data:`REQUEST_LOG_SIZE`).
        self.entries: deque[LoggedRequest] = deque(maxlen=REQUEST_LOG_SIZE)

    def record(
        self, *, method: str, path: str, query: list[tuple[str, str]], body: str
    ) -> None:
        """Count and log one request to a device endpoint."""
        self.counts[path.lstrip("/")] += 1
        self.entries.append(
            LoggedRequest(
                time=self.clock(),
                method=method,
                path=path,
                query=tuple(query),
                body=body,
            )
        )

    def clear(self) -> None:
        """Forget the counts and the log."""
        self.counts.clear()
        self.entries.clear()
