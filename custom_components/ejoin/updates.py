"""Which entity hears which change: updates in proportion to what changed.

A 512 x 32 gateway has thousands of enabled entities. Telling every one of them
about every poll or push would cost the event loop milliseconds each time, for a
change in one slot. So an entity says what it shows (:class:`UpdateScope`: one
slot, or every slot of a port, and which fields of :class:`~.api.SlotStatus`),
the coordinator works out what changed (:func:`slot_changes`, off the event loop
for a big gateway), and :class:`ScopedListeners` calls only the entities whose
scope changed. Entities without a scope (the gateway's) hear every update.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from itertools import count
from typing import TYPE_CHECKING, Final

from .api import SlotAddress, SlotStatus

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from homeassistant.core import CALLBACK_TYPE

#: A slot that appeared or disappeared: every listener of the slot hears it.
ANY_FIELD: Final = "*"
_ANY: Final = frozenset({ANY_FIELD})
_FIELDS: Final = tuple(item.name for item in fields(SlotStatus))

type SlotChanges = dict[SlotAddress, frozenset[str]]


@dataclass(frozen=True, slots=True)
class UpdateScope:
    """What an entity shows: a slot, or (``slot`` None) every slot of a port."""

    port: int
    slot: SlotAddress | None
    fields: frozenset[str]


def slot_changes(
    old: Mapping[SlotAddress, SlotStatus], new: Mapping[SlotAddress, SlotStatus]
) -> SlotChanges:
    """Return the changed fields of every slot that changed between two snapshots.

    Pure, so it may run in a worker thread. Unchanged rows of a poll are the same
    objects (the client reuses them), which makes an unchanged slot cost one
    identity check.
    """
    changes: SlotChanges = {}
    added = 0
    for address, slot in new.items():
        before = old.get(address)
        if before is slot:
            continue
        if before is None:
            added += 1
            changes[address] = _ANY
            continue
        changed = frozenset(
            name for name in _FIELDS if getattr(before, name) != getattr(slot, name)
        )
        if changed:
            changes[address] = changed
    if len(old) > len(new) - added:
        for address in old.keys() - new.keys():
            changes[address] = _ANY
    return changes


class ScopedListeners:
    """Listeners indexed by the slot or port they show."""

    def __init__(self) -> None:
        """Start without listeners."""
        self._ids = count()
        self._slots: dict[
            SlotAddress, dict[int, tuple[CALLBACK_TYPE, frozenset[str]]]
        ] = {}
        self._ports: dict[int, dict[int, tuple[CALLBACK_TYPE, frozenset[str]]]] = {}
        self._unscoped: dict[int, CALLBACK_TYPE] = {}

    def add(self, update_callback: CALLBACK_TYPE, scope: object) -> Callable[[], None]:
        """Index a listener; return what removes it from the index."""
        key = next(self._ids)
        if not isinstance(scope, UpdateScope):
            self._unscoped[key] = update_callback

            def remove_unscoped() -> None:
                self._unscoped.pop(key, None)

            return remove_unscoped
        index = (
            self._slots.setdefault(scope.slot, {})
            if scope.slot is not None
            else self._ports.setdefault(scope.port, {})
        )
        index[key] = (update_callback, scope.fields)

        def remove() -> None:
            index.pop(key, None)

        return remove

    def notify(self, changes: SlotChanges) -> None:
        """Call the listeners of what changed, and every unscoped one."""
        for update_callback in list(self._unscoped.values()):
            update_callback()
        ports: dict[int, set[str]] = {}
        for address, changed in changes.items():
            ports.setdefault(address.port, set()).update(changed)
            for update_callback, wanted in list(self._slots.get(address, {}).values()):
                if ANY_FIELD in changed or not wanted.isdisjoint(changed):
                    update_callback()
        for port, port_changed in ports.items():
            for update_callback, wanted in list(self._ports.get(port, {}).values()):
                if ANY_FIELD in port_changed or not wanted.isdisjoint(port_changed):
                    update_callback()
