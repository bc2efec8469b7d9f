"""The pushes the gateway makes: waiting to be sent, and the log of all of them."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from .wakeup import Wakeup

__all__ = ["PUSH_LOG_SIZE", "Outbox", "OutgoingPush"]

#: Pushes kept in :attr:`Outbox.log`: room for a test's 10,000 SMS and more.
PUSH_LOG_SIZE = 20_000


@dataclass(slots=True, eq=False)
class OutgoingPush:
    """One HTTP POST the gateway makes, with its outcome once sent."""

    kind: str
    url: str
    body: bytes
    content_type: str
    created: float
    headers: dict[str, str] = field(default_factory=dict)
    payload: Any = None
    #: The HTTP status it was answered with.
    status: int | None = None
    #: Why it failed: the connection's error, or the status (``"HTTP 404"``).
    error: str | None = None
    #: Why it was not sent at all (no URL configured, device offline, stopped).
    dropped: str | None = None

    @property
    def outcome(self) -> str:
        """``pending``, ``delivered``, ``failed`` or ``dropped``."""
        if self.dropped is not None:
            return "dropped"
        if self.error is not None:
            return "failed"
        return "pending" if self.status is None else "delivered"

    def summary(self) -> dict[str, Any]:
        """Return the JSON-able record shown by ``GET /_emulator/state``."""
        return {
            "type": self.kind,
            "url": self.url,
            "status": self.status,
            "error": self.error,
            "dropped": self.dropped,
            "outcome": self.outcome,
            "time": self.created,
            "payload": self.payload,
        }


class Outbox:
    """Queue pushes for the push sender and keep a bounded log of every one."""

    def __init__(
        self, *, clock: Callable[[], float], offline: Callable[[], bool], wakeup: Wakeup
    ) -> None:
        """``offline`` says whether the device is cut off (pushes are dropped)."""
        self.clock = clock
        self.wakeup = wakeup
        self._offline = offline
        self._waiting: deque[OutgoingPush] = deque()
        #: Every push made (newest last, at most :data:`PUSH_LOG_SIZE`).
        self.log: deque[OutgoingPush] = deque(maxlen=PUSH_LOG_SIZE)

    def emit(
        self,
        kind: str,
        url: str,
        payload: Any = None,
        *,
        body: bytes | None = None,
        content_type: str = "application/json;charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> OutgoingPush:
        """Queue one push (or record why it cannot be sent)."""
        if body is None:
            body = json.dumps(payload, ensure_ascii=False).encode()
        push = OutgoingPush(
            kind=kind,
            url=url,
            body=body,
            content_type=content_type,
            created=self.clock(),
            headers=headers or {},
            payload=payload,
        )
        if not url:
            push.dropped = "no url"
        elif self._offline():
            push.dropped = "offline"
        else:
            self._waiting.append(push)
        self.log.append(push)
        self.wakeup()
        return push

    @property
    def has_waiting(self) -> bool:
        """Whether pushes wait to be handed to the push sender."""
        return bool(self._waiting)

    def drain(self) -> list[OutgoingPush]:
        """Return and forget the pushes waiting to be sent."""
        pushes = list(self._waiting)
        self._waiting.clear()
        return pushes
