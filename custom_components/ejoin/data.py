"""Per-entry runtime data of the Ejoin integration."""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from homeassistant.config_entries import ConfigEntry

if TYPE_CHECKING:
    from homeassistant.const import Platform

    from .api import EjoinClient
    from .coordinator import EjoinCoordinator
    from .entity_budget import SlotBudget
    from .history import MessageHistory
    from .inbox import InboxPoller
    from .modem import ModemCommands
    from .push_target import PushTarget
    from .radio import RadioCoordinator
    from .receiver import MessageReceiver
    from .sender import MessageSender

type EjoinConfigEntry = ConfigEntry[EjoinRuntimeData]


@dataclass
class EjoinRuntimeData:
    """What one configured gateway needs while it is loaded."""

    client: EjoinClient
    coordinator: EjoinCoordinator
    #: The gateway's device, registered once at set-up.
    device_id: str
    receiver: MessageReceiver
    inbox: InboxPoller
    push_target: PushTarget
    sender: MessageSender
    #: Which slots get entities (a gateway never nears the cap).
    slot_budget: SlotBudget
    #: API v3: USSD requests and AT commands; the radio, None without a radio API.
    modem: ModemCommands
    radio: RadioCoordinator | None
    #: The last messages, for the card and ``ejoin.get_history`` (issue 14).
    history: MessageHistory
    #: The platforms set up for the entry (notify once it has a recipient).
    platforms: list[Platform] = field(default_factory=list)
    #: True while the webhook hands pushes to these parts (else they wait).
    accepting: bool = False
