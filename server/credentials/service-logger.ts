/** The log calls the credential service makes: a slice of the server's pino Logger (server/log.ts). */
import type { Logger } from '../log.ts';

export type ServiceLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

const ignore = (): void => {};

/** The default: logs nothing. */
export const SILENT_LOGGER: ServiceLogger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
