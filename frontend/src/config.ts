/**
 * The card's configuration: checking what a dashboard holds, and the visual editor's
 * form (its `ha-form` schema, its values, and the configuration it gives back).
 */
import { CARD_TYPE, type CardConfig, type GatewaySummary, type PanelName, PANELS } from "./protocol.js";
import { t } from "./strings.js";

/** Checks a card configuration the way Home Assistant expects: an Error on a bad one. */
export function checkConfig(config: unknown): CardConfig {
  if (typeof config !== "object" || config === null) throw new Error("Invalid configuration");
  const card = config as Partial<CardConfig>;
  if (card.config_entry_id !== undefined && typeof card.config_entry_id !== "string") {
    throw new Error("config_entry_id must be a config entry id (text)");
  }
  if (card.title !== undefined && typeof card.title !== "string") throw new Error("title must be text");
  if (card.panels !== undefined) {
    if (!Array.isArray(card.panels) || card.panels.some((panel) => !PANELS.includes(panel))) {
      throw new Error(`panels must be a list of: ${PANELS.join(", ")}`);
    }
  }
  return { ...card, type: card.type ?? `custom:${CARD_TYPE}`, config_entry_id: card.config_entry_id ?? "" };
}

export interface EditorData {
  config_entry_id: string;
  title: string;
  panels: PanelName[];
}

/** The `ha-form` schema of the editor. */
export function editorSchema(gateways: readonly GatewaySummary[], current: string) {
  const options = gateways.map((gateway) => ({ value: gateway.config_entry_id, label: gateway.title }));
  // A gateway removed since the card was configured stays selectable, by its id.
  if (current && !gateways.some((gateway) => gateway.config_entry_id === current)) {
    options.push({ value: current, label: current });
  }
  return [
    { name: "config_entry_id", required: true, selector: { select: { mode: "dropdown", options } } },
    { name: "title", selector: { text: {} } },
    {
      name: "panels",
      selector: {
        select: {
          multiple: true,
          reorder: true,
          mode: "list",
          options: PANELS.map((panel) => ({ value: panel, label: t(`panel.${panel}`) })),
        },
      },
    },
  ] as const;
}

/** The form's values for a card configuration (defaults filled in). */
export function editorData(config: CardConfig): EditorData {
  return {
    config_entry_id: config.config_entry_id ?? "",
    title: config.title ?? "",
    panels: [...(config.panels ?? PANELS)],
  };
}

/** The card configuration after the form changed: an empty title is left out. */
export function configFromEditor(config: CardConfig, data: Partial<EditorData>): CardConfig {
  const next: CardConfig = { ...config, ...data };
  if (!next.title) delete next.title;
  next.panels = (next.panels ?? []).filter((panel) => PANELS.includes(panel));
  return next;
}

