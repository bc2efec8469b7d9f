/**
 * The card <-> integration protocol, version 1 (see PROTOCOL.md): the objects the
 * integration's websocket commands send and the card configuration.
 */

export const DOMAIN = "ejoin";
export const CARD_TYPE = "ejoin-gateway-card";

export type PanelName = "grid" | "messages" | "compose";
export const PANELS: readonly PanelName[] = ["grid", "messages", "compose"];

export interface CardConfig {
  type: string;
  config_entry_id: string;
  title?: string;
  panels?: PanelName[];
}

/** One item of `ejoin/gateways`; the size is null while the gateway is not loaded. */
export interface GatewaySummary {
  config_entry_id: string;
  title: string;
  mac: string;
  ports: number | null;
  slots_per_port: number | null;
  loaded: boolean;
}

export interface Gateway {
  config_entry_id: string;
  title: string;
  mac: string;
  firmware: string | null;
  ports: number;
  slots_per_port: number;
  available: boolean;
}

export type SlotState = "registered" | "idle" | "no_sim" | "failed" | "locked" | "unknown";

export interface Slot {
  slot: string;
  port: number;
  index: number;
  state: SlotState;
  status: string | null;
  active: boolean;
  signal_dbm: number | null;
  signal_bars: number | null;
  balance: string | null;
  operator: string | null;
  number: string | null;
  iccid: string | null;
  imsi: string | null;
  imei: string | null;
}

interface MessageBase {
  id: string;
  at: string;
  slot: string | null;
}

export interface SmsReceived extends MessageBase {
  kind: "sms_received";
  sender: string;
  recipient: string | null;
  text: string;
}

export interface DeliveryReport extends MessageBase {
  kind: "delivery_report";
  recipient: string;
  delivered: boolean;
  code: number;
}

export interface SmsSent extends MessageBase {
  kind: "sms_sent";
  tid: string | number;
  number: string;
  success: boolean | null;
  reason: string | null;
}

export type Message = SmsReceived | DeliveryReport | SmsSent;

export type GatewayEvent =
  | { type: "snapshot"; gateway: Gateway; slots: Slot[]; messages: Message[] }
  | { type: "gateway"; gateway: Gateway }
  | { type: "slots"; slots: Slot[] }
  | { type: "message"; message: Message }
  | { type: "history_cleared" };

export interface SlotStatistics {
  slot: string;
  sms: Record<string, number> | null;
}

/** One recipient's outcome in the `send_sms` response. */
export interface SendResult {
  number: string;
  success: boolean | null;
  reason?: string | null;
  [key: string]: unknown;
}

export type Coding = "auto" | "7bit" | "ucs2";
