/** What the card's elements share: their styles, the icon and a safe element definition. */
import { css, html, svg, type TemplateResult } from "lit";

/**
 * Set while Home Assistant's app has not started yet. The app replaces `window.customElements`
 * with a scoped registry (a polyfill) as it starts, and an element defined in the browser's
 * own registry before that is invisible to it: Home Assistant would wait for the card for ever.
 * The integration's module is cached for long and may run before the app, so where the app's
 * root element still waits for its definition, the card's elements wait for it too.
 */
const appStarting: Promise<unknown> | undefined =
  document.querySelector("home-assistant") !== null && customElements.get("home-assistant") === undefined
    ? customElements.whenDefined("home-assistant")
    : undefined;

/**
 * Define an element once: the bundle may be loaded twice (the integration's resource and
 * a hand-added one), and a second `define` would throw and break every card.
 */
export function defineElement(name: string, element: CustomElementConstructor): void {
  const define = () => {
    if (!customElements.get(name)) customElements.define(name, element);
  };
  if (appStarting === undefined) define();
  else void appStarting.then(define);
}

/** A Material Design icon path as an inline SVG, hidden from screen readers. */
export function icon(path: string, className = "icon"): TemplateResult {
  return html`<svg class=${className} viewBox="0 0 24 24" aria-hidden="true" focusable="false">${svg`<path d=${path}></path>`}</svg>`;
}

/** Buttons, fields and notices styled with Home Assistant's theme variables. */
export const controlStyles = css`
  :host {
    --ejoin-radius: var(--ha-border-radius-md, 8px);
    --ejoin-gap: 8px;
  }
  .icon {
    width: 20px;
    height: 20px;
    fill: currentColor;
    flex: none;
  }
  button {
    font: inherit;
    font-size: var(--ha-font-size-m, 14px);
    font-weight: var(--ha-font-weight-medium, 500);
    display: inline-flex;
    align-items: center;
    gap: 6px;
    min-height: 36px;
    padding: 0 14px;
    border-radius: var(--ha-border-radius-pill, 18px);
    border: 1px solid var(--primary-color);
    background: transparent;
    color: var(--primary-color);
    cursor: pointer;
  }
  button.primary {
    background: var(--primary-color);
    color: var(--text-primary-color, #fff);
  }
  button:disabled {
    cursor: default;
    opacity: 0.5;
  }
  button:focus-visible,
  input:focus-visible,
  textarea:focus-visible,
  select:focus-visible {
    outline: 2px solid var(--primary-color);
    outline-offset: 2px;
  }
  label.field {
    display: flex;
    flex-direction: column;
    gap: 4px;
    font-size: var(--ha-font-size-s, 12px);
    color: var(--secondary-text-color);
  }
  input,
  textarea,
  select {
    font: inherit;
    font-size: var(--ha-font-size-m, 14px);
    color: var(--primary-text-color);
    background: var(--input-fill-color, var(--secondary-background-color, transparent));
    border: 1px solid var(--input-idle-line-color, var(--divider-color));
    border-radius: var(--ha-border-radius-sm, 4px);
    padding: 8px;
    box-sizing: border-box;
    width: 100%;
  }
  textarea {
    resize: vertical;
  }
  .helper {
    font-size: var(--ha-font-size-s, 12px);
    color: var(--secondary-text-color);
  }
  .notice {
    display: flex;
    align-items: center;
    gap: var(--ejoin-gap);
    padding: 8px 12px;
    border-radius: var(--ejoin-radius);
    border-left: 4px solid var(--notice-color, var(--info-color, #039be5));
    background: color-mix(in srgb, var(--notice-color, var(--info-color, #039be5)) 12%, transparent);
    color: var(--primary-text-color);
  }
  .notice.error {
    --notice-color: var(--error-color, #db4437);
  }
  .notice.warning {
    --notice-color: var(--warning-color, #ffa600);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;
