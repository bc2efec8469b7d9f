/**
 * The demo page's script: a card (and optionally its editor) on a mock `hass`, set up
 * from the page's query: ?ports=64&slots=8&theme=dark&panels=grid,messages&editor=1
 * &gateways=0&admin=0&live=1&entry=other (a gateway that is not there). `window.demo` lets a browser script drive and measure it.
 */
import "../src/ejoin-gateway-card.js";
import type { EjoinGatewayCard } from "../src/ejoin-gateway-card.js";
import type { EjoinGatewayCardEditor } from "../src/editor.js";
import type { CardConfig, PanelName } from "../src/protocol.js";
import { MockHass } from "./mock-hass.js";

/** Stand-in for Home Assistant's `ha-card`, which the demo page does not have. */
class DemoHaCard extends HTMLElement {
  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    root.innerHTML = `<style>:host{display:block;background:var(--ha-card-background,var(--card-background-color));
      border-radius:var(--ha-card-border-radius,12px);border:1px solid var(--ha-card-border-color,var(--divider-color));
      color:var(--primary-text-color)}</style><slot></slot>`;
  }
}
if (!customElements.get("ha-card")) customElements.define("ha-card", DemoHaCard);

const query = new URLSearchParams(location.search);
const number = (name: string, fallback: number) => Number(query.get(name) ?? fallback);

function setTheme(theme: string): void {
  document.documentElement.className = theme === "dark" ? "dark" : "light";
}
setTheme(query.get("theme") ?? "light");

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

function mountCard(container: HTMLElement, mock: MockHass, config: Partial<CardConfig>): EjoinGatewayCard {
  const card = document.createElement("ejoin-gateway-card");
  card.setConfig({ type: "custom:ejoin-gateway-card", config_entry_id: "entry1", ...config });
  card.hass = mock.hass;
  mock.watch((hass) => (card.hass = hass));
  container.append(card);
  return card;
}

function gridOf(card: EjoinGatewayCard): HTMLElement | null | undefined {
  return card.shadowRoot?.querySelector("ejoin-slot-grid");
}

/** Resolves once the card's grid shows cells, with the time since `start`. */
async function whenGridPainted(card: EjoinGatewayCard, start: number): Promise<{ ms: number; cells: number }> {
  for (let frame = 0; frame < 600; frame++) {
    const cells = gridOf(card)?.shadowRoot?.querySelectorAll(".cell").length ?? 0;
    if (cells > 0) {
      await nextFrame();
      return { ms: performance.now() - start, cells };
    }
    await nextFrame();
  }
  throw new Error("the grid never rendered");
}

const mock = new MockHass({
  ports: number("ports", 8),
  slots: number("slots", 4),
  gateways: number("gateways", 1),
  admin: query.get("admin") !== "0",
  seed: number("seed", 7),
});
const panels = query.get("panels")?.split(",").filter(Boolean) as PanelName[] | undefined;
const cards = document.getElementById("cards")!;
const card = mountCard(cards, mock, {
  config_entry_id: query.get("entry") ?? mock.gateways[0]?.entryId ?? "",
  ...(panels ? { panels } : {}),
  ...(query.get("title") ? { title: query.get("title")! } : {}),
});
cards.style.width = query.get("width") ?? "";

let editor: EjoinGatewayCardEditor | undefined;
if (query.get("editor") === "1") {
  editor = document.createElement("ejoin-gateway-card-editor");
  editor.hass = mock.hass;
  editor.setConfig({ type: "custom:ejoin-gateway-card", config_entry_id: mock.gateways[0]?.entryId ?? "", ...(panels ? { panels } : {}) });
  editor.addEventListener("config-changed", (event) => {
    const config = (event as CustomEvent<{ config: CardConfig }>).detail.config;
    card.setConfig(config);
    document.getElementById("config")!.textContent = JSON.stringify(config, null, 2);
  });
  document.getElementById("editor")!.append(editor);
}

let live: number | undefined;
function setLive(on: boolean): void {
  window.clearInterval(live);
  live = on
    ? window.setInterval(() => {
        mock.gateways[0]?.injectSms();
        mock.gateways[0]?.churn(3);
      }, 3000)
    : undefined;
}
setLive(query.get("live") === "1");

const actions: Record<string, () => void> = {
  sms: () => mock.gateways[0]?.injectSms(),
  churn: () => mock.gateways[0]?.churn(20),
  reconnect: () => void mock.reconnect(),
  reload: () => mock.gateways[0]?.emit(mock.gateways[0].snapshot()),
  available: () => mock.gateways[0]?.setAvailable(!mock.gateways[0].gateway.available),
  theme: () => setTheme(document.documentElement.className === "dark" ? "light" : "dark"),
  live: () => setLive(live === undefined),
};
for (const button of document.querySelectorAll<HTMLButtonElement>("[data-action]")) {
  button.addEventListener("click", () => actions[button.dataset.action!]?.());
}

/** For browser scripts: the mock, the card, and render-time measurements. */
const demo = {
  mock,
  card,
  setTheme,
  whenReady: () => whenGridPainted(card, performance.now()),
  /** Time from adding a card for a new ports x slots gateway to its grid on screen. */
  async measureRender(ports: number, slots: number, width = "500px"): Promise<{ ms: number; cells: number }> {
    const fresh = new MockHass({ ports, slots, gateways: 1, admin: true, seed: 11 });
    const host = document.getElementById("measure")!;
    host.replaceChildren();
    // On top of the page: a virtualised grid renders only what is inside the viewport.
    Object.assign(host.style, { position: "absolute", top: "0", left: "0", zIndex: "1", width });
    await nextFrame();
    const start = performance.now();
    const measured = mountCard(host, fresh, { panels: ["grid"] });
    return whenGridPainted(measured, start);
  },
  /** Time from `count` slots changing to the main card's grid updated on screen. */
  async measureUpdate(count: number): Promise<number> {
    const start = performance.now();
    mock.gateways[0]!.churn(count);
    await card.updateComplete;
    await gridOf(card)?.["updateComplete" as keyof HTMLElement];
    await nextFrame();
    return performance.now() - start;
  },
};
(window as unknown as { demo: typeof demo }).demo = demo;
