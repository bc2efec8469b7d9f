/**
 * From the protocol's slots to what the grid draws: the state's colour, icon and name,
 * the ports in order with a cell for every slot, and the count per state.
 */
import {
  mdiAlertCircle,
  mdiCheckCircle,
  mdiHelpCircleOutline,
  mdiLock,
  mdiSimOff,
  mdiSimOutline,
} from "@mdi/js";
import type { Gateway, Slot, SlotState } from "./protocol.js";
import { type StringKey, t, tOptional } from "./strings.js";

export const SLOT_STATES: readonly SlotState[] = [
  "registered",
  "idle",
  "no_sim",
  "failed",
  "locked",
  "unknown",
];

export interface StateLook {
  /** A CSS colour from the theme (Home Assistant's variables, with fallbacks). */
  color: string;
  /** An SVG path (Material Design Icons): the state never rests on colour alone. */
  icon: string;
}

const LOOKS: Record<SlotState, StateLook> = {
  registered: { color: "var(--success-color, #43a047)", icon: mdiCheckCircle },
  idle: { color: "var(--info-color, #039be5)", icon: mdiSimOutline },
  no_sim: { color: "var(--disabled-color, #9e9e9e)", icon: mdiSimOff },
  failed: { color: "var(--error-color, #db4437)", icon: mdiAlertCircle },
  locked: { color: "var(--warning-color, #ffa600)", icon: mdiLock },
  unknown: { color: "var(--secondary-text-color, #727272)", icon: mdiHelpCircleOutline },
};

/** The state as the card knows it: a value it does not know is `unknown`. */
export function normalState(state: unknown): SlotState {
  return SLOT_STATES.includes(state as SlotState) ? (state as SlotState) : "unknown";
}

export function stateLook(state: SlotState): StateLook {
  return LOOKS[state];
}

export function stateName(state: SlotState): string {
  return t(`state.${state}` as StringKey);
}

/** The detailed status (the status sensor's option key) as words. */
export function statusName(status: string | null): string | null {
  if (status === null) return null;
  return tOptional(`status.${status}`, status.replaceAll("_", " "));
}

/** Signal bars 0..4, or null when unknown; out-of-range values are clamped. */
export function signalBars(slot: Pick<Slot, "signal_bars">): number | null {
  const bars = slot.signal_bars;
  if (bars === null || bars === undefined || !Number.isFinite(bars)) return null;
  return Math.min(4, Math.max(0, Math.round(bars)));
}

/** What a screen reader says for a cell (and its tooltip). */
export function cellLabel(slot: Slot): string {
  const bars = signalBars(slot);
  return t("grid.cell", {
    slot: slot.slot,
    state: stateName(normalState(slot.state)),
    active: slot.active ? t("grid.cell_active") : "",
    signal: bars === null ? t("grid.signal_none") : t("grid.signal_bars", { bars }),
  });
}

/** A slot's address in the gateway's notation: port and two-digit index, "3.02". */
export function slotAddress(port: number, index: number): string {
  return `${port}.${String(index).padStart(2, "0")}`;
}

/** A slot the gateway has not reported (yet): drawn as unknown. */
export function emptySlot(port: number, index: number): Slot {
  return {
    slot: slotAddress(port, index),
    port,
    index,
    state: "unknown",
    status: null,
    active: false,
    signal_dbm: null,
    signal_bars: null,
    balance: null,
    operator: null,
    number: null,
    iccid: null,
    imsi: null,
    imei: null,
  };
}

export interface PortRow {
  port: number;
  slots: Slot[];
}

/**
 * The ports 1..N in order, each with its slots 1..M in order. Slots the gateway did
 * not report are drawn as unknown; reported slots beyond the declared size are kept,
 * so nothing the integration sends is hidden.
 */
export function buildPorts(gateway: Pick<Gateway, "ports" | "slots_per_port">, slots: Iterable<Slot>): PortRow[] {
  const byPort = new Map<number, Map<number, Slot>>();
  for (const slot of slots) {
    let port = byPort.get(slot.port);
    if (port === undefined) byPort.set(slot.port, (port = new Map()));
    port.set(slot.index, slot);
  }
  const portNumbers = new Set<number>(byPort.keys());
  for (let port = 1; port <= gateway.ports; port++) portNumbers.add(port);
  return [...portNumbers]
    .sort((a, b) => a - b)
    .map((port) => {
      const known = byPort.get(port) ?? new Map<number, Slot>();
      const last = Math.max(gateway.slots_per_port, ...known.keys());
      const row: Slot[] = [];
      for (let index = 1; index <= last; index++) {
        row.push(known.get(index) ?? emptySlot(port, index));
      }
      return { port, slots: row };
    });
}

/** How many slots are in each state (for the legend). */
export function countStates(ports: readonly PortRow[]): Record<SlotState, number> {
  const counts = Object.fromEntries(SLOT_STATES.map((state) => [state, 0])) as Record<
    SlotState,
    number
  >;
  for (const row of ports) {
    for (const slot of row.slots) counts[normalState(slot.state)] += 1;
  }
  return counts;
}
