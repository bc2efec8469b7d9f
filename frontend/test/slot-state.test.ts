import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Slot } from "../src/protocol.js";
import {
  buildPorts,
  cellLabel,
  countStates,
  emptySlot,
  normalState,
  signalBars,
  SLOT_STATES,
  slotAddress,
  stateLook,
  statusName,
} from "../src/slot-state.js";
import { cellsPerLine } from "../src/layout.js";

function slot(port: number, index: number, changes: Partial<Slot> = {}): Slot {
  return { ...emptySlot(port, index), state: "registered", ...changes };
}

describe("state mapping", () => {
  it("keeps the protocol's states and makes anything else unknown", () => {
    for (const state of SLOT_STATES) assert.equal(normalState(state), state);
    assert.equal(normalState("registering"), "unknown");
    assert.equal(normalState(undefined), "unknown");
  });
  it("gives every state its own icon and a theme colour", () => {
    const icons = new Set(SLOT_STATES.map((state) => stateLook(state).icon));
    assert.equal(icons.size, SLOT_STATES.length);
    for (const state of SLOT_STATES) assert.match(stateLook(state).color, /^var\(--[a-z-]+-color, #[0-9a-f]{6}\)$/);
  });
  it("names the detailed status, and shows an unknown key readably", () => {
    assert.equal(statusName("register_failed"), "Registration failed");
    assert.equal(statusName("some_new_code"), "some new code");
    assert.equal(statusName(null), null);
  });
  it("clamps signal bars to 0..4 and keeps unknown as null", () => {
    assert.equal(signalBars({ signal_bars: null }), null);
    assert.equal(signalBars({ signal_bars: 3 }), 3);
    assert.equal(signalBars({ signal_bars: 9 }), 4);
    assert.equal(signalBars({ signal_bars: -1 }), 0);
  });
  it("labels a cell with slot, state, active and signal, for screen readers", () => {
    assert.equal(cellLabel(slot(3, 2, { active: true, signal_bars: 2 })), "Slot 3.02, Registered, active, signal 2 of 4");
    assert.equal(cellLabel(slot(1, 1, { state: "no_sim" })), "Slot 1.01, No SIM, signal none");
  });
  it("writes slot addresses with a two-digit index", () => {
    assert.equal(slotAddress(12, 3), "12.03");
    assert.equal(slotAddress(1, 32), "1.32");
  });
});

describe("the grid's ports", () => {
  it("orders ports and slots and fills slots not reported as unknown", () => {
    const ports = buildPorts({ ports: 2, slots_per_port: 3 }, [slot(2, 3), slot(1, 2), slot(2, 1)]);
    assert.deepEqual(
      ports.map((row) => [row.port, row.slots.map((s) => `${s.slot}:${s.state}`)]),
      [
        [1, ["1.01:unknown", "1.02:registered", "1.03:unknown"]],
        [2, ["2.01:registered", "2.02:unknown", "2.03:registered"]],
      ],
    );
  });
  it("keeps slots reported beyond the declared size", () => {
    const ports = buildPorts({ ports: 1, slots_per_port: 1 }, [slot(1, 2), slot(3, 1)]);
    assert.deepEqual(
      ports.map((row) => [row.port, row.slots.length]),
      [
        [1, 2],
        [3, 1],
      ],
    );
  });
  it("counts the states", () => {
    const ports = buildPorts({ ports: 1, slots_per_port: 4 }, [slot(1, 1), slot(1, 2, { state: "failed" }), slot(1, 3, { state: "bogus" as never })]);
    assert.deepEqual(countStates(ports), { registered: 1, idle: 0, no_sim: 0, failed: 1, locked: 0, unknown: 2 });
  });
  it("builds 512 x 32 quickly", () => {
    const slots: Slot[] = [];
    for (let port = 1; port <= 512; port++) for (let index = 1; index <= 32; index++) slots.push(slot(port, index));
    const start = performance.now();
    const ports = buildPorts({ ports: 512, slots_per_port: 32 }, slots);
    assert.equal(ports.length * ports[0]!.slots.length, 16384);
    assert.ok(performance.now() - start < 1000);
  });
});

describe("cells per line", () => {
  it("puts all of a port's slots on one line when they fit", () => {
    assert.equal(cellsPerLine(500, 8), 8);
    assert.equal(cellsPerLine(1600, 32), 32);
  });
  it("breaks 32 slots into even lines that line up", () => {
    assert.equal(cellsPerLine(500, 32), 8);
    assert.equal(cellsPerLine(800, 32), 16);
  });
  it("fills the line when the slot count has no divisor that fits", () => {
    assert.equal(cellsPerLine(500, 31), 11);
  });
  it("keeps at least one cell per line", () => {
    assert.equal(cellsPerLine(10, 4), 1);
  });
});
