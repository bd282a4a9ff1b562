import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../server.ts';
import { parseOptions, UsageError, type Command } from '../command.ts';

const DEFAULT_WEB_ROOT = resolve(fileURLToPath(new URL('../../../dist/web', import.meta.url)));

export const serverCommand: Command = {
  name: 'server',
  usage: ['server [--host 127.0.0.1] [--port 8080] [--web-root dist/web]   run the SealPhone server'],
  async run(argv, io) {
    const { values } = parseOptions(argv, {
      host: { type: 'string', default: process.env.SEALPHONE_HOST ?? '127.0.0.1' },
      port: { type: 'string', default: process.env.SEALPHONE_PORT ?? '8080' },
      'web-root': { type: 'string', default: DEFAULT_WEB_ROOT },
      help: { type: 'boolean' },
    });
    if (values.help) {
      io.out(this.usage.join('\n'));
      return 0;
    }
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${values.port} is not a port number`);
    const server = await startServer({ host: values.host!, port, webRoot: values['web-root']! });
    io.out(`SealPhone is running: open ${server.url}`);
    await new Promise<void>((done) => {
      const stop = () => {
        void server.close().then(done);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};
