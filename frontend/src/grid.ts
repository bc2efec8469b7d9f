/**
 * The SIM grid: a row per port (a column per port when they all fit side by side) and a
 * cell per slot. Large gateways (512 x 32) are virtualised: only the ports in view are
 * in the DOM. Follows the ARIA grid pattern: one cell is in the tab order, arrow keys,
 * Home/End and Page Up/Down move, Enter or Space opens the slot.
 */
import { virtualize, virtualizerRef, type VirtualizerHostElement } from "@lit-labs/virtualizer/virtualize.js";
import { flow } from "@lit-labs/virtualizer/layouts/flow.js";
import { css, html, LitElement, nothing, type PropertyValues, type TemplateResult } from "lit";
import { property, state } from "lit/decorators.js";
import type { Slot } from "./protocol.js";
import { controlStyles, defineElement, icon } from "./shared.js";
import {
  cellLabel,
  countStates,
  normalState,
  type PortRow,
  SLOT_STATES,
  signalBars,
  stateLook,
  stateName,
} from "./slot-state.js";
import { cellsPerLine } from "./layout.js";
import { t } from "./strings.js";

/** Above this many cells only the ports in view are rendered. */
export const VIRTUALIZE_ABOVE_CELLS = 256;
/** Ports are drawn as columns when there are at most this many and they fit. */
const MAX_COLUMNS = 16;
const COLUMN_MIN_WIDTH = 52;
const PAGE_PORTS = 8;
export interface SlotActivatedDetail {
  slot: string;
}

export class EjoinSlotGrid extends LitElement {
  @property({ attribute: false }) accessor ports: PortRow[] = [];
  @property() accessor label = "";

  @state() accessor _width = 0;
  /** The cell in the tab order: index of the port row, index of the slot in it. */
  @state() accessor _focusRow = 0;
  @state() accessor _focusCol = 0;

  private _resizeObserver = new ResizeObserver((entries) => {
    const width = Math.round(entries[0]?.contentRect.width ?? 0);
    if (width !== this._width) this._width = width;
  });

  override connectedCallback(): void {
    super.connectedCallback();
    this._resizeObserver.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._resizeObserver.disconnect();
  }

  /** Ports side by side: a few ports, and room for each. */
  private get _columns(): boolean {
    const count = this.ports.length;
    return count > 0 && count <= MAX_COLUMNS && this._width >= count * COLUMN_MIN_WIDTH;
  }

  private get _virtualized(): boolean {
    let cells = 0;
    for (const row of this.ports) cells += row.slots.length;
    return cells > VIRTUALIZE_ABOVE_CELLS;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("ports")) {
      // Keep the focused cell inside the grid when the gateway shrinks.
      this._focusRow = Math.min(this._focusRow, Math.max(0, this.ports.length - 1));
      const slots = this.ports[this._focusRow]?.slots.length ?? 1;
      this._focusCol = Math.min(this._focusCol, Math.max(0, slots - 1));
    }
  }

  protected override render(): TemplateResult {
    const columns = this._columns;
    const virtualized = !columns && this._virtualized;
    const slotsPerPort = Math.max(0, ...this.ports.map((row) => row.slots.length));
    const layout = columns
      ? `grid-template-columns: repeat(${this.ports.length}, minmax(0, 1fr))`
      : this._width > 0
        ? `--cells-per-line: ${cellsPerLine(this._width, slotsPerPort)}`
        : nothing;
    return html`
      ${this._legend()}
      <div
        class="grid ${columns ? "columns" : "rows"} ${virtualized ? "virtual" : ""}"
        role="grid"
        aria-label=${this.label}
        aria-rowcount=${this.ports.length}
        style=${layout}
        @click=${this._onClick}
        @keydown=${this._onKeyDown}
      >
        ${virtualized
          ? html`<div class="scroller virtual-scroller">
              ${virtualize({
                items: this.ports,
                renderItem: (row: PortRow, index: number) => this._row(row, index),
                keyFunction: (row: PortRow) => row.port,
                layout: flow(),
                scroller: true,
              })}
            </div>`
          : html`<div class="scroller ${columns ? "" : "plain-scroller"}">
              ${this.ports.map((row, index) => this._row(row, index))}
            </div>`}
      </div>
    `;
  }

  private _legend(): TemplateResult {
    const counts = countStates(this.ports);
    return html`<div class="legend">
      ${SLOT_STATES.filter((state) => state !== "unknown" || counts.unknown > 0).map(
        (state) => html`<span class="chip s-${state}"
          >${icon(stateLook(state).icon, "state-icon")}<span>${stateName(state)}</span
          ><span class="count">${counts[state].toLocaleString()}</span></span
        >`,
      )}
      <span class="chip"><span class="active-mark" aria-hidden="true"></span>${t("state.active")}</span>
      <span class="chip hint">${this._columns ? t("grid.hint_columns") : t("grid.hint_rows")}</span>
    </div>`;
  }

  private _row(row: PortRow, rowIndex: number): TemplateResult {
    return html`<div class="port" role="row" aria-rowindex=${rowIndex + 1}>
      <div class="head" role="rowheader">
        <span class="visually-hidden">${t("grid.port", { port: "" })}</span>${row.port}
      </div>
      <div class="cells">${row.slots.map((slot, col) => this._cell(slot, rowIndex, col))}</div>
    </div>`;
  }

  private _cell(slot: Slot, row: number, col: number): TemplateResult {
    const state = normalState(slot.state);
    const bars = signalBars(slot);
    const label = cellLabel(slot);
    const focused = row === this._focusRow && col === this._focusCol;
    return html`<div
      class="cell s-${state} ${slot.active ? "active" : ""}"
      role="gridcell"
      tabindex=${focused ? 0 : -1}
      aria-label=${label}
      aria-haspopup="dialog"
      title=${label}
      data-row=${row}
      data-col=${col}
    >
      <span class="index" aria-hidden="true">${slot.index}</span>
      ${icon(stateLook(state).icon, "state-icon")}
      <span class="bars b${bars ?? "x"}" aria-hidden="true"></span>
    </div>`;
  }

  private _cellPosition(event: Event): [number, number] | undefined {
    for (const target of event.composedPath()) {
      if (target instanceof HTMLElement && target.dataset.row !== undefined) {
        return [Number(target.dataset.row), Number(target.dataset.col)];
      }
    }
    return undefined;
  }

  private _onClick(event: MouseEvent): void {
    const position = this._cellPosition(event);
    if (position === undefined) return;
    [this._focusRow, this._focusCol] = position;
    this._activate();
  }

  private _activate(): void {
    const slot = this.ports[this._focusRow]?.slots[this._focusCol];
    if (slot === undefined) return;
    this.dispatchEvent(
      new CustomEvent<SlotActivatedDetail>("slot-activated", {
        detail: { slot: slot.slot },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private _onKeyDown(event: KeyboardEvent): void {
    if (this._cellPosition(event) === undefined) return;
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      this._activate();
      return;
    }
    // In columns the ports run left to right, so the arrows swap their meaning.
    const columns = this._columns;
    const lastRow = this.ports.length - 1;
    let row = this._focusRow;
    let col = this._focusCol;
    const slotStep = (step: number) => (col += step);
    const portStep = (step: number) => (row += step);
    switch (event.key) {
      case "ArrowRight":
        columns ? portStep(1) : slotStep(1);
        break;
      case "ArrowLeft":
        columns ? portStep(-1) : slotStep(-1);
        break;
      case "ArrowDown":
        columns ? slotStep(1) : portStep(1);
        break;
      case "ArrowUp":
        columns ? slotStep(-1) : portStep(-1);
        break;
      case "PageDown":
        portStep(PAGE_PORTS);
        break;
      case "PageUp":
        portStep(-PAGE_PORTS);
        break;
      case "Home":
        if (event.ctrlKey) row = 0;
        col = 0;
        break;
      case "End":
        if (event.ctrlKey) row = lastRow;
        col = Number.MAX_SAFE_INTEGER;
        break;
      default:
        return;
    }
    event.preventDefault();
    row = Math.min(Math.max(row, 0), lastRow);
    const lastCol = (this.ports[row]?.slots.length ?? 1) - 1;
    col = Math.min(Math.max(col, 0), lastCol);
    void this._moveFocus(row, col);
  }

  private async _moveFocus(row: number, col: number): Promise<void> {
    this._focusRow = row;
    this._focusCol = col;
    await this.updateComplete;
    const selector = `[data-row="${row}"][data-col="${col}"]`;
    let cell = this.renderRoot.querySelector<HTMLElement>(selector);
    if (cell === null) {
      // A virtualised port out of view: scroll it in, then wait for it to render.
      const host = this.renderRoot.querySelector(".virtual-scroller") as VirtualizerHostElement | null;
      host?.[virtualizerRef]?.element(row)?.scrollIntoView({ block: "nearest" });
      for (let frame = 0; frame < 30 && cell === null; frame++) {
        await new Promise((resolve) => requestAnimationFrame(resolve));
        cell = this.renderRoot.querySelector<HTMLElement>(selector);
      }
    }
    cell?.focus();
    cell?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }

  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 12px;
        margin-bottom: 8px;
        font-size: var(--ha-font-size-s, 12px);
        color: var(--secondary-text-color);
      }
      .chip {
        display: inline-flex;
        align-items: center;
        gap: 4px;
      }
      .hint {
        flex-basis: 100%;
      }
      .chip .count {
        color: var(--primary-text-color);
        font-weight: var(--ha-font-weight-medium, 500);
      }
      .chip .state-icon {
        width: 16px;
        height: 16px;
      }
      .s-registered {
        --c: var(--success-color, #43a047);
      }
      .s-idle {
        --c: var(--info-color, #039be5);
      }
      .s-no_sim {
        --c: var(--disabled-color, #9e9e9e);
      }
      .s-failed {
        --c: var(--error-color, #db4437);
      }
      .s-locked {
        --c: var(--warning-color, #ffa600);
      }
      .s-unknown {
        --c: var(--secondary-text-color, #727272);
      }
      /* The state's colour mixed toward the text colour: strong enough on light and dark. */
      .state-icon {
        fill: color-mix(in srgb, var(--c) 70%, var(--primary-text-color));
        width: 18px;
        height: 18px;
        flex: none;
      }
      .scroller {
        overflow: auto;
        display: block;
      }
      .plain-scroller {
        max-height: var(--ejoin-grid-max-height, min(520px, 70vh));
      }
      .virtual-scroller {
        height: var(--ejoin-grid-max-height, min(520px, 70vh));
      }
      .columns .scroller {
        display: contents;
      }
      .grid.columns {
        display: grid;
        gap: 6px;
      }
      .port {
        display: grid;
        grid-template-columns: 40px minmax(0, 1fr);
        max-width: calc(46px + var(--cells-per-line, 32) * 56px);
        align-items: start;
        gap: 6px;
        padding: 3px 0;
        width: 100%;
        box-sizing: border-box;
      }
      .columns .port {
        display: flex;
        flex-direction: column;
        align-items: stretch;
        padding: 0;
      }
      .head {
        font-size: var(--ha-font-size-s, 12px);
        font-weight: var(--ha-font-weight-medium, 500);
        color: var(--secondary-text-color);
        text-align: end;
        padding-top: 14px;
        font-variant-numeric: tabular-nums;
      }
      .columns .head {
        text-align: center;
        padding: 0 0 2px;
      }
      .cells {
        display: grid;
        grid-template-columns: repeat(var(--cells-per-line, auto-fill), minmax(36px, 1fr));
        gap: 3px;
      }
      .columns .cells {
        grid-template-columns: 1fr;
      }
      .cell {
        position: relative;
        display: flex;
        flex-direction: column;
        align-items: center;
        justify-content: center;
        gap: 2px;
        height: 46px;
        box-sizing: border-box;
        border-radius: var(--ha-border-radius-sm, 4px);
        border: 1px solid color-mix(in srgb, var(--c) 50%, transparent);
        background: color-mix(in srgb, var(--c) 16%, var(--card-background-color, #fff));
        color: var(--primary-text-color);
        cursor: pointer;
        user-select: none;
        contain: layout paint;
      }
      .cell:hover {
        background: color-mix(in srgb, var(--c) 28%, var(--card-background-color, #fff));
      }
      .cell:focus-visible {
        outline: 2px solid var(--primary-color);
        outline-offset: 1px;
      }
      /* The active SIM: a thick frame and a corner mark, not only a colour. */
      .cell.active {
        border: 2px solid var(--primary-text-color);
      }
      .cell.active::after,
      .active-mark {
        content: "";
        width: 0;
        height: 0;
        border-top: 9px solid var(--primary-text-color);
        border-left: 9px solid transparent;
      }
      .cell.active::after {
        position: absolute;
        top: 0;
        right: 0;
      }
      .index {
        font-size: 10px;
        line-height: 10px;
        color: var(--secondary-text-color);
        font-variant-numeric: tabular-nums;
      }
      /* Signal bars: four bars drawn by one element's backgrounds. */
      .bars {
        --on: var(--primary-text-color);
        --off: color-mix(in srgb, var(--primary-text-color) 22%, transparent);
        --b1: var(--off);
        --b2: var(--off);
        --b3: var(--off);
        --b4: var(--off);
        width: 14px;
        height: 8px;
        flex: none;
        background:
          linear-gradient(var(--b1), var(--b1)) 0 100% / 2px 25% no-repeat,
          linear-gradient(var(--b2), var(--b2)) 4px 100% / 2px 50% no-repeat,
          linear-gradient(var(--b3), var(--b3)) 8px 100% / 2px 75% no-repeat,
          linear-gradient(var(--b4), var(--b4)) 12px 100% / 2px 100% no-repeat;
      }
      .b1 {
        --b1: var(--on);
      }
      .b2 {
        --b1: var(--on);
        --b2: var(--on);
      }
      .b3 {
        --b1: var(--on);
        --b2: var(--on);
        --b3: var(--on);
      }
      .b4 {
        --b1: var(--on);
        --b2: var(--on);
        --b3: var(--on);
        --b4: var(--on);
      }
      .bx {
        visibility: hidden;
      }
      @media (forced-colors: active) {
        .cell {
          border: 1px solid CanvasText;
        }
        .cell.active {
          border: 3px double CanvasText;
        }
      }
    `,
  ];
}

defineElement("ejoin-slot-grid", EjoinSlotGrid);

declare global {
  interface HTMLElementTagNameMap {
    "ejoin-slot-grid": EjoinSlotGrid;
  }
  interface HTMLElementEventMap {
    "slot-activated": CustomEvent<SlotActivatedDetail>;
  }
}
