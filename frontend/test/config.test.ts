import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkConfig, configFromEditor, editorData, editorSchema } from "../src/config.js";
import type { GatewaySummary } from "../src/protocol.js";

const gateways: GatewaySummary[] = [
  { config_entry_id: "e1", title: "Rack A", mac: "m", ports: 8, slots_per_port: 4, loaded: true },
];

describe("the card configuration", () => {
  it("accepts the documented keys and fills the gateway in as empty", () => {
    assert.deepEqual(checkConfig({ type: "custom:ejoin-gateway-card" }), { type: "custom:ejoin-gateway-card", config_entry_id: "" });
    const full = { type: "custom:ejoin-gateway-card", config_entry_id: "e1", title: "T", panels: ["compose", "grid"] };
    assert.deepEqual(checkConfig(full), full);
  });
  it("refuses what it cannot show", () => {
    assert.throws(() => checkConfig(null), /Invalid configuration/);
    assert.throws(() => checkConfig({ config_entry_id: 5 }), /config_entry_id/);
    assert.throws(() => checkConfig({ title: [] }), /title/);
    assert.throws(() => checkConfig({ panels: ["grid", "map"] }), /panels must be a list of: grid, messages, compose/);
    assert.throws(() => checkConfig({ panels: "grid" }), /panels/);
  });
});

describe("the editor", () => {
  it("offers the gateways, and keeps a configured one that is gone", () => {
    const [gateway] = editorSchema(gateways, "gone");
    assert.deepEqual(gateway.selector.select.options, [
      { value: "e1", label: "Rack A" },
      { value: "gone", label: "gone" },
    ]);
  });
  it("orders panels with Home Assistant's reorderable list selector", () => {
    const panels = editorSchema(gateways, "e1")[2];
    assert.deepEqual(
      { multiple: panels.selector.select.multiple, reorder: panels.selector.select.reorder },
      { multiple: true, reorder: true },
    );
    assert.deepEqual(panels.selector.select.options.map((option) => option.value), ["grid", "messages", "compose"]);
  });
  it("shows defaults and gives back a clean configuration", () => {
    const config = { type: "custom:ejoin-gateway-card", config_entry_id: "e1" };
    assert.deepEqual(editorData(config), { config_entry_id: "e1", title: "", panels: ["grid", "messages", "compose"] });
    assert.deepEqual(configFromEditor({ ...config, title: "Old" }, { title: "", panels: ["messages", "grid"] }), {
      ...config,
      panels: ["messages", "grid"],
    });
  });
});
