import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CliIo } from './main.ts';

export interface Command {
  name: string;
  /** One line per form, shown in `sealphone --help`. */
  usage: string[];
  run(argv: string[], io: CliIo): Promise<number>;
}

/** Bad command-line use: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs, with its errors turned into UsageError. */
export function parseOptions<O extends Options>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}
