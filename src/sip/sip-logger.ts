/** The namespaced logger `src/sip` writes to (docs/style.md convention 5); the app passes its own, tests a silent one. */
export interface SipLogger {
  debug(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

const nothing = (): void => {};

export const silentLogger: SipLogger = { debug: nothing, info: nothing, warn: nothing, error: nothing };

/** Warnings and errors to the console under a `[sip]` prefix; debug and info dropped. */
export const consoleLogger: SipLogger = {
  debug: nothing,
  info: nothing,
  warn: (message, ...details) => console.warn(`[sip] ${message}`, ...details),
  error: (message, ...details) => console.error(`[sip] ${message}`, ...details),
};
