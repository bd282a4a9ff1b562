/**
 * `sealphone`: the operators' and QA's command line. Each command lives in its own file under commands/; this
 * file only dispatches and turns failures into one line on stderr and a non-zero exit code.
 */
import { CoreError } from '../../src/core/errors.ts';
import { UsageError, type Command } from './command.ts';
import { certCommand } from './commands/cert-command.ts';
import { serverCommand } from './commands/server-command.ts';
import { smimeCommand } from './commands/smime-command.ts';
import { usersCommand } from './commands/users-command.ts';

const COMMANDS: Command[] = [serverCommand, certCommand, smimeCommand, usersCommand];

export function usage(): string {
  return [
    'Usage: sealphone <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.flatMap((c) => c.usage.map((line) => `  ${line}`)),
    '',
    'Run `sealphone <command> --help` for the options of one command.',
  ].join('\n');
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`sealphone: unknown command "${name}"\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`sealphone ${name}: ${error.message}\n${command.usage.join('\n')}`);
      return 2;
    }
    if (error instanceof CoreError) {
      io.err(`sealphone ${name}: ${error.kind}: ${error.message}`);
      return 1;
    }
    io.err(`sealphone ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

const processIo: CliIo = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};
