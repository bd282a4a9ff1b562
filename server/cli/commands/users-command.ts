/** `sealphone users add|list|remove`: the accounts of the credential server, kept as digest hashes only. */
import { resolve } from 'node:path';
import { DEFAULT_DATABASE_FILE, openStore, StoreError, type Store } from '../../store/index.ts';
import { parseOptions, required, UsageError, type Command } from '../command.ts';

/** `alice@example.test` or `sip:alice@example.test`, split at its one '@'. */
function parseAccount(account: string | undefined): { username: string; domain: string } {
  if (account === undefined) throw new UsageError('expected an account such as alice@example.test');
  const match = /^(?:sips?:)?([^@]+)@([^@]+)$/i.exec(account);
  if (!match) throw new UsageError(`expected user@domain, not ${JSON.stringify(account)}`);
  return { username: match[1]!, domain: match[2]! };
}

function withStore<T>(file: string, use: (store: Store) => T): T {
  const store = openStore(file);
  try {
    return use(store);
  } finally {
    store.close();
  }
}

export const usersCommand: Command = {
  name: 'users',
  usage: [
    'users add alice@example.test --password PW [--force] [--db data/sealphone.db]',
    '    add a user (--force resets the password of an existing one); only digest hashes are stored',
    'users list [--db data/sealphone.db]        one user@domain per line, with when it was added',
    'users remove alice@example.test [--db data/sealphone.db]',
  ],
  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, {
      password: { type: 'string' },
      force: { type: 'boolean', default: false },
      db: { type: 'string', default: DEFAULT_DATABASE_FILE },
      help: { type: 'boolean' },
    });
    if (values.help) {
      io.out(this.usage.join('\n'));
      return 0;
    }
    const file = resolve(values.db!);
    const [verb, account, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected ${JSON.stringify(extra.join(' '))}`);

    if (verb === 'add') {
      const { username, domain } = parseAccount(account);
      const password = required(values, 'password');
      const existed = withStore(file, (store) => {
        const before = store.getUser(username, domain) !== undefined;
        try {
          store.addUser(username, domain, password, { replace: values.force });
        } catch (error) {
          if (error instanceof StoreError && error.code === 'exists') throw new Error(`${error.message} (--force resets its password)`);
          throw error;
        }
        return before;
      });
      io.out(`${existed ? 'reset the password of' : 'added'} ${username}@${domain.toLowerCase()}`);
      return 0;
    }
    if (verb === 'list') {
      if (account !== undefined) throw new UsageError('`users list` takes no account');
      for (const user of withStore(file, (store) => store.listUsers())) {
        io.out(`${user.username}@${user.domain}\tadded ${new Date(user.createdAt).toISOString()}`);
      }
      return 0;
    }
    if (verb === 'remove') {
      const { username, domain } = parseAccount(account);
      if (!withStore(file, (store) => store.removeUser(username, domain))) {
        throw new Error(`no user ${username}@${domain.toLowerCase()} in ${file}`);
      }
      io.out(`removed ${username}@${domain.toLowerCase()}`);
      return 0;
    }
    throw new UsageError('expected `users add`, `users list` or `users remove`');
  },
};
