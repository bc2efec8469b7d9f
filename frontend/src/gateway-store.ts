/**
 * The card's copy of a gateway, kept from the subscription's events: a snapshot starts
 * over, the other events change what they name. Pure, so it is tested without a browser.
 */
import type { Gateway, GatewayEvent, Message, Slot } from "./protocol.js";

/** Messages kept at most, unless a snapshot brings more (the integration's history size). */
export const MESSAGE_LIMIT = 500;

export interface GatewayData {
  gateway: Gateway;
  /** By slot address ("3.02"). */
  slots: ReadonlyMap<string, Slot>;
  /** Newest first. */
  messages: readonly Message[];
  /** Messages kept at most: the snapshot's length or MESSAGE_LIMIT, the larger. */
  messageLimit: number;
}

/** The data after one event; `undefined` before the first snapshot stays so for others. */
export function applyEvent(data: GatewayData | undefined, event: GatewayEvent): GatewayData | undefined {
  switch (event.type) {
    case "snapshot":
      return {
        gateway: event.gateway,
        slots: new Map(event.slots.map((slot) => [slot.slot, slot])),
        messages: [...event.messages],
        messageLimit: Math.max(MESSAGE_LIMIT, event.messages.length),
      };
    case "gateway":
      return data && { ...data, gateway: event.gateway };
    case "slots": {
      if (data === undefined) return undefined;
      const slots = new Map(data.slots);
      for (const slot of event.slots) slots.set(slot.slot, slot);
      return { ...data, slots };
    }
    case "message": {
      if (data === undefined) return undefined;
      // A message seen already (e.g. in a snapshot that raced it) is not shown twice.
      const rest = data.messages.filter((message) => message.id !== event.message.id);
      return { ...data, messages: [event.message, ...rest].slice(0, data.messageLimit) };
    }
    case "history_cleared":
      return data && { ...data, messages: [] };
    default:
      // An event type of a later protocol version: ignored, the card keeps working.
      return data;
  }
}

export interface MessageFilter {
  /** A slot address, or "" for every slot. */
  slot: string;
  /** Part of the sender's (or recipient's) number, case-insensitive; "" for all. */
  party: string;
}

/** The number a message is from or to: sender, recipient or number by kind. */
export function messageParty(message: Message): string {
  switch (message.kind) {
    case "sms_received":
      return message.sender;
    case "delivery_report":
      return message.recipient;
    case "sms_sent":
      return message.number;
    default:
      return "";
  }
}

export function filterMessages(messages: readonly Message[], filter: MessageFilter): Message[] {
  const party = filter.party.trim().toLowerCase();
  return messages.filter(
    (message) =>
      (filter.slot === "" || message.slot === filter.slot) &&
      (party === "" || messageParty(message).toLowerCase().includes(party)),
  );
}

/** The slots messages came from or went through, in slot order (for the filter). */
export function messageSlots(messages: readonly Message[]): string[] {
  const slots = new Set<string>();
  for (const message of messages) if (message.slot) slots.add(message.slot);
  return [...slots].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
}

/** Recipients typed in one box: split on commas, semicolons and new lines (not on spaces, which numbers are often written with). */
export function parseRecipients(text: string): string[] {
  const seen = new Set<string>();
  for (const part of text.split(/[,;\n]+/)) {
    const number = part.trim();
    if (number) seen.add(number);
  }
  return [...seen];
}

/** A sending port ("3") or slot ("3.02"); empty means any. */
export function validPortOrSlot(text: string): boolean {
  return /^(\d{1,3}(\.\d{1,2})?)?$/.test(text.trim());
}
