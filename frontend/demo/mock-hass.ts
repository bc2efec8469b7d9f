/**
 * A fake `hass` for the demo page: a connection that answers the card protocol
 * (PROTOCOL.md) for generated gateways of any size, with live events on demand.
 */
import type { HassConnection, HomeAssistant } from "../src/hass.js";
import type { Gateway, GatewayEvent, GatewaySummary, Message, SendResult, Slot, SlotState } from "../src/protocol.js";

export interface MockOptions {
  ports: number;
  slots: number;
  /** How many gateways `ejoin/gateways` lists (0: none configured). */
  gateways: number;
  admin: boolean;
  seed: number;
}

/** A small deterministic random generator (mulberry32), so screenshots repeat. */
function random(seed: number): () => number {
  let value = seed >>> 0;
  return () => {
    value = (value + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(value ^ (value >>> 15), 1 | value);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

const STATUS_OF: Record<SlotState, string | null> = {
  registered: "registered",
  idle: "idle_sim",
  no_sim: "no_sim",
  failed: "register_failed",
  locked: "user_locked",
  unknown: null,
};
const OPERATORS = ["Telekom.de", "Vodafone.de", "o2 - de", "1&1"];
const SENDERS = ["+491701234567", "+491609876543", "Vodafone", "+4915112345678", "DHL"];
const TEXTS = [
  "Your parcel arrives today between 10:00 and 12:00.",
  "Ihr Guthaben beträgt 4,20 €.",
  "Code: 482913",
  "Reminder: meeting at 3 pm 📅",
  "Test message from the monitoring system",
];

let clock = Date.parse("2026-05-04T08:00:00Z");
function nextTime(): string {
  clock += 47_000;
  return new Date(clock).toISOString();
}

type Listener = (event: GatewayEvent) => void;

export class MockGateway {
  readonly entryId: string;
  gateway: Gateway;
  slots = new Map<string, Slot>();
  messages: Message[] = [];
  private rand: () => number;
  private listeners = new Set<Listener>();
  private messageId = 0;

  constructor(entryId: string, title: string, ports: number, slotsPerPort: number, seed: number) {
    this.entryId = entryId;
    this.rand = random(seed);
    this.gateway = {
      config_entry_id: entryId,
      title,
      mac: "00:1f:c1:00:45:f9",
      firmware: "EJOIN-1.2.3",
      ports,
      slots_per_port: slotsPerPort,
      available: true,
    };
    for (let port = 1; port <= ports; port++) {
      const active = 1 + Math.floor(this.rand() * slotsPerPort);
      for (let index = 1; index <= slotsPerPort; index++) {
        const slot = this.makeSlot(port, index, index === active);
        this.slots.set(slot.slot, slot);
      }
    }
    for (let i = 0; i < 30; i++) this.messages.unshift(this.makeMessage());
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rand() * items.length)]!;
  }

  private makeSlot(port: number, index: number, active: boolean): Slot {
    const roll = this.rand();
    const state: SlotState =
      roll < 0.68 ? "registered" : roll < 0.83 ? "idle" : roll < 0.92 ? "no_sim" : roll < 0.97 ? "failed" : "locked";
    const present = state !== "no_sim";
    const bars = present && state !== "failed" ? Math.floor(this.rand() * 5) : null;
    const digits = (n: number) => Array.from({ length: n }, () => Math.floor(this.rand() * 10)).join("");
    return {
      slot: `${port}.${String(index).padStart(2, "0")}`,
      port,
      index,
      state,
      status: STATUS_OF[state],
      active,
      signal_dbm: bars === null ? null : -113 + bars * 14 + Math.floor(this.rand() * 8),
      signal_bars: bars,
      balance: present ? `${(this.rand() * 30).toFixed(2)} EUR` : null,
      operator: present ? this.pick(OPERATORS) : null,
      number: present && this.rand() < 0.8 ? `+49151${digits(8)}` : null,
      iccid: present ? `8949${digits(15)}` : null,
      imsi: present ? `26201${digits(10)}` : null,
      imei: `86${digits(13)}`,
    };
  }

  private randomSlotAddress(): string {
    const port = 1 + Math.floor(this.rand() * this.gateway.ports);
    const index = 1 + Math.floor(this.rand() * this.gateway.slots_per_port);
    return `${port}.${String(index).padStart(2, "0")}`;
  }

  private makeMessage(): Message {
    const id = `m${++this.messageId}`;
    const slot = this.randomSlotAddress();
    const roll = this.rand();
    if (roll < 0.6) {
      return { id, kind: "sms_received", at: nextTime(), slot, sender: this.pick(SENDERS), recipient: null, text: this.pick(TEXTS) };
    }
    if (roll < 0.8) {
      const delivered = this.rand() < 0.8;
      return { id, kind: "delivery_report", at: nextTime(), slot, recipient: this.pick(SENDERS), delivered, code: delivered ? 0 : 34 };
    }
    const success = this.rand() < 0.85;
    return {
      id,
      kind: "sms_sent",
      at: nextTime(),
      slot,
      tid: this.messageId,
      number: this.pick(SENDERS),
      success,
      reason: success ? null : "Network rejected the message",
    };
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    listener(this.snapshot());
    return () => this.listeners.delete(listener);
  }

  /** The connection is gone: nobody hears events until they subscribe again. */
  dropListeners(): void {
    this.listeners.clear();
  }

  snapshot(): GatewayEvent {
    return { type: "snapshot", gateway: this.gateway, slots: [...this.slots.values()], messages: [...this.messages] };
  }

  emit(event: GatewayEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  summary(): GatewaySummary {
    const { config_entry_id, title, mac, ports, slots_per_port } = this.gateway;
    return { config_entry_id, title, mac, ports, slots_per_port, loaded: true };
  }

  /** A new received SMS, as the integration's message intake would push it. */
  injectSms(text = this.pick(TEXTS), sender = this.pick(SENDERS)): Message {
    const message: Message = { id: `m${++this.messageId}`, kind: "sms_received", at: nextTime(), slot: this.randomSlotAddress(), sender, recipient: null, text };
    this.addMessage(message);
    return message;
  }

  addMessage(message: Message): void {
    this.messages.unshift(message);
    this.emit({ type: "message", message });
  }

  /** Some slots change signal or state, as a coordinator refresh would report. */
  churn(count: number): void {
    const changed: Slot[] = [];
    for (let i = 0; i < count; i++) {
      const old = this.slots.get(this.randomSlotAddress())!;
      const fresh = { ...this.makeSlot(old.port, old.index, old.active), number: old.number, iccid: old.iccid, imsi: old.imsi, imei: old.imei };
      this.slots.set(fresh.slot, fresh);
      changed.push(fresh);
    }
    this.emit({ type: "slots", slots: changed });
  }

  setAvailable(available: boolean): void {
    this.gateway = { ...this.gateway, available };
    this.emit({ type: "gateway", gateway: this.gateway });
  }

  updateSlots(changed: Slot[]): void {
    for (const slot of changed) this.slots.set(slot.slot, slot);
    this.emit({ type: "slots", slots: changed });
  }

  portSlots(port: number): Slot[] {
    return [...this.slots.values()].filter((slot) => slot.port === port);
  }
}

interface ServiceCall {
  domain: string;
  service: string;
  service_data: Record<string, unknown>;
  return_response?: boolean;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class MockHass {
  readonly gateways: MockGateway[] = [];
  hass: HomeAssistant;
  private watchers = new Set<(hass: HomeAssistant) => void>();
  /** Every service call the card made, for checks. */
  readonly calls: ServiceCall[] = [];

  constructor(options: MockOptions) {
    for (let i = 0; i < options.gateways; i++) {
      const suffix = i === 0 ? "" : ` ${i + 1}`;
      this.gateways.push(new MockGateway(`entry${i + 1}`, `Ejoin 45F9${suffix}`, options.ports, options.slots, options.seed + i));
    }
    const connection: HassConnection = {
      subscribeMessage: async <T>(callback: (message: T) => void, message: Record<string, unknown>) => {
        if (message.type !== "ejoin/subscribe") throw { code: "unknown_command", message: "Unknown command." };
        const gateway = this.gateway(String(message.config_entry_id));
        if (gateway === undefined) throw { code: "not_found", message: "Gateway not found." };
        await Promise.resolve();
        const stop = gateway.subscribe(callback as unknown as Listener);
        return async () => {
          stop();
        };
      },
    };
    this.hass = {
      connection,
      connected: true,
      callWS: <T>(message: Record<string, unknown>) => this.callWS(message) as Promise<T>,
      user: { is_admin: options.admin, name: "Demo" },
      locale: { language: "en-GB" },
      language: "en",
      themes: { darkMode: false },
    };
  }

  /** Called with a new `hass` object whenever it changes, as Home Assistant does. */
  watch(onChange: (hass: HomeAssistant) => void): void {
    this.watchers.add(onChange);
  }

  private update(changes: Partial<HomeAssistant>): void {
    this.hass = { ...this.hass, ...changes };
    for (const watcher of this.watchers) watcher(this.hass);
  }

  gateway(entryId: string): MockGateway | undefined {
    return this.gateways.find((gateway) => gateway.entryId === entryId);
  }

  /** Drop the connection for a moment: subscriptions end, then the card must resubscribe. */
  async reconnect(ms = 1500): Promise<void> {
    for (const gateway of this.gateways) gateway.dropListeners();
    this.update({ connected: false });
    await delay(ms);
    this.update({ connected: true });
  }

  private async callWS(message: Record<string, unknown>): Promise<unknown> {
    switch (message.type) {
      case "ejoin/gateways":
        return { gateways: this.gateways.map((gateway) => gateway.summary()) };
      case "ejoin/slot_statistics": {
        await delay(150);
        const slot = String(message.slot);
        const [port] = slot.split(".").map(Number);
        if (port === 2) return { slot, sms: null };
        const seed = [...slot].reduce((sum, c) => sum + c.charCodeAt(0), 0);
        return { slot, sms: { sent: seed * 7, failed: seed % 9, received: seed * 3 } };
      }
      case "call_service":
        return this.callService(message as unknown as ServiceCall);
      default:
        throw { code: "unknown_command", message: `Unknown command ${String(message.type)}.` };
    }
  }

  private async callService(call: ServiceCall): Promise<unknown> {
    this.calls.push(call);
    if (!this.hass.user?.is_admin) throw { code: "unauthorized", message: "Unauthorized" };
    const data = call.service_data;
    const gateway = this.gateway(String(data.config_entry_id));
    if (call.domain !== "ejoin" || gateway === undefined) throw { code: "not_found", message: "Gateway not found." };
    await delay(300);
    const portOf = () => Number(String(data.ports).split(".")[0]);
    switch (call.service) {
      case "switch_sim": {
        const target = gateway.slots.get(String(data.slot));
        if (target === undefined) throw { code: "service_validation_error", message: `Unknown slot ${String(data.slot)}.` };
        gateway.updateSlots(gateway.portSlots(target.port).map((slot) => ({ ...slot, active: slot.slot === target.slot })));
        return { context: {}, response: null };
      }
      case "lock_ports":
      case "unlock_ports": {
        const locked = call.service === "lock_ports";
        gateway.updateSlots(
          gateway
            .portSlots(portOf())
            .filter((slot) => slot.active)
            .map((slot) => ({ ...slot, state: locked ? "locked" : "registered", status: locked ? "user_locked" : "registered" })),
        );
        return { context: {}, response: null };
      }
      case "reset_ports":
        gateway.updateSlots(gateway.portSlots(portOf()).map((slot) => ({ ...slot, state: "idle", status: "registering", signal_bars: 0 })));
        return { context: {}, response: null };
      case "send_sms": {
        await delay(500);
        const results: SendResult[] = (data.to as string[]).map((number) => {
          const success = !number.endsWith("0000");
          return { number, success, reason: success ? null : "No route to the number" };
        });
        const slot = typeof data.ports === "string" && data.ports.includes(".") ? data.ports : `${data.ports ?? 1}.01`;
        for (const result of results) {
          gateway.addMessage({
            id: `sent-${Date.now()}-${result.number}`,
            kind: "sms_sent",
            at: nextTime(),
            slot,
            tid: Date.now(),
            number: result.number,
            success: result.success,
            reason: result.reason ?? null,
          });
        }
        return { context: {}, response: { results } };
      }
      case "clear_history":
        gateway.messages = [];
        gateway.emit({ type: "history_cleared" });
        return { context: {}, response: null };
      default:
        throw { code: "not_found", message: `Unknown action ejoin.${call.service}.` };
    }
  }
}
