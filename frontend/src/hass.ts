/**
 * The small part of Home Assistant's frontend `hass` object the card uses. Typed here
 * instead of importing the frontend's sources, which are not an npm package.
 */

export interface HassError {
  code: string | number;
  message: string;
}

export interface HassConnection {
  subscribeMessage<T>(
    callback: (message: T) => void,
    message: Record<string, unknown>,
    options?: { resubscribe?: boolean },
  ): Promise<() => Promise<void>>;
}

export interface HomeAssistant {
  connection: HassConnection;
  connected: boolean;
  callWS<T>(message: Record<string, unknown>): Promise<T>;
  user?: { is_admin: boolean; name?: string };
  locale?: { language: string; time_zone?: string };
  language?: string;
  themes?: { darkMode?: boolean };
}

/** The text of a websocket error, whatever shape it came in. */
export function errorText(err: unknown): string {
  if (typeof err === "object" && err !== null && "message" in err) {
    return String((err as HassError).message);
  }
  return String(err);
}

/** The error code of a websocket error (`not_found`, `unauthorized`, ...), if any. */
export function errorCode(err: unknown): string | undefined {
  if (typeof err === "object" && err !== null && "code" in err) {
    return String((err as HassError).code);
  }
  return undefined;
}
